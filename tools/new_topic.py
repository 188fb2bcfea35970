"""Start a new topic: its package, lesson, questions, tests and manifest entry, ready to fill in.

    python -m tools.new_topic NAME --title "TITLE" [--before LESSON_ID]

``NAME`` is the topic package (lower case, letters and underscores: ``claudication``); the
lesson takes the next free number (``07_claudication``) and is placed in teaching order before
``LESSON_ID`` (by default at the end). What it writes meets every rule the tests hold a topic
and a lesson to, so ``make unit`` passes at once, before anything is committed:

- ``musclepain_lib/NAME/``: ``__init__.py``, ``model.py`` (a worked example: first-order
  elimination, sourced, with its ``assess_...``) and ``widget.py`` (one explorer, one preset);
- ``notebooks/NN_NAME.ipynb``: opening (objectives, prerequisites, time), a story, the notice,
  the start and glossary cells, a demo with the explorer, self-checks, two exercises each with
  its check, its no-code path and a teaching note, summary, references, the finish cell, and
  slide metadata on every cell;
- ``data/questions/NN_NAME.json`` (choices spread by ``tools.shuffle_choices``), and the
  glossary's new term;
- ``tests/test_NAME_model.py``, ``tests/test_properties_NAME.py``,
  ``tests/test_NAME_explorers.py``;
- the topic and the lesson in ``musclepain_lib/core/manifest.py``; then the lesson's time and
  the tables of lessons are written from it (``tools.lesson_time``, ``tools.course_text``).

Then replace the worked example with the topic's own model, explorer, text and questions: the
tool prints the list.
"""

from __future__ import annotations

import argparse
import json
import re
import string
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = Path(__file__).resolve().parent / "topic_template"
MANIFEST = ROOT / "musclepain_lib" / "core" / "manifest.py"
GLOSSARY_TERM = (
    "half-life", "half-lives",
    "The time it takes for the amount of a substance in the body to fall by half.",
    "Ritter JM, Flower RJ, Henderson G, et al. Rang and Dale's Pharmacology, 9th ed. Elsevier 2020, chapter 10.",
)
NOTICE_START = "> **Not medical advice.**"

FILL_IN = """Now make it the topic's own (the tests say what drifts):
  1. musclepain_lib/{name}/model.py: replace the worked example (percent_left) with the topic's model,
     each function sourced, and its assess_... judging with thresholds from data/*.csv;
  2. musclepain_lib/{name}/widget.py: the explorer's controls, figure, presets and verdict;
     its title and the control the lesson asks to move are in the manifest;
  3. notebooks/{lesson_id}.ipynb: the story, the physiology, the exercises and teaching notes;
  4. data/questions/{lesson_id}.json: the questions (read_off: how the no-code path reads the
     value off the explorer), then python -m tools.shuffle_choices;
  5. data/glossary.csv: the lesson's terms (the worked example's half-life row goes);
  6. tests/test_{name}_model.py: the published values of the topic's sources;
  7. docs/instructor.md: the lesson's 50-minute plan (before, live, on the projector, after);
  8. python -m tools.lesson_time --write, then make unit."""


def _lines(text: str) -> list[str]:
    pieces = text.split("\n")
    return [p + "\n" for p in pieces[:-1]] + [pieces[-1]]


def _cell(kind: str, text: str, slide: str = "-", tags: tuple[str, ...] = ()) -> dict:
    metadata: dict = {"slideshow": {"slide_type": slide}}
    if tags:
        metadata["tags"] = list(tags)
    cell = {"cell_type": kind, "metadata": metadata, "source": _lines(text.strip("\n"))}
    if kind == "code":
        cell.update(execution_count=None, outputs=[])
    return cell


def notice() -> str:
    """The course's notice, as the welcome lesson carries it (written once, there)."""
    from musclepain_lib.core import manifest

    welcome = json.loads((ROOT / "notebooks" / manifest.LESSONS[0].file).read_text(encoding="utf-8"))
    for cell in welcome["cells"]:
        text = "".join(cell["source"])
        if text.startswith(NOTICE_START):
            return text
    raise SystemExit("the welcome lesson has no notice cell to copy")


