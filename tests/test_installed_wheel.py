"""Installed, not only checked out: the built wheel runs every lesson outside the repository.

A learner who installs the course with pip has no ``data/`` folder beside the package and
no repository on ``sys.path``. This builds the wheel once, installs it into a fresh
virtual environment, and from a folder outside the repository loads the data tables and
runs every lesson in that environment's own kernel.
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

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parent.parent
RUNNER = Path(__file__).resolve().parent / "lesson_runner.py"
LESSONS = sorted((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def run(command, **kwargs):
    done = subprocess.run(command, capture_output=True, text=True, **kwargs)
    assert done.returncode == 0, f"{' '.join(map(str, command))}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


def clean_env(home: Path) -> dict:
    """The environment of a learner's shell: no repository on the path, own progress file."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
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
    run([str(python), "-m", "pip", "install", "--quiet", str(wheel), "nbclient", "ipykernel"], timeout=900)
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
    from musclepain_lib.core.selfcheck import list_question_files, load_questions
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
def test_the_lesson_runs_from_the_installed_wheel_outside_the_repository(installed, lesson):
    outside = installed["outside"]
    folder = outside / "notebooks"
    folder.mkdir(exist_ok=True)
    copy = nbformat.read(lesson, as_version=4)
    copy.cells.append(nbformat.v4.new_code_cell(proves_where_it_ran(installed["venv"])))
    nbformat.write(copy, folder / lesson.name)
    runner = shutil.copy(RUNNER, outside / "lesson_runner.py")
    executed = outside / "executed" / lesson.stem
    subprocess.run(
        [str(installed["python"]), str(runner), str(executed), str(folder / lesson.name)],
        cwd=outside, env=installed["env"], timeout=900, check=False,
    )
    [result] = json.loads((executed / "results.json").read_text())
    assert result["ok"], result["error"]
