"""A teaching model of diabetic ketoacidosis over hours, with and without treatment.

The chain it shows: missing insulin lets fat be burnt to ketoacids; each ketoacid uses up a
bicarbonate; pH follows from bicarbonate and pCO2 (Henderson-Hasselbalch) at every step;
breathing lowers pCO2 as Winter's formula expects, or fails to; glucose spills into the
urine and takes water, potassium, phosphate and magnesium with it; acidosis and insulin
lack hold potassium outside cells, so serum potassium can look normal while the body is
short of it. Treatment (fluids, insulin and potassium, in outline) turns the course back.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np

from musclepain_lib.core.data import load_table
from musclepain_lib.core.errors import InputError
from musclepain_lib.core.units import glucose_both_units, pressure_both_units
from musclepain_lib.core.validation import check_bool, check_number
from musclepain_lib.diabetes.model import (
    classify_dka,
    ph_from_bicarbonate,
    winters_expected_pco2,
)

__all__ = [
    "DKACourse", "simulate_dka", "losses_per_litre", "serum_potassium", "describe_dka_course", "worst_index",
    "worst_point", "assess_dka_course",
]

#: The level of each consensus severity band, as the explorers show it.
SEVERITY_LEVELS = {"none": "ok", "mild": "note", "moderate": "warn", "severe": "alarm"}

NORMAL_BOHB = 0.1  # mmol/L
NORMAL_HCO3 = 24.0  # mmol/L
NORMAL_PCO2 = 40.0  # mmHg
NORMAL_K = 4.2  # mmol/L
#: Ketoacid anions per beta-hydroxybutyrate: acetoacetate adds about a third again.
KETOACID_PER_BOHB = 4.0 / 3.0
#: Highest ketone production, full insulin lack (mmol/L per h), and the share of insulin
#: action below which fat breakdown is no longer held back.
KETONE_PRODUCTION = 1.2
KETOGENIC_DEFICIT = 0.3
#: Serum potassium: fall per 100 mmol of body deficit; rise per 0.1 fall of pH (half the
#: mineral-acid figure, as organic acids shift less); rise with full insulin lack.
K_PER_100_MMOL_DEFICIT = 0.27
K_PER_0_1_PH = 0.3
K_INSULIN_SHIFT = 0.8
#: Osmotic diuresis, L/h per mg/dL of glucose above the kidney's threshold.
DIURESIS_PER_MG_DL = 0.0015
OBLIGATORY_WATER_LOSS = 0.09  # L/h: urine and breath of a resting adult
#: Glucose spills into urine above about 180 mg/dL; SGLT2 inhibitors lower the threshold.
RENAL_THRESHOLD = {False: 180.0, True: 40.0}
RENAL_CLEARANCE = {False: 0.06, True: 0.25}  # per h
#: Teaching-model treatment: how fast insulin acts, fluids restore the deficit, potassium is replaced.
INSULIN_ONSET_H = 0.5
INSULIN_WEAR_OFF_H = 2.0
FLUID_RESTORE_H = 4.0
POTASSIUM_REPLACEMENT = 20.0  # mmol/h into the body while serum K is below 4.5 (model only)


@dataclass
class DKACourse:
    """What :func:`simulate_dka` returns: one array per quantity, one value per time step.

    ``t_h`` hours; ``glucose_mg_dl``; ``bohb``, ``hco3``, ``potassium`` in mmol/L;
    ``pco2_mmhg``; ``ph``; body deficits ``water_deficit_l`` (L) and
    ``potassium_deficit_mmol``, ``phosphate_deficit_mmol``, ``magnesium_deficit_mmol``;
    ``insulin_lack`` the share of insulin action missing (negative while an infusion acts
    beyond the basal need); ``severity`` the 2024-consensus band at each step (mental status taken as alert).
    """

    t_h: np.ndarray
    glucose_mg_dl: np.ndarray
    bohb: np.ndarray
    hco3: np.ndarray
    pco2_mmhg: np.ndarray
    ph: np.ndarray
    potassium: np.ndarray
    water_deficit_l: np.ndarray
    potassium_deficit_mmol: np.ndarray
    phosphate_deficit_mmol: np.ndarray
    magnesium_deficit_mmol: np.ndarray
    insulin_lack: np.ndarray
    severity: list
    treatment_start_h: float | None

    def at(self, hour) -> dict:
        """The values at the step nearest to ``hour`` (h), by name."""
        hour = check_number("hour", hour, 0.0, float(self.t_h[-1]), "h")
        i = int(np.argmin(np.abs(self.t_h - hour)))
        names = [n for n in self.__dataclass_fields__ if n not in ("severity", "treatment_start_h")]
        values = {n: float(getattr(self, n)[i]) for n in names}
        values["severity"] = self.severity[i]
        return values


def serum_potassium(potassium_deficit_mmol, ph, insulin_lack) -> float:
    """Serum potassium (mmol/L) from the body's potassium deficit, pH and insulin action.

    ``4.2 - 0.27 x deficit / 100 + 0.3 x (7.40 - pH) / 0.1 + 0.8 x insulin_lack``:
    the body's loss lowers it, acidosis and missing insulin hold potassium outside cells
    and raise it; ``insulin_lack`` is the share of insulin action missing (0 to 1), negative
    while an insulin infusion drives potassium into cells beyond the basal need.

    Sources: Sterns et al. 1981, Internal potassium balance and the control of the plasma
    potassium concentration, Medicine 60:339-354 (about 0.27 mmol/L per 100 mmol lost);
    Adrogue and Madias 1981, Am J Med 71:456-467 (about 0.6 mmol/L per 0.1 pH in mineral
    acidosis, less with organic acids: half is used here).
    Limits: a linear teaching rule; the real relation is curved, differs between people,
    and leaves out osmolality, aldosterone and the kidneys.
    """
    deficit = check_number("potassium_deficit_mmol", potassium_deficit_mmol, -500.0, 2000.0, "mmol")
    ph = check_number("ph", ph, 6.5, 8.0, "")
    lack = check_number("insulin_lack", insulin_lack, -1.0, 1.0, "(share of insulin action missing)")
    return (
        NORMAL_K
        - K_PER_100_MMOL_DEFICIT * deficit / 100.0
        + K_PER_0_1_PH * (7.40 - ph) / 0.1
        + K_INSULIN_SHIFT * lack
    )


def _insulin(now, deficit, treatment_start_h) -> tuple[float, float]:
    """(share of insulin action missing, how far an infusion has taken effect) at ``now``."""
    infusion = 0.0 if treatment_start_h is None else 1.0 - math.exp(-(now - treatment_start_h) / INSULIN_ONSET_H)
    # The last insulin given wears off over hours; an infusion replaces it.
    missing = deficit * (1.0 - math.exp(-now / INSULIN_WEAR_OFF_H)) * (1.0 - infusion)
    return missing, infusion


def _acid_base(bohb, compensation) -> tuple[float, float, float]:
    """(bicarbonate, pCO2, pH) for a ketone level and a share of Winter's compensation."""
    hco3 = NORMAL_HCO3 - KETOACID_PER_BOHB * (bohb - NORMAL_BOHB)
    expected = sum(winters_expected_pco2(hco3)) / 2.0
    pco2 = NORMAL_PCO2 - compensation * max(0.0, NORMAL_PCO2 - expected)
    return hco3, pco2, ph_from_bicarbonate(hco3, pco2)


