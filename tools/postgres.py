"""A throwaway PostgreSQL server for the tests and the load test of the progress service.

Debian's PostgreSQL 15 (``make postgresql`` installs it): ``initdb`` makes a cluster in a
temporary folder, ``pg_ctl`` starts it on a free port of 127.0.0.1 (its socket file in the
same folder), and the block that started it stops it and removes the folder. As root the
server runs as the unprivileged ``postgres`` account (PostgreSQL refuses to run as root).
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

__all__ = ["postgres_binaries", "throwaway_postgres"]


def postgres_binaries() -> Path | None:
    """The folder holding initdb and pg_ctl (the newest Debian PostgreSQL), or None."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(Path(p).parts[-3]))
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("pg_ctl")
    return Path(on_path).parent if on_path else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "postgres", "--", *command]


@contextlib.contextmanager
def throwaway_postgres():
    """Yield a SQLAlchemy URL of a fresh PostgreSQL server; stop and remove it afterwards."""
    binaries = postgres_binaries()
    if binaries is None:
        raise FileNotFoundError("PostgreSQL is not installed (make postgresql installs Debian's)")
    folder = Path(tempfile.mkdtemp(prefix="mp-postgres-"))
    if os.geteuid() == 0:
        account = pwd.getpwnam("postgres")
        os.chown(folder, account.pw_uid, account.pw_gid)
    data, port = folder / "data", _free_port()
    run = dict(check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=folder)
    try:
        subprocess.run(_as_server_user([str(binaries / "initdb"), "-D", str(data), "-A", "trust", "-U", "course"]), **run)
        subprocess.run(_as_server_user([
            str(binaries / "pg_ctl"), "-D", str(data), "-l", str(folder / "log"), "-w",
            "-o", f"-k {folder} -p {port} -h 127.0.0.1", "start",
        ]), **run)
        try:
            yield f"postgresql+psycopg://course@127.0.0.1:{port}/postgres"
        finally:
            subprocess.run(_as_server_user([str(binaries / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"]),
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
