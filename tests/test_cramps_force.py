"""Twitch summation: separate twitches at low rates, a fused contraction at high rates."""

import math

import numpy as np
import pytest

from musclepain_lib import InputError
from musclepain_lib.cramps import CONTRACTION_TIME_MS, TWITCH_FRACTION, muscle_force, regular_spikes


def _late(rate_hz):
    t, force = muscle_force(regular_spikes(rate_hz, 1000.0), 1000.0)
    return force[t > 600.0]


def test_a_single_spike_gives_one_twitch_that_peaks_at_the_contraction_time():
    t, force = muscle_force([10.0], 400.0)
    assert force.max() == pytest.approx(TWITCH_FRACTION, rel=1e-3)
    assert t[np.argmax(force)] == pytest.approx(10.0 + CONTRACTION_TIME_MS, abs=1.0)
    assert force[t < 10.0].max() == 0.0
    assert force[-1] < 0.01


def test_no_spikes_give_no_force():
    t, force = muscle_force([], 100.0)
    assert len(t) == 101 and force.max() == 0.0


def test_at_2_hz_the_twitches_stay_separate():
    late = _late(2.0)
    assert late.min() < 0.05 * late.max()


def test_at_50_hz_the_twitches_fuse_into_a_sustained_contraction():
    late = _late(50.0)
    assert late.mean() > 0.8
    assert (late.max() - late.min()) / late.max() < 0.02


def test_force_rises_with_firing_rate_and_never_exceeds_maximal_tetanic_force():
    means = [_late(rate).mean() for rate in (2, 5, 10, 20, 30, 50, 100)]
    assert all(b > a for a, b in zip(means, means[1:]))
    assert means[-1] <= 1.0


def test_regular_spikes_are_evenly_spaced_at_the_given_rate():
    spikes = regular_spikes(20.0, 200.0, first_ms=5.0)
    np.testing.assert_allclose(np.diff(spikes), 50.0)
    assert spikes[0] == 5.0 and spikes[-1] <= 200.0


@pytest.mark.parametrize("call, name", [
    (lambda: muscle_force([math.nan], 100.0), "spike_times_ms"),
    (lambda: muscle_force([50.0, math.inf], 100.0), "spike_times_ms"),
    (lambda: muscle_force([-5.0], 100.0), "spike_times_ms"),
    (lambda: muscle_force([150.0], 100.0), "spike_times_ms"),
    (lambda: muscle_force("10, 20", 100.0), "spike_times_ms"),
    (lambda: muscle_force([10.0], 0.0), "duration_ms"),
    (lambda: muscle_force([10.0], -100.0), "duration_ms"),
    (lambda: muscle_force([10.0], math.nan), "duration_ms"),
    (lambda: muscle_force([10.0], 100.0, dt_ms=0.0), "dt_ms"),
    (lambda: muscle_force([10.0], 100.0, dt_ms=math.inf), "dt_ms"),
    (lambda: regular_spikes(0.0, 100.0), "rate_hz"),
    (lambda: regular_spikes(-10.0, 100.0), "rate_hz"),
    (lambda: regular_spikes("fast", 100.0), "rate_hz"),
    (lambda: regular_spikes(10.0, math.nan), "duration_ms"),
    (lambda: regular_spikes(10.0, 100.0, first_ms=200.0), "first_ms"),
])
def test_bad_spike_trains_and_durations_are_refused_by_name(call, name):
    with pytest.raises(InputError, match=name):
        call()
