"""Explorers and figures of lesson 02: the nerve, the cramp, and the f-I curve.

``explorer``: a current step, ionized calcium and magnesium; the voltage trace, its spikes,
the firing rate and a plain-words reading. ``cramp_explorer``: a motor neuron's spikes drive
a muscle's force; the learner finds the calcium at which the muscle cramps.
``fi_curve_explorer``: firing rate against current, normal against the chosen calcium.
Every update goes through the public model functions.
"""

from __future__ import annotations

import functools
from typing import NamedTuple

import numpy as np

from musclepain_lib.core.explorer import Explorer, Preset, Reading, Slider
from musclepain_lib.core.manifest import topic
from musclepain_lib.core.plotting import PALETTE, moving, new_figure
from musclepain_lib.core.units import CALCIUM_MG_DL_PER_MMOL, calcium_both_units
from musclepain_lib.core.validation import check_number, check_series
from musclepain_lib.cramps.force import muscle_force, regular_spikes
from musclepain_lib.cramps.model import (
    CURRENT_RANGE,
    NORMAL_IONIZED_CA,
    NORMAL_MAGNESIUM,
    calcium_gating_shift,
    firing_pattern,
    firing_rate_curve,
    firing_rate_hz,
    resting_potential,
    simulate_nerve,
    steady_state_gates,
    threshold_current,
)

__all__ = list(topic(__name__).widget_names)

#: The explorers' step: within 0.1 % of the fine-step reference, and fast enough to redraw.
EXPLORER_DT_MS = 0.025
NORMAL_REST_MV = resting_potential(0.0)

PATTERN_WORDS = {
    "silent": ("Silent: the current is below threshold and the membrane stays near rest.", "ok"),
    "one spike": ("One spike: the membrane crossed threshold once, then adapted to the current.", "note"),
    "a few spikes, then silent": ("A few spikes, then silent: just below the current for sustained firing.", "note"),
    "repetitive firing": ("Repetitive firing: the nerve fires for as long as the current flows.", "note"),
    "firing by itself": ("Firing by itself: with no current the membrane fires again and again, as in tetany.", "alarm"),
}


def _heading(axes):
    """A line of text above the axes that the update rewrites (the settings shown)."""
    # a stand-in text, so that the first layout leaves room for the heading
    return axes.text(0.0, 1.03, "Ca 1.20 mmol/L", transform=axes.transAxes, fontsize=11, ha="left", va="bottom")


def _calcium_controls(ca_default=NORMAL_IONIZED_CA, ca_step=0.01):
    return [
        Slider("ionized_ca", "Ionized calcium", "mmol/L", ca_default, 0.3, 1.6, ca_step),
        Slider("magnesium", "Magnesium", "mmol/L", NORMAL_MAGNESIUM, 0.2, 1.2, 0.05),
    ]


def _gating_shift(values) -> float:
    """The gating shift (mV) for the chosen calcium and magnesium."""
    return calcium_gating_shift(values["ionized_ca"], values["magnesium"])


def _shift_words(values):
    """The gating shift for the chosen calcium and magnesium, in a sentence and in short."""
    ca, mg = values["ionized_ca"], values["magnesium"]
    shift = _gating_shift(values)
    shown = round(shift, 1) + 0.0  # a shift a hair below zero reads +0.0, not -0.0
    words = f"ionized calcium {calcium_both_units(ca)} and magnesium {mg:.2f} mmol/L (gates shifted {shown:+.1f} mV)"
    return shift, words, f"Ca {calcium_both_units(ca)}, Mg {mg:.2f}: shift {shown:+.1f} mV"


def _after_calcium_fell(current, duration, shift, start=0.0, end=None):
    """The nerve as calcium has just fallen: it starts from the normal resting state."""
    return simulate_nerve(current, duration, EXPLORER_DT_MS, shift, start, end, v0_mv=NORMAL_REST_MV)


