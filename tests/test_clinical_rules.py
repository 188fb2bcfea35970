"""Every explorer's verdict is the model's assessment, and every threshold drawn is the table's.

For each explorer that judges values, the verdict (level and words) shown for every preset
and for every control at both ends equals what the topic's ``assess_...`` function says
about the same values; the threshold lines the figures draw equal the rows of
``data/reference_ranges.csv`` and ``data/clinical_thresholds.csv``.
"""

import pytest

from musclepain_lib import arthritis, diabetes, electrolytes, muscle_growth
from musclepain_lib.core.clinical import reference_interval, threshold
from explorer_values import control_ends


# ----- what each model says about an explorer's values ------------------------------------------

def _membrane(values):
    def resting(k_out):
        out = {"K": k_out, "Na": values["na_out"], "Cl": values["cl_out"]}
        inside = {"K": values["k_in"], "Na": values["na_in"], "Cl": values["cl_in"]}
        return electrolytes.ghk_potential(out, inside, {"K": 1.0, "Na": values["p_na"], "Cl": values["p_cl"]},
                                          values["temp_c"])
    return electrolytes.assess_resting_potential(values["k_out"], resting(values["k_out"]), resting(4.0))


def _sweat(values):
    drink = electrolytes.drinks().set_index("drink").loc[values["drink"]]
    session = electrolytes.sodium_during_exercise(
        values["weight_kg"], values["sex"], values["hours"], values["sweat_rate"], values["sweat_na"],
        values["drink_rate"], float(drink["na"]), float(drink["k"]),
    )
    return electrolytes.assess_serum_sodium(session.final_na, session.weight_change_kg, values["weight_kg"])


def _blood_gas(values):
    computed = diabetes.ph_from_bicarbonate(values["hco3"], values["pco2_mmhg"])
    ph = computed if values["ph_source"] == "computed" else values["ph"]
    salts = {"na": values["na"], "cl": values["cl"]} if values["with_electrolytes"] else {}
    return diabetes.assess_blood_gas(diabetes.read_blood_gas(ph, values["pco2_mmhg"], values["hco3"], **salts))


def _dka_course(values):
    course = diabetes.simulate_dka(
        hours=48.0, insulin_deficit=values["insulin_deficit_pct"] / 100.0,
        fluid_intake_l_h=values["fluid_intake_l_h"], compensation=values["compensation_pct"] / 100.0,
        treatment_start_h=values["treatment_start_h"] if values["treatment"] else None,
        iv_fluids=values["iv_fluids"], potassium_replacement=values["potassium_replacement"],
        sglt2_inhibitor=values["sglt2_inhibitor"],
    )
    return diabetes.assess_dka_course(course)


def _exertion(values):
    course = muscle_growth.exertion_course(values["damage"], values["baseline_ck"], 10.0, points_per_day=12)
    return muscle_growth.assess_ck(course.peak_ck_u_l, values["uln"], values["dark_urine"])


def _visits(values):
    def score(when):
        return arthritis.das28_esr(*(values[f"{when}_{name}"] for name in ("tjc28", "sjc28", "esr_mm_h", "global_health")))
    return arthritis.assess_eular_response(score("before"), score("now"))


def _criteria(values):
    return arthritis.assess_ra_2010(*(values[name] for name in (
        "large_joints", "small_joints", "serology", "acute_phase_abnormal", "duration_weeks")))


JUDGED = [
    (electrolytes.explorer, _membrane),
    (electrolytes.sweat_explorer, _sweat),
    (diabetes.blood_gas_explorer, _blood_gas),
    (diabetes.explorer, _dka_course),
    (muscle_growth.exertion_explorer, _exertion),
    (arthritis.response_explorer, _visits),
    (arthritis.classification_explorer, _criteria),
]
IDS = [make.__name__ if make.__name__ != "explorer" else f"{make.__module__.split('.')[1]}.explorer"
       for make, _ in JUDGED]


def _agrees(live, judge):
    if live.image.layout.display == "none":  # a message instead of a figure: nothing judged
        assert live.last_error is None and live.reading.verdict
        return
    level, words = judge(live.values)
    assert (live.reading.level, live.reading.verdict) == (level, words), live.values


@pytest.mark.parametrize("make, judge", JUDGED, ids=IDS)
def test_each_presets_verdict_is_the_models_assessment(make, judge):
    for name in make().explorer.presets:
        _agrees(make(preset=name).explorer, judge)


