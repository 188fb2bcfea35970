"""A lesson reopened after its kernel stopped shows its explorers' last pictures and its
self-checks, never "Error displaying widget: model not found" (JupyterLab keeps the widgets'
state in the saved lesson: share/lab/musclepain-settings.json, installed with the course).
Each restored explorer and self-check says, in a line of its own, to run the lesson again; the
same lesson while it runs shows no such line (musclepain_lib/core/kernel_note.py)."""

from __future__ import annotations

import json
import shutil

import pytest
from lesson_page import (
    EXPLORER,
    QUESTION,
    kernel_notes,
    new_page,
    open_in_lab,
    run_all_cells,
    shut_down_kernel,
    wait_for_widgets,
    widget_failures,
)

from musclepain_lib.core.explorer import RESTORED_NOTE
from musclepain_lib.learner.selfcheck import RESTORED_NOTE as QUESTION_NOTE

pytestmark = pytest.mark.browser

LESSON = "03_muscle_growth.ipynb"


def test_a_reopened_lesson_shows_its_last_pictures_and_questions_not_errors(chromium, lab, served_lessons):
    copy = served_lessons / "notebooks" / f"reopened-{LESSON}"
    shutil.copy(served_lessons / "notebooks" / LESSON, copy)
    with new_page(chromium) as page:
        open_in_lab(page, lab, copy.name)
        outputs = run_all_cells(page)
        wait_for_widgets(page, outputs)
        # running: every explorer and self-check has its note, and none shows it
        assert kernel_notes(page, EXPLORER) == [""] * outputs["explorers"]
        assert kernel_notes(page, QUESTION) == [""] * outputs["questions"]
        page.evaluate("() => window.jupyterapp.commands.execute('docmanager:save')")
        page.wait_for_function(
            "() => !window.jupyterapp.shell.currentWidget.context.model.dirty", timeout=60_000, polling=250)
        shut_down_kernel(page, lab)
    saved = json.loads(copy.read_text())
    assert saved["metadata"]["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    with new_page(chromium) as page:  # as a learner coming back the next day: nothing run yet
        open_in_lab(page, lab, copy.name)
        try:
            wait_for_widgets(page, outputs)
            assert page.locator(EXPLORER).count() == outputs["explorers"] > 0
            assert page.locator(QUESTION).count() == outputs["questions"] > 0
            assert widget_failures(page) == []
            assert "model not found" not in page.locator(".jp-Notebook").inner_text()
            # reopened: each explorer keeps its last picture and says how to move it again
            assert kernel_notes(page, EXPLORER) == [RESTORED_NOTE] * outputs["explorers"]
            assert kernel_notes(page, QUESTION) == [QUESTION_NOTE] * outputs["questions"]
            # ipywidgets marks each restored widget; the course's say it in words, not with a broken-chain sign
            marked = page.evaluate(_BROKEN_CHAIN_SIGNS, f"{EXPLORER}, {QUESTION}")
            assert marked["widgets"] > 0 and marked["signs"] == 0
        finally:
            page.screenshot(path=str(lab.workdir / "reopened-lesson.png"))
            if page.locator(EXPLORER).count():
                page.locator(EXPLORER).first.screenshot(path=str(lab.workdir / "reopened-explorer.png"))
            shut_down_kernel(page, lab)


# How many widgets of the explorers and questions ipywidgets marks as held by no kernel, and
# how many of them draw its broken-chain sign.
_BROKEN_CHAIN_SIGNS = """(selector) => {
  const marked = Array.from(document.querySelectorAll(selector)).flatMap(el =>
    [el, ...el.querySelectorAll('.jupyter-widgets-disconnected')]).filter(el => el.classList.contains('jupyter-widgets-disconnected'));
  return {widgets: marked.length, signs: marked.filter(el => getComputedStyle(el, '::before').content !== 'none').length};
}"""
