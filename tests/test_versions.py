"""The student and instructor versions: built from one source, and each exercise checks out.

The fast tests build versions of a small lesson made here; the slow test builds the
course's own lessons and executes both versions of every lesson that has exercises,
as CI does.
"""

import json
import re
from pathlib import Path

import nbformat
import pytest

from lesson_evidence import answers_shown_above, cell_text, check_lines, checked, checks_asked, printed_numbers

from musclepain_lib.core import manifest
from musclepain_lib.learner.exercises import CORRECT_MARK, NOT_ANSWERED, check_exercise
from musclepain_lib.learner.progress import ProgressStore
from musclepain_lib.classroom.versions import (
    TEACHER_NOTE_LABEL,
    VersionError,
    build_versions,
    cell_tags,
    main,
    make_version,
    student_source,
)

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


def _cell(kind, source, *tags):
    return {"cell_type": kind, "id": f"c{abs(hash(source)) % 10**8}", "metadata": {"tags": list(tags)}, "source": source,
            **({"outputs": [], "execution_count": None} if kind == "code" else {})}


def _lesson():
    return {
        "nbformat": 4, "nbformat_minor": 5, "metadata": {},
        "cells": [
            _cell("markdown", "Exercise: the runner's sodium after the race."),
            _cell("code", "from math import sqrt\n# BEGIN SOLUTION\nside = sqrt(16)\nlow, high = 1, 2\n# END SOLUTION\n", "exercise"),
            _cell("code", "print(side)", "check"),
            _cell("markdown", "Ask the class why.", "teacher-note"),
            _cell("markdown", "The worked answer.", "solution"),
        ],
    }


def test_student_stub_assigns_ellipsis_to_every_name_the_solution_sets():
    source = "a = 1\n# BEGIN SOLUTION\nx = f(a)\ny, z = g(x)\nx = x + 1\n# END SOLUTION\nprint(a)"
    assert student_source(source) == "a = 1\nx = ...  # your code here\ny, z = ..., ...  # your code here\nprint(a)"


def test_student_stub_keeps_the_indentation_of_its_block():
    source = "for i in range(2):\n    # BEGIN SOLUTION\n    total = i\n    # END SOLUTION\n"
    assert student_source(source) == "for i in range(2):\n    total = ...  # your code here"


def test_student_version_drops_solutions_and_teaching_notes_but_keeps_the_checks():
    student = make_version(_lesson(), "student", "99_demo.ipynb")
    texts = [c["source"] for c in student["cells"]]
    assert not any("BEGIN SOLUTION" in t or "sqrt(16)" in t for t in texts)
    assert "print(side)" in texts
    assert not any("Ask the class" in t or "worked answer" in t for t in texts)
    assert student["metadata"]["musclepain_version"] == "student"


def test_instructor_version_shows_solutions_and_labelled_teaching_notes():
    instructor = make_version(_lesson(), "instructor", "99_demo.ipynb")
    texts = [c["source"] for c in instructor["cells"]]
    assert any("side = sqrt(16)" in t for t in texts)
    assert f"{TEACHER_NOTE_LABEL} Ask the class why." in texts
    assert "The worked answer." in texts
    assert "notebooks/99_demo.ipynb" in texts[0]


def test_every_version_cell_keeps_slide_metadata_and_the_source_is_unchanged():
    lesson = _lesson()
    before = json.dumps(lesson, sort_keys=True)
    for version in ("student", "instructor"):
        made = make_version(lesson, version)
        assert made["cells"][0]["metadata"]["slideshow"]["slide_type"] == "skip"
    assert json.dumps(lesson, sort_keys=True) == before


@pytest.mark.parametrize(
    "source, problem",
    [
        ("# BEGIN SOLUTION\nx = 1\n", "never closed"),
        ("x = 1\n# END SOLUTION\n", "without"),
        ("# BEGIN SOLUTION\n# BEGIN SOLUTION\n# END SOLUTION\n", "inside another"),
        ("# BEGIN SOLUTION\nx = (\n# END SOLUTION\n", "not valid Python"),
    ],
)
def test_broken_solution_markers_are_reported_with_the_cell(source, problem):
    with pytest.raises(VersionError, match=problem):
        student_source(source, "06_case_studies.ipynb, cell 7")


