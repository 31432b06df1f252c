"""Depth as time: the layer-wise recurrence of deep residual FN chains.

A residual chain has layers l = 0 .. D of equal width n: layer 0 clamped to the
inputs u, layers 1 .. D FN cells, layer l coupled to layer l+1 by conductances
G_l (n x n; G_l[i, j] joins cell i of layer l to cell j of layer l+1; diagonal
for one-to-one coupling). Its co-content (normalised units, see
:mod:`fhn_hw.circuit`) is

    E = sum_(l>=1) V_l(v_l) + sum_(l=0)^(D-1) S_l(v_l, v_(l+1))
    V_l(v) = sum_i [phi(v_i) - I_(l,i) v_i]
    S_l(a, b) = 1/2 sum_(i,j) G_l[i, j] (a_i - b_j)^2

so KCL at layer l involves only layers l-1, l, l+1. This is a discrete
variational problem with the "discrete Lagrangian" L_l(a, b) = V_l(a) + S_l(a, b)
(Marsden & West, Acta Numerica 10, 357 (2001), whose discrete mechanics this
follows). With the momentum

    pi_(l+1) = dS_l/dv_(l+1) = C_l v_(l+1) - G_l^T v_l,   C_l = diag(column sums of G_l)

which is minus the current flowing from layer l into layer l+1 per cell, KCL at
layer l, dE/dv_l = 0, reads pi_l + R_l v_l - G_l v_(l+1) + V_l'(v_l) = 0
(R_l = diag(row sums of G_l)), and when G_l is invertible it gives the explicit
map

    v_(l+1)  = G_l^-1 (R_l v_l + V_l'(v_l) + pi_l)
    pi_(l+1) = C_l v_(l+1) - G_l^T v_l

(v_l, pi_l) -> (v_(l+1), pi_(l+1)). A map defined by a generating function this
way is symplectic: its Jacobian M satisfies M^T J M = J with J = [[0, I], [-I, 0]]
(:meth:`ResidualChain.symplectic_defect` measures it). For one-to-one coupling of
equal conductance g on every layer the continuum limit is g v'' = V'(v), with
the conserved spatial Hamiltonian H = pi^2 / (2 g) - V(v); the discrete map
conserves it only approximately (well for strong coupling, lambda near 1; it
varies by 30 % in the rest-branch chains of sim/residual.toml). What it keeps
exactly is the symplectic form.

Inference is a boundary-value problem: v_0 = u, and at the output layer KCL
with no layer above, pi_D + V_D'(v_D) = I_nudge. Single shooting solves for v_1
only; the linearised map is hyperbolic (phi'' > 0 makes each layer a saddle), so
errors grow like lambda^D and single shooting breaks at depth. Multiple shooting
restarts the map every few layers and solves for all segment starts at once.

The gradient of a cost L(v_D) is the adjoint lambda of the Hessian system
H lambda = dL/dv. H has the same block-tridiagonal structure as the linearised
map, so lambda follows from running the linearised map backward from the
output with the error injected there (the echo), to the clamped boundary where
lambda_0 = 0. Then dL/dG_l[i, j] = -(lambda_l,i - lambda_(l+1),j)(v_l,i - v_(l+1),j)
and dL/dI_l,i = lambda_l,i, as in :meth:`fhn_hw.twin.TwinSolver.implicit_gradient`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import circuit
from .circuit import NeuronParams


@dataclass
class ShootingResult:
    """Layer voltages (D+1, n), whether Newton converged, its final residual."""

    voltages: np.ndarray
    converged: bool
    residual: float
    iterations: int


class ResidualChain:
    """A residual FN chain in normalised units.

    Parameters
    ----------
    couplings : list of arrays (n, n)
        G_0 .. G_(D-1) [normalised conductance], each invertible.
    bias : array (D+1, n)
        Bias current into each cell [normalised]; row 0 is unused.
    neuron : NeuronParams
    """

    def __init__(self, couplings, bias, neuron: NeuronParams):
        self.couplings = [np.asarray(g, dtype=float) for g in couplings]
        self.depth = len(self.couplings)
        self.width = self.couplings[0].shape[0]
        self.bias = np.asarray(bias, dtype=float)
        self.neuron = neuron
        self._inverse = [np.linalg.inv(g) for g in self.couplings]
        self._rows = [g.sum(axis=1) for g in self.couplings]
        self._cols = [g.sum(axis=0) for g in self.couplings]

    @classmethod
    def from_chip(cls, topology, conductance, bias_current, neuron, scale):
        """The chain of a chip built by :func:`fhn_hw.topology.residual_chain`
        (ids layer * width + k), from SI conductances and bias currents."""
        width = topology.n_inputs
        depth = topology.n_nodes // width - 1
        couplings = [np.zeros((width, width)) for _ in range(depth)]
        for (a, b), g in zip(topology.edges, conductance / scale.conductance):
            layer, i, j = a // width, a % width, b % width
            if b // width != layer + 1:
                raise ValueError(f"edge {a}-{b} does not join adjacent layers")
            couplings[layer][i, j] = g
        bias = np.zeros((depth + 1, width))
        bias[1:] = (bias_current / scale.current).reshape(depth, width)
        return cls(couplings, bias, neuron)

    # ----------------------------------------------------------------- map

    def slope(self, v, layer):
        """V_l'(v) = phi'(v) - I_l."""
        return circuit.cell_potential_slope(v, self.neuron) - self.bias[layer]

    def curvature(self, v):
        return circuit.cell_potential_curvature(v, self.neuron)

    def momentum(self, v_prev, v, layer):
        """pi_l = C_(l-1) v_l - G_(l-1)^T v_(l-1)."""
        return self._cols[layer - 1] * v - self.couplings[layer - 1].T @ v_prev

    def step(self, v, pi, layer):
        """(v_l, pi_l) -> (v_(l+1), pi_(l+1)) for layer = l in 1 .. D-1."""
        nxt = self._inverse[layer] @ (self._rows[layer] * v + self.slope(v, layer) + pi)
        return nxt, self._cols[layer] * nxt - self.couplings[layer].T @ v

    def step_jacobian(self, v, layer) -> np.ndarray:
        """d(v_(l+1), pi_(l+1)) / d(v_l, pi_l), a (2n, 2n) matrix."""
        n = self.width
        inv, g = self._inverse[layer], self.couplings[layer]
        dv_dv = inv @ np.diag(self._rows[layer] + self.curvature(v))
        dv_dpi = inv
        jac = np.zeros((2 * n, 2 * n))
        jac[:n, :n], jac[:n, n:] = dv_dv, dv_dpi
        jac[n:, :n] = self._cols[layer][:, None] * dv_dv - g.T
        jac[n:, n:] = self._cols[layer][:, None] * dv_dpi
        return jac

    def symplectic_defect(self, v, layer) -> float:
        """max |M^T J M - J| of the map's Jacobian at v (0 for a symplectic map)."""
        n = self.width
        j = np.block([[np.zeros((n, n)), np.eye(n)], [-np.eye(n), np.zeros((n, n))]])
        m = self.step_jacobian(v, layer)
        return float(np.abs(m.T @ j @ m - j).max())

    def run(self, v, pi, first, last):
        """Layers first .. last from (v_first, pi_first); arrays (k, n) each."""
        vs, pis = [v], [pi]
        for layer in range(first, last):
            v, pi = self.step(v, pi, layer)
            vs.append(v)
            pis.append(pi)
        return np.array(vs), np.array(pis)

    def _run_with_jacobian(self, v, pi, first, last):
        n = self.width
        jac = np.eye(2 * n)
        for layer in range(first, last):
            jac = self.step_jacobian(v, layer) @ jac
            v, pi = self.step(v, pi, layer)
        return v, pi, jac

    def output_residual(self, v_d, pi_d, nudge):
        """KCL at the output layer: pi_D + V_D'(v_D) - I_nudge."""
        return pi_d + self.slope(v_d, self.depth) - nudge

    # ------------------------------------------------------------- shooting

    def rest_voltages(self) -> np.ndarray:
        """Each cell's own DC point with its bias and no coupling, (D+1, n):
        V_l'(v) = 0 by Newton (phi'' > 0, so it converges from the rest branch)."""
        v = np.full((self.depth + 1, self.width), -1.2)
        for _ in range(50):
            v = v - (
                circuit.cell_potential_slope(v, self.neuron) - self.bias
            ) / self.curvature(v)
        return v

    def initial_guess(self, inputs, nudge=None) -> np.ndarray:
        """Layer voltages (D+1, n) of the chain with every cell linearised at its
        own rest point (a linear, block-tridiagonal solve): the start for
        shooting."""
        n, depth = self.width, self.depth
        nudge = np.zeros(n) if nudge is None else nudge
        size = n * depth
        h = np.zeros((size, size))
        rhs = np.zeros(size)
        rest = self.rest_voltages()
        for layer in range(1, depth + 1):
            rows = slice(n * (layer - 1), n * layer)
            ref = rest[layer]
            diag = self.curvature(ref) + self._cols[layer - 1]
            if layer < depth:
                diag = diag + self._rows[layer]
                h[rows, n * layer : n * (layer + 1)] = -self.couplings[layer]
            h[rows, rows] += np.diag(diag)
            if layer > 1:
                h[rows, n * (layer - 2) : n * (layer - 1)] = -self.couplings[
                    layer - 1
                ].T
            else:
                rhs[rows] += self.couplings[0].T @ inputs
            # V'(v) ~ V'(ref) + V''(ref)(v - ref), and V'(ref) = 0 at the rest point
            rhs[rows] += self.curvature(ref) * ref - self.slope(ref, layer)
            if layer == depth:
                rhs[rows] += nudge
        return np.vstack([inputs, np.linalg.solve(h, rhs).reshape(depth, n)])

    def truncated(self, depth: int) -> "ResidualChain":
        """The first ``depth`` layers as a chain of their own."""
        return ResidualChain(
            self.couplings[:depth], self.bias[: depth + 1], self.neuron
        )

    def single_shooting(
        self, inputs, nudge=None, start=None, tol=1e-10, max_iter=60, continuation=True
    ) -> ShootingResult:
        """Damped Newton on v_1 so that the map from the clamped inputs meets the
        output boundary condition.

        With ``continuation`` (and no ``start``), v_1 is first found for the
        chain cut at depth 2, 3, ... and each answer starts the next: near the
        inputs a deep chain's solution hardly depends on its depth, so every
        Newton solve starts inside its basin. The last solve is on the whole
        chain, and its accuracy is single shooting's own.
        """
        n, depth = self.width, self.depth
        nudge = np.zeros(n) if nudge is None else nudge
        if start is None and continuation and depth > 2:
            v1 = (
                self.truncated(2)
                .single_shooting(inputs, continuation=False)
                .voltages[1]
            )
            for shorter in range(3, depth):
                result = self.truncated(shorter).single_shooting(
                    inputs, start=np.vstack([inputs, v1]), continuation=False
                )
                if not (result.converged and np.isfinite(result.voltages[1]).all()):
                    break  # past where single shooting holds; go on from here
                v1 = result.voltages[1]
            start = np.vstack([inputs, v1])
        if start is None:
            start = self.initial_guess(inputs, nudge)
        v1 = np.array(start[1], dtype=float)

        def residual_of(v):
            with np.errstate(all="ignore"):
                v_d, pi_d, jac = self._run_with_jacobian(
                    v, self.momentum(inputs, v, 1), 1, depth
                )
                return self.output_residual(v_d, pi_d, nudge), v_d, jac

        r, v_d, jac = residual_of(v1)
        iterations = 0
        for iterations in range(1, max_iter + 1):
            if not np.isfinite(r).all() or np.abs(r).max() < FLOOR:
                break
            d_state = jac @ np.vstack([np.eye(n), np.diag(self._cols[0])])
            d_r = np.diag(self.curvature(v_d)) @ d_state[:n] + d_state[n:]
            try:
                step = np.linalg.solve(d_r, r)
            except np.linalg.LinAlgError:
                break
            v1, result, improved = _backtrack(v1, step, r, residual_of)
            if not improved:
                break
            r, v_d, jac = result
        residual = float(np.abs(r).max()) if np.isfinite(r).all() else float("inf")
        with np.errstate(all="ignore"):
            vs, _ = self.run(v1, self.momentum(inputs, v1, 1), 1, depth)
        voltages = np.vstack([inputs, vs])
        return ShootingResult(voltages, bool(residual < tol), residual, iterations)

    def multiple_shooting(
        self, inputs, nudge=None, segment=5, tol=1e-10, max_iter=60, start=None
    ) -> ShootingResult:
        """Newton on every segment start at once: continuity between segments
        plus the two boundary conditions.

        Unknowns: v_1, then (v, pi) at layers 1 + segment, 1 + 2 segment, ...
        """
        n, depth = self.width, self.depth
        nudge = np.zeros(n) if nudge is None else nudge
        starts = list(range(1, depth, segment))
        ends = starts[1:] + [depth]
        size = n + 2 * n * (len(starts) - 1)
        if start is None:
            start = self.initial_guess(inputs, nudge)
        x = np.zeros(size)
        x[:n] = start[1]
        for k, layer in enumerate(starts[1:]):
            x[n + 2 * n * k : n + 2 * n * k + n] = start[layer]
            x[2 * n + 2 * n * k : 3 * n + 2 * n * k] = self.momentum(
                start[layer - 1], start[layer], layer
            )

        def residual_of(candidate):
            with np.errstate(all="ignore"):
                return self._multiple_residual(candidate, inputs, nudge, starts, ends)

        r, jac = residual_of(x)
        iterations = 0
        for iterations in range(1, max_iter + 1):
            if not np.isfinite(r).all() or np.abs(r).max() < FLOOR:
                break
            try:
                step = np.linalg.solve(jac, r)
            except np.linalg.LinAlgError:
                break
            x, result, improved = _backtrack(x, step, r, residual_of)
            if not improved:
                break
            r, jac = result
        residual = float(np.abs(r).max()) if np.isfinite(r).all() else float("inf")
        with np.errstate(all="ignore"):
            voltages = self._multiple_voltages(x, inputs, starts, ends)
        return ShootingResult(voltages, bool(residual < tol), residual, iterations)

    def _segment_start(self, x, inputs, k):
        n = self.width
        if k == 0:
            v1 = x[:n]
            return v1, self.momentum(inputs, v1, 1)
        base = n + 2 * n * (k - 1)
        return x[base : base + n], x[base + n : base + 2 * n]

    def _multiple_residual(self, x, inputs, nudge, starts, ends):
        n = self.width
        r = np.zeros_like(x)
        jac = np.zeros((len(x), len(x)))
        row = 0
        for k, (first, last) in enumerate(zip(starts, ends)):
            v, pi = self._segment_start(x, inputs, k)
            v_end, pi_end, m = self._run_with_jacobian(v, pi, first, last)
            if k == 0:
                d_start = np.vstack([np.eye(n), np.diag(self._cols[0])])
                cols = slice(0, n)
            else:
                d_start = np.eye(2 * n)
                cols = slice(n + 2 * n * (k - 1), n + 2 * n * k)
            d_end = m @ d_start
            if last < self.depth:
                r[row : row + 2 * n] = (
                    np.concatenate([v_end, pi_end])
                    - x[n + 2 * n * k : n + 2 * n * (k + 1)]
                )
                jac[row : row + 2 * n, cols] = d_end
                jac[row : row + 2 * n, n + 2 * n * k : n + 2 * n * (k + 1)] -= np.eye(
                    2 * n
                )
                row += 2 * n
            else:
                r[row : row + n] = self.output_residual(v_end, pi_end, nudge)
                jac[row : row + n, cols] = (
                    np.diag(self.curvature(v_end)) @ d_end[:n] + d_end[n:]
                )
                row += n
        return r, jac

    def _multiple_voltages(self, x, inputs, starts, ends):
        layers = [inputs]
        for k, (first, last) in enumerate(zip(starts, ends)):
            v, pi = self._segment_start(x, inputs, k)
            vs, _ = self.run(v, pi, first, last)
            layers.extend(vs[:-1] if last < self.depth else vs)
        return np.array(layers)

    # ------------------------------------------------------------- energy

    def kcl_residual(self, voltages, nudge=None) -> float:
        """max |dE/dv_l| over layers 1 .. D of given layer voltages."""
        nudge = np.zeros(self.width) if nudge is None else nudge
        worst = 0.0
        for layer in range(1, self.depth + 1):
            pi = self.momentum(voltages[layer - 1], voltages[layer], layer)
            if layer < self.depth:
                r = (
                    pi
                    + self._rows[layer] * voltages[layer]
                    - self.couplings[layer] @ voltages[layer + 1]
                    + self.slope(voltages[layer], layer)
                )
            else:
                r = self.output_residual(voltages[layer], pi, nudge)
            worst = max(worst, float(np.abs(r).max()))
        return worst

    def spatial_energy(self, voltages) -> np.ndarray:
        """H_l = pi_l^2 / (2 g) - V_l(v_l) per layer (one-to-one, g = mean
        coupling): conserved in the continuum limit, nearly so here."""
        g = np.mean([np.diag(c).mean() for c in self.couplings])
        out = []
        for layer in range(1, self.depth + 1):
            pi = self.momentum(voltages[layer - 1], voltages[layer], layer)
            v = voltages[layer]
            potential = circuit.cell_potential(v, self.neuron) - self.bias[layer] * v
            out.append(float((pi**2 / (2 * g) - potential).sum()))
        return np.array(out)

    # ------------------------------------------------------------- echo

    def _echo_step(self, voltages, layer, lam, lam_above, error):
        """lambda_(l-1) from the linearised KCL of layer l (backward map)."""
        diag = self.curvature(voltages[layer]) + self._cols[layer - 1]
        rhs = -error
        if layer < self.depth:
            diag = diag + self._rows[layer]
            rhs = rhs - self.couplings[layer] @ lam_above
        return np.linalg.solve(self.couplings[layer - 1].T, diag * lam + rhs)

    def echo_adjoint(self, voltages, output_error, segment: int | None = None):
        """lambda (D+1, n) with H lambda = dL/dv, by the backward linearised map.

        The error dL/dv_D is injected at the output layer and the linearised
        KCL is run backward, layer by layer, to the clamped inputs, where
        lambda_0 = 0 closes the problem. The backward map is linear, so the
        unknown start is found by one linear solve. Like the forward map it is
        hyperbolic: with ``segment`` set, it restarts every ``segment`` layers
        from unknown (lambda_l, lambda_(l+1)) pairs solved for together
        (multiple shooting), which keeps deep chains accurate.
        """
        n, depth = self.width, self.depth
        tops = list(range(depth, 0, -(segment or depth)))
        bottoms = tops[1:] + [0]
        size = n + 2 * n * (len(tops) - 1)

        def propagate(unknowns):
            """lambda at every layer from the stacked segment starts (linear)."""
            lam = np.zeros((depth + 1, n))
            for k, (top, bottom) in enumerate(zip(tops, bottoms)):
                if k == 0:
                    lam[top], above = unknowns[:n], np.zeros(n)
                else:
                    base = n + 2 * n * (k - 1)
                    lam[top], above = (
                        unknowns[base : base + n],
                        unknowns[base + n : base + 2 * n],
                    )
                for layer in range(top, bottom, -1):
                    error = output_error if layer == depth else np.zeros(n)
                    lam[layer - 1] = self._echo_step(
                        voltages, layer, lam[layer], above, error
                    )
                    above = lam[layer]
                if k + 1 < len(tops):
                    mismatch.append(np.concatenate([lam[bottom], lam[bottom + 1]]))
            mismatch.append(lam[0])
            return lam

        def residual(unknowns):
            mismatch.clear()
            propagate(unknowns)
            parts = []
            for k in range(1, len(tops)):
                base = n + 2 * n * (k - 1)
                parts.append(mismatch[k - 1] - unknowns[base : base + 2 * n])
            parts.append(mismatch[-1])
            return np.concatenate(parts)

        mismatch = []
        zero = np.zeros(size)
        offset = residual(zero)
        matrix = np.column_stack([residual(e) - offset for e in np.eye(size)])
        unknowns = np.linalg.solve(matrix, -offset)
        mismatch.clear()
        return propagate(unknowns)

    def gradient(self, voltages, adjoint):
        """dL/dG_l (list of (n, n)) and dL/dI (D+1, n) from voltages and adjoint."""
        grads = []
        for layer, g in enumerate(self.couplings):
            dv = voltages[layer][:, None] - voltages[layer + 1][None, :]
            dl = adjoint[layer][:, None] - adjoint[layer + 1][None, :]
            grads.append(np.where(g != 0, -dl * dv, 0.0))
        bias = adjoint.copy()
        bias[0] = 0.0
        return grads, bias


