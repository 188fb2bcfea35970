"""Self-check questions: read from data files, checked, and answered with feedback and hints."""

import json

import pytest

from musclepain_lib import DataFileError, InputError
from musclepain_lib.core import data as data_module
from musclepain_lib.learner.progress import ProgressStore
from musclepain_lib.learner.questions import Mistake, check_answer, list_question_files, load_questions, question_html
from musclepain_lib.learner.selfcheck import self_check


@pytest.mark.parametrize("lesson", list_question_files())
def test_every_question_file_of_the_course_is_valid(lesson):
    questions = load_questions(lesson)
    assert questions
    for question in questions.values():
        assert question.explanation.strip() and len(question.hints) <= 3


def test_a_choice_gets_its_own_feedback():
    question = load_questions("00_welcome")["red-flag-calf"]
    assert check_answer(question, question.answer)[0] is True
    cramp = next(i for i, choice in enumerate(question.choices) if "cramp" in choice)
    correct, feedback = check_answer(question, cramp)
    assert correct is False and "cramp" in feedback.lower()


def test_a_number_is_right_within_its_tolerance_and_says_which_way_it_is_off(tmp_path, monkeypatch):
    folder = tmp_path / "questions"
    folder.mkdir()
    (folder / "99_test.json").write_text(json.dumps({"lesson": "99_test", "questions": [
        {"id": "ek", "kind": "number", "prompt": "E_K?", "answer": -98, "tolerance": 2, "unit": "mV",
         "hints": ["Nernst"], "explanation": "61.5 log10(4/155)"}]}))
    monkeypatch.setattr(data_module, "data_dir", lambda: tmp_path)
    monkeypatch.setattr("musclepain_lib.learner.questions.data_dir", lambda: tmp_path)
    data_module._cached_json_text.cache_clear()
    try:
        question = load_questions("99_test")["ek"]
        assert check_answer(question, -97)[0] is True
        assert check_answer(question, -90) == (False, "Not quite: -90 mV is too high.")
        with pytest.raises(InputError, match="answer = 'x'"):
            check_answer(question, "x")
    finally:
        data_module._cached_json_text.cache_clear()


@pytest.mark.parametrize(
    "item, fragment",
    [
        ({"id": "a", "kind": "choice", "prompt": "p", "explanation": "e", "answer": 5, "choices": ["x", "y"], "feedback": ["1", "2"]}, "field 'answer'"),
        ({"id": "a", "kind": "choice", "prompt": "p", "explanation": "e", "answer": 0, "choices": ["x", "y"], "feedback": ["1"]}, "field 'feedback'"),
        ({"id": "a", "kind": "number", "prompt": "p", "explanation": "e", "answer": 1, "tolerance": 0, "unit": "mV"}, "field 'tolerance'"),
        ({"id": "a", "kind": "number", "prompt": "p", "explanation": "e", "answer": 1, "tolerance": 1, "unit": "mV", "hints": ["1", "2", "3", "4"]}, "at most 3"),
        ({"id": "a", "kind": "essay", "prompt": "p", "explanation": "e", "answer": 1}, "field 'kind'"),
        ({"id": "a", "kind": "number", "prompt": "p", "answer": 1}, "field 'explanation' is missing"),
    ],
)
def test_a_malformed_question_names_the_file_and_question(tmp_path, monkeypatch, item, fragment):
    folder = tmp_path / "questions"
    folder.mkdir()
    (folder / "99_bad.json").write_text(json.dumps({"questions": [item]}))
    monkeypatch.setattr(data_module, "data_dir", lambda: tmp_path)
    data_module._cached_json_text.cache_clear()
    try:
        with pytest.raises(DataFileError, match=rf"questions/99_bad.json: question 1.*{fragment}"):
            load_questions("99_bad")
    finally:
        data_module._cached_json_text.cache_clear()


def test_the_widget_checks_gives_hints_one_at_a_time_explains_and_saves(tmp_path):
    store = ProgressStore(tmp_path / "progress.json")
    widget = self_check("00_welcome", "red-flag-calf", store=store)
    assert widget.check() is None
    widget.answer_input.value = 0
    assert widget.check() is False and "Not yet" in widget.feedback.value
    widget.next_hint()
    assert "Hint 1" in widget.hints.value and "Hint 2" not in widget.hints.value
    widget.next_hint()
    widget.next_hint()
    assert widget.hint_button.disabled
    widget.answer_input.value = 2
    assert widget.check() is True
    widget.explain()
    assert "deep-vein thrombosis" in widget.explanation.value
    saved = ProgressStore(tmp_path / "progress.json").load()["answers"]["00_welcome/red-flag-calf"]
    assert saved == {**saved, "attempts": 2, "correct": True, "last_answer": 2}


