"""The Littlest JupyterHub hook (hub/tljh-musclepain.py): its settings are JupyterHub's own traits,
and the start-up copy runs as the user, so links a user plants in their home change nothing outside it."""

import ast
import grp
import os
import pwd
import shutil
import stat
import subprocess
import sysconfig
import tempfile
import types
from pathlib import Path

import pytest
from jupyterhub.spawner import Spawner
from traitlets.config.loader import PyFileConfigLoader

from musclepain_lib.classroom.lesson_copy import HOME_FOLDER

ROOT = Path(__file__).resolve().parent.parent
HOOK = ROOT / "hub" / "tljh-musclepain.py"


def _config():
    return PyFileConfigLoader(HOOK.name, path=str(HOOK.parent)).load_config()


def test_the_hook_sets_only_real_spawner_traits_with_values_they_accept():
    config = _config()
    assert set(config) == {"Spawner"}
    known = Spawner.class_traits(config=True)
    assert set(config.Spawner) <= set(known), set(config.Spawner) - set(known)
    spawner = Spawner(config=config)  # a mistyped value raises here
    assert spawner.default_url == f"/lab/tree/{HOME_FOLDER}/00_welcome.ipynb"
    assert spawner.pre_spawn_hook.__name__ == "copy_the_course"


def test_the_hook_imports_nothing_of_the_course_in_the_hubs_environment():
    text = HOOK.read_text()
    imported = {alias.name for node in ast.walk(ast.parse(text)) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module for node in ast.walk(ast.parse(text)) if isinstance(node, ast.ImportFrom)}
    assert not {name for name in imported if name.startswith("musclepain_lib")}
    assert "/opt/tljh/user/bin/pip install" in text and "/opt/tljh/user/bin/musclepain-course" in text
    assert f'HOME_FOLDER = "{HOME_FOLDER}"' in text


NOBODY = pwd.getpwnam("nobody") if os.geteuid() == 0 else None
# Debian's own Python, which any account may run, with this checkout and its packages on the path
PYTHON = shutil.which("python3", path="/usr/bin")
AS_NOBODY = {"PYTHONPATH": f"{ROOT}{os.pathsep}{sysconfig.get_paths()['purelib']}"}


def _hook():
    return _config().Spawner.pre_spawn_hook.__globals__


def _can_copy_as_nobody() -> bool:
    if NOBODY is None or PYTHON is None:
        return False
    probe = subprocess.run([PYTHON, "-c", "import musclepain_lib.classroom.lesson_copy"], user=NOBODY.pw_uid,
                           group=NOBODY.pw_gid, extra_groups=[], env=AS_NOBODY, cwd="/", capture_output=True)
    return probe.returncode == 0


needs_root = pytest.mark.skipif(not _can_copy_as_nobody(), reason="needs root and a Python the account nobody can run")


def _snapshot(tree: Path, leave_out: Path) -> dict:
    """Every path under tree outside leave_out: its owner, mode and content."""
    seen = {}
    for path in sorted(tree.rglob("*")):
        if leave_out in path.parents or path == leave_out:
            continue
        info = path.lstat()
        content = path.read_bytes() if stat.S_ISREG(info.st_mode) else os.readlink(path) if path.is_symlink() else None
        seen[str(path)] = (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode), content)
    return seen


