"""SI units beside US units, course-wide: wherever a lesson's text, its code's printed words or
a question states a blood gas pressure, a glucose or a calcium, the other unit stands beside it,
converted by the course's one table (musclepain_lib.core.units)."""

import json
import re

import pytest

from musclepain_lib.core import manifest, units
from musclepain_lib.learner.questions import load_questions
from tests.test_diabetes_units import ANY_MG_DL, ANY_MMHG, GLUCOSE, PRESSURE, ROOT, _question_texts

NUMBER = r"\d+(?:\.\d+)?"
#: "calcium 0.6 mmol/L (2.4 mg/dL)", "Ca 1.20 mmol/L (4.8 mg/dL)", "Ca²⁺ 0.45-0.75 mmol/L (1.8-3.0 mg/dL)"
CALCIUM = re.compile(rf"(?:(?i:calcium)|\bCa\b|\bCa²⁺)[^\d\n.;:]{{0,25}}?(?<![\d.])({NUMBER})(?:-({NUMBER}))? mmol/L"
                     rf"(?: \(({NUMBER})(?:-({NUMBER}))? mg/dL\))?")


def lesson_texts(lesson) -> list[tuple[str, str]]:
    """(where, text) for each markdown cell and each code cell's source (its printed words)."""
    cells = json.loads((ROOT / "notebooks" / lesson.file).read_text(encoding="utf-8"))["cells"]
    return [(f"{lesson.file}, cell {number}", "".join(cell["source"])) for number, cell in enumerate(cells)]


def question_texts(lesson) -> list[tuple[str, str]]:
    return [(f"{lesson.id}/{q.id}", text) for q in load_questions(lesson.id).values() for text in _question_texts(q)]


def unit_problems(text: str) -> list[str]:
    """What in ``text`` states a pressure, glucose or calcium without its other unit, or with a wrong one."""
    found = []
    if len(ANY_MMHG.findall(text)) != len(PRESSURE.findall(text)):
        found.append("a pressure in mmHg without kPa beside it")
    for low, high, kpa_low, kpa_high in PRESSURE.findall(text):
        for mmhg, kpa in ((low, kpa_low), (high, kpa_high)):
            if mmhg and abs(units.mmhg_to_kpa(float(mmhg)) - float(kpa)) > 0.05 + 0.5 / units.MMHG_PER_KPA:
                found.append(f"{mmhg} mmHg is not {kpa} kPa")
    glucose = [m for m in ANY_MG_DL.finditer(text)  # mg/dL of another analyte (calcium, urea) is not a glucose
               if not re.search(r"(?i)calcium|\bCa\b|\bBUN\b|urea|creatinine|magnesium|\bCRP\b", text[max(0, m.start() - 40):m.start()])]
    if len(glucose) > len(GLUCOSE.findall(text)):
        found.append("a glucose in mg/dL without mmol/L beside it")
    for mg_dl, mmol in GLUCOSE.findall(text):
        if abs(units.glucose_mg_dl_to_mmol(float(mg_dl)) - float(mmol)) > 0.05 + 0.5 / units.GLUCOSE_MG_DL_PER_MMOL:
            found.append(f"{mg_dl} mg/dL glucose is not {mmol} mmol/L")
    for low, high, mg_low, mg_high in CALCIUM.findall(text):
        if not mg_low:
            found.append(f"calcium {low} mmol/L without mg/dL beside it")
        for mmol, mg_dl in ((low, mg_low), (high, mg_high)):
            if mmol and mg_dl and abs(units.calcium_mmol_to_mg_dl(float(mmol)) - float(mg_dl)) > 0.05 + 0.005 * 4.008:
                found.append(f"calcium {mmol} mmol/L is not {mg_dl} mg/dL")
    return found


def test_the_check_finds_a_missing_or_wrong_other_unit():
    assert unit_problems("ionized calcium 0.6 mmol/L") == ["calcium 0.6 mmol/L without mg/dL beside it"]
    assert unit_problems("ionized calcium 0.6 mmol/L (2.4 mg/dL)") == []
    assert unit_problems("Ca 1.20 mmol/L (5.8 mg/dL)") == ["calcium 1.20 mmol/L is not 5.8 mg/dL"]
    assert unit_problems("pCO2 40 mmHg") == ["a pressure in mmHg without kPa beside it"]
    assert unit_problems("glucose 250 mg/dL (13.9 mmol/L)") == []
    assert unit_problems("glucose 90 mg/dL") == ["a glucose in mg/dL without mmol/L beside it"]
    assert unit_problems("sodium 140 mmol/L, potassium 4.0 mmol/L") == []


@pytest.mark.parametrize("lesson", manifest.LESSONS, ids=[lesson.id for lesson in manifest.LESSONS])
def test_every_pressure_glucose_and_calcium_a_lesson_states_has_both_units(lesson):
    found = [f"{where}: {problem}" for where, text in [*lesson_texts(lesson), *question_texts(lesson)]
             for problem in unit_problems(text)]
    assert not found, "\n".join(found)


def test_calcium_in_both_units_reads_as_the_lessons_write_it_and_refuses_what_is_no_calcium():
    from musclepain_lib import InputError, cramps

    assert cramps.calcium_both_units(1.2) == "1.20 mmol/L (4.8 mg/dL)"
    assert cramps.calcium_both_units(0.6, 1) == "0.6 mmol/L (2.4 mg/dL)"
    for bad in (-0.1, 11.0, float("nan"), "1.2", None):
        with pytest.raises(InputError, match="mmol_l"):
            cramps.calcium_both_units(bad)
