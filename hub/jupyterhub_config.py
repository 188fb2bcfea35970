# A JupyterHub for a class trial on one computer: `make hub` (or `jupyterhub -f hub/jupyterhub_config.py`).
#
# One instructor and N students log in with a trial password printed at start-up. Each
# user's first server start copies the course into their home: the student version for
# students, the instructor version (and a class-report notebook) for the instructor.
# Read it as an example for a real hub; hub/README.md says what to change there.
#
# SAFETY. The single-user servers here all run as the account that started the hub
# (SimpleLocalProcessSpawner: no isolation between users), and the trial password is
# shared. So the hub listens on 127.0.0.1 only, and refuses any other address unless a
# real authenticator (one of REAL_AUTHENTICATORS below) is named in MUSCLEPAIN_HUB_AUTHENTICATOR.
#
# Settings (environment variables):
#   MUSCLEPAIN_HUB_STUDENTS       number of student accounts, student01.. (default 3)
#   MUSCLEPAIN_HUB_INSTRUCTOR     the instructor's user name (default instructor)
#   MUSCLEPAIN_HUB_DIR            the hub's own files and the users' homes (default hub-data/)
#   MUSCLEPAIN_HUB_PASSWORD       the trial password (default: a new random one, kept in
#                                 MUSCLEPAIN_HUB_DIR/trial-password)
#   MUSCLEPAIN_HUB_IP             the address to listen on (default 127.0.0.1)
#   MUSCLEPAIN_HUB_AUTHENTICATOR  a real authenticator class (REAL_AUTHENTICATORS); required
#                                 for any address beyond loopback
#   MUSCLEPAIN_HUB_SERVER_ARGS    extra arguments for every user's server, space-separated
#   MUSCLEPAIN_HUB_API_TOKEN      a token for a service "class-driver" that may start and use
#                                 servers through the hub's API (the load test uses it)

import atexit
import ipaddress
import os
import secrets
import shutil
import sys
import tempfile
from pathlib import Path

from musclepain_lib.classroom.lesson_copy import HOME_FOLDER, copy_course

c = get_config()  # noqa: F821  (JupyterHub provides it)

HERE = Path(__file__).resolve().parent
STATE = Path(os.environ.get("MUSCLEPAIN_HUB_DIR") or HERE.parent / "hub-data").resolve()
HOMES = STATE / "homes"
STUDENTS = int(os.environ.get("MUSCLEPAIN_HUB_STUDENTS", "3"))
INSTRUCTOR = os.environ.get("MUSCLEPAIN_HUB_INSTRUCTOR", "instructor")
USERS = {INSTRUCTOR, *(f"student{n:02d}" for n in range(1, STUDENTS + 1))}
BIN = Path(sys.executable).parent  # the environment JupyterHub runs in also serves the users

STATE.mkdir(parents=True, exist_ok=True)
HOMES.mkdir(exist_ok=True)


# ----- who may log in --------------------------------------------------------------
AUTHENTICATOR = os.environ.get("MUSCLEPAIN_HUB_AUTHENTICATOR", "")
c.JupyterHub.ip = os.environ.get("MUSCLEPAIN_HUB_IP", "127.0.0.1")
# (JupyterHub rebuilds bind_url from this ip and the port, so a --url given on the command line
# is replaced: give --ip and --port. The guard below checks the address really used.)
c.Authenticator.allowed_users = USERS
c.Authenticator.admin_users = {INSTRUCTOR}
if AUTHENTICATOR:
    c.JupyterHub.authenticator_class = AUTHENTICATOR
else:
    password_file = STATE / "trial-password"
    password = os.environ.get("MUSCLEPAIN_HUB_PASSWORD")
    if not password:
        if not password_file.exists():
            password_file.write_text(secrets.token_urlsafe(9) + "\n")
            password_file.chmod(0o600)
        password = password_file.read_text().strip()
    c.JupyterHub.authenticator_class = "dummy"  # for trials only: one password for every account
    c.DummyAuthenticator.password = password
    print(
        "\nTrial hub (for trying a class on this computer only)\n"
        f"  users: {INSTRUCTOR} (instructor), student01 .. student{STUDENTS:02d}\n"
        f"  trial password for every user: {password}\n"
        f"  homes: {HOMES}\n",
        flush=True,
    )

