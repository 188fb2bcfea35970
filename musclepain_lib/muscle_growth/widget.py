"""Explorers and static figures for lesson 03 (muscle growth, strain and over-exertion).

Every figure is computed through the public model functions of
:mod:`musclepain_lib.muscle_growth`; the explorers redraw one figure in place.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from matplotlib.ticker import NullLocator

from musclepain_lib.core.explorer import Explorer, Preset, Reading, Slider, Toggle
from musclepain_lib.core.manifest import topic
from musclepain_lib.core.plotting import PALETTE, few_ticks, moving, new_figure, nice_limit, set_limits
from musclepain_lib.core.validation import check_int, check_number
from musclepain_lib.muscle_growth.damage import (
    DEFAULT_CK_ULN,
    assess_ck,
    damage_parameters,
    exertion_course,
    rhabdomyolysis_threshold,
    strain_grades,
)
from musclepain_lib.muscle_growth.model import (
    MAX_DAYS,
    MAX_LOAD,
    banister_components,
    banister_response_times,
    training_plan,
)
from musclepain_lib.muscle_growth.protein import protein_balance, protein_parameters
from musclepain_lib.muscle_growth.variation import genetic_diversity, heritability, training_responses

# The names this module offers are listed once, in the course manifest.
__all__ = list(topic(__name__).widget_names)

#: Days shown after the end of a training plan, so the peak after it is visible.
FOLLOW_UP_DAYS = 42


# ----- training plan: fitness, fatigue, performance ---------------------------------------

TRAINING_CONTROLS = [
    Slider("sessions_per_week", "Sessions per week", "", 4, 0, 7, 1, integer=True),
    Slider("load", "Load per session", "AU", 60.0, 0.0, 200.0, 5.0),
    Slider("weeks", "Weeks of training", "weeks", 12, 1, 26, 1, integer=True),
    Slider("taper_days", "Taper", "days", 0, 0, 28, 1, integer=True),
    Slider("taper_percent", "Load during the taper", "%", 50.0, 0.0, 100.0, 5.0),
]

TRAINING_PRESETS = (
    Preset(
        "steady_build",
        {"sessions_per_week": 3, "load": 50.0, "weeks": 12, "taper_days": 0},
        "3 sessions a week of 50 AU for 12 weeks, no taper",
    ),
    Preset(
        "taper_for_race",
        {"sessions_per_week": 5, "load": 80.0, "weeks": 12, "taper_days": 14, "taper_percent": 50.0},
        "5 sessions a week of 80 AU for 12 weeks, then a 14-day taper at half load: fatigue fades before race day",
    ),
    Preset(
        "overreaching",
        {"sessions_per_week": 7, "load": 150.0, "weeks": 4, "taper_days": 0},
        "7 heavy sessions a week for 4 weeks: performance sinks below baseline and recovers only weeks later",
    ),
)


def _setup_training(figure):
    trace_ax, perf_ax = figure.subplots(2, 1, sharex=True)
    (fitness,) = trace_ax.plot([], [], color=PALETTE["blue"], label="fitness (k1 = 1, tau1 = 45 d)")
    (fatigue,) = trace_ax.plot([], [], color=PALETTE["orange"], ls="--", label="fatigue (k2 = 2, tau2 = 15 d)")
    trace_ax.set_ylabel("effect (units)")
    trace_ax.legend(loc="upper left")
    (performance,) = perf_ax.plot([], [], color=PALETTE["green"], label="performance = fitness - fatigue")
    perf_ax.axhline(0, color=PALETTE["black"], lw=0.8)
    plan_end = perf_ax.axvline(0, color=PALETTE["vermillion"], ls=":", lw=1.5, label="day after the last session")
    (peak,) = perf_ax.plot([], [], "v", color=PALETTE["black"], ms=8, label="best day")
    perf_ax.set_ylabel("performance (units)")
    perf_ax.set_xlabel("day")
    perf_ax.legend(loc="upper left")
    few_ticks(trace_ax, perf_ax)
    moving(fitness, fatigue, performance, peak, plan_end)
    return {"axes": (trace_ax, perf_ax), "lines": (fitness, fatigue, performance, peak), "plan_end": plan_end}


def _against_baseline(performance) -> str:
    """Performance in words: a value below 0 is below the untrained baseline, where fatigue outweighs fitness."""
    if round(performance) < 0:
        return f"{-performance:.0f} units below the baseline of 0 (fatigue outweighs fitness)"
    return f"{performance:.0f} units"


def _training_reading(values, performance, race_day):
    best = int(np.argmax(performance))
    race = performance[race_day]
    plan = (
        f"{values['sessions_per_week']} sessions a week of {values['load']:g} AU for {values['weeks']} "
        + ("week" if values["weeks"] == 1 else "weeks")
        + (f", then a {values['taper_days']}-day taper at {values['taper_percent']:g} % load" if values["taper_days"] else "")
    )
    description = (
        f"Fitness, fatigue and performance (Banister model) for {plan}. On the day after the last session "
        f"performance is {_against_baseline(race)}; the best day is day {best} at {performance[best]:.0f} units."
    )
    lowest = float(performance[: race_day + 1].min())
    details = [f"Lowest performance during the plan: {lowest:.0f} units (baseline 0)."]
    if values["sessions_per_week"] == 0 or values["load"] == 0:
        return Reading(description, "No training load: nothing changes.", "note", details)
    if race < 0:
        verdict = "Still tired on the day after the plan: fatigue outweighs fitness. A taper would let fatigue fade first."
        return Reading(description, verdict, "warn", details)
    if best > race_day:
        verdict = f"Fitter than at the start; rest lifts performance further, to its best {best - race_day} days after the plan."
        return Reading(description, verdict, "ok", details)
    return Reading(description, "Performance is at its best on the day after the plan.", "ok", details)


def _plan_components(values, sessions_per_week):
    """Daily loads, fitness and fatigue of the explorer's plan with ``sessions_per_week``."""
    # The taper follows the block, as training_plan() builds it, so any taper length is a plan.
    loads = training_plan(
        sessions_per_week, values["load"], values["weeks"], values["taper_days"], values["taper_percent"] / 100.0
    )
    return (loads, *banister_components(loads, days=len(loads) + FOLLOW_UP_DAYS))


