"""Export of a trained chip for an EDA and fab flow.

From a checkpoint, :func:`export` writes into one directory:

``fhn_chip.sp``
    ngspice dialect, hierarchical: the ``fhn_cell`` subcircuit (with a local
    ground pin) and a ``fhn_chip`` subcircuit whose ports are the inputs, rails,
    outputs and ``gnd``. Each conductance is a resistor of value 1/G, or an
    instance of the profile's resistor model with W/L from its sheet
    resistance when the profile has a ``[layout]``. ``*@`` comment lines carry
    the port roles, so :func:`fhn_hw.netlist.parse_chip` reads the chip back.
``fhn_chip.scs``
    the same chip in Spectre syntax. Every number is written in exponent
    notation, never with a scale suffix (SPICE ``M`` is milli, Spectre ``M``
    mega: a suffix is a trap between the two).
``fhn_chip.cdl``
    for LVS: subcircuits and device lines only, models in ``$[...]`` tags; the
    behavioural cell is a black box there, to be replaced by its transistors.
``testbench.sp``
    for stock ``ngspice -b``: the chip, N test vectors, one ``op`` each, the
    output voltages printed; ``testbench_mc.sp`` (with ``monte_carlo``) the same
    with resistor and neuron mismatch redrawn in each of N runs.
``manifest.json``
    expected output voltages and classes per vector (from the in-loop ngspice
    session), checksums of every file, the quantisation report, provenance.

Only numbers we format and names we generate are written; the one profile
string that can appear (the resistor model name) is checked to be a plain
identifier when the profile is read.
"""

from __future__ import annotations

import hashlib
import logging
import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import __version__, files
from .errors import ConfigError, SimulatorError
from .netlist import CELL, PRECISE_OPTIONS, cell_values, number

log = logging.getLogger(__name__)

FORMATS = ("spice", "spectre", "cdl")
EXPORT_FORMAT = "fhn_hw.export/1"
CHIP = "fhn_chip"
_PRINTED = re.compile(r"^v\((out\d+)\)\s*=\s*(\S+)", re.IGNORECASE)


@dataclass
class ChipExport:
    """What gets written: the chip, its values and where they came from."""

    run: object
    conductance: np.ndarray
    bias_current: np.ndarray
    provenance: dict

    @property
    def topology(self):
        return self.run.topology

    @property
    def hardware(self):
        return self.run.hardware

    @property
    def layout(self) -> dict:
        layout = self.run.experiment.profile.values["layout"]
        return layout if layout["resistor_model"] and layout["sheet_resistance"] else {}


# ------------------------------------------------------------------- naming


def port_name(topology, node_id: int) -> str:
    role = topology.role_of(node_id)
    prefix = {"input": "in", "bias": "rail", "hidden": "n", "output": "out"}[role]
    return f"{prefix}{node_id}"


def ports(topology) -> list[str]:
    clamped = [port_name(topology, k) for k in range(topology.n_clamped)]
    outputs = [port_name(topology, int(k)) for k in topology.output_ids]
    return clamped + outputs + ["gnd"]


def _port_notes(topology) -> list[str]:
    notes = []
    for k in range(topology.n_clamped):
        if k < topology.n_inputs:
            notes.append(
                f"*@ port {port_name(topology, k)} role=input "
                f"feature={int(topology.input_feature[k])} "
                f"sign={int(topology.input_sign[k])}"
            )
        else:
            voltage = topology.bias_voltage[k - topology.n_inputs]
            notes.append(
                f"*@ port {port_name(topology, k)} role=bias voltage={number(voltage)}"
            )
    for j, k in enumerate(topology.output_ids):
        notes.append(
            f"*@ port {port_name(topology, int(k))} role=output "
            f"class={int(topology.output_class[j])} "
            f"sign={int(topology.output_sign[j])}"
        )
    return notes


