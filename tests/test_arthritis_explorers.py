"""The arthritis explorers: the joint map by click and keyboard state, every control at its ends."""

import random

import ipywidgets as widgets
import pytest

from musclepain_lib import InputError
from musclepain_lib.arthritis import (
    classification_explorer,
    course_explorer,
    das28_crp,
    das28_esr,
    explorer,
    response_explorer,
)
from musclepain_lib.core.explorer import Slider
from explorer_values import control_ends

EXPLORERS = {
    "joint map": explorer,
    "response": response_explorer,
    "classification": classification_explorer,
    "course": course_explorer,
}


def open_explorer(function, **kwargs):
    widget = function(**kwargs)
    assert widget.explorer.last_error is None
    return widget.explorer


# ----- the joint map -----------------------------------------------------------------------

def test_the_joint_map_has_28_real_buttons_each_naming_its_joint_and_state():
    joint_map = open_explorer(explorer).views["joints"]
    assert len(joint_map.buttons) == 28
    assert all(isinstance(b, widgets.ToggleButton) for b in joint_map.buttons.values())
    assert joint_map.buttons["right knee"].tooltip == "right knee: not tender, not swollen"


def test_pressing_a_joint_marks_it_tender_and_raises_das28_by_the_formula():
    app = open_explorer(explorer)
    before = app.reading.verdict
    app.views["joints"].buttons["right knee"].value = True  # a click, or Space/Enter on the focused button
    assert app.views["joints"].value.tender == {"right knee"}
    assert app.views["joints"].buttons["right knee"].tooltip == "right knee: tender"
    expected = das28_esr(1, 0, 20, 50)
    assert f"{expected:.2f}" in app.reading.verdict and app.reading.verdict != before
    assert app.last_error is None


def test_switching_to_swollen_marks_swelling_and_the_buttons_show_that_set():
    app = open_explorer(explorer)
    view = app.views["joints"]
    view.buttons["left wrist"].value = True
    view.mode.value = "swollen"
    assert view.buttons["left wrist"].value is False  # not swollen yet
    assert view.buttons["left wrist"].description.endswith("T")
    view.buttons["left wrist"].value = True
    assert view.value.swollen == {"left wrist"} and view.value.tender == {"left wrist"}
    assert view.buttons["left wrist"].tooltip == "left wrist: tender and swollen"
    assert "Swollen (1)" in view.summary.value
    view.buttons["left wrist"].value = False
    assert view.value.swollen == frozenset()


def test_every_joint_button_can_be_pressed_and_released_without_error():
    app = open_explorer(explorer)
    view = app.views["joints"]
    first = app.image.value
    for button in view.buttons.values():
        button.value = True
    assert len(view.value.tender) == 28
    assert app.image.value != first
    assert f"{das28_esr(28, 0, 20, 50):.2f}" in app.reading.verdict
    for button in view.buttons.values():
        button.value = False
    assert view.value.tender == frozenset()
    assert app.last_error is None


def test_crp_switch_uses_das28_crp():
    app = open_explorer(explorer, joints={"tender": ["right knee", "left knee"], "swollen": ["left knee"]})
    app.views["marker"].value = "CRP"
    app.views["crp_mg_l"].value = 12.0
    assert f"{das28_crp(2, 1, 12.0, 50):.2f}" in app.reading.verdict
    assert app.reading.verdict.startswith("DAS28-CRP")


def test_reset_clears_every_joint_and_the_early_ra_preset_is_high_activity():
    app = open_explorer(explorer, preset="early_ra")
    assert "high disease activity" in app.reading.verdict and app.reading.level == "alarm"
    app.reset()
    assert app.views["joints"].value.tender == frozenset()
    assert not any(b.value for b in app.views["joints"].buttons.values())
    app.apply_preset("remission")
    assert "remission" in app.reading.verdict and app.reading.level == "ok"


def test_unknown_joint_names_are_refused_by_name():
    with pytest.raises(InputError, match="joints\\['tender'\\]"):
        explorer(joints={"tender": ["right ankle"]})
    with pytest.raises(InputError, match="joints"):
        explorer(joints=["right knee"])


def test_the_joint_map_keeps_a_static_figure_and_description_for_pages_without_a_kernel():
    widget = explorer(preset="early_ra")
    bundle = widget._repr_mimebundle_()
    assert "<img" in bundle["text/html"] and "DAS28-ESR" in bundle["text/html"]
    assert "DAS28-ESR" in bundle["text/plain"]


