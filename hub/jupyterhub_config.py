# A JupyterHub for a class trial on one computer: `make hub` (or `jupyterhub -f hub/jupyterhub_config.py`).
#
# One instructor and N students log in with a trial password printed at start-up. Each
# user's first server start copies the course into their home: the student version for
# students, the instructor version (and a class-report notebook) for the instructor.
# Read it as an example for a real hub; hub/README.md says what to change there.
#
# SAFETY. The single-user servers here all run as the account that started the hub
# (SimpleLocalProcessSpawner: no isolation between users), and the trial password is
# shared. So the hub listens on 127.0.0.1 only, and refuses to start on any other address
# (however it is asked for) unless a real authenticator, one of
# musclepain_lib.classroom.hub_guard.REAL_AUTHENTICATORS, is named in MUSCLEPAIN_HUB_AUTHENTICATOR.
#
# Settings (environment variables):
#   MUSCLEPAIN_HUB_STUDENTS       number of student accounts, student01.. (default 3)
#   MUSCLEPAIN_HUB_INSTRUCTOR     the instructor's user name (default instructor)
#   MUSCLEPAIN_HUB_DIR            the hub's own files and the users' homes (default hub-data/)
#   MUSCLEPAIN_HUB_PASSWORD       the trial password (default: a new random one, kept in
#                                 MUSCLEPAIN_HUB_DIR/trial-password)
#   MUSCLEPAIN_HUB_IP             the address to listen on (default 127.0.0.1)
#   MUSCLEPAIN_HUB_AUTHENTICATOR  a real authenticator class; required for a public address;
#                                 lti13 takes users from an LMS over LTI 1.3, with:
#   MUSCLEPAIN_LTI_ISSUER         the LMS's issuer (platform id), e.g. https://moodle.uni.example
#   MUSCLEPAIN_LTI_CLIENT_ID      the client id the LMS gave this tool
#   MUSCLEPAIN_LTI_AUTHORIZE_URL  the LMS's authentication request URL (OIDC authorization)
#   MUSCLEPAIN_LTI_JWKS_URL       the LMS's public keyset URL
#   MUSCLEPAIN_HUB_SERVER_ARGS    extra arguments for every user's server, space-separated
#   MUSCLEPAIN_HUB_API_TOKEN      a token for a service "class-driver" that may start and use
#                                 servers through the hub's API (the load test uses it)

import atexit
import os
import secrets
import shutil
import sys
import tempfile
from pathlib import Path

from jupyterhub.app import JupyterHub
from jupyterhub.spawner import SimpleLocalProcessSpawner

from musclepain_lib.classroom.hub_guard import install as install_trial_guard
from musclepain_lib.classroom.hub_server import until_listening
from musclepain_lib.classroom.lesson_copy import HOME_FOLDER, copy_course

c = get_config()  # noqa: F821  (JupyterHub provides it)

HERE = Path(__file__).resolve().parent
STATE = Path(os.environ.get("MUSCLEPAIN_HUB_DIR") or HERE.parent / "hub-data").resolve()
HOMES = STATE / "homes"
STUDENTS = int(os.environ.get("MUSCLEPAIN_HUB_STUDENTS", "3"))
INSTRUCTOR = os.environ.get("MUSCLEPAIN_HUB_INSTRUCTOR", "instructor")
USERS = {INSTRUCTOR, *(f"student{n:02d}" for n in range(1, STUDENTS + 1))}
BIN = Path(sys.executable).parent  # the environment JupyterHub runs in also serves the users
#: The source lessons, from which the hub (never a user's command) makes the instructor version.
SOURCE_LESSONS = HERE.parent / "notebooks"

STATE.mkdir(parents=True, exist_ok=True)
HOMES.mkdir(exist_ok=True)


# ----- who may log in --------------------------------------------------------------
AUTHENTICATOR = os.environ.get("MUSCLEPAIN_HUB_AUTHENTICATOR", "")
# The guard reads the configuration JupyterHub ends up with (this file, the command line in any
# spelling, the environment), once it is final and before any port opens.
install_trial_guard(JupyterHub)
c.JupyterHub.ip = os.environ.get("MUSCLEPAIN_HUB_IP", "127.0.0.1")
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