def _exercise(lesson_id: str, name: str, question: str, task: str, solution: str, reading: str,
              note: str, first: bool, slide: str = "subslide") -> list[dict]:
    check = (
        ("from musclepain_lib.learner.exercises import check_exercise\n\n" if first else "")
        + f'check_exercise("{lesson_id}", "{question}", left)'
    )
    return [
        _cell("markdown", task + "\n\nWrite it in the cell below in place of `...`, then run that cell and the check after it.",
              slide),
        _cell("code", f"# BEGIN SOLUTION\nleft = {name}.{solution}\n# END SOLUTION", tags=("exercise",)),
        _cell("code", check, tags=("check",)),
        _cell("markdown", f"**Not writing code?** In the explorer above, {reading}, and read the share left in the "
                          "description under the figure. Type the value into the self-check below: either way of "
                          "answering counts.", "fragment"),
        _cell("code", f'self_check("{lesson_id}", "{question}")'),
        _cell("markdown", note, tags=("teacher-note",)),
    ]


def lesson_cells(lesson_id: str, name: str, title: str, number: str) -> list[dict]:
    ask = lambda question: _cell("code", f'self_check("{lesson_id}", "{question}")', "subslide")  # noqa: E731
    return [
        _cell("markdown", f"""# {number} · {title}

Medicines taken for an aching leg do not stay in the body for ever: the liver and kidneys clear
them. This lesson follows one dose through the hours after it is taken.

**In this lesson you will**
- explain what a half-life is, and why a dose halves again and again rather than running out;
- compute the share of a dose left after any number of hours;
- say where the simple model stops being true.

**Prerequisites:** lesson 00 (how the explorers and self-checks work). Powers of one half help,
but a calculator does them for you.

**Time:** about 0 min.""", "slide"),
        _cell("markdown", """### The walker who took a painkiller

She is 52 and walks every morning. Yesterday she turned her ankle on a kerb, and her calf has
ached since. At 8 in the morning she took one painkiller tablet. By the evening she wonders how
much of it is still working. We come back to her at the end.""", "subslide"),
        _cell("markdown", notice()),
        _cell("code", f"""from musclepain_lib.learner.lesson import start_lesson, finish_lesson
from musclepain_lib.learner.glossary import glossary
from musclepain_lib.learner.selfcheck import self_check
from musclepain_lib import {name}

start_lesson("{lesson_id}")""", "skip"),
        _cell("code", f'glossary("{lesson_id}")'),
        _cell("markdown", """## Half of it, again and again

The body clears many medicines at a rate that follows how much is left: the more there is, the
faster it goes. The time it takes for the amount to fall by half is the drug's **half-life**. After
one half-life half of the dose is left, after two a quarter, after three an eighth: the share left
is 100 × 0.5 ^ (hours / half-life) per cent. It never quite reaches zero.""", "slide"),
        # Hours and a half-life that no question of the lesson asks about: nothing it asks is printed here.
        _cell("code", f"""for hours in (0, 2, 4, 8):
    print(f"{{hours}} h after the dose, half-life 4 h: {{{name}.percent_left(hours, 4):.1f}} % left")"""),
        _cell("markdown", """### Interactive demo: the share left over time

Move *Time since the dose* and watch the dot slide down the curve; then change the *Half-life* and
see the whole curve fall faster or slower. The grey line marks half of the dose.""", "subslide"),
        _cell("code", f"{name}.explorer()", "subslide"),
        ask("half-life-idea"),
        ask("longer-half-life"),
        *_exercise(lesson_id, name, "left-after-18h", "### Try it · The share left after 18 hours\n\n"
                   f"The painkiller has a half-life of 6 hours. Compute the share left 18 hours after the dose with "
                   f"`{name}.percent_left(hours, half_life_h)` and call it `left`.",
                   "percent_left(18, 6)", "set *Time since the dose* to 18 h and *Half-life* to 6 h",
                   "**Pause here.** Prompt: \"How many halvings fit into 18 hours?\" (Three.) Common slips: the share "
                   "cleared given for the share left, and one halving too few.", True),
        *_exercise(lesson_id, name, "left-after-10h", "## Between two halvings\n\nA half-life need not fit a whole number of times into the hours that have passed: after "
                   "half a half-life, about 71 % is left, since 0.5 ^ 0.5 is about 0.71.\n\n### Try it · The share left after 10 hours\n\n"
                   f"Another medicine has a half-life of 4 hours. Compute the share left 10 hours after the dose "
                   f"with `{name}.percent_left(hours, half_life_h)` and call it `left`.",
                   "percent_left(10, 4)", "set *Time since the dose* to 10 h and *Half-life* to 4 h",
                   "Prompt: \"Is 10 hours two half-lives or three?\" (Two and a half: the power need not be whole.) "
                   "Common slip: rounding to whole half-lives.", False, "slide"),
        _cell("markdown", """## Where the model stops being true

The model has one dose and a half-life that never changes. Real clearance is slower when the liver
or kidneys work less well, a second tablet adds to what is left of the first, and some medicines
are cleared at a fixed amount per hour once the body's capacity is full.""", "slide"),
        ask("model-limits"),
        _cell("markdown", """### Back to the walker

With a half-life of 6 hours, by 8 in the evening her tablet has passed two half-lives: a quarter
of it is left. Her calf still aches because the strain heals over days, while the medicine halves
every few hours.""", "subslide"),
        _cell("markdown", """## Summary

- A **half-life** is the time for the amount of a substance in the body to fall by half.
- The share left is 100 × 0.5 ^ (hours / half-life) per cent: it halves again and again, and never
  quite reaches zero.
- Slower clearance by the liver or kidneys lengthens the half-life.""", "slide"),
        _cell("markdown", """## References

- Ritter JM, Flower RJ, Henderson G, et al. Rang and Dale's Pharmacology, 9th ed. Elsevier 2020,
  chapters 9 and 10.""", "slide"),
        _cell("code", f'finish_lesson("{lesson_id}")', "slide"),
    ]


