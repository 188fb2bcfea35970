"""A new topic is what the scaffold writes plus nothing: run in a copy of the course, the new
lesson passes the manifest, lesson, version and practice checks, runs, and comes in teaching
order everywhere (progress view, welcome table, lesson links, both versions)."""

from __future__ import annotations

import json
import os
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


def test_the_new_lesson_passes_every_check_a_lesson_and_a_topic_are_held_to(scaffolded):
    checked = _run(scaffolded, "-m", "pytest", "-p", "no:cacheprovider", "-q", "-x", "-m", "not browser and not slow",
                   "-W", "ignore::DeprecationWarning", *CHECKS)
    assert checked.returncode == 0, checked.stdout[-4000:]


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
