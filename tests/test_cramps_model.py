"""The nerve model: published Hodgkin-Huxley behaviour, accuracy, calcium, and bad input."""

import math

import numpy as np
import pytest

from musclepain_lib import InputError
from musclepain_lib.cramps import (
    NerveTrace,
    calcium_for_self_firing,
    calcium_gating_shift,
    firing_pattern,
    firing_rate_curve,
    firing_rate_hz,
    resting_potential,
    simulate_nerve,
    steady_state_gates,
    threshold_current,
)

NORMAL_REST = resting_potential(0.0)


# ----- a fine-step reference, written independently of the model's tables --------------
def _hh_derivatives(v, m, h, n, current, shift):
    u = v + shift
    alpha_m = 1.0 if abs(u + 40.0) < 1e-9 else 0.1 * (u + 40.0) / (1.0 - math.exp(-(u + 40.0) / 10.0))
    beta_m = 4.0 * math.exp(-(u + 65.0) / 18.0)
    alpha_h = 0.07 * math.exp(-(u + 65.0) / 20.0)
    beta_h = 1.0 / (1.0 + math.exp(-(u + 35.0) / 10.0))
    alpha_n = 0.1 if abs(u + 55.0) < 1e-9 else 0.01 * (u + 55.0) / (1.0 - math.exp(-(u + 55.0) / 10.0))
    beta_n = 0.125 * math.exp(-(u + 65.0) / 80.0)
    ionic = 120.0 * m**3 * h * (v - 50.0) + 36.0 * n**4 * (v + 77.0) + 0.3 * (v + 54.387)
    return (
        current - ionic,
        alpha_m * (1.0 - m) - beta_m * m,
        alpha_h * (1.0 - h) - beta_h * h,
        alpha_n * (1.0 - n) - beta_n * n,
    )


def _rk4_reference(current, duration_ms, shift=0.0, dt=0.005):
    v = resting_potential(shift)
    state = (v, *(float(x) for x in steady_state_gates(v, shift)))
    voltages = [v]
    for _ in range(int(round(duration_ms / dt))):
        k1 = _hh_derivatives(*state, current, shift)
        k2 = _hh_derivatives(*(s + 0.5 * dt * k for s, k in zip(state, k1)), current, shift)
        k3 = _hh_derivatives(*(s + 0.5 * dt * k for s, k in zip(state, k2)), current, shift)
        k4 = _hh_derivatives(*(s + dt * k for s, k in zip(state, k3)), current, shift)
        state = tuple(s + dt / 6.0 * (a + 2 * b + 2 * c + d) for s, a, b, c, d in zip(state, k1, k2, k3, k4))
        voltages.append(state[0])
    return np.arange(len(voltages)) * dt, np.array(voltages)


def _spikes_and_peaks(t, v):
    up = np.nonzero((v[:-1] < 0.0) & (v[1:] >= 0.0))[0]
    times = t[up] + (-v[up] / (v[up + 1] - v[up])) * (t[up + 1] - t[up])
    window = int(round(2.0 / (t[1] - t[0])))
    peaks = np.array([v[i:i + window].max() for i in up])
    return times, peaks


@pytest.mark.parametrize(
    "current, shift, duration, dt",
    [(3.0, 0.0, 30.0, 0.01), (6.5, 0.0, 60.0, 0.01), (10.0, 0.0, 60.0, 0.01),
     (20.0, 0.0, 40.0, 0.01), (4.0, 5.0, 60.0, 0.01), (10.0, 0.0, 60.0, 0.05)],
)
def test_spike_times_and_peaks_agree_with_a_fine_step_rk4_reference_within_1_percent(current, shift, duration, dt):
    t_ref, v_ref = _rk4_reference(current, duration, shift)
    times_ref, peaks_ref = _spikes_and_peaks(t_ref, v_ref)
    trace = simulate_nerve(current, duration, dt, shift)
    times, peaks = _spikes_and_peaks(trace.t_ms, trace.v_mv)
    assert len(times_ref) >= 1
    assert len(times) == len(times_ref)
    np.testing.assert_allclose(times, times_ref, rtol=0.01)
    np.testing.assert_allclose(peaks, peaks_ref, rtol=0.01)
    np.testing.assert_allclose(trace.spike_times_ms, times, rtol=1e-12)


# ----- published behaviour ------------------------------------------------------------
def test_the_membrane_rests_at_minus_65_mv():
    assert resting_potential() == pytest.approx(-65.0, abs=0.05)


