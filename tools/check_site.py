"""Check the built site: no broken internal link, no missing image, no figure without words,
nothing fetched from another site, and no serious or critical accessibility problem
(axe-core in Chromium, in light and in dark mode) on any page, nor after a search has shown
results and a self-check's hints are open. Each lesson page has its contents, headings in
order, tab stops only on what is interactive, tables with headers, and weighs under 600 kB
with its pictures; at 390 px its explorers' pictures take the width of the screen. Each PDF
is tagged with bookmarks; worksheets carry no answer, and answer keys only on the
instructor's site.

    python -m tools.check_site [--site _site] [--no-axe]

Links to other sites are listed, not followed (the check runs offline).
"""

from __future__ import annotations

import argparse
import functools
import re
import sys
import threading
from contextlib import contextmanager
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from tools import browser

ROOT = Path(__file__).resolve().parents[1]
LINKING = {"a": "href", "link": "href", "img": "src", "script": "src", "source": "src", "iframe": "src"}


class _PageParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self.ids: set[str] = set()
        self.images_without_text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for key in ("id", "name"):
            if attrs.get(key):
                self.ids.add(attrs[key])
        if tag in LINKING and attrs.get(LINKING[tag]):
            self.links.append((tag, attrs[LINKING[tag]]))
        if tag == "img" and not (attrs.get("alt") or "").strip() and attrs.get("role") != "presentation":
            self.images_without_text.append((attrs.get("src") or "")[:60])


@functools.lru_cache(maxsize=None)
def parse(path: Path) -> _PageParser:
    parser = _PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def check_links(site: Path) -> tuple[list[str], set[str]]:
    """Return the problems (broken internal links, missing images, images without alt text)
    and the set of outside addresses the pages link to."""
    parse.cache_clear()
    problems, outside = [], set()
    site = Path(site).resolve()  # `--site _site` is relative; links are compared as absolute paths
    for page in sorted(site.rglob("*.html")):
        name = page.relative_to(site)
        parsed = parse(page)
        for src in parsed.images_without_text:
            problems.append(f"{name}: an image has no text description (alt): {src}")
        for tag, link in parsed.links:
            parts = urlsplit(link)
            if parts.scheme in ("data", "mailto", "javascript"):
                continue
            if parts.scheme or parts.netloc:
                outside.add(link)
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if site.resolve() not in target.parents and target != site.resolve():
                problems.append(f"{name}: <{tag}> points outside the site: {link}")
            elif not target.is_file():
                problems.append(f"{name}: <{tag}> points to a missing file: {link}")
            elif parts.fragment and target.suffix == ".html" and not _has_anchor(parse(target), parts.fragment):
                problems.append(f"{name}: <{tag}> points to a missing anchor: {link}")
    return problems, outside


def _has_anchor(parsed: _PageParser, fragment: str) -> bool:
    # As browsers do: the fragment as written first, then percent-decoded.
    return fragment in parsed.ids or unquote(fragment) in parsed.ids


#: The most a lesson page may weigh with its pictures (bytes).
MAX_LESSON_PAGE = 600_000
LOCAL_PARTS = re.compile(r'<(?:img|script|link)\b[^>]*?(?:src|href)="([^"#?:]+)"', re.IGNORECASE)


def _is_lesson(text: str) -> bool:
    return 'class="jp-Notebook' in text


def page_weights(site: Path) -> dict[str, dict[str, int]]:
    """Bytes each page of the site loads: the page alone; with its pictures (what a visit loads
    once styles and scripts are cached); and on a first visit, with its stylesheets and scripts
    (MathJax's fonts and Pagefind's index, loaded as needed, not counted)."""
    site = Path(site)
    weights = {}
    for path in sorted(site.glob("*.html")):
        text = path.read_text(encoding="utf-8")
        pictures = shared = 0
        for link in dict.fromkeys(LOCAL_PARTS.findall(text)):
            target = site / unquote(link)
            if not target.is_file():
                continue
            if target.suffix in (".css", ".js"):
                shared += target.stat().st_size
            elif target.suffix not in (".html",):
                pictures += target.stat().st_size
        size = len(text.encode("utf-8"))
        weights[path.name] = {"page": size, "with_pictures": size + pictures, "first_visit": size + pictures + shared}
    return weights


HEADING = re.compile(r"<h([1-6])\b[^>]*>", re.IGNORECASE)