def _header(chip: ChipExport, comment: str, title: str) -> list[str]:
    p = chip.provenance
    return [
        f"{comment} {title}",
        f"{comment} format {EXPORT_FORMAT}; fhn_hw {p['fhn_hw']}; written {p['date']}",
        f"{comment} checkpoint sha256 {p['checkpoint_sha256']}",
        f"{comment} profile {p['profile']}; quantised {p['quantised']}",
        f"{comment} units: SI (V, A, S, Ohm, F, H, m), plain exponent notation",
    ]


def _resistor_geometry(chip: ChipExport, resistance: np.ndarray) -> np.ndarray:
    """Length [m] of each resistor at the layout's width and sheet resistance."""
    layout = chip.layout
    return resistance / layout["sheet_resistance"] * layout["resistor_width"]


def _cells(chip: ChipExport):
    """(node id, node name, parameter texts or None, bias current text) per cell."""
    topology, hardware = chip.topology, chip.hardware
    for k in range(topology.n_clamped, topology.n_nodes):
        j = k - topology.n_clamped
        params = (
            cell_values(hardware.neuron.cell(j), hardware.scale)
            if hardware.neuron.per_cell
            else None
        )
        yield k, port_name(topology, k), params, number(chip.bias_current[j])


def _resistors(chip: ChipExport):
    """(name, node, node, resistance [Ohm], length [m] or None, is_wire) of every
    coupling element, followed by its wire when the profile has one."""
    topology, hardware = chip.topology, chip.hardware
    resistance = 1.0 / chip.conductance
    lengths = _resistor_geometry(chip, resistance) if chip.layout else None
    wire = hardware.wire_resistance
    for e, (i, j) in enumerate(topology.edges):
        a, b = port_name(topology, i), port_name(topology, j)
        far = f"w{e}" if wire else b
        yield (
            f"R{e}",
            a,
            far,
            resistance[e],
            None if lengths is None else lengths[e],
            False,
        )
        if wire:
            yield f"Rw{e}", f"w{e}", b, wire, None, True


# ------------------------------------------------------------------- SPICE


def spice_text(chip: ChipExport) -> str:
    topology, hardware = chip.topology, chip.hardware
    scale = hardware.scale
    v0, i0 = number(scale.voltage), number(scale.current)
    x = f"(v(n,gnd)/{v0})"
    defaults = " ".join(
        f"{k}={v}" for k, v in cell_values(hardware.nominal, scale).items()
    )
    lines = _header(chip, "*", "fhn_hw trained FN chip, ngspice dialect")
    lines += _port_notes(topology)
    lines += [
        f".subckt {CELL} n gnd params: {defaults}",
        f"Bcubic gnd n I = {{gain*{i0}}}*({x} - {x}*{x}*{x}/3)",
        f"Cm n gnd {number(scale.capacitance())}",
        "Lrec n r1 {lrec}",
        "Rrec r1 r2 {rrec}",
        "Vrec r2 gnd DC {vrec}",
        f".ends {CELL}",
    ]
    layout = chip.layout
    if layout:
        lines.append(
            f".model {layout['resistor_model']} R "
            f"(rsh={number(layout['sheet_resistance'])})"
        )
    lines.append(f".subckt {CHIP} " + " ".join(ports(topology)))
    for k, name, params, bias in _cells(chip):
        extra = (
            ""
            if params is None
            else " params: "
            + " ".join(f"{key}={value}" for key, value in params.items())
        )
        lines += [f"X{k} {name} gnd {CELL}{extra}", f"Ib{k} gnd {name} DC {bias}"]
    for name, a, b, resistance, length, _ in _resistors(chip):
        if length is None:
            lines.append(f"{name} {a} {b} {number(resistance)}")
        else:
            lines.append(
                f"{name} {a} {b} {layout['resistor_model']} l={number(length)} "
                f"w={number(layout['resistor_width'])}"
            )
    lines.append(f".ends {CHIP}")
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------- Spectre


