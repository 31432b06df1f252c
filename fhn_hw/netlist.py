"""Chip -> SPICE netlist text (ngspice dialect).

Every name in the text is generated here from integer ids (node ``n<id>``,
elements ``Vc<id>``, ``X<id>``, ``Ib<id>``, ``In<id>``, ``R<edge>``) and every
value is a float we format. No user string (graph label, config text) is ever
written: ngspice control blocks can run shell commands, so the netlist must be
text we made.

The FN cell subcircuit (``fhn_cell``) has one external node ``n``:

* ``Bcubic``: a behavioural current source injecting I0 f(v/V0) into n;
* ``Cm``: the membrane capacitor C;
* ``Lrec``, ``Rrec``, ``Vrec``: the recovery branch, inductor L in series with
  R_b and a source -a V0, whose current is w.
"""

from __future__ import annotations

import math
import re
from itertools import chain
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import numpy as np

from .circuit import NeuronParams, NeuronScale
from .errors import NetlistError
from .topology import ChipTopology

CELL = "fhn_cell"

#: Tolerances under which ngspice's DC solution matched a Newton solve of the
#: same equations to ~1e-15 V on a 10-32-6 Iris chip (measured on Debian
#: ngspice 39.3); the defaults give ~1e-9 V.
PRECISE_OPTIONS = ".options reltol=1e-6 vntol=1e-12 abstol=1e-15"
#: A DC sweep's later points start at the previous point and stop on ngspice's
#: step test alone; with PRECISE_OPTIONS they ended up to 4e-9 V from the
#: Newton solution of an Iris chip, with these 3e-11 V at most. Much tighter
#: (reltol 1e-12, vntol 1e-14, abstol 1e-18) is below the rounding floor of
#: larger chips: on a 92-cell chip one point never converged, and ngspice's
#: fallbacks (gmin, source stepping, then a transient) never returned.
SWEEP_OPTIONS = ".options reltol=1e-10 vntol=1e-12 abstol=1e-15"


def number(value: float) -> str:
    """A float as SPICE text: the shortest form that reads back to the same
    double, in plain or exponent notation, never with an SI suffix."""
    value = float(value)
    if not math.isfinite(value):
        raise NetlistError(f"netlist value {value!r}: expected a finite number")
    return repr(value)


def node(node_id: int) -> str:
    return f"n{int(node_id)}"


def cell_values(neuron: NeuronParams, scale: NeuronScale) -> dict:
    """SI values of one cell's parameters, as subcircuit parameter text."""
    return {
        "gain": number(neuron.gain),
        "lrec": number(scale.inductance(neuron)),
        "rrec": number(scale.recovery_resistance(neuron)),
        "vrec": number(-neuron.a * scale.voltage),
    }


def cell_library(neuron: NeuronParams, scale: NeuronScale) -> str:
    """The ``.subckt fhn_cell`` text; its defaults are ``neuron`` (scalars)."""
    v0, i0 = number(scale.voltage), number(scale.current)
    x = f"(v(n)/{v0})"
    defaults = " ".join(f"{k}={v}" for k, v in cell_values(neuron, scale).items())
    lines = [
        f"* FitzHugh-Nagumo cell: a={number(neuron.a)} b={number(neuron.b)} "
        f"eps={number(neuron.eps)} gain={number(neuron.gain)}",
        f"* scale: V0={v0} V, I0={i0} A, tau={number(scale.time)} s",
        f".subckt {CELL} n params: {defaults}",
        f"Bcubic 0 n I = {{gain*{i0}}}*({x} - {x}*{x}*{x}/3)",
        f"Cm n 0 {number(scale.capacitance())}",
        "Lrec n r1 {lrec}",
        "Rrec r1 r2 {rrec}",
        "Vrec r2 0 DC {vrec}",
        ".ends " + CELL,
    ]
    return "\n".join(lines) + "\n"


