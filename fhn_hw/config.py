"""Strict reading of experiment configs and hardware profiles (TOML).

Every file is checked against a schema: an unknown key, a wrong type, a value
out of range each raise :class:`ConfigError` naming the file, the key and the
value. Nothing is written before a config has been read whole.
"""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from .circuit import NeuronParams, NeuronScale
from .datasets import DATASETS
from .devices import RESPONSES, ROUNDING, STUCK_AT, DeviceArray, DeviceSpec, Readout
from .ep import COSTS, NUDGES, TrainSettings
from .errors import ConfigError

BACKENDS = ("ngspice", "twin")
PROFILE_DIR = Path(__file__).resolve().parent.parent / "hardware_profiles"


@dataclass(frozen=True)
class Key:
    """One key of a schema: its type, a check of its value, its default."""

    kind: type | tuple
    check: Callable[[Any], bool] | None = None
    expected: str = ""
    default: Any = None
    required: bool = False
    unit: str = ""


def positive(x):
    return x > 0


def in_open_unit(x):
    return 0 < x < 1


def nonnegative(x):
    return x >= 0


def between(low, high):
    return lambda x: low <= x <= high


def open_between(low, high):
    """low < x <= high."""
    return lambda x: low < x <= high


#: Largest hidden layer and chip the dense twin is meant for (its Hessians are
#: n x n per sample); beyond that a sparse solver is needed.
MAX_WIDTH = 4096
MAX_CELLS = 8192


def one_of(choices):
    return Key(str, lambda x: x in choices, f"one of {choices}")


def _finite_list(min_len=1, max_len=None, check=None):
    def ok(x):
        return (
            len(x) >= min_len
            and (max_len is None or len(x) <= max_len)
            and all(_is_number(v) and math.isfinite(v) for v in x)
            and (check is None or check(x))
        )

    return ok


def _is_number(x):
    return isinstance(x, (int, float)) and not isinstance(x, bool)


