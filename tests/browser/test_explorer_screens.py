"""Every explorer fits a laptop screen in JupyterLab at each of its presets, and in Voila as it opens.

A notebook of every explorer at every preset (in Voila, as each opens) is served once; at
1366x768 each explorer,
scrolled to the top of the window (in JupyterLab, of the notebook's scrolled area), shows
its heading, key controls, figure, verdict and caption together without further scrolling
(only the lines explaining the verdict and the folded "More controls" may lie below), and no
label, button or list text is cut. Each explorer's height is printed; with
``MUSCLEPAIN_SCREENSHOTS`` naming a folder, a screenshot of each is kept there for a person to
look at, with the heights in ``heights-<where>.json``. At 1280 wide (a projector) nothing sticks out sideways.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from lesson_page import EXPLORER, new_page, open_in_lab, run_all_cells

from musclepain_lib.core.manifest import TOPICS
from tools import browser

pytestmark = pytest.mark.browser

SCREEN = {"width": 1366, "height": 768}
PROJECTOR = {"width": 1280, "height": 720}

# Words shown in a box of fixed width: labels, buttons, the scenario list, checkboxes.
_CUT_WORDS = """(root) => Array.from(root.querySelectorAll(
    '.widget-label, .widget-label-basic, .widget-toggle-button, .widget-button, select, .widget-checkbox label'))
  .filter(el => el.offsetParent !== null && el.clientWidth > 0 && el.innerText && el.innerText.trim())
  .filter(el => el.scrollWidth > el.clientWidth + 1)
  .map(el => `${el.innerText.trim()} (${el.scrollWidth} px in ${el.clientWidth})`)"""

# The parts of an explorer a learner needs together, each as [top, bottom] in the window: its
# heading, the key controls (beside or above the figure), the figure, the verdict (and any other
# line read out as a status) and the caption. The lines that explain the verdict, under the
# caption, and the folded "More controls" may lie below. Also how tall the explorer is, without
# the folded "More controls" ("shown") and whole.
_PARTS = """(root) => {
  const more = root.querySelector('.musclepain-more-controls');
  const span = (el) => { const r = el.getBoundingClientRect(); return [r.top, r.bottom]; };
  const shown = (el) => el && el.offsetParent !== null && el.getBoundingClientRect().height > 0;
  const parts = {};
  const heading = root.querySelector('h4');
  if (shown(heading)) parts.heading = span(heading);
  root.querySelectorAll('.musclepain-key-control').forEach((el, i) => { if (shown(el)) parts[`key control ${i + 1}`] = span(el); });
  const image = root.querySelector('img');
  if (shown(image)) parts.figure = span(image);
  root.querySelectorAll('[role=status]').forEach((el, i) => {
    if (shown(el) && !(more && more.contains(el))) parts[`status ${i + 1}`] = span(el);
  });
  const caption = root.querySelector('.musclepain-caption');
  if (shown(caption)) parts.caption = span(caption);
  const rest = Array.from(root.children).filter((el) => el !== more && shown(el)).map(span);
  const whole = root.getBoundingClientRect();
  return {parts: parts, shown: Math.max(...rest.map((r) => r[1])) - whole.top, height: whole.height, width: whole.width,
          needed: Math.max(...Object.values(parts).map((r) => r[1])) - whole.top};
}"""

_FIGURE_BOTTOM = """(root) => {
  const image = root.querySelector('img');
  if (!image || !image.complete || image.naturalHeight === 0) return null;
  const box = image.getBoundingClientRect(), top = root.getBoundingClientRect().top;
  return {top: top, bottom: box.bottom, right: box.right, height: box.height};
}"""


def _cases():
    for topic in TOPICS:
        for entry in topic.explorers:
            module = __import__(f"musclepain_lib.{topic.package}", fromlist=[entry.name])
            presets = getattr(module, entry.name)().explorer.presets
            yield f"{topic.package}.{entry.name}", topic.package, entry.name, None
            for preset in presets:
                yield f"{topic.package}.{entry.name}.{preset}", topic.package, entry.name, preset


CASES = list(_cases())
#: Voila gives an explorer more room than JupyterLab (no toolbar, no file browser): there each
#: explorer is checked as it opens; JupyterLab checks it at every preset too.
OPENING = [case for case in CASES if case[3] is None]


def _screens_notebook(folder: Path, name: str, cases: list) -> Path:
    cells = [
        {"cell_type": "code", "execution_count": None, "id": "setup", "metadata": {}, "outputs": [],
         "source": "import importlib\nfrom musclepain_lib.learner.lesson import show_tables_whole"}
    ]
    for number, (_case, package, function, preset) in enumerate(cases):
        call = f"importlib.import_module('musclepain_lib.{package}').{function}(preset={preset!r})"
        cells.append({"cell_type": "code", "execution_count": None, "id": f"c{number}", "metadata": {}, "outputs": [], "source": call})
    notebook = {
        "cells": cells,
        "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path = folder / "notebooks" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(notebook), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def screens_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("screens")
    _screens_notebook(folder, "explorer_screens.ipynb", CASES)
    _screens_notebook(folder, "explorer_openings.ipynb", OPENING)
    return folder


@pytest.fixture(scope="module")
def shots() -> Path | None:
    """Where to keep a screenshot of each explorer for a person to look at: the folder
    ``MUSCLEPAIN_SCREENSHOTS`` names (none are taken without it, which spares a test run a
    hundred screenshots nobody sees)."""
    if not os.environ.get("MUSCLEPAIN_SCREENSHOTS"):
        return None
    folder = Path(os.environ["MUSCLEPAIN_SCREENSHOTS"])
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _wait_for_explorers(page, cases: list, timeout_s: float = 300):
    page.wait_for_function(
        f"""() => {{
          const found = document.querySelectorAll('{EXPLORER}');
          if (found.length < {len(cases)}) return false;
          return Array.from(found).every(e => {{ const i = e.querySelector('img'); return i && i.complete && i.naturalHeight > 0
            || e.innerText.includes('No figure'); }});
        }}""",
        timeout=timeout_s * 1000,
        polling=500,
    )


def _check_each(page, cases: list, shots: Path | None, where: str, view: str = "") -> list[str]:
    """Scroll each explorer to the top of its view; screenshot it; list what does not fit.

    ``view`` is a selector for the scrolled area when it is not the window (JupyterLab's
    notebook, under its toolbar and above its status bar).
    """
    problems = []
    area = {"top": 0, "bottom": SCREEN["height"]}
    if view:
        area = page.evaluate(f"() => {{ const r = document.querySelector('{view}').getBoundingClientRect();"
                             " return {top: r.top, bottom: r.bottom}; }")
    heights = {}
    explorers = page.locator(EXPLORER)
    for index, (name, *_rest) in enumerate(cases):
        explorer = explorers.nth(index)
        explorer.evaluate("(e) => e.scrollIntoView({block: 'start'})")
        page.wait_for_timeout(50)
        if shots is not None:
            page.screenshot(path=str(shots / f"{where}-{name}.png"))
        figure = explorer.evaluate(_FIGURE_BOTTOM)
        cut = explorer.evaluate(_CUT_WORDS)
        measured = explorer.evaluate(_PARTS)
        heights[name] = {key: round(measured[key]) for key in ("needed", "shown", "height", "width")}
        if cut:
            problems.append(f"{where} {name}: words cut: {cut}")
        if figure is None:
            problems.append(f"{where} {name}: no figure")
        elif figure["bottom"] > area["bottom"] + 1:
            problems.append(f"{where} {name}: the figure ends {figure['bottom']:.0f} px down, below the view ({area['bottom']:.0f})")
        outside = [
            f"{part} ({top:.0f}-{bottom:.0f})"
            for part, (top, bottom) in measured["parts"].items()
            if top < area["top"] - 1 or bottom > area["bottom"] + 1
        ]
        if outside:
            problems.append(
                f"{where} {name}: needs {measured['needed']:.0f} px; outside the view "
                f"({area['top']:.0f}-{area['bottom']:.0f}): {', '.join(outside)}"
            )
    if shots is not None:
        (shots / f"heights-{where}.json").write_text(json.dumps(heights, indent=1), encoding="utf-8")
    print(f"{where}: explorer heights in px (heading to caption / without More controls / whole):",
          ", ".join(f"{name} {h['needed']}/{h['shown']}/{h['height']}" for name, h in heights.items()))
    return problems


def test_every_explorer_fits_the_screen_in_voila(chromium, screens_folder, shots, tmp_path_factory):
    with browser.voila_server(screens_folder / "notebooks", tmp_path_factory.mktemp("voila-screens")) as voila:
        with new_page(chromium) as page:
            page.set_viewport_size(SCREEN)
            page.goto(f"{voila.url}/voila/render/explorer_openings.ipynb?token={voila.token}", timeout=300_000,
                      wait_until="commit")
            _wait_for_explorers(page, OPENING)
            problems = _check_each(page, OPENING, shots, "voila")
            page.set_viewport_size(PROJECTOR)
            page.wait_for_timeout(300)
            wide = page.evaluate("() => document.documentElement.scrollWidth")
            if wide > PROJECTOR["width"] + 1:
                problems.append(f"voila at 1280 wide: the page is {wide} px wide")
    assert not problems, "\n".join(problems)


def test_every_explorer_fits_the_screen_in_jupyterlab(chromium, screens_folder, shots, tmp_path_factory):
    with browser.lab_server(screens_folder, tmp_path_factory.mktemp("lab-screens")) as lab:
        with new_page(chromium) as page:
            page.set_viewport_size(SCREEN)
            open_in_lab(page, lab, "explorer_screens.ipynb")
            outputs = run_all_cells(page)
            assert outputs["errors"] == []
            _wait_for_explorers(page, CASES)
            # scrollIntoView scrolls the notebook's own area, under the toolbar and the application's bars
            problems = _check_each(page, CASES, shots, "lab", view=".jp-NotebookPanel .jp-WindowedPanel-outer")
    assert not problems, "\n".join(problems)
