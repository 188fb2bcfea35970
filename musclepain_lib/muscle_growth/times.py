"""Checking a time or a series of times (hours or days after a bout), shared by the models."""

from __future__ import annotations

import numpy as np

from musclepain_lib.core.errors import InputError
from musclepain_lib.core.validation import check_number

__all__ = ["checked_times"]


def checked_times(name, values, unit):
    """Return a number or a float array of finite times from 0, or raise InputError naming ``name``."""
    if np.ndim(values) == 0 or isinstance(values, (str, bytes)):
        return check_number(name, values, 0, 1e4, unit)
    try:
        times = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise InputError(f"{name} = {values!r:.60} is not allowed: expected numbers from 0 in {unit}") from None
    if times.size and not (np.all(np.isfinite(times)) and times.min() >= 0):
        bad = times[~(np.isfinite(times) & (times >= 0))].flat[0]
        check_number(f"{name} (one of the values)", float(bad), 0, 1e4, unit)
    return times
