"""Muscle growth models against published values, and their refusal of impossible input."""

import inspect
import math

import numpy as np
import pytest

from musclepain_lib import InputError
from musclepain_lib.muscle_growth import (
    banister,
    banister_components,
    banister_response_times,
    ck_curve,
    ck_times_uln,
    DEFAULT_CK_ULN,
    assess_ck,
    classify_ck,
    exercise_rise,
    exertion_course,
    genetic_diversity,
    heritability,
    protein_balance,
    protein_parameters,
    protein_use,
    published_fits,
    rhabdomyolysis_threshold,
    soreness_curve,
    strain_grades,
    strain_recovery_days,
    training_plan,
    training_responses,
    twin_heritability,
)

# ----- Banister: closed forms (Fitz-Clarke, Morton and Banister 1991) --------------------


def test_single_session_returns_to_baseline_after_tau1_tau2_over_difference_times_ln_k2_over_k1():
    days_to_baseline, _ = banister_response_times(1.0, 2.0, 45.0, 15.0)
    assert days_to_baseline == pytest.approx(22.5 * math.log(2), rel=1e-12)
    assert days_to_baseline == pytest.approx(15.60, abs=0.01)


def test_single_session_peaks_at_tau1_tau2_over_difference_times_ln_k2_tau1_over_k1_tau2():
    _, days_to_peak = banister_response_times(1.0, 2.0, 45.0, 15.0)
    assert days_to_peak == pytest.approx(22.5 * math.log(6), rel=1e-12)
    assert days_to_peak == pytest.approx(40.31, abs=0.01)


def test_daily_series_crosses_baseline_and_peaks_on_the_days_the_closed_forms_give():
    p = banister([100.0], days=80)
    assert p[15] < 0 < p[16]  # t_n = 15.6 days
    assert int(np.argmax(p)) == 40  # t_g = 40.3 days
    assert p[0] == 0.0  # a day's load acts from the next day on


def test_typical_constants_give_response_times_inside_those_fitted_to_elite_swimmers():
    # Hellard et al. 2006: t_n 19 days (95 % CI 7-35), t_g 43 days (25-61)
    fits = published_fits().set_index("symbol")
    days_to_baseline, days_to_peak = banister_response_times(1.0, 2.0, 45.0, 15.0)
    assert fits.loc["t_n", "ci_low"] <= days_to_baseline <= fits.loc["t_n", "ci_high"]
    assert fits.loc["t_g", "ci_low"] <= days_to_peak <= fits.loc["t_g", "ci_high"]
    assert (fits.loc["t_n", "estimate"], fits.loc["t_g", "estimate"]) == (19, 43)


def test_worked_example_one_session_of_100_units_is_minus_89_3_the_next_day():
    # 100 * (exp(-1/45) - 2 * exp(-1/15)) = 100 * (0.978023 - 1.871014) = -89.30
    p = banister([100.0], days=3)
    assert p[1] == pytest.approx(100 * (math.exp(-1 / 45) - 2 * math.exp(-1 / 15)), rel=1e-12)
    assert p[1] == pytest.approx(-89.30, abs=0.01)


def test_worked_example_two_sessions_add_linearly_with_their_own_delays():
    p = banister([100.0, 50.0], days=5, p0=10.0)
    expected = 10 + sum(
        w * (math.exp(-(4 - s) / 45) - 2 * math.exp(-(4 - s) / 15)) for s, w in ((0, 100.0), (1, 50.0))
    )
    assert p[4] == pytest.approx(expected, rel=1e-12)


def test_performance_is_baseline_plus_fitness_minus_fatigue():
    loads = training_plan(4, 60, 6, taper_days=10)
    fitness, fatigue = banister_components(loads, days=80)
    assert np.allclose(banister(loads, days=80, p0=5.0), 5.0 + fitness - fatigue)


def test_missing_loads_count_as_rest_and_days_defaults_to_the_number_of_loads():
    assert len(banister([10, 20, 30])) == 3
    assert np.allclose(banister([10, 20, 30], days=6)[3:], banister([10, 20, 30, 0, 0, 0])[3:])


def test_training_plan_spreads_sessions_and_tapers_the_load():
    plan = training_plan(3, 100, 2, taper_days=7, taper_fraction=0.4)
    assert len(plan) == 21
    assert plan[:14].sum() == pytest.approx(600)
    assert plan[14:].sum() == pytest.approx(3 * 40)


def test_a_taper_lifts_race_day_performance_above_training_straight_through():
    # Bosquet et al. 2007: tapering improves performance; the model should agree.
    hard = training_plan(5, 100, 12, taper_days=14, taper_fraction=1.0)
    taper = training_plan(5, 100, 12, taper_days=14, taper_fraction=0.5)
    race = len(hard)
    assert banister(taper, days=race + 1)[race] > banister(hard, days=race + 1)[race]


