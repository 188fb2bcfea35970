"""The DKA time course: consistent with its own equations, and the physiology it teaches."""

import math

import numpy as np
import pytest

from musclepain_lib import InputError
from musclepain_lib.diabetes import (
    classify_dka,
    losses_per_litre,
    ph_from_bicarbonate,
    serum_potassium,
    simulate_dka,
    winters_expected_pco2,
)

SCENARIOS = [
    {},
    {"treatment_start_h": 12.0},
    {"treatment_start_h": 20.0, "compensation": 0.0},
    {"insulin_deficit": 1.0, "hours": 96.0, "compensation": 0.0},
    {"treatment_start_h": 8.0, "potassium_replacement": False, "iv_fluids": False},
    {"treatment_start_h": 10.0, "sglt2_inhibitor": True, "fluid_intake_l_h": 0.3},
    {"insulin_deficit": 0.0},
]


@pytest.mark.parametrize("kwargs", SCENARIOS)
def test_every_ph_of_the_course_is_henderson_hasselbalch_of_its_bicarbonate_and_pco2(kwargs):
    course = simulate_dka(**kwargs)
    for hco3, pco2, ph in zip(course.hco3, course.pco2_mmhg, course.ph):
        assert ph == pytest.approx(ph_from_bicarbonate(float(hco3), float(pco2)), abs=1e-12)


@pytest.mark.parametrize("kwargs", SCENARIOS)
def test_every_bicarbonate_is_24_minus_the_ketoacids_and_every_severity_is_the_consensus_band(kwargs):
    course = simulate_dka(**kwargs)
    assert np.allclose(course.hco3, 24.0 - 4.0 / 3.0 * (course.bohb - 0.1))
    assert (course.hco3 > 0).all()
    for i in range(0, len(course.t_h), 7):
        expected = classify_dka(float(course.glucose_mg_dl[i]), float(course.bohb[i]), float(course.ph[i]),
                                float(course.hco3[i]), known_diabetes=True)
        assert course.severity[i] == expected


@pytest.mark.parametrize("kwargs", SCENARIOS)
def test_every_serum_potassium_of_the_course_follows_from_its_deficit_ph_and_insulin(kwargs):
    course = simulate_dka(**kwargs)
    for deficit, ph, lack, k in zip(course.potassium_deficit_mmol, course.ph, course.insulin_lack, course.potassium):
        assert k == pytest.approx(serum_potassium(float(deficit), float(ph), float(lack)), abs=1e-12)


def test_serum_potassium_is_4_2_with_no_deficit_normal_ph_and_insulin():
    assert serum_potassium(0.0, 7.40, 0.0) == pytest.approx(4.2)
    assert serum_potassium(100.0, 7.40, 0.0) == pytest.approx(4.2 - 0.27)
    assert serum_potassium(0.0, 7.10, 0.0) == pytest.approx(4.2 + 0.9)


@pytest.mark.parametrize("argument, args", [
    ("potassium_deficit_mmol", (math.nan, 7.4, 0.0)), ("ph", (0.0, 6.0, 0.0)), ("insulin_lack", (0.0, 7.4, 2.0)),
])
def test_impossible_potassium_inputs_raise_input_error(argument, args):
    with pytest.raises(InputError, match=f"^{argument} = "):
        serum_potassium(*args)


def test_kussmaul_breathing_holds_pco2_at_the_middle_of_winters_range():
    course = simulate_dka(insulin_deficit=1.0, hours=36.0, compensation=1.0)
    for hco3, pco2 in zip(course.hco3, course.pco2_mmhg):
        low, high = winters_expected_pco2(float(hco3))
        assert pco2 == pytest.approx(min(40.0, (low + high) / 2))


def test_kussmaul_breathing_keeps_ph_higher_than_unchanged_breathing():
    kussmaul = simulate_dka(insulin_deficit=1.0, hours=36.0, compensation=1.0)
    unchanged = simulate_dka(insulin_deficit=1.0, hours=36.0, compensation=0.0)
    assert np.allclose(unchanged.pco2_mmhg, 40.0)
    assert np.allclose(kussmaul.hco3, unchanged.hco3)
    assert kussmaul.ph[-1] - unchanged.ph[-1] > 0.3


