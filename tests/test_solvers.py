"""The twin and ngspice solve the same circuit: KCL holds, and they agree."""

import numpy as np
import pytest

from fhn_hw.circuit import NeuronParams
from fhn_hw.errors import SettleStatus
from fhn_hw.ngspice import NgspiceBackend
from fhn_hw.twin import TwinSolver

from .conftest import SCALE, random_inputs

NEURON = NeuronParams(a=0.7, b=0.95, eps=0.08)


def operating_points(chip, backend, nudge=None, seed=0):
    solver = backend(chip, NEURON, SCALE)
    bias = np.full(chip.n_free, NEURON.a / NEURON.b * SCALE.current)
    clamp = chip.clamp_voltages(random_inputs(12, chip.n_features, seed))
    return solver.settle(chip.conductance, bias, clamp, nudge), bias, clamp


@pytest.mark.parametrize("backend", [TwinSolver, NgspiceBackend])
def test_kcl_residual_of_every_settled_state(iris_sized_chip, backend):
    result, bias, clamp = operating_points(iris_sized_chip, backend)
    assert (result.status == SettleStatus.CONVERGED).all()
    twin = TwinSolver(iris_sized_chip, NEURON, SCALE)
    residual = twin.residual(
        iris_sized_chip.conductance, bias, clamp, None, result.voltages
    )
    # 1e-15 A is 1e-10 of the current scale.
    assert residual.max() < 1e-15
    np.testing.assert_allclose(residual, result.residual, atol=1e-18)


def test_twin_and_ngspice_agree_free_and_nudged(iris_sized_chip):
    nudge = np.random.default_rng(5).normal(size=(12, iris_sized_chip.n_outputs)) * 1e-7
    for current in (None, nudge):
        twin, _, _ = operating_points(iris_sized_chip, TwinSolver, current)
        spice, _, _ = operating_points(iris_sized_chip, NgspiceBackend, current)
        assert np.abs(twin.voltages - spice.voltages).max() < 1e-9


def test_ngspice_alters_conductances_in_place(small_chip):
    spice = NgspiceBackend(small_chip, NEURON, SCALE)
    twin = TwinSolver(small_chip, NEURON, SCALE)
    clamp = small_chip.clamp_voltages(random_inputs(3, 2))
    bias = np.zeros(small_chip.n_free)
    for factor in (1.0, 3.0, 0.5):
        g = small_chip.conductance * factor
        a = spice.settle(g, bias, clamp)
        b = twin.settle(g, bias, clamp)
        assert np.abs(a.voltages - b.voltages).max() < 1e-9


def test_failed_analysis_is_reported_not_read_stale(small_chip):
    spice = NgspiceBackend(small_chip, NEURON, SCALE)
    good, status = spice._operating_point()
    assert status == SettleStatus.CONVERGED and good is not None
    # Two ideal sources fighting over one node: ngspice cannot solve it.
    spice._load("* conflict\nV1 a 0 DC 1\nV2 a 0 DC 2\nR1 a 0 1k\n.end\n")
    voltages, status = spice._operating_point()
    assert status == SettleStatus.SIMULATOR_FAILED and voltages is None


def test_backends_sharing_the_one_ngspice_reload_their_own_chip(
    small_chip, iris_sized_chip
):
    first = NgspiceBackend(small_chip, NEURON, SCALE)
    clamp = small_chip.clamp_voltages(random_inputs(2, 2))
    bias = np.zeros(small_chip.n_free)
    before = first.settle(small_chip.conductance, bias, clamp)
    NgspiceBackend(iris_sized_chip, NEURON, SCALE)  # loads another circuit
    after = first.settle(small_chip.conductance, bias, clamp)
    assert after.ok.all()
    np.testing.assert_array_equal(before.voltages, after.voltages)


def test_twin_converges_from_far_starts(small_chip):
    twin = TwinSolver(small_chip, NEURON, SCALE)
    clamp = small_chip.clamp_voltages(random_inputs(4, 2))
    bias = np.zeros(small_chip.n_free)
    reference = twin.settle(small_chip.conductance, bias, clamp)
    for start in (-50.0, 50.0):
        far = twin.settle(
            small_chip.conductance,
            bias,
            clamp,
            start=np.full((4, small_chip.n_free), start),
        )
        assert far.ok.all()
        np.testing.assert_allclose(far.voltages, reference.voltages, atol=1e-10)


@pytest.mark.parametrize("wire", [0.0, 2e4])
def test_folded_inputs_equal_clamped_sources(iris_sized_chip, wire):
    chip = iris_sized_chip
    bias = np.full(chip.n_free, NEURON.a / NEURON.b * SCALE.current)
    clamp = chip.clamp_voltages(random_inputs(5, chip.n_features, seed=4))
    nudge = np.random.default_rng(2).normal(size=(5, chip.n_outputs)) * 1e-7
    plain = NgspiceBackend(chip, NEURON, SCALE, wire_resistance=wire)
    folded = NgspiceBackend(chip, NEURON, SCALE, wire_resistance=wire, fold_inputs=True)
    for g in (chip.conductance, chip.conductance * 1.7):
        a = plain.settle(g, bias, clamp, nudge)
        b = folded.settle(g, bias, clamp, nudge)
        assert a.ok.all() and b.ok.all()
        assert np.abs(a.voltages - b.voltages).max() < 1e-12