def _voltage_axes(axes, duration):
    axes.set_xlim(0, duration)
    axes.set_ylim(-105, 62)
    axes.set_ylabel("membrane voltage (mV)")
    axes.axhline(0.0, color=PALETTE["grey"], linewidth=0.8, linestyle=":")
    (line,) = axes.plot([0, duration], [NORMAL_REST_MV] * 2, color=PALETTE["blue"], linewidth=1.4, label="voltage")
    (marks,) = axes.plot([], [], linestyle="none", marker="v", color=PALETTE["vermillion"], label="spikes (upward 0 mV crossings)")
    return line, marks


def _drawn_points(trace):
    """The points of a voltage trace that are drawn: one every 0.1 ms still shows every spike."""
    every = max(1, int(round(0.1 / trace.dt_ms)))
    return trace.t_ms[::every], trace.v_mv[::every]


def _show_trace(line, marks, points, spike_times):
    line.set_data(*points)
    marks.set_data(spike_times, np.full(len(spike_times), 52.0))


# ----- the nerve explorer --------------------------------------------------------------
NERVE_DURATION_MS = 200.0
NERVE_STIM_MS = (20.0, 180.0)
NERVE_CONTROLS = [
    Slider("current_ua_cm2", "Stimulus current", "uA/cm2", 10.0, -10.0, 30.0, 0.1),
    *_calcium_controls(),
]
NERVE_PRESETS = (
    Preset(
        "threshold",
        {"current_ua_cm2": 2.3},
        "A 2.3 uA/cm2 current step: one spike",
    ),
    Preset(
        "repetitive_firing",
        {"current_ua_cm2": 10.0},
        "A 10 uA/cm2 step: repetitive firing, about 68 Hz",
    ),
    Preset(
        "hypocalcaemia",
        {"current_ua_cm2": 0.0, "ionized_ca": 0.45},
        f"No current, ionized calcium {calcium_both_units(0.45)}: the nerve fires by itself",
    ),
)


def _nerve_setup(figure):
    axes = figure.subplots()
    axes.axvspan(*NERVE_STIM_MS, color=PALETTE["yellow"], alpha=0.18, linewidth=0, label="current on")
    line, marks = _voltage_axes(axes, NERVE_DURATION_MS)
    axes.set_xlabel("time (ms)")
    axes.legend(loc="lower right", ncols=3, fontsize=9)
    heading = _heading(axes)
    return moving(line, marks, heading)


def _nerve_update(artists, values):
    line, marks, heading = artists
    current = values["current_ua_cm2"]
    shift, calcium, short = _shift_words(values)
    trace = _after_calcium_fell(current, NERVE_DURATION_MS, shift, *NERVE_STIM_MS)
    pattern = firing_pattern(trace)
    rate = firing_rate_hz(trace)
    _show_trace(line, marks, _drawn_points(trace), trace.spike_times_ms)
    count = len(trace.spike_times_ms)
    spikes = f"{count} spike{'s' if count != 1 else ''}" + (f", {rate:.0f} Hz" if rate else "")
    heading.set_text(f"{current:g} uA/cm2; {short}; {spikes}")
    verdict, level = PATTERN_WORDS[pattern]
    description = (
        f"Membrane voltage over {NERVE_DURATION_MS:.0f} ms with {current:g} uA/cm2 from "
        f"{NERVE_STIM_MS[0]:.0f} to {NERVE_STIM_MS[1]:.0f} ms, {calcium}: {pattern}, "
        f"{count} spike{'s' if count != 1 else ''}" + (f" at {rate:.0f} Hz." if rate else ".")
    )
    return Reading(description, verdict, level)


def explorer(preset=None, **start_values):
    """Nerve explorer: a current step, ionized calcium and magnesium; the voltage and its spikes.

    The current (uA/cm2) flows from 20 to 180 ms of a 200 ms run; calcium and magnesium set
    the gating shift (:func:`calcium_gating_shift`). The membrane starts at its normal
    resting state, as if calcium had just fallen. The reading says silent, one spike,
    repetitive firing or firing by itself.

    Presets for a class: ``NERVE_PRESETS`` (each with a line saying what the class sees).
    """
    return Explorer.declared(
        __name__, "explorer", NERVE_CONTROLS, _nerve_setup, _nerve_update,
        start_values=start_values, presets=NERVE_PRESETS, preset=preset, figsize=(7.5, 4.2),
    ).widget


