"""Properties the muscle growth models must keep for any allowed input (hypothesis)."""

import numpy as np
from fire_helpers import PROPERTY
from hypothesis import given
from hypothesis import strategies as st

from musclepain_lib.muscle_growth import (
    banister,
    banister_response_times,
    ck_curve,
    ck_times_uln,
    classify_ck,
    protein_balance,
    soreness_curve,
)

loads = st.lists(st.floats(0, 500), min_size=1, max_size=60)
gain = st.floats(0.01, 10)
tau = st.floats(1, 200)


@PROPERTY
@given(loads, st.floats(0.1, 5))
def test_performance_change_is_proportional_to_the_load(series, factor):
    base = banister(series, days=80)
    scaled = banister([factor * w for w in series], days=80)
    assert np.allclose(scaled, factor * base, rtol=1e-9, atol=1e-9)


@PROPERTY
@given(loads, st.integers(1, 20))
def test_delaying_every_session_delays_the_response_by_as_many_days(series, delay):
    now = banister(series, days=80)
    later = banister([0.0] * delay + list(series), days=80 + delay)
    assert np.allclose(later[delay:], now, rtol=1e-9, atol=1e-9)
    assert np.all(later[: delay + 1] == 0.0)


@PROPERTY
@given(gain, st.floats(1.001, 10), tau, st.floats(1.001, 50))
def test_after_one_session_performance_recovers_before_it_peaks(k1, k2_over_k1, tau1, tau1_over_tau2):
    # Fatigue must be stronger (k2 > k1) and fade faster (tau2 < tau1) for the closed forms.
    to_baseline, to_peak = banister_response_times(k1, k1 * k2_over_k1, tau1, tau1 / tau1_over_tau2)
    assert 0 < to_baseline < to_peak


@PROPERTY
@given(st.floats(0, 1e4))
def test_soreness_stays_between_none_and_its_peak(hours):
    assert 0.0 <= soreness_curve(hours) <= 1.0 + 1e-12


@PROPERTY
@given(st.floats(0, 30), st.floats(0, 10), st.floats(0, 10), st.floats(20, 1000))
def test_ck_never_falls_below_baseline_and_grows_with_the_bout(day, damage_a, damage_b, baseline):
    low, high = sorted((damage_a, damage_b))
    assert ck_curve(day, low, baseline) >= baseline
    assert ck_curve(day, high, baseline) >= ck_curve(day, low, baseline)


@PROPERTY
@given(st.floats(0, 1e5), st.floats(20, 2000))
def test_ck_class_agrees_with_its_multiple_of_the_limit(ck, uln):
    multiple = ck_times_uln(ck, uln)
    expected = "above 5x limit" if multiple > 5 else "raised" if multiple > 1 else "normal"
    assert classify_ck(ck, uln) == expected


@PROPERTY
@given(st.integers(0, 7), st.floats(0, 4), st.integers(1, 12))
def test_muscle_never_grows_without_training_and_never_shrinks_with_enough_protein(sessions, protein, weeks):
    change = protein_balance(sessions, protein, weeks).final_change_pct
    if sessions == 0:
        assert change == 0.0
    if protein >= 1.62:
        assert change >= 0.0
