"""In the browser: key presses and a mouse drag on each explorer's slider, timed on screen.

The explorers of each topic are shown in a page of their own (Voila, Debian's Chromium
through Playwright; one server and one browser, a fresh render and kernel per topic).
Beside each explorer runs a baseline built the usual
way: ``interact`` drawing the same figure (the explorer's own setup and update)
into a new figure on every change, shown as a notebook shows figures (a PNG with
a tight bounding box) in an Output area. Each slider is moved with the keyboard, one
way as a learner steps through its values (ArrowRight, turning back at an end), with a
pause of ``BETWEEN_PRESSES_MS`` after each picture; the time runs from the keydown event
in the page until the new picture is decoded and the next frame painted. Explorer and
baseline are measured in the same run, so their ratio holds on a busy machine.

Then the same slider of each explorer is dragged with the mouse for two seconds: the
pictures shown per second while the button is down, beside the values the slider
passed per second and the pictures per value passed (a slider of 7 steps passes too
few values for 15 pictures a second, however fast the explorer), the time from
release to the last picture, and whether that picture is the one a fresh explorer
draws at the values the controls end at (computed here, outside the browser). When
that slider has fewer than 30 steps, the explorer's slider with the most steps is
dragged too. The machine's load is printed at the start and end of the browser part.

Run alone with ``python -m benchmarks browser``.
"""

from __future__ import annotations

import importlib
import os
import tempfile
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_notebook

from benchmarks.common import summarize
from tools import browser

PRESSES = 15
WARMUP = 2
#: After each picture, before the next key press (ms).
BETWEEN_PRESSES_MS = 150
#: A key press whose words changed but whose picture did not within this time (ms) is passed
#: over: the picture is the same, pixel for pixel, as at the step before.
SAME_PICTURE_MS = 1000
DRAG_SECONDS = 2.0
#: A first slider with fewer steps passes too few values in a drag for 15 pictures a second:
#: the explorer's slider with the most steps is dragged as well.
FEW_STEPS = 30

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
# next keydown in the page to its new picture, decoded and painted; or with null when the
# explorer's caption changed and no new picture came within SAME_PICTURE_MS (at some steps
# the picture does not change by a pixel, so the page is sent none: only the words change).
ARM = """(el) => {
  const old = (el.querySelector('img') || {}).src;
  const caption = () => (el.querySelector('.musclepain-caption') || {}).textContent;
  const oldCaption = caption();
  window.__pressed = null;
  document.addEventListener('keydown', () => { window.__pressed = performance.now(); },
                            {capture: true, once: true});
  window.__shown = new Promise((resolve) => {
    let waiting = false;
    const look = () => {
      const img = el.querySelector('img');
      if (!img || !img.src || img.src === old) {
        if (!waiting && caption() !== oldCaption) {
          waiting = true;
          setTimeout(() => { observer.disconnect(); resolve(null); }, %d);
        }
        return;
      }
      observer.disconnect();
      img.decode().catch(() => null).then(() => requestAnimationFrame(
        () => resolve(performance.now() - window.__pressed)));
    };
    const observer = new MutationObserver(look);
    observer.observe(el, {subtree: true, childList: true, characterData: true,
                          attributes: true, attributeFilter: ['src']});
  });
}""" % SAME_PICTURE_MS


def explorer_names() -> list[tuple[str, str]]:
    """Every explorer of the course manifest: (topic, name), in lesson order."""
    from musclepain_lib.core import manifest

    return [(topic, entry.name) for topic, entry in manifest.explorers()]


