"""Properties of the electrolyte models over the physiological range, and under hostile input.

Over the whole range a learner can reach, results are finite and obey the physiology:
raising outside potassium never lowers E_K nor the resting potential, a potential lies
between the equilibrium potentials of the ions that carry it, drinking plain water never
raises serum sodium. Hostile input only ever raises InputError naming the argument.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from fire_helpers import PROPERTY, topic_input_tests, topic_module

# A numeric warning (overflow, division by zero) would reach the learner's screen: it fails here.
pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")

el = topic_module("electrolytes")

conc = st.floats(min_value=0.01, max_value=1000.0)
temp = st.floats(min_value=0.0, max_value=45.0)
valence = st.sampled_from([-3, -2, -1, 1, 2, 3])
serum_na = st.floats(min_value=100.0, max_value=180.0)
tbw = st.floats(min_value=5.0, max_value=80.0)

VALID_CALLS = {
    "nernst": {"c_out": 4.0, "c_in": 155.0, "z": 1, "temp_c": 37.0},
    "ghk_potential": {
        "c_out": {"K": 4.0, "Na": 145.0, "Cl": 123.0},
        "c_in": {"K": 155.0, "Na": 12.0, "Cl": 4.2},
        "permeability": {"K": 1.0, "Na": 0.04, "Cl": 0.45},
        "temp_c": 37.0,
    },
    "total_body_water": {"weight_kg": 70.0, "sex": "male", "elderly": False},
    "serum_sodium_after": {
        "na": 140.0, "tbw_l": 42.0, "sweat_l": 2.0, "sweat_na": 50.0, "sweat_k": 5.0,
        "drink_l": 3.0, "drink_na": 20.0, "drink_k": 3.0,
    },
    "adrogue_madias": {"na": 120.0, "tbw_l": 42.0, "infusate_na": 154.0, "infusate_k": 0.0},
    "serum_osmolality": {"na": 140.0, "glucose_mg_dl": 90.0, "bun_mg_dl": 14.0},
    "classify_lab": {"analyte": "sodium", "value": 140.0},
    "assess_resting_potential": {"k_out": 5.0, "v_rest_mv": -85.0, "v_at_normal_k_mv": -89.5},
    "assess_serum_sodium": {"final_na": 132.0, "weight_change_kg": 0.5, "weight_kg": 60.0},
    "ion_concentrations": {"cell": "skeletal muscle"},
    "sodium_during_exercise": {
        "weight_kg": 70.0, "sex": "female", "hours": 4.0, "sweat_rate_l_h": 0.8, "sweat_na": 50.0,
        "drink_rate_l_h": 1.0, "drink_na": 0.0, "drink_k": 0.0, "start_na": 140.0, "points": 9,
    },
}

(
    test_every_public_function_is_listed_for_the_input_tests,
    test_hostile_input_raises_only_an_input_error_naming_the_argument,
    test_any_finite_number_in_any_argument_gives_a_finite_answer_or_an_input_error,
) = topic_input_tests(el, VALID_CALLS)


# ----- Nernst -------------------------------------------------------------------------------
@PROPERTY
@given(c_out=conc, c_in=conc, z=valence, t=temp)
def test_the_nernst_potential_is_finite_and_changes_sign_when_the_gradient_is_reversed(c_out, c_in, z, t):
    e = el.nernst(c_out, c_in, z, t)
    assert math.isfinite(e)
    assert el.nernst(c_in, c_out, z, t) == pytest.approx(-e, abs=1e-9)
    assert el.nernst(c_out, c_in, -z, t) == pytest.approx(-e, abs=1e-9)


@PROPERTY
@given(k_out=st.floats(0.5, 20.0), more=st.floats(0.0, 20.0), k_in=st.floats(100.0, 170.0), t=temp)
def test_raising_outside_potassium_never_lowers_e_k(k_out, more, k_in, t):
    assert el.nernst(k_out + more, k_in, 1, t) >= el.nernst(k_out, k_in, 1, t)


@PROPERTY
@given(c_out=conc, c_in=conc, z=valence, t=st.floats(0.0, 44.0), warmer=st.floats(0.5, 1.0))
def test_a_warmer_cell_has_a_larger_equilibrium_potential_of_the_same_sign(c_out, c_in, z, t, warmer):
    cold, warm = el.nernst(c_out, c_in, z, t), el.nernst(c_out, c_in, z, t + warmer)
    assert abs(warm) >= abs(cold)
    assert warm * cold >= 0


# ----- Goldman-Hodgkin-Katz -------------------------------------------------------------------
ion_values = st.fixed_dictionaries({"K": st.floats(1.0, 200.0), "Na": st.floats(1.0, 200.0), "Cl": st.floats(1.0, 200.0)})
permeabilities = st.fixed_dictionaries(
    {"K": st.floats(0.0, 10.0), "Na": st.floats(0.0, 10.0), "Cl": st.floats(0.0, 10.0)}
)


@PROPERTY
@given(c_out=ion_values, c_in=ion_values, perm=permeabilities, t=temp)
def test_the_resting_potential_lies_between_the_equilibrium_potentials_of_its_ions(c_out, c_in, perm, t):
    assume(any(p > 1e-6 for p in perm.values()))
    v = el.ghk_potential(c_out, c_in, perm, t)
    valences = {"K": 1, "Na": 1, "Cl": -1}
    carried = [el.nernst(c_out[i], c_in[i], valences[i], t) for i, p in perm.items() if p > 0]
    assert min(carried) - 1e-6 <= v <= max(carried) + 1e-6


@PROPERTY
@given(c_out=ion_values, c_in=ion_values, perm=permeabilities, more_k=st.floats(0.0, 50.0))
def test_raising_outside_potassium_never_lowers_the_resting_potential(c_out, c_in, perm, more_k):
    assume(any(p > 1e-6 for p in perm.values()))
    higher = {**c_out, "K": c_out["K"] + more_k}
    assert el.ghk_potential(higher, c_in, perm) >= el.ghk_potential(c_out, c_in, perm) - 1e-9


@PROPERTY
@given(c_out=ion_values, c_in=ion_values, scale=st.floats(0.01, 100.0))
def test_only_the_ratio_of_permeabilities_matters(c_out, c_in, scale):
    perm = {"K": 1.0, "Na": 0.04, "Cl": 0.45}
    scaled = {ion: p * scale for ion, p in perm.items()}
    assert el.ghk_potential(c_out, c_in, scaled) == pytest.approx(el.ghk_potential(c_out, c_in, perm), abs=1e-9)


@PROPERTY
@given(k_out=st.floats(0.5, 200.0), k_in=st.floats(0.5, 200.0), t=temp)
def test_a_membrane_open_to_potassium_alone_sits_at_e_k(k_out, k_in, t):
    v = el.ghk_potential({"K": k_out}, {"K": k_in}, {"K": 1.0}, t)
    assert v == pytest.approx(el.nernst(k_out, k_in, 1, t), abs=1e-9)


# ----- body water and serum sodium ---------------------------------------------------------------
@PROPERTY
@given(weight=st.floats(1.0, 350.0), elderly=st.booleans())
def test_body_water_is_a_fixed_fraction_of_weight_smaller_in_women_and_the_elderly(weight, elderly):
    man, woman = el.total_body_water(weight, "male", elderly), el.total_body_water(weight, "female", elderly)
    assert 0 < woman < man < weight
    assert el.total_body_water(weight, "male", True) < el.total_body_water(weight, "male", False)


@PROPERTY
@given(na=serum_na, tbw_l=tbw)
def test_nothing_lost_and_nothing_drunk_leaves_sodium_unchanged(na, tbw_l):
    assert el.serum_sodium_after(na, tbw_l) == pytest.approx(na, rel=1e-12)


@PROPERTY
@given(na=serum_na, tbw_l=tbw, drink=st.floats(0.0, 20.0), more=st.floats(0.0, 5.0))
def test_drinking_plain_water_never_raises_serum_sodium(na, tbw_l, drink, more):
    after = el.serum_sodium_after(na, tbw_l, drink_l=drink)
    assert math.isfinite(after) and 0 < after <= na + 1e-9
    assert el.serum_sodium_after(na, tbw_l, drink_l=drink + more) <= after + 1e-9


@PROPERTY
@given(na=serum_na, tbw_l=tbw, fraction=st.floats(0.0, 0.5), sweat_na=st.floats(0.0, 90.0))
def test_losing_sweat_more_dilute_than_plasma_never_lowers_serum_sodium(na, tbw_l, fraction, sweat_na):
    after = el.serum_sodium_after(na, tbw_l, sweat_l=fraction * tbw_l, sweat_na=sweat_na, sweat_k=5.0)
    assert after >= na - 1e-9


@PROPERTY
@given(na=serum_na, tbw_l=tbw, infusate_na=st.floats(0.0, 1000.0), infusate_k=st.floats(0.0, 200.0))
def test_an_infusate_moves_sodium_towards_its_own_sodium_plus_potassium(na, tbw_l, infusate_na, infusate_k):
    change = el.adrogue_madias(na, tbw_l, infusate_na, infusate_k)
    assert math.isfinite(change)
    target = infusate_na + infusate_k
    assert (change > 0) == (target > na) or abs(target - na) < 1e-9


@PROPERTY
@given(na=serum_na, glucose=st.floats(1.0, 3000.0), bun=st.floats(1.0, 300.0), more=st.floats(0.0, 500.0))
def test_more_sodium_glucose_or_urea_never_lowers_osmolality(na, glucose, bun, more):
    base = el.serum_osmolality(na, glucose, bun)
    assert math.isfinite(base) and base > 2 * na
    assert el.serum_osmolality(min(na + more, 180.0), glucose, bun) >= base
    assert el.serum_osmolality(na, min(glucose + more, 3000.0), bun) >= base
    assert el.serum_osmolality(na, glucose, min(bun + more, 300.0)) >= base


@PROPERTY
@given(
    weight=st.floats(40.0, 120.0), sex=st.sampled_from(["male", "female"]), hours=st.floats(0.5, 8.0),
    sweat=st.floats(0.0, 2.0), drink=st.floats(0.0, 2.0), sweat_na=st.floats(10.0, 90.0),
)
def test_serum_sodium_through_a_session_stays_finite_and_starts_at_the_start_value(weight, sex, hours, sweat, drink, sweat_na):
    course = el.sodium_during_exercise(weight, sex, hours, sweat, sweat_na=sweat_na, drink_rate_l_h=drink, points=9)
    assert course.na[0] == pytest.approx(140.0)
    assert all(math.isfinite(v) and v > 0 for v in course.na)


# ----- lab ranges ---------------------------------------------------------------------------------
@PROPERTY
@given(data=st.data())
def test_a_lab_value_is_low_below_its_range_normal_inside_and_high_above(data):
    table = el.reference_ranges()
    row = table.iloc[data.draw(st.integers(0, len(table) - 1))]
    value = data.draw(st.floats(0.0, 3 * row["high"] + 1))
    word = el.classify_lab(row["analyte"], value, sex=row["sex"] or None)
    expected = "low" if value < row["low"] else "high" if value > row["high"] else "normal"
    assert word == expected
