"""Disease-activity scores and the 2010 classification criteria against their published definitions."""

import math

import pytest

from musclepain_lib import InputError
from musclepain_lib.arthritis import (
    acr_eular_2010_points,
    acr_eular_2010_score,
    cdai,
    cdai_category,
    classify_ra_2010,
    das28_category,
    das28_crp,
    das28_esr,
    das28_joints,
    eular_response,
    sdai,
    sdai_category,
)


# ----- DAS28 (das-score.nl formulae; Prevoo et al. 1995) -----------------------------------

def test_das28_esr_worked_example_4_tender_1_swollen_esr_20_gh_50_is_4_20():
    # 0.56*sqrt(4) + 0.28*sqrt(1) + 0.70*ln(20) + 0.014*50 = 1.12 + 0.28 + 2.097 + 0.70
    assert das28_esr(4, 1, 20, 50) == pytest.approx(4.197, abs=0.001)


def test_das28_esr_high_activity_example_16_tender_9_swollen_esr_50_gh_80():
    # 0.56*4 + 0.28*3 + 0.70*ln(50) + 0.014*80 = 2.24 + 0.84 + 2.738 + 1.12 = 6.94
    score = das28_esr(16, 9, 50, 80)
    assert score == pytest.approx(6.938, abs=0.001)
    assert das28_category(score) == "high"


def test_das28_esr_is_zero_with_no_joints_esr_1_and_perfect_health():
    assert das28_esr(0, 0, 1, 0) == pytest.approx(0.0, abs=1e-12)


def test_das28_crp_worked_example_9_tender_4_swollen_crp_10_gh_20_is_4_34():
    # 0.56*3 + 0.28*2 + 0.36*ln(11) + 0.014*20 + 0.96 = 1.68 + 0.56 + 0.863 + 0.28 + 0.96
    assert das28_crp(9, 4, 10, 20) == pytest.approx(4.343, abs=0.001)


def test_das28_crp_floor_is_0_96_with_nothing_active():
    assert das28_crp(0, 0, 0, 0) == pytest.approx(0.96, abs=1e-12)


def test_das28_crp_maximum_with_28_joints_crp_100_gh_100_is_about_8_4():
    # 0.84*sqrt(28) + 0.36*ln(101) + 1.4 + 0.96 = 4.445 + 1.661 + 2.36
    assert das28_crp(28, 28, 100, 100) == pytest.approx(8.466, abs=0.002)


def test_tender_joints_weigh_twice_as_much_as_swollen_joints_in_das28():
    tender_only = das28_esr(9, 0, 10, 0) - das28_esr(0, 0, 10, 0)
    swollen_only = das28_esr(0, 9, 10, 0) - das28_esr(0, 0, 10, 0)
    assert tender_only == pytest.approx(2 * swollen_only)


@pytest.mark.parametrize(
    "score, band",
    [(0.0, "remission"), (2.59, "remission"), (2.6, "low"), (3.2, "low"), (3.21, "moderate"),
     (5.1, "moderate"), (5.11, "high"), (9.4, "high")],
)
def test_das28_bands_remission_below_2_6_low_to_3_2_moderate_to_5_1(score, band):
    assert das28_category(score) == band


# ----- CDAI and SDAI (Aletaha et al. 2005; Smolen et al. 2003; ACR 2019) -------------------

def test_cdai_is_the_plain_sum_of_joints_and_globals_5_3_4_5_3_5_is_16():
    assert cdai(5, 3, 4.5, 3.5) == pytest.approx(16.0)
    assert cdai_category(16.0) == "moderate"


def test_sdai_adds_crp_in_mg_dl_to_cdai_giving_18():
    assert sdai(5, 3, 4.5, 3.5, 2.0) == pytest.approx(18.0)
    assert sdai_category(18.0) == "moderate"


def test_cdai_and_sdai_reach_76_and_86_with_everything_maximal_and_crp_10_mg_dl():
    assert cdai(28, 28, 10, 10) == 76
    assert sdai(28, 28, 10, 10, 10) == 86


