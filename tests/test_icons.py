"""Icons on every route: no sign the course shows needs an emoji font.

Hints, verdicts and red flags are marked with signs that ordinary text fonts carry (DejaVu
Sans has every one), so they show on a machine, a Binder image or a PDF without an emoji font,
where an emoji (💡, ⛔) shows as an empty box.
"""

import re
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: Where the course's own text lives: the library, the site's template, the tables, the lessons.
PLACES = ["musclepain_lib", "tools/site_template", "data", "notebooks", "share"]
SUFFIXES = {".py", ".js", ".css", ".html", ".csv", ".json", ".ipynb"}
#: Characters drawn as emoji by default (Unicode's Emoji_Presentation), which text fonts lack:
#: everything from U+1F000 on, and these in the Basic Multilingual Plane.
EMOJI = re.compile(
    "[\U0001F000-\U0001FFFF\u231A\u231B\u23E9-\u23EC\u23F0\u23F3\u25FD\u25FE\u2614\u2615\u2648-\u2653"
    "\u267F\u2693\u26A1\u26AA\u26AB\u26BD\u26BE\u26C4\u26C5\u26CE\u26D4\u26EA\u26F2\u26F3\u26F5\u26FA"
    "\u26FD\u2705\u270A\u270B\u2728\u274C\u274E\u2753-\u2755\u2757\u2795-\u2797\u27B0\u27BF\u2B1B\u2B1C"
    "\u2B50\u2B55]"
)


def _files():
    for place in PLACES:
        for path in sorted((ROOT / place).rglob("*")):
            if path.suffix in SUFFIXES and path.is_file():
                yield path


@pytest.mark.parametrize("path", list(_files()), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_sign_the_course_shows_needs_an_emoji_font(path):
    text = path.read_text(encoding="utf-8", errors="replace")
    found = sorted({f"{m.group()} ({unicodedata.name(m.group(), '?')})" for m in EMOJI.finditer(text)})
    assert not found, f"{path.relative_to(ROOT)} uses {', '.join(found)}: use a sign text fonts carry"


def test_the_check_knows_the_two_that_showed_as_boxes():
    assert EMOJI.search("💡 Hint") and EMOJI.search("⛔ stop")
    assert not EMOJI.search("✓ ✗ ⚠ ℹ ‼ ◐ ○ ✎")