CONFIG_SCHEMA = {
    "": {"profile": Key(str, default="ideal", expected="a profile name or a path")},
    "data": {
        "dataset": Key(
            str,
            lambda x: x in DATASETS or x.lower().endswith(".csv"),
            f"one of {DATASETS}, or a .csv file relative to the config (one row "
            "per sample: its features, then an integer class label)",
            "iris",
        ),
        "test_fraction": Key(
            float, lambda x: 0.01 <= x <= 0.9, "a number in [0.01, 0.9]", 0.3
        ),
        "split_seed": Key(int, between(0, 2**32 - 1), "an integer in [0, 2^32 - 1]", 0),
        "volts_per_std": Key(
            float, open_between(0, 100), "a number in (0, 100] [V]", 0.5
        ),
        "clip_volts": Key(float, open_between(0, 100), "a number in (0, 100] [V]", 2.0),
    },
    "chip": {
        "hidden": Key(
            list,
            lambda x: (
                1 <= len(x) <= 64
                and all(
                    isinstance(w, int)
                    and not isinstance(w, bool)
                    and 1 <= w <= MAX_WIDTH
                    for w in x
                )
                and sum(x) <= MAX_CELLS
            ),
            f"a list of 1 .. 64 layer widths, each in [1, {MAX_WIDTH}], at most "
            f"{MAX_CELLS} cells in all",
            [32],
        ),
        "bias_volts": Key(
            list,
            _finite_list(0, 64, lambda x: all(abs(v) <= 100 for v in x)),
            "a list of at most 64 voltages in [-100, 100] [V]",
            [1.0, -1.0],
        ),
        "init_conductance": Key(
            list,
            _finite_list(2, 2, lambda x: 1e-15 <= x[0] <= x[1] <= 1.0),
            "[low, high] with 1e-15 <= low <= high <= 1 [S]",
            [5e-7, 3e-6],
        ),
        "centre_bias": Key(bool, None, "true or false", True),
        "graph": Key(
            str,
            None,
            "a GraphML, GML or exported SPICE file, relative to the config (when "
            "set, hidden, bias_volts and init_conductance are not used)",
            "",
        ),
    },
    "train": {
        "backend": Key(str, lambda x: x in BACKENDS, f"one of {BACKENDS}", "ngspice"),
        "epochs": Key(int, between(1, 100_000), "an integer in [1, 100000]", 30),
        "batch_size": Key(int, between(1, 1_000_000), "an integer in [1, 1000000]", 10),
        "learning_rate": Key(
            float, open_between(0, 10), "a number in (0, 10] [g0]", 0.01
        ),
        "bias_learning_rate": Key(
            float, between(0, 10), "a number in [0, 10] [I0]", 0.01
        ),
        "beta": Key(float, open_between(0, 10), "a number in (0, 10]", 0.01),
        "nudge": Key(str, lambda x: x in NUDGES, f"one of {NUDGES}", "centred"),
        "cost": Key(str, lambda x: x in COSTS, f"one of {COSTS}", "cross_entropy"),
        "temperature": Key(
            float, between(1e-4, 1e3), "a number in [1e-4, 1e3] [V]", 0.1
        ),
        "seed": Key(int, between(0, 2**63 - 1), "an integer in [0, 2^63 - 1]", 0),
        "check_stability": Key(bool, None, "true or false", True),
        "unsettled": Key(
            str, lambda x: x in ("reject", "keep"), "'reject' or 'keep'", "reject"
        ),
        "settle": Key(
            str,
            lambda x: x in ("sweep", "op", "tran"),
            "'sweep', 'op' or 'tran' (how ngspice settles)",
            "sweep",
        ),
        "tran_time": Key(float, between(1, 1e6), "a number in [1, 1e6] [tau]", 600.0),
        "fold_inputs": Key(
            bool, None, "true or false (ngspice: Norton-fold the clamped inputs)", False
        ),
        "workers": Key(
            int,
            between(1, 64),
            "an integer in [1, 64] (processes that share each mini-batch)",
            1,
        ),
        "isolate": Key(bool, None, "true or false (ngspice in worker processes)", True),
        "settle_timeout": Key(
            float,
            between(1, 1e5),
            "a number in [1, 1e5] [s] (a worker slower than this counts as hung)",
            600.0,
        ),
    },
}


def _fraction(x):
    return 0 <= x < 1


def _int_list(low, high):
    return lambda x: (
        len(x) >= 1
        and all(
            isinstance(v, int) and not isinstance(v, bool) and low <= v <= high
            for v in x
        )
    )


RESIDUAL_SCHEMA = {
    "": {"profile": Key(str, default="ideal", expected="a profile name or a path")},
    "chain": {
        "width": Key(int, between(1, 64), "an integer in [1, 64]", 4),
        "depths": Key(
            list,
            _int_list(2, 1000),
            "a list of depths in [2, 1000]",
            [5, 10, 20, 50, 100],
        ),
        "couplings": Key(
            list,
            lambda x: len(x) >= 1 and all(c in ("one_to_one", "dense") for c in x),
            "a list of 'one_to_one' and/or 'dense'",
            ["one_to_one", "dense"],
        ),
        "conductance": Key(
            list,
            _finite_list(2, 2, lambda x: 1e-15 <= x[0] <= x[1] <= 1.0),
            "[low, high] with 1e-15 <= low <= high <= 1 [S]",
            [5e-6, 1e-5],
        ),
        "cross_fraction": Key(float, between(0, 1), "a number in [0, 1]", 0.2),
        "inputs_volts": Key(float, open_between(0, 10), "a number in (0, 10] [V]", 0.5),
        "segment": Key(int, between(1, 1000), "an integer in [1, 1000]", 5),
        "bias_current": Key(float, between(-10, 10), "a number in [-10, 10] [I0]", 0.0),
        "gradient_depth": Key(int, between(2, 1000), "an integer in [2, 1000]", 10),
        "beta": Key(float, open_between(0, 1), "a number in (0, 1]", 1e-3),
        "seed": Key(int, between(0, 2**32 - 1), "an integer in [0, 2^32 - 1]", 0),
    },
    "ebm": {
        "width": Key(int, between(1, 64), "an integer in [1, 64]", 5),
        "layers": Key(int, between(2, 100), "an integer in [2, 100]", 6),
        "weight_scale": Key(float, open_between(0, 10), "a number in (0, 10]", 0.5),
        "weight_noise": Key(float, between(0, 10), "a number in [0, 10]", 0.1),
        "seed": Key(int, between(0, 2**32 - 1), "an integer in [0, 2^32 - 1]", 0),
    },
}


