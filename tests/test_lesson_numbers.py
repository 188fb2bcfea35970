"""Numbers that lessons state in prose are the numbers the code and tables give.

Each check names the lesson, the words it prints, and the computation or checked output
they must agree with, so that a change of a model or a table that would leave a lesson
saying an old number fails here.
"""

import json
import re
from pathlib import Path

import pytest

from musclepain_lib import diabetes, electrolytes, muscle_growth
from musclepain_lib.core.clinical import reference_interval, threshold

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


def _prose(lesson: str) -> str:
    cells = json.loads((NOTEBOOKS / f"{lesson}.ipynb").read_text(encoding="utf-8"))["cells"]
    return " ".join(" ".join("".join(c["source"]).split()) for c in cells if c["cell_type"] == "markdown")


def _checked_output(lesson: str) -> str:
    cells = json.loads((NOTEBOOKS / f"{lesson}.ipynb").read_text(encoding="utf-8"))["cells"]
    return "".join("".join(o.get("text", "")) for c in cells if c["cell_type"] == "code"
                   for o in c.get("outputs", []))


def test_lesson_02_quotes_lesson_01s_muscle_rest_and_equilibrium_potentials_as_lesson_01_prints_them():
    printed = _checked_output("01_electrolytes")
    assert "Resting potential: -89.5 mV" in printed
    assert "E_Na =  +66.6 mV" in printed and "E_K  =  -97.7 mV" in printed
    prose = _prose("02_cramps")
    assert "(-89.5 mV there)" in prose
    assert "(E_Na +66.6, E_K -97.7 mV for human muscle at 37 °C)" in prose


def test_lesson_02_sign_convention_example_is_a_shift_its_table_prints():
    assert "shift of +5.4 mV" in _prose("02_cramps")
    assert "0.6 mmol/L (2.4 mg/dL)             +5.4" in _checked_output("02_cramps")


def _code(lesson: str) -> str:
    cells = json.loads((NOTEBOOKS / f"{lesson}.ipynb").read_text(encoding="utf-8"))["cells"]
    return " ".join(" ".join("".join(c["source"]).split()) for c in cells if c["cell_type"] == "code")


def test_lesson_02_sign_convention_figure_and_its_words_give_the_models_rests_and_shift():
    from musclepain_lib import cramps

    shift = cramps.calcium_gating_shift(0.6)
    rest, low_rest = cramps.resting_potential(0.0), cramps.resting_potential(shift)
    said = " ".join([_prose("02_cramps"), _code("02_cramps")])
    assert "cr.plot_gating_shift(ionized_ca=0.6)" in said
    for words in (f"moved {shift:.1f} mV to the left", f"labelled \" \"{shift:+.1f} mV", f"{rest:.1f} mV with normal calcium",
                  f"{low_rest:.1f} mV with \" \"low calcium", f"solid curve at {low_rest + shift:.1f} mV",
                  f"rests at {low_rest:.1f} mV", f"normal gates would be at {low_rest + shift:.1f} mV",
                  f"({low_rest:.1f} against {rest:.1f} mV)", f"towards E_K ({cramps.HH_PARAMETERS['e_k']:.0f} mV)",
                  f"would {low_rest + shift - rest:.1f} mV above the normal rest"):
        assert words in said, words
    assert low_rest < rest < low_rest + shift, "the voltage falls while the gates act as if depolarised"
    assert f"{low_rest:9.1f}  {low_rest + shift:20.1f}" in _checked_output("02_cramps")


def test_lesson_02_self_firing_rates_are_what_the_cramp_explorer_says():
    from musclepain_lib import cramps

    def rate(calcium: float) -> str:
        verdict = cramps.cramp_explorer(ionized_ca=calcium).explorer.reading.verdict
        return re.search(r"fires by itself at about (\d+) Hz", verdict).group(1)

    just_below = round(cramps.calcium_for_self_firing() - 0.01, 2)
    lowest = cramps.cramp_explorer().explorer.specs["ionized_ca"].low
    assert (f"with normal magnesium, at {rate(just_below)} Hz just below the calcium at which it starts "
            f"and at {rate(lowest)} Hz at the lowest calcium") in _prose("02_cramps")


def test_lesson_01_saline_sentence_compares_its_printed_rise_with_the_tables_limit():
    rise = electrolytes.adrogue_madias(108, 27, 513)
    assert "3 % saline, woman: +14.5 mmol/L per litre" in _checked_output("01_electrolytes")
    assert rise > threshold("sodium_correction_limit_24h") == 10
    assert "about 8-10 mmol/L in the first 24 hours" in _prose("01_electrolytes")


def test_lesson_03_ck_intervals_and_kenney_figures_are_the_tables():
    assert reference_interval("creatine kinase", "female")[:2] == (26, 192)
    assert reference_interval("creatine kinase", "male")[:2] == (39, 308)
    prose = _prose("03_muscle_growth")
    assert "(women 26-192 U/L, men 39-308 U/L in the course's table)" in prose
    assert f"a line at {threshold('ck_specific_multiple'):g} times the upper limit more specific" in prose


def test_lesson_03_protein_figure_and_its_interval_are_the_tables():
    parameters = muscle_growth.protein_parameters()
    low, high = parameters["protein_plateau_ci_low"], parameters["protein_plateau_ci_high"]
    assert low < parameters["protein_plateau"] < high
    assert f"runs from {low:.2f} to {high:.2f} g/kg/day" in _prose("03_muscle_growth")


