"""Lesson 01 models: Nernst, Goldman-Hodgkin-Katz, body water and serum sodium."""

import math

import pytest

from musclepain_lib import InputError
from musclepain_lib.electrolytes import (
    adrogue_madias,
    ghk_potential,
    ion_concentrations,
    nernst,
    serum_osmolality,
    serum_sodium_after,
    sodium_during_exercise,
    total_body_water,
)

MUSCLE_OUT = {"K": 4.0, "Na": 145.0, "Cl": 123.0}
MUSCLE_IN = {"K": 155.0, "Na": 12.0, "Cl": 4.2}
BAD_NUMBERS = [math.nan, math.inf, -math.inf, "4", None, True]


# ----- Nernst ------------------------------------------------------------------
@pytest.mark.parametrize(
    "ion, c_out, c_in, z, published_mv",
    [("Na", 145, 12, 1, 67), ("K", 4, 155, 1, -98), ("Cl", 123, 4.2, -1, -90), ("Ca", 1.5, 1e-4, 2, 129)],
)
def test_muscle_equilibrium_potentials_match_hilles_table(ion, c_out, c_in, z, published_mv):
    # Hille 2001, Table 1.1 prints whole millivolts at 37 degC.
    assert nernst(c_out, c_in, z) == pytest.approx(published_mv, abs=0.8)


def test_every_published_potential_in_the_ion_table_is_reproduced():
    table = ion_concentrations()
    printed = table.dropna(subset=["published_e_mv"])
    assert len(printed) == 4
    for row in printed.itertuples():
        assert nernst(row.c_out, row.c_in, row.z) == pytest.approx(row.published_e_mv, abs=0.8)


def test_a_tenfold_gradient_is_worth_61_5_mv_at_body_temperature():
    assert nernst(10, 1, 1) == pytest.approx(61.5, abs=0.1)


def test_a_divalent_ion_needs_half_the_voltage_to_balance_the_same_gradient():
    assert nernst(10, 1, 2) == pytest.approx(nernst(10, 1, 1) / 2)


def test_cooling_shrinks_the_equilibrium_potential_in_proportion_to_absolute_temperature():
    ratio = nernst(10, 1, 1, temp_c=20.0) / nernst(10, 1, 1, temp_c=37.0)
    assert ratio == pytest.approx(293.15 / 310.15)


def test_raising_external_potassium_makes_ek_less_negative():
    assert nernst(7, 155, 1) > nernst(4, 155, 1) > nernst(2.5, 155, 1)


@pytest.mark.parametrize("bad", [0, -4, *BAD_NUMBERS])
def test_nernst_refuses_an_impossible_outside_concentration(bad):
    with pytest.raises(InputError, match="c_out"):
        nernst(bad, 155, 1)


@pytest.mark.parametrize("bad", [0, -1, *BAD_NUMBERS])
def test_nernst_refuses_an_impossible_inside_concentration(bad):
    with pytest.raises(InputError, match="c_in"):
        nernst(4, bad, 1)


@pytest.mark.parametrize("bad", [0, 1.5, 4, *BAD_NUMBERS])
def test_nernst_refuses_a_valence_that_is_not_a_charge(bad):
    with pytest.raises(InputError, match="z"):
        nernst(4, 155, bad)


@pytest.mark.parametrize("bad", [-10, 80, *BAD_NUMBERS])
def test_nernst_refuses_a_temperature_no_cell_lives_at(bad):
    with pytest.raises(InputError, match="temp_c"):
        nernst(4, 155, 1, temp_c=bad)


def test_a_zero_valence_message_says_what_is_expected():
    with pytest.raises(InputError, match="z = 0 is not allowed: expected"):
        nernst(4, 155, 0)


