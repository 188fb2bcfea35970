"""What a self-paced learner has done so far, and what to do next.

:func:`progress_view` reads the local progress file (through
:class:`~musclepain_lib.learner.progress.ProgressStore`, so a missing, new or damaged file
is handled there) and returns a :class:`CourseProgress`: one line per lesson and one
sentence saying what to do next. A lesson counts as finished when its self-checks are
answered (running its last cell is not enough); a lesson without self-checks, when its
end was reached. For each lesson the view shows how many self-checks were answered,
how many were right at the first try and how many in the end, and which to revisit
(those answered wrong), each with a link into its lesson. In a notebook it shows as a
table; as text it prints the same.
"""

from __future__ import annotations

import base64
import html
import json
import time
from dataclasses import dataclass, field
from pathlib import Path

from musclepain_lib.core import manifest
from musclepain_lib.core.errors import DataFileError, InputError
from musclepain_lib.core.manifest import lesson as manifest_lesson
from musclepain_lib.learner.progress import ProgressStore, learner_name
from musclepain_lib.learner.questions import Question, list_question_files, load_questions, question_anchor

__all__ = ["LESSONS", "Revisit", "LessonProgress", "CourseProgress", "progress_view"]

#: The lessons in teaching order: (stable id as in ``start_lesson``, title), from the manifest.
LESSONS = tuple((entry.id, entry.title) for entry in manifest.LESSONS)

STATUS_SIGNS = {"finished": "✓", "started": "◐", "not started": "○"}


@dataclass(frozen=True)
class Revisit:
    """A self-check answered wrong: what it asks, whether it is right now, and where it is."""

    question: str
    prompt: str
    right_now: bool
    link: str

    def text(self) -> str:
        state = "right now" if self.right_now else "not yet right"
        return f"{_short(self.prompt)} ({state})"


@dataclass(frozen=True)
class LessonProgress:
    """One lesson: whether it was started or finished, and how its self-checks went."""

    id: str
    title: str
    status: str  # "not started", "started" or "finished"
    checks_total: int
    checks_right: int  # right in the end
    checks_tried: int  # answered at least once
    checks_right_first: int = 0
    revisit: tuple[Revisit, ...] = ()
    #: Self-checks whose answer was shown before any try (a course setting allows it): never right at first try.
    checks_revealed: int = 0
    #: The named misconceptions the learner's answers matched, in the order first met.
    misconceptions: tuple[str, ...] = ()

    @property
    def checks_to_do(self) -> int:
        return self.checks_total - self.checks_right

    def checks_text(self) -> str:
        if not self.checks_total:
            return "no self-checks"
        revealed = f", answer shown before trying {self.checks_revealed}" if self.checks_revealed else ""
        return (f"answered {self.checks_tried} of {self.checks_total}, right at first try "
                f"{self.checks_right_first}, right in the end {self.checks_right}{revealed}")

    def misconceptions_text(self) -> str:
        return "; ".join(self.misconceptions) or "none"

    def revisit_text(self) -> str:
        return "; ".join(item.text() for item in self.revisit) or "nothing"


