"""The FitzHugh-Nagumo cell, its SI mapping, co-content and linear stability.

Normalised model of cell i (Nagumo, Arimoto, Yoshizawa 1962; FitzHugh 1961)::

    C dv_i/dt = f(v_i) - w_i + I_i + sum_j G_ij (v_j - v_i)    f(v) = v - v^3/3
    L dw_i/dt = v_i + a - b w_i                                1/L = eps

with C = 1. The circuit is a cubic current source in parallel with a capacitor
and a recovery branch (inductor L, resistor b, source -a) that carries w. At DC
the inductor is a short, so w = (v + a) / b and KCL at every free node is the
gradient of the co-content

    E(v) = sum_i [phi(v_i) - I_i v_i] + 1/2 sum_(i,j) G_ij (v_i - v_j)^2
    phi(v) = -(v^2/2 - v^4/12) + (v + a)^2 / (2 b)

Its Hessian diag(v^2 - 1 + 1/b) + Laplacian is symmetric and, for b < 1,
positive definite: the DC point is unique. It says nothing of dynamic
stability, which needs the full (v, w) linearisation: :func:`jacobian_eigenvalues`.

SI mapping: a voltage scale V0 [V], a current scale I0 [A] and a time scale
tau [s] give g0 = I0/V0 [S], C = I0 tau / V0 [F], L = V0 tau / (eps I0) [H],
R_b = b V0 / I0 [Ohm] and the recovery source -a V0 [V].
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class NeuronParams:
    """Normalised FN parameters: scalars shared by every cell, or arrays (n_free,)
    of per-cell values when the chip has neuron mismatch.

    Defaults a=0.7, b=0.8, eps=0.08 are FitzHugh's (1961) classic values;
    ``gain`` scales the cubic element's current, f(v) = gain (v - v^3/3).
    """

    a: float | np.ndarray = 0.7
    b: float | np.ndarray = 0.8
    eps: float | np.ndarray = 0.08
    gain: float | np.ndarray = 1.0

    @property
    def per_cell(self) -> bool:
        return any(np.ndim(x) for x in (self.a, self.b, self.eps, self.gain))

    def cell(self, k: int) -> "NeuronParams":
        """The parameters of cell k (free-node index)."""
        pick = lambda x: float(x[k]) if np.ndim(x) else float(x)  # noqa: E731
        return NeuronParams(pick(self.a), pick(self.b), pick(self.eps), pick(self.gain))


@dataclass(frozen=True)
class NeuronScale:
    """Map from normalised units to SI.

    Attributes
    ----------
    voltage : float
        V0 [V], one normalised volt.
    current : float
        I0 [A], one normalised ampere.
    time : float
        tau [s], one normalised time unit.
    """

    voltage: float = 1.0
    current: float = 1e-5
    time: float = 1e-6

    @property
    def conductance(self) -> float:
        """g0 = I0 / V0 [S]."""
        return self.current / self.voltage

    def capacitance(self) -> float:
        """C [F] of a cell (normalised C = 1)."""
        return self.current * self.time / self.voltage

    def inductance(self, neuron: NeuronParams) -> float:
        """L [H] of the recovery branch (normalised L = 1/eps)."""
        return self.voltage * self.time / (neuron.eps * self.current)

    def recovery_resistance(self, neuron: NeuronParams) -> float:
        """R_b [Ohm] of the recovery branch (normalised b)."""
        return neuron.b * self.voltage / self.current


def cubic_current(v: np.ndarray, gain=1.0) -> np.ndarray:
    """gain (v - v^3/3), the current the cubic element injects [normalised]."""
    return gain * (v - v * v * v / 3.0)  # v**3 calls pow(): 15x slower


def recovery_current(v: np.ndarray, neuron: NeuronParams) -> np.ndarray:
    """w at DC, (v + a) / b [normalised]."""
    return (v + neuron.a) / neuron.b


def cell_potential(v: np.ndarray, neuron: NeuronParams) -> np.ndarray:
    """phi(v), the cell's own co-content [normalised]; phi' = w - f."""
    return -neuron.gain * (v**2 / 2.0 - v**4 / 12.0) + (v + neuron.a) ** 2 / (
        2.0 * neuron.b
    )


def cell_potential_slope(v: np.ndarray, neuron: NeuronParams) -> np.ndarray:
    """phi'(v) = (v + a)/b - f(v): current the cell draws from its node."""
    return recovery_current(v, neuron) - cubic_current(v, neuron.gain)


def cell_potential_curvature(v: np.ndarray, neuron: NeuronParams) -> np.ndarray:
    """phi''(v) = gain (v^2 - 1) + 1/b, positive everywhere when gain b < 1."""
    return neuron.gain * (v**2 - 1.0) + 1.0 / neuron.b


def jacobian_eigenvalues(
    v: np.ndarray, coupling: np.ndarray, neuron: NeuronParams
) -> np.ndarray:
    """Eigenvalues of the full (v, w) linearisation at settled states.

    Parameters
    ----------
    v : array (B, N)
        Settled free-node voltages [normalised].
    coupling : array (N, N)
        Weighted Laplacian of the free nodes plus, on the diagonal, the
        conductance to clamped nodes [normalised]: the A of dv/dt = ... - A v.
    neuron : NeuronParams

    Returns
    -------
    array (B, 2N), complex
        With C = 1 and L = 1/eps the linearisation is
        [[diag(f'(v)) - A, -1], [diag(eps), -diag(eps b)]]; a positive real part
        means the chip leaves this point (it oscillates or jumps) although DC
        holds.
    """
    batch, n = v.shape
    idx = np.arange(n)
    jac = np.zeros((batch, 2 * n, 2 * n))
    jac[:, :n, :n] = -coupling
    jac[:, idx, idx] += neuron.gain * (1.0 - v**2)
    jac[:, idx, n + idx] = -1.0
    jac[:, n + idx, idx] = neuron.eps
    jac[:, n + idx, n + idx] = -np.multiply(neuron.eps, neuron.b)
    return np.linalg.eigvals(jac)


