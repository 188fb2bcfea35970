"""Timing helpers shared by the benchmark modules."""

from __future__ import annotations

import statistics
import time


def time_call(function, repeat: int = 30, warmup: int = 2) -> dict:
    """Time ``function()``; return median and 90th percentile in milliseconds."""
    for _ in range(warmup):
        function()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(1000 * (time.perf_counter() - started))
    return summarize(times)


def summarize(times_ms: list[float]) -> dict:
    ordered = sorted(times_ms)
    p90 = ordered[min(len(ordered) - 1, int(round(0.9 * (len(ordered) - 1))))]
    return {"median": statistics.median(ordered), "p90": p90, "n": len(ordered)}


def time_explorer(explorer, control: str, values: list, rounds: int = 3) -> dict:
    """Move one control of an explorer through ``values``; time model and drawing apart.

    Uses the explorer's own split of each update (``last_update_ms``), and the wall
    time of the whole change as the kernel sees it.
    """
    model, draw, total = [], [], []
    for _ in range(rounds):
        for value in values:
            started = time.perf_counter()
            explorer.views[control].value = value
            total.append(1000 * (time.perf_counter() - started))
            model.append(explorer.last_update_ms["model"])
            draw.append(explorer.last_update_ms["draw"])
    return {"model": summarize(model), "draw": summarize(draw), "total": summarize(total)}


def report(name: str, figures: dict) -> None:
    """Print one benchmark line: median and 90th percentile of each part."""
    if "median" in figures:
        figures = {"time": figures}
    parts = ", ".join(
        f"{part} median {f['median']:.2f} ms (p90 {f['p90']:.2f}, n={f['n']})" for part, f in figures.items()
    )
    print(f"{name:<42} {parts}", flush=True)
