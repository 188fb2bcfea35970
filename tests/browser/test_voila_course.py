"""Voila as the whole course: the student folder's lessons listed, each opening as a page
drawn by the course's Voila page, which retries a stalled render for the learner."""

from __future__ import annotations

import warnings

import pytest
from lesson_page import new_page

from musclepain_lib.classroom.lesson_copy import copy_course
from musclepain_lib.core.manifest import LESSONS
from tools import browser

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def student_voila(tmp_path_factory):
    folder = tmp_path_factory.mktemp("voila-course") / "student"
    copy_course(folder)
    with browser.voila_server(folder, tmp_path_factory.mktemp("voila-run")) as server:
        yield server


def test_voila_lists_every_lesson_and_retries_a_stalled_render_once(student_voila, chromium):
    with new_page(chromium) as page:
        listed = page.locator(".jp-DirListing-item")  # the list is drawn by script
        tree = f"{student_voila.url}/voila/tree?token={student_voila.token}"
        page.goto(tree)
        try:
            listed.filter(has_text=LESSONS[0].file).first.wait_for(timeout=45_000)
        except Exception:
            # Once in a whole-suite run on a loaded machine the list never came; a learner
            # reloads. What the page and the server showed is kept with the test's output.
            warnings.warn(f"the Voila tree drew no list in 45 s; reloading. Page: {page.inner_text('body')[:300]!r}; "
                          f"server log: {student_voila.log(1500)}")
            page.goto(tree)
            listed.filter(has_text=LESSONS[0].file).first.wait_for(timeout=45_000)
        for lesson in LESSONS:
            assert listed.filter(has_text=lesson.file).count() == 1, lesson.file

        page.goto(f"{student_voila.url}/voila/render/{LESSONS[0].file}?token={student_voila.token}", wait_until="commit")
        page.wait_for_function("() => !!window.musclepainVoila", timeout=120_000)
        assert page.evaluate("() => window.musclepainVoila.stallSeconds") > 0
        # A stall: the page reloads itself once (a fresh kernel) ...
        with page.expect_navigation(wait_until="commit", timeout=120_000):
            page.evaluate("() => { setTimeout(() => window.musclepainVoila.stalled(), 0); }")
        page.wait_for_function("() => !!window.musclepainVoila", timeout=120_000)
        # ... and a second stall in a row tells the learner what to do instead of looping.
        assert page.evaluate("() => window.musclepainVoila.stalled()") == "told"
        assert "stopped loading twice" in page.locator("#loading_text").inner_text()


def test_in_voila_a_lesson_leads_on_to_the_next_and_the_contents_lead_to_every_lesson(student_voila, chromium):
    with new_page(chromium) as page:
        page.goto(f"{student_voila.url}/voila/render/{LESSONS[0].file}?token={student_voila.token}", wait_until="commit")
        contents = page.locator("table a")  # the welcome lesson's table of lessons
        contents.first.wait_for(timeout=180_000)
        assert contents.evaluate_all("(links) => links.map(a => a.getAttribute('href'))") == [e.file for e in LESSONS[1:]]
        following = page.locator("nav.musclepain-lesson-links a").first
        following.wait_for(timeout=180_000)  # the last cell's output: the whole page has run
        assert LESSONS[1].title in following.inner_text()
        # An output's link opens beside the lesson (a new tab), so the lesson stays open.
        with page.context.expect_page(timeout=60_000) as opened:
            following.click()
        assert opened.value.url.split("?")[0].endswith(f"/voila/render/{LESSONS[1].file}")
        opened.value.close()
        with page.expect_navigation(wait_until="commit", timeout=60_000):
            contents.nth(1).click()  # a lesson's name in the table opens it in place
        assert page.url.split("?")[0].endswith(f"/voila/render/{LESSONS[2].file}")
