"""Nerve excitability: the Hodgkin-Huxley membrane, its firing, and how calcium moves its gates.

Pure functions and small dataclasses (numpy only). Voltages in mV, time in ms, currents in
uA/cm2, conductances in mS/cm2, concentrations in mmol/L.
"""

from __future__ import annotations

import functools
import math
from array import array
from dataclasses import dataclass

import numpy as np

from musclepain_lib.core.errors import InputError
from musclepain_lib.core.validation import check_number, check_series
from musclepain_lib.cramps.integrator import GRID_MV, HIGHEST_MV, LOWEST_MV, run_blocks

__all__ = [
    "HH_PARAMETERS",
    "NerveTrace",
    "simulate_nerve",
    "resting_potential",
    "steady_state_gates",
    "firing_rate_hz",
    "firing_pattern",
    "threshold_current",
    "firing_rate_curve",
    "calcium_gating_shift",
    "calcium_for_self_firing",
    "NORMAL_IONIZED_CA",
    "NORMAL_MAGNESIUM",
    "MV_PER_DECADE",
]

#: Hodgkin and Huxley (1952) squid-axon membrane in the modern convention (rest near -65 mV).
HH_PARAMETERS = {
    "g_na": 120.0, "g_k": 36.0, "g_l": 0.3,  # mS/cm2
    "e_na": 50.0, "e_k": -77.0, "e_l": -54.387,  # mV
    "c_m": 1.0,  # uF/cm2
}
_G = (HH_PARAMETERS["g_na"], HH_PARAMETERS["g_k"], HH_PARAMETERS["g_l"], HH_PARAMETERS["c_m"])
_E = (HH_PARAMETERS["e_na"], HH_PARAMETERS["e_k"], HH_PARAMETERS["e_l"])

#: Above this step the voltage update can overshoot during a spike and accuracy is lost (ms).
MAX_DT_MS = 0.05
#: Most steps one run may take (keeps memory and waiting time reasonable).
MAX_STEPS = 2_000_000

CURRENT_RANGE = (-20.0, 200.0)  # uA/cm2
SHIFT_RANGE = (-30.0, 30.0)  # mV


# ----- the gates -----------------------------------------------------------------------
def _rates(v):
    """The six HH rate functions (1/ms) at voltage(s) ``v`` in mV (numpy arrays)."""
    v = np.asarray(v, dtype=float)
    x_m, x_n = v + 40.0, v + 55.0
    with np.errstate(divide="ignore", invalid="ignore"):
        alpha_m = np.where(np.abs(x_m) < 1e-7, 1.0, 0.1 * x_m / -np.expm1(-x_m / 10.0))
        alpha_n = np.where(np.abs(x_n) < 1e-7, 0.1, 0.01 * x_n / -np.expm1(-x_n / 10.0))
    beta_m = 4.0 * np.exp(-(v + 65.0) / 18.0)
    alpha_h = 0.07 * np.exp(-(v + 65.0) / 20.0)
    beta_h = 1.0 / (1.0 + np.exp(-(v + 35.0) / 10.0))
    beta_n = 0.125 * np.exp(-(v + 65.0) / 80.0)
    return (alpha_m, beta_m), (alpha_h, beta_h), (alpha_n, beta_n)


def _gates(v, shift):
    pairs = _rates(np.asarray(v, dtype=float) + shift)
    return tuple(alpha / (alpha + beta) for alpha, beta in pairs)


def steady_state_gates(v_mv, gating_shift_mv=0.0):
    """Steady-state open fractions ``(m, h, n)`` of the HH gates at a held voltage.

    Units: voltage (a number or a sequence) and shift in mV; fractions from 0 to 1.
    Source: Hodgkin and Huxley 1952, J Physiol 117:500-544 (rate functions in the modern
    convention, rest at -65 mV). The shift evaluates every rate at ``V + shift``, so each
    curve moves ``shift`` mV towards more negative voltages.
    Limits: squid giant axon at 6.3 degC, not a human motor axon.
    """
    if np.ndim(v_mv) == 0:
        v = check_number("v_mv", v_mv, -200.0, 200.0, "mV")
    else:
        v = check_series("v_mv", np.ravel(v_mv), -200.0, 200.0, "mV", min_length=1)
    shift = check_number("gating_shift_mv", gating_shift_mv, *SHIFT_RANGE, "mV")
    return _gates(v, shift)