# ----- Goldman-Hodgkin-Katz ----------------------------------------------------
def test_squid_axon_resting_potential_is_about_minus_60_mv():
    # The textbook worked example (Kandel et al., Principles of Neural Science, chapter on
    # membrane potential): squid axon K 20/400, Na 440/50, Cl 560/52 mmol/L with the
    # Hodgkin and Katz (1949) ratios PK:PNa:PCl = 1:0.04:0.45 gives -60 mV (58 mV/decade).
    v = ghk_potential(
        {"K": 20, "Na": 440, "Cl": 560}, {"K": 400, "Na": 50, "Cl": 52}, {"K": 1, "Na": 0.04, "Cl": 0.45}, temp_c=20
    )
    assert v == pytest.approx(-60.0, abs=1.0)


def test_resting_muscle_sits_near_ek_because_potassium_dominates():
    v = ghk_potential(MUSCLE_OUT, MUSCLE_IN, {"K": 1, "Na": 0.01})
    assert v == pytest.approx(-89.5, abs=0.5)
    assert nernst(4, 155, 1) < v < nernst(145, 12, 1)


def test_with_only_potassium_permeable_ghk_equals_nernst():
    assert ghk_potential(MUSCLE_OUT, MUSCLE_IN, {"K": 1}) == pytest.approx(nernst(4, 155, 1))


def test_with_only_chloride_permeable_ghk_equals_the_chloride_nernst_potential():
    assert ghk_potential(MUSCLE_OUT, MUSCLE_IN, {"Cl": 1}) == pytest.approx(nernst(123, 4.2, -1))


def test_hyperkalaemia_depolarises_and_hypokalaemia_hyperpolarises_the_model_membrane():
    perm = {"K": 1, "Na": 0.01}
    normal = ghk_potential(MUSCLE_OUT, MUSCLE_IN, perm)
    high = ghk_potential({**MUSCLE_OUT, "K": 7.0}, MUSCLE_IN, perm)
    low = ghk_potential({**MUSCLE_OUT, "K": 2.5}, MUSCLE_IN, perm)
    assert high > normal + 10 and low < normal - 8


def test_only_the_ratio_of_permeabilities_matters():
    one = ghk_potential(MUSCLE_OUT, MUSCLE_IN, {"K": 1, "Na": 0.05, "Cl": 0.4})
    ten = ghk_potential(MUSCLE_OUT, MUSCLE_IN, {"K": 10, "Na": 0.5, "Cl": 4})
    assert one == pytest.approx(ten)


def test_an_ion_with_no_permeability_needs_no_concentration():
    assert ghk_potential({"K": 4, "Na": 145}, {"K": 155, "Na": 12}, {"K": 1, "Na": 0.01}) == pytest.approx(
        ghk_potential(MUSCLE_OUT, MUSCLE_IN, {"K": 1, "Na": 0.01})
    )


@pytest.mark.parametrize("bad", [0, -4, *BAD_NUMBERS])
def test_ghk_refuses_an_impossible_concentration_and_names_the_ion(bad):
    with pytest.raises(InputError, match=r"c_out\['K'\]"):
        ghk_potential({**MUSCLE_OUT, "K": bad}, MUSCLE_IN, {"K": 1})


@pytest.mark.parametrize("bad", [-1, *BAD_NUMBERS])
def test_ghk_refuses_an_impossible_permeability(bad):
    with pytest.raises(InputError, match="permeability"):
        ghk_potential(MUSCLE_OUT, MUSCLE_IN, {"K": 1, "Na": bad})


def test_ghk_refuses_a_membrane_with_no_open_channel():
    with pytest.raises(InputError, match="permeability"):
        ghk_potential(MUSCLE_OUT, MUSCLE_IN, {"K": 0, "Na": 0})


def test_ghk_refuses_an_unknown_ion_key():
    with pytest.raises(InputError, match="unknown key 'k'"):
        ghk_potential({**MUSCLE_OUT, "k": 4}, MUSCLE_IN, {"K": 1})


def test_ghk_asks_for_a_missing_concentration_of_a_permeant_ion():
    with pytest.raises(InputError, match="c_in is missing 'Cl'"):
        ghk_potential(MUSCLE_OUT, {"K": 155, "Na": 12}, {"K": 1, "Cl": 0.5})


@pytest.mark.parametrize("bad", [[4, 145, 123], "K=4", None])
def test_ghk_refuses_concentrations_that_are_not_a_mapping(bad):
    with pytest.raises(InputError, match="c_out"):
        ghk_potential(bad, MUSCLE_IN, {"K": 1})


