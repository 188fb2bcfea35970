"""A slider dragged with the mouse in JupyterLab and in Voila: the figure follows the hand,
and the picture left at release is the one a fresh explorer draws at the final values; so
is the picture after a value typed into a number box, and after a preset chosen from the
Scenario menu."""

from __future__ import annotations

import nbformat
import pytest
from lesson_page import (
    EXPLORER,
    explorer_state,
    new_page,
    open_in_lab,
    run_all_cells,
    shut_down_kernel,
    wait_for_widgets,
)
from nbformat.v4 import new_code_cell, new_notebook

from musclepain_lib.diabetes import explorer as dka_explorer
from tools import browser

pytestmark = pytest.mark.browser

PAGE = "live_drag.ipynb"
ONE_EXPLORER = {"explorers": 1, "questions": 0}
# The DKA course: four panels, the explorer with the most to draw.
SLIDER = "insulin_deficit_pct"
# Typed into the number box of the third slider shown, as a learner would, after the drag.
TYPED = ("treatment_start_h", 2, "30")
PRESET = "euglycaemic"

# Resolves once the explorer shows a picture other than ``old`` and has shown no newer one
# for half a second (or false after ``timeout`` ms).
_NEW_PICTURE_SETTLED = """(ex, [old, timeout]) => new Promise((resolve) => {
  const started = Date.now();
  let src = old, since = started;
  const look = () => {
    const img = ex.querySelector('img');
    const now = img ? img.src : '';
    if (now !== src) { src = now; since = Date.now(); }
    if (src !== old && img.complete && Date.now() - since > 500) return resolve(true);
    if (Date.now() - started > timeout) return resolve(false);
    setTimeout(look, 50);
  };
  look();
})"""


@pytest.fixture(scope="module")
def drag_page(served_lessons):
    """A page with one explorer, beside the lessons the servers already serve."""
    notebook = new_notebook(
        cells=[new_code_cell("from musclepain_lib.diabetes import explorer\nexplorer()")],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}},
    )
    nbformat.write(notebook, served_lessons / "notebooks" / PAGE)
    return PAGE


def shows_a_fresh_explorers_picture(explorer, before: str, what: str, **values) -> None:
    assert explorer.evaluate(_NEW_PICTURE_SETTLED, [before, 20_000]), f"no new picture after {what}"
    fresh = dka_explorer(**values).explorer
    assert browser.same_picture(browser.picture_bytes(explorer), fresh.image.value, share=0.0), (
        f"after {what} the picture is not a fresh explorer's at {values}"
    )


def check_drag(page):
    explorer = page.locator(EXPLORER).first
    dragged = browser.drag_slider(page, explorer, slider=0, seconds=1.5)
    fresh = dka_explorer(**{SLIDER: dragged["value"]}).explorer
    assert dragged["value"] != fresh.specs[SLIDER].default, "the drag did not move the slider"
    assert dragged["during"] >= 2, f"the figure did not follow the drag: {dragged['during']} pictures while dragged"
    assert browser.same_picture(dragged["png"], fresh.image.value, share=0.0), (
        f"the last picture is not a fresh explorer's at {SLIDER} = {dragged['value']}"
    )
    # A value typed into a number box, confirmed with Enter, then Tab to the next control.
    control, position, typed = TYPED
    number = browser.number_box(browser.slider_handle(explorer, position))
    before = explorer_state(explorer)["src"]
    number.click(click_count=3)
    page.keyboard.type(typed)
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    shows_a_fresh_explorers_picture(
        explorer, before, f"typing {typed} for {control}", **{SLIDER: dragged["value"], control: float(typed)}
    )
    # A preset chosen from the Scenario menu.
    before = explorer_state(explorer)["src"]
    explorer.locator(".widget-dropdown select").select_option(label=PRESET)
    shows_a_fresh_explorers_picture(explorer, before, f"choosing the {PRESET} scenario", preset=PRESET)


# Counts every change of the page's icons (JupyterLab swaps them on each busy and idle of the
# kernel unless the course's page config switches that off); other changes to the page's head,
# such as the style sheets of a part of JupyterLab loaded while the test runs, are not counted.
_WATCH_ICONS = """() => {
  window.__iconChanges = 0;
  const isIcon = (node) => node.nodeName === 'LINK' && (/icon/.test(node.rel) || node.classList.contains('favicon'));
  window.__iconCount = [...document.head.querySelectorAll('link')].filter(isIcon).length;
  new MutationObserver((changes) => {
    for (const change of changes) {
      const nodes = change.type === 'childList' ? [...change.addedNodes, ...change.removedNodes] : [change.target];
      if (nodes.some(isIcon)) window.__iconChanges += 1;
    }
  }).observe(document.head, {subtree: true, childList: true, attributes: true, attributeFilter: ['rel', 'href']});
}"""


# Counts the changes of the notebook toolbar's kernel status item. Redrawn on each busy and idle,
# it made the toolbar re-check every button for focus (a layout of the page each time) unless the
# course's settings show the kernel's status in the status bar; returns how many status bar
# items show it there.
_WATCH_TOOLBAR_STATUS = """() => {
  window.__toolbarStatusChanges = 0;
  const item = document.querySelector('.jp-NotebookPanel-toolbar [data-jp-item-name=executionProgress]');
  if (item) new MutationObserver((changes) => { window.__toolbarStatusChanges += changes.length; })
    .observe(item, {subtree: true, childList: true, attributes: true, characterData: true});
  return document.querySelectorAll('.jp-StatusBar-Widget .jp-Notebook-ExecutionIndicator').length;
}"""


def test_a_dragged_slider_in_jupyterlab_ends_on_the_right_picture(chromium, lab, drag_page):
    with new_page(chromium) as page:
        open_in_lab(page, lab, drag_page)
        try:
            run_all_cells(page)
            wait_for_widgets(page, ONE_EXPLORER, timeout_s=120)
            page.evaluate(_WATCH_ICONS)
            in_status_bar = page.evaluate(_WATCH_TOOLBAR_STATUS)
            check_drag(page)
            # Each value sent makes the kernel busy, then idle: the tab's icon stays as it is,
            # and the kernel's status shows in the status bar, not the notebook's toolbar.
            assert page.evaluate("window.__iconCount") > 0, "the page has no icon to watch"
            assert page.evaluate("window.__iconChanges") == 0, "the tab's icon changed while the slider was dragged"
            assert in_status_bar == 1, "the status bar does not show the kernel's status"
            changes = page.evaluate("window.__toolbarStatusChanges")
            assert changes == 0, f"the toolbar's kernel status changed {changes} times while the slider was dragged"
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
