"""A lesson's tables show whole: no cell cut short with "..." (the tables of lessons 00, 01 and 03)."""

import pandas as pd

from musclepain_lib.learner.symptom_map import symptom_map
from musclepain_lib.learner.lesson import show_tables_whole
from musclepain_lib.electrolytes import reference_ranges
from musclepain_lib.muscle_growth import published_fits, strain_grades


def test_without_the_setting_a_long_cell_is_cut():
    table = symptom_map()[["symptom", "mechanism"]]
    with pd.option_context("display.max_colwidth", 50):
        assert "..." in table._repr_html_()


def test_the_lessons_tables_show_every_cell_whole():
    saved = {name: pd.get_option(name) for name in ("display.max_colwidth", "display.max_columns", "display.max_rows", "display.width")}
    try:
        show_tables_whole()
        tables = [
            symptom_map()[["symptom", "mechanism", "lesson", "urgency", "source"]],
            reference_ranges()[["analyte", "unit", "low", "high", "note"]],
            strain_grades()[["grade", "name", "what_is_torn", "layoff_mean_days", "layoff_sd_days"]],
            published_fits()[["quantity", "symbol", "estimate", "ci_low", "ci_high", "unit"]],
        ]
        for table in tables:
            shown = table._repr_html_() + repr(table)
            assert "..." not in shown and "…" not in shown
    finally:
        for name, value in saved.items():
            pd.set_option(name, value)
