"""Chip graphs: builders, roles, validation and compilation to integer ids.

A chip is an undirected NetworkX graph. Every node has a ``role``:

``input``
    a clamped voltage source driven by feature ``feature`` with ``sign`` +1 or
    -1 (differential encoding: each feature drives a +x and a -x source);
``bias``
    a clamped rail at a fixed ``voltage`` [V];
``hidden``
    a FitzHugh-Nagumo cell, optionally with a ``bias_current`` [A];
``output``
    a FN cell read out for class ``class_index`` with ``sign`` +1 or -1 (a
    class read as the difference of a pair of output cells).

Every edge is a resistor with a ``conductance`` [S] > 0. :func:`compile_graph`
validates the graph and returns a :class:`ChipTopology`, in which nodes are
integer ids: clamped nodes first (inputs, then rails), then free cells (hidden,
then outputs). User labels are kept for messages only and never reach netlist
text.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from numbers import Real

import networkx as nx
import numpy as np

from .errors import DataError, GraphError

ROLES = ("input", "bias", "hidden", "output")
#: Physical limits of what a chip graph may hold: 1 S (1 Ohm), 100 V rails, 1 A bias.
MAX_CONDUCTANCE = 1.0
LIMITS = {"voltage": 100.0, "bias_current": 1.0}
CLAMPED_ROLES = ("input", "bias")
FREE_ROLES = ("hidden", "output")


@dataclass(frozen=True)
class ChipTopology:
    """A validated chip with integer node ids.

    Attributes
    ----------
    labels : tuple
        The user's node label of each id (for messages only).
    n_clamped : int
        Ids ``0 .. n_clamped-1`` are clamped sources, the rest free cells.
    input_feature, input_sign : arrays (n_inputs,)
        Feature index and sign of each input source (ids ``0 .. n_inputs-1``).
    bias_voltage : array (n_clamped - n_inputs,)
        Rail voltage [V] of each bias source.
    n_hidden : int
        Free ids ``n_clamped .. n_clamped+n_hidden-1`` are hidden cells.
    output_class, output_sign : arrays (n_outputs,)
        Class and sign of each output cell (the last ids).
    edges : int array (E, 2)
        Resistor end points, sorted so that ``edges[:, 0] < edges[:, 1]``.
    conductance : array (E,)
        Initial conductances [S].
    bias_current : array (n_free,)
        Initial bias current into each free cell [A].
    """

    labels: tuple
    n_clamped: int
    input_feature: np.ndarray
    input_sign: np.ndarray
    bias_voltage: np.ndarray
    n_hidden: int
    output_class: np.ndarray
    output_sign: np.ndarray
    edges: np.ndarray
    conductance: np.ndarray
    bias_current: np.ndarray

    @property
    def n_nodes(self) -> int:
        return len(self.labels)

    @property
    def n_inputs(self) -> int:
        return len(self.input_feature)

    @property
    def n_free(self) -> int:
        return self.n_nodes - self.n_clamped

    @property
    def n_outputs(self) -> int:
        return len(self.output_class)

    @property
    def n_features(self) -> int:
        return int(self.input_feature.max()) + 1

    @property
    def n_classes(self) -> int:
        return int(self.output_class.max()) + 1

    @property
    def output_ids(self) -> np.ndarray:
        return np.arange(self.n_nodes - self.n_outputs, self.n_nodes)

    def role_of(self, node_id: int) -> str:
        if node_id < self.n_inputs:
            return "input"
        if node_id < self.n_clamped:
            return "bias"
        if node_id < self.n_clamped + self.n_hidden:
            return "hidden"
        return "output"

    def clamp_voltages(self, input_voltages: np.ndarray) -> np.ndarray:
        """Voltages [V] of all clamped sources, (B, n_clamped), for inputs (B, F)."""
        from . import kernels

        inputs = np.asarray(input_voltages, dtype=float)
        if inputs.ndim != 2 or inputs.shape[1] < self.n_features:
            raise DataError(
                f"input voltages: shape {inputs.shape}, expected (samples, "
                f"{self.n_features}) for this chip's {self.n_features} features"
            )
        if not np.isfinite(inputs).all():
            raise DataError("input voltages: expected finite values [V]")
        out = np.empty((len(inputs), self.n_clamped))
        kernels.clamp_voltages(
            inputs,
            np.asarray(self.input_feature, dtype=np.int64),
            np.asarray(self.input_sign, dtype=float),
            np.asarray(self.bias_voltage, dtype=float),
            out,
        )
        return out

    def to_graph(self, conductance=None, bias_current=None) -> nx.Graph:
        """The chip as a graph with integer node ids, for export and checks."""
        conductance = self.conductance if conductance is None else conductance
        bias_current = self.bias_current if bias_current is None else bias_current
        graph = nx.Graph()
        for node_id in range(self.n_nodes):
            graph.add_node(node_id, **self._node_attributes(node_id, bias_current))
        for (i, j), g in zip(self.edges, conductance):
            graph.add_edge(int(i), int(j), conductance=float(g))
        return graph

    def _node_attributes(self, node_id: int, bias_current: np.ndarray) -> dict:
        role = self.role_of(node_id)
        if role == "input":
            return {
                "role": role,
                "feature": int(self.input_feature[node_id]),
                "sign": int(self.input_sign[node_id]),
            }
        if role == "bias":
            return {
                "role": role,
                "voltage": float(self.bias_voltage[node_id - self.n_inputs]),
            }
        attributes = {
            "role": role,
            "bias_current": float(bias_current[node_id - self.n_clamped]),
        }
        if role == "output":
            k = node_id - (self.n_nodes - self.n_outputs)
            attributes["class_index"] = int(self.output_class[k])
            attributes["sign"] = int(self.output_sign[k])
        return attributes


# --------------------------------------------------------------------- builders


def layered_chip(
    n_features: int,
    hidden: tuple[int, ...] | list[int],
    n_classes: int,
    bias_voltages: tuple[float, ...] | list[float] = (1.0, -1.0),
    conductance_range: tuple[float, float] = (5e-7, 3e-6),
    seed: int = 0,
) -> nx.Graph:
    """A layered chip with differential inputs and outputs.

    Each feature drives a +x and a -x source; every rail and input connects to
    the first hidden layer, each layer densely to the next, the last hidden
    layer to 2 * n_classes output cells (a +/- pair per class). The rails also
    connect to every later layer. Conductances are drawn uniformly from
    ``conductance_range`` [S] with ``seed``.
    """
    _check_count("n_features", n_features)
    _check_count("n_classes", n_classes)
    for width in hidden:
        _check_count("hidden layer width", width)
    rng = np.random.default_rng(seed)
    graph = nx.Graph()

    inputs = [("x", f, s) for f in range(n_features) for s in (1, -1)]
    for node in inputs:
        graph.add_node(node, role="input", feature=node[1], sign=node[2])
    rails = [("rail", r) for r in range(len(bias_voltages))]
    for node, voltage in zip(rails, bias_voltages):
        graph.add_node(node, role="bias", voltage=float(voltage))

    previous = inputs
    layers = [
        [("h", depth, k) for k in range(width)] for depth, width in enumerate(hidden)
    ]
    outputs = [("y", c, s) for c in range(n_classes) for s in (1, -1)]
    for layer in layers:
        graph.add_nodes_from(layer, role="hidden")
    for node in outputs:
        graph.add_node(node, role="output", class_index=node[1], sign=node[2])

    for layer in layers + [outputs]:
        for source in previous + rails:
            for target in layer:
                graph.add_edge(
                    source, target, conductance=float(rng.uniform(*conductance_range))
                )
        previous = layer
    return graph


def residual_chain(
    width: int,
    depth: int,
    coupling: str = "one_to_one",
    conductance_range: tuple[float, float] = (5e-6, 1e-5),
    seed: int = 0,
    cross_fraction: float = 0.2,
) -> nx.Graph:
    """A deep chain of equal-width FN layers coupled layer to layer.

    Layer 0 is ``width`` clamped inputs (feature k drives node k, sign +1);
    layers 1 .. depth are FN cells; the last layer is read out, cell k for
    class k. With ``coupling="one_to_one"`` cell k of layer l couples only to
    cell k of layers l-1 and l+1 (a residual path); ``"dense"`` couples every
    pair of cells in adjacent layers, the cross links (j != k) drawn
    ``cross_fraction`` times smaller than the residual path, which keeps each
    layer's coupling matrix well conditioned (the layer-wise map inverts it).
    """
    _check_count("width", width)
    _check_count("depth", depth)
    if coupling not in ("one_to_one", "dense"):
        raise GraphError(
            f"residual_chain: coupling={coupling!r}: expected 'one_to_one' or 'dense'"
        )
    rng = np.random.default_rng(seed)
    graph = nx.Graph()
    for k in range(width):
        graph.add_node((0, k), role="input", feature=k, sign=1)
    for layer in range(1, depth + 1):
        for k in range(width):
            if layer < depth:
                graph.add_node((layer, k), role="hidden")
            else:
                graph.add_node((layer, k), role="output", class_index=k, sign=1)
        for k in range(width):
            partners = range(width) if coupling == "dense" else (k,)
            for j in partners:
                scale = 1.0 if j == k else cross_fraction
                graph.add_edge(
                    (layer - 1, j),
                    (layer, k),
                    conductance=scale * float(rng.uniform(*conductance_range)),
                )
    return graph


def _check_count(name: str, value) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise GraphError(f"{name}={value!r}: expected a positive integer")


# ------------------------------------------------------------------ graph files


def read_graph(path) -> nx.Graph:
    """Read a chip graph from GraphML (``.graphml``), GML (``.gml``), an edge
    list (``.edgelist``, see :func:`read_edge_list`) or a SPICE netlist that
    ``fhn-hw export`` wrote (``.cir``, ``.sp``, ``.spice``;
    read by :func:`fhn_hw.netlist.parse_chip`, which refuses control blocks,
    shell commands, outside includes and unknown elements)."""
    from pathlib import Path

    from .netlist import parse_chip

    path = Path(path)
    readers = {
        ".graphml": nx.read_graphml,
        ".gml": nx.read_gml,
        ".edgelist": read_edge_list,
    }
    if path.suffix.lower() in (".cir", ".sp", ".spice"):
        return parse_chip(path)
    if path.suffix.lower() not in readers:
        raise GraphError(
            f"{path}: graph file suffix {path.suffix!r}: expected one of "
            f"{sorted(readers)}"
        )
    if not path.is_file():
        raise GraphError(f"{path}: graph file not found")
    try:
        return readers[path.suffix.lower()](path)
    except GraphError:
        raise
    except Exception as err:  # networkx raises many kinds for malformed files
        raise GraphError(f"{path}: cannot read graph: {err}") from err


#: Node attributes an edge list may give, and their types.
_EDGE_LIST_ATTRIBUTES = {
    "feature": int,
    "sign": int,
    "class_index": int,
    "voltage": float,
    "bias_current": float,
}


def read_edge_list(path) -> nx.Graph:
    """A chip graph from a text edge list. Blank lines and ``#`` comments are
    skipped; a line is either a node with its role and attributes, or an edge
    with its conductance [S]::

        node x0p input feature=0 sign=1
        node r0 bias voltage=1.0
        node h0 hidden
        node y0p output class_index=0 sign=1
        x0p h0 1e-6

    Errors name the file and line. The graph is then validated by
    :func:`compile_graph` like any other."""
    from pathlib import Path

    path = Path(path)
    graph = nx.Graph()
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        words = raw.split("#", 1)[0].split()
        where = f"{path}:{number}"
        if not words:
            continue
        if words[0] == "node":
            if len(words) < 3:
                raise GraphError(f"{where}: expected 'node NAME ROLE [key=value ...]'")
            attributes = {"role": words[2]}
            for item in words[3:]:
                key, sep, value = item.partition("=")
                if not sep or key not in _EDGE_LIST_ATTRIBUTES:
                    raise GraphError(
                        f"{where}: {item!r}: expected key=value with a key in "
                        f"{sorted(_EDGE_LIST_ATTRIBUTES)}"
                    )
                kind = _EDGE_LIST_ATTRIBUTES[key]
                try:
                    attributes[key] = kind(value)
                except ValueError:
                    expected = "an integer" if kind is int else "a number"
                    raise GraphError(
                        f"{where}: {key}={value!r}: expected {expected}"
                    ) from None
            if words[1] in graph:
                raise GraphError(f"{where}: node {words[1]!r} given twice")
            graph.add_node(words[1], **attributes)
            continue
        if len(words) != 3:
            raise GraphError(
                f"{where}: {raw.strip()!r}: expected 'NODE NODE CONDUCTANCE' or a "
                "node line"
            )
        u, v, g = words
        for name in (u, v):
            if name not in graph:
                raise GraphError(f"{where}: node {name!r} is not declared above")
        try:
            conductance = float(g)
        except ValueError:
            raise GraphError(
                f"{where}: conductance {g!r}: expected a number [S]"
            ) from None
        if graph.has_edge(u, v):
            raise GraphError(f"{where}: a second edge {u} -- {v}")
        graph.add_edge(u, v, conductance=conductance)
    return graph


# ------------------------------------------------------------------ compilation


def compile_graph(graph: nx.Graph, source: str = "graph") -> ChipTopology:
    """Validate ``graph`` and give its nodes integer ids.

    Raises
    ------
    GraphError
        Naming ``source``, the node or edge and the value, for: a directed or
        multi-graph, a missing or unknown role, a bad feature, sign, class or
        voltage, an isolated node, a self edge, a missing, nonpositive or
        non-finite conductance, no inputs or no outputs, an output with no
        path to an input.
    """
    if not isinstance(graph, nx.Graph):
        raise GraphError(
            f"{source}: expected a networkx.Graph, got {type(graph).__name__}"
        )
    if graph.is_directed() or graph.is_multigraph():
        raise GraphError(
            f"{source}: {type(graph).__name__} given: a chip is an undirected simple "
            "graph (one resistor per node pair); use networkx.Graph"
        )
    by_role = {role: [] for role in ROLES}
    for node, attributes in graph.nodes(data=True):
        role = attributes.get("role")
        if role not in ROLES:
            raise GraphError(
                f"{source}: node {_show(node)}: role={role!r}: expected one of {ROLES}"
            )
        by_role[role].append(node)
    for role in ("input", "output"):
        if not by_role[role]:
            raise GraphError(f"{source}: no node has role={role!r}: a chip needs one")

    order = [node for role in ROLES for node in by_role[role]]
    ids = {node: k for k, node in enumerate(order)}
    edges, conductance = _compile_edges(graph, ids, source)
    _check_connected(graph, by_role, source)

    inputs = [_input_attributes(graph, n, source) for n in by_role["input"]]
    features = np.array([f for f, _ in inputs], dtype=int)
    missing = sorted(set(range(features.max() + 1)) - set(features.tolist()))
    if missing:
        raise GraphError(
            f"{source}: no input node carries feature {missing[0]}: "
            f"features must be numbered 0 .. {features.max()} without gaps"
        )
    outputs = [_output_attributes(graph, n, source) for n in by_role["output"]]
    classes = np.array([c for c, _ in outputs], dtype=int)
    missing = sorted(set(range(classes.max() + 1)) - set(classes.tolist()))
    if missing:
        raise GraphError(
            f"{source}: no output node carries class_index {missing[0]}: "
            f"classes must be numbered 0 .. {classes.max()} without gaps"
        )
    free = by_role["hidden"] + by_role["output"]
    return ChipTopology(
        labels=tuple(order),
        n_clamped=len(by_role["input"]) + len(by_role["bias"]),
        input_feature=features,
        input_sign=np.array([s for _, s in inputs], dtype=float),
        bias_voltage=np.array(
            [_finite(graph, n, "voltage", source) for n in by_role["bias"]], dtype=float
        ),
        n_hidden=len(by_role["hidden"]),
        output_class=classes,
        output_sign=np.array([s for _, s in outputs], dtype=float),
        edges=edges,
        conductance=conductance,
        bias_current=np.array(
            [_finite(graph, n, "bias_current", source, default=0.0) for n in free],
            dtype=float,
        ),
    )


def _compile_edges(graph, ids, source):
    edges, conductance = [], []
    for u, v, attributes in graph.edges(data=True):
        if u == v:
            raise GraphError(
                f"{source}: self edge at node {_show(u)}: a resistor "
                "needs two distinct end nodes"
            )
        g = attributes.get("conductance")
        if (
            isinstance(g, bool)
            or not isinstance(g, Real)
            or not math.isfinite(g)
            or not 0 < g <= MAX_CONDUCTANCE
        ):
            raise GraphError(
                f"{source}: edge {_show(u)} -- {_show(v)}: conductance={g!r}: "
                f"expected a number in (0, {MAX_CONDUCTANCE}] [S]"
            )
        edges.append(sorted((ids[u], ids[v])))
        conductance.append(float(g))
    if not edges:
        raise GraphError(f"{source}: the graph has no edges (no resistors)")
    order = np.lexsort(np.array(edges).T[::-1])
    return np.array(edges, dtype=int)[order], np.array(conductance)[order]


def _check_connected(graph, by_role, source):
    for node in graph.nodes:
        if graph.degree(node) == 0:
            raise GraphError(
                f"{source}: node {_show(node)} is dangling: it has no "
                "edges, so no resistor connects it to the chip"
            )
    reached = set()
    for component in nx.connected_components(graph):
        if any(graph.nodes[n]["role"] == "input" for n in component):
            reached |= component
    for role in ("output", "hidden"):
        for node in by_role[role]:
            if node not in reached:
                raise GraphError(
                    f"{source}: {role} node {_show(node)} has no path to "
                    "any input node, so no input can reach it"
                )


def _input_attributes(graph, node, source):
    feature = graph.nodes[node].get("feature")
    if (
        isinstance(feature, bool)
        or not isinstance(feature, (int, np.integer))
        or feature < 0
    ):
        raise GraphError(
            f"{source}: input node {_show(node)}: feature={feature!r}: "
            "expected an integer >= 0"
        )
    return int(feature), _sign(graph, node, source)


def _output_attributes(graph, node, source):
    index = graph.nodes[node].get("class_index")
    if isinstance(index, bool) or not isinstance(index, (int, np.integer)) or index < 0:
        raise GraphError(
            f"{source}: output node {_show(node)}: class_index={index!r}: "
            "expected an integer >= 0"
        )
    return int(index), _sign(graph, node, source)


def _sign(graph, node, source):
    sign = graph.nodes[node].get("sign", 1)
    if sign not in (1, -1) or isinstance(sign, bool):
        raise GraphError(
            f"{source}: node {_show(node)}: sign={sign!r}: expected 1 or -1"
        )
    return int(sign)


def _finite(graph, node, key, source, default=None):
    value = graph.nodes[node].get(key, default)
    limit = LIMITS[key]
    if (
        isinstance(value, bool)
        or not isinstance(value, Real)
        or not math.isfinite(value)
        or abs(value) > limit
    ):
        raise GraphError(
            f"{source}: node {_show(node)}: {key}={value!r}: "
            f"expected a number in [-{limit}, {limit}]"
        )
    return float(value)


def _show(node) -> str:
    text = repr(node)
    return text if len(text) <= 60 else text[:57] + "..."
