"""Properties of the core every topic relies on, over ordinary and hostile input.

The checks accept exactly the finite numbers in range and refuse everything else with an
InputError that names the argument; a data table of any content either loads or says what
is wrong with it; any file in place of the progress file leaves the lesson working.
"""

from __future__ import annotations

import json
import math
import string

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from fire_helpers import (
    HOSTILE_MAPPINGS,
    HOSTILE_SEQUENCES,
    HOSTILE_VALUES,
    PROPERTY,
    hostile_numbers,
    stable_id,
)
from musclepain_lib import DataFileError, InputError
from musclepain_lib.learner.progress import ProgressStore
from musclepain_lib.learner.progress_view import progress_view
from musclepain_lib.learner.questions import Question, check_answer, list_question_files, load_questions
from musclepain_lib.core.validation import (
    check_bool,
    check_choice,
    check_int,
    check_mapping,
    check_number,
    check_series,
)

# A numeric warning (overflow, division by zero) would reach the learner's screen: it fails here.
pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")

finite = st.floats(allow_nan=False, allow_infinity=False)
bounds = st.tuples(finite, finite).map(sorted)


# ----- validation -------------------------------------------------------------------------
@PROPERTY
@given(value=finite, limits=bounds, low_open=st.booleans(), high_open=st.booleans())
def test_a_finite_number_is_accepted_exactly_when_it_lies_in_the_range(value, limits, low_open, high_open):
    low, high = limits
    inside = (value > low if low_open else value >= low) and (value < high if high_open else value <= high)
    try:
        result = check_number("dose", value, low, high, "mmol/L", low_open=low_open, high_open=high_open)
    except InputError as error:
        assert not inside
        assert str(error).startswith("dose = ") and "mmol/L" in str(error)
    else:
        assert inside and result == value and isinstance(result, float)


@PROPERTY
@given(value=hostile_numbers())
def test_anything_but_a_finite_number_is_refused_by_name(value):
    for check in (
        lambda: check_number("na", value, 100, 180, "mmol/L"),
        lambda: check_number("na", value, 1, 1e6, "mmol/L", low_open=True),
        lambda: check_int("tjc28", value, 0, 28, "joints"),
    ):
        with pytest.raises(InputError) as caught:
            check()
        assert str(caught.value).split(" = ")[0] in {"na", "tjc28"}


@pytest.mark.parametrize("value", HOSTILE_VALUES, ids=stable_id)
def test_each_listed_hostile_value_is_refused_by_name(value):
    test_anything_but_a_finite_number_is_refused_by_name.hypothesis.inner_test(value=value)


@PROPERTY
@given(value=st.one_of(finite, st.integers(min_value=-(10**30), max_value=10**30)))
def test_a_whole_number_check_accepts_only_whole_numbers_in_range(value):
    whole = float(value).is_integer()
    inside = 0 <= value <= 28
    try:
        result = check_int("sjc28", value, 0, 28, "joints")
    except InputError as error:
        assert not (whole and inside)
        assert str(error).startswith("sjc28 = ")
    else:
        assert whole and inside and result == value and type(result) is int


@PROPERTY
@given(value=st.one_of(hostile_numbers(), st.text(alphabet=string.ascii_letters + " ", max_size=10)))
def test_a_choice_is_one_of_the_options_or_refused_listing_them(value):
    options = ["male", "female"]
    try:
        result = check_choice("sex", value, options)
    except InputError as error:
        assert str(error).startswith("sex = ") and "'male', 'female'" in str(error)
    else:
        assert result in options and value.strip().lower() == result


@PROPERTY
@given(value=hostile_numbers())
def test_only_true_or_false_passes_as_a_yes_no_answer(value):
    if isinstance(value, (bool, np.bool_)):
        assert check_bool("elderly", value) is bool(value)
    else:
        with pytest.raises(InputError, match=r"^elderly = "):
            check_bool("elderly", value)


