"""Topic packages export their explorers without importing ipywidgets and matplotlib up front."""

from __future__ import annotations

import importlib

__all__ = ["widget_loader"]


def widget_loader(package: str, names=None):
    """Return a module ``__getattr__`` that loads ``names`` from ``<package>.widget`` on first use.

    ``names`` defaults to the topic's widget names in the course manifest
    (:attr:`musclepain_lib.core.manifest.Topic.widget_names`). A topic's ``__init__`` sets
    ``__getattr__ = widget_loader(__name__)``, so ``from musclepain_lib.cramps import
    simulate_nerve`` stays light (numpy only) while ``from musclepain_lib.cramps import
    explorer`` still works.
    """
    if names is None:
        from musclepain_lib.core.manifest import topic

        names = topic(package).widget_names
    names = frozenset(names)

    def __getattr__(name):
        if name in names:
            return getattr(importlib.import_module(f"{package}.widget"), name)
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return __getattr__
