"""Hardware profiles: bundled ones are complete and cited; bad ones are named."""

from pathlib import Path

import numpy as np
import pytest

from fhn_hw.config import load_profile, missing_sources, parse_quantity
from fhn_hw.errors import ConfigError
from fhn_hw.ngspice import NgspiceBackend
from fhn_hw.twin import TwinSolver

from .conftest import random_inputs

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = sorted(p.stem for p in (ROOT / "hardware_profiles").glob("*.toml"))


def test_at_least_five_technologies():
    assert {"ideal", "rram_hfox", "pcm_gst", "ecram", "cmos_capacitor"} <= set(BUNDLED)


@pytest.mark.parametrize("name", BUNDLED)
def test_bundled_profile_loads_and_cites_every_value(name):
    profile = load_profile(name)
    assert profile.name == name
    assert missing_sources(profile) == []


def test_ideal_has_every_nonideality_off():
    spec = load_profile("ideal").device_spec
    assert spec.response == "ideal" and spec.levels == 0
    for key in (
        "c2c",
        "write_noise",
        "d2d_step",
        "d2d_bounds",
        "stuck_fraction",
        "read_noise",
        "lifetime",
        "drift_nu",
    ):
        assert getattr(spec, key) == 0.0


@pytest.mark.parametrize(
    "text, unit, value",
    [
        ("10 uS", "S", 1e-5),
        ("100 kOhm", "Ohm", 1e5),
        ("2 MOhm", "Ohm", 2e6),
        ("5 mV", "V", 5e-3),
        ("1.5e-3 A", "A", 1.5e-3),
        ("20 s", "s", 20.0),
        ("10 uA", "S", None),
        ("ten uS", "S", None),
        ("10 US", "S", None),
    ],
)
def test_unit_strings(text, unit, value):
    assert parse_quantity(text, unit) == value


def write_profile(tmp_path, device_lines, extra=""):
    path = tmp_path / "mine.toml"
    path.write_text('name = "mine"\n[device]\n' + device_lines + "\n" + extra)
    return path


@pytest.mark.parametrize(
    "device_lines, extra, words",
    [
        (
            'g_min = "1 uS"\ng_max = "10 uS"\nwrite_nois = 0.1',
            "",
            ["device.write_nois", "unknown key"],
        ),
        ('g_min = "1 uA"\ng_max = "10 uS"', "", ["device.g_min", "'1 uA'", "[S]"]),
        ('g_min = "1 uS"\ng_max = "10 uS"\nlevels = 1', "", ["device.levels", "1"]),
        ('g_min = "1 uS"\ng_max = "10 uS"\nlevels = 2.5', "", ["device.levels", "2.5"]),
        (
            'g_min = "1 uS"\ng_max = "10 uS"\nwrite_noise = -0.1',
            "",
            ["device.write_noise"],
        ),
        (
            'g_min = "1 uS"\ng_max = "10 uS"\nresponse = "magic"',
            "",
            ["device.response", "'magic'"],
        ),
        ('g_min = "10 uS"\ng_max = "1 uS"', "", ["device.g_min", "device.g_max"]),
        ('g_max = "1 uS"', "", ["missing key device.g_min"]),
        ('g_min = "1 uS"\ng_max = "10 uS"', "[neuron]\nb = 1.2\n", ["neuron.b", "1.2"]),
        (
            'g_min = "1 uS"\ng_max = "10 uS"',
            "[neuron]\ngain = 1.1\n",
            ["neuron.gain", "gain * b < 1"],
        ),
        (
            'g_min = "1 uS"\ng_max = "10 uS"',
            '[wiring]\nwire_resistance = "-5 Ohm"\n',
            ["wiring.wire_resistance"],
        ),
        (
            'g_min = "1 uS"\ng_max = "10 uS"',
            '[sources]\n"device.gmax" = "x"\n',
            ["sources.'device.gmax'"],
        ),
    ],
)
def test_bad_profile_names_file_key_and_value(tmp_path, device_lines, extra, words):
    path = write_profile(tmp_path, device_lines, extra)
    with pytest.raises(ConfigError) as caught:
        load_profile(str(path))
    message = str(caught.value)
    assert str(path) in message
    for word in words:
        assert word in message


def test_dotted_overrides():
    profile = load_profile(
        "ideal",
        overrides={"device.write_noise": 0.05, "wiring.wire_resistance": "1 kOhm"},
    )
    assert profile.device_spec.write_noise == 0.05
    assert profile.values["wiring"]["wire_resistance"] == 1000.0
    with pytest.raises(ConfigError, match="'device.nope'"):
        load_profile("ideal", overrides={"device.nope": 1})


def test_mismatch_and_wires_agree_in_twin_and_ngspice(iris_sized_chip):
    profile = load_profile("rram_hfox", overrides={"wiring.wire_resistance": "20 kOhm"})
    chip = iris_sized_chip
    hardware = profile.hardware(chip.n_free, len(chip.edges), seed=4)
    assert np.ndim(hardware.neuron.gain) == 1
    assert np.std(hardware.neuron.gain) > 0.005
    twin = TwinSolver(chip, hardware.neuron, hardware.scale, hardware.wire_resistance)
    spice = NgspiceBackend(
        chip,
        hardware.neuron,
        hardware.scale,
        hardware.wire_resistance,
        hardware.nominal,
    )
    bias = np.full(chip.n_free, 0.7 / 0.95 * 1e-5)
    clamp = chip.clamp_voltages(random_inputs(6, chip.n_features, seed=3))
    a = twin.settle(chip.conductance, bias, clamp)
    b = spice.settle(chip.conductance, bias, clamp)
    assert a.ok.all() and b.ok.all()
    assert np.abs(a.voltages - b.voltages).max() < 1e-9
    ideal = TwinSolver(chip, hardware.nominal, hardware.scale).settle(
        chip.conductance, bias, clamp
    )
    assert np.abs(ideal.voltages - a.voltages).max() > 1e-3
