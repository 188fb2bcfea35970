"""Units the course states, written once: what each measures and how it converts.

``UNITS`` maps a unit symbol (and the spellings a learner types) to the quantity it measures and
its size in that quantity's base unit, so a value converts between two units of the same
quantity by the ratio of their sizes. The clinical conversions that need a substance's molar
mass (glucose, calcium) are separate functions, each with its factor and source.

Sources: 1 mmHg = 101325/760 Pa = 133.3224 Pa (BIPM, The International System of Units, 9th ed. 2019, Table 8),
so 1 kPa = 7.50062 mmHg; glucose 180.16 g/mol, so 1 mmol/L = 18.0 mg/dL (the factor of the
2024 DKA consensus, Umpierrez et al. 2024, Diabetes Care 47:1257-1275); calcium 40.08 g/mol, so
1 mmol/L = 4.008 mg/dL (IUPAC standard atomic weight).

The lessons state a pressure, a glucose or a calcium in both units: the unit of the model's
API first, the other in brackets ("pCO2 20 mmHg (2.7 kPa)", "glucose 250 mg/dL (13.9 mmol/L)",
"calcium 2.40 mmol/L (9.6 mg/dL)"). :func:`pressure_both_units`, :func:`glucose_both_units` and
:func:`calcium_both_units` write those words, so every printed line, caption and explorer
readout converts here and nowhere else.
"""

from __future__ import annotations

from musclepain_lib.core.errors import InputError
from musclepain_lib.core.validation import check_number

__all__ = [
    "UNITS", "quantity_of", "convert", "mmhg_to_kpa", "kpa_to_mmhg",
    "glucose_mmol_to_mg_dl", "glucose_mg_dl_to_mmol", "calcium_mmol_to_mg_dl", "calcium_mg_dl_to_mmol",
    "MMHG_PER_KPA", "GLUCOSE_MG_DL_PER_MMOL", "CALCIUM_MG_DL_PER_MMOL",
    "pressure_both_units", "pressure_range_both_units", "glucose_both_units", "calcium_both_units",
]

MMHG_PER_KPA = 760.0 / 101.325  # 1 mmHg = 101325/760 Pa = 133.3224 Pa
GLUCOSE_MG_DL_PER_MMOL = 18.0
CALCIUM_MG_DL_PER_MMOL = 4.008

#: unit -> (quantity it measures, size in the quantity's base unit)
UNITS: dict[str, tuple[str, float]] = {
    "mmHg": ("pressure", 1.0), "kPa": ("pressure", MMHG_PER_KPA), "Pa": ("pressure", MMHG_PER_KPA / 1000.0),
    "h": ("time", 1.0), "min": ("time", 1.0 / 60.0), "s": ("time", 1.0 / 3600.0),
    "days": ("time", 24.0), "weeks": ("time", 168.0),
    "mV": ("voltage", 1.0), "V": ("voltage", 1000.0), "uV": ("voltage", 0.001),
    "mmol/L": ("amount concentration", 1.0), "umol/L": ("amount concentration", 0.001),
    "mol/L": ("amount concentration", 1000.0),
    "mg/dL": ("mass concentration", 1.0), "g/L": ("mass concentration", 100.0), "mg/L": ("mass concentration", 0.1),
    "Hz": ("frequency", 1.0), "kHz": ("frequency", 1000.0),
    "uA/cm2": ("current density", 1.0), "mA/cm2": ("current density", 1000.0),
    "U/L": ("enzyme activity", 1.0),
    "%": ("fraction", 1.0),
    "kg": ("mass", 1.0), "g": ("mass", 0.001),
    "L": ("volume", 1.0), "mL": ("volume", 0.001),
}


def quantity_of(unit: str) -> str | None:
    """The quantity a unit measures ("pressure" for kPa), or None for a unit the table lacks."""
    return UNITS[unit][0] if unit in UNITS else None


