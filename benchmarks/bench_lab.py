"""In JupyterLab, with the whole lesson run: key presses and a drag on every explorer.

This is where learners meet the explorers (``make lab``, Binder, a hub): each lesson is
opened in JupyterLab with the settings a learner has (the course's overrides, JupyterLab's
own defaults otherwise), every cell is run (Run > Run All Cells), and then each explorer
in turn is measured in that page, as in the Voila part (``bench_browser``): key press to
new picture on screen, then a two-second mouse drag (pictures per second while dragged,
pictures per value passed, release to last picture).

The baseline is the usual way, ``interact`` drawing the same figure into a new figure on
every change, added as one more cell at the end of the same lesson and measured in the
same run, so the ratio holds on a busy machine.

Run alone with ``python -m benchmarks lab`` (``python -m benchmarks lab 04`` for lessons
whose file name contains 04).
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell

from benchmarks.bench_browser import (
    USUAL_WAY,
    load,
    measure,
    print_drags,
    print_results,
    sliders_that_redraw,
    sliders_to_drag,
)
from tools import browser

ROOT = Path(__file__).resolve().parent.parent
EXPLORER = ".jp-Notebook .musclepain-explorer"


def explorers_by_title() -> dict[str, tuple[str, str]]:
    """Each explorer's title (its heading in the page): (topic, explorer name)."""
    from musclepain_lib.core import manifest

    return {entry.title: (topic, entry.name) for topic, entry in manifest.explorers()}


def lesson_explorers(path: Path) -> list[tuple[str, str]]:
    """The explorers a lesson opens: (topic, name), those of its topic first (written as
    ``el.explorer(`` or ``electrolytes.explorer(``, or imported by name)."""
    from musclepain_lib.core import manifest

    lesson = next(lesson for lesson in manifest.LESSONS if lesson.file == path.name)
    code = "\n".join(cell.source for cell in nbformat.read(path, as_version=4).cells if cell.cell_type == "code")
    order = sorted(
        manifest.explorers(),
        key=lambda item: (item[0] != lesson.topic, code.find(f"{item[1].name}(") if f"{item[1].name}(" in code else 1e9),
    )
    opened = [(topic, entry.name) for topic, entry in order
              if re.search(rf"(^|[^\w])({topic}\.|[a-z]{{2}}\.)?{entry.name}\(", code)]
    own = [(topic, name) for topic, name in opened if topic == lesson.topic]
    return own or opened


def add_baseline(path: Path) -> str | None:
    """Append the usual way (interact) for the lesson's first explorer with a redrawing slider;
    return what it draws, or None when the lesson has no explorer."""
    for topic, name in lesson_explorers(path):
        found = sliders_that_redraw(topic, name)
        if found:
            control = found[0][0]
            notebook = nbformat.read(path, as_version=4)
            notebook.cells.append(new_code_cell(
                USUAL_WAY + f"\nfrom musclepain_lib.{topic} import {name} as _baseline_explorer\n"
                f"usual_way(_baseline_explorer().explorer, {control!r})"
            ))
            nbformat.write(notebook, path)
            return f"{topic}.{name} ({control})"
    return None


def measure_lesson(page, baseline: str) -> tuple[dict, dict]:
    """Every explorer of the open lesson against the lesson's baseline, then the drags."""
    from lesson_page import wait_for_widgets  # noqa: F401  (the browser tests' helpers)

    titles = explorers_by_title()
    explorers = page.locator(EXPLORER)
    usual = measure(page, page.locator(".jp-Notebook .widget-interact").last)
    results, drags = {}, {}
    print(f"  {explorers.count()} explorers in the page", flush=True)
    for index in range(explorers.count()):
        element = explorers.nth(index)
        title = " ".join(element.locator("h4").first.text_content().split())
        if title not in titles:
            print(f"  explorer {index + 1} not measured: its title {title!r} is not in the manifest")
            continue
        topic, name = titles[title]
        # The lesson may open the explorer at a scenario where a slider is greyed out.
        tracks = element.locator(".noUi-target")
        found = [entry for entry in sliders_that_redraw(topic, name)
                 if tracks.nth(entry[1]).get_attribute("disabled") is None]
        if not found:
            continue
        element.scroll_into_view_if_needed()
        label = f"{index + 1}. {topic}.{name} ({found[0][0]})"
        results[label] = (measure(page, element, found[0][1]), usual)
        for control, slider in sliders_to_drag(found):
            dragged = browser.drag_slider(page, element, slider, 2.0)
            dragged["steps"] = next(steps for c, _i, steps in found if c == control)
            dragged["correct"] = True  # not checked here: the Voila part and the tests check it
            drags[f"{index + 1}. {topic}.{name} ({control})"] = dragged
    print(f"  baseline, interact at the lesson's end: {baseline}")
    return results, drags


def run(only: str = ""):
    sys.path.insert(0, str(ROOT / "tests" / "browser"))
    from lesson_page import new_page, open_in_lab, run_all_cells, shut_down_kernel, wait_for_widgets

    print(f"JupyterLab part starts: {load()}", flush=True)
    with tempfile.TemporaryDirectory(prefix="musclepain-lab-bench-") as scratch:
        scratch = Path(scratch)
        lessons = browser.copy_lessons(browser.LESSONS, scratch / "root" / "notebooks")
        with browser.lab_server(scratch / "root", scratch / "server", learner=True) as lab, browser.chromium() as chromium:
            for path in browser.lesson_paths(lessons):
                if only not in path.name:
                    continue
                baseline = add_baseline(path)
                if baseline is None:
                    continue
                print(f"{path.name}:", flush=True)
                with new_page(chromium) as page:
                    page.set_viewport_size({"width": 1366, "height": 768})
                    open_in_lab(page, lab, path.name)
                    try:
                        outputs = run_all_cells(page)
                        wait_for_widgets(page, outputs, scope=".jp-Notebook")
                        results, drags = measure_lesson(page, baseline)
                        print_results(results, [])
                        print_drags(drags)
                    finally:
                        shut_down_kernel(page, lab)
    print(f"JupyterLab part ends: {load()}", flush=True)


if __name__ == "__main__":
    run(*sys.argv[1:])
