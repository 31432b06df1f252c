"""EP gradients against finite differences and the implicit gradient."""

import numpy as np
import pytest

from fhn_hw.circuit import NeuronParams
from fhn_hw.devices import IdealDevice
from fhn_hw.ep import ChipState, EquilibriumPropagation, TrainSettings
from fhn_hw.twin import TwinSolver

from .conftest import SCALE, random_inputs

NEURON = NeuronParams(a=0.7, b=0.95, eps=0.08)


def controller(chip, **settings):
    # These tests check EP's arithmetic on any DC point, held or not.
    settings.setdefault("check_stability", False)
    bias = np.full(chip.n_free, NEURON.a / NEURON.b * SCALE.current)
    state = ChipState(chip.conductance.copy(), bias)
    return EquilibriumPropagation(
        chip,
        TwinSolver(chip, NEURON, SCALE),
        IdealDevice(1e-9, 1e-4),
        TrainSettings(**settings),
        SCALE,
        state,
    )


def total_loss(ctl, inputs, labels, conductance=None, bias=None):
    clamp = ctl.topology.clamp_voltages(inputs)
    g = ctl.state.conductance if conductance is None else conductance
    i = ctl.state.bias_current if bias is None else bias
    free = ctl.backend.settle(g, i, clamp)
    loss, _ = ctl.cost.loss_and_gradient(
        free.voltages[:, -ctl.topology.n_outputs :], labels
    )
    return loss.sum()


def finite_difference(ctl, inputs, labels, which, index, step):
    values = (ctl.state.conductance if which == "g" else ctl.state.bias_current).copy()
    out = []
    for sign in (1, -1):
        shifted = values.copy()
        shifted[index] += sign * step
        kwargs = {"conductance": shifted} if which == "g" else {"bias": shifted}
        out.append(total_loss(ctl, inputs, labels, **kwargs))
    return (out[0] - out[1]) / (2 * step)


def ep_and_implicit_gradient(ctl, chip, inputs, labels):
    """EP's estimate of dL/dG summed over the samples, and the exact one (the
    twin's implicit gradient at the free phase)."""
    d_g, _, free, _, _ = ctl.estimate_gradient(inputs, labels)
    _, dl_dv = ctl.cost.loss_and_gradient(free.voltages[:, -chip.n_outputs :], labels)
    exact, _ = ctl.backend.implicit_gradient(
        ctl.state.conductance,
        ctl.state.bias_current,
        chip.clamp_voltages(inputs),
        free.voltages,
        dl_dv,
    )
    return d_g, exact.sum(axis=0)


@pytest.mark.parametrize("cost", ["cross_entropy", "squared_error"])
def test_centred_ep_matches_finite_differences(small_chip, cost):
    ctl = controller(small_chip, beta=1e-3, nudge="centred", cost=cost)
    inputs = random_inputs(6, 2, seed=1)
    labels = np.array([0, 1, 0, 1, 1, 0])
    d_g, d_i, *_ = ctl.estimate_gradient(inputs, labels)
    for index in (0, 3, len(d_g) - 1):
        fd = finite_difference(ctl, inputs, labels, "g", index, 1e-10)
        assert d_g[index] == pytest.approx(fd, rel=1e-4, abs=1e-3 * np.abs(d_g).max())
    for index in (0, small_chip.n_free - 1):
        fd = finite_difference(ctl, inputs, labels, "i", index, 1e-10)
        assert d_i[index] == pytest.approx(fd, rel=1e-4, abs=1e-3 * np.abs(d_i).max())


def test_ep_converges_to_implicit_gradient_with_order(small_chip):
    inputs = random_inputs(8, 2, seed=2)
    labels = np.array([0, 1] * 4)
    errors = {}
    for nudge in ("one_sided", "centred"):
        for beta in (1e-2, 1e-3):
            ctl = controller(small_chip, beta=beta, nudge=nudge)
            d_g, exact = ep_and_implicit_gradient(ctl, small_chip, inputs, labels)
            errors[nudge, beta] = np.linalg.norm(d_g - exact) / np.linalg.norm(exact)
    # One-sided error falls ~10x per decade of beta (order 1), centred ~100x (order 2).
    one = errors["one_sided", 1e-2] / errors["one_sided", 1e-3]
    two = errors["centred", 1e-2] / errors["centred", 1e-3]
    assert 5 < one < 20 and 50 < two < 200
    assert errors["centred", 1e-3] < 1e-4


def test_training_lowers_the_loss(small_chip):
    ctl = controller(small_chip, beta=0.01, learning_rate=0.02, bias_learning_rate=0.02)
    inputs = random_inputs(40, 2, seed=4)
    labels = (inputs[:, 0] + inputs[:, 1] > 0).astype(int)
    rng = np.random.default_rng(0)
    before = total_loss(ctl, inputs, labels)
    for _ in range(30):
        ctl.train_batch(inputs, labels, rng)
    assert total_loss(ctl, inputs, labels) < 0.5 * before
    assert (ctl.state.conductance >= 1e-9).all() and (
        ctl.state.conductance <= 1e-4
    ).all()


