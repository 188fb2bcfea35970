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


#: The trial hub as `make hub` starts it; `jupyterhub -f hub/jupyterhub_config.py` starts the same hub.
TRIAL_HUB = [sys.executable, "-m", "musclepain_lib.classroom.trial_hub"]


def _start(tmp_path, *args, hub=TRIAL_HUB, **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("MUSCLEPAIN_HUB")}
    environment.update(MUSCLEPAIN_HUB_DIR=str(tmp_path / "state"), **env)
    return subprocess.run([*hub, "-f", str(HUB / "jupyterhub_config.py"), *args],
                          cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=60)


def _read_config(tmp_path, code: str) -> subprocess.CompletedProcess:
    """Run ``code`` after loading the trial hub's configuration as ``config``, in a process of its own."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("MUSCLEPAIN_HUB")}
    environment["MUSCLEPAIN_HUB_DIR"] = str(tmp_path / "state")
    load = ("from traitlets.config.loader import PyFileConfigLoader\n"
            f"config = PyFileConfigLoader('jupyterhub_config.py', path={str(HUB)!r}).load_config()\n")
    done = subprocess.run([sys.executable, "-c", load + code], cwd=tmp_path, env=environment,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    return done


#: Every way of asking the trial hub for an address beyond this computer, and the authenticators
#: that must not make it start there: the trial's own, and the dummy one named outright.
WALKS_AROUND = [
    (["--ip=192.0.2.1"], {}),
    (["--ip", "192.0.2.1"], {}),
    (["--JupyterHub.ip", "192.0.2.1"], {}),
    (["--JupyterHub.ip=0.0.0.0"], {}),
    (["--JupyterHub.ip="], {}),  # an empty address is every address
    (["--ip", "::"], {}),
    (["--JupyterHubApp.ip=192.0.2.1"], {}),  # the old prefix, merged late by JupyterHub itself
    (["--JupyterHub.hub_bind_url", "http://192.0.2.1:8081/"], {}),
    (["--JupyterHub.hub_ip=0.0.0.0"], {}),  # the hub's own API, which serves the login page too
    (["--ConfigurableHTTPProxy.api_url=http://192.0.2.1:8001"], {}),
    ([], {"MUSCLEPAIN_HUB_IP": "192.0.2.1"}),
    ([], {"MUSCLEPAIN_HUB_IP": "192.0.2.1", "MUSCLEPAIN_HUB_AUTHENTICATOR": "dummy"}),
    (["--ip=192.0.2.1", "--JupyterHub.authenticator_class=dummy"], {}),
    (["--ip", "192.0.2.1", "--JupyterHub.authenticator_class", "dummy"], {"MUSCLEPAIN_HUB_AUTHENTICATOR": "pam"}),
    (["--ip", "192.0.2.1"], {"MUSCLEPAIN_HUB_AUTHENTICATOR": "null"}),  # a class that is no real login
    (["--ip=192.0.2.1"], {"MUSCLEPAIN_HUB_AUTHENTICATOR": "jupyterhub.auth.DummyAuthenticator"}),
    # a real login, but every user's server still runs as the one account that started the hub
    (["--ip=192.0.2.1"], {"MUSCLEPAIN_HUB_AUTHENTICATOR": "jupyterhub.auth.PAMAuthenticator"}),
]


@pytest.mark.parametrize("args, env", WALKS_AROUND, ids=lambda v: " ".join(v) if isinstance(v, list) else repr(v))
def test_the_guard_refuses_every_way_of_listening_beyond_loopback_with_a_trial_login(args, env, tmp_path, monkeypatch):
    from jupyterhub.app import JupyterHub

    from musclepain_lib.classroom.hub_guard import listening_places, problem

    hub = JupyterHub()
    hub.config_file = str(HUB / "jupyterhub_config.py")
    for name in [k for k in os.environ if k.startswith("MUSCLEPAIN_HUB")]:
        monkeypatch.delenv(name)
    for name, value in {"MUSCLEPAIN_HUB_DIR": str(tmp_path / "state"), **env}.items():
        monkeypatch.setenv(name, value)
    hub.parse_command_line(args)
    hub.load_config_file(hub.config_file)
    if "JupyterHubApp" in hub.config:  # as JupyterHub.initialize merges the old prefix
        config = hub.config.copy()
        config.JupyterHub.merge(config.JupyterHubApp)
        hub.update_config(config)
    assert problem(listening_places(hub), hub.authenticator_class, hub.spawner_class), (args, env)


def test_a_bind_url_on_the_command_line_yields_to_the_trials_loopback_address(tmp_path, monkeypatch):
    # JupyterHub rebuilds bind_url from the ip this config sets, so the hub stays on 127.0.0.1
    from jupyterhub.app import JupyterHub

    from musclepain_lib.classroom.hub_guard import is_loopback, listening_places

    monkeypatch.setenv("MUSCLEPAIN_HUB_DIR", str(tmp_path / "state"))
    monkeypatch.delenv("MUSCLEPAIN_HUB_IP", raising=False)
    hub = JupyterHub()
    hub.parse_command_line(["--JupyterHub.bind_url", "http://192.0.2.7:8000/"])
    hub.load_config_file(str(HUB / "jupyterhub_config.py"))
    from urllib.parse import urlsplit

    assert all(is_loopback(urlsplit(place).hostname) for place in listening_places(hub).values())


@pytest.mark.slow  # a real hub process for each spelling: `make test` runs it
@pytest.mark.parametrize("args, env", WALKS_AROUND, ids=lambda v: " ".join(v) if isinstance(v, list) else repr(v))
def test_a_real_trial_hub_refuses_to_start_before_opening_a_port(tmp_path, args, env):
    done = _start(tmp_path, *args, **env)
    assert done.returncode != 0
    assert "Refusing to start" in done.stderr + done.stdout, done.stderr[-2000:]
    assert not (tmp_path / "state" / "jupyterhub.pid").exists(), "the check comes before the hub writes anything"


def test_the_trial_hub_refuses_a_public_address_started_as_the_readme_says(tmp_path):
    done = _start(tmp_path, "--ip", "192.0.2.1")
    assert done.returncode != 0 and "Refusing to start" in done.stderr + done.stdout


@pytest.mark.parametrize("args", [["--ip", "192.0.2.1"], ["--JupyterHub.hub_ip=0.0.0.0"]])
def test_jupyterhub_itself_started_on_the_trial_configuration_refuses_the_same_addresses(tmp_path, args):
    done = _start(tmp_path, *args, hub=[str(JUPYTERHUB)])
    assert done.returncode != 0 and "Refusing to start" in done.stderr + done.stdout, done.stderr[-2000:]
    assert not (tmp_path / "state" / "jupyterhub.pid").exists()


@pytest.mark.parametrize("authenticator", ["oauthenticator.github.GitHubOAuthenticator", "jupyterhub.auth.PAMAuthenticator"])
def test_a_real_login_may_listen_on_a_public_address(authenticator):
    from musclepain_lib.classroom.hub_guard import problem

    assert problem({"the hub": "http://192.0.2.1:8000"}, authenticator) is None
    assert problem({"the hub": "http://127.0.0.1:8000"}, "jupyterhub.auth.DummyAuthenticator") is None
    assert problem({"the hub": "http://192.0.2.1:8000"}, "jupyterhub.auth.DummyAuthenticator")


def test_a_real_login_extended_keeps_counting_only_while_it_checks_people_as_before():
    from jupyterhub.auth import DummyAuthenticator, PAMAuthenticator

    from musclepain_lib.classroom.hub_guard import is_real

    class OpensALesson(PAMAuthenticator):
        def get_handlers(self, app):
            return super().get_handlers(app)

    class LetsAnyoneIn(PAMAuthenticator):
        async def authenticate(self, handler, data):
            return data["username"]

    assert is_real(PAMAuthenticator) and is_real(OpensALesson)
    assert not is_real(LetsAnyoneIn) and not is_real(DummyAuthenticator) and not is_real("dummy")


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
        "runtime = config.Spawner.environment['JUPYTER_RUNTIME_DIR']\n"
        "user = types.SimpleNamespace(user=types.SimpleNamespace(name='instructor'))\n"
        "folder = runtime(user)\n"
        "print('ipc' if '--KernelManager.transport=ipc' in config.Spawner.args else 'tcp')\n"
        "print(len(folder + '/kernel-01234567-89ab-cdef-0123-456789abcdef-ipc-4'))\n"
        "print(os.path.dirname(folder))\n"
    )
    done = _read_config(tmp_path, code)
    transport, length, folder = done.stdout.split()[-3:]  # after what the configuration prints
    assert transport == "ipc" and int(length) < 100
    assert not Path(folder).exists(), "the sockets' folder outlives the hub"


def test_the_trial_hub_shuts_down_idle_kernels_with_settings_the_server_knows(tmp_path):
    code = (
        "from traitlets.config.loader import KVArgParseConfigLoader\n"
        "from jupyter_server.services.kernels.kernelmanager import MappingKernelManager\n"
        "culling = [a for a in config.Spawner.args if a.startswith('--MappingKernelManager.')]\n"
        "manager = MappingKernelManager(config=KVArgParseConfigLoader(culling).load_config())\n"
        "print(manager.cull_idle_timeout, manager.cull_interval, manager.cull_connected)\n"
    )
    done = _read_config(tmp_path, code)
    timeout, interval, connected = done.stdout.split()[-3:]
    assert 0 < int(timeout) <= 3600 and int(interval) > 0 and connected == "True"


def test_the_trial_hub_starts_the_progress_service_and_lets_each_server_token_reach_it(tmp_path):
    code = (
        "import json\n"
        "listed = lambda value: value.get_value([]) if hasattr(value, 'get_value') else list(value)\n"
        "print(json.dumps({'services': listed(config.JupyterHub.services), 'roles': listed(config.JupyterHub.load_roles),\n"
        "  'server': list(config.Spawner.server_token_scopes), 'env': sorted(config.Spawner.environment)}))\n"
    )
    done = _read_config(tmp_path, code)
    config = __import__("json").loads(done.stdout.strip().splitlines()[-1])
    (service,) = [s for s in config["services"] if s["name"] == "musclepain-progress"]
    assert service["url"].startswith("http://127.0.0.1:") and "musclepain_lib.classroom.progress_service" in service["command"]
    assert str(tmp_path / "state" / "class-progress.sqlite") in " ".join(service["command"])
    access = "access:services!service=musclepain-progress"
    roles = {role["name"]: role for role in config["roles"]}
    assert roles["user"]["scopes"] == ["self", access] and access in config["server"]
    # the service reads the roster, nothing more: no admin scope, no access to users' servers
    assert roles["musclepain-progress"]["scopes"] == ["list:users", "read:users"]
    assert "MUSCLEPAIN_PROGRESS_SERVICE_URL" in config["env"]


def test_the_littlest_jupyterhub_progress_service_gives_the_same_scopes_as_the_trial_hub():
    text = (HUB / "tljh-progress-service.py").read_text()
    compile(text, "tljh-progress-service.py", "exec")
    for needed in ('{"name": "user", "scopes": ["self", ACCESS]}', '"scopes": ["list:users", "read:users"]',
                   "server_token_scopes", "MUSCLEPAIN_PROGRESS_SERVICE_URL", "musclepain_lib.classroom.progress_service"):
        assert needed in text


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


def test_a_class_starts_fast_the_trial_hub_hands_out_servers_without_unused_work(tmp_path):
    """Each server: the lighter entry point, no language-server proxy, handed over once it listens;
    each home: the hub's matplotlib font list, made once (matplotlib reads it without making its own)."""
    code = (
        "import asyncio, json, os, subprocess, sys\n"
        "from pathlib import Path\n"
        "from traitlets.config import Config\n"
        "from jupyterhub.spawner import SimpleLocalProcessSpawner\n"
        f"namespace = {{'get_config': Config, '__file__': {str(HUB / 'jupyterhub_config.py')!r}}}\n"
        f"exec(compile(open({str(HUB / 'jupyterhub_config.py')!r}).read(), 'jupyterhub_config.py', 'exec'), namespace)\n"
        "c = namespace['c']\n"
        "home = Path('home')\n"
        "asyncio.run(namespace['give_the_font_list'](home))\n"
        "made = sorted(p.name for p in (home / '.cache' / 'matplotlib').glob('fontlist-v*.json'))\n"
        "before = {p: p.stat().st_mtime_ns for p in (home / '.cache' / 'matplotlib').iterdir()}\n"
        "env = {k: v for k, v in os.environ.items() if k not in ('MPLCONFIGDIR', 'XDG_CACHE_HOME')}\n"
        "env['HOME'] = str(home.resolve())\n"
        "subprocess.run([sys.executable, '-c', 'import matplotlib.font_manager'], env=env, check=True)\n"
        "after = {p: p.stat().st_mtime_ns for p in (home / '.cache' / 'matplotlib').iterdir()}\n"
        "print(json.dumps({'cmd': list(c.Spawner.cmd), 'args': list(c.Spawner.args), 'made': made,\n"
        "  'kept': before == after, 'spawner': issubclass(c.JupyterHub.spawner_class, SimpleLocalProcessSpawner),\n"
        "  'hook': c.Spawner.pre_spawn_hook.__name__}))\n"
    )
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("MUSCLEPAIN_HUB", "MPLCONFIGDIR"))}
    environment["MUSCLEPAIN_HUB_DIR"] = str(tmp_path / "state")
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    config = __import__("json").loads(done.stdout.strip().splitlines()[-1])
    assert config["cmd"][1:] == ["-m", "musclepain_lib.classroom.hub_server"]
    assert "--ServerApp.jpserver_extensions=jupyter_lsp=False" in config["args"]
    assert config["spawner"] and config["hook"] == "prepare_the_home"
    assert config["made"] and config["kept"], config  # matplotlib took the hub's list as its own


