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
from .hamiltonian import LayeredEBM, ResidualChain, ebm_symplectic_defect
from .topology import compile_graph, residual_chain
from .twin import TwinSolver

log = logging.getLogger(__name__)

#: Shooting counts as matching the Newton steady state below this error [V].
MATCH_V = 1e-8


# ------------------------------------------------------------------ Hamiltonian


def _chain_chip(chain_values, depth, coupling, hardware_scale):
    low, high = chain_values["conductance"]
    graph = residual_chain(
        chain_values["width"],
        depth,
        coupling=coupling,
        conductance_range=(low, high),
        seed=chain_values["seed"],
        cross_fraction=chain_values["cross_fraction"],
    )
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
            row, chain, reference = _depth_row(
                chain_values, coupling, depth, inputs, neuron, scale
            )
            rows.append(row)
            if coupling == "one_to_one":
                portrait = (depth, chain, reference)
    result = {"chain": _summarise_depths(rows), "depth_rows": rows}
    result["gradients"] = _gradient_check(chain_values, inputs, neuron, scale)
    if portrait is not None:
        depth, chain, reference = portrait
        energy = chain.spatial_energy(reference)
        result["spatial_energy"] = {
            "depth": depth,
            "coupling": "one_to_one",
            "relative_variation": float(
                np.ptp(energy) / max(np.abs(energy).max(), 1e-300)
            ),
        }
        result["_portrait"] = (chain, reference)
    result["ebm"] = ebm_study(values["ebm"])
    return result


def _depth_row(chain_values, coupling, depth, inputs, neuron, scale):
    chip = _chain_chip(chain_values, depth, coupling, scale)
    bias = np.full(chip.n_free, chain_values["bias_current"] * scale.current)
    twin = TwinSolver(chip, neuron, scale)
    clamp = chip.clamp_voltages(inputs[None] * scale.voltage)
    steady = twin.settle(chip.conductance, bias, clamp)
    coupling_matrix, _ = twin.coupling_matrices(chip.conductance)
    worst_real = float(
        jacobian_eigenvalues(
            steady.voltages / scale.voltage, coupling_matrix, neuron
        ).real.max()
    )
    width = chain_values["width"]
    reference = np.vstack(
        [inputs, steady.voltages[0].reshape(depth, width) / scale.voltage]
    )
    chain = ResidualChain.from_chip(chip, chip.conductance, bias, neuron, scale)
    single = chain.single_shooting(inputs)
    multiple = chain.multiple_shooting(inputs, segment=chain_values["segment"])
    nudge = np.linspace(-1, 1, width) * 0.01
    steady_nudged = twin.settle(
        chip.conductance, bias, clamp, nudge[None] * scale.current
    )
    reference_nudged = np.vstack(
        [inputs, steady_nudged.voltages[0].reshape(depth, width) / scale.voltage]
    )
    nudged = chain.multiple_shooting(inputs, nudge, segment=chain_values["segment"])
    defects = [
        chain.symplectic_defect(reference[layer], layer) for layer in range(1, depth)
    ]
    row = {
        "coupling": coupling,
        "depth": depth,
        "single_shooting_err_v": _err(single, reference) * scale.voltage,
        "single_shooting_converged": single.converged,
        "multiple_shooting_err_v": _err(multiple, reference) * scale.voltage,
        "multiple_shooting_converged": multiple.converged,
        "multiple_shooting_nudged_err_v": _err(nudged, reference_nudged)
        * scale.voltage,
        "symplectic_defect": float(max(defects)) if defects else 0.0,
        "max_real_eigenvalue": worst_real,
        "newton_kcl_residual": chain.kcl_residual(reference),
    }
    return row, chain, reference


def _err(result, reference):
    difference = np.abs(result.voltages - reference)
    return float(difference.max()) if np.isfinite(difference).all() else float("inf")


