"""The explorer building blocks: linked controls, one figure redrawn in place, messages not tracebacks."""

import numpy as np
import pytest

from musclepain_lib import InputError
from musclepain_lib.core.explorer import NO_SCENARIO, Choice, Explorer, Preset, Reading, Slider, Toggle

X = np.linspace(0, 10, 200)


def make(**kwargs):
    def setup(figure):
        axes = figure.subplots()
        (line,) = axes.plot(X, np.sin(X))
        axes.set_ylim(-4, 4)
        return {"axes": axes, "line": line}

    def update(artists, values):
        if values["amp"] > 3.5 and values["shape"] == "square":
            raise InputError("amp = 3.6 is not allowed with a square wave: expected at most 3.5")
        wave = np.sin(X) if values["shape"] == "sine" else np.sign(np.sin(X))
        artists["line"].set_ydata(values["amp"] * wave * (-1 if values["flip"] else 1))
        return Reading(f"A {values['shape']} wave of amplitude {values['amp']:.1f}.", verdict="drawn", level="ok")

    controls = [
        Slider("amp", "Amplitude", "mV", 1.0, 0.0, 4.0, 0.1),
        Choice("shape", "Shape", ("sine", "square"), "sine"),
        Toggle("flip", "Upside down", False),
    ]
    presets = (
        Preset("big", {"amp": 3.0}, "A tall sine wave"),
        Preset("flat_square", {"amp": 0.5, "shape": "square"}, "A low square wave"),
    )
    return Explorer("Waves", controls, setup, update, presets=presets, **kwargs)


def test_slider_and_number_box_move_together():
    explorer = make()
    view = explorer.views["amp"]
    view.number.value = 2.5
    assert view.main.value == 2.5
    view.main.value = 1.5
    assert view.number.value == 1.5


def test_a_value_sent_back_with_floating_point_dust_reads_as_the_value_itself():
    explorer = make()
    view = explorer.views["amp"]
    view.main.value = 3.0
    view.main.value = sum([0.1] * 10)  # 0.9999999999999999, as a browser slider can send back
    assert view.value == 1.0 and view.number.value == 1.0 and explorer.values["amp"] == 1.0
    assert view.cue.value == "", "the default is not called changed"
    view.number.value = 0.1 + 0.2
    assert view.number.value == 0.3 and view.main.value == 0.3


def test_a_change_redraws_the_same_figure_in_place():
    explorer = make()
    figure, first = explorer.figure, explorer.image.value
    explorer.views["amp"].value = 2.0
    assert explorer.figure is figure
    assert explorer.image.value != first
    assert "amplitude 2.0" in explorer.reading.description
    assert explorer.image.tooltip == explorer.reading.description
    assert explorer.last_error is None


def test_a_changed_control_says_so_in_words_and_reset_clears_it():
    explorer = make()
    view = explorer.views["amp"]
    assert view.cue.value == ""
    view.value = 3.0
    assert "changed" in view.cue.value and "default 1" in view.cue.value
    explorer.reset()
    assert explorer.values == {"amp": 1.0, "shape": "sine", "flip": False}
    assert view.cue.value == ""


def test_an_impossible_combination_shows_a_message_not_a_figure():
    explorer = make()
    explorer.set_values(amp=3.8, shape="square")
    assert "amp = 3.6 is not allowed" in explorer.words.value
    assert explorer.image.layout.display == "none"
    explorer.views["shape"].value = "sine"
    assert explorer.image.layout.display is None
    assert "Warning" not in explorer.words.value


def test_an_unexpected_failure_is_caught_and_recorded():
    def update(_artists, _values):
        raise ZeroDivisionError("boom")

    explorer = Explorer("Broken", [Slider("a", "A", "", 1, 0, 2, 1)], lambda f: f.subplots(), update)
    assert isinstance(explorer.last_error, ZeroDivisionError)
    assert "could not be computed" in explorer.words.value


def test_start_values_and_presets_open_the_explorer_on_a_scenario():
    assert make(start_values={"amp": 2.0}).values["amp"] == 2.0
    assert make(preset="big").values["amp"] == 3.0
    explorer = make()
    explorer.apply_preset("big")
    assert explorer.values["amp"] == 3.0


