"""How a requested conductance change lands on a programmable device.

The EP controller asks for a change dG per device; the device model decides
what the device becomes. Two levels, as in IBM aihwkit and NeuroSim: the update
physics of one device (bounds, levels, pulse response, noise) and the spread of
that physics over the devices of one chip (device-to-device, drawn once per
chip from its seed). Every nonideality has an off value (0, or "ideal"), so
each can be studied alone.

Pulse responses, in the normalised state x = (G - g_min) / (g_max - g_min) of
each device, for one up (+) or down (-) pulse of nominal size dw:

``constant_step``
    dx = +/- dw (hard bounds);
``linear_step``
    dx_up = dw_up (1 - gamma_up (2x - 1)), dx_down = dw_down (1 + gamma_down (2x - 1))
    (aihwkit's LinearStepDevice in conductance form);
``soft_bounds``
    linear_step with gamma = 1: the step shrinks to 0 at the bound it moves
    towards, so repeated up pulses saturate at g_max; the symmetry point, where
    up and down steps are equal, is x* = dw_up / (dw_up + dw_down);
``exponential``
    G(p) = g_min + B (1 - exp(-p / (A p_max))) for up pulses from g_min
    (NeuroSim's nonlinear LTP; the same form mirrored for LTD), p_max = 1/dw,
    with nonlinearity A_up / A_down (large A is linear).

Up and down sizes are dw_up = dw (1 + up_down), dw_down = dw (1 - up_down).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields

import numpy as np

RESPONSES = ("ideal", "constant_step", "linear_step", "soft_bounds", "exponential")
STUCK_AT = ("min", "max", "random")
ROUNDING = ("nearest", "stochastic")


@dataclass(frozen=True)
class DeviceSpec:
    """One device technology. Units in brackets; relative values are fractions.

    Attributes
    ----------
    g_min, g_max : float
        Conductance bounds [S].
    levels : int
        Programmable levels between the bounds for ``response="ideal"``
        (write-verify to the nearest level); 0 = continuous.
    response : str
        Pulse response, one of :data:`RESPONSES`; "ideal" takes the change as asked.
    dw_min : float
        Nominal pulse step [fraction of g_max - g_min]; 1/dw_min ~ number of states.
    up_down : float
        Up/down asymmetry of the step, in (-1, 1).
    gamma_up, gamma_down : float
        Step slopes of ``linear_step``.
    nonlinearity_up, nonlinearity_down : float
        A of the ``exponential`` response (> 0; larger is more linear).
    max_pulses : int
        Most pulses one update may send to a device.
    rounding : str
        How a requested change becomes a whole number of pulses or levels.
    c2c : float
        Cycle-to-cycle noise: sigma of each pulse's step [fraction of the step].
    write_noise : float
        Programming error per update: sigma [fraction of g_max - g_min].
    d2d_step : float
        Device-to-device sigma of the step [fraction], fixed per chip.
    d2d_bounds : float
        Device-to-device sigma of g_min and g_max [fraction], fixed per chip.
    stuck_fraction : float
        Share of devices that never move.
    stuck_at : str
        Where stuck devices sit: "min", "max" or "random" (uniform in range).
    read_noise : float
        sigma of the conductance seen at each settle [fraction of G].
    lifetime : float
        Decay time constant [mini-batches] towards mid-range; 0 = no decay.
    drift_nu, drift_nu_std : float
        Power-law drift G(t) = G (t / t0)^-nu between training and inference.
    drift_t0 : float
        t0 [s] of the drift law.
    """

    g_min: float = 1e-9
    g_max: float = 1e-4
    levels: int = 0
    response: str = "ideal"
    dw_min: float = 0.001
    up_down: float = 0.0
    gamma_up: float = 0.0
    gamma_down: float = 0.0
    nonlinearity_up: float = 1e9
    nonlinearity_down: float = 1e9
    max_pulses: int = 100
    rounding: str = "nearest"
    c2c: float = 0.0
    write_noise: float = 0.0
    d2d_step: float = 0.0
    d2d_bounds: float = 0.0
    stuck_fraction: float = 0.0
    stuck_at: str = "min"
    read_noise: float = 0.0
    lifetime: float = 0.0
    drift_nu: float = 0.0
    drift_nu_std: float = 0.0
    drift_t0: float = 1.0

    @classmethod
    def field_names(cls) -> tuple:
        return tuple(f.name for f in fields(cls))


def IdealDevice(g_min: float, g_max: float) -> "DeviceArray":  # noqa: N802
    """Devices that take any requested change within [g_min, g_max] [S]."""
    return DeviceArray(DeviceSpec(g_min=g_min, g_max=g_max), None, seed=0)


class DeviceArray:
    """The programmable devices of one chip, with their fixed spreads.

    Parameters
    ----------
    spec : DeviceSpec
    n_devices : int or None
        Number of devices; None defers the draw to the first call.
    seed : int
        Seeds the device-to-device draws (bounds, steps, stuck devices, drift).
    """

    def __init__(self, spec: DeviceSpec, n_devices: int | None, seed: int):
        self.spec = spec
        self.seed = seed
        self._n = None
        if n_devices is not None:
            self._draw(n_devices)

    # -------------------------------------------------------------- spreads

    def _draw(self, n: int) -> None:
        s = self.spec
        rng = np.random.default_rng([self.seed, 7919])
        width = s.g_max - s.g_min
        self.g_min = s.g_min + s.d2d_bounds * width * rng.standard_normal(n)
        self.g_max = s.g_max + s.d2d_bounds * width * rng.standard_normal(n)
        # A device whose drawn bounds cross keeps at least 1 % of the nominal range.
        self.g_min = np.clip(self.g_min, 0.0, None)
        self.g_max = np.maximum(self.g_max, self.g_min + 0.01 * width)
        self.g_min = np.maximum(self.g_min, 1e-15)
        self.step = s.dw_min * np.clip(
            1 + s.d2d_step * rng.standard_normal(n), 0.0, None
        )
        self.stuck = rng.random(n) < s.stuck_fraction
        self._stuck_any = bool(self.stuck.any())
        where = {
            "min": self.g_min,
            "max": self.g_max,
            "random": self.g_min + rng.random(n) * (self.g_max - self.g_min),
        }
        self.stuck_value = where[s.stuck_at]
        self.nu = np.clip(
            s.drift_nu + s.drift_nu_std * rng.standard_normal(n), 0.0, None
        )
        self._n = n

    def _ensure(self, conductance: np.ndarray) -> None:
        if self._n != len(conductance):
            self._draw(len(conductance))

    @property
    def width(self) -> np.ndarray:
        return self.g_max - self.g_min

    # -------------------------------------------------------------- programming

    def initial(self, conductance: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """The programmed state [S] of a fresh chip asked to hold ``conductance``."""
        self._ensure(conductance)
        g = np.clip(conductance, self.g_min, self.g_max)
        if self.spec.levels:
            g = self._to_level(g, rng)
        return self._held(g)

    def apply(
        self, conductance: np.ndarray, requested: np.ndarray, rng: np.random.Generator
    ) -> np.ndarray:
        """New conductances [S] after asking each device to change by ``requested``."""
        self._ensure(conductance)
        if (
            np.shape(requested) != np.shape(conductance)
            or not np.isfinite(requested).all()
        ):
            raise ValueError(
                f"requested: shape {np.shape(requested)}: expected "
                f"{np.shape(conductance)} finite changes [S]"
            )
        s = self.spec
        if s.response == "ideal":
            g = np.clip(conductance + requested, self.g_min, self.g_max)
            if s.levels:
                g = self._to_level(g, rng)
            if not s.write_noise:  # in bounds, and nothing else moves it
                return self._held(g)
            moved = requested != 0
        else:
            pulses = self._count(np.abs(requested) / (self.step * self.width), rng)
            pulses = np.minimum(pulses, s.max_pulses)
            g = self.pulse(conductance, np.sign(requested) * pulses, rng)
            moved = pulses > 0
        if s.write_noise:
            noise = s.write_noise * self.width * rng.standard_normal(len(g))
            g = np.where(moved, g + noise, g)
        return self._held(np.clip(g, self.g_min, self.g_max))

    def _held(self, g: np.ndarray) -> np.ndarray:
        """``g`` with every stuck device at its stuck value."""
        return np.where(self.stuck, self.stuck_value, g) if self._stuck_any else g

    def _count(self, ratio: np.ndarray, rng) -> np.ndarray:
        if self.spec.rounding == "stochastic":
            base = np.floor(ratio)
            return (base + (rng.random(len(ratio)) < ratio - base)).astype(int)
        return np.rint(ratio).astype(int)

    def _to_level(self, g: np.ndarray, rng) -> np.ndarray:
        spacing = self.width / (self.spec.levels - 1)
        index = self._count((g - self.g_min) / spacing, rng)
        return self.g_min + np.clip(index, 0, self.spec.levels - 1) * spacing

    def pulse(
        self, conductance: np.ndarray, pulses: np.ndarray, rng: np.random.Generator
    ) -> np.ndarray:
        """Send ``pulses`` (signed counts) to each device; return G [S].

        Stuck devices and bounds are not applied here (see :meth:`apply`).
        """
        self._ensure(conductance)
        x = (conductance - self.g_min) / self.width
        count = np.abs(pulses).astype(int)
        up = pulses > 0
        for k in range(int(count.max(initial=0))):
            active = count > k
            dx = self._step(x, up)
            if self.spec.c2c:
                dx = dx * (1 + self.spec.c2c * rng.standard_normal(len(x)))
            x = np.where(active, np.clip(x + np.where(up, dx, -dx), 0.0, 1.0), x)
        return self.g_min + x * self.width

    def _step(self, x: np.ndarray, up: np.ndarray) -> np.ndarray:
        """Unsigned size of one pulse at state x, up or down [fraction of range]."""
        s = self.spec
        dw_up = self.step * (1 + s.up_down)
        dw_down = self.step * (1 - s.up_down)
        if s.response == "constant_step":
            return np.where(up, dw_up, dw_down)
        if s.response in ("linear_step", "soft_bounds"):
            gamma_up, gamma_down = (
                (1.0, 1.0)
                if s.response == "soft_bounds"
                else (s.gamma_up, s.gamma_down)
            )
            step_up = dw_up * (1 - gamma_up * (2 * x - 1))
            step_down = dw_down * (1 + gamma_down * (2 * x - 1))
            return np.clip(np.where(up, step_up, step_down), 0.0, None)
        return np.where(
            up,
            _exp_step(x, dw_up, s.nonlinearity_up),
            _exp_step(1 - x, dw_down, s.nonlinearity_down),
        )

    # -------------------------------------------------------------- in use

    def read(self, conductance: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """The conductance the circuit sees at one settle (read noise) [S]."""
        if not self.spec.read_noise:
            return conductance
        noisy = conductance * (
            1 + self.spec.read_noise * rng.standard_normal(len(conductance))
        )
        return np.clip(noisy, 1e-15, None)

    def tick(self, conductance: np.ndarray) -> np.ndarray:
        """One mini-batch of decay towards mid-range (capacitor leak) [S]."""
        if not self.spec.lifetime:
            return conductance
        self._ensure(conductance)
        rest = 0.5 * (self.g_min + self.g_max)
        decayed = rest + (conductance - rest) * math.exp(-1.0 / self.spec.lifetime)
        return np.where(self.stuck, conductance, decayed)

    def drift(self, conductance: np.ndarray, seconds: float) -> np.ndarray:
        """Conductances [S] ``seconds`` after programming: G (t / t0)^-nu, t >= t0."""
        if not self.spec.drift_nu or seconds <= self.spec.drift_t0:
            return conductance
        self._ensure(conductance)
        factor = (seconds / self.spec.drift_t0) ** (-self.nu)
        return np.where(self.stuck, conductance, conductance * factor)


def _exp_step(x: np.ndarray, dw: np.ndarray, a: float) -> np.ndarray:
    """Step of NeuroSim's exponential response at state x moving towards 1.

    x(p) = (1 - exp(-p dw / a)) / (1 - exp(-1 / a)); one more pulse from x.
    """
    norm = 1 - math.exp(-1.0 / a)
    p = -a * np.log(np.clip(1 - x * norm, 1e-300, None)) / dw
    nxt = (1 - np.exp(-(p + 1) * dw / a)) / norm
    return np.clip(nxt - x, 0.0, None)


@dataclass(frozen=True)
class Readout:
    """The ADC that reads node voltages in both EP phases.

    Attributes
    ----------
    bits : int
        Resolution; 0 = ideal (no quantisation).
    full_scale : float
        Input range +/- full_scale [V].
    noise : float
        Gaussian input-referred noise sigma [V].
    """

    bits: int = 0
    full_scale: float = 2.0
    noise: float = 0.0

    @property
    def ideal(self) -> bool:
        return self.bits == 0 and self.noise == 0

    def read(self, voltages: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        if self.ideal:
            return voltages
        v = voltages
        if self.noise:
            v = v + self.noise * rng.standard_normal(v.shape)
        if self.bits:
            lsb = 2 * self.full_scale / (2**self.bits - 1)
            v = np.clip(
                np.round((v + self.full_scale) / lsb) * lsb - self.full_scale,
                -self.full_scale,
                self.full_scale,
            )
        return v
