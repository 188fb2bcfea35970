"""Every lesson is stored clean and carries what a lesson must: objectives, time, notice, references."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from musclepain_lib.core import manifest
from musclepain_lib.learner.lesson import NOTICE
from musclepain_lib.learner.questions import list_question_files, load_questions

NOTEBOOKS = manifest.lesson_paths(Path(__file__).resolve().parent.parent / "notebooks")


def cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def source(cell):
    return "".join(cell["source"])


def markdown(path):
    return "\n".join(source(c) for c in cells(path) if c["cell_type"] == "markdown")


def test_the_course_has_its_welcome_lesson():
    assert NOTEBOOKS and NOTEBOOKS[0].name == "00_welcome.ipynb"


@pytest.fixture(scope="module")
def unstripped() -> str:
    """What ``nbstripout --verify`` says of all the lessons at once (one process, not one per lesson)."""
    result = subprocess.run(
        [sys.executable, "-m", "nbstripout", "--keep-count", "--verify", *map(str, NOTEBOOKS)],
        capture_output=True, text=True,
    )
    assert result.returncode in (0, 1), result.stderr
    return result.stdout + result.stderr


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_lesson_is_stored_without_outputs_except_checked_cells(path, unstripped):
    assert str(path) not in unstripped, f"{path.name} has outputs or widget state: run nbstripout --keep-count on it"
    for cell in cells(path):
        if cell["cell_type"] == "code" and cell.get("outputs"):
            assert source(cell).startswith("# NBVAL_CHECK_OUTPUT"), "only checked cells keep outputs"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_lesson_opens_with_objectives_prerequisites_and_time(path):
    opening = source(cells(path)[0])
    assert re.search(r"you will", opening, re.I), "objectives"
    assert re.search(r"prerequisite", opening, re.I)
    assert re.search(r"time\W+.*\d+\s*min", opening, re.I), "a time estimate in minutes"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_lesson_carries_the_no_medical_advice_notice(path):
    assert NOTICE in markdown(path).replace("\n> ", " ")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_lesson_ends_with_summary_and_references(path):
    text = markdown(path)
    assert re.search(r"^#+ .*summary", text, re.I | re.M)
    assert re.search(r"^#+ .*references", text, re.I | re.M)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_lesson_records_progress_under_its_stable_id_and_asks_self_check_questions(path):
    lesson_id = manifest.lesson(path.name).id
    code = [source(c) for c in cells(path) if c["cell_type"] == "code"]
    assert f'start_lesson("{lesson_id}")' in code[0]
    assert code[-1].strip() == f'finish_lesson("{lesson_id}")'
    assert any("self_check(" in c for c in code)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_lesson_asks_every_question_of_its_file(path):
    lesson_id = manifest.lesson(path.name).id
    if lesson_id not in list_question_files():
        pytest.skip(f"{lesson_id} has no self-check questions")
    text = "\n".join(source(cell) for cell in cells(path))
    missing = [qid for qid in load_questions(lesson_id) if f'"{qid}"' not in text]
    assert not missing, f"never asked: {missing}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_lesson_shows_every_explorer_of_its_topic(path):
    entry = manifest.lesson(path.name)
    if entry.topic is None:
        pytest.skip(f"{entry.id} teaches no topic package")
    code = "\n".join(source(c) for c in cells(path) if c["cell_type"] == "code")
    missing = [e.name for e in manifest.topic(entry.topic).explorers if not re.search(rf"\b{e.name}\(", code)]
    assert not missing, f"never shown: {missing}"


def test_every_question_file_belongs_to_a_lesson_of_the_manifest():
    assert set(list_question_files()) <= set(manifest.lesson_ids())


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_lesson_code_cells_stay_short(path):
    for number, cell in enumerate(cells(path)):
        if cell["cell_type"] == "code":
            lines = [l for l in source(cell).splitlines() if l.strip() and not l.strip().startswith("#")]
            assert len(lines) <= 25, f"cell {number} has {len(lines)} lines: move the code into musclepain_lib"
