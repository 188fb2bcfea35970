"""No number self-check asks for a value the lesson has just printed.

The student version of a lesson is run in a kernel, and for each number question the text
output of the six cells before it (printed lines, figure and explorer descriptions) is read:
no number there may fall within the question's tolerance of its answer, so the question asks
for a new case rather than the value on the screen above it (the honest-practice issue, point 6).

Lessons join ``CHECKED`` as their questions are rewritten to ask for new cases.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from musclepain_lib.classroom.versions import make_version
from musclepain_lib.core import manifest
from musclepain_lib.learner.questions import load_questions

ROOT = Path(__file__).resolve().parent.parent
RUNNER = Path(__file__).resolve().parent / "lesson_runner.py"
CHECKED = ["02_cramps"]
WINDOW = 6
_SELF_CHECK = re.compile(r"self_check\(\s*\"([\w]+)\",\s*\"([\w-]+)\"\s*\)")
_NUMBER = re.compile(r"[-+−]?\d+(?:\.\d+)?")


def shown_text(cell: dict) -> str:
    """The text a code cell's outputs show: printed lines, and text or HTML without its tags."""
    parts = []
    for output in cell.get("outputs", []):
        parts.append("".join(output.get("text", "")))
        for kind, value in output.get("data", {}).items():
            if kind.startswith("text/"):
                value = "".join(value) if isinstance(value, list) else value
                parts.append(re.sub(r"<[^>]+>", " ", re.sub(r"data:image/[^\"']+", " ", value)))
    return " ".join(parts)


def answers_shown_above(notebook: dict, lesson: str) -> list[str]:
    """Each number question whose answer is printed within the six cells before it."""
    questions = load_questions(lesson)
    found = []
    cells = notebook["cells"]
    for number, cell in enumerate(cells):
        match = _SELF_CHECK.search("".join(cell["source"])) if cell["cell_type"] == "code" else None
        if not match or match.group(1) != lesson or questions[match.group(2)].kind != "number":
            continue
        question = questions[match.group(2)]
        above = " ".join(shown_text(c) for c in cells[max(0, number - WINDOW):number] if c["cell_type"] == "code")
        close = [n for n in _NUMBER.findall(above) if abs(float(n.replace("−", "-")) - question.answer) <= question.tolerance]
        if close:
            found.append(f"{question.id} (answer {question.answer:g}; shown above: {', '.join(close[:3])})")
    return found


def test_the_check_finds_an_answer_printed_just_above():
    notebook = {"cells": [
        {"cell_type": "code", "source": "print(x)", "outputs": [{"output_type": "stream", "text": ["shift +8.5 mV\n"]}]},
        {"cell_type": "code", "source": 'self_check("02_cramps", "halved-calcium")', "outputs": []},
    ]}
    assert answers_shown_above(notebook, "02_cramps") == ["halved-calcium (answer 8.5; shown above: +8.5)"]
    notebook["cells"][0]["outputs"][0]["text"] = ["shift +5.4 mV\n"]
    assert answers_shown_above(notebook, "02_cramps") == []


@pytest.mark.slow  # runs the lesson in a kernel
@pytest.mark.parametrize("lesson", CHECKED)
def test_no_number_question_asks_for_a_value_printed_in_the_six_cells_before_it(lesson, tmp_path):
    entry = manifest.lesson(lesson)
    source = json.loads((ROOT / "notebooks" / entry.file).read_text(encoding="utf-8"))
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / entry.file).write_text(json.dumps(make_version(source, "student", entry.file)), encoding="utf-8")
    env = {**os.environ, "MUSCLEPAIN_PROGRESS": str(tmp_path / "progress.json"), "MPLBACKEND": "Agg",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    subprocess.run([sys.executable, str(RUNNER), str(tmp_path / "out"), str(tmp_path / "src" / entry.file)],
                   env=env, cwd=tmp_path, timeout=600, check=False, capture_output=True)
    results = json.loads((tmp_path / "out" / "results.json").read_text())
    assert results[0]["ok"], results[0]["error"]
    ran = json.loads((tmp_path / "out" / entry.file).read_text(encoding="utf-8"))
    assert not answers_shown_above(ran, lesson), answers_shown_above(ran, lesson)