def chip_netlist(
    topology: ChipTopology,
    neuron: NeuronParams,
    scale: NeuronScale,
    conductance: np.ndarray,
    bias_current: np.ndarray,
    clamp_voltages: np.ndarray | None = None,
    options: str = PRECISE_OPTIONS,
    nominal: NeuronParams | None = None,
    wire_resistance: float = 0.0,
    fold_inputs: bool = False,
) -> str:
    """The whole chip as a flat deck: cell library, sources, cells, resistors.

    Parameters
    ----------
    neuron : NeuronParams
        Scalars, or per-cell arrays (mismatch): each cell then gets its own
        subcircuit parameters.
    conductance : array (E,) [S], written as resistors 1/G [Ohm].
    bias_current : array (n_free,) [A], one source into each cell.
    clamp_voltages : array (n_clamped,) [V], optional; 0 V when omitted.
    nominal : NeuronParams, optional
        The library defaults when ``neuron`` is per cell.
    wire_resistance : float
        A resistor [Ohm] in series with every coupling element; 0 = none.
    fold_inputs : bool
        Norton-fold the clamped sources: each cell tied to clamped nodes gets
        one resistor to ground, ``Rf<id>`` = 1 / sum_k G_ik, and the current
        sum_k G_ik u_k joins its bias source ``Ib<id>``; the clamped nodes and
        their resistors are left out. Exact for the free nodes (the caller sets
        ``Ib`` per sample), and it takes the input sources' MNA rows and the
        dense input coupling out of ngspice's matrix.
    """
    if clamp_voltages is None:
        clamp_voltages = np.zeros(topology.n_clamped)
    fold = _fold(topology, conductance, wire_resistance) if fold_inputs else None
    drive = np.asarray(bias_current, dtype=float)
    if fold is not None:
        drive = drive + fold[1] @ clamp_voltages
    output_ids = set(topology.output_ids.tolist())

    def cell_sources(k):
        yield f"Ib{k} 0 {node(k)} DC {number(drive[k - topology.n_clamped])}"
        if k in output_ids:
            yield f"In{k} 0 {node(k)} DC 0"

    return _deck(
        topology,
        neuron,
        scale,
        conductance,
        options,
        nominal,
        wire_resistance,
        fold,
        clamp_source=lambda k: f"Vc{k} {node(k)} 0 DC {number(clamp_voltages[k])}",
        cell_sources=cell_sources,
    )


def sweep_netlist(
    topology: ChipTopology,
    neuron: NeuronParams,
    scale: NeuronScale,
    conductance: np.ndarray,
    cell_currents: np.ndarray,
    clamp_voltages: np.ndarray | None = None,
    options: str = SWEEP_OPTIONS,
    nominal: NeuronParams | None = None,
    wire_resistance: float = 0.0,
    fold_inputs: bool = False,
    copies: int = 1,
) -> str:
    """A deck that holds a whole batch of samples: ``dc vidx 0 B-1 1`` solves
    the operating point of every sample in one analysis.

    The source ``Vidx`` sets node ``idx`` to the sample index; every per-sample
    value is a behavioural source that is piecewise linear in v(idx) through
    the samples' values, so at the integer sweep points it is exactly the
    sample's value. ngspice's DC sweep starts each point's Newton iteration
    from the previous point's solution and keeps the matrix ordering, where a
    fresh ``op`` per sample starts from scratch and reorders the matrix.

    Parameters
    ----------
    cell_currents : array (B, n_free) [A]
        The total current into each cell per sample: bias, nudge, and, when
        ``fold_inputs``, the Norton current of the clamped inputs.
    clamp_voltages : array (B, n_clamped) [V]
        Needed without ``fold_inputs``: the clamped sources per sample.
    copies : int
        The batch is ``copies`` blocks of the same samples that differ only in
        some currents (EP's nudged phases): rows c B' + b, c < copies. A second
        source ``Vcopy`` selects the block, so each value that all blocks
        share is written once, as a table over B' = B / copies points, and
        ``dc vidx 0 B'-1 1 vcopy 0 copies-1 1`` solves them all.
    """
    cell_currents = np.atleast_2d(np.asarray(cell_currents, dtype=float))
    fold = _fold(topology, conductance, wire_resistance) if fold_inputs else None
    if fold is None and clamp_voltages is None:
        raise NetlistError("sweep_netlist: clamp_voltages needed without folding")
    points = len(cell_currents) // copies
    if points < 1 or points * copies != len(cell_currents):
        raise NetlistError(
            f"sweep_netlist: {len(cell_currents)} samples: expected {copies} "
            "equal blocks"
        )
    currents = cell_currents.reshape(copies, points, -1)
    clamps = None
    if fold is None:
        clamp_voltages = np.asarray(clamp_voltages, dtype=float)[:points]
        clamps = clamp_voltages[None]
    if points == 1:  # pwl needs two points: repeat the sample
        currents = np.repeat(currents, 2, axis=1)
        clamps = None if clamps is None else np.repeat(clamps, 2, axis=1)
    current_text = _expressions(currents)
    clamp_text = None if clamps is None else _expressions(clamps)

    def cell_sources(k):
        text = current_text[k - topology.n_clamped]
        if text is None:
            value = number(currents[0, 0, k - topology.n_clamped])
            yield f"Ib{k} 0 {node(k)} DC {value}"
        else:
            yield f"Bi{k} 0 {node(k)} I = {text}"

    def clamp_source(k):
        if clamp_text[k] is None:
            return f"Vc{k} {node(k)} 0 DC {number(clamps[0, 0, k])}"
        return f"Bc{k} {node(k)} 0 V = {clamp_text[k]}"

    lines = _deck(
        topology,
        neuron,
        scale,
        conductance,
        options,
        nominal,
        wire_resistance,
        fold,
        clamp_source=clamp_source,
        cell_sources=cell_sources,
        end=False,
    )
    if copies > 1:
        lines += "Vcopy copy 0 DC 0\n"
    return lines + "Vidx idx 0 DC 0\n.end\n"


