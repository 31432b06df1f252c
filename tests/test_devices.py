"""Device models against their analytic pulse responses and noise statistics."""

import math

import numpy as np
import pytest

from fhn_hw.devices import DeviceArray, DeviceSpec, Readout

G_MIN, G_MAX = 1e-6, 11e-6
WIDTH = G_MAX - G_MIN


def devices(n=1000, seed=0, **spec):
    return DeviceArray(DeviceSpec(g_min=G_MIN, g_max=G_MAX, **spec), n, seed)


def test_constant_step_moves_exactly_n_steps():
    array = devices(n=3, response="constant_step", dw_min=0.01)
    g = np.full(3, G_MIN + 0.5 * WIDTH)
    out = array.pulse(g, np.array([5, -3, 0]), np.random.default_rng(0))
    np.testing.assert_allclose((out - g) / WIDTH, [0.05, -0.03, 0.0], atol=1e-12)


def test_soft_bounds_saturate_at_g_max_geometrically():
    # Up pulses: x_(k+1) = x_k + 2 dw (1 - x_k), so 1 - x_k = (1 - 2 dw)^k (1 - x_0).
    array = devices(n=1, response="soft_bounds", dw_min=0.01)
    rng = np.random.default_rng(0)
    g = np.array([G_MIN])
    for k in (10, 100, 400):
        out = array.pulse(g, np.array([k]), rng)
        expected = G_MAX - (1 - 0.02) ** k * WIDTH
        assert out[0] == pytest.approx(expected, rel=1e-12)
    assert array.pulse(g, np.array([1000]), rng)[0] <= G_MAX


@pytest.mark.parametrize("up_down", [0.0, 0.3, -0.5])
def test_soft_bounds_symmetry_point(up_down):
    dw = 0.02
    du, dd = dw * (1 + up_down), dw * (1 - up_down)
    array = devices(n=1, response="soft_bounds", dw_min=dw, up_down=up_down)
    # At x* = du / (du + dd) an up and a down pulse are the same size.
    x_star = du / (du + dd)
    g_star = np.array([G_MIN + x_star * WIDTH])
    rng = np.random.default_rng(0)
    up = array.pulse(g_star, np.array([1]), rng) - g_star
    down = g_star - array.pulse(g_star, np.array([-1]), rng)
    assert up[0] == pytest.approx(down[0], rel=1e-9)
    # Alternating pulses from g_min settle on the fixed point of the up-down map,
    # x = 2 du (1 - 2 dd) / (1 - (1 - 2 dd)(1 - 2 du)), just below x*.
    g = np.array([G_MIN])
    for _ in range(400):
        g = array.pulse(array.pulse(g, np.array([1]), rng), np.array([-1]), rng)
    fixed = 2 * du * (1 - 2 * dd) / (1 - (1 - 2 * dd) * (1 - 2 * du))
    assert (g[0] - G_MIN) / WIDTH == pytest.approx(fixed, abs=1e-9)
    assert x_star - 2 * dd * x_star - 1e-9 <= fixed <= x_star


def test_linear_step_slopes():
    array = devices(
        n=2, response="linear_step", dw_min=0.01, gamma_up=0.4, gamma_down=0.2
    )
    g = np.array([G_MIN + 0.75 * WIDTH] * 2)
    out = array.pulse(g, np.array([1, -1]), np.random.default_rng(0))
    # x = 0.75: up step dw (1 - 0.4 * 0.5), down step dw (1 + 0.2 * 0.5)
    np.testing.assert_allclose((out - g) / WIDTH, [0.01 * 0.8, -0.01 * 1.1], atol=1e-12)


def test_exponential_response_follows_closed_form():
    a, dw = 0.5, 0.01
    array = devices(n=1, response="exponential", dw_min=dw, nonlinearity_up=a)
    g = np.array([G_MIN])
    out = array.pulse(g, np.array([30]), np.random.default_rng(0))
    x = (1 - math.exp(-30 * dw / a)) / (1 - math.exp(-1 / a))
    assert (out[0] - G_MIN) / WIDTH == pytest.approx(x, rel=1e-9)
    full = array.pulse(g, np.array([100]), np.random.default_rng(0))
    assert full[0] == pytest.approx(G_MAX, rel=1e-9)


def test_levels_quantise_to_the_grid():
    array = devices(n=500, levels=5)
    rng = np.random.default_rng(1)
    g = array.initial(rng.uniform(G_MIN, G_MAX, 500), rng)
    grid = G_MIN + np.arange(5) * WIDTH / 4
    assert np.abs(g[:, None] - grid[None]).min(axis=1).max() < 1e-18


