"""The FN cell on its own: reference values from the literature, both solvers."""

import numpy as np
import pytest

from fhn_hw.circuit import NeuronParams, isolated_equilibrium, jacobian_eigenvalues
from fhn_hw.ngspice import NgspiceBackend
from fhn_hw.twin import TwinSolver

from .conftest import CLASSIC, SCALE, lone_cell

# Check values for a=0.7, b=0.8, eps=0.08, I=0 (FitzHugh 1961 parameters; the
# stable rest point -1.199408, -0.624260 solves the cubic to 6 decimals).
V_REST, W_REST = -1.199408, -0.624260


def test_isolated_equilibrium_closed_form():
    v, w = isolated_equilibrium(0.0, CLASSIC)
    assert v == pytest.approx(V_REST, abs=1e-6)
    assert w == pytest.approx(W_REST, abs=1e-6)


@pytest.mark.parametrize("backend", [TwinSolver, NgspiceBackend])
def test_isolated_equilibrium_in_both_solvers(backend):
    chip = lone_cell()
    solver = backend(chip, CLASSIC, SCALE)
    result = solver.settle(chip.conductance, chip.bias_current, np.zeros((1, 1)))
    assert result.ok.all()
    v = result.voltages[0, 0] / SCALE.voltage
    assert v == pytest.approx(V_REST, abs=1e-6)
    assert (v + CLASSIC.a) / CLASSIC.b == pytest.approx(W_REST, abs=1e-6)


def test_rest_point_stable_and_middle_branch_unstable():
    # I = 0 is stable; I = 0.5 lies between the Hopf thresholds (~0.331, ~1.419)
    # and its DC point v = -0.804848 is unstable (the cell oscillates).
    no_coupling = np.zeros((1, 1))
    for current, v_expected, stable in ((0.0, V_REST, True), (0.5, -0.804848, False)):
        v, _ = isolated_equilibrium(current, CLASSIC)
        assert v == pytest.approx(v_expected, abs=1e-6)
        eig = jacobian_eigenvalues(np.array([[v]]), no_coupling, CLASSIC)
        assert (eig.real.max() < 0) == stable


def test_coupling_damps_the_middle_branch():
    # A cell at v = 0 has f'(0) = 1; a conductance to a clamp of g > 1 - eps b
    # makes the trace of its 2x2 linearisation negative.
    neuron = NeuronParams(b=0.95)
    weak = jacobian_eigenvalues(np.zeros((1, 1)), np.array([[0.5]]), neuron)
    strong = jacobian_eigenvalues(np.zeros((1, 1)), np.array([[1.5]]), neuron)
    assert weak.real.max() > 0 > strong.real.max()