@functools.lru_cache(maxsize=1)
def losses_per_litre() -> dict[str, float]:
    """Potassium, phosphate and magnesium (mmol) lost per litre of body water in DKA.

    The ratio of the typical total-body deficits to the typical water deficit (midpoints
    of ``data/diabetes_deficits.csv``), so a course that loses the typical 100 mL/kg of
    water also loses the typical 3-5 mmol/kg of potassium.
    Source: Kitabchi et al. 2009, Diabetes Care 32:1335-1343 (typical deficits).
    """
    table = load_table("diabetes_deficits.csv", required=("quantity", "unit"), numeric=("low", "high"))
    middle = dict(zip(table["quantity"], (table["low"] + table["high"]) / 2.0))
    water_l_per_kg = middle["water"] / 1000.0
    return {ion: middle[ion] / water_l_per_kg for ion in ("potassium", "phosphate", "magnesium")}


def simulate_dka(
    hours=36.0,
    insulin_deficit=0.9,
    fluid_intake_l_h=0.05,
    compensation=1.0,
    treatment_start_h=None,
    iv_fluids=True,
    potassium_replacement=True,
    sglt2_inhibitor=False,
    weight_kg=70.0,
    dt_h=0.25,
) -> DKACourse:
    """Simulate glucose, ketones, bicarbonate, pCO2, pH and potassium in DKA over hours.

    Arguments: ``hours`` simulated (h); ``insulin_deficit`` the share of insulin action
    missing (0 none, 1 all); ``fluid_intake_l_h`` what the person drinks (L/h; vomiting
    makes it small); ``compensation`` how much of the fall in pCO2 that Winter's formula
    expects breathing achieves (1 Kussmaul breathing, 0 unchanged breathing at 40 mmHg);
    ``treatment_start_h`` when treatment starts (None: never), with insulin always, IV
    fluids and potassium replacement if their switches are on; ``sglt2_inhibitor``
    lowers the kidney's glucose threshold (euglycaemic DKA); ``weight_kg``; ``dt_h`` step.

    At every step: ketones rise with insulin lack and are cleared faster once insulin
    acts; bicarbonate = 24 - 4/3 x (ketones - 0.1) (beta-hydroxybutyrate plus acetoacetate,
    each using up one bicarbonate); pCO2 = 40 - compensation x (40 - Winter's middle
    value); pH = :func:`ph_from_bicarbonate`; water, potassium, phosphate and magnesium
    leave with the osmotic diuresis in the proportions of the typical DKA deficits;
    serum potassium by :func:`serum_potassium` from the body's deficit, pH and insulin
    (out of cells with acidosis and insulin lack, into cells once insulin is given).

    Sources: Kitabchi et al. 2009, Diabetes Care 32:1335-1343 (deficits, course);
    Umpierrez et al. 2024, Diabetes Care 47:1257-1275 (criteria, treatment priorities);
    Albert, Dell and Winters 1967, Ann Intern Med 66:312 (compensation); Adrogue and
    Madias 1981, Am J Med 71:456 (potassium and pH); Sterns et al. 1981, Medicine 60:339
    (potassium deficit and serum potassium); Rosenstock and Ferrannini 2015, Diabetes
    Care 38:1638 (SGLT2 inhibitors and euglycaemic DKA).
    Limits (what it leaves out): a teaching model with round, hand-set rates, not fitted
    to patients and never a guide to treatment. It leaves out counter-regulatory hormones,
    lactate, the time breathing takes to compensate, chloride from saline (the
    hyperchloraemic acidosis of recovery), ketones lost in urine, kidney failure, the
    solvent drag of potassium by high osmolality, cerebral oedema, dextrose added when
    glucose falls, and every dose.
    """
    hours = check_number("hours", hours, 1.0, 96.0, "h")
    deficit = check_number("insulin_deficit", insulin_deficit, 0.0, 1.0, "(share of insulin action missing)")
    drink = check_number("fluid_intake_l_h", fluid_intake_l_h, 0.0, 1.0, "L/h")
    compensation = check_number("compensation", compensation, 0.0, 1.0, "(share of Winter's expected fall)")
    if treatment_start_h is not None:
        treatment_start_h = check_number("treatment_start_h", treatment_start_h, 0.0, 96.0, "h")
    iv_fluids = check_bool("iv_fluids", iv_fluids)
    potassium_replacement = check_bool("potassium_replacement", potassium_replacement)
    sglt2 = check_bool("sglt2_inhibitor", sglt2_inhibitor)
    weight = check_number("weight_kg", weight_kg, 30.0, 200.0, "kg")
    dt = check_number("dt_h", dt_h, 0.01, 1.0, "h")

    t = np.arange(0.0, hours + dt / 2, dt)
    n = len(t)
    per_litre = losses_per_litre()
    glucose, bohb, water, k_def, po4_def, mg_def = 100.0, NORMAL_BOHB, 0.0, 0.0, 0.0, 0.0
    out = {name: np.empty(n) for name in (
        "glucose", "bohb", "hco3", "pco2", "ph", "k", "water", "k_def", "po4_def", "mg_def", "insulin_lack")}
    severity = []
    for i, now in enumerate(t):
        treated = treatment_start_h is not None and now >= treatment_start_h
        missing, infusion = _insulin(now, deficit, treatment_start_h if treated else None)
        hco3, pco2, ph = _acid_base(bohb, compensation)
        insulin_lack = missing - 0.5 * infusion
        k_serum = serum_potassium(k_def, ph, insulin_lack)
        for key, value in (("glucose", glucose), ("bohb", bohb), ("hco3", hco3), ("pco2", pco2), ("ph", ph),
                           ("k", k_serum), ("water", water), ("k_def", k_def), ("po4_def", po4_def),
                           ("mg_def", mg_def), ("insulin_lack", insulin_lack)):
            out[key][i] = value
        severity.append(classify_dka(glucose, bohb, ph, hco3, known_diabetes=True))

        # Ketones: made when insulin lack frees fat breakdown; cleared faster once insulin acts.
        production = KETONE_PRODUCTION * max(0.0, missing - KETOGENIC_DEFICIT) / (1.0 - KETOGENIC_DEFICIT)
        clearance = (0.08 + 0.07 * infusion) * (bohb - NORMAL_BOHB)
        # Glucose: the liver releases it without insulin; tissues take it up with insulin;
        # the kidney spills it above its threshold, less so when dehydration lowers filtration.
        filtration = max(0.2, 1.0 - water / (0.1 * weight))
        spilled = max(0.0, glucose - RENAL_THRESHOLD[sglt2])
        uptake = (0.03 + 0.06 * infusion) * (glucose - 90.0)
        glucose_change = 40.0 * missing - uptake - RENAL_CLEARANCE[sglt2] * filtration * spilled
        diuresis = DIURESIS_PER_MG_DL * filtration * spilled
        iv = (water / FLUID_RESTORE_H + diuresis) if (treated and iv_fluids) else 0.0
        k_given = POTASSIUM_REPLACEMENT if (treated and potassium_replacement and k_serum < 4.5) else 0.0

        bohb += dt * (production - clearance)
        glucose = max(90.0, glucose + dt * glucose_change)
        water = max(0.0, water + dt * (diuresis + OBLIGATORY_WATER_LOSS - drink - iv))
        k_def = max(0.0, k_def + dt * (per_litre["potassium"] * diuresis - k_given))
        po4_def += dt * per_litre["phosphate"] * diuresis
        mg_def += dt * per_litre["magnesium"] * diuresis
    return DKACourse(
        t_h=t, glucose_mg_dl=out["glucose"], bohb=out["bohb"], hco3=out["hco3"], pco2_mmhg=out["pco2"],
        ph=out["ph"], potassium=out["k"], water_deficit_l=out["water"], potassium_deficit_mmol=out["k_def"],
        phosphate_deficit_mmol=out["po4_def"], magnesium_deficit_mmol=out["mg_def"],
        insulin_lack=out["insulin_lack"], severity=severity,
        treatment_start_h=treatment_start_h,
    )


