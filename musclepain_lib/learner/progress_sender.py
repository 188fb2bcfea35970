"""Forward a learner's answers to the class's progress service, when the lesson runs on a hub.

Active only where the hub says so: ``$JUPYTERHUB_API_TOKEN`` (the token JupyterHub gives the
learner's server, which its kernels inherit) and ``$MUSCLEPAIN_PROGRESS_SERVICE_URL`` (set by
the hub's configuration, hub/README.md). Anywhere else (a laptop, Binder) nothing here runs
and no network call is made.

A record is put in a queue and the lesson goes on: a background thread sends the queue in
order, in small batches, and tries again (waiting longer each time, up to half a minute)
while the service is down or slow. Each record carries an id made once, so a batch sent again
after a lost reply is stored once. The local progress file stays the learner's own record, and
each record keeps its id there: the first time a new kernel sends, it offers the service every
earlier attempt of the file again (``progress._forward``), so answers still queued when a kernel
stopped arrive then, once.
"""

from __future__ import annotations

import collections
import json
import os
import threading
import time
import urllib.error
import urllib.request
import uuid

__all__ = ["ProgressSender", "forward", "sender_from_environment"]

BATCH = 50
FIRST_WAIT_S, LONGEST_WAIT_S = 0.5, 30.0


class ProgressSender:
    """A queue of records and the thread that sends it to ``url`` + ``api/attempts``."""

    def __init__(self, url: str, token: str, timeout_s: float = 10.0):
        self.url = url.rstrip("/") + "/api/attempts"
        self.token, self.timeout_s = token, timeout_s
        self.sent = self.refused = 0
        self.last_problem: str | None = None
        self._queue: collections.deque = collections.deque()
        self._wake = threading.Event()
        self._thread = threading.Thread(target=self._run, name="musclepain-progress-sender", daemon=True)
        self._thread.start()

    def send(self, record: dict) -> None:
        """Queue a record (returns at once; the thread sends it)."""
        self._queue.append({"attempt_id": uuid.uuid4().hex, **record})
        self._wake.set()

    def pending(self) -> int:
        return len(self._queue)

    def wait_until_sent(self, timeout_s: float) -> bool:
        """For tests and the end of a session: True once the queue is empty."""
        deadline = time.monotonic() + timeout_s
        while self._queue and time.monotonic() < deadline:
            time.sleep(0.05)
        return not self._queue

    def _run(self):
        wait = FIRST_WAIT_S
        while True:
            self._wake.wait()
            self._wake.clear()
            while self._queue:
                batch = [self._queue[i] for i in range(min(BATCH, len(self._queue)))]
                outcome = self._post(batch)
                if outcome == "retry":
                    time.sleep(wait)  # a new record does not hurry a retry into a down service
                    wait = min(2 * wait, LONGEST_WAIT_S)
                    continue
                wait = FIRST_WAIT_S
                for _ in batch:
                    self._queue.popleft()
                if outcome == "stored":
                    self.sent += len(batch)
                else:
                    self.refused += len(batch)

    def _post(self, batch: list[dict]) -> str:
        body = json.dumps({"records": batch}, default=repr).encode()
        request = urllib.request.Request(self.url, data=body, method="POST", headers={
            "Authorization": f"token {self.token}", "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout_s) as response:
                response.read()
            self.last_problem = None
            return "stored"
        except urllib.error.HTTPError as error:
            self.last_problem = f"the progress service answered {error.code}"
            # refused for what it is (a malformed record, a token without access): sending it
            # again changes nothing; a busy or restarting service (429, 5xx) is tried again
            return "retry" if error.code in (408, 429) or error.code >= 500 else "refused"
        except (OSError, ValueError) as error:  # down, unreachable, timed out
            self.last_problem = f"the progress service could not be reached ({error})"
            return "retry"


_sender: ProgressSender | None = None
_checked = False
_lock = threading.Lock()


def sender_from_environment() -> ProgressSender | None:
    """The kernel's one sender, made the first time it is needed; None where there is no service."""
    global _sender, _checked
    if not _checked:
        with _lock:
            if not _checked:
                url = os.environ.get("MUSCLEPAIN_PROGRESS_SERVICE_URL", "").strip()
                token = os.environ.get("JUPYTERHUB_API_TOKEN", "").strip()
                _sender = ProgressSender(url, token) if url and token else None
                _checked = True
    return _sender


def forward(record: dict) -> None:
    """Send a record to the class's progress service if there is one; otherwise do nothing."""
    sender = sender_from_environment()
    if sender is not None:
        sender.send(record)
