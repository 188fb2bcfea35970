"""Binder builds the course from binder/: exact pins that agree with the package, then the course."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

try:  # Python 3.11 and newer
    import tomllib
except ModuleNotFoundError:  # Python 3.10: the same parser, from PyPI (the test and docs extras)
    import tomli as tomllib

import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
BINDER = ROOT / "binder"


def pinned():
    lines = [l.strip() for l in (BINDER / "requirements.txt").read_text().splitlines()]
    return [l for l in lines if l and not l.startswith("#")]


def test_requirements_are_exact_pins_plus_the_course_itself():
    lines = pinned()
    assert lines[-1] == ".", "the course is installed as a copy, so postBuild can take the sources away"
    for line in lines[:-1]:
        assert re.fullmatch(r"[A-Za-z0-9_.-]+==[0-9][0-9A-Za-z.]*", line), f"not an exact pin: {line}"


def test_pins_satisfy_the_ranges_the_package_declares():
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    versions = dict(line.split("==") for line in pinned()[:-1])
    for text in declared:
        requirement = Requirement(text)
        assert requirement.name in versions, f"{requirement.name} is not pinned for Binder"
        assert requirement.specifier.contains(versions[requirement.name]), f"{text} vs {versions[requirement.name]}"


def test_runtime_and_postbuild_are_what_repo2docker_expects():
    assert re.fullmatch(r"python-3\.\d+", (BINDER / "runtime.txt").read_text().strip())
    post_build = BINDER / "postBuild"
    assert post_build.stat().st_mode & 0o111, "postBuild must be executable"
    assert post_build.read_text().startswith("#!/bin/bash")


@pytest.mark.slow
def test_repo2docker_copies_the_course_as_the_learner_then_installs_it_then_runs_postbuild_as_the_learner():
    """Planned as mybinder.org builds (user 1000, jovyan): the copied repository belongs to the
    learner's account, so postBuild, which runs as that account, can take the sources away."""
    repo2docker = Path(sys.executable).with_name("repo2docker")
    if not repo2docker.exists():
        repo2docker = Path(shutil.which("repo2docker") or "repo2docker")
    result = subprocess.run(
        [str(repo2docker), "--no-build", "--no-run", "--debug", "--user-id", "1000", "--user-name", "jovyan", str(ROOT)],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    dockerfile = result.stdout + result.stderr
    python = (BINDER / "runtime.txt").read_text().strip().removeprefix("python-")
    assert f"python={python}" in dockerfile
    copy = dockerfile.index("COPY --chown=1000:1000 src/ ${REPO_DIR}/")
    install = dockerfile.index('pip install --no-cache-dir -r "binder/requirements.txt"')
    post_build = dockerfile.index("RUN ./binder/postBuild")
    assert copy < install < post_build, "copy, install, then postBuild"
    assert dockerfile.rindex("USER ${NB_USER}", 0, post_build) > dockerfile.rindex("USER root", 0, post_build)


def binder_home(tmp_path: Path) -> Path:
    """A folder as repo2docker leaves it for postBuild: every file of the repository as it is
    now (committed or not, as long as .gitignore does not leave it out), a .git holding
    history, and the account's own dot files."""
    home = tmp_path / "home"
    listing = ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"]
    tracked = subprocess.run(listing, cwd=ROOT, capture_output=True, check=True).stdout
    for name in filter(None, tracked.decode().split("\0")):
        if (ROOT / name).is_file():
            (home / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, home / name)
    (home / ".git" / "objects").mkdir(parents=True)
    (home / ".git" / "objects" / "history").write_text("# BEGIN SOLUTION\n")
    (home / ".bashrc").write_text("# the shell's\n")
    (home / ".local" / "bin").mkdir(parents=True)
    return home


def run_post_build(home: Path, repo_dir: Path | None):
    env = {**os.environ, "NB_PYTHON_PREFIX": str(home.parent / "prefix"), "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}
    env.pop("REPO_DIR", None)
    if repo_dir is not None:
        env["REPO_DIR"] = str(repo_dir)
    return subprocess.run([str(home / "binder" / "postBuild")], cwd=home, env=env, check=True, capture_output=True, text=True)


def test_on_binder_the_learners_folder_holds_the_student_version_and_nothing_else(tmp_path):
    """postBuild in the folder repo2docker copied the repository into: the student version of
    every lesson stays, and no solution, teaching note, instructor guide or history does."""
    from musclepain_lib.core import manifest
    from musclepain_lib.classroom.versions import TEACHER_NOTE_LABEL

    post_build = (BINDER / "postBuild").read_text()
    assert "classroom.cli copy build/student" in post_build and "--instructor" not in post_build
    home = binder_home(tmp_path)
    run_post_build(home, repo_dir=home)
    assert sorted(p.name for p in home.iterdir()) == [".bashrc", ".local", "build"]
    assert [p.name for p in (home / "build").iterdir()] == ["student"]
    lessons = sorted(p.name for p in (home / "build" / "student").glob("*.ipynb"))
    assert lessons == sorted(lesson.file for lesson in manifest.LESSONS)
    for path in (p for p in home.rglob("*") if p.is_file()):
        text = path.read_text(errors="replace")
        assert "BEGIN SOLUTION" not in text and TEACHER_NOTE_LABEL not in text, f"{path} holds instructor material"


def test_postbuild_run_in_a_checkout_keeps_the_sources(tmp_path):
    home = binder_home(tmp_path)
    result = run_post_build(home, repo_dir=None)
    assert "the sources stay" in result.stderr
    assert (home / "notebooks").is_dir() and (home / ".git").is_dir() and (home / "build" / "student").is_dir()


def test_readme_launch_links_open_the_welcome_lesson_from_the_course_repository():
    readme = (ROOT / "README.md").read_text()
    repository = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["urls"]["Repository"]
    owner_and_name = repository.removeprefix("https://github.com/")
    lab = f"https://mybinder.org/v2/gh/{owner_and_name}/main?urlpath=lab/tree/build/student/00_welcome.ipynb"
    voila = f"https://mybinder.org/v2/gh/{owner_and_name}/main?urlpath=voila/tree/build/student"  # every lesson
    assert lab in readme and voila in readme
    assert "make lab" in readme and "make test" in readme
