"""The hub configurations in hub/: the trial hub stays on loopback, and every hub copies the student version."""

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
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


REFUSED = [  # (command-line arguments, environment): each would listen beyond this computer
    (["--ip=192.0.2.1"], {}),
    (["--ip", "192.0.2.1"], {}),
    (["--JupyterHub.ip", "192.0.2.1"], {}),
    (["--JupyterHub.ip=192.0.2.1"], {}),
    (["--ip", "0.0.0.0"], {}),
    (["--ip", "::"], {}),
    (["--ip", ""], {}),  # every interface
    (["--url", "http://192.0.2.1:8000/"], {"MUSCLEPAIN_HUB_IP": "0.0.0.0"}),
    (["--JupyterHub.hub_ip", "192.0.2.1"], {}),  # the hub's own API
    (["--JupyterHub.hub_bind_url", "http://192.0.2.1:8081/"], {}),
    (["--ConfigurableHTTPProxy.api_url", "http://192.0.2.1:8001"], {}),
    ([], {"MUSCLEPAIN_HUB_IP": "192.0.2.1"}),
    (["--ip", "192.0.2.1"], {"MUSCLEPAIN_HUB_AUTHENTICATOR": "dummy"}),
    (["--ip", "192.0.2.1"], {"MUSCLEPAIN_HUB_AUTHENTICATOR": "jupyterhub.auth.DummyAuthenticator"}),
    (["--ip", "192.0.2.1", "--JupyterHub.authenticator_class", "dummy"], {"MUSCLEPAIN_HUB_AUTHENTICATOR": "pam"}),
    (["--ip", "192.0.2.1"], {"MUSCLEPAIN_HUB_AUTHENTICATOR": "null"}),  # a class that is no real login
]


@pytest.mark.parametrize("args, env", REFUSED, ids=[" ".join(a) + " " + " ".join(f"{k}={v}" for k, v in e.items()) for a, e in REFUSED])
def test_the_trial_hub_refuses_to_listen_beyond_loopback_however_the_address_is_written(tmp_path, args, env):
    done = _start(tmp_path, *args, **env)
    said = done.stderr + done.stdout
    assert done.returncode != 0
    assert "Refusing to listen beyond this computer" in said, said[-2000:]
    assert "Starting proxy" not in said and not (tmp_path / "state" / "jupyterhub.pid").exists()  # before binding


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize("args, env", [
    ([], {}),
    (["--ip", "127.0.0.1"], {}),
    (["--JupyterHub.ip", "127.0.0.2"], {}),
    (["--ip", "localhost"], {}),
    (["--ip", "192.0.2.1"], {"MUSCLEPAIN_HUB_AUTHENTICATOR": "pam"}),  # a real login may face a network
])
def test_the_trial_hub_passes_the_guard_on_loopback_or_with_a_real_authenticator(tmp_path, args, env):
    port = _free_port()
    args += ["--port", str(port)]
    proxy = tmp_path / "no-proxy"  # the run stops where the proxy would start: past the guard
    done = _start(tmp_path, *args, "--ConfigurableHTTPProxy.command", str(proxy), **env)
    said = done.stderr + done.stdout
    assert "Refusing" not in said
    assert "Starting proxy @ http://" in said, said[-2000:]
    assert f":{port}/" in said.split("Starting proxy @ ", 1)[1].split()[0]  # the port asked for


@pytest.mark.parametrize("flag, url", [("--url", "http://192.0.2.1:{port}/"), ("--JupyterHub.bind_url", "http://:{port}/"),
                                       ("--JupyterHub.bind_url", "http://[::]:{port}/")])
def test_a_public_url_on_the_command_line_leaves_the_trial_hub_on_loopback(tmp_path, flag, url):
    """JupyterHub rebuilds bind_url from the configured ip: the proxy starts on 127.0.0.1."""
    port = _free_port()
    done = _start(tmp_path, flag, url.format(port=port), "--ConfigurableHTTPProxy.command", str(tmp_path / "no-proxy"))
    said = done.stderr + done.stdout
    assert "Starting proxy @ http://127.0.0.1:" in said or "Refusing to listen beyond" in said, said[-2000:]


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


def test_the_trial_hub_shuts_down_idle_kernels_with_settings_the_server_knows(tmp_path):
    code = (
        "from traitlets.config.loader import PyFileConfigLoader, KVArgParseConfigLoader\n"
        "from jupyter_server.services.kernels.kernelmanager import MappingKernelManager\n"
        f"config = PyFileConfigLoader('jupyterhub_config.py', path={str(HUB)!r}).load_config()\n"
        "culling = [a for a in config.Spawner.args if a.startswith('--MappingKernelManager.')]\n"
        "manager = MappingKernelManager(config=KVArgParseConfigLoader(culling).load_config())\n"
        "print(manager.cull_idle_timeout, manager.cull_interval, manager.cull_connected)\n"
    )
    environment = {k: v for k, v in os.environ.items() if not k.startswith("MUSCLEPAIN_HUB")}
    environment["MUSCLEPAIN_HUB_DIR"] = str(tmp_path / "state")
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    timeout, interval, connected = done.stdout.split()[-3:]
    assert 0 < int(timeout) <= 3600 and int(interval) > 0 and connected == "True"
