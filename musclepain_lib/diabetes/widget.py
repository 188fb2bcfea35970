"""Explorers and figures of lesson 04: the DKA time course and the blood-gas reader.

Both explorers are thin layers over the public model functions of
:mod:`musclepain_lib.diabetes`: every change recomputes through them and redraws one
figure in place.
"""

from __future__ import annotations

import numpy as np
from matplotlib.patches import Rectangle
from matplotlib.ticker import MaxNLocator

from musclepain_lib.core.clinical import reference_interval
from musclepain_lib.core.errors import InputError
from musclepain_lib.core.explorer import Choice, Explorer, Preset, Reading, Slider, Toggle
from musclepain_lib.core.manifest import topic
from musclepain_lib.core.plotting import PALETTE, blank_figure, moving, style
from musclepain_lib.core.units import (
    GLUCOSE_MG_DL_PER_MMOL, MMHG_PER_KPA, glucose_both_units, mmhg_to_kpa, pressure_both_units,
)
from musclepain_lib.diabetes.dka_course import NORMAL_PCO2, DKACourse, assess_dka_course, describe_dka_course, simulate_dka, worst_index
from musclepain_lib.diabetes.model import (
    NORMAL_RANGES,
    assess_blood_gas,
    bicarbonate_from_ph,
    consensus_criteria,
    ph_from_bicarbonate,
    read_blood_gas,
    winters_expected_pco2,
)

__all__ = list(topic(__name__).widget_names)

COURSE_HOURS = 48.0
SEVERITY_COLORS = {"mild": PALETTE["yellow"], "moderate": PALETTE["orange"], "severe": PALETTE["vermillion"]}
POTASSIUM_NORMAL = reference_interval("potassium")[:2]


# ----- the DKA time course ---------------------------------------------------------------
COURSE_CONTROLS = [
    Slider("insulin_deficit_pct", "Insulin action missing", "%", 100.0, 0.0, 100.0, 5.0),
    Slider("fluid_intake_l_h", "Drinking", "L/h", 0.05, 0.0, 0.5, 0.05),
    Slider("compensation_pct", "Breathing compensation", "% of Winter's", 100.0, 0.0, 100.0, 10.0),
    Toggle("treatment", "Treatment given", True),
    Slider("treatment_start_h", "Treatment starts at", "h", 24.0, 1.0, 46.0, 1.0),
    Toggle("iv_fluids", "Fluids with treatment", True),
    Toggle("potassium_replacement", "Potassium with treatment", True),
    Toggle("sglt2_inhibitor", "Takes an SGLT2 inhibitor", False),
]
COURSE_PRESETS = (
    Preset(
        "kussmaul",
        {"compensation_pct": 100.0, "treatment": False},
        "Untreated DKA with breathing compensating fully (Kussmaul breathing)",
    ),
    Preset(
        "normal_breathing",
        {"compensation_pct": 0.0, "treatment": False},
        f"The same insulin lack with breathing unchanged at pCO2 {pressure_both_units(NORMAL_PCO2)}: "
        "how much pH the lungs save",
    ),
    Preset(
        "no_potassium",
        {"treatment_start_h": 24.0, "potassium_replacement": False},
        "Treatment at 24 h with insulin but no potassium: serum potassium falls",
    ),
    Preset(
        "euglycaemic",
        {"insulin_deficit_pct": 90.0, "sglt2_inhibitor": True, "treatment_start_h": 16.0},
        "An SGLT2 inhibitor keeps glucose low while ketones rise",
    ),
)


def _course_from(values) -> DKACourse:
    return simulate_dka(
        hours=COURSE_HOURS,
        insulin_deficit=values["insulin_deficit_pct"] / 100.0,
        fluid_intake_l_h=values["fluid_intake_l_h"],
        compensation=values["compensation_pct"] / 100.0,
        treatment_start_h=values["treatment_start_h"] if values["treatment"] else None,
        iv_fluids=values["iv_fluids"],
        potassium_replacement=values["potassium_replacement"],
        sglt2_inhibitor=values["sglt2_inhibitor"],
    )


def _course_verdict(values) -> tuple[str, str]:
    return assess_dka_course(_course_from(values))


