"""Every lesson can be presented as slides (RISE): each cell says how it enters the slideshow."""

import json
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
