"""Choice self-checks that cannot be gamed: no favourite position, no giveaway length.

Always picking the same letter, or always the longest option, must not score. Over
data/questions/: no position holds more than 40 % of a lesson's or the course's choice
questions; the right option is the longest in at most a third of them (course) and of
each lesson's (rounded up); and no right option written as words is more than 1.5 times
as long as the others on average.
"""

import json
import math
import re
from collections import Counter
from pathlib import Path

import pytest

from musclepain_lib.learner.questions import list_question_files, load_questions
from tools import shuffle_choices

QUESTIONS = Path(__file__).resolve().parent.parent / "data" / "questions"
CHOICES = {lesson: [q for q in load_questions(lesson).values() if q.kind == "choice"] for lesson in list_question_files()}
COURSE = [q for questions in CHOICES.values() for q in questions]
MAX_SHARE = 0.40
LENGTH_RATIO = 1.5


def _right_is_longest(question) -> bool:
    right = len(question.choices[question.answer])
    return all(right > len(c) for i, c in enumerate(question.choices) if i != question.answer)


@pytest.mark.parametrize("lesson", [lesson for lesson, qs in CHOICES.items() if qs])
def test_no_position_holds_more_than_40_percent_of_a_lessons_right_answers(lesson):
    questions = CHOICES[lesson]
    counts = Counter(q.answer for q in questions)
    assert max(counts.values()) <= MAX_SHARE * len(questions), f"{lesson}: right answers by position {dict(counts)}"


def test_no_position_holds_more_than_40_percent_of_the_courses_right_answers():
    counts = Counter(q.answer for q in COURSE)
    assert max(counts.values()) <= MAX_SHARE * len(COURSE), dict(counts)


def test_the_right_option_is_the_longest_in_at_most_a_third_of_the_questions():
    assert sum(map(_right_is_longest, COURSE)) <= len(COURSE) / 3
    for lesson, questions in CHOICES.items():
        longest = [q.id for q in questions if _right_is_longest(q)]
        assert len(longest) <= math.ceil(len(questions) / 3), f"{lesson}: right option longest in {longest}"


# A one-word answer (the word a model returns, such as "moderate") gives nothing away by its length.
WRITTEN = [q for q in COURSE if " " in q.choices[q.answer]]


@pytest.mark.parametrize("question", WRITTEN, ids=[f"{q.lesson}/{q.id}" for q in WRITTEN])
def test_no_right_option_gives_itself_away_by_its_length(question):
    others = [len(c) for i, c in enumerate(question.choices) if i != question.answer]
    assert len(question.choices[question.answer]) <= LENGTH_RATIO * sum(others) / len(others)


def test_the_question_files_are_stored_as_the_shuffling_tool_writes_them(capsys):
    assert shuffle_choices.main(["--questions", str(QUESTIONS), "--check"]) == 0, capsys.readouterr().out


def test_shuffling_keeps_each_options_feedback_and_changes_nothing_the_second_time(tmp_path):
    item = {"id": "q", "kind": "choice", "prompt": "p", "explanation": "e", "answer": 1,
            "choices": ["alpha", "beta", "gamma", "delta"], "feedback": ["fa", "fb", "fg", "fd"]}
    path = tmp_path / "99_demo.json"
    path.write_text(json.dumps({"lesson": "99_demo", "questions": [item] * 1}, indent=2))
    assert shuffle_choices.main(["--questions", str(tmp_path)]) == 0
    shuffled = json.loads(path.read_text())["questions"][0]
    assert shuffled["choices"][shuffled["answer"]] == "beta"
    pairs = dict(zip(shuffled["choices"], shuffled["feedback"]))
    assert pairs == {"alpha": "fa", "beta": "fb", "gamma": "fg", "delta": "fd"}
    assert shuffle_choices.main(["--questions", str(tmp_path), "--check"]) == 0


#: Absolute words, a classic giveaway when only wrong options use them.
ABSOLUTE = re.compile(r"\b(only|never|always|all|must|none|nothing|every|no one|cannot)\b", re.IGNORECASE)
MAX_CUE_GAP = 0.10


def _absolute(option: str) -> bool:
    """An option worded in absolutes; a one-word option is a category's name (a EULAR response of "none")."""
    return len(option.split()) > 1 and bool(ABSOLUTE.search(option))


def _share_absolute(options) -> float:
    return sum(map(_absolute, options)) / len(options)


def test_the_cue_count_reads_absolutes_but_not_a_categorys_name():
    assert _absolute("Nothing: the membrane is still refractory") and _absolute("every single step")
    assert not _absolute("none") and not _absolute("It is rare in healthy people")


def test_absolute_words_are_about_as_common_in_right_options_as_in_wrong_ones():
    right = [q.choices[q.answer] for q in COURSE]
    wrong = [c for q in COURSE for i, c in enumerate(q.choices) if i != q.answer]
    gap = abs(_share_absolute(right) - _share_absolute(wrong))
    assert gap <= MAX_CUE_GAP, f"right {_share_absolute(right):.1%}, wrong {_share_absolute(wrong):.1%}"


def test_seeing_a_doctor_is_not_always_the_right_option():
    doctor = [(q, i) for q in COURSE for i, c in enumerate(q.choices) if "doctor" in c.lower()]
    assert any(i == q.answer for q, i in doctor) and any(i != q.answer for q, i in doctor)