def worst_index(course: DKACourse) -> int:
    """The index of the time point where the DKA is worst (highest severity, then lowest pH)."""
    order = {"none": 0, "mild": 1, "moderate": 2, "severe": 3}
    ranks = [order[s] * 100 - float(ph) for s, ph in zip(course.severity, course.ph)]
    return int(np.argmax(ranks))


def worst_point(course: DKACourse) -> dict:
    """The values at the course's worst point (:func:`worst_index`), by name, as :meth:`DKACourse.at` gives them.

    The one place the worst point is read: the figure's caption (:func:`describe_dka_course`)
    and any line a lesson prints about "the worst point" take it from here, so they agree.
    """
    if not isinstance(course, DKACourse):
        raise InputError(f"course = {course!r:.60} is not allowed: expected a DKA course from simulate_dka()")
    return course.at(float(course.t_h[worst_index(course)]))


def assess_dka_course(course) -> tuple[str, str]:
    """The verdict on a DKA course: ``(level, words)`` from its worst consensus severity band.

    ``"ok"`` when the 2024 criteria are never met, ``"note"`` mild, ``"warn"`` moderate,
    ``"alarm"`` severe DKA at the worst point. ``course`` comes from :func:`simulate_dka`.
    Source: Umpierrez et al. 2024, Diabetes Care 47:1257-1275 (via :func:`classify_dka`).
    Limits: a teaching model's course, not a person's; mental status is taken as alert.
    """
    if not isinstance(course, DKACourse):
        raise InputError(f"course = {course!r:.60} is not allowed: expected a DKA course from simulate_dka()")
    worst = course.severity[worst_index(course)]
    words = "No DKA at any time." if worst == "none" else f"At its worst: {worst} DKA (2024 consensus)."
    return SEVERITY_LEVELS[worst], words


