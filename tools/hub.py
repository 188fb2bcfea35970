"""The course's trial JupyterHub (hub/jupyterhub_config.py), started and driven from Python.

Shared by the browser test of a class (tests/browser/test_class_on_a_hub.py) and the load
test (benchmarks/bench_hub.py). The hub runs on a free port of 127.0.0.1 with its homes
and database in a folder of the caller's choosing, and a service token lets the caller
start users' servers and run code in their kernels through the hub, as a class would.
Everything the hub started is stopped when the block that started it ends.
"""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

from tools.browser import ROOT, _children, free_port, stop_with_leftovers, wait_until_answers

CONFIG = ROOT / "hub" / "jupyterhub_config.py"
INSTRUCTOR = "instructor"


def student_names(count: int) -> list[str]:
    return [f"student{n:02d}" for n in range(1, count + 1)]


class Hub:
    """A running trial hub: ``url`` (no trailing slash), ``password``, ``token``, ``homes``."""

    def __init__(self, workdir: Path, students: int, server_args: tuple[str, ...] = (), settings: dict | None = None):
        self.workdir = Path(workdir)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.password = secrets.token_urlsafe(9)
        self.token = secrets.token_hex(16)
        self.homes = self.workdir / "state" / "homes"
        self.students = student_names(students)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "MUSCLEPAIN"))}
        env.update(
            MUSCLEPAIN_HUB_DIR=str(self.workdir / "state"),
            MUSCLEPAIN_HUB_STUDENTS=str(students),
            MUSCLEPAIN_HUB_PASSWORD=self.password,
            MUSCLEPAIN_HUB_API_TOKEN=self.token,
            MUSCLEPAIN_HUB_SERVER_ARGS=" ".join(server_args),
            PYTHONUNBUFFERED="1",
        )
        env.update(settings or {})  # e.g. MUSCLEPAIN_HUB_AUTHENTICATOR=lti13 and the LMS's settings
        self.log_path = self.workdir / "hub.log"
        self._log = open(self.log_path, "wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "musclepain_lib.classroom.trial_hub", "-f", str(CONFIG), f"--port={self.port}"],
            cwd=self.workdir, env=env, stdout=self._log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True,
        )

    # ----- life -----------------------------------------------------------------------
    def wait_ready(self, timeout: float = 90.0) -> None:
        wait_until_answers(self.process, f"{self.url}/hub/api/", timeout, self.log)

    def log(self, last: int = 4000) -> str:
        self._log.flush()
        return self.log_path.read_text(errors="replace")[-last:]

    def descendants(self) -> dict[int, bytes]:
        """Every process under the hub (proxy, users' servers, their kernels), with its command line."""
        found, queue = {}, [self.process.pid]
        while queue:
            for pid, command in _children(queue.pop()).items():
                if pid not in found:
                    found[pid] = command
                    queue.append(pid)
        return found

    def stop(self) -> None:
        """Stop the hub (it stops the servers it started), then anything of its own left running."""
        stop_with_leftovers(self.process, self.descendants(), timeout=30)
        self._log.close()

    # ----- the hub's API --------------------------------------------------------------
    async def call(self, path: str, method: str = "GET", body=None, timeout: float = 300.0):
        from tornado.httpclient import AsyncHTTPClient, HTTPRequest

        request = HTTPRequest(
            f"{self.url}{path}", method=method, headers={"Authorization": f"token {self.token}"},
            body=json.dumps(body) if body is not None else ("" if method in ("POST", "PUT", "PATCH") else None),
            request_timeout=timeout, connect_timeout=timeout, allow_nonstandard_methods=True,
        )
        # A class calls at once: room for every student's request (tornado queues beyond 10 by default).
        AsyncHTTPClient.configure(None, max_clients=200)
        answer = await AsyncHTTPClient().fetch(request, raise_error=False)
        if answer.code >= 400:
            raise RuntimeError(f"{method} {path}: {answer.code} {answer.body[:500]!r}")
        return json.loads(answer.body) if answer.body else None

    async def start_server(self, name: str, timeout: float = 240.0) -> None:
        """Ask the hub to start a user's server and wait until it is ready."""
        await self.call(f"/hub/api/users/{name}/server", "POST")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            user = await self.call(f"/hub/api/users/{name}")
            server = user.get("servers", {}).get("")
            if server and server.get("ready"):
                return
            await asyncio.sleep(0.5)
        raise RuntimeError(f"{name}'s server was not ready after {timeout:.0f} s")

    async def run_cells(self, name: str, cells: list[str], timeout: float = 300.0) -> dict[str, float]:
        """Start a kernel in a user's server and run the code cells there, one after another.

        Returns the seconds each part took: ``kernel`` (from asking for a kernel to its first
        answer, a kernel_info reply) and ``cell 1``, ``cell 2``... (each cell, sent to done)."""
        from tornado.httpclient import HTTPRequest
        from tornado.websocket import websocket_connect

        started = time.monotonic()
        kernel = await self.call(f"/user/{name}/api/kernels", "POST", {"name": "python3"})
        url = f"ws://127.0.0.1:{self.port}/user/{name}/api/kernels/{kernel['id']}/channels"
        socket = await websocket_connect(HTTPRequest(
            url, headers={"Authorization": f"token {self.token}"}, connect_timeout=timeout, request_timeout=timeout,
        ))
        times: dict[str, float] = {}
        try:
            session = uuid.uuid4().hex
            await self._kernel_info(socket, name, session, timeout)
            times["kernel"] = time.monotonic() - started
            for number, code in enumerate(cells, 1):
                started = time.monotonic()
                message_id = uuid.uuid4().hex
                socket.write_message(json.dumps({
                    "header": {"msg_id": message_id, "msg_type": "execute_request", "session": session,
                               "username": name, "version": "5.3", "date": ""},
                    "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
                    "content": {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                                "allow_stdin": False, "stop_on_error": True},
                }))
                while True:
                    text = await asyncio.wait_for(socket.read_message(), timeout)
                    if text is None:
                        raise RuntimeError(f"{name}'s kernel closed its connection")
                    if isinstance(text, bytes):
                        continue
                    message = json.loads(text)
                    if message.get("parent_header", {}).get("msg_id") != message_id:
                        continue
                    if message["msg_type"] == "execute_reply":
                        content = message["content"]
                        if content.get("status") != "ok":
                            raise RuntimeError(f"{name}: a lesson cell failed: {content.get('ename')}: {content.get('evalue')}")
                        break
                times[f"cell {number}"] = time.monotonic() - started
        finally:
            socket.close()
        return times

    @staticmethod
    async def _kernel_info(socket, name: str, session: str, timeout: float) -> None:
        """Ask a new kernel for its kernel_info until it answers (it answers once it has started)."""
        deadline = time.monotonic() + timeout
        while True:
            message_id = uuid.uuid4().hex
            socket.write_message(json.dumps({
                "header": {"msg_id": message_id, "msg_type": "kernel_info_request", "session": session,
                           "username": name, "version": "5.3", "date": ""},
                "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [], "content": {},
            }))
            try:
                while True:
                    left = deadline - time.monotonic()
                    text = await asyncio.wait_for(socket.read_message(), max(0.1, min(left, 1.0)))
                    if text is None:
                        raise RuntimeError(f"{name}'s kernel closed its connection")
                    if isinstance(text, bytes):
                        continue
                    message = json.loads(text)
                    if (message.get("parent_header", {}).get("msg_id") == message_id
                            and message["msg_type"] == "kernel_info_reply"):
                        return
            except asyncio.TimeoutError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{name}'s kernel did not answer in {timeout:.0f} s") from None

    async def run_in_terminal(self, name: str, command: str, until: str, timeout: float = 60.0) -> str:
        """Open a terminal in a user's server (JupyterLab's File > New > Terminal), type a command
        there and return what the terminal showed once ``until`` appears."""
        from tornado.httpclient import HTTPRequest
        from tornado.websocket import websocket_connect

        terminal = await self.call(f"/user/{name}/api/terminals", "POST")
        url = f"ws://127.0.0.1:{self.port}/user/{name}/terminals/websocket/{terminal['name']}"
        socket = await websocket_connect(HTTPRequest(url, headers={"Authorization": f"token {self.token}"}))
        shown = ""
        try:
            socket.write_message(json.dumps(["stdin", command + "\r"]))
            deadline = time.monotonic() + timeout
            while until not in shown:
                text = await asyncio.wait_for(socket.read_message(), max(0.1, deadline - time.monotonic()))
                if text is None:
                    break
                kind, *content = json.loads(text)
                if kind == "stdout":
                    shown += content[0]
        except asyncio.TimeoutError:
            pass
        finally:
            socket.close()
            await self.call(f"/user/{name}/api/terminals/{terminal['name']}", "DELETE")
        return shown

    def own_cpu_seconds(self) -> float:
        """CPU time (s) the hub has used with its proxy and services (every process but users' servers and kernels)."""
        import psutil

        total = 0.0
        for pid in [self.process.pid, *self.descendants()]:
            try:
                process = psutil.Process(pid)
                if process.environ().get("JUPYTERHUB_USER"):
                    continue
                cpu = process.cpu_times()
            except (psutil.Error, OSError):
                continue
            total += cpu.user + cpu.system
        return total

    def memory_per_user(self) -> dict[str, dict[str, float]]:
        """Memory (MB) of each user's server and kernels: resident (RSS) and unique to them (USS);
        and the CPU time (s) they have used: ``server_cpu_s``, ``kernel_cpu_s``."""
        import psutil

        totals: dict[str, dict[str, float]] = {}
        for pid in self.descendants():
            try:
                process = psutil.Process(pid)
                user = process.environ().get("JUPYTERHUB_USER")
                if not user:
                    continue
                info = process.memory_full_info()
                cpu = process.cpu_times()
                kind = "kernel_cpu_s" if "ipykernel" in " ".join(process.cmdline()) else "server_cpu_s"
            except (psutil.Error, OSError):
                continue
            entry = totals.setdefault(user, {"rss_mb": 0.0, "uss_mb": 0.0, "server_cpu_s": 0.0, "kernel_cpu_s": 0.0})
            entry["rss_mb"] += info.rss / 2**20
            entry["uss_mb"] += info.uss / 2**20
            entry[kind] += cpu.user + cpu.system
        return totals


@contextmanager
def running_hub(workdir: Path, students: int, server_args: tuple[str, ...] = (), settings: dict | None = None):
    """A trial hub with an instructor and ``students`` students, stopped with everything it started.
    ``settings``: further environment variables for the hub (hub/jupyterhub_config.py lists them)."""
    hub = Hub(workdir, students, server_args, settings)
    try:
        hub.wait_ready()
        yield hub
    finally:
        hub.stop()


def lesson_code_cells(path: Path) -> list[str]:
    """The code of a lesson's cells, in order."""
    notebook = json.loads(Path(path).read_text(encoding="utf-8"))
    cells = []
    for cell in notebook["cells"]:
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        cells.append(source)
    return cells
