"""The patients of lesson 06: complete, sourced, and refused by name when unknown."""

import math

import pytest

from musclepain_lib import InputError
from musclepain_lib.cases import case_ids, load_case
from musclepain_lib.core.data import load_table


def test_lesson_06_has_the_five_patients_of_the_course_in_order():
    assert case_ids() == ["runner", "thiazide", "ketoacidosis", "recruit", "stiffness"]


def test_every_case_value_is_a_finite_number_with_a_unit_and_a_source():
    table = load_table("cases_values.csv", required=("case_id", "name", "label", "unit"), numeric=("value",))
    assert set(table["case_id"]) == set(case_ids())
    assert table["source"].str.len().min() > 5
    for case_id in case_ids():
        case = load_case(case_id)
        assert case.values and all(math.isfinite(v) for v in case.values.values())
        assert set(case.units) == set(case.values) == set(case.labels)


def test_the_runner_drank_more_than_she_sweated_and_her_sodium_is_below_135():
    runner = load_case("runner")
    assert runner["drink_l"] > runner["sweat_l"]
    assert runner["na_measured"] < 135  # Hew-Butler et al. 2015: EAH is serum sodium below 135 mmol/L


def test_the_ketoacidosis_case_meets_the_three_2024_consensus_criteria():
    case = load_case("ketoacidosis")
    assert case["bohb"] >= 3.0 and (case["ph"] < 7.3 or case["hco3"] < 18)


def test_the_blood_gas_of_the_ketoacidosis_case_obeys_henderson_hasselbalch():
    case = load_case("ketoacidosis")
    ph = 6.1 + math.log10(case["hco3"] / (0.03 * case["pco2_mmhg"]))
    assert ph == pytest.approx(case["ph"], abs=0.01)


def test_case_values_pass_as_keyword_arguments():
    assert load_case("stiffness").pick("tjc28", "sjc28") == {"tjc28": 8.0, "sjc28": 6.0}


@pytest.mark.parametrize("bad", ["nobody", "", None, 3, float("nan")])
def test_an_unknown_case_is_refused_naming_the_argument(bad):
    with pytest.raises(InputError, match="case_id"):
        load_case(bad)


def test_an_unknown_value_is_refused_listing_the_known_ones():
    with pytest.raises(InputError, match="name = 'potassium'.*'drink_l'"):
        load_case("runner")["potassium"]


def test_a_case_shows_its_history_and_values_as_text_and_html():
    bundle = load_case("recruit")._repr_mimebundle_()
    assert "cola" in bundle["text/plain"] and "48000 U/L" in bundle["text/plain"]
    assert "<table>" in bundle["text/html"] and "Source:" in bundle["text/html"]


def test_the_joints_of_the_stiffness_case_are_joints_of_the_28_joint_count_and_match_its_counts():
    from musclepain_lib.arthritis import das28_joints

    case = load_case("stiffness")
    known = set(das28_joints()["joint"])
    assert set(case.joints["tender"]) <= known and set(case.joints["swollen"]) <= known
    assert len(case.joints["tender"]) == case["tjc28"] and len(case.joints["swollen"]) == case["sjc28"]
    assert set(case.joints["swollen"]) <= set(case.joints["tender"])
    assert load_case("runner").joints == {"tender": [], "swollen": []}


def test_each_case_names_the_course_lessons_it_draws_on():
    from musclepain_lib.core.manifest import lesson_ids

    ids = set(lesson_ids())
    for case_id in case_ids():
        lessons = load_case(case_id).lessons
        assert lessons and set(lessons) <= ids, (case_id, lessons)


def _ranges():
    from musclepain_lib.electrolytes import reference_ranges

    return reference_ranges()


def test_the_older_adults_figure_says_which_values_lie_below_their_reference_interval():
    from musclepain_lib.cases import plot_blood_values

    shown = plot_blood_values(load_case("thiazide"), _ranges())
    assert "Below: sodium 133 mmol/L, potassium 3.1 mmol/L, magnesium 0.58 mmol/L" in shown.description
    assert "Within: ionized calcium 1.18 mmol/L" in shown.description
    assert shown._repr_mimebundle_()["image/png"].startswith(b"\x89PNG")


def test_the_recruits_creatine_kinase_is_drawn_off_the_scale_above_its_interval():
    from musclepain_lib.cases import plot_blood_values

    shown = plot_blood_values(load_case("recruit"), _ranges())
    assert "Above: creatine kinase 48000 U/L" in shown.description
    texts = [t.get_text() for t in shown.figure.axes[0].texts]
    assert any("off the scale" in t for t in texts)


def test_every_blood_value_of_the_cases_has_a_reference_interval_in_the_same_unit():
    ranges = _ranges()
    for case_id in case_ids():
        case = load_case(case_id)
        for name, analyte in case.analytes.items():
            rows = ranges[(ranges["analyte"] == analyte) & ranges["sex"].isin(["", case.sex])]
            assert len(rows) == 1, (case_id, name)
            assert rows["unit"].iloc[0] == case.units[name], (case_id, name)


@pytest.mark.parametrize(
    "case, ranges, message",
    [
        ("thiazide", None, "ranges"),
        ("stiffness", "table", "no blood values"),
        ("not a case", "table", "case"),
    ],
)
def test_the_blood_value_figure_refuses_what_it_cannot_draw(case, ranges, message):
    from musclepain_lib.cases import plot_blood_values

    table = _ranges() if ranges == "table" else ranges
    patient = load_case(case) if case in case_ids() else case
    with pytest.raises(InputError, match=message):
        plot_blood_values(patient, table)


def test_a_reference_interval_in_another_unit_is_refused_naming_the_value():
    from musclepain_lib.cases import plot_blood_values
    from musclepain_lib.core.errors import DataFileError

    ranges = _ranges()
    ranges.loc[ranges["analyte"] == "potassium", "unit"] = "mEq/L"
    with pytest.raises(DataFileError, match="thiazide/potassium"):
        plot_blood_values(load_case("thiazide"), ranges)


def test_importing_the_cases_stays_light():
    import subprocess
    import sys

    code = "import sys, musclepain_lib.cases; print('matplotlib' in sys.modules, 'ipywidgets' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "False False"
