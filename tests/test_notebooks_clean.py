"""Every lesson is stored clean and carries what a lesson must: objectives, time, notice, references."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from musclepain_lib.core.lesson import NOTICE

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def source(cell):
    return "".join(cell["source"])


def markdown(path):
    return "\n".join(source(c) for c in cells(path) if c["cell_type"] == "markdown")


def test_the_course_has_its_welcome_lesson():
    assert NOTEBOOKS and NOTEBOOKS[0].name == "00_welcome.ipynb"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_lesson_is_stored_without_outputs_except_checked_cells(path):
    result = subprocess.run(
        [sys.executable, "-m", "nbstripout", "--keep-count", "--verify", str(path)], capture_output=True, text=True
    )
    assert result.returncode == 0, f"{path.name} has outputs or widget state: run nbstripout --keep-count on it"
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
def test_lesson_records_progress_and_asks_self_check_questions(path):
    code = [source(c) for c in cells(path) if c["cell_type"] == "code"]
    assert "start_lesson(" in code[0]
    assert "finish_lesson(" in code[-1]
    assert any("self_check(" in c for c in code)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_lesson_code_cells_stay_short(path):
    for number, cell in enumerate(cells(path)):
        if cell["cell_type"] == "code":
            lines = [l for l in source(cell).splitlines() if l.strip() and not l.strip().startswith("#")]
            assert len(lines) <= 25, f"cell {number} has {len(lines)} lines: move the code into musclepain_lib"
