"""Computing ahead while the learner reads (musclepain_lib.core.ahead): one slider step at a
time, nearest first, only in a kernel left alone, never after the explorer is closed."""

import time

import pytest
from jupyter_client.manager import start_new_kernel

from musclepain_lib.core import ahead as ahead_module
from musclepain_lib.core.explorer import Explorer, Slider


class FakeLoop:
    """Keeps what is scheduled on it; ``run_next()`` runs the first, as the kernel's loop would."""

    def __init__(self):
        self.waiting = []

    def call_later(self, delay, callback):
        self.waiting.append((delay, callback))

    def run_next(self):
        delay, callback = self.waiting.pop(0)
        callback()
        return delay


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
    assert loop.waiting[0][0] == ahead_module.QUIET_S  # it waits for the kernel to be left alone first
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
    waited = loop.run_next()
    assert computed == [] and 0 < loop.waiting[0][0] <= ahead_module.QUIET_S, (waited, loop.waiting)
    monkeypatch.setattr(ahead_module, "_last_busy", [time.monotonic() - ahead_module.QUIET_S])
    loop.run_next()
    assert computed == [(1.0, 1)] and loop.waiting[0][0] == ahead_module.PAUSE_S
    explorer.widget.close()
    run_all(loop)
    assert computed == [(1.0, 1)]


def test_a_value_the_model_refuses_is_passed_over(loop):
    computed = []
    make(computed, loop, fail_at=0.5)
    run_all(loop)
    assert [gain for gain, _offset in computed] == [1.0, 0.5, 1.5, 0.0, 2.0]


#: The explorers that compute ahead: how to make one, and how to forget what its model kept.
COMPUTING_AHEAD = {
    "f-I curve": ("fi_curve_explorer", "model._steady_rate.cache_clear()"),
    "cramp": ("cramp_explorer", "widget._cramp_run.cache_clear()"),
}


@pytest.mark.parametrize("name", COMPUTING_AHEAD)
def test_in_a_real_kernel_every_calcium_step_is_ready_before_the_drag(name):
    factory, forget = COMPUTING_AHEAD[name]
    manager, client = start_new_kernel(kernel_name="python3")

    def run(code: str, silent: bool = False) -> str:
        printed = []
        reply = client.execute_interactive(code, silent=silent, timeout=120, output_hook=printed.append)
        assert reply["content"]["status"] == "ok", reply["content"]
        return "".join(m["content"]["text"] for m in printed if m["msg_type"] == "stream")

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
    try:
        run(f"from musclepain_lib.cramps import {factory}\nex = {factory}().explorer")
        at_once = run(sweep)  # a drag right away: the model runs as it goes
        run(f"from musclepain_lib.cramps import model, widget\n{forget}\n"
            "ex.views['magnesium'].value = 0.6")  # another magnesium: new runs to compute ahead
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and ex_scheduled(run):
            time.sleep(0.5)  # the learner reads; the kernel is left alone
        later = run(sweep)
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    runs, steps, _error = at_once.split()
    assert int(runs) >= int(steps) - 1, f"a drag at once ran the nerve {runs} times for {steps} steps"
    assert later.split() == ["0", steps, "None"], f"nerve runs during a drag after computing ahead: {later}"


def ex_scheduled(run) -> bool:
    # Asked silently: a cell run in the open would count as the learner at work and put off
    # the computing it asks about.
    return run("print(ex.ahead.scheduled)", silent=True).strip() == "True"
