"""Lesson 04's self-check answers are what the course's own models compute."""

import pytest

from musclepain_lib.learner.questions import load_questions
from musclepain_lib.diabetes import (
    corrected_sodium,
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
    assert is_hhs(950.0, effective_osmolality(140.0, 950.0), 1.2, 7.34, 21.0)
    assert "HHS" in answer_text("dka-or-hhs")


def test_the_corrected_sodium_answer_is_the_katz_correction():
    assert QUESTIONS["corrected-sodium"].answer == pytest.approx(corrected_sodium(128.0, 700.0))
