"""Export: golden texts, the ngspice -b testbench against the manifest, the
quantised chip, the parser's round trip and what it refuses."""

import json
import re
import subprocess
from pathlib import Path

import networkx as nx
import numpy as np
import pytest

from fhn_hw import experiment, files
from fhn_hw.checkpoint import read
from fhn_hw.config import load_experiment, load_profile
from fhn_hw.errors import ConfigError, NetlistError
from fhn_hw.export import export, parse_printed, run_batch
from fhn_hw.netlist import parse_chip, spice_value

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
VARYING = re.compile(r"^(\*|//) (format|checkpoint) .*$", re.MULTILINE)


def small_graph(label=None):
    """4 inputs and a rail -> 2 cells -> 3 outputs, fixed conductances."""
    graph = nx.Graph()
    names = [label or f"x{f}" if f == 0 else f"x{f}" for f in range(4)]
    for f, name in enumerate(names):
        graph.add_node(name, role="input", feature=f, sign=1)
    graph.add_node("rail", role="bias", voltage=1.0)
    for k in range(2):
        graph.add_node(f"h{k}", role="hidden", bias_current=7e-6)
        for j, source in enumerate(names + ["rail"]):
            graph.add_edge(source, f"h{k}", conductance=1e-6 * (1 + j + 3 * k))
    for c in range(3):
        graph.add_node(
            f"y{c}", role="output", class_index=c, sign=1, bias_current=7.5e-6
        )
        for k in range(2):
            graph.add_edge(f"h{k}", f"y{c}", conductance=2e-6 * (1 + c + k))
    return graph


def small_checkpoint(tmp_path, profile="ideal", label=None):
    nx.write_graphml(small_graph(label), tmp_path / "chip.graphml")
    config = tmp_path / "small.toml"
    config.write_text(
        f'profile = "{profile}"\n[chip]\ngraph = "chip.graphml"\n'
        "centre_bias = false\n[train]\nepochs = 1\n"
    )
    run = experiment.prepare(load_experiment(config, {"train.backend": "twin"}), "twin")
    path = tmp_path / "checkpoint.json"
    files.write_json(path, experiment.checkpoint(run))
    return path


def masked(text):
    return VARYING.sub(r"\1 \2 ...", re.sub(r"written \S+", "written ...", text))


@pytest.mark.parametrize("name", ["fhn_chip.sp", "fhn_chip.scs", "fhn_chip.cdl"])
def test_small_chip_export_matches_golden_text(tmp_path, name):
    out = tmp_path / "export"
    export(small_checkpoint(tmp_path), out)
    assert masked((out / name).read_text()) == (GOLDEN / f"small_{name}").read_text()


def test_layout_export_matches_golden_text(tmp_path):
    out = tmp_path / "export"
    export(small_checkpoint(tmp_path, profile="sky130_poly"), out)
    assert (
        masked((out / "fhn_chip.sp").read_text())
        == (GOLDEN / "small_sky130_fhn_chip.sp").read_text()
    )


def test_spectre_and_cdl_have_no_scale_suffixes(tmp_path):
    out = tmp_path / "export"
    export(small_checkpoint(tmp_path), out)
    for name in ("fhn_chip.scs", "fhn_chip.cdl", "fhn_chip.sp"):
        body = [
            line
            for line in (out / name).read_text().splitlines()
            if not line.startswith(("*", "//"))
        ]
        numbers = re.findall(
            r"(?<![A-Za-z_])(\d+\.?\d*(?:e[-+]?\d+)?)([A-Za-z]+)?\b", " ".join(body)
        )
        suffixed = {
            tail
            for _, tail in numbers
            if tail and tail.lower() in ("m", "meg", "k", "u", "n", "p", "f", "g", "t")
        }
        assert not suffixed, (name, suffixed)


