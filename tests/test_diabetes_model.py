"""Acid-base arithmetic, corrections and the 2024 DKA/HHS criteria against published values."""

import math

import pytest

from musclepain_lib import InputError
from musclepain_lib.diabetes import (
    anion_gap,
    bicarbonate_from_ph,
    classify_dka,
    consensus_criteria,
    corrected_sodium,
    delta_ratio,
    effective_osmolality,
    glucose_to_mg_dl,
    glucose_to_mmol,
    is_hhs,
    ph_from_bicarbonate,
    read_blood_gas,
    winters_expected_pco2,
)


# --- Henderson-Hasselbalch ----------------------------------------------------------
def test_normal_bicarbonate_24_and_pco2_40_give_ph_7_40():
    assert ph_from_bicarbonate(24.0, 40.0) == pytest.approx(7.40, abs=0.005)


def test_ratio_of_bicarbonate_to_dissolved_co2_of_20_gives_ph_7_40():
    # 20:1 is the textbook ratio: 12 mmol/L against 0.6 mmol/L of dissolved CO2 (20 mmHg).
    assert ph_from_bicarbonate(12.0, 20.0) == pytest.approx(7.40, abs=0.005)


def test_halving_bicarbonate_at_fixed_pco2_lowers_ph_by_0_30():
    assert ph_from_bicarbonate(24.0, 40.0) - ph_from_bicarbonate(12.0, 40.0) == pytest.approx(math.log10(2), abs=1e-9)


def test_analyser_bicarbonate_at_ph_7_40_and_40_mmhg_is_24():
    assert bicarbonate_from_ph(7.40, 40.0) == pytest.approx(24.0, abs=0.1)


@pytest.mark.parametrize("hco3, pco2", [(4.0, 15.0), (12.0, 26.0), (24.0, 40.0), (35.0, 48.0)])
def test_bicarbonate_from_ph_undoes_ph_from_bicarbonate(hco3, pco2):
    assert bicarbonate_from_ph(ph_from_bicarbonate(hco3, pco2), pco2) == pytest.approx(hco3, rel=1e-9)


# --- Winter's formula, anion gap, delta ratio -----------------------------------------
def test_winters_formula_expects_24_to_28_mmhg_at_bicarbonate_12():
    assert winters_expected_pco2(12.0) == pytest.approx((24.0, 28.0))


def test_winters_formula_expects_21_to_25_mmhg_at_bicarbonate_10():
    assert winters_expected_pco2(10.0) == pytest.approx((21.0, 25.0))


def test_normal_electrolytes_give_a_normal_anion_gap_of_12():
    assert anion_gap(140.0, 104.0, 24.0) == pytest.approx(12.0)


def test_anion_gap_counts_potassium_only_when_given():
    assert anion_gap(140.0, 104.0, 24.0, k=4.0) == pytest.approx(16.0)


def test_ketoacidosis_example_gap_25_and_delta_ratio_from_a_normal_gap_of_7():
    # Na 135, Cl 100, HCO3 10: gap 25; (25 - 7) / (24 - 10) = 1.29, a pure high-gap acidosis.
    gap = anion_gap(135.0, 100.0, 10.0)
    assert gap == pytest.approx(25.0)
    assert delta_ratio(gap, 10.0) == pytest.approx(18.0 / 14.0)


def test_delta_ratio_26_10_is_19_over_14_by_default_and_measures_from_another_normal_when_given():
    assert delta_ratio(26.0, 10.0) == pytest.approx(1.357, abs=0.001)
    assert delta_ratio(26.0, 10.0, normal_gap=12.0) == pytest.approx(1.0)


def test_delta_ratio_below_0_4_marks_a_normal_gap_acidosis():
    # Diarrhoea: bicarbonate 14 with a gap of 9: (9 - 7) / (24 - 14) = 0.2.
    assert delta_ratio(9.0, 14.0) == pytest.approx(0.2)


# --- glucose, sodium, osmolality ----------------------------------------------------
def test_glucose_180_mg_dl_is_10_mmol_l_and_back():
    assert glucose_to_mmol(180.0) == pytest.approx(10.0)
    assert glucose_to_mg_dl(10.0) == pytest.approx(180.0)


def test_katz_correction_adds_8_mmol_l_to_sodium_at_glucose_600():
    assert corrected_sodium(130.0, 600.0) == pytest.approx(138.0)


def test_hillier_correction_adds_12_mmol_l_to_sodium_at_glucose_600():
    assert corrected_sodium(130.0, 600.0, factor=2.4) == pytest.approx(142.0)


def test_sodium_needs_no_correction_at_normal_glucose():
    assert corrected_sodium(140.0, 90.0) == pytest.approx(140.0)


def test_effective_osmolality_of_sodium_140_and_glucose_900_is_330():
    assert effective_osmolality(140.0, 900.0) == pytest.approx(330.0)


