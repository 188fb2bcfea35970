"""The hub configurations in hub/: the trial hub stays on loopback, and every hub copies the student version."""

import os
import subprocess
import sys
from pathlib import Path

import yaml

from musclepain_lib.classroom.lesson_copy import HOME_FOLDER

ROOT = Path(__file__).resolve().parent.parent
HUB = ROOT / "hub"
JUPYTERHUB = Path(sys.executable).with_name("jupyterhub")


def _start(tmp_path, *args, **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("MUSCLEPAIN_HUB")}
    environment.update(MUSCLEPAIN_HUB_DIR=str(tmp_path / "state"), **env)
    return subprocess.run([str(JUPYTERHUB), "-f", str(HUB / "jupyterhub_config.py"), *args],
                          cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=60)


def test_the_trial_hub_refuses_a_public_address_without_a_real_authenticator(tmp_path):
    for args, env in ((["--ip=0.0.0.0"], {}), (["--JupyterHub.bind_url=http://192.0.2.7:8000/"], {})):
        done = _start(tmp_path, *args, **env)
        assert done.returncode != 0
        assert "Refusing to listen on" in done.stderr + done.stdout, done.stderr[-2000:]


def test_zero_to_jupyterhub_config_copies_the_student_version_and_opens_it():
    config = yaml.safe_load((HUB / "z2jh-config.yaml").read_text())
    user = config["singleuser"]
    assert user["defaultUrl"] == f"/lab/tree/{HOME_FOLDER}/00_welcome.ipynb"
    student = " ".join(user["lifecycleHooks"]["postStart"]["exec"]["command"])
    assert f"musclepain-course copy /home/jovyan/{HOME_FOLDER}" in student and "--instructor" not in student
    instructor = user["profileList"][1]["kubespawner_override"]
    assert "--instructor" in " ".join(instructor["lifecycle_hooks"]["postStart"]["exec"]["command"])
    assert "spawner.user.admin" in config["hub"]["extraConfig"]["instructor-profile-only"]
    compile(config["hub"]["extraConfig"]["instructor-profile-only"], "extraConfig", "exec")


def test_the_littlest_jupyterhub_notes_are_python_that_copies_by_role():
    text = (HUB / "tljh-musclepain.py").read_text()
    compile(text, "tljh-musclepain.py", "exec")
    assert '"instructor" if spawner.user.admin else "student"' in text


def test_the_static_site_links_into_the_folder_the_hubs_copy_the_course_to():
    from tools.build_site import HUB_FOLDER

    assert os.environ.get("HUB_FOLDER") or HUB_FOLDER == HOME_FOLDER


def test_trial_kernels_use_socket_files_whose_paths_fit_and_are_removed_with_the_hub(tmp_path):
    """A class's kernels starting at once on one computer must not race for TCP ports; a
    socket file's path must stay within the 107 characters Linux allows."""
    code = (
        "import os, types\n"
        "from traitlets.config.loader import PyFileConfigLoader\n"
        f"config = PyFileConfigLoader('jupyterhub_config.py', path={str(HUB)!r}).load_config()\n"
        "runtime = config.Spawner.environment['JUPYTER_RUNTIME_DIR']\n"
        "user = types.SimpleNamespace(user=types.SimpleNamespace(name='instructor'))\n"
        "folder = runtime(user)\n"
        "print('ipc' if '--KernelManager.transport=ipc' in config.Spawner.args else 'tcp')\n"
        "print(len(folder + '/kernel-01234567-89ab-cdef-0123-456789abcdef-ipc-4'))\n"
        "print(os.path.dirname(folder))\n"
    )
    environment = {k: v for k, v in os.environ.items() if not k.startswith("MUSCLEPAIN_HUB")}
    environment["MUSCLEPAIN_HUB_DIR"] = str(tmp_path / "state")
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    transport, length, folder = done.stdout.split()[-3:]  # after what the configuration prints
    assert transport == "ipc" and int(length) < 100
    assert not Path(folder).exists(), "the sockets' folder outlives the hub"


def test_on_the_trial_hub_a_student_gets_no_terminal_and_the_instructor_keeps_one(tmp_path):
    code = (
        "import types\n"
        "from traitlets.config import Config\n"
        f"namespace = {{'get_config': Config, '__file__': {str(HUB / 'jupyterhub_config.py')!r}}}\n"
        f"exec(compile(open({str(HUB / 'jupyterhub_config.py')!r}).read(), 'jupyterhub_config.py', 'exec'), namespace)\n"
        "for name in ('ana', namespace['INSTRUCTOR']):\n"
        "    spawner = types.SimpleNamespace(user=types.SimpleNamespace(name=name), args=['--x'])\n"
        "    namespace['no_terminal_for_students'](spawner)\n"
        "    print(name, 'terminals_enabled=False' in ' '.join(spawner.args), spawner.args[0])\n"
    )
    environment = {k: v for k, v in os.environ.items() if not k.startswith("MUSCLEPAIN_HUB")}
    environment["MUSCLEPAIN_HUB_DIR"] = str(tmp_path / "state")
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    student, instructor = done.stdout.splitlines()[-2:]
    assert student.split()[1:] == ["True", "--x"] and instructor.split()[1:] == ["False", "--x"]
