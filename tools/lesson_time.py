"""How long a lesson takes: a timed read of each section, and the parts of a long lesson.

The estimate reads the lesson as a first-year student would: prose at about 150 words a
minute (technical text), plus a fixed time for each thing to do. Run it again after a
lesson changes:

    python -m tools.lesson_time            # a table per lesson and section
    python -m tools.lesson_time --check    # exit 1 if a lesson's stated time is off
    python -m tools.lesson_time --write    # state the times: manifest, openings, parts, tables

(after ``--write``, store the lessons with ``nbstripout --keep-count`` as usual).

The minutes it gives are what the course manifest and each lesson's opening state; a
lesson longer than :data:`PART_LIMIT` minutes is read in parts of a size it suggests,
each marked in the notebook with its time and a place to stop.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from musclepain_lib.core.manifest import LESSONS, lesson
from tools.lesson_text import NOTEBOOKS, ROOT, cells, prose, source

#: Words a minute for technical text read with care.
WORDS_PER_MINUTE = 150
#: Minutes for each thing a learner does, on top of reading.
#: Set so that the total agrees with a first-year student's timed read-through of
#: lessons 02 and 04 (about 90 minutes each, where the course had said 60).
TASK_MINUTES = {
    "self-check": 3.0,  # read the question and choices, answer, read the feedback, maybe a hint
    "explorer": 8.0,  # the task the text sets: move the key controls, read the verdict and steps
    "exercise": 8.0,  # write a line or two of code, check it, try again
    "figure": 2.0,  # look at a figure and read its description
    "code": 1.0,  # run a cell and read what it prints
    "formula": 1.0,  # read a displayed formula term by term
    # In the case studies (the capstone) the learner meets no new tool: an explorer is opened on
    # a patient to read one value, an exercise calls a function practised in its own lesson.
    # Set so that lesson 06 agrees with a second timed read-through (100-140 minutes).
    "case explorer": 3.0,
    "case exercise": 4.0,
}
#: In a lesson of this role, a task counts as its "case" kind.
CASE_ROLE = "capstone"
#: A lesson longer than this (minutes) is read in parts.
PART_LIMIT = 45
#: A part of a long lesson takes at most about this many minutes.
PART_TARGET = 35

_SECTION = re.compile(r"^##\s+(.*)$", re.M)
_REFERENCES = re.compile(r"^#+\s*references\b", re.I | re.M)
PART_MARK = re.compile(r"^### Part (\d+) of (\d+)", re.M)
_OPENING_TIME = re.compile(r"\*\*Time:\*\*[^\n]*")
_FORMULA = re.compile(r"\$\$.+?\$\$", re.S)


@dataclass
class Section:
    title: str
    words: int = 0
    tasks: dict = field(default_factory=dict)

    @property
    def minutes(self) -> float:
        doing = sum(TASK_MINUTES[kind] * count for kind, count in self.tasks.items())
        return self.words / WORDS_PER_MINUTE + doing


def _task(code: str) -> str | None:
    if "self_check(" in code:
        return "self-check"
    if "check_exercise(" in code:
        return "exercise"
    if re.search(r"(?<![\w.])(?:\w+\.)?\w*explorer\(", code):
        return "explorer"
    if "show_figure(" in code or re.search(r"\bplot_\w+\(", code):
        return "figure"
    if re.search(r"\bglossary\(|\bstart_lesson\(|\bfinish_lesson\(", code):
        return None  # optional to open, or part of starting and ending
    return "code"


def sections(path: Path) -> list[Section]:
    """The lesson's sections (its opening, then each ``##`` heading) with words and tasks."""
    found = [Section("Opening")]
    ended = False
    case = any(entry.file == path.name and entry.role == CASE_ROLE for entry in LESSONS)
    for cell in cells(path):
        text = source(cell)
        if cell["cell_type"] == "markdown":
            if PART_MARK.search(text):
                continue  # a part's marker is a signpost, not reading
            for piece in re.split(r"(?=^##\s)", text, flags=re.M):
                heading = _SECTION.match(piece)
                if heading and not ended:
                    if _REFERENCES.match(piece):
                        ended = True
                        break
                    found.append(Section(heading.group(1).strip()))
                if not ended:
                    found[-1].words += len(prose(piece).split())
                    formulas = len(_FORMULA.findall(piece))
                    if formulas:
                        found[-1].tasks["formula"] = found[-1].tasks.get("formula", 0) + formulas
        elif not ended:
            kind = _task(text)
            if kind and case and f"case {kind}" in TASK_MINUTES:
                kind = f"case {kind}"
            if kind:
                found[-1].tasks[kind] = found[-1].tasks.get(kind, 0) + 1
    return [s for s in found if s.words or s.tasks]