def load_residual(path) -> tuple[dict, "Profile"]:
    """A residual-chain study config, checked, and its profile."""
    path = Path(path)
    values = validate(read_toml(path, "config"), RESIDUAL_SCHEMA, path)
    profile = load_profile(values[""]["profile"], path.resolve().parent)
    return values, profile


def _unit_key(expected, check=positive, default=None, unit="", required=False):
    return Key(float, check, expected, default, required, unit)


PROFILE_SCHEMA = {
    "": {
        "name": Key(
            str,
            lambda x: re.fullmatch(r"[A-Za-z0-9_.-]{1,64}", x) is not None,
            "a name of 1 to 64 letters, digits, '_', '.' or '-'",
            required=True,
        ),
        "description": Key(str, expected="a string", default=""),
    },
    "neuron": {
        "a": Key(float, between(-10, 10), "a number in [-10, 10]", 0.7),
        "b": Key(
            float,
            lambda x: 0.01 <= x < 1,
            "a number in [0.01, 1): b < 1 keeps the DC point unique",
            0.95,
        ),
        "eps": Key(float, open_between(0, 100), "a number in (0, 100]", 0.08),
        "gain": Key(float, open_between(0, 100), "a number in (0, 100]", 1.0),
        "voltage_scale": _unit_key(
            "a voltage in [1 mV, 100 V]", between(1e-3, 100), 1.0, "V"
        ),
        "current_scale": _unit_key(
            "a current in [1 pA, 1 A]", between(1e-12, 1), 1e-5, "A"
        ),
        "time_scale": _unit_key(
            "a time in [1 fs, 1000 s]", between(1e-15, 1e3), 1e-6, "s"
        ),
        "a_spread": Key(float, _fraction, "a fraction in [0, 1)", 0.0),
        "b_spread": Key(float, _fraction, "a fraction in [0, 1)", 0.0),
        "eps_spread": Key(float, _fraction, "a fraction in [0, 1)", 0.0),
        "gain_spread": Key(float, _fraction, "a fraction in [0, 1)", 0.0),
    },
    "device": {
        "g_min": _unit_key(
            "a conductance in [1 fS, 1 S]", between(1e-15, 1), unit="S", required=True
        ),
        "g_max": _unit_key(
            "a conductance in [1 fS, 1 S]", between(1e-15, 1), unit="S", required=True
        ),
        "levels": Key(
            int,
            lambda x: x == 0 or 2 <= x <= 2**24,
            "0 (continuous) or an integer in [2, 2^24]",
            0,
        ),
        "response": Key(str, lambda x: x in RESPONSES, f"one of {RESPONSES}", "ideal"),
        "dw_min": Key(float, in_open_unit, "a fraction in (0, 1) of the range", 0.001),
        "up_down": Key(float, lambda x: -1 < x < 1, "a number in (-1, 1)", 0.0),
        "gamma_up": Key(float, lambda x: 0 <= x <= 1, "a number in [0, 1]", 0.0),
        "gamma_down": Key(float, lambda x: 0 <= x <= 1, "a number in [0, 1]", 0.0),
        "nonlinearity_up": Key(
            float, between(1e-3, 1e12), "a number in [1e-3, 1e12]", 1e9
        ),
        "nonlinearity_down": Key(
            float, between(1e-3, 1e12), "a number in [1e-3, 1e12]", 1e9
        ),
        "max_pulses": Key(int, between(1, 100_000), "an integer in [1, 100000]", 100),
        "rounding": Key(str, lambda x: x in ROUNDING, f"one of {ROUNDING}", "nearest"),
        "c2c": Key(
            float, between(0, 100), "a number in [0, 100] (fraction of a step)", 0.0
        ),
        "write_noise": Key(float, _fraction, "a fraction in [0, 1) of the range", 0.0),
        "d2d_step": Key(float, _fraction, "a fraction in [0, 1)", 0.0),
        "d2d_bounds": Key(float, _fraction, "a fraction in [0, 1)", 0.0),
        "stuck_fraction": Key(
            float, lambda x: 0 <= x <= 1, "a fraction in [0, 1]", 0.0
        ),
        "stuck_at": Key(str, lambda x: x in STUCK_AT, f"one of {STUCK_AT}", "min"),
        "read_noise": Key(float, _fraction, "a fraction in [0, 1)", 0.0),
        "lifetime": Key(
            float, between(0, 1e12), "a number in [0, 1e12] [mini-batches]", 0.0
        ),
        "drift_nu": Key(float, lambda x: 0 <= x < 1, "a number in [0, 1)", 0.0),
        "drift_nu_std": Key(float, between(0, 1), "a number in [0, 1]", 0.0),
        "drift_t0": _unit_key("a time in (0, 1e9] s", open_between(0, 1e9), 1.0, "s"),
        "drift_time": _unit_key("a time in [0, 1e9] s", between(0, 1e9), 0.0, "s"),
    },
    "readout": {
        "adc_bits": Key(int, lambda x: 0 <= x <= 32, "0 (ideal) or 1 .. 32", 0),
        "adc_full_scale": _unit_key(
            "a voltage in (0, 100]", open_between(0, 100), 2.0, "V"
        ),
        "adc_noise": _unit_key("a voltage in [0, 10]", between(0, 10), 0.0, "V"),
    },
    "layout": {
        "resistor_model": Key(
            str,
            lambda x: (
                x == "" or re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{0,63}", x) is not None
            ),
            "a model name: a letter, then up to 63 letters, digits or _",
            "",
        ),
        "sheet_resistance": _unit_key(
            "a sheet resistance in [0, 1 GOhm] per square (0: no layout)",
            between(0, 1e9),
            0.0,
            "Ohm",
        ),
        "resistor_width": _unit_key(
            "a width in (0, 1 mm]", open_between(0, 1e-3), 1e-6, "m"
        ),
        "resistor_mismatch": Key(float, _fraction, "a fraction in [0, 1)", 0.0),
        "levels": Key(
            int,
            lambda x: x == 0 or 2 <= x <= 2**24,
            "0 or an integer in [2, 2^24]: distinct resistor values the layout offers",
            0,
        ),
    },
    "wiring": {
        "wire_resistance": _unit_key(
            "a resistance in [0, 1 GOhm]", between(0, 1e9), 0.0, "Ohm"
        ),
    },
    "sources": {},
}