def convert(value, from_unit: str, to_unit: str) -> float:
    """``value`` in ``from_unit`` expressed in ``to_unit``; both must measure the same quantity."""
    value = check_number("value", value, unit=from_unit)
    for name, unit in (("from_unit", from_unit), ("to_unit", to_unit)):
        if unit not in UNITS:
            raise InputError(f"{name} = {unit!r} is not allowed: expected one of {', '.join(UNITS)}")
    (have, size_from), (want, size_to) = UNITS[from_unit], UNITS[to_unit]
    if have != want:
        raise InputError(f"from_unit = {from_unit!r} measures {have}, to_unit = {to_unit!r} measures {want}: "
                         "only units of the same quantity convert")
    return value * size_from / size_to


def mmhg_to_kpa(mmhg) -> float:
    """A pressure in mmHg as kPa (1 kPa = 7.50062 mmHg)."""
    return convert(mmhg, "mmHg", "kPa")


def kpa_to_mmhg(kpa) -> float:
    """A pressure in kPa as mmHg."""
    return convert(kpa, "kPa", "mmHg")


def glucose_mmol_to_mg_dl(mmol_l) -> float:
    """Glucose in mmol/L as mg/dL (x 18.0)."""
    return check_number("mmol_l", mmol_l, 0.0, 300.0, "mmol/L") * GLUCOSE_MG_DL_PER_MMOL


def glucose_mg_dl_to_mmol(mg_dl) -> float:
    """Glucose in mg/dL as mmol/L (/ 18.0)."""
    return check_number("mg_dl", mg_dl, 0.0, 5400.0, "mg/dL") / GLUCOSE_MG_DL_PER_MMOL


def calcium_mmol_to_mg_dl(mmol_l) -> float:
    """Calcium in mmol/L as mg/dL (x 4.008)."""
    return check_number("mmol_l", mmol_l, 0.0, 10.0, "mmol/L") * CALCIUM_MG_DL_PER_MMOL


def calcium_mg_dl_to_mmol(mg_dl) -> float:
    """Calcium in mg/dL as mmol/L (/ 4.008)."""
    return check_number("mg_dl", mg_dl, 0.0, 40.0, "mg/dL") / CALCIUM_MG_DL_PER_MMOL


def pressure_both_units(mmhg, digits: int = 0) -> str:
    """A pressure given in mmHg, written in both units: ``"40 mmHg (5.3 kPa)"``.

    ``digits`` are the decimals of the mmHg value; kPa always has one decimal, as blood-gas
    reports print it. The kPa value is converted from the exact mmHg, not the rounded one.
    """
    mmhg = check_number("mmhg", mmhg, unit="mmHg")
    return f"{mmhg:.{digits}f} mmHg ({mmhg_to_kpa(mmhg):.1f} kPa)"


def pressure_range_both_units(low_mmhg, high_mmhg, digits: int = 0) -> str:
    """A range of pressures in mmHg, written in both units: ``"27-31 mmHg (3.6-4.1 kPa)"``."""
    low = check_number("low_mmhg", low_mmhg, unit="mmHg")
    high = check_number("high_mmhg", high_mmhg, unit="mmHg")
    return (f"{low:.{digits}f}-{high:.{digits}f} mmHg "
            f"({mmhg_to_kpa(low):.1f}-{mmhg_to_kpa(high):.1f} kPa)")


def glucose_both_units(mg_dl, digits: int = 0) -> str:
    """A glucose given in mg/dL, written in both units: ``"250 mg/dL (13.9 mmol/L)"`` (mmol/L to one decimal)."""
    mg_dl = check_number("mg_dl", mg_dl, 0.0, 5400.0, "mg/dL")
    return f"{mg_dl:.{digits}f} mg/dL ({glucose_mg_dl_to_mmol(mg_dl):.1f} mmol/L)"


def calcium_both_units(mmol_l, digits: int = 2) -> str:
    """A calcium given in mmol/L, written in both units: ``"2.40 mmol/L (9.6 mg/dL)"`` (mg/dL to one decimal)."""
    mmol_l = check_number("mmol_l", mmol_l, 0.0, 10.0, "mmol/L")
    return f"{mmol_l:.{digits}f} mmol/L ({calcium_mmol_to_mg_dl(mmol_l):.1f} mg/dL)"
