"""Input checks that raise :class:`InputError` with messages a learner can act on.

Every public model function checks its arguments with these helpers, so every
message has the same shape::

    na = -3 is not allowed: expected a number from 100 to 180 mmol/L
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Mapping

import numpy as np

from musclepain_lib.core.errors import InputError

__all__ = [
    "checked_times",
    "check_number",
    "check_int",
    "check_choice",
    "check_bool",
    "check_mapping",
    "check_series",
    "describe_range",
]


def describe_range(low=None, high=None, unit="", low_open=False, high_open=False) -> str:
    """Say in words which numbers are allowed, for example ``from 0 to 28 joints``."""
    unit_text = f" {unit}" if unit else ""
    if low is not None and high is not None:
        if not low_open and not high_open:
            return f"a number from {_fmt(low)} to {_fmt(high)}{unit_text}"
        left = "above" if low_open else "at least"
        right = "below" if high_open else "at most"
        return f"a number {left} {_fmt(low)} and {right} {_fmt(high)}{unit_text}"
    if low is not None:
        return f"a number {'above' if low_open else 'of at least'} {_fmt(low)}{unit_text}"
    if high is not None:
        return f"a number {'below' if high_open else 'of at most'} {_fmt(high)}{unit_text}"
    return f"a finite number{unit_text and ' in' + unit_text}"


def _fmt(x) -> str:
    if isinstance(x, float) and x.is_integer() and abs(x) < 1e15:
        return str(int(x))
    return f"{x:g}" if isinstance(x, float) else str(x)


def _shown(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _reject(name: str, value, expected: str) -> InputError:
    return InputError(f"{name} = {_shown(value)} is not allowed: expected {expected}")


def _is_real_number(value) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))


def check_number(
    name: str,
    value,
    low=None,
    high=None,
    unit: str = "",
    *,
    low_open: bool = False,
    high_open: bool = False,
) -> float:
    """Return ``value`` as a float if it is a finite real number within the range.

    ``low``/``high`` are inclusive unless ``low_open``/``high_open`` are set
    (then the bound itself is refused, as for a concentration that must be above 0).
    Booleans, strings, None, NaN and infinities are refused.
    """
    # The message is composed only for a refused value: models check inside their loops.
    def refuse():
        return _reject(name, value, describe_range(low, high, unit, low_open, high_open))

    if type(value) is not float and not _is_real_number(value):
        raise refuse()
    try:
        number = float(value)
    except (OverflowError, TypeError, ValueError):
        raise refuse() from None
    if not math.isfinite(number):
        raise refuse()
    too_low = low is not None and (number <= low if low_open else number < low)
    too_high = high is not None and (number >= high if high_open else number > high)
    if too_low or too_high:
        raise refuse()
    return number


def check_int(name: str, value, low=None, high=None, unit: str = "") -> int:
    """Return ``value`` as an int if it is a whole number within the inclusive range."""
    expected = describe_range(low, high, unit).replace("a number", "a whole number", 1)
    if not _is_real_number(value):
        raise _reject(name, value, expected)
    number = float(value) if not isinstance(value, numbers.Integral) else value
    if isinstance(number, float) and (not math.isfinite(number) or not number.is_integer()):
        raise _reject(name, value, expected)
    number = int(number)
    if (low is not None and number < low) or (high is not None and number > high):
        raise _reject(name, value, expected)
    return number


def check_choice(name: str, value, choices: Iterable[str]) -> str:
    """Return ``value`` if it is one of ``choices`` (case and outer spaces ignored)."""
    options = list(choices)
    if isinstance(value, str):
        key = value.strip().lower()
        for option in options:
            if option.lower() == key:
                return option
    raise _reject(name, value, "one of " + ", ".join(repr(c) for c in options))


def check_bool(name: str, value) -> bool:
    """Return ``value`` if it is True or False (numpy booleans included)."""
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    raise _reject(name, value, "True or False")


def check_mapping(
    name: str,
    value,
    keys: Iterable[str],
    low=None,
    high=None,
    unit: str = "",
    *,
    required: bool = True,
    low_open: bool = False,
) -> dict[str, float]:
    """Check a mapping of named numbers, for example ion concentrations keyed ``"K"``.

    With ``required`` every key must be present; otherwise a missing key is left out
    of the result. Unknown keys are refused, so a typo such as ``"k"`` is not ignored.
    """
    allowed = list(keys)
    if not isinstance(value, Mapping):
        raise _reject(name, value, f"a mapping with keys {', '.join(map(repr, allowed))}")
    unknown = [k for k in value if k not in allowed]
    if unknown:
        raise InputError(
            f"{name} has unknown key {unknown[0]!r}: expected keys {', '.join(map(repr, allowed))}"
        )
    result = {}
    for key in allowed:
        if key not in value:
            if required:
                raise InputError(f"{name} is missing {key!r}: expected keys {', '.join(map(repr, allowed))}")
            continue
        result[key] = check_number(f"{name}[{key!r}]", value[key], low, high, unit, low_open=low_open)
    return result


def check_series(name: str, values, low=None, high=None, unit: str = "", *, min_length: int = 0) -> np.ndarray:
    """Return a 1-D float array of finite numbers within the range (lists, tuples, arrays)."""
    expected = f"a sequence of {describe_range(low, high, unit).replace('a number', 'numbers', 1)}"
    if isinstance(values, (str, bytes, Mapping)) or values is None:
        raise _reject(name, values, expected)
    try:
        items = list(values)
    except TypeError:
        raise _reject(name, values, expected) from None
    if len(items) < min_length:
        raise InputError(f"{name} has {len(items)} values: expected at least {min_length}")
    checked = [check_number(f"{name}[{i}]", item, low, high, unit) for i, item in enumerate(items)]
    return np.asarray(checked, dtype=float)


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
