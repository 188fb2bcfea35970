"""Membrane potentials, body water and serum sodium: the pure models of lesson 01.

Concentrations are in mmol/L, voltages in mV (inside relative to outside), volumes in
litres, temperatures in degrees Celsius. Every function checks its input and raises
:class:`~musclepain_lib.InputError` naming the argument, its value and the allowed range.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from musclepain_lib.core.errors import InputError
from musclepain_lib.core.units import GLUCOSE_MG_DL_PER_MMOL
from musclepain_lib.core.validation import (
    check_bool,
    check_choice,
    check_int,
    check_mapping,
    check_number,
)

__all__ = [
    "GAS_CONSTANT",
    "FARADAY",
    "IONS",
    "nernst",
    "ghk_potential",
    "total_body_water",
    "serum_sodium_after",
    "adrogue_madias",
    "serum_osmolality",
    "ExerciseSodium",
    "sodium_during_exercise",
]

#: CODATA 2018 exact values: J/(mol K) and C/mol.
GAS_CONSTANT = 8.314462618
FARADAY = 96485.33212
#: The ions of the Goldman-Hodgkin-Katz equation and their valences.
IONS = {"K": 1, "Na": 1, "Cl": -1}

MAX_CONCENTRATION = 1000.0
WATER_FRACTIONS = {
    ("male", False): 0.6,
    ("female", False): 0.5,
    ("male", True): 0.5,
    ("female", True): 0.45,
}


def _thermal_voltage_mv(temp_c: float) -> float:
    """RT/F in mV: 26.7 mV at 37 degC."""
    return 1000.0 * GAS_CONSTANT * (temp_c + 273.15) / FARADAY


def _check_temperature(temp_c) -> float:
    return check_number("temp_c", temp_c, 0, 45, "degC")


def nernst(c_out, c_in, z, temp_c=37.0) -> float:
    """Equilibrium (Nernst) potential of one ion, inside relative to outside.

    E = (RT / zF) ln(c_out / c_in). Units: concentrations in mmol/L (any unit works as
    long as both share it), valence ``z`` a whole number (+1 for Na and K, -1 for Cl,
    +2 for Ca), ``temp_c`` in degC; returns mV. At 37 degC, RT/F = 26.7 mV, so a
    ten-fold gradient of a monovalent ion is worth 61.5 mV.

    Source: Hille B. Ion Channels of Excitable Membranes, 3rd ed. (Sinauer 2001),
    chapter 1 and Table 1.1, whose skeletal-muscle values give +67 (Na), -98 (K),
    -90 (Cl) and +129 mV (Ca).

    Limits: the voltage at which one ion's diffusion and electrical pull balance; it
    says nothing about how many channels are open, so it is not the resting potential.
    Uses free concentrations (activities are slightly lower).
    """
    c_out = check_number("c_out", c_out, 0, MAX_CONCENTRATION, "mmol/L", low_open=True)
    c_in = check_number("c_in", c_in, 0, MAX_CONCENTRATION, "mmol/L", low_open=True)
    z = check_int("z", z, -3, 3)
    if z == 0:
        raise InputError("z = 0 is not allowed: expected the ion's charge, a whole number from -3 to 3 other than 0")
    temp_c = _check_temperature(temp_c)
    # A difference of logarithms: the ratio of a tiny and a large number would underflow to 0.
    return _thermal_voltage_mv(temp_c) / z * (math.log(c_out) - math.log(c_in))


def ghk_potential(c_out, c_in, permeability, temp_c=37.0) -> float:
    """Resting membrane potential from the Goldman-Hodgkin-Katz voltage equation.

    V = (RT/F) ln((PK Ko + PNa Nao + PCl Cli) / (PK Ki + PNa Nai + PCl Clo)).
    ``c_out`` and ``c_in`` map ``"K"``, ``"Na"``, ``"Cl"`` to mmol/L; ``permeability``
    maps them to relative permeabilities (only the ratios matter; an ion left out counts
    as 0). A concentration is needed only for an ion whose permeability is above 0.
    ``temp_c`` in degC; returns mV.

    Source: Goldman DE. J Gen Physiol 1943;27:37-60; Hodgkin AL, Katz B. J Physiol
    1949;108:37-77 (squid axon PK:PNa:PCl = 1:0.04:0.45); Hille 2001, chapter 14.

    Limits: assumes a steady state with no net current, independent ions and a constant
    field; ignores the Na-K pump's own small current (a few mV) and divalent ions. With
    fixed permeabilities it misses that muscle K channels close when external K is very
    low, so real muscle can depolarise in severe hypokalaemia where this model
    hyperpolarises.
    """
    perm = check_mapping("permeability", permeability, IONS, 0, 1000, "(relative)", required=False)
    active = [ion for ion, value in perm.items() if value > 0]
    if not active:
        raise InputError(
            f"permeability = {permeability!r} is not allowed: expected at least one ion "
            "('K', 'Na' or 'Cl') with a permeability above 0"
        )
    outside = check_mapping("c_out", c_out, IONS, 0, MAX_CONCENTRATION, "mmol/L", required=False, low_open=True)
    inside = check_mapping("c_in", c_in, IONS, 0, MAX_CONCENTRATION, "mmol/L", required=False, low_open=True)
    for name, given in (("c_out", outside), ("c_in", inside)):
        missing = [ion for ion in active if ion not in given]
        if missing:
            raise InputError(
                f"{name} is missing {missing[0]!r}: needed because its permeability is above 0"
            )
    temp_c = _check_temperature(temp_c)
    # An anion enters the equation with inside and outside swapped.
    top = sum(perm[i] * (outside[i] if IONS[i] > 0 else inside[i]) for i in active)
    bottom = sum(perm[i] * (inside[i] if IONS[i] > 0 else outside[i]) for i in active)
    if top == 0.0 or bottom == 0.0:  # products of numbers so tiny that they underflow
        raise InputError(
            f"permeability = {permeability!r} with these concentrations is not allowed: "
            "the products are too small to compute; use values nearer 1"
        )
    return _thermal_voltage_mv(temp_c) * (math.log(top) - math.log(bottom))


def total_body_water(weight_kg, sex, elderly=False) -> float:
    """Total body water in litres from weight and sex, as clinicians estimate it.

    Fractions of body weight: 0.6 (men), 0.5 (women); 0.5 and 0.45 for the elderly.
    ``weight_kg`` in kg, ``sex`` ``"male"`` or ``"female"``; returns L.

    Source: Adrogue HJ, Madias NE. Hyponatremia. N Engl J Med 2000;342:1581-1589, Table 3.

    Limits: a rule of thumb; water is a smaller fraction of weight in people with more
    fat and a larger one in athletes with more muscle (true values vary by about 10 %).
    """
    weight_kg = check_number("weight_kg", weight_kg, 1, 350, "kg")
    sex = check_choice("sex", sex, ("male", "female"))
    elderly = check_bool("elderly", elderly)
    return WATER_FRACTIONS[(sex, elderly)] * weight_kg


def serum_sodium_after(
    na, tbw_l, sweat_l=0.0, sweat_na=50.0, sweat_k=5.0, drink_l=0.0, drink_na=0.0, drink_k=0.0
) -> float:
    """Serum sodium after sweating and drinking, by the Edelman mass balance.

    Na_after = (na*tbw - sweat_l*(sweat_na + sweat_k) + drink_l*(drink_na + drink_k))
    / (tbw - sweat_l + drink_l). Concentrations in mmol/L, volumes in L; returns mmol/L.

    Source: Edelman IS et al. J Clin Invest 1958;37:1236-1256 (serum sodium follows
    exchangeable Na + K over body water); Rose BD, Post TW. Clinical Physiology of
    Acid-Base and Electrolyte Disorders, 5th ed. (McGraw-Hill 2001); Hew-Butler T et al.
    Clin J Sport Med 2015;25:303-320 (exercise-associated hyponatraemia).

    Limits: one well-mixed pool; leaves out urine, the sodium the body can mobilise from
    bone and other stores, the water made by burning fuel, and the slope and intercept of
    Edelman's regression. Real kidneys excrete extra water unless antidiuretic hormone
    stays high, as it often does during long exercise.
    """
    na = check_number("na", na, 100, 180, "mmol/L")
    tbw_l = check_number("tbw_l", tbw_l, 0, 250, "L", low_open=True)
    sweat_l = check_number("sweat_l", sweat_l, 0, tbw_l, "L (less than the body's water, tbw_l)", high_open=True)
    sweat_na = check_number("sweat_na", sweat_na, 0, 200, "mmol/L")
    sweat_k = check_number("sweat_k", sweat_k, 0, 50, "mmol/L")
    drink_l = check_number("drink_l", drink_l, 0, 100, "L")
    drink_na = check_number("drink_na", drink_na, 0, MAX_CONCENTRATION, "mmol/L")
    drink_k = check_number("drink_k", drink_k, 0, 200, "mmol/L")
    solute = na * tbw_l - sweat_l * (sweat_na + sweat_k) + drink_l * (drink_na + drink_k)
    if solute <= 0:
        raise InputError(
            f"sweat_l = {sweat_l:g} with sweat_na = {sweat_na:g} is not allowed: the sweat would "
            "carry away more sodium and potassium than the body holds"
        )
    return solute / (tbw_l - sweat_l + drink_l)


def adrogue_madias(na, tbw_l, infusate_na, infusate_k=0.0) -> float:
    """Expected change of serum sodium (mmol/L) after 1 L of a fluid, by Adrogue-Madias.

    change = (infusate_na + infusate_k - na) / (tbw_l + 1). Concentrations in mmol/L,
    ``tbw_l`` in L (see :func:`total_body_water`); returns mmol/L per litre given.

    Source: Adrogue HJ, Madias NE. Hyponatremia. N Engl J Med 2000;342:1581-1589 and
    Hypernatremia. N Engl J Med 2000;342:1493-1499 (Table 3 of each).

    Limits: exact only for one litre added to a closed pool; ignores urine and ongoing
    losses, which is why real patients need repeated measurement. A teaching formula:
    it never tells anyone what to give.
    """
    na = check_number("na", na, 100, 180, "mmol/L")
    tbw_l = check_number("tbw_l", tbw_l, 0, 250, "L", low_open=True)
    infusate_na = check_number("infusate_na", infusate_na, 0, MAX_CONCENTRATION, "mmol/L")
    infusate_k = check_number("infusate_k", infusate_k, 0, 200, "mmol/L")
    return (infusate_na + infusate_k - na) / (tbw_l + 1.0)


def serum_osmolality(na, glucose_mg_dl, bun_mg_dl) -> float:
    """Calculated serum osmolality: 2*Na + glucose/18 + BUN/2.8, in mOsm/kg.

    ``na`` in mmol/L, glucose and blood urea nitrogen in mg/dL (the divisors turn mg/dL
    into mmol/L); returns mOsm/kg. Normal is about 275-295 mOsm/kg.

    Source: Dorwart WV, Chalmers L. Comparison of methods for calculating serum
    osmolality. Clin Chem 1975;21:190-194.

    Limits: misses other solutes (alcohols, mannitol, ketones), which is why a measured
    osmolality can exceed it (the osmolal gap).
    """
    na = check_number("na", na, 100, 180, "mmol/L")
    glucose_mg_dl = check_number("glucose_mg_dl", glucose_mg_dl, 0, 3000, "mg/dL", low_open=True)
    bun_mg_dl = check_number("bun_mg_dl", bun_mg_dl, 0, 300, "mg/dL", low_open=True)
    return 2.0 * na + glucose_mg_dl / GLUCOSE_MG_DL_PER_MMOL + bun_mg_dl / 2.8


@dataclass(frozen=True)
class ExerciseSodium:
    """Serum sodium through an exercise session, hour by hour."""

    t_h: np.ndarray
    na: np.ndarray
    sweat_l: np.ndarray
    drink_l: np.ndarray
    tbw_l: float

    @property
    def final_na(self) -> float:
        return float(self.na[-1])

    @property
    def lowest_na(self) -> float:
        return float(self.na.min())

    @property
    def weight_change_kg(self) -> float:
        """Body weight change at the end (1 L of water weighs 1 kg); a gain means over-drinking."""
        return float(self.drink_l[-1] - self.sweat_l[-1])


def sodium_during_exercise(
    weight_kg,
    sex,
    hours,
    sweat_rate_l_h,
    sweat_na=50.0,
    drink_rate_l_h=0.0,
    drink_na=0.0,
    drink_k=0.0,
    start_na=140.0,
    points=49,
) -> ExerciseSodium:
    """Serum sodium through a session of steady sweating and drinking.

    Applies :func:`serum_sodium_after` at ``points`` times from 0 to ``hours``, with body
    water from :func:`total_body_water`. Sweat rate and drinking rate in L/h, sweat and
    drink concentrations in mmol/L, sweat potassium 5 mmol/L.

    Source: Hew-Butler T et al. Statement of the 3rd International Exercise-Associated
    Hyponatremia Consensus Development Conference. Clin J Sport Med 2015;25:303-320
    (sweat sodium typically 30-60, range about 10-90 mmol/L; EAH below 135 mmol/L).

    Limits: the assumptions of :func:`serum_sodium_after`, with constant rates; no urine
    output, which is close to true while antidiuretic hormone is high during long exercise.
    """
    tbw = total_body_water(weight_kg, sex)
    hours = check_number("hours", hours, 0, 48, "h", low_open=True)
    sweat_rate = check_number("sweat_rate_l_h", sweat_rate_l_h, 0, 5, "L/h")
    drink_rate = check_number("drink_rate_l_h", drink_rate_l_h, 0, 5, "L/h")
    points = check_int("points", points, 2, 2000)
    start_na = check_number("start_na", start_na, 100, 180, "mmol/L")
    if sweat_rate * hours >= tbw:
        raise InputError(
            f"sweat_rate_l_h = {sweat_rate:g} for hours = {hours:g} is not allowed: "
            f"{sweat_rate * hours:.1f} L of sweat is more than the body's {tbw:.1f} L of water"
        )
    t_h = np.linspace(0.0, hours, points)
    sweat_l, drink_l = sweat_rate * t_h, drink_rate * t_h
    na = np.array([
        serum_sodium_after(start_na, tbw, s, sweat_na, 5.0, d, drink_na, drink_k)
        for s, d in zip(sweat_l, drink_l)
    ])
    return ExerciseSodium(t_h=t_h, na=na, sweat_l=sweat_l, drink_l=drink_l, tbw_l=tbw)