@lru_cache(maxsize=64)
def _every_day_bounds(load, weeks, taper_days, taper_percent) -> tuple[float, float]:
    """The highest fitness or fatigue, and the largest performance swing, of the plan with
    7 sessions a week: computed once per plan, so a sessions drag adds no model run."""
    values = {"load": load, "weeks": weeks, "taper_days": taper_days, "taper_percent": taper_percent}
    _loads, fitness, fatigue = _plan_components(values, 7)
    return max(float(fitness.max()), float(fatigue.max())), float(np.abs(fitness - fatigue).max())


def _update_training(artists, values):
    loads, fitness, fatigue = _plan_components(values, values["sessions_per_week"])
    race_day = len(loads)
    days = race_day + FOLLOW_UP_DAYS
    performance = fitness - fatigue
    t = np.arange(days)
    fitness_line, fatigue_line, perf_line, peak = artists["lines"]
    fitness_line.set_data(t, fitness)
    fatigue_line.set_data(t, fatigue)
    perf_line.set_data(t, performance)
    best = int(np.argmax(performance))
    peak.set_data([best], [performance[best]])
    artists["plan_end"].set_xdata([race_day, race_day])
    trace_ax, perf_ax = artists["axes"]
    # Round limits stay put while a slider moves the curves a little (and the eye keeps its bearings).
    # They do not depend on the sessions a week: the model is linear in the loads and 7 sessions
    # a week load every day, so no plan's fitness or fatigue rises above that plan's (same load,
    # weeks and taper); its performance bounds the others' over every slider value too, and the
    # current curves count as well, so no limit cuts a curve. A sessions drag then redraws only
    # the curves, and the learner sees them grow on fixed axes.
    every_day_top, every_day_swing = _every_day_bounds(
        values["load"], values["weeks"], values["taper_days"], values["taper_percent"]
    )
    top = max(10.0, fitness.max(), fatigue.max(), every_day_top)
    effect_limit = nice_limit(top * 1.1)
    set_limits(trace_ax, xlim=(0, nice_limit(days - 1)), ylim=(0, effect_limit))
    # The performance axis gets the same room above its bound as the effect axis (at least a
    # tenth): since every curve grows in proportion to the load, it then changes only at loads
    # where the effect axis changes too (a drag over the load slider's 41 values redraws the
    # whole figure at 13-14 of them; at 23 when each axis was rounded on its own).
    swing = max(np.abs(performance).max(), every_day_swing)
    span = nice_limit(max(10.0, swing) * effect_limit / top)
    set_limits(perf_ax, ylim=(-span, span))
    return _training_reading(values, performance, race_day)


