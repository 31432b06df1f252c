"""Nonideality sweeps: a grid (and random samples) of profile keys times seeds.

Each point is one training run. Points run in local worker processes (one
ngspice per process when the backend is ngspice) or on a Dask distributed
cluster. Results go to an SQLite store (WAL mode), one row per finished point,
written by the controller alone in one transaction: a killed worker or
controller never leaves a half-written row, and a rerun of the same sweep into
the same directory skips the finished points and redoes the missing or failed
ones.

Sweep file (TOML)::

    config = "../iris.toml"      # experiment config, relative to this file
    profile = "ideal"            # base hardware profile (name or path)
    backend = "twin"             # or "ngspice"
    epochs = 30                  # optional: overrides the config's
    seeds = [0, 1, 2]

    [fixed]                      # optional: profile keys set at every point
    "device.rounding" = "stochastic"

    [grid]                       # profile keys and their values
    "device.write_noise" = [0.0, 0.01, 0.05]
    "device.levels" = [0, 64, 16]

    [random]                     # optional: points drawn uniformly
    samples = 8
    seed = 0
    "device.read_noise" = [0.0, 0.05]   # [low, high]
"""

from __future__ import annotations

import csv
import hashlib
import io
import itertools
import json
import logging
import math
import os
import re
import signal
import sqlite3
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import files
from .config import BACKENDS, load_experiment, read_toml, resolve_profile_path
from .errors import ConfigError

log = logging.getLogger(__name__)

STORE = "results.sqlite"
TOP_KEYS = {
    "config",
    "profile",
    "backend",
    "epochs",
    "seeds",
    "fixed",
    "grid",
    "random",
}
#: How often a point lost with a dying worker is run again.
RETRIES = 2
#: Most random points one sweep file may ask for.
MAX_SAMPLES = 10_000


@dataclass(frozen=True)
class Point:
    """One training run of a sweep."""

    point_id: str
    params: dict
    seed: int

    def task(self, sweep: "Sweep") -> dict:
        return {
            "config": sweep.config,
            "profile": sweep.profile,
            "backend": sweep.backend,
            "epochs": sweep.epochs,
            "fixed": sweep.fixed,
            "params": self.params,
            "seed": self.seed,
            "point_id": self.point_id,
        }


@dataclass(frozen=True)
class Sweep:
    path: str
    config: str
    profile: str
    backend: str
    epochs: int | None
    seeds: tuple
    fixed: dict
    keys: tuple
    points: tuple

    def grid_shape(self) -> tuple:
        return tuple(
            len({json.dumps(p.params[k]) for p in self.points}) for k in self.keys
        )


# ------------------------------------------------------------------ reading


