"""Lesson 01's self-check answers are the models' numbers (its conventions: tests/test_notebooks_clean.py)."""

import pytest

from musclepain_lib.learner.questions import load_questions
from musclepain_lib.electrolytes import adrogue_madias, nernst


def test_numeric_answers_agree_with_the_models():
    questions = load_questions("01_electrolytes")
    assert nernst(4, 155, 1) == pytest.approx(questions["ek-muscle"].answer, abs=questions["ek-muscle"].tolerance)
    assert adrogue_madias(108, 27, 513) == pytest.approx(
        questions["adrogue-saline"].answer, abs=questions["adrogue-saline"].tolerance
    )