def notebook(cells: list[dict]) -> dict:
    for number, cell in enumerate(cells):
        cell["id"] = str(number)
    metadata = {
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
        "rise": {"scroll": True, "width": 1280, "height": 720, "center": False},
    }
    return {"cells": cells, "metadata": metadata, "nbformat": 4, "nbformat_minor": 5}


def manifest_entries(name: str, title: str, lesson_id: str, before: str | None) -> str:
    """The manifest's text with the new topic and lesson entered."""
    text = MANIFEST.read_text(encoding="utf-8")
    topic = (f'    Topic(\n        "{name}",\n        "{title}",\n        explorers=(\n'
             f'            ExplorerEntry("explorer", "The share of a dose left over time", "hours"),\n        ),\n    ),\n')
    text = re.sub(r"(\nTOPICS: tuple\[Topic, \.\.\.\] = \(\n.*?)(\n\)\n)", lambda m: m.group(1) + "\n" + topic.rstrip("\n") + m.group(2),
                  text, count=1, flags=re.S)
    lesson = (f'    Lesson(\n        "{lesson_id}", "{lesson_id}.ipynb", "{title}", 0,\n'
              f'        question="How long does a dose stay in the body, and why does it halve rather than run out?",\n'
              f'        role="topic", topic="{name}",\n    ),\n')
    if before is None:
        return re.sub(r"(\nLESSONS: tuple\[Lesson, \.\.\.\] = \(\n.*?)(\n\)\n)", lambda m: m.group(1) + "\n" + lesson.rstrip("\n") + m.group(2),
                      text, count=1, flags=re.S)
    anchor = re.search(r'    Lesson\(\n        "' + re.escape(before) + '"', text)
    return text[:anchor.start()] + lesson + text[anchor.start():]


def _fill(template: str, **values) -> str:
    return string.Template((TEMPLATES / template).read_text(encoding="utf-8")).substitute(values)


def _glossary_row(lesson_id: str):
    path = ROOT / "data" / "glossary.csv"
    text = path.read_text(encoding="utf-8")
    if any(line.split(",", 1)[0] == GLOSSARY_TERM[0] for line in text.splitlines()):
        return
    import csv
    import io

    row = io.StringIO()
    term, also, definition, source = GLOSSARY_TERM
    csv.writer(row, lineterminator="\n").writerow([term, also, definition, lesson_id, source])
    path.write_text(text.rstrip("\n") + "\n" + row.getvalue(), encoding="utf-8")


def check_arguments(name: str, before: str | None) -> None:
    from musclepain_lib.core import manifest

    if not re.fullmatch(r"[a-z][a-z_]*[a-z]", name) or name in (*manifest.topic_names(), *manifest.ROOMS):
        raise SystemExit(f"NAME = {name!r} is not allowed: lower-case letters and underscores, not a package "
                         f"the course has ({', '.join((*manifest.topic_names(), *manifest.ROOMS))})")
    if before is not None and before not in manifest.lesson_ids():
        raise SystemExit(f"--before {before!r} is not allowed: expected one of {', '.join(manifest.lesson_ids())}")


