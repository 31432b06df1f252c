"""The layer-wise recurrence against the Newton steady state, and echo gradients."""

import numpy as np
import pytest

from fhn_hw.circuit import NeuronParams, NeuronScale
from fhn_hw.config import load_residual
from fhn_hw.hamiltonian import LayeredEBM, ResidualChain
from fhn_hw.physics import ebm_study, hamiltonian_study
from fhn_hw.topology import compile_graph, residual_chain
from fhn_hw.twin import TwinSolver

from pathlib import Path

NEURON = NeuronParams(a=0.7, b=0.95, eps=0.08)
SCALE = NeuronScale()
ROOT = Path(__file__).resolve().parent.parent
INPUTS = np.array([0.3, -0.2, 0.5, 0.1])


def chain_and_reference(depth, coupling, nudge=None, centred=True):
    """A chain with cells biased to the middle of their cubic (centred) or at
    rest, and its Newton steady state from the twin."""
    chip = compile_graph(residual_chain(4, depth, coupling=coupling, seed=2))
    current = NEURON.a / NEURON.b if centred else 0.0
    bias = np.full(chip.n_free, current * SCALE.current)
    twin = TwinSolver(chip, NEURON, SCALE)
    current = None if nudge is None else nudge[None] * SCALE.current
    steady = twin.settle(
        chip.conductance, bias, chip.clamp_voltages(INPUTS[None]), current
    )
    reference = np.vstack([INPUTS, steady.voltages[0].reshape(depth, 4)])
    return ResidualChain.from_chip(
        chip, chip.conductance, bias, NEURON, SCALE
    ), reference


# Dense layers amplify errors faster (larger lambda per layer), so single
# shooting holds to a shallower depth there (hamiltonian.json reports where).
@pytest.mark.parametrize("coupling, depth", [("one_to_one", 10), ("dense", 5)])
def test_single_shooting_equals_newton(coupling, depth):
    chain, reference = chain_and_reference(depth, coupling)
    result = chain.single_shooting(INPUTS)
    assert result.converged
    assert np.abs(result.voltages - reference).max() <= 1e-8


@pytest.mark.parametrize("coupling", ["one_to_one", "dense"])
@pytest.mark.parametrize("centred, segment", [(True, 5), (False, 3)])
def test_multiple_shooting_equals_newton_at_depth_60_free_and_nudged(
    coupling, centred, segment
):
    nudge = np.array([0.01, -0.02, 0.0, 0.03])
    for current in (None, nudge):
        chain, reference = chain_and_reference(60, coupling, current, centred)
        result = chain.multiple_shooting(INPUTS, current, segment=segment)
        assert result.converged
        assert np.abs(result.voltages - reference).max() <= 1e-8


def test_single_shooting_breaks_with_depth():
    chain, reference = chain_and_reference(60, "one_to_one")
    result = chain.single_shooting(INPUTS)
    error = np.abs(result.voltages - reference)
    assert not (result.converged and np.isfinite(error).all() and error.max() <= 1e-8)


@pytest.mark.parametrize("coupling", ["one_to_one", "dense"])
def test_map_is_symplectic_and_reproduces_kcl(coupling):
    chain, reference = chain_and_reference(12, coupling)
    for layer in range(1, 12):
        assert chain.symplectic_defect(reference[layer], layer) < 1e-12
    # stepping the map from the Newton state reproduces the next layer
    pi = chain.momentum(reference[2], reference[3], 3)
    nxt, _ = chain.step(reference[3], pi, 3)
    assert np.abs(nxt - reference[4]).max() < 1e-12
    assert chain.kcl_residual(reference) < 1e-11


def test_echo_gradient_equals_implicit_gradient():
    chip = compile_graph(residual_chain(4, 10, coupling="dense", seed=2))
    bias = np.full(chip.n_free, NEURON.a / NEURON.b * SCALE.current)
    twin = TwinSolver(chip, NEURON, SCALE)
    clamp = chip.clamp_voltages(INPUTS[None])
    steady = twin.settle(chip.conductance, bias, clamp)
    error = np.array([[0.3, -0.1, 0.2, 0.05]])
    implicit, implicit_bias = twin.implicit_gradient(
        chip.conductance, bias, clamp, steady.voltages, error
    )
    chain = ResidualChain.from_chip(chip, chip.conductance, bias, NEURON, SCALE)
    layers = np.vstack([INPUTS, steady.voltages[0].reshape(10, 4)])
    adjoint = chain.echo_adjoint(layers, error[0])
    grads, grad_bias = chain.gradient(layers, adjoint)
    echo = np.array([grads[a // 4][a % 4, b % 4] for a, b in chip.edges]) / 1e-5
    rel = np.linalg.norm(echo - implicit[0]) / np.linalg.norm(implicit[0])
    assert rel <= 1e-6
    np.testing.assert_allclose(
        grad_bias[1:].ravel() / 1e-5,
        implicit_bias[0],
        rtol=1e-6,
        atol=1e-9 * np.abs(implicit_bias).max(),
    )


def test_residual_study_meets_its_targets():
    values, profile = load_residual(ROOT / "sim" / "residual.toml")
    values["chain"]["depths"] = [10, 50]
    result = hamiltonian_study(values, profile)
    for coupling in ("one_to_one", "dense"):
        assert result["chain"][coupling]["multiple_shooting_deepest_match"] == 50
        gradients = result["gradients"][coupling]
        assert gradients["echo_vs_implicit_rel_err"] <= 1e-6
        assert gradients["ep_centred_vs_implicit_rel_err"] <= 1e-4
        assert gradients["ep_centred_vs_echo_rel_err"] <= 1e-4
        assert result["chain"][coupling]["max_symplectic_defect"] < 1e-12
        assert result["chain"][coupling]["max_real_eigenvalue"] < 0  # chains settle


def test_layered_ebm_recurrence_reproduces_its_fixed_point():
    result = ebm_study(
        {"width": 5, "layers": 6, "weight_scale": 0.5, "weight_noise": 0.1, "seed": 0}
    )
    assert result["fixed_point_residual"] < 1e-12
    assert result["recurrence_replay_err"] <= 1e-8
    assert result["shooting_vs_fixed_point_err"] <= 1e-8
    assert result["symplectic_defect_fd"] < 1e-6


def test_ebm_needs_square_invertible_weights():
    model = LayeredEBM([np.eye(3), np.zeros((3, 3))], [np.zeros(3)] * 3)
    with pytest.raises(np.linalg.LinAlgError):
        model.step(np.zeros(3), np.zeros(3), 1)
