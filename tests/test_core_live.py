"""Explorers that follow a dragged slider: redraws coalesced, only moving parts redrawn.

A change sent by the browser is drawn once the kernel is free, so values that arrive
faster than the figure can be drawn are dropped and the latest is drawn; the last
picture always equals a fresh explorer's at the final values. A figure whose changing
artists are marked :func:`moving` redraws only those over a kept picture of the rest.
"""

from __future__ import annotations

import asyncio
import io
import random
import threading
import time
import types
from contextlib import contextmanager

import numpy as np
import pytest
from PIL import Image

from musclepain_lib.core import explorer as explorer_module
from musclepain_lib.core.explorer import Explorer, Reading, Slider
from musclepain_lib import InputError
from musclepain_lib.core.plotting import blank_figure, figure_to_png, moving, nice_limit, set_limits

X = np.linspace(0, 10, 300)


def pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))


def make(draws: list | None = None, mark_moving: bool = True, **start):
    """A wave explorer; ``draws`` collects the amplitude of every model update."""

    def setup(figure):
        axes = figure.subplots()
        (line,) = axes.plot(X, np.sin(X))
        axes.set_ylim(-4, 4)
        if mark_moving:
            moving(line)
        return {"axes": axes, "line": line}

    def update(artists, values):
        if draws is not None:
            draws.append(values["amp"])
        artists["line"].set_ydata(values["amp"] * np.sin(values["speed"] * X))
        # The title is not a moving artist: changing it needs a full redraw.
        artists["axes"].title.set_text("fast" if values["speed"] > 2 else "slow")
        return Reading(f"A sine wave of amplitude {values['amp']:.1f} mV at speed {values['speed']:.1f}.")

    controls = [
        Slider("amp", "Amplitude", "mV", 1.0, 0.0, 4.0, 0.1),
        Slider("speed", "Speed", "1/ms", 1.0, 0.5, 4.0, 0.5),
    ]
    return Explorer("Wave", controls, setup, update, start_values=start)


@pytest.fixture
def browser_changes(monkeypatch):
    """Pretend every change comes from the browser; the redraws wait in ``queue``."""
    queue = []
    monkeypatch.setattr(explorer_module, "_browser_scheduler", lambda: queue.append)
    return queue


def run(queue):
    while queue:
        queue.pop(0)()


def in_own_thread(test):
    """Run ``test()`` in a fresh thread and return what it returns.

    Playwright's synchronous API (the browser tests, earlier in the same pytest run)
    leaves the main thread's event loop marked as running, so ``asyncio.run`` and the
    "no running loop" checks here get a thread of their own.
    """
    outcome = {}

    def target():
        try:
            outcome["value"] = test()
        except BaseException as error:  # re-raised in the test's own thread
            outcome["error"] = error

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def test_sliders_send_their_values_while_dragged():
    explorer = make()
    assert all(view.main.continuous_update for view in explorer.views.values())


def test_values_from_the_browser_are_drawn_once_with_the_latest(browser_changes):
    draws = []
    explorer = make(draws)
    draws.clear()
    for amp in (1.5, 2.0, 2.5, 3.0):
        explorer.views["amp"].value = amp
    explorer.views["speed"].value = 3.0
    assert draws == [] and len(browser_changes) == 1  # intermediates wait, one redraw queued
    run(browser_changes)
    assert draws == [3.0]
    fresh = make(amp=3.0, speed=3.0)
    assert explorer.reading.description == fresh.reading.description
    assert np.array_equal(pixels(explorer.image.value), pixels(fresh.image.value))


def test_a_preset_from_the_browser_is_one_redraw(browser_changes):
    draws = []
    explorer = make(draws)
    draws.clear()
    explorer.set_values(amp=2.0, speed=2.5)
    run(browser_changes)
    assert draws == [2.0]
    assert explorer.reading.description == make(amp=2.0, speed=2.5).reading.description


def test_a_value_set_in_code_is_drawn_at_once_even_with_a_redraw_waiting(monkeypatch, browser_changes):
    draws = []
    explorer = make(draws)
    explorer.views["amp"].value = 2.0
    monkeypatch.setattr(explorer_module, "_browser_scheduler", lambda: None)
    explorer.views["amp"].value = 3.5
    assert explorer.reading.description.startswith("A sine wave of amplitude 3.5")
    drawn = len(draws)
    run(browser_changes)  # the waiting redraw finds the figure current
    assert len(draws) == drawn


