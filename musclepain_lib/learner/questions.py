"""Self-check questions: multiple choice and numeric, with feedback, hints and an explanation.

Questions live in data files, ``data/questions/<lesson>.json``::

    {"lesson": "01_electrolytes",
     "questions": [
       {"id": "ek-normal", "kind": "number", "prompt": "...", "answer": -98, "tolerance": 2,
        "unit": "mV", "mistakes": [{"value": 98, "tolerance": 2, "feedback": "That is the right
        size with the wrong sign: ..."}], "hints": ["...", "..."], "explanation": "...",
        "source": "..."},
       {"id": "synapse", "kind": "choice", "prompt": "...", "choices": ["...", "..."],
        "answer": 1, "feedback": ["why not", "yes, because"], "hints": ["..."],
        "explanation": "...", "source": "..."}]}

A number question lists the mistakes it anticipates (``mistakes``: a wrong sign, a
forgotten logarithm, the wrong threshold, the wrong unit...), each with its own
feedback. :func:`feedback_for` is the one place that turns an answer into feedback:
the widget, the exercise checks and the static site all call it.

A question is shown with :func:`musclepain_lib.learner.selfcheck.self_check`; the learner's attempts go to the local
progress file (:mod:`musclepain_lib.learner.progress`).
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass

from musclepain_lib.core.data import data_dir, load_json
from musclepain_lib.core.errors import DataFileError, InputError
from musclepain_lib.core.validation import check_number
from musclepain_lib.learner.units import read_answer

__all__ = [
    "Mistake",
    "Question",
    "load_questions",
    "list_question_files",
    "check_answer",
    "feedback_for",
    "matching_mistake",
    "misconception_of",
    "question_anchor",
    "question_html",
]

MAX_HINTS = 3
MAX_LABEL = 50


@dataclass(frozen=True)
class Mistake:
    """An anticipated wrong answer to a number question, and what to tell the learner who gives it."""

    value: float
    tolerance: float
    feedback: str
    label: str = ""  # the misconception's short name, counted by the progress view and the class report


@dataclass(frozen=True)
class Question:
    lesson: str
    id: str
    kind: str  # "choice" or "number"
    prompt: str
    explanation: str
    hints: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()
    feedback: tuple[str, ...] = ()
    answer: float | int = 0
    tolerance: float = 0.0
    unit: str = ""
    source: str = ""
    mistakes: tuple[Mistake, ...] = ()
    #: For a coding exercise: the likely cause when the learner's cell stops with an error (optional).
    error_cause: str = ""


def list_question_files() -> list[str]:
    """The lessons that have questions, by file name without ``.json``."""
    return sorted(p.stem for p in (data_dir() / "questions").glob("*.json"))


def load_questions(lesson: str) -> dict[str, Question]:
    """Read and check ``data/questions/<lesson>.json``; return its questions by id."""
    name = f"questions/{lesson}.json"
    try:
        raw = load_json(name)
    except FileNotFoundError:
        raise InputError(
            f"lesson = {lesson!r} is not allowed: expected one of {', '.join(list_question_files())}"
        ) from None
    if not isinstance(raw, dict) or not isinstance(raw.get("questions"), list):
        raise DataFileError(f"{name}: expected an object with a list 'questions'")
    questions = {}
    for number, item in enumerate(raw["questions"], start=1):
        question = _parse(name, lesson, number, item)
        if question.id in questions:
            raise DataFileError(f"{name}: question {number}: id {question.id!r} is used twice")
        questions[question.id] = question
    return questions


def _parse(name, lesson, number, item) -> Question:
    where = f"{name}: question {number}"
    if not isinstance(item, dict):
        raise DataFileError(f"{where}: expected an object")
    for key in ("id", "kind", "prompt", "explanation", "answer"):
        if key not in item:
            raise DataFileError(f"{where}: field {key!r} is missing")
    hints = tuple(item.get("hints", ()))
    if len(hints) > MAX_HINTS:
        raise DataFileError(f"{where}, field 'hints': {len(hints)} hints, at most {MAX_HINTS}")
    common = dict(
        lesson=lesson, id=str(item["id"]), kind=item["kind"], prompt=item["prompt"],
        explanation=item["explanation"], hints=hints, source=item.get("source", ""),
        error_cause=str(item.get("error_cause", "")),
    )
    if item["kind"] == "choice":
        choices = tuple(item.get("choices", ()))
        feedback = tuple(item.get("feedback", ()))
        answer = item["answer"]
        if len(choices) < 2:
            raise DataFileError(f"{where}, field 'choices': at least two choices are needed")
        if len(feedback) != len(choices):
            raise DataFileError(f"{where}, field 'feedback': one feedback per choice is needed")
        if not isinstance(answer, int) or not 0 <= answer < len(choices):
            raise DataFileError(f"{where}, field 'answer': {answer!r} is not the index of a choice")
        return Question(**common, choices=choices, feedback=feedback, answer=answer)
    if item["kind"] == "number":
        answer, tolerance = item["answer"], item.get("tolerance")
        for key, value in (("answer", answer), ("tolerance", tolerance)):
            if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value):
                raise DataFileError(f"{where}, field {key!r}: {value!r} is not a number")
        if tolerance <= 0:
            raise DataFileError(f"{where}, field 'tolerance': must be above 0")
        if "unit" not in item:
            raise DataFileError(f"{where}: field 'unit' is missing")
        mistakes = _parse_mistakes(where, item.get("mistakes", []), float(answer), float(tolerance))
        return Question(
            **common, answer=float(answer), tolerance=float(tolerance), unit=item["unit"], mistakes=mistakes
        )
    raise DataFileError(f"{where}, field 'kind': {item['kind']!r} is not 'choice' or 'number'")


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _parse_mistakes(where, raw, answer: float, tolerance: float) -> tuple[Mistake, ...]:
    """Check a number question's anticipated mistakes: none may overlap the right answer."""
    if not isinstance(raw, list):
        raise DataFileError(f"{where}, field 'mistakes': expected a list")
    mistakes = []
    for number, item in enumerate(raw, start=1):
        at = f"{where}, mistake {number}"
        if not isinstance(item, dict) or not {"value", "tolerance", "feedback"} <= set(item):
            raise DataFileError(f"{at}: expected an object with 'value', 'tolerance' and 'feedback'")
        value, slack, text = item["value"], item["tolerance"], item["feedback"]
        if not _is_number(value) or not _is_number(slack) or slack <= 0:
            raise DataFileError(f"{at}: 'value' must be a number and 'tolerance' a number above 0")
        if not isinstance(text, str) or not text.strip():
            raise DataFileError(f"{at}: 'feedback' must be a sentence")
        if abs(value - answer) < slack + tolerance:
            raise DataFileError(f"{at}: {value:g} ± {slack:g} overlaps the right answer {answer:g} ± {tolerance:g}")
        label = item.get("label", "")
        if not isinstance(label, str) or not label.strip() or len(label) > MAX_LABEL:
            raise DataFileError(f"{at}: 'label' must name the misconception in at most {MAX_LABEL} characters")
        mistakes.append(Mistake(float(value), float(slack), text.strip(), label.strip()))
    return tuple(mistakes)


