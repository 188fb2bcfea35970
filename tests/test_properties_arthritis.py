"""Properties of the arthritis scores and criteria, and of their handling of hostile input.

More tender or swollen joints, a higher ESR or CRP and a worse global health never lower
DAS28; the categories never go down as a score goes up; a lower DAS28 now never gives a
worse EULAR response; more joints or stronger serology never lower the 2010 score, which
stays within 0..10. Hostile input only ever raises InputError naming the argument.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fire_helpers import PROPERTY, topic_input_tests, topic_module

# A numeric warning (overflow, division by zero) would reach the learner's screen: it fails here.
pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")

ra = topic_module("arthritis")

joints = st.integers(0, 28)
esr = st.floats(1.0, 200.0)
crp = st.floats(0.0, 500.0)
health = st.floats(0.0, 100.0)
BANDS = {"remission": 0, "low": 1, "moderate": 2, "high": 3}
RESPONSES = {"none": 0, "moderate": 1, "good": 2}
SEROLOGY = ("negative", "low", "high")

VALID_CALLS = {
    "das28_esr": {"tjc28": 8, "sjc28": 6, "esr_mm_h": 38.0, "global_health": 60.0},
    "das28_esr_parts": {"tjc28": 8, "sjc28": 6, "esr_mm_h": 38.0, "global_health": 60.0},
    "das28_crp": {"tjc28": 8, "sjc28": 6, "crp_mg_l": 12.0, "global_health": 60.0},
    "das28_category": {"score": 4.1},
    "cdai": {"tjc28": 8, "sjc28": 6, "patient_global": 6.0, "evaluator_global": 5.0},
    "sdai": {"tjc28": 8, "sjc28": 6, "patient_global": 6.0, "evaluator_global": 5.0, "crp_mg_dl": 1.2},
    "cdai_category": {"score": 18.0},
    "sdai_category": {"score": 20.0},
    "eular_response": {"das28_before": 5.6, "das28_now": 3.1},
    "assess_eular_response": {"das28_before": 5.6, "das28_now": 3.1},
    "eular_response_regions": {"das28_top": 9.0, "improvement_top": 6.0},
    "ra_2010_applies": {"large_joints": 0, "small_joints": 1},
    "assess_ra_2010": {
        "large_joints": 2, "small_joints": 5, "serology": "high", "acute_phase_abnormal": True, "duration_weeks": 8.0,
    },
    "acr_eular_2010_points": {
        "large_joints": 2, "small_joints": 5, "serology": "high", "acute_phase_abnormal": True, "duration_weeks": 8.0,
    },
    "acr_eular_2010_score": {
        "large_joints": 2, "small_joints": 5, "serology": "high", "acute_phase_abnormal": True, "duration_weeks": 8.0,
    },
    "classify_ra_2010": {
        "large_joints": 2, "small_joints": 5, "serology": "high", "acute_phase_abnormal": True, "duration_weeks": 8.0,
    },
    "disease_course": {
        "years": 5.0, "treatment_start_years": 1.0, "treatment_effect": 0.7, "flares_per_year": 2.0,
        "untreated_das28": 5.5, "seed": 1,
    },
}

(
    test_every_public_function_is_listed_for_the_input_tests,
    test_hostile_input_raises_only_an_input_error_naming_the_argument,
    test_any_finite_number_in_any_argument_gives_a_finite_answer_or_an_input_error,
) = topic_input_tests(ra, VALID_CALLS, may_be_none={"treatment_start_years"})


# ----- DAS28 ----------------------------------------------------------------------------------
@PROPERTY
@given(t=joints, s=joints, e=esr, g=health, more_t=st.integers(0, 28), more_s=st.integers(0, 28))
def test_more_tender_or_swollen_joints_never_lower_das28(t, s, e, g, more_t, more_s):
    base = ra.das28_esr(t, s, e, g)
    assert 0.0 <= base <= 10.0
    assert ra.das28_esr(min(t + more_t, 28), s, e, g) >= base
    assert ra.das28_esr(t, min(s + more_s, 28), e, g) >= base
    assert ra.das28_crp(min(t + more_t, 28), s, 5.0, g) >= ra.das28_crp(t, s, 5.0, g)


@PROPERTY
@given(t=joints, s=joints, e=esr, c=crp, g=health, more=st.floats(0, 100))
def test_more_inflammation_or_worse_global_health_never_lowers_das28(t, s, e, c, g, more):
    assert ra.das28_esr(t, s, min(e + more, 200.0), g) >= ra.das28_esr(t, s, e, g)
    assert ra.das28_crp(t, s, min(c + more, 500.0), g) >= ra.das28_crp(t, s, c, g)
    assert ra.das28_esr(t, s, e, min(g + more, 100.0)) >= ra.das28_esr(t, s, e, g)
    assert 0.0 <= ra.das28_crp(t, s, c, g) <= 10.0


@PROPERTY
@given(t=joints, s=joints, e=esr, g=health)
def test_the_parts_of_das28_add_up_to_the_score(t, s, e, g):
    parts = ra.das28_esr_parts(t, s, e, g)
    assert all(math.isfinite(v) for v in parts.values())
    assert sum(parts.values()) == pytest.approx(ra.das28_esr(t, s, e, g), abs=1e-9)


@PROPERTY
@given(a=st.floats(0, 10), b=st.floats(0, 10))
def test_a_higher_das28_never_falls_in_a_milder_band(a, b):
    low, high = sorted((a, b))
    assert BANDS[ra.das28_category(high)] >= BANDS[ra.das28_category(low)]


# ----- CDAI and SDAI ---------------------------------------------------------------------------
@PROPERTY
@given(t=joints, s=joints, p=st.floats(0, 10), e=st.floats(0, 10), c=st.floats(0, 50))
def test_cdai_is_the_plain_sum_and_sdai_adds_crp(t, s, p, e, c):
    total = ra.cdai(t, s, p, e)
    assert total == pytest.approx(t + s + p + e)
    assert ra.sdai(t, s, p, e, c) == pytest.approx(total + c)
    assert ra.cdai_category(total) in BANDS and ra.sdai_category(total + c) in BANDS


@PROPERTY
@given(a=st.floats(0, 76), b=st.floats(0, 76))
def test_a_higher_cdai_or_sdai_never_falls_in_a_milder_band(a, b):
    low, high = sorted((a, b))
    assert BANDS[ra.cdai_category(high)] >= BANDS[ra.cdai_category(low)]
    assert BANDS[ra.sdai_category(high)] >= BANDS[ra.sdai_category(low)]


# ----- EULAR response ---------------------------------------------------------------------------
@PROPERTY
@given(before=st.floats(0, 10), now=st.floats(0, 10), lower=st.floats(0, 10))
def test_a_lower_das28_now_never_gives_a_worse_eular_response(before, now, lower):
    better_now = max(0.0, now - lower)
    assert RESPONSES[ra.eular_response(before, better_now)] >= RESPONSES[ra.eular_response(before, now)]


@PROPERTY
@given(before=st.floats(0, 10), now=st.floats(0, 10))
def test_getting_worse_is_never_a_response(before, now):
    if now >= before:
        assert ra.eular_response(before, now) == "none"


# ----- 2010 ACR/EULAR criteria ----------------------------------------------------------------------
@PROPERTY
@given(
    large=st.integers(0, 10), small=st.integers(0, 28), serology=st.sampled_from(SEROLOGY),
    acute=st.booleans(), weeks=st.floats(0, 5200), more_large=st.integers(0, 10), more_small=st.integers(0, 28),
)
def test_more_joints_or_stronger_serology_never_lower_the_2010_score(large, small, serology, acute, weeks, more_large, more_small):
    score = ra.acr_eular_2010_score(large, small, serology, acute, weeks)
    assert 0 <= score <= 10 and isinstance(score, int)
    assert ra.classify_ra_2010(large, small, serology, acute, weeks) == (score >= 6)
    assert ra.acr_eular_2010_score(min(large + more_large, 10), small, serology, acute, weeks) >= score
    assert ra.acr_eular_2010_score(large, min(small + more_small, 28), serology, acute, weeks) >= score
    stronger = SEROLOGY[min(2, SEROLOGY.index(serology) + 1)]
    assert ra.acr_eular_2010_score(large, small, stronger, acute, weeks) >= score
    assert ra.acr_eular_2010_score(large, small, serology, True, max(weeks, 6.0)) >= score
    points = ra.acr_eular_2010_points(large, small, serology, acute, weeks)
    assert score == (sum(points.values()) if ra.ra_2010_applies(large, small) else 0)


# ----- disease course ----------------------------------------------------------------------------
@PROPERTY
@given(
    years=st.floats(0.5, 30), start=st.one_of(st.none(), st.floats(0, 0.5)), effect=st.floats(0, 0.95),
    flares=st.floats(0, 12), level=st.floats(2.6, 9), seed=st.integers(0, 2**31 - 1),
)
def test_a_disease_course_is_finite_and_treatment_never_raises_activity(years, start, effect, flares, level, seed):
    course = ra.disease_course(years, start, effect, flares, level, seed)
    assert all(math.isfinite(v) for v in course.das28) and all(math.isfinite(v) for v in course.damage)
    assert all(a <= b + 1e-9 for a, b in zip(course.das28, course.untreated_das28))
    assert all(b >= a - 1e-9 for a, b in zip(course.damage, course.damage[1:])), "damage never heals"
