"""The live class view: first tries decide, unanswered shows "–", instructors left out, the roster listed."""

from musclepain_lib.classroom.class_live import class_page_html, class_summary


def rec(user, question, correct, n, lesson="02_cramps", kind="selfcheck", **extra):
    return {"user": user, "kind": kind, "lesson": lesson, "question": question, "correct": correct,
            "time": 1.8e9 + n, "answer": extra.pop("answer", "b"), **extra}


RECORDS = [
    rec("ana", "q1", False, 1, answer="a", misconception="cramps come from lactic acid"),
    rec("ana", "q1", True, 2),
    rec("ben", "q1", True, 3),
    rec("ben", "q2", False, 4, answer="c", revealed=True),
    rec("teacher", "q2", True, 5),
    rec("teacher", "q3", True, 6),  # only an instructor answered it
    rec("ana", "opened", None, 7, kind="lesson"),
    rec("ben", "opened", None, 8, kind="lesson"),
    rec("ben", "finished", None, 9, kind="lesson"),
    rec("teacher", "finished", None, 10, kind="lesson"),
    rec("ana", "q9", True, 11, lesson="04_growth"),
]
ROSTER = ["ana", "ben", "cleo", "teacher"]


def test_questions_weakest_first_with_first_tries_and_instructors_left_out():
    summary = class_summary(RECORDS, ROSTER, {"teacher"}, lesson="02_cramps")
    rows = [(q["question"], q["answered"], q["share"], q["revealed"]) for q in summary["questions"]]
    assert rows == [("q2", 1, 0.0, 1), ("q1", 2, 0.5, 0), ("q3", 0, None, 0)]
    q1 = summary["questions"][1]
    assert q1["wrong_answers"] == [("a", 1)] and q1["misconceptions"] == [("cramps come from lactic acid", 1)]


def test_every_learner_on_the_roster_is_listed_per_lesson_and_instructors_are_not():
    (lesson,) = class_summary(RECORDS, ROSTER, {"teacher"}, lesson="02_cramps")["lessons"]
    assert lesson["learners"] == {"ana": "opened", "ben": "finished", "cleo": "–"}
    assert (lesson["opened"], lesson["finished"]) == (2, 1)


def test_the_page_shows_a_dash_never_zero_for_an_unanswered_question_and_escapes_text():
    records = [*RECORDS, rec("ben", "q1", False, 12, lesson="07_<b>x</b>", answer="<script>")]
    summary = class_summary(records, ROSTER, {"teacher"})
    page = class_page_html(summary, ["02_cramps", "04_growth"])
    assert "<td class='share dash'>–</td>" in page and "<td class='share low'>0 %</td>" in page
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "<meta http-equiv='refresh' content='10'>" in page and "3 learners on the roster" in page
    assert "?lesson=04_growth" in page


def test_every_lesson_of_the_course_is_listed_in_teaching_order_opened_or_not():
    from musclepain_lib.core.manifest import lesson_ids

    lessons = class_summary(RECORDS, ROSTER, {"teacher"})["lessons"]
    assert [item["lesson"] for item in lessons][: len(lesson_ids())] == list(lesson_ids())
    unopened = next(item for item in lessons if item["lesson"] == "05_rheumatoid_arthritis")
    assert unopened["opened"] == 0 and unopened["learners"] == {"ana": "–", "ben": "–", "cleo": "–"}