def explorer(preset=None, **start_values):
    """A training plan drawn as fitness, fatigue and performance (Banister model).

    Controls: sessions per week, load per session (AU), weeks, taper length (days)
    and the load kept during the taper (%). The figure shows the fitness and
    fatigue the daily loads leave, and performance (fitness minus fatigue), with
    the day after the last session and the best day marked.

    Presets for a class: ``TRAINING_PRESETS`` (each with a line saying what the class sees).
    """
    return Explorer.declared(
        __name__, "explorer", TRAINING_CONTROLS, _setup_training, _update_training,
        start_values=start_values, presets=TRAINING_PRESETS, preset=preset, figsize=(7.5, 5.4),
        # Every control: lesson 03's exercise sets the taper.
        key_controls=("sessions_per_week", "load", "weeks", "taper_days", "taper_percent"),
        active_when={"taper_percent": lambda values: values["taper_days"] > 0},
    ).widget


# ----- protein and training: balance and mass -----------------------------------------------

PROTEIN_CONTROLS = [
    Slider("sessions_per_week", "Sessions per week", "", 3, 0, 7, 1, integer=True),
    Slider("protein_g_per_kg", "Protein per day", "g/kg", 1.6, 0.0, 2.5, 0.1),
    Slider("weeks", "Weeks of training", "weeks", 12, 1, 26, 1, integer=True),
]

PROTEIN_PRESETS = (
    Preset(
        "enough_protein",
        {"sessions_per_week": 3, "protein_g_per_kg": 1.6, "weeks": 16},
        "3 sessions a week with 1.6 g/kg/day of protein for 16 weeks",
    ),
    Preset(
        "low_protein",
        {"sessions_per_week": 3, "protein_g_per_kg": 0.3, "weeks": 16},
        "The same training on 0.3 g/kg/day: breakdown wins",
    ),
)

_FIRST_WEEK_HOURS = 7 * 24


def _setup_protein(figure):
    rate_ax, mass_ax = figure.subplots(2, 1)
    rest = protein_parameters()["fsr_rest"]
    (synthesis,) = rate_ax.plot([], [], color=PALETTE["blue"], label="synthesis")
    (breakdown,) = rate_ax.plot([], [], color=PALETTE["orange"], ls="--", label="breakdown")
    rate_ax.axhline(rest, color=PALETTE["grey"], lw=0.8, ls=":", label=f"rest ({rest:g} %/h)")
    rate_ax.set_xlim(0, 7)
    rate_ax.set_ylim(0, 0.1)
    rate_ax.set_xlabel("day of the first week")
    rate_ax.set_ylabel("muscle protein (%/h)")
    rate_ax.legend(loc="lower center", ncols=3)
    (mass,) = mass_ax.plot([], [], color=PALETTE["green"])
    mass_ax.axhline(0, color=PALETTE["black"], lw=0.8)
    mass_ax.set_xlabel("week")
    mass_ax.set_ylabel("muscle mass change (%)")
    few_ticks(rate_ax, mass_ax)
    moving(synthesis, breakdown, mass)
    return {"axes": (rate_ax, mass_ax), "lines": (synthesis, breakdown, mass)}


@lru_cache(maxsize=64)
def _protein_plan_bounds(weeks) -> tuple[float, float, float]:
    """Peak synthesis in the first week, and the lowest and highest mass change, of every plan
    the sliders allow over ``weeks``: computed once per weeks, so that a sessions or a protein
    drag adds no model run and keeps the axes.

    Every session adds its rise of synthesis and more protein raises it, so 7 sessions a week
    with the most protein bound synthesis; mass change moves the same way with each added
    session, down with no protein and up with the most, so 7 sessions a week with none and with
    the most bound it (checked over every slider value)."""
    protein = next(spec for spec in PROTEIN_CONTROLS if spec.name == "protein_g_per_kg")
    least, most = (protein_balance(7, grams, weeks) for grams in (protein.low, protein.high))
    return (float(most.synthesis[:_FIRST_WEEK_HOURS].max()), float(least.mass_change_pct.min()),
            float(most.mass_change_pct.max()))