def test_untreated_insulin_lack_reaches_severe_dka_by_a_day():
    course = simulate_dka(insulin_deficit=1.0, hours=36.0, compensation=0.0)
    assert course.at(0.0)["severity"] == "none"
    assert course.at(24.0)["severity"] == "severe"
    assert course.at(24.0)["bohb"] >= 3.0


def test_serum_potassium_looks_normal_or_high_while_the_body_is_short_of_it():
    # Untreated for a day: serum K above 5 although about 2 mmol/kg has been lost in urine.
    day = simulate_dka(insulin_deficit=1.0, hours=24.0).at(24.0)
    assert day["potassium"] > 5.0
    assert day["potassium_deficit_mmol"] > 140.0


def test_the_untreated_losses_match_the_typical_published_deficits():
    # Kitabchi et al. 2009: water about 100 mL/kg, potassium 3-5 mmol/kg in a full-blown DKA.
    end = simulate_dka(insulin_deficit=1.0, hours=42.0, weight_kg=70.0).at(42.0)
    assert 70.0 <= 1000 * end["water_deficit_l"] / 70.0 <= 130.0
    assert 3.0 * 70 <= end["potassium_deficit_mmol"] <= 5.0 * 70


def test_potassium_losses_follow_the_typical_deficit_proportions():
    assert losses_per_litre() == pytest.approx({"potassium": 40.0, "phosphate": 60.0, "magnesium": 7.5})


def test_insulin_without_potassium_replacement_drops_serum_potassium_below_3_5():
    course = simulate_dka(insulin_deficit=1.0, hours=36.0, treatment_start_h=24.0, potassium_replacement=False)
    assert course.at(23.0)["potassium"] > 5.0
    assert course.potassium[course.t_h >= 30.0].min() < 3.5


def test_potassium_replacement_keeps_serum_potassium_in_range_during_treatment():
    course = simulate_dka(insulin_deficit=1.0, hours=36.0, treatment_start_h=24.0)
    after = course.potassium[course.t_h >= 25.0]
    assert after.min() >= 3.5 and after.max() <= 5.5


def test_treatment_reverses_ketoacidosis_within_a_day():
    course = simulate_dka(insulin_deficit=1.0, hours=48.0, treatment_start_h=12.0)
    assert course.at(12.0)["severity"] != "none"
    end = course.at(36.0)
    assert end["severity"] == "none" and end["ph"] > 7.3 and end["bohb"] < 1.0
    assert end["glucose_mg_dl"] < course.at(12.0)["glucose_mg_dl"]


def test_an_sglt2_inhibitor_gives_ketoacidosis_with_glucose_below_250():
    course = simulate_dka(insulin_deficit=0.9, hours=14.0, sglt2_inhibitor=True)
    end = course.at(14.0)
    assert end["severity"] in ("mild", "moderate", "severe")
    assert end["glucose_mg_dl"] < 250.0


def test_with_insulin_there_is_no_ketoacidosis():
    course = simulate_dka(insulin_deficit=0.0)
    assert set(course.severity) == {"none"}
    assert course.ph.min() == pytest.approx(7.40, abs=0.01)


@pytest.mark.parametrize(
    "argument, value",
    [
        ("insulin_deficit", -0.1), ("insulin_deficit", 1.5), ("insulin_deficit", math.nan),
        ("compensation", 2.0), ("compensation", "full"), ("hours", 0.0), ("hours", math.inf),
        ("fluid_intake_l_h", -1.0), ("treatment_start_h", -2.0), ("treatment_start_h", math.nan),
        ("iv_fluids", "yes"), ("potassium_replacement", 1), ("sglt2_inhibitor", None),
        ("weight_kg", 0.0), ("dt_h", 0.0),
    ],
)
def test_impossible_course_settings_raise_input_error_naming_the_argument(argument, value):
    with pytest.raises(InputError) as error:
        simulate_dka(**{argument: value})
    assert str(error.value).startswith(f"{argument} = ")


def test_reading_the_course_outside_its_hours_is_refused():
    with pytest.raises(InputError, match="hour = 50"):
        simulate_dka(hours=24.0).at(50)
