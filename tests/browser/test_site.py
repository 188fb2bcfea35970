"""The static site, built by `make site` exactly as the README says, read in Chromium with no network.

The site must be a course without a kernel: its explorers move, its self-checks answer,
its maths is typeset and its search finds lessons, all offline; every page passes
axe-core in light and dark mode (after a search and with a self-check's hints open) and
fits a 390 px phone screen; its lessons read as a book (contents, headings in order, quiet
code, worksheets without answers, tagged PDFs, light pages). One `make site` run (which
also runs the site check) and one browser serve every test here; MUSCLEPAIN_SITE names a
site already built and checked that way, to use instead (`make test` runs `make site` beside
the other browser tests and passes the site it built).
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError

from musclepain_lib import __version__
from musclepain_lib.core import manifest
from tools import browser, build_site, check_site

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
LESSON_FILES = [entry.file for entry in manifest.LESSONS]


@pytest.fixture(scope="module")
def site():
    """`make site`, as the README gives it, from the repository's root."""
    assert "`make site`" in (ROOT / "README.md").read_text()
    if os.environ.get("MUSCLEPAIN_SITE"):  # built by tools.build_site and passed by tools.check_site
        return Path(os.environ["MUSCLEPAIN_SITE"])
    result = subprocess.run(["make", "site"], cwd=ROOT, capture_output=True, text=True, timeout=1500)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "site check passed" in result.stdout
    return ROOT / "_site"


@pytest.fixture(scope="module")
def served(site):
    with check_site.serve(site) as address:
        yield address