# --- 2024 consensus: DKA, severity, HHS -------------------------------------------
def test_consensus_table_holds_the_published_thresholds():
    c = consensus_criteria()
    assert (c["dka_glucose_min"], c["dka_bohb_min"], c["dka_ph_below"], c["dka_hco3_below"]) == (200, 3.0, 7.3, 18)
    assert (c["hhs_glucose_min"], c["hhs_osm_above"], c["hhs_ph_min"], c["hhs_hco3_min"]) == (600, 300, 7.3, 15)


@pytest.mark.parametrize(
    "ph, hco3, mental, expected",
    [
        (7.28, 16.5, "alert", "mild"),
        (7.12, 12.0, "alert", "moderate"),
        (7.12, 12.0, "drowsy", "moderate"),
        (6.90, 6.0, "alert", "severe"),
        (7.28, 16.5, "drowsy", "moderate"),
        (7.28, 16.5, "coma", "severe"),
        (7.28, 8.0, "alert", "severe"),  # the worst of pH, bicarbonate and mental status decides
        (7.12, 16.5, "alert", "moderate"),
    ],
)
def test_dka_severity_is_the_worst_band_of_ph_bicarbonate_and_mental_status(ph, hco3, mental, expected):
    assert classify_dka(450.0, 5.0, ph, hco3, mental_status=mental) == expected


def test_consensus_band_edges_ph_7_25_is_moderate_and_bicarbonate_15_is_mild():
    assert classify_dka(450.0, 5.0, 7.25, 16.0) == "moderate"
    assert classify_dka(450.0, 5.0, 7.28, 15.0) == "mild"
    assert classify_dka(450.0, 5.0, 7.00, 12.0) == "moderate"
    assert classify_dka(450.0, 5.0, 7.28, 10.0) == "moderate"


def test_without_ketonaemia_there_is_no_dka():
    assert classify_dka(450.0, 1.0, 7.20, 12.0) == "none"


def test_without_acidosis_there_is_no_dka():
    assert classify_dka(450.0, 5.0, 7.38, 22.0) == "none"


def test_bicarbonate_below_18_alone_meets_the_acidosis_criterion():
    assert classify_dka(450.0, 5.0, 7.33, 16.0) == "mild"


def test_euglycaemic_dka_counts_when_diabetes_is_known():
    assert classify_dka(150.0, 5.0, 7.20, 12.0) == "none"
    assert classify_dka(150.0, 5.0, 7.20, 12.0, known_diabetes=True) == "moderate"


def test_hhs_needs_very_high_glucose_and_osmolality_without_ketoacidosis():
    osm = effective_osmolality(140.0, 900.0)
    assert is_hhs(900.0, osm, 1.0, 7.36, 22.0)
    assert not is_hhs(500.0, osm, 1.0, 7.36, 22.0)
    assert not is_hhs(900.0, 290.0, 1.0, 7.36, 22.0)
    assert not is_hhs(900.0, osm, 4.0, 7.36, 22.0)
    assert not is_hhs(900.0, osm, 1.0, 7.20, 12.0)


# --- the blood-gas reader ------------------------------------------------------------
def test_dka_gas_reads_as_compensated_high_gap_metabolic_acidosis():
    reading = read_blood_gas(7.22, 23.0, 9.0, na=140.0, cl=102.0)
    assert reading.primary == "metabolic acidosis"
    assert reading.compensation == "appropriate"
    assert reading.anion_gap == pytest.approx(29.0)
    assert reading.delta_ratio == pytest.approx((29.0 - 7.0) / 15.0)  # usual gap 7 with ion-selective electrodes
    assert reading.consistent
    assert len(reading.steps) == 5 and all(step.endswith(".") for step in reading.steps)


def test_tired_breathing_in_dka_reads_as_added_respiratory_acidosis():
    reading = read_blood_gas(ph_from_bicarbonate(8.0, 35.0), 35.0, 8.0)
    assert reading.primary == "metabolic acidosis"
    assert reading.compensation == "additional respiratory acidosis"
    assert reading.anion_gap is None


def test_overbreathing_with_a_metabolic_acidosis_reads_as_added_respiratory_alkalosis():
    reading = read_blood_gas(ph_from_bicarbonate(8.0, 16.0), 16.0, 8.0)
    assert reading.primary == "metabolic acidosis"
    assert reading.compensation == "additional respiratory alkalosis"


@pytest.mark.parametrize(
    "ph, pco2, hco3, primary",
    [
        (7.40, 40.0, 24.0, "normal"),
        (7.25, 60.0, 25.6, "respiratory acidosis"),
        (7.55, 47.0, 40.0, "metabolic alkalosis"),
        (7.55, 25.0, 21.0, "respiratory alkalosis"),
    ],
)
def test_the_reader_names_the_primary_disorder(ph, pco2, hco3, primary):
    reading = read_blood_gas(ph, pco2, hco3)
    assert reading.primary == primary
    assert reading.compensation is None


def test_numbers_that_break_henderson_hasselbalch_are_flagged():
    reading = read_blood_gas(7.40, 20.0, 10.0)
    assert not reading.consistent
    assert "do not fit" in reading.steps[1]


