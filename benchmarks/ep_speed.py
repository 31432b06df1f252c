"""EP training speed on one chip: the twin against ngspice in the loop, and an
EP epoch on the twin against a numpy backprop epoch of the same-size network.
Prints JSON; every ratio is of two times measured in this run.

    python benchmarks/ep_speed.py [--config sim/digits.toml] [--ngspice-batches N]

* ``twin_vs_ngspice``: samples/s of ``EquilibriumPropagation.train_batch``
  (free phase, both nudged phases, stability checks, update) on the twin
  against the same on ngspice, over the same batches from the same state;
  ``max_abs_dv_twin_vs_ngspice`` is the largest difference of their settled
  node voltages on those batches (free phase).
* ``ep_epoch_vs_backprop``: one training epoch of EP on the twin (no
  evaluation) against one epoch of backprop with Adam on a numpy MLP with the
  chip's layer sizes (inputs -> hidden -> outputs, tanh, the same signed
  readout and cross-entropy), the same batch size and batch order. Each is
  the median of ``--repeats`` epochs.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import platform
from pathlib import Path
import statistics
import time

import numpy as np

from common import bundled, in_process_experiment, run_main, shuffled_batches

from fhn_hw.cli import bounded

from fhn_hw.experiment import prepare


class Mlp:
    """inputs -> tanh hidden -> linear outputs -> signed class sums / T,
    cross-entropy, Adam: the feed-forward network with the chip's sizes."""

    def __init__(self, sizes, readout, temperature, step, rng):
        self.weights = [
            rng.normal(size=(m, n)) / np.sqrt(m) for m, n in zip(sizes, sizes[1:])
        ]
        self.biases = [np.zeros(n) for n in sizes[1:]]
        self.readout, self.temperature, self.step = readout, temperature, step
        self.params = self.weights + self.biases
        self.first = [np.zeros_like(p) for p in self.params]
        self.second = [np.zeros_like(p) for p in self.params]
        self.t = 0

    def train_batch(self, x, labels):
        (w1, w2), (b1, b2) = self.weights, self.biases
        hidden = np.tanh(x @ w1 + b1)
        z = (hidden @ w2 + b2) @ self.readout / self.temperature
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        p[np.arange(len(labels)), labels] -= 1.0
        d_out = p @ self.readout.T / self.temperature
        d_hidden = (d_out @ w2.T) * (1.0 - hidden * hidden)
        grads = [x.T @ d_hidden, hidden.T @ d_out, d_hidden.sum(0), d_out.sum(0)]
        self.t += 1
        for k, (param, grad) in enumerate(zip(self.params, grads)):
            grad = grad / len(labels)
            self.first[k] = 0.9 * self.first[k] + 0.1 * grad
            self.second[k] = 0.999 * self.second[k] + 0.001 * grad * grad
            m = self.first[k] / (1 - 0.9**self.t)
            v = self.second[k] / (1 - 0.999**self.t)
            param -= self.step * m / (np.sqrt(v) + 1e-8)


def epoch_seconds(train_batch, x, labels, order):
    started = time.perf_counter()
    for batch in order:
        train_batch(x[batch], labels[batch])
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", type=Path, default=bundled("digits.toml"))
    parser.add_argument("--ngspice-batches", type=bounded(1), default=10)
    parser.add_argument("--repeats", type=bounded(1), default=5)
    parser.add_argument(
        "--batch-size", type=bounded(1), help="instead of the config's"
    )
    args = parser.parse_args()
    experiment = in_process_experiment(args.config, args.batch_size)
    twin = prepare(experiment, "twin")
    spice = prepare(experiment, "ngspice")
    split = twin.split
    size = twin.controller.settings.batch_size
    x, labels = split.train_voltages, split.train_labels
    rng = np.random.default_rng(0)

    # Twin against ngspice, same batches from the same state.
    order = shuffled_batches(len(labels), size, 1)[: args.ngspice_batches]
    worst = 0.0
    for run in (twin, spice):
        # Warm up every path of a batch (ngspice's load, the twin's compiled
        # loops) without a step: both start the timed batches from one state.
        run.controller.estimate_gradient(x[:size], labels[:size])
    # And the update's compiled loops, on a copy of the twin's controller.
    warm = copy.deepcopy(twin.controller)
    warm.train_batch(x[:size], labels[:size], np.random.default_rng(0))
    seconds = {}
    spice_backend = spice.controller.backend
    spice_backend.timing = dict.fromkeys(spice_backend.timing, 0.0)
    for name, run in (("twin", twin), ("ngspice", spice)):
        started = time.perf_counter()
        for batch in order:
            run.controller.train_batch(x[batch], labels[batch], rng)
        seconds[name] = time.perf_counter() - started
    spice_timing = dict(spice_backend.timing)
    for batch in order[:3]:
        frees = [run.controller.free_phase(x[batch]).voltages for run in (twin, spice)]
        worst = max(worst, float(np.abs(frees[0] - frees[1]).max()))
    samples = sum(len(b) for b in order)

    # EP epoch on the twin against backprop of the same-size network.
    chip = twin.topology
    controller = twin.controller
    epoch_order = shuffled_batches(len(labels), size, 2)
    mlp = Mlp(
        [chip.n_clamped, chip.n_free - chip.n_outputs, chip.n_outputs],
        controller.cost.readout,
        controller.settings.temperature,
        controller.settings.learning_rate,
        np.random.default_rng(0),
    )
    clamp = chip.clamp_voltages(x)
    ep_times, bp_times = [], []
    for _ in range(args.repeats):
        ep_times.append(
            epoch_seconds(
                lambda xb, yb: controller.train_batch(xb, yb, rng),
                x,
                labels,
                epoch_order,
            )
        )
        bp_times.append(epoch_seconds(mlp.train_batch, clamp, labels, epoch_order))
    ep_epoch, bp_epoch = statistics.median(ep_times), statistics.median(bp_times)

    print(
        json.dumps(
            {
                "config": str(args.config),
                "cells": chip.n_free,
                "conductances": len(chip.edges),
                "batch_size": size,
                "ngspice_settle": spice.controller.backend.settle_mode,
                "ngspice_samples_per_s": round(samples / seconds["ngspice"], 1),
                "twin_samples_per_s": round(samples / seconds["twin"], 1),
                "twin_vs_ngspice": round(seconds["ngspice"] / seconds["twin"], 1),
                "max_abs_dv_twin_vs_ngspice": worst,
                "ngspice_solve_fraction": round(
                    spice_timing["solve"] / seconds["ngspice"], 3
                ),
                "ngspice_timing_s": {k: round(v, 3) for k, v in spice_timing.items()},
                "training_samples": len(labels),
                "ep_twin_epoch_s": round(ep_epoch, 4),
                "backprop_epoch_s": round(bp_epoch, 4),
                "ep_epoch_vs_backprop": round(ep_epoch / bp_epoch, 2),
                "machine": f"{platform.machine()}, {os.cpu_count()} cores",
            }
        )
    )


if __name__ == "__main__":
    run_main(main)