# ----- the cramp explorer --------------------------------------------------------------
CRAMP_DURATION_MS = 500.0
COMMAND_MS = (50.0, 150.0)
CRAMP_CONTROLS = [
    *_calcium_controls(),
    Slider("command_ua_cm2", "Voluntary command", "uA/cm2", 0.0, 0.0, 15.0, 0.5),
]
CRAMP_PRESETS = (
    Preset(
        "voluntary_contraction",
        {"command_ua_cm2": 10.0},
        "A 10 uA/cm2 command: a fused contraction, then the muscle relaxes",
    ),
    Preset(
        "hypocalcaemia_cramp",
        {"ionized_ca": 0.45},
        f"Ionized calcium {calcium_both_units(0.45)}: the nerve fires with no command and the muscle stays "
        "contracted (tetany)",
    ),
    Preset(
        "low_magnesium",
        {"ionized_ca": 0.75, "magnesium": 0.4},
        f"Magnesium 0.4 mmol/L: the cramp starts at a higher calcium ({calcium_both_units(0.75)})",
    ),
)


def _cramp_setup(figure):
    top, bottom = figure.subplots(2, 1, sharex=True, height_ratios=(1.1, 1.0))
    # The command's band and its label are drawn only while there is a command.
    bands = [axes.axvspan(*COMMAND_MS, color=PALETTE["yellow"], alpha=0.18, linewidth=0) for axes in (top, bottom)]
    line, marks = _voltage_axes(top, CRAMP_DURATION_MS)
    top.legend(loc="lower right", ncols=2, fontsize=9)
    t = np.arange(CRAMP_DURATION_MS + 1)
    (force,) = bottom.plot(t, np.zeros_like(t), color=PALETTE["orange"], label="muscle force")
    bottom.set_ylim(0, 1.05)
    bottom.set_ylabel("force (fraction of max)")
    bottom.set_xlabel("time (ms)")
    band_label = bottom.text(sum(COMMAND_MS) / 2, 1.0, "command on", ha="center", va="top", fontsize=9)
    command = CommandMarks(bands, band_label)
    heading = _heading(top)
    # Below the curves (drawn first), and shown only while there is a command.
    moving(*bands, band_label, line, marks, force, heading)
    return line, marks, force, heading, command


class CommandMarks:
    """The band over the time the voluntary command is on, in both panels, and its label."""

    def __init__(self, bands, label):
        self.bands, self.label = bands, label

    def show(self, on: bool):
        for artist in (*self.bands, self.label):
            artist.set_visible(on)


class CrampRun(NamedTuple):
    """One run of the cramp explorer, kept small: what its picture and words need of it."""

    times_ms: np.ndarray  # the times of the voltage points drawn
    voltage_mv: np.ndarray  # the voltage at those times
    spike_times_ms: np.ndarray
    pattern: str  # as firing_pattern reads the whole trace
    rate_hz: float  # the firing rate after the command, from 50 ms after its end
    force_times_ms: np.ndarray  # each ms
    force: np.ndarray  # the muscle force then, fraction of maximum


#: Runs kept: every calcium step of the slider (131) at one magnesium and command, and a fifth
#: more; each about 90 kB, about 14 MB in all.
CRAMP_RUNS_KEPT = round(1.2 * len(CRAMP_CONTROLS[0].steps()))


@functools.lru_cache(maxsize=CRAMP_RUNS_KEPT)
def _cramp_run(command: float, shift: float) -> CrampRun:
    """The nerve and its muscle for one command and gating shift (about 15 ms; kept)."""
    trace = _after_calcium_fell(command, CRAMP_DURATION_MS, shift, *COMMAND_MS)
    force_times, force = muscle_force(trace.spike_times_ms, CRAMP_DURATION_MS)
    times, voltage = (points.copy() for points in _drawn_points(trace))  # not views of the whole trace
    rate = firing_rate_hz(trace, after_ms=COMMAND_MS[1] + 50.0)
    return CrampRun(times, voltage, trace.spike_times_ms, firing_pattern(trace), rate, force_times, force)


