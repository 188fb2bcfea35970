"""A class of 30 on the trial JupyterHub: time to each student's first lesson, failures, memory.

All 30 students start at once, as a class does when the instructor says "log in": each
student's server is started through the hub's API (the course is copied into the home
then), a kernel is started in it and every cell of the student's welcome lesson runs
there. Time to first lesson is from the start request to the lesson's last cell done.
Memory per student is that student's server and kernel: RSS, and USS (memory no other
process shares, the better guide to how many students a machine holds).
``MUSCLEPAIN_BENCH_STUDENTS`` changes the class size.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import tempfile
import time
from pathlib import Path

from musclepain_lib.classroom.lesson_copy import HOME_FOLDER
from tools.hub import lesson_code_cells, running_hub

STUDENTS = int(os.environ.get("MUSCLEPAIN_BENCH_STUDENTS", "30"))


async def _first_lesson(hub, name: str) -> float:
    started = time.monotonic()
    await hub.start_server(name, timeout=600)
    cells = lesson_code_cells(hub.homes / name / HOME_FOLDER / "00_welcome.ipynb")
    await hub.run_cells(name, cells, timeout=600)
    return time.monotonic() - started


async def _class(hub) -> tuple[dict, dict]:
    results = await asyncio.gather(*(_first_lesson(hub, name) for name in hub.students), return_exceptions=True)
    times = {n: r for n, r in zip(hub.students, results) if not isinstance(r, BaseException)}
    failures = {n: r for n, r in zip(hub.students, results) if isinstance(r, BaseException)}
    return times, failures


def run() -> None:
    with tempfile.TemporaryDirectory(prefix="musclepain-hub-") as folder, running_hub(Path(folder), STUDENTS) as hub:
        started = time.monotonic()
        times, failures = asyncio.run(_class(hub))
        wall = time.monotonic() - started
        memory = hub.memory_per_user()
        hub_errors = [line for line in hub.log(10**7).splitlines() if line.startswith("[E")]
    print(f"{STUDENTS} students started together on {os.cpu_count()} CPUs; whole class ready in {wall:.1f} s")
    if times:
        ordered = sorted(times.values())
        print(f"time to first lesson: median {statistics.median(ordered):.1f} s, worst {ordered[-1]:.1f} s, "
              f"best {ordered[0]:.1f} s (n={len(ordered)})")
    print(f"failures: {len(failures)}" + "".join(f"\n  {n}: {e}" for n, e in failures.items()))
    print(f"hub errors logged: {len(hub_errors)}" + "".join(f"\n  {line[:200]}" for line in hub_errors[:5]))
    if memory:
        rss = [m["rss_mb"] for m in memory.values()]
        uss = [m["uss_mb"] for m in memory.values()]
        print(f"memory per student (server + kernel after lesson 00, n={len(memory)}): "
              f"RSS median {statistics.median(rss):.0f} MB (max {max(rss):.0f}), "
              f"USS median {statistics.median(uss):.0f} MB (max {max(uss):.0f}); "
              f"whole class USS {sum(uss) / 1024:.1f} GB")
