"""Every lesson, run in JupyterLab in a real Chromium, as a learner would run it."""

from __future__ import annotations

import os
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from lesson_page import (
    new_page,
    EXPLORER,
    QUESTION,
    explorer_state,
    kernel_notes,
    kernel_print,
    keyboard_redraws,
    open_in_lab,
    run_all_cells,
    shut_down_kernel,
    wait_for_widgets,
    widget_failures,
)

from tools.browser import axe_violations, missing_glyphs

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def lesson_run(chromium, lab, lesson, explorer_counts):
    """The lesson opened in JupyterLab with all its cells run; its kernel is freed after."""
    with new_page(chromium) as page:
        open_in_lab(page, lab, lesson)
        try:
            outputs = run_all_cells(page)
            explorer_counts[lesson] = outputs
            yield page, outputs
        finally:
            shut_down_kernel(page, lab)


def test_the_lesson_kernel_runs_in_the_course_python_and_keeps_progress_aside(lesson_run):
    page, _outputs = lesson_run
    executable, progress = kernel_print(page, "import os, sys; print(sys.executable); print(os.environ['MUSCLEPAIN_PROGRESS'])")
    assert Path(executable).resolve() == Path(sys.executable).resolve()
    assert progress == os.environ["MUSCLEPAIN_PROGRESS"]


def test_every_cell_of_the_lesson_runs_without_an_error(lesson_run):
    page, outputs = lesson_run
    assert outputs["errors"] == [], "cells failed:\n" + "\n\n".join(outputs["errors"])
    assert outputs["pending"] == 0
    if outputs["stderr"]:
        warnings.warn(f"the lesson printed to stderr: {outputs['stderr'][:3]}")
    assert page.console_problems == []


def test_every_explorer_and_question_of_the_lesson_renders(lesson_run):
    page, outputs = lesson_run
    wait_for_widgets(page, outputs, scope=".jp-Notebook")
    assert page.locator(f".jp-Notebook {EXPLORER}").count() == outputs["explorers"]
    assert page.locator(f".jp-Notebook {QUESTION}").count() == outputs["questions"]
    assert widget_failures(page) == []
    # a running lesson never shows the line a restored explorer or self-check shows
    notes = kernel_notes(page, f".jp-Notebook {EXPLORER}, .jp-Notebook {QUESTION}")
    assert notes == [""] * (outputs["explorers"] + outputs["questions"])


# Signs the course's text uses, which every text font draws, and two that need an emoji font.
_TEXT_SIGNS = "✓ ⚠ ‼ ℹ ✎ ✗ ▸ ° ≥ ≤ µ × – é"
_EMOJI = {"U+1F4A1": "💡", "U+26D4": "⛔"}


def _fonts_with(code: str) -> bool:
    """Whether fontconfig (which Chromium asks on Linux) knows a font with this character."""
    try:
        found = subprocess.run(["fc-list", f":charset={code[2:].lower()}"], capture_output=True, text=True, timeout=30)
    except FileNotFoundError:
        pytest.skip("fc-list is missing: cannot tell which fonts this machine has")
    return bool(found.stdout.strip())


def test_every_sign_of_the_lesson_has_a_glyph_no_empty_box(lesson_run):
    """Hints, warnings and red flags are drawn by the page's fonts: no character of the
    lesson's visible text shows as the missing-glyph box."""
    page, outputs = lesson_run
    wait_for_widgets(page, outputs, scope=".jp-Notebook")
    tried = set()
    assert missing_glyphs(page, ".jp-Notebook", tried) == []
    assert tried, "no sign beyond ASCII was read: the lesson's text was not found"  # its title has "NN · "
    # The check itself, in the lesson text's font on this page: the text signs pass, and an
    # emoji is reported exactly where no font of this machine has it.
    page.evaluate(
        """(text) => { const probe = document.createElement('div'); probe.id = 'musclepain-glyph-probe';
          probe.style.fontFamily = 'var(--jp-content-font-family)'; probe.textContent = text;
          document.body.appendChild(probe); }""",
        f"{_TEXT_SIGNS} {' '.join(_EMOJI.values())}",
    )
    try:
        reported = {line.split()[0] for line in missing_glyphs(page, "#musclepain-glyph-probe")}
    finally:
        page.evaluate("() => document.getElementById('musclepain-glyph-probe').remove()")
    assert reported == {code for code in _EMOJI if not _fonts_with(code)}


def test_each_explorer_answers_the_keyboard_with_a_new_figure(lesson_run):
    page, outputs = lesson_run
    wait_for_widgets(page, outputs, scope=".jp-Notebook")
    explorers = page.locator(f".jp-Notebook {EXPLORER}")
    for index in range(explorers.count()):
        explorer = explorers.nth(index)
        keyboard_redraws(page, explorer)
        after = explorer_state(explorer)
        assert not after["shown"] or after["description"], f"explorer {index}: figure without a description"


def test_explorers_and_questions_have_no_serious_accessibility_problem(lesson_run):
    page, outputs = lesson_run
    wait_for_widgets(page, outputs, scope=".jp-Notebook")
    if not outputs["explorers"] + outputs["questions"]:
        pytest.skip("this lesson has no explorer or question")
    problems = axe_violations(page, include=[f".jp-Notebook {EXPLORER}", f".jp-Notebook {QUESTION}"])
    assert problems == [], "\n".join(problems)


def test_the_lesson_ends_with_links_that_open_the_next_lesson_and_the_contents(lesson_run, lesson):
    """Last in this file: the link opens another notebook, which is closed again after."""
    from musclepain_lib.core import manifest

    page, _outputs = lesson_run
    ids = manifest.lesson_ids()
    at = ids.index(Path(lesson).stem)
    targets = ([manifest.LESSONS[at + 1].file] if at + 1 < len(ids) else []) + ([manifest.LESSONS[0].file] if at else [])
    links = page.locator(".jp-Notebook nav.musclepain-lesson-links a")
    assert links.count() == len(targets), f"links at the end of {lesson}: {links.all_inner_texts()}"
    first = links.first
    first.scroll_into_view_if_needed()
    first.click()
    page.wait_for_function(
        f"(file) => {_NOTEBOOK_NOW} && {_NOTEBOOK_NOW}.context && {_NOTEBOOK_NOW}.context.path.endsWith('/' + file)",
        arg=targets[0], timeout=60_000, polling=250,
    )
    page.evaluate(f"() => {_NOTEBOOK_NOW}.close()")


_NOTEBOOK_NOW = "window.jupyterapp.shell.currentWidget"
