"""The class's answers in a database: every learner's attempts, stored through SQLAlchemy.

A SQLite file by default (nothing to install); PostgreSQL for a large hub, by URL
(``postgresql+psycopg://user@host/dbname``). Each row is one thing a learner did: a
self-check attempt, an exercise check, a lesson opened or finished. The whole record the
learner's kernel sent is kept as JSON (so fields added later reach the class page
unchanged), beside the few fields the class page queries.

A row is keyed by (learner, attempt id): a kernel that sends an attempt again after a lost
reply never counts it twice.

The schema is versioned. Version 1 held self-check attempts only (lesson, question, right or
not); version 2 adds the kind of event, the whole record and the time it arrived.
:func:`ProgressDatabase.migrate` brings an empty database or a version-1 one to the current
version.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from musclepain_lib.core.errors import InputError

__all__ = ["ProgressDatabase", "SCHEMA_VERSION", "KINDS", "default_database_url"]

SCHEMA_VERSION = 2
KINDS = ("selfcheck", "exercise", "lesson")
MAX_RECORD_CHARS = 20_000  # a record is a few hundred characters; anything far larger is refused

_metadata = sa.MetaData()
_version_table = sa.Table("schema_version", _metadata, sa.Column("version", sa.Integer, nullable=False))
_attempts = sa.Table(
    "attempts",
    _metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("user_name", sa.String(255), nullable=False),
    sa.Column("attempt_id", sa.String(64), nullable=False),
    sa.Column("lesson", sa.String(255), nullable=False),
    sa.Column("question", sa.String(255), nullable=False),
    sa.Column("correct", sa.Boolean, nullable=True),
    sa.Column("answered_at", sa.Float, nullable=False),
    # version 2
    sa.Column("kind", sa.String(16), nullable=False, server_default="selfcheck"),
    sa.Column("record", sa.Text, nullable=True),
    sa.Column("received_at", sa.Float, nullable=True),
    sa.UniqueConstraint("user_name", "attempt_id", name="one_attempt_once"),
    sa.Index("attempts_by_lesson", "lesson", "question"),
)


def default_database_url(folder: str | os.PathLike = ".") -> str:
    """A SQLite file ``class-progress.sqlite`` in ``folder``."""
    return f"sqlite:///{Path(folder).resolve() / 'class-progress.sqlite'}"


def _text(name: str, value, limit: int = 255) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > limit:
        raise InputError(f"{name} must be a non-empty text of at most {limit} characters, got {value!r}")
    return value


class ProgressDatabase:
    """The attempts of a class, in a SQLite file or a PostgreSQL database."""

    def __init__(self, url: str | None = None):
        self.url = url or default_database_url()
        self.engine = sa.create_engine(self.url, future=True, pool_pre_ping=True)
        if self.engine.dialect.name == "sqlite":
            sa.event.listen(self.engine, "connect", _sqlite_pragmas)

    # ----- schema --------------------------------------------------------------------
    def version(self) -> int:
        """The schema version of the database (0 when empty)."""
        inspector = sa.inspect(self.engine)
        if not inspector.has_table("schema_version"):
            return 0
        with self.engine.connect() as connection:
            return int(connection.execute(sa.select(sa.func.max(_version_table.c.version))).scalar() or 0)

    def migrate(self) -> int:
        """Bring the schema to :data:`SCHEMA_VERSION`; returns the version it started from."""
        start = self.version()
        if start > SCHEMA_VERSION:
            raise InputError(
                f"the database at {self._safe_url()} has schema version {start}; this course "
                f"release knows versions 0 to {SCHEMA_VERSION}: update the course"
            )
        steps = {0: _create_all, 1: _version_1_to_2}
        with self.engine.begin() as connection:
            version = start
            while version < SCHEMA_VERSION:
                steps[version](connection)
                version = SCHEMA_VERSION if version == 0 else version + 1
            if version != start:
                connection.execute(_version_table.delete())
                connection.execute(_version_table.insert().values(version=version))
        return start

    def _safe_url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    # ----- writing -------------------------------------------------------------------
    def add(self, user: str, records: list[dict]) -> int:
        """Store a learner's records; returns how many were new (a resent one is skipped)."""
        _text("user", user)
        rows = [self._row(user, record) for record in records]
        if not rows:
            return 0
        dialect = postgresql if self.engine.dialect.name == "postgresql" else sqlite
        statement = (
            dialect.insert(_attempts)
            .on_conflict_do_nothing(index_elements=["user_name", "attempt_id"])
            .returning(_attempts.c.id)  # a row only for an attempt not stored before
        )
        with self.engine.begin() as connection:  # one transaction: a batch is stored whole or not at all
            return sum(len(connection.execute(statement, row).all()) for row in rows)

    @staticmethod
    def _row(user: str, record) -> dict:
        if not isinstance(record, dict):
            raise InputError(f"each record must be a JSON object, got {type(record).__name__}")
        kind = record.get("kind", "selfcheck")
        if kind not in KINDS:
            raise InputError(f"record kind must be one of {', '.join(KINDS)}, got {kind!r}")
        moment = record.get("time")
        if isinstance(moment, bool) or not isinstance(moment, (int, float)) or not 0 <= moment < 1e11:
            raise InputError(f"record time must be seconds since 1970 (0 to 1e11 s), got {moment!r}")
        correct = record.get("correct")
        if correct is not None and not isinstance(correct, bool):
            raise InputError(f"record correct must be true, false or null, got {correct!r}")
        whole = json.dumps(record, sort_keys=True, default=repr)
        if len(whole) > MAX_RECORD_CHARS:
            raise InputError(f"a record must be at most {MAX_RECORD_CHARS} characters of JSON, got {len(whole)}")
        return {
            "user_name": user,
            "attempt_id": _text("attempt_id", record.get("attempt_id"), 64),
            "lesson": _text("lesson", record.get("lesson")),
            "question": _text("question", record.get("question")),
            "correct": correct,
            "answered_at": float(moment),
            "kind": kind,
            "record": whole,
            "received_at": time.time(),
        }

    # ----- reading -------------------------------------------------------------------
    def records(self, user: str | None = None, lesson: str | None = None) -> list[dict]:
        """Stored records in the order they were answered, each with ``user``; filtered if asked."""
        query = sa.select(_attempts.c.user_name, _attempts.c.record, _attempts.c.attempt_id, _attempts.c.lesson,
                          _attempts.c.question, _attempts.c.correct, _attempts.c.answered_at, _attempts.c.kind)
        if user is not None:
            query = query.where(_attempts.c.user_name == user)
        if lesson is not None:
            query = query.where(_attempts.c.lesson == lesson)
        query = query.order_by(_attempts.c.answered_at, _attempts.c.id)
        with self.engine.connect() as connection:
            return [_as_record(row) for row in connection.execute(query)]

    def count(self) -> int:
        with self.engine.connect() as connection:
            return int(connection.execute(sa.select(sa.func.count()).select_from(_attempts)).scalar())

    def size_bytes(self) -> int:
        """The database's size on disk (the SQLite file, or PostgreSQL's own figure)."""
        if self.engine.dialect.name == "postgresql":
            with self.engine.connect() as connection:
                return int(connection.execute(sa.text("select pg_database_size(current_database())")).scalar())
        path = Path(self.engine.url.database)
        return sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())

    def close(self):
        self.engine.dispose()


