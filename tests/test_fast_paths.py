"""The fast paths give the answers of the plain ones: sweep decks against one
op per sample, the reduced twin against the dense Newton, the Schur stability
certificate against the full one, and data-parallel EP against serial EP."""

import json

import networkx as nx
import numpy as np
import pytest

from fhn_hw.circuit import NeuronParams, unstable_states
from fhn_hw.errors import SettleStatus
from fhn_hw.ngspice import NgspiceBackend
from fhn_hw.topology import compile_graph, layered_chip
from fhn_hw.twin import TwinSolver

from .conftest import SCALE, random_inputs
from .test_cli import IRIS, fhn_hw
from .test_ep import controller

NEURON = NeuronParams(a=0.7, b=0.95, eps=0.08)


def bias_for(chip):
    return np.full(chip.n_free, NEURON.a / NEURON.b * SCALE.current)


@pytest.mark.parametrize("fold", [False, True])
def test_sweep_equals_one_op_per_sample(iris_sized_chip, fold):
    chip = iris_sized_chip
    clamp = chip.clamp_voltages(random_inputs(7, chip.n_features, seed=5))
    nudge = np.random.default_rng(3).normal(size=(7, chip.n_outputs)) * 1e-7
    g = chip.conductance * np.random.default_rng(4).uniform(0.5, 2, len(chip.edges))
    one = NgspiceBackend(chip, NEURON, SCALE, settle_mode="op", fold_inputs=fold)
    sweep = NgspiceBackend(chip, NEURON, SCALE, settle_mode="sweep", fold_inputs=fold)
    for batch in (slice(0, 1), slice(0, 7)):
        a = one.settle(g, bias_for(chip), clamp[batch], nudge[batch])
        b = sweep.settle(g, bias_for(chip), clamp[batch], nudge[batch])
        assert a.ok.all() and b.ok.all()
        assert np.abs(a.voltages - b.voltages).max() < 1e-12
    assert sweep.timing["solve"] > 0 and sweep.timing["load"] > 0


def test_batches_longer_than_a_deck_are_cut_into_decks(iris_sized_chip, monkeypatch):
    """A batch of more than SWEEP_POINTS samples (per copy) is swept as several
    decks, free and stacked nudged phases alike, with the answers of one."""
    from fhn_hw import ngspice

    chip = iris_sized_chip
    clamp = chip.clamp_voltages(random_inputs(7, chip.n_features, seed=8))
    nudge = np.random.default_rng(9).normal(size=(7, chip.n_outputs)) * 1e-7
    phases = [
        (clamp, nudge),  # a free-phase-like batch: one copy
        (np.concatenate([clamp, clamp]), np.concatenate([nudge, -nudge])),
    ]
    spice = NgspiceBackend(chip, NEURON, SCALE, fold_inputs=True)
    whole = [spice.settle(chip.conductance, bias_for(chip), *p) for p in phases]

    decks = []
    load = spice._load

    def counted_load(text):
        decks.append(text)
        load(text)

    monkeypatch.setattr(ngspice, "SWEEP_POINTS", 3)
    monkeypatch.setattr(spice, "_load", counted_load)
    cut = [spice.settle(chip.conductance, bias_for(chip), *p) for p in phases]
    assert len(decks) == 6  # 3 + 3 + 1 samples, for each of the two batches
    for a, b in zip(whole, cut):
        assert a.ok.all() and b.ok.all()
        assert np.abs(a.voltages - b.voltages).max() < 1e-12


def test_stacked_copies_equal_separate_phases(iris_sized_chip):
    """Two nudged phases of the same inputs, settled as one nested sweep."""
    chip = iris_sized_chip
    clamp = chip.clamp_voltages(random_inputs(5, chip.n_features, seed=6))
    nudge = np.random.default_rng(7).normal(size=(5, chip.n_outputs)) * 1e-7
    spice = NgspiceBackend(chip, NEURON, SCALE, fold_inputs=True)
    stacked = spice.settle(
        chip.conductance,
        bias_for(chip),
        np.concatenate([clamp, clamp]),
        np.concatenate([nudge, -nudge]),
    )
    high = spice.settle(chip.conductance, bias_for(chip), clamp, nudge)
    low = spice.settle(chip.conductance, bias_for(chip), clamp, -nudge)
    assert stacked.ok.all()
    separate = np.concatenate([high.voltages, low.voltages])
    assert np.abs(stacked.voltages - separate).max() < 1e-12
    # and the two halves really differ: the nudge moved the outputs
    assert np.abs(high.voltages - low.voltages).max() > 1e-6


