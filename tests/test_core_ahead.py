"""Computing ahead while the learner reads (musclepain_lib.core.ahead): one slider step at a
time, nearest first, only in a kernel left alone, never after the explorer is closed; and the
pictures one step either side of the slider last moved, sent at once when the learner gets there."""

import time

import pytest
from jupyter_client.manager import start_new_kernel

from musclepain_lib import InputError
from musclepain_lib.core import ahead as ahead_module
from musclepain_lib.core import explorer as explorer_module
from musclepain_lib.core.explorer import Explorer, Slider


class FakeLoop:
    """Keeps what is scheduled on it; ``run_next(of)`` runs the first (of those scheduled by
    ``of``), as the kernel's loop would."""

    def __init__(self):
        self.waiting = []

    def call_later(self, delay, callback):
        self.waiting.append((delay, callback))

    def run_next(self, of=None):
        index = next(i for i, (_delay, callback) in enumerate(self.waiting) if of in (None, callback.__self__))
        delay, callback = self.waiting.pop(index)
        callback()
        return delay

    def delays(self, of) -> list[float]:
        return [delay for delay, callback in self.waiting if callback.__self__ is of]


def make(computed, loop, fail_at=None):
    def setup(figure):
        return figure.subplots().plot([0, 1], [0, 1])[0]

    def update(line, values):
        line.set_ydata([0, values["gain"] * values["offset"]])
        return f"gain {values['gain']:g}"

    def compute(values):
        computed.append((values["gain"], values["offset"]))
        if values["gain"] == fail_at:
            raise ValueError("the model refuses this one")

    controls = [Slider("gain", "Gain", "", 1.0, 0.0, 2.0, 0.5), Slider("offset", "Offset", "", 1, 0, 3, 1, integer=True)]
    return Explorer("Line", controls, setup, update, ahead=("gain", compute))


@pytest.fixture
def loop(monkeypatch):
    fake = FakeLoop()
    monkeypatch.setattr(ahead_module, "kernel_loop", lambda: fake)
    monkeypatch.setattr(ahead_module, "_last_busy", [0.0])  # left alone long ago
    return fake


def run_all(loop, most=100):
    for _ in range(most):
        if not loop.waiting:
            return
        loop.run_next()
    pytest.fail("computing ahead never stopped")


def test_outside_a_kernel_nothing_is_computed_ahead():
    computed = []
    explorer = make(computed, loop=None)
    assert computed == [] and explorer.ahead.loop is None and not explorer.ahead.scheduled


def test_every_step_is_computed_once_nearest_first_with_the_other_controls_as_they_are(loop):
    computed = []
    explorer = make(computed, loop)
    assert loop.delays(explorer.ahead) == [ahead_module.QUIET_S]  # it waits for the kernel to be left alone first
    run_all(loop)
    assert computed == [(1.0, 1), (0.5, 1), (1.5, 1), (0.0, 1), (2.0, 1)]
    explorer.views["offset"].value = 3  # another control moved: its steps are computed anew
    ahead_module._last_busy[0] = 0.0  # and the learner reads
    run_all(loop)
    assert computed[5:] == [(1.0, 3), (0.5, 3), (1.5, 3), (0.0, 3), (2.0, 3)]
    explorer.views["offset"].value = 1  # back: nothing more to compute
    ahead_module._last_busy[0] = 0.0
    run_all(loop)
    assert len(computed) == 10


def test_a_busy_kernel_puts_it_off_and_a_closed_explorer_stops_it(loop, monkeypatch):
    computed = []
    explorer = make(computed, loop)
    ahead_module.note_busy()  # a cell runs, or a slider moves
    waited = loop.run_next(explorer.ahead)
    delays = loop.delays(explorer.ahead)
    assert computed == [] and len(delays) == 1 and 0 < delays[0] <= ahead_module.QUIET_S, (waited, delays)
    monkeypatch.setattr(ahead_module, "_last_busy", [time.monotonic() - ahead_module.QUIET_S])
    loop.run_next(explorer.ahead)
    assert computed == [(1.0, 1)] and loop.delays(explorer.ahead) == [ahead_module.PAUSE_S]
    explorer.widget.close()
    run_all(loop)
    assert computed == [(1.0, 1)]


def test_a_value_the_model_refuses_is_passed_over(loop):
    computed = []
    make(computed, loop, fail_at=0.5)
    run_all(loop)
    assert [gain for gain, _offset in computed] == [1.0, 0.5, 1.5, 0.0, 2.0]


def make_line(refuse=None, **start):
    """An explorer without a costly model: every explorer draws its next pictures ahead."""

    def setup(figure):
        axes = figure.subplots()
        axes.set_ylim(0, 7)
        return axes.plot([0, 1], [0, 1])[0]

    def update(line, values):
        if values["gain"] == refuse:
            raise InputError(f"gain = {refuse} is not allowed: the model refuses it")
        line.set_ydata([0, values["gain"] * values["offset"]])
        return f"gain {values['gain']:g}, offset {values['offset']}"

    controls = [Slider("gain", "Gain", "", 1.0, 0.0, 2.0, 0.5), Slider("offset", "Offset", "", 1, 0, 3, 1, integer=True)]
    return Explorer("Line", controls, setup, update, start_values=start)


