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

import numpy as np

from .circuit import NeuronParams, NeuronScale
from .errors import NetlistError
from .topology import ChipTopology

CELL = "fhn_cell"

#: Tolerances under which ngspice's DC solution matched a Newton solve of the
#: same equations to ~1e-15 V on a 10-32-6 Iris chip (measured on Debian
#: ngspice 39.3); the defaults give ~1e-9 V.
PRECISE_OPTIONS = ".options reltol=1e-6 vntol=1e-12 abstol=1e-15"


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
    return {"gain": number(neuron.gain),
            "lrec": number(scale.inductance(neuron)),
            "rrec": number(scale.recovery_resistance(neuron)),
            "vrec": number(-neuron.a * scale.voltage)}


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
    """
    if clamp_voltages is None:
        clamp_voltages = np.zeros(topology.n_clamped)
    conductance = np.asarray(conductance, dtype=float)
    if conductance.shape != topology.edges[:, 0].shape or (conductance <= 0).any():
        raise NetlistError(f"conductance: shape {conductance.shape}, min "
                           f"{conductance.min() if conductance.size else None}: "
                           f"expected {len(topology.edges)} values > 0 [S]")
    lines = [f"* fhn_hw chip: {topology.n_clamped} clamped sources, "
             f"{topology.n_free} FN cells, {len(topology.edges)} resistors",
             cell_library(nominal or neuron, scale).rstrip("\n")]
    lines.append("* clamped inputs and rails")
    for k in range(topology.n_clamped):
        lines.append(f"Vc{k} {node(k)} 0 DC {number(clamp_voltages[k])}")
    lines.append("* FN cells, bias currents, nudging sources")
    output_ids = set(topology.output_ids.tolist())
    for k in range(topology.n_clamped, topology.n_nodes):
        if neuron.per_cell:
            values = cell_values(neuron.cell(k - topology.n_clamped), scale)
            params = " ".join(f"{name}={value}" for name, value in values.items())
            lines.append(f"X{k} {node(k)} {CELL} params: {params}")
        else:
            lines.append(f"X{k} {node(k)} {CELL}")
        lines.append(f"Ib{k} 0 {node(k)} DC "
                     f"{number(bias_current[k - topology.n_clamped])}")
        if k in output_ids:
            lines.append(f"In{k} 0 {node(k)} DC 0")
    lines.append("* coupling resistors")
    for e, ((i, j), g) in enumerate(zip(topology.edges, conductance)):
        if wire_resistance:
            lines.append(f"R{e} {node(i)} w{e} {number(1.0 / g)}")
            lines.append(f"Rw{e} w{e} {node(j)} {number(wire_resistance)}")
        else:
            lines.append(f"R{e} {node(i)} {node(j)} {number(1.0 / g)}")
    lines += [options, ".end"]
    return "\n".join(lines) + "\n"
