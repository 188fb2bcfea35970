"""In the browser: key presses and a mouse drag on each explorer's slider, timed on screen.

Every explorer of every topic is shown in one page (Voila, Debian's Chromium through
Playwright, a server of its own). Beside each one runs a baseline built the usual
way: ``interact`` drawing the same figure (the explorer's own setup and update)
into a new figure on every change, shown as a notebook shows figures (a PNG with
a tight bounding box) in an Output area. Each slider is moved with the keyboard (ArrowRight, ArrowLeft, ...); the
time runs from the keydown event in the page until the new picture is decoded and
the next frame painted. Explorer and baseline are measured in the same run, so
their ratio holds on a busy machine.

Then the same slider of each explorer is dragged with the mouse for two seconds: the
pictures shown per second while the button is down, the time from release to the last
picture, and whether that picture is the one a fresh explorer draws at the values the
controls end at (computed here, outside the browser).

Run alone with ``python -m benchmarks browser``.
"""

from __future__ import annotations

import importlib
import tempfile
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_notebook

from benchmarks.common import summarize
from tools import browser

PRESSES = 15
WARMUP = 2
DRAG_SECONDS = 2.0

USUAL_WAY = '''\
from IPython.display import display
from ipywidgets import FloatSlider, IntSlider, interact
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib_inline.backend_inline import set_matplotlib_formats

from musclepain_lib.core.plotting import style

set_matplotlib_formats("png")  # as in any notebook: a PNG with a tight box


def usual_way(explorer, control):
    """The same model and figure through interact: a new figure on every change."""
    spec = explorer.specs[control]
    slider = (IntSlider if spec.integer else FloatSlider)(
        value=explorer.values[control], min=spec.low, max=spec.high, step=spec.step,
        continuous_update=False, description=control,
    )

    def draw(value):
        with style():
            figure = Figure(figsize=explorer.figure.get_size_inches(), dpi=explorer.figure.dpi, layout="constrained")
            FigureCanvasAgg(figure)
            explorer.draw_on(figure, {control: value})
            display(figure)

    interact(draw, value=slider)
'''

# Arms a watch on one explorer (or baseline): resolves with the milliseconds from the
# next keydown in the page to its new picture, decoded and painted.
ARM = """(el) => {
  const old = (el.querySelector('img') || {}).src;
  window.__pressed = null;
  document.addEventListener('keydown', () => { window.__pressed = performance.now(); },
                            {capture: true, once: true});
  window.__shown = new Promise((resolve) => {
    const look = () => {
      const img = el.querySelector('img');
      if (!img || !img.src || img.src === old) return false;
      observer.disconnect();
      img.decode().catch(() => null).then(() => requestAnimationFrame(
        () => resolve(performance.now() - window.__pressed)));
      return true;
    };
    const observer = new MutationObserver(look);
    observer.observe(el, {subtree: true, childList: true, attributes: true, attributeFilter: ['src']});
  });
}"""


def explorer_names() -> list[tuple[str, str]]:
    """Every explorer of the course manifest: (topic, name), in lesson order."""
    from musclepain_lib.core import manifest

    return [(topic, entry.name) for topic, entry in manifest.explorers()]


def slider_that_redraws(topic: str, name: str) -> tuple[str, int] | None:
    """The first slider whose one step changes the opening figure, and its position
    among the explorer's sliders; None when no slider does."""
    from musclepain_lib.core.explorer import Slider
    from musclepain_lib.core.plotting import figure_to_png

    explorer = getattr(importlib.import_module(f"musclepain_lib.{topic}"), name)().explorer
    sliders = [spec for spec in explorer.specs.values() if isinstance(spec, Slider)]
    opening = figure_to_png(explorer.figure)
    for index, spec in enumerate(sliders):
        start = explorer.values[spec.name]
        moved = start + spec.step if start + spec.step <= spec.high else start - spec.step
        explorer.views[spec.name].value = moved
        changed = explorer.last_error is None and figure_to_png(explorer.figure) != opening
        explorer.views[spec.name].value = start
        if changed:
            return spec.name, index
    return None


def write_page(folder: Path, measured: list[tuple[str, str, str]]) -> Path:
    """One cell per explorer and one for its baseline: (topic, explorer name, slider)."""
    cells = [new_code_cell(USUAL_WAY)]
    for topic, name, control in measured:
        cells.append(new_code_cell(f"from musclepain_lib.{topic} import {name}\n{name}()"))
        cells.append(new_code_cell(f"usual_way({name}().explorer, {control!r})"))
    notebook = new_notebook(cells=cells, metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}})
    path = folder / "latency.ipynb"
    nbformat.write(notebook, path)
    return path


def measure(page, element, slider: int = 0, presses: int = PRESSES, warmup: int = WARMUP) -> dict | str:
    """Time ``presses`` key presses on one slider of an element (after ``warmup``)."""
    handle = element.locator(".noUi-handle").nth(slider)
    at_top = handle.get_attribute("aria-valuenow") == handle.get_attribute("aria-valuemax")
    keys = ["ArrowLeft", "ArrowRight"] if at_top else ["ArrowRight", "ArrowLeft"]
    times = []
    for press in range(warmup + presses):
        handle.focus()
        element.evaluate(ARM)
        page.keyboard.press(keys[press % 2])
        shown = page.evaluate(
            "() => Promise.race([window.__shown, new Promise(r => setTimeout(() => r(null), 15000))])"
        )
        if shown is None:
            return "no new figure within 15 s"
        if press >= warmup:
            times.append(shown)
        page.wait_for_timeout(150)  # let the explorer's words and cues settle
    return summarize(times)


