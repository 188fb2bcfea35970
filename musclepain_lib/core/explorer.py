"""Building blocks of the explorers: labelled controls, one live figure, a status line.

An explorer is a thin layer over a topic's model. A topic describes its controls
(:class:`Slider`, :class:`Choice`, :class:`Toggle`), a ``setup(figure)`` that draws the
figure once and returns the artists to update, and an ``update(artists, values)``
that recomputes through the public model functions, updates the artists and returns
a :class:`Reading` (the sentence saying what the figure now shows). :class:`Explorer`
does the rest: a number box beside every slider, units in every label, a reset
button, presets, a visible "changed" cue, one figure redrawn in place, and a message
instead of a traceback when values cannot be computed.

The figure follows a dragged slider: sliders send their values while they move, and a
change from the browser is drawn as soon as the kernel is free, skipping values that
were overtaken meanwhile, so the last picture is always the one for the final values.
Artists a topic marks with :func:`musclepain_lib.core.plotting.moving` are redrawn over
a kept picture of the rest of the figure.

Displayed in a notebook, an explorer is the live widget; its default figure and the
sentence describing it are saved beside it as ordinary HTML, so a page where no
kernel runs (a static site, a notebook viewer) still shows them.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import html
import json
import math
import re
import threading
import time
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Callable

import ipywidgets as widgets
import traitlets
from ipywidgets.widgets.trait_types import CByteMemoryView

from musclepain_lib.core.ahead import ComputeAhead, PicturesAhead, ipython_shell, note_busy
from musclepain_lib.core.errors import InputError
from musclepain_lib.core.kernel_note import kernel_note
from musclepain_lib.core.plotting import blank_figure, figure_html, figure_to_png, style
from musclepain_lib.core.text_layout import texts_cut
from musclepain_lib.core.validation import check_choice, check_number

__all__ = ["LABEL_WIDTH", "Slider", "Choice", "Toggle", "Reading", "Preset", "Explorer", "ExplorerWidget"]

#: Room for a control's label with its unit, e.g. "Breathing compensation (% of Winter's)".
LABEL_WIDTH = "21em"
#: Width of one control: its label (with the "changed" cue) over its slider and number box,
#: its buttons, or a checkbox and its words. The key controls stand in a column of this width
#: beside the figure; the folded ones are laid out in as many such columns as fit.
CONTROL_WIDTH = "24em"
#: The narrowest the figure is shown beside the controls; on a narrower page it goes under them.
FIGURE_MIN_WIDTH = "22em"
#: The tallest a figure is shown: the window's height less room for the heading above it and the
#: verdict and caption under it (and JupyterLab's own bars), so that all of them and the
#: controls beside the figure are seen together on a laptop screen. It shrinks to fit, keeping
#: its shape.
_FIGURE_ROOM = "100vh - 300px"
FIGURE_MAX_HEIGHT = f"calc({_FIGURE_ROOM})"
#: How many controls an explorer shows beside its figure when it does not name its key controls.
KEY_CONTROLS = 3

#: How the page draws an explorer, written into its heading (a widget page takes no stylesheet
#: of its own). Containment keeps a new picture, verdict or moved handle from restyling,
#: laying out and repainting the rest of a long lesson: in JupyterLab with a whole lesson run,
#: that work, not the kernel's, held a dragged slider to about 11 pictures a second.
EXPLORER_CSS = ".musclepain-explorer{contain:layout paint style}"

#: What the Scenario menu shows when the controls match no preset.
NO_SCENARIO = "(choose a scenario)"

#: The line a restored explorer shows when no kernel holds it any more (a lesson saved with its
#: widgets and opened again, or its kernel restarted): its last picture stays, its controls do nothing.
RESTORED_NOTE = (
    "This explorer shows its last picture. Run the lesson again to move it "
    "(in JupyterLab: Run ▸ Run All Cells; in Voila: reload the page)."
)

# Signs every text font has (DejaVu Sans, which Debian, Binder images and PDF builds carry):
# no sign that needs an emoji font, which many machines lack.
LEVEL_SIGNS = {"ok": "✓", "note": "ℹ", "warn": "⚠", "alarm": "‼"}
LEVEL_WORDS = {"ok": "OK", "note": "Note", "warn": "Warning", "alarm": "Danger"}
LEVEL_COLORS = {"ok": "#006B4F", "note": "#1A4F7A", "warn": "#8A5300", "alarm": "#A33600"}


@dataclass(frozen=True)
class Slider:
    """A number the learner sets with a slider and a linked number box."""

    name: str
    label: str
    unit: str
    default: float
    low: float
    high: float
    step: float
    integer: bool = False
    continuous: bool = True

    def check(self, value):
        number = check_number(self.name, value, self.low, self.high, self.unit)
        if self.integer and not number.is_integer():
            raise InputError(
                f"{self.name} = {value!r} is not allowed: expected a whole number from "
                f"{self.low:g} to {self.high:g} {self.unit}".rstrip()
            )
        return int(number) if self.integer else number

    def steps(self) -> list:
        """Every value the slider can be dragged to, low to high, as the explorer reads it."""
        count = int(round((self.high - self.low) / self.step))
        values = [round(self.low + k * self.step, TIDY_DECIMALS) for k in range(count + 1)]
        return [int(value) for value in values] if self.integer else values


@dataclass(frozen=True)
class Choice:
    """One of a few named options (shown as buttons); ``options`` are the values."""

    name: str
    label: str
    options: tuple
    default: Any
    labels: tuple | None = None

    def check(self, value):
        if value in self.options:
            return value
        return check_choice(self.name, value, [str(o) for o in self.options])


@dataclass(frozen=True)
class Toggle:
    """A yes/no switch."""

    name: str
    label: str
    default: bool = False

    def check(self, value):
        if isinstance(value, bool):
            return value
        raise InputError(f"{self.name} = {value!r} is not allowed: expected True or False")


@dataclass(frozen=True)
class Preset:
    """A named scenario for a class: the values it sets, and one line saying what the class sees.

    Controls a preset leaves out take their defaults. ``name`` is snake_case (it is typed in
    lessons as ``explorer(preset="hypocalcaemia_cramp")``); ``description`` is the line the
    instructor guide shows beside it.
    """

    name: str
    values: Mapping
    description: str

    def __post_init__(self):
        if not isinstance(self.name, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", self.name):
            raise InputError(f"name = {self.name!r} is not allowed: expected a snake_case preset name such as 'low_magnesium'")
        if not isinstance(self.values, Mapping):
            raise InputError(f"values = {self.values!r:.60} is not allowed: expected a mapping of control names to values")
        if not isinstance(self.description, str) or not self.description.strip():
            raise InputError(f"description = {self.description!r} is not allowed: expected one line for instructors")


@dataclass
class Reading:
    """What the figure shows now, in words, with an optional verdict.

    ``level`` is ``"ok"``, ``"note"``, ``"warn"`` or ``"alarm"``; it is shown as a sign
    and a word as well as a colour, so it does not rely on colour alone.
    """

    description: str
    verdict: str = ""
    level: str = "note"
    details: list[str] = field(default_factory=list)


#: How long a redraw asked for by the browser waits for the changes sent with it (a slider
#: and its number box, a preset's several controls, values a backed-up browser queued).
GATHER_S = 0.004


def _browser_scheduler() -> Callable[[Callable[[], None]], Any] | None:
    """How to run a redraw once the changes sent with it are in, when the change came from
    the browser.

    Inside a Jupyter kernel handling a widget message (``comm_msg``), returns a function
    that schedules a callback on the kernel's running event loop :data:`GATHER_S` later,
    so that values arriving together are drawn once, at the latest. Anywhere else (a
    lesson's own code, a test, a script) returns None: the redraw then happens at once, so
    code that sets a value reads the new figure on its next line.

    The kernel's own sockets are never looked at: asking a ZeroMQ socket whether a message
    waits can use up the signal the kernel's event loop waits for, and the kernel would then
    never read another message.
    """
    kernel = getattr(ipython_shell(), "kernel", None)
    if kernel is None:
        return None
    try:
        loop = asyncio.get_running_loop()
        message_type = kernel.get_parent().get("header", {}).get("msg_type")
    except (RuntimeError, AttributeError, LookupError):
        return None
    if message_type != "comm_msg":
        return None
    return lambda callback: loop.call_later(GATHER_S, callback)


def _row(children, align_items="center", **layout) -> widgets.HBox:
    """Widgets side by side, running on to the next line when the row is too narrow."""
    return widgets.HBox(children, layout=widgets.Layout(flex_flow="row wrap", align_items=align_items, **layout))


class _ControlView:
    """The widgets for one control, and the 'changed' cue beside them.

    A slider has its label (with the unit) on a line of its own, the "changed" cue at the end
    of it, and the slider and its number box under it; a row of buttons has its label above
    it and the cue after it: so a control fits a narrow column beside the figure. The slider
    and the number box keep the label as their description, for screen readers.
    """

    def __init__(self, spec, value):
        self.spec = spec
        self.cue = widgets.HTML(layout=widgets.Layout(width="auto", margin="0 0 0 auto"))
        self.cue.add_class("musclepain-cue")
        if isinstance(spec, Slider):
            self._build_slider(spec, value)
        elif isinstance(spec, Choice):
            labels = spec.labels or tuple(str(o) for o in spec.options)
            # The buttons show their label on a line of their own, above them.
            self.main = widgets.ToggleButtons(
                options=list(zip(labels, spec.options)),
                value=value,
                description=spec.label,
                style={"description_width": "initial", "button_width": "auto"},
                layout=widgets.Layout(width="auto", max_width="100%"),
            )
            self.box = _row([self.main, self.cue], align_items="flex-end", width=CONTROL_WIDTH)
        else:
            # The words of a checkbox are its label; the cue runs on beside them.
            self.main = widgets.Checkbox(
                value=value, description=spec.label, indent=False,
                layout=widgets.Layout(width="auto"),
            )
            self.box = _row([self.main, self.cue], width=CONTROL_WIDTH)
        self.box.add_class("musclepain-control")
        self.main.observe(self._show_cue, names="value")
        self._show_cue()

    def _label_row(self, label: str) -> widgets.HBox:
        shown = widgets.HTML(
            f"<span class='musclepain-label' style='line-height:1.3'>{html.escape(label)}</span>",
            layout=widgets.Layout(width="auto", height="auto", margin="0 0.6em 0 2px"),
        )
        return _row([shown, self.cue], height="auto", margin="0")

    def _build_slider(self, spec: Slider, value):
        label = f"{spec.label} ({spec.unit})" if spec.unit else spec.label
        slider_cls = widgets.IntSlider if spec.integer else widgets.FloatSlider
        box_cls = widgets.BoundedIntText if spec.integer else _TidyFloatText
        common = {"min": spec.low, "max": spec.high, "step": spec.step, "value": value}
        self.main = slider_cls(
            # The label is shown once, above; the slider and the number box keep it for
            # screen readers (the slider's handle gets none from ipywidgets).
            description=label,
            readout=False,
            continuous_update=spec.continuous,
            style={"description_width": "0px"},
            layout=widgets.Layout(width="auto", flex="1 1 auto"),
            **common,
        )
        self.number = box_cls(
            description=label,
            style={"description_width": "0px"},
            tooltip=f"{label}: type a value from {spec.low:g} to {spec.high:g}",
            layout=widgets.Layout(width="6.5em", flex="0 0 auto"),
            **common,
        )
        widgets.link((self.main, "value"), (self.number, "value"))
        self.box = widgets.VBox(
            [self._label_row(label), widgets.HBox([self.main, self.number], layout=widgets.Layout(width="100%"))],
            layout=widgets.Layout(width=CONTROL_WIDTH),
        )

    def set_enabled(self, enabled: bool):
        """Grey the control out while it has no effect (it keeps its value)."""
        for widget in (self.main, getattr(self, "number", None)):
            if widget is not None:
                widget.disabled = not enabled

    def _show_cue(self, _change=None):
        default = self.spec.default
        if self.value == default:
            self.cue.value = ""
        else:
            if isinstance(default, bool):
                shown = "ticked" if default else "not ticked"
            elif isinstance(default, (int, float)):
                shown = f"{default:g}"
            else:
                shown = str(default)
            self.cue.value = (
                f"<span style='white-space:nowrap;font-size:0.9em;line-height:1.3' title='changed from the default'>"
                f"✎ changed (default {html.escape(shown)})</span>"
            )

    @property
    def value(self):
        value = self.main.value
        if isinstance(self.spec, Slider) and not self.spec.integer:
            return round(value, TIDY_DECIMALS)  # the slider keeps its browser's dust (see _Tidy)
        return value

    @value.setter
    def value(self, new):
        if isinstance(self.spec, Slider) and isinstance(new, float) and not math.isfinite(new):
            self.spec.check(new)  # NaN would break the slider-box link and freeze the figure
        self.main.value = new


#: Decimals a float control's value is read to: far finer than any step a control here uses.
TIDY_DECIMALS = 9


class _Tidy:
    """A float number box whose value carries no floating-point dust.

    A browser slider computes its value as ``min + k * step``, which can send back
    0.8500000000000001 for 0.85: the number box would show it, and the "changed" cue
    would call the default changed. The number box rounds it (to nine decimals); the
    control reads its slider rounded the same way. The slider itself keeps the value its
    browser sent: a value corrected back to the browser moves the handle under a
    dragging hand, and the drag then sticks at that value.
    """

    @traitlets.validate("value")
    def _validate_value(self, proposal):
        return round(super()._validate_value(proposal), TIDY_DECIMALS)


class _TidyFloatText(_Tidy, widgets.BoundedFloatText):
    pass


def _png_as_data_url(png, _widget=None) -> memoryview:
    """A PNG as the page is sent it: a ``data:`` URL, which the picture loads as it is."""
    return memoryview(b"data:image/png;base64," + base64.b64encode(png) if png else b"")


class _FigureImage(widgets.Image):
    """The explorer's picture; its tooltip (the figure's description) shows on hover.

    The browser's view of a tooltip reads the widget's ``description``, which a plain
    ``Image`` lacks (the picture then fails to appear); an empty one is enough.

    ``value`` is the PNG, as for any ``Image``; the page is sent it as a ``data:`` URL
    (``format`` "url"). The usual way, raw bytes, makes the page wrap each new picture in a
    blob and register a URL for it with the browser's own process, twice a round trip
    between processes on the page's main thread: in JupyterLab with a whole lesson run, a
    dragged slider drew about a tenth more pictures a second this way.
    """

    description = traitlets.Unicode("").tag(sync=True)
    format = traitlets.Unicode("url").tag(sync=True)
    value = CByteMemoryView(help="The PNG.").tag(sync=True, to_json=_png_as_data_url)


def _view_for(spec, value):
    """The widgets for a control; a custom spec builds its own with ``spec.make_view(value)``.

    A custom view has ``main`` (a widget whose ``value`` trait changes with the control),
    ``box`` (what is shown) and a settable ``value``, like :class:`_ControlView`.
    """
    if hasattr(spec, "make_view"):
        return spec.make_view(value)
    return _ControlView(spec, value)


def _plain(value):
    """A control's value as JSON can hold it: a set of choices as a sorted list, a numpy number as a number."""
    if isinstance(value, (set, frozenset, tuple)):
        return sorted(value) if isinstance(value, (set, frozenset)) else list(value)
    return value.item() if hasattr(value, "item") else str(value)


