"""Lesson 01: electrolytes and membrane potential.

Models (light to import): :func:`nernst`, :func:`ghk_potential`, :func:`total_body_water`,
:func:`serum_sodium_after`, :func:`adrogue_madias`, :func:`serum_osmolality`,
:func:`sodium_during_exercise`, and the tables :func:`ion_concentrations`,
:func:`reference_ranges`, :func:`classify_lab`, :func:`medication_effects`, :func:`drinks`,
and the explorers' verdicts :func:`assess_resting_potential`, :func:`assess_serum_sodium`.

Explorers and lesson figures (they import ipywidgets and matplotlib on first use):
:func:`explorer` (membrane potential), :func:`sweat_explorer` (sweat, drink and serum
sodium), :func:`medicines_explorer`, :func:`plot_equilibrium_potentials`,
:func:`plot_potassium_and_resting_potential`.
"""

from musclepain_lib.core.lazy import widget_loader
from musclepain_lib.core.manifest import topic
from musclepain_lib.electrolytes.assess import assess_resting_potential, assess_serum_sodium
from musclepain_lib.electrolytes.model import (
    ExerciseSodium,
    adrogue_madias,
    ghk_potential,
    nernst,
    serum_osmolality,
    serum_sodium_after,
    sodium_during_exercise,
    total_body_water,
)
from musclepain_lib.electrolytes.tables import (
    classify_lab,
    drinks,
    ion_concentrations,
    medication_effects,
    reference_ranges,
)

_WIDGET_NAMES = topic(__name__).widget_names

__all__ = [
    "ExerciseSodium",
    "adrogue_madias",
    "assess_resting_potential",
    "assess_serum_sodium",
    "classify_lab",
    "drinks",
    "ghk_potential",
    "ion_concentrations",
    "medication_effects",
    "nernst",
    "reference_ranges",
    "serum_osmolality",
    "serum_sodium_after",
    "sodium_during_exercise",
    "total_body_water",
    *_WIDGET_NAMES,
]

__getattr__ = widget_loader(__name__)
