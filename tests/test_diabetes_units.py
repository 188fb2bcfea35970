"""Lesson 04 in SI and US units: every pressure and glucose it states, prints or shows in an
explorer carries the other unit beside it, converted by the course's one table
(musclepain_lib.core.units); the DKA caption and the lines printed under it tell the same worst
point; and no self-check asks for what a cell printed just before it."""

import contextlib
import io
import json
import re
from pathlib import Path

import pytest

from musclepain_lib import InputError, diabetes
from musclepain_lib.core import units
from musclepain_lib.diabetes import blood_gas_explorer, describe_dka_course, explorer, simulate_dka, worst_point
from musclepain_lib.diabetes.widget import COURSE_PRESETS, GAS_PRESETS, plot_blood_gases, plot_dka_course
from musclepain_lib.learner.questions import load_questions

ROOT = Path(__file__).resolve().parents[1]
LESSON = "04_diabetic_ketoacidosis"
NOTEBOOK = ROOT / "notebooks" / f"{LESSON}.ipynb"

NUMBER = r"\d+(?:\.\d+)?"
#: "40 mmHg (5.3 kPa)", "27-31 mmHg (3.6-4.1 kPa)"
PRESSURE = re.compile(rf"(?<![\d.])({NUMBER})(?:-({NUMBER}))? mmHg \(({NUMBER})(?:-({NUMBER}))? kPa\)")
#: "250 mg/dL (13.9 mmol/L)"
GLUCOSE = re.compile(rf"(?<![\d.])({NUMBER}) mg/dL \(({NUMBER}) mmol/L\)")
ANY_MMHG = re.compile(rf"(?<![\d.]){NUMBER} mmHg")
ANY_MG_DL = re.compile(rf"(?<![\d.]){NUMBER} mg/dL")


def _cells():
    return json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]


def _source(cell) -> str:
    return "".join(cell["source"])


def _printed(cell) -> str:
    return "".join("".join(o.get("text", "")) for o in cell.get("outputs", []))


def _question_texts(question) -> list[str]:
    return [question.prompt, question.explanation, *question.hints, *question.choices, *question.feedback,
            *(m.feedback for m in question.mistakes)]


def assert_both_units(text: str, where: str):
    """Each "N mmHg" has its kPa beside it, each "N mg/dL" (glucose) its mmol/L, and they agree."""
    pressures = PRESSURE.findall(text)
    assert len(ANY_MMHG.findall(text)) == len(pressures), (  # a range "35-45 mmHg" counts once
        f"{where}: a pressure in mmHg without kPa beside it: {text!r}")
    for low, high, kpa_low, kpa_high in pressures:
        for mmhg, kpa in ((low, kpa_low), (high, kpa_high)):
            if mmhg:  # a shown mmHg is rounded: its kPa may be off by that rounding as well as its own
                assert abs(units.mmhg_to_kpa(float(mmhg)) - float(kpa)) <= 0.05 + 0.5 / units.MMHG_PER_KPA, (where, mmhg, kpa)
    glucoses = GLUCOSE.findall(text)
    assert len(ANY_MG_DL.findall(text)) == len(glucoses), f"{where}: a glucose in mg/dL without mmol/L beside it: {text!r}"
    for mg_dl, mmol in glucoses:
        assert abs(units.glucose_mg_dl_to_mmol(float(mg_dl)) - float(mmol)) <= 0.05 + 0.5 / units.GLUCOSE_MG_DL_PER_MMOL, (
            where, mg_dl, mmol)


# ----- the conversions, both ways ------------------------------------------------------------
@pytest.mark.parametrize("value", [0.5, 5.3, 40.0, 101.325])
def test_pressure_converts_both_ways(value):
    assert units.kpa_to_mmhg(units.mmhg_to_kpa(value)) == pytest.approx(value, rel=1e-12)
    assert units.mmhg_to_kpa(units.kpa_to_mmhg(value)) == pytest.approx(value, rel=1e-12)
    assert units.mmhg_to_kpa(value * units.MMHG_PER_KPA) == pytest.approx(value)


def test_the_factors_are_the_published_ones():
    assert units.MMHG_PER_KPA == pytest.approx(7.50062, abs=1e-5)  # 1 mmHg = 101325/760 Pa (BIPM)
    assert units.kpa_to_mmhg(5.3) == pytest.approx(39.75, abs=0.01)
    assert units.glucose_mmol_to_mg_dl(11.1) == pytest.approx(199.8)  # the consensus' 200 mg/dL
    assert units.glucose_mg_dl_to_mmol(600) == pytest.approx(33.33, abs=0.01)
    assert units.calcium_mg_dl_to_mmol(10.0) == pytest.approx(2.495, abs=0.001)
    assert units.calcium_mmol_to_mg_dl(1.25) == pytest.approx(5.01)


