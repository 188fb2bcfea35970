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
    assert lines[-1] == "-e ."
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
def test_repo2docker_plans_to_install_the_requirements_after_copying_the_course():
    repo2docker = Path(sys.executable).with_name("repo2docker")
    if not repo2docker.exists():
        repo2docker = Path(shutil.which("repo2docker") or "repo2docker")
    result = subprocess.run(
        [str(repo2docker), "--no-build", "--no-run", "--debug", str(ROOT)],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    dockerfile = result.stdout + result.stderr
    python = (BINDER / "runtime.txt").read_text().strip().removeprefix("python-")
    assert f"python={python}" in dockerfile
    copy = dockerfile.index("COPY --chown=0:0 src/ ")
    install = dockerfile.index('pip install --no-cache-dir -r "binder/requirements.txt"')
    assert copy < install, "the course must be copied before `-e .` is installed"
    assert "RUN ./binder/postBuild" in dockerfile


def test_readme_launch_links_open_the_welcome_lesson_from_the_course_repository():
    readme = (ROOT / "README.md").read_text()
    repository = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["urls"]["Repository"]
    owner_and_name = repository.removeprefix("https://github.com/")
    lab = f"https://mybinder.org/v2/gh/{owner_and_name}/main?urlpath=lab/tree/build/student/00_welcome.ipynb"
    voila = f"https://mybinder.org/v2/gh/{owner_and_name}/main?urlpath=voila/tree/build/student"  # every lesson
    assert lab in readme and voila in readme
    assert "make lab" in readme and "make test" in readme


def test_binder_builds_only_the_student_version_that_the_launch_links_open(tmp_path):
    """postBuild, run in a copy of the course, leaves build/student and no instructor version."""
    post_build = (BINDER / "postBuild").read_text()
    assert "course_cli copy build/student" in post_build and "--instructor" not in post_build
    shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks")
    shutil.copytree(BINDER, tmp_path / "binder")
    env = {**os.environ, "NB_PYTHON_PREFIX": str(tmp_path / "prefix"), "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}
    subprocess.run([str(tmp_path / "binder" / "postBuild")], cwd=tmp_path, env=env, check=True, capture_output=True)
    assert (tmp_path / "build" / "student" / "00_welcome.ipynb").exists()
    assert not (tmp_path / "build" / "instructor").exists()
    assert "BEGIN SOLUTION" not in "".join(p.read_text() for p in (tmp_path / "build" / "student").glob("*.ipynb"))