# ----- the trial guard: loopback only, unless a real authenticator guards the door ------
# Checked on the configuration JupyterHub has parsed (this file, then the command line in any
# spelling: --ip X, --ip=X, --JupyterHub.ip X, --url, --JupyterHub.bind_url, hub_ip...), just
# before it writes or binds anything, so no way of writing an address walks around it.
REAL_AUTHENTICATORS = frozenset({
    "jupyterhub.auth.PAMAuthenticator",
    "oauthenticator.github.GitHubOAuthenticator",
    "oauthenticator.gitlab.GitLabOAuthenticator",
    "oauthenticator.google.GoogleOAuthenticator",
    "oauthenticator.azuread.AzureAdOAuthenticator",
    "oauthenticator.cilogon.CILogonOAuthenticator",
    "oauthenticator.generic.GenericOAuthenticator",
    "ltiauthenticator.lti11.authenticator.LTI11Authenticator",
    "ltiauthenticator.lti13.authenticator.LTI13Authenticator",
    "ldapauthenticator.ldapauthenticator.LDAPAuthenticator",
    "nativeauthenticator.nativeauthenticator.NativeAuthenticator",
})  # never the trial's DummyAuthenticator, nor any class not named here


def _host_of(url: str) -> str:
    """The host a URL binds: '' for every interface, the socket path for http+unix."""
    from urllib.parse import unquote, urlparse

    parsed = urlparse(url)
    if parsed.scheme.endswith("+unix"):
        return unquote(parsed.netloc)
    return parsed.hostname or ""


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # '' (every interface), a name, a socket path: not provably this computer only


def _addresses_heard(hub) -> dict[str, str]:
    """Every address the parsed configuration makes the hub, its API or its proxy's API listen on."""
    proxy_api = hub.config.ConfigurableHTTPProxy.get("api_url") or "http://127.0.0.1:8001"
    hub_api = hub.hub_bind_url or f"http://{hub.hub_ip}:{hub.hub_port}"
    return {"the hub (bind_url/ip)": _host_of(hub.bind_url), "the hub's API (hub_bind_url/hub_ip)":
            _host_of(hub_api), "the proxy's API (api_url)": _host_of(proxy_api)}


def _authenticator_name(hub) -> str:
    authenticator = hub.authenticator_class
    return f"{authenticator.__module__}.{authenticator.__qualname__}"


def refuse_a_trial_beyond_loopback(hub) -> None:
    """Exit before the hub writes or binds anything if it would listen beyond this computer
    without an authenticator from REAL_AUTHENTICATORS."""
    outside = {part: host for part, host in _addresses_heard(hub).items() if not _is_loopback(host)}
    authenticator = _authenticator_name(hub)
    if outside and authenticator not in REAL_AUTHENTICATORS:
        where = ", ".join(f"{part} on {host or 'every address'}" for part, host in outside.items())
        sys.exit(
            f"Refusing to listen beyond this computer ({where}) with {authenticator}: this trial hub "
            "uses one shared password and runs every user's server as your own account. Keep it on "
            "127.0.0.1, or name a real authenticator in MUSCLEPAIN_HUB_AUTHENTICATOR, one of: "
            + ", ".join(sorted(REAL_AUTHENTICATORS)) + " (see hub/README.md)."
        )


def guard_the_trial_once_configured() -> None:
    """Run the guard right after JupyterHub has loaded this file and re-applied the command line
    (its next step, init_logging), when the hub's traits hold what it will really use."""
    from jupyterhub.app import JupyterHub

    if not JupyterHub.initialized():
        return  # read by a tool or a test, not started: nothing will listen
    hub = JupyterHub.instance()
    init_logging = hub.init_logging

    def guarded_init_logging():
        refuse_a_trial_beyond_loopback(hub)
        init_logging()

    hub.init_logging = guarded_init_logging


guard_the_trial_once_configured()

# ----- the hub's own files, the proxy ----------------------------------------------
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(STATE / "jupyterhub.pid")


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# The hub's API and the proxy's API on free loopback ports, so trials never collide.
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = _free_port()
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{_free_port()}"
c.ConfigurableHTTPProxy.pid_file = str(STATE / "proxy.pid")
proxy = HERE.parent / "node_modules" / ".bin" / "configurable-http-proxy"
if proxy.exists():
    c.ConfigurableHTTPProxy.command = [str(proxy)]