@pytest.fixture
def tree():
    """A temporary tree the account nobody can walk into (pytest's own is root's alone)."""
    folder = Path(tempfile.mkdtemp(prefix="tljh-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder)


def _home(tmp_path):
    home = tmp_path / "home" / "jupyter-student01"
    home.mkdir(parents=True)
    os.chown(home, NOBODY.pw_uid, NOBODY.pw_gid)
    home.chmod(0o750)
    return home, types.SimpleNamespace(pw_uid=NOBODY.pw_uid, pw_gid=NOBODY.pw_gid, pw_dir=str(home))


#: The admins' group of the simulation (TLJH's is jupyterhub-admins; the account nobody is not in it).
ADMINS = "adm"


def _sources(tree: Path) -> Path:
    """The source lessons as the guide installs them: root's, readable by the admins' group alone."""
    folder = tree / "opt-musclepain-instructor"
    shutil.copytree(ROOT / "notebooks", folder / "notebooks")
    for path in [folder, *folder.rglob("*")]:
        os.chown(path, 0, grp.getgrnam(ADMINS).gr_gid)
        path.chmod(0o750 if path.is_dir() else 0o640)
    return folder / "notebooks"


def _copy(account, version="student", sources="/nonexistent"):
    command = [PYTHON, "-m", "musclepain_lib.classroom.cli", "copy"]
    return _hook()["copy_as_the_user"](account, version, command=command, environment=AS_NOBODY,
                                       sources=str(sources), admins_group=ADMINS)


def _as_student(account, *arguments):
    """A course command run in a student's terminal: their account, their groups, nothing more."""
    return subprocess.run([PYTHON, "-m", "musclepain_lib.classroom.cli", *arguments], user=account.pw_uid,
                          group=account.pw_gid, extra_groups=[], env=AS_NOBODY, cwd=account.pw_dir,
                          capture_output=True, text=True, timeout=300)


@needs_root
def test_the_copy_runs_as_the_user_and_their_lessons_are_theirs(tree):
    home, account = _home(tree)
    done = _copy(account)
    assert done.returncode == 0, done.stderr
    lessons = list((home / HOME_FOLDER).iterdir())
    assert len(lessons) > 5 and all(path.stat().st_uid == NOBODY.pw_uid for path in lessons)


@needs_root
def test_an_admin_gets_the_instructor_version_and_a_student_no_route_to_it(tree):
    home, account = _home(tree)
    sources = _sources(tree)
    admin_home = tree / "home" / "jupyter-instructor"
    admin_home.mkdir()
    os.chown(admin_home, NOBODY.pw_uid, NOBODY.pw_gid)
    admin = types.SimpleNamespace(pw_uid=NOBODY.pw_uid, pw_gid=NOBODY.pw_gid, pw_dir=str(admin_home))
    done = _copy(admin, "instructor", sources)
    assert done.returncode == 0, done.stderr
    assert "BEGIN SOLUTION" in (admin_home / HOME_FOLDER / "01_electrolytes.ipynb").read_text()

    assert _copy(account).returncode == 0
    student_lessons = home / HOME_FOLDER
    attempts = {
        "the installed lessons": ("copy", str(home / "mine"), "--instructor"),
        "the admins' source lessons": ("copy", str(home / "mine"), "--instructor", "--source", str(sources)),
        "their own student lessons": ("copy", str(home / "mine"), "--instructor", "--source", str(student_lessons)),
    }
    for route, arguments in attempts.items():
        done = _as_student(account, *arguments)
        assert done.returncode != 0, route
        assert "Could not copy the course" in done.stderr, (route, done.stderr)
        copied = list((home / "mine").glob("*.ipynb")) if (home / "mine").exists() else []
        assert not any("BEGIN SOLUTION" in p.read_text() or "Teaching note" in p.read_text() for p in copied), route


@needs_root
@pytest.mark.parametrize("plant", ["folder to a root-owned folder", "folder to an /etc-like tree",
                                   "lesson to a root-owned file", "record to a root-owned file"])
def test_links_a_user_plants_in_their_home_change_nothing_outside_it(tree, plant):
    tmp_path = tree
    home, account = _home(tmp_path)
    etc = tmp_path / "etc"
    etc.mkdir()
    (etc / "passwd").write_text("root:x:0:0:root:/root:/bin/bash\n")
    (etc / "shadow").write_text("root:*:19000:0:99999:7:::\n")
    (etc / "shadow").chmod(0o640)
    owned = tmp_path / "srv-root-only"
    owned.mkdir(mode=0o755)
    folder = home / HOME_FOLDER
    if plant.startswith("folder"):
        folder.symlink_to(owned if "root-owned" in plant else etc)
    else:
        folder.mkdir()
        os.chown(folder, NOBODY.pw_uid, NOBODY.pw_gid)
        name = "00_welcome.ipynb" if plant.startswith("lesson") else ".musclepain-course.json"
        (folder / name).symlink_to(etc / ("passwd" if name.endswith("ipynb") else "shadow"))
    sources = _sources(tmp_path)
    before = _snapshot(tmp_path, home)
    _copy(account, "instructor", sources)
    _copy(account)  # a second start too
    assert _snapshot(tmp_path, home) == before


def test_the_hook_shuts_down_idle_kernels_with_settings_the_server_knows():
    from jupyter_server.services.kernels.kernelmanager import MappingKernelManager
    from traitlets.config.loader import KVArgParseConfigLoader

    parsed = KVArgParseConfigLoader(_config().Spawner.args).load_config()
    manager = MappingKernelManager(config=parsed)
    assert set(parsed) == {"MappingKernelManager"}
    assert 0 < manager.cull_idle_timeout <= 3600 and manager.cull_interval > 0 and manager.cull_connected
