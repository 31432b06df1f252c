"""Reciprocity, self-adjointness, Hopf thresholds, limit cycles, settling."""

import numpy as np
import pytest

from fhn_hw.circuit import NeuronParams, jacobian_eigenvalues, unstable_states
from fhn_hw.errors import SettleStatus
from fhn_hw.ngspice import NgspiceBackend
from fhn_hw.physics import (
    hopf_thresholds,
    lone_cell_oscillation,
    ngspice_equilibrium,
    random_graph_chip,
    reciprocity,
    settling_report,
)
from fhn_hw.verify import _GraphRun

from .conftest import CLASSIC, SCALE, random_inputs

NEURON = NeuronParams(a=0.7, b=0.95, eps=0.08)


def test_hopf_thresholds_of_the_lone_cell():
    # FitzHugh's cell (a=0.7, b=0.8, eps=0.08): Hopf at I ~ 0.33128 and ~ 1.41872.
    for equilibrium in (None, ngspice_equilibrium(CLASSIC, SCALE)):
        low, high = hopf_thresholds(CLASSIC, equilibrium=equilibrium)
        assert low == pytest.approx(0.33128, abs=1e-3)
        assert high == pytest.approx(1.41872, abs=1e-3)


def test_ngspice_transient_finds_the_limit_cycle():
    # At I = 0.5 the DC point is unstable: period ~ 39.47, v in ~[-1.970, 1.852].
    report = lone_cell_oscillation(CLASSIC, SCALE, current=0.5)
    assert not report["settled"] and report["oscillating"]
    assert report["period_tau"] == pytest.approx(39.47, rel=0.005)
    assert report["v_min"] == pytest.approx(-1.970, abs=0.005)
    assert report["v_max"] == pytest.approx(1.852, abs=0.005)


def test_ngspice_transient_settles_at_rest():
    report = lone_cell_oscillation(CLASSIC, SCALE, current=0.0, t_stop=400)
    assert report["settled"] and 0 < report["settling_time_tau"] < 400


def test_settling_report_on_synthetic_signals():
    t = np.linspace(0, 100, 5001)
    decaying = np.exp(-t / 5)[:, None] * 0.1
    assert settling_report(t, decaying, tau=1.0)["settled"]
    ringing = np.sin(2 * np.pi * t / 7.0)[:, None]
    report = settling_report(t, ringing, tau=1.0)
    assert report["oscillating"] and report["period_tau"] == pytest.approx(
        7.0, rel=1e-3
    )


def test_stability_certificate_agrees_with_eigenvalues():
    rng = np.random.default_rng(0)
    n = 6
    for _ in range(50):
        g = rng.uniform(0, 0.6, (n, n))
        g = np.triu(g, 1) + np.triu(g, 1).T
        coupling = np.diag(g.sum(axis=1) + rng.uniform(0, 0.5, n)) - g
        v = rng.uniform(-1.5, 1.5, (4, n))
        full = jacobian_eigenvalues(v, coupling, NEURON).real.max(axis=1) > 0
        np.testing.assert_array_equal(unstable_states(v, coupling, NEURON), full)


def test_reciprocity_of_a_random_graph_chip():
    chip = random_graph_chip(cells=20, seed=3)
    from fhn_hw.config import load_profile

    hardware = load_profile("ideal").hardware(chip.n_free, len(chip.edges), 0)
    spice = NgspiceBackend(chip, hardware.nominal, hardware.scale)
    result = reciprocity(
        _GraphRun(chip, hardware),
        spice,
        np.array([0.3, -0.2]),
        f_start=1e-3,
        f_stop=1e7,
        per_decade=1,
    )
    assert result["reciprocity_rel_asym_dc"] <= 1e-6
    assert result["self_adjoint_rel_asym_dc"] <= 1e-6
    assert result["z_dc_twin_vs_ngspice_rel"] <= 1e-8
    # reciprocal at every frequency; self-adjoint at DC only, less so as f grows
    assert max(result["reciprocity_rel_asym"]) <= 1e-6
    hermitian = np.array(result["self_adjoint_rel_asym"])
    assert hermitian[-1] >= 1e-3 and (np.diff(hermitian[:8]) > 0).all()


def test_tran_settle_mode_agrees_with_op_and_flags_oscillation(small_chip):
    tran = NgspiceBackend(small_chip, NEURON, SCALE, settle_mode="tran", tran_time=400)
    op = NgspiceBackend(small_chip, NEURON, SCALE)
    bias = np.full(small_chip.n_free, NEURON.a / NEURON.b * SCALE.current)
    clamp = small_chip.clamp_voltages(random_inputs(2, 2))
    g = small_chip.conductance * 5  # strong coupling: the chip settles
    a = tran.settle(g, bias, clamp)
    b = op.settle(g, bias, clamp)
    assert a.ok.all()
    np.testing.assert_allclose(a.voltages, b.voltages, atol=1e-12)
    weak = small_chip.conductance * 0.05  # cells near v = 0 barely coupled: they ring
    c = tran.settle(weak, bias, clamp)
    assert (c.status == SettleStatus.NOT_SETTLED).all()
    assert all(r.get("oscillating") for r in tran.transient_reports[-2:])
