"""A class on the trial JupyterHub: time to each student's first lesson, where it goes, failures, memory.

First one student alone, then a class of 30 at once, as a class does when the instructor says
"log in": each student's server is started through the hub's API (the course is copied into
the home then), a kernel is started in it and every cell of the student's welcome lesson runs
there. Time to first lesson is from the start request to the lesson's last cell done, split into:

- the hub's part before the server starts (copying the course into the home, on the trial hub also
  matplotlib's font list),
- waiting its turn (the trial hub starts a few servers at a time),
- the server starting (jupyterhub-singleuser: imports, server extensions) until it listens,
- the hub noticing it is up, the kernel starting (to its first answer),
- the lesson's first cell (``import`` of the course, numpy, pandas, matplotlib, ipywidgets),
- the other cells (the first figure is drawn there).

CPU seconds per student (server, kernel) say what a class costs a machine: 30 students on 2
CPUs wait at least 30 x (CPU s) / 2 for the last one. Memory per student is that student's
server and kernel: RSS, and USS (memory no other process shares, the better guide to how many
students a machine holds). ``MUSCLEPAIN_BENCH_STUDENTS`` changes the class size (0: one
student only).
"""

from __future__ import annotations

import asyncio
import os
import re
import statistics
import tempfile
import time
from datetime import datetime
from pathlib import Path

from musclepain_lib.classroom.lesson_copy import HOME_FOLDER
from tools.hub import lesson_code_cells, running_hub

STUDENTS = int(os.environ.get("MUSCLEPAIN_BENCH_STUDENTS", "30"))
PARTS = ["home prepared", "waiting its turn", "server start", "hub notices", "kernel start", "first cell", "other cells"]
_STAMP = re.compile(r"^\[\w (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+) ")


async def _first_lesson(hub, name: str) -> dict[str, float]:
    """Times (s) of one student's start: ``total``, ``requested`` (wall clock) and the parts hub and kernel say."""
    requested = time.time()
    started = time.monotonic()
    await hub.start_server(name, timeout=600)
    ready = time.monotonic() - started
    cells = lesson_code_cells(hub.homes / name / HOME_FOLDER / "00_welcome.ipynb")
    times = await hub.run_cells(name, cells, timeout=600)
    return {"requested": requested, "ready": ready, "total": time.monotonic() - started,
            "kernel start": times["kernel"], "first cell": times["cell 1"],
            "other cells": sum(v for k, v in times.items() if k.startswith("cell ") and k != "cell 1")}


def _log_times(log: str) -> dict[str, dict[str, float]]:
    """From the hub's log, per user: when the course was copied and when their server listened (wall clock)."""
    found: dict[str, dict[str, float]] = {}
    last = None
    for line in log.splitlines():
        stamp = _STAMP.match(line)
        if stamp:
            last = datetime.strptime(stamp.group(1), "%Y-%m-%d %H:%M:%S.%f").timestamp()
        if copied := re.search(r"Course for (\S+?):", line):
            found.setdefault(copied.group(1), {})["copied"] = last
        elif ready := re.search(r"Home ready for (\S+?):", line):  # the course and matplotlib's font list
            found.setdefault(ready.group(1), {})["copied"] = last
        elif turn := re.search(r"Server of (\S+?): its turn to start", line):
            found.setdefault(turn.group(1), {})["turn"] = last
        elif listening := re.search(r"ServerApp\] https?://[^/]+/user/([^/]+)/", line):  # "...is running at:"
            found.setdefault(listening.group(1), {}).setdefault("listening", last)
    return found


def _parts(result: dict[str, float], logged: dict[str, float]) -> dict[str, float]:
    """One student's start split into PARTS (s); the hub's log splits the server's start."""
    parts = {key: result[key] for key in ("kernel start", "first cell", "other cells")}
    copied, listening = logged.get("copied"), logged.get("listening")
    turn = logged.get("turn", copied)
    if copied and listening:
        parts["home prepared"] = copied - result["requested"]
        parts["waiting its turn"] = turn - copied
        parts["server start"] = listening - turn
        parts["hub notices"] = result["ready"] - (listening - result["requested"])
    else:
        parts["server start"] = result["ready"]
    return parts


