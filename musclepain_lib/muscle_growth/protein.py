"""Muscle protein balance: synthesis minus breakdown, hour by hour, and the mass it adds.

Muscle protein is rebuilt all the time: about 0.04 % of it is made, and as much
broken down, every hour at rest. A resistance session raises both for about two
days, synthesis far more than breakdown; protein in the diet supplies what the
extra synthesis is built from. The net balance, added up over weeks, is growth.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np

from musclepain_lib.core.data import load_table
from musclepain_lib.core.validation import check_choice, check_int, check_number
from musclepain_lib.core.validation import checked_times

__all__ = [
    "protein_parameters",
    "exercise_rise",
    "protein_use",
    "lasting_share",
    "protein_balance",
    "ProteinBalance",
]

_TABLE = "muscle_growth_protein_turnover.csv"


def protein_parameters() -> dict[str, float]:
    """The published constants of the protein model, by name (see the data table for sources)."""
    table = load_table(_TABLE, required=("parameter", "unit"), numeric=("value",))
    return dict(zip(table["parameter"], table["value"].astype(float)))


@functools.lru_cache(maxsize=None)
def _rise_shapes() -> dict[str, tuple[float, float]]:
    """(amplitude, time constant in h) of the exponential through the 3 h and 24 h rises."""
    p = protein_parameters()
    shapes = {}
    for kind in ("synthesis", "breakdown"):
        early, late = p[f"{kind}_rise_3h"] / 100, p[f"{kind}_rise_24h"] / 100
        tau = (24 - 3) / math.log(early / late)
        shapes[kind] = (early * math.exp(3 / tau), tau)
    return shapes


def exercise_rise(hours_after, kind="synthesis"):
    """Fractional rise of muscle protein synthesis or breakdown after one session.

    Returns ``A * exp(-t / tau)``, the exponential through
    the published rises at 3 h and 24 h: synthesis +112 % and +65 % (A = 1.21,
    tau = 38 h), breakdown +31 % and +18 % (A = 0.34, tau = 39 h). Its value at
    48 h (synthesis +34 %, breakdown back near rest) is a check, not a fit.

    Units: hours_after in h (a number or an array, from 0); the result is a fraction (1.0 = +100 %).

    Source: Phillips SM, Tipton KD, Aarsland A, Wolf SE, Wolfe RR 1997, "Mixed
    muscle protein synthesis and breakdown after resistance exercise in humans",
    Am J Physiol 273:E99-E107 (untrained volunteers, fasted).

    Limits: one exponential per process; trained muscle responds less and for a
    shorter time (Phillips et al. 1999, Am J Physiol 276:E118-E124).
    """
    kind = check_choice("kind", kind, ("synthesis", "breakdown"))
    amplitude, tau = _rise_shapes()[kind]
    rise = amplitude * np.exp(-np.asarray(checked_times("hours_after", hours_after, "h")) / tau)
    return float(rise) if rise.ndim == 0 else rise


def protein_use(protein_g_per_kg) -> float:
    """Share (0 to 1) of the exercise-raised synthesis that the diet's protein can supply.

    Rises in proportion to daily protein up to 1.62 g per kg body mass per day,
    where lean-mass gains stopped rising in the meta-analysis of Morton RW et al.
    2018, Br J Sports Med 52:376-384; 1 above that.

    Units: protein_g_per_kg in g/kg/day, 0 to 4.

    Limits: a straight line is the simplest shape that is 0 with no protein and
    flat above the plateau; trials find smaller differences at ordinary intakes
    (about 1-1.2 g/kg/day) than this line suggests.
    """
    protein = check_number("protein_g_per_kg", protein_g_per_kg, 0, 4, "g/kg/day")
    return min(protein / protein_parameters()["protein_plateau"], 1.0)


@dataclass(frozen=True)
class ProteinBalance:
    """Hourly protein turnover and the muscle it builds.

    ``hours`` from the start; ``synthesis``, ``breakdown`` and ``net`` in %/h of
    muscle protein; ``days`` (0..n) and ``mass_change_pct`` (change of muscle mass
    since day 0, in %, at the start of each day).
    """

    hours: np.ndarray
    synthesis: np.ndarray
    breakdown: np.ndarray
    net: np.ndarray
    days: np.ndarray
    mass_change_pct: np.ndarray

    @property
    def final_change_pct(self) -> float:
        return float(self.mass_change_pct[-1])


def _session_hours(sessions_per_week: int, weeks: int) -> np.ndarray:
    days = [(7 * i) // sessions_per_week for i in range(sessions_per_week)] if sessions_per_week else []
    return np.array([24.0 * (7 * w + d) + 18.0 for w in range(weeks) for d in days])


def _summed_rise(hours: np.ndarray, sessions: np.ndarray, kind: str) -> np.ndarray:
    """Sum of :func:`exercise_rise` over the sessions so far, on a grid of whole hours.

    Exponentials add up through a running sum: sum_s A*exp(-(t-s)/tau) = A*exp(-t/tau)*sum_s exp(s/tau).
    """
    amplitude, tau = _rise_shapes()[kind]
    impulses = np.zeros_like(hours)
    np.add.at(impulses, np.searchsorted(hours, sessions), 1.0)
    return amplitude * np.exp(-hours / tau) * np.cumsum(impulses * np.exp(hours / tau))


@functools.lru_cache(maxsize=None)
def lasting_share() -> float:
    """Share of the net balance that stays as muscle, fitted once to a published mean gain.

    Summing the acute net balance of every session predicts several times the
    growth that training studies measure: much of the extra synthesis replaces
    damaged or remodelled protein (Damas F et al. 2016, J Physiol 594:5209-5222).
    The share is chosen so that the calibration plan of the data table (3
    sessions a week for 16 weeks, enough protein) gives the mean quadriceps gain
    of Mitchell CJ et al. 2014, PLoS One 9:e89431 (+7.9 %).
    """
    p = protein_parameters()
    weeks, per_week = int(p["calibration_weeks"]), int(p["calibration_sessions_per_week"])
    _hours, synthesis, breakdown = _turnover(per_week, weeks, 1.0)
    summed = float(np.sum(synthesis - breakdown) / 100.0)
    return math.log(1 + p["calibration_gain"] / 100.0) / summed


def _turnover(sessions_per_week: int, weeks: int, use: float):
    hours = np.arange(0, 24 * 7 * weeks, 1.0)
    sessions = _session_hours(sessions_per_week, weeks)
    rest = protein_parameters()["fsr_rest"]
    synthesis = rest * (1 + use * _summed_rise(hours, sessions, "synthesis"))
    breakdown = rest * (1 + _summed_rise(hours, sessions, "breakdown"))
    return hours, synthesis, breakdown


def protein_balance(sessions_per_week=3, protein_g_per_kg=1.6, weeks=12) -> ProteinBalance:
    """Muscle protein synthesis, breakdown and net balance hour by hour, and the mass change.

    Sessions are spread evenly over each week (at 18:00). At rest synthesis and
    breakdown are equal (0.04 %/h: a weight-stable adult). After each session
    breakdown rises as measured, and synthesis rises as measured times the share
    the diet can supply (:func:`protein_use`): with no protein, net balance goes
    negative after training, as Phillips et al. 1997 found in fasted volunteers.
    Mass grows by the net balance times :func:`lasting_share`.

    Units: sessions_per_week 0 to 7; protein_g_per_kg in g/kg/day (0 to 4); weeks
    1 to 52; rates in %/h; mass change in %.

    Sources: Phillips SM et al. 1997, Am J Physiol 273:E99-E107 (rates);
    Morton RW et al. 2018, Br J Sports Med 52:376-384 (protein plateau);
    Mitchell CJ et al. 2014, PLoS One 9:e89431 (calibration).

    Limits: a teaching model of averages. It leaves out meal timing, sleep, age,
    sex hormones, energy balance, the smaller response of trained muscle, and
    the large differences between people (Hubal et al. 2005); a real muscle does
    not keep growing at the same rate for months.
    """
    per_week = check_int("sessions_per_week", sessions_per_week, 0, 7, "sessions")
    use = protein_use(protein_g_per_kg)
    weeks = check_int("weeks", weeks, 1, 52, "weeks")
    hours, synthesis, breakdown = _turnover(per_week, weeks, use)
    net = synthesis - breakdown
    daily_net = net.reshape(-1, 24).sum(axis=1) / 100.0
    growth = np.concatenate([[0.0], np.cumsum(daily_net * lasting_share())])
    return ProteinBalance(
        hours=hours,
        synthesis=synthesis,
        breakdown=breakdown,
        net=net,
        days=np.arange(len(growth), dtype=float),
        mass_change_pct=100.0 * np.expm1(growth),
    )
