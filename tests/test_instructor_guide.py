"""The instructor guide plans real sessions, and every explorer call it writes runs as written.

Each lesson has a 50-minute plan whose minutes run from 0 to 50 without a gap; the lesson
times the guide states are the manifest's; and every explorer call in the guide (a preset for
the projector) runs in the namespace the lesson's own import cell makes, with the same names
(``el.explorer`` in lesson 01, the bare ``explorer`` in lesson 04, ``cramps.cramp_explorer`` in
lesson 06). A call is read as belonging to the lesson named just before it on its line
("lesson 02 `cr.explorer(...)`") or to the lesson whose plan it sits in.
"""

from __future__ import annotations

import ast
import functools
import json
import re
from pathlib import Path

import pytest

from musclepain_lib.core import manifest

ROOT = Path(__file__).resolve().parent.parent
GUIDE = (ROOT / "docs" / "instructor.md").read_text(encoding="utf-8")
CALL = re.compile(r"`((?:[A-Za-z_]\w*\.)?\w*explorer\([^`]*\))`")
LESSON_NAMED = re.compile(r"\blesson (\d\d)\b", re.I)
PLAN = re.compile(r"^#### Lesson (\d\d) · ", re.M)
HEADING = re.compile(r"^#{1,4} ")
MINUTES = re.compile(r"^\| (\d+)-(\d+) \|")


def lesson_by_number(number: str) -> manifest.Lesson:
    return next(entry for entry in manifest.LESSONS if entry.number == number)


def explorer_calls() -> list[tuple[str | None, str, int]]:
    """(lesson id or None, call, line number) for every explorer call written in the guide."""
    found, plan = [], None
    for number, line in enumerate(GUIDE.splitlines(), start=1):
        if HEADING.match(line):
            heading = PLAN.match(line)
            plan = heading.group(1) if heading else None
        for call in CALL.finditer(line):
            named = LESSON_NAMED.findall(line[: call.start()])
            lesson = named[-1] if named else plan
            found.append((lesson_by_number(lesson).id if lesson else None, call.group(1), number))
    return found


@functools.lru_cache(maxsize=None)
def lesson_namespace(lesson_id: str) -> dict:
    """The names a lesson's import cell (its first code cell that imports) defines, and only those."""
    cells = json.loads((ROOT / "notebooks" / manifest.lesson(lesson_id).file).read_text(encoding="utf-8"))["cells"]
    source = next("".join(c["source"]) for c in cells if c["cell_type"] == "code" and re.search(r"^(from|import) ", "".join(c["source"]), re.M))
    imports = [node for node in ast.parse(source).body if isinstance(node, (ast.Import, ast.ImportFrom))]
    namespace: dict = {}
    exec(compile(ast.Module(body=imports, type_ignores=[]), lesson_id, "exec"), namespace)  # imports only: no start_lesson
    return namespace


def plan_section(lesson: manifest.Lesson) -> str:
    heading = re.search(rf"^#### Lesson {lesson.number} · .*$", GUIDE, re.M)
    assert heading, f"docs/instructor.md has no 50-minute plan for lesson {lesson.number}"
    rest = GUIDE[heading.end():]
    following = re.search(r"^#{1,4} ", rest, re.M)
    return rest[: following.start()] if following else rest


CALLS = explorer_calls()


def test_the_guide_writes_presets_for_every_lesson_with_explorers():
    lessons = {lesson for lesson, _, _ in CALLS}
    for entry in manifest.LESSONS:
        if entry.topic and (manifest.topic(entry.topic).explorers or entry.role == "capstone"):
            assert entry.id in lessons, f"no explorer call for lesson {entry.number} in docs/instructor.md"


def test_every_explorer_call_in_the_guide_names_its_lesson():
    orphans = [f"line {line}: {call}" for lesson, call, line in CALLS if lesson is None]
    assert not orphans, f"say which lesson each call is for (\"lesson 04 `...`\"): {orphans}"


@pytest.mark.parametrize("lesson, call, line", [c for c in CALLS if c[0]], ids=[f"{c[0][:2]}:{c[1]}" for c in CALLS if c[0]])
def test_each_explorer_call_runs_as_written_in_its_lessons_namespace(lesson, call, line):
    namespace = dict(lesson_namespace(lesson))
    try:
        widget = eval(call, namespace)  # noqa: S307 - the guide's own text, as an instructor would type it
    except NameError as error:
        pytest.fail(f"docs/instructor.md line {line}: {call} fails in lesson {lesson}: {error} "
                    f"(the lesson imports {sorted(k for k in namespace if not k.startswith('__'))})")
    assert widget.explorer.last_error is None


@pytest.mark.parametrize("lesson", manifest.LESSONS, ids=lambda entry: entry.id)
def test_each_lesson_has_a_50_minute_plan_whose_minutes_run_from_0_to_50(lesson):
    rows = [tuple(map(int, m.groups())) for m in map(MINUTES.match, plan_section(lesson).splitlines()) if m]
    assert rows, f"lesson {lesson.number}'s plan has no timed rows"
    assert rows[0][0] == 0 and rows[-1][1] == 50, rows
    assert all(end == start for (_, end), (start, _) in zip(rows, rows[1:])), f"a gap or an overlap: {rows}"
    assert sum(end - start for start, end in rows) == 50


@pytest.mark.parametrize("lesson", manifest.LESSONS, ids=lambda entry: entry.id)
def test_each_plan_assigns_only_parts_its_lesson_has(lesson):
    from tools.course_text import lesson_parts

    parts = len(lesson_parts(lesson))
    found = re.findall(r"\bParts? (\d+)(?: (?:and|to) (\d+))?", plan_section(lesson))
    named = {int(number) for pair in found for number in pair if number}
    assert all(1 <= n <= parts for n in named), f"lesson {lesson.number} has {parts} parts; its plan names {sorted(named)}"


def test_the_lesson_times_the_guide_states_are_the_manifests():
    stated = {}
    for line in GUIDE.splitlines():
        row = re.match(r"^\| (\d\d) [^|]+\| (\d+) min \|", line)
        if row:
            stated.setdefault(row.group(1), set()).add(int(row.group(2)))
    assert stated == {entry.number: {entry.minutes} for entry in manifest.LESSONS}, stated
