"""Coding exercises: written once with their solution, checked against a published answer.

An exercise is a code cell tagged ``exercise`` in its metadata. Its solution sits
between two marker lines::

    # BEGIN SOLUTION
    sodium_after = serum_sodium_after(na=140, tbw_l=27.5, sweat_l=2.0, drink_l=4.5)
    # END SOLUTION

The instructor version of a lesson keeps the solution; the student version
(:mod:`musclepain_lib.classroom.versions`) replaces it with ``sodium_after = ...``. The
next cell, tagged ``check``, stays in both and calls :func:`check_exercise`, which
compares the learner's value with a ``"number"`` question of the lesson's question
file (or a ``"choice"`` question, when the code returns the words of a choice, as
``classify_dka`` returns ``"moderate"``) and records the attempt in the local progress file.
"""

from __future__ import annotations

from musclepain_lib.learner.progress import ProgressStore
from musclepain_lib.learner.questions import Question, check_answer, load_questions, matching_mistake, misconception_of
from musclepain_lib.core.errors import InputError
from musclepain_lib.core.lesson_marks import BEGIN_SOLUTION, END_SOLUTION

__all__ = [
    "BEGIN_SOLUTION", "END_SOLUTION", "CORRECT_MARK", "NOT_ANSWERED", "STOPPED",
    "check_exercise", "error_in_words", "note_cell_result", "watch_cells", "what_went_wrong",
]

#: The first words of a check's line when the answer is right / not written yet.
CORRECT_MARK = "✓ Correct."
NOT_ANSWERED = "Not answered yet:"
#: The first words of a check's line when the learner's exercise cell stopped with an error.
STOPPED = "✗ Your code stopped with an error"

#: The error the last cell run stopped with (None when it ran through), kept by :func:`note_cell_result`.
_last_cell = {"error": None}


def note_cell_result(result) -> None:
    """After each cell (an IPython ``post_run_cell`` hook): keep the error it stopped with, if any."""
    _last_cell["error"] = getattr(result, "error_in_exec", None) or getattr(result, "error_before_exec", None)


def watch_cells() -> None:
    """In a notebook, register :func:`note_cell_result`, so a check can tell an error from no answer."""
    import builtins

    shell = getattr(builtins, "get_ipython", lambda: None)()  # IPython puts it there in a notebook
    if shell is not None and note_cell_result not in shell.events.callbacks["post_run_cell"]:
        shell.events.register("post_run_cell", note_cell_result)


watch_cells()


def error_in_words(error: BaseException) -> str:
    """An error named in plain words, for a learner who does not program."""
    if isinstance(error, InputError):
        return f"a function refused one of your values ({error})"
    if isinstance(error, NameError):
        return f"Python does not know a name you used ({error}): check its spelling, and that the cells above were run"
    if isinstance(error, SyntaxError):
        return "Python could not read the line: check the brackets, commas and quotes"
    if isinstance(error, TypeError):
        return f"a function got the wrong number or kind of values ({error})"
    if isinstance(error, (AttributeError, ImportError)):
        return f"a name after the dot does not exist ({error}): check the function's name and its module"
    return f"{type(error).__name__}: {error}"


def _stopped(question: Question, error: BaseException) -> str:
    cause = question.error_cause or (
        "The likely cause: the values passed in the wrong order, or one in another unit. "
        "Compare your call with the one the exercise names, argument by argument."
    )
    if not isinstance(error, (InputError, TypeError)):
        cause = "Fix that line and run the exercise cell again, then this one."
    return f"{STOPPED}, so no answer was computed: {error_in_words(error)}. {cause}"


class ExerciseResult(str):
    """A check's verdict: prints as plain text, and ``.correct`` says whether it passed."""

    correct: bool = False

    def __repr__(self) -> str:
        return str(self)


def _result(text: str, correct: bool) -> ExerciseResult:
    result = ExerciseResult(text)
    result.correct = correct
    return result


def _choice_index(choices, text: str):
    """The index of the choice a model's word names (case ignored), or the text itself."""
    wanted = text.strip().lower()
    for index, choice in enumerate(choices):
        if choice.strip().lower() == wanted:
            return index
    return text


def check_exercise(lesson: str, question_id: str, answer, store: ProgressStore | None = None) -> ExerciseResult:
    """Check a learner's answer to a coding exercise; return one line of feedback.

    ``answer`` is the value the learner's code computed (``...`` while the exercise
    is not done). A wrong answer gets a message chosen from what went wrong (see
    :func:`what_went_wrong`), not always the same hint. The attempt is
    saved in ``store`` (the local progress file by default); if saving fails the
    feedback says so and the lesson goes on.
    """
    questions = load_questions(lesson)
    if question_id not in questions:
        raise InputError(
            f"question_id = {question_id!r} is not allowed: expected one of {', '.join(questions)}"
        )
    question = questions[question_id]
    if answer is Ellipsis and _last_cell["error"] is not None:
        return _result(_stopped(question, _last_cell["error"]), False)
    if answer is Ellipsis:
        return _result(f"{NOT_ANSWERED} replace the ... in the exercise above with your code, then run both cells.", False)
    if hasattr(answer, "item") and getattr(answer, "shape", None) == ():
        answer = answer.item()  # a numpy scalar from a model function
    if question.kind == "choice" and isinstance(answer, str):
        answer = _choice_index(question.choices, answer)
        if isinstance(answer, str):
            listed = ", ".join(repr(c) for c in question.choices)
            return _result(f"✗ Not yet. {answer!r} is not one of the possible answers: {listed}.", False)
    try:
        correct, feedback = check_answer(question, answer)
    except InputError as error:
        return _result(f"✗ Not yet. {error}", False)
    store = store if store is not None else ProgressStore()
    saved = store.record_answer(lesson, question_id, answer, correct, misconception_of(question, answer), kind="exercise")
    note = "" if saved else f" ({store.message})"
    if correct:
        return _result(f"{CORRECT_MARK} {feedback}{note}", True)
    advice = what_went_wrong(question, answer)
    return _result(f"✗ Not yet. {feedback}{' ' + advice if advice else ''}{note}", False)


#: How close (as a fraction of the right answer) a number must be to count as "right formula, a wrong input".
NEAR_FRACTION = 0.15


def what_went_wrong(question: Question, answer) -> str:
    """A sentence on the likely slip behind a wrong exercise answer ("" when the feedback says it all).

    A choice's own feedback already explains the slip, and so does an anticipated
    mistake of the question file. For another wrong number: the opposite sign points to
    the order of the values passed in; a number near the answer means the right
    function with one wrong input; anything else gets the hint that names the method.
    """
    if question.kind != "number" or matching_mistake(question, answer) is not None:
        return ""
    right = question.answer
    if right and answer and (answer > 0) != (right > 0):
        return ("The sign is the opposite of the right answer's: check the order of the values you passed in "
                "(which is outside and which inside, or which is subtracted from which).")
    if right and abs(answer - right) <= NEAR_FRACTION * abs(right):
        return ("Close: the function looks right, so one value you passed in differs from the one given. "
                "Check each argument, and its unit.")
    return f"Hint: {question.hints[0]}" if question.hints else ""