# ----- Protein turnover (Phillips et al. 1997) ------------------------------------------


def test_resting_synthesis_is_about_0_04_percent_per_hour():
    rest = protein_balance(sessions_per_week=0, weeks=1)
    assert np.allclose(rest.synthesis, 0.04)
    assert 0.03 <= protein_parameters()["fsr_rest"] <= 0.05


@pytest.mark.parametrize("hours, rise", [(3, 1.12), (24, 0.65), (48, 0.34)])
def test_synthesis_after_resistance_exercise_matches_phillips_1997(hours, rise):
    # 3 h and 24 h define the curve; 48 h (+34 %) is an independent check.
    assert exercise_rise(hours) == pytest.approx(rise, abs=0.02)


def test_breakdown_rises_31_percent_at_3_h_18_percent_at_24_h_and_is_near_rest_by_48_h():
    assert exercise_rise(3, "breakdown") == pytest.approx(0.31, abs=0.01)
    assert exercise_rise(24, "breakdown") == pytest.approx(0.18, abs=0.01)
    assert exercise_rise(48, "breakdown") < 0.10


def test_synthesis_after_a_session_stays_within_the_published_range_of_rates():
    week = protein_balance(sessions_per_week=1, protein_g_per_kg=1.6, weeks=1)
    after = week.synthesis[week.synthesis > 0.04]
    # Phillips 1997: from rest (0.04 %/h) to at most +112 % (about 0.085 %/h).
    assert after.max() <= 0.04 * 2.22
    assert after.max() >= 0.04 * 2.0


def test_training_fasted_leaves_net_balance_negative_as_phillips_found():
    fasted = protein_balance(sessions_per_week=3, protein_g_per_kg=0.0, weeks=4)
    assert fasted.net.min() < 0 and fasted.net.max() <= 1e-12
    assert fasted.final_change_pct < 0


def test_sixteen_weeks_with_enough_protein_give_the_calibrated_mean_quadriceps_gain_of_7_9_percent():
    assert protein_balance(3, 1.62, 16).final_change_pct == pytest.approx(7.9, abs=0.05)


def test_protein_above_1_62_g_per_kg_adds_nothing_more():
    assert protein_use(1.62) == 1.0 and protein_use(3.0) == 1.0
    assert protein_balance(3, 2.5, 8).final_change_pct == pytest.approx(protein_balance(3, 1.62, 8).final_change_pct)


def test_more_protein_up_to_the_plateau_means_more_growth():
    gains = [protein_balance(3, p, 8).final_change_pct for p in (0.4, 0.8, 1.2, 1.6)]
    assert gains == sorted(gains)


def test_no_training_no_change_whatever_the_protein():
    assert protein_balance(0, 2.0, 4).final_change_pct == pytest.approx(0.0, abs=1e-12)


# ----- Soreness, CK and rhabdomyolysis ---------------------------------------------------


def test_soreness_peaks_between_24_and_72_hours():
    course = exertion_course()
    assert 24 <= course.peak_soreness_hours <= 72
    assert soreness_curve(24) >= 0.7 and soreness_curve(72) >= 0.7


def test_soreness_has_subsided_to_a_tenth_by_day_7():
    assert soreness_curve(7 * 24) == pytest.approx(0.1, abs=1e-9)
    assert soreness_curve(0) == 0.0


def test_ck_after_eccentric_work_is_6420_percent_above_baseline_at_day_4():
    assert ck_curve(4, baseline_u_l=100) == pytest.approx(100 * (1 + 64.20), rel=1e-9)


def test_ck_is_2100_percent_above_baseline_at_day_7_and_falls_towards_baseline_by_day_10():
    assert ck_curve(7, baseline_u_l=100) == pytest.approx(100 * (1 + 21.0), rel=1e-9)
    # published +311 % at day 10; the two-point fit gives about +210 %
    assert 150 <= ck_curve(10, baseline_u_l=100) <= 500


def test_ck_rises_over_days_not_hours():
    assert ck_curve(1) < 3 * 100 and ck_curve(3) > 10 * 100


def test_the_study_line_is_five_times_the_upper_limit_of_normal():
    assert rhabdomyolysis_threshold(200) == 1000
    assert rhabdomyolysis_threshold(308) == pytest.approx(1540)
    assert ck_times_uln(6520, 200) == pytest.approx(32.6)


def test_ck_is_classified_against_the_laboratory_limit():
    assert classify_ck(150, 200) == "normal"
    assert classify_ck(1000, 200) == "raised"  # exactly 5x is not above 5x
    assert classify_ck(1001, 200) == "above 5x limit"