def _line(label: str, values: list[dict[str, float]]) -> str:
    figures = [f"{part} {statistics.median(v[part] for v in values):.2f}" for part in PARTS if all(part in v for v in values)]
    return f"{label}: " + ", ".join(figures) + " s"


def _print_memory(memory: dict, label: str) -> None:
    if not memory:
        return
    rss = [m["rss_mb"] for m in memory.values()]
    uss = [m["uss_mb"] for m in memory.values()]
    server = [m["server_cpu_s"] for m in memory.values()]
    kernel = [m["kernel_cpu_s"] for m in memory.values()]
    print(f"memory per student ({label}, server + kernel after lesson 00, n={len(memory)}): "
          f"RSS median {statistics.median(rss):.0f} MB (max {max(rss):.0f}), "
          f"USS median {statistics.median(uss):.0f} MB (max {max(uss):.0f}); "
          f"whole class USS {sum(uss) / 1024:.1f} GB")
    print(f"CPU per student ({label}): server {statistics.median(server):.2f} s, kernel {statistics.median(kernel):.2f} s, "
          f"together {statistics.median(s + k for s, k in zip(server, kernel)):.2f} s (median)")


async def _class(hub, names: list[str]) -> tuple[dict, dict]:
    results = await asyncio.gather(*(_first_lesson(hub, name) for name in names), return_exceptions=True)
    times = {n: r for n, r in zip(names, results) if not isinstance(r, BaseException)}
    failures = {n: r for n, r in zip(names, results) if isinstance(r, BaseException)}
    return times, failures


def run() -> None:
    with tempfile.TemporaryDirectory(prefix="musclepain-hub-") as folder, running_hub(Path(folder), STUDENTS + 1) as hub:
        alone, *class_names = hub.students[::-1]
        print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        solo = asyncio.run(_first_lesson(hub, alone))
        solo_memory = {alone: hub.memory_per_user()[alone]}
        wall = times = failures = memory = hub_cpu = None
        if class_names:
            print(f"load average before the class: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
            started, hub_cpu = time.monotonic(), hub.own_cpu_seconds()
            times, failures = asyncio.run(_class(hub, class_names))
            wall, hub_cpu = time.monotonic() - started, hub.own_cpu_seconds() - hub_cpu
            memory = {name: m for name, m in hub.memory_per_user().items() if name in class_names}
            print(f"load average after the class: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        log = hub.log(10**8)
    logged = _log_times(log)
    print(f"one student alone on {os.cpu_count()} CPUs: first lesson after {solo['total']:.2f} s")
    print("  " + _line("where it went", [_parts(solo, logged.get(alone, {}))]))
    _print_memory(solo_memory, "alone")
    if not class_names:
        return
    hub_errors = [line for line in log.splitlines() if line.startswith("[E")]
    print(f"{len(class_names)} students started together on {os.cpu_count()} CPUs; whole class ready in {wall:.1f} s")
    if times:
        ordered = sorted(t["total"] for t in times.values())
        print(f"time to first lesson: median {statistics.median(ordered):.1f} s, worst {ordered[-1]:.1f} s, "
              f"best {ordered[0]:.1f} s (n={len(ordered)})")
        print("  " + _line("where it went (median of each part)", [_parts(t, logged.get(n, {})) for n, t in times.items()]))
    print(f"the hub, its proxy and service used {hub_cpu:.1f} CPU s meanwhile ({hub_cpu / len(class_names):.2f} s a student)")
    print(f"failures: {len(failures)}" + "".join(f"\n  {n}: {e}" for n, e in failures.items()))
    print(f"hub errors logged: {len(hub_errors)}" + "".join(f"\n  {line[:200]}" for line in hub_errors[:5]))
    _print_memory(memory, "in the class")
