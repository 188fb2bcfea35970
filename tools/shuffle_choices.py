"""Spread the right answers of the choice self-checks over the options, at authoring time.

    python -m tools.shuffle_choices [--questions data/questions] [--check]

A learner must not be able to score by always picking B. For each lesson's question
file, in order, every choice question gets the position for its right answer that its
lesson (then the course) has used least so far, ties broken by a generator seeded with
the question's lesson and id; the other options follow in an order drawn from the same
generator. Each option keeps its own feedback. The result depends only on the set of
options, not on their order in the file, so running the tool again changes nothing
(``--check`` says whether a file would change, and is what the tests run).

Only the ``choices``, ``feedback`` and ``answer`` fields are rewritten; the rest of
each file keeps its layout.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = "leg-muscle-pain"


def arrange(lesson: str, question: dict, lesson_used: Counter, course_used: Counter) -> list[int]:
    """The new order of a choice question's options, as indices into its current ones."""
    rng = random.Random(f"{SEED}/{lesson}/{question['id']}")
    choices = question["choices"]
    # Start from an order that does not depend on the file: the options sorted by their words.
    canonical = sorted(range(len(choices)), key=lambda i: choices[i])
    wrong = [i for i in canonical if i != question["answer"]]
    rng.shuffle(wrong)
    slots = list(range(len(choices)))
    ties = {slot: rng.random() for slot in slots}
    target = min(slots, key=lambda slot: (lesson_used[slot], course_used[slot], ties[slot]))
    lesson_used[target] += 1
    course_used[target] += 1
    return wrong[:target] + [question["answer"]] + wrong[target:]


def _replace_value(text: str, start: int, stop: int, key: str, value) -> str:
    """Replace the value of ``key`` inside text[start:stop], keeping the layout of an array."""
    at = text.index(f'"{key}": ', start, stop) + len(f'"{key}": ')
    _, end = json.JSONDecoder().raw_decode(text, at)
    if isinstance(value, list):
        line = text[text.rindex("\n", 0, at) + 1:at]
        indent = line[: len(line) - len(line.lstrip())]
        items = ",\n".join(f"{indent}  {json.dumps(item, ensure_ascii=False)}" for item in value)
        rendered = f"[\n{items}\n{indent}]"
    else:
        rendered = json.dumps(value)
    return text[:at] + rendered + text[end:]


def _span(text: str, question_id: str) -> tuple[int, int]:
    at = text.index(f'"id": {json.dumps(question_id)}')
    start = text.rindex("{", 0, at)
    _, stop = json.JSONDecoder().raw_decode(text, start)
    return start, stop


def shuffle_file(path: Path, course_used: Counter) -> str:
    """The file's text with every choice question's options in their spread-out order."""
    text = path.read_text(encoding="utf-8")
    lesson = path.stem
    lesson_used: Counter = Counter()
    for question in json.loads(text)["questions"]:
        if question.get("kind") != "choice":
            continue
        order = arrange(lesson, question, lesson_used, course_used)
        new = {
            "choices": [question["choices"][i] for i in order],
            "feedback": [question["feedback"][i] for i in order],
            "answer": order.index(question["answer"]),
        }
        for key, value in new.items():
            if value != question[key]:
                start, stop = _span(text, question["id"])
                text = _replace_value(text, start, stop, key, value)
    json.loads(text)
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.shuffle_choices", description=__doc__.split("\n\n")[0])
    parser.add_argument("--questions", default=str(ROOT / "data" / "questions"), help="folder of question files")
    parser.add_argument("--check", action="store_true", help="only say which files would change (exit 1 if any)")
    arguments = parser.parse_args(argv)
    course_used: Counter = Counter()
    changed = []
    for path in sorted(Path(arguments.questions).glob("*.json")):
        text = shuffle_file(path, course_used)
        if text != path.read_text(encoding="utf-8"):
            changed.append(path)
            if not arguments.check:
                path.write_text(text, encoding="utf-8")
    for path in changed:
        print(f"{'would change' if arguments.check else 'changed'}: {path.name}")
    return 1 if (arguments.check and changed) else 0


if __name__ == "__main__":
    sys.exit(main())