def _cramp_run_for(values) -> CrampRun:
    """The run for the explorer's control values: computed ahead over the calcium slider."""
    return _cramp_run(values["command_ua_cm2"], _gating_shift(values))


def _cramp_update(artists, values):
    line, marks, force_line, heading, command_marks = artists
    command = values["command_ua_cm2"]
    command_marks.show(command > 0)
    _shift, calcium, short = _shift_words(values)
    heading.set_text(f"command {command:g} uA/cm2; {short}")
    run = _cramp_run_for(values)
    force = run.force
    _show_trace(line, marks, (run.times_ms, run.voltage_mv), run.spike_times_ms)
    force_line.set_data(run.force_times_ms, force)
    late = force[run.force_times_ms > COMMAND_MS[1] + 150.0]
    held = float(late.mean())
    count = len(run.spike_times_ms)
    description = (
        f"Top: a motor neuron's voltage over {CRAMP_DURATION_MS:.0f} ms with {calcium} and a "
        f"voluntary command of {command:g} uA/cm2 from {COMMAND_MS[0]:.0f} to {COMMAND_MS[1]:.0f} ms "
        f"({count} spike{'s' if count != 1 else ''}, {run.pattern}). Bottom: the muscle force, "
        f"{100 * force.max():.0f} % of maximum at its peak and {100 * held:.0f} % at the end."
    )
    if run.pattern == "firing by itself":
        verdict = (
            f"Cramp: the nerve fires by itself at about {run.rate_hz:.0f} Hz and holds the muscle at "
            f"{100 * held:.0f} % of its maximal force, with no command."
        )
        return Reading(description, verdict, "alarm")
    if count == 0:
        return Reading(description, "Relaxed: no spikes, no force.", "ok")
    if count == 1:
        return Reading(description, "One spike, one twitch: the muscle contracts briefly and relaxes.", "note")
    return Reading(
        description,
        "Voluntary contraction: fast firing fuses the twitches while the command lasts; then the muscle relaxes.",
        "ok",
    )


def cramp_explorer(preset=None, **start_values):
    """Cramp explorer: a motor neuron's spikes drive the force of its muscle fibres.

    Controls: ionized calcium and magnesium (mmol/L) and a voluntary command current
    (uA/cm2, from 50 to 150 ms). One spike gives a twitch; fast firing fuses twitches into a
    sustained contraction. Lower the calcium until the nerve fires by itself: the muscle then
    stays contracted with no command, a cramp (tetany). The nerve starts at its normal rest.
    While the learner reads, the run for every calcium step is computed ahead (about 2 s of
    the kernel for each magnesium and command).

    Presets for a class: ``CRAMP_PRESETS`` (each with a line saying what the class sees).
    """
    return Explorer.declared(
        __name__, "cramp_explorer", CRAMP_CONTROLS,
        _cramp_setup, _cramp_update, start_values=start_values, presets=CRAMP_PRESETS, preset=preset,
        figsize=(7.5, 5.4), ahead=("ionized_ca", _cramp_run_for),
    ).widget


# ----- the f-I curve explorer ----------------------------------------------------------
#: The f-I explorer's calcium step (mmol/L): each value is 15 nerve runs (about 50 ms); a step
#: of 0.01 moved the curve by a pixel or two, one of 0.05 moves where repetitive firing starts,
#: and the 27 steps' curves are computed ahead while the learner reads (about 1.3 s of the kernel).
FI_CALCIUM_STEP = 0.05
FI_CURRENTS = np.array([0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 15, 20, 25, 30], dtype=float)
FI_SETTINGS = {"duration_ms": 150.0, "after_ms": 50.0, "dt_ms": 0.05, "v0_mv": NORMAL_REST_MV}
FI_PRESETS = (
    Preset(
        "hypocalcaemia",
        {"ionized_ca": 0.6},
        f"Ionized calcium {calcium_both_units(0.6)}: firing starts at a smaller current",
    ),
    Preset(
        "hypercalcaemia",
        {"ionized_ca": 1.6},
        f"Ionized calcium {calcium_both_units(1.6)}: it takes more current to fire",
    ),
)


