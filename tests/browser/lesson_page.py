"""What a learner does with a lesson page, written once for JupyterLab and Voila.

``wait_for_widgets`` and ``keyboard_redraws`` work on any page whose explorers carry
the class ``musclepain-explorer``; the rest drives JupyterLab through its
application object (exposed with ``--LabApp.expose_app_in_browser``).
"""

from __future__ import annotations

import os
import secrets
from contextlib import contextmanager
from pathlib import Path

from tools import browser

#: The lessons under test: notebooks/, or the folder named by ``MUSCLEPAIN_LESSONS``.
LESSONS = Path(os.environ.get("MUSCLEPAIN_LESSONS", browser.LESSONS))

EXPLORER = ".musclepain-explorer"
QUESTION = ".musclepain-question"
#: The line an explorer or self-check shows only when no kernel holds it (musclepain_lib/core/kernel_note.py).
KERNEL_NOTE = ".musclepain-kernel-note"
# An explorer's controls, in order: slider handles, rows of buttons, checkboxes (the
# "Scenario" picker above them is not a control of the model).
CONTROLS = ".noUi-handle, .widget-toggle-buttons, .widget-checkbox input"


@contextmanager
def new_page(chromium):
    """A fresh browser tab that records the page's own JavaScript errors."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(60_000)
    browser.local_only(context)
    page = context.new_page()
    page.console_problems = []
    page.on("pageerror", lambda error: page.console_problems.append(str(error)))
    try:
        yield page
    finally:
        context.close()


_NOTEBOOK = "window.jupyterapp.shell.currentWidget"

_KERNEL_READY = f"""() => {{
  if (!window.jupyterapp) return false;
  const w = {_NOTEBOOK};
  if (!w || !w.sessionContext || !w.content || !w.content.model) return false;
  const kernel = w.sessionContext.session && w.sessionContext.session.kernel;
  return !!kernel && kernel.status === 'idle' && kernel.connectionStatus === 'connected';
}}"""

# Done when every non-empty code cell ran, or a cell failed (running stops there).
_RUN_FINISHED = f"""() => {{
  const w = {_NOTEBOOK};
  const kernel = w.sessionContext.session && w.sessionContext.session.kernel;
  let pending = 0, failed = 0;
  for (const cell of w.content.model.cells) {{
    if (cell.type !== 'code') continue;
    if (cell.sharedModel.getSource().trim() && cell.executionCount === null) pending++;
    for (let i = 0; i < cell.outputs.length; i++) {{
      if (cell.outputs.get(i).type === 'error') failed++;
    }}
  }}
  return !!kernel && kernel.status === 'idle' && (pending === 0 || failed > 0);
}}"""

_OUTPUTS = f"""() => {{
  const w = {_NOTEBOOK};
  const found = {{errors: [], stderr: [], explorers: 0, questions: 0, pending: 0}};
  const text = (value) => Array.isArray(value) ? value.join('') : (value || '');
  for (const cell of w.content.model.cells) {{
    if (cell.type !== 'code') continue;
    if (cell.sharedModel.getSource().trim() && cell.executionCount === null) found.pending++;
    for (let i = 0; i < cell.outputs.length; i++) {{
      const out = cell.outputs.get(i).toJSON();
      if (out.output_type === 'error') {{
        found.errors.push(out.ename + ': ' + out.evalue + '\\n' + cell.sharedModel.getSource());
      }}
      if (out.output_type === 'stream' && out.name === 'stderr') found.stderr.push(text(out.text));
      const data = out.data || {{}};
      if (!data['application/vnd.jupyter.widget-view+json']) continue;
      const html = text(data['text/html']);
      if (html.includes('musclepain-static')) found.explorers++;
      if (html.includes('musclepain-question')) found.questions++;
    }}
  }}
  return found;
}}"""

# Widget views that failed to render show this text (ipywidgets 8).
_WIDGET_FAILURES = """() => Array.from(document.querySelectorAll('.jp-OutputArea-output'))
  .map(el => el.innerText).filter(t => /Error displaying widget|Error rendering output/.test(t))"""


def open_in_lab(page, lab, lesson: str) -> None:
    """Open a lesson in its own JupyterLab workspace and wait for an idle kernel."""
    workspace = f"test-{secrets.token_hex(4)}"
    page.goto(f"{lab.url}/lab/workspaces/{workspace}/tree/notebooks/{lesson}?reset&token={lab.token}")
    page.wait_for_function(_KERNEL_READY, timeout=120_000, polling=250)


def run_all_cells(page, timeout_s: float = 300) -> dict:
    """Run every cell as a learner would (Run > Run All Cells); return what they output."""
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_function(_RUN_FINISHED, timeout=timeout_s * 1000, polling=250)
    return page.evaluate(_OUTPUTS)


def kernel_print(page, code: str) -> list[str]:
    """Run ``code`` in the open lesson's kernel, unseen; return the lines it printed."""
    printed = page.evaluate(
        f"""async (code) => {{
          const kernel = {_NOTEBOOK}.sessionContext.session.kernel;
          let text = '';
          const future = kernel.requestExecute({{code, silent: false, store_history: false}});
          future.onIOPub = (msg) => {{ if (msg.header.msg_type === 'stream') text += msg.content.text; }};
          await future.done;
          return text;
        }}""",
        code,
    )
    return printed.splitlines()