#: SI prefixes accepted in unit strings ("10 uS", "100 kOhm"); case matters:
#: m is milli, M is mega.
PREFIXES = {
    "f": -15,
    "p": -12,
    "n": -9,
    "u": -6,
    "\u00b5": -6,
    "m": -3,
    "": 0,
    "k": 3,
    "M": 6,
    "G": 9,
}
_QUANTITY = re.compile(
    r"^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*"
    r"([fpnu\u00b5mkMG]?)(S|V|A|s|Ohm|m)\s*$"
)


def parse_quantity(text: str, unit: str) -> float | None:
    """'10 uS' -> 1e-5 when ``unit`` is 'S'; None when the text is not that unit."""
    match = _QUANTITY.match(text)
    if not match or match.group(3) != unit:
        return None
    mantissa, exponent = match.group(1), PREFIXES[match.group(2)]
    if "e" in mantissa.lower():
        return float(mantissa) * 10.0**exponent
    return float(f"{mantissa}e{exponent}")  # exact: '10 uS' is 1e-05, not 1e-05 - ulp


def read_toml(path: Path, what: str) -> dict:
    path = Path(path)
    if path.is_dir():
        raise ConfigError(f"{path}: is a directory, expected a {what} file")
    if not path.is_file():
        raise ConfigError(f"{path}: {what} file not found")
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{path}: malformed TOML: {err}") from err
    except (OSError, UnicodeDecodeError) as err:
        raise ConfigError(f"{path}: cannot read {what}: {err}") from err