def test_the_average_volunteer_of_clarkson_2006_passes_the_five_times_line_without_an_alarm():
    # mean CK at day 4 is 65 times baseline: far above 5 x ULN, yet no kidney harm in the study
    assert classify_ck(exertion_course().peak_ck_u_l, DEFAULT_CK_ULN) == "above 5x limit"
    level, words = assess_ck(exertion_course().peak_ck_u_l, DEFAULT_CK_ULN)
    assert level == "note" and "not a definition" in words


def test_kenney_2012_recruits_mean_ck_a_week_into_training_is_no_alarm_but_50_times_the_limit_warns():
    # 499 recruits: mean CK about 1,200 U/L with no clinical rhabdomyolysis (Kenney et al. 2012)
    assert assess_ck(1200, 308)[0] == "note"
    assert assess_ck(50 * 308 + 1, 308)[0] == "warn"
    assert assess_ck(50 * 308, 308)[0] == "note"  # exactly 50x is not above it
    assert assess_ck(100, 308) == ("ok", "CK stays within the normal range.")


def test_dark_urine_is_an_alarm_whatever_the_ck():
    level, words = assess_ck(150, 308, dark_urine=True)
    assert level == "alarm" and "doctor the same day" in words
    with pytest.raises(InputError, match="dark_urine"):
        assess_ck(150, 308, dark_urine="yes")


def test_the_default_ck_limit_is_the_mens_limit_of_the_reference_table():
    from musclepain_lib.electrolytes import reference_ranges

    table = reference_ranges().set_index(["analyte", "sex"])
    assert DEFAULT_CK_ULN == table.loc[("creatine kinase", "male"), "high"] == 308


def test_strain_lay_off_grows_with_grade_as_in_ekstrand_2012():
    assert strain_recovery_days("I") == (17.0, 10.0)
    assert strain_recovery_days("II") == (22.0, 11.0)
    assert strain_recovery_days("iii") == (73.0, 60.0)
    assert list(strain_grades()["grade"]) == ["I", "II", "III"]


# ----- Individual variation --------------------------------------------------------------


def test_hubal_2005_size_response_ranges_from_minus_2_to_plus_59_percent():
    row = training_responses().query("study == 'Hubal 2005' and measure.str.startswith('muscle size')").iloc[0]
    assert (row["low_pct"], row["high_pct"], row["n"]) == (-2, 59, 585)


def test_lean_mass_heritability_is_about_one_half_in_twins():
    table = heritability().set_index("trait")
    assert table.loc["lean body mass", "heritability"] == pytest.approx(0.52)
    assert table["heritability"].between(0, 1).all()


def test_most_human_genetic_diversity_lies_within_populations():
    table = genetic_diversity().set_index("level")["percent"]
    assert table["between people of the same population"] == pytest.approx(84.4)
    assert table.sum() == pytest.approx(100.0)
    assert table["between people of the same population"] > 5 * table["between continents"]


def test_falconer_heritability_is_twice_the_difference_of_twin_correlations():
    assert twin_heritability(0.8, 0.5) == pytest.approx(0.6)
    assert twin_heritability(0.3, 0.4) == 0.0


def test_every_table_row_names_its_source():
    for table in (strain_grades(), training_responses(), heritability(), genetic_diversity(), published_fits()):
        assert table["source"].str.len().gt(10).all()


# ----- Bad input -------------------------------------------------------------------------

BAD_NUMBERS = [float("nan"), float("inf"), -float("inf"), "3", None, True]


@pytest.mark.parametrize("bad", [[-5.0], [float("nan")], [1.0, float("inf")], "100", None, [True]])
def test_banister_refuses_negative_or_non_numeric_loads(bad):
    with pytest.raises(InputError, match="loads"):
        banister(bad)


@pytest.mark.parametrize("name", ["tau1", "tau2"])
@pytest.mark.parametrize("bad", [0.0, -15.0, *BAD_NUMBERS])
def test_banister_refuses_non_positive_or_non_finite_time_constants(name, bad):
    with pytest.raises(InputError, match=name):
        banister([10.0], **{name: bad})


@pytest.mark.parametrize("name", ["k1", "k2", "p0"])
@pytest.mark.parametrize("bad", BAD_NUMBERS)
def test_banister_refuses_non_finite_constants(name, bad):
    with pytest.raises(InputError, match=name):
        banister([10.0], **{name: bad})


@pytest.mark.parametrize("bad", [0, -1, 2.5, 10**6, float("nan"), "10"])
def test_banister_refuses_impossible_day_counts(bad):
    with pytest.raises(InputError, match="days"):
        banister([10.0], days=bad)