def _steady_current(v, shift):
    m, h, n = _gates(v, shift)
    g_na, g_k, g_l, _ = _G
    e_na, e_k, e_l = _E
    return g_na * m**3 * h * (v - e_na) + g_k * n**4 * (v - e_k) + g_l * (v - e_l)


@functools.lru_cache(maxsize=256)
def _rest(shift: float) -> float:
    grid = np.linspace(-100.0, -20.0, 801)
    current = _steady_current(grid, shift)
    crossings = np.nonzero((current[:-1] < 0) & (current[1:] >= 0))[0]
    if len(crossings) == 0:
        raise InputError(f"gating_shift_mv = {shift!r} is not allowed: the membrane has no resting state there")
    low, high = grid[crossings[0]], grid[crossings[0] + 1]
    for _ in range(80):  # bisection to machine precision
        middle = 0.5 * (low + high)
        if middle in (low, high):
            break
        if _steady_current(middle, shift) < 0:
            low = middle
        else:
            high = middle
    return float(low if abs(_steady_current(low, shift)) <= abs(_steady_current(high, shift)) else high)


def resting_potential(gating_shift_mv=0.0) -> float:
    """The resting potential (mV): where the steady-state membrane carries no current.

    Units: shift and result in mV. About -65.0 mV unshifted, -66.8 mV at a 5 mV shift (the
    leak, which does not move, then pulls the rest towards EL less than the shifted gates).
    Source: Hodgkin and Huxley 1952, J Physiol 117:500-544.
    Limits: this state can be unstable for large shifts; the membrane then fires by itself.
    """
    shift = check_number("gating_shift_mv", gating_shift_mv, *SHIFT_RANGE, "mV")
    return _rest(shift)


# ----- the simulation ------------------------------------------------------------------
@dataclass(frozen=True)
class NerveTrace:
    """A simulated membrane: time (ms), voltage (mV), and the times of its spikes (ms).

    ``spike_times_ms`` are the upward crossings of 0 mV (linearly interpolated between steps).
    The other fields repeat the run's settings, so a trace says what produced it.
    """

    t_ms: np.ndarray
    v_mv: np.ndarray
    spike_times_ms: np.ndarray
    current_ua_cm2: float = 0.0
    gating_shift_mv: float = 0.0
    stim_start_ms: float = 0.0
    stim_end_ms: float = math.inf
    dt_ms: float = 0.01

    @property
    def duration_ms(self) -> float:
        return float(self.t_ms[-1])

    @property
    def peak_mv(self) -> float:
        return float(self.v_mv.max())


@functools.lru_cache(maxsize=8)  # an entry is 6 arrays of 21,001 doubles (1 MB)
def _tables(dt: float, shift: float, first_v: float):
    anchor = int(round((first_v - LOWEST_MV) / GRID_MV))
    count = int(round((HIGHEST_MV - LOWEST_MV) / GRID_MV)) + 1
    grid = first_v + (np.arange(count) - anchor) * GRID_MV
    tables = []
    for alpha, beta in _rates(grid + shift):
        decay = np.exp(-dt * (alpha + beta))
        tables += [alpha / (alpha + beta) * (1.0 - decay), decay]
    return tuple(array("d", table.tobytes()) for table in tables), anchor


def _spike_times(t, v):
    up = np.nonzero((v[:-1] < 0.0) & (v[1:] >= 0.0))[0]
    fraction = -v[up] / (v[up + 1] - v[up])
    return t[up] + fraction * (t[up + 1] - t[up])


