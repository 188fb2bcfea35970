"""One look for every figure: a colour-blind-safe palette, readable sizes, PNG output.

Figures are plain :class:`matplotlib.figure.Figure` objects drawn by the Agg
renderer, never pyplot's global figures, so an explorer can keep one figure
and redraw it in place on every change, and a lesson never shows a figure twice.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import html
import io
import math
import os
import struct
import zlib
from pathlib import Path

import matplotlib
import numpy as np

matplotlib.use("Agg", force=False)

from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from musclepain_lib.core.errors import InputError  # noqa: E402
from musclepain_lib.core.glyphs import glyph_canvas  # noqa: E402
from musclepain_lib.core.validation import check_number  # noqa: E402

__all__ = [
    "PALETTE",
    "COLORS",
    "STYLE",
    "style",
    "blank_figure",
    "new_figure",
    "figure_to_png",
    "moving",
    "set_limits",
    "nice_limit",
    "figure_html",
    "show_figure",
    "few_ticks",
]

#: Okabe and Ito (2008) colours, distinguishable with the common colour-vision deficiencies.
PALETTE = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "sky": "#56B4E9",
    "purple": "#CC79A7",
    "yellow": "#F0E442",
    "black": "#000000",
    "grey": "#7F7F7F",
}
#: The order in which lines take colours; yellow is left out (too pale on white).
COLORS = [PALETTE[name] for name in ("blue", "orange", "green", "vermillion", "sky", "purple", "black")]

STYLE = {
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "axes.prop_cycle": matplotlib.cycler(color=COLORS),
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#DDDDDD",
    "grid.linewidth": 0.8,
    "axes.titlesize": 13,
    "axes.labelsize": 12,
    "xtick.labelsize": 11,
    "ytick.labelsize": 11,
    "legend.fontsize": 10,
    "legend.frameon": False,
    "lines.linewidth": 2.0,
    "font.size": 11,
    "svg.fonttype": "none",
}

#: Pixels per inch for the PNGs: sharp enough to read, small enough to send fast.
DPI = 96


@contextlib.contextmanager
def style():
    """Draw inside this block to use the course's look."""
    with matplotlib.rc_context(STYLE):
        yield


def blank_figure(width: float = 7.5, height: float = 4.2) -> Figure:
    """Return an empty figure in the course style, not registered with pyplot."""
    with style():
        figure = Figure(figsize=(width, height), dpi=DPI, layout="constrained")
        glyph_canvas(figure)  # Agg, drawing words it has drawn before from their kept glyphs
    return figure


def new_figure(width: float = 7.5, height: float = 4.2, **subplot_kw):
    """Return ``(figure, axes)`` in the course style, not registered with pyplot.

    ``subplot_kw`` goes to :meth:`Figure.subplots` (``nrows``, ``ncols``, ``sharex`` ...).
    """
    figure = blank_figure(width, height)
    with style():
        axes = figure.subplots(**subplot_kw)
    return figure, axes


def moving(*artists):
    """Mark the artists an explorer's update changes; return them.

    A figure with moving artists is drawn once without them; that picture is kept,
    and each later PNG restores it and draws only the moving artists on top (blitting),
    as long as nothing else in the figure changed since. The pixels are the same as
    drawing the whole figure with the moving artists above the rest of their axes.
    """
    for artist in artists:
        artist.set_animated(True)
    return artists


def set_limits(axes, xlim=None, ylim=None) -> None:
    """Set an axes' limits only where they differ from the shown ones: an unchanged axes
    then keeps its kept picture, and only the moving artists are redrawn."""
    if xlim is not None and tuple(axes.get_xlim()) != tuple(float(v) for v in xlim):
        axes.set_xlim(*xlim)
    if ylim is not None and tuple(axes.get_ylim()) != tuple(float(v) for v in ylim):
        axes.set_ylim(*ylim)


#: Steps of :func:`nice_limit` within each power of ten.
NICE_STEPS = (1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0)


def nice_limit(value: float) -> float:
    """The smallest round number (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of
    ten) at or above a positive ``value``: an axis limit that stays put while the data
    change a little, so a dragged slider mostly redraws only the curves."""
    value = check_number("value", value, 0.0, None, low_open=True)
    scale = 10.0 ** math.floor(math.log10(value))
    return next(step * scale for step in NICE_STEPS if step * scale >= value * (1 - 1e-12))


def _moving_artists(figure: Figure) -> list:
    """The figure's moving artists in drawing order: axes by axes, then by zorder."""
    found = figure.findobj(lambda artist: artist is not figure and artist.get_animated())
    place = {id(axes): index for index, axes in enumerate(figure.axes)}
    return sorted(found, key=lambda a: (place.get(id(a.axes), len(place)), a.get_zorder()))


def _draw(figure: Figure) -> None:
    """Draw the figure on its Agg canvas, redrawing only moving artists when that is enough.

    A change to any other artist (a title, the axes' limits) marks the figure stale,
    since only moving artists keep their changes to themselves; then everything is
    drawn afresh and the kept picture replaced.
    """
    canvas = figure.canvas
    kept = getattr(figure, "_musclepain_backdrop", None)
    size = canvas.get_width_height()
    if kept is not None and not figure.stale and kept[0] == size:
        canvas.restore_region(kept[1])
        for artist in kept[2]:
            figure.draw_artist(artist)
        return
    canvas.draw()
    artists = _moving_artists(figure)
    figure._musclepain_backdrop = (size, canvas.copy_from_bbox(figure.bbox), artists) if artists else None
    for artist in artists:
        figure.draw_artist(artist)


