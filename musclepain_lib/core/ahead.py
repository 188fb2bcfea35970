"""Computing ahead: while the learner reads, an explorer with a costly model computes the
values one of its sliders can take, so that a drag over it finds each ready.

The f-I explorer runs the nerve 15 times for each calcium (about 50 ms; 27 steps), the cramp
explorer once for 500 ms (about 15 ms; 131 steps). In a kernel left alone (no cell run, no
explorer moved for :data:`QUIET_S`), the explorer's ``function(values)`` is called for one
step at a time, the nearest to the slider's value first, with :data:`PAUSE_S` between two, on the kernel's own event loop: a message
that arrives waits for one value at most. The function keeps what it computes (in the model's
cache or the explorer's); the pictures stay what the model gives, computed now or later.

Outside a kernel (a script, a test) nothing is scheduled; a lesson run cell after cell
(Run All, nbval) keeps its kernel busy until its last cell.
"""

from __future__ import annotations

import asyncio
import sys
import time
from typing import Any, Callable

#: How long the kernel must be left alone before computing ahead, and the pause between two values (s).
QUIET_S = 0.5
PAUSE_S = 0.02

_last_busy = [0.0]  # when a cell last ran or an explorer last moved in this kernel (monotonic s)
_watching: set[int] = set()  # the shells whose cell runs are noted


def note_busy(*_args) -> None:
    """Note that the kernel is at work for the learner (a cell ran, an explorer moved)."""
    _last_busy[0] = time.monotonic()


def ipython_shell():
    """The IPython shell this code runs in, or None (IPython is not imported here for it)."""
    shell_module = sys.modules.get("IPython")
    return shell_module.get_ipython() if shell_module is not None else None


def kernel_loop() -> asyncio.AbstractEventLoop | None:
    """The running event loop of the Jupyter kernel this code runs in, or None outside one."""
    if getattr(ipython_shell(), "kernel", None) is None:
        return None
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


def watch_cell_runs() -> None:
    """Note every cell the shell runs as the kernel at work (once for each shell)."""
    shell = ipython_shell()
    if shell is not None and id(shell) not in _watching:
        shell.events.register("pre_run_cell", note_busy)
        shell.events.register("post_run_cell", note_busy)
        _watching.add(id(shell))


class ComputeAhead:
    """Computes ``function(values)`` for every step of one of an explorer's sliders, the
    other controls as they are, while the kernel is left alone."""

    def __init__(self, explorer, control: str, function: Callable[[dict], Any]):
        self.explorer, self.control, self.function = explorer, control, function
        self.steps = explorer.specs[control].steps()
        self.done: dict[tuple, set] = {}  # by the other controls' values: the steps computed
        self.loop: asyncio.AbstractEventLoop | None = None
        self.scheduled = False

    def start(self) -> "ComputeAhead":
        """Begin once the kernel is left alone (in a kernel; elsewhere, nothing happens)."""
        self.loop = kernel_loop()
        if self.loop is not None:
            watch_cell_runs()
        self._schedule(QUIET_S)
        return self

    def resume(self) -> None:
        """After a change: the other controls may have moved, with new steps to compute."""
        self._schedule(QUIET_S)

    def _schedule(self, delay: float) -> None:
        if self.loop is not None and not self.scheduled:
            self.scheduled = True
            self.loop.call_later(delay, self.step)

    def next_values(self) -> dict | None:
        """The control values to compute next, or None when every step is done."""
        values = self.explorer.values
        others = tuple(sorted((name, repr(value)) for name, value in values.items() if name != self.control))
        done = self.done.setdefault(others, set())
        here = values[self.control]
        for step in sorted(self.steps, key=lambda value: abs(value - here)):
            if step not in done:
                done.add(step)
                return {**values, self.control: step}
        return None

    def step(self) -> None:
        """Compute one step if the kernel has been left alone; then schedule the next."""
        self.scheduled = False
        if self.explorer.widget.comm is None:  # the explorer was closed
            return
        quiet_for = time.monotonic() - _last_busy[0]
        if quiet_for < QUIET_S:
            self._schedule(QUIET_S - quiet_for)
            return
        values = self.next_values()
        if values is None:
            return
        try:
            self.function(values)
        except Exception:  # a value the model refuses is drawn as a message when reached, as ever
            pass
        self._schedule(PAUSE_S)
