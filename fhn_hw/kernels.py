"""Compiled per-sample loops of the twin's reduced Newton (numba).

The reduced system of a two-colourable chip (see
:meth:`fhn_hw.twin.TwinSolver._reduced_newton`) is small per sample (the
outputs of a one-hidden-layer chip: 20 unknowns on the digits chip), and each
sample needs its own few steps. In numpy every step is a dozen whole-batch
calls, each waiting for the slowest sample; here each sample iterates on its
own, in registers. The one large product, the Schur complements of a batch,
stays a BLAS matrix product (``TwinSolver``).

Cells follow :class:`fhn_hw.twin._Classes`: cell i draws
gain_i v^3 / 3 + linear_i v + offset_i from its node, a strictly increasing
function of v (linear_i > 0).

Here too are the small per-batch loops of an EP step (coupling matrices,
clamp voltages, the starts of the nudged phases, the stability bound, the
contrast, the cross-entropy, Adam): in numpy each was a dozen calls on
arrays of a few thousand numbers, costing more than their arithmetic.

No loop here checks its indices (numba does not): the callers pass arrays
they made or checked. The loops compile on first use and are cached on disk
(numba's ``cache``).
"""

from __future__ import annotations

import numpy as np
from numba import njit

# Reassociation lets the loops use SIMD; NaN and inf keep their meaning, so a
# sample that blows up is seen as not converged. numpy's error model: a
# division by zero gives inf instead of a check (and a branch) per division.
_compiled = njit(
    cache=True, fastmath={"reassoc", "contract", "nsz"}, error_model="numpy"
)
THIRD = 1.0 / 3.0

#: What ``chord`` reports per sample.
CONVERGED, NEEDS_FACTOR, FAILED = 0, 1, 2

#: Newton steps of a cell from its linear guess at a cold start (cell_roots).
START_STEPS = 4
#: Block Gauss-Seidel sweeps of a cold start (``start``). On the digits chip
#: (batches of 200) three, against one, took the free phase from 5.3 chord
#: steps to 2.5 and the phase nudged from it from 4.5 to 3.0, and an EP step
#: from 3.4-3.7 to 3.0 ms; four did no better than three.
START_SWEEPS = 3


@_compiled
def _newton_pass(gain, linear, offset, current, v):
    """One Newton step of every cell from where it is, in place."""
    for i in range(len(v)):
        x = v[i]
        cubic = gain[i] * x * x
        r = (cubic * THIRD + linear[i]) * x + offset[i] - current[i]
        v[i] = x - r / (cubic + linear[i])


@_compiled
def cell_roots(gain, linear, offset, current, v):
    """Each cell's v near gain v^3/3 + linear v + offset = current, in place:
    START_STEPS Newton steps from the linear guess (current - offset) / linear.

    The root lies between 0 and that guess, on the side where the cubic is
    convex, so the iterates fall monotonically onto it: fast when the linear
    term dominates (a cell with many conductances), at worst by a third per
    step while the cubic does. A start needs no more; the chord steps finish.
    """
    for i in range(len(v)):
        v[i] = (current[i] - offset[i]) / linear[i]
    for _ in range(START_STEPS):
        _newton_pass(gain, linear, offset, current, v)


@_compiled
def _gone_current(coupling_t, drive, v_keep, out):
    """Current into the eliminated cells: drive - H_EK v_K (four columns of
    H_EK per pass over ``out``)."""
    n_keep, n_gone = coupling_t.shape
    out[:] = drive
    k = 0
    while k + 4 <= n_keep:
        x0, x1, x2, x3 = v_keep[k], v_keep[k + 1], v_keep[k + 2], v_keep[k + 3]
        c0, c1 = coupling_t[k], coupling_t[k + 1]
        c2, c3 = coupling_t[k + 2], coupling_t[k + 3]
        for e in range(n_gone):
            out[e] -= c0[e] * x0 + c1[e] * x1 + c2[e] * x2 + c3[e] * x3
        k += 4
    for m in range(k, n_keep):
        x, column = v_keep[m], coupling_t[m]
        for e in range(n_gone):
            out[e] -= column[e] * x