def test_only_a_widget_message_in_a_running_kernel_defers_the_redraw(monkeypatch):
    assert in_own_thread(explorer_module._browser_scheduler) is None  # plain Python: redraw at once
    parent = {"header": {"msg_type": "comm_msg"}}
    kernel = types.SimpleNamespace(get_parent=lambda: parent)
    monkeypatch.setattr(explorer_module, "ipython_shell", lambda: types.SimpleNamespace(kernel=kernel))
    assert in_own_thread(explorer_module._browser_scheduler) is None  # no running event loop

    async def drag():
        draws = []
        explorer = make(draws)
        draws.clear()
        for amp in (0.5, 1.5, 2.0):  # (not the opening 1.0: its picture is kept, and sent at once)
            explorer.views["amp"].value = amp
        waiting = list(draws)
        await asyncio.sleep(3 * explorer_module.GATHER_S)
        parent["header"]["msg_type"] = "execute_request"  # a lesson's own code
        explorer.views["amp"].value = 2.5
        return waiting, draws

    waiting, draws = in_own_thread(lambda: asyncio.run(drag()))
    assert waiting == [] and draws == [2.0, 2.5]


def test_a_moving_artist_is_redrawn_without_redrawing_the_rest(monkeypatch):
    explorer = make()
    full_draws = []
    canvas = explorer.figure.canvas
    monkeypatch.setattr(canvas, "draw", lambda: (full_draws.append(1), type(canvas).draw(canvas)))
    for amp in (1.5, 2.5, 0.5):  # only the line changes
        explorer.views["amp"].value = amp
    assert full_draws == []
    explorer.views["speed"].value = 3.0  # the title changes too
    assert full_draws == [1]
    for explorer_now, start in ((explorer, {"amp": 0.5, "speed": 3.0}),):
        fresh = make(**start)
        assert np.array_equal(pixels(explorer_now.image.value), pixels(fresh.image.value))


class RecordingComm:
    """Stands in for a widget's connection to the browser; keeps what each message updates."""

    kernel = comm_id = "test"

    def __init__(self):
        self.updates = []

    def send(self, data=None, metadata=None, buffers=None):
        self.updates.append((data["method"], sorted([*data["state"], *(path[0] for path in data["buffer_paths"])])))

    def on_msg(self, callback):
        pass

    def close(self, *args, **kwargs):
        pass


def test_a_redraw_sends_its_picture_and_tooltip_in_one_message():
    # The browser makes a new picture from the bytes on every message about the image:
    # a picture sent apart from its tooltip would be shown twice for each value.
    explorer = make()
    explorer.image.comm = sent = RecordingComm()
    explorer.views["amp"].value = 2.5
    assert sent.updates == [("update", ["tooltip", "value"])]


def test_a_value_from_a_dragged_slider_is_never_sent_back_corrected():
    # The browser's slider sends 0.30000000000000004 for 0.3; correcting it back would
    # move the handle under the dragging hand, and the drag would stick at 0.3.
    explorer = make()
    view = explorer.views["amp"]
    view.main.comm = sent = RecordingComm()
    view.main.set_state({"value": 0.1 * 3})  # as a message from the browser
    assert [update for update in sent.updates if update[0] == "update"] == []
    assert explorer.values["amp"] == 0.3 and view.number.value == 0.3 and "amplitude 0.3 mV" in explorer.reading.description


def test_moving_marks_change_no_pixel_of_an_explorer_picture():
    marked, plain = make(amp=2.0, speed=1.5), make(mark_moving=False, amp=2.0, speed=1.5)
    for lab in (marked, plain):
        lab.views["amp"].value = 3.0
    assert np.array_equal(pixels(marked.image.value), pixels(plain.image.value))


def test_changes_from_the_browser_arriving_together_are_drawn_once_at_the_latest(monkeypatch):
    parent = {"header": {"msg_type": "comm_msg"}}
    kernel = types.SimpleNamespace(get_parent=lambda: parent)
    monkeypatch.setattr(explorer_module, "ipython_shell", lambda: types.SimpleNamespace(kernel=kernel))

    async def drag():
        draws = []
        explorer = make(draws)
        draws.clear()
        explorer.views["amp"].value = 2.0
        explorer.views["amp"].value = 2.5  # the number box's echo, or the next queued value
        early = list(draws)  # not drawn while changes may still come
        await asyncio.sleep(3 * explorer_module.GATHER_S)
        settled = list(draws)
        explorer.views["amp"].value = 3.0
        await asyncio.sleep(3 * explorer_module.GATHER_S)
        return early, settled, draws

    early, settled, draws = in_own_thread(lambda: asyncio.run(drag()))
    assert early == [] and settled == [2.5] and draws == [2.5, 3.0]


#: An explorer with one slider, made in a real kernel; ``pictures`` keeps the value of each picture it sends.
_SLIDER_IN_A_KERNEL = (
    "from musclepain_lib.core.explorer import Explorer, Slider\n"
    "def setup(figure):\n    return figure.subplots().plot([0, 1], [0, 1])[0]\n"
    "def update(line, values):\n    line.set_ydata([0, values['gain']])\n"
    "    return f\"slope {values['gain']:g}\"\n"
    "ex = Explorer('Line', [Slider('gain', 'Gain', '', 1.0, 0.0, 5.0, 0.5)], setup, update)\n"
    "pictures = []  # each picture sent to the browser (the next ones drawn ahead are not sent)\n"
    "ex.image.observe(lambda change: pictures.append(ex.values['gain']), names='value')\n"
    "print(ex.views['gain'].main.model_id)"
)


