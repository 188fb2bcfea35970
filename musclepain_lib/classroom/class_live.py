"""The class at a glance, from the attempts the progress service stored.

The same rules as the class report: each learner's first try decides "right at the first
try"; a question no learner answered shows "–", never 0 %; instructors and admins are left
out of the class figures (an instructor going through a lesson with its solutions is not a
learner); every learner on the roster is listed per lesson, also one who never answered.
"""

from __future__ import annotations

import html
import json
import urllib.parse
import urllib.request
from collections import Counter, defaultdict

__all__ = ["class_summary", "class_page_html", "fetch_class", "share_text", "summary_text"]

DASH = "–"


def share_text(share: float | None) -> str:
    return DASH if share is None else f"{round(100 * share)} %"


def class_summary(records: list[dict], roster: list[str], instructors: set[str], lesson: str | None = None) -> dict:
    """Per lesson who opened and finished it; per question the first-try share, weakest first."""
    learners = sorted(set(roster) - instructors)
    records = [r for r in records if lesson is None or r.get("lesson") == lesson]
    return {
        "lesson": lesson,
        "learners": learners,
        "lessons": _lessons(records, learners, instructors, lesson),
        "questions": _questions(records, instructors),
    }


def _lessons(records, learners, instructors, only: str | None = None) -> list[dict]:
    """Every lesson of the course in teaching order (or the one asked for), with who opened and
    finished it: a lesson nobody has opened yet is listed too, with no one."""
    from musclepain_lib.core.manifest import lesson_ids

    status: dict[str, dict[str, str]] = {name: {} for name in lesson_ids() if only in (None, name)}
    for record in records:
        if record.get("kind") == "lesson":
            seen = status.setdefault(record["lesson"], {})
            if record["user"] not in instructors and seen.get(record["user"]) != "finished":
                seen[record["user"]] = "finished" if record["question"] == "finished" else "opened"
    return [
        {
            "lesson": name,
            "opened": sum(1 for who in learners if who in seen),
            "finished": sum(1 for who in learners if seen.get(who) == "finished"),
            "learners": {who: seen.get(who, DASH) for who in learners},
        }
        for name, seen in status.items()
    ]


def _questions(records, instructors) -> list[dict]:
    by_question: dict[tuple, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for record in records:
        if record.get("kind") in ("selfcheck", "exercise"):
            attempts = by_question[(record["lesson"], record["question"])]
            if record["user"] not in instructors:
                attempts[record["user"]].append(record)
    rows = [_question_row(lesson, question, attempts) for (lesson, question), attempts in by_question.items()]
    # weakest first; questions nobody answered yet last
    return sorted(rows, key=lambda r: (r["share"] is None, r["share"] or 0.0, r["lesson"], r["question"]))


def _question_row(lesson, question, attempts) -> dict:
    firsts = [tries[0] for tries in attempts.values()]
    wrong = Counter(str(r.get("answer")) for tries in attempts.values() for r in tries
                    if r.get("correct") is False and r.get("answer") is not None)
    misconceptions = Counter(str(r["misconception"]) for tries in attempts.values() for r in tries
                             if r.get("misconception"))
    return {
        "lesson": lesson,
        "question": question,
        "answered": len(firsts),
        "share": (sum(1 for r in firsts if r.get("correct")) / len(firsts)) if firsts else None,
        "revealed": sum(1 for tries in attempts.values() if any(r.get("revealed") for r in tries)),
        "wrong_answers": wrong.most_common(3),
        "misconceptions": misconceptions.most_common(3),
    }


_STYLE = """
body { font-family: sans-serif; font-size: 22px; margin: 1.5em; color: #111; background: #fff; }
h1 { font-size: 1.6em; } h2 { font-size: 1.25em; margin-top: 1.4em; }
table { border-collapse: collapse; margin: .4em 0; }
th, td { border-bottom: 1px solid #999; padding: .3em .8em; text-align: left; vertical-align: top; }
td.share { font-weight: bold; font-size: 1.2em; text-align: right; }
.low { color: #a00000; } .dash { color: #555; }
nav a { margin-right: 1em; }
"""


def class_page_html(summary: dict, lessons_known: list[str], refresh_seconds: int = 10) -> str:
    """The class page: large type for a projector, refreshed every few seconds."""
    e = html.escape
    title = f"Lesson {e(summary['lesson'])}" if summary["lesson"] else "All lessons"
    nav = " ".join(f'<a href="?lesson={e(name)}">{e(name)}</a>' for name in lessons_known)
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        f"<meta http-equiv='refresh' content='{refresh_seconds}'>",
        f"<title>Class progress – {title}</title><style>{_STYLE}</style></head><body>",
        f"<h1>Class progress – {title}</h1>",
        f"<p>{len(summary['learners'])} learners on the roster (instructors left out). "
        f"Refreshes every {refresh_seconds} s.</p>",
        f"<nav>Lessons: <a href='?'>all</a> {nav}</nav>",
        "<h2>Questions, weakest first</h2>",
        "<table><tr><th>Lesson</th><th>Question</th><th>Right at first try</th><th>Answered</th>"
        "<th>Revealed</th><th>Commonest wrong answers</th><th>Misconceptions</th></tr>",
    ]
    for row in summary["questions"]:
        css = "dash" if row["share"] is None else ("low" if row["share"] < 0.5 else "")
        parts.append(
            f"<tr><td>{e(row['lesson'])}</td><td>{e(row['question'])}</td>"
            f"<td class='share {css}'>{share_text(row['share'])}</td><td>{row['answered']}</td>"
            f"<td>{row['revealed']}</td><td>{_counts(row['wrong_answers'])}</td>"
            f"<td>{_counts(row['misconceptions'])}</td></tr>"
        )
    parts.append("</table>")
    for lesson in summary["lessons"]:
        parts.append(f"<h2>{e(lesson['lesson'])}: {lesson['opened']} opened, {lesson['finished']} finished</h2>")
        parts.append("<table><tr><th>Learner</th><th>Status</th></tr>")
        parts.extend(f"<tr><td>{e(who)}</td><td>{e(state)}</td></tr>" for who, state in lesson["learners"].items())
        parts.append("</table>")
    parts.append("</body></html>")
    return "\n".join(parts)


def _counts(pairs) -> str:
    return html.escape(", ".join(f"{text} ({count})" for text, count in pairs)) or DASH


def fetch_class(service_url: str, token: str, lesson: str | None = None, timeout_s: float = 30.0) -> dict:
    """The class summary from the hub's progress service (an instructor's token)."""
    query = "?" + urllib.parse.urlencode({"lesson": lesson}) if lesson else ""
    request = urllib.request.Request(service_url.rstrip("/") + "/api/class" + query,
                                     headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(request, timeout=timeout_s) as response:
        return json.loads(response.read())


def summary_text(summary: dict) -> str:
    """The class summary as plain text, for a terminal."""
    lines = [f"{len(summary['learners'])} learners on the roster (instructors left out)", "",
             "Questions, weakest first: right at first try / answered / revealed / commonest wrong answers"]
    for row in summary["questions"]:
        wrong = ", ".join(f"{text} ({count})" for text, count in row["wrong_answers"]) or DASH
        lines.append(f"  {row['lesson']}/{row['question']}: {share_text(row['share'])} / {row['answered']}"
                     f" / {row['revealed']} / {wrong}")
    for lesson in summary["lessons"]:
        lines.append(f"{lesson['lesson']}: {lesson['opened']} opened, {lesson['finished']} finished")
        lines.extend(f"  {who}: {state}" for who, state in lesson["learners"].items())
    return "\n".join(lines)
