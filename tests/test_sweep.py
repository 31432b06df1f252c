"""Sweeps: resume after kills, Dask equals local, bad sweep files touch nothing."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fhn_hw.errors import ConfigError
from fhn_hw.sweep import STORE, load_sweep, run_sweep

ROOT = Path(__file__).resolve().parent.parent
SMOKE = ROOT / "sim" / "sweeps" / "smoke.toml"


def comparable(rows):
    return {r["point_id"]: (r["status"], r["metrics"]) for r in rows}


def stored(out):
    db = sqlite3.connect(out / STORE)
    try:
        return db.execute(
            "SELECT point_id, status, metrics, finished FROM points"
        ).fetchall()
    except sqlite3.OperationalError:  # the sweep has not created its table yet
        return []
    finally:
        db.close()


def sweep_file(tmp_path, grid, epochs=4):
    path = tmp_path / "sweep.toml"
    path.write_text(
        f'config = "{ROOT / "sim" / "iris.toml"}"\nprofile = "ideal"\n'
        f'backend = "twin"\nepochs = {epochs}\nseeds = [0]\n'
        '[fixed]\n"device.g_min" = "0.1 uS"\n"device.g_max" = "20 uS"\n'
        f"[grid]\n{grid}\n"
    )
    return path


def test_smoke_sweep_points_and_outputs(tmp_path):
    sweep = load_sweep(SMOKE)
    assert len(sweep.points) >= 4 and sweep.grid_shape() == (2, 2)
    result = run_sweep(sweep, tmp_path, workers=2)
    assert result == {"points": 4, "ran": 4, "failed": 0, "finished": 4}
    for name in (
        "sweep.csv",
        "heatmap.png",
        "accuracy_vs_device_write_noise.png",
        "accuracy_vs_device_levels.png",
    ):
        assert (tmp_path / name).stat().st_size > 0
    lines = (tmp_path / "sweep.csv").read_text().splitlines()
    assert len(lines) == 5 and "test_accuracy" in lines[0]
    again = run_sweep(load_sweep(SMOKE), tmp_path, workers=2)
    assert again["ran"] == 0 and again["finished"] == 4


def test_dask_local_cluster_equals_local_processes(tmp_path):
    distributed = pytest.importorskip("dask.distributed")
    sweep = load_sweep(SMOKE)
    run_sweep(sweep, tmp_path / "local", workers=2)
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    ) as cluster:
        run_sweep(sweep, tmp_path / "dask", scheduler=cluster.scheduler_address)
    from fhn_hw.sweep import Store

    ids = [p.point_id for p in sweep.points]
    local = Store(tmp_path / "local" / STORE).rows(ids)
    remote = Store(tmp_path / "dask" / STORE).rows(ids)
    assert len(local) == len(remote) == 4
    assert comparable(local) == comparable(remote)


def test_killed_sweep_resumes_without_loss_or_duplicates(tmp_path):
    path = sweep_file(
        tmp_path,
        '"device.write_noise" = [0.0, 0.01, 0.02]\n"device.levels" = [0, 32]',
        epochs=8,
    )
    out = tmp_path / "out"
    command = [
        sys.executable,
        "-m",
        "fhn_hw.cli",
        "sweep",
        str(path),
        "--out",
        str(out),
    ]
    process = subprocess.Popen(
        command,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 120
    while time.time() < deadline:
        if (out / STORE).exists() and len(stored(out)) >= 2:
            break
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    before = {row[0]: row for row in stored(out)}
    assert 2 <= len(before) < 6
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["ran"] == 6 - len(before)
    after = stored(out)
    assert len(after) == 6 and len({row[0] for row in after}) == 6
    for row in after:
        if row[0] in before:
            assert row == before[row[0]]
    # and every point's metrics are those of an uninterrupted sweep
    whole = tmp_path / "whole"
    done = subprocess.run(
        command[:-1] + [str(whole)], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    uninterrupted = {row[0]: json.loads(row[2]) for row in stored(whole)}
    for row in after:
        assert row[1] == "ok"
        assert json.loads(row[2]) == uninterrupted[row[0]]


def test_killed_worker_is_replaced_and_its_point_rerun(tmp_path, monkeypatch):
    monkeypatch.setenv("FHN_HW_FAULT_KILL_ONCE", str(tmp_path / "killed"))
    path = sweep_file(tmp_path, '"device.write_noise" = [0.0, 0.01, 0.02]')
    result = run_sweep(load_sweep(path), tmp_path / "out", workers=2)
    assert (tmp_path / "killed").exists()
    assert result["finished"] == 3 and result["failed"] == 0
    assert len(stored(tmp_path / "out")) == 3


@pytest.mark.parametrize(
    "body, words",
    [
        (
            'config = "../iris.toml"\n[grid]\n"device.write_nois" = [0.1]\n',
            ["'device.write_nois'"],
        ),
        (
            'config = "../iris.toml"\n[grid]\n"device.write_noise" = [0.1, -1.0]\n',
            ["device.write_noise", "-1.0"],
        ),
        (
            'config = "../iris.toml"\n[grid]\n"device.write_noise" = 0.1\n',
            ["grid.'device.write_noise'", "0.1"],
        ),
        ('config = "../iris.toml"\nseeds = [-1]\n', ["seeds", "-1"]),
        ('config = "nowhere.toml"\n', ["nowhere.toml", "not found"]),
        ('config = "../iris.toml"\nworkers = 3\n', ["'workers'", "unknown key"]),
        ('config = "../iris.toml"\n[grid\n', ["malformed TOML"]),
    ],
)
def test_bad_sweep_file_exits_2_and_leaves_store_untouched(tmp_path, body, words):
    out = tmp_path / "out"
    run_sweep(load_sweep(SMOKE), out, workers=1)
    before = stored(out)
    (tmp_path / "sweeps").mkdir()
    (tmp_path / "iris.toml").write_text((ROOT / "sim" / "iris.toml").read_text())
    bad = tmp_path / "sweeps" / "bad.toml"
    bad.write_text(body)
    done = subprocess.run(
        [sys.executable, "-m", "fhn_hw.cli", "sweep", str(bad), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert str(bad) in done.stderr
    for word in words:
        assert word in done.stderr
    assert stored(out) == before


def test_random_points_are_seeded(tmp_path):
    path = tmp_path / "r.toml"
    path.write_text(
        f'config = "{ROOT / "sim" / "iris.toml"}"\n[random]\nsamples = 5\n'
        'seed = 3\n"device.write_noise" = [0.0, 0.05]\n'
        '"device.levels" = [2, 64]\n'
    )
    a, b = load_sweep(path), load_sweep(path)
    assert [p.params for p in a.points] == [p.params for p in b.points]
    assert len(a.points) == 5
    assert all(isinstance(p.params["device.levels"], int) for p in a.points)
    with pytest.raises(ConfigError):
        path.write_text(path.read_text().replace("[0.0, 0.05]", "[0.05, 0.0]"))
        load_sweep(path)


@pytest.mark.parametrize(
    "address, words",
    [
        ("tcp://127.0.0.1:1", ["cannot reach the scheduler"]),
        ("tcp://127.0.0.1:notaport", ["expected an address like"]),
        ("udp://127.0.0.1:8786", ["expected an address like"]),
    ],
)
def test_bad_scheduler_address_is_a_clean_error(tmp_path, address, words):
    out = tmp_path / "out"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "fhn_hw.cli",
            "sweep",
            str(SMOKE),
            "--out",
            str(out),
            "--scheduler",
            address,
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr
    for word in words:
        assert word in done.stderr
    assert not out.exists()


@pytest.mark.parametrize("damage", ["garbage", "schema", "directory"])
def test_foreign_store_is_refused_and_left_alone(tmp_path, damage):
    out = tmp_path / "out"
    out.mkdir()
    store = out / STORE
    if damage == "garbage":
        store.write_bytes(b"not a database at all" * 50)
    elif damage == "schema":
        db = sqlite3.connect(store)
        db.execute("CREATE TABLE points (x INTEGER)")
        db.commit()
        db.close()
    else:
        store.mkdir()
    before = sorted(p.name for p in out.iterdir())
    snapshot = store.read_bytes() if store.is_file() else None
    done = subprocess.run(
        [sys.executable, "-m", "fhn_hw.cli", "sweep", str(SMOKE), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert STORE in done.stderr
    assert sorted(p.name for p in out.iterdir()) == before
    if snapshot is not None:
        assert store.read_bytes() == snapshot


def test_equal_values_in_other_spellings_are_one_point(tmp_path):
    path = sweep_file(tmp_path, '"device.drift_t0" = ["20 s", 20.0]')
    with pytest.raises(ConfigError, match="appears twice"):
        load_sweep(path)
    path = sweep_file(tmp_path, '"device.write_noise" = [0, 0.0]')
    with pytest.raises(ConfigError, match="appears twice"):
        load_sweep(path)


def test_grid_and_random_keys_together_plot(tmp_path):
    path = tmp_path / "mixed.toml"
    path.write_text(
        f'config = "{ROOT / "sim" / "iris.toml"}"\nbackend = "twin"\n'
        'epochs = 1\n[grid]\n"device.levels" = [0, 8]\n[random]\n'
        'samples = 2\n"device.read_noise" = [0.0, 0.01]\n'
    )
    result = run_sweep(load_sweep(path), tmp_path / "out", workers=1)
    assert result["finished"] == 4
    assert (tmp_path / "out" / "accuracy_vs_device_levels.png").exists()
