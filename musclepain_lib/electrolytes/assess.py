"""The verdicts of lesson 01's explorers, as model functions: ``(level, words)``.

A level is ``"ok"``, ``"note"``, ``"warn"`` or ``"alarm"``; the words are one or two
plain sentences. The thresholds come from the course's tables (reference intervals in
``data/reference_ranges.csv``, other thresholds in ``data/clinical_thresholds.csv``), so
an explorer, a lesson and a self-check that call these say the same thing.
"""

from __future__ import annotations

from musclepain_lib.core.clinical import reference_interval, threshold
from musclepain_lib.core.validation import check_number
from musclepain_lib.electrolytes.tables import classify_lab

__all__ = ["NORMAL_K_OUT", "assess_resting_potential", "assess_serum_sodium"]

#: The potassium outside the cell (mmol/L) the membrane verdict compares with: Hille's
#: value for muscle, inside the serum reference interval.
NORMAL_K_OUT = 4.0


def _direction(shift_mv: float) -> str:
    if abs(shift_mv) < 0.05:
        return f"the same as at {NORMAL_K_OUT:g} mmol/L"
    side = "less" if shift_mv > 0 else "more"
    return f"{abs(shift_mv):.1f} mV {side} negative than at {NORMAL_K_OUT:g} mmol/L"


def assess_resting_potential(k_out, v_rest_mv, v_at_normal_k_mv) -> tuple[str, str]:
    """The verdict on a membrane with ``k_out`` (mmol/L) potassium outside.

    ``v_rest_mv`` is the membrane's resting potential (mV) and ``v_at_normal_k_mv`` the same
    membrane's with 4 mmol/L outside. The level follows the serum potassium reference
    interval (3.5-5.0 mmol/L): ``"ok"`` within it, ``"warn"`` above it (hyperkalaemia:
    the membrane depolarises), ``"note"`` below it (hypokalaemia: in this model the membrane
    hyperpolarises). The words give the shift in mV as computed, whichever its size.

    Source: reference interval of ``data/reference_ranges.csv`` (Gennari 1998; MSD Manual);
    the physiology as in Hille, Ion Channels of Excitable Membranes, 3rd ed. 2001.
    Limits: a steady-state Goldman-Hodgkin-Katz membrane; severe hypokalaemia can
    depolarise real muscle, which this model does not show.
    """
    k_out = check_number("k_out", k_out, 0, None, "mmol/L", low_open=True)
    v_rest = check_number("v_rest_mv", v_rest_mv, -200, 200, "mV")
    at_normal = check_number("v_at_normal_k_mv", v_at_normal_k_mv, -200, 200, "mV")
    low, high, unit = reference_interval("potassium")
    status = classify_lab("potassium", k_out)
    shift = v_rest - at_normal
    where = f"Potassium outside at {k_out:g} {unit}"
    change = f"the resting potential is {v_rest:+.1f} mV, {_direction(shift)}"
    if status == "high":
        return "warn", (f"{where} is above the reference interval ({low:g}-{high:g}): {change}: depolarised, "
                        "closer to firing; held there, sodium channels inactivate and muscle weakens.")
    if status == "low":
        return "note", (f"{where} is below the reference interval ({low:g}-{high:g}): {change}: hyperpolarised, "
                        "further from firing in this model (severe hypokalaemia can depolarise real muscle).")
    return "ok", f"{where} is within the reference interval ({low:g}-{high:g}): {change}."


def assess_serum_sodium(final_na, weight_change_kg, weight_kg) -> tuple[str, str]:
    """The verdict on serum sodium (mmol/L) and body weight change (kg) after exercise.

    Below 130 mmol/L (moderate or profound hyponatraemia) ``"alarm"``; below the reference
    interval (135, exercise-associated hyponatraemia) or above it (hypernatraemia)
    ``"warn"``; within it but with more than 2 % of body weight lost ``"note"``;
    otherwise ``"ok"``.

    Source: Hew-Butler et al. 2015, Clin J Sport Med 25:303-320 (EAH below 135 mmol/L);
    Spasovski et al. 2014, Eur J Endocrinol 170:G1-G47 (grades of hyponatraemia); ACSM,
    Sawka et al. 2007, Med Sci Sports Exerc 39:377-390 (2 % of body weight).
    Limits: judges numbers from a mass-balance model, not a person; symptoms decide.
    """
    na = check_number("final_na", final_na, 80, 200, "mmol/L")
    weight = check_number("weight_kg", weight_kg, 20, 300, "kg")
    change = check_number("weight_change_kg", weight_change_kg, -weight, weight, "kg")
    low, high, unit = reference_interval("sodium")
    marked = threshold("hyponatraemia_moderate_below")
    percent = 100 * change / weight
    if na < marked:
        return "alarm", (f"Serum sodium {na:.0f} {unit}: below {marked:g}, moderate to profound exercise-associated "
                         "hyponatraemia. Drinking more than is lost dilutes the blood; brain swelling can follow. "
                         "Headache, vomiting or confusion after exercise is a red flag that needs urgent medical care.")
    if na < low:
        return "warn", (f"Serum sodium {na:.0f} {unit}: exercise-associated hyponatraemia (below {low:g} {unit}), "
                        "from drinking more than is lost.")
    if na > high:
        return "warn", (f"Serum sodium {na:.0f} {unit}: hypernatraemia (above {high:g} {unit}) from losing more "
                        "water than sodium (dehydration).")
    loss = threshold("dehydration_body_weight_loss")
    if percent < -loss:
        return "note", (f"Sodium stays in range, but a loss of more than {loss:g} % of body weight is dehydration "
                        "that impairs endurance performance (ACSM 2007).")
    return "ok", f"Serum sodium {na:.0f} {unit} stays within its reference interval ({low:g}-{high:g})."
