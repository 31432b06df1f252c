"""Strict reading of experiment configs and hardware profiles (TOML).

Every file is checked against a schema: an unknown key, a wrong type, a value
out of range each raise :class:`ConfigError` naming the file, the key and the
value. Nothing is written before a config has been read whole.
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from .circuit import NeuronParams, NeuronScale
from .datasets import DATASETS
from .devices import IdealDevice
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


def positive(x):
    return x > 0


def in_open_unit(x):
    return 0 < x < 1


def nonnegative(x):
    return x >= 0


def one_of(choices):
    return Key(str, lambda x: x in choices, f"one of {choices}")


def _finite_list(min_len=1, max_len=None, check=None):
    def ok(x):
        return (len(x) >= min_len and (max_len is None or len(x) <= max_len)
                and all(_is_number(v) and math.isfinite(v) for v in x)
                and (check is None or check(x)))
    return ok


def _is_number(x):
    return isinstance(x, (int, float)) and not isinstance(x, bool)


CONFIG_SCHEMA = {
    "": {"profile": Key(str, default="ideal", expected="a profile name or a path")},
    "data": {
        "dataset": Key(str, lambda x: x in DATASETS, f"one of {DATASETS}", "iris"),
        "test_fraction": Key(float, in_open_unit, "a number in (0, 1)", 0.3),
        "split_seed": Key(int, nonnegative, "an integer >= 0", 0),
        "volts_per_std": Key(float, positive, "a number > 0 [V]", 0.5),
        "clip_volts": Key(float, positive, "a number > 0 [V]", 2.0),
    },
    "chip": {
        "hidden": Key(list, lambda x: len(x) >= 1 and all(
            isinstance(w, int) and not isinstance(w, bool) and w >= 1 for w in x),
            "a list of positive integers (hidden layer widths)", [32]),
        "bias_volts": Key(list, _finite_list(0), "a list of finite numbers [V]",
                          [1.0, -1.0]),
        "init_conductance": Key(list, _finite_list(2, 2, lambda x: 0 < x[0] <= x[1]),
                                "[low, high] with 0 < low <= high [S]", [5e-7, 3e-6]),
        "centre_bias": Key(bool, None, "true or false", True),
        "graph": Key(str, None, "a GraphML or GML file, relative to the config", ""),
    },
    "train": {
        "backend": Key(str, lambda x: x in BACKENDS, f"one of {BACKENDS}", "ngspice"),
        "epochs": Key(int, positive, "an integer >= 1", 30),
        "batch_size": Key(int, positive, "an integer >= 1", 10),
        "learning_rate": Key(float, positive, "a number > 0 [g0]", 0.01),
        "bias_learning_rate": Key(float, nonnegative, "a number >= 0 [I0]", 0.01),
        "beta": Key(float, positive, "a number > 0", 0.01),
        "nudge": Key(str, lambda x: x in NUDGES, f"one of {NUDGES}", "centred"),
        "cost": Key(str, lambda x: x in COSTS, f"one of {COSTS}", "cross_entropy"),
        "temperature": Key(float, positive, "a number > 0 [V]", 0.1),
        "seed": Key(int, nonnegative, "an integer >= 0", 0),
    },
}

PROFILE_SCHEMA = {
    "": {"name": Key(str, expected="a string", required=True),
         "description": Key(str, expected="a string", default="")},
    "neuron": {
        "a": Key(float, lambda x: math.isfinite(x), "a finite number", 0.7),
        "b": Key(float, in_open_unit, "a number in (0, 1): b < 1 keeps the DC point "
                 "unique", 0.95),
        "eps": Key(float, positive, "a number > 0", 0.08),
        "voltage_scale": Key(float, positive, "a number > 0 [V]", 1.0),
        "current_scale": Key(float, positive, "a number > 0 [A]", 1e-5),
        "time_scale": Key(float, positive, "a number > 0 [s]", 1e-6),
    },
    "device": {
        "g_min": Key(float, positive, "a number > 0 [S]", required=True),
        "g_max": Key(float, positive, "a number > 0 [S]", required=True),
    },
}


def read_toml(path: Path, what: str) -> dict:
    path = Path(path)
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
    """Check ``raw`` against ``schema``; return {section: {key: value}} with defaults."""
    result = {}
    for name, value in raw.items():
        if name in schema and isinstance(value, dict) and name:
            continue
        if name not in schema[""]:
            sections = [s for s in schema if s]
            raise ConfigError(f"{path}: unknown key {name!r}: expected one of "
                              f"{sorted(schema[''])} or sections {sections}")
    for section, keys in schema.items():
        table = raw if section == "" else raw.get(section, {})
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: {section} = {table!r}: expected a table [{section}]")
        result[section] = _validate_table(table, keys, section, path)
    return result


def _validate_table(table, keys, section, path):
    out = {}
    for key, value in table.items():
        if section == "" and isinstance(value, dict):
            continue
        if key not in keys:
            raise ConfigError(f"{path}: unknown key {_dotted(section, key)}: expected one "
                              f"of {sorted(keys)}")
    for key, spec in keys.items():
        where = _dotted(section, key)
        if key not in table:
            if spec.required:
                raise ConfigError(f"{path}: missing key {where}: expected {spec.expected}")
            out[key] = spec.default
            continue
        value = table[key]
        if spec.kind is float and _is_number(value):
            value = float(value)
        if not isinstance(value, spec.kind) or (spec.kind is int and isinstance(value, bool)):
            raise ConfigError(f"{path}: {where} = {value!r}: expected {spec.expected}")
        if spec.kind is float and not math.isfinite(value):
            raise ConfigError(f"{path}: {where} = {value!r}: expected {spec.expected}")
        if spec.check is not None and not spec.check(value):
            raise ConfigError(f"{path}: {where} = {value!r}: expected {spec.expected}")
        out[key] = value
    return out


def _dotted(section, key):
    return f"{section}.{key}" if section else key


@dataclass(frozen=True)
class Profile:
    """A hardware profile: the FN cell and the programmable device."""

    name: str
    path: str
    neuron: NeuronParams
    scale: NeuronScale
    device: IdealDevice
    raw: dict


def resolve_profile_path(spec: str, relative_to: Path) -> Path:
    """A profile name (looked up in hardware_profiles/) or a path to a TOML file."""
    if spec.endswith(".toml") or "/" in spec or "\\" in spec:
        candidate = Path(spec)
        return candidate if candidate.is_absolute() else (relative_to / candidate)
    for directory in (relative_to.parent / "hardware_profiles",
                      relative_to / "hardware_profiles", PROFILE_DIR):
        candidate = directory / f"{spec}.toml"
        if candidate.is_file():
            return candidate
    raise ConfigError(f"profile {spec!r}: no file {spec}.toml in hardware_profiles/ "
                      f"(looked in {PROFILE_DIR})")


def load_profile(spec: str, relative_to: Path = Path.cwd()) -> Profile:
    path = resolve_profile_path(spec, Path(relative_to))
    values = validate(read_toml(path, "profile"), PROFILE_SCHEMA, path)
    neuron_keys = values["neuron"]
    device_keys = values["device"]
    if device_keys["g_min"] >= device_keys["g_max"]:
        raise ConfigError(f"{path}: device.g_min = {device_keys['g_min']!r}: expected "
                          f"less than device.g_max = {device_keys['g_max']!r}")
    return Profile(
        name=values[""]["name"],
        path=str(path),
        neuron=NeuronParams(neuron_keys["a"], neuron_keys["b"], neuron_keys["eps"]),
        scale=NeuronScale(neuron_keys["voltage_scale"], neuron_keys["current_scale"],
                          neuron_keys["time_scale"]),
        device=IdealDevice(device_keys["g_min"], device_keys["g_max"]),
        raw=values,
    )


@dataclass(frozen=True)
class Experiment:
    """A whole experiment config, read and checked."""

    path: str
    data: dict
    chip: dict
    train: dict
    profile: Profile

    def settings(self) -> TrainSettings:
        keys = {k: v for k, v in self.train.items() if k != "backend"}
        return TrainSettings(**keys)

    def as_dict(self) -> dict:
        return {"profile": self.profile.name, "data": self.data, "chip": self.chip,
                "train": self.train}


def load_experiment(path, overrides: dict | None = None) -> Experiment:
    """Read and check an experiment config; ``overrides`` = {"train.seed": 3, ...}."""
    path = Path(path)
    raw = read_toml(path, "config")
    for dotted, value in (overrides or {}).items():
        section, key = dotted.split(".")
        raw.setdefault(section, {})
        if isinstance(raw[section], dict):
            raw[section][key] = value
    values = validate(raw, CONFIG_SCHEMA, path)
    profile = load_profile(values[""]["profile"], path.resolve().parent)
    return Experiment(str(path), values["data"], values["chip"], values["train"], profile)