def _as_record(row) -> dict:
    record = json.loads(row.record) if row.record else {}
    record.update(  # the indexed fields are the truth; version-1 rows have no JSON
        user=row.user_name, attempt_id=row.attempt_id, lesson=row.lesson, question=row.question,
        correct=row.correct, time=row.answered_at, kind=row.kind,
    )
    return record


def _sqlite_pragmas(connection, _record):
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")  # readers (the class page) never wait on a writer
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def _create_all(connection):
    _metadata.create_all(connection)


def _version_1_to_2(connection):
    """Version 1 (self-checks only) to 2: the kind, the whole record, the time it arrived."""
    for column in ("kind VARCHAR(16) NOT NULL DEFAULT 'selfcheck'", "record TEXT", "received_at FLOAT"):
        connection.execute(sa.text(f"ALTER TABLE attempts ADD COLUMN {column}"))
    connection.execute(sa.text("CREATE INDEX IF NOT EXISTS attempts_by_lesson ON attempts (lesson, question)"))


def create_version_1(connection):
    """The schema at version 1 (kept so the migration from it stays tested)."""
    connection.execute(sa.text(
        "CREATE TABLE attempts (id INTEGER PRIMARY KEY {auto}, user_name VARCHAR(255) NOT NULL, "
        "attempt_id VARCHAR(64) NOT NULL, lesson VARCHAR(255) NOT NULL, question VARCHAR(255) NOT NULL, "
        "correct BOOLEAN, answered_at FLOAT NOT NULL, "
        "CONSTRAINT one_attempt_once UNIQUE (user_name, attempt_id))".format(
            auto="" if connection.dialect.name == "sqlite" else "GENERATED BY DEFAULT AS IDENTITY")
    ))
    connection.execute(sa.text("CREATE TABLE schema_version (version INTEGER NOT NULL)"))
    connection.execute(sa.text("INSERT INTO schema_version (version) VALUES (1)"))
