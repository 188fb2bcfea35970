"""Rheumatoid arthritis: disease-activity scores, classification criteria, disease course.

The model functions import only numpy and pandas; the explorers (``explorer``,
``response_explorer``, ``classification_explorer``, ``course_explorer``) and the lesson's
figures load ipywidgets and matplotlib only when first used.
"""

from musclepain_lib.core.lazy import widget_loader
from musclepain_lib.core.manifest import topic
from musclepain_lib.arthritis.disease_course import DiseaseCourse, disease_course
from musclepain_lib.arthritis.model import (
    JointMarks,
    acr_eular_2010_points,
    assess_eular_response,
    assess_ra_2010,
    acr_eular_2010_score,
    cdai,
    cdai_category,
    classify_ra_2010,
    das28_category,
    das28_crp,
    das28_esr,
    das28_esr_parts,
    das28_joints,
    eular_response,
    eular_response_regions,
    ra_2010_applies,
    sdai,
    sdai_category,
)

_WIDGET_NAMES = topic(__name__).widget_names

__all__ = [
    "DiseaseCourse",
    "JointMarks",
    "acr_eular_2010_points",
    "assess_eular_response",
    "assess_ra_2010",
    "acr_eular_2010_score",
    "cdai",
    "cdai_category",
    "classify_ra_2010",
    "das28_category",
    "das28_crp",
    "das28_esr",
    "das28_esr_parts",
    "das28_joints",
    "disease_course",
    "eular_response",
    "eular_response_regions",
    "ra_2010_applies",
    "sdai",
    "sdai_category",
    *_WIDGET_NAMES,
]

__getattr__ = widget_loader(__name__)
