"""The explorers' redraw path: the fast PNG shows exactly what matplotlib draws."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image

from musclepain_lib.core.explorer import Explorer, Reading, Slider
from musclepain_lib.core.plotting import DPI, blank_figure, figure_to_png, new_figure


def pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"))


def savefig_pixels(figure) -> np.ndarray:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI)
    return pixels(buffer.getvalue())


def test_fast_png_of_an_opaque_figure_has_the_same_pixels_as_savefig():
    figure, axes = new_figure()
    axes.plot(np.linspace(0, 10, 500), np.sin(np.linspace(0, 10, 500)))
    axes.set_xlabel("time (ms)")
    fast = figure_to_png(figure)
    assert fast.startswith(b"\x89PNG\r\n\x1a\n")
    assert np.array_equal(pixels(fast), savefig_pixels(figure))


def test_a_see_through_figure_keeps_its_transparency():
    figure = blank_figure(3, 2)
    figure.patch.set_alpha(0.0)
    figure.subplots().plot([0, 1], [0, 1])
    assert pixels(figure_to_png(figure))[..., 3].min() < 255


def test_a_figure_at_another_resolution_is_saved_at_the_course_resolution():
    figure = blank_figure(3, 2)
    figure.set_dpi(150)
    assert pixels(figure_to_png(figure)).shape[:2] == (2 * DPI, 3 * DPI)


def test_each_number_box_carries_its_slider_label_for_screen_readers():
    x = np.linspace(0, 1, 50)

    def setup(figure):
        return figure.subplots().plot(x, x)[0]

    def update(line, values):
        line.set_ydata(values["gain"] * x)
        return Reading(f"A line of slope {values['gain']:.1f}.")

    explorer = Explorer("Line", [Slider("gain", "Gain", "mV", 1.0, 0.0, 2.0, 0.1)], setup, update)
    assert explorer.views["gain"].number.description == "Gain (mV)"
    explorer.views["gain"].value = 1.5
    assert explorer.last_error is None
    assert pixels(explorer.image.value).shape[:2] == (round(4.2 * DPI), round(7.5 * DPI))


def test_a_figure_the_same_for_everyone_is_drawn_once_for_a_class_and_changes_with_what_it_shows(tmp_path, monkeypatch):
    from musclepain_lib.core import plotting

    def figure_saying(text):
        figure, axes = new_figure(3, 2)
        axes.text(0.5, 0.5, text)
        return figure

    drawn = []
    monkeypatch.setattr(plotting, "figure_to_png", lambda figure: drawn.append(figure) or figure_to_png(figure))
    first = plotting.show_figure(figure_saying("a"), "A word.", same_for_everyone="a")
    monkeypatch.setenv(plotting.FIGURE_CACHE, str(tmp_path))
    kept = plotting.show_figure(figure_saying("a"), "A word.", same_for_everyone="a")
    again = plotting.show_figure(figure_saying("a"), "A word.", same_for_everyone="a")  # another kernel of the class
    other = plotting.show_figure(figure_saying("b"), "A word.", same_for_everyone="b")
    assert len(drawn) == 3 and first._png == kept._png == again._png  # drawn without the folder, once into it, and b
    assert pixels(other._png).tolist() != pixels(again._png).tolist()
    assert len(list(tmp_path.glob("*.png"))) == 2 and not list(tmp_path.glob(".*"))
