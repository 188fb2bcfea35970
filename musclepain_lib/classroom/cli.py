"""The ``musclepain-course`` command: copy the course into a folder, or report on a class.

::

    musclepain-course copy DEST                 # the student version (no solutions)
    musclepain-course copy DEST --instructor    # the instructor version
    musclepain-course report PATHS... [--out FOLDER]

``copy`` run again adds new lessons and replaces lessons the learner has not changed;
every lesson the learner changed is kept and named. ``report`` reads progress files (or
folders holding them, such as the homes of a hub), prints the class table and writes
``learners.csv``, ``questions.csv``, ``misconceptions.csv`` and ``class_report.png`` into ``--out`` (default
``class-report``); a file it cannot use is named and skipped.
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
    copy.add_argument("--instructor", action="store_true", help="the instructor version: solutions and teaching notes")
    report = commands.add_parser("report", help="summarise learners' progress files")
    report.add_argument("paths", nargs="+", help="progress files, or folders searched for them")
    report.add_argument("--out", default="class-report", help="folder for the CSV tables and figure (default: class-report)")
    return parser


def main(argv: list[str] | None = None) -> int:
    arguments = build_parser().parse_args(argv)

    if arguments.command == "copy":
        from musclepain_lib.classroom.lesson_copy import copy_course

        try:
            result = copy_course(arguments.dest, "instructor" if arguments.instructor else "student")
        except (InputError, OSError) as error:
            print(f"Could not copy the course: {error}", file=sys.stderr)
            return 1
        print(result)
        return 0

    from musclepain_lib.classroom.class_report import class_report, write_report

    summary = class_report(arguments.paths)
    print(summary.table())
    try:
        written = write_report(summary, arguments.out)
    except OSError as error:
        print(f"Could not write the report into {arguments.out}: {error}", file=sys.stderr)
        return 1
    print("Written: " + ", ".join(str(path) for path in written.values()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
