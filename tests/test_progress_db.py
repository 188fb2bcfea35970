"""The class progress database: idempotent storing, reading back, schema migrations, refusals.

Each test runs on SQLite and on a throwaway PostgreSQL server (tests/conftest.py).
"""

import pytest
import sqlalchemy as sa

from musclepain_lib import InputError
from musclepain_lib.classroom.progress_db import SCHEMA_VERSION, ProgressDatabase, create_version_1


def attempt(number, lesson="02_cramps", question="q1", correct=False, **extra):
    return {"attempt_id": f"a{number}", "kind": "selfcheck", "lesson": lesson, "question": question,
            "correct": correct, "time": 1_800_000_000.0 + number, "answer": f"choice {number}", **extra}


@pytest.fixture
def database(database_url):
    db = ProgressDatabase(database_url)
    db.migrate()
    yield db
    db.close()


def test_a_resent_attempt_is_stored_once(database):
    assert database.add("student01", [attempt(1), attempt(2, correct=True)]) == 2
    assert database.add("student01", [attempt(2, correct=True), attempt(3)]) == 1
    assert database.count() == 3
    # the same attempt id from another learner is another attempt
    assert database.add("student02", [attempt(1)]) == 1
    assert database.count() == 4


def test_records_come_back_whole_in_the_order_answered(database):
    database.add("student01", [attempt(2, revealed=True, misconception="stretch reflex"), attempt(1)])
    database.add("student02", [attempt(5, lesson="04_growth")])
    mine = database.records(user="student01")
    assert [r["attempt_id"] for r in mine] == ["a1", "a2"]
    assert mine[1]["revealed"] is True and mine[1]["misconception"] == "stretch reflex"
    assert mine[1]["answer"] == "choice 2" and mine[1]["user"] == "student01"
    assert [r["user"] for r in database.records(lesson="04_growth")] == ["student02"]


def test_an_empty_database_is_migrated_to_the_current_version(database_url):
    db = ProgressDatabase(database_url)
    assert db.version() == 0
    assert db.migrate() == 0
    assert db.version() == SCHEMA_VERSION
    assert db.migrate() == SCHEMA_VERSION  # a second run changes nothing
    db.close()


def test_a_version_1_database_keeps_its_attempts_when_migrated(database_url):
    db = ProgressDatabase(database_url)
    with db.engine.begin() as connection:
        create_version_1(connection)
        connection.execute(sa.text(
            "INSERT INTO attempts (user_name, attempt_id, lesson, question, correct, answered_at) "
            "VALUES ('student01', 'old1', '02_cramps', 'q1', true, 1700000000.0)"))
    assert db.version() == 1
    assert db.migrate() == 1
    assert db.version() == SCHEMA_VERSION
    (old,) = db.records()
    assert old == {"user": "student01", "attempt_id": "old1", "lesson": "02_cramps", "question": "q1",
                   "correct": True, "time": 1700000000.0, "kind": "selfcheck"}
    assert db.add("student01", [attempt(1, kind="lesson", question="opened", correct=None)]) == 1
    assert db.add("student01", [{**attempt(9), "attempt_id": "old1"}]) == 0  # the key still holds
    db.close()


def test_a_newer_schema_is_refused_with_the_versions_known(database):
    with database.engine.begin() as connection:
        connection.execute(sa.text(f"UPDATE schema_version SET version = {SCHEMA_VERSION + 1}"))
    with pytest.raises(InputError, match=f"schema version {SCHEMA_VERSION + 1}.*versions 0 to {SCHEMA_VERSION}"):
        database.migrate()


@pytest.mark.parametrize("change, message", [
    ({"kind": "grade"}, "kind must be one of selfcheck, exercise, lesson, got 'grade'"),
    ({"time": "yesterday"}, "time must be seconds since 1970"),
    ({"time": True}, "time must be seconds since 1970"),
    ({"correct": "yes"}, "correct must be true, false or null, got 'yes'"),
    ({"attempt_id": ""}, "attempt_id must be a non-empty text of at most 64 characters"),
    ({"lesson": None}, "lesson must be a non-empty text"),
    ({"answer": "x" * 30_000}, "at most 20000 characters of JSON"),
])
def test_a_malformed_record_is_refused_and_nothing_of_its_batch_is_stored(database, change, message):
    with pytest.raises(InputError, match=message):
        database.add("student01", [attempt(1), {**attempt(2), **change}])
    assert database.count() == 0


def test_the_size_is_reported(database):
    database.add("student01", [attempt(n) for n in range(50)])
    assert database.size_bytes() > 0