@pytest.mark.parametrize("value", [3.9, 11.1, 33.3, 55.6])
def test_glucose_converts_both_ways(value):
    assert units.glucose_mg_dl_to_mmol(units.glucose_mmol_to_mg_dl(value)) == pytest.approx(value, rel=1e-12)
    assert units.glucose_mmol_to_mg_dl(units.glucose_mg_dl_to_mmol(value * 18)) == pytest.approx(value * 18, rel=1e-12)


@pytest.mark.parametrize("value", [1.1, 2.2, 2.6])
def test_calcium_converts_both_ways(value):
    assert units.calcium_mg_dl_to_mmol(units.calcium_mmol_to_mg_dl(value)) == pytest.approx(value, rel=1e-12)
    assert units.calcium_mmol_to_mg_dl(units.calcium_mg_dl_to_mmol(value * 4)) == pytest.approx(value * 4, rel=1e-12)


def test_the_words_in_both_units():
    assert units.pressure_both_units(40) == "40 mmHg (5.3 kPa)"
    assert units.pressure_both_units(19.5) == "20 mmHg (2.6 kPa)"  # kPa from the exact value
    assert units.pressure_range_both_units(27, 31) == "27-31 mmHg (3.6-4.1 kPa)"
    assert units.glucose_both_units(250) == "250 mg/dL (13.9 mmol/L)"
    assert units.calcium_both_units(2.4) == "2.40 mmol/L (9.6 mg/dL)"
    with pytest.raises(InputError, match="mg_dl"):
        units.glucose_both_units(-1)


def test_the_diabetes_model_converts_glucose_with_the_courses_one_factor():
    from musclepain_lib.diabetes import model

    assert model.GLUCOSE_MG_DL_PER_MMOL is units.GLUCOSE_MG_DL_PER_MMOL
    assert diabetes.glucose_to_mmol(450) == units.glucose_mg_dl_to_mmol(450)
    assert diabetes.glucose_to_mg_dl(25) == units.glucose_mmol_to_mg_dl(25)


# ----- the lesson, its questions and its explorers ---------------------------------------------
def test_lesson_04_states_every_pressure_and_glucose_in_both_units():
    cells = _cells()
    for number, cell in enumerate(cells):
        text = _source(cell) if cell["cell_type"] == "markdown" else _printed(cell)
        assert_both_units(text, f"{LESSON} cell {number}")
    prose = " ".join(_source(c) for c in cells if c["cell_type"] == "markdown")
    # the solubility of CO2 per kPa and the divisor for kPa that the prose gives are the table's
    assert f"{diabetes.model.CO2_SOLUBILITY * units.MMHG_PER_KPA:.3f} for each kPa" in prose
    assert f"divide by {units.MMHG_PER_KPA:.1f} for kPa" in prose


def test_lesson_04s_questions_state_every_pressure_and_glucose_in_both_units():
    for question in load_questions(LESSON).values():
        for text in _question_texts(question):
            assert_both_units(text, f"{LESSON}/{question.id}")


def _readings():
    for preset in (None, *(p.name for p in GAS_PRESETS)):
        yield f"blood gas {preset}", blood_gas_explorer(preset=preset).explorer
    for preset in (None, *(p.name for p in COURSE_PRESETS)):
        yield f"course {preset}", explorer(preset=preset).explorer


@pytest.mark.parametrize("name, explorer_", list(_readings()), ids=lambda v: v if isinstance(v, str) else "")
def test_lesson_04s_explorers_read_out_pressures_and_glucose_in_both_units(name, explorer_):
    reading = explorer_.reading
    words = " ".join([reading.description, reading.verdict, *reading.details])
    assert_both_units(words, name)
    assert " kPa)" in words, f"{name}: the readout gives pCO2 in kPa too"


def test_the_explorers_presets_and_messages_give_both_units():
    for preset in (*GAS_PRESETS, *COURSE_PRESETS):
        assert_both_units(preset.description, preset.name)
    gas = blood_gas_explorer().explorer
    gas.set_values(pco2_mmhg=100.0, hco3=2.0)  # a pH outside the diagram: a message, with both units
    assert gas.reading.description.startswith("No figure") and "100 mmHg (13.3 kPa)" in gas.reading.verdict
    gas.set_values(pco2_mmhg=40.0, hco3=24.0, ph_source="entered", ph=7.1)  # three numbers from no one sample
    assert "pCO2 40 mmHg (5.3 kPa) give pH 7.40" in gas.reading.verdict
    eugly = explorer(preset="euglycaemic").explorer.reading.details
    assert any(re.search(r"250 mg/dL \(13\.9 mmol/L\)", line) for line in eugly), eugly


