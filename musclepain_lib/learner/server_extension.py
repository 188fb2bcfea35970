"""The course's part in the Jupyter server a learner's lessons run in (on a laptop or a hub).

Installed with the course and switched on by ``etc/jupyter/jupyter_server_config.d/musclepain-server.json``
in the same environment, so every route gets it (``make lab``, Binder, the trial hub, The Littlest
JupyterHub, Zero to JupyterHub):

- **A terminal finds the course's command.** On a hub the server has no terminal of its own, so
  JupyterLab's terminal starts a login shell, whose profile (``/etc/profile``) sets ``PATH`` afresh
  and drops the environment the course is installed in: ``musclepain-course`` was "command not
  found". The login shell still reads the profile, then puts the server's environment first again.
- **Slides open in JupyterLab's panel.** A hub's server forbids any page to frame its pages
  (``frame-ancestors 'none'``), which leaves RISE's slide panel blank; the course lets the server's
  own pages, and only those, frame them (``frame-ancestors 'self'``), as a server outside a hub does.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

#: The framing policy: the server's own pages may frame its pages; no other site may.
FRAME_OWN_PAGES = "frame-ancestors 'self'"
FRAME_NOTHING = "frame-ancestors 'none'"


def _jupyter_server_extension_points():
    return [{"module": "musclepain_lib.learner.server_extension"}]


def shell_keeping_environment(shell_command: list[str], environment_bin: str | Path) -> list[str]:
    """A login shell (``[shell, "-l"]``) that, after its profile, has ``environment_bin`` first on PATH.

    Any other shell command (one an administrator set, or a shell started from a terminal, which
    keeps its PATH) is returned unchanged.
    """
    if len(shell_command) != 2 or shell_command[1] != "-l":
        return list(shell_command)
    shell = shell_command[0]
    keep = f'export PATH={shlex.quote(str(environment_bin))}:"$PATH"; exec {shlex.quote(shell)} -i'
    return [shell, "-l", "-c", keep]


def frame_policy(headers: dict) -> str:
    """The Content-Security-Policy the server sends: its own pages may frame it, unless one was set
    on purpose (anything but the hub's blanket refusal is kept)."""
    current = headers.get("Content-Security-Policy")
    return FRAME_OWN_PAGES if current in (None, FRAME_NOTHING) else current


def _load_jupyter_server_extension(serverapp) -> None:
    settings = serverapp.web_app.settings
    manager = settings.get("terminal_manager")
    if manager is not None:
        manager.shell_command = shell_keeping_environment(manager.shell_command, Path(sys.executable).parent)
    headers = settings.setdefault("headers", {})
    headers["Content-Security-Policy"] = frame_policy(headers)
    serverapp.log.info("musclepain: terminal %s; framing %s", manager and manager.shell_command,
                       headers["Content-Security-Policy"])


load_jupyter_server_extension = _load_jupyter_server_extension  # older servers' name
