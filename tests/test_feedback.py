"""Feedback on the mistake the learner actually made, in the words the lessons use.

Every number self-check anticipates at least one common mistake (a wrong sign, a forgotten
logarithm, the wrong threshold, the wrong unit, the peak for the return) with its own
feedback; an exercise check says what probably went wrong instead of always the same hint;
hints and feedback name only functions the lessons use.
"""

import json
import re
from pathlib import Path

import pytest

from musclepain_lib import DataFileError
from musclepain_lib.core import data as data_module
from musclepain_lib.learner.exercises import check_exercise, what_went_wrong
from musclepain_lib.learner.progress import ProgressStore
from musclepain_lib.learner.questions import feedback_for, list_question_files, load_questions

ROOT = Path(__file__).resolve().parent.parent
ALL = [(lesson, q) for lesson in list_question_files() for q in load_questions(lesson).values()]
NUMBERS = [(lesson, q) for lesson, q in ALL if q.kind == "number"]


@pytest.mark.parametrize("lesson, question", NUMBERS, ids=[f"{l}/{q.id}" for l, q in NUMBERS])
def test_every_number_question_anticipates_a_mistake_and_answers_it_with_its_own_feedback(lesson, question):
    assert question.mistakes, f"{lesson}/{question.id} anticipates no mistake"
    for mistake in question.mistakes:
        text = feedback_for(question, mistake.value)
        assert mistake.feedback in text and "too high" not in text and "too low" not in text
    assert "Right" in feedback_for(question, question.answer)


def test_the_wrong_sign_of_the_potassium_potential_is_named_as_a_sign():
    question = load_questions("01_electrolytes")["ek-muscle"]
    assert "wrong sign" in feedback_for(question, 89.1)
    assert "logarithm" in feedback_for(question, 2.2)
    assert "skeletal muscle" in feedback_for(question, -97.7)  # the muscle's value, printed above it
    assert feedback_for(question, -60) == "Not quite: -60 mV is too high."


def test_a_rate_rising_from_zero_at_the_repetitive_threshold_is_told_apart():
    question = load_questions("02_cramps")["repetitive-threshold"]
    assert "cannot fire slowly" in feedback_for(question, 13.5)
    assert "not proportional to the current" in feedback_for(question, 47.6)


def test_the_peak_given_for_the_return_to_baseline_is_told_apart():
    question = load_questions("03_muscle_growth")["banister"]
    assert "peak performance" in feedback_for(question, 28.3)
    assert "typical tau2" in feedback_for(question, 15.6)  # the typical constants, printed above it


def _write_question(tmp_path, monkeypatch, **fields):
    folder = tmp_path / "questions"
    folder.mkdir(exist_ok=True)
    item = {"id": "ek", "kind": "number", "prompt": "E_K?", "answer": -98, "tolerance": 2, "unit": "mV",
            "explanation": "61.5 log10(4/155)", **fields}
    (folder / "99_test.json").write_text(json.dumps({"lesson": "99_test", "questions": [item]}))
    monkeypatch.setattr(data_module, "data_dir", lambda: tmp_path)
    monkeypatch.setattr("musclepain_lib.learner.questions.data_dir", lambda: tmp_path)
    data_module._cached_json_text.cache_clear()


@pytest.mark.parametrize(
    "mistakes, fragment",
    [
        ([{"value": -97, "tolerance": 2, "feedback": "x"}], "overlaps the right answer"),
        ([{"value": 98, "tolerance": 0, "feedback": "x"}], "tolerance"),
        ([{"value": 98, "tolerance": 1}], "feedback"),
        ([{"value": "98", "tolerance": 1, "feedback": "x"}], "value"),
        ({"value": 98}, "expected a list"),
        ([{"value": 98, "tolerance": 1, "feedback": "x"}], "'label' must name the misconception"),
        ([{"value": 98, "tolerance": 1, "feedback": "x", "label": " "}], "'label' must name the misconception"),
    ],
)
def test_a_malformed_mistake_is_refused_with_its_question(tmp_path, monkeypatch, mistakes, fragment):
    _write_question(tmp_path, monkeypatch, mistakes=mistakes)
    try:
        with pytest.raises(DataFileError, match=fragment):
            load_questions("99_test")
    finally:
        data_module._cached_json_text.cache_clear()