@contextmanager
def _slider_in_a_kernel():
    """A real kernel holding that explorer: yields ``run(code, timeout)``, which returns what
    the code printed, and ``send(value)``, which sends the slider a value as the browser does."""
    from jupyter_client.manager import start_new_kernel

    manager, client = start_new_kernel(kernel_name="python3")
    try:
        def run(code: str, timeout: float = 60) -> str:
            printed = []
            reply = client.execute_interactive(code, timeout=timeout, output_hook=printed.append)
            assert reply["content"]["status"] == "ok"
            return "".join(m["content"]["text"] for m in printed if m["msg_type"] == "stream")

        slider = run(_SLIDER_IN_A_KERNEL).strip()

        def send(value: float) -> None:
            content = {"comm_id": slider, "data": {"method": "update", "state": {"value": value}, "buffer_paths": []}}
            client.shell_channel.send(client.session.msg("comm_msg", content))

        yield run, send
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def test_in_a_real_kernel_queued_slider_messages_are_drawn_once_at_the_last_value():
    with _slider_in_a_kernel() as (run, send):
        for value in (1.5, 2.0, 2.5, 3.0, 3.5, 4.0):  # sent at once, as a backed-up browser would
            send(value)
        time.sleep(0.5)  # the kernel takes them in and draws
        drawn = run("print(len(pictures), pictures[-1], ex.reading.description)")
    sent, last, description = drawn.split(maxsplit=2)
    assert description.strip() == "slope 4" and last == "4.0"
    assert int(sent) < 6  # queued values were dropped, the last drawn


def test_a_kernel_sent_slider_values_at_uneven_gaps_keeps_answering():
    """A dragging hand sends values at every sort of gap; the kernel must read every one.
    (Asking the kernel's socket whether a message waited, to skip a redraw, once used up the
    signal the kernel waits for: the kernel then never read another message, and the lesson
    froze.)"""
    rng = random.Random(7)
    with _slider_in_a_kernel() as (run, send):
        for value in [rng.choice([0.5, 1.5, 2.5, 3.5]) for _ in range(200)] + [4.0]:
            send(value)
            time.sleep(rng.random() * 0.03)
        for _ in range(20):  # the last value is drawn once the kernel has caught up
            try:
                answer = run("print(ex.reading.description)", timeout=30)
            except TimeoutError:
                pytest.fail("the kernel stopped reading messages")
            if answer.strip() == "slope 4":
                break
            time.sleep(0.2)
    assert answer.strip() == "slope 4"


@pytest.mark.parametrize(("value", "limit"), [(1.0, 1.0), (1.01, 1.2), (7.3, 8.0), (8.5, 10.0), (0.034, 0.04), (412.0, 500.0)])
def test_nice_limits_are_round_and_never_below_the_data(value, limit):
    assert nice_limit(value) == pytest.approx(limit)


@pytest.mark.parametrize("value", [0.0, -2.0, float("nan")])
def test_a_nice_limit_needs_a_positive_number(value):
    with pytest.raises(InputError, match="value"):
        nice_limit(value)


def test_unchanged_limits_leave_the_kept_picture_in_use():
    figure = blank_figure(3, 2)
    axes = figure.subplots()
    moving(*axes.plot(X, np.sin(X)))
    axes.set_xlim(0, 10)
    figure_to_png(figure)
    set_limits(axes, xlim=(0, 10))
    assert not figure.stale
    set_limits(axes, xlim=(0, 12), ylim=(-2, 2))
    assert figure.stale and axes.get_xlim() == (0, 12) and axes.get_ylim() == (-2, 2)


def test_checking_a_figure_for_cut_words_leaves_it_fresh_so_the_next_redraw_is_not_a_full_one():
    """The joint map's body keeps its aspect, which measuring re-applies; that must not
    count as a change, or every redraw after the first full one would be full too."""
    from musclepain_lib.arthritis import explorer
    from musclepain_lib.core.text_layout import texts_cut

    ex = explorer().explorer
    slider = ex.views["esr_mm_h"].main
    start = slider.value
    slider.set_state({"value": start + 1})  # drawn in full once, if the opening left anything to draw
    assert not ex.figure.stale
    texts_cut(ex.figure)
    assert not ex.figure.stale
    full = []
    draw = ex.figure.canvas.draw
    ex.figure.canvas.draw = lambda: (full.append(1), draw())
    for value in (start, start + 1, start + 2):
        slider.set_state({"value": value})
    assert full == []