def _course_setup(figure):
    axes = figure.subplots(2, 2, sharex=True)
    (a_glucose, a_acid), (a_ph, a_k) = axes
    criteria = consensus_criteria()
    empty = np.zeros(2)
    lines = {}

    def line(ax, key, color, label, style_="-"):
        (lines[key],) = ax.plot(empty, empty, style_, color=color, label=label)

    line(a_glucose, "glucose", PALETTE["blue"], "glucose")
    a_glucose.axhline(criteria["dka_glucose_min"], color=PALETTE["grey"], linestyle=":", linewidth=1.2)
    a_glucose.set(ylim=(0, 1000), ylabel="glucose (mg/dL)")
    # The same curve read in SI units on the right: mmol/L = mg/dL / 18.0 (core.units).
    a_glucose.secondary_yaxis("right", functions=(_mg_dl_to_mmol, _mmol_to_mg_dl)).set_ylabel("glucose (mmol/L)")
    line(a_acid, "bohb", PALETTE["purple"], "β-hydroxybutyrate (mmol/L)")
    line(a_acid, "hco3", PALETTE["green"], "bicarbonate (mmol/L)")
    line(a_acid, "pco2", PALETTE["sky"], "pCO₂ (mmHg)")
    line(a_acid, "winters_low", PALETTE["grey"], "Winter's range for pCO₂", "--")
    line(a_acid, "winters_high", PALETTE["grey"], None, "--")
    a_acid.axhline(criteria["dka_bohb_min"], color=PALETTE["purple"], linestyle=":", linewidth=1.2)
    a_acid.axhline(criteria["dka_hco3_below"], color=PALETTE["green"], linestyle=":", linewidth=1.2)
    a_acid.set(ylim=(0, 62), ylabel="mmol/L (pCO₂: mmHg)")
    # pCO2 in kPa on the right: kPa = mmHg / 7.50062 (core.units); the left scale stays mmol/L and mmHg.
    a_acid.secondary_yaxis("right", functions=(_mmhg_to_kpa, _kpa_to_mmhg)).set_ylabel("pCO₂ (kPa)")
    a_acid.legend(loc="upper center", ncol=2, fontsize=8)
    bands = [(criteria["mild_ph_above"], criteria["dka_ph_below"], "mild"),
             (criteria["moderate_ph_min"], criteria["mild_ph_above"], "moderate"),
             (6.6, criteria["moderate_ph_min"], "severe")]
    for low, high, name in bands:
        a_ph.axhspan(low, high, color=SEVERITY_COLORS[name], alpha=0.25, linewidth=0)
        a_ph.text(COURSE_HOURS - 0.5, high - 0.01, f"{name} DKA", ha="right", va="top", fontsize=8)
    a_ph.axhspan(*NORMAL_RANGES["ph"], color=PALETTE["green"], alpha=0.15, linewidth=0)
    line(a_ph, "ph", PALETTE["black"], "pH")
    a_ph.set(ylim=(6.6, 7.5), ylabel="pH", xlabel="hours")
    a_k.axhspan(*POTASSIUM_NORMAL, color=PALETTE["green"], alpha=0.15, linewidth=0)
    line(a_k, "k", PALETTE["orange"], "serum potassium")
    a_k.set(ylim=(2.0, 7.0), ylabel="serum potassium (mmol/L)", xlabel="hours")
    starts = [ax.axvline(0.0, color=PALETTE["vermillion"], linestyle="--", linewidth=1.2) for ax in axes.flat]
    a_glucose.set_xlim(0, COURSE_HOURS)
    a_glucose.set_xticks(np.arange(0, COURSE_HOURS + 1, 12))
    # Few ticks and no titles (the labels say it): text is most of the cost of a redraw.
    for ax in axes.flat:
        ax.yaxis.set_major_locator(MaxNLocator(4))
    a_ph.set_yticks([6.8, 7.0, 7.2, 7.4])
    a_k.set_yticks([2.5, 3.5, 5.0, 6.5])
    # Only the curves and the treatment marks change: the rest is drawn once and kept.
    moving(*lines.values(), *starts)
    return {"lines": lines, "starts": starts}


def _mg_dl_to_mmol(values):
    return np.asarray(values, dtype=float) / GLUCOSE_MG_DL_PER_MMOL


def _mmol_to_mg_dl(values):
    return np.asarray(values, dtype=float) * GLUCOSE_MG_DL_PER_MMOL


def _mmhg_to_kpa(values):
    return np.asarray(values, dtype=float) / MMHG_PER_KPA


def _kpa_to_mmhg(values):
    return np.asarray(values, dtype=float) * MMHG_PER_KPA