def load_sweep(path) -> Sweep:
    """Read a sweep file and check every point's profile before anything runs."""
    path = Path(path)
    raw = read_toml(path, "sweep")
    unknown = sorted(set(raw) - TOP_KEYS)
    if unknown:
        raise ConfigError(
            f"{path}: unknown key {unknown[0]!r}: expected one of {sorted(TOP_KEYS)}"
        )
    here = path.resolve().parent
    config = _text(raw, "config", path, required=True)
    config_path = (here / config).resolve()
    if not config_path.is_file():
        raise ConfigError(f"{path}: config = {config!r}: file {config_path} not found")
    try:
        profile = resolve_profile_path(
            _text(raw, "profile", path, default="ideal"), here
        )
    except ConfigError as err:
        raise ConfigError(f"{path}: profile: {err}") from err
    if not profile.is_file():
        raise ConfigError(
            f"{path}: profile = {raw.get('profile')!r}: no such profile file"
        )
    profile = str(profile)
    backend = _text(raw, "backend", path, default="twin")
    if backend not in BACKENDS:
        raise ConfigError(f"{path}: backend = {backend!r}: expected one of {BACKENDS}")
    epochs = raw.get("epochs")
    if epochs is not None and (
        not isinstance(epochs, int) or isinstance(epochs, bool) or epochs < 1
    ):
        raise ConfigError(f"{path}: epochs = {epochs!r}: expected an integer >= 1")
    seeds = raw.get("seeds", [0])
    if (
        not isinstance(seeds, list)
        or not seeds
        or not all(
            isinstance(s, int) and not isinstance(s, bool) and s >= 0 for s in seeds
        )
    ):
        raise ConfigError(
            f"{path}: seeds = {seeds!r}: expected a non-empty list of integers >= 0"
        )
    fixed = _table(raw, "fixed", path)
    grid = _table(raw, "grid", path)
    for key, values in grid.items():
        if not isinstance(values, list) or not values:
            raise ConfigError(
                f"{path}: grid.{key!r} = {values!r}: expected a non-empty "
                "list of values"
            )
    combos = (
        [dict(zip(grid, values)) for values in itertools.product(*grid.values())]
        if grid
        else []
    )
    combos += _random_points(raw, path)
    if not combos:
        combos = [{}]  # no grid and no samples: the base profile, once per seed
    keys = tuple(dict.fromkeys(k for combo in combos for k in combo))
    overlap = set(keys) & set(fixed)
    if overlap:
        raise ConfigError(f"{path}: {sorted(overlap)[0]!r} is both fixed and swept")
    points = []
    digest = None
    for combo in combos:
        # Check each point now: a bad key or value is reported before any run.
        overrides = {**fixed, **combo}
        try:
            experiment = load_experiment(
                config_path,
                _config_overrides(backend, epochs, seeds[0]),
                profile=profile,
                profile_overrides=overrides,
            )
        except ConfigError as err:
            raise ConfigError(f"{path}: point {combo}: {err}") from err
        if digest is None:
            digest = _digest(
                config_path,
                Path(profile),
                backend,
                epochs,
                fixed,
                experiment.chip["graph"],
            )
        # The checked value ("10 uS" -> 1e-05), so equal points are seen as equal.
        combo = {
            key: experiment.profile.values[key.split(".")[0]][key.split(".")[1]]
            for key in combo
        }
        for seed in seeds:
            ident = hashlib.sha256(
                json.dumps([digest, combo, seed], sort_keys=True).encode()
            ).hexdigest()[:16]
            points.append(Point(ident, combo, seed))
    _check_no_duplicates(points, path)
    return Sweep(
        str(path),
        str(config_path),
        profile,
        backend,
        epochs,
        tuple(seeds),
        fixed,
        keys,
        tuple(points),
    )


def _text(raw, key, path, required=False, default=None):
    value = raw.get(key, default)
    if value is None and required:
        raise ConfigError(f"{path}: missing key {key!r}")
    if not isinstance(value, str):
        raise ConfigError(f"{path}: {key} = {value!r}: expected a string")
    return value


def _table(raw, key, path):
    value = raw.get(key, {})
    if not isinstance(value, dict):
        raise ConfigError(f"{path}: {key} = {value!r}: expected a table [{key}]")
    return dict(value)


def _random_points(raw, path) -> list:
    table = _table(raw, "random", path)
    if not table:
        return []
    samples = table.pop("samples", 0)
    seed = table.pop("seed", 0)
    if (
        not isinstance(samples, int)
        or isinstance(samples, bool)
        or not (0 <= samples <= MAX_SAMPLES)
    ):
        raise ConfigError(
            f"{path}: random.samples = {samples!r}: expected an integer "
            f"in [0, {MAX_SAMPLES}]"
        )
    if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
        raise ConfigError(f"{path}: random.seed = {seed!r}: expected an integer >= 0")
    for key, bounds in table.items():
        if (
            not isinstance(bounds, list)
            or len(bounds) != 2
            or not all(
                isinstance(b, (int, float))
                and not isinstance(b, bool)
                and math.isfinite(b)
                for b in bounds
            )
            or bounds[0] > bounds[1]
        ):
            raise ConfigError(
                f"{path}: random.{key!r} = {bounds!r}: expected [low, high]"
            )
    rng = np.random.default_rng(seed)
    points = []
    for _ in range(samples):
        point = {}
        for key, (low, high) in table.items():
            value = rng.uniform(low, high)
            point[key] = (
                int(round(value))
                if isinstance(low, int) and isinstance(high, int)
                else float(value)
            )
        points.append(point)
    return points


