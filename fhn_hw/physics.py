"""Studies of the physics a chip rests on, run on the user's own circuits.

* :func:`hamiltonian_study`: the layer-wise recurrence of residual chains
  against the Newton steady state, over depth (single and multiple shooting),
  its symplectic defect, echo gradients against the implicit gradient and EP,
  and the same recurrence for a layered energy-based model.
* :func:`reciprocity`: the transimpedance Z_ij = dv_i/dI_j of a chip from
  ngspice AC analyses, at DC and above.
* :func:`beta_sweep`: EP gradient error against beta, one-sided and centred,
  with the fitted orders.
* :func:`hopf_thresholds`, :func:`transient_check`: settling and oscillation.
"""

from __future__ import annotations

import logging

import numpy as np

from .circuit import NeuronParams, jacobian_eigenvalues
from .hamiltonian import (LayeredEBM, ResidualChain, ebm_symplectic_defect)
from .topology import compile_graph, residual_chain
from .twin import TwinSolver

log = logging.getLogger(__name__)

#: Shooting counts as matching the Newton steady state below this error [V].
MATCH_V = 1e-8


# ------------------------------------------------------------------ Hamiltonian


def _chain_chip(chain_values, depth, coupling, hardware_scale):
    low, high = chain_values["conductance"]
    graph = residual_chain(chain_values["width"], depth, coupling=coupling,
                           conductance_range=(low, high), seed=chain_values["seed"],
                           cross_fraction=chain_values["cross_fraction"])
    return compile_graph(graph, source="residual chain")


def hamiltonian_study(values: dict, profile) -> dict:
    """Every check of the Hamiltonian recurrence, as one JSON-ready dict."""
    chain_values = values["chain"]
    neuron, scale = profile.neuron, profile.scale
    rng = np.random.default_rng(chain_values["seed"])
    inputs = rng.normal(size=chain_values["width"]) * chain_values["inputs_volts"]
    rows, portrait = [], None
    for coupling in chain_values["couplings"]:
        for depth in chain_values["depths"]:
            row, chain, reference = _depth_row(chain_values, coupling, depth, inputs,
                                               neuron, scale)
            rows.append(row)
            if coupling == "one_to_one":
                portrait = (depth, chain, reference)
    result = {"chain": _summarise_depths(rows), "depth_rows": rows}
    result["gradients"] = _gradient_check(chain_values, inputs, neuron, scale)
    if portrait is not None:
        depth, chain, reference = portrait
        energy = chain.spatial_energy(reference)
        result["spatial_energy"] = {
            "depth": depth, "coupling": "one_to_one",
            "relative_variation": float(np.ptp(energy) / max(np.abs(energy).max(),
                                                             1e-300))}
        result["_portrait"] = (chain, reference)
    result["ebm"] = ebm_study(values["ebm"])
    return result


def _depth_row(chain_values, coupling, depth, inputs, neuron, scale):
    chip = _chain_chip(chain_values, depth, coupling, scale)
    bias = np.full(chip.n_free, neuron.a / neuron.b * scale.current)
    twin = TwinSolver(chip, neuron, scale)
    clamp = chip.clamp_voltages(inputs[None] * scale.voltage)
    steady = twin.settle(chip.conductance, bias, clamp)
    width = chain_values["width"]
    reference = np.vstack([inputs, steady.voltages[0].reshape(depth, width)
                           / scale.voltage])
    chain = ResidualChain.from_chip(chip, chip.conductance, bias, neuron, scale)
    single = chain.single_shooting(inputs)
    multiple = chain.multiple_shooting(inputs, segment=chain_values["segment"])
    nudge = np.linspace(-1, 1, width) * 0.01
    steady_nudged = twin.settle(chip.conductance, bias, clamp,
                                nudge[None] * scale.current)
    reference_nudged = np.vstack([inputs, steady_nudged.voltages[0].reshape(
        depth, width) / scale.voltage])
    nudged = chain.multiple_shooting(inputs, nudge, segment=chain_values["segment"])
    defects = [chain.symplectic_defect(reference[layer], layer)
               for layer in range(1, depth)]
    row = {"coupling": coupling, "depth": depth,
           "single_shooting_err_v": _err(single, reference) * scale.voltage,
           "single_shooting_converged": single.converged,
           "multiple_shooting_err_v": _err(multiple, reference) * scale.voltage,
           "multiple_shooting_converged": multiple.converged,
           "multiple_shooting_nudged_err_v": _err(nudged, reference_nudged)
           * scale.voltage,
           "symplectic_defect": float(max(defects)) if defects else 0.0,
           "newton_kcl_residual": chain.kcl_residual(reference)}
    return row, chain, reference


