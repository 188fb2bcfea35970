"""Lesson 01 notebook and its self-check questions follow the course's conventions."""

from pathlib import Path

import nbformat
import pytest

from musclepain_lib.core.lesson import NOTICE
from musclepain_lib.core.selfcheck import load_questions
from musclepain_lib.electrolytes import adrogue_madias, nernst

LESSON = Path(__file__).resolve().parent.parent / "notebooks" / "01_electrolytes.ipynb"


@pytest.fixture(scope="module")
def notebook():
    return nbformat.read(LESSON, as_version=4)


def test_the_lesson_carries_the_notice_near_the_top(notebook):
    assert any(cell.source == "> " + NOTICE for cell in notebook.cells[:3])


def test_the_lesson_starts_and_finishes_with_the_course_helpers(notebook):
    code = [cell.source for cell in notebook.cells if cell.cell_type == "code"]
    assert 'start_lesson("01_electrolytes")' in code[0]
    assert code[-1].strip() == 'finish_lesson("01_electrolytes")'


def test_every_cell_has_slide_metadata_and_code_cells_stay_short(notebook):
    for cell in notebook.cells:
        assert cell.metadata["slideshow"]["slide_type"] in {"slide", "subslide", "fragment", "-"}
        if cell.cell_type == "code":
            assert len(cell.source.splitlines()) <= 10


def test_every_question_of_the_lesson_is_asked_in_it(notebook):
    text = "\n".join(cell.source for cell in notebook.cells)
    for question_id in load_questions("01_electrolytes"):
        assert f'"{question_id}"' in text


def test_numeric_answers_agree_with_the_models():
    questions = load_questions("01_electrolytes")
    assert nernst(4, 155, 1) == pytest.approx(questions["ek-muscle"].answer, abs=questions["ek-muscle"].tolerance)
    assert adrogue_madias(108, 27, 513) == pytest.approx(
        questions["adrogue-saline"].answer, abs=questions["adrogue-saline"].tolerance
    )
