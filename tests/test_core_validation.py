"""The input checks every public function relies on give messages a learner can act on."""

import math

import numpy as np
import pytest

import musclepain_lib
from musclepain_lib.core.validation import (
    check_bool,
    check_choice,
    check_int,
    check_mapping,
    check_number,
    check_series,
)


def test_input_error_is_a_value_error_exported_at_top_level():
    assert issubclass(musclepain_lib.InputError, ValueError)


def test_a_number_in_range_comes_back_as_float():
    assert check_number("na", 140, 100, 180, "mmol/L") == 140.0
    assert isinstance(check_number("na", np.int64(140), 100, 180, "mmol/L"), float)


@pytest.mark.parametrize("bad", [-3, 181, math.nan, math.inf, -math.inf, "140", None, True, [140], 10**400])
def test_a_bad_number_names_argument_value_range_and_unit(bad):
    with pytest.raises(musclepain_lib.InputError) as caught:
        check_number("na", bad, 100, 180, "mmol/L")
    message = str(caught.value)
    assert message.startswith("na = ")
    assert "from 100 to 180 mmol/L" in message


def test_open_bounds_refuse_the_bound_itself():
    with pytest.raises(musclepain_lib.InputError, match=r"c_out = 0 .* above 0 mmol/L"):
        check_number("c_out", 0, 0, None, "mmol/L", low_open=True)
    assert check_number("c_out", 1e-6, 0, None, "mmol/L", low_open=True) == 1e-6


def test_whole_numbers_refuse_fractions():
    assert check_int("tjc28", 3.0, 0, 28, "joints") == 3
    with pytest.raises(musclepain_lib.InputError, match=r"tjc28 = 3.5 .* whole number from 0 to 28 joints"):
        check_int("tjc28", 3.5, 0, 28, "joints")
    with pytest.raises(musclepain_lib.InputError, match="tjc28 = 29"):
        check_int("tjc28", 29, 0, 28, "joints")


def test_an_unknown_category_lists_the_known_ones():
    assert check_choice("sex", " Female ", ["male", "female"]) == "female"
    with pytest.raises(musclepain_lib.InputError, match=r"sex = 'other' .* one of 'male', 'female'"):
        check_choice("sex", "other", ["male", "female"])
    with pytest.raises(musclepain_lib.InputError, match="sex = 1"):
        check_choice("sex", 1, ["male", "female"])


def test_booleans_must_be_booleans():
    assert check_bool("elderly", np.bool_(True)) is True
    with pytest.raises(musclepain_lib.InputError, match="elderly = 'yes'"):
        check_bool("elderly", "yes")


def test_a_mapping_is_checked_key_by_key():
    assert check_mapping("c_out", {"K": 4, "Na": 145}, ["K", "Na"], 0, None, "mmol/L") == {"K": 4.0, "Na": 145.0}
    with pytest.raises(musclepain_lib.InputError, match=r"c_out\['K'\] = -1"):
        check_mapping("c_out", {"K": -1, "Na": 145}, ["K", "Na"], 0, None, "mmol/L")
    with pytest.raises(musclepain_lib.InputError, match="c_out has unknown key 'k'"):
        check_mapping("c_out", {"k": 4}, ["K", "Na"], required=False)
    with pytest.raises(musclepain_lib.InputError, match="c_out is missing 'Na'"):
        check_mapping("c_out", {"K": 4}, ["K", "Na"])
    with pytest.raises(musclepain_lib.InputError, match="c_out = 4"):
        check_mapping("c_out", 4, ["K"])


def test_a_series_is_checked_item_by_item():
    assert check_series("loads", [1, 2.5, 0], 0, None, "AU").tolist() == [1.0, 2.5, 0.0]
    with pytest.raises(musclepain_lib.InputError, match=r"loads\[1\] = -2"):
        check_series("loads", [1, -2], 0, None, "AU")
    with pytest.raises(musclepain_lib.InputError, match="loads = 'abc'"):
        check_series("loads", "abc", 0, None)