def simulate_nerve(
    current_ua_cm2=0.0,
    duration_ms=200.0,
    dt_ms=0.01,
    gating_shift_mv=0.0,
    stim_start_ms=0.0,
    stim_end_ms=None,
    v0_mv=None,
) -> NerveTrace:
    """Simulate a patch of nerve membrane (Hodgkin-Huxley 1952) under a constant current step.

    Units: current in uA/cm2 (positive depolarises), times in ms, voltages and shift in mV.
    Parameters: gNa 120, gK 36, gL 0.3 mS/cm2; ENa +50, EK -77, EL -54.387 mV; Cm 1 uF/cm2.
    The current flows from ``stim_start_ms`` to ``stim_end_ms`` (None: to the end).
    ``gating_shift_mv = s`` evaluates every rate function at ``V + s``: all gating curves move
    s mV towards more negative voltages, as when extracellular calcium or magnesium falls
    (see :func:`calcium_gating_shift`); the leak does not move.
    Start: exactly at rest (the steady state with no current for this shift, even where that
    state is unstable); with ``v0_mv`` at that voltage with every gate at its steady state.
    Method: exponential (Rush-Larsen) gate updates and a Crank-Nicolson voltage update,
    staggered by half a step; spike times and peaks agree with a fine-step reference (RK4,
    dt 0.005 ms) to within 1 % for steps up to 0.05 ms.
    Source: Hodgkin and Huxley 1952, J Physiol 117:500-544; Rush and Larsen 1978, IEEE Trans
    Biomed Eng 25:389; Hines 1984, Int J Biomed Comput 15:69.
    Limits: a squid giant axon at 6.3 degC, one patch of membrane with no cable, no synapses,
    no sodium-potassium pump and fixed ion concentrations: a teaching model of why a nerve
    fires, not of a human motor axon at 37 degC.
    """
    current = check_number("current_ua_cm2", current_ua_cm2, *CURRENT_RANGE, "uA/cm2")
    duration = check_number("duration_ms", duration_ms, 0.0, 60_000.0, "ms", low_open=True)
    dt = check_number("dt_ms", dt_ms, 0.0, MAX_DT_MS, "ms", low_open=True)
    shift = check_number("gating_shift_mv", gating_shift_mv, *SHIFT_RANGE, "mV")
    start = check_number("stim_start_ms", stim_start_ms, 0.0, duration, "ms")
    end = math.inf if stim_end_ms is None else check_number("stim_end_ms", stim_end_ms, start, None, "ms")
    steps = duration / dt  # infinite for a step near zero
    n_steps = int(round(steps)) if steps <= MAX_STEPS else MAX_STEPS + 1
    if n_steps < 1 or n_steps > MAX_STEPS:
        raise InputError(
            f"duration_ms / dt_ms = {duration:g} / {dt:g} is not allowed: expected from 1 to "
            f"{MAX_STEPS:,} steps (a shorter run or a larger step)"
        )
    if v0_mv is None:
        first_v = _rest(shift)
    else:
        first_v = check_number("v0_mv", v0_mv, -100.0, 50.0, "mV")
    tables, anchor = _tables(dt, shift, first_v)
    gates = _gates(first_v, shift)
    state = (first_v, *(float(x) for x in gates))
    on = min(n_steps, int(round(start / dt)))
    off = n_steps if end / dt >= n_steps else int(round(end / dt))  # end may be huge or inf
    blocks = [(0, on, 0.0), (on, off, current), (off, n_steps, 0.0)]
    v = np.asarray(run_blocks(n_steps, blocks, dt, _G, _E, state, tables, first_v, anchor))
    if not np.all(np.isfinite(v)):  # cannot happen with a stable scheme; never hand back NaN
        raise InputError("these settings could not be simulated: the voltage left the finite numbers")
    t = np.arange(n_steps + 1) * dt
    return NerveTrace(t, v, _spike_times(t, v), current, shift, start, end, dt)


# ----- reading a trace -----------------------------------------------------------------
def _check_trace(trace) -> NerveTrace:
    if not isinstance(trace, NerveTrace):
        raise InputError(f"trace = {trace!r:.60} is not allowed: expected a NerveTrace from simulate_nerve")
    return trace


def firing_rate_hz(trace, after_ms=0.0) -> float:
    """Mean firing rate (Hz) from the inter-spike intervals of the spikes after ``after_ms``.

    Units: ``after_ms`` in ms; result in spikes per second. 0.0 with fewer than two spikes.
    Source: the definition of a mean rate, 1000 / mean interval in ms.
    Limits: a mean over the whole window; adaptation or a late stop are averaged away, so
    skip the first spikes (``after_ms``) to read a steady rate.
    """
    trace = _check_trace(trace)
    after = check_number("after_ms", after_ms, 0.0, trace.duration_ms, "ms")
    spikes = trace.spike_times_ms[trace.spike_times_ms >= after]
    if len(spikes) < 2:
        return 0.0
    return float(1000.0 * (len(spikes) - 1) / (spikes[-1] - spikes[0]))


