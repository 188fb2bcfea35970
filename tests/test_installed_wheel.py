"""Installed, not only checked out: the built wheel runs every lesson outside the repository.

A learner who installs the course with pip has no ``data/`` folder beside the package and
no repository on ``sys.path``. This builds the wheel once, installs it into a fresh
virtual environment, and from a folder outside the repository loads the data tables and
runs the student version of every lesson the wheel carries in that environment's own kernel.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import nbformat
import pytest
from lesson_evidence import answers_shown_above, check_lines, checks_asked
from test_offline import BLOCK, fetched_from_outside, refused

from musclepain_lib.learner.exercises import NOT_ANSWERED

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parent.parent
RUNNER = Path(__file__).resolve().parent / "lesson_runner.py"
LESSONS = sorted((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def run(command, **kwargs):
    done = subprocess.run(command, capture_output=True, text=True, **kwargs)
    assert done.returncode == 0, f"{' '.join(map(str, command))}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


def offline_env(env: dict, log: Path) -> dict:
    """``env`` with every process it starts cut off the network (loopback excepted), attempts logged."""
    return {**env, "PYTHONPATH": str(BLOCK), "MUSCLEPAIN_OFFLINE_LOG": str(log)}


def clean_env(home: Path) -> dict:
    """The environment of a learner's shell: no repository on the path, own progress file."""
    # Without PYTHONDONTWRITEBYTECODE (which some CI machines set), as on a learner's laptop: the
    # first process to import a module compiles it for the rest (the wheel installs uncompiled).
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME", "PYTHONDONTWRITEBYTECODE")}
    env["MUSCLEPAIN_PROGRESS"] = str(home / "progress.json")
    env["MPLBACKEND"] = "Agg"
    return env


@pytest.fixture(scope="session")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    try:
        import hatchling  # noqa: F401  (present: build without fetching the backend again)

        isolation = ["--no-isolation"]
    except ImportError:
        isolation = []
    run([sys.executable, "-m", "build", "--wheel", *isolation, "--outdir", str(out), str(REPO)], timeout=600)
    [built] = out.glob("musclepain_lib-*.whl")
    return built


@pytest.fixture(scope="session")
def installed(tmp_path_factory, wheel) -> dict:
    """A fresh venv with the wheel in it, and a working folder outside the repository."""
    root = tmp_path_factory.mktemp("learner")
    venv = root / "venv"
    run([sys.executable, "-m", "venv", str(venv)], timeout=300)
    python = venv / "bin" / "python"
    # nbclient and ipykernel run the lessons; everything else comes from the wheel's own requirements.
    # Modules are compiled as the lessons import them rather than all at install time.
    run([str(python), "-m", "pip", "install", "--quiet", "--no-compile", str(wheel), "nbclient", "ipykernel"],
        timeout=900)
    outside = root / "course"
    outside.mkdir()
    assert REPO not in outside.parents
    return {"python": python, "venv": venv, "outside": outside, "env": clean_env(root)}