def _digest(
    config_path: Path, profile_path: Path, backend, epochs, fixed, graph: str
) -> str:
    """What, besides the swept values and seed, makes a point what it is: the
    config, profile and chip graph files' bytes and the sweep's own settings."""
    parts = [
        config_path.read_bytes(),
        profile_path.read_bytes(),
        json.dumps([backend, epochs, fixed], sort_keys=True).encode(),
    ]
    if graph:
        graph_path = config_path.parent / graph
        parts.append(graph_path.read_bytes() if graph_path.is_file() else b"")
    return hashlib.sha256(b"\0".join(parts)).hexdigest()


def _check_no_duplicates(points, path):
    seen = set()
    for point in points:
        if point.point_id in seen:
            raise ConfigError(
                f"{path}: point {point.params} seed {point.seed} appears "
                "twice (repeated grid value or seed)"
            )
        seen.add(point.point_id)


def _config_overrides(backend, epochs, seed):
    overrides = {"train.backend": backend, "train.seed": seed}
    if epochs is not None:
        overrides["train.epochs"] = epochs
    return overrides


# ------------------------------------------------------------------ one point


def _fault_injection() -> None:
    """Testing hook: with FHN_HW_FAULT_KILL_ONCE=PATH set, the first worker to
    start a point creates PATH and kills itself (SIGKILL), as a crash would."""
    marker = os.environ.get("FHN_HW_FAULT_KILL_ONCE")
    if marker:
        try:
            with open(marker, "x"):
                pass
        except FileExistsError:
            return
        os.kill(os.getpid(), signal.SIGKILL)


def run_point(task: dict) -> dict:
    """Train one point; return its row. Runs in a worker process (local or
    Dask), on one BLAS thread unless the worker's environment says otherwise."""
    from .cli import blas_threads

    with blas_threads():
        return _run_point(task)


def _run_point(task: dict) -> dict:
    from . import experiment

    _fault_injection()
    started = time.perf_counter()
    run = None
    try:
        config = load_experiment(
            task["config"],
            _config_overrides(task["backend"], task["epochs"], task["seed"]),
            profile=task["profile"],
            profile_overrides={**task["fixed"], **task["params"]},
        )
        run = experiment.prepare(config, task["backend"])
        experiment.train(run, progress=False)
        split = run.split
        _, train_acc = run.controller.evaluate(split.train_voltages, split.train_labels)
        test_loss, test_acc = run.controller.evaluate(
            split.test_voltages, split.test_labels
        )
        metrics = {
            "test_accuracy": test_acc,
            "train_accuracy": train_acc,
            "test_loss": test_loss,
            "rejected_samples": sum(
                r["rejected_samples"] for r in run.controller.state.history
            ),
            **experiment.drifted_accuracy(run),
        }
        status, error = "ok", ""
        versions = experiment.versions(task["backend"])
    except Exception as err:  # a failed point is recorded and redone on rerun
        metrics, status, error, versions = (
            {},
            "failed",
            f"{type(err).__name__}: {err}",
            {},
        )
    finally:
        if run is not None:
            run.close()
    return {
        "point_id": task["point_id"],
        "params": task["params"],
        "seed": task["seed"],
        "status": status,
        "metrics": metrics,
        "error": error,
        "seconds": time.perf_counter() - started,
        "versions": versions,
    }


# ------------------------------------------------------------------ store