class ExplorerWidget(widgets.VBox):
    """The live explorer. Also displays its first figure and description as plain HTML."""

    explorer: "Explorer"

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs) or {}
        bundle["text/html"] = self.explorer.static_html()
        bundle["text/plain"] = f"{self.explorer.title}: {self.explorer.reading.description}"
        return bundle


class Explorer:
    """A model's controls, one figure redrawn in place, and the words that read it.

    Parameters
    ----------
    title: what the explorer explores, shown above it.
    controls: the :class:`Slider`, :class:`Choice` and :class:`Toggle` specs, in order.
    setup: ``setup(figure) -> artists`` draws the figure once (``figure.subplots()``,
        lines, marks) and returns whatever ``update`` needs to change later.
    update: ``update(artists, values) -> Reading`` recomputes through the model for the
        current ``values`` (a dict by control name), updates the artists in place, and
        says what the figure shows. It may raise :class:`InputError` for a combination the
        model refuses; the explorer then shows that message instead of a figure.
    start_values: values to open with instead of the defaults (checked like any input).
    presets: the :class:`Preset` records for instructors (a mapping of name to values is
        also accepted). ``explorer.presets`` maps each name to its checked values.
    preset: the preset to open with; the Scenario menu then shows it.
    figsize: the figure's width and height in inches.
    key_controls: the names of the controls shown beside the figure (by default the first
        three): every control the lesson's text or a read-off exercise asks the learner to set;
        the others fold away under "More controls".
    active_when: ``{name: rule}``, where ``rule(values) -> bool`` says whether a control has
        any effect for the current values; a control without effect is greyed out.
    details_title: fold the lines that explain the verdict under this title (for a long
        list, such as a table's examples and sources); by default they show under the caption.
    ahead: ``(control, function)``: while the kernel is left alone, ``function(values)``
        computes (and the model keeps) the values for every step of that slider, so that a
        drag finds them ready (:mod:`musclepain_lib.core.ahead`); for a costly model.

    Every explorer with a slider among its key controls also draws, while the kernel is left
    alone, the pictures one step either side of the slider last moved
    (:class:`~musclepain_lib.core.ahead.PicturesAhead`), and sends one at once when the
    learner's next key press reaches it.
    """

    @classmethod
    def declared(cls, module: str, name: str, controls: list, setup: Callable, update: Callable, *,
                 verdict: Callable[[dict], tuple[str, str]] | None = None, **options) -> "Explorer":
        """The explorer ``name`` of the topic whose widget module is ``module`` (pass ``__name__``).

        Its title and the control its lesson asks to move come from the course manifest; the
        controls, presets and options are declared here, once. ``verdict(values) -> (level,
        words)`` is the model's own judgement of a set of control values (the topic's
        ``assess_...`` on the model's result), for an explorer that shows one: the verdict tests
        check that the explorer shows exactly that for every preset and every control's ends.
        """
        from musclepain_lib.core.manifest import topic

        owner = topic(module)
        entry = owner.explorer(name)
        explorer = cls(entry.title, controls, setup, update, **options)
        if entry.lesson_control not in explorer.key_controls:
            raise InputError(
                f"lesson_control = {entry.lesson_control!r} is not allowed: the control the lesson asks to "
                f"move must be among the controls shown, {', '.join(explorer.key_controls)}"
            )
        explorer.entry, explorer.package = entry, owner.package
        if explorer.pictures_ahead is not None:
            explorer.pictures_ahead.moved(entry.lesson_control)
        explorer.verdict = verdict
        return explorer

    def __init__(
        self,
        title: str,
        controls: list,
        setup: Callable,
        update: Callable,
        *,
        start_values: dict | None = None,
        presets=None,
        preset: str | None = None,
        figsize: tuple[float, float] = (7.5, 4.2),
        key_controls: tuple[str, ...] | None = None,
        active_when: dict[str, Callable[[dict], bool]] | None = None,
        details_title: str | None = None,
        ahead: tuple[str, Callable[[dict], object]] | None = None,
    ):
        self.title = title
        self.entry = None  # the manifest's entry, for an explorer opened with Explorer.declared
        self.verdict: Callable[[dict], tuple[str, str]] | None = None
        self.specs = {spec.name: spec for spec in controls}
        if key_controls is None:
            key_controls = tuple(self.specs)[:KEY_CONTROLS]
        for name in (*key_controls, *(active_when or {})):
            if name not in self.specs:
                raise InputError(f"{name} is not a control of this explorer: expected one of {', '.join(self.specs)}")
        self.key_controls = tuple(key_controls)
        self.active_when = dict(active_when or {})
        if isinstance(presets, Mapping):
            presets = [Preset(name, values, name.replace("_", " ")) for name, values in presets.items()]
        self.preset_records = {record.name: record for record in presets or ()}
        self.presets = {name: self._checked(record.values) for name, record in self.preset_records.items()}
        opening = {}
        if preset is not None:
            preset = check_choice("preset", preset, list(self.presets) or ["(none)"])
            opening.update(self.presets[preset])
        self.opened_with = preset
        opening.update(self._checked(start_values or {}))
        self._setup_fn = setup  # for draw_on: the same picture on a new figure
        # Held while the figure is drawn: JupyterLab hands the widgets' messages to a thread of
        # the kernel's own (a subshell), beside the thread that runs the lesson's cells.
        self.drawing = threading.RLock()
        self._update_fn = update
        self.figure = blank_figure(*figsize)
        with style():
            self.artists = setup(self.figure)
        self.views = {
            name: _view_for(spec, opening.get(name, spec.default)) for name, spec in self.specs.items()
        }
        # Shown at its own size (not stretched to the page), or smaller, keeping its shape: no
        # wider than its column and no taller than FIGURE_MAX_HEIGHT, so that on a laptop screen
        # it is seen whole with the controls beside it and the verdict and caption under it.
        width, height = (round(size * self.figure.dpi) for size in figsize)
        self.image = _FigureImage(
            layout=widgets.Layout(
                width=f"min({width}px, 100%, calc(({_FIGURE_ROOM}) * {width / height:.4f}))",
                height="auto", max_height=FIGURE_MAX_HEIGHT, object_fit="contain",
            ),
        )
        self.image.add_class("musclepain-figure")
        # Under the figure, in one widget so that the page takes one message for them all: the
        # verdict, the caption and the lines that explain the verdict. A long list of such lines
        # (a reference table's examples and sources) is folded apart, under ``details_title``.
        self.words = widgets.HTML(layout=widgets.Layout(margin="0.2em 2px 0 2px"))
        self.words.add_class("musclepain-words")
        self.details = widgets.HTML(layout=widgets.Layout(margin="0 2px")) if details_title else None
        self.details_title = details_title
        self.reading = Reading(description="")
        self.last_error: BaseException | None = None
        self.last_update_ms = {"model": 0.0, "draw": 0.0}
        self.widget = self._assemble()
        for view in self.views.values():
            view.main.observe(self._on_change, names="value")
        self.refresh()
        # Lay the figure out once; fixed margins keep later redraws fast and steady.
        # None (not "none", a placeholder engine) also spares savefig a layout pass.
        self.figure.set_layout_engine(None)
        self._fixed_layout = True
        self._first_png = self.image.value
        self._first_reading = self.reading
        self._opening_values = self.changed_values()
        self.ahead = ComputeAhead(self, *ahead).start() if ahead else None
        sliders = [name for name in self.key_controls if isinstance(self.specs[name], Slider)]
        if sliders:
            self.pictures_ahead = PicturesAhead(self, sliders[0])
            self.pictures_ahead.shown(self.values, self.image.value)

    # ----- building -----------------------------------------------------------
    def _checked(self, values: dict) -> dict:
        unknown = [name for name in values if name not in self.specs]
        if unknown:
            raise InputError(
                f"{unknown[0]} is not a control of this explorer: expected one of "
                f"{', '.join(self.specs)}"
            )
        return {name: self.specs[name].check(value) for name, value in values.items()}

    def _assemble(self) -> ExplorerWidget:
        """The heading with the scenario menu and reset button; under it the key controls in a
        column beside the figure (under it on a narrow page), the figure's verdict and caption
        under the figure; the other controls folded under "More controls"."""
        heading = widgets.HTML(
            f"<style>{EXPLORER_CSS}</style><h4 style='margin:0.2em 0'>{html.escape(self.title)}</h4>",
            layout=widgets.Layout(margin="0 1.5em 0 2px"),
        )
        reset = widgets.Button(
            description="Reset all", icon="undo", tooltip="Put every control back to its default",
            layout=widgets.Layout(width="auto"),
        )
        reset.on_click(lambda _button: self.reset())
        row = []
        if self.presets:
            self.preset_picker = widgets.Dropdown(
                options=[NO_SCENARIO, *self.presets], value=self.opened_with or NO_SCENARIO,
                description="Scenario", style={"description_width": "initial"},
                layout=widgets.Layout(width="20em"),
            )
            self.preset_picker.observe(self._on_preset, names="value")
            row.append(self.preset_picker)
        top = _row([heading, _row([*row, reset], margin="0 0 0 auto")], width="100%")
        self.restored_note = kernel_note(RESTORED_NOTE)
        front = [self.views[name].box for name in self.key_controls]
        for box in front:
            box.add_class("musclepain-key-control")
        self.controls = widgets.VBox(front, layout=widgets.Layout(flex="0 0 auto", margin="0 1.2em 0.4em 0"))
        self.controls.add_class("musclepain-key-controls")
        told = [self.image, self.words]
        if self.details_title:
            self.details_fold = widgets.Accordion(children=[self.details], titles=(self.details_title,), selected_index=None)
            told.append(self.details_fold)
        shown = widgets.VBox(told, layout=widgets.Layout(flex=f"1 1 {FIGURE_MIN_WIDTH}", min_width="0"))
        parts = [top, self.restored_note, _row([self.controls, shown], align_items="flex-start", width="100%")]
        rest = [view.box for name, view in self.views.items() if name not in self.key_controls]
        if rest:
            # Folded by default, so the figure sits beside the controls that matter most.
            for box in rest:
                box.layout.margin = "0 1.2em 0.3em 0"
            folded = _row(rest, align_items="flex-start")
            self.more = widgets.Accordion(children=[folded], titles=("More controls",), selected_index=None)
            self.more.add_class("musclepain-more-controls")
            parts.append(self.more)
        box = ExplorerWidget(parts)
        box.explorer = self
        box.add_class("musclepain-explorer")
        return box

    # ----- reacting -----------------------------------------------------------
    @property
    def values(self) -> dict:
        return {name: view.value for name, view in self.views.items()}

    def set_values(self, **values):
        """Set several controls at once and redraw once."""
        checked = self._checked(values)
        self._quiet = True
        try:
            for name, value in checked.items():
                self.views[name].value = value
        finally:
            self._quiet = False
        self._request_refresh()
        self._show_scenario()

    def reset(self):
        self.set_values(**{name: spec.default for name, spec in self.specs.items()})

    def preset_values(self, name: str) -> dict:
        """Every control's value in a preset (the controls it leaves out at their defaults)."""
        name = check_choice("preset", name, list(self.presets))
        return {**{n: s.default for n, s in self.specs.items()}, **self.presets[name]}

    def apply_preset(self, name: str):
        """Put every control to the preset ``name``; the Scenario menu then shows it."""
        values = self.preset_values(name)
        self._show_scenario(name)
        self.set_values(**values)

    def _on_preset(self, change):
        if change["new"] in self.presets and not self._quiet:
            self.apply_preset(change["new"])

    def _show_scenario(self, name: str | None = None):
        """Show ``name`` in the Scenario menu, or, once the controls leave the scenario shown,
        the blank entry, so that choosing that scenario again puts the controls back to it."""
        picker = getattr(self, "preset_picker", None)
        if picker is None:
            return
        if name is None:
            name = picker.value
            if name not in self.presets or self.values == self.preset_values(name):
                return
            name = NO_SCENARIO
        quiet, self._quiet = self._quiet, True
        try:
            picker.value = name
        finally:
            self._quiet = quiet

    _quiet = False
    _fixed_layout = False
    pictures_ahead: PicturesAhead | None = None  # an explorer without a slider draws none ahead
    _stale = False  # the controls moved since the figure was last drawn
    _pending = False  # a redraw is scheduled on the kernel's event loop

    def _on_change(self, change):
        if not self._quiet:
            if self.pictures_ahead is not None:
                self.pictures_ahead.moved(next(name for name, view in self.views.items() if view.main is change["owner"]))
            self._request_refresh()
            self._show_scenario()

    def _request_refresh(self):
        """Redraw now, or, for a change sent by the browser, as soon as the kernel is free.

        While a slider is dragged the browser sends a value, waits until the kernel has
        handled it, then sends the latest one. Deferring the redraw lets the kernel take
        in that next value while drawing, and changes that arrive together (a slider and
        its number box, a preset setting several controls) are drawn once: intermediate
        values are dropped, and the last redraw always reads the current values.
        """
        self._stale = True
        note_busy()
        if self.ahead is not None:
            self.ahead.resume()
        schedule = _browser_scheduler()
        if schedule is None or (self.pictures_ahead is not None and self.pictures_ahead.ready(self.values)):
            self.refresh()  # (a picture drawn ahead is sent at once: there is nothing to draw)
        elif not self._pending:
            self._pending = True
            schedule(self._flush)

    def _flush(self):
        self._pending = False
        if self._stale:
            self.refresh()

    def refresh(self):
        """Recompute and redraw for the current values; show a message if they fail."""
        with self.drawing:
            self._redraw()

    def _redraw(self):
        self._stale = False
        started = time.perf_counter()
        values = self.values
        for name, rule in self.active_when.items():
            self.views[name].set_enabled(bool(rule(values)))
        try:
            with style():
                reading = self._update_fn(self.artists, values)
        except InputError as error:
            self._show_problem(str(error))
            return
        except Exception as error:  # a learner never sees a traceback
            self.last_error = error
            self._show_problem(f"These values could not be computed ({type(error).__name__}: {error}).")
            return
        modelled = time.perf_counter()
        if isinstance(reading, str):
            reading = Reading(description=reading)
        self.reading = reading
        png = self.pictures_ahead.kept_for(values) if self.pictures_ahead is not None else None
        if png is None:
            png = self._render()
        # One message for picture and tooltip: the browser's view of an image makes a new
        # picture from its bytes on every change it is sent, so two would show it twice.
        with self.image.hold_sync():
            self.image.value = png
            self.image.tooltip = reading.description
        self.image.layout.display = None
        self.words.value = (
            self._verdict_html(reading, details=False)
            + f"<p class='musclepain-caption' style='margin:0.2em 0;line-height:1.35'>{html.escape(reading.description)}</p>"
            + ("" if self.details is not None else self._details_html(reading))
        )
        if self.details is not None:
            self.details.value = self._details_html(reading)
        self.last_update_ms = {
            "model": 1000 * (modelled - started),
            "draw": 1000 * (time.perf_counter() - modelled),
        }
        if self.pictures_ahead is not None:
            self.pictures_ahead.shown(values, png)

    def _render(self) -> bytes:
        """The figure as it stands, as a PNG; laid out anew if an update cut a text."""
        # Only a full redraw can move a fixed text; a redraw of moving artists alone is not checked.
        redrawn_in_full = self.figure.stale or getattr(self.figure, "_musclepain_backdrop", None) is None
        png = figure_to_png(self.figure)
        if (self._fixed_layout and redrawn_in_full and not getattr(self.figure, "frozen_artists", None)
                and texts_cut(self.figure)):
            # The update made a label wider than the room the first layout left: lay out again.
            # Where no layout can make room, matplotlib keeps the one it had and says so;
            # that is the best this figure can do, so the learner is spared the warning.
            self.figure.set_layout_engine("constrained")
            with warnings.catch_warnings():
                warnings.filterwarnings("ignore", message="constrained_layout not applied")
                png = figure_to_png(self.figure)
            self.figure.set_layout_engine(None)
            if self.pictures_ahead is not None:
                self.pictures_ahead.forget()  # they were laid out the old way
        return png

    def picture_for(self, values: dict) -> bytes | None:
        """The picture for other control values, drawn as a refresh draws it (None where the
        model refuses them); the figure's parts are then put back to the current values."""
        with self.drawing:
            return self._draw_other(values)

    def _draw_other(self, values: dict) -> bytes | None:
        try:
            with style():
                self._update_fn(self.artists, values)
            return self._render()
        except Exception:  # the learner who goes there is shown the model's message, as ever
            return None
        finally:
            with contextlib.suppress(Exception), style():
                self._update_fn(self.artists, self.values)

    def _show_problem(self, message: str):
        self.reading = Reading(description=f"No figure: {message}", verdict=message, level="warn")
        self.image.layout.display = "none"
        if self.details is not None:
            self.details.value = ""
        self.words.value = self._verdict_html(self.reading)

    @staticmethod
    def _verdict_html(reading: Reading, details: bool = True) -> str:
        """The verdict as a sign, a word and a colour; then (``details``) the lines explaining it."""
        if not reading.verdict:
            return ""
        sign = LEVEL_SIGNS.get(reading.level, "")
        color = LEVEL_COLORS.get(reading.level, "#000")
        word = LEVEL_WORDS.get(reading.level, "")
        return (
            f"<div role='status' style='color:{color};font-weight:600;line-height:1.35'>{sign} {word}: "
            f"{html.escape(reading.verdict)}</div>{Explorer._details_html(reading) if details else ''}"
        )

    @staticmethod
    def _details_html(reading: Reading) -> str:
        """The lines that explain a verdict, as a list ("" when there are none)."""
        if not reading.verdict or not reading.details:
            return ""
        items = "".join(f"<li>{html.escape(d)}</li>" for d in reading.details)
        return f"<ul style='margin:0.2em 0;line-height:1.35'>{items}</ul>"

    def draw_on(self, figure, values: dict | None = None) -> Reading:
        """Draw this explorer's picture from scratch on another figure; return what it shows.

        ``values`` (checked like any input) change some controls from their current values.
        The explorer's own figure and controls are left alone: this is for comparing its
        redraw in place with the usual way of a new figure per change.
        """
        values = {**self.values, **self._checked(values or {})}
        with style():
            artists = self._setup_fn(figure)
            for artist in figure.findobj(lambda a: a.get_animated()):
                artist.set_animated(False)  # nothing is kept on a new figure: every part is drawn
            reading = self._update_fn(artists, values)
        return Reading(description=reading) if isinstance(reading, str) else reading

    def changed_values(self, values: dict | None = None) -> dict:
        """The controls of ``values`` (default: the current ones) that differ from their defaults."""
        values = self.values if values is None else values
        return {name: value for name, value in values.items() if value != self.specs[name].default}

    def static_html(self) -> str:
        """The opening figure, its description and verdict, as HTML for pages without a kernel."""
        reading = self._first_reading
        # Which explorer, opened where: the course site builds a static explorer from these.
        names = f"{self.package}.{self.entry.name}" if getattr(self, "entry", None) else ""
        tags = (f" data-explorer='{html.escape(names)}' data-values='{html.escape(json.dumps(self._opening_values, default=_plain))}'"
                if names else "")
        parts = [f"<div class='musclepain-static'{tags}><h4>{html.escape(self.title)}</h4>"]
        parts.append(self._verdict_html(reading))
        if self._first_png:
            parts.append(figure_html(self._first_png, reading.description))
        else:
            parts.append(f"<p>{html.escape(reading.description)}</p>")
        parts.append(
            "<p><em>This is a live explorer: run the lesson (locally or on Binder) "
            "to move its controls.</em></p></div>"
        )
        return "".join(parts)