@pytest.mark.parametrize(
    "score, band",
    [(0, "remission"), (2.8, "remission"), (2.9, "low"), (10, "low"), (10.1, "moderate"),
     (22, "moderate"), (22.1, "high"), (76, "high")],
)
def test_cdai_bands_remission_to_2_8_low_to_10_moderate_to_22(score, band):
    assert cdai_category(score) == band


@pytest.mark.parametrize(
    "score, band",
    [(0, "remission"), (3.3, "remission"), (3.4, "low"), (11, "low"), (11.1, "moderate"),
     (26, "moderate"), (26.1, "high"), (86, "high")],
)
def test_sdai_bands_remission_to_3_3_low_to_11_moderate_to_26(score, band):
    assert sdai_category(score) == band


# ----- EULAR response (van Gestel et al. 1996) ---------------------------------------------

@pytest.mark.parametrize(
    "now, improvement, expected",
    [
        # present DAS28 <= 3.2
        (3.0, 1.3, "good"), (3.0, 1.0, "moderate"), (3.0, 0.5, "none"),
        # 3.2 < present DAS28 <= 5.1
        (4.0, 1.3, "moderate"), (4.0, 1.0, "moderate"), (4.0, 0.5, "none"),
        # present DAS28 > 5.1
        (6.0, 1.3, "moderate"), (6.0, 1.0, "none"), (6.0, 0.5, "none"),
    ],
)
def test_eular_response_table_improvement_and_level_reached(now, improvement, expected):
    assert eular_response(now + improvement, now) == expected


def test_eular_response_edges_improvement_of_exactly_1_2_is_not_good():
    assert eular_response(4.4, 3.2) == "moderate"  # 1.2 is not "> 1.2"
    assert eular_response(4.41, 3.2) == "good"
    assert eular_response(3.8, 3.2) == "none"  # 0.6 is not "> 0.6"


def test_getting_worse_is_no_eular_response():
    assert eular_response(3.0, 5.0) == "none"


# ----- 2010 ACR/EULAR classification (Aletaha et al. 2010, Table 3) -------------------------

def test_2010_patient_with_12_joints_high_acpa_raised_crp_for_8_weeks_scores_10():
    assert acr_eular_2010_points(2, 10, "high", True, 8) == {
        "joints": 5, "serology": 3, "acute_phase": 1, "duration": 1,
    }
    assert acr_eular_2010_score(2, 10, "high", True, 8) == 10
    assert classify_ra_2010(2, 10, "high", True, 8) is True


def test_2010_patient_with_4_small_joints_low_rf_normal_crp_for_6_weeks_reaches_6():
    assert acr_eular_2010_score(0, 4, "low", False, 6) == 6
    assert classify_ra_2010(0, 4, "low", False, 6) is True


def test_2010_seronegative_patient_with_two_knees_for_months_scores_2_and_is_not_classified():
    assert acr_eular_2010_score(2, 0, "negative", False, 20) == 2
    assert classify_ra_2010(2, 0, "negative", False, 20) is False


def test_2010_three_small_joints_low_serology_for_7_weeks_scores_5_one_short():
    assert acr_eular_2010_score(1, 3, "low", False, 7) == 5
    assert classify_ra_2010(1, 3, "low", False, 7) is False


@pytest.mark.parametrize(
    "large, small, points",
    [(0, 0, 0), (1, 0, 0), (2, 0, 1), (10, 0, 1), (0, 1, 2), (5, 3, 2), (0, 4, 3),
     (6, 4, 3), (0, 10, 3), (0, 11, 5), (9, 2, 5), (10, 1, 5)],
)
def test_2010_joint_domain_gives_0_1_2_3_or_5_points(large, small, points):
    assert acr_eular_2010_points(large, small, "negative", False, 0)["joints"] == points


def test_2010_serology_words_ignore_case_and_spaces():
    assert acr_eular_2010_score(0, 1, " High ", False, 0) == 5


