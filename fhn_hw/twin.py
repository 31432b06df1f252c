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

#: Newton stops when every |KCL residual| is below this [normalised current],
#: or below ROUNDING times the largest diagonal entry of A (the conductance at
#: a node) when that is larger: the residual of a chip whose nodes hold large
#: conductances cannot be computed more closely than that (about 6 eps per
#: unit of it for |v| <= 3, with a safety factor).
RESIDUAL_TOL = 1e-12
ROUNDING = 1e-14
MAX_NEWTON_STEPS = 100
#: Factorisations of the reduced Jacobian per sample before the damped full
#: Newton takes over the samples that have not converged.
MAX_FACTORISATIONS = 20
#: Steps with one factor per factorisation, and the residual shrink each step
#: must reach to keep its factor (see _reduced_newton).
CHORD_STEPS = 8
CONTRACTION = 0.25
#: Largest table of outer products (|E| |K| (|K| + 1) / 2 doubles) the reduced Newton
#: keeps to form its Jacobians by one matrix product.
OUTER_PRODUCTS_MAX = 2**22
#: Memory budget for the batched Hessians of one Newton chunk [bytes].
HESSIAN_BYTES = 256 * 2**20
# As plain integers: numpy compares an array with these some five times
# faster than with the enum members.
_CONVERGED, _NOT_CONVERGED = (
    int(SettleStatus.CONVERGED),
    int(SettleStatus.NOT_CONVERGED),
)


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
    #: What the twin keeps of a phase it settled with ``lend=True`` (a
    #: ReducedState), for the phases nudged from it; None otherwise.
    reduced: "ReducedState | None" = None

    @property
    def ok(self) -> np.ndarray:
        return self.status == _CONVERGED

    def rows(self, index) -> "SettleResult":
        """The samples ``index`` (a slice or index array) of this batch."""
        reduced = None if self.reduced is None else self.reduced.rows(index)
        return SettleResult(
            self.voltages[index], self.status[index], self.residual[index], reduced
        )

    @staticmethod
    def concatenate(results) -> "SettleResult":
        """Batches settled apart, as one."""
        return SettleResult(
            np.concatenate([r.voltages for r in results]),
            np.concatenate([r.status for r in results]),
            np.concatenate([r.residual for r in results]),
        )