def kept(explorer, control: str) -> dict:
    """The pictures kept, by the value of ``control``."""
    return {dict(key)[control]: png for key, png in explorer.pictures_ahead.kept.items()}


def test_outside_a_kernel_no_picture_is_drawn_ahead():
    explorer = make_line()
    assert explorer.pictures_ahead.loop is None and not explorer.pictures_ahead.scheduled
    assert kept(explorer, "gain") == {"1.0": explorer.image.value}


def test_the_next_pictures_either_side_are_drawn_and_a_key_press_sends_one_without_drawing(loop, monkeypatch):
    explorer = make_line()
    assert loop.delays(explorer.pictures_ahead) == [ahead_module.NEXT_QUIET_S]
    run_all(loop)
    assert sorted(kept(explorer, "gain")) == ["0.5", "1.0", "1.5"]
    assert list(explorer.artists.get_ydata()) == [0, 1.0]  # the figure is put back to what is shown
    fresh = make_line(gain=1.5)
    assert kept(explorer, "gain")["1.5"] == fresh.image.value  # the same picture, byte for byte
    drawn = []
    monkeypatch.setattr(explorer, "_render", lambda: drawn.append(1) or b"not this")
    explorer.views["gain"].value = 1.5  # the learner's key press
    assert drawn == [] and explorer.pictures_ahead.hits == 1
    assert explorer.image.value == fresh.image.value and explorer.reading == fresh.reading
    assert list(explorer.artists.get_ydata()) == [0, 1.5]
    # Now 1.0 and 1.5 are kept, and 2.0 is to be drawn: the pictures two steps away are forgotten.
    assert sorted(kept(explorer, "gain")) == ["1.0", "1.5"]


def test_from_the_browser_a_picture_drawn_ahead_is_sent_at_once_any_other_waits_for_its_redraw(loop, monkeypatch):
    explorer = make_line()
    run_all(loop)
    redraws = []
    monkeypatch.setattr(explorer_module, "_browser_scheduler", lambda: redraws.append)
    explorer.views["gain"].value = 0.5
    assert redraws == [] and explorer.reading.description == "gain 0.5, offset 1"
    explorer.views["gain"].value = 2.0  # two steps away: not drawn yet
    assert len(redraws) == 1 and explorer.reading.description == "gain 0.5, offset 1"
    redraws.pop()()
    assert explorer.reading.description == "gain 2, offset 1" and explorer.pictures_ahead.hits == 1


def test_the_slider_last_moved_and_the_end_of_a_slider(loop):
    explorer = make_line(gain=2.0)
    run_all(loop)
    assert sorted(kept(explorer, "gain")) == ["1.5", "2.0"]  # no step beyond the end
    explorer.views["offset"].value = 2  # the learner moves another slider: its neighbours next
    ahead_module._last_busy[0] = 0.0
    run_all(loop)
    assert sorted(kept(explorer, "offset")) == ["1", "2", "3"]
    assert set(kept(explorer, "gain")) == {"2.0"}
    assert kept(explorer, "offset")["3"] == make_line(gain=2.0, offset=3).image.value


def test_a_picture_is_put_off_while_the_kernel_is_busy_and_none_after_the_explorer_is_closed(loop, monkeypatch):
    explorer = make_line()
    ahead_module.note_busy()
    loop.run_next(explorer.pictures_ahead)
    delays = loop.delays(explorer.pictures_ahead)
    assert len(kept(explorer, "gain")) == 1 and len(delays) == 1 and 0 < delays[0] <= ahead_module.NEXT_QUIET_S
    monkeypatch.setattr(ahead_module, "_last_busy", [time.monotonic() - ahead_module.NEXT_QUIET_S])
    loop.run_next(explorer.pictures_ahead)
    assert len(kept(explorer, "gain")) == 2 and loop.delays(explorer.pictures_ahead) == [ahead_module.PAUSE_S]
    explorer.widget.close()
    run_all(loop)
    assert len(kept(explorer, "gain")) == 2


def test_a_value_the_model_refuses_is_not_drawn_ahead_and_shows_its_message_when_reached(loop):
    explorer = make_line(refuse=1.5)
    run_all(loop)
    assert kept(explorer, "gain")["1.5"] is None and not explorer.pictures_ahead.ready({**explorer.values, "gain": 1.5})
    explorer.views["gain"].value = 1.5
    assert explorer.reading.level == "warn" and "gain = 1.5 is not allowed" in explorer.reading.verdict
    assert explorer.pictures_ahead.hits == 0


def test_a_figure_laid_out_anew_forgets_the_pictures_of_the_old_layout(loop, monkeypatch):
    explorer = make_line()
    run_all(loop)
    monkeypatch.setattr(explorer_module, "texts_cut", lambda figure: True)  # the next update cuts a text
    explorer.views["gain"].value = 0.0
    assert set(kept(explorer, "gain")) == {"0.0"}