def test_a_membrane_started_at_rest_stays_exactly_at_rest():
    trace = simulate_nerve(0.0, 200.0)
    assert trace.v_mv[0] == resting_potential(0.0)
    assert np.max(np.abs(trace.v_mv - trace.v_mv[0])) < 1e-9
    assert len(trace.spike_times_ms) == 0


def test_shifted_gates_rest_near_minus_66_8_mv_at_a_5_mv_shift():
    assert resting_potential(5.0) == pytest.approx(-66.8, abs=0.1)
    assert simulate_nerve(0.0, 10.0, gating_shift_mv=5.0).v_mv[0] == resting_potential(5.0)


def test_the_first_spike_peaks_near_plus_40_mv():
    trace = simulate_nerve(10.0, 20.0)
    assert trace.peak_mv == pytest.approx(40.0, abs=1.5)
    assert trace.spike_times_ms[0] == pytest.approx(1.9, abs=0.1)


def test_a_step_just_below_6_26_ua_cm2_does_not_keep_firing():
    # Balti, Lanza and Aziz-Alaoui 2018, Math Biosci Eng 15:807: sustained firing from 6.26.
    assert firing_pattern(simulate_nerve(6.20, 500.0)) != "repetitive firing"


def test_a_step_just_above_6_26_ua_cm2_fires_repetitively():
    assert firing_pattern(simulate_nerve(6.32, 500.0)) == "repetitive firing"


def test_the_nerve_fires_near_68_hz_at_10_ua_cm2():
    assert firing_rate_hz(simulate_nerve(10.0, 500.0), after_ms=100.0) == pytest.approx(68.0, abs=1.0)


def test_the_f_i_curve_is_zero_below_and_rises_above_the_repetitive_threshold():
    rates = firing_rate_curve([5.0, 10.0, 20.0])
    assert rates[0] == 0.0
    assert rates[1] == pytest.approx(68.0, abs=1.5)
    assert rates[2] > rates[1]


def test_a_weak_step_gives_one_spike_and_no_step_gives_none():
    assert firing_pattern(simulate_nerve(3.0, 100.0)) == "one spike"
    assert firing_pattern(simulate_nerve(1.0, 100.0)) == "silent"


def test_the_current_flows_only_between_stimulus_start_and_end():
    trace = simulate_nerve(10.0, 100.0, stim_start_ms=20.0, stim_end_ms=60.0)
    spikes = trace.spike_times_ms
    assert spikes.min() > 20.0 and spikes.max() < 62.0
    assert firing_pattern(trace) == "repetitive firing"


def test_release_from_a_hyperpolarised_start_fires_an_anode_break_spike():
    # v0_mv: the gates start at their steady state at -100 mV (sodium inactivation removed).
    assert len(simulate_nerve(0.0, 50.0, v0_mv=-100.0).spike_times_ms) == 1


def test_a_start_at_minus_50_mv_with_adapted_gates_does_not_fire():
    # the same gates held at -50 mV are inactivated: accommodation, no spike
    trace = simulate_nerve(0.0, 50.0, v0_mv=-50.0)
    assert trace.v_mv[0] == -50.0
    assert len(trace.spike_times_ms) == 0


def test_a_start_at_the_resting_voltage_is_the_same_as_the_default_start():
    default = simulate_nerve(8.0, 30.0, gating_shift_mv=2.0)
    given = simulate_nerve(8.0, 30.0, gating_shift_mv=2.0, v0_mv=resting_potential(2.0))
    np.testing.assert_array_equal(default.v_mv, given.v_mv)


def test_a_small_gating_shift_leaves_the_resting_membrane_silent():
    trace = simulate_nerve(0.0, 300.0, 0.025, gating_shift_mv=6.0, v0_mv=NORMAL_REST)
    assert firing_pattern(trace) == "silent"


def test_a_large_enough_gating_shift_makes_the_resting_membrane_fire_by_itself():
    trace = simulate_nerve(0.0, 300.0, 0.025, gating_shift_mv=7.5, v0_mv=NORMAL_REST)
    assert firing_pattern(trace) == "firing by itself"
    assert firing_rate_hz(trace, after_ms=100.0) > 40.0


