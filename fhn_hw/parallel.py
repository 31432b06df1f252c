"""Data-parallel EP: the samples of each mini-batch spread over worker
processes, each with its own backend (for ngspice: its own shared-library
session, as ngspice allows one circuit per process).

The controller splits a batch into contiguous shards, one per worker; each
worker settles its shard's free and nudged phases and sums its EP gradient
over its samples; the controller adds the sums (in shard order) and makes the
one update. So the result is the serial one up to the order of floating-point
additions.

Workers are started with ``spawn``, run one BLAS thread each and die with the
controller (Linux ``PR_SET_PDEATHSIG``).
"""

from __future__ import annotations

import logging
import multiprocessing

import numpy as np

from .errors import SimulatorError
from .twin import SettleResult

log = logging.getLogger(__name__)


class ShardPool:
    """Worker processes that each hold an EP controller of the same chip.

    Parameters
    ----------
    workers : int
    spec : dict
        What a worker needs to build its controller: ``topology``,
        ``hardware``, ``backend``, ``train`` (the config's train table) and
        ``settings`` (TrainSettings).
    """

    def __init__(self, workers: int, spec: dict):
        context = multiprocessing.get_context("spawn")
        self._connections, self._processes = [], []
        for _ in range(workers):
            parent, child = context.Pipe()
            process = context.Process(target=_serve, args=(child, spec), daemon=True)
            process.start()
            child.close()
            self._connections.append(parent)
            self._processes.append(process)
        for connection in self._connections:  # each worker reports it is ready
            self._receive(connection)

    @property
    def workers(self) -> int:
        return len(self._connections)

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
        d_g, d_i = parts[0][0].copy(), parts[0][1].copy()
        for part in parts[1:]:
            d_g += part[0]
            d_i += part[1]
        free = _concatenate([p[2] for p in parts])
        loss = np.concatenate([p[3] for p in parts])
        used = np.concatenate([p[4] for p in parts])
        return d_g, d_i, free, loss, used

    def free_phase(self, state, input_voltages) -> SettleResult:
        shards = self._shards(len(input_voltages))
        parts = self._map(
            "free",
            [
                (state.conductance, state.bias_current, input_voltages[s])
                for s in shards
            ],
        )
        return _concatenate(parts)

    def _shards(self, n):
        return [s for s in np.array_split(np.arange(n), self.workers) if len(s)]

    def _map(self, method, payloads):
        for connection, payload in zip(self._connections, payloads):
            try:
                connection.send((method, payload))
            except (BrokenPipeError, OSError) as err:
                raise SimulatorError(f"an EP worker process has died ({err})") from err
        return [
            self._receive(connection)
            for connection, _ in zip(self._connections, payloads)
        ]

    def _receive(self, connection):
        try:
            kind, value = connection.recv()
        except (EOFError, OSError) as err:
            raise SimulatorError(f"an EP worker process has died ({err})") from err
        if kind == "error":
            raise SimulatorError(f"an EP worker failed: {value}")
        return value

    def close(self) -> None:
        for connection in self._connections:
            try:
                connection.send(("stop", None))
            except (BrokenPipeError, OSError):
                pass
        for process in self._processes:
            process.join(timeout=10)
            if process.is_alive():
                process.kill()
        self._connections, self._processes = [], []


def _concatenate(results) -> SettleResult:
    return SettleResult(
        np.concatenate([r.voltages for r in results]),
        np.concatenate([r.status for r in results]),
        np.concatenate([r.residual for r in results]),
    )


def _serve(connection, spec) -> None:
    """A worker's loop: build the controller, then answer requests."""
    from .cli import blas_threads
    from .ep import ChipState, EquilibriumPropagation
    from .experiment import make_backend
    from .sweep import _worker_setup

    _worker_setup()
    with blas_threads():
        try:
            hardware = spec["hardware"]
            controller = EquilibriumPropagation(
                spec["topology"],
                make_backend(
                    spec["backend"], spec["topology"], hardware, spec["train"]
                ),
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
        while True:
            try:
                method, payload = connection.recv()
            except EOFError:
                return
            if method == "stop":
                return
            try:
                controller.state.conductance, controller.state.bias_current = (
                    payload[0],
                    payload[1],
                )
                if method == "estimate":
                    d_g, d_i, free, loss, used = controller.estimate_gradient(
                        payload[2], payload[3]
                    )
                    answer = (d_g, d_i, free, loss, used)
                else:
                    answer = controller.free_phase(payload[2])
                connection.send(("ok", answer))
            except Exception as err:
                connection.send(("error", f"{type(err).__name__}: {err}"))