def run(only: str = ""):
    measured, skipped = [], []
    for topic, name in explorer_names():
        if only not in f"{topic}.{name}":
            continue
        found = slider_that_redraws(topic, name)
        if found:
            measured.append((topic, name, *found))
        else:
            skipped.append(f"{topic}.{name}")
    results, drags = {}, {}
    with tempfile.TemporaryDirectory(prefix="musclepain-latency-") as scratch:
        scratch = Path(scratch)
        (scratch / "page").mkdir()
        (scratch / "server").mkdir()
        write_page(scratch / "page", [(topic, name, control) for topic, name, control, _ in measured])
        with browser.voila_server(scratch / "page", scratch / "server") as voila, browser.chromium() as chromium:
            context = chromium.new_context(viewport={"width": 1280, "height": 900})
            browser.local_only(context)
            page = context.new_page()
            page.set_default_timeout(300_000)
            for attempt in range(3):
                # Voila 0.5 now and then stalls while running the page ("Executing 2 of N"
                # with an idle kernel); a fresh render starts a fresh kernel.
                page.goto(f"{voila.url}/voila/render/latency.ipynb?token={voila.token}", wait_until="commit")
                try:
                    page.wait_for_function(
                        "(n) => document.querySelectorAll('.musclepain-explorer img[src]').length >= n"
                        " && document.querySelectorAll('.widget-interact img').length >= n",
                        arg=len(measured),
                        polling=500,
                        timeout=120_000,
                    )
                    break
                except Exception:
                    shown = page.evaluate(
                        "() => [document.querySelectorAll('.musclepain-explorer img[src]').length,"
                        " document.querySelectorAll('.widget-interact img').length]"
                    )
                    errors = page.locator('[data-mime-type="application/vnd.jupyter.stderr"]').all_inner_texts()
                    print(f"the page showed {shown[0]} explorers and {shown[1]} baselines of {len(measured)}:")
                    print(*errors[:3], sep="\n")
                    if attempt == 2:
                        raise
            explorers, baselines = page.locator(".musclepain-explorer"), page.locator(".widget-interact")
            for index, (topic, name, control, slider) in enumerate(measured):
                results[f"{topic}.{name} ({control})"] = (
                    measure(page, explorers.nth(index), slider),
                    measure(page, baselines.nth(index)),
                )
            for index, (topic, name, control, slider) in enumerate(measured):
                explorers.nth(index).scroll_into_view_if_needed()
                drags[f"{topic}.{name} ({control})"] = drag(page, explorers.nth(index), slider, topic, name, control)
    print_results(results, skipped)
    print_drags(drags)


def drag(page, element, slider: int, topic: str, name: str, control: str) -> dict:
    """Drag the slider for two seconds; check the last picture against a fresh explorer's."""
    found = browser.drag_slider(page, element, slider, DRAG_SECONDS)
    make = getattr(importlib.import_module(f"musclepain_lib.{topic}"), name)
    fresh = make(**{control: found["value"]}).explorer.image.value
    found["correct"] = browser.same_picture(found["png"], fresh)
    return found


def print_drags(drags: dict) -> None:
    print(f"mouse drag of {DRAG_SECONDS:.0f} s: pictures shown per second while dragged | release to last picture | last picture correct")
    for label, found in drags.items():
        print(
            f"  {label:<50} {found['per_second']:5.1f} /s ({found['during']:3d} pictures) | "
            f"{found['final_ms']:5.0f} ms | {'yes' if found['correct'] else 'NO'} (ends at {found['value']:g})",
            flush=True,
        )
    if drags:
        rates = [found["per_second"] for found in drags.values()]
        finals = [found["final_ms"] for found in drags.values()]
        print(f"  pictures per second {min(rates):.1f} to {max(rates):.1f}; release to last picture at most {max(finals):.0f} ms")


def print_results(results: dict, skipped: list[str]) -> None:
    print(f"key press to new figure on screen, {PRESSES} presses each: explorer | usual way (interact) | ratio")
    ratios = []
    for label, (explorer, baseline) in results.items():
        if isinstance(explorer, str) or isinstance(baseline, str):
            print(f"  {label:<50} explorer: {explorer}; usual way: {baseline}")
            continue
        ratios.append(baseline["median"] / explorer["median"])
        print(
            f"  {label:<50} median {explorer['median']:5.0f} ms (p90 {explorer['p90']:4.0f}) | "
            f"median {baseline['median']:5.0f} ms (p90 {baseline['p90']:4.0f}) | {ratios[-1]:.2f}x",
            flush=True,
        )
    for name in skipped:
        print(f"  {name:<50} no slider changes its figure: not measured")
    if ratios:
        print(f"  explorers faster than the usual way by {min(ratios):.2f}x to {max(ratios):.2f}x")