def weak_chip():
    """Cells at v ~ 0 with little coupling: DC points that a real chip leaves."""
    from fhn_hw.topology import compile_graph, layered_chip

    return compile_graph(
        layered_chip(2, [4], 2, conductance_range=(1e-7, 2e-7), seed=0)
    )


@pytest.mark.parametrize("policy", ["reject", "keep"])
def test_unstable_states_are_flagged_and_handled_by_policy(policy):
    from fhn_hw.errors import SettleStatus

    chip = weak_chip()
    ctl = controller(chip, check_stability=True, unsettled=policy)
    inputs = random_inputs(6, 2, seed=1) * 0.01
    labels = np.array([0, 1] * 3)
    free = ctl.free_phase(inputs)
    assert (free.status == SettleStatus.UNSTABLE).all()
    d_g, _, _, _, used = ctl.estimate_gradient(inputs, labels)
    if policy == "reject":
        assert not used.any() and not d_g.any()
    else:
        assert used.all() and np.abs(d_g).max() > 0
    report = ctl.train_batch(inputs, labels, np.random.default_rng(0))
    assert report.rejected == (6 if policy == "reject" else 0)
    assert ctl.unsettled_count == 6


def test_cross_entropy_and_its_gradient(small_chip):
    """The compiled cross-entropy against softmax written out, and its
    gradient against central differences of the loss."""
    cost = controller(small_chip).cost
    rng = np.random.default_rng(3)
    out = rng.normal(size=(5, small_chip.n_outputs)) * 0.3
    labels = rng.integers(0, small_chip.n_classes, 5)
    loss, gradient = cost.loss_and_gradient(out, labels)
    z = cost.logits(out)
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(loss, -np.log(p[np.arange(5), labels]), rtol=1e-12)
    step = 1e-6
    for o in range(small_chip.n_outputs):
        shift = np.zeros_like(out)
        shift[:, o] = step
        up, _ = cost.loss_and_gradient(out + shift, labels)
        down, _ = cost.loss_and_gradient(out - shift, labels)
        np.testing.assert_allclose(gradient[:, o], (up - down) / (2 * step), rtol=1e-6)


def test_adam_steps_as_written():
    """Adam's compiled step, bit for bit the formula of Kingma & Ba (2015)."""
    from fhn_hw.ep import Adam

    adam, rng = Adam(0.02), np.random.default_rng(4)
    m = v = np.zeros(50)
    for t in range(1, 6):
        g = rng.normal(size=50) * 10.0 ** rng.integers(-8, 3)
        m = 0.9 * m + (1 - 0.9) * g
        v = 0.999 * v + (1 - 0.999) * (g * g)
        expected = m / (1 - 0.9**t) * -0.02 / (np.sqrt(v / (1 - 0.999**t)) + 1e-8)
        assert np.array_equal(adam.direction(g), expected)


def test_labels_and_inputs_of_the_wrong_shape_are_refused(small_chip):
    """The compiled loops do not check their indices: bad labels or inputs
    are refused before them, naming what was wrong."""
    from fhn_hw.errors import DataError

    ctl = controller(small_chip)
    out = np.zeros((2, small_chip.n_outputs))
    for labels in ([0, small_chip.n_classes], [-1, 0], [0]):
        with pytest.raises(DataError, match="labels"):
            ctl.cost.loss_and_gradient(out, labels)
    with pytest.raises(DataError, match="input voltages"):
        small_chip.clamp_voltages(np.zeros((3, small_chip.n_features - 1)))
    with pytest.raises(DataError, match="input voltages"):
        small_chip.clamp_voltages(np.zeros(small_chip.n_features))


@pytest.mark.parametrize("wire", [1e4, 1e5])
def test_ep_gradient_with_wire_resistance(small_chip, wire):
    """With a wire in series, EP's gradient is that of each device's own
    conductance: centred EP against the implicit gradient (which has the
    chain factor 1 / (1 + G R)^2) and central differences of the loss."""
    ctl = controller(small_chip, beta=1e-4, nudge="centred")
    ctl.backend = TwinSolver(small_chip, NEURON, SCALE, wire_resistance=wire)
    inputs = random_inputs(6, 2, seed=5)
    labels = np.array([0, 1, 0, 1, 1, 0])
    d_g, exact = ep_and_implicit_gradient(ctl, small_chip, inputs, labels)
    assert np.linalg.norm(d_g - exact) < 1e-4 * np.linalg.norm(exact)
    fd = finite_difference(ctl, inputs, labels, "g", 0, 1e-10)
    assert d_g[0] == pytest.approx(fd, rel=1e-4, abs=1e-3 * np.abs(d_g).max())
