"""The clinical rules tables: one home for each reference interval and threshold, each sourced."""

import csv
from collections import Counter

import pytest

from musclepain_lib import InputError
from musclepain_lib.core.clinical import reference_interval, sex_specific, threshold, threshold_meaning
from musclepain_lib.core.data import data_path


def _rows(name):
    with open(data_path(name), newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_each_threshold_has_one_row_with_a_meaning_and_a_source():
    rows = _rows("clinical_thresholds.csv")
    assert not [name for name, count in Counter(r["name"] for r in rows).items() if count > 1]
    assert all(len(r["source"]) > 20 and r["meaning"].strip() for r in rows)


def test_each_analyte_has_one_interval_or_one_per_sex():
    keys = Counter((r["analyte"], r["sex"]) for r in _rows("reference_ranges.csv"))
    assert max(keys.values()) == 1
    for analyte in {a for a, _ in keys}:
        sexes = {s for a, s in keys if a == analyte}
        assert sexes in ({""}, {"female", "male"}), analyte


def test_published_values_of_the_thresholds():
    # Winter's formula (Albert, Dell and Winters 1967): pCO2 = 1.5 x HCO3 + 8 +/- 2 mmHg
    assert (threshold("winters_slope"), threshold("winters_intercept"), threshold("winters_tolerance")) == (1.5, 8, 2)
    # CK: 5 x the limit is the convention of studies; Kenney et al. 2012 found 50 x more specific
    assert (threshold("ck_study_multiple"), threshold("ck_specific_multiple")) == (5, 50)
    # Anion gap with ion-selective electrodes: about 3-11 mmol/L, mean near 7 (Kraut and Madias 2007)
    low, high, unit = reference_interval("anion gap")
    assert (low, high, unit) == (3, 11, "mmol/L") and low < threshold("anion_gap_mean") < high
    # EULAR response (van Gestel 1996) and the DAS28 bands (das-score.nl)
    assert (threshold("eular_good_improvement"), threshold("eular_moderate_improvement")) == (1.2, 0.6)
    assert [threshold(f"das28_{n}") for n in ("remission_below", "low_max", "moderate_max")] == [2.6, 3.2, 5.1]
    assert threshold("sodium_correction_limit_24h") == 10
    assert "urine" not in threshold_meaning("ck_study_multiple") and "not a definition" in threshold_meaning("ck_study_multiple")


def test_sex_specific_analytes_are_creatinine_and_creatine_kinase():
    analytes = {r["analyte"] for r in _rows("reference_ranges.csv")}
    assert {a for a in analytes if sex_specific(a)} == {"creatinine", "creatine kinase"}


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: threshold("normal gap"), "name"),
        (lambda: reference_interval("salt"), "analyte"),
        (lambda: reference_interval("creatinine"), "sex"),
        (lambda: reference_interval("creatinine", "w"), "sex"),
        (lambda: reference_interval("sodium", 3), "sex"),
        (lambda: sex_specific(None), "analyte"),
    ],
)
def test_unknown_names_are_refused_naming_the_argument(call, name):
    with pytest.raises(InputError, match=rf"^{name} = "):
        call()