# ----- body water and sodium ---------------------------------------------------
@pytest.mark.parametrize(
    "sex, elderly, litres", [("male", False, 42.0), ("female", False, 35.0), ("male", True, 35.0), ("female", True, 31.5)]
)
def test_body_water_is_the_published_fraction_of_weight(sex, elderly, litres):
    assert total_body_water(70, sex, elderly) == pytest.approx(litres)


@pytest.mark.parametrize("bad", [0, -70, *BAD_NUMBERS])
def test_body_water_refuses_an_impossible_weight(bad):
    with pytest.raises(InputError, match="weight_kg"):
        total_body_water(bad, "male")


@pytest.mark.parametrize("bad", ["unknown", "m", "", None, 1])
def test_body_water_refuses_an_unknown_sex(bad):
    with pytest.raises(InputError, match="sex"):
        total_body_water(70, bad)


def test_body_water_refuses_an_elderly_flag_that_is_not_yes_or_no():
    with pytest.raises(InputError, match="elderly"):
        total_body_water(70, "male", elderly="yes")


def test_three_percent_saline_raises_sodium_by_14_5_per_litre_in_the_nejm_example():
    # Adrogue and Madias 2000 (Hyponatremia), Table 3: 60 kg elderly woman (TBW 27 L),
    # serum sodium 108 mmol/L, 1 L of 3 % saline (513 mmol/L) -> +14.5 mmol/L.
    assert adrogue_madias(108, total_body_water(60, "female", elderly=True), 513) == pytest.approx(14.5, abs=0.05)


def test_one_litre_of_water_lowers_sodium_by_4_8_in_the_nejm_example():
    # Adrogue and Madias 2000 (Hypernatremia), Table 3: 68 kg elderly man (TBW 34 L),
    # serum sodium 168 mmol/L, 1 L of 5 % dextrose in water -> -4.8 mmol/L.
    assert adrogue_madias(168, total_body_water(68, "male", elderly=True), 0) == pytest.approx(-4.8, abs=0.05)


def test_normal_saline_raises_low_sodium_only_a_little():
    # Same 60 kg woman with sodium 108: 0.9 % saline (154 mmol/L) gives (154-108)/28.
    change = adrogue_madias(108, 27, 154)
    assert change == pytest.approx(1.64, abs=0.01)
    assert change < adrogue_madias(108, 27, 513) / 5


def test_potassium_in_the_infusate_raises_sodium_like_sodium_does():
    assert adrogue_madias(120, 30, 154, 20) == pytest.approx(adrogue_madias(120, 30, 174))


@pytest.mark.parametrize("name, args", [
    ("na", (90, 30, 154)), ("na", (math.nan, 30, 154)), ("tbw_l", (140, 0, 154)),
    ("tbw_l", (140, -5, 154)), ("infusate_na", (140, 30, -1)), ("infusate_na", (140, 30, math.inf)),
    ("infusate_k", (140, 30, 154, -2)),
])
def test_adrogue_madias_refuses_impossible_values(name, args):
    with pytest.raises(InputError, match=name):
        adrogue_madias(*args)


def test_without_sweat_or_drink_sodium_does_not_change():
    assert serum_sodium_after(140, 42) == pytest.approx(140)


def test_mass_balance_of_the_design_formula():
    expected = (140 * 42 - 2 * (50 + 5) + 1 * (18 + 3)) / (42 - 2 + 1)
    assert serum_sodium_after(140, 42, 2, 50, 5, 1, 18, 3) == pytest.approx(expected)


def test_sweating_without_drinking_concentrates_sodium_because_sweat_is_hypotonic():
    assert serum_sodium_after(140, 42, sweat_l=3, sweat_na=40) > 140


def test_one_litre_of_fluid_matches_adrogue_madias():
    after = serum_sodium_after(120, 30, drink_l=1, drink_na=513)
    assert after - 120 == pytest.approx(adrogue_madias(120, 30, 513))


