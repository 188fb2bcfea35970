"""How a class is doing: many learners' progress files read into one summary.

Each learner's answers live in their own progress file (:mod:`musclepain_lib.learner.progress`;
on a hub ``~/.musclepain/progress.json`` in each home, or a file a learner downloaded
from the progress view and handed in). :func:`class_report` reads any number of them
and returns:

- per learner and lesson: the self-checks answered and the self-checks right;
- per question: how many answered it, the share right at the first try, and the
  commonest wrong answer (the first try's answer where the file has it, else the
  last answer of a learner not yet right);
- per question, the learners who had the answer shown before any try (a course setting
  allows it; such a first try never counts as right);
- per named misconception (the ``label`` of an anticipated mistake): how many answers
  of the class matched it;
- the files it could not use, each with the reason: a damaged, empty or foreign file
  is named and skipped, never a reason to stop.

:func:`write_report` writes ``learners.csv``, ``questions.csv`` and ``class_report.png``
(share right at first try, one bar per question) and returns the printed table.
Learners are named by the ``learner`` field of a handed-in file, else by their home
folder (``.../NAME/.musclepain/progress.json``), else by the file name.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from musclepain_lib.core.errors import DataFileError, InputError
from musclepain_lib.core.manifest import lesson_ids
from musclepain_lib.learner.progress import _looks_valid
from musclepain_lib.learner.questions import list_question_files, load_questions

__all__ = ["LearnerLesson", "QuestionSummary", "ClassReport", "find_progress_files", "class_report", "write_report"]

#: File names found when a folder is given: the progress file itself, and handed-in downloads.
PROGRESS_PATTERNS = ("progress.json", "musclepain-progress*.json")


@dataclass(frozen=True)
class LearnerLesson:
    learner: str
    lesson: str
    questions: int
    answered: int
    right: int


@dataclass(frozen=True)
class QuestionSummary:
    lesson: str
    question: str
    answered: int
    right_first_try: int
    commonest_wrong: str
    commonest_wrong_count: int
    revealed_first: int = 0

    @property
    def share_right_first_try(self) -> float:
        return self.right_first_try / self.answered if self.answered else 0.0


@dataclass(repr=False)
class ClassReport:
    learners: list[str] = field(default_factory=list)
    rows: list[LearnerLesson] = field(default_factory=list)
    questions: list[QuestionSummary] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    answers: dict[str, dict] = field(default_factory=dict)  # learner -> the progress file's answers
    #: Answers matching each named misconception: (lesson, question, label) -> count.
    misconceptions: Counter = field(default_factory=Counter)

    def table(self) -> str:
        """The report as plain text: learners by lesson, then the questions, then skipped files."""
        lessons = [l for l in lesson_ids() if any(r.lesson == l for r in self.rows)]
        lessons += sorted({r.lesson for r in self.rows} - set(lessons))
        width = max([7, *(len(name) for name in self.learners)])
        lines = [f"Class report: {len(self.learners)} learners (answered/right per lesson)"]
        lines.append(f"{'learner':<{width}}  " + "  ".join(f"{l[:2]:>7}" for l in lessons))
        cells = {(r.learner, r.lesson): r for r in self.rows}
        for name in self.learners:
            parts = []
            for l in lessons:
                row = cells.get((name, l))
                parts.append(f"{f'{row.answered}/{row.right}' if row else '-':>7}")
            lines.append(f"{name:<{width}}  " + "  ".join(parts))
        lines.append("")
        lines.append("Questions: answered, right at first try, answer shown before trying, commonest wrong answer")
        for q in self.questions:
            wrong = f"{q.commonest_wrong} ({q.commonest_wrong_count})" if q.commonest_wrong_count else "-"
            lines.append(
                f"  {q.lesson[:2]} {q.question:<28} {q.answered:>3}  {100 * q.share_right_first_try:5.1f} %  "
                f"{q.revealed_first:>3}  {wrong}"
            )
        if self.misconceptions:
            lines.append("")
            lines.append("Misconceptions: answers that matched each named mistake")
            for (lesson, question, label), count in sorted(self.misconceptions.items(), key=lambda i: (-i[1], i[0])):
                lines.append(f"  {lesson[:2]} {question:<28} {count:>3}  {label}")
        for path, reason in self.skipped:
            lines.append(f"Skipped {path}: {reason}")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.table()

    __repr__ = __str__


def find_progress_files(paths) -> list[Path]:
    """The progress files named, and those found under any folder named (sorted, no repeats)."""
    found: list[Path] = []
    for given in paths:
        path = Path(given).expanduser()
        if path.is_dir():
            for pattern in PROGRESS_PATTERNS:
                found.extend(sorted(p for p in path.rglob(pattern) if p.is_file()))
        else:
            found.append(path)
    unique = []
    for path in found:
        if path not in unique:
            unique.append(path)
    return unique


def _learner_name(path: Path, data: dict) -> str:
    named = data.get("learner")
    if isinstance(named, str) and named.strip():
        return named.strip()
    if path.parent.name == ".musclepain" and path.parent.parent.name:
        return path.parent.parent.name
    return path.stem


def _read(path: Path) -> tuple[dict | None, str | None]:
    try:
        raw = path.read_bytes()
    except OSError as error:
        return None, f"could not be read ({error.strerror or error})"
    if not raw.strip():
        return None, "is empty"
    try:
        data = json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError):
        return None, "is not a progress file (not readable as JSON text)"
    if not _looks_valid(data):
        return None, "is not a progress file of this course (no lessons and answers in the expected shape)"
    return data, None


def _course_questions() -> dict[str, dict]:
    questions = {}
    for lesson in list_question_files():
        try:
            questions[lesson] = load_questions(lesson)
        except (DataFileError, InputError):
            questions[lesson] = {}
    return questions


def _answer_text(question, answer) -> str:
    if question is not None and question.kind == "choice" and isinstance(answer, int) and not isinstance(answer, bool):
        if 0 <= answer < len(question.choices):
            return question.choices[answer]
    if isinstance(answer, float):
        return f"{answer:g}"
    return str(answer)


def _misconceptions_met(data: dict) -> Counter:
    """A learner's answers by named misconception: one per attempt record, else one per question met."""
    met = Counter()
    records = [r for r in data.get("attempts", []) if r.get("event", "answer") == "answer"]
    for record in records:
        if isinstance(record.get("misconception"), str) and record["misconception"]:
            met[(str(record.get("lesson")), str(record.get("question")), record["misconception"])] += 1
    if records:
        return met
    for key, entry in data["answers"].items():  # no records kept: what the summaries name
        labels = entry.get("misconceptions")
        for label in labels if isinstance(labels, list) and "/" in key else []:
            if isinstance(label, str):
                met[(*key.split("/", 1), label)] += 1
    return met


