"""Lesson 01 explorers: every control to its ends, random combinations, presets, messages."""

import random

import pytest

from musclepain_lib import InputError
from musclepain_lib.core.plotting import figure_to_png
from musclepain_lib.electrolytes import (
    explorer,
    medicines_explorer,
    plot_equilibrium_potentials,
    plot_potassium_and_resting_potential,
    sweat_explorer,
)
from explorer_values import control_ends, random_control_value

EXPLORERS = [explorer, sweat_explorer, medicines_explorer]


@pytest.mark.slow  # a sweep of every control: `make test` runs it, `make unit` leaves it out
@pytest.mark.parametrize("make", EXPLORERS)
def test_every_control_moved_to_its_ends_redraws_without_a_traceback(make):
    lab = make().explorer
    for name, spec in lab.specs.items():
        for value in control_ends(spec):
            before = lab.image.value
            lab.views[name].value = value
            assert lab.last_error is None, (name, value)
            assert lab.reading.description
            if value != spec.default and not lab.reading.description.startswith("No figure"):
                assert lab.image.value != before, (name, value)
        lab.reset()


@pytest.mark.slow  # a sweep of every control: `make test` runs it, `make unit` leaves it out
@pytest.mark.parametrize("make", EXPLORERS)
def test_random_combinations_give_a_figure_or_a_message(make):
    rng = random.Random(2026)
    lab = make().explorer
    for _ in range(12):
        values = {name: random_control_value(spec, rng) for name, spec in lab.specs.items()}
        lab.set_values(**values)
        assert lab.last_error is None, values
        assert lab.reading.description


@pytest.mark.parametrize("make", EXPLORERS)
def test_each_explorer_opens_with_a_figure_and_a_static_fallback(make):
    widget = make()
    lab = widget.explorer
    assert bytes(lab.image.value).startswith(b"\x89PNG")
    html = lab.static_html()
    assert "<img" in html and lab.reading.description.split(":")[0] in html
    assert widget._repr_mimebundle_()["text/plain"].startswith(lab.title)


def test_moving_external_potassium_changes_the_image_and_depolarises_the_membrane():
    lab = explorer().explorer
    before = lab.image.value
    lab.views["k_out"].value = 7.0
    assert lab.image.value != before
    assert lab.reading.level == "warn" and "depolarised" in lab.reading.verdict
    assert "would be reported high" in lab.reading.details[0]


def test_hypokalaemia_preset_hyperpolarises_and_flags_a_low_lab_value():
    lab = explorer(preset="hypokalaemia").explorer
    assert lab.values["k_out"] == 2.5
    assert "hyperpolarised" in lab.reading.verdict
    assert "reported low" in lab.reading.details[0]


def test_the_membrane_explorer_redraws_the_same_bars_in_place():
    lab = explorer().explorer
    bars = lab.artists["bars"]
    lab.views["na_in"].value = 30
    assert lab.artists["bars"] is bars
    assert len(lab.figure.axes) == 1


def test_over_drinking_preset_shows_marked_hyponatraemia():
    lab = sweat_explorer(preset="over_drinking_marathon").explorer
    assert lab.reading.level == "alarm"
    assert "hyponatraemia" in lab.reading.verdict


def test_drinking_a_little_less_than_is_sweated_keeps_sodium_in_range():
    lab = sweat_explorer(drink_rate=0.8, sweat_rate=1.0).explorer
    assert lab.reading.level == "ok"


def test_the_hot_day_preset_warns_of_dehydration_rather_than_low_sodium():
    lab = sweat_explorer(preset="hot_day_without_drinking").explorer
    assert lab.reading.level in ("note", "warn")
    assert "hyponatraemia" not in lab.reading.verdict


def test_sweating_away_the_bodys_water_shows_a_message_instead_of_a_figure():
    lab = sweat_explorer().explorer
    lab.set_values(weight_kg=40.0, sex="female", hours=8.0, sweat_rate=2.5)
    assert lab.last_error is None
    assert lab.reading.description.startswith("No figure")
    assert "more than the body's" in lab.reading.verdict
    assert lab.image.layout.display == "none"
    lab.reset()
    assert lab.image.layout.display is None


def test_a_sports_drink_slows_but_does_not_stop_the_fall_of_sodium():
    water = sweat_explorer(preset="over_drinking_marathon").explorer
    sports = sweat_explorer(preset="over_drinking_marathon").explorer
    sports.views["drink"].value = "sports drink"
    low_water = float(water.reading.description.split(" to ")[1].split()[0])
    low_sports = float(sports.reading.description.split(" to ")[1].split()[0])
    assert low_water < low_sports < 135


def test_the_medicines_filter_for_raised_calcium_shows_thiazides_and_lithium():
    lab = medicines_explorer(preset="raise_calcium").explorer
    assert "2 medicine groups" in lab.reading.description
    assert "thiazide diuretics" in lab.reading.description and "lithium" in lab.reading.description
    assert "loop diuretics" not in lab.reading.description


def test_the_medicines_filter_for_lowered_magnesium_includes_proton_pump_inhibitors():
    lab = medicines_explorer(ion="Mg", effect="down").explorer
    assert "proton-pump inhibitors" in lab.reading.description
    assert all("Source:" in line for line in lab.reading.details)


def test_the_unfiltered_medicines_table_includes_statins():
    assert "statins" in medicines_explorer().explorer.reading.description


def test_an_unknown_preset_or_control_is_refused_with_its_name():
    with pytest.raises(InputError, match="preset"):
        explorer(preset="hypercalcaemia")
    with pytest.raises(InputError, match="k_outside"):
        explorer(k_outside=5)
    with pytest.raises(InputError, match="k_out"):
        explorer(k_out=50)


def test_lesson_figures_render():
    for figure in (plot_equilibrium_potentials(), plot_equilibrium_potentials("neuron"), plot_potassium_and_resting_potential()):
        assert figure_to_png(figure).startswith(b"\x89PNG")


def test_a_neuron_at_normal_potassium_rests_near_minus_65_mv_without_a_warning():
    lab = explorer(preset="neuron").explorer
    assert lab.reading.level == "ok"
    assert "-64.9 mV" in lab.reading.verdict
