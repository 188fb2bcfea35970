"""Every explorer's verdict is the model's assessment, and every threshold drawn is the table's.

For each explorer that judges values, the verdict (level and words) shown for every preset
and for every control at both ends equals what the topic's ``assess_...`` function says
about the same values; the threshold lines the figures draw equal the rows of
``data/reference_ranges.csv`` and ``data/clinical_thresholds.csv``.
"""

import importlib

import pytest

from musclepain_lib import arthritis, diabetes, electrolytes, muscle_growth
from musclepain_lib.core import manifest
from musclepain_lib.core.clinical import reference_interval, threshold
from explorer_values import control_ends


# ----- the explorers that judge, found through the manifest -------------------------------------

def _judged():
    """(name, explorer maker) for every explorer declared with a verdict (``Explorer.declared``)."""
    found = []
    for package, entry in manifest.explorers():
        make = getattr(importlib.import_module(f"musclepain_lib.{package}"), entry.name)
        if make().explorer.verdict is not None:
            found.append(pytest.param(make, id=f"{package}.{entry.name}"))
    return found


JUDGED = _judged()


def test_the_explorers_that_show_a_verdict_include_every_judged_topic():
    judged = {p.id.split(".")[0] for p in JUDGED}
    assert {"electrolytes", "diabetes", "muscle_growth", "arthritis"} <= judged


def _agrees(live):
    if live.image.layout.display == "none":  # a message instead of a figure: nothing judged
        assert live.last_error is None and live.reading.verdict
        return
    level, words = live.verdict(live.values)
    assert (live.reading.level, live.reading.verdict) == (level, words), live.values


@pytest.mark.parametrize("make", JUDGED)
def test_each_presets_verdict_is_the_models_assessment(make):
    for name in make().explorer.presets:
        _agrees(make(preset=name).explorer)


@pytest.mark.parametrize("make", JUDGED)
def test_each_control_at_both_ends_gives_the_models_assessment(make):
    live = make().explorer
    opening = live.values
    for name, spec in live.specs.items():
        for value in control_ends(spec):
            live.views[name].value = value
            _agrees(live)
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
