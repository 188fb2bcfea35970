"""The site's static explorers and self-checks, built from the lessons' own parts (no browser)."""

from __future__ import annotations

import html
import importlib
import json
import re
from pathlib import Path

import pytest

from musclepain_lib.core import manifest
from musclepain_lib.core.explorer import Choice, Slider
from musclepain_lib.learner.questions import list_question_files, load_questions, question_html
from tools import site_frames, site_questions

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    "spec, count",
    [
        (Slider("x", "X", "mV", 4.0, 1.0, 10.0, 0.1), 21),  # 91 steps: sampled
        (Slider("n", "N", "", 4, 0, 7, 1, integer=True), 8),  # every step
        (Slider("p", "P", "mmHg", 23.0, 10.0, 100.0, 1.0), 21),
        (Slider("j", "J", "joints", 6, 0, 28, 1, integer=True), 29),
    ],
)
def test_a_key_control_gets_at_most_30_frames_on_its_grid_with_its_default(spec, count):
    values = site_frames.control_values(spec)
    assert len(values) == count <= site_frames.MAX_FRAMES
    assert values == sorted(values) and values[0] == spec.low and values[-1] == spec.high
    assert spec.default in values
    for value in values:
        assert spec.check(value) == value
        assert abs((value - spec.low) / spec.step - round((value - spec.low) / spec.step)) < 1e-9


def test_a_choice_gets_a_frame_per_option_named_by_its_label():
    spec = Choice("ion", "Ion", ("any", "K"), "any", labels=("any ion", "potassium"))
    values = site_frames.control_values(spec)
    assert values == ["any", "K"]
    assert site_frames.control_info(spec, values)["texts"] == ["any ion", "potassium"]


def test_a_static_explorer_has_a_labelled_slider_a_frame_per_value_and_its_presets(tmp_path):
    package, entry = next((p, e) for p, e in manifest.explorers() if e.name == "classification_explorer")
    static = site_frames.render(package, entry, tmp_path)
    assert 15 <= len(static.frames) <= 30
    descriptions = {frame["description"] for frame in static.frames}
    assert len(descriptions) > 3  # the sentence follows the control
    for frame in static.frames + static.presets:
        assert (tmp_path / frame["src"]).read_bytes()[8:12] == b"WEBP"
    page = site_frames.explorer_html(static, static.presets[0]["description"], "https://mybinder.org/x")
    assert re.search(r'<label for="slider-[^"]+">Small joints involved</label>', page)
    assert f'max="{len(static.frames) - 1}"' in page and "aria-valuetext=" in page
    assert 'aria-pressed="true" data-preset="0"' in page  # opens on the preset the lesson opened with
    assert "runs in the live lesson" in page and "https://mybinder.org/x" in page
    data = json.loads(re.search(r'class="explorer-data">(.*?)</script>', page)[1])
    assert len(data["frames"]) == len(static.frames) and len(data["presets"]) == len(static.presets)


def test_a_static_slider_covers_only_positions_with_a_picture_and_its_note_counts_them(tmp_path):
    package, entry = next((p, e) for p, e in manifest.explorers() if e.name == "blood_gas_explorer")
    static = site_frames.render(package, entry, tmp_path)
    assert len(static.frames) > 5 and all("src" in frame for frame in static.frames)  # no "change one of them"
    note = site_frames.static_note(static)
    texts = static.control["texts"]
    assert f"from {texts[0]} to {texts[-1]} in {len(texts)} steps" in note
    assert f"{site_frames.distinct_pictures(static.frames)} different pictures" in note
    page = site_frames.explorer_html(static, "", "")
    for record in importlib.import_module(f"musclepain_lib.{package}.widget").GAS_PRESETS:  # buttons say what they show
        assert f">{html.escape(record.description)}</button>" in page