def _expressions(values: np.ndarray) -> list:
    """Per column of ``values`` (copies, points, columns): None when it is one
    number, a pwl table in v(idx) when every copy has the same values, and a
    choice of tables by v(copy) otherwise."""
    if not np.isfinite(values).all():
        raise NetlistError("sweep_netlist: expected finite sample values")
    index = [f"{b}" for b in range(values.shape[1])]
    constant = (values == values[0, 0]).all(axis=(0, 1))
    shared = (values == values[0]).all(axis=(0, 1))
    out = []
    for column in range(values.shape[2]):
        if constant[column]:
            out.append(None)
            continue
        blocks = values[:1] if shared[column] else values
        tables = [
            "pwl(v(idx), "
            + ", ".join(chain.from_iterable(zip(index, map(repr, row))))
            + ")"
            for row in blocks[:, :, column].tolist()
        ]
        text = tables[-1]
        for c in range(len(tables) - 2, -1, -1):
            text = f"(v(copy) < {c + 0.5!r} ? {tables[c]} : {text})"
        out.append(text)
    return out


def _deck(
    topology,
    neuron,
    scale,
    conductance,
    options,
    nominal,
    wire_resistance,
    fold,
    clamp_source,
    cell_sources,
    end=True,
) -> str:
    """The deck's text; ``clamp_source(k)`` writes clamped node k's source and
    ``cell_sources(k)`` the current sources into cell k."""
    conductance = np.asarray(conductance, dtype=float)
    if conductance.shape != topology.edges[:, 0].shape or (conductance <= 0).any():
        raise NetlistError(
            f"conductance: shape {conductance.shape}, min "
            f"{conductance.min() if conductance.size else None}: "
            f"expected {len(topology.edges)} values > 0 [S]"
        )
    lines = [
        f"* fhn_hw chip: {topology.n_clamped} clamped sources, "
        f"{topology.n_free} FN cells, {len(topology.edges)} resistors",
        cell_library(nominal or neuron, scale).rstrip("\n"),
    ]
    if fold is None:
        lines.append("* clamped inputs and rails")
        lines += [clamp_source(k) for k in range(topology.n_clamped)]
    lines.append("* FN cells, bias currents, nudging sources")
    per_cell = neuron.per_cell
    for k in range(topology.n_clamped, topology.n_nodes):
        if per_cell:
            values = cell_values(neuron.cell(k - topology.n_clamped), scale)
            params = " ".join(f"{name}={value}" for name, value in values.items())
            lines.append(f"X{k} {node(k)} {CELL} params: {params}")
        else:
            lines.append(f"X{k} {node(k)} {CELL}")
        if fold is not None and fold[0][k - topology.n_clamped] > 0:
            resistance = 1.0 / fold[0][k - topology.n_clamped]
            lines.append(f"Rf{k} {node(k)} 0 {number(resistance)}")
        lines += cell_sources(k)
    lines.append("* coupling resistors")
    lines.append(_resistors(topology, conductance, wire_resistance, fold is not None))
    lines.append(options)
    if end:
        lines.append(".end")
    return "\n".join(lines) + "\n"


