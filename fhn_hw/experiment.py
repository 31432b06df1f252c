"""The main job: build the chip from a config, train it by EP, write the results.

Outputs in the run directory (each written atomically):

``metrics.json``
    accuracies, losses, backend, epochs, seed, seconds, stability, versions;
``checkpoint.json``
    the trained chip: graph with integer ids, conductances [S], bias currents
    [A], the config and profile, package and ngspice versions, history;
``curves.png``
    loss and accuracy per epoch.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import numpy as np

from . import __version__, datasets, files
from .checkpoint import FORMAT as CHECKPOINT_FORMAT
from .circuit import jacobian_eigenvalues, unstable_states
from .config import MAX_CELLS, Experiment, Hardware
from .ep import ChipState, EpochRecord, EquilibriumPropagation
from .errors import ConfigError, GraphError
from .topology import ChipTopology, compile_graph, layered_chip, read_graph
from .twin import TwinSolver

log = logging.getLogger(__name__)


@dataclass
class Run:
    """Everything a training run is made of."""

    experiment: Experiment
    split: datasets.Split
    topology: ChipTopology
    hardware: Hardware
    controller: EquilibriumPropagation
    #: The ``resume`` table of a checkpoint this run continues, or None.
    resume: dict | None = None
    #: The sample-order generator while training (its state is checkpointed).
    order_rng: np.random.Generator | None = None

    def close(self) -> None:
        """Stop the data-parallel workers, if any."""
        if self.controller.pool is not None:
            self.controller.pool.close()
            self.controller.pool = None

    def twin(self) -> TwinSolver:
        """A twin of this chip's circuit (mismatch and wiring included)."""
        return make_backend("twin", self.topology, self.hardware)


def load_split(experiment: Experiment) -> datasets.Split:
    data = experiment.data
    if data["dataset"].lower().endswith(".csv"):
        path = Path(experiment.path).resolve().parent / data["dataset"]
        features, labels = datasets.read_csv(path)
    else:
        features, labels = datasets.load(data["dataset"])
    return datasets.split_and_encode(
        features,
        labels,
        data["test_fraction"],
        data["split_seed"],
        data["volts_per_std"],
        data["clip_volts"],
        source=data["dataset"],
    )


def build_topology(experiment: Experiment, split: datasets.Split) -> ChipTopology:
    """The config's chip: a graph file when ``chip.graph`` is set, else layered."""
    chip = experiment.chip
    if chip["graph"]:
        path = Path(experiment.path).resolve().parent / chip["graph"]
        topology = compile_graph(read_graph(path), source=str(path))
        if topology.n_free > MAX_CELLS:
            raise GraphError(
                f"{path}: {topology.n_free} FN cells: expected at most "
                f"{MAX_CELLS} (the twin's Newton is dense; a sparse "
                "solver is needed beyond)"
            )
        for what, have, need in (
            ("features", topology.n_features, split.n_features),
            ("classes", topology.n_classes, split.n_classes),
        ):
            if have != need:
                raise GraphError(
                    f"{path}: the graph reads {have} {what}; dataset "
                    f"{experiment.data['dataset']!r} has {need}"
                )
        return topology
    graph = layered_chip(
        split.n_features,
        chip["hidden"],
        split.n_classes,
        chip["bias_volts"],
        tuple(chip["init_conductance"]),
        seed=experiment.train["seed"],
    )
    return compile_graph(graph, source=experiment.path)


def make_backend(
    name: str, topology: ChipTopology, hardware: Hardware, train: dict | None = None
):
    if name == "twin":
        return TwinSolver(
            topology, hardware.neuron, hardware.scale, hardware.wire_resistance
        )
    if name == "ngspice":
        from .ngspice import NgspiceBackend

        train = train or {}
        return NgspiceBackend(
            topology,
            hardware.neuron,
            hardware.scale,
            hardware.wire_resistance,
            hardware.nominal,
            settle_mode=train.get("settle", "sweep"),
            tran_time=train.get("tran_time", 600.0),
            fold_inputs=train.get("fold_inputs", False),
        )
    raise ConfigError(f"backend={name!r}: expected 'ngspice' or 'twin'")


