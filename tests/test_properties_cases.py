"""The patients of lesson 06 under hostile input, and their values against every model.

A case's values carry the names of the model arguments they feed (``na``, ``ph``,
``hco3``...). Every model function whose arguments a case can fill must accept that
case's values: a patient the course presents is never refused by its own models.
"""

from __future__ import annotations

import importlib
import inspect
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fire_helpers import (
    PROPERTY,
    TOPICS,
    hostile_argument_failures,
    hostile_numbers,
    public_names,
    topic_module,
)
from musclepain_lib import InputError

# A numeric warning (overflow, division by zero) would reach the learner's screen: it fails here.
pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")

cases = topic_module("cases")
CASE_IDS = cases.case_ids()


def test_loading_a_case_refuses_hostile_ids_by_name():
    assert hostile_argument_failures(cases.load_case, {"case_id": CASE_IDS[0]}) == []


@PROPERTY
@given(name=st.one_of(hostile_numbers(), st.text(max_size=12)))
def test_asking_a_case_for_a_value_it_lacks_is_refused_by_name(name):
    case = cases.load_case(CASE_IDS[0])
    try:
        value = case[name]
    except InputError as error:
        assert str(error).startswith("name = ")
    else:
        assert math.isfinite(value)


@pytest.mark.parametrize("case_id", CASE_IDS)
def test_every_value_of_a_case_is_finite_and_labelled_with_a_unit(case_id):
    case = cases.load_case(case_id)
    assert case.values
    for name, value in case.values.items():
        assert math.isfinite(value), name
        assert case.labels[name] and name in case.units


def model_functions():
    for topic in TOPICS:
        module = importlib.import_module(f"musclepain_lib.{topic}")
        for name in public_names(module):
            if name.endswith("explorer") or name.startswith(("plot_", "describe_")):
                continue
            function = getattr(module, name)
            if inspect.isfunction(function) and inspect.signature(function).parameters:
                yield f"{topic}.{name}", function


def fillable(function, values: dict) -> dict | None:
    parameters = inspect.signature(function).parameters
    required = [p for p, spec in parameters.items() if spec.default is inspect.Parameter.empty]
    if not required or not all(p in values for p in required):
        return None
    return {p: values[p] for p in parameters if p in values}


@pytest.mark.parametrize("case_id", CASE_IDS)
def test_every_model_a_case_can_feed_accepts_its_values(case_id):
    case = cases.load_case(case_id)
    refused = []
    for name, function in model_functions():
        arguments = fillable(function, case.values)
        if arguments is None:
            continue
        try:
            function(**arguments)
        except InputError as error:
            refused.append(f"{name}({arguments}): {error}")
    assert refused == []


@pytest.mark.parametrize("case_id", CASE_IDS)
def test_a_case_blood_value_reads_as_low_normal_or_high(case_id):
    electrolytes = topic_module("electrolytes")
    case = cases.load_case(case_id)
    for name, analyte in getattr(case, "analytes", {}).items():
        assert electrolytes.classify_lab(analyte, case.values[name], sex=case.sex) in {"low", "normal", "high"}