def test_an_explorer_a_lesson_opens_on_a_patient_becomes_a_static_explorer_of_that_patient(tmp_path):
    import musclepain_lib.electrolytes as el
    from tools import build_site

    patient = el.sweat_explorer(hours=3.0, weight_kg=55.0, sex="female")
    page = f"<p>before</p>{patient.explorer.static_html()}<p>after</p>"
    lesson = build_site.Lesson(Path("06_case_studies.ipynb"), "Case studies", "")
    swapped, count = build_site.make_explorers_static(page, lesson, {}, "https://mybinder.org/06", tmp_path)
    assert count == 1 and "This is a live explorer" not in swapped and 'href="https://mybinder.org/06"' in swapped
    data = json.loads(re.search(r'class="explorer-data">(.*?)</script>', swapped)[1])
    opening = int(re.search(r'type="range"[^>]*value="(\d+)"', swapped)[1])
    assert data["frames"][opening]["description"] == patient.explorer.reading.description  # opens on her
    assert "as the lesson opened it: Body weight 55 kg, Sex female, Exercise time 3 h" in html.unescape(swapped)


def test_the_note_counts_different_pictures_not_positions(tmp_path):
    package, entry = next((p, e) for p, e in manifest.explorers() if e.name == "classification_explorer")
    static = site_frames.render(package, entry, tmp_path)
    distinct = site_frames.distinct_pictures(static.frames)
    assert distinct < len(static.frames)  # the score moves in steps: fewer pictures than positions
    assert f"with {distinct} different pictures" in site_frames.static_note(static)


def test_every_question_a_lesson_shows_becomes_a_working_one_on_the_site():
    questions = site_questions.all_questions()
    for lesson in list_question_files():
        for question in load_questions(lesson).values():
            static = question_html(question)
            for page in (static, static.replace("'", '"')):  # as written, and as nbconvert writes it
                swapped, count = site_questions.replace_questions(f"<p>before</p>{page}<p>after</p>", questions)
                assert count == 1, question.id
                assert f'data-question="{lesson}/{question.id}"' in swapped
                assert swapped.startswith("<p>before</p>") and swapped.endswith("<p>after</p>")
                assert html.escape(question.explanation) in swapped


def test_the_glossary_page_reads_as_a_glossary_sorted_anchored_linked_and_referenced():
    from musclepain_lib.core import manifest
    from musclepain_lib.learner.glossary import glossary_table, term_forms
    from tools import build_site

    lessons = [build_site.Lesson(Path(f"{entry.id}.ipynb"), entry.title, "") for entry in manifest.LESSONS]
    page = build_site.glossary_page(lessons)
    table = glossary_table()
    terms = re.findall(r"<dfn>(.*?)</dfn>", page)
    assert len(terms) == len(table)
    assert terms == sorted(terms, key=str.lower)  # alphabetical, whatever the case
    ids = re.findall(r'id="([^"]+)"', page)
    assert len(ids) == len(set(ids))  # one anchor each, never two alike
    for row in table.itertuples():  # the term and each of its other forms lead to its entry
        also = row.also if isinstance(row.also, str) else ""
        entry = page.index(f"<dfn>{html.escape(row.term)}</dfn>")
        for form in term_forms(row.term, also):
            anchor = build_site.term_anchor(form)
            assert f'id="{anchor}"' in page, form
    letters = re.findall(r'<a href="#letter-(.)">', page)
    assert letters == sorted(letters) and all(f'id="letter-{letter}"' in page for letter in letters)
    for lesson in lessons:  # each lesson that introduces a term is linked by its title
        if (table["lesson"] == lesson.path.stem).any():
            assert f'<a href="{lesson.href}">{html.escape(lesson.title)}</a>' in page
    references = re.findall(r'href="#source-(\d+)"', page)
    listed = re.findall(r'<li id="source-(\d+)">', page)
    assert set(references) == set(listed) and listed == [str(n) for n in range(1, len(listed) + 1)]
    assert "<th" not in page and "also;" not in page