def test_2010_symptoms_under_6_weeks_score_no_duration_point():
    assert acr_eular_2010_points(0, 1, "negative", False, 5.9)["duration"] == 0
    assert acr_eular_2010_points(0, 1, "negative", False, 6)["duration"] == 1


# ----- the joint table ---------------------------------------------------------------------

def test_das28_counts_28_joints_6_large_and_22_small_14_per_side():
    joints = das28_joints()
    assert len(joints) == 28
    assert joints["joint"].is_unique
    assert (joints["size"] == "large").sum() == 6  # shoulders, elbows, knees
    assert (joints["side"] == "right").sum() == 14
    assert sorted(joints["group"].value_counts().items()) == [
        ("MCP", 10), ("PIP", 10), ("elbow", 2), ("knee", 2), ("shoulder", 2), ("wrist", 2),
    ]


def test_each_joint_has_its_own_place_on_the_map():
    joints = das28_joints()
    assert not joints.duplicated(["row", "column"]).any()
    assert joints["x"].between(0, 1).all() and joints["y"].between(0, 1).all()


def test_the_patients_right_is_on_the_readers_left():
    joints = das28_joints().set_index("joint")
    assert joints.loc["right knee", "x"] < 0.5 < joints.loc["left knee", "x"]


# ----- bad input ---------------------------------------------------------------------------

BAD_NUMBERS = [math.nan, math.inf, -math.inf, "5", None, True]


@pytest.mark.parametrize("bad", [29, -1, 2.5, *BAD_NUMBERS])
@pytest.mark.parametrize("argument", ["tjc28", "sjc28"])
def test_joint_counts_outside_0_to_28_are_refused(argument, bad):
    values = {"tjc28": 2, "sjc28": 2, argument: bad}
    with pytest.raises(InputError, match=argument):
        das28_esr(values["tjc28"], values["sjc28"], 20, 50)
    with pytest.raises(InputError, match=argument):
        das28_crp(values["tjc28"], values["sjc28"], 5, 50)
    with pytest.raises(InputError, match=argument):
        cdai(values["tjc28"], values["sjc28"], 5, 5)


@pytest.mark.parametrize("bad", [0, 0.5, -3, 201, *BAD_NUMBERS])
def test_esr_of_zero_or_out_of_range_is_refused(bad):
    with pytest.raises(InputError, match="esr_mm_h"):
        das28_esr(2, 2, bad, 50)


@pytest.mark.parametrize("bad", [-0.1, 501, *BAD_NUMBERS])
def test_negative_crp_is_refused(bad):
    with pytest.raises(InputError, match="crp_mg_l"):
        das28_crp(2, 2, bad, 50)
    with pytest.raises(InputError, match="crp_mg_dl"):
        sdai(2, 2, 5, 5, bad if bad != 501 else 51)


@pytest.mark.parametrize("bad", [-1, 100.5, 101, *BAD_NUMBERS])
def test_global_health_above_100_mm_is_refused(bad):
    with pytest.raises(InputError, match="global_health"):
        das28_esr(2, 2, 20, bad)
    with pytest.raises(InputError, match="global_health"):
        das28_crp(2, 2, 5, bad)


@pytest.mark.parametrize("bad", [-1, 10.5, *BAD_NUMBERS])
@pytest.mark.parametrize("argument", ["patient_global", "evaluator_global"])
def test_cdai_globals_outside_0_to_10_cm_are_refused(argument, bad):
    values = {"patient_global": 3, "evaluator_global": 3, argument: bad}
    with pytest.raises(InputError, match=argument):
        cdai(2, 2, values["patient_global"], values["evaluator_global"])


@pytest.mark.parametrize("function", [das28_category, cdai_category, sdai_category])
@pytest.mark.parametrize("bad", [-0.1, 1000, *BAD_NUMBERS])
def test_categories_refuse_impossible_scores(function, bad):
    with pytest.raises(InputError, match="score"):
        function(bad)


