"""What a run of a lesson shows a learner: its check lines, and any answer printed above a question.

Shared by the test that runs each lesson's instructor version from the checkout and the test
that runs each student version from the installed wheel.
"""

from __future__ import annotations

import html
import re

from musclepain_lib.classroom.versions import cell_tags


def cell_text(cell) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def checked(cell) -> list[tuple[str, str, str]]:
    """(lesson, question id, name of the value) of each check_exercise call in a check cell."""
    return re.findall(r'check_exercise\("([^"]+)", "([^"]+)", (\w+)\)', cell_text(cell))


def checks_asked(notebook) -> int:
    """How many exercise checks the lesson's check cells make (one line of each run's output per check)."""
    return sum(len(checked(cell)) for cell in notebook.cells if "check" in cell_tags(cell))


def check_lines(notebook) -> list[str]:
    """Every line the check cells printed or returned (one line per check)."""
    lines = []
    for cell in notebook.cells:
        if "check" in cell_tags(cell):
            text = "".join(o.get("text", "") or o.get("data", {}).get("text/plain", "") for o in cell.outputs)
            lines.extend(line for line in text.splitlines() if line.strip())
    return lines


#: How many cells above a question are searched for its answer (issue 24: "the six cells before it").
CELLS_ABOVE = 6
#: A number as a lesson prints it: "-104.6", "−98", "1,540", "156x", "+2.5". Digits inside a word or
#: a name ("DAS28", "pCO2", "IL-6") are not numbers, and a minus right after a digit is a hyphen ("3-11").
_NUMBER = re.compile(r"(?<![\w.,])([-−+]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?![\d])")
#: A file path ("/tmp/musclepain-progress-x3k9/progress.json"): its characters are no printed number.
_PATH = re.compile(r"\S*/\S*/\S*")


def printed_numbers(text: str) -> list[tuple[str, float]]:
    """Each number in a text, as (what was printed, its value)."""
    found = []
    text = _PATH.sub(" ", text)
    for match in _NUMBER.finditer(text):
        digits = match.start(2)
        if text[max(0, digits - 2):digits][:1].isalpha() and text[digits - 1:digits] in ("-", "−"):
            continue  # a word's hyphen: "IL-6", "COVID-19"
        before = text[match.start() - 1] if match.start() else " "
        minus = match.group(1) in ("-", "−") and not (before.isalnum() or before in ")]")
        value = float(match.group(2).replace(",", "") + (match.group(3) or ""))
        found.append((match.group(0) if minus else match.group(0).lstrip("-−+"), -value if minus else value))
    return found


def output_text(cell) -> str:
    """What a code cell showed as text: streams, text/plain, and text/html without its tags."""
    parts = []
    for output in cell.get("outputs", []):
        if output.get("output_type") == "stream":
            parts.append(output.get("text", ""))
        data = output.get("data", {})
        parts.append(data.get("text/plain", ""))
        if "text/html" in data:
            parts.append(html.unescape(re.sub(r"<[^>]+>", " ", data["text/html"])))
    return "\n".join(p if isinstance(p, str) else "".join(p) for p in parts)


def asked_number_questions(notebook) -> list[tuple[int, str, str]]:
    """(cell index, lesson, question id) of each cell that asks a number question.

    A self-check asks it; so does an exercise cell, which the check just below it names.
    """
    from musclepain_lib.learner.questions import load_questions

    asked = []
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        for lesson, question in re.findall(r'self_check\("([^"]+)", "([^"]+)"\)', cell.source):
            asked.append((index, lesson, question))
        if "check" in cell_tags(cell) and index and "exercise" in cell_tags(notebook.cells[index - 1]):
            for lesson, question, _name in checked(cell):
                asked.append((index - 1, lesson, question))
    return [(i, lesson, q) for i, lesson, q in sorted(set(asked)) if load_questions(lesson)[q].kind == "number"]


def answers_shown_above(notebook, name: str) -> list[str]:
    """Every number printed in the CELLS_ABOVE cells above a number question that its feedback marks right."""
    from musclepain_lib.learner.questions import check_answer, load_questions

    leaks = []
    for index, lesson, question_id in asked_number_questions(notebook):
        question = load_questions(lesson)[question_id]
        for above in range(max(0, index - CELLS_ABOVE), index):
            cell = notebook.cells[above]
            if cell.cell_type != "code":
                continue
            right = [printed for printed, value in printed_numbers(output_text(cell)) if check_answer(question, value)[0]]
            if right:
                leaks.append(
                    f"{name}: question {question_id!r} (asked in cell {index}) has its answer "
                    f"{question.answer:g} {question.unit} printed in cell {above} (id {cell.get('id')}), "
                    f"{index - above} cell(s) above it: {', '.join(dict.fromkeys(repr(p) for p in right))}"
                )
    return leaks
