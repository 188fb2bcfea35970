"""In JupyterLab, with the whole lesson run: key presses and a drag on every explorer.

This is where learners meet the explorers (``make lab``, Binder, a hub): each lesson is
opened in JupyterLab with the settings a learner has (the course's overrides, JupyterLab's
own defaults otherwise), every cell is run (Run > Run All Cells), and then each explorer
in turn is measured in that page, as in the Voila part (``bench_browser``): key press to
new picture on screen, then two-second mouse drags (pictures per second while dragged,
pictures per value passed, release to last picture). Each slider is dragged ``DRAGS`` times,
since one drag on a busy page varies by a fifth: the drag with the median pictures a second
is printed, with the longest release to last picture of them all.

Each explorer's baseline is the usual way, ``interact`` drawing the same figure into a new
figure on every change, added as a cell of its own at the end of the same lesson and measured
in the same run, so the ratio compares like with like and holds on a busy machine.

Run alone with ``python -m benchmarks lab`` (``python -m benchmarks.bench_lab 04`` for
lessons whose file name contains 04).
"""

from __future__ import annotations

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
from tools.lesson_text import explorer_call

ROOT = Path(__file__).resolve().parent.parent
EXPLORER = ".jp-Notebook .musclepain-explorer"
#: Drags of each slider.
DRAGS = 3


def median_drag(page, element, slider: int) -> dict:
    """``DRAGS`` drags of one slider: the one with the median pictures a second, with the
    longest release to last picture of them all."""
    dragged = sorted((browser.drag_slider(page, element, slider, 2.0) for _ in range(DRAGS)),
                     key=lambda found: found["per_second"])
    return {**dragged[len(dragged) // 2], "final_ms": max(found["final_ms"] for found in dragged)}


def explorers_by_title() -> dict[str, tuple[str, str]]:
    """Each explorer's title (its heading in the page): (topic, explorer name)."""
    from musclepain_lib.core import manifest

    return {entry.title: (topic, entry.name) for topic, entry in manifest.explorers()}


def lesson_explorers(path: Path) -> list[tuple[str, str]]:
    """Every explorer the lesson opens: (topic, name), in the order its code first opens them."""
    from musclepain_lib.core import manifest

    code = "\n".join(cell.source for cell in nbformat.read(path, as_version=4).cells if cell.cell_type == "code")
    calls = {}
    for topic, entry in manifest.explorers():
        call = explorer_call(code, topic, entry.name)
        if call:
            calls[(topic, entry.name)] = call.start()
    return sorted(calls, key=calls.get)


def add_baselines(path: Path) -> list[tuple[str, str]]:
    """Append the usual way (interact drawing the same figure anew on each change) for each
    explorer the lesson opens that has a redrawing slider, a cell each at the lesson's end, in
    the order returned: (topic, name)."""
    notebook = nbformat.read(path, as_version=4)
    added = []
    for topic, name in lesson_explorers(path):
        found = sliders_that_redraw(topic, name)
        if found:
            if not added:
                notebook.cells.append(new_code_cell(USUAL_WAY))
            notebook.cells.append(new_code_cell(
                f"from musclepain_lib.{topic} import {name} as _baseline_explorer\n"
                f"usual_way(_baseline_explorer().explorer, {found[0][0]!r})"
            ))
            added.append((topic, name))
    nbformat.write(notebook, path)
    return added


def measure_lesson(page, baselines: list[tuple[str, str]]) -> tuple[dict, dict]:
    """Every explorer of the open lesson against interact drawing its own figure in the same
    page, then the drags."""
    titles = explorers_by_title()
    explorers = page.locator(EXPLORER)
    usual_ways = page.locator(".jp-Notebook .widget-interact")
    results, drags, usual = {}, {}, {}
    print(f"  {explorers.count()} explorers in the page, each against interact drawing its figure at the lesson's end",
          flush=True)
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
        if not found or (topic, name) not in baselines:
            continue
        if (topic, name) not in usual:
            # The baselines are the page's last interact outputs, in the order they were added.
            baseline = usual_ways.nth(usual_ways.count() - len(baselines) + baselines.index((topic, name)))
            baseline.scroll_into_view_if_needed()
            usual[(topic, name)] = measure(page, baseline)
        element.scroll_into_view_if_needed()
        label = f"{index + 1}. {topic}.{name} ({found[0][0]})"
        results[label] = (measure(page, element, found[0][1]), usual[(topic, name)])
        for control, slider in sliders_to_drag(found):
            dragged = median_drag(page, element, slider)
            dragged["steps"] = next(steps for c, _i, steps in found if c == control)
            dragged["correct"] = True  # not checked here: the Voila part and the tests check it
            drags[f"{index + 1}. {topic}.{name} ({control})"] = dragged
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
                baselines = add_baselines(path)
                if not baselines:
                    continue
                print(f"{path.name}:", flush=True)
                with new_page(chromium) as page:
                    page.set_viewport_size({"width": 1366, "height": 768})
                    open_in_lab(page, lab, path.name)
                    try:
                        outputs = run_all_cells(page)
                        wait_for_widgets(page, outputs, scope=".jp-Notebook")
                        results, drags = measure_lesson(page, baselines)
                        print_results(results, [])
                        print(f"each slider dragged {DRAGS} times: the median drag by pictures a second; the longest release")
                        print_drags(drags)
                    finally:
                        shut_down_kernel(page, lab)
    print(f"JupyterLab part ends: {load()}", flush=True)


if __name__ == "__main__":
    run(*sys.argv[1:])