def spectre_text(chip: ChipExport) -> str:
    topology, hardware = chip.topology, chip.hardware
    scale = hardware.scale
    v0, i0 = number(scale.voltage), number(scale.current)
    x = f"(V(n,gnd)/{v0})"
    lines = _header(chip, "//", "fhn_hw trained FN chip, Spectre syntax")
    lines += [
        "simulator lang=spectre",
        f"subckt {CELL} (n gnd)",
        "parameters "
        + " ".join(f"{k}={v}" for k, v in cell_values(hardware.nominal, scale).items()),
        f"Bcubic (gnd n) bsource i=gain*{i0}*({x} - pow({x},3)/3)",
        f"Cm (n gnd) capacitor c={number(scale.capacitance())}",
        "Lrec (n r1) inductor l=lrec",
        "Rrec (r1 r2) resistor r=rrec",
        "Vrec (r2 gnd) vsource type=dc dc=vrec",
        f"ends {CELL}",
    ]
    layout = chip.layout
    if layout:
        lines.append(
            f"model {layout['resistor_model']} resistor "
            f"rsh={number(layout['sheet_resistance'])}"
        )
    lines.append(f"subckt {CHIP} (" + " ".join(ports(topology)) + ")")
    for k, name, params, bias in _cells(chip):
        extra = (
            ""
            if params is None
            else " " + " ".join(f"{key}={value}" for key, value in params.items())
        )
        lines += [
            f"X{k} ({name} gnd) {CELL}{extra}",
            f"Ib{k} (gnd {name}) isource type=dc dc={bias}",
        ]
    for name, a, b, resistance, length, _ in _resistors(chip):
        if length is None:
            lines.append(f"{name} ({a} {b}) resistor r={number(resistance)}")
        else:
            lines.append(
                f"{name} ({a} {b}) {layout['resistor_model']} "
                f"l={number(length)} w={number(layout['resistor_width'])}"
            )
    lines.append(f"ends {CHIP}")
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------- CDL


def cdl_text(chip: ChipExport) -> str:
    topology = chip.topology
    layout = chip.layout
    model = layout["resistor_model"] if layout else "resistor"
    lines = _header(chip, "*", "fhn_hw trained FN chip, CDL for LVS")
    lines += [
        f".SUBCKT {CELL} n gnd",
        "* behavioural FN cell: a black box here, its transistor netlist replaces it",
        f".ENDS {CELL}",
        f".SUBCKT {CHIP} " + " ".join(ports(topology)),
    ]
    for k, name, _, bias in _cells(chip):
        lines.append(f"X{k} {name} gnd / {CELL} ibias={bias}")
    for name, a, b, resistance, length, is_wire in _resistors(chip):
        if length is None:
            tag = "wire" if is_wire else model
            lines.append(f"{name} {a} {b} {number(resistance)} $[{tag}]")
        else:
            lines.append(
                f"{name} {a} {b} $[{model}] $W={number(layout['resistor_width'])}"
                f" $L={number(length)}"
            )
    lines.append(f".ENDS {CHIP}")
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------- testbenches


def _testbench_head(chip: ChipExport, title: str) -> list[str]:
    topology = chip.topology
    lines = [f"* {title}", "* run with: ngspice -b <this file>", ".include fhn_chip.sp"]
    for k in range(topology.n_clamped):
        value = (
            0.0
            if k < topology.n_inputs
            else topology.bias_voltage[k - topology.n_inputs]
        )
        lines.append(
            f"V{port_name(topology, k)} {port_name(topology, k)} 0 DC {number(value)}"
        )
    connections = ports(topology)[:-1] + ["0"]
    lines += [
        f"Xchip {' '.join(connections)} {CHIP}",
        PRECISE_OPTIONS,
        ".control",
        "set numdgt=15",
    ]
    return lines


def _vector_lines(chip: ChipExport, clamp_row: np.ndarray, index: int) -> list[str]:
    topology = chip.topology
    lines = [
        f"alter V{port_name(topology, k)} dc = {number(clamp_row[k])}"
        for k in range(topology.n_inputs)
    ]
    outputs = " ".join(f"v({port_name(topology, int(k))})" for k in topology.output_ids)
    return lines + [
        "op",
        f"echo fhn_hw vector {index}",
        f"print {outputs}",
        "destroy all",
    ]