@pytest.mark.parametrize(
    "args, name",
    [
        ((2.0, 2.0, 45.0, 15.0), "k2"),  # k1 == k2: never dips
        ((3.0, 2.0, 45.0, 15.0), "k2"),  # k1 > k2
        ((1.0, 2.0, 15.0, 15.0), "tau1"),  # tau1 == tau2
        ((1.0, 2.0, 10.0, 15.0), "tau1"),  # fatigue outlasts fitness
        ((0.0, 2.0, 45.0, 15.0), "k1"),
        ((1.0, 2.0, 0.0, 15.0), "tau1"),
        ((1.0, 2.0, 45.0, -1.0), "tau2"),
        ((float("nan"), 2.0, 45.0, 15.0), "k1"),
        ((1.0, float("inf"), 45.0, 15.0), "k2"),
    ],
)
def test_response_times_refuse_constants_where_the_closed_forms_have_no_meaning(args, name):
    with pytest.raises(InputError, match=name):
        banister_response_times(*args)


@pytest.mark.parametrize(
    "kwargs, name",
    [
        ({"sessions_per_week": 8}, "sessions_per_week"),
        ({"sessions_per_week": -1}, "sessions_per_week"),
        ({"load": -10}, "load"),
        ({"load": float("nan")}, "load"),
        ({"weeks": 0}, "weeks"),
        ({"taper_days": -3}, "taper_days"),
        ({"taper_fraction": 1.5}, "taper_fraction"),
    ],
)
def test_training_plan_refuses_impossible_plans(kwargs, name):
    args = {"sessions_per_week": 3, "load": 50, "weeks": 4, **kwargs}
    with pytest.raises(InputError, match=name):
        training_plan(**args)


@pytest.mark.parametrize(
    "kwargs, name",
    [
        ({"sessions_per_week": 9}, "sessions_per_week"),
        ({"protein_g_per_kg": -0.5}, "protein_g_per_kg"),
        ({"protein_g_per_kg": float("nan")}, "protein_g_per_kg"),
        ({"protein_g_per_kg": "1.6"}, "protein_g_per_kg"),
        ({"weeks": 0}, "weeks"),
        ({"weeks": float("inf")}, "weeks"),
    ],
)
def test_protein_balance_refuses_impossible_input(kwargs, name):
    with pytest.raises(InputError, match=name):
        protein_balance(**kwargs)


@pytest.mark.parametrize("bad", [float("nan"), -1.0, "3"])
def test_exercise_rise_refuses_bad_times_and_unknown_processes(bad):
    with pytest.raises(InputError, match="hours_after"):
        exercise_rise([1.0, bad] if not isinstance(bad, str) else bad)
    with pytest.raises(InputError, match="kind"):
        exercise_rise(3, "oxidation")


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: ck_curve(-1), "days_after"),
        (lambda: ck_curve(float("nan")), "days_after"),
        (lambda: ck_curve([1, float("nan")]), "days_after"),
        (lambda: ck_curve(2, damage=-1), "damage"),
        (lambda: ck_curve(2, baseline_u_l=0), "baseline_u_l"),
        (lambda: soreness_curve(-5), "hours_after"),
        (lambda: soreness_curve("a day"), "hours_after"),
        (lambda: exertion_course(days=0), "days"),
        (lambda: exertion_course(points_per_day=2.5), "points_per_day"),
        (lambda: exertion_course(damage=float("inf")), "damage"),
        (lambda: banister_components([10.0], tau1=float("nan")), "tau1"),
        (lambda: banister_components([-1.0]), "loads"),
        (lambda: protein_use(float("nan")), "protein_g_per_kg"),
        (lambda: protein_use(-0.1), "protein_g_per_kg"),
        (lambda: twin_heritability(0.5, float("nan")), "r_fraternal"),
        (lambda: twin_heritability("0.5", 0.2), "r_identical"),
        (lambda: rhabdomyolysis_threshold(0), "uln_u_l"),
        (lambda: rhabdomyolysis_threshold(float("inf")), "uln_u_l"),
        (lambda: classify_ck(-10, 308), "ck_u_l"),
        (lambda: classify_ck(float("nan"), 308), "ck_u_l"),
        (lambda: ck_times_uln(100, None), "uln_u_l"),
        (lambda: strain_recovery_days("IV"), "grade"),
        (lambda: strain_recovery_days(2), "grade"),
        (lambda: twin_heritability(1.5, 0.2), "r_identical"),
        (lambda: protein_use(True), "protein_g_per_kg"),
    ],
)
def test_other_functions_refuse_bad_input_naming_the_argument(call, name):
    with pytest.raises(InputError, match=name):
        call()


def test_the_ck_functions_take_no_silent_default_limit():
    # Limits differ by sex and ancestry (Kenney et al. 2012): the caller passes the laboratory's own.
    for function in (rhabdomyolysis_threshold, ck_times_uln, classify_ck, assess_ck):
        signature = inspect.signature(function)
        assert signature.parameters["uln_u_l"].default is inspect.Parameter.empty, function.__name__
