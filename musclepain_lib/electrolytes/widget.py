"""Explorers and figures of lesson 01: membrane potential, sweat and sodium, medicines.

Each explorer is a thin layer over the public model functions of
:mod:`musclepain_lib.electrolytes`: every change recomputes through them and redraws
one figure in place.
"""

from __future__ import annotations

import numpy as np
from matplotlib.ticker import MaxNLocator

from musclepain_lib.core.clinical import reference_interval
from musclepain_lib.core.explorer import Choice, Explorer, Preset, Reading, Slider
from musclepain_lib.core.manifest import topic
from musclepain_lib.core.plotting import PALETTE, moving, new_figure, set_limits
from musclepain_lib.core.validation import check_choice, check_number
from musclepain_lib.electrolytes.assess import NORMAL_K_OUT, assess_resting_potential, assess_serum_sodium
from musclepain_lib.electrolytes.model import ghk_potential, nernst, sodium_during_exercise
from musclepain_lib.electrolytes.tables import (
    classify_lab,
    drinks,
    ion_concentrations,
    medication_effects,
)

__all__ = list(topic(__name__).widget_names)

ION_COLORS = {"K": PALETTE["blue"], "Na": PALETTE["orange"], "Cl": PALETTE["green"], "Ca": PALETTE["purple"]}


def _range_of(analyte: str) -> tuple[float, float]:
    return reference_interval(analyte)[:2]


# ----- membrane potential ----------------------------------------------------------
MEMBRANE_CONTROLS = [
    Slider("k_out", "K⁺ outside", "mmol/L", 4.0, 1.0, 10.0, 0.1),
    Slider("k_in", "K⁺ inside", "mmol/L", 155.0, 100.0, 180.0, 1.0),
    Slider("na_out", "Na⁺ outside", "mmol/L", 145.0, 110.0, 170.0, 1.0),
    Slider("na_in", "Na⁺ inside", "mmol/L", 12.0, 5.0, 40.0, 1.0),
    Slider("cl_out", "Cl⁻ outside", "mmol/L", 123.0, 80.0, 140.0, 1.0),
    Slider("cl_in", "Cl⁻ inside", "mmol/L", 4.2, 2.0, 40.0, 0.1),
    Slider("temp_c", "Temperature", "°C", 37.0, 20.0, 42.0, 0.5),
    Slider("p_na", "Na:K permeability", "ratio", 0.01, 0.0, 0.2, 0.005),
    Slider("p_cl", "Cl:K permeability", "ratio", 0.0, 0.0, 3.0, 0.05),
]
MEMBRANE_PRESETS = (
    Preset(
        "normal_muscle",
        {},
        "Muscle at rest with the textbook ion concentrations (Hille): the resting potential near the potassium equilibrium potential",
    ),
    Preset(
        "hyperkalaemia",
        {"k_out": 7.0},
        "Potassium outside 7 mmol/L: the membrane depolarises",
    ),
    Preset(
        "hypokalaemia",
        {"k_out": 2.5},
        "Potassium outside 2.5 mmol/L: the model hyperpolarises (real muscle may depolarise: discuss)",
    ),
    Preset(
        "neuron",
        {"k_out": 5.0, "k_in": 140.0, "na_in": 12.0, "cl_out": 110.0, "cl_in": 10.0, "p_na": 0.05, "p_cl": 0.45},
        "A typical mammalian neuron (Purves, Table 2.1), with permeabilities 1 : 0.05 : 0.45",
    ),
)
MEMBRANE_BARS = ("K", "Na", "Cl", "V")


def _membrane_potentials(values) -> dict[str, float]:
    """Each ion's Nernst potential and the GHK resting potential, in mV."""
    out = {"K": values["k_out"], "Na": values["na_out"], "Cl": values["cl_out"]}
    inside = {"K": values["k_in"], "Na": values["na_in"], "Cl": values["cl_in"]}
    temp = values["temp_c"]
    result = {ion: nernst(out[ion], inside[ion], z, temp) for ion, z in (("K", 1), ("Na", 1), ("Cl", -1))}
    permeability = {"K": 1.0, "Na": values["p_na"], "Cl": values["p_cl"]}
    result["V"] = ghk_potential(out, inside, permeability, temp)
    return result


