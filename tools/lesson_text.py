"""A lesson's text as a learner reads it, for the glossary check and the reading-time tool.

Prose is the Markdown of a lesson without its reference list, maths, web addresses,
inline code and the author initials of citations ("Almond CSD et al."), which are
not terms a learner has to understand.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from musclepain_lib.core.manifest import LESSONS

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"

_REFERENCES = re.compile(r"^#+\s*references\b", re.I | re.M)
_MATHS = re.compile(r"\$\$.*?\$\$|\$[^$\n]+\$", re.S)
_ADDRESS = re.compile(r"https?://\S+|\]\([^)]*\)")
_CODE = re.compile(r"`[^`\n]*`")
_HTML_TAG = re.compile(r"<[^>]+>")
_SELF_CHECK = re.compile(r"self_check\(\s*\"(\w+)\",\s*\"([\w-]+)\"")
_STRING = re.compile(r"f?\"((?:[^\"\\\n]|\\.)*)\"")
#: A surname followed by initials, as in "Hew-Butler T et al." or "Rawson ES, Clarkson PM".
_CITED_AUTHOR = re.compile(r"\b[A-Z][a-z][A-Za-z'\-]* [A-Z]{1,4}(?=(?: et al|,|\.|;| and |\)))")


def lesson_paths() -> list[Path]:
    """The lesson notebooks in teaching order (as the course manifest lists them)."""
    return [NOTEBOOKS / lesson.file for lesson in LESSONS]


def cells(path: Path) -> list[dict]:
    return json.loads(Path(path).read_text(encoding="utf-8"))["cells"]


def source(cell: dict) -> str:
    return "".join(cell["source"])


def prose(text: str) -> str:
    """Markdown reduced to the words a learner reads as prose (see the module docstring)."""
    text = _MATHS.sub(" ", text)
    text = _ADDRESS.sub("]", text)
    text = _CODE.sub(" ", text)
    text = _HTML_TAG.sub(" ", text)
    return _CITED_AUTHOR.sub(" ", text)


def _question_text(lesson: str, question_id: str) -> str:
    questions = json.loads((ROOT / "data" / "questions" / f"{lesson}.json").read_text(encoding="utf-8"))
    for question in questions["questions"]:
        if question["id"] == question_id:
            parts = [question.get("prompt", ""), question.get("explanation", "")]
            for key in ("choices", "feedback", "hints"):
                parts.extend(str(item) for item in question.get(key, []))
            # the feedback on each anticipated mistake is read by a learner too
            parts.extend(str(mistake.get("feedback", "")) for mistake in question.get("mistakes", []))
            return "\n\n".join(parts)
    return ""


def code_words(code: str) -> str:
    """What a code cell shows a learner in words: the sentences it prints, its self-check."""
    texts = [_question_text(*call) for call in _SELF_CHECK.findall(code)]
    texts += [literal for literal in _STRING.findall(code) if " " in literal.strip()]
    return "\n\n".join(texts)


def prose_cells(path: Path) -> list[tuple[int, str]]:
    """(cell number, prose) for each cell of a lesson before its reference list.

    A code cell contributes the words it shows (:func:`code_words`), not its code.
    """
    found = []
    for number, cell in enumerate(cells(path)):
        if cell["cell_type"] != "markdown":
            words = code_words(source(cell))
            if words:
                found.append((number, prose(words)))
            continue
        text = source(cell)
        heading = _REFERENCES.search(text)
        if heading:
            text = text[: heading.start()]
        found.append((number, prose(text)))
        if heading:
            break
    return found


#: Capitalised words that are not terms a learner must learn: grade numerals, countries,
#: guideline numbers, journal names, file names and words printed in capitals for emphasis.
NOT_TERMS = frozenset({"I", "II", "III", "IV", "US", "USA", "UK", "PNAS", "MMWR", "StatPearls", "README", "HIGH", "LOW"})
#: Guideline numbers, such as NICE's NG158 or CG147.
_GUIDELINE = re.compile(r"(?:NG|CG)\d+")
_ABBREVIATION = re.compile(r"(?<![\w-])[A-Z][A-Za-z0-9]*[A-Z][A-Za-z0-9]*(?![\w])")
_SCOTTISH_NAME = re.compile(r"Ma?c[A-Z][a-z]+")
_GLOSSARY_CALL = re.compile(r"\bglossary\(\s*(?:\"(\w+)\")?\s*\)")


def abbreviations(text: str) -> list[re.Match]:
    """Words with two or more capitals (DKA, SGLT2...), minus :data:`NOT_TERMS` and names (McNair)."""
    return [
        m for m in _ABBREVIATION.finditer(text)
        if m.group() not in NOT_TERMS and not _SCOTTISH_NAME.fullmatch(m.group()) and not _GUIDELINE.fullmatch(m.group())
    ]


def glossary_cell(path: Path, lesson_id: str) -> int | None:
    """The number of the code cell showing this lesson's words (or the whole glossary)."""
    for number, cell in enumerate(cells(path)):
        if cell["cell_type"] == "code":
            for match in _GLOSSARY_CALL.finditer(source(cell)):
                if match.group(1) in (lesson_id, None):
                    return number
    return None


def defined_here(text: str, start: int, end: int) -> bool:
    """Whether a term at text[start:end] is defined where it stands.

    Defined means: set in bold (``**term**``), followed by its meaning in brackets or
    after a colon (``term (...)``, ``term: ...``), or itself in brackets after a longer
    name (``creatine kinase (CK)``).
    """
    before, after = text[text.rfind("\n\n", 0, start) + 1 : start], text[end : end + 3]
    bold = before.count("**") % 2 == 1
    bracketed_after = re.match(r"s?\*{0,2}\s?[(:]", after) is not None
    bracketed_itself = before.endswith("(") or before.endswith("(**")
    return bold or bracketed_after or bracketed_itself


def first_uses(patterns: dict[str, re.Pattern]) -> dict[str, tuple[str, int, bool]]:
    """For each term, where the course first uses it: (lesson id, cell number, defined there).

    "Defined there" means defined somewhere in that cell (its paragraph or two), as
    :func:`defined_here` tells.

    A lesson's opening cell (its objectives) names what the lesson will teach and is
    not counted as a use. Terms never used are left out.
    """
    found: dict[str, tuple[str, int, bool]] = {}
    for lesson in LESSONS:
        for number, text in prose_cells(NOTEBOOKS / lesson.file):
            if number == 0:
                continue
            for term, pattern in patterns.items():
                if term in found:
                    continue
                spans = [match.span() for match in pattern.finditer(text)]
                if spans:
                    found[term] = (lesson.id, number, any(defined_here(text, *span) for span in spans))
    return found


def explorer_call(code: str, topic: str, name: str, imports: str | None = None) -> re.Match | None:
    """Where ``code`` (a lesson's code, or one cell's) first opens the explorer ``name`` of
    ``topic``: written as ``el.explorer(`` after ``import musclepain_lib.electrolytes as el``,
    as ``electrolytes.explorer(``, or by a name imported from the topic; None if it does not.
    The imports are read from ``imports`` (the whole lesson's code), else from ``code``."""
    imports = code if imports is None else imports
    owners = [rf"{topic}\.", *(rf"{alias}\." for alias in re.findall(rf"import musclepain_lib\.{topic} as (\w+)", imports))]
    imported = re.findall(rf"from musclepain_lib\.{topic} import\s*(\([^)]*\)|[^\n]*)", imports)
    if any(re.search(rf"\b{name}\b", names) for names in imported):
        owners.append("")
    return re.search(rf"(?<![\w.])({'|'.join(owners)}){name}\(", code)