def test_testbench_in_stock_ngspice_equals_manifest(tmp_path):
    out = tmp_path / "export"
    checkpoint = small_checkpoint(tmp_path)
    manifest = export(checkpoint, out)
    printed = parse_printed(run_batch(out / "testbench.sp"), manifest["outputs"])[0]
    assert len(printed) == len(manifest["vectors"]) == 45
    worst = 0.0
    for vector, voltages in zip(manifest["vectors"], printed):
        for name, expected in vector["expected_v"].items():
            worst = max(worst, abs(voltages[name] - expected))
        got = int(np.argmax([voltages[n] for n in manifest["outputs"]]))
        assert got == vector["class"]
    assert worst <= 1e-6
    saved = json.loads((out / "manifest.json").read_text())
    assert saved["testbench_check"]["classes_equal"] is True
    assert saved["testbench_check"]["max_abs_diff_v"] <= 1e-6
    for name, digest in saved["checksums_sha256"].items():
        import hashlib

        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == digest


def test_quantised_export_matches_its_own_expectation(tmp_path):
    out = tmp_path / "export"
    manifest = export(
        small_checkpoint(tmp_path, profile="sky130_poly"),
        out,
        quantize=True,
        monte_carlo=3,
        seed=1,
    )
    report = manifest["quantisation"]
    assert report["levels"] == 64 and report["levels_from"] == "layout.levels"
    grid = report["g_min"] + np.arange(64) * (report["g_max"] - report["g_min"]) / 63
    written = np.array(report["written_s"])
    assert np.abs(written[:, None] - grid[None]).min(axis=1).max() < 1e-18
    assert report["max_rel_error"] > 0
    assert manifest["testbench_check"]["max_abs_diff_v"] <= 1e-6
    assert manifest["testbench_check"]["classes_equal"]
    assert 0 <= manifest["in_loop_accuracy"] <= 1
    mc = manifest["monte_carlo"]
    assert mc["runs"] == 3 and mc["output_std_v_max"] > 0
    # the parsed chip holds the written (quantised) values
    graph = parse_chip(out / "fhn_chip.sp")
    parsed = sorted(d["conductance"] for _, _, d in graph.edges(data=True))
    np.testing.assert_allclose(parsed, sorted(written), rtol=1e-12)


def test_quantize_needs_levels(tmp_path):
    with pytest.raises(ConfigError, match="needs a profile with programmable levels"):
        export(small_checkpoint(tmp_path), tmp_path / "out", quantize=True)


@pytest.mark.parametrize("profile", ["ideal", "sky130_poly"])
def test_round_trip_equals_the_checkpoint_graph(tmp_path, profile):
    out = tmp_path / "export"
    checkpoint = small_checkpoint(tmp_path, profile=profile)
    export(checkpoint, out)
    original = nx.node_link_graph(read(checkpoint)["graph"], edges="edges")
    parsed = parse_chip(out / "fhn_chip.sp")
    assert set(parsed.nodes) == set(original.nodes)
    assert {frozenset(e) for e in parsed.edges} == {
        frozenset(e) for e in original.edges
    }
    for node, attributes in original.nodes(data=True):
        got = parsed.nodes[node]
        assert set(got) == set(attributes)
        for key, value in attributes.items():
            if isinstance(value, str):
                assert got[key] == value
            else:
                assert got[key] == pytest.approx(value, rel=1e-12, abs=0.0)
    for u, v, attributes in original.edges(data=True):
        assert parsed.edges[u, v]["conductance"] == pytest.approx(
            attributes["conductance"], rel=1e-12
        )


def test_parser_reads_continuations_comments_case_and_suffixes(tmp_path):
    (tmp_path / "chip.sp").write_text("""* a hand-edited chip
*@ port in0 role=input feature=0 sign=1
*@ port out2 role=output class=0 sign=1
.SUBCKT FHN_CHIP in0
+ out2 gnd   ; ports continue here
X1 N1 gnd fhn_cell
Ib1 gnd n1 DC 2.5u
X2 out2 gnd fhn_cell
R0 IN0 n1 1MEG $ a comment
r1 n1
+ out2 250K
.ENDS
""")
    graph = parse_chip(tmp_path / "chip.sp")
    assert graph.edges[0, 1]["conductance"] == pytest.approx(1e-6, rel=1e-15)
    assert graph.edges[1, 2]["conductance"] == pytest.approx(4e-6, rel=1e-15)
    assert graph.nodes[1] == {"role": "hidden", "bias_current": 2.5e-6}
    assert spice_value("3m") == 3e-3 and spice_value("3meg") == 3e6
    assert spice_value("10kOhm") == 1e4 and spice_value("2mil") == pytest.approx(
        5.08e-5
    )


