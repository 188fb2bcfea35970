"""One JupyterLab, one Voila and one Chromium for the whole browser test session.

The lessons are copied to a temporary folder first, so running them in a browser
never writes outputs into the repository. Every test that takes ``lesson`` runs once
per lesson in notebooks/ (``NN_name.ipynb``), so the tests grow with the course.
``MUSCLEPAIN_LESSONS`` names another lessons folder (for trying the tests out).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from lesson_page import LESSONS, new_page  # noqa: E402

from tools import browser  # noqa: E402


def pytest_generate_tests(metafunc):
    if "lesson" in metafunc.fixturenames:
        paths = browser.lesson_paths(LESSONS)
        # Module scope: a lesson is run once in a module, then every test there looks at it.
        metafunc.parametrize("lesson", [p.name for p in paths], ids=[p.stem for p in paths], scope="module")


@pytest.fixture(scope="session")
def served_lessons(tmp_path_factory) -> Path:
    """A copy of the lessons folder, inside a folder the servers use as their root."""
    root = tmp_path_factory.mktemp("course")
    browser.copy_lessons(LESSONS, root / "notebooks")
    return root


@pytest.fixture(scope="session")
def lab(served_lessons, tmp_path_factory):
    with browser.lab_server(served_lessons, tmp_path_factory.mktemp("lab")) as server:
        yield server


@pytest.fixture(scope="session")
def voila(served_lessons, tmp_path_factory):
    with browser.voila_server(served_lessons / "notebooks", tmp_path_factory.mktemp("voila")) as server:
        yield server


@pytest.fixture(scope="session")
def chromium():
    with browser.chromium() as running:
        yield running


@pytest.fixture
def page(chromium):
    with new_page(chromium) as tab:
        yield tab


@pytest.fixture(scope="session")
def explorer_counts() -> dict:
    """How many explorers and questions each lesson showed in JupyterLab (for Voila)."""
    return {}
