"""Properties of the training, protein and muscle-damage models, and of their hostile input.

A day's load acts only from the next day; the Banister model is linear in the loads and
flat when fitness and fatigue cancel; one session dips below baseline before it peaks;
soreness peaks at two days; more damage never lowers creatine kinase; more protein never
lowers its use. Hostile input only ever raises InputError naming the argument.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from fire_helpers import PROPERTY, topic_input_tests, topic_module

# A numeric warning (overflow, division by zero) would reach the learner's screen: it fails here.
pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")

mg = topic_module("muscle_growth")

loads = st.lists(st.floats(0.0, 10_000.0), min_size=1, max_size=60)
gain = st.floats(0.0, 100.0)
tau = st.floats(0.5, 1000.0)
CK_WORDS = {"normal": 0, "raised": 1, "above 5x limit": 2}

VALID_CALLS = {
    "banister": {"loads": [100.0, 0.0, 80.0], "days": 30, "k1": 1.0, "k2": 2.0, "tau1": 45.0, "tau2": 15.0, "p0": 0.0},
    "banister_components": {"loads": [100.0, 0.0, 80.0], "days": 30, "k1": 1.0, "k2": 2.0, "tau1": 45.0, "tau2": 15.0},
    "banister_response_times": {"k1": 1.0, "k2": 2.0, "tau1": 45.0, "tau2": 15.0},
    "training_plan": {"sessions_per_week": 3, "load": 100.0, "weeks": 8, "taper_days": 7, "taper_fraction": 0.5},
    "soreness_curve": {"hours_after": 48.0},
    "ck_curve": {"days_after": 4.0, "damage": 1.0, "baseline_u_l": 100.0},
    "ck_times_uln": {"ck_u_l": 2000.0, "uln_u_l": 200.0},
    "classify_ck": {"ck_u_l": 2000.0, "uln_u_l": 200.0},
    "assess_ck": {"ck_u_l": 2000.0, "uln_u_l": 200.0, "dark_urine": False},
    "rhabdomyolysis_threshold": {"uln_u_l": 200.0},
    "exertion_course": {"damage": 1.0, "baseline_u_l": 100.0, "days": 5.0, "points_per_day": 4},
    "strain_recovery_days": {"grade": "II"},
    "exercise_rise": {"hours_after": 24.0, "kind": "synthesis"},
    "protein_use": {"protein_g_per_kg": 1.6},
    "protein_balance": {"sessions_per_week": 3, "protein_g_per_kg": 1.6, "weeks": 4},
    "twin_heritability": {"r_identical": 0.8, "r_fraternal": 0.45},
}
TIMES = {"hours_after", "days_after"}

(
    test_every_public_function_is_listed_for_the_input_tests,
    test_hostile_input_raises_only_an_input_error_naming_the_argument,
    test_any_finite_number_in_any_argument_gives_a_finite_answer_or_an_input_error,
) = topic_input_tests(mg, VALID_CALLS, number_or_array=TIMES)


# ----- Banister fitness-fatigue -------------------------------------------------------------------
@PROPERTY
@given(w=loads, k1=gain, k2=gain, tau1=tau, tau2=tau, p0=st.floats(-1000, 1000), extra=st.integers(0, 30))
def test_performance_is_finite_and_starts_at_p0_because_a_load_acts_from_the_next_day(w, k1, k2, tau1, tau2, p0, extra):
    p = mg.banister(w, len(w) + extra, k1, k2, tau1, tau2, p0)
    assert len(p) == len(w) + extra
    assert np.all(np.isfinite(p))
    assert p[0] == pytest.approx(p0)


@PROPERTY
@given(w=loads, factor=st.floats(0.0, 1.0), k1=gain, k2=gain, tau1=tau, tau2=tau)
def test_the_banister_model_is_linear_in_the_loads(w, factor, k1, k2, tau1, tau2):
    whole = mg.banister(w, None, k1, k2, tau1, tau2)
    part = mg.banister([x * factor for x in w], None, k1, k2, tau1, tau2)
    assert np.allclose(part, factor * whole, rtol=1e-9, atol=1e-6 * (1 + np.abs(whole).max()))


@PROPERTY
@given(w=loads, k=gain, t=tau)
def test_fitness_and_fatigue_of_equal_size_and_time_cancel(w, k, t):
    assert np.allclose(mg.banister(w, None, k, k, t, t, 5.0), 5.0)


@PROPERTY
@given(w=loads, day=st.integers(0, 59), more=st.floats(0.0, 1000.0), k1=gain, tau1=tau)
def test_more_load_never_lowers_fitness(w, day, more, k1, tau1):
    assume(day < len(w))
    heavier = list(w)
    heavier[day] = min(heavier[day] + more, 10_000.0)
    fitness, _ = mg.banister_components(w, None, k1, 2.0, tau1, 15.0)
    fitter, _ = mg.banister_components(heavier, None, k1, 2.0, tau1, 15.0)
    assert np.all(fitter >= fitness - 1e-9)


@PROPERTY
@given(series=st.lists(st.floats(0.0, 500.0), min_size=1, max_size=60), delay=st.integers(1, 20))
def test_delaying_every_session_delays_the_response_by_as_many_days(series, delay):
    now = mg.banister(series, days=80)
    later = mg.banister([0.0] * delay + list(series), days=80 + delay)
    assert np.allclose(later[delay:], now, rtol=1e-9, atol=1e-9)
    assert np.all(later[: delay + 1] == 0.0)


@PROPERTY
@given(k1=st.floats(0.1, 10.0), ratio=st.floats(1.05, 10.0), tau2=st.floats(1.0, 60.0), longer=st.floats(1.2, 10.0))
def test_one_session_dips_below_baseline_then_peaks_later(k1, ratio, tau2, longer):
    k2, tau1 = k1 * ratio, tau2 * longer
    back, peak = mg.banister_response_times(k1, k2, tau1, tau2)
    assert 0 < back < peak < math.inf
    response = lambda t: k1 * math.exp(-t / tau1) - k2 * math.exp(-t / tau2)  # noqa: E731
    assert abs(response(back)) <= 1e-9 * (k1 + k2)
    assert response(back / 2) < 0 < response(peak)
    assert response(peak) >= response(peak * 0.9) - 1e-12 and response(peak) >= response(peak * 1.1) - 1e-12


@PROPERTY
@given(sessions=st.integers(0, 7), load=st.floats(0, 10_000), weeks=st.integers(1, 104), taper=st.integers(0, 42), fraction=st.floats(0, 1))
def test_a_training_plan_has_the_sessions_asked_for_each_week(sessions, load, weeks, taper, fraction):
    plan = mg.training_plan(sessions, load, weeks, taper, fraction)
    assert len(plan) == 7 * weeks + taper
    weekly = plan[: 7 * weeks].reshape(weeks, 7)
    if load > 0:
        assert all(int(np.count_nonzero(week)) == sessions for week in weekly)
    assert np.all((plan >= 0) & (plan <= load))


# ----- soreness and creatine kinase --------------------------------------------------------------------
@PROPERTY
@given(hours=st.floats(0.0, 1e4))
def test_soreness_is_a_fraction_of_its_peak_at_two_days(hours):
    value = mg.soreness_curve(hours)
    assert 0.0 <= value <= mg.soreness_curve(48.0) + 1e-12 <= 1.0 + 1e-12


@PROPERTY
@given(days=st.floats(0.0, 60.0), damage=st.floats(0, 20), more=st.floats(0, 20), baseline=st.floats(20, 1000))
def test_more_damage_never_lowers_creatine_kinase_below_its_baseline(days, damage, more, baseline):
    ck = mg.ck_curve(days, damage, baseline)
    assert math.isfinite(ck) and ck >= baseline - 1e-9
    assert mg.ck_curve(days, min(damage + more, 20.0), baseline) >= ck - 1e-9


@PROPERTY
@given(a=st.floats(0, 1e6), b=st.floats(0, 1e6), uln=st.floats(20, 2000))
def test_a_higher_ck_never_reads_as_milder(a, b, uln):
    low, high = sorted((a, b))
    assert CK_WORDS[mg.classify_ck(high, uln)] >= CK_WORDS[mg.classify_ck(low, uln)]
    assert mg.ck_times_uln(high, uln) == pytest.approx(high / uln)
    above = mg.classify_ck(high, uln) == "above 5x limit"
    assert above == (high > mg.rhabdomyolysis_threshold(uln) * (1 + 1e-12)) or math.isclose(
        high, mg.rhabdomyolysis_threshold(uln), rel_tol=1e-9
    )


@PROPERTY
@given(damage=st.floats(0, 20), baseline=st.floats(20, 1000), days=st.floats(1, 30), per_day=st.integers(1, 96))
def test_an_exertion_course_is_finite_on_its_whole_grid(damage, baseline, days, per_day):
    course = mg.exertion_course(damage, baseline, days, per_day)
    assert np.all(np.isfinite(course.ck_u_l)) and np.all(np.isfinite(course.soreness))
    assert len(course.days) == len(course.ck_u_l) == len(course.soreness)


# ----- protein --------------------------------------------------------------------------------------------
@PROPERTY
@given(early=st.floats(0, 1e3), later=st.floats(0, 1e3))
def test_the_exercise_rise_of_synthesis_fades_with_time_and_outruns_breakdown(early, later):
    first, second = sorted((early, later))
    assert mg.exercise_rise(second) <= mg.exercise_rise(first) + 1e-12
    assert mg.exercise_rise(first, "synthesis") >= mg.exercise_rise(first, "breakdown")


@PROPERTY
@given(a=st.floats(0, 4), b=st.floats(0, 4))
def test_more_protein_never_lowers_the_share_of_synthesis_it_supplies(a, b):
    low, high = sorted((a, b))
    assert 0.0 <= mg.protein_use(low) <= mg.protein_use(high) <= 1.0


@PROPERTY
@given(sessions=st.integers(0, 7), protein=st.floats(0, 4), weeks=st.integers(1, 12))
def test_a_protein_balance_is_finite(sessions, protein, weeks):
    balance = mg.protein_balance(sessions, protein, weeks)
    for name in ("synthesis", "breakdown", "net", "mass_change_pct"):
        assert np.all(np.isfinite(getattr(balance, name))), name


@PROPERTY
@given(mz=st.floats(-1, 1), dz=st.floats(-1, 1), more=st.floats(0, 2))
def test_heritability_is_a_share_that_grows_with_the_identical_twins_likeness(mz, dz, more):
    h2 = mg.twin_heritability(mz, dz)
    assert 0.0 <= h2 <= 1.0
    assert mg.twin_heritability(min(mz + more, 1.0), dz) >= h2


@PROPERTY
@given(ck=st.floats(0.0, 1e5), uln=st.floats(20.0, 2000.0))
def test_the_ck_class_agrees_with_its_multiple_of_the_upper_limit(ck, uln):
    multiple = mg.ck_times_uln(ck, uln)
    expected = "above 5x limit" if multiple > 5 else "raised" if multiple > 1 else "normal"
    assert mg.classify_ck(ck, uln) == expected


@PROPERTY
@given(sessions=st.integers(0, 7), protein=st.floats(0.0, 4.0), weeks=st.integers(1, 12))
def test_muscle_never_grows_without_training_and_never_shrinks_with_enough_protein(sessions, protein, weeks):
    change = mg.protein_balance(sessions, protein, weeks).final_change_pct
    if sessions == 0:
        assert change == 0.0
    if protein >= 1.62:
        assert change >= 0.0
