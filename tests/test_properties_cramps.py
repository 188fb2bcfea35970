"""Properties of the nerve and twitch models behind cramps, and of their hostile input.

Lower calcium or magnesium never moves the gates the calming way and never makes the
nerve less excitable (its threshold current never rises); a simulated membrane stays
finite with its gates between 0 and 1; more spikes never lower the force of a motor unit,
which stays below its maximum. Hostile input only ever raises InputError naming the argument.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from musclepain_lib import InputError
from fire_helpers import (
    EXAMPLES,
    PROPERTY,
    hostile_argument_failures,
    topic_input_tests,
    topic_module,
)

# A numeric warning (overflow, division by zero) would reach the learner's screen: it fails here.
pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")

cr = topic_module("cramps")

calcium = st.floats(0.2, 5.0)
magnesium = st.floats(0.1, 5.0)
shift = st.floats(-30.0, 30.0)
#: Simulations cost milliseconds each: these properties try fewer cases.
SIMULATIONS = settings(PROPERTY, max_examples=max(5, EXAMPLES // 3))

VALID_CALLS = {
    "simulate_nerve": {
        "current_ua_cm2": 10.0, "duration_ms": 5.0, "dt_ms": 0.025, "gating_shift_mv": 0.0,
        "stim_start_ms": 1.0, "stim_end_ms": 4.0, "v0_mv": -65.0,
    },
    "resting_potential": {"gating_shift_mv": 5.0},
    "steady_state_gates": {"v_mv": -65.0, "gating_shift_mv": 0.0},
    "threshold_current": {"gating_shift_mv": 0.0, "duration_ms": 5.0},
    "firing_rate_curve": {
        "currents_ua_cm2": [10.0], "gating_shift_mv": 0.0, "duration_ms": 10.0, "after_ms": 0.0,
        "dt_ms": 0.05, "v0_mv": -65.0,
    },
    "calcium_gating_shift": {"ionized_ca": 0.9, "magnesium": 0.6},
    "calcium_for_self_firing": {"magnesium": 0.85, "duration_ms": 50.0},
    "muscle_force": {"spike_times_ms": [10.0, 60.0], "duration_ms": 200.0, "dt_ms": 1.0},
    "regular_spikes": {"rate_hz": 20.0, "duration_ms": 200.0, "first_ms": 0.0},
}
ONE_OR_MANY = {"v_mv"}

(
    test_every_public_function_is_listed_for_the_input_tests,
    test_hostile_input_raises_only_an_input_error_naming_the_argument,
    test_any_finite_number_in_any_argument_gives_a_finite_answer_or_an_input_error,
) = topic_input_tests(
    cr,
    VALID_CALLS,
    tried_elsewhere={"firing_rate_hz", "firing_pattern", "calcium_both_units"},  # the last: tests/test_si_units.py
    number_or_array=ONE_OR_MANY,
    # The simulations are tried with physiological values below; any number would be slow.
    any_number_skip={"threshold_current", "calcium_for_self_firing", "firing_rate_curve", "simulate_nerve"},
)


def a_trace():
    return cr.simulate_nerve(10.0, 20.0)


def test_reading_a_trace_refuses_anything_but_a_trace_by_name():
    assert hostile_argument_failures(cr.firing_rate_hz, {"trace": a_trace(), "after_ms": 5.0}) == []
    assert hostile_argument_failures(cr.firing_pattern, {"trace": a_trace()}) == []


# ----- calcium, magnesium and the gates -------------------------------------------------------------
@PROPERTY
@given(ca=calcium, lower=st.floats(0, 5), mg=magnesium)
def test_lower_calcium_never_moves_the_gates_the_calming_way(ca, lower, mg):
    now = cr.calcium_gating_shift(ca, mg)
    assert math.isfinite(now)
    assert cr.calcium_gating_shift(max(ca - lower, 0.2), mg) >= now


@PROPERTY
@given(ca=calcium, mg=magnesium, lower=st.floats(0, 5))
def test_lower_magnesium_never_moves_the_gates_the_calming_way(ca, mg, lower):
    assert cr.calcium_gating_shift(ca, max(mg - lower, 0.1)) >= cr.calcium_gating_shift(ca, mg)


@PROPERTY
@given(ca=st.floats(0.2, 1.2), mg=st.floats(0.1, 0.85))
def test_calcium_and_magnesium_at_or_below_normal_never_calm_the_nerve(ca, mg):
    assert cr.calcium_gating_shift(ca, mg) >= 0.0
    assert cr.calcium_gating_shift(1.2, 0.85) == pytest.approx(0.0, abs=1e-12)


@SIMULATIONS
@given(ca=st.floats(0.6, 1.6), lower=st.floats(0.0, 0.6))
def test_lower_calcium_never_makes_the_nerve_less_excitable(ca, lower):
    normal = cr.threshold_current(cr.calcium_gating_shift(round(ca, 2)), 50.0)
    low = cr.threshold_current(cr.calcium_gating_shift(round(max(ca - lower, 0.2), 2)), 50.0)
    assert low <= normal + 1e-9


@PROPERTY
@given(v=st.floats(-200.0, 200.0), s=shift)
def test_every_gate_is_open_by_a_fraction_between_0_and_1(v, s):
    assert all(0.0 <= float(g) <= 1.0 for g in cr.steady_state_gates(v, s))


@PROPERTY
@given(s=shift)
def test_a_resting_potential_when_there_is_one_lies_between_the_potassium_and_sodium_equilibria(s):
    try:
        rest = cr.resting_potential(s)
    except InputError as refused:
        assert "gating_shift_mv" in str(refused)
        return
    assert -77.0 < rest < 50.0


# ----- the simulation ------------------------------------------------------------------------------
@SIMULATIONS
@given(current=st.floats(-20.0, 200.0), s=st.floats(-10.0, 15.0), duration=st.floats(1.0, 40.0))
def test_a_simulated_membrane_stays_finite_and_its_spikes_fall_inside_the_run(current, s, duration):
    trace = cr.simulate_nerve(current, duration, 0.025, s)
    assert np.all(np.isfinite(trace.v_mv)) and len(trace.t_ms) == len(trace.v_mv)
    spikes = trace.spike_times_ms
    assert np.all(np.diff(spikes) > 0) and np.all((spikes >= 0) & (spikes <= duration + 1e-9))
    assert cr.firing_rate_hz(trace) >= 0.0
    assert cr.firing_pattern(trace) in {
        "silent", "one spike", "a few spikes, then silent", "repetitive firing", "firing by itself",
    }


@SIMULATIONS
@given(s=st.floats(-10.0, 4.0))
def test_a_resting_membrane_with_normal_or_high_calcium_stays_silent(s):
    assert len(cr.simulate_nerve(0.0, 50.0, 0.025, s).spike_times_ms) == 0


# ----- twitches and force ----------------------------------------------------------------------------
spike_lists = st.lists(st.floats(0.0, 500.0), max_size=40)


@PROPERTY
@given(spikes=spike_lists, more=spike_lists)
def test_more_spikes_never_lower_the_force_which_stays_below_its_maximum(spikes, more):
    t, force = cr.muscle_force(spikes, 500.0, 1.0)
    _, stronger = cr.muscle_force(spikes + more, 500.0, 1.0)
    assert np.all(np.isfinite(force)) and np.all((force >= 0.0) & (force < 1.0))
    assert np.all(stronger >= force - 1e-12)
    assert len(t) == len(force) == 501


@PROPERTY
@given(rate=st.floats(0.01, 500.0), duration=st.floats(1.0, 10_000.0), first=st.floats(0.0, 1.0))
def test_regular_spikes_are_evenly_spaced_at_the_rate_asked_for(rate, duration, first):
    spikes = cr.regular_spikes(rate, duration, first * duration)
    assert np.all(np.isfinite(spikes)) and len(spikes) >= 1
    assert np.all((spikes >= 0.0) & (spikes <= duration))
    if len(spikes) > 2:
        assert np.allclose(np.diff(spikes)[:-1], 1000.0 / rate)
