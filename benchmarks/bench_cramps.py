"""Cramps: a 200 ms Hodgkin-Huxley run, and a full update of each explorer (model and drawing)."""

import itertools
import time

import numpy as np

from benchmarks.common import report, summarize, time_call, time_explorer


def _cpu_ms(function, repeat=20):
    """Processor time of ``function()`` in ms: steadier than wall time on a busy shared machine."""
    function()
    times = []
    for _ in range(repeat):
        started = time.process_time()
        function()
        times.append(1000 * (time.process_time() - started))
    return summarize(times)


def _cpu_update_ms(explorer, control, values, rounds=2):
    """Processor time of one full explorer update (model and redraw) per control change."""
    times = []
    for _ in range(rounds):
        for value in values:
            started = time.process_time()
            explorer.views[control].value = value
            times.append(1000 * (time.process_time() - started))
    return summarize(times)


def run():
    from musclepain_lib.cramps import cramp_explorer, explorer, fi_curve_explorer, simulate_nerve

    report("simulate_nerve 200 ms, default dt 0.01 ms", time_call(lambda: simulate_nerve(10.0, 200.0)))
    report("  same, processor time", _cpu_ms(lambda: simulate_nerve(10.0, 200.0)))
    report("simulate_nerve 200 ms, dt 0.025 ms", time_call(lambda: simulate_nerve(10.0, 200.0, 0.025)))
    shifts = itertools.count(0.001, 0.001)  # a new shift each call: the rate tables are rebuilt
    report("  same, new gating shift (tables rebuilt)", time_call(lambda: simulate_nerve(10.0, 200.0, 0.025, next(shifts))))
    report("nerve explorer: stimulus current", time_explorer(explorer().explorer, "current_ua_cm2", [0.0, 2.3, 6.3, 10.0, 20.0]))
    report("nerve explorer: ionized calcium", time_explorer(explorer().explorer, "ionized_ca", list(np.round(np.linspace(0.4, 1.5, 6), 2))))
    report("cramp explorer: ionized calcium", time_explorer(cramp_explorer().explorer, "ionized_ca", list(np.round(np.linspace(0.4, 1.5, 6), 2))))
    report("f-I explorer: ionized calcium (15 runs)", time_explorer(fi_curve_explorer().explorer, "ionized_ca", list(np.round(np.linspace(0.41, 1.51, 6), 2)), rounds=1))
    calcium = list(np.round(np.linspace(0.42, 1.52, 6), 2))
    for name, make in (("nerve", explorer), ("cramp", cramp_explorer), ("f-I", fi_curve_explorer)):
        report(f"{name} explorer full update, processor time", _cpu_update_ms(make().explorer, "ionized_ca", calcium))
