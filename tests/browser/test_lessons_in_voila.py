"""Every lesson as an app in Voila (no code shown), as a class might be shown it."""

from __future__ import annotations

import re

import pytest
from lesson_page import (
    EXPLORER,
    LESSONS,
    QUESTION,
    count_outputs,
    keyboard_redraws,
    new_page,
    wait_for_widgets,
)

pytestmark = pytest.mark.browser

# Voila shows a cell's error (and any text sent to stderr) as an output of this type.
STDERR_OUTPUT = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'


@pytest.fixture(scope="module")
def voila_page(chromium, voila, lesson, explorer_counts):
    """The lesson rendered by Voila, with how many explorers and questions it must show."""
    expected = explorer_counts.get(lesson) or count_outputs(LESSONS / lesson)
    with new_page(chromium) as page:
        url = f"{voila.url}/voila/render/{lesson}?token={voila.token}"
        page.goto(url, timeout=300_000, wait_until="commit")
        try:
            wait_for_widgets(page, expected, timeout_s=150)
        except Exception:
            # Voila 0.5 now and then stalls on a fresh render ("Executing 2 of N" with an idle
            # kernel); a reload starts a fresh kernel. A lesson that fails twice still fails.
            page.goto(url, timeout=300_000, wait_until="commit")
        yield page, expected


def test_voila_shows_every_explorer_of_the_lesson_with_a_figure(voila_page):
    page, expected = voila_page
    wait_for_widgets(page, expected, timeout_s=300)
    assert page.locator(EXPLORER).count() == expected["explorers"]
    assert page.locator(QUESTION).count() == expected["questions"]
    errors = [text for text in page.locator(STDERR_OUTPUT).all_inner_texts() if re.search(r"Traceback|Error", text)]
    assert errors == []


def test_voila_explorers_answer_the_keyboard(voila_page):
    page, expected = voila_page
    wait_for_widgets(page, expected, timeout_s=300)
    every_explorer_redraws(page)


def every_explorer_redraws(page) -> None:
    explorers = page.locator(EXPLORER)
    for index in range(explorers.count()):
        keyboard_redraws(page, explorers.nth(index))