def rounded(minutes: float) -> int:
    """Minutes as a lesson states them: to the nearest 5, at least 5."""
    return max(5, int(5 * round(minutes / 5)))


def lesson_minutes(path: Path) -> int:
    return rounded(sum(s.minutes for s in sections(path)))


def parts(path: Path) -> list[list[Section]]:
    """Consecutive sections grouped into parts of at most about :data:`PART_TARGET` minutes.

    A lesson within :data:`PART_LIMIT` minutes is one part. Otherwise it gets the fewest
    parts that keep each within the target, split as evenly as the sections allow.
    """
    found = sections(path)
    minutes = [s.minutes for s in found]
    if rounded(sum(minutes)) <= PART_LIMIT:  # the minutes the lesson states, not the unrounded sum
        return [found]
    # A single section longer than the target is a part of its own, never cut.
    limit = max(PART_TARGET, max(minutes))
    for count in range(2, len(found) + 1):
        runs = _balanced(minutes, count)
        if max(sum(minutes[start:end]) for start, end in runs) <= limit:
            break
    return [found[start:end] for start, end in runs]


def _balanced(minutes: list[float], count: int) -> list[tuple[int, int]]:
    """(start, end) of ``count`` runs of ``minutes`` as even as can be (least sum of squares)."""
    n = len(minutes)
    before = [0.0]
    for value in minutes:
        before.append(before[-1] + value)
    # best[k][i]: the least sum of squared part lengths when the first i sections form k parts
    best = [[math.inf] * (n + 1) for _ in range(count + 1)]
    cut = [[0] * (n + 1) for _ in range(count + 1)]
    best[0][0] = 0.0
    for k in range(1, count + 1):
        for i in range(k, n + 1):
            for j in range(k - 1, i):
                cost = best[k - 1][j] + (before[i] - before[j]) ** 2
                if cost < best[k][i]:
                    best[k][i], cut[k][i] = cost, j
    runs, end = [], n
    for k in range(count, 0, -1):
        start = cut[k][end]
        runs.append((start, end))
        end = start
    return runs[::-1]


def stated_minutes(path: Path) -> int | None:
    """The minutes the lesson's opening states on its **Time:** line."""
    line = _OPENING_TIME.search(source(cells(path)[0]))
    number = re.search(r"(\d+)\s*min", line.group()) if line else None
    return int(number.group(1)) if number else None


def report() -> str:
    lines = []
    for entry in LESSONS:
        path = NOTEBOOKS / entry.file
        groups = parts(path)
        lines.append(f"{entry.id}: about {lesson_minutes(path)} min (manifest {entry.minutes}, opening {stated_minutes(path)})")
        for number, group in enumerate(groups, start=1):
            if len(groups) > 1:
                lines.append(f"  part {number}: about {rounded(sum(s.minutes for s in group))} min")
            for section in group:
                tasks = ", ".join(f"{count} {kind}" for kind, count in section.tasks.items())
                lines.append(f"    {section.minutes:5.1f} min  {section.words:5d} words  {section.title}" + (f" ({tasks})" if tasks else ""))
    return "\n".join(lines)


def problems() -> list[str]:
    """Where a lesson's stated time differs from the timed read."""
    found = []
    for entry in LESSONS:
        path = NOTEBOOKS / entry.file
        minutes = lesson_minutes(path)
        if lesson(entry.id).minutes != minutes:
            found.append(f"{entry.id}: the manifest says {entry.minutes} min, the timed read {minutes} min")
        if stated_minutes(path) != minutes:
            found.append(f"{entry.id}: the opening says {stated_minutes(path)} min, the timed read {minutes} min")
    return found