# --- bad input ---------------------------------------------------------------------------
BAD_CALLS = [
    ("hco3", lambda v: ph_from_bicarbonate(v, 40.0), [0.0, -3.0, math.nan, math.inf, "24", None, True]),
    ("pco2_mmhg", lambda v: ph_from_bicarbonate(24.0, v), [0.0, -5.0, math.nan, math.inf, "40"]),
    ("ph", lambda v: bicarbonate_from_ph(v, 40.0), [6.4, 8.1, math.nan, -7.4, "7.4"]),
    ("pco2_mmhg", lambda v: bicarbonate_from_ph(7.4, v), [0.0, -1.0, math.nan]),
    ("na", lambda v: anion_gap(v, 100.0, 24.0), [-140.0, 0.0, math.nan, math.inf, "140"]),
    ("cl", lambda v: anion_gap(140.0, v, 24.0), [-100.0, math.nan, None]),
    ("hco3", lambda v: anion_gap(140.0, 100.0, v), [0.0, -2.0, math.nan]),
    ("k", lambda v: anion_gap(140.0, 100.0, 24.0, k=v), [-4.0, math.nan, "4"]),
    ("gap", lambda v: delta_ratio(v, 10.0), [math.nan, math.inf, "20"]),
    ("hco3", lambda v: delta_ratio(20.0, v), [24.0, 30.0, 0.0, -1.0, math.nan]),
    ("hco3", winters_expected_pco2, [0.0, -10.0, math.nan, math.inf, "12"]),
    ("glucose_mg_dl", lambda v: corrected_sodium(135.0, v), [0.0, -100.0, math.nan, "600"]),
    ("factor", lambda v: corrected_sodium(135.0, 600.0, factor=v), [0.0, -1.6, math.nan]),
    ("mg_dl", glucose_to_mmol, [0.0, -18.0, math.nan, math.inf, None]),
    ("mmol", glucose_to_mg_dl, [0.0, -1.0, math.nan]),
    ("na", lambda v: effective_osmolality(v, 100.0), [-1.0, math.nan]),
    ("bohb", lambda v: classify_dka(450.0, v, 7.2, 12.0), [-1.0, math.nan, "5"]),
    ("ph", lambda v: classify_dka(450.0, 5.0, v, 12.0), [6.0, 9.0, math.nan]),
    ("mental_status", lambda v: classify_dka(450.0, 5.0, 7.2, 12.0, mental_status=v), ["sleepy", "", None, 3]),
    ("known_diabetes", lambda v: classify_dka(450.0, 5.0, 7.2, 12.0, known_diabetes=v), ["yes", 1, None]),
    ("effective_osm", lambda v: is_hhs(900.0, v, 1.0, 7.36, 22.0), [-300.0, math.nan, "330"]),
    ("ph", lambda v: read_blood_gas(v, 40.0, 24.0), [6.3, 8.5, math.nan]),
    ("hco3", lambda v: read_blood_gas(7.4, 40.0, v), [0.0, -24.0, math.nan]),
    ("cl", lambda v: read_blood_gas(7.4, 40.0, 24.0, na=140.0, cl=v), [None, math.nan, -1.0]),
]


@pytest.mark.parametrize(
    "argument, call, value",
    [(argument, call, value) for argument, call, values in BAD_CALLS for value in values],
)
def test_impossible_input_raises_input_error_naming_the_argument(argument, call, value):
    with pytest.raises(InputError) as error:
        call(value)
    assert str(error.value).startswith(f"{argument} = ")



def test_a_gap_just_above_the_range_with_normal_ph_and_bicarbonate_is_borderline_not_a_hidden_disorder():
    from musclepain_lib.diabetes import assess_blood_gas, read_blood_gas
    # Na 140, Cl 104, HCO3 24: gap 12, one above the ion-selective range 3-11 (Kraut and Madias 2007).
    level, words = assess_blood_gas(read_blood_gas(7.40, 40.0, 24.0, na=140.0, cl=104.0))
    assert level == "warn" and words.startswith("Borderline: anion gap 12") and "hides" not in words
    # Gap 20 with normal pH, bicarbonate and pCO2: above every laboratory's range, a disorder the pH hides.
    level, words = assess_blood_gas(read_blood_gas(7.40, 40.0, 24.0, na=140.0, cl=96.0))
    assert words.startswith("A disorder the normal pH hides") and "anion gap 20" in words


def test_a_ketone_level_above_6_is_named_beside_the_grade_it_does_not_change():
    from musclepain_lib.diabetes import classify_dka, ketone_grade_note
    # The SGLT2 case of lesson 04: BOHB 8.4, pH 7.30 graded by pH and bicarbonate.
    assert classify_dka(213, 8.4, 7.24, 14, known_diabetes=True) == "moderate"
    assert "above 6 mmol/L" in ketone_grade_note(8.4) and "Umpierrez" in ketone_grade_note(8.4)
    assert ketone_grade_note(6.0) == ""