def _every_question():
    return [q for lesson in list_question_files() for q in load_questions(lesson).values()]


@pytest.mark.parametrize("question", _every_question(), ids=lambda q: f"{q.lesson}/{q.id}")
def test_a_saved_self_check_shows_the_question_and_hints_but_never_the_answer(question, tmp_path):
    from html import escape

    widget = self_check(question.lesson, question.id, store=ProgressStore(tmp_path / "p.json"))
    for static in (question_html(question), widget._repr_mimebundle_()["text/html"],
                   widget._repr_mimebundle_()["text/plain"]):
        assert escape(question.explanation) not in static and question.explanation not in static
        assert "Answer:" not in static and "explanation</summary>" not in static
        for feedback in question.feedback + tuple(m.feedback for m in question.mistakes):
            assert escape(feedback) not in static
        if question.kind == "number":
            said = question.prompt + " ".join(question.hints)
            if f"{question.answer:g}" not in said:
                assert f"{question.answer:g}" not in static
    static = question_html(question)
    assert escape(question.prompt) in static
    assert all(f"<summary>Hint {i}</summary>" in static for i in range(1, len(question.hints) + 1))


def test_under_its_question_a_self_check_carries_a_line_shown_only_where_no_kernel_holds_it(tmp_path):
    from musclepain_lib.core.kernel_note import NOTE_CLASS
    from musclepain_lib.learner.selfcheck import RESTORED_NOTE

    widget = self_check("00_welcome", "red-flag-calf", store=ProgressStore(tmp_path / "p.json"))
    prompt, note = widget.children[:2]
    assert "Self-check." in prompt.value
    assert NOTE_CLASS in note._dom_classes and RESTORED_NOTE in note.value


def test_unknown_lessons_and_questions_are_named():
    with pytest.raises(InputError, match="lesson = '99_none'"):
        load_questions("99_none")
    with pytest.raises(InputError, match="question_id = 'nope'"):
        self_check("00_welcome", "nope")


def test_a_number_question_left_untouched_asks_for_an_answer_instead_of_checking_zero(tmp_path):
    from musclepain_lib.learner.questions import Question
    from musclepain_lib.learner.selfcheck import QuestionWidget

    question = Question(lesson="99", id="zero", kind="number", prompt="Gap?", explanation="e",
                        answer=12.0, tolerance=1.0, unit="mmol/L")
    widget = QuestionWidget.build(question, ProgressStore(tmp_path / "progress.json"))
    assert widget.check() is None and "answer first" in widget.feedback.value
    widget.answer_input.value = "  "
    assert widget.check() is None and "answer first" in widget.feedback.value
    widget.answer_input.value = "12.5"
    assert widget.check() is True


def _pressure_question():
    from musclepain_lib.learner.questions import Question

    return Question(lesson="99", id="pco2", kind="number", prompt="Expected pCO2?", explanation="e",
                    answer=23.0, tolerance=0.5, unit="mmHg",
                    mistakes=(Mistake(15.0, 0.5, "Winter's formula adds 8 mmHg.", "8 mmHg left out"),))


def test_the_number_box_is_a_text_box_that_takes_a_plain_number_or_a_number_with_its_unit(tmp_path):
    import ipywidgets as widgets

    from musclepain_lib.core.units import kpa_to_mmhg
    from musclepain_lib.learner.selfcheck import QuestionWidget

    store = ProgressStore(tmp_path / "progress.json")
    widget = QuestionWidget.build(_pressure_question(), store)
    assert isinstance(widget.answer_input, widgets.Text) and widget.answer_input.value == ""
    widget.answer_input.value = "23"
    assert widget.check() is True and "Converted" not in widget.feedback.value
    widget.answer_input.value = "3.07 kPa"  # 23.03 mmHg
    assert widget.check() is True
    assert "Converted: 3.07 kPa = 23.02" in widget.feedback.value and "Right: 23 mmHg" in widget.feedback.value
    widget.answer_input.value = "23 mmHg"
    assert widget.check() is True and "Converted" not in widget.feedback.value
    widget.answer_input.value = "2 kPa"  # 15.0 mmHg: the anticipated mistake, read in the question's unit
    assert widget.check() is False and "formula adds 8 mmHg." in widget.feedback.value
    entry = store.load()["answers"]["99/pco2"]
    assert entry["attempts"] == 4 and entry["last_answer"] == pytest.approx(kpa_to_mmhg(2.0))
    assert entry["misconceptions"] == ["8 mmHg left out"]


