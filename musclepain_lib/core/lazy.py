"""Topic packages export their explorers without importing ipywidgets and matplotlib up front."""

from __future__ import annotations

import importlib

__all__ = ["widget_loader"]


def widget_loader(package: str, names):
    """Return a module ``__getattr__`` that loads ``names`` from ``<package>.widget`` on first use.

    A topic's ``__init__`` sets ``__getattr__ = widget_loader(__name__, _WIDGET_NAMES)``, so
    ``from musclepain_lib.cramps import simulate_nerve`` stays light (numpy only) while
    ``from musclepain_lib.cramps import explorer`` still works.
    """
    names = frozenset(names)

    def __getattr__(name):
        if name in names:
            return getattr(importlib.import_module(f"{package}.widget"), name)
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return __getattr__
