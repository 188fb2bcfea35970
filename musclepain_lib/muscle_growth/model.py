"""Training load as fitness minus fatigue: the Banister impulse-response model.

Every session leaves two traces: a large, short-lived fatigue and a smaller,
long-lived fitness. Performance is their difference. Loads are in arbitrary
training units (AU), for example a training impulse (TRIMP) per day; days are
whole days, day 0 first.
"""

from __future__ import annotations

import math

import numpy as np

from musclepain_lib.core.data import load_table
from musclepain_lib.core.errors import InputError
from musclepain_lib.core.validation import check_int, check_number, check_series

__all__ = [
    "banister",
    "banister_components",
    "banister_response_times",
    "training_plan",
    "published_fits",
    "MAX_DAYS",
    "MAX_LOAD",
]

#: The longest series the model computes: ten years of days.
MAX_DAYS = 3650
#: The largest daily load accepted, in arbitrary training units (AU).
MAX_LOAD = 10_000.0
_MAX_GAIN = 100.0
_MAX_TAU = 1000.0


def _check_constants(k1, k2, tau1, tau2):
    return (
        check_number("k1", k1, 0, _MAX_GAIN, "performance units per AU"),
        check_number("k2", k2, 0, _MAX_GAIN, "performance units per AU"),
        check_number("tau1", tau1, 0, _MAX_TAU, "days", low_open=True),
        check_number("tau2", tau2, 0, _MAX_TAU, "days", low_open=True),
    )


def _checked_loads(loads, days):
    series = check_series("loads", loads, 0, MAX_LOAD, "AU")
    if len(series) > MAX_DAYS:
        raise InputError(f"loads has {len(series)} values: expected at most {MAX_DAYS} days")
    if days is None:
        days = max(len(series), 1)
    days = check_int("days", days, 1, MAX_DAYS, "days")
    padded = np.zeros(days)
    padded[: min(days, len(series))] = series[:days]
    return padded, days


def _impulse_response(loads: np.ndarray, tau: float) -> np.ndarray:
    """sum over s < t of loads[s] * exp(-(t - s) / tau), for every day t."""
    days = len(loads)
    with np.errstate(over="ignore"):  # a tau near 0: exp(-inf) is rightly 0, no warning needed
        kernel = np.exp(-np.arange(days) / tau)
    kernel[0] = 0.0  # a day's load acts from the next day on
    return np.convolve(loads, kernel)[:days]


def banister_components(loads, days=None, k1=1.0, k2=2.0, tau1=45.0, tau2=15.0):
    """Fitness and fatigue on days 0..days-1: ``(k1 * g1, k2 * g2)`` of the Banister model.

    Units: loads in arbitrary training units (AU) per day; fitness and fatigue in
    the same performance units as :func:`banister`. ``banister`` is ``p0 + fitness - fatigue``.

    Source: Banister EW, Calvert TW, Savage MV, Bach T 1975, Aust J Sports Med 7:57-61.

    Limits: both traces are linear in the load, so doubling every session doubles
    both; real adaptation saturates and real fatigue grows faster than linearly
    with heavy loads (Busso 2003, Med Sci Sports Exerc 35:1188-1195).
    """
    k1, k2, tau1, tau2 = _check_constants(k1, k2, tau1, tau2)
    series, _days = _checked_loads(loads, days)
    return k1 * _impulse_response(series, tau1), k2 * _impulse_response(series, tau2)


def banister(loads, days=None, k1=1.0, k2=2.0, tau1=45.0, tau2=15.0, p0=0.0) -> np.ndarray:
    """Performance on days 0..days-1 from daily training loads (Banister fitness-fatigue model).

    ``p(t) = p0 + k1*sum_{s<t} w(s)*exp(-(t-s)/tau1) - k2*sum_{s<t} w(s)*exp(-(t-s)/tau2)``:
    a day's load ``w(s)`` acts from the next day on. ``days`` defaults to ``len(loads)``;
    days beyond the loads given count as rest (load 0).

    Units: loads in arbitrary training units (AU, e.g. a training impulse) per day,
    0 to 10000; k1, k2 in performance units per AU (0 to 100); tau1 (fitness) and
    tau2 (fatigue) in days, above 0; p0 the starting performance in performance units.

    Source: Banister EW, Calvert TW, Savage MV, Bach T 1975, "A systems model of
    training for athletic performance", Aust J Sports Med 7:57-61. The default
    constants k1 = 1, k2 = 2, tau1 = 45 days, tau2 = 15 days are round values of
    the size fitted to athletes (tau1 38 days, 95 % CI 17-59, and tau2 19 days,
    6-32, in nine elite swimmers: Hellard et al. 2006, J Sports Sci 24:509-520;
    see :func:`published_fits`); fitted values differ widely between athletes.

    Limits: a teaching model. It is linear (no saturation, no overtraining
    syndrome, no injury), its constants are fitted per person and drift over a
    season, and "performance" is a single abstract number.
    """
    p0 = check_number("p0", p0, -1e6, 1e6, "performance units")
    fitness, fatigue = banister_components(loads, days, k1, k2, tau1, tau2)
    return p0 + fitness - fatigue