def test_an_unstable_rest_is_kept_exactly_but_any_disturbance_grows_into_spikes():
    shift = 10.0
    kept = simulate_nerve(0.0, 200.0, gating_shift_mv=shift)
    assert np.ptp(kept.v_mv) < 1e-9
    disturbed = simulate_nerve(0.0, 200.0, gating_shift_mv=shift, v0_mv=resting_potential(shift) + 0.01)
    assert firing_pattern(disturbed) == "firing by itself"


def test_lower_calcium_never_makes_the_nerve_less_excitable():
    calcium = [1.4, 1.2, 1.1, 1.0, 0.9, 0.8, 0.7, 0.6, 0.5]
    thresholds = [threshold_current(calcium_gating_shift(ca)) for ca in calcium]
    assert all(later <= earlier for earlier, later in zip(thresholds, thresholds[1:]))
    assert thresholds[1] == pytest.approx(2.24, abs=0.01)  # the model's own value, unshifted
    assert thresholds[-1] < 0.5 * thresholds[1]


def test_lower_magnesium_also_lowers_the_threshold():
    assert threshold_current(calcium_gating_shift(1.2, 0.4)) < threshold_current(calcium_gating_shift(1.2, 0.85))


def test_low_magnesium_raises_the_calcium_at_which_the_resting_nerve_fires_by_itself():
    normal_mg = calcium_for_self_firing(0.85)
    low_mg = calcium_for_self_firing(0.4)
    assert 0.4 <= normal_mg <= 0.6
    assert low_mg > normal_mg + 0.1
    shift = calcium_gating_shift(normal_mg)
    just_above = calcium_gating_shift(normal_mg + 0.01)
    start = resting_potential(0.0)
    assert firing_pattern(simulate_nerve(0.0, 300.0, 0.025, shift, v0_mv=start)) == "firing by itself"
    assert firing_pattern(simulate_nerve(0.0, 300.0, 0.025, just_above, v0_mv=start)) != "firing by itself"


# ----- calcium and magnesium ----------------------------------------------------------
def test_normal_calcium_and_magnesium_give_no_shift():
    assert calcium_gating_shift(1.2, 0.85) == 0.0
    assert calcium_gating_shift(1.2) == 0.0


def test_a_five_fold_fall_of_calcium_shifts_the_gates_by_10_to_15_mv():
    # Frankenhaeuser and Hodgkin 1957, J Physiol 137:218
    assert 10.0 <= calcium_gating_shift(1.2 / 5) <= 15.0


def test_the_shift_follows_the_stated_mv_per_decade_of_14_to_21_mv():
    from musclepain_lib.cramps import MV_PER_DECADE

    assert 14.0 <= MV_PER_DECADE <= 21.0  # 10-15 mV per five-fold, per ten-fold
    assert calcium_gating_shift(0.2) == pytest.approx(MV_PER_DECADE * math.log10(6.0), rel=1e-12)


@pytest.mark.parametrize("ca", [0.25, 0.5, 0.8, 1.0, 1.2])
@pytest.mark.parametrize("mg", [0.12, 0.4, 0.7, 0.85])
def test_the_shift_is_never_negative_below_normal_and_grows_as_either_falls(ca, mg):
    shift = calcium_gating_shift(ca, mg)
    assert shift >= 0.0
    assert calcium_gating_shift(ca * 0.9, mg) > shift
    assert calcium_gating_shift(ca, mg * 0.9) > shift


def test_high_calcium_shifts_the_gates_the_other_way():
    assert calcium_gating_shift(2.0) < 0.0


# ----- reading a trace ----------------------------------------------------------------
def test_the_firing_rate_is_zero_with_fewer_than_two_spikes():
    assert firing_rate_hz(simulate_nerve(3.0, 100.0)) == 0.0


def test_spike_times_are_upward_crossings_of_0_mv():
    trace = simulate_nerve(10.0, 50.0)
    assert isinstance(trace, NerveTrace)
    for spike in trace.spike_times_ms:
        k = int(spike / trace.dt_ms)
        assert trace.v_mv[k] < 0.0 <= trace.v_mv[k + 1]


# ----- bad input ----------------------------------------------------------------------
BAD_NUMBERS = [math.nan, math.inf, -math.inf, "10", None, True]


