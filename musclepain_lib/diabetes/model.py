"""Acid-base arithmetic, glucose and sodium corrections, and the DKA/HHS criteria.

Every concentration is in mmol/L unless a name says otherwise (``pco2_mmhg``,
``glucose_mg_dl``). The words a reading prints give pressures in mmHg with kPa beside them
(:mod:`musclepain_lib.core.units`, the course's one table of conversions). Each function checks its input and raises
:class:`~musclepain_lib.InputError` naming the argument, its value and the allowed range.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field

from musclepain_lib.core.clinical import reference_interval, threshold
from musclepain_lib.core.data import load_table
from musclepain_lib.core.errors import InputError
from musclepain_lib.core.units import GLUCOSE_MG_DL_PER_MMOL, pressure_both_units, pressure_range_both_units
from musclepain_lib.core.validation import check_bool, check_choice, check_number

__all__ = [
    "PK_BICARBONATE",
    "CO2_SOLUBILITY",
    "NORMAL_RANGES",
    "MENTAL_STATES",
    "ph_from_bicarbonate",
    "bicarbonate_from_ph",
    "anion_gap",
    "delta_ratio",
    "ketone_grade_note",
    "winters_expected_pco2",
    "corrected_sodium",
    "glucose_to_mmol",
    "glucose_to_mg_dl",
    "effective_osmolality",
    "consensus_criteria",
    "classify_dka",
    "is_hhs",
    "BloodGasReading",
    "read_blood_gas",
    "assess_blood_gas",
]

#: pK of the bicarbonate buffer in plasma at 37 degC.
PK_BICARBONATE = 6.1
#: Solubility of CO2 in plasma at 37 degC, mmol/L per mmHg.
CO2_SOLUBILITY = 0.03
#: Glucose: 1 mmol/L = 18.0 mg/dL (molar mass 180 g/mol); the factor lives in musclepain_lib.core.units.
#: Arterial reference intervals used by the blood-gas reader (low, high), read from
#: ``data/reference_ranges.csv`` (Berend et al. 2014; anion gap with ion-selective
#: electrodes, Kraut and Madias 2007).
NORMAL_RANGES = {
    key: reference_interval(analyte)[:2]
    for key, analyte in (("ph", "arterial pH"), ("pco2_mmhg", "arterial pCO2"),
                         ("hco3", "arterial bicarbonate"), ("anion_gap", "anion gap"))
}
#: The usual anion gap and bicarbonate the delta ratio measures changes from (the table's).
NORMAL_GAP = threshold("anion_gap_mean")
NORMAL_HCO3 = threshold("normal_bicarbonate_mean")
NORMAL_PCO2 = threshold("normal_pco2_mean")
#: Mental status words of the consensus severity bands, from best to worst.
MENTAL_STATES = ("alert", "drowsy", "stupor", "coma")
SEVERITIES = ("none", "mild", "moderate", "severe")

_PH = dict(low=6.5, high=8.0, unit="")
_HCO3 = dict(low=0.0, high=60.0, unit="mmol/L", low_open=True)
_PCO2 = dict(low=0.0, high=150.0, unit="mmHg", low_open=True)
_NA = dict(low=100.0, high=180.0, unit="mmol/L")
_CL = dict(low=60.0, high=140.0, unit="mmol/L")
_K = dict(low=1.0, high=10.0, unit="mmol/L")
_GLUCOSE_MG_DL = dict(low=0.0, high=3000.0, unit="mg/dL", low_open=True)
_GLUCOSE_MMOL = dict(low=0.0, high=3000.0 / GLUCOSE_MG_DL_PER_MMOL, unit="mmol/L", low_open=True)
_BOHB = dict(low=0.0, high=30.0, unit="mmol/L")
_OSM = dict(low=200.0, high=450.0, unit="mOsm/kg")


def ph_from_bicarbonate(hco3, pco2_mmhg) -> float:
    """Blood pH from bicarbonate and pCO2 by the Henderson-Hasselbalch equation.

    ``pH = 6.1 + log10(hco3 / (0.03 * pco2_mmhg))``; hco3 in mmol/L, pCO2 in mmHg.
    At 24 mmol/L and 40 mmHg this gives pH 7.40.

    Source: Henderson 1908 (Am J Physiol 21:173); Hasselbalch 1917 (Biochem Z 78:112);
    pK 6.1 and solubility 0.03 mmol/L/mmHg as in Boron and Boulpaep, Medical Physiology,
    3rd ed. 2017, chapter 28.
    Limits: plasma at 37 degC; pK and solubility are taken as constant, although both
    shift a little with temperature and ionic strength.
    """
    hco3 = check_number("hco3", hco3, **_HCO3)
    pco2 = check_number("pco2_mmhg", pco2_mmhg, **_PCO2)
    # Sums of logarithms: a quotient of tiny numbers would underflow to 0.
    return PK_BICARBONATE + math.log10(hco3) - math.log10(CO2_SOLUBILITY) - math.log10(pco2)


def bicarbonate_from_ph(ph, pco2_mmhg) -> float:
    """Bicarbonate (mmol/L) from pH and pCO2 (mmHg): Henderson-Hasselbalch solved for HCO3.

    ``hco3 = 0.03 * pco2_mmhg * 10 ** (pH - 6.1)``; this is how a blood-gas analyser
    reports bicarbonate from the pH and pCO2 it measures.

    Source: as :func:`ph_from_bicarbonate` (Boron and Boulpaep 2017, chapter 28).
    Limits: plasma at 37 degC, constant pK and solubility.
    """
    ph = check_number("ph", ph, **_PH)
    pco2 = check_number("pco2_mmhg", pco2_mmhg, **_PCO2)
    return CO2_SOLUBILITY * pco2 * 10 ** (ph - PK_BICARBONATE)


def anion_gap(na, cl, hco3, k=None) -> float:
    """Serum anion gap in mmol/L: ``na - (cl + hco3)``, plus ``k`` when it is given.

    The gap stands for the anions nobody measured (mostly albumin; in DKA also
    beta-hydroxybutyrate and acetoacetate). The usual range depends on the analyser: about
    3-11 mmol/L without potassium (mean near 7) with today's ion-selective electrodes,
    8-16 with the older flame photometers; use the laboratory's own range.

    Source: Winter et al. 1990, The fall of the serum anion gap, Arch Intern Med
    150:311-313; Kraut and Madias 2007, Serum anion gap: its uses and limitations in
    clinical medicine, Clin J Am Soc Nephrol 2:162-174.
    Limits: low albumin lowers the gap (about 2.5 mmol/L per 10 g/L), which this
    function does not correct for.
    """
    na = check_number("na", na, **_NA)
    cl = check_number("cl", cl, **_CL)
    hco3 = check_number("hco3", hco3, **_HCO3)
    gap = na - (cl + hco3)
    if k is not None:
        gap += check_number("k", k, **_K)
    return gap


def delta_ratio(gap, hco3, normal_gap=7.0, normal_hco3=24.0) -> float:
    """Delta ratio: rise of the anion gap over fall of bicarbonate (no unit).

    ``(gap - normal_gap) / (normal_hco3 - hco3)``. About 1-2 in a pure high-gap acidosis
    (ketoacidosis often near 1); below 0.4 a normal-gap (hyperchloraemic) acidosis; 0.4-0.8
    both together; above 2 a metabolic alkalosis on top (for example from vomiting).

    Source: Rastegar 2007, Use of the delta AG/delta HCO3 ratio in the diagnosis of mixed
    acid-base disorders, J Am Soc Nephrol 18:2429-2431.
    Limits: the normal gap and bicarbonate differ between people and laboratories, so a
    ratio near a boundary means little; only defined when bicarbonate is below normal.
    The default normal gap of 7 mmol/L is the usual value with ion-selective electrodes, the
    mean the course teaches (Kraut and Madias 2007, Clin J Am Soc Nephrol 2:162-174); pass
    ``normal_gap=12`` for a laboratory on older analysers. Example: ``delta_ratio(26, 10)``
    is (26 - 7) / (24 - 10) = 19/14 = 1.357.
    """
    gap = check_number("gap", gap, -20.0, 80.0, "mmol/L")
    normal_gap = check_number("normal_gap", normal_gap, 0.0, 30.0, "mmol/L")
    normal_hco3 = check_number("normal_hco3", normal_hco3, 15.0, 35.0, "mmol/L")
    hco3 = check_number("hco3", hco3, 0.0, normal_hco3, "mmol/L", low_open=True, high_open=True)
    return (gap - normal_gap) / (normal_hco3 - hco3)


def winters_expected_pco2(hco3) -> tuple[float, float]:
    """Winter's formula: the pCO2 (mmHg) expected in a compensated metabolic acidosis.

    Returns ``(low, high) = 1.5 * hco3 + 8 -/+ 2``. A measured pCO2 above the range means
    breathing is not keeping up (an added respiratory acidosis); below it, an added
    respiratory alkalosis.

    Source: Albert, Dell and Winters 1967, Quantitative displacement of acid-base
    equilibrium in metabolic acidosis, Ann Intern Med 66:312-322.
    Limits: fitted in steady-state metabolic acidosis; compensation takes 12-24 h to be
    complete, and pCO2 rarely falls below about 10-15 mmHg however low bicarbonate is.
    """
    hco3 = check_number("hco3", hco3, **_HCO3)
    middle = threshold("winters_slope") * hco3 + threshold("winters_intercept")
    tolerance = threshold("winters_tolerance")
    return middle - tolerance, middle + tolerance


def corrected_sodium(na, glucose_mg_dl, factor=1.6) -> float:
    """Sodium (mmol/L) corrected for high glucose: ``na + factor * (glucose - 100) / 100``.

    Glucose draws water out of cells and dilutes sodium; the corrected value estimates
    the sodium once glucose is normal. ``factor`` is 1.6 mmol/L per 100 mg/dL (Katz) or
    2.4 (Hillier, more accurate above about 400 mg/dL). Glucose at or below 100 mg/dL
    needs no correction.

    Sources: Katz 1973, Hyperglycemia-induced hyponatremia: calculation of expected serum
    sodium depression, N Engl J Med 289:843-844; Hillier, Abbott and Barrett 1999,
    Hyponatremia: evaluating the correction factor for hyperglycemia, Am J Med 106:399-403.
    Limits: an average over people; the true factor depends on how much water moves.
    """
    na = check_number("na", na, **_NA)
    glucose = check_number("glucose_mg_dl", glucose_mg_dl, **_GLUCOSE_MG_DL)
    factor = check_number("factor", factor, 1.0, 3.0, "mmol/L per 100 mg/dL")
    return na + factor * max(0.0, glucose - 100.0) / 100.0


def glucose_to_mmol(mg_dl) -> float:
    """Glucose from mg/dL to mmol/L (divide by 18.0, molar mass 180 g/mol).

    Source: IUPAC molar mass of glucose, C6H12O6, 180.16 g/mol.
    Limits: 18.0 is the rounded factor every laboratory uses.
    """
    return check_number("mg_dl", mg_dl, **_GLUCOSE_MG_DL) / GLUCOSE_MG_DL_PER_MMOL


def glucose_to_mg_dl(mmol) -> float:
    """Glucose from mmol/L to mg/dL (multiply by 18.0).

    Source and limits: as :func:`glucose_to_mmol`.
    """
    return check_number("mmol", mmol, **_GLUCOSE_MMOL) * GLUCOSE_MG_DL_PER_MMOL


def effective_osmolality(na, glucose_mg_dl) -> float:
    """Effective (tonic) plasma osmolality in mOsm/kg: ``2 * na + glucose_mg_dl / 18``.

    Urea is left out because it crosses cell membranes and so moves no water.
    Normal about 275-295 mOsm/kg; above 300 is one of the HHS criteria.

    Source: Umpierrez et al. 2024, Hyperglycemic crises in adults with diabetes: a
    consensus report, Diabetes Care 47:1257-1275.
    Limits: a calculated value; measured osmolality also counts other solutes
    (alcohols, mannitol) that this leaves out.
    """
    na = check_number("na", na, **_NA)
    glucose = check_number("glucose_mg_dl", glucose_mg_dl, **_GLUCOSE_MG_DL)
    return 2.0 * na + glucose / GLUCOSE_MG_DL_PER_MMOL


def consensus_criteria() -> dict[str, float]:
    """The DKA and HHS thresholds of ``data/diabetes_criteria.csv``, by name.

    Source: each row of the table names its source (Umpierrez et al. 2024, Diabetes Care
    47:1257-1275; severity bands Kitabchi et al. 2009, Diabetes Care 32:1335-1343).
    """
    return dict(_criteria())


@functools.lru_cache(maxsize=1)
def _criteria() -> tuple:
    table = load_table("diabetes_criteria.csv", required=("name", "unit"), numeric=("value",))
    return tuple(zip(table["name"], table["value"].astype(float)))


def ketone_grade_note(bohb) -> str:
    """What to say beside a DKA grade when beta-hydroxybutyrate alone would call it severe.

    ``bohb`` in mmol/L. Returns an empty string at or below the consensus table's 6 mmol/L
    (row ``severe_bohb_above`` of ``data/diabetes_criteria.csv``), else one sentence saying that
    the grade from pH, bicarbonate and mental status leaves out the ketone level.

    Source: Umpierrez et al. 2024, Diabetes Care 47:1257-1275 (clinical DKA classification table).
    """
    bohb = check_number("bohb", bohb, **_BOHB)
    limit = consensus_criteria()["severe_bohb_above"]
    if bohb <= limit:
        return ""
    return (f"BOHB {bohb:.1f} mmol/L is above {limit:g} mmol/L, which the 2024 consensus table lists as a severe "
            "feature; this grade follows pH, bicarbonate and mental status only (Umpierrez et al. 2024).")


def _band(value, mild_from, moderate_from, mild_open=False) -> int:
    """1 mild, 2 moderate, 3 severe, for a value that falls as the acidosis worsens.

    ``mild_open``: the mild band starts just above ``mild_from`` (pH 7.25 is moderate).
    """
    if value > mild_from or (value == mild_from and not mild_open):
        return 1
    return 2 if value >= moderate_from else 3


def classify_dka(glucose_mg_dl, bohb, ph, hco3, known_diabetes=False, mental_status="alert") -> str:
    """DKA and its severity by the 2024 consensus: ``"none"``, ``"mild"``, ``"moderate"``, ``"severe"``.

    DKA needs all three: D, glucose >= 200 mg/dL or known diabetes; K, beta-hydroxybutyrate
    (``bohb``, mmol/L) >= 3.0; A, pH < 7.30 and/or bicarbonate < 18 mmol/L. Severity is
    the worst band that pH, bicarbonate or mental status reaches: mild pH above 7.25 and
    below 7.30, bicarbonate 15-18, alert; moderate pH 7.00-7.25, bicarbonate 10 to below 15,
    alert or drowsy; severe pH below 7.00, bicarbonate below 10, stupor or coma.

    Source: Umpierrez et al. 2024, Hyperglycemic crises in adults with diabetes: a
    consensus report, Diabetes Care 47:1257-1275 (ADA/EASD/JBDS/AACE/DTS), whose clinical
    classification adapts Kitabchi et al. 2009, Diabetes Care 32:1335-1343.
    Limits: a teaching classifier, not a diagnosis. The consensus table also lists
    beta-hydroxybutyrate (3-6 mmol/L mild and moderate, above 6 severe) and says not every
    variable must fit; this function grades by pH, bicarbonate and mental status only.
    Where blood beta-hydroxybutyrate cannot be measured, the consensus accepts urine
    ketones of 2+ or more instead (row ``dka_urine_ketones_min`` of the criteria table);
    this function takes the blood value only.
    """
    glucose = check_number("glucose_mg_dl", glucose_mg_dl, **_GLUCOSE_MG_DL)
    bohb = check_number("bohb", bohb, **_BOHB)
    ph = check_number("ph", ph, **_PH)
    hco3 = check_number("hco3", hco3, **_HCO3)
    known = check_bool("known_diabetes", known_diabetes)
    mental = check_choice("mental_status", mental_status, MENTAL_STATES)
    c = dict(_criteria())
    diabetes = known or glucose >= c["dka_glucose_min"]
    ketonaemia = bohb >= c["dka_bohb_min"]
    acidosis = ph < c["dka_ph_below"] or hco3 < c["dka_hco3_below"]
    if not (diabetes and ketonaemia and acidosis):
        return "none"
    worst = max(
        _band(ph, c["mild_ph_above"], c["moderate_ph_min"], mild_open=True),
        _band(hco3, c["mild_hco3_min"], c["moderate_hco3_min"]),
        {"alert": 1, "drowsy": 2, "stupor": 3, "coma": 3}[mental],
    )
    return SEVERITIES[worst]


def is_hhs(glucose_mg_dl, effective_osm, bohb, ph, hco3) -> bool:
    """Whether values meet the 2024 consensus criteria of the hyperglycaemic hyperosmolar state.

    All of: glucose >= 600 mg/dL; effective osmolality (``effective_osm``, mOsm/kg) > 300;
    beta-hydroxybutyrate < 3.0 mmol/L; pH >= 7.30 and bicarbonate >= 15 mmol/L.

    Source: Umpierrez et al. 2024, Diabetes Care 47:1257-1275.
    Limits: the consensus also accepts a total osmolality above 320 mOsm/kg, which this
    function does not take; about a third of people have features of both DKA and HHS.
    """
    glucose = check_number("glucose_mg_dl", glucose_mg_dl, **_GLUCOSE_MG_DL)
    osm = check_number("effective_osm", effective_osm, **_OSM)
    bohb = check_number("bohb", bohb, **_BOHB)
    ph = check_number("ph", ph, **_PH)
    hco3 = check_number("hco3", hco3, **_HCO3)
    c = dict(_criteria())
    return (
        glucose >= c["hhs_glucose_min"]
        and osm > c["hhs_osm_above"]
        and bohb < c["hhs_bohb_below"]
        and ph >= c["hhs_ph_min"]
        and hco3 >= c["hhs_hco3_min"]
    )


@dataclass
class BloodGasReading:
    """A blood gas read step by step.

    ``primary`` is ``"normal"``, ``"metabolic acidosis"``, ``"metabolic alkalosis"``,
    ``"respiratory acidosis"`` or ``"respiratory alkalosis"``; ``compensation`` is set for
    a metabolic acidosis only; ``anion_gap`` and ``delta_ratio`` need sodium and chloride.
    ``steps`` are the sentences of the reasoning, in order.
    """

    ph: float
    pco2_mmhg: float
    hco3: float
    primary: str
    compensation: str | None
    expected_pco2: tuple[float, float] | None
    anion_gap: float | None
    delta_ratio: float | None
    consistent: bool
    steps: list[str] = field(default_factory=list)


def read_blood_gas(ph, pco2_mmhg, hco3, na=None, cl=None) -> BloodGasReading:
    """Read a blood gas the way a clinician is taught to, one sentence per step.

    Steps: (1) is the pH acid, alkaline or normal (7.35-7.45); (2) do the three numbers fit
    Henderson-Hasselbalch; (3) the primary disorder: the one of bicarbonate (normal 22-26
    mmol/L) and pCO2 (35-45 mmHg) that moved pH the way it went, by how far each moved
    it; (4) for a metabolic acidosis, is breathing compensating as Winter's formula
    expects; (5) with sodium and chloride, the anion gap (normal about 3-11 mmol/L with
    ion-selective electrodes) and, if it is high, the delta ratio from a usual gap of 7.
    The intervals are those of ``data/reference_ranges.csv``; :func:`assess_blood_gas`
    turns a reading into a verdict.

    Sources: Berend, de Vries and Gans 2014, Physiological approach to assessment of
    acid-base disturbances, N Engl J Med 371:1434-1445; Albert, Dell and Winters 1967
    (Ann Intern Med 66:312); Rastegar 2007 (J Am Soc Nephrol 18:2429).
    Limits: reads one sample; does not test for triple disorders, the compensation of
    respiratory or alkalotic disorders, or a low albumin.
    """
    ph = check_number("ph", ph, **_PH)
    pco2 = check_number("pco2_mmhg", pco2_mmhg, **_PCO2)
    hco3 = check_number("hco3", hco3, **_HCO3)
    if (na is None) != (cl is None):
        missing = "cl" if cl is None else "na"
        raise InputError(f"{missing} = None is not allowed: give both na and cl for the anion gap, or neither")
    steps = [_ph_step(ph)]
    computed = ph_from_bicarbonate(hco3, pco2)
    consistent = abs(computed - ph) <= threshold("hh_consistency_ph")
    steps.append(_consistency_step(ph, computed, consistent))
    primary = _primary(ph, pco2, hco3)
    steps.append(_primary_step(primary, pco2, hco3))
    compensation, expected = None, None
    if primary == "metabolic acidosis":
        expected = winters_expected_pco2(hco3)
        compensation = _compensation(pco2, expected)
        steps.append(_compensation_step(hco3, pco2, expected, compensation))
    gap = ratio = None
    if na is not None:
        gap = anion_gap(na, cl, hco3)
        high = gap > NORMAL_RANGES["anion_gap"][1] and hco3 < NORMAL_HCO3
        ratio = delta_ratio(gap, hco3, normal_gap=NORMAL_GAP, normal_hco3=NORMAL_HCO3) if high else None
        steps.append(_gap_step(na, cl, hco3, gap, ratio))
    return BloodGasReading(ph, pco2, hco3, primary, compensation, expected, gap, ratio, consistent, steps)


def _ph_step(ph) -> str:
    low, high = NORMAL_RANGES["ph"]
    if ph < low:
        return f"pH {ph:.2f} is below {low}: the blood is too acid (acidaemia)."
    if ph > high:
        return f"pH {ph:.2f} is above {high}: the blood is too alkaline (alkalaemia)."
    return f"pH {ph:.2f} is within {low}-{high}: no acidaemia or alkalaemia."


def _consistency_step(ph, computed, consistent) -> str:
    if consistent:
        return f"Henderson-Hasselbalch gives pH {computed:.2f} from this bicarbonate and pCO2: the numbers fit."
    return (
        f"Henderson-Hasselbalch gives pH {computed:.2f} from this bicarbonate and pCO2, not {ph:.2f}: "
        "the numbers do not fit, so check the sample or the typing before reading on."
    )


def _primary(ph, pco2, hco3) -> str:
    # How far each part moved pH from its middle (in pH units): the larger one is primary.
    metabolic = math.log10(hco3) - math.log10(NORMAL_HCO3)
    respiratory = math.log10(NORMAL_PCO2) - math.log10(pco2)
    low, high = NORMAL_RANGES["ph"]
    if ph < low:
        return "metabolic acidosis" if metabolic <= respiratory else "respiratory acidosis"
    if ph > high:
        return "metabolic alkalosis" if metabolic >= respiratory else "respiratory alkalosis"
    return "normal"


def _outside(value, key) -> str | None:
    low, high = NORMAL_RANGES[key]
    return "low" if value < low else "high" if value > high else None


def _primary_step(primary, pco2, hco3) -> str:
    (h_low, h_high), (p_low, p_high) = NORMAL_RANGES["hco3"], NORMAL_RANGES["pco2_mmhg"]
    values = (f"bicarbonate {hco3:.1f} mmol/L, normal {h_low:g}-{h_high:g}; pCO2 {pressure_both_units(pco2)}, "
              f"normal {pressure_range_both_units(p_low, p_high)}")
    if primary == "normal":
        moved = [name for name, value, key in (("bicarbonate", hco3, "hco3"), ("pCO2", pco2, "pco2_mmhg"))
                 if _outside(value, key)]
        if len(moved) == 2:
            tail = " Both are outside their ranges although pH is not: a mixed disorder whose effects on pH cancel."
        elif moved:
            tail = f" The {moved[0]} is outside its range although pH is not: a normal pH does not exclude a disorder."
        else:
            tail = " Neither points to an acid-base disorder."
        return f"With a normal pH, {values}.{tail}"
    cause = {
        "metabolic acidosis": "the low bicarbonate explains the acid pH",
        "respiratory acidosis": "the high pCO2 explains the acid pH",
        "metabolic alkalosis": "the high bicarbonate explains the alkaline pH",
        "respiratory alkalosis": "the low pCO2 explains the alkaline pH",
    }[primary]
    return f"Primary disorder: {primary}, because {cause} ({values})."


def _compensation(pco2, expected) -> str:
    low, high = expected
    if pco2 > high:
        return "additional respiratory acidosis"
    if pco2 < low:
        return "additional respiratory alkalosis"
    return "appropriate"


def _compensation_step(hco3, pco2, expected, compensation) -> str:
    low, high = expected
    start = (
        f"Winter's formula expects pCO2 = {threshold('winters_slope'):g} x {hco3:.1f} + "
        f"{threshold('winters_intercept'):g} +/- {threshold('winters_tolerance'):g} = {pressure_range_both_units(low, high)}; "
        f"measured {pressure_both_units(pco2)}"
    )
    return {
        "appropriate": f"{start}: breathing compensates as expected (deep, fast Kussmaul breathing).",
        "additional respiratory acidosis": f"{start}: too high, so breathing is not keeping up (an added respiratory acidosis).",
        "additional respiratory alkalosis": f"{start}: too low, so something else drives breathing too (an added respiratory alkalosis).",
    }[compensation]


def _gap_step(na, cl, hco3, gap, ratio) -> str:
    low, high = NORMAL_RANGES["anion_gap"]
    text = (f"Anion gap = {na:.0f} - ({cl:.0f} + {hco3:.1f}) = {gap:.1f} mmol/L (normal about {low:g}-{high:g} "
            "with ion-selective electrodes; lower with a low albumin)")
    if ratio is None:
        if gap > NORMAL_RANGES["anion_gap"][1]:
            return f"{text}: high, but bicarbonate is not low, so no delta ratio."
        return f"{text}: not raised, so any acidosis is a normal-gap (hyperchloraemic) one."
    if ratio < 0.4:
        meaning = "mostly a normal-gap (hyperchloraemic) acidosis"
    elif ratio < 0.8:
        meaning = "a high-gap and a normal-gap acidosis together"
    elif ratio <= 2.0:
        meaning = "a pure high-gap acidosis, as in ketoacidosis"
    else:
        meaning = "a high-gap acidosis with a metabolic alkalosis on top (for example vomiting)"
    return (f"{text}: high. Delta ratio ({gap:.1f} - {NORMAL_GAP:g}) / ({NORMAL_HCO3:g} - {hco3:.1f}) = "
            f"{ratio:.2f}: {meaning}.")


_HEADLINES = {
    "metabolic acidosis": "Metabolic acidosis",
    "metabolic alkalosis": "Metabolic alkalosis",
    "respiratory acidosis": "Respiratory acidosis",
    "respiratory alkalosis": "Respiratory alkalosis",
}
_COMPENSATION_WORDS = {
    "appropriate": ", with breathing compensating as Winter's formula expects",
    "additional respiratory acidosis": " with an added respiratory acidosis: breathing is not keeping up",
    "additional respiratory alkalosis": " with an added respiratory alkalosis: something else drives breathing too",
}


def _borderline_gap_words(reading) -> str:
    low, high = NORMAL_RANGES["anion_gap"]
    return (f"Borderline: anion gap {reading.anion_gap:.0f} mmol/L is just above {low:g}-{high:g}, a range that "
            f"differs between laboratories, with pH {reading.ph:.2f}, bicarbonate and pCO2 all normal: "
            "not a disorder by itself; compare with the laboratory's own range.")


def assess_blood_gas(reading) -> tuple[str, str]:
    """The verdict on a blood gas: ``(level, words)``, level ``"ok"``, ``"warn"`` or ``"alarm"``.

    ``"ok"`` only when pH, bicarbonate, pCO2 and (if measured) the anion gap are all within
    their reference intervals; a normal pH with bicarbonate or pCO2 outside them, or with a
    clearly high anion gap, is named as a disorder that the pH hides (a mixed disorder when both
    moved). A gap just above the course's range (3-11 mmol/L, laboratory-dependent) but no
    higher than ``anion_gap_borderline_max`` (16, the top of older analysers' range), with pH,
    bicarbonate and pCO2 all normal, is read as borderline, not as a hidden disorder. A metabolic acidosis that breathing does not match (Winter's formula) is
    ``"alarm"``; any other disorder ``"warn"``. ``reading`` is a :class:`BloodGasReading`.

    Source: Berend, de Vries and Gans 2014, N Engl J Med 371:1434-1445; Albert, Dell and
    Winters 1967, Ann Intern Med 66:312-322; Kraut and Madias 2007 (anion gap).
    Limits: judges one sample's numbers, not a person; see :func:`read_blood_gas`.
    """
    if not isinstance(reading, BloodGasReading):
        raise InputError(f"reading = {reading!r:.60} is not allowed: expected a reading from read_blood_gas()")
    high_gap = reading.anion_gap is not None and reading.anion_gap > NORMAL_RANGES["anion_gap"][1]
    gap = f"anion gap {reading.anion_gap:.0f} mmol/L, high" if high_gap else ""
    if reading.primary == "normal":
        moved = [f"{name} {shown} ({word})"
                 for name, value, key, shown in (("bicarbonate", reading.hco3, "hco3", f"{reading.hco3:.1f} mmol/L"),
                                                 ("pCO2", reading.pco2_mmhg, "pco2_mmhg",
                                                  pressure_both_units(reading.pco2_mmhg)))
                 if (word := _outside(value, key))]
        if len(moved) == 2:
            words = (f"Mixed disorder: pH {reading.ph:.2f} is normal, but {moved[0]} and {moved[1]} are not: "
                     "two disorders whose effects on pH cancel")
            return "warn", words + (f"; {gap}." if gap else ".")
        if gap and not moved and reading.anion_gap <= threshold("anion_gap_borderline_max"):
            return "warn", _borderline_gap_words(reading)
        if moved or gap:
            found = " and ".join(moved + ([gap] if gap else []))
            return "warn", f"A disorder the normal pH hides: pH {reading.ph:.2f} is normal, but {found}."
        return "ok", "No acid-base disorder: pH, bicarbonate and pCO2 are within their reference intervals."
    words = _HEADLINES[reading.primary] + _COMPENSATION_WORDS.get(reading.compensation, "")
    level = "alarm" if reading.compensation not in (None, "appropriate") else "warn"
    return level, words + (f"; {gap}." if gap else ".")
