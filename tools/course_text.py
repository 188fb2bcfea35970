"""The text that lists the course, written from the course manifest and the explorers' presets.

Titles, minutes, the question each lesson answers and each preset's description are written
once (in ``musclepain_lib/core/manifest.py`` and beside each explorer); this tool writes them
into the places a reader meets them:

- each lesson's heading (``# 01 · Electrolytes and membrane potential``);
- the welcome lesson's table of lessons (links, questions, times);
- the README's table of lessons;
- the instructor guide's table of lesson times and parts, and its table of presets
  (``docs/instructor.md``).

Each generated table sits between two HTML comments (``<!-- lessons: ... -->`` and
``<!-- end lessons -->``), which no page shows. Run it after changing the manifest or a preset:

    python -m tools.course_text --write    # write every generated part
    python -m tools.course_text --check    # exit 1, naming the file, where one is stale

``tests/test_course_text.py`` runs the check, so a stale table fails the tests.
"""

from __future__ import annotations

import argparse
import importlib
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from musclepain_lib.core import manifest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
README = ROOT / "README.md"
GUIDE = ROOT / "docs" / "instructor.md"
HEADING = re.compile(r"\A# [^\n]*")
#: A long lesson's parts as its opening states them (``python -m tools.lesson_time --write`` writes it).
PARTS = re.compile(r"in \d+ parts \(about ([\d, and]+) min\)")


@dataclass(frozen=True)
class Block:
    """A generated part of a text: its name (used in the marking comments) and its lines."""

    name: str
    make: Callable[[], str]

    @property
    def start(self) -> str:
        return f"<!-- {self.name}: written by python -m tools.course_text from the course manifest; edit it there -->"

    @property
    def end(self) -> str:
        return f"<!-- end {self.name} -->"

    def fill(self, text: str, where: str) -> str:
        """``text`` with the block between its markers written anew."""
        pattern = re.compile(re.escape(self.start) + r"\n.*?" + re.escape(self.end), re.S)
        if not pattern.search(text):
            raise SystemExit(f"{where}: the markers of the generated {self.name!r} table are missing:\n"
                             f"{self.start}\n...\n{self.end}")
        return pattern.sub(lambda _match: f"{self.start}\n\n{self.make()}\n\n{self.end}", text, count=1)


def lesson_heading(entry: manifest.Lesson) -> str:
    return f"# {entry.number} · {entry.title}"


def welcome_table() -> str:
    rows = ["| Lesson | The question it answers | Time |", "|---|---|---|"]
    rows += [
        f"| [{entry.number} {entry.title}]({entry.file}) | {entry.question} | {entry.minutes} min |"
        for entry in manifest.LESSONS if entry.role != "welcome"
    ]
    return "\n".join(rows)


def _explorer_titles(entry: manifest.Lesson) -> str:
    if entry.topic is None:
        return "self-checks"
    titles = [e.title for e in manifest.topic(entry.topic).explorers]
    return "; ".join(titles) if titles else "the explorers of the lessons before, set to each patient by the learner"


def readme_table() -> str:
    rows = ["| | Lesson | The question it answers | Time | Explorers |", "|---|---|---|---|---|"]
    rows += [
        f"| {entry.number} | {entry.title} | {entry.question} | {entry.minutes} min | {_explorer_titles(entry)} |"
        for entry in manifest.LESSONS
    ]
    return "\n".join(rows)


def lesson_parts(entry: manifest.Lesson) -> list[int]:
    """The minutes of each part of a lesson read in parts, as its opening states them ([] for one sitting)."""
    opening = _notebook_source(json.loads((NOTEBOOKS / entry.file).read_text(encoding="utf-8"))["cells"][0])
    found = PARTS.search(opening)
    return [int(minutes) for minutes in re.findall(r"\d+", found.group(1))] if found else []


def guide_lessons_table() -> str:
    rows = ["| Lesson | Self-paced time | Its parts, as the lesson marks them (about, minutes) |", "|---|---|---|"]
    for entry in manifest.LESSONS:
        parts = lesson_parts(entry)
        shown = ", ".join(f"Part {n}: {m}" for n, m in enumerate(parts, start=1)) if parts else "one sitting"
        rows.append(f"| {entry.number} {entry.title} | {entry.minutes} min | {shown} |")
    return "\n".join(rows)


def presets_table() -> str:
    rows = ["| Explorer | Preset | What the class sees |", "|---|---|---|"]
    for package, entry in manifest.explorers():
        maker = getattr(importlib.import_module(f"musclepain_lib.{package}"), entry.name)
        for preset in maker().explorer.preset_records.values():
            rows.append(f"| `musclepain_lib.{package}.{entry.name}` | `{preset.name}` | {preset.description} |")
    return "\n".join(rows)


LESSONS_TABLE = Block("lessons", welcome_table)
README_TABLE = Block("lessons", readme_table)
PRESETS_TABLE = Block("presets", presets_table)
GUIDE_LESSONS_TABLE = Block("lessons", guide_lessons_table)


def _notebook_source(cell) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def _lines(text: str) -> list[str]:
    pieces = text.split("\n")
    return [p + "\n" for p in pieces[:-1]] + [pieces[-1]]


def written_notebook(path: Path, change: Callable[[dict], None]) -> tuple[str, str]:
    """(text now, text after ``change``) of a notebook, written as the course stores lessons."""
    before = path.read_text(encoding="utf-8")
    notebook = json.loads(before)
    change(notebook)
    return before, json.dumps(notebook, indent=1, ensure_ascii=False) + "\n"


def _set_heading(entry: manifest.Lesson) -> Callable[[dict], None]:
    def change(notebook: dict) -> None:
        opening = notebook["cells"][0]
        opening["source"] = _lines(HEADING.sub(lesson_heading(entry), _notebook_source(opening), count=1))
        if entry.role == "welcome":
            for cell in notebook["cells"]:
                if cell["cell_type"] == "markdown" and LESSONS_TABLE.start in _notebook_source(cell):
                    cell["source"] = _lines(LESSONS_TABLE.fill(_notebook_source(cell), entry.file))
    return change


def planned() -> list[tuple[Path, str, str]]:
    """(file, its text now, its text as generated) for every file this tool writes."""
    plans = []
    for entry in manifest.LESSONS:
        path = NOTEBOOKS / entry.file
        plans.append((path, *written_notebook(path, _set_heading(entry))))
    for path, blocks in ((README, (README_TABLE,)), (GUIDE, (GUIDE_LESSONS_TABLE, PRESETS_TABLE))):
        text = wanted = path.read_text(encoding="utf-8")
        for block in blocks:
            wanted = block.fill(wanted, path.name)
        plans.append((path, text, wanted))
    return plans


def stale() -> list[str]:
    """The files whose generated parts differ from what the manifest and presets say."""
    return [str(path.relative_to(ROOT)) for path, now, wanted in planned() if now != wanted]


def write() -> list[str]:
    """Write every generated part; return the files that changed."""
    changed = []
    for path, now, wanted in planned():
        if now != wanted:
            path.write_text(wanted, encoding="utf-8")
            changed.append(str(path.relative_to(ROOT)))
    return changed


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write every generated part")
    parser.add_argument("--check", action="store_true", help="exit 1 where a generated part is stale")
    args = parser.parse_args(argv)
    if args.write:
        changed = write()
        print("wrote " + ", ".join(changed) if changed else "every generated part was up to date")
        return 0
    found = stale()
    if found:
        print("stale (run python -m tools.course_text --write): " + ", ".join(found))
        return 1
    print("every generated part is up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
