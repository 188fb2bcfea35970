"""Every explorer under fire: a hundred random control combinations each, ends included.

A learner drags every slider to its end, flips every switch and types into every box.
This takes every explorer the course manifest lists and drives each one: nothing raises, nothing logs an error, the figure and its sentence always
describe the current values (the same as a fresh explorer opened at those values), and a
combination the model refuses shows a message in the explorer instead of a figure.

``MUSCLEPAIN_FUZZ_STEPS`` sets the number of random moves per explorer (default 100, over two thousand moves across the course).
"""

from __future__ import annotations

import hashlib
import html
import importlib
import logging
import math
import os
import random
import warnings

import numpy as np
import pytest

from explorer_values import control_ends, random_control_value
from musclepain_lib import InputError
from musclepain_lib.core import manifest
from musclepain_lib.core.explorer import Choice, Slider, Toggle

STEPS = int(os.environ.get("MUSCLEPAIN_FUZZ_STEPS", "100"))
CHECKPOINTS = 3  # times per run the figure is compared with a fresh explorer at the same values


EXPLORERS = [(topic, entry.name) for topic, entry in manifest.explorers()]
IDS = [f"{topic}.{name}" for topic, name in EXPLORERS]


def factory(topic: str, name: str):
    return getattr(importlib.import_module(f"musclepain_lib.{topic}"), name)


# ----- reading the explorer's state --------------------------------------------------------
def shows_figure(ex) -> bool:
    return ex.image.layout.display != "none"


def figure_state(figure) -> list:
    """What the figure shows in data terms (lines, marks, bars, texts, limits), layout aside."""
    state = []
    for axes in figure.axes:
        state.append(("limits", axes.get_xlim(), axes.get_ylim()))
        # A hidden artist may keep whatever data it had: only what is visible must match.
        state += [("line", shown(line, lambda a: np.asarray(a.get_xydata(), float))) for line in axes.lines]
        state += [("text", shown(text, lambda a: a.get_text())) for text in axes.texts]
        state.append(("title", axes.get_title()))
        state += [("marks", shown(c, lambda a: np.asarray(a.get_offsets(), float))) for c in axes.collections]
        state += [
            ("patch", shown(p, lambda a: np.asarray(a.get_patch_transform().transform(a.get_path().vertices))))
            for p in axes.patches
        ]
    state += [("figure text", text.get_text()) for text in figure.texts]
    return state


def shown(artist, data):
    return data(artist) if artist.get_visible() else "hidden"


def same_state(a, b) -> bool:
    if len(a) != len(b):
        return False
    for x, y in zip(a, b):
        if len(x) != len(y) or x[0] != y[0]:
            return False
        for p, q in zip(x[1:], y[1:]):
            if isinstance(p, np.ndarray) or isinstance(q, np.ndarray):
                p, q = np.asarray(p, float), np.asarray(q, float)
                if p.shape != q.shape or not np.allclose(p, q, rtol=1e-9, atol=1e-9, equal_nan=True):
                    return False
            elif isinstance(p, tuple):
                if not np.allclose(p, q, rtol=1e-9, atol=1e-9, equal_nan=True):
                    return False
            elif p != q:
                return False
    return True


def check_consistent(ex, where: str):
    """The explorer shows either a figure with its sentence, or a message: never a traceback."""
    assert ex.last_error is None, f"{where}: {type(ex.last_error).__name__}: {ex.last_error} at {ex.values}"
    reading = ex.reading
    assert reading.description.strip(), f"{where}: no sentence describes the figure at {ex.values}"
    if shows_figure(ex):
        assert ex.image.value[:8] == b"\x89PNG\r\n\x1a\n", f"{where}: no picture at {ex.values}"
        assert ex.image.tooltip == reading.description
        assert html.escape(reading.description) in ex.words.value, f"{where}: figure without caption at {ex.values}"
        assert not reading.description.startswith("No figure:")
    else:
        assert reading.description.startswith("No figure:"), where
        assert "role='status'" in ex.words.value, f"{where}: hidden figure, no message"