def firing_pattern(trace) -> str:
    """Say in plain words how the membrane fired: the reading the explorers show.

    Returns ``"silent"``, ``"one spike"``, ``"a few spikes, then silent"``,
    ``"repetitive firing"`` or ``"firing by itself"`` (two or more spikes while no current
    flows: before the current starts, or more than 20 ms after it ends, or with none at all).
    Repetitive means the spikes go on until the current stops (the last spike falls within
    two inter-spike intervals, and at most 50 ms, of the end of the current or of the run).
    Source: the responses to current steps described by Hodgkin and Huxley 1952.
    Limits: read from one run; a very slow rhythm may look like "one spike" in a short run.
    """
    trace = _check_trace(trace)
    spikes = trace.spike_times_ms
    if len(spikes) == 0:
        return "silent"
    if trace.current_ua_cm2 == 0.0:
        unstimulated = spikes
    else:
        unstimulated = spikes[(spikes < trace.stim_start_ms) | (spikes > trace.stim_end_ms + 20.0)]
    if len(unstimulated) >= 2:
        return "firing by itself"
    if len(spikes) == 1:
        return "one spike"
    last_drive = min(trace.stim_end_ms, trace.duration_ms)
    interval = float(np.diff(spikes).max())
    if last_drive - spikes[-1] <= min(2.0 * interval, 50.0):
        return "repetitive firing"
    return "a few spikes, then silent"


def threshold_current(gating_shift_mv=0.0, duration_ms=100.0) -> float:
    """The smallest current step (uA/cm2) from rest that fires a spike within ``duration_ms``.

    Units: shift in mV, duration in ms, result in uA/cm2 (found to 0.001 uA/cm2 by halving).
    About 2.24 uA/cm2 for the unshifted membrane over 100 ms; lower as the gates shift.
    Source: Hodgkin and Huxley 1952, J Physiol 117:500-544 (the model); the threshold is
    read from simulations at dt 0.025 ms.
    Limits: a long step (rheobase-like), not a brief shock; once the rest is unstable any
    disturbance fires the membrane and the value falls to near 0.
    """
    shift = check_number("gating_shift_mv", gating_shift_mv, *SHIFT_RANGE, "mV")
    duration = check_number("duration_ms", duration_ms, 5.0, 1000.0, "ms")
    return _threshold(shift, duration)


@functools.lru_cache(maxsize=256)
def _threshold(shift: float, duration: float) -> float:
    low, high = 0.0, 20.0
    while high - low > 0.001:
        middle = 0.5 * (low + high)
        fires = len(simulate_nerve(middle, duration, 0.025, shift).spike_times_ms) > 0
        low, high = (low, middle) if fires else (middle, high)
    return round(high, 3)


def firing_rate_curve(currents_ua_cm2, gating_shift_mv=0.0, duration_ms=300.0, after_ms=100.0, dt_ms=0.05, v0_mv=None):
    """Firing rate (Hz) against current (uA/cm2): the f-I curve of the membrane.

    Units: currents in uA/cm2, shift and ``v0_mv`` in mV, times in ms; result a numpy array in
    Hz, one rate per current (0 where the membrane does not keep firing after ``after_ms``).
    Each run starts as :func:`simulate_nerve` does (at rest, or at ``v0_mv``).
    Near 68 Hz at 10 uA/cm2 and 0 below about 6.26 uA/cm2 for the unshifted membrane.
    Source: Hodgkin and Huxley 1952; the threshold for repetitive firing, 6.26 uA/cm2:
    Balti, Lanza and Aziz-Alaoui 2018, Math Biosci Eng 15:807.
    Limits: each current is a separate step from rest; the rate is a mean after
    ``after_ms``, so a membrane that stops firing in between is read as its earlier rate.
    """
    currents = check_series("currents_ua_cm2", currents_ua_cm2, *CURRENT_RANGE, "uA/cm2", min_length=1)
    shift = check_number("gating_shift_mv", gating_shift_mv, *SHIFT_RANGE, "mV")
    duration = check_number("duration_ms", duration_ms, 10.0, 5000.0, "ms")
    after = check_number("after_ms", after_ms, 0.0, duration, "ms", high_open=True)
    dt = check_number("dt_ms", dt_ms, 0.0, MAX_DT_MS, "ms", low_open=True)
    v0 = None if v0_mv is None else check_number("v0_mv", v0_mv, -100.0, 50.0, "mV")
    return np.array([_steady_rate(float(i), shift, duration, after, dt, v0) for i in currents])