def test_a_lesson_page_links_the_class_hub_when_the_build_names_it_and_loads_maths_from_the_site():
    from pathlib import Path

    import nbformat

    from tools import build_site

    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Cramps\n\nThe membrane $C_m$.")])
    lesson = build_site.Lesson(Path("02_cramps.ipynb"), "Cramps", "")
    settings = build_site.Settings(repo="course/repo", ref="main", hub_url="https://hub.example.edu/")
    page = build_site.render_lesson(notebook, lesson, None, None, settings)
    assert 'href="https://hub.example.edu/hub/user-redirect/lab/tree/leg-muscle-pain/02_cramps.ipynb"' in page
    assert 'class="hub-form"' not in page
    assert 'src="mathjax/tex-chtml.js"' in page
    assert not re.search(r"<script[^>]+src=\"https?://", page)
    asked = build_site.render_lesson(notebook, lesson, None, None, build_site.Settings(repo="course/repo", hub_url=""))
    assert 'class="hub-form" data-path="/hub/user-redirect/lab/tree/leg-muscle-pain/02_cramps.ipynb"' in asked


def test_a_lessons_notebook_links_become_page_links_and_progress_notes_are_dropped():
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook, new_output

    from pathlib import Path

    from tools.build_site import Lesson, link_lesson_pages, static_outputs

    lessons = [Lesson(Path(f"notebooks/{e.file}"), e.title, "") for e in manifest.LESSONS]
    page = '<a href="01_electrolytes.ipynb">01</a> <a href="https://example.org/01_electrolytes.ipynb">x</a>'
    assert link_lesson_pages(page, lessons) == (
        '<a href="01_electrolytes.html">01</a> <a href="https://example.org/01_electrolytes.ipynb">x</a>'
    )
    notebook = new_notebook(cells=[
        new_code_cell('finish_lesson("02_cramps")', outputs=[new_output("execute_result", {"text/plain": "end reached"})]),
        new_code_cell("1 + 1", outputs=[new_output("execute_result", {"text/plain": "2"})]),
    ])
    cells = static_outputs(nbformat.from_dict(notebook)).cells
    assert cells[0].outputs == [] and cells[1].outputs[0]["data"]["text/plain"] == "2"


@pytest.mark.parametrize("entry", manifest.LESSONS, ids=lambda e: e.file)
def test_the_site_shows_the_student_version_each_exercise_as_task_and_live_link(entry, tmp_path):
    import nbformat

    from tools.build_site import site_exercises, write_version
    from test_versions import INSTRUCTOR_WORDING

    source = ROOT / "notebooks" / entry.file
    write_version(source, tmp_path / entry.file, "student")
    notebook = site_exercises(nbformat.read(tmp_path / entry.file, as_version=4), "https://mybinder.org/live")
    text = "\n".join(cell.source for cell in notebook.cells)
    assert "# BEGIN SOLUTION" not in text and "Teaching note" not in text and "version of this lesson" not in text
    assert not any({"teacher-note", "solution", "check"} & set(c.metadata.get("tags", [])) and c.cell_type == "code"
                   for c in notebook.cells)
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            assert not INSTRUCTOR_WORDING.search(cell.source), cell.source[:80]
    exercises = [i for i, c in enumerate(notebook.cells) if "exercise" in c.metadata.get("tags", [])]
    for index in exercises:
        assert "= ..." in notebook.cells[index].source
        assert "[run it live](https://mybinder.org/live)" in notebook.cells[index + 1].source
    write_version(source, tmp_path / "instructor.ipynb", "instructor")
    assert ("# BEGIN SOLUTION" in (tmp_path / "instructor.ipynb").read_text()) == bool(exercises)


