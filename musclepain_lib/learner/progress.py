"""A learner's answers and progress, kept in a small local JSON file.

The file lives at ``$MUSCLEPAIN_PROGRESS`` if that is set, otherwise at
``~/.musclepain/progress.json``. Writes are atomic (a temporary file renamed
over the old one) and made under a lock, each merging into what is on disk, so
two notebooks open at once do not undo each other's answers. Nothing here ever
stops a lesson: a file that cannot be written leaves the learner working with a
message saying so, and a damaged file is set aside under a new name (never
silently emptied) before a fresh one is started.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import tempfile
import time
import uuid
from pathlib import Path

__all__ = ["ProgressStore", "attempt_record", "default_progress_path", "learner_name"]

FORMAT_VERSION = 1


def default_progress_path() -> Path:
    """Where progress is kept unless a path is given."""
    configured = os.environ.get("MUSCLEPAIN_PROGRESS")
    if configured:
        return Path(configured).expanduser()
    return Path.home() / ".musclepain" / "progress.json"


def learner_name() -> str:
    """Who the learner is, as a hub or the computer knows them (for a handed-in progress file)."""
    for variable in ("JUPYTERHUB_USER", "USER", "LOGNAME"):
        name = os.environ.get(variable, "").strip()
        if name:
            return name
    return "learner"


def _empty() -> dict:
    return {"version": FORMAT_VERSION, "lessons": {}, "answers": {}, "attempts": []}


def attempt_record(lesson: str, question: str, answer, correct: bool, misconception: str = "",
                   event: str = "answer") -> dict:
    """One attempt as the progress file keeps it (and a hub may forward it): a flat record.

    ``event`` is ``"answer"`` for an answer checked, ``"reveal"`` for an explanation
    opened before any answer (``answer`` None, ``correct`` False). ``misconception``
    is the label of the anticipated mistake the answer matched ("" for none).
    """
    return {"lesson": lesson, "question": question, "event": event, "answer": answer,
            "correct": bool(correct), "misconception": misconception, "time": time.time(),
            "attempt_id": uuid.uuid4().hex}


def _looks_valid(data) -> bool:
    """True only for a record of the shape this module writes; anything else is set aside."""
    if not isinstance(data, dict):
        return False
    lessons, answers = data.get("lessons"), data.get("answers")
    if not isinstance(lessons, dict) or not isinstance(answers, dict):
        return False
    times_ok = all(
        isinstance(entry, dict)
        and all(isinstance(t, (int, float)) and not isinstance(t, bool) for t in entry.values())
        for entry in lessons.values()
    )
    answers_ok = all(
        isinstance(entry, dict)
        and type(entry.get("attempts", 0)) is int
        and isinstance(entry.get("correct", False), bool)
        and isinstance(entry.get("first_correct", False), bool)
        for entry in answers.values()
    )
    attempts = data.get("attempts", [])
    attempts_ok = isinstance(attempts, list) and all(isinstance(item, dict) for item in attempts)
    return times_ok and answers_ok and attempts_ok


def _summarise(entry: dict | None, record: dict) -> dict:
    """A question's summary (attempts, right or not, first try, misconceptions met) after one more record."""
    entry = dict(entry or {"attempts": 0, "correct": False})
    if record["event"] == "reveal":
        if not entry.get("attempts"):  # shown before any try: no first try can count as right
            entry["revealed"] = True
        return entry
    correct, answer = record["correct"], record["answer"]
    if not entry.get("attempts"):  # the first try, for the progress view and the class report
        entry["first_correct"], entry["first_answer"] = correct and not entry.get("revealed"), answer
        if record["misconception"]:
            entry["first_misconception"] = record["misconception"]
    entry["attempts"] = int(entry.get("attempts", 0)) + 1
    entry["correct"] = bool(entry.get("correct")) or correct
    entry["last_answer"] = answer
    entry["time"] = record["time"]
    if record["misconception"] and record["misconception"] not in entry.get("misconceptions", []):
        entry["misconceptions"] = [*entry.get("misconceptions", []), record["misconception"]]
    return entry


#: The progress files whose earlier attempts this kernel has offered the class service again.
_OFFERED_AGAIN: set[str] = set()


def _as_sent(record: dict) -> dict:
    """An attempt record as the class service takes it."""
    return {**record, "kind": record.get("kind", "selfcheck"), "revealed": record.get("event") == "reveal"}


def _forward(record: dict, path: Path | None = None) -> None:
    """On a hub with the class's progress service, queue the record for it too (never waits).

    The first time a kernel forwards from a progress file, it offers the service every earlier
    attempt the file holds too: attempts still queued when an earlier kernel stopped reach the
    service then. Each carries the id it was made with, so the service stores it once.
    """
    from musclepain_lib.learner.progress_sender import forward, sender_from_environment

    if path is not None and str(path) not in _OFFERED_AGAIN and sender_from_environment() is not None:
        _OFFERED_AGAIN.add(str(path))
        for earlier in _earlier_attempts(path):
            forward(_as_sent(earlier))
    forward(record)