def _course_draw(artists, course: DKACourse):
    lines, t = artists["lines"], course.t_h
    winters = np.array([winters_expected_pco2(float(h)) for h in course.hco3])
    # Winter's formula describes an acidosis; near-normal bicarbonate is left unmarked.
    winters[course.hco3 >= NORMAL_RANGES["hco3"][0]] = np.nan
    for key, values in (
        ("glucose", course.glucose_mg_dl), ("bohb", course.bohb), ("hco3", course.hco3),
        ("pco2", course.pco2_mmhg), ("winters_low", winters[:, 0]), ("winters_high", winters[:, 1]),
        ("ph", course.ph), ("k", course.potassium),
    ):
        lines[key].set_data(t, values)
    for start in artists["starts"]:
        start.set_visible(course.treatment_start_h is not None)
        if course.treatment_start_h is not None:
            start.set_xdata([course.treatment_start_h] * 2)


def _course_reading(course: DKACourse) -> Reading:
    worst = course.severity[worst_index(course)]
    details = []
    if course.treatment_start_h is not None:
        low = float(course.potassium[course.t_h >= course.treatment_start_h].min())
        if low < POTASSIUM_NORMAL[0]:
            details.append(f"After insulin, serum potassium falls to {low:.1f} mmol/L: below {POTASSIUM_NORMAL[0]:g}, "
                           "a danger to heart and muscle.")
        end = course.severity[-1]
        details.append("By the end, the DKA criteria are no longer met." if end == "none"
                       else f"At the end it is still {end} DKA.")
    end = course.at(float(course.t_h[-1]))
    details.append(
        f"Lost in urine by {end['t_h']:.0f} h: {end['water_deficit_l']:.1f} L of water, potassium "
        f"{end['potassium_deficit_mmol']:.0f} mmol, phosphate {end['phosphate_deficit_mmol']:.0f} mmol, "
        f"magnesium {end['magnesium_deficit_mmol']:.0f} mmol (net of any replacement)."
    )
    euglycaemic = consensus_criteria()["euglycaemic_glucose_below"]
    if course.glucose_mg_dl.max() < euglycaemic and worst != "none":
        details.append(f"Glucose never passes {glucose_both_units(euglycaemic)}: euglycaemic DKA, easy to miss.")
    level, verdict = assess_dka_course(course)
    return Reading(describe_dka_course(course), verdict, level, details)


def _course_update(artists, values) -> Reading:
    course = _course_from(values)
    _course_draw(artists, course)
    return _course_reading(course)


def explorer(preset=None, **start_values):
    """The DKA time course over 48 hours: glucose, ketones, bicarbonate, pCO2, pH and potassium.

    Controls: how much insulin action is missing, how much the person drinks, how much of
    the Winter's-formula compensation breathing achieves, whether and when treatment starts
    (insulin, with or without fluids and potassium), and an SGLT2 inhibitor.
    The pH panel carries the consensus severity bands; the figure's caption gives the numbers.

    Presets for a class: ``COURSE_PRESETS`` (each with a line saying what the class sees).
    """
    return Explorer.declared(
        __name__, "explorer",
        COURSE_CONTROLS, _course_setup, _course_update,
        start_values=start_values, presets=COURSE_PRESETS, preset=preset, figsize=(9.0, 5.4),
        key_controls=("insulin_deficit_pct", "compensation_pct", "treatment_start_h"),
        active_when={name: _treated for name in ("treatment_start_h", "iv_fluids", "potassium_replacement")},
        verdict=_course_verdict,
    ).widget


def _treated(values) -> bool:
    return bool(values["treatment"])


def plot_dka_course(course: DKACourse):
    """The four panels of the DKA explorer for one course (a static figure for the lesson)."""
    figure = blank_figure(9.0, 5.4)
    with style():
        artists = _course_setup(figure)
        _course_draw(artists, course)
    return figure