def test_a_terms_first_use_in_its_lesson_links_to_its_glossary_entry_and_nothing_else_is_touched():
    from tools import build_site, site_glossary

    block = '<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown jp-MarkdownOutput" data-mime-type="text/markdown">'
    page = (f'{block}<h2>Kussmaul breathing</h2><p>Deep <code>Kussmaul breathing</code>, then Kussmaul breathing '
            'and Kussmaul breathing again; <a href="x">ketones</a> and ketone bodies.</p></div>'
            '<div class="jp-OutputArea-output"><p>Kussmaul breathing in an output</p></div>')
    linked, count = site_glossary.link_first_uses(page, "04_diabetic_ketoacidosis")
    anchor = build_site.term_anchor("Kussmaul breathing")
    assert count == 2 and linked.count(f'href="glossary.html#{anchor}"') == 1
    assert "<h2>Kussmaul breathing</h2>" in linked and "<code>Kussmaul breathing</code>" in linked
    assert f'<a class="course-term" href="glossary.html#{anchor}" data-definition="' in linked
    assert linked.endswith('<p>Kussmaul breathing in an output</p></div>')  # outputs are left alone
    assert '<a href="x">ketones</a>' in linked and 'glossary.html#term-ketone-bodies' in linked
    entries, _ = build_site.glossary_entries()
    assert any(anchor in entry["anchors"] for entry in entries)  # the link lands on an entry


def test_a_lesson_page_reads_in_order_with_its_contents_quiet_tables_and_pictures_as_files(tmp_path):
    import base64
    import io

    from PIL import Image

    from tools import build_site

    buffer = io.BytesIO()
    Image.new("RGB", (120, 80), "white").save(buffer, "PNG")
    png = base64.b64encode(buffer.getvalue()).decode()

    page = (
        '<html><body><main><div class="jp-Cell"><div class="jp-Cell-inputWrapper" tabindex="0">'
        '<h1 id="t">Lesson<a class="anchor-link" href="#t">¶</a></h1><h3 id="story">A story</h3></div></div>'
        '<h2 id="one">One</h2><h4>An explorer</h4><h3 id="x">Part 2 of 2 · about 30 min</h3><h2 id="two">Two</h2>'
        '<h3 id="m">Myth</h3><h3 id="m">Myth</h3>'
        '<div class="jp-OutputArea-output" tabindex="0"><table class="dataframe"><thead><tr><th></th><th>ion</th></tr>'
        '</thead><tbody><tr><th>0</th><td>Na</td></tr><tr><th>1</th><td>K</td></tr></tbody></table>'
        '<img alt="a figure" src="data:image/png;base64,' + png + '"></div></main></body></html>'
    )
    lesson = build_site.Lesson(Path("01_electrolytes.ipynb"), "Lesson", "")
    done = build_site.finish_page(page, lesson, tmp_path)
    levels = [int(level) for level in re.findall(r"<h([1-6])", done)]
    assert levels[0] == 1 and all(b <= a + 1 for a, b in zip(levels, levels[1:])), levels
    assert 'id="part-2"' in done and "tabindex" not in done and "¶" not in done
    toc = re.search(r'<nav aria-labelledby="lesson-toc-title" class="lesson-toc">.*?</nav>', done)[0]
    assert re.findall(r'href="#([^"]+)"', toc) == ["story", "one", "part-2", "two"]
    assert "Part 1 of 2" in toc
    assert len(set(re.findall(r'id="(m[^"]*)"', done))) == 2  # no id twice
    assert "<th></th>" not in done and ">0</th>" not in done and '<th scope="col">ion</th>' in done
    picture = re.search(r'src="(figures/01_electrolytes/[0-9a-f]+\.webp)"', done)[1]
    assert (tmp_path / picture).read_bytes()[8:12] == b"WEBP"  # the same pixels, lighter


