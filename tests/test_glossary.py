"""The glossary covers the lessons' technical words, and no lesson uses one before it is explained."""

import pytest

from musclepain_lib import InputError
from musclepain_lib.learner.glossary import glossary, glossary_table, term_pattern
from musclepain_lib.core.manifest import LESSONS, lesson_ids
from tools.lesson_text import NOTEBOOKS, abbreviations, first_uses, glossary_cell, prose_cells

TABLE = glossary_table()
PATTERNS = {row.term: term_pattern(row.term, row.also) for row in TABLE.itertuples()}
FIRST_USES = first_uses(PATTERNS)
ORDER = {lesson_id: number for number, lesson_id in enumerate(lesson_ids())}


def test_every_entry_has_a_definition_in_plain_words():
    for row in TABLE.itertuples():
        assert row.definition.strip().endswith("."), row.term
        assert 3 <= len(row.definition.split()) <= 45, f"{row.term}: keep a definition short"
    assert TABLE["term"].is_unique


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda l: l.id)
def test_every_abbreviation_in_a_lesson_is_in_the_glossary(lesson):
    missing = set()
    for _number, text in prose_cells(NOTEBOOKS / lesson.file):
        covered = [m.span() for pattern in PATTERNS.values() for m in pattern.finditer(text)]
        for match in abbreviations(text):
            if not any(start <= match.start() and match.end() <= end for start, end in covered):
                missing.add(match.group())
    assert not missing, f"{lesson.file} uses {sorted(missing)}: add them to data/glossary.csv"


def test_every_glossary_term_is_used_and_listed_under_the_lesson_that_first_uses_it():
    for row in TABLE.itertuples():
        assert row.term in FIRST_USES, f"{row.term!r} is in the glossary but no lesson uses it"
        first_lesson = FIRST_USES[row.term][0]
        assert row.lesson == first_lesson, (
            f"{row.term!r} is first used in {first_lesson}, but the glossary says {row.lesson} introduces it"
        )


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda l: l.id)
def test_no_term_is_used_before_it_is_defined_or_listed(lesson):
    listed_at = glossary_cell(NOTEBOOKS / lesson.file, lesson.id)
    assert listed_at is not None, f"{lesson.file} does not show its glossary words"
    early = [
        f"{term} (cell {cell})"
        for term, (where, cell, defined) in FIRST_USES.items()
        if where == lesson.id and cell < listed_at and not defined
    ]
    assert not early, f"{lesson.file} uses these before they are defined or listed: {', '.join(early)}"


def test_the_flagged_terms_are_covered():
    flagged = ["BUN", "osmotic demyelination", "beta-2 agonists", "antidiuretic hormone", "muscle spindles",
               "Golgi tendon organs", "T-tubules", "fasciculations", "refractory", "systolic", "sarcomeres",
               "myoglobin", "AU", "tau1", "ADA", "EASD", "JBDS", "AACE", "DTS", "beta-hydroxybutyrate",
               "SGLT2 inhibitor", "pCO2", "mmHg", "mg/dL", "citrullinated", "ACR/EULAR", "MTP", "serology",
               "acute-phase reactants", "ULN"]
    for word in flagged:
        assert any(p.fullmatch(word) for p in PATTERNS.values()), word


def test_the_welcome_lesson_shows_the_whole_glossary_and_each_lesson_its_own_words():
    whole = glossary()
    assert len(whole.table) == len(TABLE) and "<table" in whole._repr_html_()
    cramps = glossary("02_cramps").table
    assert len(cramps) and set(cramps["lesson"]) == {"02_cramps"}
    assert "..." not in whole._repr_html_()


def test_an_unknown_lesson_is_refused_by_name():
    with pytest.raises(InputError, match="lesson"):
        glossary("99_nothing")


#: Words a first-year reader met before any definition (issue 27), each with the lesson that first uses it.
MET_UNDEFINED = {
    "hyperpolarised": "01_electrolytes", "hyperpolarises": "01_electrolytes", "RT/F": "01_electrolytes",
    "conductance": "02_cramps", "mS/cm²": "02_cramps", "mS/cm2": "02_cramps", "albumin": "02_cramps",
    "parathyroid hormone": "02_cramps", "acetylcholine": "02_cramps",
    "confidence interval": "03_muscle_growth", "glucagon": "04_diabetic_ketoacidosis",
    "T cells": "05_rheumatoid_arthritis", "macrophages": "05_rheumatoid_arthritis",
}


@pytest.mark.parametrize("word, lesson", MET_UNDEFINED.items(), ids=list(MET_UNDEFINED))
def test_each_word_a_reader_met_undefined_is_in_the_glossary_under_the_lesson_that_first_uses_it(word, lesson):
    rows = [row for row in TABLE.itertuples() if PATTERNS[row.term].fullmatch(word)]
    assert len(rows) == 1, f"{word!r} is not in data/glossary.csv (or is there twice)"
    assert rows[0].lesson == lesson == FIRST_USES[rows[0].term][0], (
        f"{word!r}: the glossary files it under {rows[0].lesson}; the course first uses it in "
        f"{FIRST_USES[rows[0].term][0]}"
    )


def test_no_lesson_uses_a_term_before_the_lesson_the_glossary_files_it_under_objectives_included():
    """A lesson's opening cell counts here too: an earlier lesson's objectives are read before the term's lesson."""
    early = []
    for row in TABLE.itertuples():
        for lesson in LESSONS:
            if ORDER[lesson.id] >= ORDER[row.lesson]:
                break
            early += [f"{row.term} ({lesson.id}, cell {number})"
                      for number, text in prose_cells(NOTEBOOKS / lesson.file) if PATTERNS[row.term].search(text)]
    assert not early, f"used before the lesson data/glossary.csv gives: {', '.join(early)}"


def test_a_question_s_feedback_on_an_anticipated_mistake_counts_as_a_use():
    from tools.lesson_text import code_words

    words = code_words('self_check("02_cramps", "shift-low-magnesium")')
    assert "That is the shift from the low calcium alone" in words