def fingerprint(ex) -> tuple:
    image = hashlib.sha1(ex.image.value).hexdigest() if shows_figure(ex) else None
    return image, ex.reading.description, ex.words.value


# ----- moving controls like a learner ----------------------------------------------------------
def slider_value(spec: Slider, rng: random.Random, edge: bool):
    if edge:
        return rng.choice(control_ends(spec))
    if not spec.integer and rng.random() < 0.3:  # typed into the number box, off the slider's steps
        return rng.uniform(spec.low, spec.high)
    return min(spec.high, random_control_value(spec, rng))


def custom_buttons(view) -> dict:
    buttons = getattr(view, "buttons", None)
    return buttons if isinstance(buttons, dict) else {}


def move(ex, name: str, rng: random.Random, edge: bool = False):
    """Move one control the way its widget lets a learner move it."""
    spec, view = ex.specs[name], ex.views[name]
    if isinstance(spec, Slider):
        value = slider_value(spec, rng, edge)
        box = getattr(view, "number", None)
        if box is not None and rng.random() < 0.3:  # typed into the number box beside the slider
            box.value = value
            assert view.value == box.value, f"{name}: the slider did not follow its number box"
        else:
            view.value = value
    elif isinstance(spec, Choice):
        view.value = rng.choice(list(spec.options))
    elif isinstance(spec, Toggle):
        view.value = not view.value
    elif custom_buttons(view):  # a control with its own view, such as a clickable map
        mode = getattr(view, "mode", None)
        if mode is not None and getattr(mode, "options", None):
            mode.value = rng.choice([o[1] if isinstance(o, tuple) else o for o in mode.options])
        button = rng.choice(list(custom_buttons(view).values()))
        button.value = not button.value


def several_moved(ex, names: list[str], rng: random.Random) -> dict:
    """New values for several controls at once (custom controls keep theirs)."""
    values = {}
    for name in names:
        spec = ex.specs[name]
        if isinstance(spec, Slider):
            values[name] = slider_value(spec, rng, edge=rng.random() < 0.2)
        elif isinstance(spec, (Choice, Toggle)):
            values[name] = random_control_value(spec, rng)
    return values


def ends(ex, name: str) -> list:
    """The values at the ends of a control's range (every option for a choice), then back to its default."""
    spec = ex.specs[name]
    found = control_ends(spec)
    return [*found, spec.default] if found else []


def press_all(ex, name: str, pressed: bool):
    view = ex.views[name]
    modes = getattr(getattr(view, "mode", None), "options", None) or [None]
    for mode in modes:
        if mode is not None:
            view.mode.value = mode[1] if isinstance(mode, tuple) else mode
        for button in custom_buttons(view).values():
            button.value = pressed


def matters_somewhere(ex, control: str, rng: random.Random, tries: int = 12) -> bool:
    """Whether moving ``control`` changes the figure or its words in some state of the others.

    A control may matter only with another one set (a treatment dose with treatment on).
    """
    others = [name for name in ex.specs if name != control]
    for _ in range(tries):
        ex.set_values(**several_moved(ex, others, rng))
        seen = set()
        for value in ends(ex, control):
            ex.views[control].value = value
            seen.add(fingerprint(ex))
        if custom_buttons(ex.views[control]):
            for pressed in (True, False):
                press_all(ex, control, pressed)
                seen.add(fingerprint(ex))
        if len(seen) > 1:
            return True
    return False


class Watch:
    """Collect error logs and numeric warnings while the explorer is driven."""

    def __init__(self, caplog):
        self.caplog = caplog

    def __enter__(self):
        self.caplog.set_level(logging.WARNING)
        self._warnings = warnings.catch_warnings(record=True)
        self.caught = self._warnings.__enter__()
        warnings.simplefilter("always")
        return self

    def __exit__(self, *exc):
        self._warnings.__exit__(*exc)
        if exc[0] is not None:
            return False
        errors = [r.getMessage() for r in self.caplog.records if r.levelno >= logging.ERROR]
        assert not errors, f"errors were logged: {errors[:3]}"
        numeric = [
            f"{w.category.__name__}: {w.message} ({os.path.basename(w.filename)}:{w.lineno})"
            for w in self.caught
            if issubclass(w.category, (RuntimeWarning, UserWarning))
        ]
        assert not numeric, f"warnings while drawing: {sorted(set(numeric))[:5]}"
        return False