def class_report(paths) -> ClassReport:
    """Read learners' progress files (or folders holding them) into a :class:`ClassReport`."""
    course = _course_questions()
    report = ClassReport()
    answers_by_learner: dict[str, dict] = {}
    for path in find_progress_files(paths):
        data, problem = _read(path)
        if problem:
            report.skipped.append((str(path), problem))
            continue
        name = base = _learner_name(path, data)
        number = 1
        while name in answers_by_learner:  # two files with one name: both are kept
            number += 1
            name = f"{base} ({number})"
        answers_by_learner[name] = report.answers[name] = data["answers"]
        report.learners.append(name)
        report.misconceptions.update(_misconceptions_met(data))

    asked = {(lesson, q) for lesson, qs in course.items() for q in qs}
    for answers in answers_by_learner.values():
        asked |= {tuple(key.split("/", 1)) for key in answers if "/" in key}
    order = {lesson: i for i, lesson in enumerate(lesson_ids())}
    lessons = sorted({lesson for lesson, _ in asked}, key=lambda l: (order.get(l, len(order)), l))

    for name in report.learners:
        answers = answers_by_learner[name]
        for lesson in lessons:
            keys = [k for k in answers if k.startswith(f"{lesson}/")]
            ids = set(course.get(lesson, {})) | {k.split("/", 1)[1] for k in keys}
            right = sum(answers[k].get("correct") is True for k in keys)
            report.rows.append(LearnerLesson(name, lesson, len(ids), len(keys), right))

    def question_order(item):
        lesson, question = item
        known = list(course.get(lesson, {}))
        return (order.get(lesson, len(order)), lesson, known.index(question) if question in known else len(known), question)

    for lesson, question in sorted(asked, key=question_order):
        known = course.get(lesson, {}).get(question)
        answered = first_right = revealed = 0
        wrong = Counter()
        for answers in answers_by_learner.values():
            entry = answers.get(f"{lesson}/{question}")
            if isinstance(entry, dict):
                revealed += entry.get("revealed") is True
            if not isinstance(entry, dict) or not entry.get("attempts"):
                continue
            answered += 1
            if "first_correct" in entry:
                first_ok = entry["first_correct"] is True
                if not first_ok and "first_answer" in entry:
                    wrong[_answer_text(known, entry["first_answer"])] += 1
            else:  # an older file: right at once if right after one try
                first_ok = entry.get("correct") is True and entry.get("attempts") == 1
                if not entry.get("correct") and "last_answer" in entry:
                    wrong[_answer_text(known, entry["last_answer"])] += 1
            first_right += first_ok
        commonest, count = (wrong.most_common(1)[0] if wrong else ("", 0))
        report.questions.append(QuestionSummary(lesson, question, answered, first_right, commonest, count, revealed))
    return report


