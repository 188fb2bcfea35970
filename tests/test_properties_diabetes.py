"""Properties of the acid-base and ketoacidosis models, and of their handling of hostile input.

More bicarbonate at the same pCO2 never lowers pH; more CO2 never raises it; the
Henderson-Hasselbalch pair are each other's inverse; a worse pH, bicarbonate or mental
status never makes DKA less severe; the blood-gas reader's primary disorder always
agrees with the pH. Hostile input only ever raises InputError naming the argument.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fire_helpers import PROPERTY, hostile_argument_failures, topic_input_tests, topic_module

# A numeric warning (overflow, division by zero) would reach the learner's screen: it fails here.
pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")

db = topic_module("diabetes")

ph_values = st.floats(6.5, 8.0)
hco3_values = st.floats(1.0, 60.0)
pco2_values = st.floats(5.0, 150.0)
glucose_values = st.floats(1.0, 3000.0)
mental = st.sampled_from(["alert", "drowsy", "stupor", "coma"])
SEVERITY = {"none": 0, "mild": 1, "moderate": 2, "severe": 3}

VALID_CALLS = {
    "ph_from_bicarbonate": {"hco3": 24.0, "pco2_mmhg": 40.0},
    "bicarbonate_from_ph": {"ph": 7.4, "pco2_mmhg": 40.0},
    "anion_gap": {"na": 140.0, "cl": 104.0, "hco3": 10.0, "k": 4.0},
    "delta_ratio": {"gap": 26.0, "hco3": 10.0, "normal_gap": 7.0, "normal_hco3": 24.0},
    "winters_expected_pco2": {"hco3": 10.0},
    "corrected_sodium": {"na": 130.0, "glucose_mg_dl": 600.0, "factor": 1.6},
    "glucose_to_mmol": {"mg_dl": 180.0},
    "glucose_to_mg_dl": {"mmol": 10.0},
    "effective_osmolality": {"na": 140.0, "glucose_mg_dl": 600.0},
    "classify_dka": {
        "glucose_mg_dl": 450.0, "bohb": 5.0, "ph": 7.1, "hco3": 12.0, "known_diabetes": True,
        "mental_status": "drowsy",
    },
    "is_hhs": {"glucose_mg_dl": 900.0, "effective_osm": 340.0, "bohb": 1.0, "ph": 7.35, "hco3": 20.0},
    "read_blood_gas": {"ph": 7.1, "pco2_mmhg": 23.0, "hco3": 7.0, "na": 135.0, "cl": 100.0},
    "assess_blood_gas": {"reading": db.read_blood_gas(7.1, 23.0, 7.0, na=135.0, cl=100.0)},
    "ketone_grade_note": {"bohb": 8.4},
    "serum_potassium": {"potassium_deficit_mmol": 300.0, "ph": 7.1, "insulin_lack": 0.8},
    "simulate_dka": {
        "hours": 12.0, "insulin_deficit": 0.9, "fluid_intake_l_h": 0.05, "compensation": 1.0,
        "treatment_start_h": 6.0, "iv_fluids": True, "potassium_replacement": True,
        "sglt2_inhibitor": False, "weight_kg": 70.0, "dt_h": 0.5,
    },
}

(
    test_every_public_function_is_listed_for_the_input_tests,
    test_hostile_input_raises_only_an_input_error_naming_the_argument,
    test_any_finite_number_in_any_argument_gives_a_finite_answer_or_an_input_error,
) = topic_input_tests(db, VALID_CALLS, tried_elsewhere={"describe_dka_course", "assess_dka_course", "worst_point"})


def test_a_dka_course_description_refuses_anything_but_a_course_by_name():
    assert hostile_argument_failures(db.describe_dka_course, {"course": db.simulate_dka(hours=6.0)}) == []
    assert hostile_argument_failures(db.assess_dka_course, {"course": db.simulate_dka(hours=6.0)}) == []
    assert hostile_argument_failures(db.worst_point, {"course": db.simulate_dka(hours=6.0)}) == []



# ----- Henderson-Hasselbalch --------------------------------------------------------------------
@PROPERTY
@given(hco3=hco3_values, more=st.floats(0.0, 30.0), pco2=pco2_values)
def test_more_bicarbonate_at_the_same_pco2_never_lowers_ph(hco3, more, pco2):
    ph = db.ph_from_bicarbonate(hco3, pco2)
    assert math.isfinite(ph)
    assert db.ph_from_bicarbonate(min(hco3 + more, 60.0), pco2) >= ph


@PROPERTY
@given(hco3=hco3_values, pco2=pco2_values, more=st.floats(0.0, 50.0))
def test_more_carbon_dioxide_at_the_same_bicarbonate_never_raises_ph(hco3, pco2, more):
    assert db.ph_from_bicarbonate(hco3, min(pco2 + more, 150.0)) <= db.ph_from_bicarbonate(hco3, pco2)


@PROPERTY
@given(ph=st.floats(6.8, 7.8), pco2=st.floats(10.0, 100.0))
def test_bicarbonate_from_ph_undoes_ph_from_bicarbonate(ph, pco2):
    hco3 = db.bicarbonate_from_ph(ph, pco2)
    assert 0 < hco3 < 1000
    if hco3 <= 60.0:
        assert db.ph_from_bicarbonate(hco3, pco2) == pytest.approx(ph, abs=1e-9)


# ----- gap, Winter's formula, sodium and glucose ---------------------------------------------------------
@PROPERTY
@given(na=st.floats(100, 180), cl=st.floats(60, 140), hco3=hco3_values, k=st.floats(1, 10))
def test_the_anion_gap_is_sodium_minus_chloride_and_bicarbonate(na, cl, hco3, k):
    gap = db.anion_gap(na, cl, hco3)
    assert gap == pytest.approx(na - cl - hco3, abs=1e-9)
    assert db.anion_gap(na, cl, hco3, k) == pytest.approx(gap + k, abs=1e-9)


@PROPERTY
@given(hco3=hco3_values)
def test_winters_range_is_four_mmhg_wide_around_one_and_a_half_bicarbonate_plus_eight(hco3):
    low, high = db.winters_expected_pco2(hco3)
    assert high - low == pytest.approx(4.0)
    assert (low + high) / 2 == pytest.approx(1.5 * hco3 + 8)


@PROPERTY
@given(na=st.floats(100, 180), glucose=glucose_values, more=st.floats(0, 1000))
def test_more_glucose_never_lowers_corrected_sodium_or_effective_osmolality(na, glucose, more):
    higher = min(glucose + more, 3000.0)
    assert db.corrected_sodium(na, higher) >= db.corrected_sodium(na, glucose)
    assert db.effective_osmolality(na, higher) >= db.effective_osmolality(na, glucose)
    if glucose >= 100:
        assert db.corrected_sodium(na, glucose) >= na


@PROPERTY
@given(mg_dl=glucose_values)
def test_glucose_units_convert_back_and_forth(mg_dl):
    assert db.glucose_to_mg_dl(db.glucose_to_mmol(mg_dl)) == pytest.approx(mg_dl, rel=1e-12)


# ----- DKA and HHS ------------------------------------------------------------------------------------------
@PROPERTY
@given(
    glucose=glucose_values, bohb=st.floats(0, 30), ph=ph_values, hco3=hco3_values, known=st.booleans(),
    status=mental, lower_ph=st.floats(0, 0.5), lower_hco3=st.floats(0, 20), worse=st.integers(0, 3),
)
def test_a_worse_ph_bicarbonate_or_mental_status_never_makes_dka_less_severe(
    glucose, bohb, ph, hco3, known, status, lower_ph, lower_hco3, worse
):
    states = ("alert", "drowsy", "stupor", "coma")
    now = db.classify_dka(glucose, bohb, ph, hco3, known, status)
    assert now in SEVERITY
    worse_status = states[min(len(states) - 1, states.index(status) + worse)]
    for args in (
        (glucose, bohb, max(ph - lower_ph, 6.5), hco3, known, status),
        (glucose, bohb, ph, max(hco3 - lower_hco3, 0.5), known, status),
        (glucose, bohb, ph, hco3, known, worse_status),
    ):
        if now != "none":
            assert SEVERITY[db.classify_dka(*args)] >= SEVERITY[now], args


@PROPERTY
@given(glucose=glucose_values, bohb=st.floats(0, 30), ph=ph_values, hco3=hco3_values, status=mental)
def test_no_dka_without_ketones_of_three_or_with_normal_acid_base(glucose, bohb, ph, hco3, status):
    severity = db.classify_dka(glucose, bohb, ph, hco3, True, status)
    if bohb < 3.0 or (ph >= 7.3 and hco3 >= 18.0):
        assert severity == "none"


@PROPERTY
@given(glucose=glucose_values, osm=st.floats(200, 450), bohb=st.floats(0, 30), ph=ph_values, hco3=hco3_values)
def test_hhs_is_a_yes_or_no_that_needs_very_high_glucose_and_osmolality(glucose, osm, bohb, ph, hco3):
    answer = db.is_hhs(glucose, osm, bohb, ph, hco3)
    assert isinstance(answer, bool)
    if glucose < 600 or osm <= 300:
        assert answer is False


# ----- the blood-gas reader ---------------------------------------------------------------------------------
@PROPERTY
@given(ph=ph_values, pco2=pco2_values, hco3=hco3_values, gap_given=st.booleans())
def test_the_primary_disorder_always_agrees_with_the_ph(ph, pco2, hco3, gap_given):
    extra = {"na": 140.0, "cl": 100.0} if gap_given else {}
    reading = db.read_blood_gas(ph, pco2, hco3, **extra)
    if ph < 7.35:
        assert reading.primary.endswith("acidosis")
    elif ph > 7.45:
        assert reading.primary.endswith("alkalosis")
    else:
        assert reading.primary == "normal"
    assert (reading.compensation is not None) == (reading.primary == "metabolic acidosis")
    assert (reading.anion_gap is not None) == gap_given
    assert reading.steps and all(isinstance(s, str) and s for s in reading.steps)


@PROPERTY
@given(
    hours=st.floats(1, 48), deficit=st.floats(0, 1), drink=st.floats(0, 1), compensation=st.floats(0, 1),
    start=st.one_of(st.none(), st.floats(0, 48)), fluids=st.booleans(), potassium=st.booleans(), sglt2=st.booleans(),
)
def test_a_dka_course_stays_finite_and_within_the_bounds_of_life_it_reports(
    hours, deficit, drink, compensation, start, fluids, potassium, sglt2
):
    course = db.simulate_dka(hours, deficit, drink, compensation, start, fluids, potassium, sglt2, dt_h=0.5)
    for name in ("glucose_mg_dl", "bohb", "hco3", "pco2_mmhg", "ph", "potassium"):
        values = getattr(course, name)
        assert all(math.isfinite(v) for v in values), name
    assert all(6.5 <= v <= 8.0 for v in course.ph)
    assert all(v > 0 for v in course.hco3) and all(v >= 0 for v in course.bohb)
    assert set(course.severity) <= set(SEVERITY)