# ----- the blood-gas reader ----------------------------------------------------------------
GAS_CONTROLS = [
    Choice("ph_source", "pH", ("computed", "entered"), "computed",
           labels=("from HCO₃⁻ and pCO₂", "as measured")),
    Slider("ph", "Measured pH", "", 7.22, 6.8, 7.7, 0.01),
    Slider("pco2_mmhg", "pCO₂", "mmHg", 23.0, 10.0, 100.0, 1.0),
    Slider("hco3", "Bicarbonate", "mmol/L", 9.0, 2.0, 45.0, 0.5),
    Toggle("with_electrolytes", "Sodium and chloride known", True),
    Slider("na", "Sodium", "mmol/L", 140.0, 110.0, 170.0, 1.0),
    Slider("cl", "Chloride", "mmol/L", 102.0, 70.0, 130.0, 1.0),
]
GAS_PRESETS = (
    Preset(
        "kussmaul",
        {"pco2_mmhg": 23.0, "hco3": 9.0},
        f"A DKA blood gas with full respiratory compensation: bicarbonate 9 mmol/L, pCO2 {pressure_both_units(23)}",
    ),
    Preset(
        "normal_breathing",
        {"pco2_mmhg": 40.0, "hco3": 9.0},
        f"The same bicarbonate with unchanged breathing: pCO2 {pressure_both_units(40)}",
    ),
    Preset(
        "tiring",
        {"pco2_mmhg": 32.0, "hco3": 8.0},
        "DKA with tiring breathing: an added respiratory acidosis",
    ),
    Preset(
        "vomiting",
        {"pco2_mmhg": 48.0, "hco3": 36.0, "na": 138.0, "cl": 88.0},
        "A metabolic alkalosis with low chloride",
    ),
)
DIAGRAM_PH = (6.8, 7.7)
DIAGRAM_HCO3 = (0.0, 50.0)
ISOBARS_MMHG = (20.0, 40.0, 60.0, 80.0)


def _diagram_setup(axes):
    ph = np.linspace(*DIAGRAM_PH, 120)
    for pco2 in ISOBARS_MMHG:
        hco3 = np.array([bicarbonate_from_ph(float(p), pco2) for p in ph])
        axes.plot(ph, hco3, color=PALETTE["grey"], linewidth=1.0)
        inside = hco3 <= DIAGRAM_HCO3[1] - 2
        axes.text(ph[inside][-1], hco3[inside][-1], f"{pco2:.0f} mmHg\n({mmhg_to_kpa(pco2):.1f} kPa)", fontsize=8,
                  color=PALETTE["grey"], ha="right", va="bottom")
    hco3 = np.linspace(2.0, 24.0, 60)
    for side in (0, 1):
        edge = [ph_from_bicarbonate(float(h), winters_expected_pco2(float(h))[side]) for h in hco3]
        axes.plot(edge, hco3, color=PALETTE["green"], linestyle="--", linewidth=1.4,
                  label="Winter's range (compensated metabolic acidosis)" if side == 0 else None)
    (ph_low, ph_high), (h_low, h_high) = NORMAL_RANGES["ph"], NORMAL_RANGES["hco3"]
    axes.add_patch(Rectangle((ph_low, h_low), ph_high - ph_low, h_high - h_low, facecolor=PALETTE["green"],
                             alpha=0.25, edgecolor=PALETTE["green"], label="normal"))
    axes.set(xlim=DIAGRAM_PH, ylim=DIAGRAM_HCO3, xlabel="pH", ylabel="bicarbonate (mmol/L)")
    axes.text(0.01, 0.98, "grey lines: equal pCO₂", transform=axes.transAxes, fontsize=8, va="top",
              color=PALETTE["grey"])
    axes.legend(loc="upper left", bbox_to_anchor=(0.0, 0.93))


def _gas_setup(figure):
    axes = figure.subplots()
    _diagram_setup(axes)
    (point,) = axes.plot([7.4], [24.0], "o", markersize=11, color=PALETTE["vermillion"],
                         markeredgecolor="black", zorder=5, label="this sample")
    label = axes.annotate("", (7.4, 24.0), xytext=(10, -14), textcoords="offset points", fontsize=10)
    moving(point, label)
    return {"point": point, "label": label, "axes": axes}


def _place_label(label, ph, hco3, words):
    """Put the sample's label on the side away from the normal box, and inside the diagram."""
    centre_ph = sum(NORMAL_RANGES["ph"]) / 2
    centre_hco3 = sum(NORMAL_RANGES["hco3"]) / 2
    right = ph >= centre_ph
    if ph > DIAGRAM_PH[1] - 0.2:
        right = False  # no room to the right of a point near the diagram's edge
    if ph < DIAGRAM_PH[0] + 0.2:
        right = True
    above = hco3 >= centre_hco3 or hco3 < DIAGRAM_HCO3[0] + 4
    if hco3 > DIAGRAM_HCO3[1] - 4:
        above = False
    label.xy = (ph, hco3)
    label.set_text(words)
    label.set_position((10 if right else -10, 8 if above else -16))
    label.set_horizontalalignment("left" if right else "right")