def _first_firing(rates):
    firing = np.nonzero(rates > 0)[0]
    return FI_CURRENTS[firing[0]] if len(firing) else None


def _fi_setup(figure):
    axes = figure.subplots()
    normal = firing_rate_curve(FI_CURRENTS, 0.0, **FI_SETTINGS)
    axes.plot(FI_CURRENTS, normal, marker="o", color=PALETTE["blue"], label=f"normal calcium ({calcium_both_units(1.2)})")
    (chosen,) = axes.plot(FI_CURRENTS, normal, marker="s", linestyle="--", color=PALETTE["vermillion"], label="chosen calcium")
    axes.set_xlim(0, FI_CURRENTS[-1])
    axes.set_ylim(0, 140)
    axes.set_xlabel("step current (uA/cm2)")
    axes.set_ylabel("sustained firing rate (Hz)")
    axes.legend(loc="lower right")
    heading = _heading(axes)
    return (*moving(chosen, heading), normal)


def _fi_rates(values):
    """The f-I curve at the chosen calcium and magnesium (the model keeps each run)."""
    return firing_rate_curve(FI_CURRENTS, _gating_shift(values), **FI_SETTINGS)


def _fi_update(artists, values):
    chosen, heading, normal = artists
    _shift, calcium, short = _shift_words(values)
    heading.set_text(short)
    rates = _fi_rates(values)
    chosen.set_ydata(rates)
    start_normal, start_now = _first_firing(normal), _first_firing(rates)
    at_ten = rates[FI_CURRENTS == 10.0][0]
    if start_now is None:
        onset = "at no current shown"
    elif start_now == 0.0:
        onset = "even with no current: it fires by itself"
    else:
        onset = f"from {start_now:g} uA/cm2"
    description = (
        f"Sustained firing rate against step current for normal calcium (blue, from "
        f"{start_normal:g} uA/cm2) and for {calcium} (dashed, {onset}; {at_ten:.0f} Hz at 10 uA/cm2)."
    )
    if start_now is not None and start_now < start_normal:
        verdict, level = "More excitable: repetitive firing starts at a smaller current.", "warn"
    elif start_now is not None and start_now > start_normal:
        verdict, level = "Less excitable: it takes more current to keep the nerve firing.", "note"
    else:
        verdict, level = "Repetitive firing starts at the same current as with normal calcium.", "ok"
    return Reading(description, verdict, level)


def fi_curve_explorer(preset=None, **start_values):
    """f-I explorer: sustained firing rate against step current, normal against chosen calcium.

    Each point is a 150 ms step from the normal rest, as if calcium had just fallen (rate read
    after 50 ms; 0 if the firing stops). Calcium moves in steps of 0.05 mmol/L (any value can be
    typed in its box); while the learner reads, the curve of every step is computed ahead.
    Presets for a class: ``FI_PRESETS`` (each with a line saying what the class sees).
    """
    return Explorer.declared(
        __name__, "fi_curve_explorer", _calcium_controls(ca_step=FI_CALCIUM_STEP),
        _fi_setup, _fi_update, start_values=start_values, presets=FI_PRESETS, preset=preset,
        figsize=(7.5, 4.2), ahead=("ionized_ca", _fi_rates),
    ).widget


# ----- static figures of the lesson ----------------------------------------------------
ACTION_POTENTIAL_MS = 20.0
CALCIUM_RANGE = (0.2, 5.0)  # mmol/L, as calcium_gating_shift accepts
MAGNESIUM_RANGE = (0.1, 5.0)  # mmol/L