def test_marathon_runner_who_drinks_more_than_she_sweats_falls_below_135():
    # A 55 kg woman runs 4 h, sweats 0.6 L/h (sweat Na 40) and drinks 1.2 L/h of water:
    # she gains 2.4 kg, the mark of over-drinking in Almond et al. 2005 (N Engl J Med
    # 352:1550), and ends in exercise-associated hyponatraemia (< 135 mmol/L).
    session = sodium_during_exercise(55, "female", 4, 0.6, sweat_na=40, drink_rate_l_h=1.2)
    assert session.weight_change_kg == pytest.approx(2.4)
    assert session.final_na < 135
    # By hand: (140 x 27.5 - 2.4 x 45) / (27.5 - 2.4 + 4.8) = 3742 / 29.9 = 125.2 mmol/L.
    assert session.final_na == pytest.approx(125.2, abs=0.1)


def test_a_sports_drink_does_not_prevent_hyponatraemia_when_drunk_to_excess():
    session = sodium_during_exercise(55, "female", 4, 0.6, 40, 1.2, drink_na=18, drink_k=3)
    assert session.final_na < 135


def test_drinking_to_replace_sweat_keeps_sodium_normal():
    session = sodium_during_exercise(70, "male", 3, 1.0, 50, 1.0)
    assert 135 <= session.lowest_na and session.final_na < 140


def test_sweating_away_more_than_the_bodys_water_is_refused():
    with pytest.raises(InputError, match="sweat_l"):
        serum_sodium_after(140, 30, sweat_l=31)
    with pytest.raises(InputError, match="more than the body's"):
        sodium_during_exercise(50, "female", 10, 3)


def test_sweat_carrying_away_all_the_sodium_is_refused():
    with pytest.raises(InputError, match="sweat_l"):
        serum_sodium_after(100, 10, sweat_l=9.5, sweat_na=200, sweat_k=50)


@pytest.mark.parametrize("name, kwargs", [
    ("na", {"na": 0}), ("na", {"na": math.nan}), ("tbw_l", {"tbw_l": -1}), ("sweat_l", {"sweat_l": -1}),
    ("sweat_na", {"sweat_na": math.inf}), ("sweat_k", {"sweat_k": -5}), ("drink_l", {"drink_l": "1"}),
    ("drink_na", {"drink_na": None}), ("drink_k", {"drink_k": -1}),
])
def test_serum_sodium_after_refuses_impossible_values(name, kwargs):
    args = {"na": 140, "tbw_l": 42, **kwargs}
    with pytest.raises(InputError, match=name):
        serum_sodium_after(**args)


@pytest.mark.parametrize("name, kwargs", [
    ("hours", {"hours": 0}), ("sweat_rate_l_h", {"sweat_rate_l_h": -0.5}),
    ("drink_rate_l_h", {"drink_rate_l_h": math.nan}), ("sex", {"sex": "other"}), ("weight_kg", {"weight_kg": 0}),
])
def test_exercise_model_refuses_impossible_values(name, kwargs):
    args = {"weight_kg": 70, "sex": "male", "hours": 3, "sweat_rate_l_h": 1, **kwargs}
    with pytest.raises(InputError, match=name):
        sodium_during_exercise(**args)


def test_normal_osmolality_worked_example_is_290():
    # Dorwart and Chalmers 1975: 2 x 140 + 90/18 + 14/2.8 = 290 mOsm/kg.
    assert serum_osmolality(140, 90, 14) == pytest.approx(290.0)


def test_high_glucose_raises_osmolality_by_one_per_18_mg_dl():
    assert serum_osmolality(140, 1000, 14) - serum_osmolality(140, 100, 14) == pytest.approx(50.0)


@pytest.mark.parametrize("name, args", [
    ("na", (200, 90, 14)), ("glucose_mg_dl", (140, 0, 14)), ("glucose_mg_dl", (140, math.nan, 14)),
    ("bun_mg_dl", (140, 90, -3)), ("bun_mg_dl", (140, 90, "14")),
])
def test_osmolality_refuses_impossible_values(name, args):
    with pytest.raises(InputError, match=name):
        serum_osmolality(*args)
