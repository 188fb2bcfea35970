"""Every explorer's update, part by part: model, drawing, PNG encoding, picture size.

The slider is the one the browser benchmark moves (the first whose step changes the
figure), stepped back and forth; each change runs the explorer's own update, drawing
and encoding, timed apart. "model" is the update (model and artists), "draw" is the figure's drawing alone, "png" the
encoding of the drawn pixels, "kB" the picture sent to the browser for each change,
"whole" the same change made as the browser makes it (the control's value set as a widget
message sets it, through the explorer's own refresh, its checks and words included), and
"full" how many of those whole changes drew the whole figure instead of only its moving
artists over the kept picture of the rest.

Then a drag's values: every value of each slider ``bench_lab`` drags, in order from one end
to the other, each new to the explorer (no result of an earlier value to reuse), set as a
widget message sets it: the time a kernel takes for each value a dragged slider sends.
"""

from __future__ import annotations

import importlib
import time

import numpy as np

from benchmarks.bench_browser import explorer_names, slider_that_redraws, sliders_that_redraw, sliders_to_drag
from benchmarks.common import summarize

ROUNDS = 8


def whole_changes(explorer, control: str, values) -> tuple[list[float], int]:
    """Set ``control`` to each of ``values`` as a widget message sets it, through the explorer's
    own refresh (checks and words included): ms for each, and how many drew the whole figure."""
    figure = explorer.figure
    full = []
    canvas_draw = figure.canvas.draw
    figure.canvas.draw = lambda: (full.append(1), canvas_draw())
    control_view = explorer.views[control].main
    times = []
    try:
        for value in values:
            began = time.perf_counter()
            control_view.set_state({"value": value})
            times.append(1000 * (time.perf_counter() - began))
    finally:
        figure.canvas.draw = canvas_draw
    return times, len(full)


def profile(topic: str, name: str, control: str) -> dict:
    from musclepain_lib.core import plotting

    explorer = getattr(importlib.import_module(f"musclepain_lib.{topic}"), name)().explorer
    figure, spec = explorer.figure, explorer.specs[control]
    start = explorer.values[control]
    moved = start + spec.step if start + spec.step <= spec.high else start - spec.step
    parts = {"model": [], "draw": [], "png": []}
    sizes = []
    for step in range(2 * ROUNDS):  # what a change does, part by part
        values = {**explorer.values, control: moved if step % 2 == 0 else start}
        began = time.perf_counter()
        with plotting.style():
            explorer._update_fn(explorer.artists, values)
        modelled = time.perf_counter()
        with plotting.style():
            plotting._draw(figure)
        drawn = time.perf_counter()
        png = plotting._opaque_png(np.asarray(figure.canvas.buffer_rgba()))
        parts["model"].append(1000 * (modelled - began))
        parts["draw"].append(1000 * (drawn - modelled))
        parts["png"].append(1000 * (time.perf_counter() - drawn))
        sizes.append(len(png) / 1024)
    # The whole change as the browser makes it.
    whole, full = whole_changes(explorer, control, [moved if step % 2 == 0 else start for step in range(2 * ROUNDS)])
    found = {part: summarize(times) for part, times in parts.items()}
    found["whole"] = summarize(whole)
    found["kB"] = float(np.median(sizes))
    found["full"] = f"{full}/{2 * ROUNDS}"
    return found


def sweep(topic: str, name: str, control: str) -> dict:
    """Every value of one slider, from its low end to its high end, each new to the explorer:
    ms a value, and how many drew the whole figure."""
    explorer = getattr(importlib.import_module(f"musclepain_lib.{topic}"), name)().explorer
    times, full = whole_changes(explorer, control, explorer.specs[control].steps())
    return {"ms": summarize(times), "full": f"{full}/{len(times)}"}


def run_sweeps():
    print("a drag's values, each new, in order: median | p90 ms a value | values that drew the whole figure")
    for topic, name in explorer_names():
        found = sliders_that_redraw(topic, name)
        for control, _index in sliders_to_drag(found) if found else []:
            f = sweep(topic, name, control)
            print(f"  {topic}.{name} ({control})".ljust(58) + f"{f['ms']['median']:6.1f} | {f['ms']['p90']:6.1f} | {f['full']}",
                  flush=True)


def run():
    print("median ms per change: model | drawing | PNG encoding | whole change through the control | picture kB | changes drawn in full")
    for topic, name in explorer_names():
        found = slider_that_redraws(topic, name)
        if not found:
            print(f"  {topic}.{name:<34} no slider changes its figure: not measured")
            continue
        f = profile(topic, name, found[0])
        print(
            f"  {topic}.{name} ({found[0]})".ljust(58)
            + f"{f['model']['median']:6.1f} | {f['draw']['median']:6.1f} | {f['png']['median']:5.1f} | "
            f"{f['whole']['median']:6.1f} | {f['kB']:4.0f} | {f['full']}",
            flush=True,
        )
    run_sweeps()
