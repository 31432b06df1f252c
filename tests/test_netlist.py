"""Netlist text: golden decks, the cell library, and no user text in any deck."""

from pathlib import Path

import networkx as nx
import numpy as np

from fhn_hw.config import load_profile
from fhn_hw.netlist import cell_library, chip_netlist, number
from fhn_hw.ngspice import NgspiceBackend
from fhn_hw.topology import compile_graph

from .conftest import CLASSIC, SCALE

ROOT = Path(__file__).resolve().parent.parent


def small_graph(label_in="x", label_out="y"):
    graph = nx.Graph()
    graph.add_node(label_in, role="input", feature=0, sign=1)
    graph.add_node("rail", role="bias", voltage=1.0)
    graph.add_node("h", role="hidden", bias_current=2.5e-6)
    graph.add_node(label_out, role="output", class_index=0, sign=1)
    graph.add_edge(label_in, "h", conductance=1e-6)
    graph.add_edge("rail", "h", conductance=2e-6)
    graph.add_edge("h", label_out, conductance=4e-6)
    return graph


def small_deck(graph):
    chip = compile_graph(graph)
    return chip_netlist(
        chip,
        CLASSIC,
        SCALE,
        chip.conductance,
        chip.bias_current,
        clamp_voltages=np.array([0.25, 1.0]),
    )


def test_small_chip_matches_golden_deck():
    golden = (ROOT / "netlists" / "golden" / "small_chip.cir").read_text()
    assert small_deck(small_graph()) == golden


def test_cell_library_file_is_the_ideal_profile_cell():
    profile = load_profile("ideal")
    text = (ROOT / "netlists" / "fhn_cell.lib").read_text()
    assert text == cell_library(profile.neuron, profile.scale)


def test_numbers_round_trip_exactly():
    for value in (1e-5, 0.1 + 0.2, 1 / 3, 123456.789e-12, -0.7):
        assert float(number(value)) == value


def test_labels_never_reach_the_netlist(tmp_path):
    target = tmp_path / "pwned"
    evil = f"x\n.control\nshell touch {target}\n.endc\n"
    graph = small_graph(label_in=evil, label_out=f"y\nshell touch {target}")
    deck = small_deck(graph)
    assert deck == small_deck(small_graph())
    assert "shell" not in deck and ".control" not in deck
    chip = compile_graph(graph)
    backend = NgspiceBackend(chip, CLASSIC, SCALE)
    result = backend.settle(chip.conductance, chip.bias_current, np.array([[0.2, 1.0]]))
    assert result.ok.all()
    assert not target.exists()
