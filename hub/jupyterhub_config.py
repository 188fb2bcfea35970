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
# real authenticator is named in MUSCLEPAIN_HUB_AUTHENTICATOR.
#
# Settings (environment variables):
#   MUSCLEPAIN_HUB_STUDENTS       number of student accounts, student01.. (default 3)
#   MUSCLEPAIN_HUB_INSTRUCTOR     the instructor's user name (default instructor)
#   MUSCLEPAIN_HUB_DIR            the hub's own files and the users' homes (default hub-data/)
#   MUSCLEPAIN_HUB_PASSWORD       the trial password (default: a new random one, kept in
#                                 MUSCLEPAIN_HUB_DIR/trial-password)
#   MUSCLEPAIN_HUB_IP             the address to listen on (default 127.0.0.1)
#   MUSCLEPAIN_HUB_AUTHENTICATOR  a real authenticator class; required for a public address
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


def _listen_address() -> str:
    """The address asked for: the environment, or --ip / --JupyterHub.ip / --bind-url on the command line."""
    address = os.environ.get("MUSCLEPAIN_HUB_IP", "127.0.0.1")
    for argument in sys.argv[1:]:
        for flag in ("--ip=", "--JupyterHub.ip=", "--url=", "--bind-url=", "--JupyterHub.bind_url="):
            if argument.startswith(flag):
                value = argument[len(flag):]
                address = value.split("://", 1)[-1].split("/", 1)[0].rsplit(":", 1)[0].strip("[]") if "://" in value else value
    return address


def _is_loopback(address: str) -> bool:
    if address == "localhost":
        return True
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


# ----- who may log in --------------------------------------------------------------
AUTHENTICATOR = os.environ.get("MUSCLEPAIN_HUB_AUTHENTICATOR", "")
ADDRESS = _listen_address()
if not AUTHENTICATOR and not _is_loopback(ADDRESS):
    sys.exit(
        f"Refusing to listen on {ADDRESS}: this trial hub uses one shared password and runs every "
        "user's server as your own account. Keep it on 127.0.0.1, or name a real authenticator "
        "in MUSCLEPAIN_HUB_AUTHENTICATOR (see hub/README.md)."
    )
c.JupyterHub.ip = ADDRESS
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


#: What a student's server is started without: a terminal would read other homes on this
#: unisolated trial hub (every account is the hub's own user). The instructor keeps theirs.
STUDENT_SERVER_ARGS = ["--ServerApp.terminals_enabled=False"]


def no_terminal_for_students(spawner):
    """Start a student's server with terminals switched off; the instructor's keeps them."""
    if spawner.user.name != INSTRUCTOR:
        spawner.args = [*spawner.args, *STUDENT_SERVER_ARGS]


def copy_the_course(spawner):
    """Before each start: add new or updated lessons to ~/leg-muscle-pain (a learner's changes are kept)."""
    spawner.port = _unique_port()
    import json

    name = spawner.user.name
    home = Path(spawner.home_dir)
    instructor = name == INSTRUCTOR
    result = copy_course(home / HOME_FOLDER, "instructor" if instructor else "student")
    spawner.log.info("Course for %s: %s", name, str(result).replace("\n", "; "))
    no_terminal_for_students(spawner)
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