def figure_to_png(figure: Figure) -> bytes:
    """Render a figure to PNG bytes quickly (light compression, no timestamp).

    An opaque figure drawn by Agg at the course's resolution (every explorer's) is
    written straight from the canvas as a PNG without row filters (:func:`_opaque_png`):
    the same pixels as ``savefig`` in a fraction of the encoding time. Only its
    :func:`moving` artists are redrawn when nothing else changed.
    """
    if figure.dpi == DPI and isinstance(figure.canvas, FigureCanvasAgg):
        with style():
            _draw(figure)
        rgba = np.asarray(figure.canvas.buffer_rgba())
        if rgba[..., 3].min() == 255:
            return _opaque_png(rgba)
    buffer = io.BytesIO()
    # savefig draws moving (animated) artists with the rest, in their order
    with style():
        figure.savefig(
            buffer,
            format="png",
            dpi=DPI,
            metadata={"Software": None},
            pil_kwargs={"compress_level": 1},
        )
    return buffer.getvalue()


def _opaque_png(rgba: np.ndarray) -> bytes:
    """A PNG of an opaque canvas's RGBA pixels: 8-bit colour with its alpha, no filters, fast zlib.

    The alpha (255 throughout) is kept: each row of the PNG is then one contiguous copy of
    a row of the canvas. Leaving it out took a byte-by-byte copy of every pixel, about 3 ms
    for an explorer's 720 x 518 picture, against half a millisecond more compression and a
    file a tenth larger with it.
    """
    height, width, _ = rgba.shape
    rows = np.empty((height, 1 + 4 * width), dtype=np.uint8)
    rows[:, 0] = 0  # each row opens with filter 0
    rows[:, 1:] = rgba.reshape(height, 4 * width)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # colour type 6: RGBA
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 1)) + chunk(b"IEND", b"")


def figure_html(png: bytes, description: str) -> str:
    """HTML for a figure that also reads without a running kernel: image, alt text, caption."""
    text = html.escape(description)
    data = base64.b64encode(png).decode("ascii")
    return (
        f'<figure class="musclepain-figure" style="margin:0">'
        f'<img src="data:image/png;base64,{data}" alt="{text}" style="max-width:100%"/>'
        f"<figcaption>{text}</figcaption></figure>"
    )


#: A folder where figures that are the same for everyone keep their PNG between kernels, if set
#: (the trial hub sets it): a class starting together draws such a figure once, not once a student.
FIGURE_CACHE = "MUSCLEPAIN_FIGURE_CACHE"


def kept_png(figure: Figure, key: str) -> bytes:
    """``figure_to_png(figure)``, taken from the folder FIGURE_CACHE names when a figure of the same
    ``key`` was drawn there by this code and this matplotlib before (and kept there when not).

    ``key`` must name everything the picture shows (the data it is drawn from); the course's
    plotting code and matplotlib's version are added to it here.
    """
    folder = os.environ.get(FIGURE_CACHE)
    if not folder:
        return figure_to_png(figure)
    code = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
    name = hashlib.sha256(f"{key}\0{code}\0{matplotlib.__version__}".encode()).hexdigest()[:40] + ".png"
    path = Path(folder) / name
    with contextlib.suppress(OSError):
        return path.read_bytes()
    png = figure_to_png(figure)
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{name}.{os.getpid()}")
        partial.write_bytes(png)
        os.replace(partial, path)  # whole or not at all, for a classmate reading it at the same time
    return png


class DescribedFigure:
    """A figure with the sentence that says what it shows; displays as image plus caption."""

    def __init__(self, figure: Figure, description: str, png: bytes | None = None):
        self.figure = figure
        self.description = description
        self._png = figure_to_png(figure) if png is None else png

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {
            "text/html": figure_html(self._png, self.description),
            "image/png": self._png,
            "text/plain": f"Figure: {self.description}",
        }


def show_figure(figure: Figure, description: str, same_for_everyone: str | None = None) -> DescribedFigure:
    """Return a displayable figure with its description (the last line of a lesson cell).

    ``same_for_everyone``: for a figure no learner's choice changes, a text naming what it is drawn
    from; its picture may then come from :func:`kept_png`.
    """
    if not description or not description.strip():
        raise InputError(f"description = {description!r} is not allowed: expected a sentence saying what the figure shows")
    png = None if same_for_everyone is None else kept_png(figure, f"{same_for_everyone}\0{description}")
    return DescribedFigure(figure, description, png)


# ----- keeping an explorer's redraw fast --------------------------------------------------


def few_ticks(*axes, days: bool = True):
    """At most about five labelled ticks per linear axis: enough to read, and each tick costs drawing time.

    With ``days`` the x axis gets whole numbers only (days, weeks).
    """
    for ax in axes:
        ax.xaxis.set_major_locator(MaxNLocator(7, integer=days))
        if ax.get_yscale() == "linear":
            ax.yaxis.set_major_locator(MaxNLocator(5, steps=[1, 2, 2.5, 5, 10]))
