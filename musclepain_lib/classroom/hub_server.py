"""A learner's server on a hub, started without the work it never uses: ``python -m
musclepain_lib.classroom.hub_server`` in place of ``jupyterhub-singleuser`` (same arguments).

A class starts its servers together, so every second of CPU one server spends starting is
paid thirty times over on the hub's few cores. Measured on the trial hub (``make bench``,
benchmarks/bench_hub.py), two costs of a ``jupyterhub-singleuser`` start bought a student
nothing, and this entry point leaves them out, keeping everything else as it was:

- **An IRI grammar compiled at import.** jsonschema (through jupyter_events, which every
  Jupyter server imports) imports ``rfc3987_syntax``, which builds three Earley parsers of
  RFC 3987 when imported: about 2 s of CPU, for checking the format "iri" of a JSON document,
  which a learner's server does not do. Here ``rfc3987_syntax`` is a small stand-in that
  builds the real parsers the first time a check asks for them, so checks work as before.
- **Node started to read yarn's settings.** Importing JupyterLab's server part asks Node.js
  (``jlpm config``) for the npm registry, which only building JupyterLab extensions uses;
  with Node on the path (the trial hub's proxy needs it) that is a Node process per server.
  Here the registry is JupyterLab's default, as on a machine without Node.

Which server extensions a student's server loads is the hub's choice (its configuration
passes it); this module only starts the server faster.
"""

from __future__ import annotations

import importlib.util
import sys
import types

#: yarn's settings as JupyterLab reads them when Node.js is not installed.
NO_YARN_CONFIG = {"yarn config": {}, "npm config": {}}


def defer_iri_grammar() -> None:
    """Put a stand-in for ``rfc3987_syntax`` in place that imports the real one at its first use."""
    if "rfc3987_syntax" in sys.modules:
        return
    spec = importlib.util.find_spec("rfc3987_syntax")
    if spec is None or not spec.submodule_search_locations:
        return
    stand_in = types.ModuleType("rfc3987_syntax", "Builds the RFC 3987 parsers at their first use.")
    stand_in.__path__ = list(spec.submodule_search_locations)  # its submodules import as usual
    stand_in.__spec__ = spec

    def real():
        return importlib.import_module("rfc3987_syntax.syntax_helpers")

    def is_valid_syntax(term: str, value: str) -> bool:
        return real().is_valid_syntax(term, value)

    def parse(term: str, value: str):
        return real().parse(term, value)

    def __getattr__(name: str):
        return getattr(real(), name)

    stand_in.is_valid_syntax = is_valid_syntax
    stand_in.parse = parse
    stand_in.__getattr__ = __getattr__
    sys.modules["rfc3987_syntax"] = stand_in


def skip_yarn_config() -> None:
    """JupyterLab's registry without asking Node.js: its default, as on a machine without Node."""
    try:
        from jupyterlab import commands
    except ImportError:  # pragma: no cover - JupyterLab is installed with the course
        return
    commands._yarn_config = lambda logger=None: {key: dict(value) for key, value in NO_YARN_CONFIG.items()}


async def until_listening(host: str, port: int, alive, timeout: float = 120.0, interval: float = 0.05,
                          longest: float = 0.5) -> bool:
    """Wait until something accepts connections at ``host:port``, checking every ``interval`` s at
    first, then less often (at most ``longest`` s apart: each check costs the hub a little CPU).

    JupyterHub asks a new server whether it is up at growing intervals, up to 5 s apart, so a
    server that is ready in 3 s is often found only at 6; a spawner that waits here first hands
    the hub a server that answers its first question. False if ``alive()`` turns false (the
    server ended) or ``timeout`` passes; the hub's own wait then says why.
    """
    import asyncio
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            _, writer = await asyncio.wait_for(asyncio.open_connection(host, port), max(1.0, longest))
        except (OSError, asyncio.TimeoutError):
            if not alive():
                return False
            await asyncio.sleep(interval)
            interval = min(longest, interval * 1.5)
            continue
        writer.close()
        return True
    return False


def main() -> int | None:
    defer_iri_grammar()
    skip_yarn_config()
    from jupyterhub.singleuser import main as singleuser_main

    sys.argv[0] = "jupyterhub-singleuser"
    return singleuser_main()


if __name__ == "__main__":
    sys.exit(main())
