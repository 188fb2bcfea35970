"""Each lesson ends with links to the next lesson and back to the contents, in the manifest's order."""

import re

from musclepain_lib.core import manifest
from musclepain_lib.learner.lesson import finish_lesson, lesson_links
from musclepain_lib.learner.progress import ProgressStore


def hrefs(html: str) -> list[str]:
    return re.findall(r'href="([^"]+)"', html)


def test_every_lesson_links_the_next_one_and_every_lesson_but_the_first_links_the_contents():
    lessons = manifest.LESSONS
    for at, lesson in enumerate(lessons):
        expected = ([lessons[at + 1].file] if at + 1 < len(lessons) else []) + ([lessons[0].file] if at else [])
        assert hrefs(lesson_links(lesson.id)) == expected, lesson.id
    assert lessons[1].title in lesson_links(lessons[0].id)


def test_a_lesson_outside_the_manifest_gets_no_links():
    assert lesson_links("99_not_in_the_manifest") == ""


def test_the_end_of_a_lesson_reads_as_before_and_shows_the_links_in_a_notebook(tmp_path):
    status = finish_lesson("02_cramps", ProgressStore(tmp_path / "progress.json"))
    assert str(status).startswith("Lesson 02_cramps: end reached.") and repr(status) == str(status)
    shown = status._repr_html_()
    assert hrefs(shown) == ["03_muscle_growth.ipynb", "00_welcome.ipynb"]
    assert "end reached" in shown and "<script" not in shown
