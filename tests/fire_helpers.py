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
import re
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from musclepain_lib import InputError
from musclepain_lib.core import manifest

#: The topic packages with models of their own (every topic of the manifest but the case studies).
TOPICS = tuple(name for name in manifest.topic_names() if name != "cases")

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
    5e-324,
    -5e-324,
    1e-300,
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
    {"K": 5e-324, "Na": 5e-324, "Cl": 5e-324},
    {"K": 1e308, "Na": 140.0, "Cl": 110.0},
)


def stable_id(value) -> str:
    """A test id for a hostile value that is the same in every test process (no address)."""
    return re.sub(r" at 0x[0-9a-fA-F]+", "", repr(value))


def hostile_numbers():
    """Anything but a usable number: the fixed list plus non-finite and non-numeric draws."""
    return st.one_of(
        st.sampled_from(HOSTILE_VALUES),
        st.floats(allow_nan=True, allow_infinity=True).filter(lambda x: not math.isfinite(x)),
        st.text(max_size=8),
        st.lists(st.floats(allow_nan=False), max_size=3),
    )






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
        pytest.skip(f"the {topic} topic has no public names yet", allow_module_level=True)
    return module


def public_names(module) -> list[str]:
    names = getattr(module, "__all__", None)
    if names is None:
        names = [n for n in dir(module) if not n.startswith("_")]
    return list(names)


# ----- every argument of every public function, under hostile input --------------------------
def _kind(value) -> str:
    if isinstance(value, (bool, np.bool_)):
        return "flag"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "choice"
    if isinstance(value, dict):
        return "mapping"
    if isinstance(value, (list, tuple, np.ndarray)):
        return "sequence"
    return "object"


def _usable_as(kind: str, value) -> bool:
    """Whether a hostile value could still be a legal value of an argument of this kind."""
    if kind == "number":  # a huge or tiny but finite number may lie inside an open range
        return isinstance(value, (int, float)) and not isinstance(value, bool) and _finite_float(value)
    if kind == "flag":
        return isinstance(value, (bool, np.bool_))
    if kind == "mapping":  # tiny but finite concentrations, say
        return isinstance(value, dict) and all(_usable_as("number", v) for v in value.values())
    return False


def _finite_float(value) -> bool:
    try:
        return math.isfinite(float(value))
    except (OverflowError, TypeError, ValueError, ZeroDivisionError):
        return False


def hostile_argument_failures(function, valid: dict, may_be_none=(), number_or_array=()) -> list[str]:
    """Call ``function`` with each argument in turn replaced by hostile values.

    ``valid`` is a call that works. An argument whose default is None may be None. Every
    other hostile value must raise InputError naming the argument; a huge but finite
    number may instead give a finite result. ``may_be_none`` names other arguments for
    which None has a meaning (no treatment); ``number_or_array`` names arguments that take
    one number or many (times after a bout): any finite answer is fine for those. Returns
    what went wrong, as sentences.
    """
    import inspect

    signature = inspect.signature(function)
    failures = []
    for argument, good in valid.items():
        kind = "times" if argument in number_or_array else _kind(good)
        candidates = HOSTILE_VALUES + HOSTILE_SEQUENCES if kind == "times" else {
            "sequence": HOSTILE_SEQUENCES, "mapping": HOSTILE_MAPPINGS
        }.get(kind, HOSTILE_VALUES)
        none_allowed = signature.parameters[argument].default is None or argument in may_be_none
        for bad in candidates:
            if bad is None and none_allowed:
                continue
            call = {**valid, argument: bad}
            try:
                result = function(**call)
            except InputError as error:
                # A usable number may clash with another argument (a duration shorter than a
                # spike time): the message may then name that other argument.
                named = [name for name in valid if name in str(error)]
                clash = _usable_as(_kind(good), bad) and named
                if argument not in str(error) and not clash:
                    failures.append(f"{argument}={bad!r}: message does not name it: {error}")
                continue
            except Exception as error:  # anything but InputError escaping is a defect
                failures.append(f"{argument}={bad!r}: {type(error).__name__}: {error}")
                continue
            lenient = kind == "times" or _usable_as(kind, bad)
            if not lenient:
                failures.append(f"{argument}={bad!r}: accepted, returned {result!r:.80}")
                continue
            try:
                assert_all_finite(result)
            except AssertionError as error:
                failures.append(f"{argument}={bad!r}: {error}")
    return failures


def functions_needing_calls(module, valid_calls: dict) -> list[str]:
    """Public functions of a topic that take arguments but have no valid call listed."""
    import inspect

    missing = []
    for name in public_names(module):
        if name.endswith("explorer") or name.startswith("plot_") or name in valid_calls:
            continue
        obj = getattr(module, name, None)
        if inspect.isfunction(obj) and inspect.signature(obj).parameters:
            missing.append(name)
    return missing


def any_number_failures(function, valid: dict, argument: str, value) -> list[str]:
    """Call with one numeric argument set to any finite number: a finite result or InputError."""
    try:
        result = function(**{**valid, argument: value})
    except InputError as error:
        named = [name for name in valid if name in str(error)]
        return [] if named else [f"{argument}={value!r}: message names no argument: {error}"]
    except Exception as error:
        return [f"{argument}={value!r}: {type(error).__name__}: {error}"]
    try:
        assert_all_finite(result)
    except AssertionError as error:
        return [f"{argument}={value!r}: {error}"]
    return []


def any_number_property(module, valid_calls: dict, skip=()):
    """A property test: every numeric argument of every listed function, set to any finite number."""
    from hypothesis import given

    numeric = [
        (name, argument, float(good))
        for name, call in sorted(valid_calls.items())
        if name not in skip
        for argument, good in call.items()
        if _kind(good) == "number"
    ]

    def values(good: float):
        scale = abs(good) or 1.0
        return st.one_of(
            st.floats(-4 * scale, 4 * scale),  # mostly near the values the model is made for
            st.floats(allow_nan=False, allow_infinity=False),
            st.integers(min_value=-(10**6), max_value=10**6),
            st.sampled_from([0.0, -0.0, 5e-324, -5e-324, 1e-300, 1e300]),
        )

    cases = st.sampled_from(numeric).flatmap(lambda t: st.tuples(st.just(t), values(t[2])))

    @settings(PROPERTY, max_examples=max(EXAMPLES * 5, 50))
    @given(case=cases)
    def check(case):
        (name, argument, _good), value = case
        assert any_number_failures(getattr(module, name), valid_calls[name], argument, value) == []

    return check


def topic_input_tests(module, valid_calls: dict, tried_elsewhere=(), any_number_skip=(), **options):
    """The three input tests every topic gets, for its test module to bind to test names.

    1. every public function taking arguments has a valid call listed (or is tried elsewhere);
    2. each one, argument by argument, under the hostile values (``options`` go to
       :func:`hostile_argument_failures`);
    3. each numeric argument set to any finite number (``any_number_skip``: the slow ones).
    """

    def test_every_public_function_is_listed_for_the_input_tests():
        assert functions_needing_calls(module, {**valid_calls, **dict.fromkeys(tried_elsewhere)}) == []

    @pytest.mark.parametrize("name", sorted(valid_calls))
    def test_hostile_input_raises_only_an_input_error_naming_the_argument(name):
        assert hostile_argument_failures(getattr(module, name), valid_calls[name], **options) == []

    return (
        test_every_public_function_is_listed_for_the_input_tests,
        test_hostile_input_raises_only_an_input_error_naming_the_argument,
        any_number_property(module, valid_calls, skip=any_number_skip),
    )