@pytest.mark.parametrize("bad", [-0.1, 10.1, *BAD_NUMBERS])
def test_eular_response_refuses_impossible_das28(bad):
    with pytest.raises(InputError, match="das28_before"):
        eular_response(bad, 3)
    with pytest.raises(InputError, match="das28_now"):
        eular_response(5, bad)


@pytest.mark.parametrize("bad", ["positive", "weak", "", None, 3, "RF+"])
def test_unknown_serology_word_is_refused(bad):
    with pytest.raises(InputError, match="serology"):
        acr_eular_2010_score(0, 4, bad, False, 6)
    with pytest.raises(InputError, match="serology"):
        classify_ra_2010(0, 4, bad, False, 6)


@pytest.mark.parametrize(
    "argument, bad",
    [("large_joints", 11), ("large_joints", -1), ("large_joints", math.nan), ("small_joints", 29),
     ("small_joints", 1.5), ("acute_phase_abnormal", 1), ("acute_phase_abnormal", "yes"),
     ("duration_weeks", -1), ("duration_weeks", math.inf), ("duration_weeks", math.nan)],
)
def test_2010_criteria_refuse_impossible_inputs(argument, bad):
    values = {"large_joints": 1, "small_joints": 4, "serology": "low", "acute_phase_abnormal": True,
              "duration_weeks": 8, argument: bad}
    with pytest.raises(InputError, match=argument):
        acr_eular_2010_score(**values)


def test_importing_the_arthritis_models_loads_no_widgets_or_plotting():
    import subprocess
    import sys

    code = ("import sys; from musclepain_lib.arthritis import das28_esr, disease_course; "
            "print(any(m in sys.modules for m in ('ipywidgets', 'matplotlib')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_the_lessons_self_check_answers_agree_with_the_models():
    from musclepain_lib.learner.questions import load_questions

    questions = load_questions("05_rheumatoid_arthritis")
    das28 = questions["das28-example"]
    assert abs(das28_esr(9, 4, 30, 40) - das28.answer) <= das28.tolerance / 5
    assert das28_category(das28_esr(9, 4, 30, 40)) == "high"
    eular = questions["eular-response"]
    assert eular.choices[eular.answer] == eular_response(3.9, 3.0)
    points = questions["classification-points"]
    assert acr_eular_2010_score(4, 10, "low", True, 12) == points.answer
    practised = questions["acr-points"]
    assert acr_eular_2010_score(1, 3, "high", False, 4) == practised.answer
    assert not classify_ra_2010(1, 3, "high", False, 4)  # below the line of 6


def test_more_tender_or_swollen_joints_higher_esr_or_worse_health_never_lower_das28():
    for count in range(28):
        assert das28_esr(count + 1, 3, 20, 50) > das28_esr(count, 3, 20, 50)
        assert das28_crp(3, count + 1, 5, 50) > das28_crp(3, count, 5, 50)
    assert das28_esr(3, 3, 21, 50) > das28_esr(3, 3, 20, 50)
    assert das28_crp(3, 3, 5, 51) > das28_crp(3, 3, 5, 50)


def test_the_2010_score_never_falls_when_a_domain_gets_worse():
    levels = ("negative", "low", "high")
    for small in range(0, 28):
        for large in range(0, 10):
            base = acr_eular_2010_score(large, small, "low", False, 6)
            assert acr_eular_2010_score(large, small + 1, "low", False, 6) >= base
            assert acr_eular_2010_score(large + 1, small, "low", False, 6) >= base
    scores = [acr_eular_2010_score(0, 4, level, False, 6) for level in levels]
    assert scores == sorted(scores)


def test_2010_score_is_0_without_an_involved_joint_whatever_the_blood_tests():
    # The criteria apply only with at least one joint with synovitis (Aletaha et al. 2010).
    assert acr_eular_2010_points(0, 0, "high", True, 8)["serology"] == 3
    assert acr_eular_2010_score(0, 0, "high", True, 8) == 0
    assert acr_eular_2010_score(0, 1, "high", True, 8) == 2 + 3 + 1 + 1
