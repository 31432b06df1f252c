"""The Equilibrium Propagation controller.

Per mini-batch: a free phase (inputs clamped), then one nudged phase (one-sided)
or two (centred, +beta and -beta) in which a current is injected into every
output cell, and the chip settles again. The current is set from the free-phase
outputs: I_k = -beta I0 dL/dv_k, the linearised cost, which gives the same
gradient as the cost itself to first order in beta (Scellier & Bengio 2017 for
EP; the fixed-current form is the one resistive EP chips use, Kendall et al.
2020). Every conductance then moves by a change computed from the two voltage
drops across it, dE/dG = (dV)^2 / 2, and every bias current from its node
voltage, dE/dI = -v:

    one-sided:  dL/dG ~ [(dV^beta)^2 - (dV^0)^2] / (2 beta)
    centred:    dL/dG ~ [(dV^+beta)^2 - (dV^-beta)^2] / (4 beta)

(normalised units). Centred nudging removes the O(beta) bias (Laborieux et al.
2021). A sample whose free or nudged phase did not settle is left out of the
gradient and counted.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import numpy as np

from .circuit import NeuronScale, certified_together, unstable_states
from .errors import DataError, SettleStatus
from .topology import ChipTopology
from .twin import SettleResult

log = logging.getLogger(__name__)

NUDGES = ("centred", "one_sided")
#: Samples settled at once by ``evaluate``.
EVAL_CHUNK = 4096
COSTS = ("cross_entropy", "squared_error")


class OutputCost:
    """Cost of the output voltages; logits are the signed class sums.

    logit_k = sum over outputs o of class k of sign_o v_o / temperature; the
    cross-entropy is that of softmax(logits), the squared error
    1/2 sum_k (logit_k - onehot_k)^2.
    """

    def __init__(self, topology: ChipTopology, kind: str, temperature: float):
        self.kind = kind
        self.temperature = temperature
        self.readout = np.zeros((topology.n_outputs, topology.n_classes))
        self.readout[np.arange(topology.n_outputs), topology.output_class] = (
            topology.output_sign
        )
        self._scaled = self.readout / temperature

    def _checked(self, labels, samples: int) -> np.ndarray:
        """``labels`` as int64, or a DataError: one integer class per sample
        (the compiled cross-entropy does not check its indices)."""
        labels = np.asarray(labels)
        classes = self.readout.shape[1]
        if labels.shape != (samples,) or (
            labels.size and labels.dtype.kind not in "iu"
        ):
            raise DataError(
                f"labels: shape {labels.shape}, dtype {labels.dtype}: expected "
                f"({samples},) integers, one class per sample"
            )
        if samples and not (labels.min() >= 0 and labels.max() < classes):
            raise DataError(
                f"labels: from {labels.min()} to {labels.max()}: expected "
                f"0 .. {classes - 1}, the chip's classes"
            )
        return labels.astype(np.int64, copy=False)

    def logits(self, output_voltages: np.ndarray) -> np.ndarray:
        return output_voltages @ self._scaled

    def loss_and_gradient(self, output_voltages, labels):
        """Per-sample loss (B,) and dL/dv at the outputs (B, n_outputs) [1/V]."""
        z = self.logits(output_voltages)
        labels = self._checked(labels, len(z))
        if self.kind == "cross_entropy":
            from . import kernels

            loss = np.empty(len(z))
            kernels.cross_entropy(z, labels, loss)
            dl_dz = z  # overwritten with it
        else:
            dl_dz = z - np.eye(z.shape[1])[labels]
            loss = 0.5 * (dl_dz**2).sum(axis=1)
        return loss, dl_dz @ self._scaled.T


def checked_count(name: str, value) -> int:
    """``value`` read back from a checkpoint as a count, or a ValueError
    naming it: an integer >= 0 (not a bool, not a float)."""
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError(f"{name} = {value!r}: expected an integer >= 0")
    return value


@dataclass(frozen=True)
class TrainSettings:
    """How the controller trains.

    Attributes
    ----------
    epochs, batch_size : int
    learning_rate : float
        Adam step size for conductances [g0 = I0/V0].
    bias_learning_rate : float
        Adam step size for bias currents [I0].
    beta : float
        Nudge strength [normalised].
    nudge : str
        "centred" or "one_sided".
    cost : str
        "cross_entropy" or "squared_error".
    temperature : float
        Logit scale [V].
    seed : int
        Seeds the sample order.
    check_stability : bool
        Check every settled state's (v, w) linearisation; a state with an
        eigenvalue of positive real part is marked UNSTABLE.
    unsettled : str
        What to do with a sample whose free or nudged state is UNSTABLE or
        NOT_SETTLED: "reject" leaves it out of the gradient, "keep" uses it;
        both count it.
    """

    epochs: int = 20
    batch_size: int = 10
    learning_rate: float = 0.01
    bias_learning_rate: float = 0.01
    beta: float = 0.01
    nudge: str = "centred"
    cost: str = "cross_entropy"
    temperature: float = 0.1
    seed: int = 0
    check_stability: bool = True
    unsettled: str = "reject"


@dataclass
class Adam:
    """Adam (Kingma & Ba 2015) with its usual defaults, on normalised values."""

    step_size: float
    beta1: float = 0.9
    beta2: float = 0.999
    eps: float = 1e-8
    steps: int = 0
    first: np.ndarray | None = None
    second: np.ndarray | None = None

    def as_dict(self) -> dict:
        return {
            "steps": self.steps,
            "first": None if self.first is None else self.first.tolist(),
            "second": None if self.second is None else self.second.tolist(),
        }

    def load(self, saved: dict, size: int) -> None:
        """Moments saved by ``as_dict`` for ``size`` parameters; ValueError
        naming what is wrong (the compiled step does not check lengths)."""
        steps = checked_count("steps", saved["steps"])
        moments = []
        for key in ("first", "second"):
            value = saved[key]
            if value is None and steps == 0:
                moments.append(None)
                continue
            array = np.array(value, dtype=float)
            if array.shape != (size,) or not np.isfinite(array).all():
                raise ValueError(
                    f"{key}: expected {size} finite numbers, got shape {array.shape}"
                )
            if key == "second" and (array < 0).any():
                raise ValueError("second: expected values >= 0")
            moments.append(array)
        self.steps = steps
        self.first, self.second = moments

    def direction(self, gradient: np.ndarray) -> np.ndarray:
        if self.first is None:
            self.first = np.zeros_like(gradient)
            self.second = np.zeros_like(gradient)
        if np.shape(gradient) != self.first.shape:
            raise ValueError(
                f"gradient: shape {np.shape(gradient)}: expected {self.first.shape}, "
                "the shape of the moments"
            )
        from . import kernels

        self.steps += 1
        step = np.empty_like(self.first)
        kernels.adam_step(
            self.first,
            self.second,
            np.asarray(gradient, dtype=float),
            self.beta1,
            self.beta2,
            self.eps,
            self.step_size,
            (1 - self.beta1**self.steps, 1 - self.beta2**self.steps),
            step,
        )
        return step


@dataclass
class BatchReport:
    loss: float
    correct: int
    used: int
    rejected: int


@dataclass
class EpochRecord:
    epoch: int
    train_loss: float
    train_accuracy: float
    test_loss: float
    test_accuracy: float
    rejected_samples: int
    seconds: float

    def as_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass
class ChipState:
    """The trainable state of a chip: what a checkpoint holds.

    Attributes
    ----------
    conductance : array (E,) [S]
    bias_current : array (n_free,) [A]
    """

    conductance: np.ndarray
    bias_current: np.ndarray
    history: list = field(default_factory=list)


class EquilibriumPropagation:
    """EP training of one chip through one backend and one device model.

    Parameters
    ----------
    topology : ChipTopology
    backend
        Anything with ``settle(conductance, bias_current, clamp_voltages,
        nudge_current=None, start=None) -> SettleResult``: the twin or ngspice.
    device : fhn_hw.devices.DeviceArray
        How requested changes land (``apply``), what a settle sees (``read``),
        decay per mini-batch (``tick``).
    settings : TrainSettings
    scale : NeuronScale
    state : ChipState
    readout : fhn_hw.devices.Readout, optional
        The ADC through which the controller reads node voltages; ideal if None.
    """

    def __init__(
        self,
        topology,
        backend,
        device,
        settings: TrainSettings,
        scale: NeuronScale,
        state: ChipState,
        readout=None,
    ):
        self.topology = topology
        self.backend = backend
        self.device = device
        self.settings = settings
        self.scale = scale
        self.state = state
        self.readout = readout
        self.cost = OutputCost(topology, settings.cost, settings.temperature)
        self._adam_g = Adam(settings.learning_rate)
        self._adam_i = Adam(settings.bias_learning_rate)
        # Read noise and ADC noise draw from their own stream, so that the
        # sample order (seeded by the caller) does not depend on them.
        self.noise_rng = np.random.default_rng([settings.seed, 31337])
        #: Free-phase samples that did not settle or would not hold (all epochs).
        self.unsettled_count = 0
        #: A fhn_hw.parallel.ShardPool that settles mini-batches over worker
        #: processes, or None (settle here).
        self.pool = None
        # A two-colouring of the free nodes, when the backend has one, makes
        # the stability certificate a small Schur test.
        self._split = getattr(backend, "split", None)
        self._index = None

    # ---------------------------------------------------------------- resume

    def resume_state(self) -> dict:
        """What, besides the chip state, continues a run exactly: the optimiser
        moments, the noise generator, the counters (JSON-ready)."""
        return {
            "adam_conductance": self._adam_g.as_dict(),
            "adam_bias": self._adam_i.as_dict(),
            "noise_rng": self.noise_rng.bit_generator.state,
            "unsettled_count": self.unsettled_count,
        }

    def load_resume_state(self, saved: dict) -> None:
        self._adam_g.load(saved["adam_conductance"], len(self.state.conductance))
        self._adam_i.load(saved["adam_bias"], len(self.state.bias_current))
        self.noise_rng.bit_generator.state = saved["noise_rng"]
        self.unsettled_count = checked_count(
            "unsettled_count", saved["unsettled_count"]
        )

    # ---------------------------------------------------------------- phases

    def _settle(self, clamp, nudge=None, start=None, check=True, lend=False):
        """Read the array, settle, check stability (unless ``check`` is False:
        the caller checks), read the voltages through the ADC.

        ``start`` may be a free phase the backend lent its Jacobians to
        (``lend``): the batch is then phases nudged from it, settled by the
        backend's ``settle_nudged``.
        """
        seen = self.device.read(self.state.conductance, self.noise_rng)
        bias = self.state.bias_current
        if isinstance(start, SettleResult):
            result = self.backend.settle_nudged(seen, start, nudge)
        elif lend and self._lends():
            result = self.backend.settle(seen, bias, clamp, nudge, start, lend=True)
        else:
            result = self.backend.settle(seen, bias, clamp, nudge, start)
        if check and self.settings.check_stability:
            self._mark_unstable([result], seen)
        if self.readout is not None and not self.readout.ideal:
            result.voltages = self.readout.read(result.voltages, self.noise_rng)
        return result

    def _mark_unstable(self, results, conductance) -> None:
        """Mark the converged states of ``results`` that would not hold, all
        in one test (one certificate can cover a whole batch)."""
        ok = [result.ok for result in results]
        coupling, _ = self.backend.coupling_matrices(conductance)
        neuron, v0 = self.backend.neuron, self.scale.voltage
        if all(k.all() for k in ok) and certified_together(
            [r.voltages for r in results], coupling, neuron, self._split, v0
        ):
            return
        voltages = np.concatenate([r.voltages[k] for r, k in zip(results, ok)])
        if not len(voltages):
            return
        unstable = unstable_states(voltages / v0, coupling, neuron, self._split)
        first = 0
        for result, k in zip(results, ok):
            rows = np.flatnonzero(k)
            result.status[rows[unstable[first : first + len(rows)]]] = (
                SettleStatus.UNSTABLE
            )
            first += len(rows)

    def _lends(self) -> bool:
        """Can the backend lend a free phase's Jacobians to the phases nudged
        from it (the twin)?"""
        return hasattr(self.backend, "settle_nudged")

    def free_phase(self, input_voltages: np.ndarray):
        return self._settle(self.topology.clamp_voltages(input_voltages))

    def nudge_current(self, loss_gradient: np.ndarray, beta: float) -> np.ndarray:
        """Nudging currents [A] for dL/dv [1/V] at the outputs: -beta I0 V0 dL/dv."""
        return -beta * self.scale.current * self.scale.voltage * loss_gradient

    def nudged_phase(self, input_voltages, free, loss_gradient, beta):
        clamp = self.topology.clamp_voltages(input_voltages)
        return self._nudged(clamp, free, loss_gradient, (beta,))[0]

    def nudged_phases(self, input_voltages, free, loss_gradient, betas):
        """One nudged phase per beta (see _nudged)."""
        clamp = self.topology.clamp_voltages(input_voltages)
        return self._nudged(clamp, free, loss_gradient, betas)

    def _nudged(self, clamp, free, loss_gradient, betas, check=True):
        """One nudged phase per beta. When the array reads without noise every
        phase sees the same conductances, so the phases are settled as one
        stacked batch (one deck and one sweep in ngspice instead of one each;
        on the twin, with the free phase's Jacobians when it lent them);
        otherwise each phase is its own read and settle."""
        nudges = [self.nudge_current(loss_gradient, beta) for beta in betas]
        if self.device.spec.read_noise:
            return [
                self._settle(clamp, nudge, start=free.voltages, check=check)
                for nudge in nudges
            ]
        n, copies = len(clamp), len(betas)
        if free.reduced is not None:
            start = free
        else:
            clamp = np.tile(clamp, (copies, 1))
            start = np.tile(free.voltages, (copies, 1))
        stacked = self._settle(clamp, np.concatenate(nudges), start, check=check)
        return [stacked.rows(slice(k * n, (k + 1) * n)) for k in range(copies)]

    def estimate_gradient(self, input_voltages, labels):
        """EP estimate of dL/dG [1/S] and dL/dI [1/A], summed over the samples.

        Returns the two sums, the free phase, the per-sample loss and the mask
        of samples used (all their phases settled).
        """
        beta = self.settings.beta
        clamp = self.topology.clamp_voltages(input_voltages)
        # Without read noise all phases see one array: their stability is
        # checked together, after the last (on the voltages as settled, so
        # not after a noisy ADC).
        together = (
            self.settings.check_stability
            and not self.device.spec.read_noise
            and (self.readout is None or self.readout.ideal)
        )
        free = self._settle(clamp, check=not together, lend=True)
        out = free.voltages[:, -self.topology.n_outputs :]
        loss, dl_dv = self.cost.loss_and_gradient(out, labels)
        if self.settings.nudge == "centred":
            high, low = self._nudged(clamp, free, dl_dv, (beta, -beta), not together)
            phases, span = [free, high, low], 2.0 * beta
        else:
            (high,) = self._nudged(clamp, free, dl_dv, (beta,), not together)
            low, span = free, beta
            phases = [free, high]
        if together:
            self._mark_unstable(phases, self.state.conductance)
        free.reduced = None  # lent to the nudged phases; not kept
        used = self._usable(free) & self._usable(high) & self._usable(low)
        contrasted = (
            np.asarray(input_voltages, dtype=float),
            high.voltages,
            low.voltages,
        )
        if not used.all():
            contrasted = tuple(x[used] for x in contrasted)
        d_conductance, d_bias = self._contrast(*contrasted, span)
        return d_conductance, d_bias, free, loss, used

    def _usable(self, result) -> np.ndarray:
        if self.settings.unsettled == "keep":
            return np.isin(
                result.status,
                (
                    SettleStatus.CONVERGED,
                    SettleStatus.UNSTABLE,
                    SettleStatus.NOT_SETTLED,
                ),
            ) & np.isfinite(result.voltages).all(axis=1)
        return result.ok

    def _contrast(self, inputs, high, low, span):
        """Sum over samples of [dE/dtheta(high) - dE/dtheta(low)] / span, in SI,
        for input voltages ``inputs`` (B, F) and the two phases' free voltages.

        Per edge (i, j): (dV_high)^2 - (dV_low)^2 = (d_i - d_j)(s_i - s_j) with
        d and s the difference and sum of the two phases' node voltages, so the
        small difference is formed once, not as a difference of squares. Its
        sum over the batch (kernels.edge_drops) is one pass over the batch per
        edge between free nodes; an edge to a clamp takes d^T x over the input
        features, one product of whole batches, since a clamp holds sign
        x_feature or a rail's voltage (and d = 0 there)."""
        from . import kernels

        v0, g0, i0 = self.scale.voltage, self.scale.conductance, self.scale.current
        n_free, n_features = high.shape[1], inputs.shape[1]
        d_t, s_t = np.empty((n_free, len(high))), np.empty((n_free, len(high)))
        diagonal, table = np.empty(n_free), np.empty((n_free, n_features + 1))
        total = table[:, n_features]  # the sum of d: a rail's column
        kernels.phase_contrast(high, low, d_t, s_t, diagonal, total)
        np.matmul(d_t, inputs, out=table[:, :n_features])
        d_conductance = np.empty(len(self.topology.edges))
        kernels.edge_drops(
            diagonal,
            d_t,
            s_t,
            table,
            *self._contrast_index(n_features),
            0.5 / (span * g0 * v0 * v0),  # dE/dG = dV^2 / 2, per unit of span
            d_conductance,
        )
        wire = getattr(self.backend, "wire_resistance", 0.0)
        if wire:  # dE/dG of a device in series with its wire: the device's drop
            d_conductance /= (1.0 + self.state.conductance * wire) ** 2
        d_bias = total * (-1.0 / (span * i0 * v0))
        return d_conductance, d_bias

    def _contrast_index(self, n_features):
        """Per edge, for kernels.edge_drops: (free end, other free end or -1,
        column of its clamp in the table, the clamp's voltage per unit of the
        table's), made once per chip; the table's last column is the sum of
        d (a rail: its voltage), the others d^T x (an input: its sign)."""
        if self._index is None or self._index[0] != n_features:
            top = self.topology
            nc = top.n_clamped
            i, j = top.edges[:, 0], top.edges[:, 1]  # i < j: a clamp is i
            free_end = np.where(j >= nc, j - nc, -1)
            other_end = np.where(i >= nc, i - nc, -1)
            rails = len(top.bias_voltage)
            # Per clamp, and a last entry for edges without one.
            column = np.concatenate(
                [top.input_feature, np.full(rails, n_features), [0]]
            )
            weight = np.concatenate([top.input_sign, top.bias_voltage, [0.0]])
            clamp = np.where(i < nc, i, nc)
            self._index = (
                n_features,
                (
                    free_end.astype(np.int64),
                    other_end.astype(np.int64),
                    column[clamp].astype(np.int64),
                    np.ascontiguousarray(weight[clamp], dtype=float),
                ),
            )
        return self._index[1]

    # ---------------------------------------------------------------- update

    def train_batch(self, input_voltages, labels, rng) -> BatchReport:
        if self.pool is not None:
            d_g, d_i, free, loss, used = self.pool.estimate_gradient(
                self.state, input_voltages, labels
            )
        else:
            d_g, d_i, free, loss, used = self.estimate_gradient(input_voltages, labels)
        n_used = int(used.sum())
        if n_used:
            g0, i0 = self.scale.conductance, self.scale.current
            step_g = self._adam_g.direction(d_g * (g0 / n_used))
            step_g *= g0
            step_i = self._adam_i.direction(d_i * (i0 / n_used))
            step_i *= i0
            self.state.conductance = self.device.apply(
                self.state.conductance, step_g, rng
            )
            self.state.bias_current = self.state.bias_current + step_i
        self.state.conductance = self.device.tick(self.state.conductance)
        predicted = self.predict_from(free)
        self.unsettled_count += int((~free.ok).sum())
        return BatchReport(
            float(loss[used].sum()),
            int((predicted == labels)[used].sum()),
            n_used,
            len(labels) - n_used,
        )

    def predict_from(self, free) -> np.ndarray:
        out = free.voltages[:, -self.topology.n_outputs :]
        return self.cost.logits(out).argmax(axis=1)

    def evaluate(self, input_voltages, labels) -> tuple[float, float]:
        """(mean loss, accuracy) of the free phase; unsettled samples count wrong.

        Settled in chunks of EVAL_CHUNK samples, so that a large set (60 000
        MNIST-size samples: 1570 clamped sources each) never needs its clamp
        voltages all at once."""
        if not len(input_voltages):
            raise DataError("input voltages: 0 samples: expected at least one")
        parts = []
        for first in range(0, len(input_voltages), EVAL_CHUNK):
            chunk = input_voltages[first : first + EVAL_CHUNK]
            if self.pool is not None:
                parts.append(self.pool.free_phase(self.state, chunk))
            else:
                parts.append(self.free_phase(chunk))
        free = SettleResult.concatenate(parts)
        out = free.voltages[:, -self.topology.n_outputs :]
        loss, _ = self.cost.loss_and_gradient(out, labels)
        correct = (self.predict_from(free) == labels) & free.ok
        return float(loss[free.ok].mean()) if free.ok.any() else float("nan"), float(
            correct.mean()
        )