# ----- the tests ------------------------------------------------------------------------------
# A long sweep: `make test` runs it, `make unit` leaves it out.
pytestmark = [pytest.mark.slow, pytest.mark.skipif(not EXPLORERS, reason="no topic offers an explorer yet")]


@pytest.mark.parametrize(("topic", "name"), EXPLORERS, ids=IDS)
def test_every_control_at_both_ends_shows_a_figure_or_a_message(topic, name, caplog):
    with Watch(caplog):
        ex = factory(topic, name)().explorer
        check_consistent(ex, "at the defaults")
        for control in ex.specs:
            for value in ends(ex, control):
                ex.views[control].value = value
                check_consistent(ex, f"{control} = {value!r}")
            if custom_buttons(ex.views[control]):
                press_all(ex, control, True)
                check_consistent(ex, f"every part of {control} marked")
                ex.reset()
        ex.reset()
        check_consistent(ex, "after reset")


@pytest.mark.parametrize(("topic", "name"), EXPLORERS, ids=IDS)
def test_a_hundred_random_combinations_always_show_the_current_values(topic, name, caplog):
    make = factory(topic, name)
    rng = random.Random(f"{topic}.{name}")
    checkpoints = set(rng.sample(range(STEPS), CHECKPOINTS))
    with Watch(caplog):
        ex = make().explorer
        controls = list(ex.specs)
        pictures, messages, inert = set(), 0, set(controls)
        for step in range(STEPS):
            before = fingerprint(ex)
            if rng.random() < 0.25 and len(controls) > 1:  # several at once, as a preset does
                ex.set_values(**several_moved(ex, rng.sample(controls, rng.randint(2, len(controls))), rng))
            else:
                control = rng.choice(controls)
                move(ex, control, rng, edge=rng.random() < 0.15)
                if fingerprint(ex) != before:
                    inert.discard(control)
            check_consistent(ex, f"step {step}")
            if shows_figure(ex):
                pictures.add(hashlib.sha1(ex.image.value).digest())
            else:
                messages += 1
            if step in checkpoints:
                fresh = make(**ex.values).explorer
                assert fresh.reading.description == ex.reading.description, f"step {step}: {ex.values}"
                assert shows_figure(fresh) == shows_figure(ex)
                if shows_figure(ex):
                    assert same_state(figure_state(fresh.figure), figure_state(ex.figure)), (
                        f"step {step}: the figure differs from a fresh one at the same values {ex.values}"
                    )
        assert len(pictures) > 1, "the figure never changed"
        inert = [control for control in inert if not matters_somewhere(ex, control, rng)]
        assert not inert, f"moving {inert} never changed the figure or its words"
        assert messages < STEPS, "no combination gave a figure"


NOT_FINITE = (math.nan, math.inf, -math.inf)


@pytest.mark.parametrize(("topic", "name"), EXPLORERS, ids=IDS)
def test_a_value_no_slider_offers_is_refused_by_name_or_clamped_to_the_range(topic, name, caplog):
    with Watch(caplog):
        ex = factory(topic, name)().explorer
        for control, spec in ex.specs.items():
            if not isinstance(spec, Slider):
                continue
            for value in NOT_FINITE:
                with pytest.raises(InputError, match=control):
                    ex.views[control].value = value
                check_consistent(ex, f"after {control} = {value!r} was refused")
                assert math.isfinite(ex.views[control].value)
            for value in (1e308, -1e308):  # the slider and its number box clamp these to the range
                ex.views[control].value = value
                check_consistent(ex, f"{control} = {value!r}")
                assert spec.low <= ex.views[control].value <= spec.high
            ex.reset()
            check_consistent(ex, f"after {control} went wild and reset")
            assert shows_figure(ex), "reset must bring the figure back"