@pytest.mark.parametrize(
    "kwargs, fragment",
    [
        ({"start_values": {"amp": 9}}, "amp = 9 is not allowed: expected a number from 0 to 4 mV"),
        ({"start_values": {"amplitude": 1}}, "amplitude is not a control of this explorer"),
        ({"start_values": {"shape": "triangle"}}, "shape = 'triangle' is not allowed"),
        ({"start_values": {"flip": "yes"}}, "flip = 'yes' is not allowed"),
        ({"preset": "huge"}, "preset = 'huge' is not allowed: expected one of 'big', 'flat_square'"),
    ],
)
def test_bad_start_values_raise_input_error_naming_the_argument(kwargs, fragment):
    with pytest.raises(InputError, match=fragment.replace("(", r"\(")):
        make(**kwargs)


def test_the_widget_also_carries_its_default_figure_and_description_for_static_pages():
    widget = make().widget
    bundle = widget._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert "<img src=\"data:image/png;base64," in bundle["text/html"]
    assert "A sine wave of amplitude 1.0." in bundle["text/html"]
    assert "A sine wave of amplitude 1.0." in bundle["text/plain"]


def test_under_its_title_the_widget_carries_a_line_shown_only_where_no_kernel_holds_it():
    """A lesson reopened from its saved widgets draws them with no kernel: ipywidgets then marks
    each widget's view jupyter-widgets-disconnected, the only case where the line shows (the
    browser test tests/browser/test_reopened_lesson.py sees it happen)."""
    from musclepain_lib.core.explorer import RESTORED_NOTE
    from musclepain_lib.core.kernel_note import NOTE_CLASS

    explorer = make()
    note = explorer.widget.children[1]
    assert note is explorer.restored_note and NOTE_CLASS in note._dom_classes
    assert f"<p role='note'>{RESTORED_NOTE}</p>" in note.value
    assert f".{NOTE_CLASS}:not(.jupyter-widgets-disconnected){{display:none !important}}" in note.value
    assert "Run All Cells" in RESTORED_NOTE and RESTORED_NOTE not in explorer.static_html()


def test_the_widget_has_labelled_controls_with_units():
    explorer = make()
    assert explorer.views["amp"].main.description == "Amplitude (mV)"
    assert "Amplitude (mV)" in explorer.views["amp"].number.tooltip


def test_the_scenario_menu_shows_the_opening_preset_and_a_second_choice_puts_the_controls_back():
    explorer = make(preset="big")
    picker = explorer.preset_picker
    assert picker.value == "big" and explorer.opened_with == "big"
    explorer.views["amp"].value = 1.2
    explorer.views["flip"].value = True
    assert picker.value == NO_SCENARIO, "once the controls leave the scenario, the menu says so"
    picker.value = "big"
    assert explorer.values == {"amp": 3.0, "shape": "sine", "flip": False}
    assert picker.value == "big"
    picker.value = "flat_square"
    explorer.views["amp"].value = 0.9
    picker.value = "flat_square"
    assert explorer.values == {"amp": 0.5, "shape": "square", "flip": False}
    assert explorer.presets == {"big": {"amp": 3.0}, "flat_square": {"amp": 0.5, "shape": "square"}}
    assert make().preset_picker.value == NO_SCENARIO


@pytest.mark.parametrize(
    "arguments, message",
    [
        (("normal muscle", {}, "Muscle at rest"), "name = 'normal muscle' is not allowed: expected a snake_case"),
        (("big", [("amp", 3.0)], "A tall wave"), "values = "),
        (("big", {"amp": 3.0}, " "), "description = ' ' is not allowed"),
    ],
)
def test_a_preset_needs_a_snake_case_name_values_by_control_and_a_description(arguments, message):
    with pytest.raises(InputError, match=message):
        Preset(*arguments)


def test_draw_on_draws_the_same_picture_on_a_new_figure_and_leaves_the_explorer_alone():
    from musclepain_lib.core.plotting import blank_figure

    explorer = make()
    figure = blank_figure()
    reading = explorer.draw_on(figure, {"amp": 2.0, "shape": "square"})
    assert reading.description == "A square wave of amplitude 2.0."
    assert max(figure.axes[0].lines[0].get_ydata()) == 2.0
    assert explorer.values["amp"] == 1.0 and explorer.reading.description == "A sine wave of amplitude 1.0."
    with pytest.raises(InputError, match="amp = 9"):
        explorer.draw_on(blank_figure(), {"amp": 9})
