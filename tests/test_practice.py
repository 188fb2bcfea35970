"""The no-code path of each exercise: the explorer the lesson names shows the value the self-check wants.

A learner who does not program sets the explorer as the lesson says, reads the value off it
and types it into the number self-check; that value must count as right.
"""

import importlib
import json
import re
from pathlib import Path

import pytest

from musclepain_lib import arthritis, cramps, diabetes, electrolytes, muscle_growth
from musclepain_lib.learner.questions import check_answer, load_questions

ROOT = Path(__file__).resolve().parent.parent
NUMBER = r"([-+]?\d+(?:\.\d+)?)"

def read_off_paths():
    """(lesson, question, explorer, settings, words the value follows) from each question's
    ``read_off``: the explorer the lesson names, set as the lesson says, and where to read."""
    from musclepain_lib.core import manifest
    from musclepain_lib.core.data import load_json

    paths = []
    for entry in manifest.lessons(practised=True):
        for item in load_json(f"questions/{entry.id}.json")["questions"]:
            if "read_off" in item:
                way = item["read_off"]
                package, name = way["explorer"].split(".")
                make = getattr(importlib.import_module(f"musclepain_lib.{package}"), name)
                paths.append(pytest.param(entry.id, item["id"], make, way["settings"], re.escape(way["after"]),
                                          id=item["id"]))
    return paths


PATHS = read_off_paths()

# Lesson 06: each case's explorer, set to the patient's values as the lesson asks the learner to (it opens on
# ordinary values), shows the value of its number exercise.
CASE_PATHS = [
    ("runner-sodium", "runner", lambda case: electrolytes.sweat_explorer(
        weight_kg=case["weight_kg"], sex="female", hours=case["hours"], sweat_rate=case["sweat_l"] / case["hours"],
        sweat_na=case["sweat_na"], drink="water", drink_rate=case["drink_l"] / case["hours"]), r"from 140 to "),
    ("thiazide-ek", "thiazide", lambda case: electrolytes.explorer(k_out=case["potassium"]), r"E_K "),
    ("dka-anion-gap", "ketoacidosis", lambda case: diabetes.blood_gas_explorer(
        pco2_mmhg=case["pco2_mmhg"], hco3=case["hco3"], with_electrolytes=True, na=case["na"], cl=case["cl"]),
     r"anion gap "),
    ("ra-das28", "stiffness", lambda case: arthritis.explorer(
        joints=case.joints, esr_mm_h=case["esr_mm_h"], global_health=case["global_health"]), r"DAS28-ESR is "),
    ("ra-acr-eular", "stiffness", lambda case: arthritis.classification_explorer(
        large_joints=int(case["large_joints"]), small_joints=int(case["small_joints"]), serology="high",
        acute_phase_abnormal=True, duration_weeks=int(case["duration_weeks"])), r"total "),
]

# Its choice exercises: the explorer's description says the right option (here in its words for it).
CASE_WORDS = [
    ("dka-compensation", "ketoacidosis", CASE_PATHS[2][2], "breathing compensating as Winter's formula expects"),
    ("ra-category", "stiffness", CASE_PATHS[3][2], "in the {} band"),
]


@pytest.mark.parametrize("lesson, question, make, settings, label", PATHS)
def test_the_value_read_off_the_explorer_answers_the_self_check(lesson, question, make, settings, label):
    lab = make(**settings).explorer
    assert lab.last_error is None
    found = re.search(label + NUMBER, lab.reading.description)
    assert found, lab.reading.description
    correct, feedback = check_answer(load_questions(lesson)[question], float(found.group(1)))
    assert correct, f"{question}: the explorer shows {found.group(1)}; {feedback}"


@pytest.mark.parametrize("lesson, question, make, settings, label", PATHS)
def test_every_control_a_read_off_sets_is_in_front_not_folded_away(lesson, question, make, settings, label):
    """The learner sets each control the exercise names without opening "More controls"."""
    ex = make().explorer
    folded = [name for name in settings if name not in ex.key_controls]
    assert not folded, f"{question}: {', '.join(folded)} folded under More controls; key controls are {ex.key_controls}"


def test_every_exercise_of_a_topic_lesson_has_a_no_code_path_read_off_an_explorer():
    from lesson_evidence import checked as exercise_checks  # the exercise checks as the lessons write them
    from test_versions import STANDALONE

    checked = {
        (lesson, question)
        for path in STANDALONE
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]
        for lesson, question, _name in exercise_checks(cell)
    }
    assert checked == {tuple(p.values[:2]) for p in PATHS}


@pytest.mark.parametrize("question, case, make, label", CASE_PATHS, ids=[p[0] for p in CASE_PATHS])
def test_each_case_explorer_shows_the_value_its_exercise_asks_for(question, case, make, label):
    from musclepain_lib.cases import load_case

    lab = make(load_case(case)).explorer
    found = re.search(label + NUMBER, lab.reading.description)
    assert found, lab.reading.description
    correct, feedback = check_answer(load_questions("06_case_studies")[question], float(found.group(1)))
    assert correct, f"{question}: the explorer shows {found.group(1)}; {feedback}"
    cells = json.loads((ROOT / "notebooks" / "06_case_studies.ipynb").read_text(encoding="utf-8"))["cells"]
    assert any(f'self_check("06_case_studies", "{question}")' in "".join(c["source"]) for c in cells)


