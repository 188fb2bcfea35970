"""A new topic is what the scaffold writes plus nothing: run in a copy of the course, the new
lesson passes the manifest, lesson, version and practice checks, runs, and comes in teaching
order everywhere (progress view, welcome table, lesson links, both versions)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NAME, TITLE, BEFORE = "claudication", "Claudication: leg pain on walking", "06_case_studies"
#: The checks a topic and a lesson are held to, run on the copy with the scaffolded topic.
CHECKS = [
    "tests/test_manifest.py", "tests/test_notebooks_clean.py", "tests/test_versions.py", "tests/test_practice.py",
    "tests/test_lesson_time.py", "tests/test_glossary.py", "tests/test_questions_fair.py", "tests/test_slides.py",
    "tests/test_feedback.py", "tests/test_lesson_links.py", "tests/test_progress_view.py", "tests/test_presets.py",
    "tests/test_clinical_rules.py", "tests/test_package.py", "tests/test_instructor_guide.py",
    f"tests/test_{NAME}_model.py", f"tests/test_properties_{NAME}.py", f"tests/test_{NAME}_explorers.py",
]

pytestmark = pytest.mark.slow  # a copy of the course and a test run in it: `make test` runs it


def _copy_of_the_course(folder: Path) -> Path:
    """The working tree as a fresh clone has it (ignored files left out), in a git checkout."""
    listing = ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"]
    names = subprocess.run(listing, cwd=ROOT, capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, names):
        if (ROOT / name).is_file():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, folder / name)
    subprocess.run(["git", "init", "-q"], cwd=folder, check=True)
    return folder


def _run(folder: Path, *command: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, "PYTHONPATH": str(folder), "MUSCLEPAIN_PROGRESS": str(folder / "progress.json")}
    return subprocess.run([sys.executable, *command], cwd=folder, env=environment, capture_output=True, text=True)


@pytest.fixture(scope="module")
def scaffolded(tmp_path_factory) -> Path:
    folder = _copy_of_the_course(tmp_path_factory.mktemp("course"))
    made = _run(folder, "-m", "tools.new_topic", NAME, "--title", TITLE, "--before", BEFORE)
    assert made.returncode == 0, made.stderr
    assert "Now make it the topic's own" in made.stdout
    return folder


def test_the_scaffold_writes_the_topic_its_lesson_questions_and_tests(scaffolded):
    for name in (f"musclepain_lib/{NAME}/model.py", f"musclepain_lib/{NAME}/widget.py", f"notebooks/07_{NAME}.ipynb",
                 f"data/questions/07_{NAME}.json", f"tests/test_{NAME}_model.py"):
        assert (scaffolded / name).is_file(), name


#: The lessons a new topic's lesson touches: the welcome lesson lists it, it comes after the
#: lesson before it and leads on to the one it is put before.
TOUCHED = ("00_welcome", "05_rheumatoid_arthritis", BEFORE)


def _checks_of_the_new_topic(folder: Path) -> list[str]:
    """The checks to run on the copy: every check that is not one case of many, and each case
    of many that is about the new topic or a lesson it touches (the suite itself runs the
    other cases, on the course as it is)."""
    listed = _run(folder, "-m", "pytest", "-p", "no:cacheprovider", "-q", "--collect-only",
                  "-m", "not browser and not slow", *CHECKS)
    assert listed.returncode == 0, listed.stdout[-4000:]
    tests = [line for line in listed.stdout.splitlines() if "::" in line]
    return [test for test in tests if "[" not in test or NAME in test or any(
        lesson in test.split("[", 1)[1] for lesson in TOUCHED)]


def test_the_new_lesson_passes_every_check_a_lesson_and_a_topic_are_held_to(scaffolded):
    chosen = _checks_of_the_new_topic(scaffolded)
    assert sum(f"[07_{NAME}" in test for test in chosen) >= 10, chosen  # the lesson's own cases are run
    checked = _run(scaffolded, "-m", "pytest", "-p", "no:cacheprovider", "-q", "-x",
                   "-W", "ignore::DeprecationWarning", *chosen)
    assert checked.returncode == 0, checked.stdout[-4000:]
    counts = dict((word, int(number)) for number, word in re.findall(r"(\d+) (passed|skipped)", checked.stdout))
    assert counts.get("passed", 0) + counts.get("skipped", 0) == len(chosen), checked.stdout[-1000:]


def test_the_new_lesson_runs_from_top_to_bottom(scaffolded):
    ran = _run(scaffolded, "-m", "pytest", "-p", "no:cacheprovider", "-q", f"notebooks/07_{NAME}.ipynb")
    assert ran.returncode == 0, ran.stdout[-4000:]


ORDER_SEEN = """
import json
from pathlib import Path
from musclepain_lib.core import manifest
from musclepain_lib.learner.progress_view import LESSONS
from musclepain_lib.learner.lesson import lesson_links
from musclepain_lib.classroom.versions import main as versions
versions(["--source", "notebooks", "--out", "build"])
welcome = Path("notebooks", manifest.LESSONS[0].file).read_text()
print(json.dumps({
    "manifest": list(manifest.lesson_ids()),
    "progress view": [lesson for lesson, _ in LESSONS],
    "welcome table": sorted((e.id for e in manifest.LESSONS[1:]), key=lambda i: welcome.index(f"({i}.ipynb)")),
    "after 05": lesson_links("05_rheumatoid_arthritis"),
    "student": sorted(p.stem for p in Path("build/student").glob("*.ipynb")),
    "instructor": sorted(p.stem for p in Path("build/instructor").glob("*.ipynb")),
}))
"""


def test_the_new_lesson_comes_between_05_and_06_everywhere(scaffolded):
    seen = _run(scaffolded, "-c", ORDER_SEEN)
    assert seen.returncode == 0, seen.stderr
    found = json.loads(seen.stdout.splitlines()[-1])  # the versions tool speaks first
    order = found["manifest"]
    assert order[-3:] == ["05_rheumatoid_arthritis", f"07_{NAME}", "06_case_studies"]
    assert found["progress view"] == order
    assert found["welcome table"] == order[1:]
    assert f"07_{NAME}.ipynb" in found["after 05"] and "06_case_studies" not in found["after 05"]
    assert found["student"] == found["instructor"] == sorted(order)