def _currents(currents):
    """A figure's current steps: at least one, each within the model's range (uA/cm2)."""
    return check_series("currents", currents, *CURRENT_RANGE, "uA/cm2", min_length=1)


def plot_action_potential(current_ua_cm2=20.0, pulse_ms=1.0):
    """One action potential after a brief pulse, with rest and peak marked. Returns a Figure.

    ``current_ua_cm2`` from -20 to 200 uA/cm2; ``pulse_ms`` above 0 and at most 20 ms (the run).
    """
    current_ua_cm2 = check_number("current_ua_cm2", current_ua_cm2, *CURRENT_RANGE, "uA/cm2")
    pulse_ms = check_number("pulse_ms", pulse_ms, 0.0, ACTION_POTENTIAL_MS, "ms", low_open=True)
    trace = simulate_nerve(current_ua_cm2, ACTION_POTENTIAL_MS, 0.01, stim_end_ms=pulse_ms)
    figure, axes = new_figure(7.5, 3.8)
    axes.axvspan(0, pulse_ms, color=PALETTE["yellow"], alpha=0.3, linewidth=0, label=f"{current_ua_cm2:g} uA/cm2 pulse")
    axes.plot(trace.t_ms, trace.v_mv, color=PALETTE["blue"], label="membrane voltage")
    peak_at = trace.t_ms[np.argmax(trace.v_mv)]
    axes.annotate(f"peak {trace.peak_mv:+.1f} mV", (peak_at, trace.peak_mv), xytext=(peak_at + 2.5, 30),
                  arrowprops={"arrowstyle": "->"})
    axes.axhline(trace.v_mv[0], color=PALETTE["grey"], linestyle="--", linewidth=1, label=f"rest {trace.v_mv[0]:.1f} mV")
    axes.set_xlabel("time (ms)")
    axes.set_ylabel("membrane voltage (mV)")
    axes.legend(loc="upper right")
    return figure


def plot_threshold(currents=(2.0, 2.2, 2.3, 2.5, 4.0), duration_ms=30.0):
    """Voltage for current steps around threshold: all or none. Returns a Figure.

    ``currents``: one or more steps from -20 to 200 uA/cm2.
    """
    currents = _currents(currents)
    figure, axes = new_figure(7.5, 3.8)
    for current in currents:
        trace = simulate_nerve(current, duration_ms)
        axes.plot(trace.t_ms, trace.v_mv, label=f"{current:g} uA/cm2 ({firing_pattern(trace)})")
    axes.set_xlabel("time since the step began (ms)")
    axes.set_ylabel("membrane voltage (mV)")
    axes.legend(loc="upper right", fontsize=9)
    return figure


def plot_repetitive_firing(currents=(6.20, 6.32, 10.0), duration_ms=300.0):
    """One panel per current step: a few spikes that stop, or repetitive firing. Returns a Figure.

    ``currents``: one or more steps from -20 to 200 uA/cm2.
    """
    currents = _currents(currents)
    figure, axes = new_figure(7.5, 1.6 + 1.3 * len(currents), nrows=len(currents), sharex=True)
    for ax, current, color in zip(np.atleast_1d(axes), currents, (PALETTE["blue"], PALETTE["orange"], PALETTE["green"])):
        trace = simulate_nerve(current, duration_ms)
        ax.plot(trace.t_ms, trace.v_mv, color=color, linewidth=1.2)
        ax.set_title(f"{current:g} uA/cm2: {firing_pattern(trace)}", fontsize=11, loc="left")
        ax.set_ylim(-90, 60)
        ax.set_ylabel("mV")
    np.atleast_1d(axes)[-1].set_xlabel("time since the step began (ms)")
    return figure