class _Last:
    """A one-entry cache. EP writes the decks of the free and the nudged phases
    of one conductance state, and folds its inputs for each: what depends only
    on the chip and its conductances is made once per state."""

    def __init__(self):
        self.key, self.value = None, None

    def get(self, key, make):
        if self.key != key:
            self.key, self.value = key, make()
        return self.value


_last_resistors, _last_fold = _Last(), _Last()


def _state_key(topology, conductance, wire_resistance, *more):
    conductance = np.asarray(conductance, dtype=float)
    return (topology.edges.tobytes(), conductance.tobytes(), wire_resistance, *more)


def _resistors(topology, conductance, wire_resistance, folded) -> str:
    """The coupling resistors' lines."""
    return _last_resistors.get(
        _state_key(topology, conductance, wire_resistance, folded),
        lambda: _resistor_lines(topology, conductance, wire_resistance, folded),
    )


def _resistor_lines(topology, conductance, wire_resistance, folded) -> str:
    written = np.arange(len(conductance))
    if folded:
        written = written[topology.edges[:, 0] >= topology.n_clamped]
    ohms = 1.0 / conductance[written]
    if not np.isfinite(ohms).all():
        raise NetlistError("conductance: expected finite values > 0 [S]")
    ends = topology.edges[written].tolist()
    # repr is number() for finite floats; checked above, in bulk.
    if wire_resistance:
        wire = number(wire_resistance)
        lines = []
        for e, (i, j), r in zip(written.tolist(), ends, ohms.tolist()):
            lines.append(f"R{e} n{i} w{e} {r!r}")
            lines.append(f"Rw{e} w{e} n{j} {wire}")
    else:
        lines = [
            f"R{e} n{i} n{j} {r!r}"
            for e, (i, j), r in zip(written.tolist(), ends, ohms.tolist())
        ]
    return "\n".join(lines)


def _fold(topology, conductance, wire_resistance):
    """(sum of G to clamps per free node (n_free,), block B (n_free, n_clamped))
    of the effective conductances [S], for the Norton fold (read-only arrays,
    shared by the callers of one conductance state)."""
    return _last_fold.get(
        _state_key(topology, conductance, wire_resistance),
        lambda: _fold_arrays(topology, conductance, wire_resistance),
    )


def _fold_arrays(topology, conductance, wire_resistance):
    g = np.asarray(conductance, dtype=float)
    if wire_resistance:
        g = g / (1.0 + g * wire_resistance)
    i, j = topology.edges[:, 0], topology.edges[:, 1]
    to_clamp = (i < topology.n_clamped) & (j >= topology.n_clamped)
    block = np.zeros((topology.n_free, topology.n_clamped))
    np.add.at(block, (j[to_clamp] - topology.n_clamped, i[to_clamp]), g[to_clamp])
    total = block.sum(axis=1)
    for array in (total, block):
        array.setflags(write=False)
    return total, block


# ====================================================================== reading

#: SPICE scale suffixes (case-insensitive; "meg" and "mil" before "m").
SUFFIXES = (
    ("meg", 6),
    ("mil", None),
    ("t", 12),
    ("g", 9),
    ("k", 3),
    ("m", -3),
    ("u", -6),
    ("n", -9),
    ("p", -12),
    ("f", -15),
)
_NUMBER = re.compile(r"^([+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)([a-z]*)$")
#: Fewest fields of an element line, by letter (name, nodes, value).
_MIN_WORDS = {"r": 4, "v": 4, "i": 4, "b": 4, "c": 4, "l": 4, "x": 3}
#: Element letters a chip netlist may hold; anything else is refused.
ELEMENTS = {
    "r": "resistor",
    "v": "voltage source",
    "i": "current source",
    "x": "subcircuit instance",
    "b": "behavioural source",
    "c": "capacitor",
    "l": "inductor",
}
_CARDS = {".subckt", ".ends", ".model", ".options", ".option", ".end", ".title", ".op"}
MAX_INCLUDE_DEPTH = 8


