"""The inner loop of the nerve model, in plain Python floats (a 200 ms run takes a few ms).

One step of ``dt`` (a staggered scheme of second order, as NEURON uses):

* the gates ``m``, ``h``, ``n`` move by the exponential (Rush-Larsen) update
  ``x <- x_inf + (x - x_inf) * exp(-dt * (alpha + beta))``, exact while the voltage holds
  still, with the rates read at the present voltage (the gates live half a step apart from V);
* the voltage moves by Crank-Nicolson with the new conductances, which no step size can
  make blow up: ``V' = (V (1 - dt G / 2C) + dt (I + sum g E) / C) / (1 + dt G / 2C)``.

The rates come from tables on a 0.01 mV grid (beyond it the end values are used). The grid
is anchored at the starting voltage, so a membrane started at a steady state stays there
to rounding error. Sources: Rush and Larsen 1978 (IEEE Trans Biomed Eng 25:389-392);
Hines 1984 (Int J Biomed Comput 15:69-76).
"""

from __future__ import annotations

#: Grid spacing and reach of the rate tables (mV); the currents allowed keep V inside.
GRID_MV = 0.01
LOWEST_MV = -135.0
HIGHEST_MV = 75.0


def integrate(out, start, stop, current, dt, g, e, state, tables, first_v, anchor):
    """Advance ``state = (v, m, h, n)`` from step ``start`` to ``stop``, writing V into ``out``.

    ``g`` and ``e`` are the conductances (gNa, gK, gL, Cm) and reversal potentials
    (ENa, EK, EL); ``tables`` holds ``(x_inf * (1 - e), e)`` per gate along the grid whose
    point ``anchor`` lies at ``first_v``. Returns the new state.
    """
    gna_max, gk_max, gl, cm = g
    ena, ek, el = e
    am, bm, ah, bh, an, bn = tables
    v, m, h, n = state
    last = len(am) - 1
    scale = 1.0 / GRID_MV
    offset = anchor + 0.5 - first_v * scale
    c = dt / cm
    half_c = 0.5 * c
    drive_leak = gl * el
    for k in range(start, stop):
        i = int(v * scale + offset)
        if i < 0:
            i = 0
        elif i > last:
            i = last
        m = am[i] + bm[i] * m
        h = ah[i] + bh[i] * h
        n = an[i] + bn[i] * n
        gna = gna_max * m * m * m * h
        n2 = n * n
        gk = gk_max * n2 * n2
        total = gna + gk + gl
        v = (v * (1.0 - half_c * total) + c * (current + gna * ena + gk * ek + drive_leak)) / (1.0 + half_c * total)
        out[k] = v
    return v, m, h, n


def run_blocks(n_steps, blocks, dt, g, e, state, tables, first_v, anchor):
    """Integrate the blocks ``[(start, stop, current), ...]``; return V at steps 0..n_steps.

    ``tables`` are arrays of doubles (``array.array``): indexing one is several times faster
    than indexing a numpy array, and one is made from numpy's values by copying their bytes,
    where a list would need a Python float for each value (7 ms for a new shift's tables).
    """
    out = [0.0] * (n_steps + 1)
    out[0] = state[0]
    for start, stop, current in blocks:
        if stop > start:
            state = integrate(out, start + 1, stop + 1, current, dt, g, e, state, tables, first_v, anchor)
    return out
