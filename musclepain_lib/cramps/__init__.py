"""Cramps and nerve excitability: the Hodgkin-Huxley nerve, calcium, and twitch summation.

``from musclepain_lib.cramps import simulate_nerve`` stays light (numpy only); the
explorers and plot functions load ipywidgets and matplotlib only when first used.
"""

from musclepain_lib.core.lazy import widget_loader
from musclepain_lib.core.manifest import topic
from musclepain_lib.core.units import calcium_both_units
from musclepain_lib.cramps.force import CONTRACTION_TIME_MS, TWITCH_FRACTION, muscle_force, regular_spikes
from musclepain_lib.cramps.model import (
    HH_PARAMETERS,
    MV_PER_DECADE,
    NORMAL_IONIZED_CA,
    NORMAL_MAGNESIUM,
    NerveTrace,
    calcium_for_self_firing,
    calcium_gating_shift,
    firing_pattern,
    firing_rate_curve,
    firing_rate_hz,
    resting_potential,
    simulate_nerve,
    steady_state_gates,
    threshold_current,
)

_WIDGET_NAMES = topic(__name__).widget_names

__all__ = [
    "CONTRACTION_TIME_MS",
    "HH_PARAMETERS",
    "MV_PER_DECADE",
    "NORMAL_IONIZED_CA",
    "NORMAL_MAGNESIUM",
    "NerveTrace",
    "TWITCH_FRACTION",
    "calcium_both_units",
    "calcium_for_self_firing",
    "calcium_gating_shift",
    "firing_pattern",
    "firing_rate_curve",
    "firing_rate_hz",
    "muscle_force",
    "regular_spikes",
    "resting_potential",
    "simulate_nerve",
    "steady_state_gates",
    "threshold_current",
    *_WIDGET_NAMES,
]

__getattr__ = widget_loader(__name__)