def testbench_text(chip: ChipExport, clamp: np.ndarray) -> str:
    lines = _testbench_head(
        chip, f"fhn_hw testbench: {len(clamp)} test vectors, one operating point each"
    )
    for index, row in enumerate(clamp):
        lines += _vector_lines(chip, row, index)
    # quit: ngspice -b then exits 0 (without it, a deck with no .print card exits 1)
    return "\n".join(lines + ["quit", ".endc", ".end"]) + "\n"


def monte_carlo_text(chip: ChipExport, clamp: np.ndarray, runs: int, seed: int) -> str:
    """Each run redraws every resistor and the DC parameters (a, b) of every cell.

    Resistor sigma: the layout's ``resistor_mismatch`` (relative) when given,
    else the device's ``write_noise`` (a fraction of the device window, as the
    programming error of writing the trained value). Cells: ``a_spread`` and
    ``b_spread``. The cubic gain cannot be altered in a B-source and is left
    nominal (``gain_spread`` is not drawn here).
    """
    topology, hardware = chip.topology, chip.hardware
    values = chip.run.experiment.profile.values
    layout, device, neuron = values["layout"], values["device"], values["neuron"]
    if layout["resistor_mismatch"]:
        sigma = layout["resistor_mismatch"] * chip.conductance
    else:
        sigma = np.full(
            len(chip.conductance),
            device["write_noise"] * (device["g_max"] - device["g_min"]),
        )
    lines = _testbench_head(
        chip, f"fhn_hw Monte Carlo testbench: {runs} runs x {len(clamp)} vectors"
    )
    lines += [f"set rndseed={int(seed)}", f"repeat {int(runs)}", "echo fhn_hw run"]
    for e, g in enumerate(chip.conductance):
        lines.append(f"let g = {number(g)} + {number(sigma[e])}*sgauss(0)")
        lines.append(
            f"let g = g*(g gt {number(1e-15)}) + {number(1e-15)}*(g le {number(1e-15)})"
        )
        if chip.layout:
            width = number(chip.layout["resistor_width"])
            rsh = number(chip.layout["sheet_resistance"])
            lines.append(f"let l = {width}/({rsh}*g)")
            lines.append(f"alter r.xchip.r{e} l = $&l")
        else:
            lines.append("let r = 1/g")
            lines.append(f"alter r.xchip.r{e} = $&r")
    for k, _, _, _ in _cells(chip):
        j = k - topology.n_clamped
        cell = hardware.neuron.cell(j) if hardware.neuron.per_cell else hardware.nominal
        if neuron["b_spread"]:
            rrec = cell.b * hardware.scale.voltage / hardware.scale.current
            lines.append(
                f"let r = {number(rrec)}*(1 + {number(neuron['b_spread'])}*sgauss(0))"
            )
            lines.append(f"alter r.xchip.x{k}.rrec = $&r")
        if neuron["a_spread"]:
            vrec = -cell.a * hardware.scale.voltage
            lines.append(
                f"let v = {number(vrec)}*(1 + {number(neuron['a_spread'])}*sgauss(0))"
            )
            lines.append(f"alter v.xchip.x{k}.vrec dc = $&v")
    for index, row in enumerate(clamp):
        lines += _vector_lines(chip, row, index)
    lines.append("end")
    return "\n".join(lines + ["quit", ".endc", ".end"]) + "\n"


# ------------------------------------------------------------------- running


def run_batch(deck: Path, timeout: float = 600.0) -> str:
    """Run stock ``ngspice -b`` on ``deck`` in its directory; return its stdout."""
    binary = shutil.which("ngspice")
    if binary is None:
        raise SimulatorError(
            "the ngspice program is not on PATH: install the Debian package ngspice"
        )
    done = subprocess.run(
        [binary, "-b", deck.name],
        cwd=deck.parent,
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )
    # ngspice -b exits 1 when the deck has no .plot/.print card even though the
    # .control block ran; its error lines are what tell a failure.
    errors = [
        line
        for line in (done.stdout + done.stderr).splitlines()
        if line.lower().startswith(("error", "fatal")) or "aborted" in line.lower()
    ]
    if errors or done.returncode not in (0, 1):
        raise SimulatorError(
            f"ngspice -b {deck.name} exited {done.returncode}: "
            f"{(errors or [done.stderr.strip()[-300:]])[0][:300]}"
        )
    return done.stdout


