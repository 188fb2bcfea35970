"""Build the course's static site: every lesson run and rendered to HTML, and a contents page.

    python -m tools.build_site [--out _site] [--lessons notebooks] [--binder-repo OWNER/REPO]
                               [--hub-url https://hub.example.edu] [--no-pdf] [--instructor]

The site is the student version of each lesson (:mod:`musclepain_lib.classroom.versions`):
no solution code, no teaching note. An exercise shows as its task, the empty cell the
learner fills in, and a link to run it live; its no-code path (the explorer and the
number self-check after it) stays on the page. ``--instructor`` (``make site
INSTRUCTOR=1``) builds the instructor version, solutions and notes shown, into
``_site_instructor`` instead, a separate folder never published as the course site.

Each lesson is run from a fresh kernel (in a copy of the lessons folder, with a
throw-away progress file), so the site shows what the code computes today. No kernel
runs behind the site, yet it stays a course:

- each explorer of the course manifest becomes a static explorer: a slider over its key
  control and its preset buttons swap pictures and sentences rendered at build time
  (:mod:`tools.site_frames`); the full explorer runs in the live lesson;
- each self-check answers in the browser, with the lesson's feedback
  (:mod:`tools.site_questions`, ``site_template/site.js``);
- maths is typeset by a copy of MathJax inside the site (npm package ``mathjax``), search
  is a static Pagefind index, and each lesson has a PDF printed by Chromium (tagged, with
  bookmarks from its headings) and a worksheet of its questions and exercises without
  answers (``worksheet-NN_name.html`` and its PDF); the instructor's site adds each lesson's
  answer key (``answers-NN_name.html`` and its PDF);
- a lesson page reads as a book: the contents of its sections (and parts), headings in
  order, the code's plumbing hidden and the model calls folded behind "Show code", its
  figures as WebP files; JupyterLab's stylesheet is one file (``lab.css``) every page
  shares, and the build reports what each page weighs;
- every lesson page offers Binder (student version), Voila and "open on your JupyterHub"
  (the hub's address is ``--hub-url`` or ``HUB_URL``; without it the page asks the
  reader for their hub's address and remembers it in the browser).

Nothing on a page is fetched from another site.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

try:  # Python 3.11 and newer
    import tomllib
except ModuleNotFoundError:  # Python 3.10: the same parser, from PyPI (the test and docs extras)
    import tomli as tomllib

import nbformat
from nbclient import NotebookClient
from nbconvert import HTMLExporter

import musclepain_lib
from musclepain_lib.classroom.versions import cell_tags, make_version, student_source
from musclepain_lib.core import manifest
from tools import site_frames, site_glossary, site_questions

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = Path(__file__).parent / "site_template"
STATIC_EXPLORER = re.compile(
    r"<div class=[\"']musclepain-static[\"'](?: data-explorer=[\"'](?P<names>[^\"']*)[\"']"
    r" data-values=(?:\"(?P<values>[^\"]*)\"|'(?P<values_sq>[^']*)'))?><h4>(?P<title>.*?)</h4>(?P<body>.*?)"
    r"<p><em>This is a live explorer:.*?</em></p></div>",
    re.DOTALL,
)


def course_repository() -> str:
    """The course's GitHub OWNER/REPO, from ``project.urls.Repository`` in pyproject.toml."""
    url = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["urls"]["Repository"]
    return url.removeprefix("https://github.com/")


#: Where Binder builds the course from; override with --binder-repo or BINDER_REPO.
BINDER_REPO = os.environ.get("BINDER_REPO") or course_repository()
BINDER_REF = os.environ.get("BINDER_REF", "main")
#: The JupyterHub the "open on your JupyterHub" button goes to (none: the page asks).
HUB_URL = os.environ.get("HUB_URL", "")
#: Where the course's copy (the student version) sits in a hub user's home.
HUB_FOLDER = os.environ.get("HUB_FOLDER", "leg-muscle-pain")
MATHJAX = ROOT / "node_modules" / "mathjax" / "es5"
#: What the site serves of MathJax: the TeX-to-HTML bundle, its fonts, its TeX extensions.
MATHJAX_PARTS = ("tex-chtml.js", "output/chtml/fonts/woff-v2", "input/tex/extensions")
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"



@dataclass
class Settings:
    """Where the live versions are: Binder's repository and branch, the class's hub."""

    repo: str = BINDER_REPO
    ref: str = BINDER_REF
    hub_url: str = HUB_URL
    hub_folder: str = HUB_FOLDER
    pdf: bool = True
    version: str = "student"  # or "instructor": solutions and teaching notes shown


@dataclass
class Lesson:
    path: Path
    title: str
    summary: str

    @property
    def href(self) -> str:
        return f"{self.path.stem}.html"


