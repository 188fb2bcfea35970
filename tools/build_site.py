"""Build the course's static site: every lesson run and rendered to HTML, and a contents page.

    python -m tools.build_site [--out _site] [--lessons notebooks] [--binder-repo OWNER/REPO]

Each lesson is run from a fresh kernel (in a copy of the lessons folder, with a
throw-away progress file), so the site shows what the code computes today. Live
widgets cannot run on a static page: each explorer and self-check question leaves
its static form instead (the default figure with its description, the question
with its answer), and every page links to the same lesson on Binder, where it runs.
"""

from __future__ import annotations

import argparse
import html
import os
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

try:  # Python 3.11 and newer
    import tomllib
except ModuleNotFoundError:  # Python 3.10: the same parser, from PyPI (the test and docs extras)
    import tomli as tomllib

import nbformat
from nbclient import NotebookClient
from nbconvert import HTMLExporter

from musclepain_lib.core import manifest

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = Path(__file__).parent / "site_template"


def course_repository() -> str:
    """The course's GitHub OWNER/REPO, from ``project.urls.Repository`` in pyproject.toml."""
    url = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["urls"]["Repository"]
    return url.removeprefix("https://github.com/")


#: Where Binder builds the course from; override with --binder-repo or BINDER_REPO.
BINDER_REPO = os.environ.get("BINDER_REPO") or course_repository()
BINDER_REF = os.environ.get("BINDER_REF", "main")
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"

SITE_CSS = """
/* Code colours darkened from JupyterLab's so every token reads at 4.5:1 on the code background. */
body {
  --jp-mirror-editor-atom-color: #3434B8; --jp-mirror-editor-bracket-color: #5C5C45;
  --jp-mirror-editor-builtin-color: #006400; --jp-mirror-editor-comment-color: #2F6060;
  --jp-mirror-editor-keyword-color: #006400; --jp-mirror-editor-meta-color: #7A1FB8;
  --jp-mirror-editor-number-color: #006400; --jp-mirror-editor-operator-color: #7A1FB8;
  --jp-mirror-editor-quote-color: #006400; --jp-mirror-editor-hr-color: #5C5C5C;
  --jp-mirror-editor-error-color: #B00000;
}
body { margin: 0; }
main { max-width: 60rem; margin: 0 auto; padding: 0 1rem 2rem; }
.course-nav { display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; padding: 0.6rem 1rem;
  background: #1A4F7A; font-family: system-ui, sans-serif; }
.course-nav a { color: #FFFFFF; font-weight: 600; }
.course-nav a:focus { outline: 3px solid #F0E442; }
.course-launch { margin-left: auto; }
.course-skip { position: absolute; left: -999px; }
.course-skip:focus { left: 1rem; top: 0.5rem; background: #FFFFFF; padding: 0.3rem; z-index: 10; }
.musclepain-static, .musclepain-question { border-left: 4px solid #0072B2; padding-left: 0.8rem; }
.course-contents { font-family: system-ui, sans-serif; line-height: 1.6; }
.course-contents li { margin: 0.6rem 0; }
.course-contents .course-summary { display: block; color: #333333; }
"""


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


def static_outputs(notebook):
    """Keep each widget's static form (its text/html) and drop the live part."""
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            output.get("data", {}).pop(WIDGET_VIEW, None)
    notebook.metadata.pop("widgets", None)
    return notebook


def binder_url(lesson: Lesson, repo: str, ref: str) -> str:
    # Binder's postBuild makes the student version (build/student), which learners should get.
    return f"https://mybinder.org/v2/gh/{repo}/{ref}?urlpath=lab/tree/build/student/{lesson.path.name}"