def test_code_for_readers_plumbing_hidden_markers_dropped_model_calls_folded():
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    from tools import build_site

    notebook = new_notebook(cells=[
        new_markdown_cell("# Lesson"),
        new_code_cell("from musclepain_lib.learner.lesson import start_lesson\nstart_lesson(\"01_electrolytes\")"),
        new_code_cell("# NBVAL_CHECK_OUTPUT\nprint(el.nernst(4, 155, 1))"),
        new_code_cell('self_check("01_electrolytes", "ek-muscle")'),
        new_code_cell("e_k = ...  # your code here", metadata={"tags": ["exercise"]}),
    ])
    folded = build_site.fold_code(nbformat.from_dict(notebook))
    tags = [cell.metadata.get("tags", []) for cell in folded.cells]
    assert "site-plumbing" in tags[1] and "site-plumbing" in tags[3] and "site-plumbing" not in tags[2] + tags[4]
    assert "NBVAL" not in folded.cells[2].source
    lesson = build_site.Lesson(Path("01_electrolytes.ipynb"), "Lesson", "")
    page = build_site.render_lesson(notebook, lesson, None, None, build_site.Settings(repo="course/repo"))
    assert page.count('<details class="code-fold"><summary>Show code</summary>') == 1
    assert "start_lesson" not in page.split("<main")[1] and "NBVAL" not in page
    assert "e_k" in page and 'href="lab.css"' in page and len(page) < 40_000


def test_a_worksheet_asks_without_answers_and_the_answer_key_answers():
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    from tools import build_site

    items = {q["id"]: q for q in json.loads((ROOT / "data/questions/01_electrolytes.json").read_text())["questions"]}
    notebook = new_notebook(cells=[
        new_markdown_cell("# Lesson\n\n## Salt water"),
        new_markdown_cell("### Try it\n\nCompute E_K."),
        new_code_cell("# BEGIN SOLUTION\ne_k = el.nernst(2.5, 155, 1)\n# END SOLUTION", metadata={"tags": ["exercise"]}),
        new_code_cell('self_check("01_electrolytes", "ek-muscle")'),
    ])
    lesson = build_site.Lesson(Path("01_electrolytes.ipynb"), "Lesson", "")
    sheet = build_site.worksheet_page(notebook, lesson)
    key = build_site.worksheet_page(notebook, lesson, answers=True)
    question = items["ek-muscle"]
    for page in (sheet, key):
        assert "<h2>Salt water</h2>" in page and "Compute E_K." in page and html.escape(question["prompt"]) in page
    assert "el.nernst" not in sheet and "e_k = ..." in sheet and "el.nernst(2.5, 155, 1)" in key
    for secret in [question["explanation"], *question["hints"]]:
        assert html.escape(secret) not in sheet
    assert html.escape(question["explanation"]) in key
    assert f"Answer: {float(question['answer']):g} {question['unit']}." in key


def test_a_number_self_check_names_its_unit_once():
    questions = site_questions.all_questions()
    lesson, item = next(found for found in questions.values() if found[1]["kind"] == "number")
    page = site_questions.question_html(lesson, item)
    unit = html.escape(item["unit"])
    visible = re.sub(r'<span class="visually-hidden">.*?</span>', "", page.split('class="question-buttons"')[0])
    assert re.sub(r"<[^>]+>", "", visible).count(unit) - html.escape(item["prompt"]).count(unit) == 1


@pytest.mark.parametrize("quoted", ["'{\"hours\": 3.0}'", '"{&quot;hours&quot;: 3.0}"'])
def test_an_explorers_opening_values_are_read_in_either_quotes(quoted, tmp_path):
    from tools import build_site

    title = "Sweat, drink and serum sodium"
    page = (f"<div class='musclepain-static' data-explorer='electrolytes.sweat_explorer' data-values={quoted}>"
            f"<h4>{title}</h4><p>x</p><p><em>This is a live explorer: run it.</em></p></div>")
    lesson = build_site.Lesson(Path("06_case_studies.ipynb"), "Case studies", "")
    swapped, count = build_site.make_explorers_static(page, lesson, {}, "", tmp_path)
    assert count == 1 and "Exercise time 3 h" in html.unescape(swapped)
