"""Speed-up of a sweep with 2 local worker processes against 1, in one run.

Runs the same sweep twice into fresh temporary directories, first with 1
worker, then with 2, and prints JSON with both wall times and their ratio.
The machine is noisy, so only the ratio of the two measured here means much.

    python benchmarks/sweep_workers.py [SWEEP.toml] [--points N]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import tempfile
import time
from pathlib import Path

from common import ROOT, run_main

from fhn_hw.cli import bounded
from fhn_hw.sweep import load_sweep, run_sweep



def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "sweep",
        nargs="?",
        type=Path,
        default=ROOT / "sim" / "sweeps" / "write_noise_levels.toml",
    )
    parser.add_argument(
        "--points",
        type=bounded(0),
        default=0,
        help="run only the first N points (0 = all)",
    )
    args = parser.parse_args()
    sweep = load_sweep(args.sweep)
    if args.points:
        sweep = dataclasses.replace(sweep, points=sweep.points[: args.points])
    seconds = {}
    for workers in (1, 2):
        with tempfile.TemporaryDirectory() as out:
            started = time.perf_counter()
            result = run_sweep(sweep, Path(out), workers=workers, progress=False)
            seconds[workers] = time.perf_counter() - started
            assert result["failed"] == 0, result
    print(
        json.dumps(
            {
                "sweep": str(args.sweep),
                "points": len(sweep.points),
                "seconds_1_worker": round(seconds[1], 2),
                "seconds_2_workers": round(seconds[2], 2),
                "speedup_2_vs_1": round(seconds[1] / seconds[2], 3),
            }
        )
    )


if __name__ == "__main__":
    run_main(main)
