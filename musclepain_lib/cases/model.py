"""The patients of lesson 06: each one's history and measured values, from ``data/cases*.csv``.

Every value names its source: a published study or guideline, or "course case, values
typical of" one. The cases are for learning to reason with the models; they are not
real patients and not a diagnostic guide.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from musclepain_lib.core.data import load_table
from musclepain_lib.core.errors import DataFileError, InputError
from musclepain_lib.core.validation import check_choice

__all__ = ["Case", "case_ids", "load_case", "blood_value_rows", "describe_blood_values"]

_CASE_COLUMNS = ("case_id", "title", "person", "sex", "history", "lessons")
_VALUE_COLUMNS = ("case_id", "name", "label", "unit", "analyte")
_UNITLESS = {"1", "count", "score", "ratio"}


@dataclass(frozen=True)
class Case:
    """One patient: who, what happened, and the values measured (by model argument name).

    ``joints`` (for a patient with joint disease) lists the ``"tender"`` and ``"swollen"``
    joints by their names in the 28-joint count. ``analytes`` maps the names of blood
    values to their analyte in the course's reference-range table (e.g. ``"k"`` to
    ``"potassium"``). ``sex`` (``"female"`` or ``"male"``) picks the reference interval
    of analytes that differ by sex.
    """

    id: str
    title: str
    person: str
    sex: str
    history: str
    lessons: tuple[str, ...]
    source: str
    values: dict[str, float] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    units: dict[str, str] = field(default_factory=dict)
    joints: dict[str, list[str]] = field(default_factory=dict)
    analytes: dict[str, str] = field(default_factory=dict)

    def __getitem__(self, name: str) -> float:
        """A measured value by its name, e.g. ``case["na"]``."""
        return self.values[check_choice("name", name, list(self.values))]

    def pick(self, *names: str) -> dict[str, float]:
        """The named values as keyword arguments, e.g. ``nernst(**case.pick(...))``."""
        return {name: self[name] for name in names}

    def _unit(self, name: str) -> str:
        unit = self.units[name]
        return "" if unit in _UNITLESS else unit

    def _lines(self) -> list[str]:
        return [f"{self.labels[n]}: {self.values[n]:g} {self._unit(n)}".rstrip() for n in self.values]

    def _repr_mimebundle_(self, include=None, exclude=None):
        rows = "".join(
            f"<tr><td>{html.escape(self.labels[n])}</td><td style='text-align:right'>{self.values[n]:g}</td>"
            f"<td>{html.escape(self._unit(n))}</td><td><code>{n}</code></td></tr>"
            for n in self.values
        )
        page = (
            f"<div class='musclepain-case'><h4>{html.escape(self.title)}</h4>"
            f"<p><strong>{html.escape(self.person)}.</strong> {html.escape(self.history)}</p>"
            "<table><thead><tr><th>Measured</th><th>Value</th><th>Unit</th><th>Name in code</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>"
            f"<p><em>Source: {html.escape(self.source)}</em></p></div>"
        )
        text = "\n".join([self.title, f"{self.person}. {self.history}", *self._lines()])
        return {"text/html": page, "text/plain": text}


def _cases_table():
    return load_table("cases.csv", required=_CASE_COLUMNS)


def case_ids() -> list[str]:
    """The patients of lesson 06, in teaching order."""
    return _cases_table()["case_id"].tolist()


def load_case(case_id: str) -> Case:
    """Return one patient of lesson 06 with the values measured.

    Units: each value's unit is in ``case.units`` (mmol/L unless stated, as in the
    course's model functions, whose argument names the values share).
    Source: each row of ``data/cases.csv`` and ``data/cases_values.csv`` names its own.
    Limits: the patients are course cases built from published typical values, not
    real records; one set of values shows one moment of an illness that changes.
    """
    cases = _cases_table()
    case_id = check_choice("case_id", case_id, cases["case_id"].tolist())
    row = cases.loc[cases["case_id"] == case_id].iloc[0]
    values = load_table("cases_values.csv", required=_VALUE_COLUMNS, numeric=("value",))
    mine = values.loc[values["case_id"] == case_id]
    if mine["name"].duplicated().any():
        name = mine.loc[mine["name"].duplicated(), "name"].iloc[0]
        raise DataFileError(f"cases_values.csv: case {case_id!r} gives {name!r} twice")
    return Case(
        id=case_id,
        title=row["title"],
        person=row["person"],
        sex=check_choice("sex", row["sex"], ("female", "male")),
        history=row["history"],
        lessons=tuple(part.strip() for part in row["lessons"].split(",")),
        source=row["source"],
        values=dict(zip(mine["name"], mine["value"].astype(float))),
        labels=dict(zip(mine["name"], mine["label"])),
        units=dict(zip(mine["name"], mine["unit"])),
        joints=_joints(case_id),
        analytes={name: a.strip() for name, a in zip(mine["name"], mine["analyte"]) if a.strip()},
    )


def _joints(case_id: str) -> dict[str, list[str]]:
    """The tender and swollen joints of a case (empty lists for a case without joint findings)."""
    table = load_table("cases_joints.csv", required=("case_id", "joint", "tender", "swollen"))
    mine = table.loc[table["case_id"] == case_id]
    marks = {}
    for column in ("tender", "swollen"):
        answers = mine[column].str.strip().str.lower()
        if not answers.isin(["yes", "no"]).all():
            raise DataFileError(f"cases_joints.csv: case {case_id!r}, column {column!r}: expected 'yes' or 'no'")
        marks[column] = mine.loc[answers == "yes", "joint"].tolist()
    return marks


def blood_value_rows(case: Case, ranges) -> list[dict]:
    """A case's blood values against the reference intervals of ``ranges``, one row each.

    ``ranges`` is the course's reference-range table (columns ``analyte, unit, low, high``,
    as ``electrolytes.reference_ranges()`` returns it; where it gives an interval per sex,
    the patient's own is used). Each row holds the analyte, value,
    unit, the interval's limits and the band: ``"low"``, ``"normal"`` or ``"high"``.
    """
    if not isinstance(case, Case):
        raise InputError(f"case = {case!r} is not allowed: expected a case from load_case(...)")
    missing = [c for c in ("analyte", "unit", "low", "high") if c not in getattr(ranges, "columns", ())]
    if missing:
        raise InputError(f"ranges is not allowed: expected a table with the columns analyte, unit, low, high (missing {missing})")
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
    if not rows:
        raise InputError(f"case = {case.id!r} is not allowed: this case has no blood values with a reference range")
    return rows


def describe_blood_values(case: Case, rows: list[dict]) -> str:
    """The sentence saying what the blood-values figure of a case shows (rows from :func:`blood_value_rows`)."""

    def listed(band):
        return ", ".join(f"{r['analyte']} {r['value']:g} {r['unit']}" for r in rows if r["band"] == band)

    parts = [f"{word}: {listed(band)}" for band, word in (("low", "Below"), ("high", "Above"), ("normal", "Within"))
             if listed(band)]
    return (
        f"{case.title}: each row is one blood value, the grey band its adult reference interval and the "
        f"mark the value measured (a downward triangle below the interval, an upward one above, a circle "
        f"within). {'. '.join(parts)}."
    )
