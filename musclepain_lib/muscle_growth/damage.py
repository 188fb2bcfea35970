"""Soreness and creatine kinase after unaccustomed exercise; muscle strains by grade.

Unaccustomed work, above all eccentric work (the muscle lengthening while it
pulls, as the thigh does running downhill), damages some fibres. Soreness
comes a day later and peaks at 24-72 h; creatine kinase (CK), an enzyme that
leaks from damaged fibres into the blood, rises over days. When damage is
massive, muscle contents (myoglobin, potassium) flood the blood: rhabdomyolysis,
a clinical syndrome (pain, weakness, swelling, dark urine) with a raised CK. CK
above 5 times the upper limit is a convention of studies, not a definition:
healthy volunteers and recruits pass it without harm (Clarkson et al. 2006;
Kenney et al. 2012). Dark urine is the warning sign to act on.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np

from musclepain_lib.core.clinical import reference_interval, threshold
from musclepain_lib.core.data import load_table
from musclepain_lib.core.errors import InputError
from musclepain_lib.core.validation import checked_times
from musclepain_lib.core.validation import check_choice, check_int, check_number

__all__ = [
    "damage_parameters",
    "soreness_curve",
    "ck_curve",
    "exertion_course",
    "ExertionCourse",
    "rhabdomyolysis_threshold",
    "ck_times_uln",
    "classify_ck",
    "assess_ck",
    "strain_grades",
    "strain_recovery_days",
    "DEFAULT_CK_ULN",
]

#: An example upper limit of normal for CK, in U/L: the men's limit of the course's
#: reference table (Mayo Clinic Laboratories, 308 U/L). Laboratories set their own
#: limits (by method, sex and population), so every threshold is relative to the
#: laboratory's own limit.
DEFAULT_CK_ULN = reference_interval("creatine kinase", "male")[1]


def damage_parameters() -> dict[str, float]:
    """The published constants of the soreness and CK model, by name (sources in the table)."""
    table = load_table("muscle_growth_damage_course.csv", required=("parameter", "unit"), numeric=("value",))
    return dict(zip(table["parameter"], table["value"].astype(float)))


def _gamma_shape(t, peak, power):
    """A rise and fall that is 1 at ``peak`` and 0 at time 0: (t/peak)^n * exp(n(1 - t/peak))."""
    x = np.clip(np.asarray(t, dtype=float) / peak, 0, None)
    return x**power * np.exp(power * (1 - x))


@functools.lru_cache(maxsize=None)
def _soreness_shape() -> tuple[float, float]:
    """(peak in h, power): peak in the middle of the 24-72 h window, 10 % left when it 'subsides'."""
    p = damage_parameters()
    peak = (p["soreness_peak_early"] + p["soreness_peak_late"]) / 2
    x = 24 * p["soreness_gone"] / peak
    return peak, math.log(0.1) / (math.log(x) + 1 - x)


@functools.lru_cache(maxsize=None)
def _ck_shape() -> tuple[float, float, float]:
    """(peak day, power, rise at the peak as a multiple of baseline) fitted to days 4 and 7."""
    p = damage_parameters()
    peak_rise = p["ck_rise_day4"] / 100
    ratio = p["ck_rise_day7"] / p["ck_rise_day4"]
    x = 7 / 4
    return 4.0, math.log(ratio) / (math.log(x) + 1 - x), peak_rise


def soreness_curve(hours_after):
    """Delayed-onset muscle soreness after an unaccustomed bout, as a fraction of its peak.

    A rise-and-fall curve that peaks at 48 h (the middle of the published 24-72 h)
    and is down to a tenth of its peak at 7 days; at 24 h and 72 h it is still
    above 0.7 of the peak.

    Units: hours_after in h (number or array, from 0); result 0 to 1.

    Source: Cheung K, Hume P, Maxwell L 2003, "Delayed onset muscle soreness:
    treatment strategies and performance factors", Sports Med 33:145-164.

    Limits: how sore is personal and not on any published scale here; only the
    timing is modelled. A second, similar bout weeks later hurts much less (the
    repeated-bout effect), which this curve does not show.
    """
    peak, power = _soreness_shape()
    value = _gamma_shape(checked_times("hours_after", hours_after, "h"), peak, power)
    return float(value) if np.ndim(value) == 0 else value


def ck_curve(days_after, damage=1.0, baseline_u_l=100.0):
    """Serum creatine kinase after an unaccustomed eccentric bout, in U/L.

    ``baseline * (1 + damage * R * shape(t))``, where ``R`` = 64.2 is the mean rise at
    day 4 (+6420 %) and the shape is fitted so day 7 gives +2100 %; day 10 then
    comes out near +210 % (published +311 %). ``damage`` scales the bout: 1.0 is
    the study's 50 maximal eccentric elbow-flexor contractions in an average
    volunteer.

    Units: days_after in days (number or array, from 0); damage 0 to 20 (times the
    study's mean); baseline_u_l in U/L (20 to 1000); result in U/L.

    Source: Clarkson PM, Kearns AK, Rouzier P, Rubin R, Thompson PD 2006, "Serum
    creatine kinase levels and renal function measures in exertional muscle
    damage", Med Sci Sports Exerc 38:623-627 (203 volunteers).

    Limits: the study sampled days 4, 7 and 10 only, so the exact peak day is
    assumed at day 4. People differ enormously (peak CK 236 to 25,244 U/L in one
    study of ten men: Nosaka and Clarkson 1996, Int J Sports Med 17:120-127).
    Running, marathons and heat produce other time courses (CK peaks sooner).
    """
    damage = check_number("damage", damage, 0, 20, "times the study's mean bout")
    baseline = check_number("baseline_u_l", baseline_u_l, 20, 1000, "U/L")
    peak_day, power, peak_rise = _ck_shape()
    shape = _gamma_shape(checked_times("days_after", days_after, "days"), peak_day, power)
    value = baseline * (1 + damage * peak_rise * shape)
    return float(value) if np.ndim(value) == 0 else value


@dataclass(frozen=True)
class ExertionCourse:
    """Days after a bout, CK (U/L) and soreness (fraction of peak) on a common time grid."""

    days: np.ndarray
    ck_u_l: np.ndarray
    soreness: np.ndarray

    @property
    def peak_ck_u_l(self) -> float:
        return float(self.ck_u_l.max())

    @property
    def peak_ck_day(self) -> float:
        return float(self.days[int(np.argmax(self.ck_u_l))])

    @property
    def peak_soreness_hours(self) -> float:
        return float(24 * self.days[int(np.argmax(self.soreness))])


def exertion_course(damage=1.0, baseline_u_l=100.0, days=10.0, points_per_day=24) -> ExertionCourse:
    """Soreness and CK from the end of a bout to ``days`` later (see :func:`ck_curve`).

    Units: damage in multiples of the study's mean bout; baseline CK in U/L;
    days 1 to 30; points_per_day 1 to 96.

    Sources: Cheung et al. 2003 (soreness); Clarkson et al. 2006 (CK).

    Limits: those of :func:`soreness_curve` and :func:`ck_curve`.
    """
    days = check_number("days", days, 1, 30, "days")
    per_day = check_int("points_per_day", points_per_day, 1, 96, "points")
    grid = np.linspace(0.0, days, int(days * per_day) + 1)
    return ExertionCourse(
        days=grid,
        ck_u_l=ck_curve(grid, damage, baseline_u_l),
        soreness=soreness_curve(24 * grid),
    )


def rhabdomyolysis_threshold(uln_u_l) -> float:
    """5 times the laboratory's upper limit of CK, in U/L: the line studies of rhabdomyolysis use.

    ``uln_u_l``: the laboratory's upper limit of normal (U/L, 20 to 2000).

    Source: row ``ck_study_multiple`` of ``data/clinical_thresholds.csv`` (Clarkson et
    al. 2006, Med Sci Sports Exerc 38:623-627; Kenney et al. 2012, Muscle Nerve 45:356-362).

    Limits: a convention used in studies, not a definition. Healthy volunteers pass it
    after hard eccentric work without kidney harm (Clarkson et al. 2006), and in 499
    recruits the mean CK a week into training was about 1,200 U/L with no clinical
    rhabdomyolysis (Kenney et al. 2012, who found 50 times the limit more specific).
    Rhabdomyolysis is a clinical syndrome: symptoms (weakness, swelling, dark urine) and
    kidney function decide, which doctors judge.
    """
    uln = check_number("uln_u_l", uln_u_l, 20, 2000, "U/L")
    return threshold("ck_study_multiple") * uln


def ck_times_uln(ck_u_l, uln_u_l) -> float:
    """CK as a multiple of the upper limit of normal (ck and limit in U/L).

    The limit has no default: it differs by laboratory, sex (the course's table: women 192,
    men 308 U/L) and ancestry (higher in people of African ancestry; Kenney et al. 2012,
    Muscle Nerve 45:356-362), so the caller passes the person's own laboratory limit.
    """
    ck = check_number("ck_u_l", ck_u_l, 0, 1e6, "U/L")
    uln = check_number("uln_u_l", uln_u_l, 20, 2000, "U/L")
    return ck / uln


def classify_ck(ck_u_l, uln_u_l) -> str:
    """``"normal"`` (up to the limit), ``"raised"``, or ``"above 5x limit"`` (the study convention).

    ``"above 5x limit"`` names where a result lies against the line studies use; it is not
    a diagnosis of rhabdomyolysis, which is clinical (see :func:`assess_ck`).

    Units: U/L. Source and limits: see :func:`rhabdomyolysis_threshold`.
    """
    multiple = ck_times_uln(ck_u_l, uln_u_l)
    if multiple > threshold("ck_study_multiple"):
        return "above 5x limit"
    return "raised" if multiple > 1 else "normal"


def assess_ck(ck_u_l, uln_u_l, dark_urine=False) -> tuple[str, str]:
    """The verdict on a CK result after exertion: ``(level, words)``.

    ``"alarm"`` with dark urine, whatever the CK (a red flag: a doctor the same day);
    ``"warn"`` above 50 times the limit (more specific for exertional rhabdomyolysis,
    Kenney et al. 2012); ``"note"`` above the limit, including above the 5 times that
    studies use (healthy exercisers pass it); ``"ok"`` up to the limit. CK and limit in U/L.

    Source: rows ``ck_study_multiple`` and ``ck_specific_multiple`` of
    ``data/clinical_thresholds.csv`` (Clarkson et al. 2006; Kenney et al. 2012); red
    flags as in Bosch, Poch and Grau 2009, N Engl J Med 361:62-72.
    Limits: judges a number and one sign, not a person: symptoms and kidney function decide.
    """
    multiple = ck_times_uln(ck_u_l, uln_u_l)
    if not isinstance(dark_urine, (bool, np.bool_)):
        raise InputError(f"dark_urine = {dark_urine!r} is not allowed: expected True or False")
    study, specific = threshold("ck_study_multiple"), threshold("ck_specific_multiple")
    if dark_urine:
        return "alarm", ("Red flag: dark urine after exertion needs a doctor the same day, whatever the CK. "
                         "Rhabdomyolysis is a clinical syndrome (pain, weakness, swelling, dark urine) and can harm the kidneys.")
    if multiple > specific:
        return "warn", (f"CK is {multiple:.0f} x the upper limit, above the {specific:g} x that Kenney et al. 2012 found "
                        "more specific for exertional rhabdomyolysis. Weakness, swelling, dark urine and kidney "
                        "function decide, which doctors judge.")
    if multiple > study:
        return "note", (f"CK is {multiple:.1f} x the upper limit, above the {study:g} x that studies use as a line, "
                        "which is not a definition: healthy volunteers and recruits pass it after hard exercise without "
                        "harm. Weakness, swelling or dark urine are what make it urgent.")
    if multiple > 1:
        return "note", "CK is raised but below 5 x the upper limit: ordinary damage that repairs."
    return "ok", "CK stays within the normal range."


def strain_grades():
    """Muscle strains graded I-III: what is torn, the signs, and lay-off days in football.

    Columns: ``grade, name, what_is_torn, signs, mri_grade, layoff_mean_days,
    layoff_sd_days, share_of_injuries_pct, source``.

    Sources: Jarvinen TA et al. 2005, Am J Sports Med 33:745-764 (grades);
    Ekstrand J et al. 2012, Br J Sports Med 46:112-117 (lay-off of 516 hamstring
    injuries in professional football, by MRI grade 1-3; mean +/- SD days).
    ``share_of_injuries_pct`` is the share of the injuries examined by MRI (about 58 % of the
    516), not of all 516; grade 0 (nothing on MRI) makes up the rest.

    Limits: professional footballers with daily medical care, not the general
    public; lay-off varies widely within a grade (grade III: 73 +/- 60 days).
    """
    return load_table(
        "muscle_growth_strain_grades.csv",
        required=("grade", "name", "what_is_torn", "signs"),
        numeric=("mri_grade", "layoff_mean_days", "layoff_sd_days", "share_of_injuries_pct"),
    )


def strain_recovery_days(grade) -> tuple[float, float]:
    """Mean and standard deviation of lay-off days for a strain grade ``"I"``, ``"II"`` or ``"III"``.

    Source and limits: see :func:`strain_grades` (Ekstrand et al. 2012).
    """
    table = strain_grades()
    grade = check_choice("grade", grade, list(table["grade"]))
    row = table[table["grade"] == grade].iloc[0]
    return float(row["layoff_mean_days"]), float(row["layoff_sd_days"])
