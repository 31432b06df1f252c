import networkx as nx
import numpy as np
import pytest

from fhn_hw.circuit import NeuronParams, NeuronScale
from fhn_hw.cli import blas_threads
from fhn_hw.topology import compile_graph, layered_chip

#: FitzHugh's classic parameters (FitzHugh 1961), used for reference values.
CLASSIC = NeuronParams(a=0.7, b=0.8, eps=0.08)
SCALE = NeuronScale(voltage=1.0, current=1e-5, time=1e-6)


@pytest.fixture(scope="session", autouse=True)
def one_blas_thread():
    """As the CLI does: small products run on one BLAS thread."""
    with blas_threads():
        yield


@pytest.fixture
def small_chip():
    """A 2-feature, 5-hidden, 2-class layered chip, fixed seed."""
    return compile_graph(layered_chip(2, [5], 2, seed=3))


@pytest.fixture
def iris_sized_chip():
    return compile_graph(layered_chip(4, [32], 3, seed=0))


def lone_cell(conductance=1e-15):
    """One FN cell tied to a 0 V input through a negligible conductance [S]."""
    graph = nx.Graph()
    graph.add_node("in", role="input", feature=0, sign=1)
    graph.add_node("cell", role="output", class_index=0, sign=1)
    graph.add_edge("in", "cell", conductance=conductance)
    return compile_graph(graph)


def random_inputs(n, features, seed=0, volts=0.5):
    return np.random.default_rng(seed).normal(size=(n, features)) * volts