@pytest.mark.parametrize("name", ["current_ua_cm2", "duration_ms", "dt_ms", "gating_shift_mv", "stim_start_ms", "stim_end_ms", "v0_mv"])
@pytest.mark.parametrize("bad", BAD_NUMBERS)
def test_simulate_nerve_refuses_values_that_are_not_finite_numbers(name, bad):
    if bad is None and name in ("stim_end_ms", "v0_mv"):
        pytest.skip("None is this argument's default: to the end / start at rest")
    with pytest.raises(InputError, match=name):
        simulate_nerve(**{name: bad})


@pytest.mark.parametrize(
    "arguments, name",
    [({"duration_ms": 0.0}, "duration_ms"), ({"duration_ms": -5.0}, "duration_ms"),
     ({"dt_ms": 0.0}, "dt_ms"), ({"dt_ms": -0.01}, "dt_ms"),
     ({"dt_ms": 0.1}, "dt_ms"), ({"dt_ms": 1.0}, "dt_ms"),
     ({"duration_ms": 60_000.0, "dt_ms": 0.001}, "duration_ms / dt_ms"),
     ({"duration_ms": 10.0, "stim_start_ms": 20.0}, "stim_start_ms"),
     ({"stim_start_ms": 50.0, "stim_end_ms": 10.0}, "stim_end_ms"),
     ({"current_ua_cm2": 1000.0}, "current_ua_cm2"), ({"gating_shift_mv": 80.0}, "gating_shift_mv"),
     ({"v0_mv": -150.0}, "v0_mv")],
)
def test_simulate_nerve_refuses_impossible_settings_with_a_clear_message(arguments, name):
    with pytest.raises(InputError, match=name) as error:
        simulate_nerve(**arguments)
    assert "expected" in str(error.value)


def test_a_step_too_large_for_the_integrator_names_the_largest_step_allowed():
    with pytest.raises(InputError, match=r"dt_ms = 0.2 is not allowed: expected .* 0.05 ms"):
        simulate_nerve(10.0, dt_ms=0.2)


@pytest.mark.parametrize("arguments, name", [
    ({"ionized_ca": math.nan}, "ionized_ca"), ({"ionized_ca": math.inf}, "ionized_ca"),
    ({"ionized_ca": 0.0}, "ionized_ca"), ({"ionized_ca": -1.0}, "ionized_ca"),
    ({"ionized_ca": 12.0}, "ionized_ca"), ({"ionized_ca": "1.2"}, "ionized_ca"),
    ({"ionized_ca": 1.2, "magnesium": math.nan}, "magnesium"), ({"ionized_ca": 1.2, "magnesium": 0.0}, "magnesium"),
    ({"ionized_ca": 1.2, "magnesium": -0.5}, "magnesium"), ({"ionized_ca": 1.2, "magnesium": None}, "magnesium"),
])
def test_an_impossible_calcium_or_magnesium_is_refused(arguments, name):
    with pytest.raises(InputError, match=f"{name} = .* mmol/L"):
        calcium_gating_shift(**arguments)


@pytest.mark.parametrize("call, name", [
    (lambda: firing_rate_hz("trace"), "trace"),
    (lambda: firing_rate_hz(simulate_nerve(10.0, 20.0), after_ms=-1.0), "after_ms"),
    (lambda: firing_rate_hz(simulate_nerve(10.0, 20.0), after_ms=math.nan), "after_ms"),
    (lambda: firing_pattern(None), "trace"),
    (lambda: resting_potential(math.nan), "gating_shift_mv"),
    (lambda: steady_state_gates(math.inf), "v_mv"),
    (lambda: steady_state_gates([-65.0, math.nan]), "v_mv"),
    (lambda: steady_state_gates(-65.0, "a lot"), "gating_shift_mv"),
    (lambda: threshold_current(math.nan), "gating_shift_mv"),
    (lambda: threshold_current(0.0, duration_ms=0.0), "duration_ms"),
    (lambda: firing_rate_curve([]), "currents_ua_cm2"),
    (lambda: firing_rate_curve([1.0, math.nan]), "currents_ua_cm2"),
    (lambda: firing_rate_curve([10.0], dt_ms=0.5), "dt_ms"),
    (lambda: firing_rate_curve([10.0], after_ms=400.0), "after_ms"),
    (lambda: calcium_for_self_firing(math.nan), "magnesium"),
    (lambda: calcium_for_self_firing(-0.2), "magnesium"),
    (lambda: calcium_for_self_firing(0.85, duration_ms=0.0), "duration_ms"),
])
def test_the_other_nerve_functions_refuse_bad_input_by_name(call, name):
    with pytest.raises(InputError, match=name):
        call()
