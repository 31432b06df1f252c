"""The ngspice session: the chip loaded once into ngspice's shared library.

Through PySpice's binding to ``libngspice`` we load the netlist once and then
only ``alter`` what changes (clamped inputs, nudging currents, conductances)
before each ``op``. PySpice's high-level ``operating_point()`` re-sends the
netlist on every call and forgets alters (PySpice #337) and keeps every old
circuit in memory (#373), so it is not used here.

ngspice keeps global state: one session per process (threads fail, PySpice
#322). Parallel work means one process per ngspice.

Each ``op`` is checked: ngspice's return code, its error lines, and that a new
plot was made (so a stale result is never read as new). Debian's ngspice 39.3
has a Newton convergence flaw for B-sources, so the KCL residual of every
settled state is recomputed by the twin, and a state whose residual exceeds
:data:`RESIDUAL_TOL` is flagged.
"""

from __future__ import annotations

import ctypes.util
import logging
import os
import signal
import time

import numpy as np

from .circuit import NeuronParams, NeuronScale
from .errors import SettleStatus, SimulatorError
from .netlist import _fold, chip_netlist, node, number, sweep_netlist
from .topology import ChipTopology
from .twin import SettleResult, TwinSolver

log = logging.getLogger(__name__)

#: Largest KCL residual accepted from ngspice, relative to the current scale.
RESIDUAL_TOL = 1e-9
#: Samples per pwl table of a sweep deck: ngspice evaluates a pwl table by a
#: linear search, so long tables slow every Newton step, and each deck costs
#: a parse and a first solve from scratch. On the digits chip a batch of 200
#: settled 229 samples/s in one deck (200 points), 282 in decks of 100.
SWEEP_POINTS = 100
#: What the settle timers count (seconds, summed over the backend's life).
TIMERS = ("deck", "load", "solve", "read", "check")

#: ngspice prints gmin- and source-stepping progress on stderr even when the
#: analysis then converges (PySpice #399), so only these mark a failure.
_FAILURE_MARKS = ("error", "aborted")

_session = None
_owner = None  # the NgspiceBackend whose circuit is loaded now