@pytest.fixture
def kernel():
    """A real kernel: ``run(code, silent=False)`` returns what the code printed; ``run.client``
    is the kernel's client."""
    manager, client = start_new_kernel(kernel_name="python3")

    def run(code: str, silent: bool = False) -> str:
        printed = []
        reply = client.execute_interactive(code, silent=silent, timeout=120, output_hook=printed.append)
        assert reply["content"]["status"] == "ok", reply["content"]
        return "".join(m["content"]["text"] for m in printed if m["msg_type"] == "stream")

    run.client = client
    try:
        yield run
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


#: The explorers that compute ahead: how to make one, and how to forget what its model kept.
COMPUTING_AHEAD = {
    "f-I curve": ("fi_curve_explorer", "model._steady_rate.cache_clear()"),
    "cramp": ("cramp_explorer", "widget._cramp_run.cache_clear()"),
}


@pytest.mark.parametrize("name", COMPUTING_AHEAD)
def test_in_a_real_kernel_every_calcium_step_is_ready_before_the_drag(name, kernel):
    factory, forget = COMPUTING_AHEAD[name]
    run = kernel

    # Each calcium step of the slider, then a count of the nerve's runs while every one is drawn.
    sweep = (
        "from musclepain_lib.cramps import model, widget\n"
        "runs = []\n"
        "simulate = model.simulate_nerve\n"
        "model.simulate_nerve = widget.simulate_nerve = lambda *a, **k: runs.append(1) or simulate(*a, **k)\n"
        "steps = ex.specs['ionized_ca'].steps()\n"
        "for calcium in steps:\n"
        "    ex.views['ionized_ca'].value = calcium\n"
        "model.simulate_nerve = widget.simulate_nerve = simulate\n"
        "print(len(runs), len(steps), ex.last_error)\n"
    )
    run(f"from musclepain_lib.cramps import {factory}\nex = {factory}().explorer")
    at_once = run(sweep)  # a drag right away: the model runs as it goes
    run(f"from musclepain_lib.cramps import model, widget\n{forget}\n"
        "ex.views['magnesium'].value = 0.6")  # another magnesium: new runs to compute ahead
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and ex_scheduled(run):
        time.sleep(0.5)  # the learner reads; the kernel is left alone
    later = run(sweep)
    runs, steps, _error = at_once.split()
    assert int(runs) >= int(steps) - 1, f"a drag at once ran the nerve {runs} times for {steps} steps"
    assert later.split() == ["0", steps, "None"], f"nerve runs during a drag after computing ahead: {later}"


def ex_scheduled(run) -> bool:
    # Asked silently: a cell run in the open would count as the learner at work and put off
    # the computing it asks about.
    return run("print(ex.ahead.scheduled)", silent=True).strip() == "True"


def test_in_a_real_kernel_the_next_key_press_finds_its_picture_drawn(kernel):
    run = kernel
    run("from musclepain_lib.electrolytes import explorer\nex = explorer().explorer")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and run("print(len(ex.pictures_ahead.kept))", silent=True).strip() != "3":
        time.sleep(0.2)  # the learner reads; the kernel is left alone
    found = run("ex.views['k_out'].value = 3.9  # a step down\n"
                "print(ex.pictures_ahead.hits, ex.image.value == explorer(k_out=3.9).explorer.image.value)")
    assert found.split() == ["1", "True"], found


def test_in_jupyterlab_s_widget_subshell_the_next_pictures_are_drawn_while_no_cell_runs(kernel):
    """JupyterLab hands the widgets' messages to a subshell of the kernel, a thread with an
    event loop of its own. The next pictures after a key press handled there must be drawn
    while the learner reads, with no cell run to wake the thread of the lesson's cells."""
    run, client = kernel, kernel.client
    slider = run(
        "import threading\nfrom musclepain_lib.electrolytes import explorer\nex = explorer().explorer\n"
        "pressed = []\nex.views['k_out'].main.observe(\n"
        "    lambda change: pressed.append(threading.current_thread().name), names='value')\n"
        "print(ex.views['k_out'].main.model_id)").strip()
    client.control_channel.send(client.session.msg("create_subshell_request", {}))
    subshell = client.get_control_msg(timeout=10)["content"]["subshell_id"]
    time.sleep(1.0)  # the explorer's first next pictures are drawn
    for value in (4.1, 4.2, 4.3):
        message = client.session.msg("comm_msg", {"comm_id": slider, "data": {
            "method": "update", "state": {"value": value}, "buffer_paths": []}})
        message["header"]["subshell_id"] = subshell
        client.shell_channel.send(message)  # the learner's key press, as JupyterLab sends it
        time.sleep(1.0)  # the learner reads: no message reaches the kernel
    hits, error, threads = run("print(ex.pictures_ahead.hits, ex.last_error, pressed)").split(maxsplit=2)
    assert threads.count("subshell") >= 2, f"the key presses were not handled in a subshell: {threads}"
    assert (hits, error) == ("3", "None"), (hits, error, threads)