def spice_value(text: str, where: str = "netlist") -> float:
    """A SPICE number: '2.5k' -> 2500.0, '1meg' -> 1e6, '3m' -> 3e-3 (milli)."""
    match = _NUMBER.match(text.strip().lower())
    if not match:
        raise NetlistError(f"{where}: {text!r}: expected a SPICE number")
    mantissa, tail = match.groups()
    digits, _, exponent = mantissa.partition("e")
    shift = 0
    for suffix, power in SUFFIXES:
        if tail.startswith(suffix):
            if power is None:  # mil: a thousandth of an inch
                return float(mantissa) * 25.4e-6
            shift = power
            break
    # Decimal exponent arithmetic, so that '2.5u' is exactly float('2.5e-6').
    return float(f"{digits}e{int(exponent or 0) + shift}")


@dataclass
class _Line:
    number: int
    text: str
    source: str

    def where(self) -> str:
        return f"{self.source}:{self.number}"


def _logical_lines(text: str, source: str) -> tuple[list[_Line], list[_Line]]:
    """Join '+' continuations, drop comments; return (lines, '*@' notes)."""
    lines, notes = [], []
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if stripped.startswith("*@"):
            notes.append(_Line(number, stripped[2:].strip(), source))
            continue
        if not stripped or stripped.startswith("*"):
            continue
        for mark in (";", "$ ", "//"):
            if mark in stripped:
                stripped = stripped.split(mark, 1)[0].rstrip()
        if not stripped:
            continue
        if stripped.startswith("+"):
            if not lines:
                raise NetlistError(
                    f"{source}:{number}: continuation line with nothing to continue"
                )
            lines[-1].text += " " + stripped[1:].strip()
        else:
            lines.append(_Line(number, stripped, source))
    return lines, notes


def _read_deck(path: Path, root: Path, depth: int = 0):
    if depth > MAX_INCLUDE_DEPTH:
        raise NetlistError(f"{path}: includes nested deeper than {MAX_INCLUDE_DEPTH}")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise NetlistError(f"{path}: cannot read netlist: {err}") from err
    lines, notes = _logical_lines(text, str(path))
    out = []
    for line in lines:
        words = line.text.split()
        head = words[0].lower()
        if head in (".control", ".endc") or head == "shell" or head.startswith("shell"):
            raise NetlistError(
                f"{line.where()}: {line.text[:60]!r}: control blocks and "
                "shell commands are refused in an imported netlist"
            )
        if head in (".include", ".inc", ".lib"):
            target = _include_target(line, words, root)
            more, more_notes = _read_deck(target, root, depth + 1)
            out += more
            notes += more_notes
            continue
        out.append(line)
    return out, notes


def _include_target(line: _Line, words, root: Path) -> Path:
    if len(words) < 2:
        raise NetlistError(f"{line.where()}: {words[0]} without a file")
    name = words[1].strip("'\"")
    target = (root / name).resolve()
    if Path(name).is_absolute() or root.resolve() not in target.parents:
        raise NetlistError(
            f"{line.where()}: include {name!r}: only files inside "
            f"{root} may be included"
        )
    if not target.is_file():
        raise NetlistError(f"{line.where()}: include {name!r}: file not found")
    return target


def _parameters(words, line: _Line) -> dict:
    params = {}
    for word in words:
        if word.lower() == "params:":
            continue
        key, sep, value = word.partition("=")
        if not sep:
            raise NetlistError(f"{line.where()}: {word!r}: expected name=value")
        params[key.lower()] = value
    return params