def sliders_that_redraw(topic: str, name: str) -> list[tuple[str, int, int]]:
    """The sliders whose one step changes the opening figure: (name, position among the
    explorer's sliders in the page, number of steps), in the page's order: the
    key controls beside the figure first, then those under "More controls". A slider greyed
    out at the opening values (it has no effect there) is left out."""
    from musclepain_lib.core.explorer import Slider
    from musclepain_lib.core.plotting import figure_to_png

    explorer = getattr(importlib.import_module(f"musclepain_lib.{topic}"), name)().explorer
    shown = [*explorer.key_controls, *(control for control in explorer.specs if control not in explorer.key_controls)]
    sliders = [explorer.specs[control] for control in shown if isinstance(explorer.specs[control], Slider)]
    opening = figure_to_png(explorer.figure)
    found = []
    for index, spec in enumerate(sliders):
        rule = explorer.active_when.get(spec.name)
        if rule is not None and not rule(explorer.values):
            continue  # greyed out at the opening values: a hand cannot move it
        start = explorer.values[spec.name]
        moved = start + spec.step if start + spec.step <= spec.high else start - spec.step
        explorer.views[spec.name].value = moved
        changed = explorer.last_error is None and figure_to_png(explorer.figure) != opening
        explorer.views[spec.name].value = start
        if changed:
            found.append((spec.name, index, round((spec.high - spec.low) / spec.step)))
    return found


def slider_that_redraws(topic: str, name: str) -> tuple[str, int] | None:
    """The first slider (in page order) whose one step changes the opening figure, and its
    position among the explorer's sliders in the page; None when no slider does."""
    found = sliders_that_redraw(topic, name)
    return found[0][:2] if found else None


def sliders_to_drag(found: list[tuple[str, int, int]]) -> list[tuple[str, int]]:
    """The first redrawing slider and, when it has fewer than ``FEW_STEPS`` steps, also the
    redrawing slider with the most steps: every explorer gets one drag where
    15 pictures a second are possible."""
    first = found[0]
    most = max(found, key=lambda entry: entry[2])
    chosen = [first] if first[2] >= FEW_STEPS or most is first else [first, most]
    return [(control, index) for control, index, _steps in chosen]


def write_page(folder: Path, measured: list[tuple[str, str, str]], stem: str = "latency") -> Path:
    """One cell per explorer and one for its baseline: (topic, explorer name, slider)."""
    cells = [new_code_cell(USUAL_WAY)]
    for topic, name, control in measured:
        cells.append(new_code_cell(f"from musclepain_lib.{topic} import {name}\n{name}()"))
        cells.append(new_code_cell(f"usual_way({name}().explorer, {control!r})"))
    notebook = new_notebook(cells=cells, metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}})
    path = folder / f"{stem}.ipynb"
    nbformat.write(notebook, path)
    return path


def measure(page, element, slider: int = 0, presses: int = PRESSES, warmup: int = WARMUP) -> dict | str:
    """Time ``presses`` key presses on one slider of an element (after ``warmup``): one way, as
    a learner steps through the values, turning back at an end of the slider. A press that
    brings new words but the same picture is passed over."""
    handle = browser.slider_handle(element, slider)
    key = "ArrowRight"
    times, passed_over = [], 0
    while len(times) < presses and passed_over <= presses:
        now = handle.get_attribute("aria-valuenow")
        if now in (handle.get_attribute("aria-valuemax"), handle.get_attribute("aria-valuemin")):
            key = "ArrowLeft" if now == handle.get_attribute("aria-valuemax") else "ArrowRight"
        handle.focus()
        element.evaluate(ARM)
        page.keyboard.press(key)
        shown = page.evaluate(
            "() => Promise.race([window.__shown, new Promise(r => setTimeout(() => r('late'), 15000))])"
        )
        if shown == "late":
            return "no new figure within 15 s"
        if shown is None:
            passed_over += 1
        elif warmup:
            warmup -= 1
        else:
            times.append(shown)
        page.wait_for_timeout(BETWEEN_PRESSES_MS)  # the explorer's words and cues settle
    return summarize(times) if times else f"the same picture after {passed_over} key presses"


def load() -> str:
    """The machine's load: processes waiting for a core, averaged over 1, 5 and 15 minutes."""
    return "load average {:.2f}, {:.2f}, {:.2f} ({} CPUs)".format(*os.getloadavg(), os.cpu_count())


