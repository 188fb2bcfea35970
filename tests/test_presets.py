"""Every preset the instructor guide names opens its explorer, and every preset is in the guide.

The guide's table (docs/instructor.md, "Presets") is parsed here, so the guide cannot drift
from the explorers: a renamed preset fails one test, a new undocumented one the other.
"""

import functools
import importlib
import re
from pathlib import Path

import pytest

from musclepain_lib.core import manifest

GUIDE = Path(__file__).resolve().parent.parent / "docs" / "instructor.md"
ROW = re.compile(r"^\|\s*`musclepain_lib\.(\w+)\.(\w+)`\s*\|\s*`([^`]+)`\s*\|\s*(.+?)\s*\|\s*$")


def documented_presets():
    rows = []
    for line in GUIDE.read_text(encoding="utf-8").splitlines():
        match = ROW.match(line)
        if match:
            rows.append(match.groups())
    return rows


@functools.lru_cache(maxsize=None)
def opened(topic: str, name: str):
    """The explorer ``musclepain_lib.<topic>.<name>()`` opened once with its defaults."""
    return getattr(importlib.import_module(f"musclepain_lib.{topic}"), name)().explorer


def offered_presets():
    """(topic, explorer, preset) for every explorer of the course manifest."""
    found = []
    for topic, entry in manifest.explorers():
        found.extend((topic, entry.name, preset) for preset in opened(topic, entry.name).presets)
    return found


def test_the_guide_lists_presets_with_a_description_each():
    rows = documented_presets()
    assert len(rows) >= 10
    assert all(len(description) > 10 for *_, description in rows)
    assert len({row[:3] for row in rows}) == len(rows), "a preset is listed twice"


@pytest.mark.parametrize("topic, name, preset, _description", documented_presets(), ids=lambda v: str(v)[:30])
def test_each_preset_in_the_guide_opens_its_explorer_with_a_figure(topic, name, preset, _description):
    explorer_function = getattr(importlib.import_module(f"musclepain_lib.{topic}"), name)
    explorer = explorer_function(preset=preset).explorer
    assert explorer.last_error is None
    assert not explorer.reading.description.startswith("No figure"), explorer.reading.description
    assert explorer.image.value, "the preset drew a figure"


def test_the_guide_describes_each_preset_with_the_line_declared_beside_its_explorer():
    for topic, name, preset, description in documented_presets():
        record = opened(topic, name).preset_records.get(preset)
        assert record is not None and record.description == description, f"{topic}.{name} {preset}"


def test_every_preset_an_explorer_offers_is_in_the_guide():
    documented = {row[:3] for row in documented_presets()}
    missing = [f"{t}.{n}(preset={p!r})" for t, n, p in offered_presets() if (t, n, p) not in documented]
    assert not missing, f"document these presets in docs/instructor.md: {missing}"


def test_every_explorer_of_the_course_offers_at_least_one_preset():
    with_presets = {(t, n) for t, n, _ in offered_presets()}
    for topic, entry in manifest.explorers():
        assert (topic, entry.name) in with_presets, f"{topic}.{entry.name} offers no preset for a class"


def test_the_guide_gives_the_answers_the_lesson_06_checks_expect():
    from musclepain_lib.learner.questions import load_questions

    questions = load_questions("06_case_studies").values()
    numbers = [q.answer for q in questions if q.kind == "number"]
    words = {q.choices[q.answer].lower() for q in questions if q.kind == "choice"}
    section = GUIDE.read_text(encoding="utf-8").split("## Lesson 06, for the instructor", 1)[1]
    answers = [line.rsplit("|", 2)[1] for line in section.splitlines() if line.startswith("| ") and "Case" not in line]
    assert len(answers) == 5
    for cell in answers:
        for part in cell.split(";"):
            shown = re.search(r"-?\d+(?:\.(\d+))?", part)
            if shown:
                rounding = 0.5 * 10 ** -len(shown.group(1) or "")  # as precise as the guide prints it
                assert any(abs(float(shown.group()) - n) <= rounding for n in numbers), part
            else:
                assert part.strip().lower() in words, part