@pytest.mark.parametrize("make, judge", JUDGED, ids=IDS)
def test_each_control_at_both_ends_gives_the_models_assessment(make, judge):
    live = make().explorer
    opening = live.values
    for name, spec in live.specs.items():
        for value in control_ends(spec):
            live.views[name].value = value
            _agrees(live, judge)
        live.views[name].value = opening[name]


def test_the_membrane_verdict_at_potassium_5_is_normal_and_reports_the_shift_it_computed():
    live = electrolytes.explorer(k_out=5.0).explorer
    assert live.reading.level == "ok"
    assert "within the reference interval" in live.reading.verdict
    assert "within 3 mV" not in live.reading.verdict and "less negative than at 4 mmol/L" in live.reading.verdict


def test_the_blood_gas_reader_names_a_mixed_disorder_with_a_normal_ph():
    # pCO2 23 mmHg, bicarbonate 15 mmol/L: pH 7.44; sodium 140 and chloride 102 give a gap of 23
    live = diabetes.blood_gas_explorer(pco2_mmhg=23.0, hco3=15.0).explorer
    assert live.reading.level == "warn"
    assert live.reading.verdict.startswith("Mixed disorder")
    assert "anion gap 23 mmol/L, high" in live.reading.verdict


# ----- thresholds drawn in the figures ----------------------------------------------------------

def _horizontal_levels(axes):
    levels = set()
    for line in axes.lines:
        y = list(line.get_ydata())
        if len(y) == 2 and y[0] == y[1] and list(line.get_xdata()) in ([0, 1], [0.0, 1.0]):
            levels.add(float(y[0]))
    return levels


def test_the_sweat_figure_draws_hyponatraemia_at_the_tables_lower_sodium_limit():
    axes = electrolytes.sweat_explorer().explorer.artists["axes"]
    assert reference_interval("sodium")[0] in _horizontal_levels(axes)


def test_the_exertion_figure_draws_the_limit_and_the_five_times_line_of_the_table():
    live = muscle_growth.exertion_explorer().explorer
    for uln in (192.0, 308.0):
        live.views["uln"].value = uln
        assert live.artists["uln"].get_ydata()[0] == uln
        assert live.artists["danger"].get_ydata()[0] == pytest.approx(threshold("ck_study_multiple") * uln)


def test_the_dka_figure_draws_the_consensus_thresholds_it_names():
    criteria = diabetes.consensus_criteria()
    figure = diabetes.plot_dka_course(diabetes.simulate_dka(hours=12))
    glucose, acid = figure.axes[0], figure.axes[1]
    assert criteria["dka_glucose_min"] in _horizontal_levels(glucose)
    assert {criteria["dka_bohb_min"], criteria["dka_hco3_below"]} <= _horizontal_levels(acid)


def test_the_blood_gas_diagram_box_is_the_tables_arterial_interval():
    from matplotlib.patches import Rectangle

    axes = diabetes.blood_gas_explorer().explorer.artists["axes"]
    (box,) = [p for p in axes.patches if isinstance(p, Rectangle) and p.get_label() == "normal"]
    ph_low, ph_high, _ = reference_interval("arterial pH")
    hco3_low, hco3_high, _ = reference_interval("arterial bicarbonate")
    assert box.get_x() == ph_low and box.get_x() + box.get_width() == pytest.approx(ph_high)
    assert box.get_y() == hco3_low and box.get_y() + box.get_height() == pytest.approx(hco3_high)


def test_the_2010_criteria_figure_draws_the_classifying_score_of_the_table():
    axes = arthritis.classification_explorer().explorer.figure.axes[0]
    vertical = {float(line.get_xdata()[0]) for line in axes.lines if len(set(line.get_xdata())) == 1}
    assert threshold("ra2010_classify_score") in vertical


def test_the_das28_bands_and_eular_chart_are_the_tables():
    from musclepain_lib.arthritis.model import DAS28_BANDS

    assert [limit for _word, limit, _inside in DAS28_BANDS[:3]] == [
        threshold("das28_remission_below"), threshold("das28_low_max"), threshold("das28_moderate_max")]
    regions = arthritis.eular_response_regions(9.0, 6.0)
    assert regions["good"] == [((0.0, threshold("das28_low_max")), (threshold("eular_good_improvement"), 6.0))]
    assert arthritis.eular_response(5.0, 5.0 - 1.21) == "moderate"  # above 1.2 but still above 3.2
