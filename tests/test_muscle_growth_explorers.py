"""The lesson 03 explorers: every control to its ends, random combinations, presets, messages."""

import random
import subprocess
import sys

import numpy as np
import pytest

from musclepain_lib import InputError
from musclepain_lib.core.explorer import Slider
from musclepain_lib.muscle_growth import exertion_explorer, explorer, protein_explorer
from musclepain_lib.muscle_growth.protein import protein_balance
from musclepain_lib.muscle_growth.widget import _protein_plan_bounds
from explorer_values import control_ends

EXPLORERS = [explorer, protein_explorer, exertion_explorer]


# Start where every control matters (the taper load only acts when there is a taper).
STARTS = [(explorer, {"taper_days": 14}), (protein_explorer, {}), (exertion_explorer, {})]


@pytest.mark.slow  # a sweep of every control: `make test` runs it, `make unit` leaves it out
@pytest.mark.parametrize("make, start", STARTS, ids=lambda x: getattr(x, "__name__", ""))
def test_every_control_at_both_ends_draws_a_new_figure_without_error(make, start):
    live = make(**start).explorer
    opening = live.values
    for name, spec in live.specs.items():
        for value in control_ends(spec):
            before = live.image.value
            live.views[name].value = value
            assert live.last_error is None
            assert live.reading.description
            if live.image.layout.display != "none" and value != opening[name]:
                assert live.image.value != before, f"{name} = {value} did not change the figure"
        live.views[name].value = opening[name]


@pytest.mark.slow  # a sweep of every control: `make test` runs it, `make unit` leaves it out
@pytest.mark.parametrize("make", EXPLORERS, ids=lambda f: f.__name__)
def test_random_combinations_give_a_figure_or_a_message_never_a_traceback(make):
    rng = random.Random(3)
    live = make().explorer
    for _ in range(8):
        values = {}
        for name, spec in live.specs.items():
            if isinstance(spec, Slider):
                steps = round((spec.high - spec.low) / spec.step)
                value = spec.low + spec.step * rng.randint(0, steps)
                values[name] = int(round(value)) if spec.integer else round(value, 6)
            else:
                values[name] = rng.choice(control_ends(spec))
        live.set_values(**values)
        assert live.last_error is None
        assert live.reading.description


@pytest.mark.slow  # every preset opening is checked for all explorers in test_presets.py
@pytest.mark.parametrize("make", EXPLORERS, ids=lambda f: f.__name__)
def test_every_preset_opens_cleanly_and_says_what_it_shows(make):
    for name in make().explorer.presets:
        live = make(preset=name).explorer
        assert live.last_error is None
        assert live.reading.verdict and live.reading.description


# Other controls at their ends and in between, where a control is dragged over all its values.
SESSION_DRAGS = [
    (explorer, {}),
    (explorer, {"load": 200.0, "weeks": 26, "taper_days": 28, "taper_percent": 100.0}),
    (explorer, {"load": 5.0, "weeks": 1, "taper_days": 3, "taper_percent": 0.0}),
    (explorer, {"load": 150.0, "weeks": 4}),
    (protein_explorer, {}),
    (protein_explorer, {"protein_g_per_kg": 0.0, "weeks": 26}),
    (protein_explorer, {"protein_g_per_kg": 2.5, "weeks": 1}),
    (protein_explorer, {"protein_g_per_kg": 0.3, "weeks": 16}),
]
PROTEIN_DRAGS = [{}, {"sessions_per_week": 7, "weeks": 26}, {"sessions_per_week": 0, "weeks": 1}, {"sessions_per_week": 1, "weeks": 8}]


def drag_keeps_the_axes_and_never_cuts_a_curve(live, control):
    spec = live.specs[control]
    shown = set()
    for value in np.linspace(spec.low, spec.high, round((spec.high - spec.low) / spec.step) + 1):
        live.views[control].value = int(round(value)) if spec.integer else round(float(value), 6)
        assert live.last_error is None
        axes = live.figure.axes
        shown.add(tuple(limit for ax in axes for limit in (*ax.get_xlim(), *ax.get_ylim())))
        for line in live.artists["lines"]:
            low, high = line.axes.get_ylim()
            ydata = np.asarray(line.get_ydata(), dtype=float)
            assert low <= ydata.min() and ydata.max() <= high, (control, value, line.get_label())
    assert len(shown) == 1, f"the axes change with {control}: {shown}"


@pytest.mark.parametrize("make, others", SESSION_DRAGS, ids=lambda x: getattr(x, "__name__", ""))
def test_dragging_the_sessions_a_week_keeps_the_axes_and_never_cuts_a_curve(make, others):
    drag_keeps_the_axes_and_never_cuts_a_curve(make(**others).explorer, "sessions_per_week")


@pytest.mark.parametrize("others", PROTEIN_DRAGS)
def test_dragging_the_protein_keeps_the_axes_and_never_cuts_a_curve(others):
    drag_keeps_the_axes_and_never_cuts_a_curve(protein_explorer(**others).explorer, "protein_g_per_kg")


