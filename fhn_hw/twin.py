"""The twin: a batched numpy solver of the chip's DC equations.

It solves the same KCL as the ngspice netlist, as the minimum of the co-content
(see :mod:`fhn_hw.circuit`), by Newton's method with a backtracking line search.
The co-content is strictly convex for b < 1, so the minimum is unique and the
damped Newton iteration reaches it from any start. Work is in normalised units;
inputs and outputs of the public methods are SI.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import circuit
from .circuit import NeuronParams, NeuronScale
from .errors import SettleStatus
from .topology import ChipTopology

#: Newton stops when every |KCL residual| is below this [normalised current].
RESIDUAL_TOL = 1e-12
MAX_NEWTON_STEPS = 100
#: Undamped Newton steps on the reduced system before the damped full Newton
#: takes over the samples that have not converged.
MAX_REDUCED_STEPS = 30
#: Largest table of outer products (|E| x |K|^2 doubles) the reduced Newton
#: keeps to form its Jacobians by one matrix product.
OUTER_PRODUCTS_MAX = 2**22
#: Memory budget for the batched Hessians of one Newton chunk [bytes].
HESSIAN_BYTES = 256 * 2**20


@dataclass
class SettleResult:
    """Settled free-node voltages of a batch and how each sample ended.

    Attributes
    ----------
    voltages : array (B, n_free)
        Free-node voltages [V], hidden cells then outputs.
    status : array (B,) of SettleStatus values
    residual : array (B,)
        Largest |KCL residual| over the free nodes [A], measured by the twin.
    """

    voltages: np.ndarray
    status: np.ndarray
    residual: np.ndarray

    @property
    def ok(self) -> np.ndarray:
        return self.status == SettleStatus.CONVERGED

    def rows(self, index) -> "SettleResult":
        """The samples ``index`` (a slice or index array) of this batch."""
        return SettleResult(
            self.voltages[index], self.status[index], self.residual[index]
        )

    @staticmethod
    def concatenate(results) -> "SettleResult":
        """Batches settled apart, as one."""
        return SettleResult(
            np.concatenate([r.voltages for r in results]),
            np.concatenate([r.status for r in results]),
            np.concatenate([r.residual for r in results]),
        )


class TwinSolver:
    """Dense batched Newton solver of one chip's operating points.

    Parameters
    ----------
    topology : ChipTopology
    neuron : NeuronParams
        Scalars, or arrays (n_free,) for a chip with neuron mismatch.
    scale : NeuronScale
    wire_resistance : float
        A resistor [Ohm] in series with every coupling element; the pair acts
        as one conductance G / (1 + G R_wire).
    """

    name = "twin"

    def __init__(
        self,
        topology: ChipTopology,
        neuron: NeuronParams,
        scale: NeuronScale,
        wire_resistance: float = 0.0,
    ):
        self.topology = topology
        self.neuron = neuron
        self.scale = scale
        self.wire_resistance = wire_resistance
        edges = topology.edges - topology.n_clamped
        self._free_free = np.flatnonzero(edges[:, 0] >= 0)
        self._free_clamp = np.flatnonzero((edges[:, 0] < 0) & (edges[:, 1] >= 0))
        self._ff = edges[self._free_free]
        self._fc_free = edges[self._free_clamp, 1]
        self._fc_clamp = topology.edges[self._free_clamp, 0]
        # Flat positions in A (n x n) and B (n x m) that each conductance adds
        # to, in the order of the weights in _coupling_matrices.
        n, m = topology.n_free, topology.n_clamped
        i, j, f = self._ff[:, 0], self._ff[:, 1], self._fc_free
        self._a_index = np.concatenate(
            [i * n + j, j * n + i, i * n + i, j * n + j, f * n + f]
        )
        self._b_index = f * m + self._fc_clamp
        #: (kept, eliminated) free-node indices when the chip can be solved on
        #: one colour class (see _reduced_newton), else None.
        self.split = (
            _two_colouring(topology.n_free, self._ff) if _reducible(neuron) else None
        )
        self._cached = (None, None)

    # ----------------------------------------------------------- matrices

    def coupling_matrices(
        self, conductance: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """(A, B) in normalised units: A the free-node Laplacian plus the
        conductance to clamps on its diagonal, B the free-to-clamp block, so that
        the coupling current into the free nodes is B u - A v.

        The last pair is kept: EP settles one conductance state several times
        (free phase, nudged phases, checks). The arrays returned are shared:
        read them, do not write them."""
        conductance = np.asarray(conductance, dtype=float)
        key, matrices = self._cached
        if key is not None and np.array_equal(key, conductance):
            return matrices
        matrices = self._coupling_matrices(conductance)
        self._cached = (conductance.copy(), matrices)
        return matrices

    def _coupling_matrices(self, conductance):
        g = self.effective(conductance) / self.scale.conductance
        n, m = self.topology.n_free, self.topology.n_clamped
        gff, gfc = g[self._free_free], g[self._free_clamp]
        a = np.bincount(
            self._a_index,
            weights=np.concatenate([-gff, -gff, gff, gff, gfc]),
            minlength=n * n,
        ).reshape(n, n)
        b = np.bincount(self._b_index, weights=gfc, minlength=n * m).reshape(n, m)
        return a, b

    def effective(self, conductance: np.ndarray) -> np.ndarray:
        """Conductance [S] of each coupling element with its wire in series."""
        if not self.wire_resistance:
            return conductance
        return conductance / (1.0 + conductance * self.wire_resistance)

    def _drive(self, conductance, bias_current, clamp_voltages, nudge_current):
        """Normalised current into each free node from sources, (B, n_free)."""
        _, b = self.coupling_matrices(conductance)
        u = clamp_voltages / self.scale.voltage
        drive = u @ b.T + bias_current / self.scale.current
        if nudge_current is not None:
            drive[:, -self.topology.n_outputs :] += nudge_current / self.scale.current
        return drive

    # --------------------------------------------------------------- solve

    def settle(
        self,
        conductance: np.ndarray,
        bias_current: np.ndarray,
        clamp_voltages: np.ndarray,
        nudge_current: np.ndarray | None = None,
        start: np.ndarray | None = None,
    ) -> SettleResult:
        """Operating points of a batch.

        Parameters
        ----------
        conductance : array (E,) [S]
        bias_current : array (n_free,) [A]
        clamp_voltages : array (B, n_clamped) [V]
        nudge_current : array (B, n_outputs) [A], optional
            Current injected into each output cell (the EP nudge).
        start : array (B, n_free) [V], optional
            Initial guess, e.g. the free phase when settling a nudged phase.
        """
        a, _ = self.coupling_matrices(conductance)
        drive = self._drive(conductance, bias_current, clamp_voltages, nudge_current)
        if start is None:
            v = np.zeros_like(drive)
        else:
            v = np.array(start, dtype=float) / self.scale.voltage
        if self.split is not None:
            with np.errstate(all="ignore"):
                reduced = self._reduced_newton(a, drive, v, cold=start is None)
            residual = np.abs(self._gradient(a, drive, reduced)).max(axis=1)
            converged = residual < RESIDUAL_TOL
            if not converged.all():  # rare: the damped full Newton takes over
                rest = ~converged
                reduced[rest], converged[rest] = self._newton(a, drive[rest], v[rest])
                residual[rest] = np.abs(
                    self._gradient(a, drive[rest], reduced[rest])
                ).max(axis=1)
            v = reduced
        else:
            v, converged = self._newton(a, drive, v)
            residual = np.abs(self._gradient(a, drive, v)).max(axis=1)
        status = np.where(converged, SettleStatus.CONVERGED, SettleStatus.NOT_CONVERGED)
        return SettleResult(
            v * self.scale.voltage, status, residual * self.scale.current
        )

    def residual(
        self, conductance, bias_current, clamp_voltages, nudge_current, voltages
    ) -> np.ndarray:
        """Largest |KCL residual| [A] per sample at given free voltages [V]."""
        a, _ = self.coupling_matrices(conductance)
        drive = self._drive(conductance, bias_current, clamp_voltages, nudge_current)
        v = voltages / self.scale.voltage
        return np.abs(self._gradient(a, drive, v)).max(axis=1) * self.scale.current

    # ------------------------------------------------ two-colourable chips

    def _reduced_newton(self, a, drive, v, cold=False):
        """Newton on one colour class only.

        When the free-node graph is two-colourable (a layered chip: cells of
        one layer touch only cells of the layers next to it), the cells of the
        larger class E see only the other class K. Given v_K, each cell of E
        solves a cubic in its own voltage, in closed form; Newton then runs on
        v_K alone, whose Jacobian is the Schur complement
        H_KK - H_KE diag(1/H_EE) H_EK (small: the outputs of a one-hidden-layer
        chip). The same KCL is solved; only the cost changes.
        """
        keep, gone = self.split
        coupling = a[np.ix_(gone, keep)]  # H_EK: minus the conductances
        diagonal = a.diagonal()
        cells_gone = _CellRoots(self.neuron, gone, diagonal[gone])
        cells_keep = _CellRoots(self.neuron, keep, diagonal[keep])
        drive_gone, drive_keep = drive[:, gone], drive[:, keep]
        # H_KE diag(x) H_EK = x @ (outer products of the rows of H_EK): one
        # matrix product per step for the whole batch, when it fits.
        outer = None
        if coupling.size * len(keep) <= OUTER_PRODUCTS_MAX:
            outer = (coupling[:, :, None] * coupling[:, None, :]).reshape(len(gone), -1)
        v_keep = v[:, keep].copy()
        v_gone = cells_gone.exact(drive_gone - v_keep @ coupling.T)
        if cold:
            # One block Gauss-Seidel sweep first: each class's exact cubic
            # roots given the other, a much better start than 0 V.
            v_keep = cells_keep.exact(drive_keep - v_gone @ coupling)
            v_gone = cells_gone.exact(drive_gone - v_keep @ coupling.T)
        index = np.arange(len(keep))
        for _ in range(MAX_REDUCED_STEPS):
            gradient = cells_keep.residual(v_keep, drive_keep - v_gone @ coupling)
            if np.abs(gradient).max() < RESIDUAL_TOL:
                current = drive_gone - v_keep @ coupling.T
                if np.abs(cells_gone.residual(v_gone, current)).max() < RESIDUAL_TOL:
                    break
                v_gone = cells_gone.exact(current)  # polish fell short
                continue
            inverse = 1.0 / cells_gone.slope(v_gone)  # (B, |E|)
            if outer is not None:
                schur = -(inverse @ outer).reshape(len(v), len(keep), len(keep))
            else:
                schur = -np.matmul(coupling.T * inverse[:, None, :], coupling)
            schur[:, index, index] += cells_keep.slope(v_keep)
            v_keep = v_keep - np.linalg.solve(schur, gradient[..., None])[..., 0]
            # The eliminated cells follow by two Newton steps each from where
            # they were (cheaper than the closed form, and exact near the end).
            v_gone = cells_gone.polish(v_gone, drive_gone - v_keep @ coupling.T)
        out = np.empty_like(v)
        out[:, keep], out[:, gone] = v_keep, v_gone
        return out  # the caller tests the residual of every node

    def _energy(self, a, drive, v):
        cells = circuit.cell_potential(v, self.neuron).sum(axis=1)
        return cells - (drive * v).sum(axis=1) + 0.5 * np.einsum("bi,ij,bj->b", v, a, v)

    def _gradient(self, a, drive, v):
        return circuit.cell_potential_slope(v, self.neuron) + v @ a - drive

    def _newton(self, a, drive, v):
        """Newton on chunks of the batch small enough for their Hessians
        (chunk x n x n doubles) to stay within HESSIAN_BYTES."""
        chunk = max(1, HESSIAN_BYTES // (8 * a.size))
        converged = np.zeros(len(v), dtype=bool)
        for first in range(0, len(v), chunk):
            part = slice(first, first + chunk)
            v[part], converged[part] = self._newton_chunk(a, drive[part], v[part])
        return v, converged

    def _newton_chunk(self, a, drive, v):
        converged = np.zeros(len(v), dtype=bool)
        diagonal = np.arange(v.shape[1])
        for _ in range(MAX_NEWTON_STEPS):
            gradient = self._gradient(a, drive, v)
            converged = np.abs(gradient).max(axis=1) < RESIDUAL_TOL
            if converged.all():
                break
            active = ~converged
            va, ga = v[active], gradient[active]
            hessian = np.broadcast_to(a, (len(va),) + a.shape).copy()
            hessian[:, diagonal, diagonal] += circuit.cell_potential_curvature(
                va, self.neuron
            )
            step = np.linalg.solve(hessian, ga[..., None])[..., 0]
            v[active] = self._line_search(a, drive[active], va, ga, step)
        return v, converged

    def _line_search(self, a, drive, v, gradient, step):
        """Backtrack each sample until the co-content decreases enough (Armijo)."""
        energy = self._energy(a, drive, v)
        slope = -(gradient * step).sum(axis=1)
        t = np.ones(len(v))
        for _ in range(40):
            trial = v - t[:, None] * step
            enough = self._energy(a, drive, trial) <= energy + 1e-4 * t * slope
            # Near the minimum the energy difference is lost in rounding; a step
            # that shrinks the residual is then accepted.
            shrinks = np.abs(self._gradient(a, drive, trial)).max(axis=1) < np.abs(
                gradient
            ).max(axis=1)
            done = enough | shrinks
            if done.all():
                break
            t = np.where(done, t, 0.5 * t)
        return v - t[:, None] * step

    # -------------------------------------------------------------- gradient

    def implicit_gradient(
        self, conductance, bias_current, clamp_voltages, voltages, loss_gradient
    ) -> tuple[np.ndarray, np.ndarray]:
        """Exact d(loss)/d(conductance) and d(loss)/d(bias current), per sample.

        By implicit differentiation of KCL, g(v, theta) = 0:
        dL/dtheta = -lambda^T dg/dtheta with H lambda = dL/dv.

        Parameters
        ----------
        voltages : array (B, n_free) [V], the free phase.
        loss_gradient : array (B, n_outputs)
            dL/dv at the outputs [1/V].

        Returns
        -------
        (array (B, E) [1/S], array (B, n_free) [1/A])
        """
        a, _ = self.coupling_matrices(conductance)
        v = voltages / self.scale.voltage
        hessian = np.broadcast_to(a, (len(v),) + a.shape).copy()
        diagonal = np.arange(v.shape[1])
        hessian[:, diagonal, diagonal] += circuit.cell_potential_curvature(
            v, self.neuron
        )
        dl_dv = np.zeros_like(v)
        dl_dv[:, -self.topology.n_outputs :] = loss_gradient * self.scale.voltage
        lam = np.linalg.solve(hessian, dl_dv[..., None])[..., 0]

        nodes = np.concatenate([clamp_voltages / self.scale.voltage, v], axis=1)
        lam_all = np.concatenate([np.zeros_like(clamp_voltages), lam], axis=1)
        i, j = self.topology.edges[:, 0], self.topology.edges[:, 1]
        d_g = -(lam_all[:, i] - lam_all[:, j]) * (nodes[:, i] - nodes[:, j])
        # d G_eff / d G = 1 / (1 + G R_wire)^2 for a wire in series.
        chain = (self.effective(conductance) / conductance) ** 2
        return d_g * chain / self.scale.conductance, lam / self.scale.current


def _reducible(neuron: NeuronParams) -> bool:
    """Every cell has a unique DC root whatever its neighbours do: gain > 0
    and 1/b > gain, so that phi'(v) + D v is strictly increasing."""
    gain, b = np.asarray(neuron.gain), np.asarray(neuron.b)
    return bool(np.all(gain > 0) and np.all(1.0 / b > gain))


