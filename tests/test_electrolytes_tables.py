"""Lesson 01 tables: ion concentrations, reference ranges, medicines, drinks."""

import math
import subprocess
import sys

import pytest

from musclepain_lib import InputError
from musclepain_lib.electrolytes import (
    classify_lab,
    drinks,
    ion_concentrations,
    medication_effects,
    reference_ranges,
)

REQUIRED_ANALYTES = {
    "sodium", "potassium", "chloride", "bicarbonate", "total calcium", "ionized calcium",
    "magnesium", "phosphate", "glucose", "urea", "creatinine", "creatine kinase",
}


def test_hilles_muscle_gradients_are_in_the_table():
    muscle = ion_concentrations("skeletal muscle").set_index("ion")
    assert (muscle.loc["Na", "c_out"], muscle.loc["Na", "c_in"]) == (145, 12)
    assert (muscle.loc["K", "c_out"], muscle.loc["K", "c_in"]) == (4, 155)
    assert (muscle.loc["Cl", "c_out"], muscle.loc["Cl", "c_in"]) == (123, 4.2)
    assert muscle.loc["Ca", "c_in"] == pytest.approx(1e-4)  # 100 nmol/L


def test_a_neuron_has_the_same_direction_of_gradients_as_muscle():
    neuron = ion_concentrations("neuron").set_index("ion")
    assert (neuron["c_out"] > neuron["c_in"]).to_dict() == {"Na": True, "K": False, "Cl": True, "Ca": True}


def test_ion_table_refuses_an_unknown_cell():
    with pytest.raises(InputError, match="cell"):
        ion_concentrations("liver")


def test_reference_ranges_cover_every_analyte_of_the_lesson_with_a_source():
    table = reference_ranges()
    assert REQUIRED_ANALYTES <= set(table["analyte"])
    assert {"analyte", "unit", "low", "high", "source"} <= set(table.columns)
    assert (table["low"] < table["high"]).all()
    assert table["source"].str.len().min() > 20


def test_the_sodium_range_starts_at_the_hyponatraemia_threshold_of_135():
    sodium = reference_ranges().set_index("analyte").loc["sodium"]
    assert (sodium["low"], sodium["high"]) == (135, 145)


def test_potassium_of_3_2_is_low_and_6_is_high():
    assert classify_lab("potassium", 3.2) == "low"
    assert classify_lab("potassium", 4.0) == "normal"
    assert classify_lab("potassium", 6.0) == "high"


def test_the_limits_of_a_range_count_as_normal():
    assert classify_lab("sodium", 135) == "normal" and classify_lab("sodium", 145) == "normal"
    assert classify_lab("sodium", 134.9) == "low"


def test_analyte_names_ignore_case_and_spaces():
    assert classify_lab("  Ionized Calcium ", 1.0) == "low"


def test_an_unknown_analyte_lists_the_known_ones():
    with pytest.raises(InputError, match="analyte.*'sodium'.*'creatine kinase'"):
        classify_lab("salt", 140)


@pytest.mark.parametrize("bad", [math.nan, math.inf, -1, "140", None])
def test_classify_lab_refuses_an_impossible_value(bad):
    with pytest.raises(InputError, match="value"):
        classify_lab("sodium", bad)


def test_thiazides_raise_calcium_while_loop_diuretics_lower_it():
    table = medication_effects().set_index("drug_class")
    assert table.loc["thiazide diuretics", "Ca"] == "up"
    assert table.loc["loop diuretics", "Ca"] == "down"


def test_proton_pump_inhibitors_lower_magnesium_as_the_fda_warned_in_2011():
    row = medication_effects().set_index("drug_class").loc["proton-pump inhibitors"]
    assert row["Mg"] == "down"
    assert "Food and Drug Administration" in row["source"] and "2011" in row["source"]


