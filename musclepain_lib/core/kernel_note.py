"""A line a widget shows only where no kernel holds it any more.

A lesson saved in JupyterLab keeps its widgets' last state (share/lab/musclepain-settings.json
turns that on). Opened again, the widgets are drawn from that state with no connection to a
kernel: the new kernel JupyterLab starts knows nothing of them, so an explorer keeps its last
picture but its controls move nothing, and a self-check shows its question but checks no answer.
ipywidgets marks the view of every widget no kernel holds with the class
``jupyter-widgets-disconnected`` (widgets restored from a saved notebook or a page's embedded
state, and every widget once its kernel restarts, in JupyterLab or in a Voila page); a live
widget's view never has it. Voila itself never restores saved widgets: each page it opens runs
the lesson in a new kernel. So a note
shown only with that class needs no kernel, no extension and no script: the style rule travels
inside the note itself. The broken-chain sign ipywidgets draws before each such widget is left out
of the course's explorers and self-checks, whose note says it in words instead.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

__all__ = ["NOTE_CLASS", "kernel_note"]

#: The class of every such note (the browser tests look for it).
NOTE_CLASS = "musclepain-kernel-note"

_STYLE = (
    "<style>"
    f".{NOTE_CLASS}:not(.jupyter-widgets-disconnected){{display:none !important}}"
    f".{NOTE_CLASS} p{{margin:0.2em 0;font-style:italic}}"
    ".musclepain-explorer.jupyter-widgets-disconnected::before,"
    ".musclepain-explorer .jupyter-widgets-disconnected::before,"
    ".musclepain-question.jupyter-widgets-disconnected::before,"
    ".musclepain-question .jupyter-widgets-disconnected::before{content:none;display:none}"
    "</style>"
)


def kernel_note(text: str) -> widgets.HTML:
    """A widget showing ``text`` only where no kernel holds it: hidden in a running lesson,
    shown in one reopened from its saved widgets."""
    note = widgets.HTML(f"{_STYLE}<p role='note'>{html.escape(text)}</p>")
    note.add_class(NOTE_CLASS)
    return note