def plot_gating_curves(ionized_ca=0.6, magnesium=NORMAL_MAGNESIUM):
    """Steady-state gate openings m, h, n against voltage, normal and at the given calcium."""
    shift = calcium_gating_shift(ionized_ca, magnesium)
    v = np.linspace(-100.0, 20.0, 481)
    figure, axes = new_figure(7.5, 4.0)
    names = ("m: sodium activation", "h: sodium inactivation", "n: potassium activation")
    colors = (PALETTE["vermillion"], PALETTE["blue"], PALETTE["green"])
    for name, color, normal, shifted in zip(names, colors, steady_state_gates(v), steady_state_gates(v, shift)):
        axes.plot(v, normal, color=color, label=f"{name}, normal calcium")
        axes.plot(v, shifted, color=color, linestyle="--", label=f"{name}, Ca {calcium_both_units(ionized_ca)}")
    axes.axvline(resting_potential(0.0), color=PALETTE["grey"], linewidth=1, linestyle=":")
    axes.set_xlabel("membrane voltage (mV)")
    axes.set_ylabel("fraction of gates open at steady state")
    axes.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=9)
    return figure


def _gating_shift_numbers(ionized_ca=0.6, magnesium=NORMAL_MAGNESIUM) -> dict:
    """The numbers :func:`plot_gating_shift` draws, in mV: the shift, both rests, and where the gates act.

    ``shift`` (positive: the curves move left), ``rest_normal`` and ``rest_shifted`` (the
    resting voltage at normal and at the given calcium and magnesium), ``acts_as`` (the voltage
    at which normal gates would stand as the shifted gates stand at ``rest_shifted``: the
    shifted rest plus the shift), and ``n_normal`` and ``n_shifted`` (the potassium activation
    gate's opening at the normal rest, normal and shifted).
    """
    shift = calcium_gating_shift(ionized_ca, magnesium)
    rest_normal, rest_shifted = resting_potential(0.0), resting_potential(shift)
    return {
        "shift": shift, "rest_normal": rest_normal, "rest_shifted": rest_shifted,
        "acts_as": rest_shifted + shift,
        "n_normal": float(steady_state_gates(rest_normal)[2]),
        "n_shifted": float(steady_state_gates(rest_normal, shift)[2]),
    }


def plot_gating_shift(ionized_ca=0.6, magnesium=NORMAL_MAGNESIUM):
    """The sign convention in one picture: one activation curve, the same curve shifted, the rests.

    The potassium activation gate (n) against voltage, for normal calcium (solid) and for the
    given ionized calcium and magnesium (mmol/L; dashed), with an arrow from one to the other
    at half opening labelled with the shift (positive: to the left), the resting voltage at
    normal and at the given calcium, and a dotted line showing that the shifted gates at their
    rest stand as the normal gates would at a less negative voltage ("as if depolarised").
    Returns a Figure.
    """
    numbers = _gating_shift_numbers(ionized_ca, magnesium)
    shift, rest_normal, rest_shifted, acts_as = (numbers[k] for k in ("shift", "rest_normal", "rest_shifted", "acts_as"))
    v = np.linspace(-100.0, 0.0, 401)
    normal, shifted = steady_state_gates(v)[2], steady_state_gates(v, shift)[2]
    figure, axes = new_figure(7.5, 4.4)
    axes.plot(v, normal, color=PALETTE["blue"], linewidth=2, label=f"n gate, normal calcium ({calcium_both_units(1.2)})")
    axes.plot(v, shifted, color=PALETTE["vermillion"], linewidth=2, linestyle="--",
              label=f"n gate, Ca {calcium_both_units(ionized_ca)}, Mg {magnesium:g} mmol/L")
    # The arrow at half opening: from the normal curve to the shifted one.
    half_normal, half_shifted = np.interp(0.5, normal, v), np.interp(0.5, shifted, v)
    axes.annotate("", (half_shifted, 0.5), xytext=(half_normal, 0.5),
                  arrowprops={"arrowstyle": "->", "linewidth": 1.5, "color": PALETTE["black"]})
    side = "left" if shift >= 0 else "right"
    axes.text(max(half_normal, half_shifted) + 2.0, 0.47, f"shift {shift:+.1f} mV:\nthe curve moves {side}",
              ha="left", va="top", fontsize=10)
    axes.axvline(rest_normal, color=PALETTE["grey"], linestyle=":", linewidth=1.2,
                 label=f"rest, normal calcium: {rest_normal:.1f} mV")
    axes.axvline(rest_shifted, color=PALETTE["vermillion"], linestyle="-.", linewidth=1,
                 label=f"rest, Ca {calcium_both_units(ionized_ca)}: {rest_shifted:.1f} mV")
    # Reading across: the shifted gate at its rest is as open as the normal gate at rest + shift.
    opening = float(steady_state_gates(rest_shifted, shift)[2])
    axes.plot([rest_shifted, acts_as], [opening, opening], color=PALETTE["black"], linestyle=":", linewidth=1.2)
    axes.plot([rest_shifted, acts_as], [opening, opening], linestyle="none", marker="o", color=PALETTE["black"], markersize=5)
    axes.annotate(f"as open as normal gates at {acts_as:.1f} mV", (acts_as, opening), xytext=(acts_as + 6.0, opening - 0.17),
                  fontsize=10, arrowprops={"arrowstyle": "->", "color": PALETTE["black"]})
    axes.set_xlim(v[0], v[-1])
    axes.set_ylim(0, 1)
    axes.set_xlabel("membrane voltage (mV): more negative to the left, depolarised to the right")
    axes.set_ylabel("fraction of n gates open at steady state")
    axes.legend(loc="upper left", fontsize=9)
    return figure


