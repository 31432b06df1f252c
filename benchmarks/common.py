"""What the benchmark scripts share."""

from __future__ import annotations

import time

import numpy as np

from fhn_hw.config import load_experiment


def train_seconds(run, batches, x=None, labels=None) -> float:
    """Seconds for ``run``'s controller to train on ``batches`` (index arrays),
    by default of its own training split."""
    x = run.split.train_voltages if x is None else x
    labels = run.split.train_labels if labels is None else labels
    rng = np.random.default_rng(0)
    started = time.perf_counter()
    for batch in batches:
        run.controller.train_batch(x[batch], labels[batch], rng)
    return time.perf_counter() - started


def in_process_experiment(config, batch_size=None):
    """``config`` with ngspice in this process (no worker isolation), so that
    its timers are readable; ``batch_size`` instead of the config's."""
    overrides = {"train.isolate": False}
    if batch_size:
        overrides["train.batch_size"] = batch_size
    return load_experiment(config, overrides=overrides)
