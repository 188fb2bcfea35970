"""Lesson 06's figure: a patient's blood values against their reference intervals."""

from __future__ import annotations

import numpy as np

from musclepain_lib.cases.model import Case
from musclepain_lib.core.errors import DataFileError, InputError
from musclepain_lib.core.plotting import PALETTE, new_figure, show_figure

__all__ = ["plot_blood_values"]

#: How far beyond its interval a value is drawn (in interval widths); further is marked by an arrow.
_SHOWN_RANGE = (-1.5, 2.5)
_MARKS = {"low": ("v", PALETTE["blue"]), "normal": ("o", PALETTE["green"]), "high": ("^", PALETTE["vermillion"])}


def _rows(case: Case, ranges) -> list[dict]:
    rows = []
    for name, analyte in case.analytes.items():
        match = ranges.loc[ranges["analyte"] == analyte]
        if "sex" in ranges.columns and len(match) > 1:  # an interval per sex: the patient's own
            match = match.loc[match["sex"] == case.sex]
        if match.empty:
            raise DataFileError(f"cases_values.csv: {case.id}/{name}: no reference range for analyte {analyte!r}")
        limits = match.iloc[0]
        if limits["unit"] != case.units[name]:
            raise DataFileError(
                f"cases_values.csv: {case.id}/{name} is in {case.units[name]}, its reference range in {limits['unit']}"
            )
        low, high, value = float(limits["low"]), float(limits["high"]), case.values[name]
        band = "low" if value < low else "high" if value > high else "normal"
        rows.append({"analyte": analyte, "value": value, "unit": case.units[name], "low": low, "high": high, "band": band})
    return rows


def _describe(case: Case, rows: list[dict]) -> str:
    def listed(band):
        return ", ".join(f"{r['analyte']} {r['value']:g} {r['unit']}" for r in rows if r["band"] == band)

    parts = [f"{word}: {listed(band)}" for band, word in (("low", "Below"), ("high", "Above"), ("normal", "Within"))
             if listed(band)]
    return (
        f"{case.title}: each row is one blood value, the grey band its adult reference interval and the "
        f"mark the value measured (a downward triangle below the interval, an upward one above, a circle "
        f"within). {'. '.join(parts)}."
    )


def plot_blood_values(case: Case, ranges):
    """Draw a patient's blood values against the reference intervals of ``ranges``.

    ``ranges`` is the course's reference-range table (columns ``analyte, unit, low, high``,
    as ``electrolytes.reference_ranges()`` returns it; where it gives an interval per sex, the
    patient's own is drawn). Each interval is drawn as the same
    grey band, so values in different units can be compared by how far they lie outside it;
    a value more than two widths above is drawn at the edge with an arrow.
    Source: the reference table's own sources. Limits: reference intervals vary between
    laboratories; a value just outside one is not a diagnosis.
    """
    if not isinstance(case, Case):
        raise InputError(f"case = {case!r} is not allowed: expected a case from load_case(...)")
    missing = [c for c in ("analyte", "unit", "low", "high") if c not in getattr(ranges, "columns", ())]
    if missing:
        raise InputError(f"ranges is not allowed: expected a table with the columns analyte, unit, low, high (missing {missing})")
    rows = _rows(case, ranges)
    if not rows:
        raise InputError(f"case = {case.id!r} is not allowed: this case has no blood values with a reference range")
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
    return show_figure(figure, _describe(case, rows))