@PROPERTY
@given(values=st.lists(finite, max_size=20))
def test_a_series_of_finite_numbers_comes_back_as_the_same_floats(values):
    assert check_series("loads", values).tolist() == values
    assert check_series("loads", tuple(values)).tolist() == values
    assert check_series("loads", np.array(values, dtype=float)).tolist() == values


@pytest.mark.parametrize("bad", HOSTILE_SEQUENCES, ids=stable_id)
def test_a_series_that_is_not_numbers_is_refused_by_name(bad):
    with pytest.raises(InputError, match=r"^loads"):
        check_series("loads", bad, 0, 1000, "AU")


@pytest.mark.parametrize("bad", HOSTILE_MAPPINGS, ids=stable_id)
def test_ion_concentrations_that_are_not_a_clean_mapping_are_refused_by_name(bad):
    with pytest.raises(InputError, match=r"^c_out"):
        check_mapping("c_out", bad, ["K", "Na", "Cl"], 0.001, 1000, "mmol/L")


# ----- data tables ------------------------------------------------------------------------
csv_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200)
csv_cell = st.text(alphabet=string.ascii_letters + string.digits + " .-,\"'/%" + "\n", max_size=12)


@PROPERTY
@given(
    header=st.lists(st.sampled_from(["analyte", "unit", "low", "high", "source", "x_unit"]), min_size=1, max_size=6),
    rows=st.lists(st.lists(csv_cell, max_size=7), max_size=6),
)
def test_a_table_of_any_content_loads_or_says_what_is_wrong(tmp_path_factory, header, rows):
    import csv

    path = tmp_path_factory.mktemp("table") / "ranges.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    _loads_or_refuses(path)


@PROPERTY
@given(content=st.one_of(csv_text.map(lambda t: t.encode("utf-8")), st.binary(max_size=200)))
def test_a_table_file_of_any_bytes_loads_or_says_what_is_wrong(tmp_path_factory, content):
    path = tmp_path_factory.mktemp("table") / "ranges.csv"
    path.write_bytes(b"analyte,unit,low,high,source\n" + content)
    _loads_or_refuses(path)


def _loads_or_refuses(path):
    from musclepain_lib.core.data import KNOWN_UNITS, read_checked_csv

    try:
        rows = read_checked_csv(path, required=("analyte",), numeric=("low",), optional_numeric=("high",))
    except DataFileError as error:
        assert str(error).startswith("ranges.csv: row "), error
        return
    for row in rows:
        assert row["source"].strip()
        assert math.isfinite(row["low"])
        assert row["unit"].strip() in KNOWN_UNITS


# ----- self-check answers ------------------------------------------------------------------
NUMBER_QUESTION = Question(
    lesson="01_electrolytes", id="ek", kind="number", prompt="E_K?", explanation="Nernst.",
    answer=-98.0, tolerance=2.0, unit="mV",
)
CHOICE_QUESTION = Question(
    lesson="00_welcome", id="map", kind="choice", prompt="Which?", explanation="This one.",
    choices=("a", "b", "c"), feedback=("no", "yes", "no"), answer=1,
)


@PROPERTY
@given(answer=finite)
def test_a_number_answer_is_right_exactly_within_the_tolerance(answer):
    correct, feedback = check_answer(NUMBER_QUESTION, answer)
    assert correct == (abs(answer + 98.0) <= 2.0)
    assert ("Right" in feedback) == correct


@PROPERTY
@given(answer=st.one_of(hostile_numbers(), st.integers(min_value=-5, max_value=8)))
def test_an_answer_the_question_cannot_use_is_refused_by_name(answer):
    for question in (NUMBER_QUESTION, CHOICE_QUESTION):
        try:
            correct, _ = check_answer(question, answer)
        except InputError as error:
            assert str(error).startswith("answer = ")
        else:
            assert isinstance(correct, bool)


# ----- progress ----------------------------------------------------------------------------
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=12,
)
progress_like = st.fixed_dictionaries(
    {
        "lessons": st.dictionaries(st.text(max_size=6), json_values, max_size=3),
        "answers": st.dictionaries(st.text(max_size=6), json_values, max_size=3),
    }
)