@pytest.mark.parametrize(("topic", "name"), EXPLORERS, ids=IDS)
def test_each_preset_opens_and_applies_with_a_figure(topic, name, caplog):
    make = factory(topic, name)
    with Watch(caplog):
        ex = make().explorer
        for preset in ex.presets:
            opened = make(preset=preset).explorer
            check_consistent(opened, f"preset {preset}")
            assert shows_figure(opened), f"preset {preset!r} shows no figure"
            ex.preset_picker.value = preset  # as an instructor picks it from the list
            check_consistent(ex, f"preset {preset} picked")
            assert ex.reading.description == opened.reading.description
            ex.reset()
            ex.apply_preset(preset)
            assert ex.reading.description == opened.reading.description


@pytest.mark.parametrize(("topic", "name"), EXPLORERS, ids=IDS)
def test_bad_start_values_are_refused_by_name(topic, name):
    make = factory(topic, name)
    ex = make().explorer
    with pytest.raises(InputError, match="preset"):
        make(preset="no such scenario")
    with pytest.raises(InputError, match="no_such_control"):
        make(no_such_control=1)
    for control, spec in ex.specs.items():
        if isinstance(spec, Slider):
            for bad in (spec.high + 10 * spec.step + 1, math.nan, "7", None):
                with pytest.raises(InputError, match=control):
                    make(**{control: bad})
        elif isinstance(spec, Choice):
            with pytest.raises(InputError, match=control):
                make(**{control: "no such option"})


def _sweat_and_drink_explorer():
    """A small explorer whose model refuses one combination, as a topic's might."""
    from musclepain_lib.core.explorer import Explorer, Reading

    def setup(figure):
        (line,) = figure.subplots().plot([0, 1], [0, 0])
        return line

    def update(line, values):
        if values["sweat_l"] >= values["body_water_l"]:
            raise InputError("sweat_l is not allowed: more sweat than the body's water")
        line.set_ydata([0, values["sweat_l"]])
        return Reading(f"{values['sweat_l']:g} L of sweat from {values['body_water_l']:g} L of water.")

    controls = [
        Slider("sweat_l", "Sweat", "L", 1.0, 0.0, 50.0, 0.5),
        Slider("body_water_l", "Body water", "L", 40.0, 1.0, 60.0, 1.0),
    ]
    return Explorer("Sweat", controls, setup, update)


def test_an_impossible_combination_shows_a_message_and_a_possible_one_brings_the_figure_back(caplog):
    with Watch(caplog):
        ex = _sweat_and_drink_explorer()
        ex.views["body_water_l"].value = 10.0
        ex.views["sweat_l"].value = 20.0
        check_consistent(ex, "impossible")
        assert not shows_figure(ex) and "more sweat than the body" in ex.words.value
        ex.views["sweat_l"].value = 5.0
        check_consistent(ex, "possible again")
        assert shows_figure(ex) and ex.reading.description.startswith("5 L of sweat")


def lesson_figures() -> list[tuple[str, str]]:
    """Every figure of the course manifest whose arguments all have defaults (so a valid call is known)."""
    import inspect

    found = []
    for entry in manifest.TOPICS:
        module = importlib.import_module(entry.module)
        for name in entry.figures:
            parameters = inspect.signature(getattr(module, name)).parameters.values()
            if any(parameters) and all(p.default is not inspect.Parameter.empty for p in parameters):
                found.append((entry.package, name))
    return found


FIGURES = lesson_figures()


@pytest.mark.parametrize(("topic", "name"), FIGURES, ids=[f"{t}.{n}" for t, n in FIGURES])
def test_a_lesson_figure_refuses_hostile_arguments_by_name(topic, name):
    import inspect

    from fire_helpers import hostile_argument_failures

    function = factory(topic, name)
    defaults = {k: p.default for k, p in inspect.signature(function).parameters.items()}
    assert hostile_argument_failures(function, defaults) == []
