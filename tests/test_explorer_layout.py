"""Explorers fit a laptop screen and say what is true: words whole, controls that matter in front.

After every update (each preset, and each control at its ends) every word of the figure
lies inside it and on no other word; the key controls stand in a column beside the figure
(with its verdict and caption under it) and the rest fold under "More controls"; the figure
is shown no taller than leaves room for them; a control that has no effect for the current
values is greyed out; what is drawn matches the state.
"""

import importlib

import pytest

from musclepain_lib.core.explorer import CONTROL_WIDTH, FIGURE_MAX_HEIGHT, Choice, Slider, Toggle
from musclepain_lib.core.manifest import TOPICS
from tests.explorer_values import control_ends
from musclepain_lib.core.text_layout import text_problems

EXPLORERS = [(topic.package, entry.name) for topic in TOPICS for entry in topic.explorers]
IDS = [f"{package}.{name}" for package, name in EXPLORERS]


def build(package, name, **values):
    return getattr(importlib.import_module(f"musclepain_lib.{package}"), name)(**values).explorer


def states(ex):
    """(where, values): the defaults, each preset, each control at each of its ends."""
    yield "defaults", {}
    for preset, values in ex.presets.items():
        yield f"preset {preset}", {**{n: s.default for n, s in ex.specs.items()}, **values}
    for name, spec in ex.specs.items():
        for end in control_ends(spec):
            yield f"{name} = {end!r}", {**{n: s.default for n, s in ex.specs.items()}, name: end}


@pytest.mark.parametrize(("package", "name"), EXPLORERS, ids=IDS)
def test_every_word_of_the_figure_is_whole_and_apart_after_each_update(package, name):
    ex = build(package, name)
    found = []
    for where, values in states(ex):
        ex.set_values(**values)
        if ex.image.layout.display == "none":
            continue  # a message instead of a figure
        found += [f"{where}: {problem}" for problem in text_problems(ex.figure)]
    assert not found, "\n".join(found)


@pytest.mark.parametrize(("package", "name"), EXPLORERS, ids=IDS)
def test_the_key_controls_stand_beside_the_figure_and_the_rest_fold_away(package, name):
    ex = build(package, name)
    heading, note, body, *more = ex.widget.children
    assert ex.title in heading.children[0].value
    assert note is ex.restored_note  # shown only where no kernel holds the explorer
    controls, told = body.children
    assert controls is ex.controls and body.layout.flex_flow == "row wrap"  # under the figure when narrow
    assert list(controls.children) == [ex.views[n].box for n in ex.key_controls] and len(ex.key_controls) <= 7
    assert list(told.children[:2]) == [ex.image, ex.words]  # verdict, caption and lines under it: one message a change
    assert ex.image.layout.max_height == FIGURE_MAX_HEIGHT and ex.image.layout.height == "auto"
    rest = [v for n, v in ex.views.items() if n not in ex.key_controls]
    if rest:
        assert more == [ex.more]
        assert ex.more.get_title(0) == "More controls" and ex.more.selected_index is None
        assert [v.box for v in rest] == list(ex.more.children[0].children)
    else:
        assert more == []


def test_every_control_takes_the_width_of_the_column_beside_the_figure():
    for package, name in EXPLORERS:
        ex = build(package, name)
        for control, spec in ex.specs.items():
            if isinstance(spec, (Slider, Choice, Toggle)):
                assert ex.views[control].box.layout.width == CONTROL_WIDTH, f"{package}.{name}: {control}"


def test_the_blood_gas_label_keeps_off_the_normal_box():
    ex = build("diabetes", "blood_gas_explorer")
    axes = ex.artists["axes"]
    normal = next(p for p in axes.patches if p.get_label() == "normal")
    for where, values in states(ex):
        ex.set_values(**values)
        if ex.image.layout.display == "none":
            continue
        ex.figure.canvas.draw()
        label = ex.artists["label"].get_window_extent()
        box = normal.get_window_extent()
        assert not label.overlaps(box), f"{where}: the sample's label lies on the normal box"


def test_the_blood_gas_reader_greys_out_the_measured_ph_while_ph_is_computed():
    ex = build("diabetes", "blood_gas_explorer")
    assert ex.views["ph"].main.disabled and ex.views["ph"].number.disabled
    ex.set_values(ph_source="entered", ph=7.1)
    assert not ex.views["ph"].main.disabled
    ex.set_values(with_electrolytes=False)
    assert ex.views["na"].main.disabled and ex.views["cl"].main.disabled


def test_the_dka_course_greys_out_treatment_details_when_untreated():
    ex = build("diabetes", "explorer", treatment=False)
    assert all(ex.views[n].main.disabled for n in ("treatment_start_h", "iv_fluids", "potassium_replacement"))
    ex.set_values(treatment=True)
    assert not any(ex.views[n].main.disabled for n in ("treatment_start_h", "iv_fluids", "potassium_replacement"))


def _command_band_shown(ex) -> bool:
    marks = ex.artists[4]
    return any(artist.get_visible() for artist in (*marks.bands, marks.label))


def test_the_cramp_explorer_draws_the_command_band_only_when_there_is_a_command():
    ex = build("cramps", "cramp_explorer")
    assert ex.values["command_ua_cm2"] == 0 and not _command_band_shown(ex)
    ex.set_values(command_ua_cm2=10.0)
    assert _command_band_shown(ex) and ex.artists[4].label.get_text() == "command on"
    ex.set_values(command_ua_cm2=0.0)
    assert not _command_band_shown(ex)


def test_every_slider_of_every_explorer_is_on_its_row_with_a_number_box_under_its_label():
    for package, name in EXPLORERS:
        ex = build(package, name)
        for control, spec in ex.specs.items():
            if isinstance(spec, Slider):
                view = ex.views[control]
                label, row = view.box.children
                assert spec.label in label.children[0].value and view.cue in label.children
                assert list(row.children) == [view.main, view.number]


@pytest.mark.parametrize(("package", "name", "asked"), [
    # Lesson 01: "Move K+ outside ... raise the Na:K permeability"; chloride's starts at 0 "so you can add it".
    ("electrolytes", "explorer", {"k_out", "p_na", "p_cl"}),
    ("muscle_growth", "exertion_explorer", {"damage", "uln", "dark_urine"}),  # lesson 03: "... tick Dark urine"
])
def test_the_controls_a_lesson_asks_to_move_are_in_front(package, name, asked):
    assert asked <= set(build(package, name).key_controls)