def parse_printed(stdout: str, output_names: list[str]) -> list[list[dict]]:
    """Output voltages per run, per vector, from a testbench's stdout."""
    runs, current = [], None
    for line in stdout.splitlines():
        text = line.strip()
        if text == "fhn_hw run":
            runs.append([])
        elif text.startswith("fhn_hw vector "):
            if not runs:
                runs.append([])
            current = {}
            runs[-1].append(current)
        else:
            match = _PRINTED.match(text)
            if match and current is not None:
                current[match.group(1).lower()] = float(match.group(2))
    for vectors in runs:
        for voltages in vectors:
            missing = set(output_names) - set(voltages)
            if missing:
                raise SimulatorError(f"ngspice printed no value for {sorted(missing)}")
    return runs


# ------------------------------------------------------------------- export


def programmable_levels(values: dict) -> tuple[int, str]:
    """How many conductances the profile can write, and which key says so.

    The layout's ``levels`` (distinct resistor cells) when set, else the
    device's write-verify ``levels``, else a pulsed device's states
    1 + round(1 / dw_min); 0 when the profile is continuous.
    """
    layout, device = values["layout"], values["device"]
    if layout["levels"]:
        return layout["levels"], "layout.levels"
    if device["levels"]:
        return device["levels"], "device.levels"
    if device["response"] != "ideal":
        return 1 + round(1 / device["dw_min"]), "device.dw_min"
    return 0, "device.levels"


def quantise(chip_run, conductance: np.ndarray) -> tuple[np.ndarray, dict]:
    """Nearest of the profile's levels for each device; and the report."""
    values = chip_run.experiment.profile.values
    device = values["device"]
    levels, key = programmable_levels(values)
    if not levels:
        raise ConfigError(
            f"profile {chip_run.experiment.profile.name!r}: {key} = 0: "
            "--quantize needs a profile with programmable levels "
            "(device.levels, layout.levels or a pulsed response)"
        )
    g_min, g_max = device["g_min"], device["g_max"]
    spacing = (g_max - g_min) / (levels - 1)
    index = np.clip(np.rint((conductance - g_min) / spacing), 0, levels - 1)
    written = g_min + index * spacing
    error = written - conductance
    report = {
        "levels": levels,
        "levels_from": key,
        "g_min": g_min,
        "g_max": g_max,
        "max_abs_error_s": float(np.abs(error).max()),
        "max_rel_error": float(np.abs(error / conductance).max()),
        "mean_abs_error_s": float(np.abs(error).mean()),
        "requested_s": conductance.tolist(),
        "written_s": written.tolist(),
    }
    return written, report


