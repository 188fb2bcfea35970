"""The trial hub's process: ``python -m musclepain_lib.classroom.trial_hub -f hub/jupyterhub_config.py``
takes the arguments of ``jupyterhub`` and runs the same JupyterHub, about 2 s of CPU sooner.

Importing JupyterHub imports jsonschema (through jupyter_events), which builds the RFC 3987
parsers of ``rfc3987_syntax`` at import: about 2 s of CPU spent before the hub reads its
configuration, for a check of the JSON format "iri" the hub seldom makes. Here those parsers
are built at their first use instead (:func:`~musclepain_lib.classroom.hub_server.defer_iri_grammar`,
as each learner's server does), so a hub started by ``make hub``, and a hub that refuses to
start, gets there sooner. ``jupyterhub -f hub/jupyterhub_config.py`` still works and refuses
the same addresses: the guard is in the configuration, not here.
"""

from __future__ import annotations

import sys

from musclepain_lib.classroom.hub_server import defer_iri_grammar


def main(argv: list[str] | None = None) -> None:
    defer_iri_grammar()
    from jupyterhub.app import JupyterHub

    JupyterHub.launch_instance(argv)


if __name__ == "__main__":
    main(sys.argv[1:])