def test_diuretics_beta2_agonists_laxatives_and_insulin_lower_potassium():
    table = medication_effects().set_index("drug_class")
    for drug in ("thiazide diuretics", "loop diuretics", "beta-2 agonists", "stimulant laxatives (overuse)", "insulin"):
        assert table.loc[drug, "K"] == "down", drug
    assert table.loc["potassium-sparing diuretics", "K"] == "up"


def test_statins_act_on_muscle_without_changing_electrolytes():
    row = medication_effects().set_index("drug_class").loc["statins"]
    assert [row[ion] for ion in ("K", "Mg", "Ca", "Na")] == ["none"] * 4
    assert "rhabdomyolysis" in row["muscle"]


def test_every_medicine_row_uses_the_four_effect_words_and_names_a_source():
    table = medication_effects()
    for ion in ("K", "Mg", "Ca", "Na"):
        assert set(table[ion]) <= {"down", "up", "none", "variable"}
    assert table["source"].str.len().min() > 20


def test_sports_drinks_hold_far_less_sodium_than_blood():
    table = drinks().set_index("drink")
    assert table.loc["sports drink", "na"] < 135 / 5
    assert table.loc["3 % saline", "na"] == 513 and table.loc["0.9 % saline", "na"] == 154


def test_importing_the_models_does_not_import_widgets_or_matplotlib():
    code = (
        "import sys; from musclepain_lib.electrolytes import nernst, medication_effects; "
        "medication_effects(); print('ipywidgets' in sys.modules or 'matplotlib' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_creatinine_and_creatine_kinase_have_one_interval_per_sex_from_their_sources():
    table = reference_ranges().set_index(["analyte", "sex"])
    assert tuple(table.loc[("creatinine", "female"), ["low", "high"]]) == (45, 84)  # Pathology Harmony
    assert tuple(table.loc[("creatinine", "male"), ["low", "high"]]) == (59, 104)
    assert tuple(table.loc[("creatine kinase", "female"), ["low", "high"]]) == (26, 192)  # Mayo Clinic
    assert tuple(table.loc[("creatine kinase", "male"), ["low", "high"]]) == (39, 308)


def test_a_womans_high_creatinine_or_ck_reads_high_although_a_man_would_read_normal():
    assert classify_lab("creatinine", 95, sex="female") == "high"
    assert classify_lab("creatinine", 95, sex="male") == "normal"
    assert classify_lab("creatine kinase", 250, sex="female") == "high"
    assert classify_lab("creatine kinase", 250, sex="male") == "normal"


@pytest.mark.parametrize("analyte", ["creatinine", "creatine kinase"])
def test_a_sex_specific_analyte_without_sex_is_refused_naming_sex(analyte):
    with pytest.raises(InputError, match=r"^sex = None .*'female'.*'male'"):
        classify_lab(analyte, 80)


def test_an_unknown_sex_is_refused_and_sex_is_ignored_where_the_interval_is_shared():
    with pytest.raises(InputError, match="sex"):
        classify_lab("creatinine", 80, sex="woman")
    assert classify_lab("sodium", 140, sex="female") == classify_lab("sodium", 140) == "normal"


def test_the_magnesium_mg_dl_text_matches_its_mmol_l_limits():
    row = reference_ranges().set_index("analyte").loc["magnesium"]
    mg_per_mmol = 24.305 / 10  # molar mass 24.305 g/mol: mmol/L to mg/dL
    low_text, high_text = (float(x) for x in row["note"].split(" mg/dL")[0].split("-"))
    assert low_text == pytest.approx(row["low"] * mg_per_mmol, abs=0.05)
    assert high_text == pytest.approx(row["high"] * mg_per_mmol, abs=0.05)


def test_the_anion_gap_interval_is_the_ion_selective_electrode_one():
    # Kraut and Madias 2007; Winter et al. 1990: about 3-11 mmol/L, not the older 8-12.
    assert classify_lab("anion gap", 12) == "high"
    assert classify_lab("anion gap", 6) == "normal"