@_compiled
def _keep_current(coupling_t, drive, v_gone, out):
    """Current into the kept cells: drive - H_KE v_E (four rows of H_KE per
    pass over ``v_gone``)."""
    n_keep, n_gone = coupling_t.shape
    k = 0
    while k + 4 <= n_keep:
        c0, c1 = coupling_t[k], coupling_t[k + 1]
        c2, c3 = coupling_t[k + 2], coupling_t[k + 3]
        t0 = t1 = t2 = t3 = 0.0
        for e in range(n_gone):
            x = v_gone[e]
            t0 += c0[e] * x
            t1 += c1[e] * x
            t2 += c2[e] * x
            t3 += c3[e] * x
        out[k], out[k + 1] = drive[k] - t0, drive[k + 1] - t1
        out[k + 2], out[k + 3] = drive[k + 2] - t2, drive[k + 3] - t3
        k += 4
    for m in range(k, n_keep):
        row, total = coupling_t[m], 0.0
        for e in range(n_gone):
            total += row[e] * v_gone[e]
        out[m] = drive[m] - total


@_compiled
def _worse(worst, residual):
    """max(worst, |residual|), NaN if either is (numba's max(0.0, nan) is
    0.0, which would let a sample that blew up pass as converged)."""
    x = abs(residual)
    return x if not x <= worst else worst


@_compiled
def _gather(row, index, out):
    for i in range(len(index)):
        out[i] = row[index[i]]


@_compiled
def _scatter(values, index, row):
    for i in range(len(index)):
        row[index[i]] = values[i]


@_compiled
def start(coupling_t, gone, keep, keep_index, gone_index, drive, v):
    """Cold start of every sample: START_SWEEPS block Gauss-Seidel sweeps from
    v_K = 0, each class's cells solved given the other's, into ``v`` (B,
    n_free)."""
    n_keep, n_gone = coupling_t.shape
    drive_gone, drive_keep = np.empty(n_gone), np.empty(n_keep)
    v_gone, v_keep = np.empty(n_gone), np.empty(n_keep)
    current_gone, current_keep = np.empty(n_gone), np.empty(n_keep)
    for b in range(len(drive)):
        _gather(drive[b], gone_index, drive_gone)
        _gather(drive[b], keep_index, drive_keep)
        cell_roots(gone[0], gone[1], gone[2], drive_gone, v_gone)
        for sweep in range(START_SWEEPS):
            _keep_current(coupling_t, drive_keep, v_gone, current_keep)
            if sweep == 0:
                cell_roots(keep[0], keep[1], keep[2], current_keep, v_keep)
            else:
                for _ in range(2):
                    _newton_pass(keep[0], keep[1], keep[2], current_keep, v_keep)
            _gone_current(coupling_t, drive_gone, v_keep, current_gone)
            for _ in range(2):
                _newton_pass(gone[0], gone[1], gone[2], current_gone, v_gone)
        _scatter(v_gone, gone_index, v[b])
        _scatter(v_keep, keep_index, v[b])


@_compiled
def _solve(factor, rhs, out):
    """out = (L L^T)^-1 rhs, for a factor from ``_cholesky`` (its diagonal
    holds 1 / L_ii); rows of L are read contiguously both ways."""
    n = len(rhs)
    for i in range(n):
        row = factor[i]
        total = rhs[i]
        for m in range(i):
            total -= row[m] * out[m]
        out[i] = total * row[i]
    for i in range(n - 1, -1, -1):
        row = factor[i]
        x = out[i] * row[i]
        out[i] = x
        for m in range(i):
            out[m] -= row[m] * x


