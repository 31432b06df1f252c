"""Full-length runs, behind the ``slow`` marker (python3 -m pytest -m slow)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_iris_with_ngspice_in_the_loop_reaches_the_target(tmp_path):
    out = tmp_path / "iris"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "fhn_hw.cli",
            "train",
            str(ROOT / "sim" / "iris.toml"),
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert done.returncode == 0, done.stderr
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["backend"] == "ngspice"
    assert metrics["test_accuracy"] >= 0.95
    assert metrics["test_stability"]["unstable_fraction"] == 0.0
