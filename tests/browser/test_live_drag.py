"""A slider dragged with the mouse in JupyterLab and in Voila: the figure follows the hand,
and the picture left at release is the one a fresh explorer draws at the final values."""

from __future__ import annotations

import nbformat
import pytest
from lesson_page import EXPLORER, new_page, open_in_lab, run_all_cells, shut_down_kernel, wait_for_widgets
from nbformat.v4 import new_code_cell, new_notebook

from musclepain_lib.diabetes import explorer as dka_explorer
from tools import browser

pytestmark = pytest.mark.browser

PAGE = "live_drag.ipynb"
ONE_EXPLORER = {"explorers": 1, "questions": 0}
# The DKA course: four panels, the explorer with the most to draw.
SLIDER = "insulin_deficit_pct"


@pytest.fixture(scope="module")
def drag_page(served_lessons):
    """A page with one explorer, beside the lessons the servers already serve."""
    notebook = new_notebook(
        cells=[new_code_cell("from musclepain_lib.diabetes import explorer\nexplorer()")],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}},
    )
    nbformat.write(notebook, served_lessons / "notebooks" / PAGE)
    return PAGE


def check_drag(page):
    explorer = page.locator(EXPLORER).first
    dragged = browser.drag_slider(page, explorer, slider=0, seconds=1.5)
    fresh = dka_explorer(**{SLIDER: dragged["value"]}).explorer
    assert dragged["value"] != fresh.specs[SLIDER].default, "the drag did not move the slider"
    assert dragged["during"] >= 2, f"the figure did not follow the drag: {dragged['during']} pictures while dragged"
    assert browser.same_picture(dragged["png"], fresh.image.value, share=0.0), (
        f"the last picture is not a fresh explorer's at {SLIDER} = {dragged['value']}"
    )


def test_a_dragged_slider_in_jupyterlab_ends_on_the_right_picture(chromium, lab, drag_page):
    with new_page(chromium) as page:
        open_in_lab(page, lab, drag_page)
        try:
            run_all_cells(page)
            wait_for_widgets(page, ONE_EXPLORER, timeout_s=120)
            check_drag(page)
            assert page.console_problems == []
        finally:
            shut_down_kernel(page, lab)


def test_a_dragged_slider_in_voila_ends_on_the_right_picture(chromium, voila, drag_page):
    with new_page(chromium) as page:
        url = f"{voila.url}/voila/render/{drag_page}?token={voila.token}"
        page.goto(url, timeout=300_000, wait_until="commit")
        try:
            wait_for_widgets(page, ONE_EXPLORER, timeout_s=120)
        except Exception:  # Voila 0.5 now and then stalls on a fresh render: a reload starts afresh
            page.goto(url, timeout=300_000, wait_until="commit")
            wait_for_widgets(page, ONE_EXPLORER, timeout_s=120)
        check_drag(page)
        assert page.console_problems == []