def _gas_reading(values):
    """The model's reading of the sample the controls describe (pH computed or as entered)."""
    ph = ph_from_bicarbonate(values["hco3"], values["pco2_mmhg"]) if values["ph_source"] == "computed" else values["ph"]
    electrolytes = {"na": values["na"], "cl": values["cl"]} if values["with_electrolytes"] else {}
    return read_blood_gas(ph, values["pco2_mmhg"], values["hco3"], **electrolytes)


def _gas_verdict(values) -> tuple[str, str]:
    return assess_blood_gas(_gas_reading(values))


def _gas_update(artists, values) -> Reading:
    hco3, pco2 = values["hco3"], values["pco2_mmhg"]
    computed = ph_from_bicarbonate(hco3, pco2)
    ph = computed if values["ph_source"] == "computed" else values["ph"]
    if not DIAGRAM_PH[0] <= ph <= DIAGRAM_PH[1]:
        raise InputError(
            f"pH {ph:.2f} from bicarbonate {hco3:g} mmol/L and pCO2 {pressure_both_units(pco2)} is outside "
            f"{DIAGRAM_PH[0]}-{DIAGRAM_PH[1]}, where blood stays in a living person: change one of them."
        )
    if values["ph_source"] == "entered" and abs(ph - computed) > 0.05:
        raise InputError(
            f"These three numbers cannot come from one sample: bicarbonate {hco3:g} mmol/L and pCO2 "
            f"{pressure_both_units(pco2)} give pH {computed:.2f} by Henderson-Hasselbalch, not {ph:.2f}. "
            "Change one of them, or let the pH be computed."
        )
    reading = _gas_reading(values)
    artists["point"].set_data([ph], [hco3])
    _place_label(artists["label"], ph, hco3, f"pCO₂ {pco2:.0f} mmHg\n({mmhg_to_kpa(pco2):.1f} kPa)")
    level, verdict = assess_blood_gas(reading)
    where = f"pH {ph:.2f}, bicarbonate {hco3:.1f} mmol/L, pCO2 {pressure_both_units(pco2)}"
    gap = f", anion gap {reading.anion_gap:.0f} mmol/L" if reading.anion_gap is not None else ""
    description = f"The pH-bicarbonate diagram marks this sample ({where}{gap}). {verdict}"
    return Reading(description, verdict, level, list(reading.steps))


def blood_gas_explorer(preset=None, **start_values):
    """Read a blood gas step by step, with the sample marked on a pH-bicarbonate diagram.

    Inputs: pCO2 and bicarbonate (pH computed from them, or typed as measured and checked
    against them), and optionally sodium and chloride for the anion gap. The verdict
    names the primary disorder and, for a metabolic acidosis, whether breathing
    compensates as Winter's formula expects; the steps below it give the reasoning.

    Presets for a class: ``GAS_PRESETS`` (each with a line saying what the class sees).
    """
    return Explorer.declared(
        __name__, "blood_gas_explorer", GAS_CONTROLS, _gas_setup, _gas_update,
        start_values=start_values, presets=GAS_PRESETS, preset=preset, figsize=(7.5, 5.0),
        # Every control: lesson 04's anion-gap exercise sets sodium and chloride.
        key_controls=("pco2_mmhg", "hco3", "ph_source", "ph", "with_electrolytes", "na", "cl"), verdict=_gas_verdict,
        # The measured pH counts only when it is typed in; Na and Cl only when known.
        active_when={
            "ph": lambda values: values["ph_source"] == "entered",
            "na": lambda values: bool(values["with_electrolytes"]),
            "cl": lambda values: bool(values["with_electrolytes"]),
        },
    ).widget


def plot_blood_gases(samples: dict):
    """Several blood gases on one pH-bicarbonate diagram; ``samples`` maps a label to (pH, pCO2, HCO3)."""
    figure = blank_figure(7.5, 5.0)
    with style():
        axes = figure.subplots()
        _diagram_setup(axes)
        colors = (PALETTE["vermillion"], PALETTE["blue"], PALETTE["purple"], PALETTE["orange"])
        # Labels alternate above-right and below-left so that neighbouring samples stay readable.
        placements = ({"xytext": (8, 6), "ha": "left"}, {"xytext": (-8, -16), "ha": "right"})
        for number, (label, (ph, pco2, hco3)) in enumerate(samples.items()):
            reading = read_blood_gas(ph, pco2, hco3)
            axes.plot([reading.ph], [reading.hco3], "o", markersize=10, color=colors[number % len(colors)],
                      markeredgecolor="black", zorder=5)
            axes.annotate(label, (reading.ph, reading.hco3), textcoords="offset points", fontsize=10,
                          **placements[number % 2])
    return figure