def _update_protein(artists, values):
    result = protein_balance(values["sessions_per_week"], values["protein_g_per_kg"], values["weeks"])
    synthesis, breakdown, mass = artists["lines"]
    first = slice(0, _FIRST_WEEK_HOURS)
    synthesis.set_data(result.hours[first] / 24, result.synthesis[first])
    breakdown.set_data(result.hours[first] / 24, result.breakdown[first])
    mass.set_data(result.days / 7, result.mass_change_pct)
    rate_ax, mass_ax = artists["axes"]
    # Round limits that depend on the weeks alone: a sessions or protein drag redraws only the
    # curves, and the learner sees them rise and fall on fixed axes. The current result counts
    # too, so no limit cuts a curve.
    plan_peak, plan_low, plan_high = _protein_plan_bounds(values["weeks"])
    peak_synthesis = max(float(result.synthesis[first].max()), plan_peak)
    set_limits(rate_ax, ylim=(0, nice_limit(max(0.1, 1.1 * peak_synthesis))))
    low = min(result.mass_change_pct.min(), plan_low, -1.0)
    high = max(result.mass_change_pct.max(), plan_high, 1.0)
    set_limits(mass_ax, xlim=(0, values["weeks"]), ylim=(-nice_limit(-1.1 * low), nice_limit(1.1 * high)))
    change = result.final_change_pct
    first_week_net = float(result.net[first].sum())
    description = (
        f"Muscle protein synthesis and breakdown in the first week, and muscle mass over {values['weeks']} weeks, "
        f"with {values['sessions_per_week']} sessions a week and {values['protein_g_per_kg']:g} g/kg protein a day: "
        f"net balance over the first week {first_week_net:+.2f} % of muscle protein; mass change after "
        f"{values['weeks']} weeks {change:+.1f} %."
    )
    details = [f"Synthesis peaks at {result.synthesis.max():.3f} %/h, breakdown at {result.breakdown.max():.3f} %/h."]
    if values["sessions_per_week"] == 0:
        return Reading(description, "No training: synthesis and breakdown stay equal and mass does not change.", "note", details)
    if change < 0:
        verdict = "Net loss: training raises breakdown, and without enough protein synthesis cannot keep up."
        return Reading(description, verdict, "warn", details)
    return Reading(description, f"Net gain of {change:.1f} % of muscle mass in this model.", "ok", details)


def protein_explorer(preset=None, **start_values):
    """Protein and training: muscle protein synthesis, breakdown and mass over weeks.

    Controls: sessions per week, protein per day (g per kg body mass), weeks.
    Top: synthesis and breakdown hour by hour in the first week; bottom: the
    change of muscle mass over the weeks.

    Presets for a class: ``PROTEIN_PRESETS`` (each with a line saying what the class sees).
    """
    return Explorer.declared(
        __name__, "protein_explorer", PROTEIN_CONTROLS, _setup_protein, _update_protein,
        start_values=start_values, presets=PROTEIN_PRESETS, preset=preset, figsize=(7.5, 5.6),
    ).widget


# ----- exertion: soreness, CK and the 5 x line of studies ----------------------------------------

EXERTION_CONTROLS = [
    Slider("damage", "Size of the bout", "x study mean", 1.0, 0.0, 5.0, 0.05),
    Slider("baseline_ck", "CK before exercise", "U/L", 100.0, 30.0, 300.0, 10.0),
    Slider("uln", "Lab upper limit of CK", "U/L", DEFAULT_CK_ULN, 100.0, 400.0, 2.0),
    Toggle("dark_urine", "Dark (cola-coloured) urine", False),
]

EXERTION_PRESETS = (
    Preset(
        "first_eccentric_session",
        {"damage": 1.0, "dark_urine": False},
        "The average volunteer of Clarkson et al. 2006: CK far above the line by day 4, yet no kidney harm",
    ),
    Preset(
        "light_unaccustomed_work",
        {"damage": 0.02, "dark_urine": False},
        "A small bout: sore, CK barely raised",
    ),
    Preset(
        "red_flag",
        {"damage": 3.0, "dark_urine": True},
        "A large bout with dark urine: a red flag, see a doctor the same day",
    ),
)

_EXERTION_DAYS = 10.0