def run(only: str = ""):
    topics: dict[str, list] = {}
    skipped = []
    for topic, name in explorer_names():
        if only not in f"{topic}.{name}":
            continue
        found = sliders_that_redraw(topic, name)
        if found:
            topics.setdefault(topic, []).append((topic, name, found[0][0], found[0][1], sliders_to_drag(found)))
        else:
            skipped.append(f"{topic}.{name}")
    results, drags, failed = {}, {}, []
    print(f"browser part starts: {load()}", flush=True)
    with tempfile.TemporaryDirectory(prefix="musclepain-latency-") as scratch:
        scratch = Path(scratch)
        (scratch / "pages").mkdir()
        (scratch / "server").mkdir()
        for topic, measured in topics.items():
            write_page(scratch / "pages", [(t, name, control) for t, name, control, _, _ in measured], stem=topic)
        # Each topic's kernel runs until the server stops (five idle kernels). Shutting a kernel
        # down once idle for 30 s killed the diabetes page's kernel while Voila was still
        # running its cells ("Kernel died"): a kernel has no page connected until its cells ran.
        with browser.voila_server(scratch / "pages", scratch / "server") as voila, \
                browser.chromium() as chromium:
            for topic, measured in topics.items():
                # One page per topic, each a fresh render with a kernel of its own: a page
                # holding every explorer at once stalled under load.
                context = chromium.new_context(viewport={"width": 1280, "height": 900})
                browser.local_only(context)
                page = context.new_page()
                page.set_default_timeout(300_000)
                try:
                    if not render(page, voila, topic, len(measured)):
                        failed.append(f"{topic}: the page did not render in 3 tries")
                        continue
                    try:
                        found, dragged = measure_topic(page, measured)
                    except Exception as error:  # the other topics are still measured
                        failed.append(f"{topic}: {type(error).__name__}: {str(error).splitlines()[0]}")
                        continue
                    results.update(found)
                    drags.update(dragged)
                    print_results(found, [])
                    print_drags(dragged, summary=False)
                finally:
                    context.close()
    print_results(results, skipped, lines=False)
    print_drags(drags, lines=False)
    for problem in failed:
        print(f"  not measured: {problem}")
    print(f"browser part ends: {load()}", flush=True)


def render(page, voila, topic: str, count: int) -> bool:
    """Open a topic's page; whether every explorer and baseline showed a picture in one of 3 tries."""
    for attempt in range(3):
        # Voila 0.5 now and then stalls while running a page ("Executing 2 of N" with an
        # idle kernel); a fresh render starts a fresh kernel.
        page.goto(f"{voila.url}/voila/render/{topic}.ipynb?token={voila.token}", wait_until="commit")
        try:
            page.wait_for_function(
                "(n) => document.querySelectorAll('.musclepain-explorer img[src]').length >= n"
                " && document.querySelectorAll('.widget-interact img').length >= n",
                arg=count,
                polling=500,
                timeout=120_000,
            )
            return True
        except Exception:
            shown = page.evaluate(
                "() => [document.querySelectorAll('.musclepain-explorer img[src]').length,"
                " document.querySelectorAll('.widget-interact img').length]"
            )
            errors = page.locator('[data-mime-type="application/vnd.jupyter.stderr"]').all_inner_texts()
            print(f"{topic} (try {attempt + 1}): the page showed {shown[0]} explorers and {shown[1]} baselines of {count}")
            if errors:
                print(*errors[:3], sep="\n")
    return False


def measure_topic(page, measured: list) -> tuple[dict, dict]:
    """Key presses on each explorer and its baseline, then the drags of each explorer."""
    results, drags = {}, {}
    explorers, baselines = page.locator(".musclepain-explorer"), page.locator(".widget-interact")
    for index, (topic, name, control, slider, _to_drag) in enumerate(measured):
        results[f"{topic}.{name} ({control})"] = (
            measure(page, explorers.nth(index), slider),
            measure(page, baselines.nth(index)),
        )
    for index, (topic, name, _control, _slider, to_drag) in enumerate(measured):
        explorers.nth(index).scroll_into_view_if_needed()
        moved = {}  # the controls dragged so far, at the values they were left at
        for control, slider in to_drag:
            found = drag(page, explorers.nth(index), slider, topic, name, control, moved)
            moved[control] = found["value"]
            drags[f"{topic}.{name} ({control})"] = found
    return results, drags