def test_stochastic_rounding_is_unbiased():
    array = devices(n=20000, levels=11, rounding="stochastic")
    rng = np.random.default_rng(2)
    start = array.initial(np.full(20000, G_MIN + 0.5 * WIDTH), rng)
    out = array.apply(start, np.full(20000, 0.03 * WIDTH), rng)  # 0.3 of a level
    mean_step = (out - start).mean() / (WIDTH / 10)
    assert mean_step == pytest.approx(0.3, abs=0.02)


def test_write_noise_sigma():
    array = devices(n=20000, write_noise=0.02)
    rng = np.random.default_rng(3)
    g = np.full(20000, G_MIN + 0.5 * WIDTH)
    change = array.apply(g, np.full(20000, 1e-9), rng) - g - 1e-9
    # sigma within 3 standard errors (se of a std ~ sigma / sqrt(2n))
    assert change.std() / WIDTH == pytest.approx(0.02, rel=3 / math.sqrt(2 * 20000))
    assert abs(change.mean()) / WIDTH < 3 * 0.02 / math.sqrt(20000)


def test_c2c_noise_sigma_per_pulse():
    array = devices(n=20000, response="constant_step", dw_min=0.01, c2c=0.5)
    g = np.full(20000, G_MIN + 0.5 * WIDTH)
    steps = (array.pulse(g, np.ones(20000, int), np.random.default_rng(4)) - g) / WIDTH
    assert steps.mean() == pytest.approx(0.01, rel=0.02)
    assert steps.std() == pytest.approx(0.005, rel=0.03)


def test_read_noise_sigma_and_no_state_change():
    array = devices(n=20000, read_noise=0.05)
    g = np.full(20000, 5e-6)
    seen = array.read(g, np.random.default_rng(5))
    assert (seen / g - 1).std() == pytest.approx(0.05, rel=0.03)
    assert (g == 5e-6).all()


def test_device_to_device_spread_is_fixed_per_seed():
    a = devices(n=5000, seed=7, d2d_step=0.2, d2d_bounds=0.1)
    b = devices(n=5000, seed=7, d2d_step=0.2, d2d_bounds=0.1)
    c = devices(n=5000, seed=8, d2d_step=0.2, d2d_bounds=0.1)
    np.testing.assert_array_equal(a.step, b.step)
    assert not np.array_equal(a.step, c.step)
    assert (a.step / 0.001).std() == pytest.approx(0.2, rel=0.05)
    assert ((a.g_max - G_MAX) / WIDTH).std() == pytest.approx(0.1, rel=0.05)


@pytest.mark.parametrize("where", ["min", "max", "random"])
def test_stuck_devices_never_move(where):
    array = devices(
        n=2000,
        stuck_fraction=0.25,
        stuck_at=where,
        response="soft_bounds",
        dw_min=0.01,
        lifetime=10.0,
        read_noise=0.0,
    )
    rng = np.random.default_rng(6)
    g = array.initial(np.full(2000, G_MIN + 0.4 * WIDTH), rng)
    frozen = g[array.stuck].copy()
    assert array.stuck.mean() == pytest.approx(0.25, abs=0.03)
    for _ in range(20):
        g = array.apply(g, rng.normal(size=2000) * 0.05 * WIDTH, rng)
        g = array.tick(g)
    np.testing.assert_array_equal(g[array.stuck], frozen)
    assert not np.allclose(g[~array.stuck], G_MIN + 0.4 * WIDTH)
    if where != "random":
        assert (frozen == (G_MIN if where == "min" else G_MAX)).all()


def test_drift_power_law():
    array = devices(n=4, drift_nu=0.05, drift_t0=20.0)
    g = np.full(4, 5e-6)
    np.testing.assert_allclose(array.drift(g, 86400.0), g * (86400 / 20) ** -0.05)
    np.testing.assert_array_equal(array.drift(g, 10.0), g)  # before t0: unchanged


def test_decay_towards_mid_range():
    array = devices(n=1, lifetime=4.0)
    g = np.array([G_MAX])
    rest = 0.5 * (G_MIN + G_MAX)
    assert array.tick(g)[0] - rest == pytest.approx((G_MAX - rest) * math.exp(-0.25))


def test_adc_quantises_and_adds_noise():
    adc = Readout(bits=4, full_scale=1.0)
    v = np.linspace(-1.2, 1.2, 101)
    out = adc.read(v, np.random.default_rng(0))
    lsb = 2.0 / 15
    assert len(np.unique(out)) <= 16 and np.abs(out).max() <= 1.0
    inside = np.abs(v) <= 1.0
    assert np.abs(out - v)[inside].max() <= lsb / 2 + 1e-12
    noisy = Readout(bits=0, noise=0.01).read(np.zeros(20000), np.random.default_rng(1))
    assert noisy.std() == pytest.approx(0.01, rel=0.03)
