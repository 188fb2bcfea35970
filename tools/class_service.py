"""The progress service (musclepain_lib.classroom.progress_service) run as a hub would run it.

Shared by its tests (tests/test_progress_service.py, tests/test_progress_sender.py) and the
load test (benchmarks/bench_progress_service.py). The service runs as its own process on a
free port of 127.0.0.1, as the hub runs a managed service, and checks tokens with
JupyterHub's own auth helpers against :class:`HubApi`: the two answers of the hub's REST API
the service asks for (``GET /hub/api/user`` for a token's owner, ``GET /hub/api/users`` for
the roster), for a class of users and tokens the test chooses. The real hub is exercised by
the browser test of a class (tests/browser/test_class_on_a_hub.py).
"""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field

from tornado import web

from tools.browser import free_port

SERVICE = "musclepain-progress"
PREFIX = f"/services/{SERVICE}/"
ACCESS_SCOPE = f"access:services!service={SERVICE}"


@dataclass
class Member:
    name: str
    token: str = field(default_factory=lambda: secrets.token_hex(16))
    admin: bool = False
    groups: list[str] = field(default_factory=list)
    scopes: list[str] = field(default_factory=lambda: [ACCESS_SCOPE])

    def model(self) -> dict:
        return {"kind": "user", "name": self.name, "admin": self.admin, "groups": self.groups, "scopes": self.scopes}


class HubApi:
    """The hub's answers about tokens and users, served on a free port in a thread of its own."""

    def __init__(self, members: list[Member]):
        self.members = {m.token: m for m in members}
        self.service_token = secrets.token_hex(16)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/hub/api"
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        self._ready.wait(10)

    def _run(self):
        asyncio.set_event_loop(self._loop)
        hub = self

        class Whoami(web.RequestHandler):
            def get(self):
                token = self.request.headers.get("Authorization", "").partition(" ")[2]
                member = hub.members.get(token)
                if member is None:
                    raise web.HTTPError(403)
                self.finish(member.model())

        class Users(web.RequestHandler):
            def get(self):
                if self.request.headers.get("Authorization") != f"token {hub.service_token}":
                    raise web.HTTPError(403)
                self.set_header("Content-Type", "application/json")
                self.finish(json.dumps([m.model() for m in hub.members.values()]))

        app = web.Application([("/hub/api/user", Whoami), ("/hub/api/users", Users)])
        self._server = app.listen(self.port, "127.0.0.1")
        self._ready.set()
        self._loop.run_forever()

    def stop(self):
        self._loop.call_soon_threadsafe(self._server.stop)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)


class Service:
    """The progress service as a process; ``stop()`` and ``start()`` again keep its port and database."""

    def __init__(self, hub: HubApi, database_url: str, log_path):
        self.hub, self.database_url, self.log_path = hub, database_url, log_path
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}{PREFIX}"
        self.process = None

    def start(self, timeout: float = 30.0):
        env = {**os.environ, "JUPYTERHUB_API_URL": self.hub.url, "JUPYTERHUB_API_TOKEN": self.hub.service_token,
               "JUPYTERHUB_SERVICE_NAME": SERVICE, "JUPYTERHUB_SERVICE_PREFIX": PREFIX,
               "JUPYTERHUB_CLIENT_ID": f"service-{SERVICE}", "JUPYTERHUB_SERVICE_URL": f"http://127.0.0.1:{self.port}",
               "PYTHONUNBUFFERED": "1"}
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "musclepain_lib.classroom.progress_service", "--db", self.database_url],
                env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the progress service stopped at start:\n{self.log()}")
            try:
                urllib.request.urlopen(self.url + "api/class", timeout=2)
            except urllib.error.HTTPError:
                return  # it answers (403 without a token)
            except OSError:
                time.sleep(0.1)
        raise TimeoutError(f"the progress service did not answer in {timeout} s:\n{self.log()}")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def log(self) -> str:
        with open(self.log_path, errors="replace") as handle:
            return handle.read()[-4000:]


@contextmanager
def running_service(members: list[Member], database_url: str, workdir):
    """A hub API for ``members`` and the progress service storing into ``database_url``."""
    hub = HubApi(members)
    service = Service(hub, database_url, os.path.join(workdir, "progress-service.log"))
    try:
        service.start()
        yield service
    finally:
        service.stop()
        hub.stop()


def call(url: str, token: str | None = None, body=None, method: str | None = None) -> tuple[int, dict]:
    """One request with a hub token; returns the status and the JSON reply."""
    headers = {"Content-Type": "application/json"}
    if token is not None:
        headers["Authorization"] = f"token {token}"
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        text = error.read()
        try:
            return error.code, json.loads(text)
        except ValueError:
            return error.code, {"error": text.decode(errors="replace")}
