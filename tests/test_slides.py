"""Every lesson can be presented as slides (RISE): each cell says how it enters the slideshow."""

import json
import re
from pathlib import Path

import pytest

from musclepain_lib.core import manifest

NOTEBOOKS = manifest.lesson_paths(Path(__file__).resolve().parent.parent / "notebooks")
SLIDE_TYPES = {"slide", "subslide", "fragment", "-", "skip", "notes"}


def _cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _slide_type(cell):
    return cell.get("metadata", {}).get("slideshow", {}).get("slide_type")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_cell_of_the_lesson_says_how_it_enters_the_slideshow(path):
    missing = [n for n, cell in enumerate(_cells(path)) if _slide_type(cell) not in SLIDE_TYPES]
    assert not missing, f"{path.name}: cells {missing} lack slideshow.slide_type (one of {sorted(SLIDE_TYPES)})"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_the_lesson_opens_on_a_title_slide_and_has_sections(path):
    types = [_slide_type(cell) for cell in _cells(path)]
    assert types[0] == "slide", f"{path.name}: the first cell should start a slide"
    assert types.count("slide") >= 3, f"{path.name}: a lesson of several sections needs several slides"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_each_new_slide_starts_with_a_heading(path):
    for number, cell in enumerate(_cells(path)):
        if _slide_type(cell) == "slide" and cell["cell_type"] == "markdown":
            text = "".join(cell["source"]).lstrip()
            assert text.startswith("#"), f"{path.name}, cell {number}: a new slide should open with a heading"


# Live slides on a 1280x720 projector (RISE): what each slide may hold.
LONG_TEXT_WORDS = 80  # beside an explorer, more text than this pushes the explorer off the screen


def _source(cell):
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def _slides(path):
    """The cells shown on each slide or sub-slide, in order (cells skipped in the slideshow left out)."""
    slides = []
    for cell in _cells(path):
        kind = _slide_type(cell)
        if kind in ("slide", "subslide") or not slides:
            slides.append([])
        if kind not in ("skip", "notes"):
            slides[-1].append(cell)
    return slides


def _counts(cells):
    code = [_source(c) for c in cells if c["cell_type"] == "code"]
    checks = sum(text.count("self_check(") for text in code)
    explorers = sum(len(re.findall(r"\b\w*explorer\(", text)) for text in code)
    words = sum(len(_source(c).split()) for c in cells if c["cell_type"] == "markdown")
    return checks, explorers, words


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_the_lesson_presents_on_a_projector_with_scrolling_on(path):
    rise = json.loads(path.read_text(encoding="utf-8"))["metadata"].get("rise", {})
    assert rise.get("scroll") is True, f"{path.name}: metadata.rise.scroll must be true (long slides scroll)"
    assert (rise.get("width"), rise.get("height")) == (1280, 720), f"{path.name}: slides are laid out for 1280x720"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_the_title_slide_holds_no_set_up_code(path):
    title = _slides(path)[0]
    assert not [c for c in title if c["cell_type"] == "code"], f"{path.name}: the set-up code is on the title slide"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_slide_holds_two_self_checks_or_an_explorer_with_long_text(path):
    for number, cells in enumerate(_slides(path)):
        checks, explorers, words = _counts(cells)
        heading = next((_source(c).splitlines()[0] for c in cells if c["cell_type"] == "markdown"), "(no text)")
        assert checks <= 1, f"{path.name}, slide {number} ({heading}): {checks} self-checks on one slide"
        assert explorers <= 1, f"{path.name}, slide {number} ({heading}): {explorers} explorers on one slide"
        assert not (explorers and words > LONG_TEXT_WORDS), (
            f"{path.name}, slide {number} ({heading}): an explorer with {words} words of text"
        )
