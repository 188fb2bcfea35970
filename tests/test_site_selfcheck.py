"""The site's self-checks (site.js, run by Node) say what the live lesson says, for every question.

For each question of ``data/questions/*.json`` the page's checker and
:func:`musclepain_lib.learner.questions.check_answer` are given the same answers: every
option of a choice; for a number, the answer, the edges of its tolerance, each
anticipated mistake, and values too high and too low. Both must agree on right or
wrong and on the words of the feedback.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from musclepain_lib.core.errors import InputError
from musclepain_lib.core.units import UNITS
from musclepain_lib.learner.questions import check_answer, list_question_files, load_questions
from musclepain_lib.learner.units import site_table

ROOT = Path(__file__).resolve().parents[1]
SITE_JS = ROOT / "tools" / "site_template" / "site.js"


def answers_to_try(question, raw: dict) -> list:
    if question.kind == "choice":
        return list(range(len(question.choices)))
    answer, tolerance = question.answer, question.tolerance
    tried = [answer, answer + tolerance, answer - tolerance, answer + 0.999 * tolerance,
             answer + 3 * tolerance + 1, answer - 3 * tolerance - 1, answer * 10 + 7, 0.0, -1234567.0, 1.5e-5]
    for mistake in raw.get("mistakes", []):
        tried += [mistake["value"], mistake["value"] + 0.9 * mistake["tolerance"], mistake["value"] - mistake["tolerance"]]
    return tried + typed_with_units(question)


def typed_with_units(question) -> list[str]:
    """The answer typed with its own unit, with every other unit of the table, and with no unit known."""
    typed = [f"{question.answer:g} {question.unit}", f"{question.answer:g}", "12 parsecs", "no number"]
    return typed + [f"{question.answer:g} {symbol}" for symbol in UNITS]


def cases() -> list[dict]:
    found = []
    for lesson in list_question_files():
        raw = {item["id"]: item for item in json.loads((ROOT / "data" / "questions" / f"{lesson}.json").read_text())["questions"]}
        for question_id, question in load_questions(lesson).items():
            item = raw[question_id]
            page = {k: item[k] for k in ("kind", "answer", "tolerance", "unit", "feedback", "mistakes") if k in item}
            page["units"] = site_table()
            for answer in answers_to_try(question, item):
                try:
                    correct, text = check_answer(question, answer)
                except InputError as error:
                    correct, text = "refused", str(error)
                found.append({"where": f"{lesson}/{question_id} answer {answer!r}", "question": page,
                              "answer": answer, "expected": [correct, text]})
    return found


def test_site_feedback_matches_the_live_lesson_for_every_question_and_answer(tmp_path):
    node = shutil.which("node")
    assert node, "Node.js is needed (it comes with npm, which `make node_modules/.installed` uses)"
    tried = cases()
    (tmp_path / "cases.json").write_text(json.dumps(tried))
    script = (
        f"const {{checkAnswer}} = require({json.dumps(str(SITE_JS))});"
        f"const cases = require({json.dumps(str(tmp_path / 'cases.json'))});"
        "const judge = c => { try { return checkAnswer(c.question, c.answer); }"
        " catch (error) { return ['refused', error.message]; } };"
        "console.log(JSON.stringify(cases.map(judge)));"
    )
    result = subprocess.run([node, "-e", script], capture_output=True, text=True, timeout=60, check=True)
    got = json.loads(result.stdout)
    differ = [f"{case['where']}: page {answer}, lesson {case['expected']}"
              for case, answer in zip(tried, got) if answer != case["expected"]]
    assert len(got) == len(tried) > 100
    assert differ == [], "\n".join(differ[:10])


def test_number_format_matches_pythons_g():
    node = shutil.which("node")
    numbers = [0.0, -0.0, 1.0, -98.0, 6.26, 0.2, 1e-5, 1.5e-5, 123456.0, 1234567.0, 0.0001, 0.00001234,
               2.5e10, -3.14159265, 99999.95, 999999.5, 1e100, 7.0000001]
    script = (
        f"const {{formatG}} = require({json.dumps(str(SITE_JS))});"
        f"console.log(JSON.stringify({json.dumps(numbers)}.map(formatG)));"
    )
    result = subprocess.run([node, "-e", script], capture_output=True, text=True, timeout=60, check=True)
    assert json.loads(result.stdout) == [f"{x:g}" for x in numbers]
