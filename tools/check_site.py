"""Check the built site: no broken internal link, no missing image, no figure without words,
nothing fetched from another site, and no serious or critical accessibility problem
(axe-core in Chromium, in light and in dark mode) on any page.

    python -m tools.check_site [--site _site] [--no-axe]

Links to other sites are listed, not followed (the check runs offline).
"""

from __future__ import annotations

import argparse
import functools
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
        finally:
            context.close()
    return problems


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "_site")
    parser.add_argument("--no-axe", action="store_true", help="skip the accessibility check in Chromium")
    args = parser.parse_args(argv)
    problems, outside = check_links(args.site)
    pages = len(list(args.site.rglob("*.html")))
    print(f"links: {pages} pages checked, {len(outside)} outside addresses not followed")
    if not args.no_axe:
        with browser.chromium() as chromium:
            found = check_accessibility(args.site, chromium)
        print(f"accessibility (axe-core, serious or critical): {len(found)} problems")
        problems += found
    for problem in problems:
        print(f"  {problem}")
    print("site check passed" if not problems else f"site check FAILED: {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
