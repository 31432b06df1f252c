"""Checks of a chip against its own physics: the numbers of ``fhn-hw verify``.

* ``twin_vs_ngspice_max_abs_v``: max |v_twin - v_ngspice| [V] over every free
  node of every test sample, free and both nudged phases;
* ``ep_gradient_cosine`` / ``ep_gradient_rel_err``: centred EP with ngspice in
  the loop at the config's beta against the exact gradient of the loss by
  implicit differentiation on the twin (conductances and bias currents in
  normalised units, summed over the test samples);
* ``unstable_fraction`` / ``max_real_eigenvalue``: the share of settled states
  (free and nudged) whose full (v, w) linearisation has an eigenvalue with a
  positive real part, and the largest real part found;
* ``max_kcl_residual_a``: the largest KCL residual [A] of the ngspice states.
"""

from __future__ import annotations

import numpy as np

from .circuit import jacobian_eigenvalues
from .experiment import Run


def _gradient_vector(run: Run, d_conductance, d_bias) -> np.ndarray:
    scale = run.hardware.scale
    return np.concatenate([d_conductance * scale.conductance, d_bias * scale.current])


def _compare(estimate: np.ndarray, exact: np.ndarray) -> tuple[float, float]:
    cosine = float(estimate @ exact / (np.linalg.norm(estimate) * np.linalg.norm(exact)))
    return cosine, float(np.linalg.norm(estimate - exact) / np.linalg.norm(exact))


def verify(run: Run, ngspice_backend) -> dict:
    """All checks on the run's chip state and test set."""
    controller = run.controller
    state = controller.state
    hardware = run.hardware
    twin = run.twin()
    inputs, labels = run.split.test_voltages, run.split.test_labels
    clamp = run.topology.clamp_voltages(inputs)
    beta = controller.settings.beta

    twin_free = twin.settle(state.conductance, state.bias_current, clamp)
    out = twin_free.voltages[:, -run.topology.n_outputs:]
    _, dl_dv = controller.cost.loss_and_gradient(out, labels)
    phases = {"free": None, "plus": controller.nudge_current(dl_dv, beta),
              "minus": controller.nudge_current(dl_dv, -beta)}
    max_dv, residual, worst_real, unstable, n_states = 0.0, 0.0, -np.inf, 0, 0
    coupling, _ = twin.coupling_matrices(state.conductance)
    for nudge in phases.values():
        a = twin.settle(state.conductance, state.bias_current, clamp, nudge)
        b = ngspice_backend.settle(state.conductance, state.bias_current, clamp, nudge)
        max_dv = max(max_dv, float(np.nanmax(np.abs(a.voltages - b.voltages))))
        residual = max(residual, float(b.residual.max()))
        eig = jacobian_eigenvalues(b.voltages[b.ok] / hardware.scale.voltage, coupling,
                                   hardware.neuron).real.max(axis=1)
        worst_real = max(worst_real, float(eig.max()))
        unstable += int((eig > 0).sum()) + int((~b.ok).sum())
        n_states += len(b.ok)

    exact = _gradient_vector(run, *[g.sum(axis=0) for g in twin.implicit_gradient(
        state.conductance, state.bias_current, clamp, twin_free.voltages, dl_dv)])
    saved_backend = controller.backend
    results = {}
    for name, backend in (("", ngspice_backend), ("_twin", twin)):
        controller.backend = backend
        d_g, d_i, _, _, used = controller.estimate_gradient(inputs, labels)
        cosine, rel = _compare(_gradient_vector(run, d_g, d_i), exact)
        results[f"ep_gradient_cosine{name}"] = cosine
        results[f"ep_gradient_rel_err{name}"] = rel
    controller.backend = saved_backend
    results.update({
        "twin_vs_ngspice_max_abs_v": max_dv,
        "max_kcl_residual_a": residual,
        "unstable_fraction": unstable / n_states,
        "max_real_eigenvalue": worst_real,
        "n_states_checked": n_states,
        "beta": beta,
        "nudge": controller.settings.nudge,
    })
    return results
