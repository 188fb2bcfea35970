"""The reference tables of lesson 01: ion concentrations, lab ranges, medicines, drinks.

Each returns a fresh pandas DataFrame read from ``data/`` (checked on the first read);
every row names its source.
"""

from __future__ import annotations

from musclepain_lib.core.clinical import reference_interval
from musclepain_lib.core.data import load_table
from musclepain_lib.core.errors import DataFileError
from musclepain_lib.core.validation import check_choice, check_number

__all__ = [
    "EFFECTS",
    "ion_concentrations",
    "reference_ranges",
    "classify_lab",
    "medication_effects",
    "drinks",
]

#: The words the medicines table uses for an effect on an ion.
EFFECTS = ("down", "up", "none", "variable")
ION_COLUMNS = ("K", "Mg", "Ca", "Na")


def ion_concentrations(cell=None):
    """Free ion concentrations outside and inside a cell (mmol/L), one row per ion.

    Columns: ``cell`` (``"skeletal muscle"`` or ``"neuron"``), ``ion``, ``z``,
    ``c_out``, ``c_in``, ``unit``, ``published_e_mv`` (the equilibrium potential the
    source prints, where it prints one), ``note``, ``source``. ``cell=None`` gives all.

    Source: Hille B. Ion Channels of Excitable Membranes, 3rd ed. (Sinauer 2001),
    Table 1.1; Purves D et al. Neuroscience, 6th ed. (2018), Table 2.1.

    Limits: typical values; real cells differ, and intracellular chloride in particular
    varies between cell types.
    """
    table = load_table(
        "ion_concentrations.csv",
        required=("cell", "ion", "unit", "note"),
        numeric=("z", "c_out", "c_in"),
        optional_numeric=("published_e_mv",),
    )
    table["z"] = table["z"].astype(int)
    if cell is None:
        return table
    cell = check_choice("cell", cell, sorted(table["cell"].unique()))
    return table[table["cell"] == cell].reset_index(drop=True)


def reference_ranges():
    """Adult reference intervals, one row per analyte (one per sex where they differ).

    Columns: ``analyte`` (plain lower-case English), ``sex`` (``"female"`` or ``"male"``
    for an interval that differs by sex, empty otherwise), ``unit``, ``low``, ``high``,
    ``note``, ``source``. Ions in mmol/L, creatinine in umol/L, creatine kinase in U/L;
    the arterial blood-gas values and the anion gap of lesson 04 are here too.

    Source: per row (MSD Manual, UK Pathology Harmony, ADA 2024, Hew-Butler 2015,
    Mayo Clinic Laboratories, Berend et al. 2014, Kraut and Madias 2007).

    Limits: ranges vary between laboratories, methods and populations (about 95 % of
    healthy people fall inside); always read a result against the range its laboratory
    prints. Creatinine and creatine kinase differ by sex, so each has a row per sex.
    """
    table = load_table(
        "reference_ranges.csv", required=("analyte", "sex", "unit", "note"), numeric=("low", "high")
    )
    table["sex"] = table["sex"].str.strip()
    return table


def classify_lab(analyte, value, sex=None) -> str:
    """Whether a lab value is ``"low"``, ``"normal"`` or ``"high"`` for its reference range.

    ``analyte`` as named in :func:`reference_ranges` (``"sodium"``, ``"ionized calcium"``);
    ``value`` in that table's unit; ``sex`` (``"female"`` or ``"male"``) is required for
    an analyte whose interval differs by sex (creatinine, creatine kinase). The limits
    themselves count as normal.

    Source: the row of :func:`reference_ranges` for that analyte (and sex).

    Limits: a value just outside a range is often harmless, and one inside it is not
    always healthy (serum magnesium can be normal while the body is depleted). This
    classifies a number; it does not diagnose a person.
    """
    low, high, unit = reference_interval(analyte, sex)
    value = check_number("value", value, 0, None, unit)
    if value < low:
        return "low"
    if value > high:
        return "high"
    return "normal"


def medication_effects():
    """Drug classes and their usual effect on K, Mg, Ca and Na, and on muscle.

    Columns: ``drug_class``, ``examples``, ``K``, ``Mg``, ``Ca``, ``Na`` (each
    ``"down"``, ``"up"``, ``"none"`` or ``"variable"``), ``muscle``, ``how``, ``source``.
    Thiazides raise serum calcium (they keep calcium back in the kidney); loop
    diuretics lower it.

    Source: per row (Garrison et al. 2012 Arch Intern Med; FDA 2011 on proton-pump
    inhibitors; NEJM and other reviews).

    Limits: the usual direction of an effect, not its size or how often it happens; dose,
    duration, kidney function and other medicines decide that. Never a reason to start or
    stop a medicine: that is a decision for the prescriber.
    """
    table = load_table(
        "medications.csv", required=("drug_class", "examples", *ION_COLUMNS, "muscle", "how")
    )
    for column in ION_COLUMNS:
        unknown = sorted(set(table[column]) - set(EFFECTS))
        if unknown:
            raise DataFileError(f"medications.csv, column {column!r}: unknown effect {unknown[0]!r}")
    return table


def drinks():
    """Sodium and potassium (mmol/L) of water, a sports drink, oral rehydration solution
    and common intravenous fluids, one row per drink (columns ``drink``, ``na``, ``k``).

    Source: per row (Adrogue and Madias 2000; ACSM 2007; WHO 2006).

    Limits: typical compositions; brands of sports drink differ.
    """
    return load_table("electrolytes_drinks.csv", required=("drink", "unit", "note"), numeric=("na", "k"))
