"""The ``musclepain-course`` command: copy the course into a folder, or report on a class.

::

    musclepain-course copy DEST                 # the student version (no solutions)
    musclepain-course copy DEST --instructor --source notebooks/
                                                # the instructor version, from the source lessons
    musclepain-course report PATHS... [--out FOLDER] [--gradebook canvas|moodle [--first-try]]
    musclepain-course report --hub SERVICE-URL [--lesson ID]
    musclepain-course export-questions --format moodle|qti|gift --out PATH [--lesson ID]

``copy`` run again adds new lessons and replaces lessons the learner has not changed;
every lesson the learner changed is kept and named. ``report`` reads progress files (or
folders holding them, such as the homes of a hub), prints the class table and writes
``learners.csv``, ``questions.csv``, ``misconceptions.csv`` and ``class_report.png`` into ``--out`` (default
``class-report``); a file it cannot use is named and skipped. With ``--gradebook`` it also
writes a gradebook CSV that Canvas or Moodle imports (:mod:`musclepain_lib.classroom.gradebook`).
``export-questions`` writes the self-checks as a question bank for Moodle (XML or GIFT) or
Canvas (QTI zip). ``report --hub`` reads the class from the hub's progress service instead (its
URL, e.g. ``https://HUB/services/musclepain-progress/``, with an instructor's token from
``$JUPYTERHUB_API_TOKEN``, as an instructor's terminal on the hub has).
"""

from __future__ import annotations

import argparse
import sys

from musclepain_lib.core.errors import InputError

__all__ = ["build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    """The command line of ``musclepain-course`` (also used to check the commands the docs show)."""
    parser = argparse.ArgumentParser(prog="musclepain-course", description="The Leg Muscle Pain course for a class.")
    commands = parser.add_subparsers(dest="command", required=True)
    copy = commands.add_parser("copy", help="write the lessons into a folder (student version unless --instructor)")
    copy.add_argument("dest", help="folder to write the lessons into (made if missing)")
    copy.add_argument("--instructor", action="store_true",
                      help="the instructor version (solutions and teaching notes); needs --source")
    copy.add_argument("--source", help="folder of the course's source lessons (the repository's notebooks/); "
                                       "default: the student version the course installs")
    report = commands.add_parser("report", help="summarise learners' progress files")
    report.add_argument("paths", nargs="*", help="progress files, or folders searched for them")
    report.add_argument("--hub", help="the URL of the hub's progress service (instead of files)")
    report.add_argument("--lesson", help="with --hub: one lesson only")
    report.add_argument("--out", default="class-report", help="folder for the CSV tables and figure (default: class-report)")
    add_gradebook_options(report)
    add_export_questions(commands)
    return parser


def add_gradebook_options(report) -> None:
    """``report --gradebook canvas|moodle [--first-try]``: a gradebook file an LMS imports."""
    report.add_argument("--gradebook", choices=("canvas", "moodle"),
                        help="also write a gradebook CSV for this LMS: per lesson, %% of self-checks right")
    report.add_argument("--first-try", action="store_true",
                        help="gradebook counts only answers right at the first try (default: right in the end)")


def write_gradebook_file(arguments, summary) -> int:
    from musclepain_lib.classroom.gradebook import write_gradebook

    try:
        path = write_gradebook(summary, arguments.gradebook, arguments.out, arguments.first_try)
    except OSError as error:
        print(f"Could not write the gradebook into {arguments.out}: {error}", file=sys.stderr)
        return 1
    print(f"Gradebook for {arguments.gradebook}: {path}")
    return 0


def add_export_questions(commands) -> None:
    """``export-questions``: the self-checks as a question bank an LMS imports."""
    from musclepain_lib.classroom.question_banks import FORMATS

    export = commands.add_parser("export-questions", help="write the self-checks as a Moodle or Canvas question bank")
    export.add_argument("--format", required=True, choices=FORMATS, help="moodle (XML), qti (zip for Canvas) or gift")
    export.add_argument("--out", required=True, help="file to write (.xml, .zip or .txt)")
    export.add_argument("--lesson", help="one lesson only, e.g. 01_electrolytes (default: all lessons)")


def run_export_questions(arguments) -> int:
    from musclepain_lib.classroom.question_banks import course_questions, export_questions

    try:
        path = export_questions(arguments.format, arguments.out, arguments.lesson)
    except (InputError, OSError) as error:
        print(f"Could not export the questions: {error}", file=sys.stderr)
        return 1
    count = sum(len(items) for items in course_questions(arguments.lesson).values())
    print(f"Written: {path} ({count} questions, {arguments.format})")
    return 0


def main(argv: list[str] | None = None) -> int:
    arguments = build_parser().parse_args(argv)

    if arguments.command == "copy":
        from musclepain_lib.classroom.lesson_copy import copy_course

        try:
            result = copy_course(arguments.dest, "instructor" if arguments.instructor else "student", arguments.source)
        except (InputError, OSError) as error:
            print(f"Could not copy the course: {error}", file=sys.stderr)
            return 1
        print(result)
        return 0
    if arguments.command == "export-questions":
        return run_export_questions(arguments)

    if arguments.hub or not arguments.paths:
        return _report_from_hub(arguments.hub, arguments.lesson)

    from musclepain_lib.classroom.class_report import class_report, write_report

    summary = class_report(arguments.paths)
    print(summary.table())
    try:
        written = write_report(summary, arguments.out)
    except OSError as error:
        print(f"Could not write the report into {arguments.out}: {error}", file=sys.stderr)
        return 1
    print("Written: " + ", ".join(str(path) for path in written.values()))
    if arguments.gradebook:
        return write_gradebook_file(arguments, summary)
    if arguments.first_try:
        print("--first-try changes only the gradebook: add --gradebook canvas or moodle", file=sys.stderr)
    return 0


def _report_from_hub(url: str | None, lesson: str | None) -> int:
    import os

    from musclepain_lib.classroom.class_live import fetch_class, summary_text

    token = os.environ.get("JUPYTERHUB_API_TOKEN", "")
    if not url or not token:
        print("report needs progress files, or --hub URL with an instructor's token in JUPYTERHUB_API_TOKEN",
              file=sys.stderr)
        return 2
    try:
        summary = fetch_class(url, token, lesson)
    except OSError as error:
        print(f"Could not read the class from {url}: {error}", file=sys.stderr)
        return 1
    print(summary_text(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