class Store:
    """The SQLite results store of a sweep directory (WAL mode)."""

    COLUMNS = [
        "point_id",
        "params",
        "seed",
        "status",
        "metrics",
        "error",
        "seconds",
        "versions",
        "finished",
    ]

    def __init__(self, path: Path, create: bool = True):
        self.path = Path(path)
        try:
            uri = f"file:{self.path}?mode={'rwc' if create else 'ro'}"
            self.db = sqlite3.connect(uri, uri=True, timeout=30)
            columns = [r[1] for r in self.db.execute("PRAGMA table_info(points)")]
            if columns and columns != self.COLUMNS:
                raise sqlite3.DatabaseError(f"table points has columns {columns}")
            if not create:
                return
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=FULL")
            self.db.execute("""CREATE TABLE IF NOT EXISTS points (
                point_id TEXT PRIMARY KEY, params TEXT NOT NULL, seed INTEGER NOT NULL,
                status TEXT NOT NULL, metrics TEXT NOT NULL, error TEXT NOT NULL,
                seconds REAL NOT NULL, versions TEXT NOT NULL,
                finished TEXT NOT NULL)""")
            self.db.commit()
        except sqlite3.DatabaseError as err:
            raise ConfigError(
                f"{self.path}: not a fhn_hw results store ({err})"
            ) from err

    def finished(self) -> set:
        rows = self.db.execute("SELECT point_id FROM points WHERE status = 'ok'")
        return {r[0] for r in rows}

    def record(self, row: dict) -> None:
        with self.db:
            self.db.execute(
                "INSERT OR REPLACE INTO points VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    row["point_id"],
                    json.dumps(row["params"], sort_keys=True),
                    row["seed"],
                    row["status"],
                    json.dumps(row["metrics"], sort_keys=True),
                    row["error"],
                    row["seconds"],
                    json.dumps(row["versions"], sort_keys=True),
                    time.strftime("%Y-%m-%dT%H:%M:%S"),
                ),
            )

    def rows(self, ids) -> list[dict]:
        wanted = list(ids)
        found = {}
        for chunk in range(0, len(wanted), 500):
            part = wanted[chunk : chunk + 500]
            query = (
                "SELECT point_id, params, seed, status, metrics, error, seconds, "
                f"versions FROM points WHERE point_id IN ({','.join('?' * len(part))})"
            )
            for r in self.db.execute(query, part):
                found[r[0]] = {
                    "point_id": r[0],
                    "params": json.loads(r[1]),
                    "seed": r[2],
                    "status": r[3],
                    "metrics": json.loads(r[4]),
                    "error": r[5],
                    "seconds": r[6],
                    "versions": json.loads(r[7]),
                }
        return [found[i] for i in wanted if i in found]

    def close(self) -> None:
        self.db.close()


# ------------------------------------------------------------------ running


def check_out(out: Path) -> None:
    """Refuse an output directory whose store or CSV cannot be ours, before running."""
    for name in (STORE, "sweep.csv"):
        target = out / name
        if target.exists() and not target.is_file():
            raise ConfigError(f"--out {out}: {name} exists and is not a file")
    if (out / STORE).is_file():
        Store(out / STORE, create=False).close()


def run_sweep(
    sweep: Sweep,
    out: Path,
    workers: int = 1,
    scheduler: str | None = None,
    progress: bool | None = None,
) -> dict:
    """Run the points of ``sweep`` that ``out`` does not hold yet; write results."""
    from tqdm import tqdm

    check_out(out)
    client = _dask_client(scheduler) if scheduler else None
    out.mkdir(parents=True, exist_ok=True)
    store = Store(out / STORE)
    try:
        done = store.finished()
        pending = [p for p in sweep.points if p.point_id not in done]
        log.info(
            "sweep %s: %d points, %d finished before, %d to run",
            sweep.path,
            len(sweep.points),
            len(sweep.points) - len(pending),
            len(pending),
        )
        if progress is None:
            progress = sys.stderr.isatty()
        bar = tqdm(
            total=len(sweep.points),
            initial=len(sweep.points) - len(pending),
            disable=not progress,
            unit="point",
            desc="sweep",
        )
        tasks = [p.task(sweep) for p in pending]
        rows_in = _run_dask(tasks, client) if client else _run_local(tasks, workers)
        recorded = set()
        for row in rows_in:
            store.record(row)
            recorded.add(row["point_id"])
            bar.update()
            if row["status"] != "ok":
                log.warning(
                    "point %s seed %d failed: %s",
                    row["params"],
                    row["seed"],
                    row["error"],
                )
        bar.close()
        for task in tasks:  # a point is never dropped without a row saying so
            if task["point_id"] not in recorded:
                store.record(
                    {
                        "point_id": task["point_id"],
                        "params": task["params"],
                        "seed": task["seed"],
                        "status": "failed",
                        "metrics": {},
                        "error": "lost by the executor",
                        "seconds": 0.0,
                        "versions": {},
                    }
                )
        rows = store.rows(p.point_id for p in sweep.points)
    finally:
        store.close()
        if client is not None:
            client.close()
    write_csv(sweep, rows, out / "sweep.csv")
    plot_sweep(sweep, rows, out)
    failed = sum(r["status"] != "ok" for r in rows)
    return {
        "points": len(sweep.points),
        "ran": len(pending),
        "failed": failed,
        "finished": len(rows) - failed,
    }


