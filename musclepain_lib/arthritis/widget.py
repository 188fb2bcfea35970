"""Explorers and figures of the rheumatoid arthritis lesson.

``explorer``: a clickable map of the 28 joints with ESR or CRP and global health, and the
DAS28 on its category scale. ``response_explorer``: two visits and the EULAR response.
``classification_explorer``: the 2010 ACR/EULAR criteria as a form that adds up its points.
``course_explorer``: the disease-course teaching model with a treatment start time.
Every update goes through the public model functions.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass, field

import ipywidgets as widgets
import numpy as np
import traitlets
from matplotlib.patches import Circle
from matplotlib.ticker import MaxNLocator
from matplotlib.transforms import offset_copy

from musclepain_lib.arthritis.disease_course import REMISSION_DAS28, disease_course
from musclepain_lib.arthritis.model import (
    DAS28_BANDS,
    EULAR_GOOD_IMPROVEMENT,
    EULAR_MODERATE_IMPROVEMENT,
    RA2010_CLASSIFY_SCORE,
    JointMarks,
    acr_eular_2010_points,
    assess_eular_response,
    assess_ra_2010,
    das28_category,
    das28_crp,
    das28_esr,
    das28_esr_parts,
    das28_joints,
    eular_response,
    eular_response_regions,
    ra_2010_applies,
)
from musclepain_lib.core.errors import InputError
from musclepain_lib.core.explorer import LABEL_WIDTH, Choice, Explorer, Preset, Reading, Slider, Toggle
from musclepain_lib.core.manifest import topic
from musclepain_lib.core.plotting import COLORS, PALETTE, moving, new_figure, set_limits
from musclepain_lib.core.validation import check_choice, check_number

__all__ = list(topic(__name__).widget_names)

DAS28_TOP = 9.5
BAND_COLORS = {"remission": PALETTE["green"], "low": PALETTE["sky"], "moderate": PALETTE["orange"], "high": PALETTE["vermillion"]}
BAND_LEVELS = {"remission": "ok", "low": "note", "moderate": "warn", "high": "alarm"}
BAND_WORDS = {"remission": "remission", "low": "low disease activity", "moderate": "moderate disease activity", "high": "high disease activity"}


def _band_edges():
    """(word, low, high) of each DAS28 band, cut at the top of the drawn scale."""
    edges, low = [], 0.0
    for word, limit, _included in DAS28_BANDS:
        high = min(limit, DAS28_TOP)
        edges.append((word, low, high))
        low = high
    return edges


def _draw_band_scale(axes, vertical=False):
    """Shade the DAS28 activity bands, each labelled with its word (not colour alone)."""
    for word, low, high in _band_edges():
        span = axes.axhspan if vertical else axes.axvspan
        span(low, high, color=BAND_COLORS[word], alpha=0.22, linewidth=0)
        middle = (low + high) / 2
        if vertical:
            axes.text(1.02, middle, word, transform=axes.get_yaxis_transform(), va="center", fontsize=9)
        else:
            axes.text(middle, 1.04, word, transform=axes.get_xaxis_transform(), ha="center", fontsize=9)


# ----- the joint map ------------------------------------------------------------------------

def _joint_names() -> list[str]:
    return list(das28_joints()["joint"])


def _checked_marks(name: str, value) -> JointMarks:
    if isinstance(value, JointMarks):
        value = {"tender": value.tender, "swollen": value.swollen}
    if not isinstance(value, Mapping) or set(value) - {"tender", "swollen"}:
        raise InputError(
            f"{name} = {value!r} is not allowed: expected a mapping with 'tender' and/or 'swollen' "
            "lists of joint names such as 'right knee'"
        )
    names = _joint_names()
    groups = {}
    for state in ("tender", "swollen"):
        items = value.get(state, ())
        if isinstance(items, str):
            items = [items]
        groups[state] = frozenset(check_choice(f"{name}[{state!r}]", item, names) for item in items)
    return JointMarks(**groups)


class JointGrid(widgets.GridBox):
    """The 28 joint buttons; its ``value`` (a :class:`JointMarks`) changes when one is pressed."""

    value = traitlets.Instance(JointMarks, kw={})


class JointMapView:
    """28 toggle buttons on a body layout, a tender/swollen switch, and a list of what is marked.

    Every button is a real button (Tab to reach it, Space or Enter to press it); its
    tooltip says the joint and its state, e.g. "right knee: tender".
    """

    def __init__(self, marks: JointMarks):
        table = das28_joints()
        self.mode = widgets.ToggleButtons(
            options=[("Tender joints", "tender"), ("Swollen joints", "swollen")],
            value="tender",
            description="Clicking marks",
            tooltips=["Buttons mark joints that hurt when pressed", "Buttons mark joints that are swollen"],
            style={"description_width": "initial", "button_width": "auto"},
            layout=widgets.Layout(width="auto"),
        )
        self.buttons, self.labels = {}, dict(zip(table["joint"], table["label"]))
        # Named grid areas place each button; ipywidgets 8 does not pass grid_row/grid_column on.
        areas = [["."] * 12 for _ in range(7)]
        for number, row in enumerate(table.itertuples()):
            areas[int(row.row)][int(row.column) - 1] = f"j{number}"
            button = widgets.ToggleButton(
                description=row.label,
                layout=widgets.Layout(grid_area=f"j{number}", width="auto", height="26px", margin="0", padding="0 2px"),
                style={"font_size": "0.85em"},
            )
            button.observe(self._on_press, names="value")
            self.buttons[row.joint] = button
        labels = self._orientation_labels(areas)
        self.main = JointGrid(
            children=[*labels, *self.buttons.values()],
            layout=widgets.Layout(
                grid_template_columns="repeat(12, 5.2em)",
                grid_template_areas="\n".join('"' + " ".join(cells) + '"' for cells in areas),
                grid_gap="3px 3px",
                margin="0.3em 0 0.3em 0",
            ),
        )
        self.main.add_class("musclepain-joint-map")
        self.summary = widgets.HTML()
        # The switch and the summary share a row, so the map and the figure fit a laptop screen together.
        self.summary.layout = widgets.Layout(width="auto", flex="1 1 20em", margin="0 0 0 1em")
        self.box = widgets.VBox([
            widgets.HBox([self.mode, self.summary], layout=widgets.Layout(flex_flow="row wrap", align_items="flex-end")),
            self.main,
        ])
        self.main.observe(self._show, names="value")
        self.mode.observe(self._show, names="value")
        self.main.value = marks
        self._show()

    @staticmethod
    def _orientation_labels(areas):
        """Words that orient the reader, each in its own grid area (filled into ``areas``)."""
        placed = (
            ("◀ patient's right", 0, range(0, 3)),
            ("facing you, palms forward", 0, range(4, 8)),
            ("patient's left ▶", 0, range(9, 12)),
            ("knuckles (MCP)", 4, range(5, 7)),
            ("finger joints (PIP)", 5, range(5, 7)),
        )
        labels = []
        for number, (text, row, columns) in enumerate(placed):
            for column in columns:
                areas[row][column] = f"o{number}"
            labels.append(widgets.HTML(
                f"<span style='font-size:0.8em;color:#444'>{text}</span>",
                layout=widgets.Layout(grid_area=f"o{number}"),
            ))
        return labels

    def _on_press(self, change):
        joint = next(name for name, button in self.buttons.items() if button is change["owner"])
        marks = self.main.value
        group = set(getattr(marks, self.mode.value))
        (group.add if change["new"] else group.discard)(joint)
        self.main.value = JointMarks(**{**vars(marks), self.mode.value: frozenset(group)})

    def _show(self, _change=None):
        marks = self.main.value
        current = getattr(marks, self.mode.value)
        for joint, button in self.buttons.items():
            button.value = joint in current
            button.tooltip = f"{joint}: {marks.marks(joint)}"
            letters = ("T" if joint in marks.tender else "") + ("S" if joint in marks.swollen else "")
            button.description = f"{self.labels[joint]} {letters}".strip()
        # One short line on screen (each button shows its own T and S); a screen reader also
        # hears the joints by name, from text kept off screen.
        self.summary.value = (
            "<div role='status' aria-live='polite' style='font-size:0.9em'>"
            + "; ".join(
                f"<strong>{state.capitalize()} ({len(group)})</strong>"
                f"<span style='position:absolute;left:-10000px'>: {html.escape(', '.join(sorted(group)) or 'none')}</span>"
                for state, group in (("tender", marks.tender), ("swollen", marks.swollen))
            )
            + ". T = tender, S = swollen. Tab to a joint; Space or Enter presses it.</div>"
        )

    @property
    def value(self) -> JointMarks:
        return self.main.value

    @value.setter
    def value(self, marks: JointMarks):
        self.main.value = marks


@dataclass(frozen=True)
class JointMapControl:
    """An explorer control whose value is the set of tender and swollen joints."""

    name: str
    label: str
    default: JointMarks = field(default_factory=JointMarks)

    def check(self, value) -> JointMarks:
        return _checked_marks(self.name, value)

    def make_view(self, value) -> JointMapView:
        return JointMapView(value)


def _draw_body(axes, joints):
    """A plain outline of a person facing the reader, palms forward, on 0..1 coordinates.

    ``joints`` is the joint table; each finger is drawn from the wrist through its joints.
    """
    grey = {"color": "#9A9A9A", "linewidth": 2.5, "solid_capstyle": "round"}
    axes.add_patch(Circle((0.5, 0.92), 0.055, fill=False, edgecolor="#9A9A9A", linewidth=2.5))
    axes.plot([0.36, 0.64, 0.60, 0.40, 0.36], [0.80, 0.80, 0.50, 0.50, 0.80], **grey)
    for sign in (-1, 1):
        x = lambda d: 0.5 + sign * d  # noqa: E731 - mirrors the right side onto the left
        axes.plot([x(0.14), x(0.23), x(0.29)], [0.80, 0.63, 0.48], **grey)
        axes.plot([x(0.07), x(0.07), x(0.06)], [0.50, 0.22, 0.03], **grey)
    places = joints.set_index("joint")
    for side in ("right", "left"):
        wrist = places.loc[f"{side} wrist"]
        hand = joints[(joints["side"] == side) & joints["group"].isin(["MCP", "PIP"])]
        for _finger, rays in hand.groupby(hand["joint"].str.extract(r"(\d)", expand=False)):
            ray = rays.sort_values("y", ascending=False)
            axes.plot([wrist["x"], *ray["x"]], [wrist["y"], *ray["y"]], color="#9A9A9A", linewidth=1.5)
    axes.text(0.02, 0.02, "patient's right", fontsize=9, color="#555555")
    axes.text(0.98, 0.02, "patient's left", fontsize=9, color="#555555", ha="right")
    axes.set_xlim(0.0, 1.0)
    axes.set_ylim(0.0, 1.0)
    axes.set_aspect("equal")
    axes.axis("off")


def _joint_map_setup(figure):
    panels = figure.subplot_mosaic([["body", "."], ["body", "scale"], ["body", "."]],
                                   width_ratios=[1.1, 1], height_ratios=[1.4, 1, 1.6])
    body, scale = panels["body"], panels["scale"]
    table = das28_joints()
    _draw_body(body, table)
    body.plot(table["x"], table["y"], "o", color="#9A9A9A", markersize=5, markerfacecolor="white")
    (tender,) = body.plot([], [], "o", color=PALETTE["orange"], markersize=8, label="tender (filled dot)")
    (swollen,) = body.plot([], [], "o", markerfacecolor="none", markeredgecolor=PALETTE["blue"],
                           markersize=14, markeredgewidth=2, label="swollen (ring)")
    # In the empty corner under the scale, clear of the body's head and hands.
    figure.legend(handles=[tender, swollen], loc="lower right", fontsize=9, handletextpad=0.3)
    _draw_band_scale(scale)
    scale.set_xlim(0, DAS28_TOP)
    scale.set_ylim(0, 1)
    scale.set_yticks([])
    scale.grid(False)
    scale.set_xlabel("DAS28 (points)")
    (pointer,) = scale.plot([0, 0], [0.05, 0.95], color=PALETTE["black"], linewidth=3)
    # A fixed height above the band names, whatever the figure's height.
    above = offset_copy(scale.get_xaxis_transform(), figure, y=16, units="points")
    label = scale.text(0, 1.04, "", ha="center", va="bottom", fontsize=13, fontweight="bold", transform=above)
    label.set_in_layout(False)  # the empty rows of the layout leave it room; the scale keeps its height
    moving(tender, swollen, pointer, label)
    positions = table.set_index("joint")[["x", "y"]]
    return {"tender": tender, "swollen": swollen, "pointer": pointer, "label": label, "positions": positions}


def _joint_map_update(artists, values):
    marks: JointMarks = values["joints"]
    for state in ("tender", "swollen"):
        where = artists["positions"].loc[sorted(getattr(marks, state))]
        artists[state].set_data(where["x"], where["y"])
    tjc, sjc = len(marks.tender), len(marks.swollen)
    if values["marker"] == "ESR":
        score = das28_esr(tjc, sjc, values["esr_mm_h"], values["global_health"])
        test = f"ESR {values['esr_mm_h']:g} mm/h"
    else:
        score = das28_crp(tjc, sjc, values["crp_mg_l"], values["global_health"])
        test = f"CRP {values['crp_mg_l']:g} mg/L"
    band = das28_category(score)
    artists["pointer"].set_xdata([score, score])
    artists["label"].set_x(min(max(score, 1.6), DAS28_TOP - 1.6))  # keep the words inside the figure
    name = f"DAS28-{values['marker']}"
    artists["label"].set_text(f"{name} {score:.2f}")
    details = [
        f"{tjc} of 28 joints tender, {sjc} swollen; {test}; global health {values['global_health']:g} mm.",
        f"Bands: remission below {DAS28_BANDS[0][1]:g}, low up to {DAS28_BANDS[1][1]:g}, "
        f"moderate up to {DAS28_BANDS[2][1]:g}, high above {DAS28_BANDS[2][1]:g}.",
    ]
    if values["marker"] == "CRP":
        details.append("DAS28-CRP tends to read lower than DAS28-ESR in the same patient.")
    return Reading(
        description=(
            f"The outline marks {tjc} tender and {sjc} swollen joints; with {test} and global "
            f"health {values['global_health']:g} mm, {name} is {score:.2f}, in the {band} band."
        ),
        verdict=f"{name} {score:.2f}: {BAND_WORDS[band]}",
        level=BAND_LEVELS[band],
        details=details,
    )


def _marks(tender=(), swollen=()):
    return {"tender": list(tender), "swollen": list(swollen)}


_EARLY_RA_TENDER = [
    f"{side} {joint}" for side in ("right", "left")
    for joint in ("wrist", "MCP 2 (index finger)", "MCP 3 (middle finger)", "PIP 2 (index finger)", "PIP 3 (middle finger)")
]
_EARLY_RA_SWOLLEN = [
    f"{side} {joint}" for side in ("right", "left") for joint in ("wrist", "MCP 2 (index finger)", "MCP 3 (middle finger)")
]


JOINT_MAP_CONTROLS = (
    JointMapControl("joints", "Joints"),
    Choice("marker", "Inflammation test", ("ESR", "CRP"), "ESR", labels=("ESR (mm/h)", "CRP (mg/L)")),
    Slider("esr_mm_h", "ESR", "mm/h", 20, 1, 150, 1, integer=True),
    Slider("crp_mg_l", "CRP", "mg/L", 5.0, 0.0, 150.0, 0.5),
    Slider("global_health", "Global health", "mm", 50, 0, 100, 1, integer=True),
)
JOINT_MAP_PRESETS = (
    Preset(
        "early_ra",
        {"joints": _marks(_EARLY_RA_TENDER, _EARLY_RA_SWOLLEN), "esr_mm_h": 38, "global_health": 60},
        "Wrists, index and middle finger joints of both hands tender, wrists and knuckles swollen, ESR 38 mm/h, global health 60 mm: the symmetrical small-joint pattern",
    ),
    Preset(
        "remission",
        {"joints": _marks(), "esr_mm_h": 10, "global_health": 15},
        "No joint marked, ESR 10 mm/h, global health 15 mm",
    ),
)


def explorer(preset=None, **start_values):
    """The joint map: mark tender and swollen joints, set ESR or CRP and global health, read DAS28.

    Click (or Tab to, then press Space or Enter) a joint to mark it; the switch above the
    map says whether a click marks tenderness or swelling. The figure shows the marks on a
    body outline and the DAS28 on its category scale, recomputed by :func:`das28_esr` or
    :func:`das28_crp`.

    Start values: ``joints`` (e.g. ``{"tender": ["right knee"], "swollen": []}``), ``marker``
    ("ESR" or "CRP": which of the two tests the score uses), ``esr_mm_h``, ``crp_mg_l``,
    ``global_health`` (the patient's own rating, 0 mm = very well, 100 mm = very poor).

    Presets for a class: ``JOINT_MAP_PRESETS`` (each with a line saying what the class sees).
    """
    return Explorer.declared(
        __name__, "explorer", JOINT_MAP_CONTROLS, _joint_map_setup, _joint_map_update,
        start_values=start_values, presets=JOINT_MAP_PRESETS, preset=preset, figsize=(8.0, 2.1),
        key_controls=("joints", "esr_mm_h"),
        active_when={
            "esr_mm_h": lambda values: values["marker"] == "ESR",
            "crp_mg_l": lambda values: values["marker"] == "CRP",
        },
    ).widget


# ----- two visits: the EULAR response --------------------------------------------------------



def _visit_controls(when: str, defaults: tuple) -> list:
    tjc, sjc, esr, gh = defaults
    shown = {"before": "Then", "now": "Now"}[when]  # short enough for the label width
    return [
        Slider(f"{when}_tjc28", f"{shown}: tender", "joints", tjc, 0, 28, 1, integer=True),
        Slider(f"{when}_sjc28", f"{shown}: swollen", "joints", sjc, 0, 28, 1, integer=True),
        Slider(f"{when}_esr_mm_h", f"{shown}: ESR", "mm/h", esr, 1, 150, 1, integer=True),
        Slider(f"{when}_global_health", f"{shown}: global health", "mm", gh, 0, 100, 1, integer=True),
    ]


def _visit(when: str, tjc28, sjc28, esr_mm_h, global_health) -> dict:
    """One visit's values as explorer start values."""
    return {f"{when}_tjc28": tjc28, f"{when}_sjc28": sjc28, f"{when}_esr_mm_h": esr_mm_h,
            f"{when}_global_health": global_health}


def _visit_score(values, when: str) -> float:
    return das28_esr(values[f"{when}_tjc28"], values[f"{when}_sjc28"], values[f"{when}_esr_mm_h"], values[f"{when}_global_health"])


def _response_setup(figure):
    chart, visits = figure.subplots(1, 2, width_ratios=[1.3, 1])
    for response, boxes in eular_response_regions(DAS28_TOP, 6.0).items():
        color = PALETTE["green"] if response == "good" else PALETTE["sky"]
        for (x0, x1), (y0, y1) in boxes:
            chart.fill_between([x0, x1], y0, y1, color=color, alpha=0.25, linewidth=0)
    # Each region's name, with a second place to go when the point would cover it.
    names = [
        (chart.text(x, y, word, ha="center", fontsize=11), (x, y), (x, other))
        for x, y, other, word in ((1.6, 3.5, 5.2, "good"), (4.15, 3.5, 5.2, "moderate"),
                                  (7.3, 3.5, 5.2, "moderate"), (4.7, -1.2, -2.2, "none"))
    ]
    chart.set_xlim(0, DAS28_TOP)
    chart.set_ylim(-2.5, 6)
    chart.set_yticks([-2, 0, 2, 4, 6])  # few labels: text is most of a redraw's cost
    chart.set_xlabel("DAS28 now (points)")
    chart.set_ylabel("improvement since then (points)")
    (point,) = chart.plot([], [], "D", color=PALETTE["black"], markersize=10)
    _draw_band_scale(visits, vertical=True)
    visits.set_ylim(0, DAS28_TOP)
    visits.set_yticks([c for _word, c, _included in DAS28_BANDS[:-1]])
    visits.set_xlim(-0.4, 1.4)
    visits.set_xticks([0, 1], ["then", "now"])
    visits.set_ylabel("DAS28-ESR (points)")
    (course,) = visits.plot([0, 1], [0, 0], "o-", color=PALETTE["black"], markersize=8)
    moving(point, course, *(name for name, _home, _away in names))
    return {"point": point, "course": course, "names": names}


def _response_verdict(values) -> tuple[str, str]:
    return assess_eular_response(_visit_score(values, "before"), _visit_score(values, "now"))


def _response_update(artists, values):
    before, now = _visit_score(values, "before"), _visit_score(values, "now")
    response = eular_response(before, now)
    level, verdict = assess_eular_response(before, now)
    change = before - now
    artists["point"].set_data([now], [change])
    for name, home, away in artists["names"]:
        covered = abs(now - home[0]) < 1.1 and -0.4 < change - home[1] < 0.9
        name.set_position(away if covered else home)
    artists["course"].set_ydata([before, now])
    moved = f"improved by {change:.2f}" if change >= 0 else f"worsened by {-change:.2f}"
    return Reading(
        description=(
            f"DAS28-ESR went from {before:.2f} ({das28_category(before)}) to {now:.2f} "
            f"({das28_category(now)}): it {moved} points, which the EULAR chart reads as '{response}' response."
        ),
        verdict=verdict,
        level=level,
        details=[f"Good: improved by more than {EULAR_GOOD_IMPROVEMENT:g} and now {DAS28_BANDS[1][1]:g} or less. "
                 f"None: improved by {EULAR_MODERATE_IMPROVEMENT:g} or less, or by {EULAR_GOOD_IMPROVEMENT:g} or less "
                 f"while still above {DAS28_BANDS[2][1]:g}."],
    )


RESPONSE_CONTROLS = _visit_controls("before", (12, 8, 40, 65)) + _visit_controls("now", (6, 4, 25, 40))
RESPONSE_PRESETS = (
    Preset(
        "good_response",
        {**_visit("before", 14, 10, 48, 70), **_visit("now", 2, 1, 12, 20)},
        "14 tender, 10 swollen, ESR 48, global health 70 before; 2, 1, 12 and 20 now",
    ),
    Preset(
        "still_high",
        {**_visit("before", 20, 14, 60, 80), **_visit("now", 10, 7, 40, 60)},
        "A big improvement that leaves the disease highly active",
    ),
)


def response_explorer(preset=None, **start_values):
    """Two visits, each with joint counts, ESR and global health, and the EULAR response.

    The left panel is the EULAR response chart (DAS28 now against the improvement), the
    right panel the two DAS28-ESR values on the activity bands; both are computed by
    :func:`das28_esr` and :func:`eular_response`.

    Start values: ``before_tjc28``, ``before_sjc28``, ``before_esr_mm_h``,
    ``before_global_health`` (the earlier visit, labelled "Then") and the same four
    starting with ``now_``.

    Presets for a class: ``RESPONSE_PRESETS`` (each with a line saying what the class sees).
    """
    return Explorer.declared(
        __name__, "response_explorer", RESPONSE_CONTROLS, _response_setup, _response_update,
        start_values=start_values, presets=RESPONSE_PRESETS, preset=preset,
        key_controls=("now_tjc28", "now_sjc28", "now_esr_mm_h", "now_global_health"), verdict=_response_verdict,
    ).widget


# ----- the 2010 classification criteria ------------------------------------------------------

_DOMAINS = (("joints", "Joints", 5), ("serology", "RF / anti-CCP", 3), ("acute_phase", "CRP / ESR", 1), ("duration", "Duration", 1))


def _classification_setup(figure):
    axes = figure.subplots()
    rows = np.arange(len(_DOMAINS) + 1)[::-1]
    maxima = [top for _key, _label, top in _DOMAINS] + [10]
    axes.barh(rows, maxima, color="#EEEEEE", edgecolor="#9A9A9A", height=0.6)
    earned = axes.barh(rows, [0] * len(rows), color=[COLORS[0]] * len(_DOMAINS) + [PALETTE["black"]], height=0.6)
    axes.set_yticks(rows, [label for _key, label, _top in _DOMAINS] + ["Total"])
    axes.axvline(RA2010_CLASSIFY_SCORE, color=PALETTE["vermillion"], linestyle="--", linewidth=2)
    axes.text(RA2010_CLASSIFY_SCORE + 0.05, rows[0] + 0.45, f"{RA2010_CLASSIFY_SCORE} of 10: classified as RA",
              color=PALETTE["vermillion"], fontsize=10)
    axes.set_xlim(0, 10.5)
    axes.set_ylim(-0.6, len(_DOMAINS) + 0.9)
    axes.set_xlabel("points (2010 ACR/EULAR criteria)")
    axes.grid(axis="y", visible=False)
    axes.set_axisbelow(True)
    texts = [axes.text(0, row, "", va="center", fontsize=10, fontweight="bold") for row in rows]
    return {"bars": earned.patches, "texts": texts}


def _criteria_arguments(values) -> list:
    """The criteria's five arguments, in order, from the control values."""
    return [values[name] for name in ("large_joints", "small_joints", "serology", "acute_phase_abnormal",
                                      "duration_weeks")]


def _classification_verdict(values) -> tuple[str, str]:
    return assess_ra_2010(*_criteria_arguments(values))


def _classification_update(artists, values):
    arguments = _criteria_arguments(values)
    level, verdict = assess_ra_2010(*arguments)
    if not ra_2010_applies(values["large_joints"], values["small_joints"]):
        raise InputError(verdict + " Set at least one large or small joint.")
    points = acr_eular_2010_points(*arguments)
    score = sum(points.values())
    widths = [points[key] for key, _label, _top in _DOMAINS] + [score]
    for bar, text, width in zip(artists["bars"], artists["texts"], widths):
        bar.set_width(width)
        text.set_x(width + 0.1)
        text.set_text(str(width))
    meets = score >= RA2010_CLASSIFY_SCORE
    return Reading(
        description=(
            f"Points by domain: joints {points['joints']}, serology {points['serology']}, "
            f"acute phase {points['acute_phase']}, duration {points['duration']}; total {score} of 10, "
            + (f"at or above the line at {RA2010_CLASSIFY_SCORE}." if meets
               else f"below the line at {RA2010_CLASSIFY_SCORE}.")
        ),
        verdict=verdict,
        level=level,
        details=["Classification criteria sort patients for studies; a diagnosis is a doctor's judgement."],
    )


CLASSIFICATION_CONTROLS = (
    Slider("large_joints", "Large joints involved", "", 1, 0, 10, 1, integer=True),
    Slider("small_joints", "Small joints involved", "", 4, 0, 28, 1, integer=True),
    Choice("serology", "RF and anti-CCP", ("negative", "low", "high"), "low",
           labels=("negative", "low positive (≤3× ULN)", "high positive (>3× ULN)")),
    Toggle("acute_phase_abnormal", "CRP or ESR raised", False),
    Slider("duration_weeks", "Symptoms for", "weeks", 8, 0, 52, 1, integer=True),
)
CLASSIFICATION_PRESETS = (
    Preset(
        "classic",
        {"large_joints": 2, "small_joints": 10, "serology": "high", "acute_phase_abnormal": True, "duration_weeks": 8},
        "2 large and 10 small joints, high anti-CCP, raised CRP, 8 weeks: 10 points",
    ),
    Preset(
        "borderline",
        {"large_joints": 0, "small_joints": 3, "serology": "low", "acute_phase_abnormal": False, "duration_weeks": 7},
        "3 small joints, low-positive RF, normal CRP, 7 weeks: 5 points",
    ),
)


def classification_explorer(preset=None, **start_values):
    """The 2010 ACR/EULAR classification criteria as a form that shows its points.

    Bars show the points of each domain against its maximum and the total against the
    line at 6, computed by :func:`acr_eular_2010_points`. With no joint involved the
    criteria do not apply and the explorer says so instead of drawing.

    Start values: ``large_joints`` (0..10), ``small_joints`` (0..28), ``serology``
    ("negative", "low", "high"), ``acute_phase_abnormal`` (True/False), ``duration_weeks``.

    Presets for a class: ``CLASSIFICATION_PRESETS`` (each with a line saying what the class sees).
    """
    return Explorer.declared(
        __name__, "classification_explorer", CLASSIFICATION_CONTROLS, _classification_setup, _classification_update,
        start_values=start_values, presets=CLASSIFICATION_PRESETS, preset=preset, figsize=(7.5, 3.6),
        # Every control: lesson 05's exercise sets the acute-phase result and the duration.
        key_controls=("large_joints", "small_joints", "serology", "acute_phase_abnormal", "duration_weeks"),
        verdict=_classification_verdict,
    ).widget


# ----- the disease course --------------------------------------------------------------------

def _course_setup(figure):
    activity, damage = figure.subplots(2, 1, sharex=True)
    _draw_band_scale(activity, vertical=True)
    activity.set_ylim(0, DAS28_TOP)
    activity.set_yticks([REMISSION_DAS28, DAS28_BANDS[2][1]])  # the low-activity limit would crowd remission
    activity.set_ylabel("activity (DAS28)")
    (untreated,) = activity.plot([], [], color="#7F7F7F", linestyle="--", linewidth=1.5, label="never treated")
    (treated,) = activity.plot([], [], color=PALETTE["blue"], label="with treatment")
    start_a = activity.axvline(0, color=PALETTE["black"], linestyle=":", linewidth=1.5)
    activity.legend(loc="upper right", ncol=2)
    (damage_untreated,) = damage.plot([], [], color="#7F7F7F", linestyle="--", linewidth=1.5, label="never treated")
    (damage_treated,) = damage.plot([], [], color=PALETTE["vermillion"], label="with treatment")
    start_d = damage.axvline(0, color=PALETTE["black"], linestyle=":", linewidth=1.5)
    damage.set_ylabel("damage (units)")
    damage.set_xlabel("years since the first symptoms")
    damage.text(0.01, 0.92, "dotted line: treatment starts", transform=damage.transAxes, fontsize=9)
    damage.yaxis.set_major_locator(MaxNLocator(4))
    moving(untreated, treated, damage_untreated, damage_treated, start_a, start_d)
    return {"axes": (activity, damage), "lines": (untreated, treated, damage_untreated, damage_treated),
            "starts": (start_a, start_d)}


def _course_update(artists, values):
    common = {"years": values["years"], "treatment_effect": values["treatment_effect"],
              "flares_per_year": values["flares_per_year"], "seed": values["flare_pattern"]}
    start = values["treatment_start_years"] if values["treated"] else None
    # A start after the years shown leaves the shown course untreated: say so, draw it.
    late = start is not None and start > values["years"]
    course = disease_course(treatment_start_years=None if late else start, **common)
    never = disease_course(treatment_start_years=None, **common)
    untreated, treated, damage_untreated, damage_treated = artists["lines"]
    untreated.set_data(never.t_years, never.das28)
    treated.set_data(course.t_years, course.das28)
    damage_untreated.set_data(never.t_years, never.damage)
    damage_treated.set_data(course.t_years, course.damage)
    for line in artists["starts"]:
        line.set_xdata([start, start] if start is not None and not late else [np.nan, np.nan])
    activity, damage = artists["axes"]
    set_limits(activity, xlim=(0, values["years"]))
    set_limits(damage, ylim=(0, max(1.0, 1.08 * never.final_damage)))
    share = 100 * course.final_damage / never.final_damage if never.final_damage > 0 else 0.0
    if late:
        when = (f"Treatment from year {start:g} starts after the {values['years']:g} years shown, so within them "
                "the course is the untreated one")
    else:
        when = f"Treatment from year {start:g}" if start is not None else "Without treatment"
    text = (f"{when}: after {values['years']:g} years the damage is {course.final_damage:.1f} units, "
            f"{share:.0f} % of the {never.final_damage:.1f} units of a course never treated.")
    return Reading(
        description=text + " Activity falls after treatment starts; damage stops rising fast but never falls.",
        verdict=text,
        level="note",
        details=["A teaching model: the constants are illustrative, not fitted to patients."],
    )


COURSE_CONTROLS = (
    Slider("treatment_start_years", "Treatment from", "years", 1.0, 0.0, 20.0, 0.25),
    Toggle("treated", "Treated at all", True),
    Slider("treatment_effect", "Treatment effect", "", 0.7, 0.0, 0.95, 0.05),
    Slider("flares_per_year", "Flares", "per year", 2.0, 0.0, 6.0, 0.5),
    Slider("years", "Years shown", "", 10, 2, 20, 1, integer=True),
    Slider("flare_pattern", "Flare pattern", "", 1, 0, 20, 1, integer=True),
)
COURSE_PRESETS = (
    Preset(
        "early_treatment",
        {"treatment_start_years": 0.25},
        "Treatment from 3 months",
    ),
    Preset(
        "late_treatment",
        {"treatment_start_years": 5.0},
        "Treatment from year 5, with the same flares, so the class compares like with like",
    ),
)


def course_explorer(preset=None, **start_values):
    """The disease-course teaching model: activity with flares, treatment, and lasting damage.

    Top: activity on the DAS28 scale, with and without treatment; bottom: accumulated
    damage, computed by :func:`~musclepain_lib.arthritis.disease_course.disease_course`.

    Start values: ``treatment_start_years``, ``treated`` (True/False), ``treatment_effect``
    (the fraction of the activity above 2.0 that treatment removes, 0 to 0.95),
    ``flares_per_year``, ``years``, ``flare_pattern`` (the seed of the random flares: each
    number is one patient's pattern). A start after the years shown leaves the shown course
    untreated, and the caption says so.

    Presets for a class: ``COURSE_PRESETS`` (each with a line saying what the class sees).
    """
    return Explorer.declared(
        __name__, "course_explorer", COURSE_CONTROLS, _course_setup, _course_update,
        start_values=start_values, presets=COURSE_PRESETS, preset=preset, figsize=(7.5, 5.0),
        active_when={name: lambda values: bool(values["treated"]) for name in ("treatment_start_years", "treatment_effect")},
    ).widget


# ----- static figures of the lesson -----------------------------------------------------------

def plot_das28_parts(tjc28=8, sjc28=5, esr_mm_h=30, global_health=50):
    """A stacked bar of the four terms of DAS28-ESR over the activity bands.

    Arguments as :func:`das28_esr`; returns a matplotlib Figure.
    """
    parts = das28_esr_parts(tjc28, sjc28, esr_mm_h, global_health)
    figure, axes = new_figure(7.5, 3.0)
    _draw_band_scale(axes)
    left = 0.0
    for color, (name, value) in zip(COLORS, parts.items()):
        axes.barh(0, value, left=left, color=color, height=0.5, label=f"{name}: {value:.2f}")
        left += value
    axes.set_xlim(0, DAS28_TOP)
    axes.set_ylim(-0.6, 0.6)
    axes.set_yticks([])
    axes.set_xlabel(f"DAS28-ESR (points): total {left:.2f}")
    axes.set_axisbelow(True)
    figure.legend(loc="outside lower center", ncol=2)
    return figure


def _checked_starts(starts, span: float) -> list:
    """Treatment start years within the course, None for never treated; at least one year."""
    expected = f"a sequence of start years from 0 to {span:g} years (None: never treated), at least one a year"
    if isinstance(starts, (str, bytes, Mapping)) or not np.iterable(starts):
        raise InputError(f"starts = {starts!r:.60} is not allowed: expected {expected}")
    checked = [None if s is None else check_number(f"starts[{i}]", s, 0, span, "years") for i, s in enumerate(starts)]
    if all(s is None for s in checked):
        raise InputError(f"starts = {starts!r:.60} is not allowed: expected {expected}")
    return checked


def plot_treatment_timing(starts=(0.25, 2.0, 5.0, None), years=10, seed=1):
    """Damage over the years for treatment started at different times (None: never).

    Uses :func:`~musclepain_lib.arthritis.disease_course.disease_course` with the same flares for
    each start; returns a matplotlib Figure. ``starts``: years from 0 to ``years`` (0.5 to
    30), at least one of them a year.
    """
    starts = _checked_starts(starts, check_number("years", years, 0.5, 30, "years"))
    figure, axes = new_figure(7.5, 3.8)
    for color, start in zip(COLORS, starts):
        course = disease_course(years=years, treatment_start_years=start, seed=seed)
        label = f"treated from year {start:g}" if start is not None else "never treated"
        axes.plot(course.t_years, course.damage, color=color, label=label,
                  linestyle="--" if start is None else "-")
    axes.axhline(0, color="#9A9A9A", linewidth=1)
    axes.set_xlabel("years since the first symptoms")
    axes.set_ylabel("damage (teaching units)")
    axes.set_title(f"Damage while activity stays above {REMISSION_DAS28} (DAS28)")
    axes.legend(loc="upper left")
    return figure