@pytest.mark.parametrize(
    "text, words",
    [
        (".control\nshell touch {target}\n.endc\n", [".control", "refused"]),
        ("shell touch {target}\n", ["shell", "refused"]),
        (".include /etc/passwd\n", ["/etc/passwd", "only files inside"]),
        (".include ../outside.sp\n", ["../outside.sp", "only files inside"]),
        ("E1 a b c d 2\n", ["'E1'", "unknown element"]),
        (".param x=1\n", ["'.param'", "not accepted"]),
        (".subckt fhn_chip in0\nR1 in0 n1 1x2\n.ends\n", ["'1x2'"]),
    ],
)
def test_parser_refuses(tmp_path, text, words):
    target = tmp_path / "pwned"
    (tmp_path / "outside.sp").write_text("* outside\n")
    inner = tmp_path / "deck"
    inner.mkdir()
    deck = inner / "chip.sp"
    deck.write_text("* deck\n" + text.format(target=target))
    with pytest.raises(NetlistError) as caught:
        parse_chip(deck)
    message = str(caught.value)
    assert str(deck) in message
    for word in words:
        assert word in message
    assert not target.exists()


def test_labels_and_strings_never_reach_exported_text(tmp_path):
    target = tmp_path / "pwned"
    evil = f"x0\n.control\nshell touch {target}\n.endc\n"
    out = tmp_path / "export"
    manifest = export(small_checkpoint(tmp_path, label=evil), out, monte_carlo=2)
    for path in out.iterdir():
        text = path.read_text()
        assert "shell" not in text and "pwned" not in text
    assert manifest["testbench_check"]["classes_equal"]
    subprocess.run(
        ["ngspice", "-b", "testbench.sp"], cwd=out, capture_output=True, timeout=120
    )
    assert not target.exists()


@pytest.mark.parametrize(
    "section, key, value",
    [
        ("layout", "resistor_model", "rpoly\\n.control\\nshell touch X\\n.endc"),
        ("", "name", "mine\\n.control"),
    ],
)
def test_profile_strings_with_control_blocks_are_refused(tmp_path, section, key, value):
    text = (ROOT / "hardware_profiles" / "sky130_poly.toml").read_text()
    if section:
        text = re.sub(rf"^{key} = .*$", f'{key} = "{value}"', text, flags=re.MULTILINE)
    else:
        text = re.sub(r"^name = .*$", f'name = "{value}"', text, flags=re.MULTILINE)
    path = tmp_path / "evil.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as caught:
        load_profile(str(path))
    assert str(path) in str(caught.value)


@pytest.mark.parametrize("name", ["iris", "iris_sky130_quantised"])
def test_committed_iris_examples_run_in_stock_ngspice(tmp_path, name):
    import hashlib
    import shutil

    source = ROOT / "netlists" / "examples" / name
    manifest = json.loads((source / "manifest.json").read_text())
    for filename, digest in manifest["checksums_sha256"].items():
        assert hashlib.sha256((source / filename).read_bytes()).hexdigest() == digest
    work = tmp_path / name
    shutil.copytree(source, work)
    printed = parse_printed(run_batch(work / "testbench.sp"), manifest["outputs"])[0]
    assert len(printed) == len(manifest["vectors"]) == 45
    worst = max(
        abs(voltages[k] - v)
        for vector, voltages in zip(manifest["vectors"], printed)
        for k, v in vector["expected_v"].items()
    )
    assert worst <= 1e-6
    # class decisions: logits are the signed sums of each class's output pair
    for vector, voltages in zip(manifest["vectors"], printed):
        logits = {}
        for port in manifest["outputs"]:
            cls, sign = _port_class(source / "fhn_chip.sp", port)
            logits[cls] = logits.get(cls, 0.0) + sign * voltages[port]
        assert max(logits, key=logits.get) == vector["class"]
    assert manifest["in_loop_accuracy"] >= 0.95


def _port_class(chip_file, port):
    for line in chip_file.read_text().splitlines():
        if line.startswith(f"*@ port {port} "):
            fields = dict(w.split("=") for w in line.split()[3:])
            return int(fields["class"]), int(fields["sign"])
    raise AssertionError(port)