def drag(page, element, slider: int, topic: str, name: str, control: str, moved: dict | None = None) -> dict:
    """Drag the slider for two seconds; check the last picture against a fresh explorer's."""
    found = browser.drag_slider(page, element, slider, DRAG_SECONDS)
    # An explorer never dragged, set straight to the final values (laid out like the one in
    # the page, which opened at the defaults): its picture, or its message, is the right one.
    # The key presses before leave the first slider where the explorer's number box shows it.
    fresh = getattr(importlib.import_module(f"musclepain_lib.{topic}"), name)().explorer
    fresh.set_values(**{**(moved or {}), control: found["value"]})
    if fresh.image.layout.display == "none":  # a message instead of a picture: the same message, no picture
        shown, text = element.evaluate(
            "(el) => { const img = el.querySelector('img'); return [!!img && img.offsetParent !== null, el.innerText]; }"
        )
        found["correct"] = not shown and fresh.reading.verdict in " ".join(text.split())
    else:
        found["correct"] = browser.same_picture(found["png"], fresh.image.value, share=0.0)
    found["steps"] = round((fresh.specs[control].high - fresh.specs[control].low) / fresh.specs[control].step)
    return found


def print_drags(drags: dict, lines: bool = True, summary: bool = True) -> None:
    """The drags, one line each (``lines``), and the range over all of them (``summary``)."""
    if lines and drags:
        print(
            f"mouse drag of {DRAG_SECONDS:.0f} s: pictures shown per second while dragged | values the slider passed"
            " per second | pictures per value passed | release to last picture | last picture correct"
        )
        for label, found in drags.items():
            print(
                f"  {label:<50} {found['per_second']:5.1f} /s ({found['during']:3d} pictures) | "
                f"{found['values_per_second']:5.1f} /s ({found['values_passed']:3d} values, slider of {found['steps']} steps) | "
                f"{found['pictures_per_value']:4.2f} | {found['final_ms']:5.0f} ms | "
                f"{'yes' if found['correct'] else 'NO'} (ends at {found['value']:g})",
                flush=True,
            )
    if summary and drags:
        rates = [found["per_second"] for found in drags.values()]
        shares = [found["pictures_per_value"] for found in drags.values()]
        finals = [found["final_ms"] for found in drags.values()]
        wrong = [label for label, found in drags.items() if not found["correct"]]
        print(
            f"all drags: pictures per second {min(rates):.1f} to {max(rates):.1f}; pictures per value passed "
            f"{min(shares):.2f} to {max(shares):.2f}; release to last picture at most {max(finals):.0f} ms; "
            f"last picture wrong in {len(wrong)} of {len(drags)}{': ' + ', '.join(wrong) if wrong else ''}",
            flush=True,
        )


def print_results(results: dict, skipped: list[str], lines: bool = True, summary: bool = True) -> None:
    """The key presses, one line per explorer (``lines``), and the range of ratios (``summary``)."""
    if lines and results:
        print(f"key press to new figure on screen, {PRESSES} presses each: explorer | usual way (interact) | ratio")
    ratios = []
    for label, (explorer, baseline) in results.items():
        if isinstance(explorer, str) or isinstance(baseline, str):
            if lines:
                print(f"  {label:<50} explorer: {explorer}; usual way: {baseline}")
            continue
        ratios.append(baseline["median"] / explorer["median"])
        if lines:
            print(
                f"  {label:<50} median {explorer['median']:5.0f} ms (p90 {explorer['p90']:4.0f}) | "
                f"median {baseline['median']:5.0f} ms (p90 {baseline['p90']:4.0f}) | {ratios[-1]:.2f}x",
                flush=True,
            )
    for name in skipped:
        print(f"  {name:<50} no slider changes its figure: not measured")
    if summary and ratios:
        print(f"all key presses: explorers faster than the usual way by {min(ratios):.2f}x to {max(ratios):.2f}x", flush=True)