def test_reduced_twin_equals_dense_newton():
    chip = compile_graph(layered_chip(6, [12, 9], 4, seed=2))  # two hidden layers
    twin = TwinSolver(chip, NEURON, SCALE)
    assert twin.split is not None
    dense = TwinSolver(chip, NEURON, SCALE)
    dense.split = None
    g = chip.conductance * np.random.default_rng(0).uniform(0.2, 5, len(chip.edges))
    clamp = chip.clamp_voltages(random_inputs(30, 6, seed=1, volts=1.5))
    a = twin.settle(g, bias_for(chip), clamp)
    b = dense.settle(g, bias_for(chip), clamp)
    assert a.ok.all() and b.ok.all()
    np.testing.assert_allclose(a.voltages, b.voltages, atol=1e-12)
    assert a.residual.max() < 1e-16


def _nudged_case(chip, neuron, samples=24, seed=3):
    twin = TwinSolver(chip, neuron, SCALE)
    dense = TwinSolver(chip, neuron, SCALE)
    dense.split = None
    rng = np.random.default_rng(seed)
    g = chip.conductance * rng.uniform(0.2, 5, len(chip.edges))
    bias = np.full(chip.n_free, 0.7 / 0.95 * SCALE.current)
    clamp = chip.clamp_voltages(random_inputs(samples, chip.n_features, seed=seed))
    nudge = rng.normal(size=(samples, chip.n_outputs)) * 1e-6  # [A], 0.1 I0
    return twin, dense, g, bias, clamp, np.concatenate([nudge, -nudge])


@pytest.mark.parametrize(
    "table, hidden", [(True, [12, 9]), (False, [12, 9]), (True, [12])]
)
def test_nudged_phases_from_lent_factors_equal_dense_newton(table, hidden, monkeypatch):
    """settle_nudged (chord steps with the free phase's factors) lands where
    the damped dense Newton does, with and without the outer-product table,
    with the outputs eliminated (two hidden layers) or kept (one: the first
    step then takes minus the nudge as its residual)."""
    import fhn_hw.twin as twin_module

    if not table:
        monkeypatch.setattr(twin_module, "OUTER_PRODUCTS_MAX", 0)
    chip = compile_graph(layered_chip(6, hidden, 4, seed=2))
    twin, dense, g, bias, clamp, nudge = _nudged_case(chip, NEURON)
    free = twin.settle(g, bias, clamp, lend=True)
    assert free.ok.all() and free.reduced is not None
    assert (free.reduced.system.table is None) == (not table)
    assert (twin._classes.outputs_kept is None) == (len(hidden) == 2)
    nudged = twin.settle_nudged(g, free, nudge)
    assert not twin.last_factorisations.any()  # the free phase's sufficed
    expected = dense.settle(g, bias, np.concatenate([clamp, clamp]), nudge)
    assert nudged.ok.all() and expected.ok.all()
    np.testing.assert_allclose(nudged.voltages, expected.voltages, atol=1e-12)
    assert nudged.residual.max() < 1e-16  # [A]
    # and the nudge really moved the outputs, both ways
    n = len(clamp)
    assert np.abs(nudged.voltages[:n] - nudged.voltages[n:]).max() > 1e-3


def test_mirrored_nudge_starts_from_the_reflected_phase():
    """Phases nudged both ways: the second starts from the first's reflection
    through the free state, so it takes fewer chord steps, and both land where
    the dense Newton does; nudges that are not mirror images are settled
    together from the free state, and land there too."""
    chip = compile_graph(layered_chip(6, [12], 4, seed=2))
    twin, dense, g, bias, clamp, nudge = _nudged_case(chip, NEURON)
    n = len(clamp)
    free = twin.settle(g, bias, clamp, lend=True)
    mirrored = twin.settle_nudged(g, free, nudge)
    steps = twin.last_steps.copy()
    assert steps[n:].sum() <= 0.85 * steps[:n].sum()  # 77 against 105 here
    expected = dense.settle(g, bias, np.concatenate([clamp, clamp]), nudge)
    np.testing.assert_allclose(mirrored.voltages, expected.voltages, atol=1e-12)
    other = nudge.copy()
    other[n:] *= 0.5  # not a mirror image: one stacked settle
    unmirrored = twin.settle_nudged(g, free, other)
    expected = dense.settle(g, bias, np.concatenate([clamp, clamp]), other)
    np.testing.assert_allclose(unmirrored.voltages, expected.voltages, atol=1e-12)


