"""Muscle growth, strain and over-exertion: training load, protein turnover, soreness, CK, genetics.

Importing this package is light (numpy and pandas): the explorers and plot
functions, which need ipywidgets and matplotlib, load on first use.
"""

from musclepain_lib.core.lazy import widget_loader
from musclepain_lib.core.manifest import topic
from musclepain_lib.muscle_growth.damage import (
    DEFAULT_CK_ULN,
    ExertionCourse,
    ck_curve,
    ck_times_uln,
    assess_ck,
    classify_ck,
    damage_parameters,
    exertion_course,
    rhabdomyolysis_threshold,
    soreness_curve,
    strain_grades,
    strain_recovery_days,
)
from musclepain_lib.muscle_growth.model import (
    banister,
    banister_components,
    banister_response_times,
    published_fits,
    training_plan,
)
from musclepain_lib.muscle_growth.protein import (
    ProteinBalance,
    exercise_rise,
    lasting_share,
    protein_balance,
    protein_parameters,
    protein_use,
)
from musclepain_lib.muscle_growth.variation import (
    genetic_diversity,
    heritability,
    training_responses,
    twin_heritability,
)

_WIDGET_NAMES = topic(__name__).widget_names

__all__ = [
    "DEFAULT_CK_ULN",
    "ExertionCourse",
    "ProteinBalance",
    "banister",
    "banister_components",
    "banister_response_times",
    "ck_curve",
    "ck_times_uln",
    "assess_ck",
    "classify_ck",
    "damage_parameters",
    "exercise_rise",
    "exertion_course",
    "genetic_diversity",
    "heritability",
    "lasting_share",
    "protein_balance",
    "protein_parameters",
    "protein_use",
    "published_fits",
    "rhabdomyolysis_threshold",
    "soreness_curve",
    "strain_grades",
    "strain_recovery_days",
    "training_plan",
    "training_responses",
    "twin_heritability",
    *_WIDGET_NAMES,
]

__getattr__ = widget_loader(__name__)