@functools.lru_cache(maxsize=4096)
def _steady_rate(current, shift, duration, after, dt, v0):
    trace = simulate_nerve(current, duration, dt, shift, v0_mv=v0)
    if firing_pattern(trace) not in ("repetitive firing", "firing by itself"):
        return 0.0
    return firing_rate_hz(trace, after)


# ----- calcium and magnesium -----------------------------------------------------------
#: Normal ionized calcium and total serum magnesium (mmol/L) at which the shift is zero.
NORMAL_IONIZED_CA = 1.2
NORMAL_MAGNESIUM = 0.85
#: Shift per ten-fold fall of calcium: 12.5 mV per five-fold (Frankenhaeuser and Hodgkin
#: 1957, "10-15 mV"), that is 12.5 / log10(5) = 17.9 mV per decade.
MV_PER_DECADE = 12.5 / math.log10(5.0)
#: How strongly magnesium moves the gates, relative to calcium (a teaching assumption).
MAGNESIUM_WEIGHT = 0.5


def calcium_gating_shift(ionized_ca, magnesium=NORMAL_MAGNESIUM) -> float:
    """The gating shift (mV) that a given ionized calcium and serum magnesium cause.

    Units: ionized calcium and magnesium in mmol/L; result in mV (positive: the gates open
    at more negative voltages, the nerve is more excitable). 0 at the normal values (ionized
    Ca 1.2, Mg 0.85 mmol/L), larger as either falls, never negative while both are at or
    below normal. Rule: ``17.9 mV * (log10(1.2 / Ca) + 0.5 * log10(0.85 / Mg))``.
    Source: Frankenhaeuser and Hodgkin 1957, J Physiol 137:218-244: in squid axons a
    five-fold fall of external calcium acts like a depolarisation of 10-15 mV, about
    14-21 mV per ten-fold change; this model takes the middle, 12.5 mV per five-fold, which
    is 17.9 mV per decade. Magnesium screens the same negative surface charge more weakly
    than calcium (Hille, Ion Channels of Excitable Membranes, 3rd ed. 2001); its half
    weight is a teaching assumption.
    Limits: surface-charge screening only; it leaves out calcium's block of sodium
    channels, magnesium's effects on the synapse and on parathyroid hormone, and pH
    (alkalosis lowers ionized calcium). A squid axon at 6.3 degC is not a human motor
    axon: the calcium at which this model fires by itself is not a clinical threshold.
    """
    ca = check_number("ionized_ca", ionized_ca, 0.2, 5.0, "mmol/L")
    mg = check_number("magnesium", magnesium, 0.1, 5.0, "mmol/L")
    decades = math.log10(NORMAL_IONIZED_CA / ca) + MAGNESIUM_WEIGHT * math.log10(NORMAL_MAGNESIUM / mg)
    return MV_PER_DECADE * decades


def calcium_for_self_firing(magnesium=NORMAL_MAGNESIUM, duration_ms=300.0):
    """The highest ionized calcium (mmol/L, to 0.01) at which the resting nerve fires by itself.

    The membrane starts at its normal resting state (as if calcium had just fallen) with the
    gates shifted by :func:`calcium_gating_shift`, and no current; it counts as firing by
    itself when it keeps spiking within ``duration_ms``. Calcium is lowered from 1.20 mmol/L
    in steps of 0.05, then 0.01; None if the nerve never fires by itself down to 0.2 mmol/L.
    Units: magnesium in mmol/L, duration in ms.
    Source: the models of :func:`simulate_nerve` (Hodgkin and Huxley 1952) and
    :func:`calcium_gating_shift` (Frankenhaeuser and Hodgkin 1957).
    Limits: a squid-axon model; the value shows the mechanism and how magnesium moves it,
    it is not a clinical threshold for tetany.
    """
    mg = check_number("magnesium", magnesium, 0.1, 5.0, "mmol/L")
    duration = check_number("duration_ms", duration_ms, 50.0, 2000.0, "ms")
    start = _rest(0.0)

    def fires(hundredths):
        shift = calcium_gating_shift(hundredths / 100.0, mg)
        trace = simulate_nerve(0.0, duration, 0.025, shift, v0_mv=start)
        return firing_pattern(trace) == "firing by itself"

    normal = int(round(100 * NORMAL_IONIZED_CA))
    coarse = next((c for c in range(normal, 19, -5) if fires(c)), None)
    if coarse is None:
        return None
    fine = next(c for c in range(min(normal, coarse + 4), coarse - 1, -1) if c == coarse or fires(c))
    return fine / 100.0