def test_an_exercise_without_a_solution_block_is_refused():
    lesson = _lesson()
    lesson["cells"][1]["source"] = "side = 4"
    with pytest.raises(VersionError, match="cell 2"):
        make_version(lesson, "instructor", "99_demo.ipynb")


def test_unknown_version_is_refused_by_name():
    with pytest.raises(VersionError, match="version = 'teacher'"):
        make_version(_lesson(), "teacher")


def test_command_line_writes_both_versions(tmp_path, capsys):
    source = tmp_path / "notebooks"
    source.mkdir()
    (source / "06_case_studies.ipynb").write_text(json.dumps(_lesson()))
    assert main(["--source", str(source), "--out", str(tmp_path / "build")]) == 0
    for version in ("student", "instructor"):
        nbformat.validate(nbformat.read(tmp_path / "build" / version / "06_case_studies.ipynb", as_version=4))
    assert "student" in capsys.readouterr().out
    assert main(["--source", str(tmp_path / "empty"), "--out", str(tmp_path / "b")]) == 1


def test_a_lesson_missing_from_the_course_manifest_is_refused_by_name(tmp_path, capsys):
    (tmp_path / "99_demo.ipynb").write_text(json.dumps(_lesson()))
    assert main(["--source", str(tmp_path), "--out", str(tmp_path / "build")]) == 1
    assert "'99_demo.ipynb'" in capsys.readouterr().err


def test_exercise_check_says_not_answered_for_the_stub_and_correct_for_the_solution(tmp_path):
    store = ProgressStore(tmp_path / "progress.json")
    assert check_exercise("06_case_studies", "runner-sodium", ..., store).startswith(NOT_ANSWERED)
    questions = json.loads((Path(__file__).resolve().parent.parent / "data/questions/06_case_studies.json").read_text())
    runner = next(q for q in questions["questions"] if q["id"] == "runner-sodium")
    result = check_exercise("06_case_studies", "runner-sodium", runner["answer"], store)
    assert result.startswith(CORRECT_MARK) and result.correct
    wrong = check_exercise("06_case_studies", "runner-sodium", runner["answer"] + 10, store)
    assert not wrong.correct and "too high" in wrong
    assert store.load()["answers"]["06_case_studies/runner-sodium"]["correct"] is True


def _lessons_with_exercises():
    found = []
    for path in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")):
        cells = nbformat.read(path, as_version=4).cells
        if any("exercise" in cell_tags(c) for c in cells):
            found.append(path.name)
    return found


