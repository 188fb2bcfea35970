"""The no-code path of each exercise: the explorer the lesson names shows the value the self-check wants.

A learner who does not program sets the explorer as the lesson says, reads the value off it
and types it into the number self-check; that value must count as right.
"""

import json
import re

import pytest

from musclepain_lib import arthritis, cramps, diabetes, electrolytes, muscle_growth
from musclepain_lib.core.selfcheck import check_answer, load_questions

NUMBER = r"([-+]?\d+(?:\.\d+)?)"

# (lesson, question, explorer, its settings as the lesson gives them, the words the value follows)
PATHS = [
    ("01_electrolytes", "ek-hypokalaemia", electrolytes.explorer, {"k_out": 2.5}, r"E_K "),
    ("01_electrolytes", "marathon-sodium", electrolytes.sweat_explorer,
     {"weight_kg": 55.0, "sex": "female", "hours": 4.5, "sweat_rate": 0.6, "sweat_na": 40.0, "drink": "water",
      "drink_rate": 1.2}, r"from 140 to "),
    ("02_cramps", "rate-at-15", cramps.explorer, {"current_ua_cm2": 15.0}, r"spikes at "),
    ("02_cramps", "shift-low-magnesium", cramps.explorer, {"ionized_ca": 0.9, "magnesium": 0.4}, r"gates shifted "),
    ("03_muscle_growth", "protein-low-gain", muscle_growth.protein_explorer,
     {"sessions_per_week": 3, "protein_g_per_kg": 0.8, "weeks": 12}, r"mass change after 12 weeks "),
    ("03_muscle_growth", "plan-day-after", muscle_growth.explorer,
     {"sessions_per_week": 3, "load": 80.0, "weeks": 8, "taper_days": 0}, r"performance is "),
    ("04_diabetic_ketoacidosis", "ph-kussmaul", diabetes.blood_gas_explorer, {"hco3": 8.0, "pco2_mmhg": 20.0}, r"\(pH "),
    ("04_diabetic_ketoacidosis", "gap-exercise", diabetes.blood_gas_explorer,
     {"na": 136.0, "cl": 100.0, "hco3": 9.0, "with_electrolytes": True}, r"anion gap "),
    ("05_rheumatoid_arthritis", "das28-now", arthritis.response_explorer,
     {"now_tjc28": 5, "now_sjc28": 2, "now_esr_mm_h": 28, "now_global_health": 40}, r"to "),
    ("05_rheumatoid_arthritis", "acr-points", arthritis.classification_explorer,
     {"large_joints": 1, "small_joints": 3, "serology": "low", "acute_phase_abnormal": True, "duration_weeks": 8},
     r"total "),
]


@pytest.mark.parametrize("lesson, question, make, settings, label", PATHS, ids=[p[1] for p in PATHS])
def test_the_value_read_off_the_explorer_answers_the_self_check(lesson, question, make, settings, label):
    lab = make(**settings).explorer
    assert lab.last_error is None
    found = re.search(label + NUMBER, lab.reading.description)
    assert found, lab.reading.description
    correct, feedback = check_answer(load_questions(lesson)[question], float(found.group(1)))
    assert correct, f"{question}: the explorer shows {found.group(1)}; {feedback}"


def test_every_exercise_of_lessons_01_to_05_has_its_no_code_path_here():
    from test_versions import PRACTISED, _checked  # the exercise checks as the lessons write them

    checked = {
        (lesson, question)
        for path in PRACTISED if path.name < "06"
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]
        for lesson, question, _name in _checked(cell)
    }
    assert checked == {(p[0], p[1]) for p in PATHS}