def _membrane_verdict(values) -> tuple[str, str]:
    """The model's judgement: the resting potential at this potassium against the same membrane at 4 mmol/L."""
    resting = lambda k_out: _membrane_potentials({**values, "k_out": k_out})["V"]  # noqa: E731
    return assess_resting_potential(values["k_out"], resting(values["k_out"]), resting(NORMAL_K_OUT))


def _membrane_setup(figure):
    axes = figure.subplots()
    normal = _membrane_potentials({spec.name: spec.default for spec in MEMBRANE_CONTROLS})
    x = np.arange(len(MEMBRANE_BARS))
    colors = [ION_COLORS["K"], ION_COLORS["Na"], ION_COLORS["Cl"], PALETTE["black"]]
    bars = axes.bar(x, [normal[k] for k in MEMBRANE_BARS], color=colors, width=0.6)
    (normal_marks,) = axes.plot(x, [normal[k] for k in MEMBRANE_BARS], linestyle="none", marker="_", markersize=38,
                                markeredgewidth=2.5, color=PALETTE["grey"], label="normal muscle (Hille)")
    labels = [axes.text(i, 0, "", ha="center", fontsize=11, fontweight="bold") for i in x]
    normals = [normal[k] for k in MEMBRANE_BARS]
    zero = axes.axhline(0, color="black", linewidth=0.8)
    # The bars move; the marks drawn over them are redrawn with them, in the same order.
    moving(*bars, normal_marks, *labels, zero)
    axes.set_xticks(x, ["E_K (Nernst)", "E_Na (Nernst)", "E_Cl (Nernst)", "resting V (GHK)"])
    axes.set_ylim(-160, 110)
    axes.set_ylabel("membrane potential (mV, inside)")
    axes.legend(loc="upper left")
    return {"bars": bars, "labels": labels, "normals": normals}


def _membrane_update(artists, values) -> Reading:
    potentials = _membrane_potentials(values)
    for bar, label, key, normal in zip(artists["bars"], artists["labels"], MEMBRANE_BARS, artists["normals"]):
        height = potentials[key]
        bar.set_height(height)
        label.set_text(f"{height:+.0f} mV")
        # beyond both the bar's end and the grey normal mark, so the number never sits on the mark
        label.set_y(max(height, normal) + 5 if height >= 0 else min(height, normal) - 17)
    normal_v = _membrane_potentials({spec.name: spec.default for spec in MEMBRANE_CONTROLS})["V"]
    description = (
        f"Bars: equilibrium potentials E_K {potentials['K']:+.1f}, E_Na {potentials['Na']:+.1f} and "
        f"E_Cl {potentials['Cl']:+.1f} mV, and the resting potential {potentials['V']:+.1f} mV "
        f"(grey marks: normal muscle, resting {normal_v:+.1f} mV) with K⁺ outside at {values['k_out']:g} mmol/L."
    )
    # The verdict isolates potassium: the same membrane with a normal 4 mmol/L outside.
    level, words = _membrane_verdict(values)
    low, high = _range_of("potassium")
    lab = (f"Serum potassium {values['k_out']:g} mmol/L would be reported {classify_lab('potassium', values['k_out'])} "
           f"(reference {low:g}-{high:g}).")
    return Reading(description, words, level, [lab])


def explorer(preset=None, **start_values):
    """Membrane explorer: ion concentrations set each Nernst potential and the GHK resting potential.

    Sliders for K, Na and Cl outside and inside (mmol/L), temperature (°C) and the
    Na:K and Cl:K permeability ratios. Grey marks show normal muscle (Hille's table).

    Presets for a class: ``MEMBRANE_PRESETS`` (each with a line saying what the class sees).
    """
    return Explorer.declared(
        __name__, "explorer", MEMBRANE_CONTROLS, _membrane_setup, _membrane_update,
        start_values=start_values, presets=MEMBRANE_PRESETS, preset=preset, figsize=(7.5, 4.4),
        # The lesson asks for K⁺ outside, then the Na:K permeability, and to add chloride's.
        key_controls=("k_out", "k_in", "na_out", "p_na", "p_cl"), verdict=_membrane_verdict,
    ).widget


