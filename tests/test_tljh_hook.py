"""The Littlest JupyterHub hook (hub/tljh-musclepain.py): its settings are JupyterHub's own traits,
and the start-up copy runs as the user, so links a user plants in their home change nothing outside it."""

import ast
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


def _copy(account, version="student"):
    command = [PYTHON, "-m", "musclepain_lib.classroom.cli", "copy"]
    return _hook()["copy_as_the_user"](account, version, command=command, environment=AS_NOBODY)


@needs_root
def test_the_copy_runs_as_the_user_and_their_lessons_are_theirs(tree):
    home, account = _home(tree)
    done = _copy(account)
    assert done.returncode == 0, done.stderr
    lessons = list((home / HOME_FOLDER).iterdir())
    assert len(lessons) > 5 and all(path.stat().st_uid == NOBODY.pw_uid for path in lessons)


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
    before = _snapshot(tmp_path, home)
    _copy(account, "instructor")
    _copy(account)  # a second start too
    assert _snapshot(tmp_path, home) == before


def test_the_hook_shuts_down_idle_kernels_with_settings_the_server_knows():
    from jupyter_server.services.kernels.kernelmanager import MappingKernelManager
    from traitlets.config.loader import KVArgParseConfigLoader

    parsed = KVArgParseConfigLoader(_config().Spawner.args).load_config()
    manager = MappingKernelManager(config=parsed)
    assert set(parsed) == {"MappingKernelManager"}
    assert 0 < manager.cull_idle_timeout <= 3600 and manager.cull_interval > 0 and manager.cull_connected