@_compiled
def chord(
    coupling_t,
    gone,
    keep,
    keep_index,
    gone_index,
    drive,
    v,
    factors,
    factor_row,
    rows,
    tol,
    contraction,
    max_steps,
    status,
    steps,
    worst_residual,
    first_residual,
):
    """Newton steps on v_K with a fixed Jacobian, per sample, on the free
    voltages ``v`` (B, n_free) in place.

    Sample b (of ``rows``) steps with ``factors[factor_row[b]]``, the
    Cholesky factor of its Schur complement at some earlier point (see
    ``factorise``), and its eliminated cells follow each step by two Newton
    steps of their own. It stops with ``status[b]``: CONVERGED when every
    |KCL residual| < ``tol``; NEEDS_FACTOR when a step shrank the residual by
    less than ``contraction`` or ``max_steps`` ran out (the Jacobian is too
    far from here); FAILED when the residual is not finite. ``steps[b]``
    counts the steps taken and ``worst_residual[b]`` is the largest |KCL
    residual| where it stopped: over every cell once the kept cells' are
    within ``tol`` (the eliminated cells' are then checked too), else over
    the kept cells, whose residual the steps and the contraction test follow.

    ``gone`` and ``keep`` are (gain, linear, offset) arrays of each class,
    ``keep_index`` and ``gone_index`` their columns in ``drive`` and ``v``.
    When ``first_residual`` (B, |K|) has rows, sample b takes its first step
    with ``first_residual[b]`` as its kept cells' residual instead of
    evaluating it: a phase nudged at kept cells only, starting from its
    settled free state, where that residual is minus the nudge and the
    eliminated cells are already solved.
    """
    n_keep, n_gone = coupling_t.shape
    drive_gone, drive_keep = np.empty(n_gone), np.empty(n_keep)
    vg, vk = np.empty(n_gone), np.empty(n_keep)
    current_gone, current_keep = np.empty(n_gone), np.empty(n_keep)
    residual, step = np.empty(n_keep), np.empty(n_keep)
    known = first_residual.shape[0] > 0
    for b in rows:
        _gather(drive[b], gone_index, drive_gone)
        _gather(drive[b], keep_index, drive_keep)
        _gather(v[b], gone_index, vg)
        _gather(v[b], keep_index, vk)
        factor = factors[factor_row[b]]
        status[b] = NEEDS_FACTOR
        previous = np.inf
        if not known:  # the eliminated cells first, given the kept ones
            _gone_current(coupling_t, drive_gone, vk, current_gone)
            _newton_pass(gone[0], gone[1], gone[2], current_gone, vg)
            _newton_pass(gone[0], gone[1], gone[2], current_gone, vg)
        for taken in range(max_steps + 1):
            worst = 0.0
            if known and taken == 0:
                for k in range(n_keep):
                    residual[k] = first_residual[b, k]
                    worst = _worse(worst, residual[k])
            else:
                _keep_current(coupling_t, drive_keep, vg, current_keep)
                for k in range(n_keep):
                    x = vk[k]
                    r = (keep[0][k] * x * x * THIRD + keep[1][k]) * x + keep[2][k]
                    residual[k] = r - current_keep[k]
                    worst = _worse(worst, residual[k])
                if worst < tol:  # then the eliminated cells' residuals count
                    for e in range(n_gone):
                        x = vg[e]
                        r = (gone[0][e] * x * x * THIRD + gone[1][e]) * x
                        worst = _worse(worst, r + gone[2][e] - current_gone[e])
                worst_residual[b] = worst
                if not np.isfinite(worst):
                    status[b] = FAILED
                    break
                if worst < tol:
                    status[b] = CONVERGED
                    break
                if worst > contraction * previous or taken == max_steps:
                    break
            previous = worst
            steps[b] += 1
            _solve(factor, residual, step)
            for k in range(n_keep):
                vk[k] -= step[k]
            _gone_current(coupling_t, drive_gone, vk, current_gone)
            _newton_pass(gone[0], gone[1], gone[2], current_gone, vg)
            _newton_pass(gone[0], gone[1], gone[2], current_gone, vg)
        _scatter(vg, gone_index, v[b])
        _scatter(vk, keep_index, v[b])


@_compiled
def clamp_voltages(inputs, feature, sign, rails, out):
    """out[b] = (sign * inputs[b, feature], rails): each sample's clamped
    sources, the input nodes then the rails."""
    n_inputs = len(feature)
    for b in range(len(inputs)):
        for k in range(n_inputs):
            out[b, k] = sign[k] * inputs[b, feature[k]]
        for k in range(len(rails)):
            out[b, n_inputs + k] = rails[k]