def count_outputs(path: Path) -> dict:
    """Run a lesson without a browser; count the explorers and questions it shows."""
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    NotebookClient(notebook, timeout=300, resources={"metadata": {"path": str(path.parent)}}).execute()
    found = {"explorers": 0, "questions": 0}
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "application/vnd.jupyter.widget-view+json" in data:
                found["explorers"] += "musclepain-static" in data.get("text/html", "")
                found["questions"] += "musclepain-question" in data.get("text/html", "")
    return found


def widget_failures(page) -> list[str]:
    return page.evaluate(_WIDGET_FAILURES)


def kernel_notes(page, selector: str) -> list[str | None]:
    """For each element matching ``selector`` (explorers, questions), the kernel note it shows:
    its text when shown, '' when it is there but hidden, None when it has none."""
    return page.evaluate(
        """([selector, note]) => Array.from(document.querySelectorAll(selector)).map(el => {
          const found = el.querySelector(note);
          if (!found) return null;
          return found.checkVisibility() ? found.innerText.trim() : '';
        })""",
        [selector, KERNEL_NOTE],
    )


def shut_down_kernel(page, lab) -> None:
    """Free the lesson's kernel (two cores are shared by many testers)."""
    for session in lab.api("/api/sessions"):
        lab.api(f"/api/sessions/{session['id']}", method="DELETE")


def wait_for_widgets(page, outputs: dict, scope: str = "", timeout_s: float = 60) -> None:
    """Wait until the lesson's explorers show a figure (or a message instead of one) and
    its questions are drawn; ``outputs`` gives how many of each it has."""
    page.wait_for_function(
        """([explorer, question, explorers, questions]) => {
          const shown = document.querySelectorAll(explorer);
          if (shown.length < explorers || document.querySelectorAll(question).length < questions) return false;
          return Array.from(shown).every(ex => {
            const img = ex.querySelector('img');
            return (img && img.src && img.complete && img.naturalWidth > 0) || /No figure/.test(ex.innerText);
          });
        }""",
        arg=[f"{scope} {EXPLORER}".strip(), f"{scope} {QUESTION}".strip(), outputs["explorers"], outputs["questions"]],
        timeout=timeout_s * 1000,
        polling=250,
    )


def explorer_state(explorer) -> dict:
    """The figure an explorer shows (its image address and description) and its words."""
    return explorer.evaluate(
        """ex => {
          const img = ex.querySelector('img');
          return {src: img ? img.src : '', shown: !!img && img.offsetParent !== null,
                  description: img ? (img.getAttribute('alt') || img.getAttribute('title') || '') : '',
                  text: ex.innerText};
        }"""
    )


