"""Lesson 01 explorers: update time (model and drawing apart) for each control moved."""

import numpy as np

from benchmarks.common import report, time_call, time_explorer


def run():
    from musclepain_lib.electrolytes import (
        explorer,
        ghk_potential,
        medicines_explorer,
        sodium_during_exercise,
        sweat_explorer,
    )

    out, inside = {"K": 4.0, "Na": 145.0, "Cl": 123.0}, {"K": 155.0, "Na": 12.0, "Cl": 4.2}
    report("ghk_potential (one call)", time_call(lambda: ghk_potential(out, inside, {"K": 1, "Na": 0.01}), repeat=200))
    report("sodium_during_exercise (49 points)", time_call(lambda: sodium_during_exercise(70, "male", 4, 1.0, 50, 0.8)))
    report("membrane explorer, K outside", time_explorer(explorer().explorer, "k_out", list(np.linspace(1.5, 9.5, 12))))
    report("membrane explorer, Na:K permeability", time_explorer(explorer().explorer, "p_na", list(np.linspace(0.005, 0.195, 12))))
    report("sweat explorer, drinking rate", time_explorer(sweat_explorer().explorer, "drink_rate", list(np.linspace(0.1, 1.7, 12))))
    report("sweat explorer, hours", time_explorer(sweat_explorer().explorer, "hours", list(np.arange(1.0, 8.0, 0.5))))
    report("medicines explorer, ion filter", time_explorer(medicines_explorer().explorer, "ion", ["K", "Mg", "Ca", "Na", "any"]))
