"""Lesson 01 models hold their physical laws for any allowed input (hypothesis)."""

from hypothesis import given
from hypothesis import strategies as st
import pytest

from fire_helpers import PROPERTY
from musclepain_lib.electrolytes import ghk_potential, nernst, serum_sodium_after

concentration = st.floats(0.01, 1000)
permeability = st.floats(0, 10)
temperature = st.floats(0, 45)


@PROPERTY
@given(concentration, concentration, st.sampled_from([-2, -1, 1, 2]), temperature)
def test_swapping_inside_and_outside_reverses_the_equilibrium_potential(c_out, c_in, z, temp_c):
    assert nernst(c_in, c_out, z, temp_c) == pytest.approx(-nernst(c_out, c_in, z, temp_c), abs=1e-9)


@PROPERTY
@given(
    st.fixed_dictionaries({"K": concentration, "Na": concentration, "Cl": concentration}),
    st.fixed_dictionaries({"K": concentration, "Na": concentration, "Cl": concentration}),
    st.fixed_dictionaries({"K": st.floats(0.01, 10), "Na": permeability, "Cl": permeability}),
    temperature,
)
def test_the_resting_potential_lies_between_the_equilibrium_potentials_of_the_permeant_ions(out, inside, perm, temp_c):
    v = ghk_potential(out, inside, perm, temp_c)
    valence = {"K": 1, "Na": 1, "Cl": -1}
    potentials = [nernst(out[i], inside[i], valence[i], temp_c) for i in perm if perm[i] > 0]
    assert min(potentials) - 1e-6 <= v <= max(potentials) + 1e-6


@PROPERTY
@given(st.floats(100, 180), st.floats(10, 60), st.floats(0, 5), st.floats(0, 5))
def test_drinking_water_never_raises_and_sweating_without_drinking_never_lowers_sodium(na, tbw, sweat, drink):
    # Sweat (at most 90 mmol/L of Na + K) is always less salty than serum (at least 100).
    assert serum_sodium_after(na, tbw, sweat_l=sweat, sweat_na=85, sweat_k=5) >= na - 1e-9
    assert serum_sodium_after(na, tbw, drink_l=drink) <= na + 1e-9
