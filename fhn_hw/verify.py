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
    cosine = float(
        estimate @ exact / (np.linalg.norm(estimate) * np.linalg.norm(exact))
    )
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
    out = twin_free.voltages[:, -run.topology.n_outputs :]
    _, dl_dv = controller.cost.loss_and_gradient(out, labels)
    phases = {
        "free": None,
        "plus": controller.nudge_current(dl_dv, beta),
        "minus": controller.nudge_current(dl_dv, -beta),
    }
    max_dv, residual, worst_real, unstable, n_states = 0.0, 0.0, -np.inf, 0, 0
    coupling, _ = twin.coupling_matrices(state.conductance)
    for nudge in phases.values():
        a = twin.settle(state.conductance, state.bias_current, clamp, nudge)
        b = ngspice_backend.settle(state.conductance, state.bias_current, clamp, nudge)
        max_dv = max(max_dv, float(np.nanmax(np.abs(a.voltages - b.voltages))))
        residual = max(residual, float(b.residual.max()))
        eig = jacobian_eigenvalues(
            b.voltages[b.ok] / hardware.scale.voltage, coupling, hardware.neuron
        ).real.max(axis=1)
        worst_real = max(worst_real, float(eig.max()))
        unstable += int((eig > 0).sum()) + int((~b.ok).sum())
        n_states += len(b.ok)

    exact = _gradient_vector(
        run,
        *[
            g.sum(axis=0)
            for g in twin.implicit_gradient(
                state.conductance, state.bias_current, clamp, twin_free.voltages, dl_dv
            )
        ],
    )
    saved_backend = controller.backend
    results = {}
    for name, backend in (("", ngspice_backend), ("_twin", twin)):
        controller.backend = backend
        d_g, d_i, _, _, used = controller.estimate_gradient(inputs, labels)
        cosine, rel = _compare(_gradient_vector(run, d_g, d_i), exact)
        results[f"ep_gradient_cosine{name}"] = cosine
        results[f"ep_gradient_rel_err{name}"] = rel
    controller.backend = saved_backend
    results.update(
        {
            "twin_vs_ngspice_max_abs_v": max_dv,
            "max_kcl_residual_a": residual,
            "unstable_fraction": unstable / n_states,
            "max_real_eigenvalue": worst_real,
            "n_states_checked": n_states,
            "beta": beta,
            "nudge": controller.settings.nudge,
        }
    )
    return results


def physics_checks(run: Run, spice, transient_samples: int = 5) -> dict:
    """Reciprocity and self-adjointness, EP against beta, transients, and the
    lone-cell reference values (FitzHugh's a=0.7, b=0.8, eps=0.08)."""
    from .circuit import NeuronParams
    from .ngspice import NgspiceBackend
    from .physics import (
        beta_sweep,
        hopf_thresholds,
        lone_cell_oscillation,
        ngspice_equilibrium,
        random_graph_chip,
        reciprocity,
        settling_report,
    )

    hardware = run.hardware
    state = run.controller.state
    inputs, labels = run.split.test_voltages, run.split.test_labels
    clamp = run.topology.clamp_voltages(inputs)
    out = {"reciprocity": reciprocity(run, spice, clamp[0])}

    graph_chip = random_graph_chip(seed=0)
    graph_spice = NgspiceBackend(graph_chip, hardware.nominal, hardware.scale)
    graph_run = _GraphRun(graph_chip, hardware)
    out["reciprocity_random_graph"] = {
        key: value
        for key, value in reciprocity(
            graph_run, graph_spice, np.array([0.3, -0.2]), per_decade=1
        ).items()
        if not isinstance(value, list)
    }

    out["ep_beta_sweep"] = beta_sweep(run, inputs, labels)

    tau = hardware.scale.time
    reports = []
    for row in clamp[:transient_samples]:
        times, volts = spice.transient(
            state.conductance, state.bias_current, row, 600 * tau, 0.2 * tau
        )
        reports.append(settling_report(times, volts, tau))
    out["transients"] = {
        "samples": len(reports),
        "settled": int(sum(r["settled"] for r in reports)),
        "max_settling_time_tau": max(
            (r.get("settling_time_tau", np.inf) for r in reports), default=None
        ),
        "oscillating": int(sum(r.get("oscillating", False) for r in reports)),
    }

    classic = NeuronParams(a=0.7, b=0.8, eps=0.08)
    out["lone_cell"] = {
        "hopf_thresholds": [
            float(c)
            for c in hopf_thresholds(
                classic, equilibrium=ngspice_equilibrium(classic, hardware.scale)
            )
        ],
        "oscillation_at_0_5": lone_cell_oscillation(classic, hardware.scale),
    }
    return out


class _GraphRun:
    """The parts of a Run that :func:`physics.reciprocity` reads, for a bare chip."""

    def __init__(self, topology, hardware):
        from .ep import ChipState
        from .twin import TwinSolver

        self.topology = topology
        self.hardware = hardware
        bias = np.full(
            topology.n_free,
            hardware.nominal.a / hardware.nominal.b * hardware.scale.current,
        )

        class _Controller:
            state = ChipState(topology.conductance.copy(), bias)

        self.controller = _Controller()
        self._twin = TwinSolver(topology, hardware.nominal, hardware.scale)

    def twin(self):
        return self._twin


def plot_physics(checks: dict, out) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from . import files

    rec = checks["reciprocity"]
    figure, axes = plt.subplots(figsize=(6, 4))
    f = np.array(rec["frequencies_hz"])
    axes.loglog(
        f,
        np.maximum(rec["reciprocity_rel_asym"], 1e-17),
        "o-",
        label="||Z - Z^T|| / ||Z||  (reciprocity)",
    )
    axes.loglog(
        f,
        np.maximum(rec["self_adjoint_rel_asym"], 1e-17),
        "s-",
        label="||Z - Z^H|| / ||Z||  (self-adjointness)",
    )
    axes.set(
        xlabel="frequency [Hz]",
        ylabel="relative asymmetry",
        title="transimpedance of the trained chip (ngspice AC)",
    )
    axes.grid(alpha=0.3, which="both")
    axes.legend(fontsize=8)
    figure.tight_layout()
    files.save_figure(figure, out / "reciprocity.png")

    sweep = checks["ep_beta_sweep"]
    figure, axes = plt.subplots(figsize=(6, 4))
    for nudge in ("one_sided", "centred"):
        axes.loglog(
            sweep["betas"],
            sweep[f"{nudge}_rel_err"],
            "o-",
            label=f"{nudge} (order {sweep[f'{nudge}_order']:.2f})",
        )
    axes.set(
        xlabel="beta",
        ylabel="||g_EP - g_exact|| / ||g_exact||",
        title="EP gradient error against beta (twin)",
    )
    axes.grid(alpha=0.3, which="both")
    axes.legend(fontsize=8)
    figure.tight_layout()
    files.save_figure(figure, out / "ep_beta.png")