# ----- sweat, drink and serum sodium -------------------------------------------------
SWEAT_CONTROLS = [
    Slider("weight_kg", "Body weight", "kg", 70.0, 40.0, 120.0, 1.0),
    Choice("sex", "Sex", ("male", "female"), "male"),
    Slider("hours", "Exercise time", "h", 4.0, 0.5, 8.0, 0.5),
    Slider("sweat_rate", "Sweat rate", "L/h", 1.0, 0.2, 2.5, 0.1),
    Slider("sweat_na", "Sweat sodium", "mmol/L", 50.0, 10.0, 90.0, 5.0),
    Choice("drink", "Drink", ("water", "sports drink"), "water"),
    Slider("drink_rate", "Drinking rate", "L/h", 0.8, 0.0, 1.8, 0.1),
]
SWEAT_PRESETS = (
    Preset(
        "over_drinking_marathon",
        {"weight_kg": 55.0, "sex": "female", "hours": 4.5, "sweat_rate": 0.6, "sweat_na": 40.0, "drink": "water", "drink_rate": 1.2},
        "A 55 kg runner drinking 1.2 L/h of water while sweating 0.6 L/h: sodium falls below 130 mmol/L",
    ),
    Preset(
        "hot_day_without_drinking",
        {"weight_kg": 70.0, "sex": "male", "hours": 3.0, "sweat_rate": 1.5, "sweat_na": 50.0, "drink_rate": 0.0},
        "Sodium rises while 4.5 kg of water is lost",
    ),
)


def _sweat_setup(figure):
    axes = figure.subplots()
    axes.axhspan(*_range_of("sodium"), color=PALETTE["green"], alpha=0.12, label="reference range")
    low = _range_of("sodium")[0]
    axes.axhline(low, color=PALETTE["vermillion"], linestyle="--", label=f"hyponatraemia below {low:g} mmol/L")
    (line,) = axes.plot([0, 1], [140, 140], color=PALETTE["blue"], label="serum sodium")
    (end,) = axes.plot([1], [140], marker="o", color=PALETTE["blue"])
    label = axes.text(0, 0, "", fontsize=11, fontweight="bold", ha="right", va="bottom")
    moving(line, end, label)
    axes.set_ylim(115, 160)
    # Fewer tick labels: text is most of the cost of a redraw.
    axes.set_yticks([115, 125, 135, 145, 155])
    axes.xaxis.set_major_locator(MaxNLocator(5, integer=True))
    axes.set_xlabel("time exercising (h)")
    axes.set_ylabel("serum sodium (mmol/L)")
    axes.legend(loc="upper left")
    return {"axes": axes, "line": line, "end": end, "label": label}


def _sweat_session(values):
    """The model's session for the control values (the drink's sodium and potassium from its table)."""
    drink = drinks().set_index("drink").loc[values["drink"]]
    return sodium_during_exercise(
        values["weight_kg"], values["sex"], values["hours"], values["sweat_rate"], values["sweat_na"],
        values["drink_rate"], float(drink["na"]), float(drink["k"]),
    )


def _sweat_verdict(values) -> tuple[str, str]:
    session = _sweat_session(values)
    return assess_serum_sodium(session.final_na, session.weight_change_kg, values["weight_kg"])


def _sweat_update(artists, values) -> Reading:
    session = _sweat_session(values)
    artists["line"].set_data(session.t_h, session.na)
    shown = float(np.clip(session.final_na, 116, 159))
    artists["end"].set_data([values["hours"]], [shown])
    artists["label"].set_position((values["hours"], shown + 0.8))
    artists["label"].set_text(f"{session.final_na:.1f}")
    set_limits(artists["axes"], xlim=(0, values["hours"] * 1.02))
    change = session.weight_change_kg
    description = (
        f"Serum sodium over {values['hours']:g} h of exercise, from 140 to {session.final_na:.1f} mmol/L, "
        f"for a {values['weight_kg']:g} kg {values['sex']} sweating {values['sweat_rate']:g} L/h "
        f"(sodium {values['sweat_na']:g} mmol/L) and drinking {values['drink_rate']:g} L/h of {values['drink']}; "
        f"body weight changes by {change:+.1f} kg."
    )
    level, words = assess_serum_sodium(session.final_na, change, values["weight_kg"])
    details = [f"Body weight change {change:+.1f} kg ({100 * change / values['weight_kg']:+.1f} % of body weight)."]
    return Reading(description, words, level, details)


