"""Each lesson states the time a timed read gives, and a long lesson comes in parts with places to stop."""

import re

import pytest

from musclepain_lib.core.manifest import LESSONS
from tools import lesson_time
from tools.lesson_text import NOTEBOOKS, cells, source


def test_the_manifest_and_each_opening_state_the_timed_read():
    assert lesson_time.problems() == []


def test_reading_time_counts_words_at_150_a_minute_plus_each_task():
    section = lesson_time.Section("a section", words=300, tasks={"self-check": 1, "explorer": 1})
    assert section.minutes == pytest.approx(2 + 3 + 8)


def test_the_estimates_are_no_longer_the_old_hour_for_the_long_lessons():
    minutes = {lesson.id: lesson.minutes for lesson in LESSONS}
    assert minutes["02_cramps"] >= 80 and minutes["04_diabetic_ketoacidosis"] >= 60


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda l: l.id)
def test_a_long_lesson_is_marked_in_parts_each_with_its_time(lesson):
    path = NOTEBOOKS / lesson.file
    groups = lesson_time.parts(path)
    markers = [lesson_time.PART_MARK.search(source(c)) for c in cells(path) if c["cell_type"] == "markdown"]
    markers = [m for m in markers if m]
    if lesson.minutes <= lesson_time.PART_LIMIT:
        assert len(groups) == 1 and not markers
        return
    assert [int(m.group(1)) for m in markers] == list(range(2, len(groups) + 1))
    assert all(int(m.group(2)) == len(groups) for m in markers)
    longest_section = max(s.minutes for group in groups for s in group)
    for group in groups:  # a part stays within the target, or within one section that is longer
        assert sum(s.minutes for s in group) <= max(lesson_time.PART_TARGET, longest_section) + 0.01
    opening = source(cells(path)[0])
    assert f"in {len(groups)} parts" in opening


def test_the_welcome_lessons_table_gives_each_lesson_its_time():
    text = "\n".join(source(c) for c in cells(NOTEBOOKS / LESSONS[0].file))
    for lesson in (entry for entry in LESSONS if entry.role != "welcome"):
        row = re.search(r"^\| \[" + lesson.number + r" .*\| (\d+) min \|$", text, re.M)
        assert row and int(row.group(1)) == lesson.minutes, lesson.id