@_compiled
def stack_nudged(drive, v, nudge, outputs, outputs_kept, drive_out, v_out, first_out):
    """The starts of phases nudged from a settled free phase of B samples:
    row r of ``drive_out`` and ``v_out`` (P B, n_free) is sample r % B's
    ``drive`` plus ``nudge[r]`` at the free nodes ``outputs``, and its
    ``v``. When ``first_out`` has rows, row r is set to its residual there
    (see ``chord``): -``nudge[r]`` at the kept positions ``outputs_kept``, 0
    elsewhere."""
    batch, n_free = drive.shape
    known = first_out.shape[0] > 0
    for r in range(len(drive_out)):
        b = r % batch
        for i in range(n_free):
            drive_out[r, i] = drive[b, i]
            v_out[r, i] = v[b, i]
        for k in range(len(outputs)):
            drive_out[r, outputs[k]] += nudge[r, k]
        if known:
            first_out[r, :] = 0.0
            for k in range(len(outputs)):
                first_out[r, outputs_kept[k]] = -nudge[r, k]


@_compiled
def factorise(diagonal, products, out, rows):
    """Cholesky factors of M = diag(diagonal[r]) - products[r] (symmetric,
    packed), for each position r of ``rows``, into ``out[rows[r]]`` (see
    ``_cholesky``); False where M is not positive definite."""
    ok = np.ones(len(rows), dtype=np.bool_)
    for r in range(len(rows)):
        ok[r] = _cholesky(diagonal[r], products[r], out[rows[r]])
    return ok


@_compiled
def positive_definite(diagonal, products):
    """Per sample: is diag(diagonal[b]) - products[b] positive definite?"""
    n = diagonal.shape[1]
    factor = np.empty((n, n))
    ok = np.empty(len(diagonal), dtype=np.bool_)
    for b in range(len(diagonal)):
        ok[b] = _cholesky(diagonal[b], products[b], factor)
    return ok


@_compiled
def _cholesky(diagonal, products, factor):
    """Lower Cholesky factor L of diag(diagonal) - products into ``factor``,
    with 1 / L_ii in place of L_ii on its diagonal (``_solve`` multiplies);
    False if the matrix is not positive definite. ``products`` is packed (see
    ``outer_table``)."""
    n = len(diagonal)
    for i in range(n):
        row = factor[i]
        first = i * (i + 1) // 2
        for j in range(i + 1):
            row[j] = -products[first + j]
        row[i] += diagonal[i]
    for j in range(n):
        row = factor[j]
        d = row[j]
        for m in range(j):
            d -= row[m] * row[m]
        if not d > 0.0:
            return False
        scale = 1.0 / np.sqrt(d)
        row[j] = scale
        for i in range(j + 1, n):
            other = factor[i]
            total = other[j]
            for m in range(j):
                total -= other[m] * row[m]
            other[j] = total * scale
    return True


