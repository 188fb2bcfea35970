"""The progress service: a learner writes and reads only their own record; only instructors read the class.

The service runs as its own process (as the hub runs it) and checks every token with
JupyterHub's own auth helpers (tools/class_service.py); each test runs on SQLite and PostgreSQL.
"""

import pytest

from tools.class_service import Member, call, running_service


def attempt(number, question="q1", correct=False, lesson="02_cramps", **extra):
    return {"attempt_id": f"a{number}", "kind": "selfcheck", "lesson": lesson, "question": question,
            "correct": correct, "time": 1_800_000_000.0 + number, "answer": f"choice {number}", **extra}


ANA, BEN, CARA = Member("student01"), Member("student02"), Member("student03")
TEACHER = Member("instructor", admin=True)
ASSISTANT = Member("assistant", groups=["instructors"])
OUTSIDER = Member("visitor", scopes=[])  # a hub user whose token was not given access to the service


@pytest.fixture
def service(database_url, tmp_path):
    with running_service([ANA, BEN, CARA, TEACHER, ASSISTANT, OUTSIDER], database_url, tmp_path) as running:
        yield running


def test_a_learner_stores_and_reads_back_only_their_own_attempts(service):
    assert call(service.url + "api/attempts", ANA.token, {"records": [attempt(1), attempt(2, correct=True)]}) == (
        200, {"stored": 2, "received": 2})
    # sent again after a lost reply: nothing doubles
    assert call(service.url + "api/attempts", ANA.token, {"records": [attempt(2, correct=True)]})[1]["stored"] == 0
    call(service.url + "api/attempts", BEN.token, {"records": [attempt(1, correct=True)]})
    status, mine = call(service.url + "api/attempts", ANA.token)
    assert status == 200 and [r["attempt_id"] for r in mine["records"]] == ["a1", "a2"]
    assert {r["user"] for r in mine["records"]} == {"student01"}


def test_without_a_valid_token_nothing_is_read_or_written(service):
    call(service.url + "api/attempts", ANA.token, {"records": [attempt(1)]})
    for token in (None, "", "not-a-token", "student01"):  # none, empty, made up, a user's name
        for path in ("api/attempts", "api/attempts?user=student01", "api/class"):
            status, reply = call(service.url + path, token)
            assert status == 403 and "records" not in reply and "questions" not in reply
        status, _ = call(service.url + "api/attempts", token, {"records": [attempt(2)]})
        assert status == 403
    status, mine = call(service.url + "api/attempts", ANA.token)
    assert status == 200 and len(mine["records"]) == 1, f"{status} {mine}; the service's log:\n{service.log()}"


def test_another_students_token_cannot_read_or_write_their_record(service):
    call(service.url + "api/attempts", ANA.token, {"records": [attempt(1)]})
    assert call(service.url + "api/attempts?user=student01", BEN.token)[0] == 403
    assert call(service.url + "api/class", BEN.token)[0] == 403
    assert call(service.url + "api/class?lesson=02_cramps", BEN.token)[0] == 403
    # a forged user name, in the body or in a record, is refused whole
    assert call(service.url + "api/attempts", BEN.token, {"user": "student01", "records": [attempt(7)]})[0] == 403
    assert call(service.url + "api/attempts", BEN.token, {"records": [attempt(8, user="student01")]})[0] == 403
    assert [r["attempt_id"] for r in call(service.url + "api/attempts", ANA.token)[1]["records"]] == ["a1"]
    assert call(service.url + "api/attempts", BEN.token)[1]["records"] == []


def test_a_hub_user_without_access_to_the_service_is_refused(service):
    assert call(service.url + "api/attempts", OUTSIDER.token, {"records": [attempt(1)]})[0] == 403
    assert call(service.url + "api/attempts", OUTSIDER.token)[0] == 403


def test_a_malformed_body_is_refused_with_a_reason(service):
    for body in ({"records": "a1"}, [1, 2], {"records": [attempt(1, kind="grade")]}, {}):
        status, reply = call(service.url + "api/attempts", ANA.token, body)
        assert status == 400 and reply["error"], body
    assert call(service.url + "api/attempts", ANA.token)[1]["records"] == []


def test_instructors_read_the_class_and_are_left_out_of_its_figures(service):
    call(service.url + "api/attempts", ANA.token, {"records": [attempt(1, misconception="cramp = lactic acid"),
                                                               attempt(2, correct=True)]})
    call(service.url + "api/attempts", BEN.token, {"records": [attempt(1, correct=True)]})
    call(service.url + "api/attempts", TEACHER.token, {"records": [attempt(1, question="q2", correct=True)]})
    for who in (TEACHER, ASSISTANT):
        status, summary = call(service.url + "api/class", who.token)
        assert status == 200
    assert summary["learners"] == ["student01", "student02", "student03", "visitor"]
    q1, q2 = summary["questions"]
    assert (q1["question"], q1["answered"], q1["share"]) == ("q1", 2, 0.5)
    assert q1["wrong_answers"] == [["choice 1", 1]] and q1["misconceptions"] == [["cramp = lactic acid", 1]]
    assert (q2["question"], q2["answered"], q2["share"]) == ("q2", 0, None)  # only the instructor tried it
    assert call(service.url + "api/attempts?user=student01", TEACHER.token)[0] == 200


def test_the_course_command_reports_the_class_from_the_service_for_an_instructor_only(service, monkeypatch, capsys):
    from musclepain_lib.classroom.cli import main

    call(service.url + "api/attempts", ANA.token, {"records": [attempt(1), attempt(2, lesson="04_growth")]})
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", TEACHER.token)
    assert main(["report", "--hub", service.url, "--lesson", "02_cramps"]) == 0
    out = capsys.readouterr().out
    assert "02_cramps/q1: 0 % / 1 / 0 / choice 1 (1)" in out and "04_growth" not in out
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", BEN.token)
    assert main(["report", "--hub", service.url]) == 1
    assert "403" in capsys.readouterr().err