@pytest.mark.parametrize("question, case, make, words", CASE_WORDS, ids=[p[0] for p in CASE_WORDS])
def test_each_case_explorer_names_the_answer_of_its_choice_exercise(question, case, make, words):
    from musclepain_lib.cases import load_case

    item = load_questions("06_case_studies")[question]
    assert words.format(item.choices[item.answer]) in make(load_case(case)).explorer.reading.description


def reference_tables() -> list[tuple[str, str]]:
    """The explorers that are reference tables (the lines under their verdict fold under a
    title): as they open they list facts a question may ask for. (topic, name)"""
    from musclepain_lib.core import manifest

    return [(topic, entry.name) for topic, entry in manifest.explorers()
            if getattr(importlib.import_module(f"musclepain_lib.{topic}"), entry.name)().explorer.details_title]


def self_checks_after_reference_tables(path: Path, tables: list[tuple[str, str]]) -> list[str]:
    """The self-checks that follow a reference table in its section (before the next heading)."""
    from tools.lesson_text import cells, explorer_call, source

    lesson = cells(path)
    code = "\n".join(source(cell) for cell in lesson if cell["cell_type"] == "code")
    found = []
    for index, cell in enumerate(lesson):
        if cell["cell_type"] != "code":
            continue
        opened = [name for topic, name in tables if explorer_call(source(cell), topic, name, imports=code)]
        for later in lesson[index + 1:] if opened else []:
            text = source(later)
            if later["cell_type"] == "markdown" and text.lstrip().startswith("#"):
                break
            if later["cell_type"] == "code" and "self_check(" in text:
                found.append(f"{path.name}: {text.strip()!r} (cell {later.get('id')}) follows {opened[0]} (cell {cell.get('id')})")
    return found


def test_a_question_is_asked_before_the_reference_table_that_answers_it():
    """Which way a thiazide moves calcium is listed in the medicines explorer as it opens: the
    self-check comes first, and the table after it, to check the answer by."""
    from tools.lesson_text import lesson_paths

    tables = reference_tables()
    assert ("electrolytes", "medicines_explorer") in tables
    found = [line for path in lesson_paths() for line in self_checks_after_reference_tables(path, tables)]
    assert not found, "\n".join(found)


def _exercise_checks():
    from lesson_evidence import checked as exercise_checks
    from test_versions import PRACTISED

    return sorted({
        (lesson, question)
        for path in PRACTISED
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]
        for lesson, question, _name in exercise_checks(cell)
    })


@pytest.fixture
def cell_result():
    """Play the part of IPython telling the exercises module how the last cell ended."""
    from types import SimpleNamespace

    from musclepain_lib.learner import exercises

    yield lambda error: exercises.note_cell_result(SimpleNamespace(error_in_exec=error, error_before_exec=None))
    exercises.note_cell_result(SimpleNamespace(error_in_exec=None, error_before_exec=None))


@pytest.mark.parametrize("lesson, question", _exercise_checks(), ids=lambda v: v)
def test_every_exercise_check_answers_each_anticipated_mistake_and_a_learners_error(lesson, question, tmp_path,
                                                                                    cell_result):
    from musclepain_lib import InputError
    from musclepain_lib.learner.exercises import NOT_ANSWERED, STOPPED, check_exercise
    from musclepain_lib.learner.progress import ProgressStore

    store = ProgressStore(tmp_path / "p.json")
    item = load_questions(lesson)[question]
    for mistake in item.mistakes:
        said = check_exercise(lesson, question, mistake.value, store)
        assert not said.correct and mistake.feedback in said and "Close" not in said
    for error in (InputError("uln_u_l = 48000 is not allowed"), NameError("name 'ck' is not defined"),
                  TypeError("takes 2 positional arguments but 1 was given")):
        cell_result(error)
        said = check_exercise(lesson, question, ..., store)
        assert said.startswith(STOPPED) and NOT_ANSWERED not in said and not said.correct, said
        assert str(error) in said
    cell_result(None)
    assert check_exercise(lesson, question, ..., store).startswith(NOT_ANSWERED)
    labels = [m.label for m in item.mistakes]
    records = store.load()["attempts"]
    assert [r["misconception"] for r in records] == labels


def test_the_swapped_arguments_of_lesson_06_exercise_4_in_a_real_shell_get_the_upside_down_message(tmp_path):
    from IPython.core.interactiveshell import InteractiveShell

    from musclepain_lib.learner.progress import ProgressStore

    shell = InteractiveShell.instance()
    shell.user_ns["store"] = ProgressStore(tmp_path / "p.json")
    try:
        shell.run_cell("from musclepain_lib.learner.exercises import check_exercise\n"
                       "from musclepain_lib.learner.lesson import start_lesson\n"
                       "from musclepain_lib import muscle_growth\nck_multiple = ...")
        shell.run_cell(f"start_lesson('06_case_studies', store)")
        shell.run_cell("ck_multiple = muscle_growth.ck_times_uln(308.0, 48000.0)")  # the learner's swap
        said = shell.run_cell('check_exercise("06_case_studies", "recruit-ck-multiple", ck_multiple, store)').result
        assert "stopped with an error" in said and "division is upside down" in said
        assert "uln_u_l = 48000" in said and "Not answered yet" not in said
        again = shell.run_cell('check_exercise("06_case_studies", "recruit-ck-multiple", ck_multiple, store)').result
        assert again.startswith("Not answered yet")  # the error was the cell before, not this one
    finally:
        InteractiveShell.clear_instance()