def plot_threshold_against_calcium(calcium=(0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2, 1.3, 1.4, 1.6), magnesium=(NORMAL_MAGNESIUM, 0.4)):
    """The current needed to fire against ionized calcium, at normal and low magnesium.

    ``calcium``: ionized calcium values from 0.2 to 5 mmol/L; ``magnesium``: one or more
    magnesium values from 0.1 to 5 mmol/L, a line each.
    """
    calcium = check_series("calcium", calcium, *CALCIUM_RANGE, "mmol/L", min_length=1)
    magnesium = check_series("magnesium", magnesium, *MAGNESIUM_RANGE, "mmol/L", min_length=1)
    figure, axes = new_figure(7.5, 3.8)
    for mg, marker in zip(magnesium, ("o", "s", "^")):
        thresholds = [threshold_current(calcium_gating_shift(ca, mg)) for ca in calcium]
        axes.plot(calcium, thresholds, marker=marker, label=f"magnesium {mg:g} mmol/L")
    axes.axvline(NORMAL_IONIZED_CA, color=PALETTE["grey"], linestyle=":", linewidth=1)
    axes.set_xlabel("ionized calcium (mmol/L)")
    top = axes.secondary_xaxis("top", functions=(lambda mmol: mmol * CALCIUM_MG_DL_PER_MMOL,
                                                 lambda mg_dl: mg_dl / CALCIUM_MG_DL_PER_MMOL))
    top.set_xlabel("ionized calcium (mg/dL)")
    axes.set_ylabel("threshold current (uA/cm2)")
    axes.set_ylim(bottom=0)
    axes.legend(loc="upper left")
    return figure


def plot_twitch_summation(rates_hz=(2.0, 10.0, 20.0, 50.0), duration_ms=1000.0):
    """Muscle force for steady firing at several rates: separate twitches to a fused contraction.

    ``rates_hz``: one or more firing rates above 0 and at most 500 Hz, as :func:`regular_spikes` allows.
    """
    rates = check_series("rates_hz", rates_hz, 0.0, 500.0, "Hz", min_length=1)
    rates_hz = [check_number(f"rates_hz[{i}]", r, 0.0, 500.0, "Hz", low_open=True) for i, r in enumerate(rates.tolist())]
    figure, axes = new_figure(7.5, 3.8)
    for rate in rates_hz:
        t, force = muscle_force(regular_spikes(rate, duration_ms), duration_ms)
        axes.plot(t, force, label=f"{rate:g} Hz")
    axes.set_ylim(0, 1.05)
    axes.set_xlabel("time (ms)")
    axes.set_ylabel("force (fraction of maximal)")
    axes.legend(loc="upper left", ncols=len(rates_hz))
    return figure