@_compiled
def split_certified(coupling, keep, gone, slope):
    """Per row b of ``slope`` (B, N): is A - diag(slope[b]) positive definite,
    for A = ``coupling`` two-coloured by (``keep``, ``gone``) (so that each
    class's block of A is diagonal)? Its block on the eliminated class must
    be positive and the Schur complement on the kept class positive definite
    (see :func:`fhn_hw.circuit.unstable_states`)."""
    n_keep, n_gone = len(keep), len(gone)
    block = np.empty((n_gone, n_keep))
    for e in range(n_gone):
        for k in range(n_keep):
            block[e, k] = coupling[gone[e], keep[k]]
    weights, diagonal = np.empty((1, n_gone)), np.empty(n_keep)
    products = np.empty((1, n_keep * (n_keep + 1) // 2))
    factor = np.empty((n_keep, n_keep))
    ok = np.zeros(len(slope), dtype=np.bool_)
    for b in range(len(slope)):
        positive = True
        for e in range(n_gone):
            pivot = coupling[gone[e], gone[e]] - slope[b, gone[e]]
            positive = positive and pivot > 0.0
            weights[0, e] = 1.0 / pivot
        if not positive:
            continue
        schur_products(block, weights, products)
        for k in range(n_keep):
            diagonal[k] = coupling[keep[k], keep[k]] - slope[b, keep[k]]
        ok[b] = _cholesky(diagonal, products[0], factor)
    return ok


@_compiled
def square_bounds(v, least, most):
    """Fold the states ``v`` (B, N) into the least and most v^2 seen in each
    column, in place."""
    n = v.shape[1]
    for b in range(v.shape[0]):
        row = v[b]
        for i in range(n):
            x = row[i] * row[i]
            least[i] = np.minimum(least[i], x)
            most[i] = np.maximum(most[i], x)


@_compiled
def coupling_matrices(g, ff_edges, ff_pairs, fc_edges, fc_free, fc_clamp, a, b):
    """The free-node matrix A and free-to-clamp matrix B of conductances
    ``g`` into ``a`` (n_free, n_free) and ``b`` (n_free, n_clamped): edge
    ``ff_edges[k]`` joins free nodes ``ff_pairs[k]``, edge ``fc_edges[k]``
    free node ``fc_free[k]`` to clamp ``fc_clamp[k]``."""
    a[:] = 0.0
    b[:] = 0.0
    for k in range(len(ff_edges)):
        x = g[ff_edges[k]]
        i, j = ff_pairs[k, 0], ff_pairs[k, 1]
        a[i, j] -= x
        a[j, i] -= x
        a[i, i] += x
        a[j, j] += x
    for k in range(len(fc_edges)):
        x = g[fc_edges[k]]
        f = fc_free[k]
        a[f, f] += x
        b[f, fc_clamp[k]] += x


@_compiled
def phase_contrast(high, low, d_t, s_t, diagonal, total):
    """d = high - low and s = high + low of two phases' voltages (B, N), into
    ``d_t`` and ``s_t`` transposed (N, B), with ``diagonal`` = sum over the
    batch of d s and ``total`` = of d (N,)."""
    diagonal[:] = 0.0
    total[:] = 0.0
    for b in range(len(high)):
        for i in range(high.shape[1]):
            x, y = high[b, i] - low[b, i], high[b, i] + low[b, i]
            d_t[i, b], s_t[i, b] = x, y
            diagonal[i] += x * y
            total[i] += x


@_compiled
def edge_drops(
    diagonal, d_t, s_t, table, free_end, other_end, column, weight, factor, out
):
    """Per edge e, ``factor`` times the sum over a batch of (d_a - d_b)(s_a -
    s_b) for its ends a and b, into ``out[e]``: d and s the difference and
    sum of two phases' free voltages, per node over the batch in ``d_t`` and
    ``s_t`` (N, B) (d = 0 and s = 2 u at a clamp at voltage u).

    An edge between free nodes (``other_end[e]`` >= 0) sums over the batch
    here, one pass over two rows of each: cheaper than the product d^T s of
    every pair of nodes, of which a layered chip's edges use few. An edge to
    a clamp takes sums formed by BLAS: ``diagonal[a]`` = sum d_a s_a, less 2
    ``weight[e]`` ``table[a, column[e]]``, the sum of d at the free end a
    times the clamp's voltage over ``weight[e]``. ``free_end[e]`` < 0 when
    neither end is free (the sum is 0)."""
    batch = d_t.shape[1]
    for e in range(len(free_end)):
        a, b = free_end[e], other_end[e]
        if a < 0:
            total = 0.0
        elif b >= 0:
            da, db, sa, sb = d_t[a], d_t[b], s_t[a], s_t[b]
            total = 0.0
            for k in range(batch):
                total += (da[k] - db[k]) * (sa[k] - sb[k])
        else:
            total = diagonal[a] - 2.0 * weight[e] * table[a, column[e]]
        out[e] = factor * total


@_compiled
def cross_entropy(logits, labels, loss):
    """Per sample b: the cross-entropy ``loss[b]`` of softmax(logits[b]) for
    class ``labels[b]``; ``logits`` is overwritten with its gradient with
    respect to the logits, softmax - onehot."""
    n_classes = logits.shape[1]
    for b in range(len(logits)):
        z = logits[b]
        top = z[0]
        for k in range(n_classes):
            top = max(top, z[k])
        label = labels[b]
        margin = z[label] - top
        norm = 0.0
        for k in range(n_classes):
            z[k] = np.exp(z[k] - top)
            norm += z[k]
        loss[b] = np.log(norm) - margin
        for k in range(n_classes):
            z[k] /= norm
        z[label] -= 1.0


# Plain IEEE arithmetic (no fastmath): the same steps as numpy's.
@njit(cache=True, error_model="numpy")
def adam_step(first, second, gradient, beta1, beta2, eps, step_size, bias, out):
    """One Adam step (Kingma & Ba 2015) of moments ``first`` and ``second``
    (updated in place) for ``gradient``, the step into ``out``; ``bias`` is
    (1 - beta1^t, 1 - beta2^t) at step t."""
    bias1, bias2 = bias
    keep1, keep2, scale = 1 - beta1, 1 - beta2, -step_size
    for i in range(len(gradient)):
        g = gradient[i]
        # In locals, so that the loop is vectorised.
        m = first[i] * beta1 + keep1 * g
        v = second[i] * beta2 + keep2 * (g * g)
        first[i], second[i] = m, v
        out[i] = (m / bias1 * scale) / (np.sqrt(v / bias2) + eps)


@_compiled
def schur_products(coupling, weights, out):
    """out[b] = H_EK^T diag(weights[b]) H_EK, packed, per sample: for chips
    whose table of outer products would not fit, and for a few samples."""
    n_gone, n_keep = coupling.shape
    for b in range(len(weights)):
        product = out[b]
        product[:] = 0.0
        for e in range(n_gone):
            row = coupling[e]
            for i in range(n_keep):
                scaled = weights[b, e] * row[i]
                first = i * (i + 1) // 2
                for j in range(i + 1):
                    product[first + j] += scaled * row[j]


def outer_table(coupling, max_entries):
    """The outer products of the rows of H_EK, packed: row e holds
    H_ei H_ej for j <= i at i (i + 1) / 2 + j, (|E|, |K| (|K| + 1) / 2); or
    None when it would hold more than ``max_entries`` doubles. With it, the
    products of a whole batch are one BLAS matrix product."""
    n_gone, n_keep = coupling.shape
    if n_gone * n_keep * (n_keep + 1) // 2 > max_entries:
        return None
    table = np.empty((n_gone, n_keep * (n_keep + 1) // 2))
    _outer_rows(np.ascontiguousarray(coupling, dtype=float), table)
    return table


@_compiled
def _outer_rows(coupling, out):
    n_gone, n_keep = coupling.shape
    for e in range(n_gone):
        row, packed = coupling[e], out[e]
        for i in range(n_keep):
            first, x = i * (i + 1) // 2, row[i]
            for j in range(i + 1):
                packed[first + j] = x * row[j]


@_compiled
def cell_slopes(v, rows, gone, keep, gone_index, keep_index, weights, diagonal):
    """Per position r of ``rows``, at free voltages ``v[rows[r]]``: the
    inverse slope 1 / (gain v^2 + linear) of each eliminated cell into
    ``weights[r]``, the slope of each kept cell into ``diagonal[r]`` (the
    terms of the Schur complement, see ``factorise``)."""
    for r in range(len(rows)):
        row = v[rows[r]]
        for e in range(len(gone_index)):
            x = row[gone_index[e]]
            weights[r, e] = 1.0 / (gone[0][e] * x * x + gone[1][e])
        for k in range(len(keep_index)):
            x = row[keep_index[k]]
            diagonal[r, k] = keep[0][k] * x * x + keep[1][k]


def weighted_products(coupling, weights, table=None):
    """H_EK^T diag(weights[b]) H_EK per sample b, packed (see outer_table)."""
    if table is not None:
        return weights @ table
    n_keep = coupling.shape[1]
    out = np.empty((len(weights), n_keep * (n_keep + 1) // 2))
    schur_products(coupling, weights, out)
    return out
