"""The course's reference tables (CSV in ``data/``) and other data files.

Tables are found in an installed wheel (``musclepain_lib/data``) and, in a
checkout, in the repository's top-level ``data/`` folder. Every table has a
``source`` column, and every row names its source. A table is checked as it is
read: a missing column, a value that is not a number where one is needed, or an
unknown unit raises :class:`DataFileError` naming the file, row and column.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import math
from pathlib import Path

from musclepain_lib.core.errors import DataFileError

__all__ = ["KNOWN_UNITS", "data_dir", "data_path", "load_table", "load_json", "read_checked_csv"]

#: Units a table may use in a column named ``unit`` or ending in ``_unit``.
KNOWN_UNITS = frozenset(
    {
        "mmol/L", "umol/L", "nmol/L", "mEq/L", "mg/dL", "mg/L", "g/dL", "g/L",
        "U/L", "mOsm/kg", "mmHg", "mV", "ms", "Hz", "uA/cm2", "mS/cm2",
        "mm/h", "mm", "%", "%/h", "h", "days", "weeks", "years", "kg", "L", "L/h",
        "g/kg", "g", "degC", "score", "count", "ratio", "1", "mL/kg", "mmol/kg",
    }
)

_PACKAGE_DIR = Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    """Return the folder holding the course's data files (wheel first, then checkout)."""
    installed = _PACKAGE_DIR / "data"
    if installed.is_dir():
        return installed
    checkout = _PACKAGE_DIR.parent / "data"
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(
        f"the course data folder is missing: looked in {installed} and {checkout}"
    )


def data_path(name: str) -> Path:
    """Return the path of a data file, given its name relative to the data folder."""
    path = data_dir() / name
    if not path.is_file():
        raise FileNotFoundError(f"no data file {name!r} in {data_dir()}")
    return path


def read_checked_csv(
    path: Path,
    required: tuple[str, ...] = (),
    numeric: tuple[str, ...] = (),
    optional_numeric: tuple[str, ...] = (),
) -> list[dict]:
    """Read a CSV file into row dicts, checking columns, numbers, units and sources.

    ``numeric`` columns must hold a finite number in every row; ``optional_numeric``
    columns may be empty (read as NaN). Columns named ``unit`` or ``*_unit`` must
    hold a unit from :data:`KNOWN_UNITS`. Rows are numbered as in the file (the
    header is row 1).
    """
    name = Path(path).name
    raw = Path(path).read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        row = raw[: error.start].count(b"\n") + 1
        raise DataFileError(f"{name}: row {row}: is not UTF-8 text; save the table as UTF-8") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        header = reader.fieldnames or []
        for column in ("source", *required, *numeric, *optional_numeric):
            if column not in header:
                raise DataFileError(f"{name}: row 1 (header): column {column!r} is missing")
        rows = []
        for row_number, row in enumerate(reader, start=2):
            if None in row or any(value is None for value in row.values()):
                raise DataFileError(
                    f"{name}: row {row_number}: has {len(header)} columns in its header "
                    "but a different number of values here"
                )
            rows.append(_check_row(name, row_number, row, numeric, optional_numeric))
    except csv.Error as error:  # e.g. a field far longer than any table needs
        raise DataFileError(f"{name}: row {reader.line_num}: not readable as CSV ({error})") from None
    return rows


def _check_row(name, row_number, row, numeric, optional_numeric) -> dict:
    where = f"{name}: row {row_number}"
    if not row["source"].strip():
        raise DataFileError(f"{where}, column 'source': every row must name its source")
    checked = dict(row)
    for column in (*numeric, *optional_numeric):
        text = row[column].strip()
        if not text and column in optional_numeric:
            checked[column] = math.nan
            continue
        try:
            value = float(text)
        except ValueError:
            raise DataFileError(f"{where}, column {column!r}: {text!r} is not a number") from None
        if not math.isfinite(value):
            raise DataFileError(f"{where}, column {column!r}: {text!r} is not a finite number")
        checked[column] = value
    for column, value in row.items():
        if (column == "unit" or column.endswith("_unit")) and value.strip() not in KNOWN_UNITS:
            raise DataFileError(
                f"{where}, column {column!r}: unknown unit {value!r}; "
                f"known units are {', '.join(sorted(KNOWN_UNITS))}"
            )
    return checked


@functools.lru_cache(maxsize=None)
def _cached_table(name, required, numeric, optional_numeric):
    import pandas as pd

    rows = read_checked_csv(data_path(name), required, numeric, optional_numeric)
    with open(data_path(name), newline="", encoding="utf-8") as handle:
        columns = next(csv.reader(handle))
    return pd.DataFrame(rows, columns=columns)


def load_table(
    name: str,
    required: tuple[str, ...] = (),
    numeric: tuple[str, ...] = (),
    optional_numeric: tuple[str, ...] = (),
):
    """Return a checked table from the data folder as a new pandas DataFrame.

    ``name`` is the file name, e.g. ``"reference_ranges.csv"``. The file is read and
    checked once per session; each call returns a fresh copy that callers may change.
    """
    return _cached_table(name, tuple(required), tuple(numeric), tuple(optional_numeric)).copy()


@functools.lru_cache(maxsize=None)
def _cached_json_text(name: str) -> str:
    return data_path(name).read_text(encoding="utf-8")


def load_json(name: str):
    """Return the parsed contents of a JSON data file (a fresh object on each call)."""
    text = _cached_json_text(name)
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise DataFileError(
            f"{name}: row {error.lineno}, column {error.colno}: not valid JSON ({error.msg})"
        ) from None