def initial_state(
    experiment: Experiment, topology: ChipTopology, hardware: Hardware
) -> ChipState:
    rng = np.random.default_rng([experiment.train["seed"], 1])
    conductance = hardware.device.initial(topology.conductance.copy(), rng)
    bias = topology.bias_current.copy()
    if experiment.chip["centre_bias"]:
        # I = a/b I0 puts a lone cell at v = 0, the middle of its cubic (the
        # nominal cell: on a chip with mismatch the controller cannot know each).
        nominal = hardware.nominal
        bias += nominal.a / nominal.b * hardware.scale.current
    return ChipState(conductance, bias)


def prepare(experiment: Experiment, backend: str) -> Run:
    split = load_split(experiment)
    topology = build_topology(experiment, split)
    hardware = experiment.profile.hardware(
        topology.n_free, len(topology.edges), experiment.train["seed"]
    )
    controller = EquilibriumPropagation(
        topology,
        make_backend(backend, topology, hardware, experiment.train),
        hardware.device,
        experiment.settings(),
        hardware.scale,
        initial_state(experiment, topology, hardware),
        hardware.readout,
    )
    workers = experiment.train.get("workers", 1)
    isolate = backend == "ngspice" and experiment.train.get("isolate", True)
    if workers > 1 or isolate:
        from .parallel import ShardPool

        adc_noise = hardware.readout.noise if hardware.readout is not None else 0.0
        if workers > 1 and (hardware.device.spec.read_noise or adc_noise):
            raise ConfigError(
                f"{experiment.path}: train.workers = {workers}: data-parallel EP "
                "needs a profile without read noise (each worker would draw its "
                f"own), but {experiment.profile.name!r} has read noise "
                f"{hardware.device.spec.read_noise} and ADC noise {adc_noise}"
            )
        controller.pool = ShardPool(
            workers,
            {
                "topology": topology,
                "hardware": hardware,
                "backend": backend,
                "train": experiment.train,
                "settings": controller.settings,
            },
            timeout=experiment.train.get("settle_timeout", 600.0),
        )
    return Run(experiment, split, topology, hardware, controller)