def test_the_wheel_carries_every_data_table_and_question_file(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for path in (REPO / "data").rglob("*"):
        if path.is_file() and path.suffix in {".csv", ".json"}:
            shipped = "musclepain_lib/data/" + path.relative_to(REPO / "data").as_posix()
            assert shipped in names, f"{shipped} is missing from the wheel"


CHECK_INSTALLED = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    import musclepain_lib
    from musclepain_lib.core.data import data_dir, load_table
    from musclepain_lib.learner.questions import list_question_files, load_questions
    folder = data_dir()
    tables = sorted(p.name for p in folder.glob("*.csv"))
    rows = {name: len(load_table(name)) for name in tables}
    questions = {lesson: len(load_questions(lesson)) for lesson in list_question_files()}
    print(json.dumps({"package": musclepain_lib.__file__, "data": str(folder), "prefix": sys.prefix,
                      "rows": rows, "questions": questions}))
    """
)


def test_the_installed_course_loads_its_tables_from_outside_the_repository(installed):
    done = run([str(installed["python"]), "-c", CHECK_INSTALLED], cwd=installed["outside"], env=installed["env"], timeout=300)
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert Path(found["package"]).is_relative_to(installed["venv"])
    assert Path(found["data"]).is_relative_to(installed["venv"])
    assert not Path(found["package"]).is_relative_to(REPO)
    expected_tables = sorted(p.name for p in (REPO / "data").glob("*.csv"))
    assert sorted(found["rows"]) == expected_tables
    assert all(count > 0 for count in found["rows"].values())
    assert found["questions"] and all(count > 0 for count in found["questions"].values())


def proves_where_it_ran(venv: Path) -> str:
    return textwrap.dedent(
        f"""
        import sys, musclepain_lib
        from pathlib import Path
        assert Path(sys.prefix) == Path({str(venv)!r}), sys.prefix
        assert Path(musclepain_lib.__file__).is_relative_to({str(venv)!r}), musclepain_lib.__file__
        assert not Path(musclepain_lib.__file__).is_relative_to({str(REPO)!r})
        """
    )


@pytest.mark.skipif(not LESSONS, reason="no lessons in notebooks/ yet")
@pytest.mark.parametrize("lesson", LESSONS, ids=[p.stem for p in LESSONS])
def test_the_student_lesson_runs_from_the_installed_wheel_outside_the_repository_with_the_network_cut_off(
    wheel, installed, lesson
):
    """As a learner's laptop on a train runs it: the student version the wheel carries, the
    installed course, no repository, no network (tests/offline_site cuts the kernel off and logs
    every attempt, even one the code swallowed). Run as the learner gets it, each exercise check
    says it is not answered yet and no number question finds its answer printed just above it."""
    outside = installed["outside"]
    folder = outside / "notebooks"
    folder.mkdir(exist_ok=True)
    copy = nbformat.reads(zipfile.ZipFile(wheel).read(f"musclepain_lib/lessons/{lesson.name}").decode("utf-8"), as_version=4)
    copy.cells.append(nbformat.v4.new_code_cell(proves_where_it_ran(installed["venv"])))
    nbformat.write(copy, folder / lesson.name)
    runner = shutil.copy(RUNNER, outside / "lesson_runner.py")
    executed = outside / "executed" / lesson.stem
    log = executed.parent / f"{lesson.stem}-refused.log"
    subprocess.run(
        [str(installed["python"]), str(runner), str(executed), str(folder / lesson.name)],
        cwd=outside, env=offline_env(installed["env"], log), timeout=900, check=False,
    )
    [result] = json.loads((executed / "results.json").read_text())
    assert result["ok"], result["error"]
    assert refused(log) == "", f"{lesson.name} tried to reach the network:\n{refused(log)}"
    run = nbformat.read(executed / lesson.name, as_version=4)
    assert fetched_from_outside(run) == []
    checks = check_lines(run)
    assert len(checks) == checks_asked(run)
    for number, text in enumerate(checks, start=1):
        assert text.strip().startswith(NOT_ANSWERED), f"{lesson.name}, check {number}: {text}"
    leaks = answers_shown_above(run, lesson.stem)
    assert not leaks, "\n".join(leaks)


def test_the_wheel_carries_every_lesson_in_the_student_version_only(wheel):
    archive = zipfile.ZipFile(wheel)
    names = set(archive.namelist())
    for lesson in LESSONS:
        assert f"musclepain_lib/lessons/{lesson.name}" in names, f"{lesson.name} is missing from the wheel"
        text = archive.read(f"musclepain_lib/lessons/{lesson.name}").decode("utf-8")
        notebook = json.loads(text)
        assert notebook["metadata"]["musclepain_version"] == "student", lesson.name
        assert "BEGIN SOLUTION" not in text and "Teaching note" not in text, lesson.name
        tags = {tag for cell in notebook["cells"] for tag in cell["metadata"].get("tags", [])}
        assert not tags & {"solution", "teacher-note"}, lesson.name
    # The course's Voila page, and the setting that makes Voila use it, install with the course.
    assert any(n.endswith(".data/data/share/jupyter/voila/templates/musclepain/index.html.j2") for n in names)
    assert any(n.endswith(".data/data/etc/jupyter/voila.json") for n in names)
    # JupyterLab's settings for the course (saved widget state; the tab's icon left alone).
    assert any(n.endswith(".data/data/share/jupyter/lab/settings/overrides.d/musclepain.json") for n in names)
    assert any(n.endswith(".data/data/etc/jupyter/labconfig/page_config.d/musclepain.json") for n in names)


WRITE_TWO_LEARNERS = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from musclepain_lib.learner.progress import ProgressStore
    homes = Path(sys.argv[1])
    ProgressStore(homes / "ana" / ".musclepain" / "progress.json").record_answer("00_welcome", "red-flag-calf", 2, True)
    ProgressStore(homes / "ben" / ".musclepain" / "progress.json").record_answer("00_welcome", "red-flag-calf", 0, False)
    (homes / "ben" / ".musclepain" / "progress.damaged.json").write_text("{")
    """
)


def test_the_installed_command_copies_the_course_and_reports_a_class(installed):
    command = installed["venv"] / "bin" / "musclepain-course"
    outside, env = installed["outside"], installed["env"]
    done = run([str(command), "copy", "class/student01"], cwd=outside, env=env, timeout=300)
    assert "added: 00_welcome.ipynb" in done.stdout
    copied = sorted(p.name for p in (outside / "class" / "student01").glob("*.ipynb"))
    assert copied == [p.name for p in LESSONS]
    assert not any("BEGIN SOLUTION" in p.read_text() for p in (outside / "class" / "student01").glob("*.ipynb"))
    again = run([str(command), "copy", "class/student01"], cwd=outside, env=env, timeout=300)
    assert "already up to date" in again.stdout
    # The installed course makes no instructor version: not from itself, not from a student's copy.
    for source in ([], ["--source", "class/student01"]):
        refused = subprocess.run([str(command), "copy", "class/teacher", "--instructor", *source], cwd=outside,
                                 env=env, timeout=300, capture_output=True, text=True)
        assert refused.returncode == 1 and "Could not copy the course" in refused.stderr, refused.stderr
    assert not list((outside / "class" / "teacher").glob("*.ipynb"))
    # From the source lessons an instructor keeps (the repository's notebooks/), it does.
    run([str(command), "copy", "class/teacher", "--instructor", "--source", str(REPO / "notebooks")],
        cwd=outside, env=env, timeout=300)
    assert any("BEGIN SOLUTION" in p.read_text() for p in (outside / "class" / "teacher").glob("*.ipynb"))

    run([str(installed["python"]), "-c", WRITE_TWO_LEARNERS, "homes"], cwd=outside, env=env, timeout=300)
    stray = outside / "homes" / "notes.json"
    stray.write_text("not json")
    report = run([str(command), "report", "homes", str(stray), "--out", "report"], cwd=outside, env=env, timeout=300)
    assert "Class report: 2 learners" in report.stdout and "ana" in report.stdout and "ben" in report.stdout
    assert f"Skipped {stray}" in report.stdout
    assert (outside / "report" / "learners.csv").read_text().count("\n") > 2
    assert (outside / "report" / "class_report.png").read_bytes().startswith(b"\x89PNG")