def check_pages(site: Path) -> list[str]:
    """The reading checks of the lesson pages, worksheets and PDFs (no browser needed)."""
    site = Path(site)
    problems = []
    weights = page_weights(site)
    instructor = False
    for path in sorted(site.glob("*.html")):
        text = path.read_text(encoding="utf-8")
        name = path.name
        levels = [int(level) for level in HEADING.findall(text)]
        for before, after in zip(levels, levels[1:]):
            if after > before + 1:
                problems.append(f"{name}: a heading skips a level (h{before} to h{after})")
                break
        if levels and levels[0] != 1:
            problems.append(f"{name}: the first heading is h{levels[0]}, not h1")
        if not _is_lesson(text):
            continue
        instructor = instructor or "course-instructor" in text
        if levels.count(2) > 1 and 'class="lesson-toc"' not in text:
            problems.append(f"{name}: no contents of the lesson")
        if re.search(r'<div class="jp-(Cell-inputWrapper|OutputArea-output)[^"]*"[^>]*tabindex', text):
            problems.append(f"{name}: a cell of reading is a tab stop")
        if re.search(r"<th(\s[^>]*)?>\s*</th>", text):
            problems.append(f"{name}: a table has an empty header cell")
        if "# NBVAL_" in text:
            problems.append(f"{name}: shows the lesson tests' markers (# NBVAL_...)")
        icons = sorted({char for char in text if 0x1F000 <= ord(char) <= 0x1FAFF})
        if icons:
            problems.append(f"{name}: pictographs that print as empty boxes (no font has them): {' '.join(icons)}")
        if weights[name]["with_pictures"] > MAX_LESSON_PAGE:
            problems.append(f"{name}: weighs {weights[name]['with_pictures'] / 1e3:.0f} kB with its pictures "
                            f"(at most {MAX_LESSON_PAGE / 1e3:.0f} kB)")
        if "<style" in text and len(max(re.findall(r"<style.*?</style>", text, re.DOTALL), key=len)) > 20_000:
            problems.append(f"{name}: inlines a large stylesheet (the site's stylesheets are files)")
    glossary = site / "glossary.html"
    if glossary.exists():
        text = glossary.read_text(encoding="utf-8")
        terms, anchored = text.count("<dt"), len(re.findall(r'<dt id="term-[^"]+"', text))
        if terms == 0 or anchored != terms:
            problems.append(f"glossary.html: {terms - anchored} of {terms} terms have no anchor")
    for path in sorted(site.glob("worksheet-*.html")):
        text = path.read_text(encoding="utf-8")
        for tell in ("worksheet-answer", "question-explanation", "question-hint", "question-data", "Answer:"):
            if tell in text:
                problems.append(f"{path.name}: a worksheet shows answers or hints ({tell})")
    answer_keys = list(site.glob("answers-*.html")) + list(site.glob("pdf/*-answers.pdf"))
    if answer_keys and not instructor:
        problems.append(f"the student site holds answer keys: {', '.join(p.name for p in answer_keys)}")
    for path in sorted(site.glob("pdf/*.pdf")):
        data = path.read_bytes()
        if b"/StructTreeRoot" not in data or b"/MarkInfo" not in data:
            problems.append(f"pdf/{path.name}: not tagged (no structure tree)")
        if b"/Outlines" not in data:
            problems.append(f"pdf/{path.name}: no bookmarks (no outline)")
    return problems


def check_phone(site: Path, chromium) -> list[str]:
    """At 390 px wide: each explorer's picture and each figure takes the width of the screen
    (less a margin), and the bars before a lesson's title stay short."""
    problems = []
    with serve(site) as address:
        context = chromium.new_context(viewport={"width": 390, "height": 844}, color_scheme="dark")
        browser.local_only(context)  # dark: where the pictures have a light panel around them
        page = context.new_page()
        try:
            for path in sorted(site.glob("*.html")):
                if not _is_lesson(path.read_text(encoding="utf-8")):
                    continue
                page.goto(f"{address}/{path.name}", wait_until="load")
                widths = page.evaluate("""() => Array.from(document.querySelectorAll(
                    '.explorer-picture:not([hidden]), .jp-OutputArea-output img')).map(img => [
                    img.className || img.src.split('/').pop(), img.getBoundingClientRect().width,
                    Math.max(img.getBoundingClientRect().right - document.documentElement.clientWidth,
                             img.offsetWidth - img.parentElement.clientWidth)])""")
                for what, width, beyond in widths:
                    if 0 < width < 340:
                        problems.append(f"{path.name} at 390 px: a picture ({what}) is {width:.0f} px wide")
                    if width and beyond > 1:
                        problems.append(f"{path.name} at 390 px: a picture ({what}) is {beyond:.0f} px wider than its place (cut at the right)")
                top = page.evaluate("() => document.querySelector('main h1').getBoundingClientRect().top")
                if top > 200:
                    problems.append(f"{path.name} at 390 px: the title starts {top:.0f} px down the screen")
        finally:
            context.close()
    return problems