def _summarise_depths(rows):
    summary = {}
    for coupling in sorted({r["coupling"] for r in rows}):
        mine = sorted(
            (r for r in rows if r["coupling"] == coupling), key=lambda r: r["depth"]
        )
        broken = [
            r["depth"]
            for r in mine
            if not (
                r["single_shooting_converged"] and r["single_shooting_err_v"] <= MATCH_V
            )
        ]
        multiple_ok = [
            r["depth"]
            for r in mine
            if r["multiple_shooting_converged"]
            and r["multiple_shooting_err_v"] <= MATCH_V
        ]
        summary[coupling] = {
            "single_shooting_breaks_at_depth": broken[0] if broken else None,
            "single_shooting_deepest_match": max(
                [r["depth"] for r in mine if r["depth"] not in broken], default=None
            ),
            "multiple_shooting_deepest_match": max(multiple_ok, default=None),
            "max_symplectic_defect": max(r["symplectic_defect"] for r in mine),
            "max_real_eigenvalue": max(r["max_real_eigenvalue"] for r in mine),
        }
    return summary


def _gradient_check(chain_values, inputs, neuron, scale) -> dict:
    """Echo gradient vs implicit gradient vs centred EP, per coupling."""
    from .ep import ChipState, EquilibriumPropagation, OutputCost, TrainSettings
    from .devices import IdealDevice

    depth, width = chain_values["gradient_depth"], chain_values["width"]
    out = {}
    for coupling in chain_values["couplings"]:
        chip = _chain_chip(chain_values, depth, coupling, scale)
        bias = np.full(chip.n_free, chain_values["bias_current"] * scale.current)
        twin = TwinSolver(chip, neuron, scale)
        clamp = chip.clamp_voltages(inputs[None] * scale.voltage)
        steady = twin.settle(chip.conductance, bias, clamp)
        label = np.array([0])
        cost = OutputCost(chip, "cross_entropy", 0.1)
        _, dl_dv = cost.loss_and_gradient(steady.voltages[:, -chip.n_outputs :], label)
        implicit, implicit_bias = twin.implicit_gradient(
            chip.conductance, bias, clamp, steady.voltages, dl_dv
        )
        chain = ResidualChain.from_chip(chip, chip.conductance, bias, neuron, scale)
        layers = chain.multiple_shooting(inputs, segment=chain_values["segment"])
        adjoint = chain.echo_adjoint(
            layers.voltages, dl_dv[0] * scale.voltage, segment=chain_values["segment"]
        )
        grads, grad_bias = chain.gradient(layers.voltages, adjoint)
        echo = (
            np.array([grads[a // width][a % width, b % width] for a, b in chip.edges])
            / scale.conductance
        )
        state = ChipState(chip.conductance.copy(), bias.copy())
        settings = TrainSettings(
            beta=chain_values["beta"], nudge="centred", temperature=0.1
        )
        ep = EquilibriumPropagation(
            chip, twin, IdealDevice(1e-15, 1.0), settings, scale, state
        )
        ep_g, _, _, _, _ = ep.estimate_gradient(inputs[None] * scale.voltage, label)
        exact = implicit[0]
        out[coupling] = {
            "depth": depth,
            "echo_vs_implicit_rel_err": _rel(echo, exact),
            "echo_bias_vs_implicit_rel_err": _rel(
                grad_bias[1:].ravel() / scale.current, implicit_bias[0]
            ),
            "ep_centred_vs_implicit_rel_err": _rel(ep_g, exact),
            "ep_centred_vs_echo_rel_err": _rel(ep_g, echo),
            "beta": chain_values["beta"],
        }
    return out


def _rel(a, b):
    return float(np.linalg.norm(a - b) / np.linalg.norm(b))


def ebm_study(values: dict) -> dict:
    rng = np.random.default_rng(values["seed"])
    n, layers = values["width"], values["layers"]
    weights = [
        values["weight_scale"] * np.eye(n)
        + values["weight_noise"] * rng.normal(size=(n, n))
        for _ in range(layers)
    ]
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
    return {
        "width": n,
        "layers": layers,
        "fixed_point_residual": fixed_residual,
        "recurrence_replay_err": float(np.abs(replay - fixed).max()),
        "shooting_vs_fixed_point_err": float(np.abs(shot - fixed).max()),
        "shooting_residual": shot_residual,
        "symplectic_defect_fd": float(max(defects)),
    }


def plot_hamiltonian(result: dict, out) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from . import files

    rows = result["depth_rows"]
    figure, axes = plt.subplots(figsize=(6, 4))
    for coupling in sorted({r["coupling"] for r in rows}):
        mine = sorted(
            (r for r in rows if r["coupling"] == coupling), key=lambda r: r["depth"]
        )
        depths = [r["depth"] for r in mine]
        single = [min(r["single_shooting_err_v"], 1e3) for r in mine]
        multiple = [min(r["multiple_shooting_err_v"], 1e3) for r in mine]
        axes.semilogy(
            depths,
            np.maximum(single, 1e-17),
            "o-",
            label=f"single shooting, {coupling}",
        )
        axes.semilogy(
            depths,
            np.maximum(multiple, 1e-17),
            "s--",
            label=f"multiple shooting, {coupling}",
        )
    axes.axhline(MATCH_V, color="grey", lw=0.8)
    axes.set(
        xlabel="depth (layers)",
        ylabel="max |v - v_Newton| [V] (capped at 1e3)",
        title="recurrence inference against the Newton steady state",
    )
    axes.grid(alpha=0.3)
    axes.legend(fontsize=7)
    figure.tight_layout()
    files.save_figure(figure, out / "shooting_error.png")

    if "_portrait" in result:
        chain, reference = result["_portrait"]
        figure, axes = plt.subplots(figsize=(5.5, 4.5))
        momenta = np.array(
            [
                chain.momentum(reference[l - 1], reference[l], l)
                for l in range(1, chain.depth + 1)
            ]
        )
        for k in range(chain.width):
            axes.plot(
                reference[1:, k], momenta[:, k], ".-", lw=0.8, ms=3, label=f"cell {k}"
            )
        axes.set(
            xlabel="v_l [normalised]",
            ylabel="pi_l (momentum) [normalised]",
            title=f"(v_l, pi_l) across depth, one-to-one, D = {chain.depth}",
        )
        axes.grid(alpha=0.3)
        axes.legend(fontsize=7)
        figure.tight_layout()
        files.save_figure(figure, out / "portrait.png")


# ------------------------------------------------------------------ settling


def hopf_thresholds(
    neuron: NeuronParams, low=0.0, high=2.0, tol=1e-10, equilibrium=None
):
    """Bias currents where a lone cell's rest point changes stability.

    Bisection on the largest real part of the (v, w) linearisation at the DC
    point, which is unique for b < 1; returns the crossings found in [low, high].
    ``equilibrium(current) -> v`` gives the DC point (default: the closed form;
    :func:`ngspice_equilibrium` takes it from ngspice's ``op``).
    """
    from .circuit import isolated_equilibrium

    if equilibrium is None:
        equilibrium = lambda current: isolated_equilibrium(current, neuron)[0]  # noqa

    def growth(current):
        v = equilibrium(current)
        return jacobian_eigenvalues(
            np.array([[v]]), np.zeros((1, 1)), neuron
        ).real.max()

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


# ------------------------------------------------------------------ reciprocity


def reciprocity(run, spice, clamp_row, f_start=1e-3, f_stop=1e8, per_decade=2) -> dict:
    """Transimpedance of the chip at one input from ngspice AC analyses.

    ``reciprocity_rel_asym`` = ||Z - Z^T|| / ||Z|| tests reciprocity (a network of
    resistors, capacitors, inductors and one-port nonlinear conductances is
    reciprocal at every frequency); ``self_adjoint_rel_asym`` = ||Z - Z^H|| / ||Z||
    tests self-adjointness, which holds at DC only: above DC the reactive
    elements make Z complex, symmetric but not Hermitian. The DC values are
    those at ``f_start`` (omega tau ~ 6e-9 by default).
    """
    state = run.controller.state
    freqs, z = spice.transimpedance(
        state.conductance, state.bias_current, clamp_row, f_start, f_stop, per_decade
    )
    norm = np.linalg.norm(z, axis=(1, 2))
    transpose = np.linalg.norm(z - np.swapaxes(z, 1, 2), axis=(1, 2)) / norm
    hermitian = np.linalg.norm(z - np.conj(np.swapaxes(z, 1, 2)), axis=(1, 2)) / norm
    twin = run.twin()
    free = twin.settle(state.conductance, state.bias_current, clamp_row[None])
    scale = run.hardware.scale
    coupling, _ = twin.coupling_matrices(state.conductance)
    hessian = coupling + np.diag(
        np.broadcast_to(
            twin.neuron.gain * ((free.voltages[0] / scale.voltage) ** 2 - 1)
            + 1 / np.asarray(twin.neuron.b),
            coupling.shape[0],
        )
    )
    z_dc_twin = np.linalg.inv(hessian) / scale.conductance
    return {
        "frequencies_hz": freqs.tolist(),
        "reciprocity_rel_asym": transpose.tolist(),
        "self_adjoint_rel_asym": hermitian.tolist(),
        "reciprocity_rel_asym_dc": float(transpose[0]),
        "self_adjoint_rel_asym_dc": float(hermitian[0]),
        "z_dc_twin_vs_ngspice_rel": float(
            np.linalg.norm(z[0].real - z_dc_twin) / np.linalg.norm(z_dc_twin)
        ),
        "nodes": int(z.shape[1]),
    }


def random_graph_chip(cells=30, neighbours=4, rewire=0.3, seed=0):
    """A Watts-Strogatz graph of FN cells with two clamped inputs and two outputs."""
    import networkx as nx

    rng = np.random.default_rng(seed)
    graph = nx.watts_strogatz_graph(cells, neighbours, rewire, seed=seed)
    for node in graph.nodes:
        graph.nodes[node]["role"] = "hidden"
    graph.nodes[0].update(role="input", feature=0, sign=1)
    graph.nodes[cells // 2].update(role="input", feature=1, sign=1)
    graph.nodes[cells // 4].update(role="output", class_index=0, sign=1)
    graph.nodes[3 * cells // 4].update(role="output", class_index=1, sign=1)
    for u, v in graph.edges:
        graph.edges[u, v]["conductance"] = float(rng.uniform(5e-6, 2e-5))
    return compile_graph(graph, source="watts-strogatz chip")


# ------------------------------------------------------------------ EP vs beta


def beta_sweep(run, inputs, labels, betas=None) -> dict:
    """EP gradient error against beta on the twin, one-sided and centred, with
    the order fitted on the part of the curve above the rounding floor."""
    from .ep import EquilibriumPropagation

    betas = np.logspace(-5, -1, 9) if betas is None else np.asarray(betas)
    twin = run.twin()
    controller = run.controller
    state = controller.state
    clamp = run.topology.clamp_voltages(inputs)
    free = twin.settle(state.conductance, state.bias_current, clamp)
    _, dl_dv = controller.cost.loss_and_gradient(
        free.voltages[:, -run.topology.n_outputs :], labels
    )
    exact_g, exact_i = twin.implicit_gradient(
        state.conductance, state.bias_current, clamp, free.voltages, dl_dv
    )
    scale = run.hardware.scale
    exact = np.concatenate(
        [exact_g.sum(axis=0) * scale.conductance, exact_i.sum(axis=0) * scale.current]
    )
    out = {"betas": betas.tolist()}
    for nudge in ("one_sided", "centred"):
        errors = []
        for beta in betas:
            settings = _replace(controller.settings, beta=float(beta), nudge=nudge)
            probe = EquilibriumPropagation(
                run.topology, twin, controller.device, settings, scale, state
            )
            d_g, d_i, _, _, _ = probe.estimate_gradient(inputs, labels)
            estimate = np.concatenate([d_g * scale.conductance, d_i * scale.current])
            errors.append(
                float(np.linalg.norm(estimate - exact) / np.linalg.norm(exact))
            )
        out[f"{nudge}_rel_err"] = errors
        out[f"{nudge}_order"] = _fitted_order(betas, np.array(errors))
    return out


def _replace(settings, **changes):
    import dataclasses

    return dataclasses.replace(settings, **changes)


def _fitted_order(betas, errors):
    """Slope of log(error) against log(beta) where the error is truncation
    (above 100 x its smallest value, which is the rounding floor)."""
    usable = errors > 100 * errors.min()
    if usable.sum() < 2:
        usable = errors >= np.sort(errors)[-3]
    slope, _ = np.polyfit(np.log(betas[usable]), np.log(errors[usable]), 1)
    return float(slope)


# ------------------------------------------------------------------ transients


def settling_report(times, voltages, tau, settle_tol=1e-6, tail=0.2) -> dict:
    """Did a transient settle? Settling time, or the limit cycle found.

    Settled: over the last ``tail`` of the run no node moves by more than
    ``settle_tol`` [V] from its final value. Otherwise the node that swings most
    is analysed for a limit cycle: amplitude, range and period from its upward
    crossings of the mid level (periods in units of tau and in seconds).
    """
    t = np.asarray(times)
    late = t >= t[-1] * (1 - tail)
    final = voltages[-1]
    drift = np.abs(voltages[late] - final).max()
    report = {
        "settled": bool(drift <= settle_tol),
        "tail_max_deviation_v": float(drift),
    }
    if report["settled"]:
        away = np.abs(voltages - final).max(axis=1) > 1e-3
        last = np.flatnonzero(away)
        report["settling_time_s"] = float(t[last[-1] + 1]) if len(last) else 0.0
        report["settling_time_tau"] = report["settling_time_s"] / tau
        return report
    half = t >= t[-1] / 2
    swing = np.ptp(voltages[half], axis=0)
    k = int(np.argmax(swing))
    v, tt = voltages[half, k], t[half]
    mid = 0.5 * (v.max() + v.min())
    up = np.flatnonzero((v[:-1] < mid) & (v[1:] >= mid))
    crossings = tt[up] + (mid - v[up]) * (tt[up + 1] - tt[up]) / (v[up + 1] - v[up])
    report.update(
        {
            "oscillating": bool(len(crossings) >= 3),
            "node": k,
            "v_min": float(v.min()),
            "v_max": float(v.max()),
            "amplitude_v": float(0.5 * (v.max() - v.min())),
        }
    )
    if len(crossings) >= 3:
        period = float(np.diff(crossings).mean())
        report.update({"period_s": period, "period_tau": period / tau})
    return report


def _lone_cell(neuron, scale):
    import networkx as nx

    from .ngspice import NgspiceBackend

    graph = nx.Graph()
    graph.add_node("in", role="input", feature=0, sign=1)
    graph.add_node("cell", role="output", class_index=0, sign=1)
    graph.add_edge("in", "cell", conductance=1e-15)
    chip = compile_graph(graph)
    return chip, NgspiceBackend(chip, neuron, scale)


def ngspice_equilibrium(neuron: NeuronParams, scale):
    """current [normalised] -> DC voltage of a lone cell from ngspice's op."""
    chip, spice = _lone_cell(neuron, scale)

    def equilibrium(current):
        result = spice.settle(
            chip.conductance, np.array([current * scale.current]), np.zeros((1, 1))
        )
        return float(result.voltages[0, 0] / scale.voltage)

    return equilibrium


def lone_cell_oscillation(
    neuron: NeuronParams, scale, current=0.5, t_stop=800.0, t_step=0.05
) -> dict:
    """A lone cell driven by ``current`` [normalised], in an ngspice transient
    from the all-zero state; its settling report (normalised time units)."""
    chip, spice = _lone_cell(neuron, scale)
    times, voltages = spice.transient(
        chip.conductance,
        np.array([current * scale.current]),
        np.zeros(1),
        t_stop * scale.time,
        t_step * scale.time,
    )
    report = settling_report(times, voltages / scale.voltage, scale.time)
    report["current"] = current
    return report
