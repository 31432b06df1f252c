"""The bad-input corpus (tests/bad_inputs/) and property-based fuzzing of the
config, graph and netlist readers.

Every corpus case is a training config that is bad itself or points at a bad
profile, graph, netlist or CSV dataset. Each must end with exit status 2, one
line on stderr naming its input, no traceback, no output directory, and no
file created by a shell command hidden in it.
"""

import os
import re
import tomllib
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fhn_hw import cli
from fhn_hw.config import CONFIG_SCHEMA, validate
from fhn_hw.errors import FhnHwError
from fhn_hw.netlist import parse_chip
from fhn_hw.topology import compile_graph

CORPUS = Path(__file__).parent / "bad_inputs"
CASES = sorted(CORPUS.glob("config_*.toml"))
#: What a case's message must name, when it is not the config or the file the
#: config points at.
NAMED = {"config_profile_missing.toml": "no_such_profile"}


def expected_name(case: Path) -> str:
    if case.name in NAMED:
        return NAMED[case.name]
    try:
        text = case.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return case.name
    for key in ("graph", "dataset", "profile"):
        found = re.search(rf'^{key} = "([^"]+\.[a-z]+)"', text, re.M)
        if found:
            return found.group(1)
    return case.name


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 40
    kinds = {c.name.split("_")[1] for c in CASES}
    assert {"graph", "data", "with"} <= kinds  # graphs/netlists, CSVs, profiles


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_bad_input_exits_2_naming_it(case, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(CORPUS)  # profile files are named relative to here
    out = tmp_path / "run"
    status = cli.main(["train", str(case), "--out", str(out)])
    err = capsys.readouterr().err.strip().splitlines()
    assert status == 2
    assert len(err) == 1 and err[0].startswith("fhn-hw: error: ")
    assert expected_name(case) in err[0]
    assert not out.exists()
    assert not list(CORPUS.glob("PWNED*")) and not list(tmp_path.glob("PWNED*"))


def test_a_graph_label_with_a_control_block_never_runs(tmp_path, monkeypatch):
    """Node names and labels of a graph never reach ngspice: training with
    ngspice in the loop on such a graph works and runs no shell command."""
    monkeypatch.chdir(tmp_path)
    evil = "x\n.control\nshell touch PWNED_LABEL\n.endc\n"
    graph = nx.Graph()
    for f in range(4):
        for sign in (1, -1):
            graph.add_node(f"{evil}in{f}{sign}", role="input", feature=f, sign=sign)
    graph.add_node(evil + "h", role="hidden", label=evil)
    for c in range(3):
        for sign in (1, -1):
            graph.add_node(f"out{c}{sign}", role="output", class_index=c, sign=sign)
    for node, data in list(graph.nodes(data=True)):
        if data["role"] != "hidden":
            graph.add_edge(node, evil + "h", conductance=1e-6)
    nx.write_graphml(graph, tmp_path / "evil.graphml")
    config = (Path(__file__).parents[1] / "sim" / "iris.toml").read_text()
    config = config.replace("hidden = [32]", 'hidden = [32]\ngraph = "evil.graphml"')
    config = config.replace("epochs = 30", "epochs = 1")
    (tmp_path / "evil.toml").write_text(config)
    status = cli.main(["train", str(tmp_path / "evil.toml"), "--out", "run"])
    assert status == 0
    assert not list(tmp_path.rglob("PWNED*"))


# ------------------------------------------------------------------ fuzzing

SAFE = settings(
    max_examples=int(os.environ.get("FHN_HW_FUZZ_EXAMPLES", 60)),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=os.environ.get("FHN_HW_FUZZ_SEED") is None,
)
values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.lists(st.floats(allow_nan=True), max_size=3),
)