def _shared():
    """The process's one PySpice NgSpiceShared instance, created on first use."""
    global _session
    if _session is not None:
        return _session
    for name in ("PySpice", "PySpice.Spice.NgSpice.Shared"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
    try:
        from PySpice.Spice.NgSpice.Shared import NgSpiceShared
    except ImportError as err:
        raise SimulatorError(
            f"PySpice is not installed ({err}): pip install PySpice"
        ) from err
    if "NGSPICE_LIBRARY_PATH" not in os.environ:
        # Debian's libngspice0 ships only libngspice.so.0; the unversioned link
        # comes with libngspice0-dev (PySpice #117, #159).
        found = ctypes.util.find_library("ngspice")
        if found:
            NgSpiceShared.LIBRARY_PATH = found
    handler = signal.getsignal(signal.SIGINT)
    try:
        _session = NgSpiceShared.new_instance()
    except OSError as err:
        raise SimulatorError(
            f"cannot load the ngspice shared library ({err}); install the Debian "
            "packages ngspice and libngspice0, or set NGSPICE_LIBRARY_PATH"
        ) from err
    # ngspice installs its own SIGINT handler when it starts, and Ctrl-C would
    # never reach Python again: put Python's back.
    try:
        signal.signal(signal.SIGINT, handler)
    except (ValueError, TypeError):  # not the main thread, or no Python handler
        pass
    return _session


def ngspice_version() -> str:
    """The version line of the loaded ngspice, e.g. 'ngspice-39'."""
    shared = _shared()
    shared.clear_output()
    shared._ngspice_shared.ngSpice_Command(b"version -s")
    text = " ".join(shared._stdout)
    for word in text.split():
        if word.startswith("ngspice-"):
            return word
    return text.strip() or "unknown"


class NgspiceBackend:
    """A chip in ngspice with the same ``settle`` interface as the twin.

    Parameters
    ----------
    topology : ChipTopology
    neuron : NeuronParams
        Scalars, or per-cell arrays (each cell instance gets its own values).
    scale : NeuronScale
    wire_resistance : float
        A real resistor [Ohm] in series with every coupling element.
    nominal : NeuronParams, optional
        Defaults of the cell library when ``neuron`` is per cell.
    settle_mode : str
        "sweep": the operating points of a whole batch from one DC sweep over
        the samples (:func:`fhn_hw.netlist.sweep_netlist`). "op": one
        operating point per sample, after ``alter``-ing what changed. "tran":
        a transient from power-on
        (all capacitors at 0 V, inductors at 0 A) for ``tran_time`` [tau] first;
        a sample whose transient does not settle is NOT_SETTLED, one that
        settles is then solved exactly by ``op`` and must agree with the
        transient's end to ``settle_tol`` [V].
    """

    name = "ngspice"

    def __init__(
        self,
        topology: ChipTopology,
        neuron: NeuronParams,
        scale: NeuronScale,
        wire_resistance: float = 0.0,
        nominal: NeuronParams | None = None,
        settle_mode: str = "sweep",
        tran_time: float = 600.0,
        tran_step: float = 0.2,
        settle_tol: float = 1e-5,
        fold_inputs: bool = False,
    ):
        self.topology = topology
        self.fold_inputs = fold_inputs
        self.wire_resistance = wire_resistance
        self.scale = scale
        self.neuron = neuron
        self.settle_mode = settle_mode
        self.tran_time, self.tran_step, self.settle_tol = (
            tran_time,
            tran_step,
            settle_tol,
        )
        self.transient_reports = []
        self._twin = TwinSolver(topology, neuron, scale, wire_resistance)
        self._shared = _shared()
        self._lib = self._shared._ngspice_shared
        from PySpice.Spice.NgSpice.Shared import ffi

        self._ffi = ffi
        self._nominal = nominal
        #: Seconds spent building decks, loading them, in ngspice's analyses,
        #: reading results and checking them (residuals), summed.
        self.timing = dict.fromkeys(TIMERS, 0.0)
        #: Samples a sweep could not solve and that were retried by a fresh
        #: op, and those that failed that too.
        self.faults = {"samples_retried": 0, "samples_failed": 0}
        self._settled = 0
        self._netlist = chip_netlist(
            topology,
            neuron,
            scale,
            topology.conductance,
            topology.bias_current,
            nominal=nominal,
            wire_resistance=wire_resistance,
            fold_inputs=fold_inputs,
        )
        self._claim()
        self._names = self._element_names()
        self._vectors = [
            node(k).encode() for k in range(topology.n_clamped, topology.n_nodes)
        ]

    def _element_names(self):
        t = self.topology
        # With folded inputs, the resistors to clamped nodes are not in the deck.
        self._written = (
            np.flatnonzero(t.edges[:, 0] >= t.n_clamped)
            if self.fold_inputs
            else np.arange(len(t.edges))
        )
        self._folded = np.unique(t.edges[t.edges[:, 0] < t.n_clamped, 1])
        return {
            "clamp": [f"vc{k}" for k in range(t.n_clamped)],
            "bias": [f"ib{k}" for k in range(t.n_clamped, t.n_nodes)],
            "nudge": [f"in{k}" for k in t.output_ids],
            "resistor": [f"r{e}" for e in self._written],
            "fold": [f"rf{k}" for k in self._folded],
        }

    def _claim(self) -> None:
        """Make this chip the circuit loaded in the process's ngspice.

        The shared library holds one circuit; another backend may have loaded
        its own since, so the netlist is loaded again and every cached value
        forgotten (they are altered anew on use).
        """
        global _owner
        if _owner is self:
            return
        self._load(self._netlist)
        self._values = {}
        _owner = self

    def _load(self, netlist: str) -> None:
        global _owner
        _owner = None
        shared = self._shared
        self._command("destroy all")
        self._command("remcirc")
        shared.clear_output()
        try:
            shared.load_circuit(netlist)
        except Exception as err:  # PySpice raises bare NameError / its own errors
            raise SimulatorError(
                f"ngspice refused the chip netlist: {' '.join(shared._stdout[-3:])}"
            ) from err
        self._command("set nomoremode")

    def _command(self, text: str) -> list[str]:
        """Run one command; return the lines that say it failed.

        A Ctrl-C during the command would be swallowed by PySpice's callbacks
        (it lands in a cffi callback and is ignored), so it is held until the
        command returns and raised then."""
        self._shared.clear_output()
        held, previous = [], None
        try:
            if signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:
                previous = signal.signal(signal.SIGINT, lambda *_: held.append(True))
        except ValueError:  # not the main thread: leave signals alone
            pass
        try:
            rc = self._lib.ngSpice_Command(text.encode("ascii"))
        finally:
            if previous is not None:
                signal.signal(signal.SIGINT, previous)
        if held:
            raise KeyboardInterrupt
        errors = [
            line
            for line in self._shared._stderr + self._shared._stdout
            if any(mark in line.lower() for mark in _FAILURE_MARKS)
        ]
        if rc != 0:
            errors.append(f"return code {rc}")
        return errors

    # -------------------------------------------------------------- values

    def _alter(self, kind: str, values: np.ndarray, attribute: str) -> None:
        names = self._names[kind]
        for name, value in zip(names, values):
            if self._values.get(name) != value:
                errors = self._command(f"alter {name} {attribute} = {number(value)}")
                if errors:
                    raise SimulatorError(f"ngspice: alter {name}: {errors[0]}")
                self._values[name] = value

    def _set_state(self, conductance, bias_current) -> None:
        conductance = np.asarray(conductance, dtype=float)
        self._alter("resistor", 1.0 / conductance[self._written], "resistance")
        if self.fold_inputs:
            total, self._fold_block = _fold(
                self.topology, conductance, self.wire_resistance
            )
            offset = self.topology.n_clamped
            self._alter("fold", 1.0 / total[self._folded - offset], "resistance")
            self._bias = np.asarray(bias_current, dtype=float)
        else:
            self._alter("bias", np.asarray(bias_current, dtype=float), "dc")

    def _set_inputs(self, clamp_row) -> None:
        """The clamped voltages: the sources themselves, or, folded, the Norton
        current sum_k G_ik u_k added to each cell's bias source."""
        clamp_row = np.asarray(clamp_row, dtype=float)
        if self.fold_inputs:
            self._alter("bias", self._bias + self._fold_block @ clamp_row, "dc")
        else:
            self._alter("clamp", clamp_row, "dc")

    # ------------------------------------------------------------ analysis

    def _operating_point(self) -> tuple[np.ndarray | None, SettleStatus]:
        before = self._current_plot()
        started = time.perf_counter()
        errors = self._command("op")
        self.timing["solve"] += time.perf_counter() - started
        plot = self._current_plot()
        if errors or plot == before or not plot.startswith("op"):
            reason = errors[-1].strip()[:160] if errors else "no new result plot"
            log.warning("ngspice op failed: %s", reason)
            return None, SettleStatus.SIMULATOR_FAILED
        voltages = np.empty(len(self._vectors))
        prefix = plot.encode() + b"."
        for k, name in enumerate(self._vectors):
            info = self._lib.ngGet_Vec_Info(prefix + name)
            if info == self._ffi.NULL or info.v_length != 1:
                return None, SettleStatus.SIMULATOR_FAILED
            voltages[k] = info.v_realdata[0]
        # Every kept plot slows each later ``alter`` (measured: 13 us with
        # none, 430 us after 100 op plots of a digits-size chip).
        self._command("destroy all")
        return voltages, SettleStatus.CONVERGED

    def _current_plot(self) -> str:
        pointer = self._lib.ngSpice_CurPlot()
        return "" if pointer == self._ffi.NULL else self._ffi.string(pointer).decode()

    # ------------------------------------------------------------ vectors

    def _vector(self, plot: str, name: str, complex_values: bool = False) -> np.ndarray:
        """A copy of one vector of a plot (ngGet_Vec_Info reuses one static
        struct, so the data must be copied before the next call)."""
        info = self._lib.ngGet_Vec_Info(f"{plot}.{name}".encode())
        if info == self._ffi.NULL or info.v_length < 1:
            raise SimulatorError(f"ngspice: no vector {name} in plot {plot}")
        n = info.v_length
        if complex_values:
            data = np.frombuffer(
                self._ffi.buffer(info.v_compdata, n * 16), dtype=np.complex128
            )
        else:
            data = np.frombuffer(
                self._ffi.buffer(info.v_realdata, n * 8), dtype=np.float64
            )
        return data.copy()

    def _prepare(self, conductance, bias_current, clamp_row, nudge_row=None):
        self._claim()
        self._set_state(conductance, bias_current)
        self._set_inputs(clamp_row)
        nudge = np.zeros(self.topology.n_outputs) if nudge_row is None else nudge_row
        self._alter("nudge", np.asarray(nudge, dtype=float), "dc")

    def transient(
        self,
        conductance,
        bias_current,
        clamp_row,
        t_stop: float,
        t_step: float,
        nudge_row=None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """A transient from the all-zero state (every capacitor at 0 V, every
        inductor at 0 A: the chip switched on), ``uic``; returns time [s] and the
        free-node voltages (T, n_free) [V]."""
        self._prepare(conductance, bias_current, clamp_row, nudge_row)
        errors = self._command(
            f"tran {number(t_step)} {number(t_stop)} 0 {number(t_step)} uic"
        )
        plot = self._current_plot()
        if errors or not plot.startswith("tran"):
            raise SimulatorError(
                f"ngspice transient failed: {(errors or ['no result plot'])[-1][:160]}"
            )
        times = self._vector(plot, "time")
        voltages = np.column_stack(
            [self._vector(plot, name.decode()) for name in self._vectors]
        )
        self._command("destroy all")
        return times, voltages

    def transimpedance(
        self,
        conductance,
        bias_current,
        clamp_row,
        f_start: float,
        f_stop: float,
        per_decade: int = 4,
    ):
        """Z_ij(f) = v_i / I_j [Ohm] between every pair of free nodes, from one
        AC analysis per injecting node j (a 1 A AC current into node j, linearised
        at the operating point). Returns frequencies [Hz] and Z (F, n, n)."""
        self._prepare(conductance, bias_current, clamp_row)
        names = self._names["bias"]
        columns, freqs = [], None
        for j, name in enumerate(names):
            self._command(f"alter {name} acmag = 1")
            errors = self._command(
                f"ac dec {int(per_decade)} {number(f_start)} {number(f_stop)}"
            )
            self._command(f"alter {name} acmag = 0")
            plot = self._current_plot()
            if errors or not plot.startswith("ac"):
                raise SimulatorError(
                    f"ngspice AC analysis failed: "
                    f"{(errors or ['no result plot'])[-1][:160]}"
                )
            freqs = self._vector(plot, "frequency", complex_values=True).real
            columns.append(
                np.column_stack(
                    [self._vector(plot, n.decode(), True) for n in self._vectors]
                )
            )
            self._command("destroy all")
        return freqs, np.stack(columns, axis=2)

    def settle(
        self, conductance, bias_current, clamp_voltages, nudge_current=None, start=None
    ) -> SettleResult:
        """Operating points of a batch (see TwinSolver.settle): by DC sweeps over
        the samples, or one ``op`` per sample ("op", "tran").

        ``start`` is accepted for interface parity and ignored: ngspice finds
        its own initial point.
        """
        clamp_voltages = np.asarray(clamp_voltages, dtype=float)
        batch = len(clamp_voltages)
        n_out = self.topology.n_outputs
        nudges = np.zeros((batch, n_out)) if nudge_current is None else nudge_current
        nudges = np.asarray(nudges, dtype=float)
        if self.settle_mode == "sweep":
            voltages, status = self._sweep(
                conductance, bias_current, clamp_voltages, nudges
            )
            never = self._injected_failures(status)
            failed = np.flatnonzero(status != SettleStatus.CONVERGED)
            if len(failed):
                # A point the sweep could not solve: one op of its own, with
                # ngspice's full fallbacks (gmin, source stepping), from scratch.
                self.faults["samples_retried"] += len(failed)
                log.warning("retrying %d samples by a fresh op each", len(failed))
                v, st = self._one_by_one(
                    conductance, bias_current, clamp_voltages[failed], nudges[failed]
                )
                st[np.isin(failed, never)] = SettleStatus.SIMULATOR_FAILED
                voltages[failed], status[failed] = v, st
                self.faults["samples_failed"] += int(
                    (st != SettleStatus.CONVERGED).sum()
                )
        else:
            voltages, status = self._one_by_one(
                conductance, bias_current, clamp_voltages, nudges
            )
        started = time.perf_counter()
        residual = np.full(batch, np.inf)
        done = status == SettleStatus.CONVERGED
        if done.any():
            residual[done] = self._twin.residual(
                conductance,
                bias_current,
                clamp_voltages[done],
                nudges[done],
                voltages[done],
            )
        too_large = done & (residual > RESIDUAL_TOL * self.scale.current)
        status[too_large] = SettleStatus.RESIDUAL_TOO_LARGE
        self.timing["check"] += time.perf_counter() - started
        return SettleResult(voltages, status, residual)

    def _one_by_one(self, conductance, bias_current, clamp_voltages, nudges):
        self._claim()
        self._set_state(conductance, bias_current)
        batch = len(clamp_voltages)
        voltages = np.full((batch, self.topology.n_free), np.nan)
        status = np.full(batch, SettleStatus.CONVERGED)
        for b in range(batch):
            if self.settle_mode == "tran" and not self._settles(
                conductance, bias_current, clamp_voltages[b], nudges[b]
            ):
                status[b] = SettleStatus.NOT_SETTLED
                continue
            self._set_inputs(clamp_voltages[b])
            self._alter("nudge", nudges[b], "dc")
            v, status[b] = self._operating_point()
            if v is not None:
                voltages[b] = v
            if (
                self.settle_mode == "tran"
                and v is not None
                and np.abs(v - self._tran_end).max()
                > self.settle_tol * self.scale.voltage
            ):
                status[b] = SettleStatus.NOT_SETTLED
        return voltages, status

    def take_faults(self) -> dict:
        """The fault counts since the last call (and reset them)."""
        faults, self.faults = self.faults, dict.fromkeys(self.faults, 0)
        return faults

    def _injected_failures(self, status) -> np.ndarray:
        """Testing hook: FHN_HW_SAMPLE_FAULT="K" reports the K-th sample this
        backend settles (1-based, over all calls) as a sweep point ngspice gave
        up on; "K:never" makes its retry fail too. Returns the rows that must
        stay failed."""
        first = self._settled + 1
        self._settled += len(status)
        spec = os.environ.get("FHN_HW_SAMPLE_FAULT")
        if not spec:
            return np.zeros(0, dtype=int)
        at, _, never = spec.partition(":")
        row = int(at) - first
        if 0 <= row < len(status):
            status[row] = SettleStatus.SIMULATOR_FAILED
            if never == "never":
                return np.array([row])
        return np.zeros(0, dtype=int)

    # -------------------------------------------------------------- sweeps

    def _sweep(self, conductance, bias_current, clamp_voltages, nudges):
        """Each chunk of at most SWEEP_POINTS samples (per copy): one deck,
        one DC sweep.

        A batch that is two copies of the same inputs (EP's two nudged phases)
        is swept as such (``copies`` in :func:`fhn_hw.netlist.sweep_netlist`).
        """
        t = self.topology
        conductance = np.asarray(conductance, dtype=float)
        currents = np.tile(np.asarray(bias_current, dtype=float), (len(nudges), 1))
        currents[:, t.output_ids - t.n_clamped] += nudges
        if self.fold_inputs:
            _, block = _fold(t, conductance, self.wire_resistance)
            currents += clamp_voltages @ block.T
        voltages = np.full((len(nudges), t.n_free), np.nan)
        status = np.full(len(nudges), SettleStatus.SIMULATOR_FAILED)
        half = len(nudges) // 2
        copies = (
            2
            if half >= 2
            and 2 * half == len(nudges)
            and np.array_equal(clamp_voltages[:half], clamp_voltages[half:])
            else 1
        )
        points = len(nudges) // copies
        step = SWEEP_POINTS
        for first in range(0, points, step):
            rows = np.concatenate(
                [
                    np.arange(
                        c * points + first, c * points + min(first + step, points)
                    )
                    for c in range(copies)
                ]
            )

            def deck(n, rows=rows):
                return sweep_netlist(
                    t,
                    self.neuron,
                    self.scale,
                    conductance,
                    currents[rows],
                    None if self.fold_inputs else clamp_voltages[rows],
                    nominal=self._nominal,
                    wire_resistance=self.wire_resistance,
                    fold_inputs=self.fold_inputs,
                    copies=n,
                )

            n = copies if len(rows) >= 2 * copies else 1
            started = time.perf_counter()
            text = deck(n)
            self.timing["deck"] += time.perf_counter() - started
            if not self._sweep_deck(text, voltages, status, rows, n) and n > 1:
                # A nested sweep stopped early: sweep the samples one by one.
                started = time.perf_counter()
                text = deck(1)
                self.timing["deck"] += time.perf_counter() - started
                self._sweep_deck(text, voltages, status, rows, 1)
        return voltages, status

    def _sweep_deck(self, deck, voltages, status, rows, copies) -> bool:
        """Load one sweep deck and fill ``rows`` of ``voltages`` and ``status``;
        True when every sample was solved.

        A point at which ngspice gives up ends its sweep. With one copy that
        sample is SIMULATOR_FAILED and the sweep goes on from the next one;
        with more, the caller sweeps again one copy at a time.
        """
        started = time.perf_counter()
        self._load(deck)
        self.timing["load"] += time.perf_counter() - started
        total, first = len(rows), 0
        points = total // copies
        while first < total:
            before = self._current_plot()
            command = f"dc vidx {first} {points - 1} 1"
            if copies > 1:
                command = f"dc vidx 0 {points - 1} 1 vcopy 0 {copies - 1} 1"
            started = time.perf_counter()
            errors = self._command(command)
            self.timing["solve"] += time.perf_counter() - started
            started = time.perf_counter()
            got = self._read_sweep(before, voltages, status, rows[first:])
            self._command("destroy all")
            self.timing["read"] += time.perf_counter() - started
            if first + got < total:
                reason = errors[-1].strip()[:160] if errors else "short result plot"
                log.warning(
                    "ngspice DC sweep stopped at sample %d: %s", first + got, reason
                )
                if copies > 1:
                    return False
            first += got + 1
        return bool((status[rows] == SettleStatus.CONVERGED).all())

    def _read_sweep(self, before, voltages, status, rows) -> int:
        """Copy a new DC plot's points into ``rows``; how many there were."""
        plot = self._current_plot()
        if plot == before or not plot.startswith("dc"):
            return 0
        try:
            columns = [self._vector(plot, name.decode()) for name in self._vectors]
        except SimulatorError:
            return 0
        got = min(min(len(c) for c in columns), len(rows))
        if got:
            voltages[rows[:got]] = np.column_stack([c[:got] for c in columns])
            status[rows[:got]] = SettleStatus.CONVERGED
        return got

    def _settles(self, conductance, bias_current, clamp_row, nudge_row) -> bool:
        from .physics import settling_report

        tau = self.scale.time
        times, volts = self.transient(
            conductance,
            bias_current,
            clamp_row,
            self.tran_time * tau,
            self.tran_step * tau,
            nudge_row,
        )
        report = settling_report(
            times, volts, tau, settle_tol=self.settle_tol * self.scale.voltage
        )
        self.transient_reports.append(report)
        self._tran_end = volts[-1]
        return report["settled"]

    @property
    def split(self):
        """The twin's two-colouring of the free nodes (or None)."""
        return self._twin.split

    def coupling_matrices(self, conductance):
        """The twin's (A, B) of this chip, for stability checks."""
        return self._twin.coupling_matrices(conductance)
