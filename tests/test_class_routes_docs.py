"""The README and the instructor guide give, for each way of running a class, steps that work as written."""

import re
import shlex
from pathlib import Path

import pytest

from musclepain_lib.classroom.cli import build_parser

ROOT = Path(__file__).resolve().parent.parent
DOCS = {name: (ROOT / name).read_text() for name in ("README.md", "docs/instructor.md")}
TARGETS = set(re.findall(r"^([a-z][a-z-]*):", (ROOT / "Makefile").read_text(), re.M))


@pytest.mark.parametrize("name", DOCS)
def test_every_make_command_the_docs_give_is_a_target(name):
    named = set(re.findall(r"`(?:[A-Z_]+=\S+ )?make ([a-z][a-z-]*)", DOCS[name]))
    assert {"lab", "instructor-lab", "hub"} <= named, f"{name} must say how to open each version and the hub"
    assert named <= TARGETS, f"{name} names make targets that do not exist: {named - TARGETS}"


@pytest.mark.parametrize("name", DOCS)
def test_every_musclepain_course_command_the_docs_give_parses(name):
    commands = re.findall(r"^\s*(?:sudo -E )?musclepain-course (.+)$", DOCS[name], re.M)
    commands += re.findall(r"`(?:sudo -E )?musclepain-course ((?:copy|report) [^`]+)`", DOCS[name])
    assert commands, f"{name} shows no musclepain-course command"
    for command in commands:
        words = ["progress.json" if w == "PATHS..." else w for w in shlex.split(command.split("#")[0])]
        build_parser().parse_args(words)  # exits (fails the test) on a command that does not parse


@pytest.mark.parametrize("name", DOCS)
def test_no_route_in_the_docs_sends_students_to_the_sources_or_the_instructor_version(name):
    text = DOCS[name]
    assert "git-pull?" not in text, "an nbgitpuller link would clone the solutions into students' homes"
    for link in re.findall(r"https://mybinder\.org/\S+", text):
        assert "build/student" in link and "instructor" not in link, link


def test_the_docs_give_a_pre_class_checklist_and_each_way_to_run_a_class():
    guide = DOCS["docs/instructor.md"]
    assert "## Pre-class checklist" in guide
    for way in ("On laptops", "On Binder", "On a hub you run", "On a hub someone else runs"):
        assert re.search(rf"^### \d\. {way}$", guide, re.M), way


def test_make_lab_opens_the_student_welcome_lesson_and_instructor_lab_the_instructor_one():
    import subprocess

    for target, folder in (("lab", "build/student"), ("instructor-lab", "build/instructor")):
        plan = subprocess.run(["make", "-n", "-o", ".venv/.installed", target], cwd=ROOT,
                              capture_output=True, text=True, timeout=60).stdout
        copy = "musclepain-course copy " + folder + (" --instructor --source notebooks" if target == "instructor-lab" else "")
        assert copy in plan, plan
        # JupyterLab resolves the lesson from the folder it is started in, so the path names the folder.
        assert f"--notebook-dir={folder} {folder}/00_welcome.ipynb" in plan, plan
