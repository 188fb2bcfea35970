"""What a lesson's first and last cells call: note progress, and say if it cannot be saved."""

from __future__ import annotations

import html
import json
from pathlib import Path

from musclepain_lib.learner.progress import ProgressStore

__all__ = ["NOTICE", "start_lesson", "kept_lessons_notice", "finish_lesson", "lesson_links", "show_tables_whole"]

#: The notice every lesson carries (as Markdown in the lesson itself, so a reader sees it too).
NOTICE = (
    "**Not medical advice.** This course teaches physiology. It does not diagnose, treat or "
    "give medical advice. If leg pain is severe or sudden, if one calf is swollen, hot and "
    "painful, if urine turns dark after exertion, or if pain comes with weakness or fever, "
    "see a doctor."
)


def start_lesson(lesson: str, store: ProgressStore | None = None) -> str:
    """Record that ``lesson`` was opened; return a line to show if progress cannot be kept.

    It also sets tables to show whole: every row, column and cell, no "..." in a cell,
    and has the notebook tell the exercise checks when a cell stops with an error.
    """
    from musclepain_lib.learner.exercises import watch_cells

    show_tables_whole()
    watch_cells()
    store = store if store is not None else ProgressStore()
    store.load()
    store.mark_lesson(lesson, "opened")
    return _status(store, f"Lesson {lesson} started.", kept_lessons_notice(lesson))


def kept_lessons_notice(lesson: str, folder: str | Path = ".") -> str:
    """Which lessons in ``folder`` the last course update kept because the learner changed them,
    and where their new versions are: all of them in the welcome lesson, its own in a kept lesson."""
    from musclepain_lib.classroom.lesson_copy import RECORD_NAME
    from musclepain_lib.core.manifest import LESSONS

    try:
        kept = json.loads((Path(folder) / RECORD_NAME).read_text(encoding="utf-8")).get("kept") or {}
    except (OSError, ValueError, AttributeError):
        return ""
    if not isinstance(kept, dict):
        return ""
    shown = {name: new for name, new in kept.items() if lesson == LESSONS[0].id or name == f"{lesson}.ipynb"}
    if not shown:
        return ""
    pairs = "; ".join(f"{name} (the new version is in {new})" for name, new in sorted(shown.items()))
    return (f" Kept as you changed them, so the course update did not replace them: {pairs}. "
            "Open the new version to see what changed.")


def show_tables_whole():
    """Let pandas show a lesson's tables whole: no cell, row or column cut short with "..."."""
    import pandas as pd

    pd.set_option("display.max_colwidth", None)
    pd.set_option("display.max_columns", None)
    pd.set_option("display.max_rows", 200)
    pd.set_option("display.width", 120)


def finish_lesson(lesson: str, store: ProgressStore | None = None) -> str:
    """Record that ``lesson`` was worked through to its end, and say which self-checks are left.

    Reaching the end is not finishing: a lesson counts as finished in the progress view
    once its self-checks are answered, so running every cell does not finish it.
    """
    store = store if store is not None else ProgressStore()
    store.mark_lesson(lesson, "finished")
    status = _status(store, f"Lesson {lesson}: end reached. {_checks_left(lesson, store)}")
    return _LessonEnd(status, lesson_links(lesson))


def lesson_links(lesson: str) -> str:
    """HTML links from the end of a lesson to the next lesson and back to the contents (the
    welcome lesson), in the course manifest's order; empty for a lesson not in it.

    The links are relative, so they open the lesson beside this one wherever the lessons
    sit: JupyterLab opens it in a new tab, and Voila, which shows one lesson as a page,
    goes on to the next page.
    """
    from musclepain_lib.core import manifest

    ids = manifest.lesson_ids()
    if lesson not in ids:
        return ""
    at = ids.index(lesson)
    links = []
    if at + 1 < len(ids):
        following = manifest.LESSONS[at + 1]
        links.append(
            f'<a href="{following.file}">Next: lesson {following.id[:2]}, {html.escape(following.title)}</a>'
            f" (about {following.minutes} minutes)"
        )
    if at > 0:
        contents = manifest.LESSONS[0]
        links.append(f'<a href="{contents.file}">Back to the contents: {html.escape(contents.title)}</a>')
    return f'<nav class="musclepain-lesson-links" aria-label="Lessons">{" | ".join(links)}</nav>'


def _checks_left(lesson: str, store: ProgressStore) -> str:
    from musclepain_lib.core.errors import DataFileError, InputError
    from musclepain_lib.learner.questions import load_questions

    try:
        questions = list(load_questions(lesson))
    except (InputError, DataFileError):
        return "It has no self-checks, so it counts as finished."
    answers = store.load().get("answers", {})
    left = [q for q in questions if not isinstance(answers.get(f"{lesson}/{q}"), dict)]
    if not left:
        return f"All {len(questions)} self-checks are answered: the lesson is finished."
    return (f"{len(left)} of its {len(questions)} self-checks are not answered yet; the lesson counts as "
            "finished once they are.")


class _Status(str):
    """A plain message that shows as itself (no quotes) as a cell's last value."""

    def __repr__(self) -> str:
        return str(self)


class _LessonEnd(_Status):
    """The end-of-lesson message; shown in a notebook with the links to the next lesson."""

    def __new__(cls, text: str, links: str):
        made = super().__new__(cls, text)
        made.links = links
        return made

    def _repr_html_(self) -> str:
        return f"<p>{html.escape(str(self))}</p>{self.links}"


def _status(store: ProgressStore, done: str, kept: str = "") -> str:
    if store.message:
        return _Status(f"{done} Note: {store.message}{kept}")
    return _Status(f"{done} Progress is kept in {store.path}.{kept}")