def sweat_explorer(preset=None, **start_values):
    """Sweat and drink explorer: serum sodium through an exercise session.

    Body weight (kg), sex, hours of exercise, sweat rate (L/h), sweat sodium (mmol/L) and
    what is drunk (water or a sports drink) and how fast (L/h) give serum sodium by the
    Edelman mass balance, with the exercise-associated hyponatraemia line at 135 mmol/L.

    Presets for a class: ``SWEAT_PRESETS`` (each with a line saying what the class sees).
    """
    return Explorer.declared(
        __name__, "sweat_explorer", SWEAT_CONTROLS, _sweat_setup, _sweat_update,
        start_values=start_values, presets=SWEAT_PRESETS, preset=preset, figsize=(7.5, 4.2),
        # Every control: lesson 01's exercise sets the runner's weight, sex, time and sweat sodium.
        key_controls=("drink", "drink_rate", "sweat_rate", "sweat_na", "hours", "weight_kg", "sex"),
        verdict=_sweat_verdict,
    ).widget


# ----- medicines ---------------------------------------------------------------
ION_NAMES = {"K": "potassium", "Mg": "magnesium", "Ca": "calcium", "Na": "sodium"}
EFFECT_MARKS = (
    ("down", "v", 11, PALETTE["blue"], "lowers"),
    ("up", "^", 11, PALETTE["vermillion"], "raises"),
    ("variable", "D", 7, PALETTE["orange"], "varies"),
    ("none", "_", 10, PALETTE["grey"], "no usual effect"),
)
MEDICINE_CONTROLS = [
    Choice("ion", "Ion", ("any", "K", "Mg", "Ca", "Na"), "any",
           labels=("any ion", "potassium", "magnesium", "calcium", "sodium")),
    Choice("effect", "Effect", ("any", "down", "up"), "any", labels=("any change", "lowers", "raises")),
]
MEDICINE_PRESETS = (
    Preset(
        "lower_magnesium",
        {"ion": "Mg", "effect": "down"},
        "The medicines that lower magnesium (diuretics, proton-pump inhibitors and others)",
    ),
    Preset(
        "raise_calcium",
        {"ion": "Ca", "effect": "up"},
        "The medicines that raise calcium (thiazides and lithium)",
    ),
)


def filter_medicines(table, ion: str, effect: str):
    """Rows of the medicines table that change ``ion`` (or any ion) in direction ``effect``.

    With ``ion`` and ``effect`` both ``"any"`` every row is kept, statins included.
    """
    if ion == "any" and effect == "any":
        return table.reset_index(drop=True)
    columns = list(ION_NAMES) if ion == "any" else [ion]
    wanted = ["down", "up", "variable"] if effect == "any" else [effect]
    return table[table[columns].isin(wanted).any(axis=1)].reset_index(drop=True)


def _medicine_setup(figure):
    axes = figure.subplots()
    rows = len(medication_effects())
    columns = np.arange(len(ION_NAMES))
    axes.set_xlim(-3.2, len(ION_NAMES) - 0.5)
    axes.set_ylim(rows - 0.5, -1.3)
    axes.axis("off")
    for x, ion in zip(columns, ION_NAMES.values()):
        axes.text(x, -0.9, ion, fontweight="bold", ha="center", fontsize=10)
    names = [axes.text(-0.5, row, "", ha="right", va="center", fontsize=9.5) for row in range(rows)]
    # Shapes as well as colours tell the effects apart, so no one needs to see colour.
    marks = {
        effect: axes.plot([], [], linestyle="none", marker=marker, markersize=size, color=color, label=label)[0]
        for effect, marker, size, color, label in EFFECT_MARKS
    }
    axes.legend(loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=4, handletextpad=0.3)
    return {"names": names, "marks": marks}


def _medicine_update(artists, values) -> Reading:
    shown = filter_medicines(medication_effects(), values["ion"], values["effect"])
    for row, name in enumerate(artists["names"]):
        name.set_text(shown.loc[row, "drug_class"] if row < len(shown) else "")
    for effect, line in artists["marks"].items():
        rows, columns = np.nonzero(shown[list(ION_NAMES)].to_numpy() == effect)
        line.set_data(columns, rows)
    what = "any ion" if values["ion"] == "any" else ION_NAMES[values["ion"]]
    how = {"any": "change", "down": "lower", "up": "raise"}[values["effect"]]
    if shown.empty:
        return Reading(f"No medicine in the table usually {how}s {what}.", "", "note")
    which = (f"all {len(shown)} medicine groups" if values["ion"] == values["effect"] == "any"
             else f"the {len(shown)} medicine groups that usually {how} {what}")
    description = (
        f"Table of {which}: "
        f"{', '.join(shown['drug_class'])}. Triangles pointing down or up show the usual effect on each ion."
    )
    details = [f"{r.drug_class} ({r.examples}): muscle: {r.muscle}. Source: {r.source}" for r in shown.itertuples()]
    verdict = "The usual direction of an effect, not its size; never a reason to stop a medicine without the prescriber."
    return Reading(description, verdict, "note", details)