def unstable_states(
    v: np.ndarray, coupling: np.ndarray, neuron: NeuronParams, split=None
) -> np.ndarray:
    """Which settled states (B, N) the chip would leave, cheaply.

    A quick certificate first: with W = diag(1, 1/eps) the symmetric part of
    W J is diag(diag(f'(v)) - A, -b), because the coupling of v and w through
    w's branch (-1 one way, +1 the other after weighting) is skew. So when
    M = A - diag(f'(v)) is positive definite, V = 1/2 x^T W x decreases along
    every trajectory of the linearisation and the state is stable. Only states
    without that certificate get the full eigenvalue test
    (:func:`jacobian_eigenvalues`).

    ``split`` = (kept, eliminated) node indices of a two-colouring of the free
    nodes (see :class:`fhn_hw.twin.TwinSolver`): M is then positive definite
    exactly when its diagonal block on the eliminated class is positive and
    the Schur complement on the kept class is, a much smaller test.
    """
    certified = _certified(v, coupling, neuron, split)
    unstable = np.zeros(len(v), dtype=bool)
    rest = np.flatnonzero(~certified)
    if len(rest):
        worst = jacobian_eigenvalues(v[rest], coupling, neuron).real.max(axis=1)
        unstable[rest] = worst > 0
    return unstable


def _certified(v, coupling, neuron, split) -> np.ndarray:
    """Per state: is M = A - diag(gain (1 - v^2)) positive definite?

    First for the whole batch at once: M(v) is at least A - diag(s) with s
    the largest f'(v) of each cell over the batch, so when that one matrix
    is positive definite, every state is certified.
    """
    if len(v) > 1 and certified_together([v], coupling, neuron, split):
        return np.ones(len(v), dtype=bool)
    return _certified_one(neuron.gain * (1.0 - v**2), coupling, split)


def certified_together(states, coupling, neuron, split=None, scale=1.0) -> bool:
    """Does one certificate cover every state of ``states``, a list of arrays
    (B_k, N) of voltages in units of ``scale``? M(v) is at least A - diag(s),
    s the largest f'(v) = gain (1 - v^2) of each cell over all of them (see
    _certified): where |v| is least for gain >= 0, else where it is most."""
    from . import kernels

    gain = np.asarray(neuron.gain, dtype=float)
    n = states[0].shape[1]
    least, most = np.full(n, np.inf), np.zeros(n)
    for v in states:
        kernels.square_bounds(v, least, most)
    worst = gain * (1.0 - np.where(gain >= 0, least, most) / (scale * scale))
    return bool(_certified_one(worst[None], coupling, split)[0])


def _certified_one(slope, coupling, split) -> np.ndarray:
    """Per row of ``slope`` (B, N): is A - diag(slope) positive definite?"""
    if split is None:
        n = slope.shape[1]
        idx = np.arange(n)
        shifted = np.broadcast_to(coupling, (len(slope), n, n)).copy()
        shifted[:, idx, idx] -= slope
        return _positive_definite(shifted)
    from . import kernels
    from .twin import OUTER_PRODUCTS_MAX

    keep, gone = split
    if len(slope) <= 8:  # a table pays for itself over many states, not a few
        return kernels.split_certified(
            coupling, keep, gone, np.ascontiguousarray(slope, dtype=float)
        )
    block = coupling.take(gone, axis=0).take(keep, axis=1)
    pivots = coupling.diagonal()[gone] - slope[:, gone]
    certified = (pivots > 0).all(axis=1)
    weights = 1.0 / np.where(certified[:, None], pivots, 1.0)
    table = kernels.outer_table(block, OUTER_PRODUCTS_MAX)
    products = kernels.weighted_products(block, weights, table)
    diagonal = np.ascontiguousarray(coupling.diagonal()[keep] - slope[:, keep])
    return certified & kernels.positive_definite(diagonal, products)


def _positive_definite(matrices: np.ndarray) -> np.ndarray:
    """Per symmetric matrix of a stack: does a Cholesky factor exist?"""
    try:
        np.linalg.cholesky(matrices)
        return np.ones(len(matrices), dtype=bool)
    except np.linalg.LinAlgError:  # at least one is not: test one by one
        ok = np.ones(len(matrices), dtype=bool)
        for k, matrix in enumerate(matrices):
            try:
                np.linalg.cholesky(matrix)
            except np.linalg.LinAlgError:
                ok[k] = False
        return ok


def isolated_equilibrium(current: float, neuron: NeuronParams) -> tuple[float, float]:
    """DC point (v, w) of a lone cell driven by `current` [normalised].

    The cubic gain (v - v^3/3) - (v + a)/b + I = 0 has exactly one real root
    when gain b < 1 (its slope is negative everywhere).
    """
    g = neuron.gain
    coefficients = [-g / 3.0, 0.0, g - 1.0 / neuron.b, current - neuron.a / neuron.b]
    roots = np.roots(coefficients)
    v = float(roots[np.argmin(np.abs(roots.imag))].real)
    return v, float(recovery_current(v, neuron))