def test_mirrored_phase_starts_from_the_free_state_where_the_first_failed(
    monkeypatch,
):
    """A row the first nudged phase could not settle gives no reflection: the
    second phase starts that row from the free state."""
    chip = compile_graph(layered_chip(6, [12], 4, seed=2))
    twin, _, g, bias, clamp, nudge = _nudged_case(chip, NEURON, samples=4)
    free = twin.settle(g, bias, clamp, lend=True)
    starts, reduced = [], twin._reduced

    def first_row_lost(system, drive, v, **kwargs):
        starts.append(np.array(v))
        result = reduced(system, drive, v, **kwargs)
        if len(starts) == 1:
            result.voltages[0] = np.nan
            result.status[0] = SettleStatus.NOT_CONVERGED
        return result

    monkeypatch.setattr(twin, "_reduced", first_row_lost)
    twin.settle_nudged(g, free, nudge)
    assert len(starts) == 2
    np.testing.assert_array_equal(starts[1][0], free.reduced.voltages[0])
    assert np.isfinite(starts[1]).all()
    assert not np.array_equal(starts[1][1], free.reduced.voltages[1])


def test_lent_factors_far_off_are_replaced():
    """A factor lent from another conductance state's free phase is no good
    for this one: the rows it fails are factored anew and still settle."""
    chip = compile_graph(layered_chip(5, [10], 3, seed=4))
    neuron = NeuronParams(
        a=0.7, b=np.linspace(0.85, 0.97, chip.n_free), eps=0.08
    )  # per-cell mismatch
    twin, dense, g, bias, clamp, nudge = _nudged_case(chip, neuron, seed=8)
    free = twin.settle(g, bias, clamp, lend=True)
    other = twin.settle(g * 40.0, bias, clamp, lend=True)
    free.reduced.factors = other.reduced.factors.copy()
    twin.coupling_matrices(g)  # back to the free phase's state
    free.reduced.system = twin._reduced_system(twin.coupling_matrices(g)[0])
    nudged = twin.settle_nudged(g, free, nudge)
    assert twin.last_factorisations.any()
    expected = dense.settle(g, bias, np.concatenate([clamp, clamp]), nudge)
    assert nudged.ok.all()
    np.testing.assert_allclose(nudged.voltages, expected.voltages, atol=1e-12)


def test_settle_nudged_refuses_a_free_phase_of_other_conductances():
    chip = compile_graph(layered_chip(4, [8], 2, seed=1))
    twin, _, g, bias, clamp, nudge = _nudged_case(chip, NEURON, samples=3)
    free = twin.settle(g, bias, clamp, lend=True)
    with pytest.raises(ValueError, match="lend=True"):
        twin.settle_nudged(g * 2.0, free, nudge)
    with pytest.raises(ValueError, match="lend=True"):
        twin.settle_nudged(g, twin.settle(g, bias, clamp), nudge)


def test_ep_gradient_with_lent_factors_equals_plain_settles(iris_sized_chip):
    """EP's estimate through settle_nudged equals the one through plain
    settles of the stacked nudged phases (the backend's lending hidden)."""
    lending = controller(iris_sized_chip, check_stability=True)
    plain = controller(iris_sized_chip, check_stability=True)
    plain._lends = lambda: False
    inputs = random_inputs(12, iris_sized_chip.n_features, seed=2)
    labels = np.arange(12) % 3
    a = lending.estimate_gradient(inputs, labels)
    b = plain.estimate_gradient(inputs, labels)
    assert a[4].all() and b[4].all()
    for x, y in zip(a[:2], b[:2]):
        np.testing.assert_allclose(x, y, rtol=1e-7, atol=1e-9 * np.abs(y).max())


def test_odd_cycle_chip_uses_the_dense_newton():
    graph = nx.Graph()
    graph.add_node("x", role="input", feature=0, sign=1)
    for name in ("a", "b"):
        graph.add_node(name, role="hidden")
    graph.add_node("y", role="output", class_index=0, sign=1)
    graph.add_edges_from(
        [("x", "a"), ("a", "b"), ("b", "y"), ("y", "a")], conductance=2e-6
    )
    chip = compile_graph(graph)
    twin = TwinSolver(chip, NEURON, SCALE)
    assert twin.split is None  # a-b-y is a triangle
    result = twin.settle(
        chip.conductance, bias_for(chip), chip.clamp_voltages(np.array([[0.4]]))
    )
    assert result.ok.all()


