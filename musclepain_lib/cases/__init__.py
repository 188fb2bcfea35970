"""The patients of lesson 06 (case studies): histories and measured values, with sources.

:func:`load_case` and :func:`case_ids` are light (pandas); the figure
:func:`plot_blood_values` loads matplotlib on first use.
"""

from musclepain_lib.cases.model import Case, case_ids, load_case

_WIDGET_NAMES = ("plot_blood_values",)

__all__ = ["Case", "case_ids", "load_case", *_WIDGET_NAMES]


def __getattr__(name):
    if name in _WIDGET_NAMES:
        from musclepain_lib.cases import widget

        return getattr(widget, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