def matching_mistake(question: Question, answer: float) -> Mistake | None:
    """The anticipated mistake an answer matches (the nearest, if several do), or None."""
    near = [m for m in question.mistakes if abs(answer - m.value) <= m.tolerance]
    return min(near, key=lambda m: abs(answer - m.value)) if near else None


def misconception_of(question: Question, answer) -> str:
    """The label of the anticipated mistake a number answer matches ("" for none, or for a choice)."""
    if question.kind != "number" or not _is_number(answer):
        return ""
    mistake = matching_mistake(question, float(answer))
    return mistake.label if mistake is not None else ""


def feedback_for(question: Question, answer) -> str:
    """The feedback a learner gets for an answer: the one function every page uses.

    A choice gets its own option's feedback. A number within the tolerance is confirmed;
    a number that matches an anticipated mistake gets that mistake's feedback; any other
    number is told whether it is too high or too low. Raises ``InputError`` for an
    answer that is not a choice number or not a finite number.
    """
    return check_answer(question, answer)[1]


def check_answer(question: Question, answer) -> tuple[bool, str]:
    """Return ``(correct, feedback)`` for a learner's answer to a question (see :func:`feedback_for`)."""
    if question.kind == "choice":
        if isinstance(answer, bool) or not isinstance(answer, int) or not 0 <= answer < len(question.choices):
            raise InputError(
                f"answer = {answer!r} is not allowed: expected a choice number from 0 to "
                f"{len(question.choices) - 1}"
            )
        return answer == question.answer, question.feedback[answer]
    if isinstance(answer, str):  # typed with a unit: read it in the question's unit, say if converted
        value, note = read_answer(answer, question.unit)
        correct, words = check_answer(question, value)
        return correct, f"{note} {words}".strip()
    answer = check_number("answer", answer, unit=question.unit)  # also refuses ints too big for a float
    error = answer - question.answer
    if abs(error) <= question.tolerance:
        return True, f"Right: {question.answer:g} {question.unit} (within ±{question.tolerance:g})."
    mistake = matching_mistake(question, answer)
    if mistake is not None:
        return False, f"Not quite: {answer:g} {question.unit}. {mistake.feedback}"
    direction = "too high" if error > 0 else "too low"
    return False, f"Not quite: {answer:g} {question.unit} is {direction}."


def question_anchor(question_id: str) -> str:
    """The HTML id of a self-check on its lesson's page, so a link can lead back to it."""
    return f"selfcheck-{question_id}"


#: The last line of a self-check's static form: it says where the answer is, and ends the block.
STATIC_NOTE = "Run the lesson to check your answer; the explanation opens once you have tried."


def question_html(question: Question) -> str:
    """The question as static HTML: the prompt, the choices or the unit, and the hints folded.

    This is what a saved lesson keeps (nbviewer, GitHub, a file opened later), so it
    never holds the answer or the explanation: those come only from a running lesson,
    after an attempt.
    """
    parts = [
        f"<div class='musclepain-question' id='{html.escape(question_anchor(question.id))}'>"
        f"<p><strong>Self-check.</strong> {html.escape(question.prompt)}</p>"
    ]
    if question.kind == "choice":
        items = "".join(f"<li>{html.escape(c)}</li>" for c in question.choices)
        parts.append(f"<ol type='A'>{items}</ol>")
    else:
        parts.append(f"<p>Answer in {html.escape(question.unit)}.</p>")
    for number, hint in enumerate(question.hints, start=1):
        parts.append(f"<details><summary>Hint {number}</summary><p>{html.escape(hint)}</p></details>")
    parts.append(f"<p class='musclepain-question-note'><em>{STATIC_NOTE}</em></p></div>")
    return "".join(parts)