def _err(result, reference):
    difference = np.abs(result.voltages - reference)
    return float(difference.max()) if np.isfinite(difference).all() else float("inf")


def _summarise_depths(rows):
    summary = {}
    for coupling in sorted({r["coupling"] for r in rows}):
        mine = sorted((r for r in rows if r["coupling"] == coupling),
                      key=lambda r: r["depth"])
        broken = [r["depth"] for r in mine if not (r["single_shooting_converged"] and
                                                   r["single_shooting_err_v"] <= MATCH_V)]
        multiple_ok = [r["depth"] for r in mine if r["multiple_shooting_converged"]
                       and r["multiple_shooting_err_v"] <= MATCH_V]
        summary[coupling] = {
            "single_shooting_breaks_at_depth": broken[0] if broken else None,
            "single_shooting_deepest_match": max(
                [r["depth"] for r in mine if r["depth"] not in broken], default=None),
            "multiple_shooting_deepest_match": max(multiple_ok, default=None),
            "max_symplectic_defect": max(r["symplectic_defect"] for r in mine)}
    return summary


def _gradient_check(chain_values, inputs, neuron, scale) -> dict:
    """Echo gradient vs implicit gradient vs centred EP, per coupling."""
    from .ep import ChipState, EquilibriumPropagation, OutputCost, TrainSettings
    from .devices import IdealDevice

    depth, width = chain_values["gradient_depth"], chain_values["width"]
    out = {}
    for coupling in chain_values["couplings"]:
        chip = _chain_chip(chain_values, depth, coupling, scale)
        bias = np.full(chip.n_free, neuron.a / neuron.b * scale.current)
        twin = TwinSolver(chip, neuron, scale)
        clamp = chip.clamp_voltages(inputs[None] * scale.voltage)
        steady = twin.settle(chip.conductance, bias, clamp)
        label = np.array([0])
        cost = OutputCost(chip, "cross_entropy", 0.1)
        _, dl_dv = cost.loss_and_gradient(steady.voltages[:, -chip.n_outputs:], label)
        implicit, implicit_bias = twin.implicit_gradient(chip.conductance, bias, clamp,
                                                         steady.voltages, dl_dv)
        chain = ResidualChain.from_chip(chip, chip.conductance, bias, neuron, scale)
        layers = chain.multiple_shooting(inputs, segment=chain_values["segment"])
        adjoint = chain.echo_adjoint(layers.voltages, dl_dv[0] * scale.voltage)
        grads, grad_bias = chain.gradient(layers.voltages, adjoint)
        echo = np.array([grads[a // width][a % width, b % width]
                         for a, b in chip.edges]) / scale.conductance
        state = ChipState(chip.conductance.copy(), bias.copy())
        settings = TrainSettings(beta=chain_values["beta"], nudge="centred",
                                 temperature=0.1)
        ep = EquilibriumPropagation(chip, twin, IdealDevice(1e-15, 1.0), settings,
                                    scale, state)
        ep_g, _, _, _, _ = ep.estimate_gradient(inputs[None] * scale.voltage, label)
        exact = implicit[0]
        out[coupling] = {
            "depth": depth,
            "echo_vs_implicit_rel_err": _rel(echo, exact),
            "echo_bias_vs_implicit_rel_err": _rel(grad_bias[1:].ravel() / scale.current,
                                                  implicit_bias[0]),
            "ep_centred_vs_implicit_rel_err": _rel(ep_g, exact),
            "ep_centred_vs_echo_rel_err": _rel(ep_g, echo),
            "beta": chain_values["beta"]}
    return out


def _rel(a, b):
    return float(np.linalg.norm(a - b) / np.linalg.norm(b))


def ebm_study(values: dict) -> dict:
    rng = np.random.default_rng(values["seed"])
    n, layers = values["width"], values["layers"]
    weights = [values["weight_scale"] * np.eye(n) + values["weight_noise"]
               * rng.normal(size=(n, n)) for _ in range(layers)]
    biases = [np.zeros(n)] + [0.1 * rng.normal(size=n) for _ in range(layers)]
    model = LayeredEBM(weights, biases)
    x = 0.5 * rng.normal(size=n)
    fixed, fixed_residual = model.fixed_point(x)
    shot, shot_residual = model.shoot(x)
    replay = model._forward(x, fixed[1])
    defects = []
    for layer in range(1, layers):
        momentum = -weights[layer - 1] @ model.rho(fixed[layer - 1])
        defects.append(ebm_symplectic_defect(model, fixed[layer], momentum, layer))
    return {"width": n, "layers": layers,
            "fixed_point_residual": fixed_residual,
            "recurrence_replay_err": float(np.abs(replay - fixed).max()),
            "shooting_vs_fixed_point_err": float(np.abs(shot - fixed).max()),
            "shooting_residual": shot_residual,
            "symplectic_defect_fd": float(max(defects))}


def plot_hamiltonian(result: dict, out) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from . import files

    rows = result["depth_rows"]
    figure, axes = plt.subplots(figsize=(6, 4))
    for coupling in sorted({r["coupling"] for r in rows}):
        mine = sorted((r for r in rows if r["coupling"] == coupling),
                      key=lambda r: r["depth"])
        depths = [r["depth"] for r in mine]
        single = [min(r["single_shooting_err_v"], 1e3) for r in mine]
        multiple = [min(r["multiple_shooting_err_v"], 1e3) for r in mine]
        axes.semilogy(depths, np.maximum(single, 1e-17), "o-",
                      label=f"single shooting, {coupling}")
        axes.semilogy(depths, np.maximum(multiple, 1e-17), "s--",
                      label=f"multiple shooting, {coupling}")
    axes.axhline(MATCH_V, color="grey", lw=0.8)
    axes.set(xlabel="depth (layers)", ylabel="max |v - v_Newton| [V] (capped at 1e3)",
             title="recurrence inference against the Newton steady state")
    axes.grid(alpha=0.3)
    axes.legend(fontsize=7)
    figure.tight_layout()
    files.atomic_write(out / "shooting_error.png",
                       lambda tmp: figure.savefig(tmp, format="png"))
    plt.close(figure)

    if "_portrait" in result:
        chain, reference = result["_portrait"]
        figure, axes = plt.subplots(figsize=(5.5, 4.5))
        momenta = np.array([chain.momentum(reference[l - 1], reference[l], l)
                            for l in range(1, chain.depth + 1)])
        for k in range(chain.width):
            axes.plot(reference[1:, k], momenta[:, k], ".-", lw=0.8, ms=3,
                      label=f"cell {k}")
        axes.set(xlabel="v_l [normalised]", ylabel="pi_l (momentum) [normalised]",
                 title=f"(v_l, pi_l) across depth, one-to-one, D = {chain.depth}")
        axes.grid(alpha=0.3)
        axes.legend(fontsize=7)
        figure.tight_layout()
        files.atomic_write(out / "portrait.png",
                           lambda tmp: figure.savefig(tmp, format="png"))
        plt.close(figure)


# ------------------------------------------------------------------ settling


def hopf_thresholds(neuron: NeuronParams, low=0.0, high=2.0, tol=1e-10):
    """Bias currents where a lone cell's rest point changes stability.

    Bisection on the largest real part of the (v, w) linearisation at the DC
    point, which is unique for b < 1; returns the crossings found in [low, high].
    """
    from .circuit import isolated_equilibrium

    def growth(current):
        v, _ = isolated_equilibrium(current, neuron)
        return jacobian_eigenvalues(np.array([[v]]), np.zeros((1, 1)),
                                    neuron).real.max()

    grid = np.linspace(low, high, 401)
    signs = np.sign([growth(c) for c in grid])
    crossings = []
    for k in np.flatnonzero(signs[:-1] != signs[1:]):
        a, b = grid[k], grid[k + 1]
        while b - a > tol:
            mid = 0.5 * (a + b)
            if np.sign(growth(mid)) == signs[k]:
                a = mid
            else:
                b = mid
        crossings.append(0.5 * (a + b))
    return crossings