def _two_colouring(n_free: int, pairs: np.ndarray):
    """(kept, eliminated) free-node indices of a two-colouring of the free-node
    graph, the eliminated class the larger; None when no colouring exists."""
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(range(n_free))
    graph.add_edges_from(map(tuple, pairs.tolist()))
    if not nx.is_bipartite(graph):
        return None
    colour = nx.bipartite.color(graph)
    ones = np.array([k for k in range(n_free) if colour[k] == 1], dtype=int)
    zeros = np.array([k for k in range(n_free) if colour[k] == 0], dtype=int)
    small, large = (ones, zeros) if len(ones) <= len(zeros) else (zeros, ones)
    if len(small) == 0:
        return None
    return small, large


def _take(value, index):
    value = np.asarray(value, dtype=float)
    return value[index] if value.ndim else value


class _CellRoots:
    """Cells that each draw ``current`` through phi'(v) + D v, solved for v.

    The DC equation gain v^3 / 3 + (1/b - gain + D) v + a/b - current = 0 has
    one real root when its linear coefficient is positive (_reducible).
    """

    def __init__(self, neuron: NeuronParams, index, conductance):
        self.gain = _take(neuron.gain, index)
        self.a, self.b = _take(neuron.a, index), _take(neuron.b, index)
        self.linear = 1.0 / self.b - self.gain + conductance
        self.offset = self.a / self.b

    def residual(self, v, current):
        return self.gain * v * v * v / 3.0 + self.linear * v + self.offset - current

    def slope(self, v):
        return self.gain * v * v + self.linear

    def exact(self, current):
        """Cardano's formula, then one Newton step to polish the root."""
        p = 3.0 * self.linear / self.gain
        q = 3.0 * (self.offset - current) / self.gain
        third = p / 3.0
        s = np.sqrt(0.25 * q * q + third * third * third)
        # The sign keeps the cube root away from cancellation (q = 0 included).
        t = -np.copysign(np.cbrt(0.5 * np.abs(q) + s), q)
        return self.polish(t - p / (3.0 * t), current, steps=1)

    def polish(self, v, current, steps=2):
        for _ in range(steps):
            v = v - self.residual(v, current) / self.slope(v)
        return v