def describe_dka_course(course: DKACourse) -> str:
    """One or two sentences saying what a DKA course shows, with the numbers it computed."""
    if not isinstance(course, DKACourse):
        raise InputError(f"course = {course!r:.60} is not allowed: expected a DKA course from simulate_dka()")
    at = worst_point(course)
    text = (
        f"Over {course.t_h[-1]:.0f} hours ketones rise to {course.bohb.max():.1f} mmol/L; at the worst point "
        f"({at['t_h']:g} h) glucose is {glucose_both_units(at['glucose_mg_dl'])}, bicarbonate {at['hco3']:.1f} mmol/L, "
        f"pCO2 {pressure_both_units(at['pco2_mmhg'])} and pH "
        f"{at['ph']:.2f} ({'no DKA' if at['severity'] == 'none' else at['severity'] + ' DKA'}), while serum "
        f"potassium reads {at['potassium']:.1f} mmol/L although the body has lost "
        f"{at['potassium_deficit_mmol']:.0f} mmol of it."
    )
    if course.treatment_start_h is None:
        return text + " No treatment is given."
    end = course.at(float(course.t_h[-1]))
    after = course.potassium[course.t_h >= course.treatment_start_h]
    return text + (
        f" Treatment from {course.treatment_start_h:.0f} h brings pH to {end['ph']:.2f} and ketones to "
        f"{end['bohb']:.1f} mmol/L by {end['t_h']:.0f} h; serum potassium falls as low as {after.min():.1f} mmol/L."
    )