def _setup_exertion(figure):
    sore_ax, ck_ax = figure.subplots(2, 1, sharex=True, height_ratios=[1, 2])
    (soreness,) = sore_ax.plot([], [], color=PALETTE["purple"])
    early, late = damage_parameters()["soreness_peak_early"], damage_parameters()["soreness_peak_late"]
    sore_ax.axvspan(early / 24, late / 24, color=PALETTE["sky"], alpha=0.15, label=f"{early:g}-{late:g} h")
    sore_ax.set_ylim(0, 1.1)
    sore_ax.set_ylabel("soreness\n(share of peak)")
    sore_ax.legend(loc="upper right")
    (ck,) = ck_ax.plot([], [], color=PALETTE["blue"], label="creatine kinase")
    uln = ck_ax.axhline(DEFAULT_CK_ULN, color=PALETTE["grey"], ls=":", label="upper limit of normal")
    danger = ck_ax.axhline(rhabdomyolysis_threshold(DEFAULT_CK_ULN), color=PALETTE["vermillion"], ls="--", lw=2,
                           label="5 x upper limit (study convention)")
    ck_ax.set_yscale("log")
    ck_ax.yaxis.set_minor_locator(NullLocator())  # decades are enough, and each tick costs drawing time
    ck_ax.set_ylim(20, 1e6)
    ck_ax.set_xlim(0, _EXERTION_DAYS)
    ck_ax.set_xlabel("days after the bout")
    ck_ax.set_ylabel("CK (U/L, log scale)")
    ck_ax.legend(loc="upper right")
    few_ticks(sore_ax, ck_ax)
    flag = ck_ax.text(
        0.02, 0.95, "", transform=ck_ax.transAxes, va="top", color=PALETTE["vermillion"], fontweight="bold"
    )
    moving(soreness, ck, uln, danger, flag)
    return {"lines": (soreness, ck), "uln": uln, "danger": danger, "flag": flag}


def _exertion_reading(values, course, threshold):
    peak = course.peak_ck_u_l
    description = (
        f"Soreness and creatine kinase for {_EXERTION_DAYS:g} days after an unaccustomed eccentric bout "
        f"{values['damage']:g} times the study's mean: soreness peaks at {course.peak_soreness_hours:.0f} h; CK peaks "
        f"at {peak:,.0f} U/L on day {course.peak_ck_day:.0f} ({peak / values['uln']:.1f} x the upper limit); "
        f"the 5 x line that studies use is at {threshold:,.0f} U/L."
    )
    details = ["Dark urine after exertion can be myoglobin from broken-down muscle."] if values["dark_urine"] else []
    level, verdict = assess_ck(peak, values["uln"], values["dark_urine"])
    return Reading(description, verdict, level, details)


def _exertion_course(values):
    """The model's course of soreness and CK for the control values."""
    return exertion_course(values["damage"], values["baseline_ck"], _EXERTION_DAYS, points_per_day=12)


def _exertion_verdict(values) -> tuple[str, str]:
    return assess_ck(_exertion_course(values).peak_ck_u_l, values["uln"], values["dark_urine"])


def _update_exertion(artists, values):
    course = _exertion_course(values)
    threshold = rhabdomyolysis_threshold(values["uln"])
    soreness, ck = artists["lines"]
    sore_values = course.soreness if values["damage"] > 0 else np.zeros_like(course.soreness)
    soreness.set_data(course.days, sore_values)
    ck.set_data(course.days, course.ck_u_l)
    artists["uln"].set_ydata([values["uln"], values["uln"]])
    artists["danger"].set_ydata([threshold, threshold])
    artists["flag"].set_text("RED FLAG: dark urine,\nsee a doctor today" if values["dark_urine"] else "")
    return _exertion_reading(values, course, threshold)


def exertion_explorer(preset=None, **start_values):
    """Soreness and creatine kinase after unaccustomed eccentric exercise, with the 5 x line of studies.

    Controls: size of the bout (times the mean of Clarkson et al. 2006, 50 maximal
    eccentric contractions), CK before exercise, the laboratory's upper limit of
    normal (U/L) and whether the urine is dark. The CK panel marks the upper limit
    and 5 times it (a convention of studies, not a definition); the verdict (from
    :func:`assess_ck`) says in plain words
    what the numbers mean, and treats dark urine as a red flag.

    Presets for a class: ``EXERTION_PRESETS`` (each with a line saying what the class sees).
    """
    return Explorer.declared(
        __name__, "exertion_explorer", EXERTION_CONTROLS, _setup_exertion, _update_exertion,
        start_values=start_values, presets=EXERTION_PRESETS, preset=preset, figsize=(7.5, 5.4),
        # Every control: lesson 03 asks the learner to tick dark urine.
        key_controls=("damage", "baseline_ck", "uln", "dark_urine"), verdict=_exertion_verdict,
    ).widget


