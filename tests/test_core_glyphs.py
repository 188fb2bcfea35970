"""Words drawn from kept glyphs are Matplotlib's own, pixel for pixel (musclepain_lib.core.glyphs)."""

import importlib

import matplotlib
import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg

from musclepain_lib.core import glyphs, manifest, plotting

EXPLORERS = [(topic, entry.name) for topic, entry in manifest.explorers()]


def pixels(figure, canvas_class) -> np.ndarray:
    """The figure drawn whole on a new canvas of ``canvas_class``."""
    canvas_class(figure)
    figure.stale = True
    with plotting.style():
        figure.canvas.draw()
    return np.asarray(figure.canvas.buffer_rgba()).copy()


def assert_same_both_ways(figure):
    matplotlib_own = pixels(figure, FigureCanvasAgg)
    first = pixels(figure, glyphs.GlyphCanvas)  # glyphs rendered and kept
    again = pixels(figure, glyphs.GlyphCanvas)  # glyphs drawn from the kept ones
    assert np.array_equal(first, matplotlib_own), f"{int((first != matplotlib_own).any(axis=2).sum())} pixels differ"
    assert np.array_equal(again, matplotlib_own), f"{int((again != matplotlib_own).any(axis=2).sum())} pixels differ"


def test_this_matplotlib_draws_text_as_the_kept_glyphs_assume():
    # Where it does not, the course falls back to Matplotlib's own canvas (the test below);
    # the version the course installs must keep the quick path.
    assert glyphs._INTERNALS
    assert isinstance(plotting.blank_figure().canvas, glyphs.GlyphCanvas)


@pytest.mark.parametrize(("topic", "name"), EXPLORERS, ids=[f"{t}.{n}" for t, n in EXPLORERS])
def test_every_explorer_is_drawn_pixel_for_pixel_as_matplotlib_draws_it(topic, name):
    explorer = getattr(importlib.import_module(f"musclepain_lib.{topic}"), name)().explorer
    assert_same_both_ways(explorer.figure)


def test_turned_sized_fallback_mathematical_and_unsmoothed_words_are_matplotlibs_own():
    figure, axes = plotting.new_figure(6, 4)
    with plotting.style():
        axes.set_ylabel("turned a quarter (mmol/L)")
        axes.set_title("Na\u207a and K\u207a \u2212 a title with signs: \u2265 \u00b5 \u00b0C", fontsize=15)
        axes.text(0.2, 0.5, "turned 30\u00b0\nover two lines", rotation=30, fontsize=9)
        axes.text(0.5, 0.2, r"$\alpha_m(V) = 0.1\,(V+40)$", fontsize=12)
        axes.text(0.6, 0.8, "no smoothing", antialiased=False)
        axes.text(0.1, 0.9, "bold and small", fontweight="bold", fontsize=7)
    assert_same_both_ways(figure)


def test_words_at_every_fraction_of_a_pixel_are_matplotlibs_own():
    figure, axes = plotting.new_figure(6, 4)
    with plotting.style():
        axes.set_axis_off()
        for step in range(40):  # the same word 1/40 of a pixel further each time
            axes.text(0.02 + step * 0.0004, 0.02 + step * 0.024, "Ca 1.20 mmol/L", transform=axes.transAxes)
    assert_same_both_ways(figure)


def test_without_the_internals_it_leans_on_a_figure_gets_matplotlibs_own_canvas(monkeypatch):
    monkeypatch.setattr(glyphs, "_INTERNALS", False)
    figure = plotting.blank_figure()
    assert type(figure.canvas) is FigureCanvasAgg
    with plotting.style():
        figure.subplots().plot([0, 1], [0, 1])
    assert plotting.figure_to_png(figure)[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_kept_glyphs_and_layouts_start_afresh_past_their_limits(monkeypatch):
    monkeypatch.setattr(glyphs, "MOST_GLYPHS", 5)
    monkeypatch.setattr(glyphs, "MOST_LAYOUTS", 2)
    figure, axes = plotting.new_figure(4, 3)
    with plotting.style():
        axes.set_title("many different glyphs 0123456789")
    assert_same_both_ways(figure)
    assert len(glyphs._glyphs) <= 5 and len(glyphs._layouts) <= 2 and len(glyphs._line_metrics) <= 2


def extents(figure, canvas_class) -> list:
    """Where each text of the figure lies, as a renderer of ``canvas_class`` lays it out."""
    canvas_class(figure)
    renderer = figure.canvas.get_renderer()
    return [tuple(text.get_window_extent(renderer).bounds) for text in figure.texts]


def test_texts_are_laid_out_by_the_same_line_metrics_as_matplotlibs_own():
    figure = plotting.blank_figure(6, 4)
    with plotting.style():
        for number, (family, size) in enumerate([("sans-serif", 11), ("serif", 9), ("monospace", 14), ("DejaVu Sans", 30)]):
            figure.text(0.1, 0.2 * number + 0.05, f"{family}\nsecond line\nand a third", family=family, fontsize=size)
        figure.text(0.6, 0.5, "bold, turned", fontweight="bold", rotation=30, linespacing=2.0)
        own, kept, again = extents(figure, FigureCanvasAgg), extents(figure, glyphs.GlyphCanvas), extents(figure, glyphs.GlyphCanvas)
    assert kept == own and again == own
    # Another font for a generic family: the kept metrics are not the first font's.
    with plotting.style(), matplotlib.rc_context({"font.sans-serif": ["STIXGeneral"]}):
        assert extents(figure, glyphs.GlyphCanvas) == extents(figure, FigureCanvasAgg)