# ----- each user's server ------------------------------------------------------------
c.JupyterHub.spawner_class = "simple"  # local processes, homes under HOMES (trials only)
c.SimpleLocalProcessSpawner.home_dir_template = str(HOMES / "{username}")
c.Spawner.cmd = [str(BIN / "jupyterhub-singleuser")]
# Kernels talk to their server over local files (IPC), not TCP ports: with a whole class's
# kernels starting at once on one computer, two servers could pick the same free port, and the
# kernel that loses dies at start (seen in a 30-student trial as "restart failed"). A socket
# file's path must stay under about 100 characters, so each user's kernels keep theirs in a
# short folder of their own under /tmp (macOS's own temporary folder is too deep), removed
# when the hub stops.
KERNEL_SOCKETS = Path(tempfile.mkdtemp(prefix="mp-kernels-", dir="/tmp" if os.path.isdir("/tmp") else None))
atexit.register(shutil.rmtree, KERNEL_SOCKETS, ignore_errors=True)
c.Spawner.args = (
    (["--allow-root"] if os.geteuid() == 0 else [])
    + ["--KernelManager.transport=ipc"]
    + os.environ.get("MUSCLEPAIN_HUB_SERVER_ARGS", "").split()
)
c.Spawner.default_url = f"/lab/tree/{HOME_FOLDER}/00_welcome.ipynb"


def shut_down_idle_kernels(minutes: int = 30) -> list[str]:
    """Server arguments that shut down a lesson's kernel left idle for MINUTES, checked every 5:
    an open lesson holds 140-230 MiB (hub/README.md, "Memory")."""
    return [f"--MappingKernelManager.cull_idle_timeout={minutes * 60}", "--MappingKernelManager.cull_interval=300",
            "--MappingKernelManager.cull_connected=True"]


c.Spawner.args = [*c.Spawner.args, *shut_down_idle_kernels()]
c.Spawner.environment = {
    "PATH": f"{BIN}:{os.environ.get('PATH', '/usr/bin:/bin')}",
    "MPLBACKEND": "Agg",
    "JUPYTER_RUNTIME_DIR": lambda spawner: str(KERNEL_SOCKETS / spawner.user.name),
}
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120

CLASS_REPORT_NOTEBOOK = {
    "cells": [
        {"cell_type": "markdown", "id": "about", "metadata": {}, "source": (
            "# How the class is doing\n\nRun the cell below: it reads every student's progress file "
            "(in their home on this hub) and shows, per student and lesson, the self-checks answered "
            "and right, and per question the share right at the first try and the commonest wrong "
            "answer. It also writes `class-report/` (two CSV tables and a figure) beside this notebook.")},
        {"cell_type": "code", "execution_count": None, "id": "report", "metadata": {}, "outputs": [], "source": (
            "import os\n"
            "from musclepain_lib.classroom.class_report import class_report, write_report\n\n"
            "report = class_report([os.environ['MUSCLEPAIN_CLASS_HOMES']])\n"
            "write_report(report, 'class-report')\n"
            "report")},
    ],
    "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
    "nbformat": 4,
    "nbformat_minor": 5,
}


_PORTS_GIVEN: set[int] = set()


def _unique_port() -> int:
    """A free port no other server of this hub was given: a class starting in the same second
    otherwise draws the same free port twice, and one student reaches another's server."""
    while True:
        port = _free_port()
        if port not in _PORTS_GIVEN:
            _PORTS_GIVEN.add(port)
            return port


def copy_the_course(spawner):
    """Before each start: add new or updated lessons to ~/leg-muscle-pain (a learner's changes are kept)."""
    spawner.port = _unique_port()
    import json

    name = spawner.user.name
    home = Path(spawner.home_dir)
    instructor = name == INSTRUCTOR
    result = copy_course(home / HOME_FOLDER, "instructor" if instructor else "student")
    spawner.log.info("Course for %s: %s", name, str(result).replace("\n", "; "))
    if instructor:
        spawner.environment = {**spawner.environment, "MUSCLEPAIN_CLASS_HOMES": str(HOMES)}
        report = home / "class_report.ipynb"
        if not report.exists():
            report.write_text(json.dumps(CLASS_REPORT_NOTEBOOK, indent=1) + "\n")


c.Spawner.pre_spawn_hook = copy_the_course  # also gives each server its own port

# ----- a service token for scripted classes (the load test) ---------------------------
token = os.environ.get("MUSCLEPAIN_HUB_API_TOKEN")
if token:
    c.JupyterHub.services = [{"name": "class-driver", "api_token": token}]
    c.JupyterHub.load_roles = [{
        "name": "class-driver",
        "scopes": ["admin:users", "admin:servers", "access:servers", "list:users", "read:users"],
        "services": ["class-driver"],
    }]

if shutil.which("node") is None:
    print("Note: configurable-http-proxy needs Node.js (npm ci in the course folder installs the proxy).", flush=True)
