"""Shared pieces of the robustness tests: the hypothesis profile, hostile values, discovery.

The property tests are deterministic (``derandomize=True``, no example database), so a
CI run tries the same cases every time; ``MUSCLEPAIN_PROPERTY_EXAMPLES`` raises or lowers
how many each property tries (the default keeps the whole property suite well under a
minute on two cores).
"""

from __future__ import annotations

import importlib
import math
import os
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from musclepain_lib import InputError

TOPICS = ("electrolytes", "cramps", "muscle_growth", "diabetes", "arthritis")

#: Cases each property tries per run.
EXAMPLES = int(os.environ.get("MUSCLEPAIN_PROPERTY_EXAMPLES", "60"))

PROPERTY = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


class _BrokenNumber:
    """An object that pretends to be numeric and fails when used as one."""

    def __float__(self):
        raise ZeroDivisionError("not a number at all")

    def __repr__(self):
        return "<broken number>"


#: Values no physiological argument accepts, whatever its range.
HOSTILE_VALUES = (
    math.nan,
    math.inf,
    -math.inf,
    np.float64("nan"),
    np.float32("inf"),
    1e308,
    -1e308,
    10**400,
    -(10**400),
    "7",
    "",
    "nan",
    None,
    True,
    False,
    np.bool_(True),
    [1.0],
    (1.0, 2.0),
    {"value": 1.0},
    {1.0},
    np.array([1.0, 2.0]),
    b"7",
    1j,
    Decimal("7"),
    object(),
    _BrokenNumber(),
)

#: Hostile stand-ins for an argument that wants a sequence of numbers.
HOSTILE_SEQUENCES = (
    None,
    "1,2,3",
    b"123",
    7.0,
    {"a": 1.0},
    [math.nan],
    [1.0, math.inf],
    [1.0, "2"],
    [[1.0, 2.0]],
    [None],
    np.array([[1.0, 2.0], [3.0, 4.0]]),
    object(),
)

#: Hostile stand-ins for an argument that wants a mapping of numbers.
HOSTILE_MAPPINGS = (
    None,
    "K=4",
    [4.0, 140.0],
    7.0,
    {"K": math.nan, "Na": 140.0, "Cl": 110.0},
    {"K": "4", "Na": 140.0, "Cl": 110.0},
    {"K": -4.0, "Na": 140.0, "Cl": 110.0},
    {"k": 4.0, "Na": 140.0, "Cl": 110.0},
    {"K": None, "Na": 140.0, "Cl": 110.0},
    {"K": math.inf, "Na": 140.0, "Cl": 110.0},
)


def hostile_numbers():
    """Anything but a usable number: the fixed list plus non-finite and non-numeric draws."""
    return st.one_of(
        st.sampled_from(HOSTILE_VALUES),
        st.floats(allow_nan=True, allow_infinity=True).filter(lambda x: not math.isfinite(x)),
        st.text(max_size=8),
        st.lists(st.floats(allow_nan=False), max_size=3),
    )


def assert_refused_naming(call, argument: str):
    """``call()`` must raise InputError whose message names ``argument``; nothing else."""
    with pytest.raises(InputError) as caught:
        call()
    assert argument in str(caught.value), f"message does not name {argument!r}: {caught.value}"


def survives_or_refuses(call, argument: str):
    """``call()`` may succeed (finite result) or raise InputError naming ``argument``.

    Used for values that are odd but possibly allowed (a huge but finite number).
    Returns the result, or None when refused.
    """
    try:
        result = call()
    except InputError as error:
        assert argument in str(error), f"message does not name {argument!r}: {error}"
        return None
    assert_all_finite(result)
    return result


def assert_all_finite(result):
    """Every number inside a result (float, tuple, array, dataclass fields) is finite."""
    if result is None or isinstance(result, (str, bool, np.bool_)):
        return
    if isinstance(result, (int, float, np.number)):
        assert math.isfinite(float(result)), f"result {result!r} is not finite"
        return
    if isinstance(result, np.ndarray):
        if result.dtype.kind in "fc":
            assert np.all(np.isfinite(result)), "result array holds NaN or infinity"
        return
    if isinstance(result, (tuple, list)):
        for item in result:
            assert_all_finite(item)
        return
    if hasattr(result, "__dataclass_fields__"):
        for name in result.__dataclass_fields__:
            assert_all_finite(getattr(result, name))


def topic_module(topic: str):
    """Import a topic package, or skip the test while that topic is not in the course yet."""
    module = importlib.import_module(f"musclepain_lib.{topic}")
    if not public_names(module):
        pytest.skip(f"the {topic} topic has no public names yet")
    return module


def public_names(module) -> list[str]:
    names = getattr(module, "__all__", None)
    if names is None:
        names = [n for n in dir(module) if not n.startswith("_")]
    return list(names)


def require(module, *names: str):
    """Skip unless the topic already offers every name (the models land one by one)."""
    missing = [n for n in names if n not in public_names(module) or not hasattr(module, n)]
    if missing:
        pytest.skip(f"{module.__name__} does not offer {', '.join(missing)} yet")
    return [getattr(module, n) for n in names]
