"""How ngspice's operating-point time grows with chip size, and whether the
process's memory grows over many settles. Prints one JSON object.

Scaling. Layered chips (one hidden layer, 3 classes, about two features per
hidden cell) with about 1e2, 3e2, 1e3, 3e3, 1e4, 3e4 and 1e5 conductances are
settled by :class:`fhn_hw.ngspice.NgspiceBackend` in each settle mode ("sweep":
one DC sweep over the batch; "op": one ``op`` per sample) with the clamped
inputs Norton-folded and unfolded. Each backend settles one sample first,
untimed (in "op" mode this first call ``alter``s every element), then the same
batch ``--repeats`` times; the repeat with the least wall time is reported,
with its ngspice analysis time ("solve" of ``backend.timing``) and the rest of
the timer breakdown per sample. "op" mode takes at most ``--op-samples``
samples, fewer on large chips so that about ``--op-budget`` seconds are spent
per repeat (at least 3), estimated from the warm-up's solve time. Every settled
sample is compared with :class:`fhn_hw.twin.TwinSolver`. The scaling exponent
of each (mode, folding) is the least-squares slope of log(time per sample)
against log(conductances), for the wall time and for the solve time.

Memory. A small chip (4 features, 8 hidden cells, 3 classes) is settled for
``--warmup-cycles`` samples, then for ``--cycles`` more, in batches of
``--batch``, in each mode; the resident set size is read from
/proc/self/statm before and after and at ten points in between. Each mode
runs in a process of its own, so that no memory freed by other chips can
absorb growth.

Each measurement (and each memory run) is done in a new process running this
script with ``--child``, killed after ``--timeout`` seconds: an ngspice analysis
that does not return loses that measurement, which is then reported as failed
and left out of the fits, and the run goes on.

Inputs are x ~ 0.5 V * normal, clipped to +-2 V, from ``--seed`` (plus the size's
index); the bias current into every cell is a / b * I0.

    python benchmarks/op_scaling.py [--samples N] [--cycles N] [--quick]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import resource
import subprocess
import sys
import time

import numpy as np

from fhn_hw.circuit import NeuronParams, NeuronScale
from fhn_hw.cli import bounded
from fhn_hw.ngspice import TIMERS, NgspiceBackend, ngspice_version
from fhn_hw.topology import compile_graph, layered_chip
from fhn_hw.twin import TwinSolver

NEURON = NeuronParams(a=0.7, b=0.95, eps=0.08)
SCALE = NeuronScale()
#: (n_features, hidden, n_classes) of about 1e2, 3e2, 1e3, 3e3, 1e4, 3e4, 1e5
#: conductances; len(chip.edges) is reported.
SHAPES = (
    (7, 4, 3),
    (14, 8, 3),
    (29, 15, 3),
    (53, 26, 3),
    (98, 49, 3),
    (170, 86, 3),
    (314, 157, 3),
)
QUICK_SHAPES = SHAPES[:4]
SMALL = (4, 8, 3)
MODES = ("sweep", "op")
#: Least number of samples of a measurement.
MIN_SAMPLES = 3


def progress(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * resource.getpagesize() / 2**20


def bias_of(chip) -> np.ndarray:
    return np.full(chip.n_free, NEURON.a / NEURON.b * SCALE.current)


def random_clamp(chip, n: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    x = np.clip(rng.normal(size=(n, chip.n_features)) * 0.5, -2.0, 2.0)
    return chip.clamp_voltages(x)


def deck_resistors(chip, folded: bool) -> int:
    """Resistors in the deck ngspice solves: with folded inputs, the free-free
    ones plus one Norton resistor per cell tied to a clamped node."""
    if not folded:
        return len(chip.edges)
    to_clamp = chip.edges[:, 0] < chip.n_clamped
    return int((~to_clamp).sum()) + len(np.unique(chip.edges[to_clamp, 1]))


# ------------------------------------------------------------------ scaling


def describe(chip, shape, mode, folded) -> dict:
    """What a row of the scaling table says of its chip and mode."""
    return {
        "n_features": shape[0],
        "hidden": shape[1],
        "n_classes": shape[2],
        "conductances": len(chip.edges),
        "deck_resistors": deck_resistors(chip, folded),
        "cells": chip.n_free,
        "clamped_inputs": chip.n_clamped,
        "folded": folded,
        "mode": mode,
    }


def measure(chip, shape, mode, folded, clamp, twin_voltages, args) -> dict:
    """Settle ``clamp[1:]`` (after a warm-up on ``clamp[:1]``) and time it."""
    bias = bias_of(chip)
    started = time.perf_counter()
    backend = NgspiceBackend(chip, NEURON, SCALE, fold_inputs=folded, settle_mode=mode)
    load_s = time.perf_counter() - started
    started = time.perf_counter()
    warm = backend.settle(chip.conductance, bias, clamp[:1])
    warmup_s = time.perf_counter() - started
    samples = len(clamp) - 1
    if mode == "op":
        per_sample = max(backend.timing["solve"], 1e-6)
        fits = int(args.op_budget / per_sample)
        samples = max(MIN_SAMPLES, min(args.op_samples, samples, fits))
    batch = clamp[1 : 1 + samples]
    best, not_ok, twin_diff = None, int((~warm.ok).sum()), 0.0
    for _ in range(args.repeats):
        before = dict(backend.timing)
        started = time.perf_counter()
        result = backend.settle(chip.conductance, bias, batch)
        wall = time.perf_counter() - started
        spent = {k: backend.timing[k] - before[k] for k in TIMERS}
        if best is None or wall < best[0]:
            best = (wall, spent)
        ok = result.ok
        not_ok += int((~ok).sum())
        if ok.any():
            diff = np.abs(result.voltages[ok] - twin_voltages[:samples][ok]).max()
            twin_diff = max(twin_diff, float(diff))
    wall, spent = best
    return {
        **describe(chip, shape, mode, folded),
        "samples": samples,
        "repeats": args.repeats,
        "wall_ms_per_sample": 1e3 * wall / samples,
        "solve_ms_per_sample": 1e3 * spent["solve"] / samples,
        "timers_ms_per_sample": {k: 1e3 * v / samples for k, v in spent.items()},
        "load_s": load_s,
        "warmup_s": warmup_s,
        "all_ok": not_ok == 0,
        "not_ok_settles": not_ok,
        "twin_max_abs_v": twin_diff,
    }


def exponent(rows, key) -> float | None:
    if len(rows) < 2:
        return None
    x = np.log([r["conductances"] for r in rows])
    y = np.log([r[key] for r in rows])
    return float(np.polyfit(x, y, 1)[0])


def exponents(rows) -> dict:
    fits = {}
    for mode in MODES:
        for folded in (True, False):
            chosen = [r for r in rows if r["mode"] == mode and r["folded"] == folded]
            missing = [r["conductances"] for r in chosen if "failed" in r]
            chosen = [r for r in chosen if "failed" not in r]
            name = f"{mode}_{'folded' if folded else 'unfolded'}"
            fits[name] = {
                "sizes": len(chosen),
                "missing_sizes": missing,
                "wall": exponent(chosen, "wall_ms_per_sample"),
                "solve": exponent(chosen, "solve_ms_per_sample"),
            }
    return fits


def measure_one(shapes, spec, args) -> dict:
    """One (size, mode, folding) in this process, for ``--child``."""
    index, mode, folded = spec
    shape = shapes[index]
    chip = compile_graph(layered_chip(shape[0], [shape[1]], shape[2]))
    clamp = random_clamp(chip, args.samples + 1, args.seed + index)
    twin = TwinSolver(chip, NEURON, SCALE)
    reference = twin.settle(chip.conductance, bias_of(chip), clamp[1:])
    row = measure(chip, shape, mode, folded, clamp, reference.voltages, args)
    row["twin_ok"] = bool(reference.ok.all())
    return row


def in_child(spec: str, args) -> tuple[dict | None, str]:
    """Run this script with ``--child spec`` (the same options) in a new process,
    killed after ``--timeout`` seconds: an ngspice analysis that never returns
    then costs one measurement, not the run. Returns (its JSON or None, why)."""
    command = [sys.executable, __file__, *sys.argv[1:], "--child", spec]
    try:
        done = subprocess.run(
            command, check=False, capture_output=True, text=True, timeout=args.timeout
        )
    except subprocess.TimeoutExpired:
        return None, f"timed out after {args.timeout} s"
    for line in done.stderr.splitlines():
        progress(f"  [{spec}] {line}")
    if done.returncode != 0:
        tail = done.stderr.strip().splitlines()[-1:] or [""]
        return None, f"exit code {done.returncode}: {tail[0][:200]}"
    return json.loads(done.stdout), ""


def scaling(shapes, args) -> list[dict]:
    rows = []
    for index, shape in enumerate(shapes):
        chip = compile_graph(layered_chip(shape[0], [shape[1]], shape[2]))
        for mode in MODES:
            for folded in (True, False):
                spec = f"scale:{index}:{mode}:{int(folded)}"
                started = time.perf_counter()
                row, why = in_child(spec, args)
                if row is None:
                    row = {
                        **describe(chip, shape, mode, folded),
                        "all_ok": False,
                        "failed": why,
                    }
                    progress(
                        f"{row['conductances']:>7} conductances {mode:>5} "
                        f"folded={folded!s:<5} FAILED: {why}"
                    )
                else:
                    progress(
                        f"{row['conductances']:>7} conductances {mode:>5} "
                        f"folded={folded!s:<5} {row['samples']:>3} samples "
                        f"{row['wall_ms_per_sample']:10.3f} ms/sample "
                        f"(solve {row['solve_ms_per_sample']:10.3f}) "
                        f"ok={row['all_ok']} twin {row['twin_max_abs_v']:.1e} V"
                    )
                row["process_s"] = round(time.perf_counter() - started, 2)
                rows.append(row)
    return rows


# ------------------------------------------------------------------- memory


def memory(mode, args) -> dict:
    chip = compile_graph(layered_chip(SMALL[0], [SMALL[1]], SMALL[2]))
    backend = NgspiceBackend(chip, NEURON, SCALE, settle_mode=mode)
    bias = bias_of(chip)
    clamp = random_clamp(chip, args.batch, args.seed)

    def run(cycles):
        failed = 0
        for first in range(0, cycles, args.batch):
            rows = clamp[: min(args.batch, cycles - first)]
            failed += int((~backend.settle(chip.conductance, bias, rows).ok).sum())
        return failed

    failed = run(args.warmup_cycles)
    gc.collect()
    before = rss_mb()
    trace, done, started = [before], 0, time.perf_counter()
    steps = max(1, min(10, args.cycles // args.batch))
    for k in range(1, steps + 1):
        target = args.cycles * k // steps
        failed += run(target - done)
        done = target
        trace.append(rss_mb())
    seconds = time.perf_counter() - started
    gc.collect()
    after = rss_mb()
    return {
        "mode": mode,
        "cells": chip.n_free,
        "conductances": len(chip.edges),
        "batch": args.batch,
        "warmup_cycles": args.warmup_cycles,
        "cycles": args.cycles,
        "rss_before_mb": round(before, 2),
        "rss_after_mb": round(after, 2),
        "rss_growth_mb": round(after - before, 3),
        "rss_trace_mb": [round(v, 2) for v in trace],
        "failed_settles": failed,
        "seconds": round(seconds, 2),
    }


# --------------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--samples", type=bounded(1), default=32, help="samples per size"
    )
    parser.add_argument(
        "--op-samples",
        type=bounded(1),
        default=16,
        help="most samples of an 'op' run",
    )
    parser.add_argument(
        "--op-budget",
        type=bounded(0.001, kind=float),
        default=4.0,
        help="seconds per 'op' repeat",
    )
    parser.add_argument("--repeats", type=bounded(1), default=3)
    parser.add_argument("--cycles", type=bounded(1), default=10_000)
    parser.add_argument("--warmup-cycles", type=bounded(0), default=1_000)
    parser.add_argument(
        "--batch", type=bounded(1), default=100, help="samples per settle"
    )
    parser.add_argument("--seed", type=bounded(0), default=0)
    parser.add_argument(
        "--timeout",
        type=bounded(1.0, kind=float),
        default=180.0,
        help="seconds per measurement",
    )
    parser.add_argument(
        "--quick", action="store_true", help="4 smallest sizes, few samples, 1e3 cycles"
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    shapes = SHAPES
    if args.quick:
        shapes = QUICK_SHAPES
        args.samples, args.op_samples, args.repeats = 4, 4, 1
        args.cycles, args.warmup_cycles = 1_000, 200
    args.samples = max(MIN_SAMPLES, args.samples)

    if args.child:
        kind, *spec = args.child.split(":")
        if kind == "rss":
            print(json.dumps(memory(spec[0], args)))
        else:
            spec = (int(spec[0]), spec[1], bool(int(spec[2])))
            print(json.dumps(measure_one(shapes, spec, args)))
        return

    started = time.perf_counter()
    rss = []
    for mode in MODES:
        row, why = in_child(f"rss:{mode}", args)
        rss.append(row or {"mode": mode, "failed": why})
        grown = f"{row['rss_growth_mb']} MB" if row else why
        progress(f"rss {mode}: {grown} over {args.cycles} cycles")
    rows = scaling(shapes, args)

    import PySpice

    print(
        json.dumps(
            {
                "sizes_measured": sorted(
                    {r["conductances"] for r in rows if "failed" not in r}
                ),
                "sizes": rows,
                "exponents": exponents(rows),
                "rss_growth": rss,
                "failed_measurements": [
                    f"{r['conductances']} {r['mode']} folded={r['folded']}: "
                    f"{r['failed']}"
                    for r in rows
                    if "failed" in r
                ],
                "all_ok": all(r["all_ok"] for r in rows),
                "twin_max_abs_v": max(
                    (r["twin_max_abs_v"] for r in rows if "failed" not in r),
                    default=None,
                ),
                "settings": {
                    "samples": args.samples,
                    "op_samples": args.op_samples,
                    "op_budget_s": args.op_budget,
                    "repeats": args.repeats,
                    "timeout_s": args.timeout,
                    "seed": args.seed,
                    "quick": args.quick,
                },
                "machine": {
                    "cpu_count": os.cpu_count(),
                    "platform": platform.platform(),
                    "machine": platform.machine(),
                    "processor": platform.processor(),
                    "python": platform.python_version(),
                    "numpy": np.__version__,
                    "pyspice": PySpice.__version__,
                    "ngspice": ngspice_version(),
                },
                "wall_s": round(time.perf_counter() - started, 1),
            },
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