PART_TEXT = """### Part {number} of {count} · about {minutes} min

A good place to stop: your self-check answers are saved as you go. To come back later, open this
lesson, click in this cell and choose *Run → Run All Above Selected Cell* (it brings back what the
earlier cells computed), then go on from here."""


def _lines(text: str) -> list[str]:
    pieces = text.split("\n")
    return [p + "\n" for p in pieces[:-1]] + [pieces[-1]]


def time_line(path: Path) -> str:
    """The opening's **Time:** line for the timed read, with the parts of a long lesson."""
    groups = parts(path)
    line = f"**Time:** about {lesson_minutes(path)} min"
    if len(groups) == 1:
        return line + "."
    sizes = [str(rounded(sum(s.minutes for s in group))) for group in groups]
    listed = ", ".join(sizes[:-1]) + " and " + sizes[-1]
    return line + f", in {len(groups)} parts (about {listed} min); each part ends at a place to stop and come back."


def write_lesson(path: Path):
    """Mark the parts of a long lesson and state its time in its opening."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    is_marker = lambda c: c["cell_type"] == "markdown" and PART_MARK.search(source(c))  # noqa: E731
    kept_ids = {int(PART_MARK.search(source(c)).group(1)): c["id"] for c in notebook["cells"] if is_marker(c)}
    notebook["cells"] = [c for c in notebook["cells"] if not is_marker(c)]
    groups = parts(path)  # the markers are not counted, so the parts do not depend on them
    opening = notebook["cells"][0]
    opening["source"] = _lines(_OPENING_TIME.sub(time_line(path), source(opening), count=1))
    for number, group in reversed(list(enumerate(groups, start=1))):
        if number == 1:
            continue
        heading = re.compile(r"^##\s+" + re.escape(group[0].title) + r"\s*$", re.M)
        at = next(i for i, c in enumerate(notebook["cells"]) if c["cell_type"] == "markdown" and heading.search(source(c)))
        minutes = rounded(sum(s.minutes for s in group))
        marker = {
            "cell_type": "markdown",
            "id": kept_ids.get(number, f"part-{number}"),  # a marker written again keeps its cell id
            "metadata": {"slideshow": {"slide_type": "slide"}},
            "source": _lines(PART_TEXT.format(number=number, count=len(groups), minutes=minutes)),
        }
        notebook["cells"].insert(at, marker)
    path.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def write_manifest(minutes: dict[str, int]):
    """Set each lesson's minutes in the course manifest."""
    manifest = ROOT / "musclepain_lib" / "core" / "manifest.py"
    text = manifest.read_text(encoding="utf-8")
    for lesson_id, value in minutes.items():
        text = re.sub(
            r'(Lesson\(\s*"' + re.escape(lesson_id) + r'",\s*"[^"]*",\s*"[^"]*",\s*)\d+', rf"\g<1>{value}", text
        )
    manifest.write_text(text, encoding="utf-8")


def _written_from_the_manifest():
    """The tables of lessons, written again from the manifest's new minutes (in a fresh process,
    since this one imported the manifest before it changed)."""
    import subprocess

    subprocess.run([sys.executable, "-m", "tools.course_text", "--write"], cwd=ROOT, check=True)


def write() -> dict[str, int]:
    # The tables first, so a lesson listed anew in the welcome lesson's table is timed with it;
    # after the minutes change, again (only numbers move, so no timed read changes).
    _written_from_the_manifest()
    minutes = {}
    for entry in LESSONS:
        path = NOTEBOOKS / entry.file
        write_lesson(path)
        minutes[entry.id] = lesson_minutes(path)
    write_manifest(minutes)
    _written_from_the_manifest()
    return minutes


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if a stated time differs from the timed read")
    parser.add_argument("--write", action="store_true", help="state the times in the manifest and the lessons")
    args = parser.parse_args(argv)
    if args.write:
        write()
    print(report())
    if args.check:
        found = problems()
        print("\n".join(found) if found else "Every stated time matches the timed read.")
        return 1 if found else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
