"""A gradebook file an LMS imports: one row per learner, one column per lesson.

The score rule, stated in every lesson's column name: a lesson's score is the share of its
self-checks answered right, in per cent of all the lesson's self-checks (not only those the
learner tried), counted at the end (right after any number of tries) or, with
``first_try``, only those right at the first try. An answer the learner had revealed
(a record with ``"revealed": true``) never counts as right. A learner who answered no
self-check of a lesson gets an empty cell there, not 0, so the LMS does not record a zero
for work never started.

Two layouts:

- ``canvas``: Canvas's gradebook import (Grades, Import): ``Student, ID, SIS User ID,
  SIS Login ID, Section``, a ``Points Possible`` row (100 for every lesson), then one row per
  learner. The learner's hub name goes into ``Student`` and ``SIS Login ID`` (with LTI the
  hub name is the e-mail address the LMS sent); Canvas matches learners by it.
- ``moodle``: Moodle's "Import grades from CSV": ``Username`` and ``Email address`` (either
  can be mapped to the user), then one grade item per lesson, out of 100.
"""

from __future__ import annotations

import csv
from pathlib import Path

from musclepain_lib.classroom.class_report import ClassReport
from musclepain_lib.core.errors import InputError
from musclepain_lib.learner.questions import list_question_files, load_questions

__all__ = ["GRADEBOOKS", "lesson_score", "score_column", "gradebook_rows", "write_gradebook"]

GRADEBOOKS = ("canvas", "moodle")
CANVAS_COLUMNS = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]


def score_column(lesson: str, first_try: bool) -> str:
    """A lesson's column name, with the score rule in it."""
    when = "right at first try" if first_try else "right in the end"
    return f"{lesson} (% of self-checks {when}, revealed not counted)"


def is_right(entry: dict, first_try: bool) -> bool:
    """Whether one recorded answer counts as right under the rule (revealed answers never do)."""
    if not isinstance(entry, dict) or entry.get("revealed") is True or not entry.get("attempts"):
        return False
    if not first_try:
        return entry.get("correct") is True
    if "first_correct" in entry:
        return entry["first_correct"] is True
    return entry.get("correct") is True and entry.get("attempts") == 1  # an older file


def lesson_score(answers: dict, lesson: str, question_ids: list[str], first_try: bool) -> float | None:
    """Per cent of a lesson's self-checks answered right; None when the learner answered none."""
    entries = [answers.get(f"{lesson}/{question}") for question in question_ids]
    tried = [entry for entry in entries if isinstance(entry, dict) and entry.get("attempts")]
    if not tried or not question_ids:
        return None
    return 100 * sum(is_right(entry, first_try) for entry in tried) / len(question_ids)


def _cell(score: float | None) -> str:
    return "" if score is None else f"{score:.1f}"


def gradebook_rows(report: ClassReport, kind: str, first_try: bool = False) -> list[list[str]]:
    """The gradebook as rows of text, the header first (see the module's docstring)."""
    if kind not in GRADEBOOKS:
        raise InputError(f"gradebook = {kind!r} is not allowed: expected one of {', '.join(GRADEBOOKS)}")
    lessons = {lesson: list(load_questions(lesson)) for lesson in list_question_files()}
    columns = [score_column(lesson, first_try) for lesson in lessons]
    if kind == "canvas":
        rows = [CANVAS_COLUMNS + columns, ["Points Possible", "", "", "", ""] + ["100"] * len(lessons)]
    else:
        rows = [["Username", "Email address"] + columns]
    for name in report.learners:
        answers = report.answers.get(name, {})
        scores = [_cell(lesson_score(answers, lesson, ids, first_try)) for lesson, ids in lessons.items()]
        email = name if "@" in name else ""
        rows.append(([name, "", "", name, ""] if kind == "canvas" else [name, email]) + scores)
    return rows


def write_gradebook(report: ClassReport, kind: str, out_dir: str | Path, first_try: bool = False) -> Path:
    """Write ``gradebook-<kind>.csv`` into ``out_dir``; return its path."""
    rows = gradebook_rows(report, kind, first_try)
    folder = Path(out_dir).expanduser()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"gradebook-{kind}{'-first-try' if first_try else ''}.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path
