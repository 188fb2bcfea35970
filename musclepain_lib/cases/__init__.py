"""The patients of lesson 06 (case studies): histories and measured values, with sources.

:func:`load_case` and :func:`case_ids` are light (pandas); the figure
:func:`plot_blood_values` loads matplotlib on first use.
"""

from musclepain_lib.core.lazy import widget_loader
from musclepain_lib.core.manifest import topic
from musclepain_lib.cases.model import Case, case_ids, load_case

_WIDGET_NAMES = topic(__name__).widget_names

__all__ = ["Case", "case_ids", "load_case", *_WIDGET_NAMES]

__getattr__ = widget_loader(__name__)
