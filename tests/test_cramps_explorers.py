"""Lesson 02 explorers and figures: every control to its ends, random combinations, presets."""

import random
import sys

import numpy as np
import pytest

from musclepain_lib import InputError
from musclepain_lib.core.plotting import figure_to_png
from musclepain_lib.cramps import (
    cramp_explorer,
    explorer,
    fi_curve_explorer,
    plot_action_potential,
    plot_gating_curves,
    plot_gating_shift,
    plot_repetitive_firing,
    plot_threshold,
    plot_threshold_against_calcium,
    plot_twitch_summation,
)
from explorer_values import random_control_value

EXPLORERS = [explorer, cramp_explorer, fi_curve_explorer]


@pytest.mark.slow  # a sweep of every control: `make test` runs it, `make unit` leaves it out
@pytest.mark.parametrize("make", EXPLORERS)
def test_every_control_moved_to_its_ends_redraws_the_figure_without_a_traceback(make):
    lab = make().explorer
    for name, spec in lab.specs.items():
        for value in (spec.low, spec.high):
            if value == lab.views[name].value:
                continue
            before = lab.image.value
            lab.views[name].value = value
            assert lab.last_error is None, (name, value)
            assert not lab.reading.description.startswith("No figure"), (name, value)
            assert lab.image.value != before, (name, value)
        lab.reset()


@pytest.mark.slow  # a sweep of every control: `make test` runs it, `make unit` leaves it out
@pytest.mark.parametrize("make", EXPLORERS)
def test_random_combinations_always_give_a_figure_and_a_reading(make):
    rng = random.Random(2026)
    lab = make().explorer
    for _ in range(8):
        values = {name: random_control_value(spec, rng) for name, spec in lab.specs.items()}
        lab.set_values(**values)
        assert lab.last_error is None, values
        assert lab.reading.description and lab.reading.verdict


def test_the_nerve_explorer_reads_silent_one_spike_repetitive_and_firing_by_itself():
    lab = explorer().explorer
    words = {}
    for current, ca in ((0.0, 1.2), (2.3, 1.2), (10.0, 1.2), (0.0, 0.45)):
        lab.set_values(current_ua_cm2=current, ionized_ca=ca)
        words[(current, ca)] = lab.reading.verdict.split(":")[0]
    assert words == {
        (0.0, 1.2): "Silent", (2.3, 1.2): "One spike",
        (10.0, 1.2): "Repetitive firing", (0.0, 0.45): "Firing by itself",
    }
    lab.set_values(current_ua_cm2=10.0, ionized_ca=1.2)
    assert "68 Hz" in lab.reading.description


def test_the_cramp_explorer_cramps_at_low_calcium_and_relaxes_at_normal_calcium():
    lab = cramp_explorer().explorer
    assert lab.reading.verdict.startswith("Relaxed")
    lab.set_values(ionized_ca=0.45)
    assert lab.reading.verdict.startswith("Cramp") and lab.reading.level == "alarm"
    lab.set_values(ionized_ca=1.2, command_ua_cm2=3.0)
    assert lab.reading.verdict.startswith("One spike, one twitch")
    lab.set_values(command_ua_cm2=10.0)
    assert lab.reading.verdict.startswith("Voluntary contraction")


def test_low_magnesium_makes_the_muscle_cramp_at_a_higher_calcium():
    lab = cramp_explorer().explorer
    lab.set_values(ionized_ca=0.75)
    assert not lab.reading.verdict.startswith("Cramp")
    lab.set_values(magnesium=0.4)
    assert lab.reading.verdict.startswith("Cramp")


def test_the_f_i_explorer_shows_low_calcium_firing_at_a_smaller_current():
    lab = fi_curve_explorer(preset="hypocalcaemia").explorer
    assert lab.reading.verdict.startswith("More excitable")
    lab.apply_preset("hypercalcaemia")
    assert lab.reading.verdict.startswith("Less excitable")


@pytest.mark.slow  # every preset opening is checked for all explorers in test_presets.py
@pytest.mark.parametrize("make", EXPLORERS)
def test_every_preset_opens_without_error(make):
    lab = make().explorer
    assert lab.presets
    for name in lab.presets:
        lab.apply_preset(name)
        assert lab.last_error is None, name
        opened = make(preset=name).explorer
        assert opened.reading.description == lab.reading.description


@pytest.mark.parametrize("make", EXPLORERS)
def test_impossible_start_values_and_unknown_presets_are_refused_with_a_message(make):
    with pytest.raises(InputError, match="ionized_ca"):
        make(ionized_ca=-1.0)
    with pytest.raises(InputError, match="ionized_ca"):
        make(ionized_ca=float("nan"))
    with pytest.raises(InputError, match="preset"):
        make(preset="no such scenario")
    with pytest.raises(InputError, match="not a control"):
        make(potassium=4.0)


def test_explorers_keep_a_static_figure_and_description_for_pages_without_a_kernel():
    widget = explorer()
    bundle = widget._repr_mimebundle_()
    assert "data:image/png;base64," in bundle["text/html"]
    assert "Membrane voltage over 200 ms" in bundle["text/html"]


@pytest.mark.parametrize("plot", [
    plot_action_potential, plot_threshold, plot_repetitive_firing, plot_gating_shift, plot_gating_curves,
    plot_threshold_against_calcium, plot_twitch_summation,
])
def test_each_lesson_figure_draws(plot):
    assert figure_to_png(plot()).startswith(b"\x89PNG")


def test_the_sign_convention_figure_moves_the_curve_left_for_low_calcium_and_right_for_high():
    from musclepain_lib.cramps import calcium_gating_shift, resting_potential

    for calcium, side in ((0.6, "left"), (1.6, "right")):
        axes = plot_gating_shift(calcium).axes[0]
        normal, shifted = (line.get_xydata() for line in axes.get_lines()[:2])
        half = [float(np.interp(0.5, curve[:, 1], curve[:, 0])) for curve in (normal, shifted)]
        shift = calcium_gating_shift(calcium)
        assert half[1] - half[0] == pytest.approx(-shift, abs=0.3), "the dashed curve is the solid one moved by the shift"
        words = " ".join(text.get_text() for text in axes.texts)
        assert f"shift {shift:+.1f} mV" in words and f"moves {side}" in words
        labels = [line.get_label() for line in axes.get_lines()]
        assert any(f"{resting_potential(shift):.1f} mV" in label for label in labels), "the rest is marked"


def test_the_model_loads_without_widgets_or_plotting():
    import subprocess

    code = "import sys, musclepain_lib.cramps as c; c.simulate_nerve(); print('ipywidgets' in sys.modules, 'matplotlib' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "False"]


@pytest.mark.parametrize("make, control, value", [
    (explorer, "current_ua_cm2", 10.0), (cramp_explorer, "ionized_ca", 0.45), (fi_curve_explorer, "ionized_ca", 0.6),
])
def test_a_redrawn_figure_matches_a_freshly_drawn_one(make, control, value):
    import io

    import numpy as np
    from PIL import Image

    moved = make().explorer
    for step in (0.9, 1.1, value):  # past the second update, which keeps the unchanging parts as a picture
        moved.set_values(**{control: value if step == value else moved.specs[control].default * step})
    fresh = make(**{control: value}).explorer
    assert moved.reading.description == fresh.reading.description
    pictures = [np.asarray(Image.open(io.BytesIO(lab.image.value))).astype(int) for lab in (moved, fresh)]
    assert pictures[0].shape == pictures[1].shape
    differing = (np.abs(pictures[0] - pictures[1]).sum(axis=2) > 60).mean()
    assert differing < 0.01