# ----- static figures of the lesson ------------------------------------------------------------


def plot_single_session(k1=1.0, k2=2.0, tau1=45.0, tau2=15.0, load=100.0, days=80):
    """Figure: fitness, fatigue and performance after one session, with t_n and t_g marked.

    ``load``: the session's load, 0 to 10000 AU; ``days``: 1 to 3650 days shown.
    """
    load = check_number("load", load, 0.0, MAX_LOAD, "AU")
    days = check_int("days", days, 1, MAX_DAYS, "days")
    fitness, fatigue = banister_components([load], days=days, k1=k1, k2=k2, tau1=tau1, tau2=tau2)
    to_baseline, to_peak = banister_response_times(k1, k2, tau1, tau2)
    figure, axes = new_figure(7.5, 4.0)
    t = np.arange(days)
    axes.plot(t, fitness, color=PALETTE["blue"], label="fitness")
    axes.plot(t, -fatigue, color=PALETTE["orange"], ls="--", label="minus fatigue")
    axes.plot(t, fitness - fatigue, color=PALETTE["green"], lw=2.5, label="performance")
    axes.axhline(0, color=PALETTE["black"], lw=0.8)
    for day, text in ((to_baseline, "back to baseline"), (to_peak, "peak")):
        axes.axvline(day, color=PALETTE["grey"], ls=":")
        axes.annotate(f"{text}\nday {day:.1f}", (day, 0), xytext=(4, 8), textcoords="offset points")
    axes.set_xlabel("days after one session")
    axes.set_ylabel("change in performance (units)")
    axes.legend(loc="lower right")
    return figure


def plot_training_responses():
    """Figure: the range of change after the same training, per study and measure."""
    table = training_responses()
    figure, axes = new_figure(7.5, 3.2)
    y = np.arange(len(table))[::-1]
    axes.hlines(y, table["low_pct"], table["high_pct"], color=PALETTE["blue"], lw=8, label="lowest to highest")
    has_mean = table["mean_pct"].notna()
    axes.plot(table["mean_pct"][has_mean], y[has_mean.to_numpy()], "D", color=PALETTE["black"], label="mean")
    labels = [f"{r.study}: {r.label}\n(n = {r.n:.0f}, {r.weeks:.0f} weeks)" for r in table.itertuples()]
    axes.set_yticks(y, labels)
    axes.axvline(0, color=PALETTE["black"], lw=0.8)
    axes.set_xlabel("change after the same programme (%)")
    axes.legend(loc="lower right")
    return figure


def plot_heritability():
    """Figure: twin heritability of muscle traits, and where human genetic diversity lies."""
    traits, diversity = heritability(), genetic_diversity()
    figure, (left, right) = new_figure(7.5, 5.0, nrows=2)
    left.barh(traits["trait"][::-1], traits["heritability"][::-1], color=PALETTE["blue"])
    left.set_xlim(0, 1)
    left.set_xlabel("heritability (twin study, 0 to 1)")
    left.set_title("Inherited share of differences", fontsize=11)
    levels = [level.replace(" of ", "\nof ").replace("people ", "people\n") for level in diversity["level"]]
    right.barh(levels[::-1], diversity["percent"][::-1], color=PALETTE["green"])
    for y, value in enumerate(diversity["percent"][::-1]):
        right.annotate(f"{value:.1f} %", (value, y), xytext=(4, 0), textcoords="offset points", va="center")
    right.set_xlim(0, 120)
    right.set_xlabel("% of human DNA diversity")
    right.set_title("Where DNA differences lie", fontsize=11)
    return figure


def plot_strain_grades():
    """Figure: days lost per strain grade (mean and SD), hamstring injuries in football."""
    table = strain_grades()
    figure, axes = new_figure(7.5, 3.0)
    labels = [f"grade {g}: {n}" for g, n in zip(table["grade"], table["name"])]
    axes.barh(labels[::-1], table["layoff_mean_days"][::-1], xerr=table["layoff_sd_days"][::-1],
              color=PALETTE["vermillion"], capsize=4)
    axes.set_xlabel("days out of training and matches (mean and SD)")
    return figure