def medicines_explorer(preset=None, **start_values):
    """Medicines explorer: a table of drug groups and their usual effect on K, Mg, Ca and Na.

    Filter by ion (any, potassium, magnesium, calcium, sodium) and by effect (any change,
    lowers, raises); with both on "any" the whole table shows. The list folded under
    the figure ("Examples, muscle effects and sources") gives them for each row shown.

    Presets for a class: ``MEDICINE_PRESETS`` (each with a line saying what the class sees).
    """
    return Explorer.declared(
        __name__, "medicines_explorer", MEDICINE_CONTROLS, _medicine_setup, _medicine_update,
        start_values=start_values, presets=MEDICINE_PRESETS, preset=preset, figsize=(7.5, 5.6),
        details_title="Examples, muscle effects and sources",
    ).widget


# ----- static figures of the lesson -------------------------------------------------
def plot_equilibrium_potentials(cell="skeletal muscle"):
    """Bar chart of each ion's Nernst potential for a cell from the ion table (37 °C).

    Black marks show the values the source prints (Hille's Table 1.1 for muscle).
    """
    cell = check_choice("cell", cell, ion_concentrations()["cell"].unique())
    table = ion_concentrations(cell)
    figure, axes = new_figure(7.0, 3.8)
    potentials = [nernst(r.c_out, r.c_in, r.z) for r in table.itertuples()]
    x = np.arange(len(table))
    axes.bar(x, potentials, color=[ION_COLORS[ion] for ion in table["ion"]], width=0.6)
    axes.plot(x, table["published_e_mv"], linestyle="none", marker="_", markersize=34,
              markeredgewidth=2.5, color="black", label="printed in the source")
    for i, value in zip(x, potentials):
        axes.text(i, value + (5 if value > 0 else -16), f"{value:+.0f} mV", ha="center", fontweight="bold")
    axes.axhline(0, color="black", linewidth=0.8)
    axes.set_xticks(x, [f"E_{ion}" for ion in table["ion"]])
    axes.set_ylabel("equilibrium potential (mV)")
    axes.set_ylim(-130, 160)
    axes.set_title(f"Nernst potentials, {cell}")
    if table["published_e_mv"].notna().any():
        axes.legend(loc="upper left")
    return figure


def plot_potassium_and_resting_potential(p_na=0.01):
    """E_K and the GHK resting potential of muscle against external potassium (log scale).

    The green band is the serum potassium reference range; ``p_na`` is the Na:K
    permeability ratio, from 0 to 1000 as :func:`ghk_potential` allows (other
    concentrations from Hille's table).
    """
    p_na = check_number("p_na", p_na, 0.0, 1000.0, "(Na:K permeability ratio)")
    muscle = ion_concentrations("skeletal muscle").set_index("ion")
    k_out = np.geomspace(1.0, 12.0, 80)
    inside = {"K": muscle.loc["K", "c_in"], "Na": muscle.loc["Na", "c_in"]}
    e_k = [nernst(k, inside["K"], 1) for k in k_out]
    v_rest = [ghk_potential({"K": k, "Na": muscle.loc["Na", "c_out"]}, inside, {"K": 1, "Na": p_na}) for k in k_out]
    figure, axes = new_figure(7.0, 3.8)
    axes.axvspan(*_range_of("potassium"), color=PALETTE["green"], alpha=0.15, label="serum K reference range")
    axes.plot(k_out, e_k, color=ION_COLORS["K"], label="E_K (Nernst)")
    axes.plot(k_out, v_rest, color=PALETTE["black"], linestyle="--", label=f"resting V (GHK, PNa:PK {p_na:g})")
    axes.set_xscale("log")
    axes.set_xticks([1, 2, 3.5, 5, 7, 10], ["1", "2", "3.5", "5", "7", "10"])
    axes.set_xlabel("potassium outside the cell (mmol/L, log scale)")
    axes.set_ylabel("membrane potential (mV)")
    axes.legend(loc="lower right")
    return figure