def parse_chip(path) -> nx.Graph:
    """Read an exported chip (``fhn_chip.sp``, or a deck including it) into a graph.

    Nodes are the integer ids of the exported names (``in3`` -> 3); roles and
    their attributes come from the ``*@ port`` lines, hidden cells from the cell
    instances. Edges carry ``conductance`` [S] (from 1/R, or from W/L and the
    model's sheet resistance), cells their ``bias_current`` [A].

    Raises
    ------
    NetlistError
        Naming the file and line, for control blocks, ``shell``, includes of
        files outside the netlist's own directory, unknown elements or cards,
        and malformed values.
    """
    path = Path(path)
    lines, notes = _read_deck(path, path.parent)
    subckts, models, current = {}, {}, None
    for line in lines:
        words = line.text.split()
        head = words[0].lower()
        if head.startswith("."):
            if head not in _CARDS:
                raise NetlistError(
                    f"{line.where()}: card {words[0]!r} is not accepted "
                    "in an imported chip netlist"
                )
            if head in (".subckt", ".model") and len(words) < 3:
                raise NetlistError(
                    f"{line.where()}: {line.text!r}: expected a name and more"
                )
            if head == ".subckt":
                current = words[1].lower()
                subckts[current] = {
                    "ports": [
                        w.lower()
                        for w in words[2:]
                        if "=" not in w and w.lower() != "params:"
                    ],
                    "elements": [],
                }
            elif head == ".ends":
                current = None
            elif head == ".model":
                models[words[1].lower()] = _model(words, line)
            continue
        if head[0] not in ELEMENTS:
            raise NetlistError(
                f"{line.where()}: element {words[0]!r}: unknown element "
                f"type {head[0]!r} (accepted: {sorted(ELEMENTS)})"
            )
        if len(words) < _MIN_WORDS.get(head[0], 3):
            raise NetlistError(
                f"{line.where()}: {line.text!r}: a {ELEMENTS[head[0]]} needs "
                f"at least {_MIN_WORDS.get(head[0], 3)} fields"
            )
        if current is not None:
            subckts[current]["elements"].append((line, words))
    if "fhn_chip" not in subckts:
        raise NetlistError(f"{path}: no .subckt fhn_chip found")
    try:
        return _chip_graph(subckts["fhn_chip"], models, notes, path)
    except (IndexError, KeyError, ValueError, ZeroDivisionError) as err:
        raise NetlistError(f"{path}: malformed chip netlist ({err!r})") from err


def _model(words, line):
    text = " ".join(words[3:]).replace("(", " ").replace(")", " ")
    return {
        k: spice_value(v, line.where())
        for k, v in _parameters(text.split(), line).items()
    }


def _node_id(name: str, where: str) -> int:
    match = re.fullmatch(r"(?:in|rail|n|out)(\d+)", name)
    if not match:
        raise NetlistError(f"{where}: node {name!r}: not a name fhn_hw exports")
    return int(match.group(1))


def _chip_graph(chip, models, notes, path) -> nx.Graph:
    graph = nx.Graph()
    for note in notes:
        words = note.text.split()
        if len(words) < 3 or words[0] != "port":
            continue
        if any("=" not in w for w in words[2:]) or not any(
            w.startswith("role=") for w in words[2:]
        ):
            raise NetlistError(
                f"{note.where()}: {note.text!r}: expected 'port NAME role=ROLE "
                "key=value ...'"
            )
        attributes = dict(w.split("=", 1) for w in words[2:])
        node = _node_id(words[1], note.where())
        converted = {"role": attributes.pop("role")}
        for key, value in attributes.items():
            name = "class_index" if key == "class" else key
            try:
                converted[name] = float(value) if key == "voltage" else int(value)
            except ValueError:
                raise NetlistError(
                    f"{note.where()}: {key}={value!r}: expected a number"
                ) from None
        graph.add_node(node, **converted)
    wires, resistors = {}, []
    for line, words in chip["elements"]:
        kind = words[0][0].lower()
        if kind == "x":
            node = _node_id(words[1].lower(), line.where())
            if node not in graph:
                graph.add_node(node, role="hidden")
        elif kind == "i":
            value = words[4] if words[3].lower() == "dc" else words[3]
            node = _node_id(words[2].lower(), line.where())
            graph.add_node(node, bias_current=spice_value(value, line.where()))
        elif kind == "r" and words[0].lower().startswith("rw"):
            wires[words[1].lower()] = words[2].lower()
        elif kind == "r":
            resistors.append((line, words))
    for line, words in resistors:
        a, b = words[1].lower(), wires.get(words[2].lower(), words[2].lower())
        graph.add_edge(
            _node_id(a, line.where()),
            _node_id(b, line.where()),
            conductance=_conductance(words, models, line),
        )
    for node, attributes in graph.nodes(data=True):
        if attributes.get("role") in ("hidden", "output"):
            attributes.setdefault("bias_current", 0.0)
    return nx.relabel_nodes(graph, {n: n for n in sorted(graph.nodes)})


def _conductance(words, models, line) -> float:
    if len(words) == 4:
        return 1.0 / spice_value(words[3], line.where())
    model = models.get(words[3].lower())
    if model is None or "rsh" not in model:
        raise NetlistError(
            f"{line.where()}: resistor model {words[3]!r} has no .model card with rsh"
        )
    geometry = _parameters(words[4:], line)
    length = spice_value(geometry["l"], line.where())
    width = spice_value(geometry["w"], line.where())
    return width / (model["rsh"] * length)
