"""Lesson 06's figure: a patient's blood values against their reference intervals."""

from __future__ import annotations

import numpy as np

from musclepain_lib.cases.model import blood_value_rows, describe_blood_values
from musclepain_lib.core.manifest import topic
from musclepain_lib.core.plotting import PALETTE, new_figure, show_figure

__all__ = list(topic(__name__).widget_names)

#: How far beyond its interval a value is drawn (in interval widths); further is marked by an arrow.
_SHOWN_RANGE = (-1.5, 2.5)
_MARKS = {"low": ("v", PALETTE["blue"]), "normal": ("o", PALETTE["green"]), "high": ("^", PALETTE["vermillion"])}


def plot_blood_values(case: Case, ranges):
    """Draw a patient's blood values against the reference intervals of ``ranges``.

    ``ranges`` is the course's reference-range table (columns ``analyte, unit, low, high``,
    as ``electrolytes.reference_ranges()`` returns it). Each interval is drawn as the same
    grey band, so values in different units can be compared by how far they lie outside it;
    a value more than two widths above is drawn at the edge with an arrow.
    Source: the reference table's own sources. Limits: reference intervals vary between
    laboratories; a value just outside one is not a diagnosis.
    """
    rows = blood_value_rows(case, ranges)
    figure, axes = new_figure(7.5, 0.55 * len(rows) + 1.4)
    y = np.arange(len(rows))[::-1]
    for row, height in zip(rows, y):
        axes.barh(height, 1.0, left=0.0, height=0.5, color="#DDDDDD", edgecolor=PALETTE["grey"])
        place = (row["value"] - row["low"]) / (row["high"] - row["low"])
        shown = float(np.clip(place, *_SHOWN_RANGE))
        marker, color = _MARKS[row["band"]]
        axes.plot(shown, height, marker=marker, markersize=11, color=color, markeredgecolor="black", linestyle="none")
        if shown != place:
            axes.annotate("", xy=(_SHOWN_RANGE[1] + 0.25, height), xytext=(shown + 0.1, height),
                          arrowprops={"arrowstyle": "->", "color": color})
        beyond = ", off the scale" if shown != place else ""
        axes.text(_SHOWN_RANGE[1] + 0.35, height, f"{row['value']:g} {row['unit']} ({row['band']}{beyond})",
                  va="center", fontsize=10)
    axes.set_yticks(y, [f"{r['analyte']}\n{r['low']:g}-{r['high']:g} {r['unit']}" for r in rows])
    axes.set_xlim(_SHOWN_RANGE[0] - 0.1, _SHOWN_RANGE[1] + 2.2)
    axes.set_xticks([0, 1], ["lower limit", "upper limit"])
    axes.grid(False)
    axes.set_title(f"{case.title}: blood values", fontsize=12)
    return show_figure(figure, describe_blood_values(case, rows))
