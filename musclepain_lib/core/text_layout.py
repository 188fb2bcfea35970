"""Where a figure's words land: every text inside the figure, none on top of another.

An explorer lays its figure out once and then redraws it in place; when an update makes
a tick label or an axis label stick out, :func:`texts_cut` tells it to lay the figure
out again. The layout tests use :func:`text_problems` after every update.

Texts that a drawn-once backdrop shows as part of its picture (``figure.frozen_artists``)
count as shown, since the learner sees them.
"""

from __future__ import annotations

import math

from matplotlib.axes import Axes
from matplotlib.axis import Axis
from matplotlib.text import Text

#: Pixels of overlap or overhang forgiven (antialiased edges).
SLACK = 1.0


__all__ = ["shown_texts", "shown_marks", "texts_cut", "text_problems"]


def shown_texts(figure) -> list[Text]:
    """Every non-empty text the figure shows (ticks beyond the axis limits are not drawn)."""
    frozen = {id(a) for a in getattr(figure, "frozen_artists", ())}
    found = []

    def walk(artist, parent_frozen=False):
        is_frozen = parent_frozen or id(artist) in frozen
        if not artist.get_visible() and not is_frozen:
            return
        if isinstance(artist, Axes) and not artist.axison:
            children = [c for c in artist.get_children() if c not in (artist.xaxis, artist.yaxis, *artist.spines.values())]
        elif isinstance(artist, Axis):
            # only the ticks inside the view are drawn (matplotlib keeps a few beyond it)
            children = [*artist._update_ticks(), artist.label, artist.offsetText]
        else:
            children = artist.get_children()
        if isinstance(artist, Text) and artist.get_text().strip():
            found.append(artist)
        for child in children:
            walk(child, is_frozen)

    walk(figure)
    return found


def shown_marks(figure):
    """(x0, y0, x1, y1) in pixels of every marker the figure's axes draw (points, ticks on a bar...)."""
    frozen = {id(a) for a in getattr(figure, "frozen_artists", ())}
    for axes in figure.axes:
        if not axes.get_visible():
            continue
        area = axes.bbox
        for line in axes.lines:
            if not (line.get_visible() or id(line) in frozen) or line.get_marker() in (None, "", "None", " "):
                continue
            style = line._marker
            extent = style.get_path().transformed(style.get_transform()).get_extents()
            scale = line.get_markersize() * figure.dpi / 72
            edge = line.get_markeredgewidth() * figure.dpi / 72
            half_w, half_h = max(extent.width * scale, edge) / 2, max(extent.height * scale, edge) / 2
            for x, y in line.get_transform().transform(line.get_xydata()):
                if math.isfinite(x) and math.isfinite(y) and area.x0 <= x <= area.x1 and area.y0 <= y <= area.y1:
                    yield x - half_w, y - half_h, x + half_w, y + half_h


def _boxes(figure, renderer):
    for text in shown_texts(figure):
        box = text.get_window_extent(renderer)
        if box.width and box.height:
            yield text.get_text().replace("\n", " "), box


def _outside(figure, box) -> bool:
    width, height = figure.bbox.width, figure.bbox.height
    return box.x0 < -SLACK or box.y0 < -SLACK or box.x1 > width + SLACK or box.y1 > height + SLACK


def texts_cut(figure) -> list[str]:
    """The texts that stick out of the figure, as last drawn.

    Measuring changes nothing, so the figure is left as fresh as it was found: an axes
    with a fixed aspect (the joint map's body) applies it again when measured, which
    would otherwise mark the figure changed and make every later redraw a full one.
    """
    stale = figure.stale
    renderer = figure.canvas.get_renderer()
    cut = [words for words, box in _boxes(figure, renderer) if _outside(figure, box)]
    figure.stale = stale
    return cut


def text_problems(figure) -> list[str]:
    """Texts that stick out of the figure, overlap each other or lie on a marker, in words."""
    figure.canvas.draw()
    boxes = list(_boxes(figure, figure.canvas.get_renderer()))
    problems = [f"{words!r} is cut by the figure's edge" for words, box in boxes if _outside(figure, box)]
    for number, (words, box) in enumerate(boxes):
        for other, other_box in boxes[number + 1 :]:
            dx = min(box.x1, other_box.x1) - max(box.x0, other_box.x0)
            dy = min(box.y1, other_box.y1) - max(box.y0, other_box.y0)
            if dx > SLACK and dy > SLACK:
                problems.append(f"{words!r} overlaps {other!r}")
    marks = list(shown_marks(figure))
    for words, box in boxes:
        for x0, y0, x1, y1 in marks:
            if min(box.x1, x1) - max(box.x0, x0) > SLACK and min(box.y1, y1) - max(box.y0, y0) > SLACK:
                problems.append(f"{words!r} lies on a marker")
                break
    return problems
