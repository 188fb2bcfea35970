"""Numbers that question feedback, hints and explanations state are the numbers of the tables.

As tests/test_lesson_numbers.py does for the lessons' prose: each check names the question, the
words it shows, and the row of data/clinical_thresholds.csv, data/reference_ranges.csv or
data/diabetes_criteria.csv they must agree with.
"""

import json
import re
from pathlib import Path

from musclepain_lib.core.clinical import reference_interval, threshold
from musclepain_lib.diabetes import consensus_criteria

QUESTIONS = Path(__file__).resolve().parent.parent / "data" / "questions"


def _question(lesson: str, question_id: str) -> dict:
    bank = json.loads((QUESTIONS / f"{lesson}.json").read_text(encoding="utf-8"))
    questions = bank["questions"] if isinstance(bank, dict) else bank
    return next(q for q in questions if q["id"] == question_id)


def _words(question: dict) -> str:
    parts = [question["prompt"], question.get("explanation", ""), *question.get("hints", [])]
    parts += question.get("feedback", []) + [m["feedback"] for m in question.get("mistakes", [])]
    return " ".join(" ".join(part.split()) for part in parts)


def _all_words(pattern: str = "*") -> str:
    texts = []
    for path in sorted(QUESTIONS.glob(f"{pattern}.json")):
        bank = json.loads(path.read_text(encoding="utf-8"))
        texts += [_words(q) for q in (bank["questions"] if isinstance(bank, dict) else bank)]
    return " ".join(texts)


def test_the_ck_line_and_the_sex_specific_limits_are_the_tables():
    multiple = threshold("ck_study_multiple")
    women, men = reference_interval("creatine kinase", "female")[1], reference_interval("creatine kinase", "male")[1]
    question = _question("03_muscle_growth", "rhabdo-threshold")  # a woman's limit: the lesson prints the men's line
    assert question["answer"] == multiple * women
    assert f"{multiple:g} x {women:g} U/L = {multiple * women:g} U/L" in _words(question)
    assert f"as {women:g} U/L" in question["prompt"]
    assert {m["value"] for m in question["mistakes"]} == {women, 10 * women, multiple * men}
    uln = men
    assert f"upper reference limit ({uln:g} U/L)" in _words(_question("06_case_studies", "recruit-ck-multiple"))


def test_every_multiple_of_the_ck_limit_named_is_one_of_the_tables_lines():
    lines = {threshold("ck_study_multiple"), threshold("ck_specific_multiple")}
    sentences = [s for s in re.split(r"(?<=[.;:])\s", _all_words()) if re.search(r"\bCK\b|creatine kinase|rhabdo", s)]
    named = {float(m) for s in sentences for m in re.findall(r"(?:above|use) (\d+) times (?:the|that) (?:upper )?limit", s)}
    assert named and named <= lines, named - lines


def test_no_question_calls_the_ck_line_a_definition():
    assert not re.search(r"(?:usually|laboratory) defin\w+ \w* ?(?:from|uses) (?:above )?5", _all_words())


def test_the_gap_exercise_measures_from_the_usual_gap_of_the_table():
    question = _question("04_diabetic_ketoacidosis", "gap-exercise")
    usual = threshold("anion_gap_mean")
    rise = next(m for m in question["mistakes"] if "rise above" in m["feedback"])
    assert rise["value"] == question["answer"] - usual
    assert f"usual gap of about {usual:g} mmol/L" in rise["feedback"]


def test_the_insulin_potassium_line_is_the_potassium_reference_interval():
    low = reference_interval("potassium")[0]
    assert f"insulin waits while potassium is below {low:g} mmol/L" in _words(_question("06_case_studies", "dka-severity"))


def test_the_dka_severity_feedback_quotes_the_consensus_bands():
    c = consensus_criteria()
    words = _words(_question("06_case_studies", "dka-severity"))
    assert f"moderate: {c['moderate_ph_min']:.2f} to {c['mild_ph_above']:.2f}" in words
    assert f"moderate: {c['moderate_hco3_min']:g} to below {c['mild_hco3_min']:g}" in words
    assert f"Severe needs pH below {c['moderate_ph_min']:.2f} or bicarbonate below {c['moderate_hco3_min']:g} mmol/L" in words


def test_das28_bands_and_response_steps_named_in_feedback_are_the_tables():
    names = ("das28_remission_below", "das28_low_max", "das28_moderate_max", "eular_good_improvement",
             "eular_moderate_improvement")
    stated = {float(x) for x in re.findall(r"(?:above|up to|just above|below) (\d\.\d)\b", _all_words("05_*"))}
    assert {3.2, 5.1} <= stated <= {threshold(name) for name in names}, stated


