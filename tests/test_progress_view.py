"""The progress view: what a self-paced learner has done and what to do next.

It must work with no progress file, a fresh one and a damaged one, and never stop a lesson.
"""

import json
import os
from pathlib import Path

import pytest

from musclepain_lib.learner.progress import ProgressStore
from musclepain_lib.learner.progress_view import LESSONS, progress_view
from musclepain_lib.learner.questions import load_questions

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


@pytest.fixture
def path(tmp_path):
    return tmp_path / "learner" / "progress.json"


def test_with_no_file_nothing_is_done_and_the_welcome_comes_first(path):
    view = progress_view(ProgressStore(path))
    assert [item.status for item in view.lessons] == ["not started"] * len(LESSONS)
    assert view.next_step.startswith("Start lesson 00")
    assert view.message is None
    assert not path.exists(), "looking at progress must not create a file"


def test_a_fresh_file_after_opening_the_welcome_points_to_finishing_it(path):
    store = ProgressStore(path)
    store.mark_lesson("00_welcome", "opened")
    view = progress_view(ProgressStore(path))
    assert view.lesson("00_welcome").status == "started"
    assert view.next_step.startswith("Carry on with lesson 00")


def test_finishing_a_lesson_moves_the_next_step_on_and_counts_its_self_checks(path):
    store = ProgressStore(path)
    store.mark_lesson("00_welcome", "finished")
    first, *others = list(load_questions("00_welcome"))
    store.record_answer("00_welcome", first, 2, True)
    for other in others:
        store.record_answer("00_welcome", other, 3, False)
    view = progress_view(ProgressStore(path))
    welcome = view.lesson("00_welcome")
    assert welcome.status == "finished"
    assert (welcome.checks_right, welcome.checks_tried) == (1, 1 + len(others))
    assert view.next_step.startswith(f"Start lesson 01 ({LESSONS[1][1]}).")
    assert "self-checks you have not yet got right: lesson 00" in view.next_step


def test_a_damaged_file_is_set_aside_and_the_view_says_so(path):
    path.parent.mkdir(parents=True)
    path.write_text('{"lessons": {"00_welcome": ', encoding="utf-8")
    view = progress_view(ProgressStore(path))
    assert view.message and "damaged" in view.message
    assert view.next_step.startswith("Start lesson 00")
    assert "damaged" in str(view) and "damaged" in view._repr_mimebundle_()["text/html"]
    assert any(p.name.startswith("progress.damaged-") for p in path.parent.iterdir())


def test_odd_entries_inside_a_valid_file_are_read_as_not_done(path):
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"version": 1, "lessons": {"01_electrolytes": "yes", "99_unknown": {}},
                                "answers": {"00_welcome/red-flag-calf": 7, "00_welcome/gone": {"correct": True}}}))
    view = progress_view(ProgressStore(path))
    assert view.lesson("01_electrolytes").status == "not started"
    assert view.lesson("00_welcome").checks_tried == 0


