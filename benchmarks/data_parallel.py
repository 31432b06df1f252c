"""Data-parallel EP with ngspice in the loop: 1 worker against N. Prints JSON.

The same mini-batches are trained from the same state, once in this process
and once with their samples shared by ``--workers`` processes (each with its
own ngspice), a batch of one and a batch of the other in turn (so that a noisy
stretch of the machine slows both alike); the ratio of the two total times is
the speed-up. The quartiles of the batch-by-batch ratios show how much a
noisy machine spreads it: a stretch that slows one core slows a parallel
batch, which waits for its slower worker, more than a serial one. The
batches run through the training set, a new permutation each epoch, until
``--batches`` are done. The largest relative difference of the final
conductances shows the two agree up to the order of floating-point additions.

    python benchmarks/data_parallel.py [--config sim/digits.toml] [--batches N]
        [--workers N] [--batch-size N]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
from pathlib import Path

import numpy as np

from common import batch_seconds, bundled, run_main, shuffled_batches

from fhn_hw.cli import bounded

from fhn_hw.config import load_experiment
from fhn_hw.ep import Adam
from fhn_hw.experiment import prepare


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", type=Path, default=bundled("digits.toml"))
    parser.add_argument("--batches", type=bounded(1), default=6)
    parser.add_argument("--workers", type=bounded(2), default=2)
    parser.add_argument("--backend", default="ngspice")
    parser.add_argument(
        "--batch-size", type=bounded(1), help="instead of the config's"
    )
    args = parser.parse_args()
    runs = {}
    for workers in (1, args.workers):
        # The serial run is in this process, as ngspice runs without isolation.
        overrides = {"train.workers": workers, "train.isolate": workers > 1}
        if args.batch_size is not None:
            overrides["train.batch_size"] = args.batch_size
        experiment = load_experiment(args.config, overrides)
        runs[workers] = prepare(experiment, args.backend)
    size = runs[1].controller.settings.batch_size
    batches = shuffled_batches(
        len(runs[1].split.train_labels), size, 1, args.batches
    )
    # Warm-up, changing no state: one gradient estimate loads each ngspice
    # and the compiled loops of a batch (workers included), one Adam step on
    # a throwaway optimiser the update's.
    x, labels = runs[1].split.train_voltages[:size], runs[1].split.train_labels[:size]
    for run in runs.values():
        controller = run.controller
        if controller.pool is not None:
            controller.pool.estimate_gradient(controller.state, x, labels)
        else:
            controller.estimate_gradient(x, labels)
    Adam(0.01).direction(np.zeros(1))
    per_batch = {
        key: np.array(times) for key, times in batch_seconds(runs, batches).items()
    }
    seconds = {key: times.sum() for key, times in per_batch.items()}
    pair_ratios = per_batch[1] / per_batch[args.workers]
    g1 = runs[1].controller.state.conductance
    gn = runs[args.workers].controller.state.conductance
    for run in runs.values():
        run.close()
    samples = sum(len(b) for b in batches)
    print(
        json.dumps(
            {
                "config": str(args.config),
                "backend": args.backend,
                "batch_size": size,
                "samples": samples,
                "workers": args.workers,
                "serial_samples_per_s": round(samples / seconds[1], 1),
                "parallel_samples_per_s": round(samples / seconds[args.workers], 1),
                "speedup": round(seconds[1] / seconds[args.workers], 2),
                "batch_speedup_quartiles": np.round(
                    np.percentile(pair_ratios, [25, 50, 75]), 2
                ).tolist(),
                "max_rel_conductance_difference": float(
                    np.max(np.abs(gn - g1) / np.abs(g1))
                ),
                "machine": f"{platform.machine()}, {os.cpu_count()} cores",
            }
        )
    )


if __name__ == "__main__":
    run_main(main)