@contextmanager
def serve(site: Path):
    """Serve the site on a free local port; yield its address."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", browser.free_port()), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def check_accessibility(site: Path, chromium, schemes=("light", "dark")) -> list[str]:
    """Run axe-core on every page in Chromium, in each colour scheme; list serious and
    critical violations, and every request a page makes to another site (refused)."""
    problems = []
    with serve(site) as address:
        context = chromium.new_context()
        browser.local_only(context)  # the site must work offline: outside requests are refused
        page = context.new_page()
        outside: list[str] = []
        page.on("request", lambda request: outside.append(request.url) if not request.url.startswith(
            (address, "data:", "blob:", "about:")) else None)
        try:
            for path in sorted(site.rglob("*.html")):
                name = path.relative_to(site).as_posix()
                for scheme in schemes:
                    page.emulate_media(color_scheme=scheme)
                    page.goto(f"{address}/{name}", wait_until="load")
                    problems += [f"{name} ({scheme}): {v}" for v in browser.axe_violations(page)]
                problems += [f"{name}: fetches from another site: {url}" for url in outside]
                outside.clear()
            problems += _after_interaction(site, page, address, schemes)
            problems += [f"after interaction: fetches from another site: {url}" for url in outside]
        finally:
            context.close()
    return problems


def _after_interaction(site: Path, page, address: str, schemes) -> list[str]:
    """axe once a search has shown results, and on a lesson page once a self-check's hints
    and explanation and every fold (its code) are open, in each colour scheme."""
    problems = []
    lesson = next((p.name for p in sorted(site.glob("*.html")) if "question-next-hint" in p.read_text(encoding="utf-8")), None)
    for scheme in schemes:
        page.emulate_media(color_scheme=scheme)
        if (site / "search.html").exists() and (site / "pagefind").is_dir():
            page.goto(f"{address}/search.html?q=potassium", wait_until="load")
            page.locator(".pagefind-ui__result-link").first.wait_for(timeout=20_000)
            problems += [f"search.html with results ({scheme}): {v}" for v in browser.axe_violations(page)]
        if lesson:
            page.goto(f"{address}/{lesson}", wait_until="load")
            key = page.locator(".static-question:has(.question-next-hint:not([disabled]))").first.get_attribute("id")
            box = page.locator(f"[id='{key}']")
            hint = box.locator(".question-next-hint")
            while hint.is_enabled():  # every hint, one at a time; then the explanation opens
                hint.click()
            box.locator(".question-explain").click()
            page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")  # the code too
            problems += [f"{lesson} with hints open ({scheme}): {v}" for v in browser.axe_violations(page)]
    return problems


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "_site")
    parser.add_argument("--no-axe", action="store_true", help="skip the accessibility check in Chromium")
    args = parser.parse_args(argv)
    problems, outside = check_links(args.site)
    pages = len(list(args.site.rglob("*.html")))
    print(f"links: {pages} pages checked, {len(outside)} outside addresses not followed")
    reading = check_pages(args.site)
    print(f"reading (contents, headings, tab stops, tables, weight, worksheets, PDFs): {len(reading)} problems")
    problems += reading
    if not args.no_axe:
        with browser.chromium() as chromium:
            found = check_accessibility(args.site, chromium)
            print(f"accessibility (axe-core, serious or critical, both schemes, after a search and hints): "
                  f"{len(found)} problems")
            phone = check_phone(args.site, chromium)
            print(f"phone (390 px): {len(phone)} problems")
        problems += found + phone
    for problem in problems:
        print(f"  {problem}")
    print("site check passed" if not problems else f"site check FAILED: {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
