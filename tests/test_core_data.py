"""Reference tables are found, checked, and a malformed one is reported by file, row and column."""

import pytest

from musclepain_lib import DataFileError
from musclepain_lib.core import data as data_module
from musclepain_lib.core.data import data_dir, load_table, read_checked_csv


def write(tmp_path, text, name="table.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_every_table_in_the_data_folder_names_a_source_on_every_row():
    tables = sorted(data_dir().glob("*.csv"))
    assert tables, "the course ships reference tables"
    for path in tables:
        rows = read_checked_csv(path)
        assert rows, f"{path.name} has no rows"


def test_a_good_table_reads_numbers_as_numbers(tmp_path):
    path = write(tmp_path, "analyte,unit,low,high,source\nsodium,mmol/L,135,145,MSD Manual\n")
    (row,) = read_checked_csv(path, numeric=("low", "high"))
    assert row["low"] == 135.0 and row["unit"] == "mmol/L"


def test_a_missing_column_names_the_file_and_column(tmp_path):
    path = write(tmp_path, "analyte,unit,low,source\nsodium,mmol/L,135,x\n")
    with pytest.raises(DataFileError, match=r"table.csv: row 1 \(header\): column 'high' is missing"):
        read_checked_csv(path, numeric=("low", "high"))


def test_a_value_that_is_not_a_number_names_file_row_and_column(tmp_path):
    path = write(tmp_path, "analyte,unit,low,high,source\nsodium,mmol/L,135,145,a\npotassium,mmol/L,3.5,five,b\n")
    with pytest.raises(DataFileError, match=r"table.csv: row 3, column 'high': 'five' is not a number"):
        read_checked_csv(path, numeric=("low", "high"))


def test_an_unknown_unit_names_file_row_and_column(tmp_path):
    path = write(tmp_path, "analyte,unit,low,high,source\nsodium,furlongs,135,145,a\n")
    with pytest.raises(DataFileError, match=r"table.csv: row 2, column 'unit': unknown unit 'furlongs'"):
        read_checked_csv(path, numeric=("low", "high"))


def test_a_row_without_a_source_is_refused(tmp_path):
    path = write(tmp_path, "analyte,unit,source\nsodium,mmol/L,\n")
    with pytest.raises(DataFileError, match=r"row 2, column 'source'"):
        read_checked_csv(path)


def test_a_row_with_too_many_values_is_refused(tmp_path):
    path = write(tmp_path, "analyte,unit,source\nsodium,mmol/L,a,extra\n")
    with pytest.raises(DataFileError, match="row 2"):
        read_checked_csv(path)


def test_load_table_returns_a_fresh_copy_each_time(tmp_path, monkeypatch):
    write(tmp_path, "analyte,unit,low,source\nsodium,mmol/L,135,a\n")
    monkeypatch.setattr(data_module, "data_dir", lambda: tmp_path)
    data_module._cached_table.cache_clear()
    try:
        first = load_table("table.csv", numeric=("low",))
        first.loc[0, "low"] = -1
        assert load_table("table.csv", numeric=("low",)).loc[0, "low"] == 135.0
    finally:
        data_module._cached_table.cache_clear()


def test_a_missing_file_says_which_and_where():
    with pytest.raises(FileNotFoundError, match="no data file 'nonexistent.csv'"):
        load_table("nonexistent.csv")