def validate(raw: dict, schema: dict, path: Path) -> dict:
    """Check ``raw`` against ``schema``; {section: {key: value}}, defaults filled."""
    result = {}
    for name, value in raw.items():
        if name in schema and name:
            if not isinstance(value, dict):
                raise ConfigError(
                    f"{path}: {name} = {value!r}: expected a table [{name}]"
                )
            continue
        if name not in schema[""]:
            sections = [s for s in schema if s]
            raise ConfigError(
                f"{path}: unknown key {name!r}: expected one of "
                f"{sorted(schema[''])} or sections {sections}"
            )
    for section, keys in schema.items():
        table = raw if section == "" else raw.get(section, {})
        if not isinstance(table, dict):
            raise ConfigError(
                f"{path}: {section} = {table!r}: expected a table [{section}]"
            )
        result[section] = _validate_table(table, keys, section, path)
    return result


def _validate_table(table, keys, section, path):
    if section == "sources":
        return _validate_sources(table, path)
    out = {}
    for key, value in table.items():
        if section == "" and isinstance(value, dict):
            continue
        if key not in keys:
            raise ConfigError(
                f"{path}: unknown key {_dotted(section, key)}: expected one "
                f"of {sorted(keys)}"
            )
    for key, spec in keys.items():
        where = _dotted(section, key)
        if key not in table:
            if spec.required:
                raise ConfigError(
                    f"{path}: missing key {where}: expected {spec.expected}"
                )
            out[key] = spec.default
            continue
        value = table[key]
        if spec.unit and isinstance(value, str):
            parsed = parse_quantity(value, spec.unit)
            if parsed is None:
                raise ConfigError(
                    f"{path}: {where} = {value!r}: expected {spec.expected}"
                    f" [{spec.unit}], a number or a string like "
                    f"'10 u{spec.unit}'"
                )
            value = parsed
        if spec.kind is float and _is_number(value):
            value = float(value)
        if not isinstance(value, spec.kind) or (
            spec.kind is int and isinstance(value, bool)
        ):
            unit = f" [{spec.unit}]" if spec.unit else ""
            raise ConfigError(
                f"{path}: {where} = {value!r}: expected {spec.expected}{unit}"
            )
        if spec.kind is float and not math.isfinite(value):
            raise ConfigError(f"{path}: {where} = {value!r}: expected {spec.expected}")
        if spec.check is not None and not spec.check(value):
            raise ConfigError(f"{path}: {where} = {value!r}: expected {spec.expected}")
        out[key] = value
    return out


def _validate_sources(table, path):
    """[sources]: "section.key" = "citation" for the numbers of a profile."""
    for key, value in table.items():
        section, _, name = key.partition(".")
        if section not in PROFILE_SCHEMA or name not in PROFILE_SCHEMA[section]:
            raise ConfigError(
                f"{path}: sources.{key!r}: names no profile key "
                "(expected 'section.key', e.g. 'device.g_max')"
            )
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(
                f"{path}: sources.{key!r} = {value!r}: expected a "
                "non-empty citation string"
            )
    return dict(table)


def _dotted(section, key):
    return f"{section}.{key}" if section else key