def lesson_title(notebook) -> tuple[str, str]:
    """The lesson's first heading, and the first paragraph after it."""
    for cell in notebook.cells:
        if cell.cell_type != "markdown":
            continue
        lines = cell.source.strip().splitlines()
        for index, line in enumerate(lines):
            if line.startswith("# "):
                rest = "\n".join(lines[index + 1 :]).strip().split("\n\n")[0]
                return line[2:].strip(), plain_text(rest)
    raise ValueError("a lesson must open with a '# Title' heading")


def plain_text(markdown: str) -> str:
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    return re.sub(r"[*_`>#]", "", text).strip()


def run_lesson(path: Path, workdir: Path):
    """Run a lesson from a fresh kernel in ``workdir`` (a copy of its folder)."""
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(workdir)}}
    )
    client.execute()
    return notebook


#: The cells that note a learner's progress: on the site, which keeps none, they show no output.
PROGRESS_CALL = re.compile(r"^\s*(start_lesson|finish_lesson)\(")


def static_outputs(notebook):
    """Keep each widget's static form (its text/html) and drop the live part; drop the
    progress notes of the first and last cells (the site keeps no progress, and its own
    bar links the next lesson)."""
    for cell in notebook.cells:
        if cell.cell_type == "code" and PROGRESS_CALL.search(cell.source.splitlines()[-1] if cell.source else ""):
            cell.outputs = []
        for output in cell.get("outputs", []):
            output.get("data", {}).pop(WIDGET_VIEW, None)
    notebook.metadata.pop("widgets", None)
    return notebook


def write_version(source: Path, target: Path, version: str) -> None:
    """Write the student (or instructor) version of a lesson, the one the site shows, to ``target``."""
    notebook = make_version(nbformat.read(source, as_version=4), version, source.name)
    notebook["cells"] = [cell for cell in notebook["cells"] if f"{version}-version" not in cell_tags(cell)]
    nbformat.write(nbformat.from_dict(notebook), target)


#: What the site puts in place of an exercise's check: no kernel checks code on a page.
LIVE_EXERCISE = (
    "*This exercise runs in the live lesson: [run it live]({url}), write your code in the cell above "
    "and run it with the check. Without code: where this section has an explorer, set it as the text "
    "says and answer the self-check after it.*"
)


def site_exercises(notebook, live_url: str):
    """Each check cell of an exercise becomes a note with the link to run it live."""
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "code" and "check" in cell_tags(cell):
            note = LIVE_EXERCISE.format(url=live_url) if live_url else LIVE_EXERCISE.split(": [")[0] + ".*"
            notebook.cells[index] = nbformat.v4.new_markdown_cell(note, id=cell.get("id"))
    return notebook


def link_lesson_pages(page: str, lessons: list[Lesson]) -> str:
    """Point links to a lesson's notebook (the welcome lesson's table) at its page."""
    for lesson in lessons:
        page = page.replace(f'href="{lesson.path.name}"', f'href="{lesson.href}"')
    return page


def binder_url(lesson: Lesson, repo: str, ref: str) -> str:
    # Binder's postBuild makes the student version (build/student), which learners should get.
    return f"https://mybinder.org/v2/gh/{repo}/{ref}?urlpath=lab/tree/build/student/{lesson.path.name}"


def voila_url(lesson: Lesson, repo: str, ref: str) -> str:
    """The same student lesson on Binder as a Voila app: controls and words, no code."""
    return f"https://mybinder.org/v2/gh/{repo}/{ref}?urlpath=voila/render/build/student/{lesson.path.name}"


def hub_path(lesson: Lesson, folder: str) -> str:
    """The lesson in the course copy of a hub user's home, after the hub's address."""
    return f"/hub/user-redirect/lab/tree/{folder}/{lesson.path.name}"


def footer_html() -> str:
    """The footer of every page: the course's version and the licences of content and code."""
    return (
        '<footer class="course-footer"><p>Leg Muscle Pain course, version '
        f"{musclepain_lib.__version__}. Content (text, figures, questions) under "
        '<a href="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</a>; code under the '
        '<a href="https://opensource.org/license/bsd-3-clause">BSD-3-Clause licence</a>. '
        "To cite the course, see its CITATION.cff. Teaching material about physiology, not medical advice.</p>"
        "</footer>"
    )


#: A line of plumbing a reader of the site needs not see: imports, the progress notes, the
#: self-check and glossary calls (their output is on the page), the lesson tests' markers.
PLUMBING_LINE = re.compile(
    r"^\s*(#.*|import\s.*|from\s+\S+\s+import\s.*|%.*|(self_check|start_lesson|finish_lesson|glossary)\(.*\)\s*)?$"
)
TEST_MARKER = re.compile(r"^\s*# NBVAL_\w+\s*$")


