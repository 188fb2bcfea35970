"""Read a number answer typed with a unit ("3.07 kPa", "2 days") in the question's unit.

A unit of the same quantity as the question's is converted, and the learner is told so; a unit
of another quantity is refused by naming both quantities ("mV measures voltage, the question
asks for a pressure"). The units and their sizes live once, in :mod:`musclepain_lib.core.units`;
the course site's ``site.js`` mirrors :func:`read_answer` (``readAnswerText``).
"""

from __future__ import annotations

import re

from musclepain_lib.core.errors import InputError
from musclepain_lib.core.units import UNITS, convert

__all__ = ["read_answer", "unit_symbol"]

#: Spellings a learner may type, lower case, by the table's symbol.
_SPELLINGS = {
    **{symbol.lower(): symbol for symbol in UNITS},
    "hour": "h", "hours": "h", "hr": "h", "hrs": "h", "minute": "min", "minutes": "min", "mins": "min",
    "sec": "s", "second": "s", "seconds": "s", "day": "days", "d": "days", "week": "weeks", "wk": "weeks",
    "µv": "uV", "µa/cm2": "uA/cm2", "µa/cm²": "uA/cm2", "ua/cm²": "uA/cm2", "mmol/l": "mmol/L",
}
_ANSWER = re.compile(r"^\s*([-+−]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][-+]?\d+)?)\s*(.*?)\s*$")


def unit_symbol(typed: str) -> str | None:
    """The table's symbol for a typed unit ("hours" -> "h", "kpa" -> "kPa"), or None."""
    return _SPELLINGS.get(typed.strip().lower())


def read_answer(text: str, question_unit: str) -> tuple[float, str]:
    """``(value in the question's unit, note)`` for a typed answer; the note is "" when nothing was converted.

    Raises InputError naming the trouble: no number, a unit the course does not know, or a
    unit that measures another quantity than the question asks for.
    """
    match = _ANSWER.match(str(text))
    if not match:
        raise InputError(f"answer = {text!r} is not allowed: expected a number, optionally with a unit ({question_unit})")
    value = float(match.group(1).replace(",", ".").replace("−", "-"))
    typed = match.group(2)
    if not typed or typed.lower() == question_unit.lower():
        return value, ""
    symbol, wanted = unit_symbol(typed), UNITS.get(question_unit)
    if symbol is None:
        raise InputError(f"answer = {text!r}: {typed!r} is not a unit the course knows; the question asks for {question_unit}")
    if symbol == question_unit:
        return value, ""
    if wanted is None:
        raise InputError(f"answer = {text!r}: the question asks for {question_unit}, with no other unit; give the number alone")
    have = UNITS[symbol][0]
    if have != wanted[0]:
        raise InputError(f"{symbol} measures {have}, the question asks for {_article(wanted[0])} ({question_unit})")
    converted = convert(value, symbol, question_unit)
    return converted, f"Converted: {value:g} {symbol} = {converted:g} {question_unit}."


def _article(quantity: str) -> str:
    return f"an {quantity}" if quantity[0] in "aeiou" else f"a {quantity}"


def site_table() -> dict:
    """The unit table and spellings as the course site's ``site.js`` reads them (JSON-ready)."""
    return {"units": {symbol: list(entry) for symbol, entry in UNITS.items()}, "spellings": dict(_SPELLINGS)}