def _mistake(question: dict, label: str) -> dict:
    return next(m for m in question["mistakes"] if m["label"] == label)


def _within(value: float, question_or_mistake: dict) -> bool:
    return abs(value - question_or_mistake.get("value", question_or_mistake.get("answer"))) <= question_or_mistake["tolerance"]


def test_lesson_02_rate_just_above_the_repetitive_threshold_and_its_mistakes_are_the_models():
    from musclepain_lib import cramps

    question = _question("02_cramps", "repetitive-threshold")
    assert "7 uA/cm2" in question["prompt"] and "after the first 100 ms" in question["prompt"]
    rate = cramps.firing_rate_hz(cramps.simulate_nerve(7.0, 500.0), after_ms=100.0)  # as the lesson's cell prints rates
    assert abs(question["answer"] - rate) < 0.05
    at_ten = cramps.firing_rate_hz(cramps.simulate_nerve(10.0, 500.0), after_ms=100.0)
    assert _within(at_ten * (7.0 - 6.26) / (10.0 - 6.26), _mistake(question, "rate rising from zero at threshold"))
    assert _within(at_ten * 0.7, _mistake(question, "rate proportional to current"))
    at_6_32 = cramps.firing_rate_hz(cramps.simulate_nerve(6.32, 500.0), after_ms=100.0)
    assert _within(at_6_32 + (at_ten - at_6_32) * (7.0 - 6.32) / (10.0 - 6.32), question), "reading between the printed rates counts"
    assert f"about {at_6_32:.0f} Hz at 6.32 uA/cm2 and {at_ten:.0f} Hz at 10 uA/cm2" in _words(question)


def test_lesson_02_shift_for_calcium_at_a_third_and_its_mistakes_are_the_models():
    import math

    from musclepain_lib import cramps

    question = _question("02_cramps", "halved-calcium")
    assert "from 1.2 to 0.4 mmol/L" in question["prompt"]
    assert question["answer"] == round(cramps.calcium_gating_shift(0.4), 1)
    per_decade = cramps.MV_PER_DECADE
    assert f"{per_decade:.1f} mV per ten-fold" in question["prompt"]
    assert _within(per_decade * (1 - 0.4 / 1.2), _mistake(question, "linear instead of per ten-fold"))
    assert _within(per_decade * math.log(1.2 / 0.4), _mistake(question, "ln for log10"))
    assert _within(cramps.calcium_gating_shift(0.6), _mistake(question, "the printed halving reused"))
    assert _within(-cramps.calcium_gating_shift(0.4), _mistake(question, "sign of the shift"))


def test_lesson_02_cramp_calcium_with_magnesium_a_little_low_is_the_models_and_the_explorers():
    from musclepain_lib import cramps
    from musclepain_lib.core.units import CALCIUM_MG_DL_PER_MMOL

    question = _question("02_cramps", "cramp-calcium")
    assert "0.6 mmol/L" in question["prompt"]
    assert question["answer"] == cramps.calcium_for_self_firing(0.6)
    assert _within(cramps.calcium_for_self_firing(), _mistake(question, "normal magnesium kept"))
    assert _within(cramps.calcium_for_self_firing(0.4), _mistake(question, "low magnesium kept"))
    assert _within(question["answer"] * CALCIUM_MG_DL_PER_MMOL, _mistake(question, "mg/dL for mmol/L"))
    assert f"below about {cramps.calcium_for_self_firing():.2f}" in question["explanation"]
    lab = cramps.cramp_explorer(magnesium=0.6).explorer  # the no-code way the prompt gives
    lab.set_values(ionized_ca=question["answer"])
    assert lab.reading.verdict.startswith("Cramp")
    lab.set_values(ionized_ca=round(question["answer"] + 0.01, 2))
    assert not lab.reading.verdict.startswith("Cramp")


def test_the_new_cases_of_self_checks_after_a_printed_example_are_the_models():
    from musclepain_lib.muscle_growth import banister_response_times

    question = _question("03_muscle_growth", "banister")  # the lesson prints the typical constants' 15.6 days
    back, peak = banister_response_times(k1=1, k2=2, tau1=45, tau2=10)
    assert "tau2 = 10 days" in question["prompt"] and abs(back - question["answer"]) < 0.05
    assert f"{peak:.1f} days" in question["explanation"]
    typical = banister_response_times(k1=1, k2=2, tau1=45, tau2=15)[0]
    assert any(abs(m["value"] - round(typical, 1)) < 1e-9 for m in question["mistakes"])
