"""Reading a trained chip back from ``checkpoint.json``.

A checkpoint holds the chip graph with integer ids, the conductances [S] and
bias currents [A], the config sections and the checked profile values, so a
run can be rebuilt without the files it came from. Everything read is checked
again: format, graph, array lengths, finite values within the profile's bounds.
"""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import numpy as np

from .config import CONFIG_SCHEMA, Experiment, load_profile, profile_from_raw, validate
from .errors import ConfigError
from .topology import compile_graph

FORMAT = "fhn_hw.checkpoint/1"


def read(path) -> dict:
    """The checkpoint's JSON, with its format checked."""
    path = Path(path)
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(payload, dict) or payload.get("format") != FORMAT:
            raise ValueError(f"format is not {FORMAT!r}")
        for key in ("graph", "conductance", "bias_current", "config", "profile"):
            if key not in payload:
                raise ValueError(f"key {key!r} is missing")
    except FileNotFoundError as err:
        raise ConfigError(f"{path}: checkpoint file not found") from err
    except IsADirectoryError as err:
        raise ConfigError(f"{path}: is a directory, expected checkpoint.json") from err
    except (OSError, ValueError, TypeError, UnicodeDecodeError) as err:
        raise ConfigError(f"{path}: not a fhn_hw checkpoint ({err})") from err
    return payload


def topology_of(payload: dict, path):
    try:
        graph = nx.node_link_graph(payload["graph"], edges="edges")
    except (KeyError, TypeError, ValueError, AttributeError, nx.NetworkXError) as err:
        raise ConfigError(f"{path}: checkpoint graph unreadable ({err})") from err
    return compile_graph(graph, source=str(path))


def state_arrays(
    payload: dict, path, topology, device
) -> tuple[np.ndarray, np.ndarray]:
    """Conductances and bias currents, checked against the chip and the device."""
    try:
        conductance = np.array(payload["conductance"], dtype=float)
        bias = np.array(payload["bias_current"], dtype=float)
    except (TypeError, ValueError) as err:
        raise ConfigError(f"{path}: checkpoint arrays unreadable ({err})") from err
    _check(
        path,
        "conductance",
        conductance,
        (len(topology.edges),),
        device.g_min * (1 - 1e-9),
        device.g_max * (1 + 1e-9),
    )
    _check(path, "bias_current", bias, (topology.n_free,), -1.0, 1.0)
    return conductance, bias


def _check(path, key, values, shape, low, high) -> None:
    if values.shape != shape:
        raise ConfigError(f"{path}: {key} has shape {values.shape}: expected {shape}")
    bad = ~np.isfinite(values) | (values < low) | (values > high)
    if bad.any():
        k = int(np.flatnonzero(bad)[0])
        lo = low if np.ndim(low) == 0 else low[k]
        hi = high if np.ndim(high) == 0 else high[k]
        raise ConfigError(
            f"{path}: {key}[{k}] = {values[k]!r}: expected a finite value "
            f"in [{lo:.6g}, {hi:.6g}] (the profile's bounds)"
        )


def experiment_of(payload: dict, path, profile: str | None = None) -> Experiment:
    """The experiment a checkpoint was trained with (profile replaceable)."""
    config = payload["config"]
    if not isinstance(config, dict):
        raise ConfigError(f"{path}: config = {config!r}: expected a table")
    values = validate(config, CONFIG_SCHEMA, path)
    if profile is not None:
        chosen = load_profile(profile, Path.cwd())
    else:
        stored = payload["profile"]
        if not isinstance(stored, dict) or not isinstance(stored.get(""), dict):
            raise ConfigError(f"{path}: profile: expected the stored profile table")
        raw = {**stored[""], **{k: v for k, v in stored.items() if k}}
        chosen = profile_from_raw(raw, path)
    return Experiment(
        str(path), values["data"], values["chip"], values["train"], chosen
    )


def restore(path, backend: str = "twin", profile: str | None = None):
    """Rebuild the trained run of a checkpoint (a :class:`experiment.Run`)."""
    from . import experiment as ex

    payload = read(path)
    experiment = experiment_of(payload, path, profile)
    topology = topology_of(payload, path)
    split = ex.load_split(experiment)
    if topology.n_features != split.n_features or topology.n_classes != split.n_classes:
        raise ConfigError(
            f"{path}: its chip reads {topology.n_features} features and "
            f"{topology.n_classes} classes; dataset "
            f"{experiment.data['dataset']!r} has {split.n_features} and "
            f"{split.n_classes}"
        )
    hardware = experiment.profile.hardware(
        topology.n_free, len(topology.edges), experiment.train["seed"]
    )
    conductance, bias = state_arrays(payload, path, topology, hardware.device)
    state = ex.ChipState(conductance, bias, list(payload.get("history", [])))
    controller = ex.EquilibriumPropagation(
        topology,
        ex.make_backend(backend, topology, hardware),
        hardware.device,
        experiment.settings(),
        hardware.scale,
        state,
        hardware.readout,
    )
    return ex.Run(experiment, split, topology, hardware, controller)


def load_state_into(run, path) -> None:
    """Put a checkpoint's conductances and bias currents into a prepared run."""
    payload = read(path)
    topology = topology_of(payload, path)
    if (
        topology.edges.shape != run.topology.edges.shape
        or not (topology.edges == run.topology.edges).all()
    ):
        raise ConfigError(
            f"{path}: its chip does not match the config's chip "
            f"({len(topology.edges)} vs {len(run.topology.edges)} edges)"
        )
    conductance, bias = state_arrays(payload, path, topology, run.hardware.device)
    run.controller.state.conductance = conductance
    run.controller.state.bias_current = bias
