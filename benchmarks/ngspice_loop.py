"""EP with ngspice in the loop: our ngspice backend against a naive PySpice
loop, and memory over many settle cycles. Prints JSON.

The naive loop is how SPICE-in-the-loop EP is usually written: for every
phase of every sample a netlist is built and PySpice's
``Circuit.simulator().operating_point()`` is run on it. Both backends sit
under the same EP controller (``EquilibriumPropagation.train_batch``: free
phase, both nudged phases, stability checks, update) and train the same
batches from the same state, so the ratio of their samples/s is the ratio of
their settling costs. ngspice's own share of our time is the time spent in
its analysis commands (``backend.timing["solve"]``) over the whole batch time.

    python benchmarks/ngspice_loop.py [--config sim/digits.toml] [--samples N]
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
from pathlib import Path
import resource

import numpy as np

from common import (
    bundled,
    in_process_experiment,
    run_main,
    shuffled_batches,
    train_seconds,
)

from fhn_hw.cli import bounded

from fhn_hw.errors import SettleStatus
from fhn_hw.experiment import prepare
from fhn_hw.netlist import chip_netlist, node
from fhn_hw.ngspice import _shared
from fhn_hw.twin import SettleResult


class NaivePySpice:
    """A backend that builds a PySpice Circuit per sample and phase."""

    name = "naive-pyspice"

    def __init__(self, twin):
        self.twin = twin  # for the residual, stability matrices and the cells
        self.neuron, self.split = twin.neuron, twin.split
        self.failures = 0

    def coupling_matrices(self, conductance):
        return self.twin.coupling_matrices(conductance)

    def settle(self, conductance, bias, clamp, nudge=None, start=None):
        from PySpice.Spice.Netlist import Circuit

        chip = self.twin.topology
        outputs = chip.output_ids - chip.n_clamped
        voltages = np.full((len(clamp), chip.n_free), np.nan)
        status = np.full(len(clamp), SettleStatus.CONVERGED)
        for b in range(len(clamp)):
            currents = np.array(bias, dtype=float)
            if nudge is not None:
                currents[outputs] += nudge[b]
            text = chip_netlist(
                chip, self.neuron, self.twin.scale, conductance, currents, clamp[b]
            )
            circuit = Circuit("fhn_chip")
            circuit.raw_spice = "\n".join(
                line
                for line in text.splitlines()[1:]
                if line and line != ".end" and not line.startswith(".options")
            )
            simulator = circuit.simulator(simulator="ngspice-shared")
            try:
                analysis = simulator.operating_point()
                voltages[b] = [
                    float(analysis[node(k)][0])
                    for k in range(chip.n_clamped, chip.n_nodes)
                ]
            except Exception:  # PySpice reads gmin-stepping notes as errors (#399)
                self.failures += 1
                status[b] = SettleStatus.SIMULATOR_FAILED
        residual = np.full(len(clamp), np.inf)
        done = status == SettleStatus.CONVERGED
        if done.any():
            residual[done] = self.twin.residual(
                conductance,
                bias,
                clamp[done],
                None if nudge is None else nudge[done],
                voltages[done],
            )
        return SettleResult(voltages, status, residual)


def rss_mb():
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * resource.getpagesize() / 2**20


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", type=Path, default=bundled("digits.toml"))
    parser.add_argument(
        "--samples",
        type=bounded(1),
        default=40,
        help="for the naive loop (whole batches of the config's size, at least one)",
    )
    parser.add_argument(
        "--ours-samples", type=bounded(1), default=400, help="whole batches likewise"
    )
    parser.add_argument("--cycles", type=bounded(1), default=10_000)
    parser.add_argument(
        "--batch-size", type=bounded(1), help="instead of the config's"
    )
    args = parser.parse_args()
    logging.getLogger("PySpice").setLevel(logging.CRITICAL)
    experiment = in_process_experiment(args.config, args.batch_size)
    ours = prepare(experiment, "ngspice")
    naive = prepare(experiment, "twin")
    naive.controller.backend = NaivePySpice(naive.controller.backend)
    x, labels = ours.split.train_voltages, ours.split.train_labels
    size = ours.controller.settings.batch_size
    batches = shuffled_batches(len(labels), size, 1)
    naive_batches = batches[: max(1, args.samples // size)]
    ours_batches = batches[: max(1, args.ours_samples // size)]
    spice = ours.controller.backend
    # Load the library and warm up every path of a batch (the stability
    # certificate's compiled loops too) without a step.
    ours.controller.estimate_gradient(x[:size], labels[:size])
    spice.timing = dict.fromkeys(spice.timing, 0.0)
    t_ours = train_seconds(ours, ours_batches)
    timing = dict(spice.timing)
    t_naive = train_seconds(naive, naive_batches)
    n_naive = sum(len(b) for b in naive_batches)
    n_ours = sum(len(b) for b in ours_batches)
    # Same batches from the same state: the first naive batches' conductances
    # are compared with ours after the same batches.
    same = prepare(experiment, "ngspice")
    train_seconds(same, naive_batches)
    agreement = float(
        np.abs(same.controller.state.conductance - naive.controller.state.conductance)
        .max()
        .item()
    )

    # Memory over settle cycles (one cycle = one sample settled), in batches.
    clamp = ours.topology.clamp_voltages(x[:size])
    state = ours.controller.state
    spice.settle(state.conductance, state.bias_current, clamp)
    before = rss_mb()
    for _ in range(args.cycles // size):
        spice.settle(state.conductance, state.bias_current, clamp)
    after = rss_mb()
    _shared()
    chip = ours.topology
    print(
        json.dumps(
            {
                "config": str(args.config),
                "cells": chip.n_free,
                "conductances": len(chip.edges),
                "clamped_inputs": chip.n_clamped,
                "batch_size": size,
                "settle": spice.settle_mode,
                "folded": spice.fold_inputs,
                "naive_samples": n_naive,
                "naive_samples_per_s": round(n_naive / t_naive, 2),
                "naive_failed_settles": naive.controller.backend.failures,
                "ours_samples": n_ours,
                "ours_samples_per_s": round(n_ours / t_ours, 2),
                "ours_vs_naive": round((n_ours / t_ours) / (n_naive / t_naive), 1),
                "ours_ms_per_sample": round(1e3 * t_ours / n_ours, 3),
                "ngspice_solve_fraction": round(timing["solve"] / t_ours, 3),
                "ours_timing_fractions": {
                    k: round(v / t_ours, 3) for k, v in timing.items()
                },
                "max_abs_dg_ours_vs_naive_s": agreement,
                "rss_growth_mb": round(after - before, 2),
                "settle_cycles": args.cycles,
                "machine": f"{platform.machine()}, {os.cpu_count()} cores",
            }
        )
    )


if __name__ == "__main__":
    run_main(main)
