"""Muscle force from a motor neuron's spikes: twitches that sum and fuse (numpy only)."""

from __future__ import annotations

import numpy as np

from musclepain_lib.core.errors import InputError
from musclepain_lib.core.validation import check_number, check_series

__all__ = ["muscle_force", "regular_spikes", "CONTRACTION_TIME_MS", "TWITCH_FRACTION"]

#: Time from a spike to the peak of its twitch (ms); human motor units span about 30-90 ms.
CONTRACTION_TIME_MS = 60.0
#: Peak of a single twitch as a fraction of maximal tetanic force.
TWITCH_FRACTION = 0.2
#: Most time steps one force trace may have (600 s at the default 1 ms step).
MAX_POINTS = 600_000
_GAIN = -np.log(1.0 - TWITCH_FRACTION)  # so that one twitch alone peaks at TWITCH_FRACTION


def _twitch(t_ms):
    """One twitch, 0 before the spike and 1 at its peak: ``(t/T) exp(1 - t/T)`` (Fuglevand 1993)."""
    t = np.asarray(t_ms, dtype=float) / CONTRACTION_TIME_MS
    return np.where(t > 0.0, t * np.exp(1.0 - t), 0.0)


def muscle_force(spike_times_ms, duration_ms, dt_ms=1.0):
    """Force of a motor unit as a fraction of its maximal tetanic force, from its spikes.

    Units: spike times, duration and step in ms; returns ``(t_ms, force)`` as numpy arrays,
    force from 0 to 1. The twitches of all spikes add up, and the sum saturates:
    ``force = 1 - exp(-k * sum)``, with k set so that a lone twitch peaks at 0.2. A few
    spikes give separate twitches; spikes faster than the twitch can relax (above about
    15-20 Hz here) fuse into a sustained contraction near maximal force: a cramp when the
    nerve fires by itself.
    Source: twitch shape and saturating summation after Fuglevand, Winter and Patla 1993,
    J Neurophysiol 70:2470-2488; the contraction time, 60 ms, lies in the 30-90 ms range
    they used for human motor units; the twitch-to-tetanus ratio 0.2 is a teaching choice.
    Limits: one motor unit, no fatigue, no change of muscle length, no recruitment of
    other units; the saturation rule is a teaching simplification.
    """
    duration = check_number("duration_ms", duration_ms, 0.0, 600_000.0, "ms", low_open=True)
    dt = check_number("dt_ms", dt_ms, 0.0, 10.0, "ms", low_open=True)
    spikes = check_series("spike_times_ms", spike_times_ms, 0.0, duration, "ms")
    if not duration / dt <= MAX_POINTS:  # also catches a step so small the ratio is infinite
        raise InputError(
            f"duration_ms / dt_ms = {duration:g} / {dt:g} is not allowed: expected at most "
            f"{MAX_POINTS:,} steps (a shorter time or a larger step)"
        )
    t = np.arange(int(round(duration / dt)) + 1) * dt
    total = np.zeros_like(t)
    size = max(1, 4_000_000 // len(t))  # spikes per chunk: at most about 32 MB at a time
    for start in range(0, len(spikes), size):
        chunk = spikes[start:start + size]
        total += _twitch(t[:, None] - chunk[None, :]).sum(axis=1)
    return t, 1.0 - np.exp(-_GAIN * total)


def regular_spikes(rate_hz, duration_ms, first_ms=0.0):
    """Spike times (ms) of a motor neuron firing at a steady rate, for twitch-summation demos.

    Units: rate in Hz, times in ms. Source: a regular train, the standard stimulus of
    twitch-summation experiments. Limits: real motor neurons fire with some irregularity.
    """
    rate = check_number("rate_hz", rate_hz, 0.0, 500.0, "Hz", low_open=True)
    duration = check_number("duration_ms", duration_ms, 0.0, 600_000.0, "ms", low_open=True)
    first = check_number("first_ms", first_ms, 0.0, duration, "ms")
    count = int(np.floor((duration - first) * rate / 1000.0 + 1e-9)) + 1
    return np.minimum(first + np.arange(count) * 1000.0 / rate, duration)  # 0 * inf would be NaN
