"""`musclepain-course report`: a class of 30 learners and a few damaged files, and no answer lost."""

import csv
import json
import random

from musclepain_lib.classroom.class_report import class_report, write_report
from musclepain_lib.classroom.cli import main
from musclepain_lib.learner.progress import ProgressStore
from musclepain_lib.learner.questions import list_question_files, load_questions


def _class(root, learners=30, seed=7):
    """Progress files of a class on a hub (homes/NAME/.musclepain/progress.json); what each answered."""
    rng = random.Random(seed)
    expected = {}
    questions = [(lesson, q) for lesson in list_question_files() for q in load_questions(lesson).values()]
    for number in range(1, learners + 1):
        name = f"student{number:02d}"
        store = ProgressStore(root / name / ".musclepain" / "progress.json")
        mine = {}
        for lesson, question in rng.sample(questions, 12):
            if question.kind == "choice":
                wrong = (question.answer + 1) % len(question.choices)
                tries = [question.answer] if rng.random() < 0.5 else [wrong, question.answer]
                tries = tries[:1] if len(tries) == 2 and rng.random() < 0.3 else tries
            else:
                tries = [question.answer] if rng.random() < 0.5 else [question.answer + 10 * question.tolerance + 1]
            for answer in tries:
                assert store.record_answer(lesson, question.id, answer, answer == question.answer)
            mine[(lesson, question.id)] = (tries, tries[-1] == question.answer)
        expected[name] = mine
    return expected


def test_thirty_learners_and_damaged_files_lose_no_answer(tmp_path):
    homes = tmp_path / "homes"
    expected = _class(homes)
    damaged = {
        homes / "broken" / ".musclepain" / "progress.json": b'{"version": 1, "lessons": {}, "answ',
        homes / "binary" / ".musclepain" / "progress.json": bytes(range(256)),
        homes / "empty" / ".musclepain" / "progress.json": b"",
        tmp_path / "handed-in" / "musclepain-progress-foreign.json": json.dumps({"answers": [1, 2]}).encode(),
    }
    for path, data in damaged.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    report = class_report([homes, tmp_path / "handed-in"])
    assert sorted(report.learners) == sorted(expected)
    assert sorted(path for path, _ in report.skipped) == sorted(str(p) for p in damaged)
    rows = {(r.learner, r.lesson): r for r in report.rows}
    for name, answers in expected.items():
        for lesson in list_question_files():
            mine = [v for (l, _), v in answers.items() if l == lesson]
            assert rows[(name, lesson)].answered == len(mine), (name, lesson)
            assert rows[(name, lesson)].right == sum(right for _, right in mine)
    for q in report.questions:
        tries = [v[0] for answers in expected.values() for (l, i), v in answers.items() if (l, i) == (q.lesson, q.question)]
        assert q.answered == len(tries)
        question = load_questions(q.lesson)[q.question]
        assert q.right_first_try == sum(t[0] == question.answer for t in tries)
        wrong_first = [t[0] for t in tries if t[0] != question.answer]
        assert q.commonest_wrong_count == (max(wrong_first.count(w) for w in wrong_first) if wrong_first else 0)
    assert sum(q.answered for q in report.questions) == sum(len(a) for a in expected.values())

    written = write_report(report, tmp_path / "out")
    with open(written["learners"], newline="") as handle:
        table = list(csv.DictReader(handle))
    assert sum(int(r["answered"]) for r in table) == sum(len(a) for a in expected.values())
    assert written["figure"].read_bytes().startswith(b"\x89PNG")


def test_the_command_prints_the_table_names_a_foreign_file_and_goes_on(tmp_path, capsys):
    _class(tmp_path / "homes", learners=2)
    foreign = tmp_path / "notes.json"
    foreign.write_text("[1, 2, 3]")
    missing = tmp_path / "nobody.json"
    assert main(["report", str(tmp_path / "homes"), str(foreign), str(missing), "--out", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    assert "student01" in out and "student02" in out
    assert f"Skipped {foreign}: is not a progress file" in out
    assert f"Skipped {missing}: could not be read" in out
    assert (tmp_path / "out" / "questions.csv").is_file()


def test_a_handed_in_file_is_named_for_its_learner_and_two_files_of_one_name_are_both_kept(tmp_path):
    store = ProgressStore(tmp_path / "a" / "progress.json")
    store.record_answer("00_welcome", "red-flag-calf", 1, False)
    data = json.loads(store.path.read_text())
    for folder in ("x", "y"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "musclepain-progress-ana.json").write_text(json.dumps({**data, "learner": "ana"}))
    report = class_report([tmp_path / "x", tmp_path / "y"])
    assert report.learners == ["ana", "ana (2)"]
    [question] = [q for q in report.questions if q.question == "red-flag-calf"]
    choices = load_questions("00_welcome")["red-flag-calf"].choices
    assert question.answered == 2 and question.commonest_wrong == choices[1] and question.commonest_wrong_count == 2


def test_the_progress_view_offers_a_download_the_report_reads_as_that_learner(tmp_path, monkeypatch):
    import base64
    import re

    from musclepain_lib.learner.progress_view import progress_view

    monkeypatch.setenv("JUPYTERHUB_USER", "bea")
    store = ProgressStore(tmp_path / "home" / "progress.json")
    store.record_answer("00_welcome", "red-flag-calf", 2, True)
    view = progress_view(store)
    page = view._repr_mimebundle_()["text/html"]
    link = re.search(r"<a download='(musclepain-progress-bea\.json)' href='data:application/json;base64,([^']+)'>Download my progress</a>", page)
    assert link, page
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / link[1]).write_bytes(base64.b64decode(link[2]))
    (tmp_path / "also").mkdir()
    assert view.download(tmp_path / "also").name == link[1]
    report = class_report([tmp_path / "in", tmp_path / "also"])
    assert report.learners == ["bea", "bea (2)"] and not report.skipped
    assert {r.right for r in report.rows if r.lesson == "00_welcome"} == {1}


def test_the_report_counts_answers_by_misconception_and_revealed_answers_on_their_own(tmp_path):
    from musclepain_lib.learner.progress import ProgressStore

    for name, answers in (("ana", [98.0, -98.0]), ("ben", [98.0, 1.6]), ("cy", [-98.0])):
        store = ProgressStore(tmp_path / name / ".musclepain" / "progress.json")
        if name == "cy":
            store.record_reveal("01_electrolytes", "ek-muscle")
        for value in answers:
            label = {98.0: "sign of the Nernst potential", 1.6: "logarithm left out"}.get(value, "")
            store.record_answer("01_electrolytes", "ek-muscle", value, value == -98.0, label)
    report = class_report([tmp_path])
    assert report.misconceptions[("01_electrolytes", "ek-muscle", "sign of the Nernst potential")] == 2
    assert report.misconceptions[("01_electrolytes", "ek-muscle", "logarithm left out")] == 1
    row = next(q for q in report.questions if q.question == "ek-muscle")
    assert (row.answered, row.right_first_try, row.revealed_first) == (3, 0, 1)  # cy saw the answer first
    text = report.table()
    assert "Misconceptions" in text and "sign of the Nernst potential" in text
    written = write_report(report, tmp_path / "out")
    assert "01_electrolytes,ek-muscle,sign of the Nernst potential,2" in written["misconceptions"].read_text()
