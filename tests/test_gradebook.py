"""`musclepain-course report --gradebook canvas|moodle`: a CSV in the LMS's own import layout.

A small class whose scores are worked out by hand: one row per learner, one column per
lesson with the score rule in its name, revealed answers not right, empty cells (not 0) for
lessons a learner never answered, and --first-try counting only first answers.
"""

import csv
import json

import pytest

from musclepain_lib.classroom.class_report import class_report
from musclepain_lib.classroom.cli import main
from musclepain_lib.classroom.gradebook import gradebook_rows, score_column
from musclepain_lib.core.errors import InputError
from musclepain_lib.learner.progress import ProgressStore
from musclepain_lib.learner.questions import list_question_files, load_questions

LESSON = "01_electrolytes"


def _questions(lesson=LESSON):
    return list(load_questions(lesson).values())


def _wrong(question):
    return (question.answer + 1) % len(question.choices) if question.kind == "choice" else question.answer + 1000


def _class(homes):
    """ana: 3 right at once, 1 right at the second try; ben: 2 right, 1 revealed; cy: nothing."""
    ana = ProgressStore(homes / "ana@uni.example" / ".musclepain" / "progress.json")
    questions = _questions()
    for question in questions[:3]:
        ana.record_answer(LESSON, question.id, question.answer, True)
    ana.record_answer(LESSON, questions[3].id, _wrong(questions[3]), False)
    ana.record_answer(LESSON, questions[3].id, questions[3].answer, True)
    ben_path = homes / "ben" / ".musclepain" / "progress.json"
    ben = ProgressStore(ben_path)
    for question in questions[:3]:
        ben.record_answer(LESSON, question.id, question.answer, True)
    data = json.loads(ben_path.read_text())
    data["answers"][f"{LESSON}/{questions[2].id}"]["revealed"] = True
    ben_path.write_text(json.dumps(data))
    ProgressStore(homes / "cy" / ".musclepain" / "progress.json").mark_lesson(LESSON)
    return len(questions)


def _read(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def test_canvas_gradebook_has_canvas_columns_and_hand_worked_scores(tmp_path, capsys):
    count = _class(tmp_path / "homes")
    assert main(["report", str(tmp_path / "homes"), "--out", str(tmp_path / "out"), "--gradebook", "canvas"]) == 0
    assert "Gradebook for canvas" in capsys.readouterr().out
    rows = _read(tmp_path / "out" / "gradebook-canvas.csv")
    lessons = list_question_files()
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"] + [score_column(l, False) for l in lessons]
    assert "right in the end" in rows[0][6] and "revealed not counted" in rows[0][6]
    assert rows[1][0] == "Points Possible" and rows[1][5:] == ["100"] * len(lessons)
    by_name = {row[0]: row for row in rows[2:]}
    assert sorted(by_name) == ["ana@uni.example", "ben", "cy"]  # one row per learner
    column = 5 + lessons.index(LESSON)
    assert by_name["ana@uni.example"][3] == "ana@uni.example"  # SIS Login ID
    assert float(by_name["ana@uni.example"][column]) == pytest.approx(100 * 4 / count, abs=0.05)
    assert float(by_name["ben"][column]) == pytest.approx(100 * 2 / count, abs=0.05)  # revealed not right
    assert by_name["cy"][column] == ""  # opened, answered nothing: empty, not 0
    assert by_name["ana@uni.example"][5] == ""  # a lesson never answered


def test_moodle_gradebook_first_try_counts_only_first_answers(tmp_path):
    count = _class(tmp_path / "homes")
    assert main(["report", str(tmp_path / "homes"), "--out", str(tmp_path / "out"),
                 "--gradebook", "moodle", "--first-try"]) == 0
    rows = _read(tmp_path / "out" / "gradebook-moodle-first-try.csv")
    lessons = list_question_files()
    assert rows[0] == ["Username", "Email address"] + [score_column(l, True) for l in lessons]
    assert "right at first try" in rows[0][2]
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["ana@uni.example"][1] == "ana@uni.example" and by_name["ben"][1] == ""
    column = 2 + lessons.index(LESSON)
    assert float(by_name["ana@uni.example"][column]) == pytest.approx(100 * 3 / count, abs=0.05)
    assert float(by_name["ben"][column]) == pytest.approx(100 * 2 / count, abs=0.05)
    assert by_name["cy"][column] == ""
    assert len(rows) == 4


def test_every_cell_is_a_score_from_0_to_100_or_empty(tmp_path):
    _class(tmp_path / "homes")
    for kind, first in (("canvas", 5), ("moodle", 2)):
        for row in gradebook_rows(class_report([tmp_path / "homes"]), kind)[1:]:
            for cell in row[first:]:
                assert cell == "" or 0 <= float(cell) <= 100


def test_unknown_gradebook_is_refused(tmp_path):
    with pytest.raises(InputError, match="gradebook = 'blackboard' is not allowed"):
        gradebook_rows(class_report([tmp_path]), "blackboard")
    with pytest.raises(SystemExit):
        main(["report", str(tmp_path), "--gradebook", "blackboard"])
