"""Computing ahead: while the learner reads, an explorer prepares what the next move will need.

Every explorer draws the pictures one step either side of the slider last moved
(:class:`PicturesAhead`), so that the learner's next key press finds its picture drawn.
An explorer with a costly model also computes the values every step of one of its sliders
can take (:class:`ComputeAhead`), so that a drag over it finds each ready.

The f-I explorer runs the nerve 15 times for each calcium (about 50 ms; 27 steps), the cramp
explorer once for 500 ms (about 15 ms; 131 steps). In a kernel left alone (no cell run, no
explorer moved for :data:`QUIET_S`), the explorer's ``function(values)`` is called for one
step at a time, the nearest to the slider's value first, with :data:`PAUSE_S` between two, on
the event loop of the thread that handles the explorer's messages: a message that arrives
waits for one value at most. The function keeps what it computes (in the model's cache or the
explorer's); the pictures stay what the model gives, computed now or later. The next pictures
are drawn the same way, after :data:`NEXT_QUIET_S`, two at most after each move.

Outside a kernel (a script, a test) nothing is scheduled; a lesson run cell after cell
(Run All, nbval) keeps its kernel busy until its last cell.
"""

from __future__ import annotations

import asyncio
import bisect
import sys
import time
from typing import Any, Callable

#: How long the kernel must be left alone before computing ahead, and the pause between two values (s).
QUIET_S = 0.5
PAUSE_S = 0.02
#: How long the kernel must be left alone before the next pictures are drawn (s): longer than
#: a drag leaves between two values, shorter than a learner between two key presses.
NEXT_QUIET_S = 0.1

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
    """The running event loop of this thread of the Jupyter kernel this code runs in (the
    kernel's own, or a subshell's), or None outside one."""
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


def values_key(values: dict, leave_out: str | None = None) -> tuple:
    """Control values as a key of a dict (without the control ``leave_out``)."""
    return tuple(sorted((name, repr(value)) for name, value in values.items() if name != leave_out))


class _WhileLeftAlone:
    """Work done a piece at a time while the kernel is left alone (for ``quiet_s``): ``work()``
    does one piece and says whether more may remain.

    Each piece is scheduled on the event loop of the thread that asks (:func:`kernel_loop`):
    the kernel's own for a cell; in JupyterLab, which hands the widgets' messages to a subshell
    of the kernel (a thread with a loop of its own), that subshell's loop. So the work runs in
    the thread that draws the explorer, never beside it, and a message that arrives waits for
    one piece at most.
    """

    explorer: Any
    quiet_s = QUIET_S
    loop: asyncio.AbstractEventLoop | None = None  # where it was last scheduled
    scheduled = False

    def _schedule(self, delay: float) -> None:
        loop = kernel_loop()
        if loop is not None and not self.scheduled:
            watch_cell_runs()
            self.loop, self.scheduled = loop, True
            loop.call_later(delay, self.step)

    def step(self) -> None:
        """Do one piece if the kernel has been left alone; then schedule the next."""
        self.scheduled = False
        if self.explorer.widget.comm is None:  # the explorer was closed
            return
        quiet_for = time.monotonic() - _last_busy[0]
        if quiet_for < self.quiet_s:
            self._schedule(self.quiet_s - quiet_for)
        elif self.work():
            self._schedule(PAUSE_S)

    def work(self) -> bool:
        raise NotImplementedError


class ComputeAhead(_WhileLeftAlone):
    """Computes ``function(values)`` for every step of one of an explorer's sliders, the
    other controls as they are, while the kernel is left alone."""

    def __init__(self, explorer, control: str, function: Callable[[dict], Any]):
        self.explorer, self.control, self.function = explorer, control, function
        self.steps = explorer.specs[control].steps()
        self.done: dict[tuple, set] = {}  # by the other controls' values: the steps computed

    def start(self) -> "ComputeAhead":
        """Begin once the kernel is left alone (in a kernel; elsewhere, nothing happens)."""
        self._schedule(QUIET_S)
        return self

    def resume(self) -> None:
        """After a change: the other controls may have moved, with new steps to compute."""
        self._schedule(QUIET_S)

    def next_values(self) -> dict | None:
        """The control values to compute next, or None when every step is done."""
        values = self.explorer.values
        done = self.done.setdefault(values_key(values, leave_out=self.control), set())
        here = values[self.control]
        for step in sorted(self.steps, key=lambda value: abs(value - here)):
            if step not in done:
                done.add(step)
                return {**values, self.control: step}
        return None

    def work(self) -> bool:
        """Compute the next step; False when every step is done."""
        values = self.next_values()
        if values is None:
            return False
        try:
            self.function(values)
        except Exception:  # a value the model refuses is drawn as a message when reached, as ever
            pass
        return True


class PicturesAhead(_WhileLeftAlone):
    """The pictures one step either side of the slider last moved, drawn while the kernel is
    left alone (for :data:`NEXT_QUIET_S`), so that the learner's next key press finds its
    picture drawn: the explorer then sends it at once.

    A picture is kept by the control values it shows; the explorer draws it as a refresh would
    (:meth:`Explorer.picture_for`), so it is the same picture, byte for byte. Only the picture
    shown and its neighbours are kept; all are forgotten when the figure is laid out anew.
    """

    quiet_s = NEXT_QUIET_S

    def __init__(self, explorer, control: str):
        self.explorer = explorer
        self.moved(control)
        self.kept: dict[tuple, bytes | None] = {}  # None: the model refused those values
        self.hits = 0  # refreshes that found their picture drawn

    def moved(self, control: str) -> None:
        """The learner moved ``control``: its neighbours are drawn next, if it is a slider."""
        spec = self.explorer.specs[control]
        if hasattr(spec, "steps"):
            self.control, self.steps = control, spec.steps()

    def ready(self, values: dict) -> bool:
        """Whether the picture for these values is drawn."""
        return self.kept.get(values_key(values)) is not None

    def kept_for(self, values: dict) -> bytes | None:
        """The picture drawn ahead for these values, or None."""
        png = self.kept.get(values_key(values))
        self.hits += png is not None
        return png

    def shown(self, values: dict, png: bytes) -> None:
        """The picture now shown: keep it with its neighbours, forget the others, and draw the
        missing neighbours once the kernel is left alone."""
        wanted = {values_key(neighbour) for neighbour in self.neighbours(values)}
        self.kept = {key: kept for key, kept in self.kept.items() if key in wanted}
        self.kept[values_key(values)] = png
        self._schedule(NEXT_QUIET_S)

    def forget(self) -> None:
        self.kept.clear()

    def neighbours(self, values: dict) -> list[dict]:
        """The values one step up and one step down the slider, where it has room."""
        here = values[self.control]
        above, below = bisect.bisect_right(self.steps, here), bisect.bisect_left(self.steps, here)
        up, down = self.steps[above:above + 1], self.steps[max(below - 1, 0):below]
        return [{**values, self.control: step} for step in up + down]

    def work(self) -> bool:
        """Draw a missing neighbour (with the explorer's figure to itself); False when none is missing."""
        with self.explorer.drawing:
            values = self.explorer.values
            missing = [other for other in self.neighbours(values) if values_key(other) not in self.kept]
            if missing:
                self.kept[values_key(missing[0])] = self.explorer.picture_for(missing[0])
            return bool(missing)