# ----- every explorer: controls to their ends, random combinations, presets ----------------


@pytest.mark.slow  # a sweep of every control: `make test` runs it, `make unit` leaves it out
@pytest.mark.parametrize("name", EXPLORERS)
def test_every_control_at_its_ends_gives_a_figure_or_a_message(name):
    app = open_explorer(EXPLORERS[name])
    for control, spec in app.specs.items():
        if control == "joints":
            continue
        for value in control_ends(spec):
            app.views[control].value = value
            assert app.last_error is None, (control, value, app.last_error)
            assert app.reading.description
        app.reset()


@pytest.mark.slow  # a sweep of every control: `make test` runs it, `make unit` leaves it out
@pytest.mark.parametrize("name", EXPLORERS)
def test_random_combinations_never_raise_a_traceback(name):
    rng = random.Random(2010)
    app = open_explorer(EXPLORERS[name])
    images = set()
    for _ in range(6):
        values = {}
        for control, spec in app.specs.items():
            if control == "joints":
                continue
            if isinstance(spec, Slider):
                steps = round((spec.high - spec.low) / spec.step)
                value = spec.low + rng.randint(0, steps) * spec.step
                values[control] = int(value) if spec.integer else round(value, 6)
            else:
                values[control] = rng.choice(control_ends(spec))
        app.set_values(**values)
        assert app.last_error is None
        images.add(app.image.value)
    assert len(images) > 1


@pytest.mark.slow  # every preset opening is checked for all explorers in test_presets.py
@pytest.mark.parametrize("name", EXPLORERS)
def test_every_preset_opens_cleanly(name):
    app = open_explorer(EXPLORERS[name])
    for preset in app.presets:
        opened = open_explorer(EXPLORERS[name], preset=preset)
        assert opened.reading.verdict
        assert opened.image.value


def test_eular_presets_give_good_and_moderate_responses():
    assert open_explorer(response_explorer, preset="good_response").reading.verdict == "EULAR response: good"
    assert open_explorer(response_explorer, preset="still_high").reading.verdict == "EULAR response: moderate"


def test_classification_without_any_joint_shows_a_message_not_a_figure():
    app = open_explorer(classification_explorer)
    app.set_values(large_joints=0, small_joints=0)
    assert app.last_error is None
    assert "at least one joint" in app.reading.verdict
    assert app.image.layout.display == "none"
    app.views["small_joints"].value = 3
    assert app.image.layout.display is None


def test_classification_classic_preset_scores_10_of_10():
    assert open_explorer(classification_explorer, preset="classic").reading.verdict.startswith("Score 10 of 10")


def test_treatment_after_the_years_shown_keeps_the_figure_and_says_so_in_plain_words():
    app = open_explorer(course_explorer)
    before = app.image.value
    app.set_values(years=10, treatment_start_years=15.0)
    assert app.last_error is None
    assert app.image.layout.display != "none" and app.image.value != before
    assert app.reading.verdict.startswith("Treatment from year 15 starts after the 10 years shown")
    assert "treatment_start_years" not in app.reading.verdict
    app.views["treated"].value = False
    assert app.reading.verdict.startswith("Without treatment")


def test_late_treatment_leaves_more_damage_than_early_in_the_course_explorer():
    early = open_explorer(course_explorer, preset="early_treatment").reading.verdict
    late = open_explorer(course_explorer, preset="late_treatment").reading.verdict
    share = lambda text: float(text.split("units, ")[1].split(" %")[0])  # noqa: E731
    assert share(early) < share(late)


@pytest.mark.parametrize("name", EXPLORERS)
def test_explorers_refuse_unknown_presets_and_controls(name):
    with pytest.raises(InputError, match="preset"):
        EXPLORERS[name](preset="nonsense")
    with pytest.raises(InputError, match="not a control"):
        EXPLORERS[name](nonsense=1)


def test_each_joint_button_sits_in_its_own_named_area_of_the_body_layout():
    view = open_explorer(explorer).views["joints"]
    template = view.main.layout.grid_template_areas
    areas = [button.layout.grid_area for button in view.buttons.values()]
    assert len(set(areas)) == 28
    assert all(f" {area} " in f" {template.replace(chr(34), ' ')} " for area in areas)
    assert template.count("\n") == 6  # seven rows: labels, shoulders ... knees
