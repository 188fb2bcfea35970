"""The static site (`make site`): every lesson readable without a kernel, linked, accessible."""

from __future__ import annotations

import re

import pytest
from lesson_page import LESSONS

from tools import build_site, check_site

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site") / "_site"
    lessons = build_site.build(out, LESSONS, log=lambda _: None)
    return out, lessons


def test_contents_page_lists_every_lesson_in_teaching_order(site):
    out, lessons = site
    contents = (out / "index.html").read_text()
    links = re.findall(r'<li><a href="([^"]+)"', contents)
    assert links == [f"{path.stem}.html" for path in sorted(LESSONS.glob("[0-9][0-9]_*.ipynb"))]
    assert all(lesson.title in contents for lesson in lessons)


def test_each_lesson_page_links_to_the_contents_and_to_the_same_lesson_on_binder(site):
    out, lessons = site
    for lesson in lessons:
        page = (out / lesson.href).read_text()
        assert 'href="index.html"' in page
        binder = f"https://mybinder.org/v2/gh/{build_site.course_repository()}/main?urlpath=lab/tree/build/student/{lesson.path.name}"
        assert binder in page, lesson.href


def test_each_explorer_leaves_its_default_figure_and_description_instead_of_a_live_widget(site):
    out, lessons = site
    shown = 0
    for lesson in lessons:
        page = (out / lesson.href).read_text()
        assert "application/vnd.jupyter.widget-view+json" not in page
        assert "require.js" not in page
        for static in re.split(r"class=[\"']musclepain-static[\"']", page)[1:]:
            figure = static.split("</figure>")[0]
            assert re.search(r'<img alt="[^"]{10,}" src="data:image/png;base64,|<img src="data:image/png;base64,[^"]+" alt="[^"]{10,}"', figure), lesson.href
            assert "<figcaption>" in figure
            shown += 1
    uses_explorers = any("explorer(" in path.read_text() for path in LESSONS.glob("[0-9][0-9]_*.ipynb"))
    assert shown or not uses_explorers


def test_site_has_no_broken_internal_link_missing_image_or_figure_without_words(site):
    out, _ = site
    problems, _outside = check_site.check_links(out)
    assert problems == []


def test_site_pages_have_no_serious_or_critical_accessibility_violation(site, chromium):
    out, _ = site
    problems = check_site.check_accessibility(out, chromium)
    assert problems == [], "\n".join(problems)