# ----- LTI 1.3: the users come from the institution's LMS (hub/README.md) -----------------
LTI_SETTINGS = {  # LTI13Authenticator setting: the environment variable that gives it
    "issuer": "MUSCLEPAIN_LTI_ISSUER",
    "client_id": "MUSCLEPAIN_LTI_CLIENT_ID",
    "authorize_url": "MUSCLEPAIN_LTI_AUTHORIZE_URL",
    "jwks_endpoint": "MUSCLEPAIN_LTI_JWKS_URL",
}
LTI_ROLES_CLAIM = "https://purl.imsglobal.org/spec/lti/claim/roles"
LTI_INSTRUCTOR_ROLES = {"Instructor", "TeachingAssistant", "Administrator"}
INSTRUCTORS_GROUP = "instructors"
USES_LTI = AUTHENTICATOR == "lti13"


def lti_role_names(roles) -> set[str]:
    """The role names in an LTI roles claim: ``.../membership#Instructor`` and
    ``.../membership/Instructor#TeachingAssistant`` give Instructor and TeachingAssistant."""
    if not isinstance(roles, list):
        return set()
    return {str(role).rsplit("#", 1)[-1].rsplit("/", 1)[-1] for role in roles}


def lti_sort_by_role(authenticator, handler, authentication):
    """After an LTI launch: Instructor, TeachingAssistant or Administrator join the instructors
    group (the instructor version); everyone else, Learner included, gets the student version."""
    roles = lti_role_names((authentication.get("auth_state") or {}).get(LTI_ROLES_CLAIM))
    authentication["groups"] = [INSTRUCTORS_GROUP] if roles & LTI_INSTRUCTOR_ROLES else []
    return authentication


LTI_CUSTOM_CLAIM = "https://purl.imsglobal.org/spec/lti/claim/custom"


def lti_lesson_url(base_url: str, custom) -> str | None:
    """The lesson a link's custom parameter ``lesson=01_electrolytes`` names, as a hub URL; None
    for no parameter or a name that is not one of the course's lessons (never a path of its own)."""
    from musclepain_lib.core.manifest import lesson_ids

    lesson = custom.get("lesson") if isinstance(custom, dict) else None
    if lesson not in lesson_ids():
        return None
    return f"{base_url.rstrip('/')}/user-redirect/lab/tree/{HOME_FOLDER}/{lesson}.ipynb"


def lti_authenticator_opening_lessons():
    """The LTI 1.3 authenticator, whose launch opens the lesson named by the link's custom
    parameter ``lesson``; without one, the link's own address (target_link_uri) is opened."""
    from ltiauthenticator.lti13.auth import LTI13Authenticator
    from ltiauthenticator.lti13.handlers import LTI13CallbackHandler

    class LessonLaunchHandler(LTI13CallbackHandler):
        lesson_url = None

        def decode_and_validate_launch_request(self):
            id_token = super().decode_and_validate_launch_request()
            self.lesson_url = lti_lesson_url(self.hub.base_url, id_token.get(LTI_CUSTOM_CLAIM))
            return id_token

        def get_next_url(self, user=None):
            return self.lesson_url or super().get_next_url(user)

    class CourseLTI13Authenticator(LTI13Authenticator):
        callback_handler = LessonLaunchHandler

    return CourseLTI13Authenticator


def configure_lti13() -> None:
    """Take users from an LMS over LTI 1.3 (jupyterhub-ltiauthenticator); every setting is required."""
    missing = [variable for variable in LTI_SETTINGS.values() if not os.environ.get(variable)]
    if missing:
        sys.exit(f"MUSCLEPAIN_HUB_AUTHENTICATOR=lti13 needs {', '.join(missing)} (see hub/README.md).")
    c.JupyterHub.authenticator_class = lti_authenticator_opening_lessons()
    for setting, variable in LTI_SETTINGS.items():
        value = os.environ[variable]
        setattr(c.LTI13Authenticator, setting, {value} if setting == "client_id" else value)
    c.LTI13Authenticator.username_key = "email"  # the LMS's e-mail address names the user
    c.Authenticator.allow_all = True  # whoever the LMS launches; the LMS decides who may
    c.Authenticator.allowed_users = set()
    c.Authenticator.admin_users = set()  # LMS roles never make hub admins
    c.Authenticator.manage_groups = True
    c.Authenticator.post_auth_hook = lti_sort_by_role