def test_a_hub_server_builds_the_iri_grammar_only_when_a_check_needs_it_and_asks_node_nothing():
    code = (
        "import subprocess, sys\n"
        "from musclepain_lib.classroom import hub_server\n"
        "hub_server.defer_iri_grammar(); hub_server.skip_yarn_config()\n"
        "import jsonschema\n"
        "from jupyterlab import commands\n"
        "assert 'rfc3987_syntax.syntax_helpers' not in sys.modules\n"
        "calls = []\n"
        "subprocess.check_output = lambda *a, **k: calls.append(a)\n"
        "assert commands.AppOptions().registry == commands.YARN_DEFAULT_REGISTRY and not calls\n"
        "checker = jsonschema.FormatChecker()\n"
        "print(checker.conforms('https://example.org/\u00e9t\u00e9', 'iri'), checker.conforms('no iri', 'iri'),\n"
        "      'rfc3987_syntax.syntax_helpers' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["True", "False", "True"]  # IRIs are still checked, by the real grammar


def test_a_hub_server_is_handed_over_as_soon_as_it_listens_or_when_it_ended():
    import asyncio
    import time

    from musclepain_lib.classroom.hub_server import until_listening
    from tools.browser import free_port

    async def scenario():
        port = free_port()

        async def listen_later():
            await asyncio.sleep(0.3)
            return await asyncio.start_server(lambda r, w: w.close(), "127.0.0.1", port)

        opening = asyncio.ensure_future(listen_later())
        started = time.monotonic()
        found = await until_listening("127.0.0.1", port, alive=lambda: True, timeout=10)
        waited = time.monotonic() - started
        (await opening).close()
        ended = await until_listening("127.0.0.1", free_port(), alive=lambda: False, timeout=10)
        return found, waited, ended

    found, waited, ended = asyncio.run(scenario())
    assert found and 0.25 < waited < 1.5 and ended is False
