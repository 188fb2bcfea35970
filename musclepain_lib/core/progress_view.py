"""What a self-paced learner has done so far, and what to do next.

:func:`progress_view` reads the local progress file (through
:class:`~musclepain_lib.core.progress.ProgressStore`, so a missing, new or damaged file
is handled there) and returns a :class:`CourseProgress`: one line per lesson (not
started, started or finished; self-checks right out of those the lesson asks) and one
sentence saying what to do next. In a notebook it shows as a table; as text it
prints the same.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from musclepain_lib.core import manifest
from musclepain_lib.core.errors import DataFileError, InputError
from musclepain_lib.core.progress import ProgressStore
from musclepain_lib.core.selfcheck import list_question_files, load_questions

__all__ = ["LESSONS", "LessonProgress", "CourseProgress", "progress_view"]

#: The lessons in teaching order: (stable id as in ``start_lesson``, title), from the manifest.
LESSONS = tuple((entry.id, entry.title) for entry in manifest.LESSONS)

STATUS_SIGNS = {"finished": "✓", "started": "◐", "not started": "○"}


@dataclass(frozen=True)
class LessonProgress:
    """One lesson: whether it was opened or finished, and its self-checks."""

    id: str
    title: str
    status: str  # "not started", "started" or "finished"
    checks_total: int
    checks_right: int
    checks_tried: int

    @property
    def checks_to_do(self) -> int:
        return self.checks_total - self.checks_right

    def checks_text(self) -> str:
        if not self.checks_total:
            return "no self-checks"
        tried = self.checks_tried - self.checks_right
        extra = f", {tried} tried but not yet right" if tried else ""
        return f"{self.checks_right} of {self.checks_total} right{extra}"


@dataclass(frozen=True)
class CourseProgress:
    """The whole course for one learner: a line per lesson and the next step."""

    lessons: tuple[LessonProgress, ...]
    next_step: str
    path: str
    message: str | None = None

    def lesson(self, lesson_id: str) -> LessonProgress:
        for item in self.lessons:
            if item.id == lesson_id:
                return item
        raise InputError(
            f"lesson_id = {lesson_id!r} is not allowed: expected one of {', '.join(i.id for i in self.lessons)}"
        )

    def __str__(self) -> str:
        lines = [f"Your progress (kept in {self.path})"]
        if self.message:
            lines.append(f"Note: {self.message}")
        for item in self.lessons:
            lines.append(f"{STATUS_SIGNS[item.status]} {item.id:<25} {item.status:<12} self-checks: {item.checks_text()}")
        lines.append(f"Next: {self.next_step}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return str(self)

    def _repr_mimebundle_(self, include=None, exclude=None):
        rows = "".join(
            f"<tr><td>{html.escape(item.id[:2])} {html.escape(item.title)}</td>"
            f"<td>{STATUS_SIGNS[item.status]} {html.escape(item.status)}</td>"
            f"<td>{html.escape(item.checks_text())}</td></tr>"
            for item in self.lessons
        )
        note = f"<p role='status'><strong>Note:</strong> {html.escape(self.message)}</p>" if self.message else ""
        page = (
            "<div class='musclepain-progress'><h4>Your progress</h4>"
            f"{note}<table><thead><tr><th>Lesson</th><th>Status</th><th>Self-checks</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>"
            f"<p><strong>Next:</strong> {html.escape(self.next_step)}</p>"
            f"<p><small>Kept on this computer in <code>{html.escape(self.path)}</code>.</small></p></div>"
        )
        return {"text/html": page, "text/plain": str(self)}


def _questions(lesson: str) -> list[str]:
    """The ids of a lesson's self-checks (none if its question file is missing or broken)."""
    if lesson not in list_question_files():
        return []
    try:
        return list(load_questions(lesson))
    except DataFileError:
        return []


def _status(entry) -> str:
    if not isinstance(entry, dict):
        return "not started"
    return "finished" if entry.get("finished") else "started"


def _lesson_progress(lesson: str, title: str, record: dict) -> LessonProgress:
    lessons, answers = record.get("lessons", {}), record.get("answers", {})
    status = _status(lessons[lesson]) if lesson in lessons else "not started"
    right = tried = 0
    questions = _questions(lesson)
    for question in questions:
        entry = answers.get(f"{lesson}/{question}")
        if isinstance(entry, dict):
            tried += 1
            right += entry.get("correct") is True
    if tried and status == "not started":
        status = "started"
    return LessonProgress(lesson, title, status, len(questions), right, tried)


def _label(item: LessonProgress) -> str:
    return f"lesson {item.id[:2]} ({item.title})"


def _next_step(lessons: tuple[LessonProgress, ...]) -> str:
    open_checks = [item for item in lessons if item.status == "finished" and item.checks_to_do]
    revisit = ""
    if open_checks:
        listed = ", ".join(f"{item.id[:2]} ({item.checks_to_do} of {item.checks_total})" for item in open_checks)
        revisit = f" Then go back to the self-checks you have not yet got right: lesson {listed}."
    for item in lessons:
        if item.status == "started":
            return f"Carry on with {_label(item)}: you opened it but have not reached its end yet.{revisit}"
        if item.status == "not started":
            return f"Start {_label(item)}.{revisit}"
    if open_checks:
        return f"You have been through every lesson.{revisit}"
    return "You have finished every lesson and every self-check. Try the case studies again with other values, or teach someone else."


def progress_view(store: ProgressStore | None = None) -> CourseProgress:
    """Which lessons and self-checks a learner has done, and what to do next.

    Reads the local progress file (``store``, or the default file). Works with no file
    (nothing done yet), a new file and a damaged one: the damaged file is set aside by
    the store and its message is shown. Never raises for file problems.
    """
    store = store if store is not None else ProgressStore()
    record = store.load()
    lessons = tuple(_lesson_progress(lesson, title, record) for lesson, title in LESSONS)
    return CourseProgress(lessons, _next_step(lessons), str(store.path), store.message)