@PROPERTY
@given(content=st.one_of(json_values, progress_like))
def test_any_file_in_place_of_the_progress_file_leaves_the_lesson_working(tmp_path_factory, content):
    path = tmp_path_factory.mktemp("home") / "progress.json"
    original = json.dumps(content).encode()
    path.write_bytes(original)
    store = ProgressStore(path)
    assert isinstance(store.load(), dict)
    assert str(progress_view(ProgressStore(path)))  # the learner's overview reads it too
    assert store.record_answer("00_welcome", "map", 1, True), store.message
    assert store.mark_lesson("00_welcome", "finished"), store.message
    answer = json.loads(path.read_text())["answers"]["00_welcome/map"]
    assert answer["correct"] is True and answer["attempts"] >= 1
    kept = [p.read_bytes() for p in path.parent.glob("progress.damaged-*.json")]
    assert kept in ([], [original]), "a file that was not used must be kept as it was"
    if kept:
        assert "damaged" in store.message


attempt = st.tuples(st.integers(0, 2), st.sampled_from(["q1", "q2", "q3"]), st.booleans(), st.booleans())


@PROPERTY
@given(attempts=st.lists(attempt, max_size=25))
def test_every_attempt_from_three_open_lessons_is_counted_once(tmp_path_factory, monkeypatch_module, attempts):
    from musclepain_lib.core import progress as progress_module

    path = tmp_path_factory.mktemp("shared") / "progress.json"
    stores = [ProgressStore(path) for _ in range(3)]
    real_fsync = progress_module.os.fsync

    def full_disk(_fd):
        raise OSError(28, "No space left on device")

    for who, question, correct, disk_full in attempts:
        monkeypatch_module.setattr(progress_module.os, "fsync", full_disk if disk_full else real_fsync)
        stores[who].record_answer("02_cramps", question, 0, correct)
    monkeypatch_module.setattr(progress_module.os, "fsync", real_fsync)
    for store in stores:  # room on the disk again: each open lesson saves once more
        assert store.mark_lesson("02_cramps", "opened")
    answers = ProgressStore(path).load()["answers"]
    for question in ("q1", "q2", "q3"):
        tried = [c for _, q, c, _ in attempts if q == question]
        saved = answers.get(f"02_cramps/{question}", {"attempts": 0, "correct": False})
        assert saved["attempts"] == len(tried)
        assert saved["correct"] == any(tried)


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


@PROPERTY
@given(answer=st.one_of(hostile_numbers(), st.sampled_from(HOSTILE_VALUES), st.integers(), st.text(max_size=10)))
def test_any_answer_a_learner_gives_is_saved_and_read_back(tmp_path_factory, answer):
    path = tmp_path_factory.mktemp("answers") / "progress.json"
    store = ProgressStore(path)
    assert store.record_answer("00_welcome", "map", answer, False), store.message
    assert store.record_answer("00_welcome", "map", 1, True), store.message
    saved = ProgressStore(path).load()["answers"]["00_welcome/map"]
    assert saved["attempts"] == 2 and saved["correct"] is True and saved["last_answer"] == 1


ALL_QUESTIONS = [(lesson, qid) for lesson in list_question_files() for qid in load_questions(lesson)]


@PROPERTY
@given(
    target=st.sampled_from(ALL_QUESTIONS),
    answer=st.one_of(hostile_numbers(), st.sampled_from(HOSTILE_VALUES), st.text(max_size=12), st.floats()),
)
def test_whatever_a_learners_exercise_code_computes_the_check_answers_in_words(tmp_path_factory, target, answer):
    from musclepain_lib.learner.exercises import check_exercise

    store = ProgressStore(tmp_path_factory.mktemp("exercise") / "progress.json")
    result = check_exercise(*target, answer, store=store)
    assert isinstance(result, str) and result and result.correct in (True, False)
