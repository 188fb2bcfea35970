"""Self-checks on the course site: each question answered in the browser, with no kernel.

The lesson pages come out of nbconvert with each question's static form (prompt,
choices or unit, folded hints; never the answer). Here each is replaced by a working one built from the same
``data/questions/<lesson>.json``: choices or a number box with its unit, hints one
at a time, the feedback of each option and each anticipated mistake, and the
explanation. ``site.js`` checks the answer (a port of
:func:`musclepain_lib.learner.questions.check_answer`, tested against it) and keeps the
learner's answers in the browser's local storage only.
"""

from __future__ import annotations

import html
import re

from musclepain_lib.core.data import load_json
from musclepain_lib.learner.questions import list_question_files, load_questions, question_anchor
from musclepain_lib.learner.units import site_table
from tools.site_frames import script_json

#: The static form :func:`musclepain_lib.learner.questions.question_html` leaves in a page.
STATIC_QUESTION = re.compile(
    r"<div class=[\"']musclepain-question[\"'][^>]*><p><strong>Self-check\.</strong> (?P<prompt>.*?)</p>.*?"
    r"<p class=[\"']musclepain-question-note[\"']><em>[^<]*</em></p></div>",
    re.DOTALL,
)


def all_questions() -> dict[str, tuple[str, dict]]:
    """Every question of the course by its prompt: (lesson, raw item)."""
    found = {}
    for lesson in list_question_files():
        load_questions(lesson)  # refuses a malformed file, as the lessons do
        for item in load_json(f"questions/{lesson}.json")["questions"]:
            found[item["prompt"]] = (lesson, item)
    return found


def question_html(lesson: str, item: dict) -> str:
    """A question that works on a static page (``site.js`` makes it answer)."""
    key = f"{lesson}-{item['id']}"
    if item["kind"] == "choice":
        options = "".join(
            f'<label class="question-choice"><input type="radio" name="q-{key}" value="{i}"> '
            f"{chr(65 + i)}. {html.escape(choice)}</label>"
            for i, choice in enumerate(item["choices"])
        )
        answer_part = f'<fieldset class="question-choices"><legend>Your answer</legend>{options}</fieldset>'
        answer = f"{chr(65 + item['answer'])}. {item['choices'][item['answer']]}"
    else:
        unit = html.escape(item["unit"])
        answer_part = (
            f'<p class="question-number"><label for="q-{key}">Answer<span class="visually-hidden"> ({unit})</span></label> '
            f'<input type="text" inputmode="decimal" id="q-{key}" size="10" autocomplete="off">'
            f'<span class="question-unit" aria-hidden="true">{unit}</span></p>'
        )
        answer = f"{float(item['answer']):g} {item['unit']}"
    hints = item.get("hints", [])
    hint_text = "".join(
        f'<p class="question-hint" hidden><strong>Hint {i}:</strong> {html.escape(hint)}</p>' for i, hint in enumerate(hints, start=1)
    )
    source = f"<p><em>Source: {html.escape(item['source'])}</em></p>" if item.get("source") else ""
    data = {k: item[k] for k in ("kind", "answer", "tolerance", "unit", "feedback", "mistakes") if k in item}
    data["key"] = f"{lesson}/{item['id']}"
    if item["kind"] == "number":
        data["units"] = site_table()  # site.js reads "3.07 kPa" as musclepain_lib.learner.units does
    data["hints"] = len(hints)
    return (
        f'<div class="musclepain-question static-question" id="{html.escape(question_anchor(item["id"]))}" '
        f'data-question="{html.escape(data["key"])}">'
        f"<p><strong>Self-check.</strong> {html.escape(item['prompt'])}</p>{answer_part}"
        f'<div class="question-buttons"><button type="button" class="question-check">Check</button> '
        f'<button type="button" class="question-next-hint"{" disabled" if not hints else ""}>'
        f"Hint (0 of {len(hints)})</button> "
        f'<button type="button" class="question-explain" aria-expanded="false" disabled '
        f'title="Opens once you have checked an answer or seen every hint">Show explanation</button></div>'
        f'<div class="question-feedback" role="status" aria-live="polite"></div>'
        f'<div class="question-hints">{hint_text}</div>'
        f'<div class="question-explanation" hidden><p><strong>Answer: {html.escape(answer.rstrip("."))}.</strong> '
        f"{html.escape(item['explanation'])}</p>{source}</div>"
        f'<script type="application/json" class="question-data">{script_json(data)}</script>'
        "</div>"
    )


def replace_questions(page: str, questions: dict[str, tuple[str, dict]]) -> tuple[str, int]:
    """Swap every static question in a page for a working one; return the page and how many."""
    count = 0

    def swap(match):
        nonlocal count
        found = questions.get(html.unescape(match["prompt"]))
        if found is None:
            return match[0]
        count += 1
        return question_html(*found)

    return STATIC_QUESTION.sub(swap, page), count