def test_the_figures_label_both_units():
    course = simulate_dka(hours=48, insulin_deficit=1.0, treatment_start_h=24)
    figure = plot_dka_course(course)
    every_axes = [*figure.axes, *(child for ax in figure.axes for child in ax.child_axes)]
    labels = [ax.get_ylabel() for ax in every_axes]
    assert "glucose (mg/dL)" in labels and "glucose (mmol/L)" in labels and "pCO₂ (kPa)" in labels
    for ax in every_axes:  # the right-hand scales read the left-hand ones through the course's factors
        if ax.get_ylabel() == "glucose (mmol/L)":
            assert ax._functions[0](18.0 * 10) == pytest.approx(10.0)
        if ax.get_ylabel() == "pCO₂ (kPa)":
            assert ax._functions[0](units.MMHG_PER_KPA * 4) == pytest.approx(4.0)
    diagram = plot_blood_gases({"normal": (7.40, 40, 24)})
    isobars = [t.get_text() for t in diagram.axes[0].texts if "mmHg" in t.get_text()]
    assert isobars and all(re.fullmatch(rf"{NUMBER} mmHg\n\({NUMBER} kPa\)", t) for t in isobars)


# ----- the DKA figure's caption and the lines printed under it ----------------------------------
def test_the_dka_caption_and_the_printed_worst_point_agree():
    """Run the lesson's own cells: the figure's caption and the printed lines give one worst point."""
    cells = [_source(c) for c in _cells() if c["cell_type"] == "code"]
    figure_cell = next(s for s in cells if "plot_dka_course(course)" in s and "course = simulate_dka" in s)
    printed_cell = next(s for s in cells if "worst_point(course)" in s)
    captions = []
    namespace = {name: getattr(diabetes, name) for name in diabetes.__all__ if not name.endswith("explorer")}
    namespace.update(vars(units), show_figure=lambda _figure, caption: captions.append(caption),
                     plot_dka_course=lambda _course: None)
    exec(figure_cell, namespace)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(printed_cell, namespace)
    (caption,) = captions
    printed = out.getvalue()
    assert caption == describe_dka_course(namespace["course"])
    worst = worst_point(namespace["course"])
    said = re.search(r"at the worst point \((?P<t>[\d.]+) h\) glucose is (?P<glucose>.+?), bicarbonate (?P<hco3>[\d.]+) "
                     r"mmol/L, pCO2 (?P<pco2>.+?) and pH (?P<ph>[\d.]+) \((?P<severity>\w+) DKA\), while serum potassium "
                     r"reads (?P<k>[\d.]+) mmol/L although the body has lost (?P<deficit>\d+) mmol", caption)
    assert said, caption
    assert float(said["t"]) == worst["t_h"]
    assert f"At the worst point ({said['t']} h): glucose {said['glucose']}" in printed
    assert f"bicarbonate {said['hco3']} mmol/L" in printed
    assert f"pCO2 {said['pco2']}, pH {said['ph']}: {said['severity']} DKA" in printed
    assert f"serum K {said['k']} mmol/L, body deficit {said['deficit']} mmol" in printed
    stored = next(_printed(c) for c in _cells() if "worst_point(course)" in _source(c))
    assert stored == printed, "the lesson's stored output is what its cell prints"


# ----- self-checks ask for what the learner works out, not for what was just printed --------------
def _numbers(text: str) -> set[str]:
    """The measured values a text names (not "type 2" diabetes, not the consensus' year)."""
    text = re.sub(r"\btype [12]\b|\b2024\b", "", text)
    return set(re.findall(r"(?<![\w.])\d+(?:\.\d+)?", text))


def test_no_self_check_of_lesson_04_asks_about_what_the_six_cells_before_it_show():
    cells = _cells()
    questions = load_questions(LESSON)
    exercises = {m for c in cells for m in re.findall(r'check_exercise\("\w+", "([\w-]+)"', _source(c))}
    for number, cell in enumerate(cells):
        called = re.search(r'self_check\("\w+", "([\w-]+)"\)', _source(cell))
        if not called or called.group(1) in exercises:  # an exercise's self-check is its no-code path, by design
            continue
        question = questions[called.group(1)]
        asked = _numbers(question.prompt)
        for before in cells[max(0, number - 6):number]:
            shown = _source(before) + _printed(before)
            if question.kind == "number":
                assert not re.search(rf"(?<![\d.]){re.escape(f'{question.answer:g}')}(?![\d])", _printed(before)), (
                    f"{question.id}: its answer {question.answer:g} is printed just before it")
            if len(asked) >= 3:
                assert not asked <= _numbers(shown), f"{question.id}: the cell before it shows the same patient"