#: Newton iterations go on until the residual stops falling or drops below this,
#: so that a converged solve is as accurate as rounding allows.
FLOOR = 1e-14


def _backtrack(x, step, r, residual_of, halvings=30):
    """x - t step with t halved until the residual norm drops; (x, result,
    improved), the old point kept when no step size helps."""
    norm = np.linalg.norm(r)
    t = 1.0
    for _ in range(halvings):
        candidate = x - t * step
        result = residual_of(candidate)
        new = result[0]
        if np.isfinite(new).all() and np.linalg.norm(new) < norm:
            return candidate, result, True
        t *= 0.5
    return x, None, False


class LayeredEBM:
    """A deep layered energy-based model with the same layer-wise recurrence.

    E(s) = sum_l 1/2 |s_l|^2 - sum_(l=0)^(L-1) s_(l+1)^T W_l rho(s_l) - sum_l b_l^T s_l,
    rho = tanh, s_0 = x clamped. Stationarity at layer l (0 < l < L)

        s_l - W_(l-1) rho(s_(l-1)) - rho'(s_l) * (W_l^T s_(l+1)) - b_l = 0

    solved for s_(l+1) when W_l is square and invertible (rho' > 0 always):

        s_(l+1) = W_l^-T [(s_l - W_(l-1) rho(s_(l-1)) - b_l) / rho'(s_l)]

    and at the top s_L = W_(L-1) rho(s_(L-1)) + b_L. With the discrete Lagrangian
    L_l(a, c) = 1/2 |a|^2 - b_l^T a - c^T W_l rho(a) the map
    (s_l, p_l) -> (s_(l+1), p_(l+1)), p_(l+1) = -W_l rho(s_l), is symplectic.
    """

    def __init__(self, weights, biases):
        self.weights = [np.asarray(w, dtype=float) for w in weights]
        self.biases = [np.asarray(b, dtype=float) for b in biases]
        self.layers = len(self.weights)

    @staticmethod
    def rho(s):
        return np.tanh(s)

    @staticmethod
    def rho_prime(s):
        return 1.0 - np.tanh(s) ** 2

    def gradient(self, states):
        """dE/ds_l for l = 1 .. L, stacked (L, n)."""
        out = []
        for l in range(1, self.layers + 1):
            g = (
                states[l]
                - self.weights[l - 1] @ self.rho(states[l - 1])
                - self.biases[l]
            )
            if l < self.layers:
                g = g - self.rho_prime(states[l]) * (self.weights[l].T @ states[l + 1])
            out.append(g)
        return np.array(out)

    def fixed_point(self, x, tol=1e-14, max_iter=100):
        """Newton on dE/ds = 0 from the feed-forward guess; (states, residual)."""
        states = [x]
        for l in range(self.layers):
            states.append(self.weights[l] @ self.rho(states[-1]) + self.biases[l + 1])
        s = np.array(states[1:])
        for _ in range(max_iter):
            full = np.vstack([x, s])
            g = self.gradient(full).ravel()
            if np.abs(g).max() < tol:
                break
            jac = np.zeros((len(g), len(g)))
            h = 1e-7
            for k in range(len(g)):
                bumped = s.copy().ravel()
                bumped[k] += h
                gp = self.gradient(np.vstack([x, bumped.reshape(s.shape)])).ravel()
                bumped[k] -= 2 * h
                gm = self.gradient(np.vstack([x, bumped.reshape(s.shape)])).ravel()
                jac[:, k] = (gp - gm) / (2 * h)
            s = s - np.linalg.solve(jac, g).reshape(s.shape)
        full = np.vstack([x, s])
        return full, float(np.abs(self.gradient(full)).max())

    def step(self, s_prev, s, layer):
        """s_(l+1) from (s_(l-1), s_l) by the recurrence (1 <= l < L)."""
        inner = (
            s - self.weights[layer - 1] @ self.rho(s_prev) - self.biases[layer]
        ) / self.rho_prime(s)
        return np.linalg.solve(self.weights[layer].T, inner)

    def relax(self, x, sweeps=30):
        """Layer-by-layer relaxation sweeps (each layer set from its neighbours,
        s_l = W_(l-1) rho(s_(l-1)) + rho'(s_l) W_l^T s_(l+1) + b_l): a rough start."""
        states = [x] + [np.zeros_like(x) for _ in range(self.layers)]
        for _ in range(sweeps):
            for l in range(1, self.layers + 1):
                value = self.weights[l - 1] @ self.rho(states[l - 1]) + self.biases[l]
                if l < self.layers:
                    value = value + self.rho_prime(states[l]) * (
                        self.weights[l].T @ states[l + 1]
                    )
                states[l] = value
        return np.array(states)

    def shoot(self, x, start=None, tol=1e-13, max_iter=60):
        """Single shooting on s_1 to meet the top condition; (states, residual).

        Starts from a few relaxation sweeps (``start`` overrides), then damped
        Newton with a central-difference Jacobian.
        """
        s1 = (self.relax(x) if start is None else np.asarray(start))[1].copy()
        h = 1e-7

        def residual_of(candidate):
            with np.errstate(all="ignore"):
                return (self._top_residual(x, candidate),)

        r = residual_of(s1)[0]
        for _ in range(max_iter):
            if not np.isfinite(r).all() or np.abs(r).max() < min(tol, FLOOR):
                break
            with np.errstate(all="ignore"):
                jac = np.column_stack(
                    [
                        (
                            self._top_residual(x, s1 + h * e)
                            - self._top_residual(x, s1 - h * e)
                        )
                        / (2 * h)
                        for e in np.eye(len(s1))
                    ]
                )
            s1, result, improved = _backtrack(
                s1, np.linalg.solve(jac, r), r, residual_of
            )
            if not improved:
                break
            (r,) = result
        with np.errstate(all="ignore"):
            states = self._forward(x, s1)
        residual = float(np.abs(r).max()) if np.isfinite(r).all() else float("inf")
        return states, residual

    def _forward(self, x, s1):
        states = [x, s1]
        for layer in range(1, self.layers):
            states.append(self.step(states[-2], states[-1], layer))
        return np.array(states)

    def _top_residual(self, x, s1):
        states = self._forward(x, s1)
        top = self.layers
        return (
            states[top]
            - self.weights[top - 1] @ self.rho(states[top - 1])
            - self.biases[top]
        )


def ebm_map(model: LayeredEBM, s, p, layer):
    """(s_l, p_l) -> (s_(l+1), p_(l+1)) of a layered EBM, with
    p_(l+1) = -W_l rho(s_l) (the momentum of its discrete Lagrangian)."""
    inner = (s - model.biases[layer] + p) / model.rho_prime(s)
    nxt = np.linalg.solve(model.weights[layer].T, inner)
    return nxt, -model.weights[layer] @ model.rho(s)


def ebm_symplectic_defect(model: LayeredEBM, s, p, layer, h=1e-6) -> float:
    """max |M^T J M - J| of the EBM map, M by central differences."""
    n = len(s)
    state = np.concatenate([s, p])
    jac = np.zeros((2 * n, 2 * n))
    for k in range(2 * n):
        bump = np.zeros(2 * n)
        bump[k] = h
        plus = np.concatenate(ebm_map(model, *np.split(state + bump, 2), layer))
        minus = np.concatenate(ebm_map(model, *np.split(state - bump, 2), layer))
        jac[:, k] = (plus - minus) / (2 * h)
    j = np.block([[np.zeros((n, n)), np.eye(n)], [-np.eye(n), np.zeros((n, n))]])
    return float(np.abs(jac.T @ j @ jac - j).max())
