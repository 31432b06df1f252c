"""The MNIST-size chip (sim/mnist_size.toml: 784x2 inputs folded, 100 hidden,
10x2 outputs) with ngspice in the loop and on the twin. Prints JSON.

* ngspice: EP training batches (free phase and both nudged phases per
  sample); ``ngspice_ms_per_settle`` is the wall time per sample and phase.
* twin: one whole training epoch (every training sample once, no
  evaluation), in minutes, and the test accuracy after it.
* the two backends' free phases on one batch, max |dv|.

    python benchmarks/mnist_size.py [--ngspice-batches N] [--skip-twin-epoch]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
from pathlib import Path
import time

import numpy as np

from common import bundled, run_main, shuffled_batches

from fhn_hw.cli import bounded

from fhn_hw.config import load_experiment
from fhn_hw.experiment import prepare


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", type=Path, default=bundled("mnist_size.toml"))
    parser.add_argument("--ngspice-batches", type=bounded(1), default=3)
    parser.add_argument("--skip-twin-epoch", action="store_true")
    args = parser.parse_args()
    # ngspice in this process (no worker isolation), so its timers are readable.
    experiment = load_experiment(args.config, {"train.isolate": False})
    twin = prepare(experiment, "twin")
    spice = prepare(experiment, "ngspice")
    x, labels = twin.split.train_voltages, twin.split.train_labels
    size = twin.controller.settings.batch_size
    batches = shuffled_batches(len(labels), size, 1)
    rng = np.random.default_rng(0)

    first = x[batches[0]]
    frees = [run.controller.free_phase(first) for run in (twin, spice)]
    agreement = float(np.abs(frees[0].voltages - frees[1].voltages).max())

    backend = spice.controller.backend
    backend.timing = dict.fromkeys(backend.timing, 0.0)
    started = time.perf_counter()
    for batch in batches[: args.ngspice_batches]:
        spice.controller.train_batch(x[batch], labels[batch], rng)
    t_spice = time.perf_counter() - started
    spice_samples = sum(len(b) for b in batches[: args.ngspice_batches])

    result = {
        "config": str(args.config),
        "cells": twin.topology.n_free,
        "clamped_inputs": twin.topology.n_clamped,
        "conductances": len(twin.topology.edges),
        "training_samples": len(labels),
        "test_samples": len(twin.split.test_labels),
        "batch_size": size,
        "ngspice_samples": spice_samples,
        "ngspice_ms_per_ep_sample": round(1e3 * t_spice / spice_samples, 2),
        "ngspice_ms_per_settle": round(1e3 * t_spice / (3 * spice_samples), 2),
        "ngspice_solve_fraction": round(backend.timing["solve"] / t_spice, 3),
        "max_abs_dv_twin_vs_ngspice": agreement,
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
    }
    if not args.skip_twin_epoch:
        started = time.perf_counter()
        for batch in batches:
            twin.controller.train_batch(x[batch], labels[batch], rng)
        result["twin_epoch_minutes"] = round((time.perf_counter() - started) / 60, 2)
        _, accuracy = twin.controller.evaluate(
            twin.split.test_voltages, twin.split.test_labels
        )
        result["twin_test_accuracy_after_epoch"] = round(accuracy, 4)
    print(json.dumps(result))


if __name__ == "__main__":
    run_main(main)