LOAD_DRAGS = [{}, {"sessions_per_week": 7, "weeks": 4}, {"sessions_per_week": 1, "weeks": 26, "taper_days": 28},
              {"sessions_per_week": 3, "weeks": 1, "taper_days": 3, "taper_percent": 0.0}]


@pytest.mark.parametrize("others", LOAD_DRAGS)
def test_a_load_drag_cuts_no_curve_and_moves_the_performance_axis_only_with_the_effect_axis(others):
    live = explorer(**others).explorer
    changes = 0
    shown = None
    for load in np.arange(0.0, 201.0, 5.0):
        live.views["load"].value = float(load)
        now = [ax.get_ylim() for ax in live.figure.axes]
        if shown is not None:
            effect_changed, performance_changed = (now[i] != shown[i] for i in range(2))
            assert effect_changed or not performance_changed, f"at load {load:g} the performance axis moved alone: {shown} -> {now}"
            changes += effect_changed
        shown = now
        for line in live.artists["lines"]:
            low, high = line.axes.get_ylim()
            ydata = np.asarray(line.get_ydata(), dtype=float)
            assert low <= ydata.min() and ydata.max() <= high, (load, line.get_label())
    # Round limits: the axes stay put over most of the drag.
    assert changes <= 16, changes


@pytest.mark.parametrize("weeks", [1, 2, 12, 26])
def test_no_plan_the_protein_sliders_allow_leaves_the_bounds_its_axes_are_set_by(weeks):
    peak, low, high = _protein_plan_bounds(weeks)
    for sessions in range(8):
        for grams in np.round(np.arange(0.0, 2.51, 0.1), 1):
            plan = protein_balance(sessions, float(grams), weeks)
            assert plan.synthesis[: 7 * 24].max() <= peak, (sessions, grams)
            assert low <= plan.mass_change_pct.min() and plan.mass_change_pct.max() <= high, (sessions, grams)


def test_a_taper_longer_than_the_training_follows_the_block_as_the_model_builds_it():
    live = explorer(weeks=1, taper_days=14).explorer
    assert live.last_error is None
    assert live.image.layout.display != "none"
    assert "then a 14-day taper" in live.reading.description
    assert "taper_days" not in live.reading.description


def test_overreaching_preset_leaves_the_athlete_below_baseline_after_the_plan():
    assert explorer(preset="overreaching").explorer.reading.level == "warn"


def test_a_taper_is_what_makes_race_day_fresh():
    live = explorer(preset="taper_for_race").explorer
    fresh = live.reading.description
    live.views["taper_days"].value = 0
    assert live.reading.description != fresh


def test_low_protein_preset_shows_a_net_loss_of_muscle():
    live = protein_explorer(preset="low_protein").explorer
    assert live.reading.level == "warn" and "-" in live.reading.description


def test_dark_urine_is_always_a_red_flag_even_with_a_small_bout():
    live = exertion_explorer(damage=0.05, dark_urine=True).explorer
    assert live.reading.level == "alarm"
    assert "doctor" in live.reading.verdict


def test_the_studys_average_bout_passes_the_five_times_line_without_dark_urine_and_without_alarm():
    live = exertion_explorer(preset="first_eccentric_session").explorer
    assert live.reading.level == "note"
    assert "not a definition" in live.reading.verdict
    assert "1,540 U/L" in live.reading.description


def test_a_higher_lab_limit_moves_the_five_times_line():
    live = exertion_explorer(damage=0.1).explorer
    live.views["uln"].value = 400
    assert "2,000 U/L" in live.reading.description


@pytest.mark.parametrize(
    "make, bad",
    [
        (explorer, {"weeks": 0}),
        (explorer, {"load": -5}),
        (protein_explorer, {"protein_g_per_kg": float("nan")}),
        (exertion_explorer, {"uln": 10_000}),
        (exertion_explorer, {"colour": "dark"}),
    ],
)
def test_impossible_start_values_are_refused_naming_the_control(make, bad):
    with pytest.raises(InputError, match=next(iter(bad))):
        make(**bad)


def test_an_unknown_preset_is_refused_listing_the_known_ones():
    with pytest.raises(InputError, match="overreaching"):
        explorer(preset="marathon")


def test_importing_the_models_does_not_import_widgets_or_matplotlib():
    code = (
        "import sys; from musclepain_lib.muscle_growth import banister, protein_balance, classify_ck; "
        "print('ipywidgets' in sys.modules or 'matplotlib' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_the_static_figures_are_figures_with_axes():
    from musclepain_lib.muscle_growth import (
        plot_heritability,
        plot_single_session,
        plot_strain_grades,
        plot_training_responses,
    )

    for plot in (plot_single_session, plot_training_responses, plot_heritability, plot_strain_grades):
        assert plot().axes
