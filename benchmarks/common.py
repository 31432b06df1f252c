"""What the benchmark scripts share."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

from fhn_hw.cli import blas_threads
from fhn_hw.config import load_experiment
from fhn_hw.errors import FhnHwError

#: The repository: the bundled configs are found from here, wherever a script
#: is run from.
ROOT = Path(__file__).resolve().parent.parent


def bundled(name: str) -> Path:
    """The bundled config ``sim/<name>``."""
    return ROOT / "sim" / name


def shuffled_batches(n_samples, size, seed, count=None):
    """Mini-batches of ``size`` sample indices: a permutation of the training
    set from ``seed``, cut into batches (the last, short one kept); with
    ``count``, that many, a new permutation each epoch."""
    rng, batches = np.random.default_rng(seed), []
    while not batches or (count is not None and len(batches) < count):
        order = rng.permutation(n_samples)
        batches += [order[k : k + size] for k in range(0, n_samples, size)]
    return batches if count is None else batches[:count]


def run_main(main) -> None:
    """``main()`` with one BLAS thread; an error in what the user gave (a
    config, a value) ends it with one line and exit status 2, no traceback."""
    try:
        with blas_threads():
            main()
    except FhnHwError as err:
        print(f"{Path(sys.argv[0]).name}: error: {err}", file=sys.stderr)
        sys.exit(2)


def train_seconds(run, batches) -> float:
    """Seconds for ``run``'s controller to train on ``batches`` (index arrays)
    of its own training split."""
    return interleaved_train_seconds({"run": run}, batches)["run"]


def interleaved_train_seconds(runs, batches) -> dict:
    """Seconds for each of ``runs`` (a dict of prepared runs) to train on the
    same ``batches`` of its own training split, one batch each in turn, the
    order of the runs reversed from one batch to the next: a stretch of a
    noisy machine then slows every run alike, not the one timed during it."""
    return {key: sum(times) for key, times in batch_seconds(runs, batches).items()}


def batch_seconds(runs, batches) -> dict:
    """As :func:`interleaved_train_seconds`, but the seconds of every batch:
    a list per run, in the order of ``batches``."""
    seconds = {key: [] for key in runs}
    rngs = {key: np.random.default_rng(0) for key in runs}
    order = list(runs)
    for batch in batches:
        for key in order:
            run = runs[key]
            x, labels = run.split.train_voltages[batch], run.split.train_labels[batch]
            started = time.perf_counter()
            run.controller.train_batch(x, labels, rngs[key])
            seconds[key].append(time.perf_counter() - started)
        order.reverse()
    return seconds


def in_process_experiment(config, batch_size=None):
    """``config`` with ngspice in this process (no worker isolation), so that
    its timers are readable; ``batch_size`` instead of the config's."""
    overrides = {"train.isolate": False}
    if batch_size is not None:
        overrides["train.batch_size"] = batch_size
    return load_experiment(config, overrides=overrides)