def render_lesson(notebook, lesson: Lesson, previous, following, repo: str, ref: str) -> str:
    exporter = HTMLExporter(
        template_name="lab",
        extra_template_paths=[str(TEMPLATES)],
        template_file="lesson.html.j2",
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    needs_mathjax = any("$" in cell.source for cell in notebook.cells if cell.cell_type == "markdown")
    resources = {
        "metadata": {"name": lesson.title},
        "course": {
            "root": "",
            "previous": previous,
            "next": following,
            "binder_url": binder_url(lesson, repo, ref) if repo else "",
            "needs_mathjax": needs_mathjax,
        },
    }
    notebook.metadata["title"] = f"{lesson.title} | Leg Muscle Pain course"
    body, _ = exporter.from_notebook_node(notebook, resources=resources)
    return body


def contents_page(lessons: list[Lesson], repo: str, ref: str) -> str:
    items = "\n".join(
        f'<li><a href="{lesson.href}">{html.escape(lesson.title)}</a>'
        f'<span class="course-summary">{html.escape(lesson.summary)}</span></li>'
        for lesson in lessons
    )
    launch = (
        f'<p><a href="https://mybinder.org/v2/gh/{repo}/{ref}?urlpath=lab/tree/build/student">'
        "Run the whole course live on Binder</a> (the explorers and self-checks work there).</p>"
        if repo
        else ""
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Leg Muscle Pain: contents</title><link rel="stylesheet" href="site.css"></head>
<body>
<nav class="course-nav" aria-label="Course"><a href="index.html">Contents</a></nav>
<main id="contents" class="course-contents">
<h1>Leg Muscle Pain: the physiology behind it</h1>
<p>An interactive physiology course in {len(lessons)} lessons. On this site each lesson is shown as it
runs, with each explorer's opening figure and its description; run the lessons to move the controls.</p>
{launch}
<h2>Lessons, in order</h2>
<ol>
{items}
</ol>
</main>
</body>
</html>
"""


def copy_assets(lessons_dir: Path, out: Path) -> None:
    """Copy what the lessons link to (pictures and such), keeping their relative paths."""
    for path in lessons_dir.rglob("*"):
        if path.is_file() and path.suffix != ".ipynb" and ".ipynb_checkpoints" not in path.parts:
            if path.name.startswith(".progress"):
                continue
            target = out / path.relative_to(lessons_dir)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)


def build(out: Path, lessons_dir: Path, repo: str = BINDER_REPO, ref: str = BINDER_REF, log=print) -> list[Lesson]:
    """Build the site into ``out`` (emptied first); return the lessons in order."""
    paths = manifest.lesson_paths(lessons_dir)
    if not paths:
        raise SystemExit(f"no lessons (NN_name.ipynb) in {lessons_dir}")
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    with tempfile.TemporaryDirectory(prefix="musclepain-site-") as scratch:
        workdir = Path(scratch) / "notebooks"
        shutil.copytree(lessons_dir, workdir, ignore=shutil.ignore_patterns(".ipynb_checkpoints", ".progress*"))
        os.environ["MUSCLEPAIN_PROGRESS"] = str(Path(scratch) / "progress.json")
        os.environ.setdefault("MPLBACKEND", "Agg")
        run = []
        for path in paths:
            log(f"running {path.name}")
            notebook = static_outputs(run_lesson(workdir / path.name, workdir))
            run.append((notebook, Lesson(path, *lesson_title(notebook))))
    lessons = [lesson for _, lesson in run]
    for index, (notebook, lesson) in enumerate(run):
        previous = lessons[index - 1] if index else None
        following = lessons[index + 1] if index + 1 < len(lessons) else None
        (out / lesson.href).write_text(render_lesson(notebook, lesson, previous, following, repo, ref))
    (out / "index.html").write_text(contents_page(lessons, repo, ref))
    (out / "site.css").write_text(SITE_CSS)
    copy_assets(lessons_dir, out)
    log(f"built {len(lessons)} lessons into {out}")
    return lessons


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "_site")
    parser.add_argument("--lessons", type=Path, default=ROOT / "notebooks")
    parser.add_argument("--binder-repo", default=BINDER_REPO, help="GitHub OWNER/REPO Binder builds from")
    parser.add_argument("--binder-ref", default=BINDER_REF)
    args = parser.parse_args(argv)
    build(args.out, args.lessons, args.binder_repo, args.binder_ref)
    return 0


if __name__ == "__main__":
    sys.exit(main())