def _run(path: Path):
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    NotebookClient(notebook, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    return notebook


@pytest.mark.slow
@pytest.mark.parametrize("lesson", _lessons_with_exercises())
def test_the_instructor_version_runs_and_every_exercise_matches_its_solution(lesson, tmp_path):
    """The student version runs from the installed wheel (tests/test_installed_wheel.py): there each
    check says "not answered yet" and no number question finds its answer printed above it."""
    build_versions(NOTEBOOKS, tmp_path)
    instructor = check_lines(_run(tmp_path / "instructor" / lesson))
    assert len(instructor) == checks_asked(nbformat.read(NOTEBOOKS / lesson, as_version=4)) > 0
    for number, text in enumerate(instructor, start=1):
        assert text.strip().startswith(CORRECT_MARK), f"{lesson}, check {number}: {text}"


def _notebook(*cells):
    made = nbformat.v4.new_notebook()
    for kind, source, outputs, tags in cells:
        cell = (nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell)(source)
        cell.metadata["tags"] = list(tags)
        if kind == "code":
            cell.outputs = [nbformat.from_dict(o) for o in outputs]
        made.cells.append(cell)
    return made


def _stream(text):
    return {"output_type": "stream", "name": "stdout", "text": text}


def test_an_answer_printed_within_six_cells_above_its_self_check_is_found_and_named():
    printed = ("code", "print(e_k)", [_stream("E_K at his potassium: −104.6 mV\n")], ())
    question = ("code", 'self_check("06_case_studies", "thiazide-ek")', [], ())
    leaky = _notebook(printed, *[("markdown", "text", [], ())] * 5, question)
    (leak,) = answers_shown_above(leaky, "06_case_studies")
    assert "'thiazide-ek'" in leak and "cell 0" in leak and "'−104.6'" in leak and "06_case_studies" in leak
    far = _notebook(printed, *[("markdown", "text", [], ())] * 6, question)
    assert not answers_shown_above(far, "06_case_studies")


def test_a_near_miss_a_wrong_sign_or_a_hyphen_is_not_an_answer_shown():
    html_output = {"output_type": "display_data", "data": {"text/plain": "widget",
                   "text/html": "<p>E_K <b>104.6</b> mV; range 3-104.6; 1,540 U/L</p>"}, "metadata": {}}
    quiet = _notebook(("code", "x", [html_output, _stream("-103.0 mV\n")], ()),
                      ("code", 'self_check("06_case_studies", "thiazide-ek")', [], ()))
    assert not answers_shown_above(quiet, "06_case_studies")
    assert printed_numbers("1,540 U/L, about 156x, −98 and 3-11") == [
        ("1,540", 1540.0), ("156", 156.0), ("−98", -98.0), ("3", 3.0), ("11", 11.0)]
    assert printed_numbers("DAS28 IL-6 pCO2 kept in /tmp/progress-x35k/p.json: 4.5") == [("4.5", 4.5)]


def test_an_exercise_asks_its_question_too_and_html_is_read_without_its_tags():
    shown = {"output_type": "execute_result", "execution_count": 1, "metadata": {},
             "data": {"text/plain": "Explorer", "text/html": "<li>CK is <b>155.8</b>&times; the limit</li>"}}
    leaky = _notebook(("code", "explorer()", [shown], ()),
                      ("code", "ck_multiple = ...", [], ("exercise",)),
                      ("code", 'check_exercise("06_case_studies", "recruit-ck-multiple", ck_multiple)', [], ("check",)))
    (leak,) = answers_shown_above(leaky, "06_case_studies")
    assert "'recruit-ck-multiple'" in leak and "cell 0" in leak


@pytest.mark.parametrize("answer", [float("nan"), float("inf"), "about 125", None, True])
def test_an_unusable_answer_to_a_number_exercise_is_not_yet_right_and_says_why(answer, tmp_path):
    result = check_exercise("06_case_studies", "runner-sodium", answer, ProgressStore(tmp_path / "p.json"))
    assert not result.correct and "answer" in result


def test_a_word_answer_is_matched_to_its_choice_and_an_unknown_word_lists_the_choices(tmp_path):
    store = ProgressStore(tmp_path / "p.json")
    assert check_exercise("06_case_studies", "dka-severity", "Moderate", store).correct
    wrong = check_exercise("06_case_studies", "dka-severity", "awful", store)
    assert not wrong.correct and "'severe'" in wrong


def test_a_numpy_number_from_a_model_is_checked_like_a_float(tmp_path):
    import numpy as np

    assert check_exercise("06_case_studies", "ra-acr-eular", np.int64(8), ProgressStore(tmp_path / "p.json")).correct


@pytest.mark.parametrize("lesson, question", [("99_nothing", "x"), ("06_case_studies", "no-such-question")])
def test_an_unknown_lesson_or_exercise_is_refused_by_name(lesson, question):
    from musclepain_lib import InputError

    with pytest.raises(InputError, match="lesson|question_id"):
        check_exercise(lesson, question, 1.0)


ALL_LESSONS = [NOTEBOOKS / entry.file for entry in manifest.LESSONS]
PRACTISED = [NOTEBOOKS / entry.file for entry in manifest.lessons(practised=True)]
#: Practised topic lessons: each exercise runs on its own after the lesson's first code cell, and
#: has a no-code path through an explorer. The capstone's exercises build on its earlier cells.
STANDALONE = [NOTEBOOKS / entry.file for entry in manifest.lessons("topic", practised=True)]


@pytest.mark.parametrize("path", ALL_LESSONS, ids=lambda p: p.stem)
def test_the_student_and_instructor_versions_of_every_lesson_differ(path):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    student, instructor = (make_version(notebook, v, path.name) for v in ("student", "instructor"))
    body = lambda version: [cell_text(c) for c in version["cells"][1:]]  # noqa: E731 (the header always differs)
    assert body(student) != body(instructor)
    assert any("teacher-note" in cell_tags(c) for c in notebook["cells"]), f"{path.name} has no teaching notes"


@pytest.mark.parametrize("path", PRACTISED, ids=lambda p: p.stem)
def test_every_practised_lesson_has_two_exercises_each_checked_in_the_middle_of_the_lesson(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    exercises = [n for n, c in enumerate(cells) if "exercise" in cell_tags(c)]
    checks = [n for n, c in enumerate(cells) if "check" in cell_tags(c) and checked(c)]
    assert len(exercises) >= 2 and len(checks) >= 2
    assert all(n + 1 in checks for n in exercises), "each exercise is followed by its check"
    assert 3 < min(exercises) and max(checks) < len(cells) - 3


def _no_code_paths(cells) -> set[str]:
    return {m for c in cells if c["cell_type"] == "code" for m in re.findall(r'self_check\("[^"]+", "([^"]+)"\)', cell_text(c))}


@pytest.mark.parametrize("path", STANDALONE, ids=lambda p: p.stem)
def test_each_exercise_has_a_no_code_path_a_number_self_check_read_off_an_explorer(path):
    from musclepain_lib.learner.questions import load_questions

    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    typed = _no_code_paths(cells)
    for cell in cells:
        for lesson, question, _name in checked(cell):
            assert question in typed, f"{path.name}: exercise {question} has no self-check to type the value into"
            assert load_questions(lesson)[question].kind == "number"
            assert load_questions(lesson)[question].mistakes


def _exercise_cases():
    cases = []
    for path in STANDALONE:  # the capstone's exercises build on earlier cells; the slow test runs it whole
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        setup = cell_text(next(c for c in cells if c["cell_type"] == "code"))
        for n, cell in enumerate(cells):
            if "exercise" in cell_tags(cell):
                cases.append(pytest.param(setup, cell_text(cell), cell_text(cells[n + 1]), id=f"{path.stem}-{n}"))
    return cases


@pytest.mark.parametrize("setup, exercise, check", _exercise_cases())
def test_each_exercise_check_passes_its_solution_and_tells_the_student_stub_what_to_do(
    setup, exercise, check, tmp_path, monkeypatch
):
    monkeypatch.setenv("MUSCLEPAIN_PROGRESS", str(tmp_path / "progress.json"))
    for version, expected in (("instructor", CORRECT_MARK), ("student", NOT_ANSWERED)):
        namespace: dict = {}
        exec(setup, namespace)  # the lesson's imports (and its start_lesson, into the temporary file)
        namespace["check_exercise"] = check_exercise  # imported by the lesson's first check
        exec(exercise if version == "instructor" else student_source(exercise), namespace)
        *before, last = check.rstrip().splitlines()
        exec("\n".join(before), namespace)
        result = eval(last, namespace)
        assert str(result).startswith(expected), f"{version}: {result}"


#: Words addressed to the person teaching, never to the learner.
INSTRUCTOR_WORDING = re.compile(
    r"\binstructors?\b|\bteachers?\b|teaching note|\bpause here\b|misconception to name|\bin class\b|"
    r"\bstudents? (?:often|usually|tend)\b|\bpreset=",
    re.IGNORECASE,
)


@pytest.mark.parametrize("path", ALL_LESSONS, ids=lambda p: p.stem)
def test_the_student_version_of_every_lesson_holds_nothing_addressed_to_instructors(path):
    student = make_version(json.loads(path.read_text(encoding="utf-8")), "student", path.name)
    for number, cell in enumerate(student["cells"]):
        if cell["cell_type"] == "markdown":
            found = INSTRUCTOR_WORDING.search(cell_text(cell))
            assert not found, f"{path.name}, cell {number}: {found[0]!r} speaks to instructors"


def test_each_worked_explanation_of_the_capstone_comes_after_every_check_of_its_case():
    cells = json.loads((NOTEBOOKS / "06_case_studies.ipynb").read_text(encoding="utf-8"))["cells"]
    cases = [n for n, c in enumerate(cells) if c["cell_type"] == "markdown" and cell_text(c).startswith("## Case ")]
    assert len(cases) == 5
    for start, end in zip(cases, cases[1:] + [len(cells)]):
        case = cells[start:end]
        worked = [n for n, c in enumerate(case) if "Worked explanation" in cell_text(c)]
        asked = [n for n, c in enumerate(case) if c["cell_type"] == "code"
                 and ("self_check(" in cell_text(c) or "check" in cell_tags(c))]
        assert len(worked) == 1 and asked and max(asked) < worked[0], cell_text(case[0]).splitlines()[0]
