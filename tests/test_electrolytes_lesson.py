"""Lesson 01's self-check answers are the models' numbers (its conventions: tests/test_notebooks_clean.py)."""

import pytest

from musclepain_lib.learner.questions import load_questions
from musclepain_lib.electrolytes import adrogue_madias, ion_concentrations, nernst, total_body_water


def test_numeric_answers_agree_with_the_models():
    questions = load_questions("01_electrolytes")
    neuron = ion_concentrations("neuron").set_index("ion").loc["K"]  # a new case: the lesson prints muscle's
    assert (neuron.c_out, neuron.c_in) == (5, 140) and "5 mmol/L" in questions["ek-muscle"].prompt
    assert nernst(neuron.c_out, neuron.c_in, 1) == pytest.approx(questions["ek-muscle"].answer, abs=0.1)
    muscle = next(m for m in questions["ek-muscle"].mistakes if m.label == "muscle values for the neuron")
    assert nernst(4, 155, 1) == pytest.approx(muscle.value, abs=0.1)
    body_water = total_body_water(50, "female", elderly=True)  # a new patient: the lesson prints the 60 kg woman's
    assert body_water == 22.5 and "22.5 L" in questions["adrogue-saline"].prompt
    assert adrogue_madias(110, body_water, 513) == pytest.approx(questions["adrogue-saline"].answer, abs=0.05)