def banister_response_times(k1, k2, tau1, tau2) -> tuple[float, float]:
    """Days after one session until performance is back to baseline, and until it peaks.

    After a single load at day 0, ``p(t) - p0`` is proportional to
    ``k1*exp(-t/tau1) - k2*exp(-t/tau2)``. With fatigue the larger but shorter
    response (k2 > k1, tau1 > tau2) it first dips below baseline, crosses it at
    ``t_n = tau1*tau2/(tau1-tau2) * ln(k2/k1)`` and peaks at
    ``t_g = tau1*tau2/(tau1-tau2) * ln(k2*tau1/(k1*tau2))``.

    Units: k1, k2 in performance units per AU (above 0); tau1, tau2 in days; the
    two times in days (continuous time; the daily series crosses and peaks on the
    whole days around them).

    Source: Fitz-Clarke JR, Morton RH, Banister EW 1991, "Optimizing athletic
    performance by influence curves", J Appl Physiol 71:1151-1158.

    Limits: the closed forms have no meaning unless k2 > k1 and tau1 > tau2 (a
    session that never leaves you worse off, or fatigue outlasting fitness); such
    constants raise :class:`InputError`. They describe one session; a block of
    sessions peaks later.
    """
    k1 = check_number("k1", k1, 0, _MAX_GAIN, "performance units per AU", low_open=True)
    k2 = check_number("k2", k2, 0, _MAX_GAIN, "performance units per AU", low_open=True)
    tau1 = check_number("tau1", tau1, 0, _MAX_TAU, "days", low_open=True)
    tau2 = check_number("tau2", tau2, 0, _MAX_TAU, "days", low_open=True)
    if k2 <= k1:
        raise InputError(
            f"k2 = {k2:g} is not allowed: expected a number above k1 = {k1:g} performance units "
            "per AU (fatigue must outweigh fitness at first for a dip and a later peak)"
        )
    if tau1 <= tau2:
        raise InputError(
            f"tau1 = {tau1:g} is not allowed: expected a number above tau2 = {tau2:g} days "
            "(fitness must outlast fatigue for performance to recover and peak)"
        )
    scale = tau1 * tau2 / (tau1 - tau2)
    # Differences of logarithms: k2 / k1 overflows for a k1 near 0.
    gains = math.log(k2) - math.log(k1)
    return scale * gains, scale * (gains + math.log(tau1) - math.log(tau2))


def training_plan(sessions_per_week, load, weeks, taper_days=0, taper_fraction=0.5) -> np.ndarray:
    """Daily loads of a simple plan: equal sessions spread over each week, then a taper.

    ``weeks`` of training with ``sessions_per_week`` sessions of ``load`` AU (spread as
    evenly as whole days allow), followed by ``taper_days`` in which the same sessions
    carry ``taper_fraction`` of the load. Returns one load per day.

    Units: sessions per week 0 to 7; load in AU per session (0 to 10000); weeks 1
    to 104; taper in days (0 to 42); taper_fraction 0 to 1.

    Source: a plain schedule for the Banister model; tapers of about two weeks
    with the training volume cut by 41-60 % improved performance most in the
    meta-analysis of Bosquet L et al. 2007, Med Sci Sports Exerc 39:1358-1365.

    Limits: real plans vary load from day to day and raise it over weeks.
    """
    sessions = check_int("sessions_per_week", sessions_per_week, 0, 7, "sessions")
    load = check_number("load", load, 0, MAX_LOAD, "AU")
    weeks = check_int("weeks", weeks, 1, 104, "weeks")
    taper_days = check_int("taper_days", taper_days, 0, 42, "days")
    fraction = check_number("taper_fraction", taper_fraction, 0, 1, "")
    week = np.zeros(7)
    week[[(7 * i) // sessions for i in range(sessions)] if sessions else []] = load
    training = np.tile(week, weeks)
    taper = np.resize(week, taper_days) * fraction if taper_days else np.zeros(0)
    return np.concatenate([training, taper])


def published_fits():
    """Banister constants and response times fitted to real athletes, with 95 % confidence intervals.

    Columns: ``quantity, symbol, estimate, ci_low, ci_high, unit, source`` (days).

    Source: Hellard P, Avalos M, Lacoste L, Barale F, Chatard JC, Millet GP 2006,
    "Assessing the limitations of the Banister model in monitoring training",
    J Sports Sci 24:509-520 (nine elite swimmers, one season).

    Limits: one small group of one sport; the wide intervals are the point: the
    constants of one person are hard to pin down.
    """
    return load_table(
        "muscle_growth_banister_fits.csv",
        required=("quantity", "symbol", "unit"),
        numeric=("estimate", "ci_low", "ci_high"),
    )