if USES_LTI:
    configure_lti13()


def is_instructor(user) -> bool:
    """The instructor version: the trial's instructor account, or (with LTI) the instructors group."""
    if USES_LTI:
        return any(group.name == INSTRUCTORS_GROUP for group in user.groups)
    return user.name == INSTRUCTOR


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
#: How many servers start at the same time; the others wait their turn (MUSCLEPAIN_HUB_STARTS_AT_ONCE).
STARTS_AT_ONCE = int(os.environ.get("MUSCLEPAIN_HUB_STARTS_AT_ONCE") or max(2, os.cpu_count() or 1))


class CourseSpawner(SimpleLocalProcessSpawner):
    """Local processes, homes under HOMES (trials only), started a few at a time and handed to
    the hub once they listen.

    - **A few at a time.** A server's start is CPU work (imports). Thirty started together on
      two CPUs share them, and all are ready near the end, after about the time all thirty
      take; started STARTS_AT_ONCE at a time, the first are ready in seconds and the middle
      student after about half of it, while the last waits as long as before.
    - **Handed over once it listens.** The hub asks a new server whether it is up at growing
      intervals, up to 5 s apart; this spawner watches the server's port more often, so the
      hub's first question finds it up (a student waited up to 5 s more for a server that was
      already there)."""

    _turns = None  # an asyncio.Semaphore shared by every user's spawner, made in the hub's loop

    async def start(self):
        import asyncio

        if CourseSpawner._turns is None:
            CourseSpawner._turns = asyncio.Semaphore(STARTS_AT_ONCE)
        async with CourseSpawner._turns:
            self.log.info("Server of %s: its turn to start", self.user.name)
            ip, port = await super().start()
            await until_listening(ip, port, alive=lambda: self.proc is not None and self.proc.poll() is None,
                                  timeout=self.http_timeout)
        return ip, port


c.JupyterHub.spawner_class = CourseSpawner
c.SimpleLocalProcessSpawner.home_dir_template = str(HOMES / "{username}")
# jupyterhub-singleuser without two start-up costs no student uses (musclepain_lib/classroom/hub_server.py)
c.Spawner.cmd = [str(BIN / "python"), "-m", "musclepain_lib.classroom.hub_server"]
# Kernels talk to their server over local files (IPC), not TCP ports: with a whole class's
# kernels starting at once on one computer, two servers could pick the same free port, and the
# kernel that loses dies at start (seen in a 30-student trial as "restart failed"). A socket
# file's path must stay under about 100 characters, so each user's kernels keep theirs in a
# short folder of their own under /tmp (macOS's own temporary folder is too deep), removed
# when the hub stops.
KERNEL_SOCKETS = Path(tempfile.mkdtemp(prefix="mp-kernels-", dir="/tmp" if os.path.isdir("/tmp") else None))
atexit.register(shutil.rmtree, KERNEL_SOCKETS, ignore_errors=True)
#: Server extensions no user of this hub uses, left out of every server's start: jupyter_lsp
#: proxies language servers, and none is installed with the course.
UNUSED_SERVER_EXTENSIONS = ["jupyter_lsp"]
c.Spawner.args = (
    (["--allow-root"] if os.geteuid() == 0 else [])
    + ["--KernelManager.transport=ipc"]
    + [f"--ServerApp.jpserver_extensions={name}=False" for name in UNUSED_SERVER_EXTENSIONS]
    + os.environ.get("MUSCLEPAIN_HUB_SERVER_ARGS", "").split()
)


def shut_down_idle_kernels(minutes: int = 30) -> list[str]:
    """Server arguments that shut down a lesson's kernel left idle for MINUTES, checked every 5:
    an open lesson holds 140-230 MiB (hub/README.md, "Memory")."""
    return [f"--MappingKernelManager.cull_idle_timeout={minutes * 60}", "--MappingKernelManager.cull_interval=300",
            "--MappingKernelManager.cull_connected=True"]