def test_schur_certificate_agrees_with_the_full_one():
    chip = compile_graph(layered_chip(4, [16], 3, seed=1))
    twin = TwinSolver(chip, NEURON, SCALE)
    rng = np.random.default_rng(2)
    coupling, _ = twin.coupling_matrices(
        chip.conductance * rng.uniform(0.05, 1, len(chip.edges))
    )
    # voltages in the negative-slope middle make some states unstable
    v = rng.uniform(-1.2, 1.2, size=(200, chip.n_free))
    full = unstable_states(v, coupling, NEURON)
    fast = unstable_states(v, coupling, NEURON, twin.split)
    assert 0 < full.sum() < len(full)
    np.testing.assert_array_equal(full, fast)


def test_batch_bound_certificate_covers_every_state():
    """One test of A - diag(max f') certifies a batch of stable states; the
    per-state certificate and the full eigenvalue test agree with it."""
    from fhn_hw.circuit import _certified, _certified_one, jacobian_eigenvalues

    chip = compile_graph(layered_chip(4, [16], 3, seed=1))
    twin = TwinSolver(chip, NEURON, SCALE)
    coupling, _ = twin.coupling_matrices(chip.conductance * 4.0)
    rng = np.random.default_rng(5)
    v = (
        rng.uniform(1.3, 2.0, size=(50, chip.n_free)) * rng.choice([-1, 1], 50)[:, None]
    )  # f' < 0 everywhere: certainly stable
    slope = NEURON.gain * (1.0 - v**2)
    assert _certified_one(slope.max(axis=0)[None], coupling, twin.split)[0]
    assert _certified(v, coupling, NEURON, twin.split).all()
    assert _certified_one(slope, coupling, twin.split).all()
    worst = jacobian_eigenvalues(v[:5], coupling, NEURON).real.max()
    assert worst < 0


@pytest.mark.parametrize("hidden", [[32], [6, 5]])
def test_contrast_forms_agree(hidden):
    """The batch-product form of the EP contrast (from the input features)
    against the per-edge form (from every node's voltage), with one hidden
    layer and with two (edges between two hidden cells)."""
    chip = compile_graph(layered_chip(4, hidden, 3, seed=0))
    ep = controller(chip)
    rng = np.random.default_rng(0)
    inputs = random_inputs(9, chip.n_features)
    clamp = chip.clamp_voltages(inputs)
    high = rng.normal(size=(9, chip.n_free)) * 0.5
    low = high + rng.normal(size=high.shape) * 1e-3
    d_g, d_i = ep._contrast(inputs, high, low, 0.02)
    np.testing.assert_allclose(
        d_i, -(high - low).sum(axis=0) / SCALE.voltage / 0.02 / SCALE.current
    )
    nodes = [np.concatenate([clamp, v], axis=1) for v in (high, low)]
    i, j = chip.edges[:, 0], chip.edges[:, 1]
    drops = [0.5 * (n[:, i] - n[:, j]) ** 2 for n in nodes]
    expected = (drops[0] - drops[1]).sum(axis=0) / 0.02 / SCALE.conductance
    np.testing.assert_allclose(
        d_g, expected, rtol=1e-9, atol=1e-9 * abs(expected).max()
    )


def test_data_parallel_training_equals_serial(tmp_path):
    results = {}
    for workers in (1, 2):
        out = tmp_path / f"w{workers}"
        done = fhn_hw(
            "train", IRIS, "--out", out, "--epochs", "2", "--workers", workers
        )
        assert done.returncode == 0, done.stderr
        results[workers] = (
            json.loads((out / "metrics.json").read_text()),
            np.array(json.loads((out / "checkpoint.json").read_text())["conductance"]),
        )
    (m1, g1), (m2, g2) = results[1], results[2]
    assert m1["backend"] == m2["backend"] == "ngspice"
    for key in ("train_accuracy", "test_accuracy"):
        assert m1[key] == m2[key]
    # equal up to the order of floating-point additions
    assert np.max(np.abs(g2 - g1) / g1) < 1e-7
    assert abs(m1["test_loss"] - m2["test_loss"]) < 1e-9