@pytest.fixture(scope="module")
def tab(chromium, served):
    """One offline tab for the module: any request to another site is refused and noted."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(30_000)
    browser.local_only(context)
    page = context.new_page()
    page.outside = []
    page.errors = []
    page.on("request", lambda r: page.outside.append(r.url) if not r.url.startswith((served, "data:", "blob:")) else None)
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    context.close()


def open_page(tab, served, name):
    tab.goto(f"{served}/{name}", wait_until="load")
    tab.wait_for_load_state("networkidle")
    return tab


def test_contents_page_lists_every_lesson_in_teaching_order(site):
    contents = (site / "index.html").read_text()
    links = re.findall(r'<li><a href="([^"]+)"', contents)
    assert links == [Path(name).stem + ".html" for name in LESSON_FILES]


def test_each_lesson_page_offers_the_live_routes_its_pdf_the_version_and_the_licences(site):
    repo = build_site.course_repository()
    for name in LESSON_FILES:
        page = (site / name.replace(".ipynb", ".html")).read_text()
        assert 'href="index.html"' in page
        assert f"https://mybinder.org/v2/gh/{repo}/main?urlpath=lab/tree/build/student/{name}" in page, name
        assert f"https://mybinder.org/v2/gh/{repo}/main?urlpath=voila/render/build/student/{name}" in page, name
        assert f'data-path="/hub/user-redirect/lab/tree/leg-muscle-pain/{name}"' in page, name
        pdf = site / "pdf" / name.replace(".ipynb", ".pdf")
        assert pdf.read_bytes()[:5] == b"%PDF-" and pdf.stat().st_size > 20_000, name
        assert f"Version {__version__}" in page and "CC BY 4.0" in page and "BSD-3-Clause" in page
        assert "cdnjs" not in page and "cdn.jsdelivr" not in page


def test_every_explorer_of_the_manifest_is_static_on_its_topics_lesson_page(site):
    for package, entry in manifest.explorers():
        lesson = next(e for e in manifest.LESSONS if e.topic == package)
        page = (site / lesson.file.replace(".ipynb", ".html")).read_text()
        slug = f"{package}-{entry.name}".replace("_", "-")
        assert f'data-explorer="{slug}"' in page, (lesson.file, entry.name)
        frames = list((site / "frames" / slug).glob("*.webp"))
        assert len(frames) >= 5, slug
        assert "runs in the live lesson" in page


def test_the_case_studies_open_a_static_explorer_on_each_patient_with_a_link_to_the_live_lesson(site):
    import nbformat

    lesson = nbformat.read(ROOT / "notebooks" / "06_case_studies.ipynb", as_version=4)
    calls = sum(len(re.findall(r"(?<![\w.])(?:\w+\.)?\w*explorer\(", c.source)) for c in lesson.cells if c.cell_type == "code")
    page = (site / "06_case_studies.html").read_text()
    assert page.count('class="musclepain-static static-explorer"') == calls > 0
    assert "This is a live explorer" not in page
    assert page.count("06_case_studies.ipynb\">open it on Binder</a>") == calls


def test_every_page_opens_offline_with_maths_typeset_every_sign_drawn_and_no_horizontal_scroll_on_a_phone(tab, served, site):
    tab.set_viewport_size({"width": 390, "height": 844})
    try:
        for path in sorted(site.glob("*.html")):
            open_page(tab, served, path.name)
            if "mathjax/tex-chtml.js" in path.read_text():
                build_site.wait_for_maths(tab)
                assert tab.locator("mjx-container").count() > 0, path.name
                assert tab.locator("mjx-merror").count() == 0, path.name
            wide = tab.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert wide <= 0, f"{path.name} scrolls sideways by {wide} px at 390 px"
            assert browser.missing_glyphs(tab) == [], f"{path.name} shows signs its fonts cannot draw"
    finally:
        tab.set_viewport_size({"width": 1280, "height": 900})
    assert tab.outside == [] and tab.errors == []


def test_every_static_explorer_moves_by_keyboard_and_with_its_scenarios(tab, served, site):
    moved = 0
    for path in sorted(site.glob("*.html")):
        if "static-explorer" not in path.read_text():
            continue
        open_page(tab, served, path.name)
        for box in tab.locator(".static-explorer").all():
            slider = box.locator("input[type=range]")
            assert box.locator(f"label[for='{slider.get_attribute('id')}']").count() == 1
            before = (box.locator(".explorer-picture").get_attribute("src"), box.locator(".explorer-description").inner_text(),
                      slider.get_attribute("aria-valuetext"))
            slider.focus()
            tab.keyboard.press("Home" if slider.input_value() != "0" else "End")
            after = (box.locator(".explorer-picture").get_attribute("src"), box.locator(".explorer-description").inner_text(),
                     slider.get_attribute("aria-valuetext"))
            assert all(a != b for a, b in zip(after, before)), (path.name, before, after)
            assert box.locator(".explorer-value").inner_text() == after[2]
            tab.wait_for_function("src => document.querySelector(`img[src='${src}']`).complete", arg=after[0])
            assert box.locator(".explorer-picture").evaluate("img => img.naturalWidth") > 100
            presets = box.locator(".explorer-preset")
            if presets.count():
                presets.first.click()
                assert presets.first.get_attribute("aria-pressed") == "true"
                assert "scenario" in box.locator(".explorer-value").inner_text()
            moved += 1
    assert moved >= len(manifest.explorers())  # every explorer, and the case studies' patients


def test_a_worked_explanation_opens_only_after_its_cases_self_checks_are_answered(tab, served):
    open_page(tab, served, "06_case_studies.html")
    worked = tab.locator("details", has=tab.locator("summary", has_text="Worked explanation"))
    assert worked.count() >= 5
    first = worked.first
    first.locator("summary").click()
    assert not first.evaluate("d => d.open")  # nothing answered: it stays shut and says why
    note = tab.locator(".worked-locked").first
    assert note.is_visible() and "self-check" in note.inner_text()
    questions = tab.locator(".static-question").all()
    before = [q for q in questions if q.evaluate("(q, d) => !!(q.compareDocumentPosition(d) & Node.DOCUMENT_POSITION_FOLLOWING)",
                                                 first.element_handle())]
    section = tab.evaluate("d => Array.from(document.querySelectorAll('h2')).filter(h => h.compareDocumentPosition(d) & 4).length",
                           first.element_handle())
    mine = [q for q in before if q.evaluate("q => Array.from(document.querySelectorAll('h2')).filter(h => h.compareDocumentPosition(q) & 4).length") == section]
    assert mine, "the first case asks a self-check before its worked explanation"
    for question in mine:  # any answer counts: an attempt is what opens it
        if question.locator("input[type=radio]").count():
            question.locator("input[type=radio]").first.check()
        else:
            question.locator("input[type=text]").fill("1")
        question.locator(".question-check").click()
    first.locator("summary").click()
    assert first.evaluate("d => d.open") and not note.is_visible()
    tab.evaluate("() => localStorage.clear()")


def test_self_checks_answer_on_the_page_and_keep_answers_in_the_browser(tab, served):
    open_page(tab, served, "02_cramps.html")
    choice = tab.locator(".static-question:has(input[type=radio])").first
    number = tab.locator(".static-question:has(input[type=text])").first
    # A choice: wrong, then right, with each option's own feedback.
    right = int(re.search(r'"answer": (\d+)', choice.locator(".question-data").text_content())[1])
    options = choice.locator("input[type=radio]")
    options.nth((right + 1) % options.count()).check()
    choice.locator(".question-check").click()
    assert "✗ Not yet." in choice.locator(".question-feedback").inner_text()
    options.nth(right).check()
    choice.locator(".question-check").click()
    assert "✓ Correct." in choice.locator(".question-feedback").inner_text()
    # A number with its unit: too high, then right; hints one at a time; the explanation.
    data = number.locator(".question-data").text_content()
    answer = float(re.search(r'"answer": ([-0-9.e]+)', data)[1])
    box = number.locator("input[type=text]")
    box.fill(str(answer * 10 + 100))
    number.locator(".question-check").click()
    assert "too high" in number.locator(".question-feedback").inner_text()
    hints = number.locator(".question-hint")
    number.locator(".question-next-hint").click()
    assert hints.nth(0).is_visible() and (hints.count() == 1 or not hints.nth(1).is_visible())
    box.fill(str(answer))
    number.locator(".question-check").click()
    assert "✓ Correct." in number.locator(".question-feedback").inner_text()
    number.locator(".question-explain").click()
    assert number.locator(".question-explanation").is_visible()
    stored = tab.evaluate("() => Object.keys(localStorage).filter(k => k.startsWith('musclepain-site:'))")
    assert len(stored) == 2
    tab.reload(wait_until="load")
    assert "✓ Correct." in tab.locator(".static-question:has(input[type=text])").first.locator(".question-feedback").inner_text()
    assert tab.outside == []


def test_search_finds_a_lesson_offline(tab, served):
    open_page(tab, served, "search.html?q=ketoacidosis")
    result = tab.locator(".pagefind-ui__result-link").first
    result.wait_for()
    assert "04_diabetic_ketoacidosis.html" in result.get_attribute("href")
    assert tab.outside == []


def test_the_hub_button_asks_for_the_hub_once_and_opens_the_lesson_there(tab, served):
    open_page(tab, served, "00_welcome.html")
    form = tab.locator(".hub-form")
    form.locator("input").fill("https://hub.example.edu/")
    tab.outside.clear()
    form.locator("button").click(no_wait_after=True)
    for _ in range(50):  # the navigation to the hub is refused by the offline tab, and noted
        if tab.outside:
            break
        tab.wait_for_timeout(100)
    assert "https://hub.example.edu/hub/user-redirect/lab/tree/leg-muscle-pain/00_welcome.ipynb" in tab.outside
    # The refused request ends the navigation to the hub: on the browser's error page, or, when
    # it fails while this waits for it, with the request's error.
    try:
        tab.wait_for_url(lambda url: not url.startswith(served))
    except PlaywrightError as refused:
        assert "net::ERR_FAILED" in str(refused)
    tab.outside.clear()
    open_page(tab, served, "01_electrolytes.html")
    assert tab.locator(".hub-form input").input_value() == "https://hub.example.edu"


def test_lesson_pages_read_as_a_book_contents_headings_quiet_code_worksheets_and_weight(site):
    assert check_site.check_pages(site) == []
    for name in LESSON_FILES:
        stem = Path(name).stem
        page = (site / f"{stem}.html").read_text()
        main = page.split("<main", 1)[1]
        assert "self_check(" not in main and "start_lesson(" not in main and "# NBVAL" not in main, name
        assert 'class="code-fold"' in main or stem == "00_welcome", name
        assert 'href="lab.css"' in page and max(map(len, re.findall(r"<style.*?</style>", page, re.DOTALL)), default=0) < 5000
        # the page's own bytes: the stylesheet is a shared file; the case studies' ten static explorers
        # carry each frame's sentence (check_pages holds every page with its pictures to 600 kB)
        assert len(page.encode()) < 320_000, name
        sheet = (site / f"worksheet-{stem}.html").read_text()
        assert f'href="pdf/{stem}-worksheet.pdf"' in page and (site / "pdf" / f"{stem}-worksheet.pdf").is_file()
        assert "Explanation" not in sheet and not (site / f"answers-{stem}.html").exists()
    long_lesson = (site / "06_case_studies.html").read_text()
    toc = re.search(r'<nav aria-labelledby="lesson-toc-title" class="lesson-toc">.*?</nav>', long_lesson, re.DOTALL)[0]
    assert toc.count('class="toc-part"') == 5 and 'href="#part-5"' in toc
    assert check_site.page_weights(site)["01_electrolytes.html"]["with_pictures"] < check_site.MAX_LESSON_PAGE


def test_a_phone_sees_the_title_first_pictures_at_full_width_and_can_enlarge_them(tab, served):
    tab.set_viewport_size({"width": 390, "height": 844})
    try:
        open_page(tab, served, "01_electrolytes.html")
        assert tab.locator("main h1").bounding_box()["y"] < 200
        assert not tab.locator(".course-launch-box").evaluate("box => box.open")
        picture = tab.locator(".explorer-picture").first
        picture.scroll_into_view_if_needed()
        assert picture.bounding_box()["width"] >= 340
        button = tab.locator(".static-explorer .picture-enlarge").first
        button.click()
        view = tab.locator("dialog.picture-view")
        assert view.is_visible() and view.locator("img").bounding_box()["width"] > 390
        view.locator("button").click()
        assert not view.is_visible()
        caption = tab.locator(".explorer-description").first.bounding_box()
        assert caption["x"] < 30 and caption["width"] > 330  # not indented 40 px each side
    finally:
        tab.set_viewport_size({"width": 1280, "height": 900})
    assert tab.errors == []
