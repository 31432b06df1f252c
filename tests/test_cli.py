"""The fhn-hw command: a real run, and bad input that leaves nothing behind."""

import json
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parent.parent
IRIS = ROOT / "sim" / "iris.toml"


def fhn_hw(*args, cwd=None, env=None):
    return subprocess.run(
        [sys.executable, "-m", "fhn_hw.cli", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=600,
        env=env,
    )


def test_train_on_twin_writes_all_outputs(tmp_path):
    out = tmp_path / "run"
    done = fhn_hw(
        "train", IRIS, "--out", out, "--backend", "twin", "--epochs", "3", "--seed", "1"
    )
    assert done.returncode == 0, done.stderr
    metrics = json.loads((out / "metrics.json").read_text())
    for key in (
        "test_accuracy",
        "train_accuracy",
        "backend",
        "epochs",
        "seed",
        "seconds",
    ):
        assert key in metrics
    assert (
        metrics["backend"] == "twin" and metrics["epochs"] == 3 and metrics["seed"] == 1
    )
    assert metrics["test_accuracy"] > 0.6
    checkpoint = json.loads((out / "checkpoint.json").read_text())
    assert len(checkpoint["conductance"]) == len(checkpoint["graph"]["edges"])
    assert (
        checkpoint["versions"]["fhn_hw"] and checkpoint["config"]["train"]["seed"] == 1
    )
    assert (out / "curves.png").stat().st_size > 1000
    assert done.stderr.count("epoch ") == 3
    assert not list(out.glob(".*.tmp"))


def test_train_with_ngspice_in_the_loop_equals_twin(tmp_path):
    results = {}
    for backend in ("ngspice", "twin"):
        out = tmp_path / backend
        done = fhn_hw(
            "train", IRIS, "--out", out, "--backend", backend, "--epochs", "1"
        )
        assert done.returncode == 0, done.stderr
        results[backend] = json.loads((out / "checkpoint.json").read_text())
    assert results["ngspice"]["backend"] == "ngspice"
    assert results["ngspice"]["versions"]["ngspice"].startswith("ngspice-")
    a, b = (results[k]["conductance"] for k in ("ngspice", "twin"))
    assert max(abs(x - y) for x, y in zip(a, b)) < 1e-12


def test_verify_reports_the_checks(tmp_path):
    train = tmp_path / "run"
    assert (
        fhn_hw(
            "train", IRIS, "--out", train, "--backend", "twin", "--epochs", "5"
        ).returncode
        == 0
    )
    out = tmp_path / "verify"
    done = fhn_hw(
        "verify", IRIS, "--out", out, "--checkpoint", train / "checkpoint.json"
    )
    assert done.returncode == 0, done.stderr
    report = json.loads((out / "verify.json").read_text())
    assert report["twin_vs_ngspice_max_abs_v"] <= 1e-6
    assert report["ep_gradient_cosine"] >= 0.999
    assert report["unstable_fraction"] == 0.0 and report["max_real_eigenvalue"] < 0


def write(path, text):
    path.write_text(text)
    return path


BAD_CONFIGS = {
    "malformed": ("[train\nepochs = 3", ["malformed TOML"]),
    "unknown_key": ("[train]\nepochz = 3\n", ["train.epochz", "unknown key"]),
    "unknown_section": ("[trian]\nepochs = 3\n", ["'trian'", "unknown key"]),
    "out_of_range": ("[train]\nbeta = -0.5\n", ["train.beta", "-0.5"]),
    "wrong_type": ('[train]\nepochs = "ten"\n', ["train.epochs", "'ten'"]),
    "bad_choice": ('[train]\nnudge = "both"\n', ["train.nudge", "'both'"]),
    "bad_fraction": ("[data]\ntest_fraction = 1.5\n", ["data.test_fraction", "1.5"]),
    "bad_hidden": ("[chip]\nhidden = [0]\n", ["chip.hidden", "[0]"]),
    "bad_dataset": ('[data]\ndataset = "mnist"\n', ["data.dataset", "'mnist'"]),
    "missing_profile": ('profile = "unobtainium"\n', ["'unobtainium'"]),
    "nan": ("[train]\nlearning_rate = nan\n", ["train.learning_rate", "nan"]),
    "bad_graph_file": (
        '[chip]\ngraph = "nothing.graphml"\n',
        ["nothing.graphml", "not found"],
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_CONFIGS))
def test_bad_config_exits_2_with_one_line(tmp_path, case):
    text, words = BAD_CONFIGS[case]
    config = write(tmp_path / f"{case}.toml", text)
    out = tmp_path / "out"
    done = fhn_hw("train", config, "--out", out, "--backend", "twin", cwd=ROOT)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("fhn-hw: error: ")
    for word in words:
        assert word in lines[0]
    assert not out.exists()


def test_missing_config_file(tmp_path):
    done = fhn_hw("train", tmp_path / "nope.toml", "--out", tmp_path / "out")
    assert done.returncode == 2 and "nope.toml" in done.stderr
    assert "config file not found" in done.stderr and "Traceback" not in done.stderr


def test_batch_larger_than_the_training_set_is_named(tmp_path):
    config = tmp_path / "big_batch.toml"
    text = IRIS.read_text()
    assert "batch_size = " in text
    config.write_text(
        "\n".join(
            "batch_size = 100000" if line.startswith("batch_size = ") else line
            for line in text.splitlines()
        )
    )
    done = fhn_hw(
        "train", config, "--out", tmp_path / "out", "--backend", "twin", "--epochs", "1"
    )
    assert done.returncode == 0, done.stderr
    assert "train.batch_size = 100000 is more than the 105 training samples" in (
        done.stderr
    )


def test_bad_flag_value(tmp_path):
    done = fhn_hw("train", IRIS, "--out", tmp_path / "out", "--epochs", "0")
    assert done.returncode == 2 and "--epochs" in done.stderr and "'0'" in done.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("value", ["0", "-1", "abc", "65"])
def test_bad_worker_count(tmp_path, value):
    done = fhn_hw("train", IRIS, "--out", tmp_path / "out", "--workers", value)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert f"--workers: '{value}': expected an integer in [1, 64]" in done.stderr
    assert not (tmp_path / "out").exists()


def _one_epoch_run(tmp_path):
    """A finished one-epoch twin run, and the bytes of its files."""
    run = tmp_path / "run"
    done = fhn_hw("train", IRIS, "--out", run, "--epochs", "1", "--backend", "twin")
    assert done.returncode == 0, done.stderr
    return run, {p.name: p.read_bytes() for p in run.iterdir()}


def test_out_that_holds_a_run_is_refused(tmp_path):
    """A second run into the first's directory would replace its results."""
    run, files = _one_epoch_run(tmp_path)
    done = fhn_hw("train", IRIS, "--out", run, "--backend", "twin")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "already holds a run" in done.stderr and "--resume" in done.stderr
    assert {p.name: p.read_bytes() for p in run.iterdir()} == files


@pytest.mark.parametrize("epochs", [[], ["--epochs", "1"]])
def test_resume_with_no_epochs_left_is_refused(tmp_path, epochs):
    """--epochs is the run's total: no more than it has done leaves nothing to
    train, and its results (time included) stay as they were."""
    run, files = _one_epoch_run(tmp_path)
    done = fhn_hw("train", "--resume", run, *epochs)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "done 1 of its 1 epochs" in done.stderr and "N > 1" in done.stderr
    assert {p.name: p.read_bytes() for p in run.iterdir()} == files


def test_bad_graph_in_file(tmp_path):
    graph = nx.Graph()
    graph.add_node("x", role="input", feature=0)
    graph.add_node("y", role="output", class_index=0)
    graph.add_edge("x", "y", conductance=-1.0)
    nx.write_graphml(graph, tmp_path / "chip.graphml")
    config = write(tmp_path / "c.toml", '[chip]\ngraph = "chip.graphml"\n')
    done = fhn_hw("train", config, "--out", tmp_path / "out", cwd=ROOT)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "chip.graphml" in done.stderr and "conductance=-1.0" in done.stderr
    assert not (tmp_path / "out").exists()


def test_graph_file_trains(tmp_path):
    graph = nx.Graph()
    for f in range(4):
        graph.add_node(f"x{f}", role="input", feature=f, sign=1)
    graph.add_node("rail", role="bias", voltage=1.0)
    for k in range(6):
        graph.add_node(f"h{k}", role="hidden")
        for source in [f"x{f}" for f in range(4)] + ["rail"]:
            graph.add_edge(source, f"h{k}", conductance=2e-6)
    for c in range(3):
        graph.add_node(f"y{c}", role="output", class_index=c, sign=1)
        for k in range(6):
            graph.add_edge(f"h{k}", f"y{c}", conductance=1e-6 * (1 + k + c))
    nx.write_graphml(graph, tmp_path / "chip.graphml")
    config = write(
        tmp_path / "c.toml",
        '[chip]\ngraph = "chip.graphml"\n[train]\nepochs = 2\nbackend = "twin"\n',
    )
    done = fhn_hw("train", config, "--out", tmp_path / "out", cwd=ROOT)
    assert done.returncode == 0, done.stderr


def test_sigkill_mid_epoch_then_resume_equals_uninterrupted(tmp_path):
    """ngspice in the loop: a run SIGKILLed in the middle of epoch 3 and then
    resumed ends with the uninterrupted run's metrics and conductances."""
    import os

    full, killed = tmp_path / "full", tmp_path / "killed"
    done = fhn_hw("train", IRIS, "--out", full, "--epochs", "4")
    assert done.returncode == 0, done.stderr
    env = {**os.environ, "FHN_HW_KILL_AT": "3:4"}
    crashed = fhn_hw("train", IRIS, "--out", killed, "--epochs", "4", env=env)
    assert crashed.returncode == -9  # SIGKILL
    assert not (killed / "metrics.json").exists()
    assert json.loads((killed / "checkpoint.json").read_text())["epoch"] == 2
    assert not list(killed.glob(".*.tmp"))  # no torn temporary file left
    resumed = fhn_hw("train", "--resume", killed)
    assert resumed.returncode == 0, resumed.stderr
    a, b = (json.loads((d / "metrics.json").read_text()) for d in (full, killed))
    for key in ("train_accuracy", "test_accuracy", "train_loss", "test_loss"):
        assert a[key] == b[key]
    ca, cb = (json.loads((d / "checkpoint.json").read_text()) for d in (full, killed))
    assert ca["conductance"] == cb["conductance"]
    assert [h["test_loss"] for h in ca["history"]] == [
        h["test_loss"] for h in cb["history"]
    ]


@pytest.mark.parametrize(
    "case", ["missing", "config_too", "damaged", "no_resume_table"]
)
def test_bad_resume_is_a_clean_error(tmp_path, case):
    run = tmp_path / "run"
    if case != "missing":
        done = fhn_hw("train", IRIS, "--out", run, "--epochs", "1", "--backend", "twin")
        assert done.returncode == 0, done.stderr
    path = run / "checkpoint.json"
    args = ["train", "--resume", run]
    if case == "config_too":
        args = ["train", IRIS, "--resume", run]
    elif case == "damaged":
        payload = json.loads(path.read_text())
        payload["resume"]["adam_conductance"] = "garbage"
        path.write_text(json.dumps(payload))
    elif case == "no_resume_table":
        payload = json.loads(path.read_text())
        del payload["resume"]
        path.write_text(json.dumps(payload))
    before = path.read_bytes() if path.exists() else None
    done = fhn_hw(*args)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert str(run) in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert (path.read_bytes() if path.exists() else None) == before


def _fast_timeout_config(tmp_path):
    text = IRIS.read_text().replace("[train]\n", "[train]\nsettle_timeout = 5.0\n", 1)
    path = tmp_path / "iris.toml"
    path.write_text(text)
    return path


def test_worker_crash_hang_and_failed_sample_are_survived_and_counted(tmp_path):
    """ngspice worker faults injected in one run: a SIGKILLed worker, a worker
    that hangs (5 s timeout), and a sweep point reported failed; the run ends
    with the clean run's accuracies and counts every fault."""
    import os

    config = _fast_timeout_config(tmp_path)
    clean = fhn_hw("train", config, "--out", tmp_path / "clean", "--epochs", "2")
    assert clean.returncode == 0, clean.stderr
    env = {
        **os.environ,
        "FHN_HW_WORKER_FAULT": f"crash:4,hang:8,{tmp_path / 'mark'}",
        "FHN_HW_SAMPLE_FAULT": "25",
    }
    faulty = fhn_hw(
        "train", config, "--out", tmp_path / "faulty", "--epochs", "2", env=env
    )
    assert faulty.returncode == 0, faulty.stderr
    a, b = (
        json.loads((tmp_path / d / "metrics.json").read_text())
        for d in ("clean", "faulty")
    )
    assert b["faults"]["worker_crashes"] == 1 and b["faults"]["worker_timeouts"] == 1
    assert b["faults"]["shards_retried"] == 2 and b["faults"]["shards_given_up"] == 0
    assert b["faults"]["samples_retried"] >= 1 and b["faults"]["samples_failed"] == 0
    assert a["faults"] == dict.fromkeys(a["faults"], 0)
    for key in ("train_accuracy", "test_accuracy"):
        assert a[key] == b[key]
    # the retried sample was solved by an op, not the sweep: equal to ~1e-11 V
    assert abs(a["test_loss"] - b["test_loss"]) < 1e-9 * a["test_loss"]


def test_a_sample_that_never_settles_is_rejected_and_counted(tmp_path):
    import os

    env = {**os.environ, "FHN_HW_SAMPLE_FAULT": "7:never"}
    done = fhn_hw("train", IRIS, "--out", tmp_path / "run", "--epochs", "1", env=env)
    assert done.returncode == 0, done.stderr
    metrics = json.loads((tmp_path / "run" / "metrics.json").read_text())
    assert metrics["faults"]["samples_failed"] == 1
    assert metrics["faults"]["samples_retried"] == 1
    assert metrics["rejected_samples"] == 1


def test_ctrl_c_stops_a_run_cleanly(tmp_path):
    """SIGINT to the whole process group (a Ctrl-C) of a run with ngspice
    workers: exit 130, one line, no traceback from any process, the last
    checkpoint intact."""
    import os
    import signal
    import time

    out = tmp_path / "run"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "fhn_hw.cli",
            "train",
            str(IRIS),
            "--out",
            str(out),
            "--workers",
            "2",
            "--epochs",
            "200",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.time() + 120
    while time.time() < deadline and not (out / "checkpoint.json").exists():
        time.sleep(0.1)
    os.killpg(process.pid, signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130
    assert "Traceback" not in err and err.strip().endswith("fhn-hw: interrupted")
    json.loads((out / "checkpoint.json").read_text())


def test_json_outputs_hold_no_nan(tmp_path):
    from fhn_hw.files import write_json

    write_json(tmp_path / "x.json", {"loss": float("nan"), "v": [1.0, float("inf")]})
    text = (tmp_path / "x.json").read_text()
    assert "NaN" not in text and "Infinity" not in text
    assert json.loads(text) == {"loss": None, "v": [1.0, None]}


def test_a_run_on_a_csv_next_to_its_config_resumes_and_exports(tmp_path):
    """A CSV dataset is named relative to its config; the checkpoint keeps
    its full path, so resume and export find it from anywhere."""
    from sklearn.datasets import load_iris

    data = tmp_path / "data"
    data.mkdir()
    iris = load_iris()
    rows = [",".join(map(str, [*x, y])) for x, y in zip(iris.data, iris.target)]
    (data / "iris.csv").write_text("\n".join(rows) + "\n")
    config = IRIS.read_text().replace('dataset = "iris"', 'dataset = "iris.csv"')
    assert 'dataset = "iris.csv"' in config
    (data / "iris.toml").write_text(config)
    out = tmp_path / "run"
    args = ("--backend", "twin", "--epochs", "1")
    assert fhn_hw("train", data / "iris.toml", "--out", out, *args).returncode == 0
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    done = fhn_hw("train", "--resume", out, "--epochs", "2", cwd=elsewhere)
    assert done.returncode == 0, done.stderr
    assert json.loads((out / "metrics.json").read_text())["epochs"] == 2
    done = fhn_hw(
        "export", out / "checkpoint.json", "--out", tmp_path / "fab", cwd=elsewhere
    )
    assert done.returncode == 0, done.stderr


def test_debug_shows_the_traceback_with_the_same_exit_status(tmp_path):
    done = fhn_hw("--debug", "train", tmp_path / "none.toml", "--out", tmp_path / "r")
    assert done.returncode == 2
    assert "Traceback" in done.stderr and "config file not found" in done.stderr


@pytest.mark.parametrize(
    "damage, named",
    [
        (lambda p: p["resume"]["adam_conductance"].update(first=[0.0] * 10), "first"),
        (lambda p: p["resume"]["adam_bias"].update(second=[-1.0] * 9), "second"),
        (lambda p: p["resume"]["adam_conductance"].update(steps=-1), "steps"),
        (lambda p: p["history"][0].pop("rejected_samples"), "history[0]"),
        (lambda p: p["resume"].update(faults={"worker_crashes": -1}), "faults"),
    ],
)
def test_resume_refuses_a_damaged_optimiser_state(tmp_path, damage, named):
    """Moments of the wrong length, negative second moments or step count,
    a broken history entry, bad fault counts: exit 2 naming the key, and the
    checkpoint is left as it was."""
    out = tmp_path / "run"
    args = ("--backend", "twin", "--epochs", "1")
    assert fhn_hw("train", IRIS, "--out", out, *args).returncode == 0
    path = out / "checkpoint.json"
    payload = json.loads(path.read_text())
    damage(payload)
    path.write_text(json.dumps(payload))
    before = path.read_bytes()
    done = fhn_hw("train", "--resume", out, "--epochs", "2")
    assert done.returncode == 2
    assert named in done.stderr and "Traceback" not in done.stderr
    assert path.read_bytes() == before


def test_worker_faults_are_still_counted_after_a_resume(tmp_path):
    import os

    out = tmp_path / "run"
    env = {**os.environ, "FHN_HW_WORKER_FAULT": f"crash:3,{tmp_path / 'mark'}"}
    args = ("--backend", "twin", "--workers", "2")
    done = fhn_hw("train", IRIS, "--out", out, *args, "--epochs", "1", env=env)
    assert done.returncode == 0, done.stderr
    first = json.loads((out / "metrics.json").read_text())["faults"]
    assert first["worker_crashes"] == 1
    done = fhn_hw("train", "--resume", out, "--epochs", "2")
    assert done.returncode == 0, done.stderr
    assert json.loads((out / "metrics.json").read_text())["faults"] == first