def test_lesson_03_hamstring_shares_are_the_tables_and_the_rest_is_what_it_says():
    shares = muscle_growth.strain_grades().set_index("grade")["share_of_injuries_pct"]
    prose = _prose("03_muscle_growth")
    assert f"(the rest, {100 - shares.sum():.0f} %, showed nothing on MRI)" in prose
    assert f"grade II ({shares['II']:.0f} % of the MRI-examined hamstring injuries)" in prose
    assert "about 58 % of the 516 had an MRI" in prose
    assert f"grade III ({shares['III']:.0f} %)" in prose


def test_lesson_03_single_session_figure_words_give_the_models_baseline_and_peak_days():
    import inspect

    defaults = {name: p.default for name, p in inspect.signature(muscle_growth.plot_single_session).parameters.items()}
    back, peak = muscle_growth.banister_response_times(*(defaults[name] for name in ("k1", "k2", "tau1", "tau2")))
    code = _code("03_muscle_growth")
    assert "show_figure(mg.plot_single_session()," in code  # the figure at its default constants
    assert f'crosses back to baseline at day {back:.1f} " "and peaks at day {peak:.1f}.' in code


def test_lesson_04_anion_gap_range_and_usual_gap_are_the_tables():
    low, high, _unit = reference_interval("anion gap")
    prose = _prose("04_diabetic_ketoacidosis")
    assert f"about **{low:g}-{high:g} mmol/L, mean near {threshold('anion_gap_mean'):g}**" in prose
    assert f"(gap − {threshold('anion_gap_mean'):g}) / ({threshold('normal_bicarbonate_mean'):g} − bicarbonate)" in prose


@pytest.mark.parametrize(
    "where, gap, hco3, said",
    [
        ("06_case_studies", 26.0, 10.0, "about 1.4"),  # the teenager
        ("04 self-check gas-kussmaul", 28.5, 8.5, "about 1.4"),
    ],
)
def test_delta_ratios_stated_in_words_are_the_readers(where, gap, hco3, said):
    ratio = diabetes.delta_ratio(gap, hco3, normal_gap=threshold("anion_gap_mean"))
    assert f"about {ratio:.1f}" == said, where


def test_lesson_06_ck_multiple_is_the_cases():
    from musclepain_lib.cases import load_case

    recruit = load_case("recruit")
    multiple = muscle_growth.ck_times_uln(recruit["ck_u_l"], recruit["uln_u_l"])
    assert f"about {multiple:.0f} times his laboratory's upper limit" in _prose("06_case_studies")
    assert multiple > threshold("ck_specific_multiple")


def test_lesson_01_closes_the_runners_story_with_her_own_case():
    from musclepain_lib.cases import load_case

    runner = load_case("runner")
    prose = _prose("01_electrolytes")
    assert f"She sweated about {runner['sweat_l']:g} litres and drank about {runner['drink_l']:g}:" in prose
    water = electrolytes.total_body_water(runner["weight_kg"], "female")
    sweat = {"sweat_l": runner["sweat_l"], "sweat_na": runner["sweat_na"], "sweat_k": runner["sweat_k"]}
    after = electrolytes.serum_sodium_after(runner["na_before"], water, **sweat, drink_l=runner["drink_l"])
    printed = _checked_output("01_electrolytes")
    assert f"After the sweat and {runner['drink_l']:g} L of water: {after:.1f} mmol/L" in printed
    sweat_only = electrolytes.serum_sodium_after(runner["na_before"], water, **sweat)
    assert sweat_only > runner["na_before"] and after < 135 == reference_interval("sodium")[0]
    assert "lowered it below 135 mmol/L, close to what the medical tent measured" in prose
    assert abs(after - runner["na_measured"]) < 1


def test_lesson_05_closing_antibodies_are_the_womans_case():
    from musclepain_lib.cases import load_case

    woman = load_case("stiffness")
    prose = _prose("05_rheumatoid_arthritis")
    assert (f"rheumatoid factor {woman['rf_x_uln']:g} times and anti-CCP {woman['anti_ccp_x_uln']:g} times the "
            "laboratory's upper limit") in prose
    assert "A blood test found two antibodies in her blood, both raised." in prose


def test_lesson_05_counts_the_patients_it_scores():
    cells = json.loads((NOTEBOOKS / "05_rheumatoid_arthritis.ipynb").read_text(encoding="utf-8"))["cells"]
    scored = next("".join(c["source"]) for c in cells if "patients = {" in "".join(c["source"]))
    count = len(re.findall(r'^\s+"[^"]+": \(', scored, re.M))
    assert count == 4 and "Four patients, scored by the library:" in _prose("05_rheumatoid_arthritis")
    assert len(_checked_output("05_rheumatoid_arthritis").split("classified:")) - 1 == count


def test_lesson_06_older_mans_nerve_stays_quiet_in_the_model():
    from musclepain_lib import cramps
    from musclepain_lib.cases import load_case

    patient = load_case("thiazide")
    shift = cramps.calcium_gating_shift(patient["ionized_ca"], magnesium=patient["magnesium"])
    fires_at = cramps.calcium_for_self_firing(magnesium=patient["magnesium"])
    needed = cramps.calcium_gating_shift(fires_at, magnesium=patient["magnesium"])
    assert fires_at < patient["ionized_ca"] and shift < needed / 3  # "only a small part of the way"
    printed = _checked_output("06_case_studies")
    assert f"His shift: {shift:.1f} mV" in printed and f"a shift of {needed:.1f} mV" in printed
    assert "only a small part of the way to the shift" in _prose("06_case_studies")