def write_report(report: ClassReport, out_dir: str | Path) -> dict[str, Path]:
    """Write the report's CSV tables and figure into ``out_dir``; return their paths."""
    folder = Path(out_dir).expanduser()
    folder.mkdir(parents=True, exist_ok=True)
    paths = {"learners": folder / "learners.csv", "questions": folder / "questions.csv",
             "misconceptions": folder / "misconceptions.csv", "figure": folder / "class_report.png"}
    with open(paths["learners"], "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["learner", "lesson", "questions", "answered", "right"])
        for r in report.rows:
            writer.writerow([r.learner, r.lesson, r.questions, r.answered, r.right])
    with open(paths["questions"], "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["lesson", "question", "answered", "right_first_try", "share_right_first_try",
                         "commonest_wrong_answer", "commonest_wrong_count", "answer_shown_before_trying"])
        for q in report.questions:
            writer.writerow([q.lesson, q.question, q.answered, q.right_first_try, f"{q.share_right_first_try:.3f}",
                             q.commonest_wrong, q.commonest_wrong_count, q.revealed_first])
    with open(paths["misconceptions"], "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["lesson", "question", "misconception", "answers"])
        for (lesson, question, label), count in sorted(report.misconceptions.items()):
            writer.writerow([lesson, question, label, count])
    _draw(report, paths["figure"])
    return paths


def _draw(report: ClassReport, path: Path) -> None:
    from matplotlib.figure import Figure

    from musclepain_lib.core.plotting import COLORS

    shown = [q for q in report.questions if q.answered] or report.questions
    figure = Figure(figsize=(8, max(2.5, 0.28 * len(shown) + 1.2)))
    axes = figure.add_subplot()
    labels = [f"{q.lesson[:2]} {q.question}" for q in shown]
    shares = [100 * q.share_right_first_try for q in shown]
    axes.barh(range(len(shown)), shares, color=COLORS[0])
    axes.set_yticks(range(len(shown)), labels, fontsize=7)
    axes.invert_yaxis()
    axes.set_xlim(0, 100)
    axes.set_xlabel("learners right at the first try (%)")
    axes.set_title(f"Self-checks of {len(report.learners)} learners: right at the first try")
    figure.tight_layout()
    figure.savefig(path, dpi=100)
