"""Diabetic ketoacidosis and blood pH: acid-base arithmetic, the 2024 DKA/HHS criteria,
a blood-gas reader and a teaching model of the DKA time course.

The model functions import only numpy and pandas. The explorers and plot functions
(``explorer``, ``blood_gas_explorer``, ``plot_...``) are loaded on first use, so
``from musclepain_lib.diabetes import ph_from_bicarbonate`` stays light.
"""

from musclepain_lib.core.lazy import widget_loader
from musclepain_lib.core.manifest import topic
from musclepain_lib.diabetes.dka_course import (
    DKACourse,
    assess_dka_course,
    describe_dka_course,
    losses_per_litre,
    serum_potassium,
    simulate_dka,
    worst_point,
)
from musclepain_lib.diabetes.model import (
    BloodGasReading,
    anion_gap,
    bicarbonate_from_ph,
    classify_dka,
    ketone_grade_note,
    consensus_criteria,
    corrected_sodium,
    delta_ratio,
    effective_osmolality,
    glucose_to_mg_dl,
    glucose_to_mmol,
    is_hhs,
    ph_from_bicarbonate,
    read_blood_gas,
    assess_blood_gas,
    winters_expected_pco2,
)

_WIDGET_NAMES = topic(__name__).widget_names

__all__ = [
    "BloodGasReading",
    "DKACourse",
    "assess_dka_course",
    "anion_gap",
    "bicarbonate_from_ph",
    "classify_dka",
    "ketone_grade_note",
    "consensus_criteria",
    "corrected_sodium",
    "delta_ratio",
    "describe_dka_course",
    "effective_osmolality",
    "glucose_to_mg_dl",
    "glucose_to_mmol",
    "is_hhs",
    "losses_per_litre",
    "ph_from_bicarbonate",
    "read_blood_gas",
    "assess_blood_gas",
    "serum_potassium",
    "simulate_dka",
    "winters_expected_pco2",
    "worst_point",
    *_WIDGET_NAMES,
]

__getattr__ = widget_loader(__name__)