def fold_code(notebook):
    """Code for readers: the lesson tests' markers dropped, plumbing cells tagged ``site-plumbing``
    (their code is not shown, their output is), every other code cell folded behind "Show code"
    by the template (an exercise's cell stays open: it is the task)."""
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        cell.source = "\n".join(line for line in cell.source.splitlines() if not TEST_MARKER.match(line)).strip("\n")
        lines = [line for line in cell.source.splitlines() if line.strip()]
        tags = cell.metadata.setdefault("tags", [])
        if all(PLUMBING_LINE.match(line) for line in lines) and "exercise" not in tags and "site-plumbing" not in tags:
            tags.append("site-plumbing")
    return notebook


def render_lesson(notebook, lesson: Lesson, previous, following, settings: Settings) -> str:
    notebook = fold_code(nbformat.from_dict(notebook))
    exporter = HTMLExporter(
        template_name="lab",
        extra_template_paths=[str(TEMPLATES)],
        template_file="lesson.html.j2",
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    needs_mathjax = any("$" in cell.source for cell in notebook.cells if cell.cell_type == "markdown")
    repo, ref = settings.repo, settings.ref
    resources = {
        "metadata": {"name": lesson.title},
        "course": {
            "root": "",
            "previous": previous,
            "next": following,
            "binder_url": binder_url(lesson, repo, ref) if repo else "",
            "voila_url": voila_url(lesson, repo, ref) if repo else "",
            "hub_url": settings.hub_url.rstrip("/") + hub_path(lesson, settings.hub_folder) if settings.hub_url else "",
            "hub_path": hub_path(lesson, settings.hub_folder),
            "pdf": f"pdf/{lesson.path.stem}.pdf" if settings.pdf else "",
            "worksheet": f"pdf/{lesson.path.stem}-worksheet.pdf" if settings.pdf else "",
            "answers": f"pdf/{lesson.path.stem}-answers.pdf" if settings.pdf and settings.version == "instructor" else "",
            "site_version": settings.version,
            "needs_mathjax": needs_mathjax,
            "version": musclepain_lib.__version__,
            "footer": footer_html(),
        },
    }
    notebook.metadata["title"] = f"{lesson.title} | Leg Muscle Pain course"
    body, _ = exporter.from_notebook_node(notebook, resources=resources)
    return body


def make_explorers_static(page: str, lesson: Lesson, explorers: dict, live_url: str, out: Path | None = None
                          ) -> tuple[str, int]:
    """Turn each explorer the lesson opens into a static explorer; return the page and how many.

    An explorer opened on its defaults or a preset uses the frames rendered once for the course;
    one opened on other values (a patient's, in the case studies) gets frames of its own, the key
    control moved from those values (written into ``out``)."""
    entries = {f"{package}.{entry.name}": (package, entry) for package, entry in manifest.explorers()}
    done, seen = 0, {}

    def swap(match):
        nonlocal done
        title = html.unescape(match["title"])
        static = explorers.get(title)
        names = match["names"]  # the page keeps the values in either quotes, escaped or not
        values = json.loads(html.unescape(match["values"] or match["values_sq"] or "{}"))
        if names in entries and out is not None and not opened_as_rendered(static, values):
            static = opened_on(entries[names], out, values) or static
        if static is None:
            return match[0]
        done += 1
        seen[static.slug] = seen.get(static.slug, 0) + 1
        caption = re.search(r"<figcaption>(.*?)</figcaption>", match["body"], re.DOTALL)
        opening = html.unescape(caption[1]) if caption else ""
        return site_frames.explorer_html(static, opening, live_url, seen[static.slug])

    return STATIC_EXPLORER.sub(swap, page), done


def opened_on(entry: tuple, out: Path, values: dict):
    """The static explorer opened on ``values``, or None when the explorer refuses them (a value a
    saved page cannot carry back, such as a set of joints)."""
    from musclepain_lib import InputError

    try:
        return site_frames.render(*entry, out, start=values)
    except (InputError, TypeError, ValueError):
        return None


def opened_as_rendered(static, values: dict) -> bool:
    """Whether an explorer opened on ``values`` is one of the course-wide frames: its defaults or a preset."""
    return static is not None and (not values or values in (static.opening_values, *static.preset_values))


PART_MARKER = re.compile(r"^\s*Part (\d+) of (\d+)\b")
DATA_IMAGE = re.compile(r"^data:image/(png|jpeg|gif|webp|svg\+xml);base64,(.*)$", re.DOTALL)


def finish_page(page: str, lesson: Lesson, out: Path | None) -> str:
    """A lesson page made for reading: headings in order (the long lessons' "Part N of M"
    markers as sections of their own, no level skipped, no id twice), a table of contents after
    the title, tab stops only on what is interactive, DataFrame tables with real headers, and
    (with ``out``) its pictures as files of the site rather than inline."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page, "html.parser")
    main = soup.find("main") or soup
    for element in main.select("div.jp-Cell-inputWrapper[tabindex], div.jp-OutputArea-output[tabindex]"):
        del element["tabindex"]  # nothing there to operate: reading needs no tab stop
    for link in main.select("a.anchor-link"):
        link.decompose()  # the "¶" links, hidden on the page, read into search results
    headings, parts, ids = [], 0, set()
    previous = 0
    for heading in main.find_all(re.compile(r"^h[1-6]$")):
        level = int(heading.name[1])
        text = heading.get_text(" ", strip=True)
        part = PART_MARKER.match(text)
        if part and level > 1:
            level = 2
            parts = int(part[2])
            heading["class"] = heading.get("class", []) + ["lesson-part"]
            heading["id"] = f"part-{part[1]}"
        level = max(1, min(level, previous + 1)) if previous else 1
        heading.name = f"h{level}"
        previous = level
        if heading.get("id"):
            base, n = heading["id"], 2
            while heading["id"] in ids:
                heading["id"], n = f"{base}-{n}", n + 1
            ids.add(heading["id"])
        headings.append((level, heading, part))
    sections = [(heading, part) for level, heading, part in headings if level == 2 and heading.get("id")]
    title = next((heading for level, heading, _ in headings if level == 1), None)
    if title is not None and len(sections) > 1:
        items, group = [], None
        if parts and not sections[0][1]:
            items.append(f'<li><span class="toc-part">Part 1 of {parts}</span><ol>')
            group = True
        for heading, part in sections:
            link = f'<a href="#{html.escape(heading["id"])}">{html.escape(heading.get_text(" ", strip=True))}</a>'
            if part:
                if group:
                    items.append("</ol></li>")
                items.append(f'<li class="toc-part">{link}<ol>')
                group = True
            else:
                items.append(f"<li>{link}</li>")
        if group:
            items.append("</ol></li>")
        toc = BeautifulSoup(
            f'<nav class="lesson-toc" aria-labelledby="lesson-toc-title"><details open><summary id="lesson-toc-title">'
            f'Contents of this lesson{f" ({parts} parts)" if parts else ""}</summary><ol>{"".join(items)}</ol></details></nav>',
            "html.parser",
        )
        cell = title.find_parent("div", class_="jp-Cell") or title
        cell.insert_after(toc)
    for table in main.select("table.dataframe"):
        proper_headers(table)
    if out is not None:
        for number, image in enumerate(main.find_all("img")):
            found = DATA_IMAGE.match(image.get("src", ""))
            if found:
                data = base64.b64decode(found[2])
                kind = {"jpeg": "jpg", "svg+xml": "svg"}.get(found[1], found[1])
                if kind == "png":
                    data, kind = smaller_picture(data)
                name = f"figures/{lesson.path.stem}/{hashlib.sha1(data).hexdigest()[:12]}.{kind}"
                (out / name).parent.mkdir(parents=True, exist_ok=True)
                (out / name).write_bytes(data)
                image["src"] = name
            if number > 1 and "explorer-picture" not in image.get("class", []):
                image["loading"] = "lazy"
    return str(soup)


def smaller_picture(png: bytes) -> tuple[bytes, str]:
    """A figure as lossless WebP (the same pixels, about a third of the PNG's bytes), or the PNG."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    try:
        with Image.open(io.BytesIO(png)) as image:
            image.save(buffer, "WEBP", lossless=True, method=4)
    except OSError:  # not a picture Pillow reads: kept as it came
        return png, "png"
    return (buffer.getvalue(), "webp") if buffer.tell() < len(png) else (png, "png")


def proper_headers(table) -> None:
    """A pandas table's headers for a reader: the row numbers 0, 1, 2... (meaningless to a reader)
    dropped with their empty corner; otherwise the corner named; each header with its scope."""
    head = table.find("thead")
    rows = table.select("tbody > tr")
    firsts = [row.find(["th", "td"]) for row in rows]
    numbered = all(cell is not None and cell.name == "th" and cell.get_text(strip=True) == str(i)
                   for i, cell in enumerate(firsts))
    corners = [row.find("th") for row in head.find_all("tr")] if head else []
    if numbered and rows and all(c is not None and not c.get_text(strip=True) for c in corners):
        for cell in firsts + corners:
            cell.decompose()
    else:
        for corner in corners:
            if corner is not None and not corner.get_text(strip=True):
                corner.string = "Row"
        for cell in firsts:
            if cell is not None and cell.name == "th":
                cell["scope"] = "row"
    for cell in (head.find_all("th") if head else []):
        if not cell.get("scope"):
            cell["scope"] = "col"


def page_shell(title: str, body: str, head: str = "") -> str:
    """A page of the site that is not a lesson (contents, search, glossary)."""
    return f"""<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta name="color-scheme" content="light dark">
<title>{html.escape(title)} | Leg Muscle Pain course</title><link rel="stylesheet" href="site.css">{head}</head>
<body>
<a class="course-skip" href="#contents">Skip to the content</a>
<nav class="course-nav" aria-label="Course"><a href="index.html">Contents</a> <a href="search.html">Search</a>
<span class="course-version">Version {musclepain_lib.__version__}</span></nav>
<main id="contents" class="course-contents">
{body}
</main>
{footer_html()}
</body>
</html>
"""


def contents_page(lessons: list[Lesson], settings: Settings, glossary: bool = False) -> str:
    items = "\n".join(
        f'<li><a href="{lesson.href}">{html.escape(lesson.title)}</a>'
        f'<span class="course-summary">{html.escape(lesson.summary)}'
        + (f' <a class="course-worksheet" href="pdf/{lesson.path.stem}-worksheet.pdf">Worksheet (PDF)</a>'
           if settings.pdf else "") + "</span></li>"
        for lesson in lessons
    )
    repo, ref = settings.repo, settings.ref
    launch = (
        f'<p><a href="https://mybinder.org/v2/gh/{repo}/{ref}?urlpath=lab/tree/build/student">'
        "Run the whole course live on Binder</a> (every control of every explorer works there).</p>"
        if repo
        else ""
    )
    more = '<p><a href="glossary.html">Glossary</a>: the course\'s terms, defined.</p>' if glossary else ""
    return page_shell(
        "Contents",
        f"""<h1>Leg Muscle Pain: the physiology behind it</h1>
<p>An interactive physiology course in {len(lessons)} lessons. On this site each lesson is shown as it
runs. Move each explorer's main control and try its scenarios, and answer the self-checks here in your
browser (your answers stay in this browser); run a lesson live to move every control.</p>
{launch}
<form class="course-search" action="search.html" role="search"><label for="search-words">Search the course</label>
<input id="search-words" type="search" name="q"> <button type="submit">Search</button></form>
{more}
<h2>Lessons, in order</h2>
<ol>
{items}
</ol>""",
    )


SEARCH_SCRIPT = """
<link rel="stylesheet" href="pagefind/pagefind-ui.css"><script src="pagefind/pagefind-ui.js"></script>
<script>
window.addEventListener("DOMContentLoaded", () => {
  const ui = new PagefindUI({element: "#search", showSubResults: true, showImages: false});
  const input = document.querySelector("#search input");
  if (input) input.id = "search-words";
  const words = new URLSearchParams(window.location.search).get("q");
  if (words) ui.triggerSearch(words);
});
</script>"""


def search_page() -> str:
    return page_shell(
        "Search",
        '<h1>Search the course</h1><p>The search runs in your browser, from an index built with '
        'the site; it works offline.</p><label for="search-words">Words to search for</label>'
        '<div id="search"></div>',
        SEARCH_SCRIPT,
    )


def term_anchor(form: str) -> str:
    """The anchor of a term (or of one of its other forms) on the glossary page: ``term-...``."""
    return "term-" + (re.sub(r"[^0-9a-z]+", "-", form.lower()).strip("-") or "x")


def glossary_entries() -> tuple[list[dict], list[str]]:
    """The glossary's terms in alphabetical order, each with its anchors, lesson and source number."""
    from musclepain_lib.learner.glossary import glossary_table, term_forms

    table = glossary_table()
    sources = list(dict.fromkeys(source for source in table["source"].fillna("") if source.strip()))
    entries, taken = [], set()
    for row in table.sort_values("term", key=lambda column: column.str.lower()).itertuples():
        also = row.also if isinstance(row.also, str) else ""
        anchors = [a for a in dict.fromkeys(term_anchor(form) for form in term_forms(row.term, also)) if a not in taken]
        taken.update(anchors)
        source = row.source if isinstance(row.source, str) and row.source.strip() else ""
        entries.append({
            "term": row.term, "also": [form for form in term_forms(row.term, also)[1:]],
            "definition": row.definition, "lesson": row.lesson, "anchors": anchors,
            "source": sources.index(source) + 1 if source else None,
        })
    return entries, sources


def glossary_page(lessons: list[Lesson] | None = None) -> str:
    """The glossary as a page to read: terms in alphabetical order under a letter index, one anchor
    per term (its other forms pointing to it), each linked to the lesson that introduces it, with
    its source as a numbered reference."""
    entries, sources = glossary_entries()
    titles = {lesson.path.stem: lesson for lesson in lessons or []}
    by_letter: dict[str, list[dict]] = {}
    for entry in entries:
        letter = entry["term"][0].upper()
        by_letter.setdefault(letter if letter.isalpha() else "#", []).append(entry)
    index = " ".join(f'<a href="#letter-{letter}">{letter}</a>' for letter in by_letter)
    sections = "".join(
        f'<section aria-labelledby="letter-{letter}"><h2 id="letter-{letter}">{letter}</h2><dl>'
        + "".join(_glossary_entry(entry, titles) for entry in group) + "</dl></section>"
        for letter, group in by_letter.items()
    )
    references = "".join(f'<li id="source-{n}">{html.escape(source)}</li>' for n, source in enumerate(sources, 1))
    return page_shell(
        "Glossary",
        f'<h1>Glossary</h1><p>{len(entries)} terms of the course, in alphabetical order, each with the lesson '
        'that introduces it. A number in brackets points to the source of the definition, listed at the end.</p>'
        f'<nav class="glossary-letters" aria-label="Terms by first letter">{index}</nav>'
        f'<div class="glossary">{sections}</div>'
        f'<h2 id="sources">Sources</h2><ol class="glossary-sources">{references}</ol>',
    )


def _glossary_entry(entry: dict, titles: dict) -> str:
    first, *others = entry["anchors"] or [""]
    extra = "".join(f'<span id="{anchor}"></span>' for anchor in others)
    also = f' <span class="glossary-also">(also {html.escape(", ".join(entry["also"]))})</span>' if entry["also"] else ""
    lesson = titles.get(entry["lesson"])
    where = (f'<a href="{lesson.href}">{html.escape(lesson.title)}</a>' if lesson else html.escape(entry["lesson"]))
    source = (f' <a class="glossary-ref" href="#source-{entry["source"]}" aria-label="source {entry["source"]}">'
              f'[{entry["source"]}]</a>' if entry["source"] else "")
    return (f'<dt id="{first}">{extra}<dfn>{html.escape(entry["term"])}</dfn>{also}</dt>'
            f'<dd><p>{html.escape(entry["definition"])}{source}</p>'
            f'<p class="glossary-lesson">Introduced in {where}</p></dd>')


SELF_CHECK_CALL = re.compile(r"self_check\(\s*[\"']([^\"']+)[\"']\s*,\s*[\"']([^\"']+)[\"']")
SOLUTION_MARKER = re.compile(r"^\s*# (BEGIN|END) SOLUTION\s*$")


def worksheet_href(lesson: Lesson, answers: bool = False) -> str:
    return f"{'answers' if answers else 'worksheet'}-{lesson.path.stem}.html"


def worksheet_page(notebook, lesson: Lesson, answers: bool = False) -> str:
    """A lesson's questions and exercises on one page to print: each under its section's heading,
    the exercise's task with its code cell, each self-check's prompt with its choices or a line
    for the number. A worksheet shows no answer, hint or explanation; an answer key (``answers``,
    built from the instructor's version) adds the answer, its explanation and the exercise's code."""
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    raw = {}
    items, section, shown = [], "Start of the lesson", None
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("## ") and not PART_MARKER.match(line[3:]):
                    section = line[3:].strip()
            continue
        if cell.cell_type != "code":
            continue
        parts = []
        if "exercise" in cell_tags(cell):
            task = notebook.cells[index - 1].source if index and notebook.cells[index - 1].cell_type == "markdown" else ""
            code = ("\n".join(line for line in cell.source.splitlines() if not SOLUTION_MARKER.match(line))
                    if answers else student_source(cell.source, lesson.path.name))
            task = re.sub(r'<a class="anchor-link"[^>]*>.*?</a>', "", markdown2html_mistune(task))
            parts.append(f'<section class="worksheet-item worksheet-exercise">{task}'
                         f'<pre class="worksheet-code"><code>{html.escape(code)}</code></pre>'
                         + ('' if answers else '<div class="worksheet-space" aria-hidden="true"></div>') + "</section>")
        for lesson_id, question_id in SELF_CHECK_CALL.findall(cell.source):
            if lesson_id not in raw:
                from musclepain_lib.core.data import load_json

                raw[lesson_id] = {q["id"]: q for q in load_json(f"questions/{lesson_id}.json")["questions"]}
            item = raw[lesson_id].get(question_id)
            if item is not None:
                parts.append(_worksheet_question(item, len([i for i in items if "worksheet-question" in i]) + 1, answers))
        if parts:
            if section != shown:
                items.append(f"<h2>{html.escape(section)}</h2>")
                shown = section
            items.extend(parts)
    kind = "Answer key" if answers else "Worksheet"
    intro = ("The lesson's exercises and self-checks with their answers and explanations, for instructors."
             if answers else
             "The lesson's exercises and self-checks, to answer on paper. No answers or hints here: on the "
             f'<a href="{lesson.href}">lesson\'s page</a> each self-check answers you, with hints.')
    maths = ('<script>window.MathJax = {tex: {inlineMath: [["$", "$"]], displayMath: [["$$", "$$"]], '
             'processEscapes: true}};</script><script defer src="mathjax/tex-chtml.js"></script>'
             if any("$" in item for item in items) else "")
    return page_shell(
        f"{kind}: {lesson.title}",
        f'<div class="worksheet"><h1>{kind}: {html.escape(lesson.title)}</h1><p>{intro}</p>{"".join(items)}</div>',
        maths,
    )


def _worksheet_question(item: dict, number: int, answers: bool) -> str:
    prompt = f'<p><strong>Question {number}.</strong> {html.escape(item["prompt"])}</p>'
    if item["kind"] == "choice":
        body = "<ol class=\"worksheet-choices\" type=\"A\">" + "".join(
            f"<li>{html.escape(choice)}</li>" for choice in item["choices"]) + "</ol>"
        answer = f"{chr(65 + item['answer'])}. {item['choices'][item['answer']]}"
    else:
        body = (f'<p class="worksheet-line">Your answer: <span class="worksheet-blank"></span> '
                f'{html.escape(item["unit"])}</p>') if not answers else ""
        answer = f"{float(item['answer']):g} {item['unit']}"
    key = (f'<p class="worksheet-answer"><strong>Answer: {html.escape(answer.rstrip("."))}.</strong> '
           f'{html.escape(item["explanation"])}</p>') if answers else ""
    return f'<section class="worksheet-item worksheet-question">{prompt}{body}{key}</section>'


def copy_assets(lessons_dir: Path, out: Path) -> None:
    """Copy what the lessons link to (pictures and such), keeping their relative paths."""
    for path in lessons_dir.rglob("*"):
        if path.is_file() and path.suffix != ".ipynb" and ".ipynb_checkpoints" not in path.parts:
            if path.name.startswith(".progress"):
                continue
            target = out / path.relative_to(lessons_dir)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)


#: What nbconvert's lab template inlines after its two stylesheets, kept in the site's lab.css.
LAB_EXTRA_CSS = """
a.anchor-link { display: none; }
.jp-InputArea { overflow: hidden; }
.jp-InputArea-editor { overflow: hidden; }
.cm-editor.cm-s-jupyter .highlight pre { padding: var(--jp-code-padding) 4px; margin: 0;
  font-family: inherit; font-size: inherit; line-height: inherit; color: inherit; }
.jp-OutputArea-output pre { line-height: inherit; font-family: inherit; }
.jp-RenderedText pre { color: var(--jp-content-font-color1); font-size: var(--jp-code-font-size); }
.jp-Collapser { display: none; }
@media print { .jp-Cell-inputWrapper, .jp-Cell-outputWrapper { display: block; } }
"""


def lab_stylesheet() -> str:
    """JupyterLab's look (nbconvert's lab template: its stylesheet and light theme), as one file."""
    environment = HTMLExporter(template_name="lab").environment
    parts = [environment.loader.get_source(environment, f"static/{name}")[0] for name in ("index.css", "theme-light.css")]
    return "\n".join(parts) + LAB_EXTRA_CSS


def copy_site_files(out: Path) -> None:
    """The site's stylesheets and script, and the MathJax copy the lesson pages load."""
    for name in ("site.css", "site.js"):
        shutil.copy2(TEMPLATES / name, out / name)
    (out / "lab.css").write_text(lab_stylesheet())
    if not (MATHJAX / "tex-chtml.js").exists():
        raise SystemExit(f"{MATHJAX} is missing: run `make node_modules/.installed` (npm ci)")
    for part in MATHJAX_PARTS:
        source, target = MATHJAX / part, out / "mathjax" / part
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)


