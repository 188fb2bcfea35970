"""The course glossary: every technical term and abbreviation the lessons use, in plain words.

The rows come from ``data/glossary.csv`` (term, other forms of it, a short definition,
the lesson that introduces it, and a source where the definition needs one). The
welcome lesson shows the whole glossary; every other lesson shows, near its start,
the words it introduces; the static site renders the same table.
"""

from __future__ import annotations

import html
import re

from musclepain_lib.core.data import load_table
from musclepain_lib.core.errors import DataFileError
from musclepain_lib.core.manifest import lesson_ids
from musclepain_lib.core.validation import check_choice

__all__ = ["glossary", "glossary_table", "term_forms", "term_pattern", "GlossaryView"]

_COLUMNS = ("term", "also", "definition", "lesson")


def glossary_table():
    """Return the glossary as a table, one row per term, in teaching order of first use.

    Columns: ``term``, ``also`` (other spellings, plurals and long forms, separated by
    ``;``), ``definition``, ``lesson`` (the id of the lesson that introduces the term)
    and ``source``.
    """
    table = load_table("glossary.csv", required=_COLUMNS)
    known = lesson_ids()
    unknown = table.index[~table["lesson"].isin(known)]
    if len(unknown):
        row = unknown[0]
        raise DataFileError(
            f"glossary.csv: row {row + 2}, column 'lesson': {table.at[row, 'lesson']!r} is not a "
            f"lesson id; expected one of {', '.join(known)}"
        )
    order = {lesson: number for number, lesson in enumerate(known)}
    table["_order"] = table["lesson"].map(order)
    table = table.sort_values(["_order", "term"], key=_sort_key, kind="stable")
    return table.drop(columns="_order").reset_index(drop=True)


def _sort_key(column):
    return column.str.lower() if column.dtype == object else column


def term_forms(term: str, also: str = "") -> list[str]:
    """The forms under which a term appears in a lesson: itself and its ``also`` forms."""
    return [term, *(form.strip() for form in also.split(";") if form.strip())]


def term_pattern(term: str, also: str = "") -> re.Pattern:
    """A pattern matching any form of a term as a whole word (a trailing plural 's' allowed).

    A form with two or more capital letters (an abbreviation such as ``CK``) matches
    only in capitals; any other form matches in any case.
    """
    exact, loose = [], []
    for form in sorted(term_forms(term, also), key=len, reverse=True):
        escaped = re.escape(form) + "s?"
        (exact if sum(ch.isupper() for ch in form) >= 2 else loose).append(escaped)
    parts = []
    if exact:
        parts.append("(?-i:" + "|".join(exact) + ")")
    if loose:
        parts.append("|".join(loose))
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)", re.IGNORECASE)


class GlossaryView:
    """A glossary table that displays whole (no cell cut short), folded under a heading."""

    def __init__(self, table, heading: str, folded: bool):
        self.table = table
        self.heading = heading
        self.folded = folded

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><td style='text-align:left;vertical-align:top'><b>{html.escape(row.term)}</b>"
            + (f"<br><small>{html.escape(row.also)}</small>" if row.also.strip() else "")
            + f"</td><td style='text-align:left;vertical-align:top;white-space:normal'>"
            f"{html.escape(row.definition)}</td><td style='vertical-align:top'>{html.escape(row.lesson[:2])}</td></tr>"
            for row in self.table.itertuples()
        )
        table = (
            "<table class='musclepain-glossary'><thead><tr><th style='text-align:left'>Term</th>"
            "<th style='text-align:left'>In plain words</th><th>Lesson</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>"
        )
        summary = html.escape(self.heading)
        opened = "" if self.folded else " open"
        return f"<details{opened}><summary><b>{summary}</b></summary>{table}</details>"

    def __repr__(self) -> str:
        lines = [self.heading]
        for row in self.table.itertuples():
            lines.append(f"- {row.term}: {row.definition}")
        return "\n".join(lines)


def glossary(lesson: str | None = None, folded: bool | None = None) -> GlossaryView:
    """Show the glossary: the whole of it, or only the words ``lesson`` introduces.

    ``lesson`` is a lesson id such as ``"02_cramps"``. The table opens folded (click its
    heading to read it), as lesson 00 tells the learner: the whole course's glossary fills
    many screens. ``folded=False`` shows it open.
    """
    table = glossary_table()
    if lesson is None:
        heading = f"Glossary: {len(table)} terms the course uses, in the order the lessons introduce them (click to open)"
    else:
        lesson = check_choice("lesson", lesson, list(lesson_ids()))
        table = table[table["lesson"] == lesson].reset_index(drop=True)
        heading = f"New words in this lesson ({len(table)}): click to open, or look them up as you meet them"
    if folded is None:
        folded = True
    return GlossaryView(table, heading, bool(folded))
