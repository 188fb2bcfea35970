"""Core: package import time and the cost of one explorer redraw."""

import subprocess
import sys

import numpy as np

from benchmarks.common import report, summarize, time_explorer


def _import_time_ms() -> float:
    code = "import time; t=time.perf_counter(); import musclepain_lib; print(1000*(time.perf_counter()-t))"
    return float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)


def _sine_explorer():
    from musclepain_lib.core.explorer import Explorer, Reading, Slider

    x = np.linspace(0, 10, 2000)

    def setup(figure):
        axes = figure.subplots()
        (line,) = axes.plot(x, np.sin(x))
        axes.set_ylim(-3, 3)
        axes.set_xlabel("time (ms)")
        axes.set_ylabel("amplitude")
        return line

    def update(line, values):
        line.set_ydata(values["amp"] * np.sin(x))
        return Reading(f"A sine wave of amplitude {values['amp']:.1f}.")

    return Explorer("Sine", [Slider("amp", "Amplitude", "", 1.0, 0.0, 3.0, 0.1)], setup, update)


def run():
    report("import musclepain_lib (fresh process)", summarize([_import_time_ms() for _ in range(5)]))
    report("explorer redraw, one line (2000 points)", time_explorer(_sine_explorer(), "amp", list(np.linspace(0.1, 2.9, 15))))