def print_pdfs(out: Path, lessons: list[Lesson], settings: Settings | None = None) -> None:
    """Each lesson, its worksheet (and, on the instructor's site, its answer key) printed to PDF by
    Chromium: the print stylesheet, maths typeset, tagged for assistive technology, with
    bookmarks from the headings."""
    from tools import browser, check_site

    settings = settings or Settings()
    (out / "pdf").mkdir(exist_ok=True)
    jobs = []
    for lesson in lessons:
        jobs.append((lesson.href, f"{lesson.path.stem}.pdf"))
        jobs.append((worksheet_href(lesson), f"{lesson.path.stem}-worksheet.pdf"))
        if settings.version == "instructor":
            jobs.append((worksheet_href(lesson, answers=True), f"{lesson.path.stem}-answers.pdf"))
    with browser.chromium() as chromium, check_site.serve(out) as address:
        context = chromium.new_context()
        browser.local_only(context)
        page = context.new_page()
        try:
            for href, name in jobs:
                page.goto(f"{address}/{href}", wait_until="load")
                wait_for_maths(page)
                page.evaluate("""() => Promise.all(Array.from(document.images).map(img => {
                    img.loading = "eager";
                    return img.complete ? null : new Promise(done => { img.onload = img.onerror = done; });
                }))""")
                page.pdf(path=str(out / "pdf" / name), format="A4", print_background=False,
                         tagged=True, outline=True,
                         margin={"top": "15mm", "bottom": "15mm", "left": "12mm", "right": "12mm"})
        finally:
            context.close()


