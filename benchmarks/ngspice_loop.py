"""In-loop EP settling: our ngspice session against a naive PySpice loop, the
twin against ngspice, and memory over many settle cycles. Prints JSON.

The naive loop is how SPICE-in-the-loop EP is usually written: a netlist
built for every phase of every sample and PySpice's
``simulator().operating_point()`` run on it. Ours loads the chip once and only
``alter``s what changed. Both settle the same chip, samples and nudges; the
ratio of their samples/s is measured in one run.

    python benchmarks/ngspice_loop.py [--dataset iris|digits] [--samples N]
"""

from __future__ import annotations

import argparse
import json
import logging
import resource
import time

import numpy as np

from fhn_hw.circuit import NeuronParams, NeuronScale
from fhn_hw.datasets import load, split_and_encode
from fhn_hw.netlist import chip_netlist
from fhn_hw.ngspice import NgspiceBackend, _shared
from fhn_hw.topology import compile_graph, layered_chip
from fhn_hw.twin import TwinSolver

NEURON = NeuronParams(a=0.7, b=0.95, eps=0.08)
SCALE = NeuronScale()


def chip_and_data(dataset, hidden):
    x, y = load(dataset)
    split = split_and_encode(x, y, 0.3, 0, 0.3, 2.0)
    chip = compile_graph(layered_chip(split.n_features, [hidden], split.n_classes))
    return chip, split


def phases(chip, n, rng):
    """Nudges of the three phases of centred EP (free, +, -)."""
    nudge = rng.normal(size=(n, chip.n_outputs)) * 1e-7
    return [None, nudge, -nudge]


def naive(chip, bias, clamp, nudges):
    from PySpice.Spice.Netlist import Circuit

    logging.getLogger("PySpice").setLevel(logging.CRITICAL)
    started = time.perf_counter()
    failures = 0
    for phase in nudges:
        for b in range(len(clamp)):
            text = chip_netlist(chip, NEURON, SCALE, chip.conductance, bias, clamp[b])
            if phase is not None:
                for k, node in enumerate(chip.output_ids):
                    text = text.replace(
                        f"In{node} 0 n{node} DC 0",
                        f"In{node} 0 n{node} DC {phase[b, k]!r}",
                    )
            body = [
                line
                for line in text.splitlines()
                if line and line != ".end" and not line.startswith(".options")
            ]
            circuit = Circuit("fhn_chip")
            circuit.raw_spice = "\n".join(body[1:])
            simulator = circuit.simulator(simulator="ngspice-shared")
            try:
                simulator.operating_point()
            except Exception:  # PySpice reads gmin-stepping notes as errors (#399)
                failures += 1
    return time.perf_counter() - started, failures


def ours(chip, bias, clamp, nudges, fold):
    spice = NgspiceBackend(chip, NEURON, SCALE, fold_inputs=fold)
    spice.settle(chip.conductance, bias, clamp[:1])  # load and first alters
    started = time.perf_counter()
    results = [spice.settle(chip.conductance, bias, clamp, phase) for phase in nudges]
    return time.perf_counter() - started, results, spice


def rss_mb():
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * resource.getpagesize() / 2**20


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dataset", default="digits")
    parser.add_argument("--hidden", type=int, default=64)
    parser.add_argument("--samples", type=int, default=30)
    parser.add_argument("--cycles", type=int, default=10_000)
    parser.add_argument("--fold", action="store_true", help="Norton-fold the inputs")
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    chip, split = chip_and_data(args.dataset, args.hidden)
    bias = np.full(chip.n_free, NEURON.a / NEURON.b * SCALE.current)
    clamp = chip.clamp_voltages(split.train_voltages[: args.samples])
    nudges = phases(chip, args.samples, rng)

    t_naive, naive_failures = naive(chip, bias, clamp, nudges)
    t_ours, results, spice = ours(chip, bias, clamp, nudges, args.fold)
    twin = TwinSolver(chip, NEURON, SCALE)
    started = time.perf_counter()
    twin_results = [twin.settle(chip.conductance, bias, clamp, p) for p in nudges]
    t_twin = time.perf_counter() - started
    agreement = max(
        float(np.abs(a.voltages - b.voltages).max())
        for a, b in zip(results, twin_results)
    )

    small = compile_graph(layered_chip(4, [8], 3))
    small_spice = NgspiceBackend(small, NEURON, SCALE)
    small_bias = np.zeros(small.n_free)
    small_clamp = small.clamp_voltages(rng.normal(size=(100, 4)) * 0.5)
    small_spice.settle(small.conductance, small_bias, small_clamp)
    before = rss_mb()
    for _ in range(args.cycles // 100):
        small_spice.settle(small.conductance, small_bias, small_clamp)
    after = rss_mb()

    settles = 3 * args.samples
    _shared()
    print(
        json.dumps(
            {
                "dataset": args.dataset,
                "cells": chip.n_free,
                "conductances": len(chip.edges),
                "clamped_inputs": chip.n_clamped,
                "ep_samples": args.samples,
                "folded": args.fold,
                "naive_pyspice_samples_per_s": round(args.samples / t_naive, 2),
                "ours_samples_per_s": round(args.samples / t_ours, 2),
                "ours_vs_naive": round(t_naive / t_ours, 2),
                "naive_failed_settles": naive_failures,
                "ours_ms_per_settle": round(1e3 * t_ours / settles, 3),
                "twin_samples_per_s": round(args.samples / t_twin, 2),
                "twin_vs_ours": round(t_ours / t_twin, 2),
                "twin_vs_ngspice_max_abs_v": agreement,
                "rss_growth_mb_over_cycles": round(after - before, 2),
                "settle_cycles": args.cycles,
            }
        )
    )


if __name__ == "__main__":
    main()