def _earlier_attempts(path: Path) -> list[dict]:
    """The attempt records a progress file holds that carry an id (none for an unreadable file)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    attempts = data.get("attempts", []) if isinstance(data, dict) else []
    return [a for a in attempts if isinstance(a, dict) and isinstance(a.get("attempt_id"), str)] if isinstance(attempts, list) else []


class ProgressStore:
    """Read and record a learner's progress; never raises for file problems.

    ``message`` holds the latest problem in plain words (or None), for a lesson to show.
    """

    def __init__(self, path: str | os.PathLike | None = None):
        self.path = Path(path).expanduser() if path is not None else default_progress_path()
        self.message: str | None = None
        self._unsaved = _empty()  # kept in memory when the file cannot be written

    # ----- reading ------------------------------------------------------------
    def load(self) -> dict:
        """Return the saved progress (an empty record if there is none yet)."""
        data = self._read_or_set_aside()
        return self._merge(data or _empty(), self._unsaved)

    def _read_or_set_aside(self) -> dict | None:
        """The saved record; None when a file is there that can be neither read nor set aside."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return _empty()
        except OSError as error:
            self.message = f"Your progress file {self.path} could not be read ({error.strerror})."
            return None
        try:
            data = json.loads(raw.decode("utf-8"))
        except (ValueError, RecursionError):  # not UTF-8, not JSON, or nested too deep
            data = None
        if _looks_valid(data):
            return data
        return _empty() if self._set_aside() else None

    def _set_aside(self) -> bool:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        kept = self.path.with_name(f"{self.path.stem}.damaged-{stamp}{self.path.suffix}")
        number = 1
        while kept.exists():  # never replace a copy set aside earlier in the same second
            number += 1
            kept = self.path.with_name(f"{self.path.stem}.damaged-{stamp}-{number}{self.path.suffix}")
        try:
            os.replace(self.path, kept)
        except OSError:
            self.message = (
                f"Your progress file {self.path} is damaged and could not be moved aside; "
                "it was left as it is and progress is kept only until the kernel stops."
            )
            return False
        self.message = (
            f"Your progress file was damaged. It was kept as {kept.name} and a new one was started."
        )
        return True

    # ----- writing ------------------------------------------------------------
    def record_answer(self, lesson: str, question: str, answer, correct: bool, misconception: str = "",
                      kind: str = "selfcheck") -> bool:
        """Record one attempt at a self-check question (``kind="exercise"`` for an exercise check).
        Returns True if it was saved."""
        return self.record_attempt(attempt_record(lesson, question, answer, correct, misconception), kind)

    def record_reveal(self, lesson: str, question: str) -> bool:
        """Record that a question's answer was shown before any attempt at it (a course setting allows it)."""
        return self.record_attempt(attempt_record(lesson, question, None, False, event="reveal"))

    def record_attempt(self, record: dict, kind: str = "selfcheck") -> bool:
        """Keep one attempt record (see :func:`attempt_record`) and update its question's summary;
        on a hub with the class's progress service, forward it there too."""
        record = {**record, "kind": kind}
        _forward(_as_sent(record), self.path)

        def change(data):
            data.setdefault("attempts", []).append(record)
            key = f"{record['lesson']}/{record['question']}"
            data["answers"][key] = _summarise(data["answers"].get(key), record)

        return self._update(change)

    def mark_lesson(self, lesson: str, status: str = "opened") -> bool:
        """Note that a lesson was opened (or ``"finished"``). Returns True if it was saved."""
        now = time.time()
        _forward({"kind": "lesson", "lesson": lesson, "question": status, "correct": None, "time": now})

        def change(data):
            entry = data["lessons"].get(lesson) or {}
            entry.setdefault("first_opened", now)
            entry["last_opened"] = now
            if status == "finished":
                entry["finished"] = now
            data["lessons"][lesson] = entry

        return self._update(change)

    def _update(self, change) -> bool:
        change(self._unsaved)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._locked():
                saved = self._read_or_set_aside()
                if saved is None:  # never write over a file that could not be read
                    raise OSError(errno.EIO, "the file there could not be read, so it was left as it is")
                self._write_atomically(self._merge(saved, self._unsaved))
        except OSError as error:
            reason = error.strerror or str(error)
            self.message = (
                f"Your progress could not be saved to {self.path} ({reason}). "
                "The lesson goes on; your answers are kept until the kernel stops."
            )
            return False
        self._unsaved = _empty()
        if self.message and self.message.startswith("Your progress could not be saved"):
            self.message = None
        return True

    @contextlib.contextmanager
    def _locked(self):
        lock_path = self.path.with_name(self.path.name + ".lock")
        with open(lock_path, "a+") as handle:
            try:
                import fcntl
            except ImportError:  # Windows: atomic replace still protects the file
                yield
                return
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

    def _write_atomically(self, data: dict):
        fd, temporary = tempfile.mkstemp(prefix=".progress-", suffix=".tmp", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                # default=repr: an answer JSON cannot hold (a set, a numpy number) is kept as text
                json.dump(data, handle, indent=1, sort_keys=True, default=repr)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise

    @staticmethod
    def _merge(saved: dict, pending: dict) -> dict:
        merged = {
            "version": FORMAT_VERSION,
            "lessons": dict(saved.get("lessons", {})),
            "answers": dict(saved.get("answers", {})),
            "attempts": [*saved.get("attempts", []), *pending.get("attempts", [])],
        }
        for lesson, entry in pending["lessons"].items():
            old = merged["lessons"].get(lesson, {})
            combined = {**old, **entry}
            if "first_opened" in old:
                combined["first_opened"] = min(old["first_opened"], entry.get("first_opened", old["first_opened"]))
            merged["lessons"][lesson] = combined
        pending_keys = {f"{r['lesson']}/{r['question']}" for r in pending.get("attempts", [])}
        for key in pending_keys:  # the file's summary, replayed with the new attempts in order
            entry = merged["answers"].get(key)
            for record in pending["attempts"]:
                if f"{record['lesson']}/{record['question']}" == key:
                    entry = _summarise(entry, record)
            merged["answers"][key] = entry
        return merged