def wait_for_maths(page, timeout_ms: float = 30000) -> None:
    """Wait until MathJax (if the page loads it) has typeset the page."""
    if page.evaluate("() => !!document.querySelector('script[src*=\"mathjax\"]')"):
        page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise", timeout=timeout_ms)
        page.evaluate("() => MathJax.startup.promise")


def index_for_search(out: Path) -> None:
    """Pagefind's static search index of the lesson pages (``out/pagefind/``)."""
    subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(out), "--silent"], check=True, timeout=300
    )


def build(out: Path, lessons_dir: Path, settings: Settings | None = None, log=print) -> list[Lesson]:
    """Build the site into ``out`` (emptied first); return the lessons in order."""
    settings = settings or Settings()
    started = time.perf_counter()
    paths = manifest.lesson_paths(lessons_dir)
    if not paths:
        raise SystemExit(f"no lessons (NN_name.ipynb) in {lessons_dir}")
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    with tempfile.TemporaryDirectory(prefix="musclepain-site-") as scratch:
        workdir = Path(scratch) / "notebooks"
        shutil.copytree(lessons_dir, workdir, ignore=shutil.ignore_patterns(".ipynb_checkpoints", ".progress*"))
        for path in paths:
            write_version(lessons_dir / path.name, workdir / path.name, settings.version)
        os.environ["MUSCLEPAIN_PROGRESS"] = str(Path(scratch) / "progress.json")
        os.environ.setdefault("MPLBACKEND", "Agg")
        run = []
        for path in paths:
            log(f"running {path.name}")
            notebook = static_outputs(run_lesson(workdir / path.name, workdir))
            if settings.version == "student":
                live = binder_url(Lesson(path, "", ""), settings.repo, settings.ref) if settings.repo else ""
                notebook = site_exercises(notebook, live)
            run.append((notebook, Lesson(path, *lesson_title(notebook))))
    log("rendering the explorers' frames")
    explorers = site_frames.render_all(out, log=log)
    questions = site_questions.all_questions()
    lessons = [lesson for _, lesson in run]
    for index, (notebook, lesson) in enumerate(run):
        previous = lessons[index - 1] if index else None
        following = lessons[index + 1] if index + 1 < len(lessons) else None
        page = render_lesson(notebook, lesson, previous, following, settings)
        live = binder_url(lesson, settings.repo, settings.ref) if settings.repo else ""
        page, moving = make_explorers_static(page, lesson, explorers, live, out)
        page, asked = site_questions.replace_questions(page, questions)
        page, _terms = site_glossary.link_first_uses(page, lesson.path.stem)
        page = link_lesson_pages(page, lessons)
        page = finish_page(page, lesson, out)
        log(f"  {lesson.href}: {moving} static explorers, {asked} self-checks")
        (out / lesson.href).write_text(page)
        (out / worksheet_href(lesson)).write_text(worksheet_page(notebook, lesson))
        if settings.version == "instructor":
            (out / worksheet_href(lesson, answers=True)).write_text(worksheet_page(notebook, lesson, answers=True))
    (out / "glossary.html").write_text(glossary_page(lessons))
    (out / "index.html").write_text(contents_page(lessons, settings, glossary=True))
    (out / "search.html").write_text(search_page())
    copy_site_files(out)
    copy_assets(lessons_dir, out)
    if settings.pdf:
        log("printing each lesson to PDF")
        print_pdfs(out, lessons, settings)
    index_for_search(out)
    from tools.check_site import page_weights

    log("page weight (kB): the page | with its pictures | first visit, with styles and scripts")
    for name, weight in page_weights(out).items():
        log(f"  {name}: {weight['page'] / 1e3:.0f} | {weight['with_pictures'] / 1e3:.0f} | {weight['first_visit'] / 1e3:.0f}")
    size = sum(path.stat().st_size for path in out.rglob("*") if path.is_file())
    log(f"built {len(lessons)} lessons into {out}: {size / 1e6:.1f} MB in {time.perf_counter() - started:.0f} s")
    return lessons


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=None, help="default _site (_site_instructor with --instructor)")
    parser.add_argument("--lessons", type=Path, default=ROOT / "notebooks")
    parser.add_argument("--binder-repo", default=BINDER_REPO, help="GitHub OWNER/REPO Binder builds from")
    parser.add_argument("--binder-ref", default=BINDER_REF)
    parser.add_argument("--hub-url", default=HUB_URL, help="the class's JupyterHub, e.g. https://hub.example.edu")
    parser.add_argument("--hub-folder", default=HUB_FOLDER, help="the course's folder in a hub user's home")
    parser.add_argument("--no-pdf", dest="pdf", action="store_false", help="skip printing each lesson to PDF")
    parser.add_argument("--instructor", action="store_true",
                        help="build the instructor version (solutions, teaching notes) into _site_instructor")
    args = parser.parse_args(argv)
    version = "instructor" if args.instructor else "student"
    out = args.out or ROOT / ("_site_instructor" if args.instructor else "_site")
    settings = Settings(args.binder_repo, args.binder_ref, args.hub_url, args.hub_folder, args.pdf, version)
    build(out, args.lessons, settings)
    return 0


if __name__ == "__main__":
    sys.exit(main())