def _worker_setup() -> None:
    """In each local worker: die with the controller (Linux PR_SET_PDEATHSIG),
    so a killed controller leaves no worker behind."""
    if sys.platform.startswith("linux"):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG


def _run_local(tasks, workers):
    """Run tasks in worker processes, at most ``workers`` in flight. A pool
    broken by a dying worker is rebuilt; only the points that were in flight
    count a try, and a point is given up after RETRIES + 1 tries."""
    import multiprocessing

    tries = {t["point_id"]: 0 for t in tasks}
    queue = list(tasks)
    context = multiprocessing.get_context("spawn")
    # One BLAS thread per worker: the workers are the parallelism, and
    # oversubscribed BLAS threads only slow them down.
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(name, "1")
    while queue:
        in_flight = {}  # future -> task, for the tasks a worker may hold
        with ProcessPoolExecutor(
            max_workers=workers, mp_context=context, initializer=_worker_setup
        ) as pool:
            try:
                while queue or in_flight:
                    while queue and len(in_flight) < workers:
                        # submit first: a broken pool raises here, and the task
                        # must still be in the queue then
                        in_flight[pool.submit(run_point, queue[0])] = queue[0]
                        queue.pop(0)
                    finished = next(as_completed(in_flight))
                    row = (
                        finished.result()
                    )  # raises BrokenProcessPool if its worker died
                    in_flight.pop(finished)
                    yield row
            except BrokenProcessPool:
                log.warning(
                    "a worker process died; %d points in flight are rerun",
                    len(in_flight),
                )
        for task in in_flight.values():
            pid = task["point_id"]
            tries[pid] += 1
            if tries[pid] > RETRIES:
                yield {
                    "point_id": pid,
                    "params": task["params"],
                    "seed": task["seed"],
                    "status": "failed",
                    "metrics": {},
                    "versions": {},
                    "seconds": 0.0,
                    "error": f"its worker died {tries[pid]} times",
                }
            else:
                queue.insert(0, task)


def _dask_client(scheduler: str):
    """Connect to a Dask scheduler; a bad or unreachable address is a user error."""
    address = r"(tcp|tls|ucx)://([A-Za-z0-9.\-]+|\[[0-9a-fA-F:]+\])(:\d{1,5})?/?"
    if not re.fullmatch(address + r"|inproc://\S+", scheduler):
        raise ConfigError(
            f"--scheduler {scheduler!r}: expected an address like tcp://127.0.0.1:8786"
        )
    try:
        from dask.distributed import Client
    except ImportError as err:
        raise ConfigError(
            "--scheduler needs dask.distributed: pip install 'fhn_hw[dask]'"
        ) from err
    try:
        return Client(scheduler, timeout=20)
    except (OSError, TimeoutError, ValueError) as err:
        raise ConfigError(
            f"--scheduler {scheduler!r}: cannot reach the scheduler "
            f"({type(err).__name__}: {err})"
        ) from err


def _run_dask(tasks, client):
    from dask.distributed import as_completed as dask_completed

    futures = client.map(run_point, tasks, pure=False, retries=RETRIES)
    for future in dask_completed(futures):
        yield future.result()


# ------------------------------------------------------------------ outputs