@pytest.mark.parametrize("typed, said", [
    ("5 mV", "mV measures voltage, the question asks for a pressure (mmHg)"),
    ("12 parsecs", "'parsecs' is not a unit the course knows"),
    ("about twenty", "expected a number"),
    ("nan", "expected a number"),
    ("1e400", "answer = inf"),
])
def test_an_entry_the_box_cannot_read_is_named_in_words_never_a_traceback(tmp_path, typed, said):
    from html import escape

    from musclepain_lib.learner.selfcheck import QuestionWidget

    store = ProgressStore(tmp_path / "progress.json")
    widget = QuestionWidget.build(_pressure_question(), store)
    widget.answer_input.value = typed
    assert widget.check() is None
    assert escape(said) in widget.feedback.value and "Type a number in mmHg" in widget.feedback.value
    assert "Traceback" not in widget.feedback.value
    assert "99/pco2" not in store.load().get("answers", {})  # an unreadable entry is not an attempt


def test_every_number_self_check_of_lesson_04_takes_its_answer_in_another_unit_where_one_exists(tmp_path):
    from musclepain_lib.core.units import UNITS, convert

    for question in load_questions("04_diabetic_ketoacidosis").values():
        if question.kind != "number":
            continue
        widget = self_check(question.lesson, question.id, store=ProgressStore(tmp_path / "p.json"))
        widget.answer_input.value = f"{question.answer:g}"
        assert widget.check() is True, question.id
        others = [u for u, (q, _s) in UNITS.items() if question.unit in UNITS and q == UNITS[question.unit][0]
                  and u != question.unit]
        for other in others:
            widget.answer_input.value = f"{convert(question.answer, question.unit, other):.6g} {other}"
            assert widget.check() is True and "Converted" in widget.feedback.value, (question.id, other)


def test_the_explanation_opens_only_after_an_answer_or_every_hint(tmp_path, monkeypatch):
    monkeypatch.delenv("MUSCLEPAIN_EXPLANATION_FIRST", raising=False)
    store = ProgressStore(tmp_path / "p.json")
    widget = self_check("01_electrolytes", "ek-muscle", store=store)
    assert widget.explain_button.disabled
    widget.explain()
    assert "Try an answer first" in widget.explanation.value and widget.question.explanation not in widget.explanation.value
    for _ in widget.question.hints:
        widget.next_hint()
    assert not widget.explain_button.disabled  # every hint seen
    other = self_check("01_electrolytes", "ek-muscle", store=store)
    other.answer_input.value = "89.1"
    assert other.check() is False and not other.explain_button.disabled
    other.explain()
    assert "Answer: " in other.explanation.value
    entry = store.load()["answers"]["01_electrolytes/ek-muscle"]
    assert "revealed" not in entry and entry["misconceptions"] == ["sign of the Nernst potential"]


def test_a_course_that_lets_the_answer_show_first_records_it_and_never_counts_a_first_try(tmp_path, monkeypatch):
    from musclepain_lib.learner.progress_view import progress_view

    monkeypatch.setenv("MUSCLEPAIN_EXPLANATION_FIRST", "1")
    store = ProgressStore(tmp_path / "p.json")
    widget = self_check("00_welcome", "red-flag-calf", store=store)
    assert not widget.explain_button.disabled
    widget.explain()
    assert "Answer: " in widget.explanation.value
    widget.answer_input.value = widget.question.answer
    assert widget.check() is True
    entry = store.load()["answers"]["00_welcome/red-flag-calf"]
    assert entry["revealed"] is True and entry["first_correct"] is False and entry["correct"] is True
    assert [r["event"] for r in store.load()["attempts"]] == ["reveal", "answer"]
    item = progress_view(store).lesson("00_welcome")
    assert (item.checks_revealed, item.checks_right_first, item.checks_right) == (1, 0, 1)
    assert "answer shown before trying 1" in str(progress_view(store))