@dataclass(frozen=True)
class Hardware:
    """One chip's hardware, drawn from a profile with a seed."""

    neuron: NeuronParams
    nominal: NeuronParams
    scale: NeuronScale
    device: DeviceArray
    readout: Readout
    wire_resistance: float
    drift_time: float


@dataclass(frozen=True)
class Profile:
    """A hardware profile: the FN cell, its spread, the device, readout, wiring."""

    name: str
    path: str
    values: dict

    @property
    def neuron(self) -> NeuronParams:
        n = self.values["neuron"]
        return NeuronParams(n["a"], n["b"], n["eps"], n["gain"])

    @property
    def scale(self) -> NeuronScale:
        n = self.values["neuron"]
        return NeuronScale(n["voltage_scale"], n["current_scale"], n["time_scale"])

    @property
    def device_spec(self) -> DeviceSpec:
        d = self.values["device"]
        return DeviceSpec(**{k: d[k] for k in DeviceSpec.field_names()})

    @property
    def raw(self) -> dict:
        return self.values

    def hardware(self, n_cells: int, n_devices: int, seed: int) -> Hardware:
        """Draw one chip: per-cell neuron mismatch and per-device spreads."""
        import numpy as np

        n = self.values["neuron"]
        nominal = self.neuron
        rng = np.random.default_rng([seed, 104729])
        spread = {}
        for name in ("a", "b", "eps", "gain"):
            sigma = n[f"{name}_spread"]
            value = getattr(nominal, name)
            spread[name] = (
                value * (1 + sigma * rng.standard_normal(n_cells)) if sigma else value
            )
        if n["b_spread"] or n["gain_spread"]:
            # gain b >= 1 would make a cell bistable at DC (two operating points):
            # the drawn mismatch is kept just inside the unique-DC region.
            spread["b"] = np.clip(spread["b"], 1e-3, 0.995)
            spread["gain"] = np.minimum(spread["gain"], 0.995 / spread["b"])
        neuron = NeuronParams(**spread)
        r = self.values["readout"]
        return Hardware(
            neuron=neuron,
            nominal=nominal,
            scale=self.scale,
            device=DeviceArray(self.device_spec, n_devices, seed),
            readout=Readout(r["adc_bits"], r["adc_full_scale"], r["adc_noise"]),
            wire_resistance=self.values["wiring"]["wire_resistance"],
            drift_time=self.values["device"]["drift_time"],
        )


def check_profile_values(values: dict, path) -> None:
    d, n = values["device"], values["neuron"]
    if d["g_min"] >= d["g_max"]:
        raise ConfigError(
            f"{path}: device.g_min = {d['g_min']!r}: expected less than "
            f"device.g_max = {d['g_max']!r}"
        )
    if n["gain"] * n["b"] >= 1:
        raise ConfigError(
            f"{path}: neuron.gain = {n['gain']!r}: expected gain * b < 1 "
            f"(b = {n['b']!r}), else a cell has two DC points"
        )


def profile_from_raw(
    raw: dict, path, overrides: dict | None = None, source: str | None = None
) -> Profile:
    """Validate a profile's TOML table, with dotted-key ``overrides`` applied."""
    raw = {k: (dict(v) if isinstance(v, dict) else v) for k, v in raw.items()}
    for dotted, value in (overrides or {}).items():
        section, _, key = dotted.partition(".")
        if (
            section not in PROFILE_SCHEMA
            or section in ("", "sources")
            or key not in PROFILE_SCHEMA[section]
        ):
            raise ConfigError(
                f"{source or path}: {dotted!r}: not a profile key "
                "(expected e.g. 'device.write_noise')"
            )
        raw.setdefault(section, {})[key] = value
    where = source or path
    values = validate(raw, PROFILE_SCHEMA, where)
    check_profile_values(values, where)
    return Profile(values[""]["name"], str(path), values)


