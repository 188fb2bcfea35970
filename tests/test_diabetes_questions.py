"""Lesson 04's self-check answers are what the course's own models compute."""

import pytest

from musclepain_lib.learner.questions import load_questions
from musclepain_lib.diabetes import (
    classify_dka,
    corrected_sodium,
    glucose_to_mmol,
    effective_osmolality,
    is_hhs,
    read_blood_gas,
    winters_expected_pco2,
)

QUESTIONS = load_questions("04_diabetic_ketoacidosis")


def answer_text(question_id):
    question = QUESTIONS[question_id]
    return question.choices[question.answer]


def test_the_kussmaul_gas_reads_as_compensated_high_gap_metabolic_acidosis():
    reading = read_blood_gas(7.21, 22.0, 8.5, na=138.0, cl=101.0)
    assert (reading.primary, reading.compensation) == ("metabolic acidosis", "appropriate")
    assert reading.anion_gap == pytest.approx(28.5)
    assert "appropriate" not in answer_text("gas-kussmaul") and "expects" in answer_text("gas-kussmaul")


def test_the_tiring_gas_reads_as_an_added_respiratory_acidosis():
    reading = read_blood_gas(7.02, 32.0, 8.0)
    assert reading.consistent and reading.compensation == "additional respiratory acidosis"
    assert "added respiratory acidosis" in answer_text("gas-tiring")


def test_the_vomiting_gas_reads_as_a_metabolic_alkalosis():
    reading = read_blood_gas(7.51, 48.0, 37.0)
    assert reading.consistent and reading.primary == "metabolic alkalosis"
    assert answer_text("gas-vomiting") == "Metabolic alkalosis"


def test_the_winters_answer_is_the_middle_of_the_formula_range():
    low, high = winters_expected_pco2(10.0)
    assert QUESTIONS["winters-10"].answer == pytest.approx((low + high) / 2)


def test_the_hhs_case_meets_the_consensus_criteria():
    # another patient than the one the lesson prints just before the question
    osm = effective_osmolality(148.0, 810.0)
    assert is_hhs(810.0, osm, 0.9, 7.38, 23.0) and classify_dka(810.0, 0.9, 7.38, 23.0) == "none"
    question = QUESTIONS["dka-or-hhs"]
    assert "Glucose 810 mg/dL, sodium 148 mmol/L, beta-hydroxybutyrate 0.9 mmol/L, pH 7.38, bicarbonate 23" in (
        question.prompt.replace(" (45.0 mmol/L)", ""))
    assert f"2 x 148 + {glucose_to_mmol(810.0):.1f} = {osm:.0f} mOsm/kg" in question.feedback[question.answer]
    assert "HHS" in answer_text("dka-or-hhs")


def test_the_corrected_sodium_answer_and_its_anticipated_mistakes_are_the_models():
    question = QUESTIONS["corrected-sodium"]
    na, glucose = 130.0, 1000.0
    assert "sodium 130 mmol/L and glucose 1000 mg/dL" in question.prompt
    assert question.answer == pytest.approx(corrected_sodium(na, glucose))
    mistakes = {m.label: m.value for m in question.mistakes}
    assert mistakes == pytest.approx({
        "total instead of the part above normal": na + 1.6 * glucose / 100.0,
        "Hillier factor for Katz": corrected_sodium(na, glucose, factor=2.4),
        "correction without the measured sodium": corrected_sodium(na, glucose) - na,
    })
    assert f"{corrected_sodium(na, glucose, factor=2.4):.1f} mmol/L" in question.explanation
