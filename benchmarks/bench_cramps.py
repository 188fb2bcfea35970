"""Cramps: a 200 ms Hodgkin-Huxley run, and a full update of each explorer (model and drawing)."""

import itertools

import numpy as np

from benchmarks.common import report, time_call, time_explorer


def run():
    from musclepain_lib.cramps import cramp_explorer, explorer, fi_curve_explorer, simulate_nerve

    report("simulate_nerve 200 ms, default dt 0.01 ms", time_call(lambda: simulate_nerve(10.0, 200.0)))
    report("simulate_nerve 200 ms, dt 0.025 ms", time_call(lambda: simulate_nerve(10.0, 200.0, 0.025)))
    shifts = itertools.count(0.001, 0.001)  # a new shift each call: the rate tables are rebuilt
    report("  same, new gating shift (tables rebuilt)", time_call(lambda: simulate_nerve(10.0, 200.0, 0.025, next(shifts))))
    report("nerve explorer: stimulus current", time_explorer(explorer().explorer, "current_ua_cm2", [0.0, 2.3, 6.3, 10.0, 20.0]))
    report("nerve explorer: ionized calcium", time_explorer(explorer().explorer, "ionized_ca", list(np.round(np.linspace(0.4, 1.5, 6), 2))))
    report("cramp explorer: ionized calcium", time_explorer(cramp_explorer().explorer, "ionized_ca", list(np.round(np.linspace(0.4, 1.5, 6), 2))))
    report("f-I explorer: ionized calcium (15 runs)", time_explorer(fi_curve_explorer().explorer, "ionized_ca", list(np.round(np.linspace(0.41, 1.51, 6), 2)), rounds=1))