@pytest.mark.skipif(os.name == "nt" or os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_file_still_gives_a_view(path):
    path.parent.mkdir(parents=True)
    path.write_text("{}")
    path.chmod(0)
    view = progress_view(ProgressStore(path))
    assert view.message and "could not be read" in view.message


def test_when_every_lesson_and_check_is_done_the_view_says_the_course_is_finished(path, monkeypatch):
    import musclepain_lib.learner.progress_view as view_module

    monkeypatch.setattr(view_module, "_questions", lambda lesson: ["q1", "q2"])
    store = ProgressStore(path)
    for lesson, _title in LESSONS:
        store.mark_lesson(lesson, "finished")
        for question in ("q1", "q2"):
            store.record_answer(lesson, question, 0, True)
    view = progress_view(ProgressStore(path))
    assert all(item.status == "finished" and item.checks_to_do == 0 for item in view.lessons)
    assert view.next_step.startswith("You have finished every lesson and every self-check")


def test_the_view_shows_as_a_table_and_as_plain_text(path):
    bundle = progress_view(ProgressStore(path))._repr_mimebundle_()
    assert "<table>" in bundle["text/html"] and "Next:" in bundle["text/plain"]
    assert all(lesson in bundle["text/plain"] for lesson, _ in LESSONS)


def test_the_view_lists_exactly_the_course_lessons_in_order():
    from musclepain_lib.core import manifest

    stored = {p.stem for p in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")}
    ids = [lesson for lesson, _ in LESSONS]
    assert ids == list(manifest.lesson_ids()), "the view takes the manifest's teaching order"
    assert set(ids) == stored, f"the progress view lists {ids}; notebooks/ holds {sorted(stored)}"


def test_running_a_lesson_to_its_end_does_not_finish_it_answering_its_self_checks_does(path):
    from musclepain_lib.learner.lesson import finish_lesson

    store = ProgressStore(path)
    store.mark_lesson("02_cramps", "opened")
    said = finish_lesson("02_cramps", store)
    total = len(load_questions("02_cramps"))
    assert f"{total} of its {total} self-checks are not answered yet" in said
    assert progress_view(ProgressStore(path)).lesson("02_cramps").status == "started"
    for question in load_questions("02_cramps"):
        store.record_answer("02_cramps", question, 0, True)
    assert progress_view(ProgressStore(path)).lesson("02_cramps").status == "finished"
    assert "the lesson is finished" in finish_lesson("02_cramps", store)


def test_the_view_counts_answered_right_at_first_try_right_in_the_end_and_links_what_to_revisit(path):
    store = ProgressStore(path)
    first, second, third = list(load_questions("01_electrolytes"))[:3]
    store.record_answer("01_electrolytes", first, -98, True)
    store.record_answer("01_electrolytes", second, 0, False)
    store.record_answer("01_electrolytes", second, 1, True)
    store.record_answer("01_electrolytes", third, 0, False)
    item = progress_view(ProgressStore(path)).lesson("01_electrolytes")
    assert (item.checks_tried, item.checks_right_first, item.checks_right) == (3, 1, 2)
    assert [(r.question, r.right_now) for r in item.revisit] == [(third, False), (second, True)]
    assert item.revisit[0].link == f"01_electrolytes.ipynb#selfcheck-{third}"
    page = progress_view(ProgressStore(path))._repr_mimebundle_()["text/html"]
    assert f"href='01_electrolytes.ipynb#selfcheck-{third}'" in page and "Right at first try" in page
    assert "not yet right" in str(progress_view(ProgressStore(path)))


def test_the_first_try_stays_the_first_when_two_notebooks_save_answers(path):
    one, two = ProgressStore(path), ProgressStore(path)
    question = next(iter(load_questions("00_welcome")))
    one.record_answer("00_welcome", question, 0, False)
    two.record_answer("00_welcome", question, 2, True)
    item = progress_view(ProgressStore(path)).lesson("00_welcome")
    assert (item.checks_right_first, item.checks_right) == (0, 1)


def test_a_file_from_before_first_tries_were_kept_still_counts_one_right_attempt_as_first_try(path):
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"version": 1, "lessons": {}, "answers": {
        "00_welcome/red-flag-calf": {"attempts": 1, "correct": True},
        "00_welcome/lesson-map": {"attempts": 3, "correct": True}}}))
    item = progress_view(ProgressStore(path)).lesson("00_welcome")
    assert (item.checks_tried, item.checks_right_first, item.checks_right) == (2, 1, 2)
    assert item.status == ("finished" if item.checks_total == 2 else "started")


def test_a_self_check_carries_the_anchor_its_revisit_link_points_to(tmp_path):
    from musclepain_lib.learner.questions import question_html
    from musclepain_lib.learner.selfcheck import self_check

    question = load_questions("01_electrolytes")["ek-muscle"]
    assert "id='selfcheck-ek-muscle'" in question_html(question)
    widget = self_check("01_electrolytes", "ek-muscle", ProgressStore(tmp_path / "p.json"))
    assert "id='selfcheck-ek-muscle'" in widget.children[0].value
    from tools.site_questions import all_questions, replace_questions

    page, count = replace_questions(question_html(question), all_questions())
    assert count == 1 and 'id="selfcheck-ek-muscle"' in page  # the course site's working question too


@pytest.mark.parametrize("lesson", [lesson for lesson, _title in LESSONS])
def test_every_self_check_a_lesson_needs_to_be_finished_is_asked_in_it(lesson):
    cells = json.loads((NOTEBOOKS / f"{lesson}.ipynb").read_text(encoding="utf-8"))["cells"]
    code = "\n".join("".join(cell["source"]) for cell in cells if cell["cell_type"] == "code")
    for question in load_questions(lesson):
        assert f'"{question}"' in code, f"{lesson} never asks {question}, so it could never be finished"