c.Spawner.args = [*c.Spawner.args, *shut_down_idle_kernels()]
c.Spawner.default_url = f"/lab/tree/{HOME_FOLDER}/00_welcome.ipynb"
c.Spawner.environment = {
    "PATH": f"{BIN}:{os.environ.get('PATH', '/usr/bin:/bin')}",
    "MPLBACKEND": "Agg",
    # figures the same for every student (lesson 00's symptom map) drawn once for the class
    "MUSCLEPAIN_FIGURE_CACHE": str(STATE / "figures"),
    "JUPYTER_RUNTIME_DIR": lambda spawner: str(KERNEL_SOCKETS / spawner.user.name),
}
c.Spawner.start_timeout = 600  # a class's last server waits its turn (STARTS_AT_ONCE) before its own start
c.Spawner.http_timeout = 120

CLASS_REPORT_NOTEBOOK = {
    "cells": [
        {"cell_type": "markdown", "id": "about", "metadata": {}, "source": (
            "# How the class is doing\n\nThe first cell asks the hub's progress service, which every "
            "student's lessons send their answers to as they work: per question, the share right at "
            "the first try, the answers opened before trying, the commonest wrong answers and "
            "misconceptions, weakest first; per lesson, who opened and finished it. Run it again to see "
            "the class move. The class page, `/services/musclepain-progress/` on this hub, shows the "
            "same and refreshes itself.")},
        {"cell_type": "code", "execution_count": None, "id": "live", "metadata": {}, "outputs": [], "source": (
            "import os\n"
            "from musclepain_lib.classroom.class_live import fetch_class, summary_text\n\n"
            "service = os.environ.get('MUSCLEPAIN_PROGRESS_SERVICE_URL')\n"
            "if service:\n"
            "    print(summary_text(fetch_class(service, os.environ['JUPYTERHUB_API_TOKEN'])))\n"
            "else:\n"
            "    print('This hub runs no progress service: the cell below reads the homes instead.')")},
        {"cell_type": "markdown", "id": "homes", "metadata": {}, "source": (
            "On this trial hub the instructor can also read every student's progress file in their "
            "home. The cell below does, and writes `class-report/` (two CSV tables and a figure) beside "
            "this notebook.")},
        {"cell_type": "code", "execution_count": None, "id": "report", "metadata": {}, "outputs": [], "source": (
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
    if not is_instructor(spawner.user):
        spawner.args = [*spawner.args, *STUDENT_SERVER_ARGS]


#: Matplotlib's list of the computer's fonts, made once for the hub. Each home's first
#: `import matplotlib` otherwise makes its own (every font file opened: about 0.5 s of CPU a
#: student, paid by the whole class at once when it starts together).
FONT_LIST_DIR = STATE / "matplotlib"
_font_list_made = None


async def font_list() -> list[Path]:
    """Matplotlib's font list files (fontlist-v*.json), made (or checked, if kept from an earlier
    start) by one `import matplotlib` at the hub's first server start."""
    import asyncio

    global _font_list_made
    if _font_list_made is None:
        async def make():
            FONT_LIST_DIR.mkdir(parents=True, exist_ok=True)
            process = await asyncio.create_subprocess_exec(
                sys.executable, "-c", "import matplotlib.font_manager",
                env={**os.environ, "MPLCONFIGDIR": str(FONT_LIST_DIR)},
                stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL)
            await process.wait()

        _font_list_made = asyncio.ensure_future(make())
    await asyncio.shield(_font_list_made)
    return sorted(FONT_LIST_DIR.glob("fontlist-v*.json"))


async def give_the_font_list(home: Path) -> None:
    """Put the hub's matplotlib font list in a home that has none (~/.cache/matplotlib)."""
    cache = home / ".cache" / "matplotlib"
    for made in await font_list():
        if not (cache / made.name).exists():
            cache.mkdir(parents=True, exist_ok=True)
            partial = cache / f".{made.name}.{os.getpid()}"
            shutil.copyfile(made, partial)
            os.replace(partial, cache / made.name)  # whole or not at all, for a kernel reading it now


def copy_the_course(spawner):
    """Before each start: add new or updated lessons to ~/leg-muscle-pain (a learner's changes are kept)."""
    spawner.port = _unique_port()
    import json

    name = spawner.user.name
    home = Path(spawner.home_dir)
    instructor = is_instructor(spawner.user)
    if instructor:
        result = copy_course(home / HOME_FOLDER, "instructor", source=SOURCE_LESSONS)
    else:
        result = copy_course(home / HOME_FOLDER, "student")
    spawner.log.info("Course for %s: %s", name, str(result).replace("\n", "; "))
    no_terminal_for_students(spawner)
    if instructor:
        spawner.environment = {**spawner.environment, "MUSCLEPAIN_CLASS_HOMES": str(HOMES)}
        report = home / "class_report.ipynb"
        if not report.exists():
            report.write_text(json.dumps(CLASS_REPORT_NOTEBOOK, indent=1) + "\n")


_FONT_LISTS_GIVEN: set = set()  # the tasks giving them, kept until done


async def prepare_the_home(spawner):
    """Before each start: the course (copy_the_course) in the home, and matplotlib's font list
    while the server starts (only the kernel, started later, reads it; a kernel that finds none
    makes its own, as without the hub's)."""
    import asyncio

    copy_the_course(spawner)
    name = spawner.user.name

    async def give():
        try:
            await give_the_font_list(Path(spawner.home_dir))
        except OSError as error:
            spawner.log.warning("No font list for %s: %s", name, error)

    task = asyncio.ensure_future(give())
    _FONT_LISTS_GIVEN.add(task)
    task.add_done_callback(_FONT_LISTS_GIVEN.discard)
    spawner.log.info("Home ready for %s: starting the server", name)


c.Spawner.pre_spawn_hook = prepare_the_home  # also gives each server its own port

# ----- a service token for scripted classes (the load test) ---------------------------
token = os.environ.get("MUSCLEPAIN_HUB_API_TOKEN")
if token:
    c.JupyterHub.services.append({"name": "class-driver", "api_token": token})
    c.JupyterHub.load_roles.append({
        "name": "class-driver",
        "scopes": ["admin:users", "admin:servers", "access:servers", "list:users", "read:users"],
        "services": ["class-driver"],
    })

if shutil.which("node") is None:
    print("Note: configurable-http-proxy needs Node.js (npm ci in the course folder installs the proxy).", flush=True)


# ----- the class progress service -----------------------------------------------------
def add_progress_service(c, state: Path, instructor_group: str = "instructors") -> None:
    """Start the service musclepain-progress with the hub: learners' kernels send it their answers
    (with their server's own token), instructors read the class from it (hub/README.md).

    Every user's role and server token get access to the service (to write and read their own
    record); the service may list the hub's users (the roster, who is admin or in
    ``instructor_group``). Its answers go to MUSCLEPAIN_PROGRESS_DB (a SQLAlchemy URL), by
    default a SQLite file beside the hub's own database.
    """
    name = "musclepain-progress"
    access = f"access:services!service={name}"
    port = _free_port()
    database = os.environ.get("MUSCLEPAIN_PROGRESS_DB") or f"sqlite:///{state / 'class-progress.sqlite'}"
    c.JupyterHub.services.append({
        "name": name,
        "url": f"http://127.0.0.1:{port}",
        "command": [sys.executable, "-m", "musclepain_lib.classroom.progress_service",
                    "--db", database, "--instructor-group", instructor_group],
        "oauth_no_confirm": True,
        # the hub passes a managed service only its own variables: keep the course's import path
        "environment": {k: os.environ[k] for k in ("PYTHONPATH",) if k in os.environ},
    })
    c.JupyterHub.load_roles.extend([
        {"name": "user", "scopes": ["self", access]},
        {"name": name, "scopes": ["list:users", "read:users"], "services": [name]},
    ])
    c.Spawner.server_token_scopes = ["users:activity!user", "access:servers!server", access]
    c.Spawner.environment = {
        **c.Spawner.environment,
        "MUSCLEPAIN_PROGRESS_SERVICE_URL": f"http://127.0.0.1:{port}/services/{name}/",
    }


if os.environ.get("MUSCLEPAIN_HUB_PROGRESS_SERVICE", "1") != "0":
    add_progress_service(c, STATE)
