"""Graph validation: every bad graph gets an error naming the node or edge."""

import math

import networkx as nx
import pytest

from fhn_hw.errors import GraphError
from fhn_hw.topology import compile_graph, layered_chip, residual_chain


def base_graph():
    graph = nx.Graph()
    graph.add_node("x", role="input", feature=0)
    graph.add_node("h", role="hidden")
    graph.add_node("y", role="output", class_index=0)
    graph.add_edge("x", "h", conductance=1e-6)
    graph.add_edge("h", "y", conductance=1e-6)
    return graph


def test_layered_chip_structure():
    chip = compile_graph(layered_chip(4, [32], 3))
    assert chip.n_inputs == 8 and chip.n_clamped == 10
    assert chip.n_hidden == 32 and chip.n_outputs == 6
    # inputs and rails to hidden, hidden and rails to outputs
    assert len(chip.edges) == 10 * 32 + (32 + 2) * 6
    assert sorted(chip.input_sign.tolist()) == [-1] * 4 + [1] * 4
    assert (chip.edges[:, 0] < chip.edges[:, 1]).all()


def test_residual_chain_structure():
    one = compile_graph(residual_chain(3, 5))
    dense = compile_graph(residual_chain(3, 5, coupling="dense"))
    assert one.n_free == 15 and len(one.edges) == 15
    assert len(dense.edges) == 5 * 9
    assert one.n_classes == 3


def test_any_graph_with_roles_compiles():
    graph = nx.relabel_nodes(
        nx.watts_strogatz_graph(20, 4, 0.3, seed=1), lambda n: f"cell {n}"
    )
    for node in graph.nodes:
        graph.nodes[node]["role"] = "hidden"
    graph.nodes["cell 0"].update(role="input", feature=0)
    graph.nodes["cell 10"].update(role="output", class_index=0)
    nx.set_edge_attributes(graph, 2e-6, "conductance")
    chip = compile_graph(graph)
    assert chip.n_free == 19 and chip.labels[0] == "cell 0"


@pytest.mark.parametrize(
    "mutate, words",
    [
        (lambda g: g.nodes["h"].update(role="neuron"), ["'h'", "role='neuron'"]),
        (lambda g: g.nodes["h"].pop("role"), ["'h'", "role=None"]),
        (lambda g: g.add_edge("h", "h", conductance=1e-6), ["self edge", "'h'"]),
        (lambda g: g.add_node("z", role="hidden"), ["'z'", "dangling"]),
        (lambda g: g.edges["x", "h"].update(conductance=0.0), ["'x' -- 'h'", "0.0"]),
        (lambda g: g.edges["x", "h"].update(conductance=-1e-6), ["-1e-06"]),
        (lambda g: g.edges["x", "h"].update(conductance=math.nan), ["nan"]),
        (lambda g: g.edges["x", "h"].update(conductance=math.inf), ["inf"]),
        (lambda g: g.edges["x", "h"].update(conductance="1k"), ["'1k'"]),
        (lambda g: g.edges["h", "y"].pop("conductance"), ["conductance=None"]),
        (lambda g: g.nodes["x"].update(feature=-1), ["feature=-1"]),
        (lambda g: g.nodes["y"].update(sign=2), ["sign=2"]),
        (lambda g: g.nodes["y"].update(class_index=1), ["class_index 0"]),
    ],
)
def test_bad_graph_is_named(mutate, words):
    graph = base_graph()
    mutate(graph)
    with pytest.raises(GraphError) as caught:
        compile_graph(graph, source="chip.graphml")
    message = str(caught.value)
    assert message.startswith("chip.graphml: ")
    for word in words:
        assert word in message


def test_output_without_path_to_input():
    graph = base_graph()
    graph.add_node("y2", role="output", class_index=1)
    graph.add_node("h2", role="hidden")
    graph.add_edge("h2", "y2", conductance=1e-6)
    with pytest.raises(GraphError, match="'y2' has no path to any input"):
        compile_graph(graph)


def test_directed_and_multi_graphs_refused():
    for kind in (nx.DiGraph, nx.MultiGraph):
        with pytest.raises(GraphError, match="undirected simple graph"):
            compile_graph(kind(base_graph()))


def test_no_inputs_or_no_outputs():
    graph = base_graph()
    graph.nodes["x"]["role"] = "hidden"
    with pytest.raises(GraphError, match="no node has role='input'"):
        compile_graph(graph)
