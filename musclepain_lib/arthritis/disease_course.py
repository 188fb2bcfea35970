"""A teaching model of rheumatoid arthritis over the years: flares, treatment, lasting damage.

Pure functions (numpy only). The model is deliberately simple and its constants are
chosen to teach one idea, not fitted to patients: joint damage grows while inflammation
is high and never shrinks, so the same treatment started later leaves more damage.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from musclepain_lib.core.clinical import threshold
from musclepain_lib.core.validation import check_int, check_number

__all__ = ["DiseaseCourse", "disease_course", "REMISSION_DAS28", "TREATED_FLOOR_DAS28"]

#: DAS28 below which the model lets no damage accrue (the remission cut-off, das-score.nl,
#: from ``data/clinical_thresholds.csv``).
REMISSION_DAS28 = threshold("das28_remission_below")
#: The activity the model's treatment pulls towards (a teaching value, below remission).
TREATED_FLOOR_DAS28 = 2.0
#: Damage units per DAS28 point above remission per year (a teaching scale, not Sharp units).
DAMAGE_RATE = 1.0
#: Weeks-to-months onset of a disease-modifying drug, as a time constant in years (12 weeks).
TREATMENT_ONSET_YEARS = 12 / 52
#: How long a flare takes to fade, as a time constant in years (about 5 weeks).
FLARE_DECAY_YEARS = 5 / 52
FLARE_SIZE_DAS28 = 1.2
STEPS_PER_YEAR = 52


@dataclass(frozen=True)
class DiseaseCourse:
    """One modelled course: weekly time points, activity, damage and the events behind them."""

    t_years: np.ndarray
    das28: np.ndarray
    untreated_das28: np.ndarray
    damage: np.ndarray
    flare_years: np.ndarray
    treatment_start_years: float | None

    @property
    def final_damage(self) -> float:
        return float(self.damage[-1])


def _flare_times(years: float, flares_per_year: float, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    count = rng.poisson(flares_per_year * years)
    return np.sort(rng.uniform(0.0, years, count))


def _untreated_activity(t: np.ndarray, level: float, flares: np.ndarray) -> np.ndarray:
    since = t[None, :] - flares[:, None]
    bumps = np.where(since >= 0, np.exp(-np.clip(since, 0, None) / FLARE_DECAY_YEARS), 0.0)
    return level + FLARE_SIZE_DAS28 * bumps.sum(axis=0)


def _treatment_effect(t: np.ndarray, start: float | None, effect: float) -> np.ndarray:
    if start is None:
        return np.zeros_like(t)
    since = np.clip(t - start, 0, None)
    return np.where(t >= start, effect * (1 - np.exp(-since / TREATMENT_ONSET_YEARS)), 0.0)


def disease_course(
    years=10.0,
    treatment_start_years=1.0,
    treatment_effect=0.7,
    flares_per_year=2.0,
    untreated_das28=5.5,
    seed=1,
) -> DiseaseCourse:
    """Disease activity (on the DAS28 scale) and accumulated joint damage, week by week.

    Untreated, activity sits at ``untreated_das28`` with flares (random, seeded: a
    Poisson process of ``flares_per_year``) that add 1.2 DAS28 points and fade over about
    5 weeks. From ``treatment_start_years`` (None: never treated) a treatment removes the
    fraction ``treatment_effect`` of the activity above 2.0, taking effect over about 12
    weeks, flares included. Damage grows by 1 unit per DAS28 point above 2.6 (the
    remission cut-off) per year, and never falls.

    Units: years; activity in DAS28 points; damage in teaching units (not Sharp units).

    Source: the shape follows observations, not a fitted model: radiographic progression
    tracks time-averaged disease activity (Welsing et al. 2004, Arthritis Rheum
    50:2082-2093); erosions do not heal when inflammation is controlled, and earlier
    treatment leaves less damage (Smolen et al. 2023 EULAR recommendations, Ann Rheum Dis
    82:3-18; Aletaha and Smolen 2018, JAMA 320:1360-1372).

    Limits: a teaching model. Real damage also depends on serology, smoking and the
    first months' erosions; treatment can reach remission or fail entirely; activity is
    not a single number in a real joint; the constants are illustrative.
    """
    span = check_number("years", years, 0.5, 30, "years")
    effect = check_number("treatment_effect", treatment_effect, 0, 0.95, "(fraction of activity removed)")
    rate = check_number("flares_per_year", flares_per_year, 0, 12, "flares per year")
    level = check_number("untreated_das28", untreated_das28, REMISSION_DAS28, 9, "DAS28 points")
    seed = check_int("seed", seed, 0, 2**31 - 1)
    start = None
    if treatment_start_years is not None:
        start = check_number("treatment_start_years", treatment_start_years, 0, span, "years")
    t = np.linspace(0.0, span, int(round(span * STEPS_PER_YEAR)) + 1)
    flares = _flare_times(span, rate, seed)
    untreated = _untreated_activity(t, level, flares)
    das28 = TREATED_FLOOR_DAS28 + (untreated - TREATED_FLOOR_DAS28) * (1 - _treatment_effect(t, start, effect))
    excess = np.clip(das28 - REMISSION_DAS28, 0, None)
    damage = np.concatenate([[0.0], np.cumsum(DAMAGE_RATE * 0.5 * (excess[1:] + excess[:-1]) * np.diff(t))])
    return DiseaseCourse(t, das28, untreated, damage, flares, start)
