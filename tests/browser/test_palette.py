"""The course's line colours stay apart for readers with the common colour-vision deficiencies.

Each colour is passed through the dichromacy simulation of Machado, Oliveira and
Fernandes (2009, IEEE Trans Vis Comput Graph 15:1291, severity 1.0, linear RGB), then
compared in CIELAB (CIE76 colour difference). A difference of 2.3 is just noticeable;
lines in a figure need much more, so every pair must stay at least 10 apart.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from musclepain_lib.core.plotting import COLORS

pytestmark = pytest.mark.browser

MACHADO_2009 = {
    "protanopia": [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
    "deuteranopia": [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]],
    "tritanopia": [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.303900]],
}
SRGB_TO_XYZ = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
D65 = np.array([0.95047, 1.0, 1.08883])


def linear_rgb(hex_colour: str) -> np.ndarray:
    srgb = np.array([int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)])
    return np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)


def cielab(linear: np.ndarray) -> np.ndarray:
    xyz = SRGB_TO_XYZ @ np.clip(linear, 0, 1) / D65
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def closest_pair(simulation=None) -> float:
    matrix = np.eye(3) if simulation is None else np.array(MACHADO_2009[simulation])
    colours = [cielab(matrix @ linear_rgb(c)) for c in COLORS]
    return min(float(np.linalg.norm(a - b)) for a, b in itertools.combinations(colours, 2))


def test_the_simulation_leaves_grey_unchanged_for_every_deficiency():
    for matrix in MACHADO_2009.values():
        assert np.allclose(np.array(matrix) @ np.ones(3), 1.0, atol=1e-3)


@pytest.mark.parametrize("simulation", [None, *MACHADO_2009])
def test_every_pair_of_line_colours_stays_clearly_apart(simulation):
    assert closest_pair(simulation) >= 10.0