def missing_sources(profile: Profile) -> list[str]:
    """Keys set in a profile file that its [sources] table does not cite."""
    raw = read_toml(Path(profile.path), "profile")
    cited = set(profile.values["sources"])
    sections = ("neuron", "device", "readout", "layout", "wiring")
    return [
        f"{section}.{key}"
        for section in sections
        for key in raw.get(section, {})
        if f"{section}.{key}" not in cited
    ]


def resolve_profile_path(spec: str, relative_to: Path) -> Path:
    """A profile name (looked up in hardware_profiles/) or a path to a TOML file."""
    if spec.endswith(".toml") or "/" in spec or "\\" in spec:
        candidate = Path(spec)
        return candidate if candidate.is_absolute() else (relative_to / candidate)
    for directory in (
        relative_to.parent / "hardware_profiles",
        relative_to / "hardware_profiles",
        PROFILE_DIR,
    ):
        candidate = directory / f"{spec}.toml"
        if candidate.is_file():
            return candidate
    raise ConfigError(
        f"profile {spec!r}: no file {spec}.toml in hardware_profiles/ "
        f"(looked in {PROFILE_DIR})"
    )


def load_profile(
    spec: str, relative_to: Path | None = None, overrides: dict | None = None
) -> Profile:
    """A profile by name or path, checked, with optional dotted-key overrides."""
    path = resolve_profile_path(spec, Path(relative_to or Path.cwd()))
    return profile_from_raw(read_toml(path, "profile"), path, overrides)


@dataclass(frozen=True)
class Experiment:
    """A whole experiment config, read and checked."""

    path: str
    data: dict
    chip: dict
    train: dict
    profile: Profile

    def settings(self) -> TrainSettings:
        backend_keys = (
            "backend",
            "settle",
            "tran_time",
            "fold_inputs",
            "workers",
            "isolate",
            "settle_timeout",
        )
        keys = {k: v for k, v in self.train.items() if k not in backend_keys}
        return TrainSettings(**keys)

    def as_dict(self) -> dict:
        """The config's tables, its file paths (a CSV dataset, a chip graph)
        made absolute: a checkpoint that stores them is read from elsewhere."""
        base = Path(self.path).resolve().parent
        data, chip = dict(self.data), dict(self.chip)
        if data["dataset"].lower().endswith(".csv"):
            data["dataset"] = str(base / data["dataset"])
        if chip.get("graph"):
            chip["graph"] = str(base / chip["graph"])
        return {
            "profile": self.profile.name,
            "data": data,
            "chip": chip,
            "train": self.train,
        }


def load_experiment(
    path,
    overrides: dict | None = None,
    profile: str | None = None,
    profile_overrides: dict | None = None,
) -> Experiment:
    """Read and check an experiment config.

    Parameters
    ----------
    overrides : dict, optional
        Config values by dotted key, e.g. {"train.seed": 3}.
    profile : str, optional
        A profile name, or a path relative to the working directory, used
        instead of the config's own ``profile``.
    profile_overrides : dict, optional
        Profile values by dotted key, e.g. {"device.write_noise": 0.01}.
    """
    path = Path(path)
    raw = read_toml(path, "config")
    for dotted, value in (overrides or {}).items():
        section, key = dotted.split(".")
        raw.setdefault(section, {})
        if isinstance(raw[section], dict):
            raw[section][key] = value
    values = validate(raw, CONFIG_SCHEMA, path)
    if values["train"]["settle"] == "tran" and values["train"]["backend"] != "ngspice":
        raise ConfigError(
            f"{path}: train.settle = 'tran': expected train.backend = "
            f"'ngspice' (the twin solves DC only), got "
            f"{values['train']['backend']!r}"
        )
    if profile is None:
        chosen = load_profile(
            values[""]["profile"], path.resolve().parent, profile_overrides
        )
    else:
        chosen = load_profile(profile, Path.cwd(), profile_overrides)
    return Experiment(
        str(path), values["data"], values["chip"], values["train"], chosen
    )