@SAFE
@given(
    section=st.sampled_from(["", "data", "chip", "train", "bogus"]),
    key=st.one_of(
        st.sampled_from(sorted({k for table in CONFIG_SCHEMA.values() for k in table})),
        st.text(max_size=8),
    ),
    value=values,
)
def test_config_validation_raises_only_our_errors(section, key, value):
    raw = {"data": {}, "chip": {}, "train": {}}
    if section:
        raw.setdefault(section, {})[key] = value
    else:
        raw[key] = value
    try:
        validate(raw, CONFIG_SCHEMA, "fuzz.toml")
    except FhnHwError as err:
        assert "fuzz.toml" in str(err)


@SAFE
@given(text=st.text(max_size=300))
def test_config_text_raises_only_our_errors(tmp_path_factory, text):
    from fhn_hw.config import load_experiment

    path = tmp_path_factory.mktemp("fuzz") / "config.toml"
    path.write_text(text, encoding="utf-8")
    try:
        tomllib.loads(text)
    except (tomllib.TOMLDecodeError, ValueError):
        pass
    try:
        load_experiment(path)
    except FhnHwError as err:
        assert str(path) in str(err) or "profile" in str(err)


roles = st.sampled_from(["input", "bias", "hidden", "output", "gate", None])


@st.composite
def graphs(draw):
    graph = nx.Graph()
    n = draw(st.integers(min_value=1, max_value=8))
    for k in range(n):
        attributes = {}
        role = draw(roles)
        if role is not None:
            attributes["role"] = role
        for name in ("feature", "sign", "class_index", "voltage", "bias_current"):
            if draw(st.booleans()):
                attributes[name] = draw(values)
        graph.add_node(k, **attributes)
    for _ in range(draw(st.integers(min_value=0, max_value=12))):
        u, v = draw(st.integers(0, n - 1)), draw(st.integers(0, n - 1))
        graph.add_edge(u, v, conductance=draw(values))
    return graph


@SAFE
@given(graph=graphs())
def test_graph_compilation_raises_only_our_errors(graph):
    try:
        chip = compile_graph(graph, source="fuzz.graphml")
    except FhnHwError as err:
        assert "fuzz.graphml" in str(err)
    else:
        assert chip.n_free >= 1 and (chip.conductance > 0).all()


lines = st.one_of(
    st.sampled_from(
        [
            "R1 in0 n11 1k",
            "R2 n11 out12 2.5meg",
            "X11 n11 gnd fhn_cell",
            ".subckt fhn_chip in0 out12 gnd",
            ".ends fhn_chip",
            "*@ port in0 input feature=0 sign=1",
            "*@ port out12 output class_index=0 sign=1",
            ".control",
            "shell touch PWNED_FUZZ",
            ".include /etc/passwd",
            "+ 3",
            "Q1 a b c",
            ".end",
        ]
    ),
    st.text(max_size=40),
)


@SAFE
@given(deck=st.lists(lines, max_size=12))
def test_netlist_reader_raises_only_our_errors(tmp_path_factory, deck):
    folder = tmp_path_factory.mktemp("netlist")
    path = folder / "chip.sp"
    path.write_text("* fuzz\n" + "\n".join(deck) + "\n", encoding="utf-8")
    try:
        parse_chip(path)
    except FhnHwError as err:
        assert "chip.sp" in str(err)
    assert not list(folder.glob("PWNED*"))


def test_an_edge_list_chip_trains(tmp_path):
    """The valid edge list the corpus cases are made from."""
    config = (Path(__file__).parents[1] / "sim" / "iris.toml").read_text()
    graph = Path(__file__).parent / "good_chip.edgelist"
    config = config.replace("hidden = [32]", f'hidden = [32]\ngraph = "{graph}"')
    (tmp_path / "edges.toml").write_text(config)
    status = cli.main(
        [
            "train",
            str(tmp_path / "edges.toml"),
            "--out",
            str(tmp_path / "run"),
            "--backend",
            "twin",
            "--epochs",
            "2",
        ]
    )
    assert status == 0
    assert (tmp_path / "run" / "metrics.json").exists()