@dataclass
class ReducedState:
    """A settled batch as the twin's reduced Newton left it (normalised).

    Attributes
    ----------
    system : _ReducedSystem
        The conductance state it was settled at.
    drive : array (B, n_free)
        Current into each free node from the sources.
    voltages : array (B, n_free)
        The settled free-node voltages.
    factors : array (B, |K|, |K|)
        Cholesky factors of each sample's reduced Jacobian (kernels.factorise)
        as its last steps used them: made at or near its settled point.
    """

    system: "_ReducedSystem"
    drive: np.ndarray
    voltages: np.ndarray
    factors: np.ndarray

    def rows(self, index) -> "ReducedState":
        return ReducedState(
            self.system, self.drive[index], self.voltages[index], self.factors[index]
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
        free_free = np.flatnonzero(edges[:, 0] >= 0)
        free_clamp = np.flatnonzero((edges[:, 0] < 0) & (edges[:, 1] >= 0))
        self._ff = edges[free_free]
        # For kernels.coupling_matrices: unsigned, so that its indexing skips
        # the test for negative indices (the loop takes 40 % less time).
        self._edge_lists = tuple(
            np.ascontiguousarray(x, dtype=np.uint64)
            for x in (
                free_free,
                self._ff,
                free_clamp,
                edges[free_clamp, 1],
                topology.edges[free_clamp, 0],
            )
        )
        self._outputs = np.arange(topology.n_free - topology.n_outputs, topology.n_free)
        #: (kept, eliminated) free-node indices when the chip can be solved on
        #: one colour class (see _reduced_newton), else None.
        self.split = (
            _two_colouring(topology.n_free, self._ff) if _reducible(neuron) else None
        )
        self._cached = (None, None)
        self._system = self._classes = None
        #: Per sample of the last reduced settle: chord steps taken and
        #: Jacobian factorisations made (a diagnostic of its cost).
        self.last_steps = self.last_factorisations = np.zeros(0, dtype=np.int64)

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
        _check_shape("conductance", conductance, (len(self.topology.edges),))
        if not (conductance > 0).all() or not np.isfinite(conductance).all():
            raise ValueError(
                "conductance: expected finite values > 0 [S], got min "
                f"{float(conductance.min())!r}, max {float(conductance.max())!r}"
            )
        matrices = self._coupling_matrices(conductance)
        self._cached = (conductance.copy(), matrices)
        return matrices

    def _coupling_matrices(self, conductance):
        from . import kernels

        g = self.effective(conductance) / self.scale.conductance
        n, m = self.topology.n_free, self.topology.n_clamped
        a, b = np.empty((n, n)), np.empty((n, m))
        kernels.coupling_matrices(
            np.ascontiguousarray(g, dtype=float), *self._edge_lists, a, b
        )
        return a, b

    def effective(self, conductance: np.ndarray) -> np.ndarray:
        """Conductance [S] of each coupling element with its wire in series."""
        if not self.wire_resistance:
            return conductance
        return conductance / (1.0 + conductance * self.wire_resistance)

    def _drive(self, conductance, bias_current, clamp_voltages, nudge_current):
        """Normalised current into each free node from sources, (B, n_free)."""
        _, b = self.coupling_matrices(conductance)
        drive = np.asarray(clamp_voltages, dtype=float) @ b.T
        drive *= 1.0 / self.scale.voltage
        drive += bias_current / self.scale.current
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
        lend: bool = False,
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
        lend : bool
            Keep the Jacobian factor each sample last stepped with in the
            result (``reduced``), for :meth:`settle_nudged`.
        """
        a, _ = self.coupling_matrices(conductance)
        top = self.topology
        batch = len(
            _check_shape("clamp_voltages", clamp_voltages, (None, top.n_clamped))
        )
        _check_shape("bias_current", bias_current, (top.n_free,))
        if nudge_current is not None:
            _check_shape("nudge_current", nudge_current, (batch, top.n_outputs))
        if start is not None:
            _check_shape("start", start, (batch, top.n_free))
        drive = self._drive(conductance, bias_current, clamp_voltages, nudge_current)
        if start is None:
            v = np.zeros_like(drive)
        else:
            v = np.array(start, dtype=float) / self.scale.voltage
        if self.split is None:
            return self._dense(a, drive, v)
        system = self._reduced_system(a)
        return self._reduced(system, drive, v, cold=start is None, lend=lend)

    def settle_nudged(
        self, conductance: np.ndarray, free: SettleResult, nudge_current: np.ndarray
    ) -> SettleResult:
        """Phases nudged from a free phase settled here with ``lend=True``.

        Parameters
        ----------
        conductance : array (E,) [S]
            The free phase's.
        free : SettleResult
            B samples, with ``reduced`` set.
        nudge_current : array (P B, n_outputs) [A]
            P stacked phases: row r nudges sample r % B.

        Each phase starts at the free state and steps with the free phase's
        Jacobians (a chord Newton): for a small nudge, no factorisation of
        its own. Settled as :meth:`settle` would, to the same tolerance.
        """
        a, _ = self.coupling_matrices(conductance)
        system = self._reduced_system(a)
        if free.reduced is None or free.reduced.system is not system:
            raise ValueError(
                "settle_nudged needs a free phase settled with lend=True at "
                "the same conductances"
            )
        from . import kernels

        batch = len(free.voltages)
        nudge_current = _check_shape(
            "nudge_current", nudge_current, (None, self.topology.n_outputs)
        )
        if not batch or len(nudge_current) % batch or not len(nudge_current):
            raise ValueError(
                f"nudge_current: {len(nudge_current)} rows: expected a positive "
                f"multiple of the free phase's {batch} samples"
            )
        if not np.isfinite(nudge_current).all():
            raise ValueError("nudge_current: expected finite values [A]")
        rows, n_free = len(nudge_current), self.topology.n_free
        drive, v = np.empty((rows, n_free)), np.empty((rows, n_free))
        kept = self._classes.outputs_kept
        # With the outputs kept, a row's first residual is known: - its nudge.
        first = np.empty((rows if kept is not None else 0, len(system.keep_index)))
        kernels.stack_nudged(
            free.reduced.drive,
            free.reduced.voltages,
            nudge_current / self.scale.current,
            self._outputs,
            self._outputs if kept is None else kept,
            drive,
            v,
            first,
        )
        if not len(first):
            first = None
        factors = free.reduced.factors
        if rows == 2 * batch and np.array_equal(
            nudge_current[batch:], -nudge_current[:batch]
        ):
            # Phases nudged both ways: the second starts from the first's
            # reflection through the free state, off by O(nudge^2), not O(nudge).
            plus = self._reduced(
                system,
                drive[:batch],
                v[:batch],
                lent=factors,
                first=None if first is None else first[:batch],
            )
            steps, refactored = self.last_steps, self.last_factorisations
            start = 2.0 * free.reduced.voltages - plus.voltages / self.scale.voltage
            # Where the first phase did not settle, its reflection is no guide.
            lost = ~plus.ok
            start[lost] = free.reduced.voltages[lost]
            minus = self._reduced(system, drive[batch:], start, lent=factors)
            self.last_steps = np.concatenate([steps, self.last_steps])
            self.last_factorisations = np.concatenate(
                [refactored, self.last_factorisations]
            )
            return SettleResult.concatenate([plus, minus])
        return self._reduced(system, drive, v, lent=factors, first=first)

    def _dense(self, a, drive, v) -> SettleResult:
        with np.errstate(all="ignore"):
            v, converged = self._newton(a, drive, v)
        residual = np.abs(self._gradient(a, drive, v)).max(axis=1)
        return self._result(v, converged, residual)

    def _result(self, v, converged, residual) -> SettleResult:
        """From normalised voltages and residuals."""
        status = np.where(converged, _CONVERGED, _NOT_CONVERGED)
        return SettleResult(
            v * self.scale.voltage, status, residual * self.scale.current
        )

    def _reduced(
        self, system, drive, v, cold=False, lent=None, lend=False, first=None
    ) -> SettleResult:
        """The reduced Newton, with the damped full Newton for what it leaves;
        with ``lend``, the factors each sample last stepped with go into the
        result when every sample converged here."""
        with np.errstate(all="ignore"):
            v_new, residual, factors = self._reduced_newton(
                system, drive, v, cold, lent, first
            )
        converged = residual < system.tol
        if converged.all():
            result = self._result(v_new, converged, residual)
            if lend:
                result.reduced = ReducedState(system, drive, v_new, factors)
            return result
        a = system.a  # rare: the damped full Newton takes over
        rest = ~converged
        with np.errstate(all="ignore"):
            v_new[rest], converged[rest] = self._newton(a, drive[rest], v[rest])
        residual[rest] = np.abs(self._gradient(a, drive[rest], v_new[rest])).max(axis=1)
        return self._result(v_new, converged, residual)

    def residual(
        self, conductance, bias_current, clamp_voltages, nudge_current, voltages
    ) -> np.ndarray:
        """Largest |KCL residual| [A] per sample at given free voltages [V]."""
        a, _ = self.coupling_matrices(conductance)
        drive = self._drive(conductance, bias_current, clamp_voltages, nudge_current)
        v = voltages / self.scale.voltage
        return np.abs(self._gradient(a, drive, v)).max(axis=1) * self.scale.current

    # ------------------------------------------------ two-colourable chips

    def _reduced_newton(self, system, drive, v, cold=False, lent=None, first=None):
        """Newton on one colour class only: (voltages, largest |KCL
        residual|, the factor each sample last stepped with) per sample,
        normalised; no factors where every row stepped with ``lent`` ones.

        When the free-node graph is two-colourable (a layered chip: cells of
        one layer touch only cells of the layers next to it), the cells of the
        larger class E see only the other class K. Given v_K, each cell of E
        solves a cubic in its own voltage; Newton then runs on v_K alone,
        whose Jacobian is the Schur complement
        S = H_KK - H_KE diag(1/H_EE) H_EK (small: the outputs of a
        one-hidden-layer chip). The same KCL is solved; only the cost changes.

        Each sample keeps the Cholesky factor of its S for as long as a step
        with it shrinks the residual at least CONTRACTION-fold (a chord
        Newton), and is factored anew where it is when a step does not.
        ``lent`` (one factor per row modulo its length) gives factors made at
        nearby points, e.g. the free phase's to its nudged phases: a nudged
        state is so near the free one that its factor, although made at the
        cold start, still shrinks the residual some 1e4-fold per step on the
        digits chip. ``first`` (B, |K|), if given, is each row's residual at
        its start (see kernels.chord).
        """
        from . import kernels  # numba, loaded at the first reduced settle

        batch = len(v)
        v = v.copy()  # the caller keeps its start (the dense Newton's, if need be)
        if cold:
            kernels.start(*system.arguments, drive, v)
        everyone = np.arange(batch)
        if lent is None:
            factors, factor_row, todo = system.empty_factors(batch), everyone, everyone
        else:
            factors, factor_row, todo = lent, everyone % len(lent), everyone[:0]
        status = np.full(batch, kernels.NEEDS_FACTOR)
        self.last_steps = np.zeros(batch, dtype=np.int64)
        self.last_factorisations = np.zeros(batch, dtype=np.int64)
        residual = np.full(batch, np.inf)
        rows = everyone
        unknown = np.empty((0, system.coupling.shape[1]))
        first = unknown if first is None else first
        for _ in range(MAX_FACTORISATIONS):
            if len(todo):
                if factors is lent:  # these rows need factors of their own now
                    factors, factor_row = factors[factor_row], everyone
                ok = system.factorise(v, factors, todo)
                self.last_factorisations[todo] += 1
                status[todo[~ok]] = kernels.FAILED
                rows = todo[ok]
            kernels.chord(
                *system.arguments,
                drive,
                v,
                factors,
                factor_row,
                rows,
                system.tol,
                CONTRACTION,
                CHORD_STEPS,
                status,
                self.last_steps,
                residual,
                first,
            )
            first = unknown  # rows that go on have moved
            todo = np.flatnonzero(status == kernels.NEEDS_FACTOR)
            if not len(todo):
                break
        # The factors of this batch's own rows (None if all were lent).
        return v, residual, (None if factors is lent else factors)

    def _reduced_system(self, a):
        """The reduced system of coupling matrix ``a``, made once per state."""
        system = self._system
        if system is None or system.a is not a:
            if self._classes is None or self._classes.split is not self.split:
                self._classes = _Classes(
                    self.neuron, self.split, self.topology.n_outputs
                )
            system = self._system = _ReducedSystem(a, self._classes)
        return system

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
        tol = tolerance(a)
        for _ in range(MAX_NEWTON_STEPS):
            gradient = self._gradient(a, drive, v)
            converged = np.abs(gradient).max(axis=1) < tol
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


def tolerance(a: np.ndarray) -> float:
    """The KCL residual [normalised] under which a settle of coupling matrix
    ``a`` has converged (see RESIDUAL_TOL)."""
    return max(RESIDUAL_TOL, ROUNDING * float(np.abs(a.diagonal()).max(initial=0.0)))


def _check_shape(name, values, shape) -> np.ndarray:
    """``values`` as a float array of ``shape`` (None: any length), or a
    ValueError naming it: the compiled loops do not check their indices."""
    array = np.asarray(values, dtype=float)
    if array.ndim != len(shape) or any(
        n is not None and n != m for n, m in zip(shape, array.shape)
    ):
        want = tuple("B" if n is None else n for n in shape)
        raise ValueError(f"{name}: shape {array.shape}: expected {want}")
    return array


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


class _Classes:
    """The two colour classes of a reducible chip and what of their cells
    does not change with the conductances.

    A cell of either class draws gain v^3 / 3 + linear v + offset from its
    node at DC, with linear = 1/b - gain + D (D its diagonal of A) and
    offset = a/b; linear > 0 when the chip is reducible, so that the cubic
    is strictly increasing and has one real root.
    """

    def __init__(self, neuron: NeuronParams, split, n_outputs: int):
        self.split = split
        self.keep, self.gone = split
        # Where the outputs (the last n_outputs free nodes) sit in the kept
        # class, or None if some are eliminated.
        n_free = len(self.keep) + len(self.gone)
        position = {node: k for k, node in enumerate(self.keep.tolist())}
        outputs = range(n_free - n_outputs, n_free)
        self.outputs_kept = (
            np.array([position[o] for o in outputs])
            if all(o in position for o in outputs)
            else None
        )
        self.keep_cells = _cells(neuron, self.keep)
        self.gone_cells = _cells(neuron, self.gone)


class _ReducedSystem:
    """What the compiled reduced Newton (:mod:`fhn_hw.kernels`) needs of one
    conductance state: H_EK and its transpose, and each class's cells
    (gain, linear, offset; see _Classes)."""

    def __init__(self, a, classes: _Classes):
        from . import kernels

        keep, gone = classes.keep, classes.gone
        self.a, self.keep_index, self.gone_index = a, keep, gone
        self.tol = tolerance(a)
        self.coupling = a.take(gone, axis=0).take(keep, axis=1)  # H_EK
        diagonal = a.diagonal()
        gain, linear, offset = classes.gone_cells
        self.gone = (gain, linear + diagonal[gone], offset)
        gain, linear, offset = classes.keep_cells
        self.keep = (gain, linear + diagonal[keep], offset)
        self.arguments = (  # of kernels.start and kernels.chord
            np.ascontiguousarray(self.coupling.T),
            self.gone,
            self.keep,
            keep,
            gone,
        )
        self.table = kernels.outer_table(self.coupling, OUTER_PRODUCTS_MAX)

    def empty_factors(self, batch: int) -> np.ndarray:
        n = self.coupling.shape[1]
        return np.empty((batch, n, n))

    def factorise(self, v, factors, rows) -> np.ndarray:
        """Cholesky factors of the Schur complements at the free voltages
        v[rows] (v: (B, n_free)), into factors[rows]; False where one is not
        positive definite."""
        from . import kernels

        weights = np.empty((len(rows), len(self.gone_index)))
        diagonal = np.empty((len(rows), len(self.keep_index)))
        kernels.cell_slopes(
            v,
            rows,
            self.gone,
            self.keep,
            self.gone_index,
            self.keep_index,
            weights,
            diagonal,
        )
        products = kernels.weighted_products(self.coupling, weights, self.table)
        return kernels.factorise(diagonal, products, factors, rows)


def _cells(neuron: NeuronParams, index):
    """(gain, 1/b - gain, a/b) per cell of ``index``, as contiguous arrays."""
    n = len(index)
    gain = _take(neuron.gain, index)
    a, b = _take(neuron.a, index), _take(neuron.b, index)
    return tuple(
        np.full(n, float(x)) if np.ndim(x) == 0 else np.ascontiguousarray(x)
        for x in (gain, 1.0 / b - gain, a / b)
    )