@dataclass(frozen=True)
class CourseProgress:
    """The whole course for one learner: a line per lesson and the next step."""

    lessons: tuple[LessonProgress, ...]
    next_step: str
    path: str
    message: str | None = None
    #: The learner's record, named and dated: the file to hand in (read by ``musclepain-course report``).
    export: dict | None = field(default=None, compare=False, repr=False)

    @property
    def download_name(self) -> str:
        learner = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in str((self.export or {}).get("learner", "learner")))
        return f"musclepain-progress-{learner}.json"

    def download(self, folder: str | Path = ".") -> Path:
        """Write the progress file to hand in (``musclepain-progress-NAME.json``) into ``folder``."""
        target = Path(folder).expanduser() / self.download_name
        target.write_text(json.dumps(self.export or {}, indent=1, sort_keys=True, default=repr) + "\n", encoding="utf-8")
        return target

    def _download_link(self) -> str:
        if self.export is None:
            return ""
        data = base64.b64encode(json.dumps(self.export, indent=1, sort_keys=True, default=repr).encode()).decode()
        return (
            f"<p><a download='{html.escape(self.download_name)}' href='data:application/json;base64,{data}'>"
            "Download my progress</a> (a file to hand in to your instructor, or to keep when an online "
            "session such as Binder ends).</p>"
        )

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
            if item.revisit:
                lines.append(f"    revisit: {item.revisit_text()}")
            if item.misconceptions:
                lines.append(f"    mistakes met: {item.misconceptions_text()}")
        lines.append(f"Next: {self.next_step}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return str(self)

    def _repr_mimebundle_(self, include=None, exclude=None):
        rows = "".join(
            f"<tr><td>{html.escape(item.id[:2])} {html.escape(item.title)}</td>"
            f"<td>{STATUS_SIGNS[item.status]} {html.escape(item.status)}</td>"
            + (
                f"<td>{item.checks_tried} of {item.checks_total}</td><td>{item.checks_right_first}</td>"
                f"<td>{item.checks_right}</td><td>{item.checks_revealed}</td>"
                if item.checks_total
                else "<td colspan='4'>no self-checks</td>"
            )
            + f"<td>{_revisit_html(item.revisit)}</td><td>{html.escape(item.misconceptions_text())}</td></tr>"
            for item in self.lessons
        )
        note = f"<p role='status'><strong>Note:</strong> {html.escape(self.message)}</p>" if self.message else ""
        page = (
            "<div class='musclepain-progress'><h4>Your progress</h4>"
            f"{note}<table><thead><tr><th>Lesson</th><th>Status</th><th>Self-checks answered</th>"
            "<th>Right at first try</th><th>Right in the end</th><th>Answer shown before trying</th>"
            "<th>To revisit</th><th>Mistakes met</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>"
            f"<p><strong>Next:</strong> {html.escape(self.next_step)}</p>"
            f"{self._download_link()}"
            f"<p><small>Kept on this computer in <code>{html.escape(self.path)}</code>.</small></p></div>"
        )
        return {"text/html": page, "text/plain": str(self)}


def _short(prompt: str, limit: int = 70) -> str:
    return prompt if len(prompt) <= limit else prompt[: limit - 1].rsplit(" ", 1)[0] + "…"


def _revisit_html(items: tuple[Revisit, ...]) -> str:
    if not items:
        return "nothing"
    links = (
        f"<li><a href='{html.escape(item.link)}'>{html.escape(_short(item.prompt))}</a> "
        f"({'right now' if item.right_now else 'not yet right'})</li>"
        for item in items
    )
    return f"<ul>{''.join(links)}</ul>"


def _load(lesson: str) -> dict[str, Question]:
    """A lesson's self-checks by id (none if its question file is missing or broken)."""
    if lesson not in list_question_files():
        return {}
    try:
        return load_questions(lesson)
    except DataFileError:
        return {}


def _questions(lesson: str) -> list[str]:
    """The ids of a lesson's self-checks."""
    return list(_load(lesson))


def _link(lesson: str, question: str) -> str:
    """Where a self-check sits: its lesson's notebook, at the question's anchor."""
    try:
        file = manifest_lesson(lesson).file
    except InputError:
        file = f"{lesson}.ipynb"
    return f"{file}#{question_anchor(question)}"


def _lesson_progress(lesson: str, title: str, record: dict) -> LessonProgress:
    lessons, answers = record.get("lessons", {}), record.get("answers", {})
    entry = lessons.get(lesson)
    opened = isinstance(entry, dict)
    right = tried = first = revealed = 0
    revisit, met = [], []
    questions = _questions(lesson)
    loaded = _load(lesson)
    for question in questions:
        answer = answers.get(f"{lesson}/{question}")
        if not isinstance(answer, dict):
            continue
        revealed += answer.get("revealed") is True
        if not answer.get("attempts", 1):
            continue
        tried += 1
        correct = answer.get("correct") is True
        # Files written before first tries were kept: one attempt, right, is a first-try right.
        right_first = answer.get("first_correct", correct and answer.get("attempts") == 1) is True
        right += correct
        first += right_first
        labels = answer.get("misconceptions")
        met += [label for label in (labels if isinstance(labels, list) else []) if isinstance(label, str) and label not in met]
        if not right_first:
            prompt = loaded[question].prompt if question in loaded else question
            revisit.append(Revisit(question, prompt, correct, _link(lesson, question)))
    revisit.sort(key=lambda item: item.right_now)  # the ones still wrong first
    if questions:
        finished = tried == len(questions)
    else:
        finished = opened and bool(entry.get("finished"))
    status = "finished" if finished else "started" if opened or tried else "not started"
    return LessonProgress(lesson, title, status, len(questions), right, tried, first, tuple(revisit),
                          revealed, tuple(met))


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
            left = item.checks_total - item.checks_tried
            unfinished = f"{left} of its {item.checks_total} self-checks are not answered yet" if left else "you have not reached its end yet"
            return f"Carry on with {_label(item)}: {unfinished}.{revisit}"
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
    return CourseProgress(lessons, _next_step(lessons), str(store.path), store.message,
                          {**record, "learner": learner_name(), "exported": time.time()})
