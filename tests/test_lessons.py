"""Every lesson of the course manifest follows the course's conventions.

Each lesson carries the notice, opens and closes with the course helpers under its stable id,
keeps its code cells short, asks every question of its file and shows every explorer of its
topic. Checks about one lesson's content (its numbers) live beside that topic's tests.
"""

import re
from pathlib import Path

import nbformat
import pytest

from musclepain_lib.core import manifest
from musclepain_lib.core.lesson import NOTICE
from musclepain_lib.core.selfcheck import list_question_files, load_questions

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
#: The longest code cell a lesson may show (lines): code a learner need not read lives in the library.
MAX_CODE_LINES = 25


@pytest.fixture(scope="module", params=manifest.LESSONS, ids=lambda entry: entry.id)
def lesson(request):
    return request.param, nbformat.read(NOTEBOOKS / request.param.file, as_version=4)


def test_the_lesson_carries_the_notice_near_the_top(lesson):
    _entry, notebook = lesson
    assert any(cell.source == "> " + NOTICE for cell in notebook.cells[:3])


def test_the_lesson_starts_and_finishes_with_the_course_helpers_under_its_id(lesson):
    entry, notebook = lesson
    code = [cell.source for cell in notebook.cells if cell.cell_type == "code"]
    assert f'start_lesson("{entry.id}")' in code[0]
    assert code[-1].strip() == f'finish_lesson("{entry.id}")'


def test_every_cell_has_slide_metadata_and_code_cells_stay_short(lesson):
    _entry, notebook = lesson
    for number, cell in enumerate(notebook.cells, start=1):
        assert cell.metadata["slideshow"]["slide_type"] in {"slide", "subslide", "fragment", "-"}, number
        if cell.cell_type == "code":
            assert len(cell.source.splitlines()) <= MAX_CODE_LINES, f"cell {number}"


def test_every_question_of_the_lesson_is_asked_in_it(lesson):
    entry, notebook = lesson
    if entry.id not in list_question_files():
        pytest.skip(f"{entry.id} has no self-check questions")
    text = "\n".join(cell.source for cell in notebook.cells)
    missing = [qid for qid in load_questions(entry.id) if f'"{qid}"' not in text]
    assert not missing, missing


def test_every_explorer_of_the_lessons_topic_is_shown_in_it(lesson):
    entry, notebook = lesson
    if entry.topic is None:
        pytest.skip(f"{entry.id} teaches no topic package")
    code = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "code")
    missing = [e.name for e in manifest.topic(entry.topic).explorers if not re.search(rf"\b{e.name}\(", code)]
    assert not missing, missing


def test_every_question_file_belongs_to_a_lesson_of_the_manifest():
    assert set(list_question_files()) <= set(manifest.lesson_ids())
