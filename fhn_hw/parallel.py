"""Worker processes for the backend: fault isolation and data-parallel EP.

ngspice runs in worker processes, each with its own backend (ngspice allows
one circuit per process). The controller splits a mini-batch into contiguous
shards, one per worker; each worker settles its shard's free and nudged phases
and sums its EP gradient over its samples; the controller adds the sums (in
shard order) and makes the one update. So the result is the serial one up to
the order of floating-point additions.

A worker that dies (a crash inside ngspice) or does not answer within
``timeout`` seconds (a hang) is killed and replaced, and its shard is sent
again, up to RETRIES times; a shard that still fails is left out of that
batch's gradient (its samples count as rejected) and the run goes on. Every
such event is counted in :attr:`ShardPool.faults`.

Workers are started with ``spawn``, run one BLAS thread each and die with the
controller (Linux ``PR_SET_PDEATHSIG``).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import time

import numpy as np

from .errors import SettleStatus, SimulatorError
from .twin import SettleResult

log = logging.getLogger(__name__)

#: Times a shard is sent again after its worker died or hung.
RETRIES = 2
#: What ShardPool.faults counts.
FAULTS = (
    "worker_crashes",
    "worker_timeouts",
    "shards_retried",
    "shards_given_up",
    "samples_retried",
    "samples_failed",
)


class ShardPool:
    """Worker processes that each hold an EP controller of the same chip.

    Parameters
    ----------
    workers : int
    spec : dict
        What a worker needs to build its controller: ``topology``,
        ``hardware``, ``backend``, ``train`` (the config's train table) and
        ``settings`` (TrainSettings).
    timeout : float
        Seconds a worker may take for one shard before it counts as hung.
    """

    def __init__(self, workers: int, spec: dict, timeout: float = 600.0):
        self._spec, self.timeout = spec, timeout
        self._context = multiprocessing.get_context("spawn")
        self._workers = [None] * workers
        self.faults = dict.fromkeys(FAULTS, 0)
        for k in range(workers):
            self._start(k)

    @property
    def workers(self) -> int:
        return len(self._workers)

    # ------------------------------------------------------------ requests

    def estimate_gradient(self, state, input_voltages, labels):
        """EquilibriumPropagation.estimate_gradient over the workers."""
        shards = self._shards(len(labels))
        parts = self._map(
            "estimate",
            [
                (state.conductance, state.bias_current, input_voltages[s], labels[s])
                for s in shards
            ],
        )
        d_g = np.zeros(len(state.conductance))
        d_i = np.zeros(len(state.bias_current))
        frees, losses, used = [], [], []
        for shard, part in zip(shards, parts):
            if part is None:  # given up: the shard adds nothing to the gradient
                frees.append(self._failed(len(shard), len(state.bias_current)))
                losses.append(np.full(len(shard), np.nan))
                used.append(np.zeros(len(shard), dtype=bool))
                continue
            d_g += part[0]
            d_i += part[1]
            frees.append(part[2])
            losses.append(part[3])
            used.append(part[4])
        return (
            d_g,
            d_i,
            SettleResult.concatenate(frees),
            np.concatenate(losses),
            np.concatenate(used),
        )

    def free_phase(self, state, input_voltages) -> SettleResult:
        """EquilibriumPropagation.free_phase over the workers."""
        return self._settled("free", state, input_voltages)

    def settle(self, state, clamp_voltages) -> SettleResult:
        """The backend's own settle of clamp voltages, over the workers."""
        return self._settled("settle", state, clamp_voltages)

    def _settled(self, method, state, rows) -> SettleResult:
        shards = self._shards(len(rows))
        parts = self._map(
            method,
            [(state.conductance, state.bias_current, rows[s]) for s in shards],
        )
        n_free = len(state.bias_current)
        return SettleResult.concatenate(
            [
                self._failed(len(s), n_free) if p is None else p
                for s, p in zip(shards, parts)
            ]
        )

    def _shards(self, n):
        return [s for s in np.array_split(np.arange(n), self.workers) if len(s)]

    @staticmethod
    def _failed(n, n_free) -> SettleResult:
        return SettleResult(
            np.full((n, n_free), np.nan),
            np.full(n, SettleStatus.SIMULATOR_FAILED),
            np.full(n, np.inf),
        )

    def _map(self, method, payloads):
        """Send each payload to its worker, collect the answers in order; a
        shard whose worker crashes or hangs RETRIES + 1 times gives None."""
        for k, payload in enumerate(payloads):
            self._send(k, method, payload)
        answers = []
        for k, payload in enumerate(payloads):
            for attempt in range(RETRIES + 1):
                answer, fault = self._answer(k)
                if fault is None:
                    break
                self.faults[fault] += 1
                log.warning(
                    "EP worker %d: %s; %s",
                    k,
                    {"worker_crashes": "crashed", "worker_timeouts": "hung"}[fault],
                    "sending its shard again" if attempt < RETRIES else "giving up",
                )
                self._restart(k)
                if attempt < RETRIES:
                    self.faults["shards_retried"] += 1
                    self._send(k, method, payload)
            else:
                self.faults["shards_given_up"] += 1
                answer = None
            answers.append(answer)
        return answers

    # ------------------------------------------------------------ workers

    def _start(self, k) -> None:
        parent, child = self._context.Pipe()
        process = self._context.Process(
            target=_serve, args=(child, self._spec), daemon=True
        )
        process.start()
        child.close()
        self._workers[k] = (parent, process)
        answer, fault = self._answer(k)
        if fault is not None:
            raise SimulatorError(f"an EP worker could not start ({fault})")

    def _restart(self, k) -> None:
        connection, process = self._workers[k]
        process.kill()
        process.join(timeout=10)
        connection.close()
        try:
            self._start(k)
        except SimulatorError:
            # The new worker died starting; it stays in its slot, so the next
            # answer from it counts as a crash and restarts it again.
            log.warning("EP worker %d: died while starting", k)

    def _send(self, k, method, payload) -> None:
        try:
            self._workers[k][0].send((method, payload))
        except (BrokenPipeError, OSError):
            pass  # the worker is gone: _answer sees it and restarts it

    def _answer(self, k):
        """(value, None), or (None, the fault) for a dead or hung worker."""
        connection, process = self._workers[k]
        try:
            if not connection.poll(self.timeout):
                return None, "worker_timeouts"
            kind, value = connection.recv()
        except (EOFError, OSError):
            return None, "worker_crashes"
        if kind == "error":
            raise SimulatorError(f"an EP worker failed: {value}")
        if isinstance(value, dict) and "backend_faults" in value:
            for name, count in value.pop("backend_faults").items():
                self.faults[name] += count
            value = value["answer"]
        return value, None

    def close(self) -> None:
        for connection, process in self._workers:
            try:
                connection.send(("stop", None))
            except (BrokenPipeError, OSError):
                pass
        for connection, process in self._workers:
            process.join(timeout=10)
            if process.is_alive():
                process.kill()
        self._workers = []


def _injected_fault(request: int) -> None:
    """Testing hook: FHN_HW_WORKER_FAULT="crash:N,hang:M,PATH" makes the first
    worker to reach its N-th request SIGKILL itself (as an ngspice crash
    would) and the first to reach its M-th hang; PATH marks a fault as done, so
    that a restarted worker runs normally."""
    spec = os.environ.get("FHN_HW_WORKER_FAULT")
    if not spec:
        return
    *faults, marker = spec.split(",")
    for fault in faults:
        kind, at = fault.split(":")
        if int(at) != request:
            continue
        try:
            with open(f"{marker}.{kind}", "x"):
                pass
        except FileExistsError:
            continue
        if kind == "crash":
            os.kill(os.getpid(), signal.SIGKILL)
        if kind == "hang":
            time.sleep(1e6)


def _serve(connection, spec) -> None:
    """A worker's loop: build the controller, then answer requests."""
    from .cli import blas_threads
    from .ep import ChipState, EquilibriumPropagation
    from .experiment import make_backend
    from .sweep import _worker_setup

    _worker_setup()
    # Ctrl-C is the controller's to handle: it stops the workers itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with blas_threads():
        try:
            hardware = spec["hardware"]
            backend = make_backend(
                spec["backend"], spec["topology"], hardware, spec["train"]
            )
            controller = EquilibriumPropagation(
                spec["topology"],
                backend,
                hardware.device,
                spec["settings"],
                hardware.scale,
                ChipState(np.zeros(0), np.zeros(0)),
                hardware.readout,
            )
        except Exception as err:  # reported to the controller, which raises
            connection.send(("error", f"{type(err).__name__}: {err}"))
            return
        connection.send(("ready", None))
        requests = 0
        while True:
            try:
                method, payload = connection.recv()
            except EOFError:
                return
            if method == "stop":
                return
            requests += 1
            _injected_fault(requests)
            try:
                state = controller.state
                state.conductance, state.bias_current = payload[0], payload[1]
                if method == "estimate":
                    answer = controller.estimate_gradient(payload[2], payload[3])
                elif method == "free":
                    answer = controller.free_phase(payload[2])
                else:
                    answer = backend.settle(
                        state.conductance, state.bias_current, payload[2]
                    )
                faults = getattr(backend, "take_faults", dict)()
                connection.send(("ok", {"answer": answer, "backend_faults": faults}))
            except Exception as err:
                connection.send(("error", f"{type(err).__name__}: {err}"))