def _flat(row, keys, backend):
    record = {
        "point_id": row["point_id"],
        "seed": row["seed"],
        "status": row["status"],
        "backend": backend,
    }
    record.update({k: row["params"].get(k) for k in keys})
    record.update(row["metrics"])
    record.update(
        {
            "seconds": row["seconds"],
            "error": row["error"],
            "fhn_hw": row["versions"].get("fhn_hw"),
            "ngspice": row["versions"].get("ngspice"),
        }
    )
    return record


def write_csv(sweep: Sweep, rows: list, path: Path) -> None:
    records = [_flat(r, sweep.keys, sweep.backend) for r in rows]
    columns = list(dict.fromkeys(k for r in records for k in r))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(records)
    files.write_text(path, buffer.getvalue())


def summary(sweep: Sweep, rows: list) -> dict:
    """Mean and std of test accuracy over seeds, per swept combination."""
    groups = {}
    for r in rows:
        if r["status"] == "ok":
            key = json.dumps(r["params"], sort_keys=True)
            groups.setdefault(key, []).append(r["metrics"]["test_accuracy"])
    return {k: (float(np.mean(v)), float(np.std(v)), len(v)) for k, v in groups.items()}


def plot_sweep(sweep: Sweep, rows: list, out: Path) -> None:
    """Accuracy against each swept key (mean and spread over seeds); a heatmap
    of the mean for two keys."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ok = [r for r in rows if r["status"] == "ok"]
    if not ok or not sweep.keys:
        return
    for key in sweep.keys:
        figure, axes = plt.subplots(figsize=(5, 3.5))
        others = [k for k in sweep.keys if k != key]
        lines = {}
        for r in ok:
            if key not in r["params"]:
                continue
            label = ", ".join(f"{k}={r['params'].get(k)}" for k in others) or "all"
            lines.setdefault(label, {}).setdefault(r["params"].get(key), []).append(
                r["metrics"]["test_accuracy"]
            )
        for label, by_value in sorted(lines.items()):
            xs = sorted(by_value)
            means = [np.mean(by_value[x]) for x in xs]
            spread = [np.std(by_value[x]) for x in xs]
            axes.errorbar(xs, means, yerr=spread, marker="o", capsize=3, label=label)
        axes.set(
            xlabel=key, ylabel="test accuracy (mean +/- std over seeds)", ylim=(0, 1.02)
        )
        axes.grid(alpha=0.3)
        if len(lines) > 1:
            axes.legend(fontsize=7)
        figure.tight_layout()
        name = f"accuracy_vs_{key.replace('.', '_')}.png"
        files.save_figure(figure, out / name)
    if len(sweep.keys) == 2:
        _heatmap(sweep, ok, out, plt)


def _heatmap(sweep, ok, out, plt):
    first, second = sweep.keys
    ok = [r for r in ok if first in r["params"] and second in r["params"]]
    if not ok:
        return
    xs = sorted({r["params"][first] for r in ok})
    ys = sorted({r["params"][second] for r in ok})
    grid = np.full((len(ys), len(xs)), np.nan)
    for i, y in enumerate(ys):
        for j, x in enumerate(xs):
            values = [
                r["metrics"]["test_accuracy"]
                for r in ok
                if r["params"][first] == x and r["params"][second] == y
            ]
            if values:
                grid[i, j] = np.mean(values)
    figure, axes = plt.subplots(figsize=(5.5, 4.2))
    image = axes.imshow(grid, origin="lower", vmin=0, vmax=1, cmap="viridis")
    axes.set_xticks(range(len(xs)), [str(x) for x in xs])
    axes.set_yticks(range(len(ys)), [str(y) for y in ys])
    axes.set(xlabel=first, ylabel=second, title="mean test accuracy over seeds")
    for i in range(len(ys)):
        for j in range(len(xs)):
            if not np.isnan(grid[i, j]):
                axes.text(
                    j,
                    i,
                    f"{grid[i, j]:.2f}",
                    ha="center",
                    va="center",
                    color="white" if grid[i, j] < 0.6 else "black",
                    fontsize=8,
                )
    figure.colorbar(image)
    figure.tight_layout()
    files.save_figure(figure, out / "heatmap.png")
