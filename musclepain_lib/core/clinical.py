"""The course's clinical rules, each read from one data table with its source.

Reference intervals live in ``data/reference_ranges.csv`` (one row per analyte, or one
row per sex where the interval differs by sex); other thresholds (Winter's formula, the
CK conventions, sodium bands, EULAR response, DAS28 bands, the 2010 criteria's entry
condition) in ``data/clinical_thresholds.csv``. Topic models read them here so that a
number a learner sees in a figure, a verdict or a lesson has one home.

Reads the CSV with the standard library only, so importing a topic model stays light.
"""

from __future__ import annotations

import functools

from musclepain_lib.core.data import data_path, read_checked_csv
from musclepain_lib.core.errors import InputError
from musclepain_lib.core.validation import check_choice

__all__ = ["SEXES", "reference_interval", "sex_specific", "threshold", "threshold_meaning"]

#: The words a sex-specific reference interval is keyed by.
SEXES = ("female", "male")


@functools.lru_cache(maxsize=1)
def _intervals() -> dict:
    rows = read_checked_csv(data_path("reference_ranges.csv"), ("analyte", "sex", "unit"), ("low", "high"))
    table: dict[str, dict] = {}
    for row in rows:
        table.setdefault(row["analyte"].strip(), {})[row["sex"].strip() or None] = (
            float(row["low"]), float(row["high"]), row["unit"].strip(),
        )
    return table


def sex_specific(analyte: str) -> bool:
    """Whether the named analyte's reference interval differs between women and men."""
    analyte = check_choice("analyte", analyte, list(_intervals()))
    return None not in _intervals()[analyte]


def reference_interval(analyte, sex=None) -> tuple[float, float, str]:
    """``(low, high, unit)`` of an adult reference interval, from ``data/reference_ranges.csv``.

    ``analyte`` as named in the table (``"sodium"``, ``"anion gap"``); ``sex`` is
    ``"female"`` or ``"male"``, required for an analyte whose interval differs by sex
    (creatinine, creatine kinase) and ignored otherwise.

    Source: the table's row (each names its source). Limits: laboratories set their own
    intervals; read a result against the one its laboratory prints.
    """
    table = _intervals()
    analyte = check_choice("analyte", analyte, list(table))
    rows = table[analyte]
    if None in rows:
        if sex is not None:
            check_choice("sex", sex, SEXES)
        return rows[None]
    if sex is None:
        raise InputError(
            f"sex = None is not allowed: the {analyte} interval differs by sex; give sex='female' or sex='male'"
        )
    return rows[check_choice("sex", sex, SEXES)]


@functools.lru_cache(maxsize=1)
def _thresholds() -> dict:
    rows = read_checked_csv(data_path("clinical_thresholds.csv"), ("name", "meaning", "unit"), ("value",))
    return {row["name"].strip(): (float(row["value"]), row["meaning"], row["unit"].strip()) for row in rows}


def _threshold_row(name: str) -> tuple[float, str, str]:
    """The row of a threshold: its exact name at once (models read some thousands a redraw),
    any other spelling through the check that names the allowed ones."""
    rows = _thresholds()
    if not (isinstance(name, str) and name in rows):
        name = check_choice("name", name, sorted(rows))
    return rows[name]


def threshold(name: str) -> float:
    """A clinical threshold by name from ``data/clinical_thresholds.csv`` (unit as in its row)."""
    return _threshold_row(name)[0]


def threshold_meaning(name: str) -> str:
    """What a threshold of ``data/clinical_thresholds.csv`` means, in the table's words."""
    return _threshold_row(name)[1]
