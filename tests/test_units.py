"""Units written once: conversions both ways for every unit the questions use, and answers typed
with a unit read in the question's unit (converted with a note, or refused naming both quantities)."""

import json
from pathlib import Path

import pytest

from musclepain_lib.core import units
from musclepain_lib.core.errors import InputError
from musclepain_lib.learner.questions import check_answer, load_questions
from musclepain_lib.learner.units import read_answer

QUESTIONS = Path(__file__).resolve().parents[1] / "data" / "questions"


def _question_units() -> set[str]:
    found = set()
    for path in QUESTIONS.glob("*.json"):
        found |= {q["unit"] for q in json.loads(path.read_text())["questions"] if q["kind"] == "number"}
    return found


def test_published_factors():
    assert units.kpa_to_mmhg(1.0) == pytest.approx(7.50062, abs=1e-5)  # 1 mmHg = 133.322 Pa (BIPM)
    assert units.mmhg_to_kpa(40.0) == pytest.approx(5.333, abs=0.001)
    assert units.glucose_mmol_to_mg_dl(5.5) == pytest.approx(99.0)
    assert units.glucose_mg_dl_to_mmol(900.0) == pytest.approx(50.0)
    assert units.calcium_mmol_to_mg_dl(2.5) == pytest.approx(10.02)
    assert units.calcium_mg_dl_to_mmol(8.0) == pytest.approx(1.996, abs=0.001)


@pytest.mark.parametrize("unit", sorted(u for u in _question_units() if u in units.UNITS))
def test_every_question_unit_converts_both_ways_with_each_unit_of_its_quantity(unit):
    quantity = units.quantity_of(unit)
    for other, (measures, _size) in units.UNITS.items():
        if measures == quantity:
            there = units.convert(3.7, unit, other)
            assert units.convert(there, other, unit) == pytest.approx(3.7, rel=1e-12)


def test_the_time_and_pressure_examples():
    assert read_answer("2 days", "h") == (48.0, "Converted: 2 days = 48 h.")
    value, note = read_answer("3.07 kPa", "mmHg")
    assert value == pytest.approx(23.03, abs=0.01) and note.startswith("Converted: 3.07 kPa = 23.02")
    assert read_answer("90 min", "h")[0] == pytest.approx(1.5)


def test_a_unit_of_another_quantity_is_named():
    with pytest.raises(InputError, match=r"^mV measures voltage, the question asks for a pressure \(mmHg\)$"):
        read_answer("5 mV", "mmHg")
    with pytest.raises(InputError, match="'parsecs' is not a unit the course knows"):
        read_answer("12 parsecs", "mV")
    with pytest.raises(InputError, match="expected a number"):
        read_answer("about ten", "mV")


def test_spellings_and_plain_numbers():
    assert read_answer("-98", "mV") == (-98.0, "")
    assert read_answer("-98 mV", "mV") == (-98.0, "")
    assert read_answer("48 hours", "h") == (48.0, "")
    assert read_answer("3,5 mmol/l", "mmol/L") == (3.5, "")


def test_the_one_feedback_function_marks_a_converted_answer_right_and_says_so():
    question = next(q for q in load_questions("04_diabetic_ketoacidosis").values() if q.unit == "mmHg")
    kpa = units.mmhg_to_kpa(question.answer)
    correct, words = check_answer(question, f"{kpa:.3f} kPa")
    assert correct and words.startswith(f"Converted: {kpa:.3f} kPa = ") and "Right:" in words
    correct, words = check_answer(question, f"{question.answer:g} mmHg")
    assert correct and not words.startswith("Converted")
