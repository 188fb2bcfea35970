"""Fixtures shared by the unit tests: a database for the class progress service.

``database_url`` runs a test twice: on a SQLite file and on a fresh database of a throwaway
PostgreSQL server (one server for the test session, started by tools/postgres.py).
"""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tools.postgres import postgres_binaries, throwaway_postgres  # noqa: E402

_database_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def postgres_server():
    """The URL of a throwaway PostgreSQL server's default database (skipped where none is installed)."""
    if postgres_binaries() is None:
        pytest.skip("PostgreSQL is not installed here: `make postgresql` installs Debian's")
    with throwaway_postgres() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """An empty database: a SQLite file, or a new database on the throwaway PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'progress.sqlite'}"
    import sqlalchemy as sa

    server = request.getfixturevalue("postgres_server")
    name = f"test{next(_database_numbers)}"
    engine = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(sa.text(f"CREATE DATABASE {name}"))
    engine.dispose()
    return server.rsplit("/", 1)[0] + "/" + name


def pytest_collection_modifyitems(config, items):
    """Hand out the long files first: the lessons (under nbval) and the files with slow tests.

    The two test processes take a file at a time in this order (``make test`` keeps it with
    ``--no-loadscope-reorder``), so the run ends on short files, with both processes busy to
    the end, not on a long one while the other process has nothing left.
    """
    long = {item.path for item in items if item.path.suffix == ".ipynb" or item.get_closest_marker("slow")}
    items.sort(key=lambda item: item.path not in long)  # a stable sort: each file's tests stay in order