def test_data_parallel_refuses_noisy_reads(tmp_path):
    done = fhn_hw(
        "train",
        IRIS,
        "--out",
        tmp_path / "run",
        "--workers",
        "2",
        "--profile",
        "pcm_gst",
        "--backend",
        "twin",
    )
    assert done.returncode == 2
    assert "read noise" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "run").exists()


def test_sweep_tolerances_converge_on_a_large_chip(tmp_path):
    """A 92-cell chip whose 8th sample never converged under tighter sweep
    tolerances (ngspice's fallbacks then never returned): stock ngspice
    sweeps all 32 samples, in a subprocess with a deadline."""
    import shutil
    import subprocess

    from fhn_hw.netlist import _fold, sweep_netlist

    if shutil.which("ngspice") is None:
        pytest.skip("the ngspice program is not installed")
    chip = compile_graph(layered_chip(170, [86], 3))
    rng = np.random.default_rng(5)
    x = np.clip(rng.normal(size=(33, chip.n_features)) * 0.5, -2.0, 2.0)
    clamp = chip.clamp_voltages(x)[1:]
    _, block = _fold(chip, chip.conductance, 0.0)
    deck = sweep_netlist(
        chip,
        NEURON,
        SCALE,
        chip.conductance,
        bias_for(chip) + clamp @ block.T,
        fold_inputs=True,
    )
    last = chip.n_nodes - 1
    path = tmp_path / "sweep.cir"
    path.write_text(
        deck.replace(".end\n", f".dc vidx 0 31 1\n.print dc v(n{last})\n.end\n")
    )
    done = subprocess.run(
        ["ngspice", "-b", str(path)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0
    assert "gmin" not in done.stdout.lower() + done.stderr.lower()
    assert done.stdout.count("\n31\t") == 1  # the last sweep point was printed


def test_a_replacement_worker_that_dies_starting_is_started_again(monkeypatch):
    """A worker crashes; the one started in its place dies while starting.
    The pool starts another and the batch's gradient is the serial one."""
    from fhn_hw import parallel
    from fhn_hw.config import load_experiment
    from fhn_hw.errors import SimulatorError
    from fhn_hw.experiment import prepare

    experiment = load_experiment(IRIS, {"train.workers": 2})
    run = prepare(experiment, "twin")
    serial = prepare(load_experiment(IRIS), "twin")
    try:
        pool = run.controller.pool
        x, y = run.split.train_voltages[:20], run.split.train_labels[:20]
        real_start, failed = parallel.ShardPool._start, []

        def start(self, k):
            real_start(self, k)
            if not failed:  # this replacement dies before its first answer
                failed.append(k)
                self._workers[k][1].kill()
                self._workers[k][1].join()
                raise SimulatorError("an EP worker could not start (test)")

        pool._workers[0][1].kill()
        pool._workers[0][1].join()
        monkeypatch.setattr(parallel.ShardPool, "_start", start)
        d_g, *_ = pool.estimate_gradient(run.controller.state, x, y)
        expected, *_ = serial.controller.estimate_gradient(x, y)
        assert failed == [0] and pool.faults["worker_crashes"] == 2
        assert pool.faults["shards_given_up"] == 0
        np.testing.assert_allclose(d_g, expected, rtol=1e-9)
    finally:
        run.close()
        serial.close()


def test_a_sample_that_blows_up_is_never_reported_converged(iris_sized_chip):
    """A start so far out that the compiled steps overflow to inf and NaN:
    the residual test must see the NaN (numba's max(0.0, nan) is 0.0), so the
    sample is not CONVERGED unless it really settled."""
    chip = iris_sized_chip
    twin = TwinSolver(chip, NEURON, SCALE)
    bias = np.full(chip.n_free, NEURON.a / NEURON.b * SCALE.current)
    clamp = chip.clamp_voltages(random_inputs(4, chip.n_features))
    start = np.zeros((4, chip.n_free))
    start[1, -1] = 1e160
    start[2, 0] = 1e300
    with np.errstate(all="ignore"):
        result = twin.settle(chip.conductance, bias, clamp, start=start)
    settled = twin.settle(chip.conductance, bias, clamp)
    assert np.isfinite(result.voltages[result.ok]).all()
    np.testing.assert_allclose(
        result.voltages[result.ok], settled.voltages[result.ok], atol=1e-9
    )
    assert result.ok[[0, 3]].all()