def _control_value(control, kind: str) -> str:
    if kind == "slider":  # the value as shown (aria-valuenow is rounded to one decimal)
        return control.get_attribute("aria-valuetext") or control.get_attribute("aria-valuenow") or ""
    if kind == "buttons":
        return control.locator("button.mod-active").first.inner_text()
    return str(control.is_checked())


def press_control(page, control) -> tuple[str, bool]:
    """Move one control with the keyboard only; return what was pressed and whether the
    control's value changed."""
    kind = control.evaluate(
        "el => el.classList.contains('noUi-handle') ? 'slider' "
        ": (el.classList.contains('widget-toggle-buttons') ? 'buttons' : 'checkbox')"
    )
    before = _control_value(control, kind)
    if kind == "slider":
        control.focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(100)
        pressed = "ArrowRight on a slider"
        if _control_value(control, kind) == before:  # already at its top end
            page.keyboard.press("ArrowLeft")
            pressed = "ArrowLeft on a slider"
    elif kind == "buttons":
        control.locator("button:not(.mod-active)").first.focus()
        page.keyboard.press("Enter")
        pressed = "Enter on an unselected button"
    else:
        control.focus()
        page.keyboard.press("Space")
        pressed = "Space on a checkbox"
    page.wait_for_timeout(100)
    return pressed, _control_value(control, kind) != before


def figure_changes(explorer, old_src: str, timeout_s: float) -> bool:
    """Whether the explorer shows a different picture, or a message instead of one, in time."""
    return explorer.evaluate(
        """(ex, [old, timeout]) => new Promise((resolve) => {
          const started = Date.now();
          const look = () => {
            const img = ex.querySelector('img');
            const changed = img && img.src && img.src !== old && img.complete && img.naturalWidth > 0;
            if (changed || /No figure/.test(ex.innerText)) return resolve(true);
            if (Date.now() - started > timeout) return resolve(false);
            setTimeout(look, 50);
          };
          look();
        })""",
        [old_src, timeout_s * 1000],
    )


def _sliders_first(explorer) -> list[int]:
    """The positions of an explorer's controls (``CONTROLS``, in page order) in the order to
    try them: its first slider that can move, its first other control, then the rest."""
    kinds = explorer.evaluate(
        f"""(ex) => Array.from(ex.querySelectorAll('{CONTROLS}')).map(el =>
          el.classList.contains('noUi-handle') && !el.closest('.noUi-target').hasAttribute('disabled'))"""
    )
    sliders = [i for i, slider in enumerate(kinds) if slider]
    others = [i for i, slider in enumerate(kinds) if not slider]
    # One of each kind first: a slider whose step leaves the figure as it was (a count inside
    # the same band) is seldom followed by another slider that moves it.
    first = sliders[:1] + others[:1]
    return first + [i for i in range(len(kinds)) if i not in first]


def keyboard_redraws(page, explorer, timeout_s: float = 8) -> list[str]:
    """Move an explorer's controls with the keyboard until the figure changes: its first
    slider that is not greyed out (a slider moves the figure; a row of buttons may switch
    what a click marks and leave the figure as it was), its first other control, then the rest.

    The first control must answer the keyboard; a control whose move leaves the figure
    as it was (a joint count inside the same score band, say) is passed over for the
    next. Returns what was pressed; raises AssertionError when nothing redraws.
    """
    controls = explorer.locator(CONTROLS)
    pressed = []
    for index, at in enumerate(_sliders_first(explorer)):
        before = explorer_state(explorer)["src"]
        what, moved = press_control(page, controls.nth(at))
        pressed.append(what)
        assert moved or index, f"the first control did not answer the keyboard ({what})"
        # The first try allows for a slow first draw; later ones only for the usual. A redraw
        # that comes later still is seen by the next try, which compares with the picture then.
        if figure_changes(explorer, before, timeout_s if index == 0 else 3):
            return pressed
    raise AssertionError(f"no control redrew the figure: {pressed}")