def export(
    checkpoint_path,
    out: Path,
    formats=FORMATS,
    profile: str | None = None,
    quantize: bool = False,
    vectors: int = 0,
    monte_carlo: int = 0,
    seed: int = 0,
) -> dict:
    """Write the export files into ``out``; return the manifest."""
    from .checkpoint import restore
    from .experiment import make_backend
    from .ngspice import ngspice_version

    checkpoint_path = Path(checkpoint_path)
    run = restore(checkpoint_path, backend="twin", profile=profile)
    state = run.controller.state
    digest = hashlib.sha256(checkpoint_path.read_bytes()).hexdigest()
    conductance, report = state.conductance, None
    if quantize:
        conductance, report = quantise(run, state.conductance)
    provenance = {
        "fhn_hw": __version__,
        "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "checkpoint_sha256": digest,
        "profile": run.experiment.profile.name,
        "quantised": bool(quantize),
        "ngspice": ngspice_version(),
    }
    chip = ChipExport(run, conductance, state.bias_current, provenance)
    split = run.split
    count = (
        len(split.test_labels) if not vectors else min(vectors, len(split.test_labels))
    )
    inputs, labels = split.test_voltages[:count], split.test_labels[:count]
    clamp = run.topology.clamp_voltages(inputs)

    spice = make_backend("ngspice", run.topology, run.hardware)
    in_loop = spice.settle(conductance, state.bias_current, clamp)
    outputs = in_loop.voltages[:, -run.topology.n_outputs :]
    classes = run.controller.cost.logits(outputs).argmax(axis=1)
    accuracy = {"in_loop_accuracy": float((classes == labels).mean())}
    if quantize:
        run.controller.backend = spice
        _, accuracy["unquantised_accuracy"] = run.controller.evaluate(inputs, labels)

    out.mkdir(parents=True, exist_ok=True)
    texts = {
        "spice": ("fhn_chip.sp", spice_text),
        "spectre": ("fhn_chip.scs", spectre_text),
        "cdl": ("fhn_chip.cdl", cdl_text),
    }
    written = {}
    for name in ("spice",) + tuple(f for f in formats if f != "spice"):
        filename, render = texts[name]
        files.write_text(out / filename, render(chip))
        written[filename] = out / filename
    files.write_text(out / "testbench.sp", testbench_text(chip, clamp))
    written["testbench.sp"] = out / "testbench.sp"
    output_names = [port_name(run.topology, int(k)) for k in run.topology.output_ids]
    printed = parse_printed(run_batch(out / "testbench.sp"), output_names)[0]
    batch_v = np.array([[v[name] for name in output_names] for v in printed])
    batch_classes = run.controller.cost.logits(batch_v).argmax(axis=1)
    check = {
        "max_abs_diff_v": float(np.abs(batch_v - outputs).max()),
        "classes_equal": bool((batch_classes == classes).all()),
    }

    manifest = {
        "format": EXPORT_FORMAT,
        "provenance": provenance,
        "formats": list(formats),
        "ports": ports(run.topology),
        "outputs": output_names,
        "vectors": [
            {
                "index": i,
                "label": int(labels[i]),
                "inputs_v": clamp[i].tolist(),
                "expected_v": dict(zip(output_names, outputs[i].tolist())),
                "class": int(classes[i]),
            }
            for i in range(count)
        ],
        **accuracy,
        "testbench_check": check,
    }
    if report is not None:
        manifest["quantisation"] = report
    if monte_carlo:
        files.write_text(
            out / "testbench_mc.sp", monte_carlo_text(chip, clamp, monte_carlo, seed)
        )
        written["testbench_mc.sp"] = out / "testbench_mc.sp"
        manifest["monte_carlo"] = _monte_carlo_summary(
            run, out / "testbench_mc.sp", output_names, labels, outputs, monte_carlo
        )
    manifest["checksums_sha256"] = {
        name: hashlib.sha256(path.read_bytes()).hexdigest()
        for name, path in sorted(written.items())
    }
    files.write_json(out / "manifest.json", manifest)
    return manifest


def _monte_carlo_summary(run, deck, output_names, labels, nominal, runs) -> dict:
    printed = parse_printed(run_batch(deck, timeout=3600), output_names)
    if len(printed) != runs:
        raise SimulatorError(
            f"{deck.name}: ngspice printed {len(printed)} runs, expected {runs}"
        )
    volts = np.array(
        [[[v[n] for n in output_names] for v in vectors] for vectors in printed]
    )
    accuracy = [
        (run.controller.cost.logits(v).argmax(axis=1) == labels).mean() for v in volts
    ]
    spread = volts.std(axis=0)
    return {
        "runs": runs,
        "accuracy_mean": float(np.mean(accuracy)),
        "accuracy_std": float(np.std(accuracy)),
        "accuracy_min": float(np.min(accuracy)),
        "accuracy_per_run": [float(a) for a in accuracy],
        "output_std_v_mean": float(spread.mean()),
        "output_std_v_max": float(spread.max()),
        "max_abs_shift_from_nominal_v": float(np.abs(volts - nominal).max()),
    }