def train(run: Run, out: Path | None = None, progress: bool | None = None) -> list:
    """Train for the configured epochs; checkpoint each epoch when ``out`` is set."""
    from tqdm import tqdm

    settings = run.controller.settings
    split = run.split
    rng = run.order_rng = np.random.default_rng(settings.seed)
    if run.resume is not None:  # the controller's part is restored already
        rng.bit_generator.state = run.resume["order_rng"]
    n_batches = -(-len(split.train_labels) // settings.batch_size)
    if settings.batch_size > len(split.train_labels):
        log.warning(
            "train.batch_size = %d is more than the %d training samples: each "
            "epoch is one batch of all of them",
            settings.batch_size,
            len(split.train_labels),
        )
    if progress is None:
        progress = sys.stderr.isatty()
    bar = tqdm(
        total=settings.epochs * n_batches,
        disable=not progress,
        unit="batch",
        desc=f"EP on {run.controller.backend.name}",
        leave=False,
    )
    history = run.controller.state.history
    bar.update(len(history) * n_batches)
    kill_at = _kill_hook()
    for epoch in range(len(history) + 1, settings.epochs + 1):
        started = time.perf_counter()
        rejected = 0
        order = rng.permutation(len(split.train_labels))
        for first in range(0, len(order), settings.batch_size):
            if kill_at == (epoch, first // settings.batch_size):
                os.kill(os.getpid(), signal.SIGKILL)
            batch = order[first : first + settings.batch_size]
            report = run.controller.train_batch(
                split.train_voltages[batch], split.train_labels[batch], rng
            )
            rejected += report.rejected
            bar.update()
        record = _epoch_record(run, epoch, rejected, time.perf_counter() - started)
        history.append(record.as_dict())
        log.info(
            "epoch %d/%d  train loss %.4f acc %.3f  test loss %.4f acc %.3f  "
            "rejected %d  %.1f s",
            epoch,
            settings.epochs,
            record.train_loss,
            record.train_accuracy,
            record.test_loss,
            record.test_accuracy,
            rejected,
            record.seconds,
        )
        if out is not None:
            files.write_json(out / "checkpoint.json", checkpoint(run))
    bar.close()
    return history


def _kill_hook():
    """Testing hook: FHN_HW_KILL_AT="EPOCH:BATCH" makes training SIGKILL its
    own process when it reaches that batch, as a crash or an operator would."""
    spec = os.environ.get("FHN_HW_KILL_AT")
    if not spec:
        return None
    epoch, batch = spec.split(":")
    return int(epoch), int(batch)


def _epoch_record(run, epoch, rejected, seconds) -> EpochRecord:
    split = run.split
    train_loss, train_acc = run.controller.evaluate(
        split.train_voltages, split.train_labels
    )
    test_loss, test_acc = run.controller.evaluate(
        split.test_voltages, split.test_labels
    )
    return EpochRecord(
        epoch, train_loss, train_acc, test_loss, test_acc, rejected, seconds
    )


#: States of the test set whose whole (v, w) spectrum is computed for
#: ``max_real_eigenvalue`` (each costs an eigen-decomposition of 2N x 2N).
SPECTRA_KEPT = 64


def stability(run: Run, input_voltages: np.ndarray) -> dict:
    """Stability of the free states: the fraction unstable (every state: the
    Lyapunov certificate, and the full spectrum where it does not hold), and
    the largest real part of an eigenvalue over the unstable states and the
    first SPECTRA_KEPT states."""
    controller = run.controller
    clamp = run.topology.clamp_voltages(input_voltages)
    if controller.pool is not None:
        free = controller.pool.settle(controller.state, clamp)
    else:
        free = controller.backend.settle(
            controller.state.conductance, controller.state.bias_current, clamp
        )
    twin = run.twin()
    coupling, _ = twin.coupling_matrices(controller.state.conductance)
    voltages = free.voltages[free.ok] / run.hardware.scale.voltage
    if not len(voltages):
        return {
            "unstable_fraction": None,
            "max_real_eigenvalue": None,
            "settled_fraction": 0.0,
            "spectra_computed": 0,
        }
    neuron = run.hardware.neuron
    unstable = unstable_states(voltages, coupling, neuron, twin.split)
    chosen = np.union1d(
        np.flatnonzero(unstable), np.arange(len(voltages))[:SPECTRA_KEPT]
    )
    worst = jacobian_eigenvalues(voltages[chosen], coupling, neuron).real.max(axis=1)
    return {
        "unstable_fraction": float(unstable.mean()),
        "max_real_eigenvalue": float(worst.max()),
        "settled_fraction": float(free.ok.mean()),
        "spectra_computed": int(len(chosen)),
    }


def drifted_accuracy(run: Run) -> dict:
    """Test accuracy after the profile's drift time (PCM power-law drift)."""
    seconds = run.hardware.drift_time
    if not seconds or not run.hardware.device.spec.drift_nu:
        return {}
    controller = run.controller
    trained = controller.state.conductance
    controller.state.conductance = run.hardware.device.drift(trained, seconds)
    try:
        _, accuracy = controller.evaluate(
            run.split.test_voltages, run.split.test_labels
        )
    finally:
        controller.state.conductance = trained
    return {"test_accuracy_after_drift": accuracy, "drift_seconds": seconds}


def versions(backend_name: str) -> dict:
    """Versions of what the run used (ngspice only when it was in the loop)."""
    import scipy

    found = {
        "fhn_hw": __version__,
        "python": sys.version.split()[0],
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "networkx": nx.__version__,
        "ngspice": None,
        "pyspice": None,
    }
    if backend_name == "ngspice":
        import PySpice

        from .ngspice import ngspice_version

        found["ngspice"] = ngspice_version()
        found["pyspice"] = PySpice.__version__
    return found


def checkpoint(run: Run) -> dict:
    """The checkpoint's JSON. Once training has started it also holds what
    ``fhn-hw train --resume`` needs to continue exactly: optimiser moments,
    generator states, counters."""
    state = run.controller.state
    graph = run.topology.to_graph(state.conductance, state.bias_current)
    resume = None
    if run.order_rng is not None:
        resume = {
            **run.controller.resume_state(),
            "order_rng": run.order_rng.bit_generator.state,
        }
        if run.controller.pool is not None:
            resume["faults"] = dict(run.controller.pool.faults)
    return {
        "format": CHECKPOINT_FORMAT,
        "versions": versions(run.controller.backend.name),
        "backend": run.controller.backend.name,
        "config": run.experiment.as_dict(),
        "profile": run.experiment.profile.raw,
        "epoch": len(state.history),
        "graph": nx.node_link_data(graph, edges="edges"),
        "conductance": state.conductance.tolist(),
        "bias_current": state.bias_current.tolist(),
        "history": state.history,
        "resume": resume,
    }


def write_results(run: Run, out: Path, seconds: float) -> dict:
    split = run.split
    controller = run.controller
    settings = controller.settings
    train_loss, train_acc = controller.evaluate(
        split.train_voltages, split.train_labels
    )
    test_loss, test_acc = controller.evaluate(split.test_voltages, split.test_labels)
    metrics = {
        "dataset": run.experiment.data["dataset"],
        "backend": controller.backend.name,
        "epochs": settings.epochs,
        "seed": settings.seed,
        "seconds": seconds,
        "train_accuracy": train_acc,
        "test_accuracy": test_acc,
        "train_loss": train_loss,
        "test_loss": test_loss,
        "n_train": int(len(split.train_labels)),
        "n_test": int(len(split.test_labels)),
        "rejected_samples": int(
            sum(r["rejected_samples"] for r in controller.state.history)
        ),
        "unsettled_free_phases": controller.unsettled_count,
        "settle": run.experiment.train["settle"],
        "test_stability": stability(run, split.test_voltages),
        "faults": (
            dict(controller.pool.faults) if controller.pool is not None else None
        ),
        **drifted_accuracy(run),
        "versions": versions(controller.backend.name),
        "profile": run.experiment.profile.name,
        "config": run.experiment.path,
    }
    unstable = metrics["test_stability"]["unstable_fraction"]
    if unstable:
        log.warning(
            "%.0f %% of the settled test states are dynamically unstable: a "
            "real chip would oscillate or jump there although DC holds "
            "(max real eigenvalue %.3g)",
            100 * unstable,
            metrics["test_stability"]["max_real_eigenvalue"],
        )
    if metrics["rejected_samples"]:
        log.warning(
            "%d training samples were left out of the gradient (unsettled or "
            "unstable phases)",
            metrics["rejected_samples"],
        )
    files.write_json(out / "checkpoint.json", checkpoint(run))
    plot_curves(controller.state.history, out / "curves.png")
    files.write_json(out / "metrics.json", metrics)
    return metrics


def plot_curves(history: list, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    epochs = [r["epoch"] for r in history]
    figure, (left, right) = plt.subplots(1, 2, figsize=(9, 3.5))
    left.plot(epochs, [r["train_loss"] for r in history], label="train")
    left.plot(epochs, [r["test_loss"] for r in history], label="test")
    left.set(xlabel="epoch", ylabel="loss per sample", title="loss")
    right.plot(epochs, [r["train_accuracy"] for r in history], label="train")
    right.plot(epochs, [r["test_accuracy"] for r in history], label="test")
    right.set(xlabel="epoch", ylabel="accuracy", title="accuracy", ylim=(0, 1.02))
    for axes in (left, right):
        axes.grid(alpha=0.3)
        axes.legend()
    figure.tight_layout()
    files.save_figure(figure, path, dpi=110)