def test_of_two_matching_mistakes_the_nearer_one_speaks(tmp_path, monkeypatch):
    _write_question(tmp_path, monkeypatch, mistakes=[
        {"value": 10, "tolerance": 5, "feedback": "Ten.", "label": "ten"},
        {"value": 14, "tolerance": 5, "feedback": "Fourteen.", "label": "fourteen"}])
    try:
        question = load_questions("99_test")["ek"]
        assert feedback_for(question, 13) == "Not quite: 13 mV. Fourteen."
        assert feedback_for(question, 9) == "Not quite: 9 mV. Ten."
    finally:
        data_module._cached_json_text.cache_clear()


def test_an_exercise_check_says_what_went_wrong_not_always_the_first_hint(tmp_path):
    store = ProgressStore(tmp_path / "p.json")
    question = load_questions("06_case_studies")["thiazide-ek"]
    first_hint = question.hints[0]
    anticipated = check_exercise("06_case_studies", "thiazide-ek", -97.7, store)
    assert "normal serum potassium" in anticipated and first_hint not in anticipated
    near = check_exercise("06_case_studies", "thiazide-ek", -110.0, store)
    assert "one value you passed in" in near and first_hint not in near
    flipped = check_exercise("06_case_studies", "thiazide-ek", 60.0, store)
    assert "sign" in flipped and first_hint not in flipped
    lost = check_exercise("06_case_studies", "thiazide-ek", -2.0, store)
    assert first_hint in lost
    assert what_went_wrong(load_questions("06_case_studies")["dka-severity"], 0) == ""


def _texts(question):
    return [question.prompt, question.explanation, *question.hints, *question.feedback,
            *(m.feedback for m in question.mistakes)]


def _lesson_code() -> str:
    code = []
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] == "code":
                code.append("".join(cell["source"]))
    return "\n".join(code)


def test_hints_and_feedback_name_only_functions_a_lesson_uses():
    code = _lesson_code()
    for lesson, question in ALL:
        for text in _texts(question):
            for name in re.findall(r"\b([a-z][a-z0-9_]*_[a-z0-9_]*)\(", text):
                assert re.search(rf"\b{name}\(", code), f"{lesson}/{question.id} names {name}(), which no lesson uses"


def test_no_text_of_a_question_has_a_double_full_stop():
    for lesson, question in ALL:
        for text in _texts(question):
            assert not re.search(r"(?<!\.)\.\.(?!\.)", text), f"{lesson}/{question.id}: {text}"


def test_the_explanation_of_a_choice_ending_in_a_full_stop_has_no_second_one(tmp_path):
    from musclepain_lib.learner.selfcheck import self_check

    widget = self_check("01_electrolytes", "hyperkalaemia-direction", ProgressStore(tmp_path / "p.json"))
    widget.explain()
    assert ".." not in widget.explanation.value.replace("...", "")


def test_every_preset_or_scenario_a_question_names_is_one_an_explorer_offers():
    import importlib

    from musclepain_lib.core.explorer import Preset
    from musclepain_lib.core.manifest import topic_names

    offered = set()
    for topic in topic_names():  # the presets are module-level records: no explorer needs opening
        module = importlib.import_module(f"musclepain_lib.{topic}.widget")
        for value in vars(module).values():
            if isinstance(value, tuple) and value and all(isinstance(item, Preset) for item in value):
                offered.update(item.name for item in value)
    assert "over_drinking_marathon" in offered
    for lesson, question in ALL:
        for text in _texts(question):
            for name in re.findall(r"'?\b([a-z]+(?:_[a-z]+)+)\b'? (?:preset|scenario)", text):
                assert name in offered, f"{lesson}/{question.id} names the preset {name!r}, which no explorer offers"
