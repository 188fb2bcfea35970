"""Every red flag's urgency comes from one sourced column of the symptom map, and the lessons and
question banks say the same: suspected diabetic ketoacidosis (vomiting with deep, fast breathing in
diabetes) is an emergency everywhere; a swollen calf alone is a same-day assessment, its signs of
pulmonary embolism an emergency (NICE NG158)."""

import json
import re
from pathlib import Path

import pytest

from musclepain_lib.core.errors import DataFileError, InputError
from musclepain_lib.learner import symptom_map as sm

ROOT = Path(__file__).resolve().parents[1]
#: Words that name a red flag in prose, by its row on the map.
KEYWORDS = {
    "Aching with thirst and fast breathing": ("ketoacidosis", "deep, fast breathing", "fast, deep breathing"),
    "One swollen hot calf": ("deep-vein thrombosis", "swollen, warm calf", "swollen hot calf"),
    "Dark urine after exertion": ("dark urine",),
}
SAYS = {"emergency": re.compile(r"emergenc", re.I), "same day": re.compile(r"same[- ]day", re.I)}
#: A sentence about a swollen calf that also names signs of pulmonary embolism may call those an emergency.
PE_SIGNS = re.compile(r"pulmonary embolism|breathless|chest pain|coughing blood", re.I)


def _course_sentences():
    texts = []
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        texts += ["".join(cell["source"]) for cell in json.loads(path.read_text())["cells"]]
    for path in sorted((ROOT / "data" / "questions").glob("*.json")):
        texts.append(path.read_text())
    for text in texts:
        yield from re.split(r"(?<=[.;])\s+|\n\s*\n|\\n|\",", text)


def test_the_map_gives_every_red_flag_a_sourced_urgency():
    table = sm.symptom_map()
    flagged = table.loc[table["red_flag"]]
    assert len(flagged) == 8
    assert (flagged["urgency_source"].str.len() > 10).all()
    assert sm.urgency_of("Aching with thirst and fast breathing") == "Emergency care, now"
    assert sm.urgency_of("One swollen hot calf") == "Doctor, same day"
    assert "NG158" in table.set_index("symptom").loc["One swollen hot calf", "urgency_source"]


def test_the_red_flag_list_puts_emergencies_first():
    urgencies = [sm.urgency_of(flag) for flag in sm.red_flags()]
    emergencies = urgencies.count("Emergency care, now")
    assert emergencies == 4 and set(urgencies[:emergencies]) == {"Emergency care, now"}


def test_a_symptom_that_is_no_red_flag_has_no_urgency():
    with pytest.raises(InputError, match="'Cramp' is not a red flag"):
        sm.urgency_of("Cramp")


def test_an_unknown_urgency_word_is_refused(monkeypatch):
    table = sm.load_table("symptom_map.csv")
    table.loc[0, "urgency"] = "whenever"
    table.loc[0, "urgency_source"] = "a source"
    monkeypatch.setattr(sm, "load_table", lambda *args, **kwargs: table.copy())
    with pytest.raises(DataFileError, match="row 2, column 'urgency': 'whenever'"):
        sm.symptom_map()


@pytest.mark.parametrize("symptom", sorted(KEYWORDS))
def test_lessons_and_questions_say_the_maps_urgency(symptom):
    urgency = sm.symptom_map().set_index("symptom").loc[symptom, "urgency"]
    wrong = {word: pattern for word, pattern in SAYS.items() if word != urgency}
    found = []
    for sentence in _course_sentences():
        sentence = " ".join(sentence.split())
        if not any(key in sentence.lower() for key in KEYWORDS[symptom]):
            continue
        for word, pattern in wrong.items():
            if pattern.search(sentence) and not (word == "emergency" and PE_SIGNS.search(sentence)):
                found.append(sentence.strip()[:160])
    assert found == [], f"these say other than the map's {urgency!r} for {symptom!r}"
