"""The welcome lesson's map from leg-pain symptoms to mechanisms and lessons.

The rows come from ``data/symptom_map.csv``; each names its source, and the lesson that
explains it by the lesson's stable id in the course manifest ("none" for a red flag no lesson
teaches). A red flag's urgency lives in ONE column, ``urgency`` ("emergency", "same day" or
"soon", empty for a symptom that is not a red flag), with its own source in ``urgency_source``;
the map, the red-flag list and the lessons read it from there. The map is a teaching aid, not a
diagnostic tool: the same symptom can have other causes.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from musclepain_lib.core import manifest
from musclepain_lib.core.data import load_table
from musclepain_lib.core.errors import DataFileError, InputError
from musclepain_lib.core.plotting import PALETTE, new_figure, show_figure

__all__ = ["symptom_map", "red_flags", "urgency_of", "plot_symptom_map"]

_COLUMNS = ("symptom", "feels_like", "mechanism", "lesson", "urgency", "urgency_source")
NO_LESSON = "none"
#: Where a red flag sends a reader, by the table's urgency word.
DESTINATIONS = {"emergency": "Emergency care, now", "same day": "Doctor, same day", "soon": "Doctor, soon"}


def symptom_map():
    """Return the symptom map as a table: symptom, what it feels like, mechanism, lesson, red flag, source."""
    table = load_table("symptom_map.csv", required=_COLUMNS)
    for column in ("urgency", "urgency_source"):
        table[column] = table[column].fillna("").astype(str).str.strip()
    _check_urgency(table)
    table["red_flag"] = table["urgency"] != ""
    known = {*manifest.lesson_ids(), NO_LESSON}
    unknown = ~table["lesson"].isin(known)
    if unknown.any():
        bad = table.index[unknown][0]
        raise DataFileError(
            f"symptom_map.csv: row {bad + 2}, column 'lesson': {table['lesson'][bad]!r} is not a lesson id "
            f"of the course manifest: expected one of {', '.join(sorted(known))}"
        )
    return table


def _check_urgency(table) -> None:
    for row, item in enumerate(table.itertuples(), start=2):
        if item.urgency and item.urgency not in DESTINATIONS:
            raise DataFileError(
                f"symptom_map.csv: row {row}, column 'urgency': {item.urgency!r}: expected one of "
                f"{', '.join(DESTINATIONS)} (or empty when the symptom is not a red flag)"
            )
        if bool(item.urgency) != bool(item.urgency_source):
            raise DataFileError(f"symptom_map.csv: row {row}: an urgency needs its source in 'urgency_source', and only a red flag has one")
        if item.lesson == NO_LESSON and not item.urgency:
            raise DataFileError(f"symptom_map.csv: row {row}: a symptom no lesson teaches must be a red flag with an urgency")


def urgency_of(symptom: str) -> str:
    """Where the map sends a person with this red flag ("Emergency care, now", "Doctor, same day" ...).

    Raises InputError for a symptom not on the map or not a red flag."""
    table = symptom_map()
    match = table.loc[table["symptom"] == symptom]
    if match.empty or not match["urgency"].iloc[0]:
        flagged = ", ".join(table.loc[table["red_flag"], "symptom"])
        raise InputError(f"symptom={symptom!r} is not a red flag on the symptom map: expected one of {flagged}")
    return DESTINATIONS[match["urgency"].iloc[0]]


def red_flags() -> list[str]:
    """The symptoms on the map that need a doctor promptly, the emergencies first."""
    table = symptom_map()
    flagged = table.loc[table["red_flag"]]
    urgent = flagged["urgency"] == "emergency"
    return flagged.loc[urgent, "symptom"].tolist() + flagged.loc[~urgent, "symptom"].tolist()


def _lesson_label(lesson_id: str) -> str:
    entry = manifest.lesson(lesson_id)
    return f"Lesson {entry.id.split('_', 1)[0]}: {entry.title}"


def _box(axes, x, y, text, width, face, edge, bold=False):
    axes.text(
        x, y, textwrap.fill(text, width), ha="center", va="center", fontsize=9.5,
        fontweight="bold" if bold else "normal",
        bbox={"boxstyle": "round,pad=0.35", "facecolor": face, "edgecolor": edge, "linewidth": 1.2},
    )


def plot_symptom_map():
    """Draw symptom -> mechanism -> lesson, red flags marked by a sign and a word, not colour alone."""
    table = symptom_map()
    figure, axes = new_figure(11, 0.95 * len(table) + 1.2)
    axes.set_axis_off()
    axes.set_xlim(0, 10)
    axes.set_ylim(-0.6, len(table) + 0.2)
    for x, heading in ((1.4, "What you feel"), (5.2, "What is happening"), (8.9, "Where to learn")):
        axes.text(x, len(table) - 0.1, heading, ha="center", fontsize=12, fontweight="bold")
    for row, item in enumerate(table.itertuples()):
        y = len(table) - 1 - row - 0.2
        flag = item.red_flag
        edge = PALETTE["vermillion"] if flag else PALETTE["blue"]
        symptom = f"⚠ {item.symptom} ({DESTINATIONS[item.urgency].lower()})" if flag else item.symptom
        _box(axes, 1.4, y, symptom, 28, "#FBEDE4" if flag else "#E6F0F7", edge, bold=flag)
        _box(axes, 5.2, y, item.mechanism, 44, "white", PALETTE["grey"])
        lesson = DESTINATIONS[item.urgency] if item.lesson == NO_LESSON else _lesson_label(item.lesson)
        _box(axes, 8.9, y, lesson, 22, "#E8F5F0", PALETTE["green"])
        for start, end in ((2.95, 3.25), (7.2, 7.75)):
            axes.annotate("", xy=(end, y), xytext=(start, y), arrowprops={"arrowstyle": "->", "color": "#555555"})
    flags = [s.lower() for s in table.loc[table["red_flag"], "symptom"]]
    description = (
        f"A map of {len(table)} kinds of leg pain: each symptom on the left points to the mechanism "
        "behind it and to the lesson that explains it. "
        f"{len(flags)} are red flags that need a doctor promptly, marked with a warning sign: "
        f"{'; '.join(flags[:-1])}; and {flags[-1]}."  # semicolons: some symptoms hold commas
    )
    # the code that draws it, its table and every word on it (lesson titles come from the manifest)
    words = "\0".join(text.get_text() for text in figure.findobj(lambda artist: hasattr(artist, "get_text")))
    drawn_from = "\0".join(["symptom map", Path(__file__).read_text(encoding="utf-8"), table.to_csv(), words])
    return show_figure(figure, description, same_for_everyone=drawn_from)