GUIDE = ROOT / "docs" / "instructor.md"
#: Where the instructor guide's 50-minute plans end: a new lesson's plan goes just before it.
AFTER_THE_PLANS = "### A 3-hour workshop"


def _session_plan(name: str, title: str, number: str) -> None:
    """Add a 50-minute plan for the new lesson to the instructor guide, for its authors to make their own."""
    text = GUIDE.read_text(encoding="utf-8")
    if AFTER_THE_PLANS not in text:
        raise SystemExit(f"docs/instructor.md: no {AFTER_THE_PLANS!r} heading to put the new lesson's plan before")
    plan = f"""#### Lesson {number} · {title}

Before: nothing. After: the lesson's exercise and the self-checks left. (A first plan written by
the scaffold: say what learners read before, what you teach live and what they finish after.)

| Minutes | What | On the projector |
|---|---|---|
| 0-5 | The lesson's opening story and its question | |
| 5-30 | The mechanism, taught live with the explorer: predict, then show | lesson {number} `{name}.explorer(preset="one_day")` |
| 30-45 | Pairs: the lesson's exercise, in code or by the no-code path | |
| 45-50 | Summary; what to do at home | |

"""
    GUIDE.write_text(text.replace(AFTER_THE_PLANS, plan + AFTER_THE_PLANS, 1), encoding="utf-8")


def next_number() -> str:
    from musclepain_lib.core import manifest

    return f"{max(int(entry.number) for entry in manifest.LESSONS) + 1:02d}"


def scaffold(name: str, title: str, before: str | None = None) -> list[Path]:
    """Write the new topic; return the files written (relative to the repository)."""
    check_arguments(name, before)
    number = next_number()
    lesson_id = f"{number}_{name}"
    values = dict(name=name, title=title, lesson_id=lesson_id)
    package = ROOT / "musclepain_lib" / name
    package.mkdir()
    files = {
        package / "__init__.py": _fill("__init__.py.tmpl", **values),
        package / "model.py": _fill("model.py.tmpl", **values),
        package / "widget.py": _fill("widget.py.tmpl", **values),
        ROOT / "data" / "questions" / f"{lesson_id}.json": _fill("questions.json.tmpl", **values),
        ROOT / "tests" / f"test_{name}_model.py": _fill("test_model.py.tmpl", **values),
        ROOT / "tests" / f"test_properties_{name}.py": _fill("test_properties.py.tmpl", **values),
        ROOT / "tests" / f"test_{name}_explorers.py": _fill("test_explorers.py.tmpl", **values),
        ROOT / "notebooks" / f"{lesson_id}.ipynb": json.dumps(notebook(lesson_cells(lesson_id, name, title, number)),
                                                            indent=1, ensure_ascii=False) + "\n",
    }
    for path, text in files.items():
        path.write_text(text, encoding="utf-8")
    MANIFEST.write_text(manifest_entries(name, title, lesson_id, before), encoding="utf-8")
    _glossary_row(lesson_id)
    _session_plan(name, title, number)
    lesson = ROOT / "notebooks" / f"{lesson_id}.ipynb"
    # Fresh processes, which read the new manifest: choices spread, the lesson's time and the
    # tables of lessons written, the lesson stored as every lesson is.
    for tool in ("tools.shuffle_choices", "tools.lesson_time --write", f"nbstripout --keep-count {lesson}"):
        subprocess.run([sys.executable, "-m", *tool.split()], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return [path.relative_to(ROOT) for path in files]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("name", help="the topic package, e.g. claudication")
    parser.add_argument("--title", required=True, help="the lesson's title")
    parser.add_argument("--before", help="the lesson id it comes before in teaching order (default: last)")
    args = parser.parse_args(argv)
    written = scaffold(args.name, args.title, args.before)
    lesson_id = written[-1].stem
    print("Wrote:\n" + "\n".join(f"  {path}" for path in written))
    print("Changed: musclepain_lib/core/manifest.py (the topic and the lesson), data/glossary.csv, "
          "a first 50-minute plan in docs/instructor.md, "
          "and the tables written from the manifest (README.md, the welcome lesson, docs/instructor.md).")
    print(FILL_IN.format(name=args.name, lesson_id=lesson_id))
    return 0


if __name__ == "__main__":
    sys.exit(main())
