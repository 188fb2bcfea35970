"""Where a dragged slider's time goes in JupyterLab, with the whole lesson run.

One explorer of one lesson (by default lesson 01's membrane explorer, its first slider) is
dragged as ``bench_lab`` drags it, three times in each of these ways, switched in its kernel
between drags:

- ``as it is``;
- ``no words``: its caption, verdict and the lines under the verdict are not sent;
- ``no picture``: its picture is not sent;
- ``neither``;
- ``no echo``: the kernel does not send each value back (ipywidgets' echo, for other views).

For each way: the values the hand passed a second (the drag's pace: the page takes in the
next value once the kernel has answered the last) and pictures a second, medians of the drags,
and the CPU time each process used per value passed: Chromium's
page (renderer), its browser and GPU processes, the kernel, the Jupyter server, Playwright's
driver and this benchmark. The differences between the ways are what the page pays for the
words and the picture of each value.

Run alone with ``python -m benchmarks.bench_drag_parts [lesson] [explorer] [slider]``: the
lesson's number (``01``), the explorer's place in the lesson (from 1) and the slider's among
its sliders (from 1).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
from collections import Counter
from pathlib import Path

from benchmarks.bench_browser import load
from tools import browser

ROOT = Path(__file__).resolve().parent.parent
DRAGS = 3
WAYS = ("as it is", "no words", "no picture", "neither", "no echo")

# Run in the lesson's kernel: finds the explorer the page shows (by its widget's model id)
# and defines how to switch its parts off and on.
_SWITCHES = '''
import contextlib as _contextlib, gc as _gc, types as _types
import ipywidgets.widgets.widget as _widget_module
from musclepain_lib.core.explorer import Explorer as _Explorer
_bench = next(e for e in _gc.get_objects() if isinstance(e, _Explorer) and e.widget.model_id == {model_id!r})
_bench_parts = {{name: getattr(_bench, name) for name in ("words", "details", "image")}}

def _bench_unsent():
    """Stands in for a widget: takes what the explorer sets and sends nothing."""
    return _types.SimpleNamespace(value="", tooltip="", layout=_types.SimpleNamespace(display=None),
                                  hold_sync=_contextlib.nullcontext)

def _bench_way(way):
    for name, part in _bench_parts.items():
        setattr(_bench, name, part)
    _widget_module.JUPYTER_WIDGETS_ECHO = way != "no echo"
    if way in ("no words", "neither"):
        for name in ("words", "details"):
            if _bench_parts[name] is not None:  # a reference table's folded lines
                setattr(_bench, name, _bench_unsent())
    if way in ("no picture", "neither"):
        _bench.image = _bench_unsent()
'''


def _kind(command: str) -> str | None:
    if "ipykernel" in command:
        return "kernel"
    if "jupyter-lab" in command or ("jupyter" in command and " lab " in f" {command} "):
        return "server"
    if "--type=renderer" in command:
        return "page"
    if "--type=gpu-process" in command:
        return "GPU"
    if "chrom" in command:
        return "browser"  # its main process and its helpers
    if "playwright" in command or "node" in command.split(" ")[0]:
        return "driver"
    return None


def cpu_seconds() -> Counter:
    """CPU seconds used so far by each kind of process of the run (this one as "benchmark")."""
    import psutil

    used = Counter()
    for process in psutil.process_iter(["cmdline", "cpu_times"]):
        kind = "benchmark" if process.pid == os.getpid() else _kind(" ".join(process.info["cmdline"] or []))
        if kind and process.info["cpu_times"]:
            used[kind] += process.info["cpu_times"].user + process.info["cpu_times"].system
    return used


def run(lesson: str = "01", explorer: str = "1", slider: str = "1"):
    sys.path.insert(0, str(ROOT / "tests" / "browser"))
    from lesson_page import kernel_print, new_page, open_in_lab, run_all_cells, shut_down_kernel, wait_for_widgets

    print(f"drag parts: {load()}", flush=True)
    with tempfile.TemporaryDirectory(prefix="musclepain-drag-parts-") as scratch:
        scratch = Path(scratch)
        lessons = browser.copy_lessons(browser.LESSONS, scratch / "root" / "notebooks")
        path = next(p for p in browser.lesson_paths(lessons) if p.name.startswith(lesson))
        with browser.lab_server(scratch / "root", scratch / "server", learner=True) as lab, \
                browser.chromium() as chromium, new_page(chromium) as page:
            page.set_viewport_size({"width": 1366, "height": 768})
            open_in_lab(page, lab, path.name)
            try:
                wait_for_widgets(page, run_all_cells(page), scope=".jp-Notebook")
                element = page.locator(".jp-Notebook .musclepain-explorer").nth(int(explorer) - 1)
                element.scroll_into_view_if_needed()
                model_id = page.evaluate(_MODEL_IDS)[int(explorer) - 1]
                printed = kernel_print(page, _SWITCHES.format(model_id=model_id) + "print(_bench.title)")
                print(f"{path.name}, explorer {explorer} ({printed[-1] if printed else '?'}), slider {slider}; "
                      f"{DRAGS} drags of 2 s each way, medians", flush=True)
                rows = {way: [] for way in WAYS}
                for _round in range(DRAGS):
                    for way in WAYS:
                        kernel_print(page, f"_bench_way({way!r})")
                        before = cpu_seconds()
                        dragged = browser.drag_slider(page, element, int(slider) - 1, 2.0, settle_s=0.3)
                        used = cpu_seconds() - before
                        passed = max(1, dragged["values_passed"])
                        rows[way].append((dragged["values_per_second"], dragged["per_second"],
                                          {kind: 1000 * seconds / passed for kind, seconds in used.items()}))
                kernel_print(page, "_bench_way('as it is')")
            finally:
                shut_down_kernel(page, lab)
    kinds = ("page", "kernel", "browser", "GPU", "server", "driver", "benchmark")
    print("way          values/s  pictures/s | CPU ms per value passed: " + ", ".join(kinds))
    for way, found in rows.items():
        per_value = {kind: statistics.median(row[2].get(kind, 0.0) for row in found) for kind in kinds}
        print(f"  {way:<11} {statistics.median(r[0] for r in found):6.1f}  {statistics.median(r[1] for r in found):9.1f}"
              f"  | " + ", ".join(f"{per_value[kind]:4.0f}" for kind in kinds), flush=True)
    print(f"drag parts end: {load()}", flush=True)


# The model ids of the lesson's explorers in the page's order: the outputs that carry an
# explorer's static form beside its widget.
_MODEL_IDS = """() => {
  const ids = [];
  for (const cell of window.jupyterapp.shell.currentWidget.content.model.cells) {
    for (let i = 0; i < (cell.outputs ? cell.outputs.length : 0); i++) {
      const data = cell.outputs.get(i).toJSON().data || {};
      const view = data['application/vnd.jupyter.widget-view+json'];
      const html = [].concat(data['text/html'] || []).join('');
      if (view && html.includes('musclepain-static')) ids.push(view.model_id);
    }
  }
  return ids;
}"""


if __name__ == "__main__":
    run(*sys.argv[1:])
