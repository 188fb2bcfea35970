"""JupyterLab, Voila and Debian's Chromium for the checks that need a real browser.

Shared by the browser tests (tests/browser), the latency benchmark
(benchmarks/bench_browser.py) and the site checker (tools/check_site.py). Every server
runs on a free port of 127.0.0.1 with its own throw-away Jupyter folders, so a
tester's own settings, kernels and progress file are never read or changed, and it is
always stopped (with its kernels) when the block that started it ends.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LESSONS = ROOT / "notebooks"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",
]
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
#: axe-core impacts that fail a check; "minor" and "moderate" are reported, not failed.
BLOCKING_IMPACTS = ("serious", "critical")

# JupyterLab settings for a quiet, repeatable session: no news or update pop-up, no
# autosave into the copied lessons.
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension/notification": {"checkForUpdates": False, "fetchNews": "false"},
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
    # Every cell stays in the page, so every explorer can be found and counted.
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
}


def lesson_paths(folder: Path = LESSONS) -> list[Path]:
    """The lessons in teaching order, as the course manifest lists them."""
    from musclepain_lib.core import manifest

    return manifest.lesson_paths(folder)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def copy_lessons(source: Path, target: Path) -> Path:
    """Copy a lessons folder (notebooks and their pictures) so a run never writes to it."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns(".ipynb_checkpoints", ".progress*"))
    return target


def isolated_env(workdir: Path) -> dict:
    """Environment for a server: its own Jupyter folders, and a throw-away progress file."""
    env = dict(os.environ)
    for name in ("config", "data", "runtime"):
        (workdir / name).mkdir(parents=True, exist_ok=True)
    env.update(
        JUPYTER_CONFIG_DIR=str(workdir / "config"),
        JUPYTER_DATA_DIR=str(workdir / "data"),
        JUPYTER_RUNTIME_DIR=str(workdir / "runtime"),
        IPYTHONDIR=str(workdir / "ipython"),
        MUSCLEPAIN_PROGRESS=os.environ.get("MUSCLEPAIN_PROGRESS", str(workdir / "progress.json")),
        PYTHONUNBUFFERED="1",
    )
    env.pop("JUPYTER_PATH", None)
    # Kernels use the notebook backend (as a learner's would), not a test's Agg.
    env.pop("MPLBACKEND", None)
    return env


class Server:
    """A Jupyter server process on a free port; ``url`` ends without a slash.

    Used as a context manager: ready (``ready_path`` answers) on entry, stopped with
    its kernels on exit.
    """

    def __init__(self, command: list[str], port: int, token: str, workdir: Path, ready_path: str):
        self.port, self.token, self.workdir, self.ready_path = port, token, workdir, ready_path
        self.url = f"http://127.0.0.1:{port}"
        self.log_path = workdir / "server.log"
        self._log = open(self.log_path, "wb")
        self.process = subprocess.Popen(
            command, cwd=workdir, env=isolated_env(workdir), stdout=self._log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True,
        )

    def __enter__(self) -> "Server":
        try:
            self.wait_ready(self.ready_path)
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *_exc) -> None:
        self.stop()

    def wait_ready(self, path: str, timeout: float = 90.0) -> None:
        wait_until_answers(self.process, f"{self.url}{path}", timeout, self.log)

    def api(self, path: str, method: str = "GET"):
        request = urllib.request.Request(
            f"{self.url}{path}", method=method, headers={"Authorization": f"token {self.token}"}
        )
        with urllib.request.urlopen(request, timeout=10) as answer:
            body = answer.read()
        return json.loads(body) if body else None

    def log(self, last: int = 4000) -> str:
        self._log.flush()
        return self.log_path.read_text(errors="replace")[-last:]

    def stop(self) -> None:
        """Stop the server, then any kernel it left running (kernels run in sessions of
        their own, so they are found as the server's children)."""
        stop_with_leftovers(self.process, _children(self.process.pid), timeout=15)
        self._log.close()


def wait_until_answers(process: subprocess.Popen, url: str, timeout: float, log) -> None:
    """Wait until ``url`` answers 200 while ``process`` runs; ``log()`` gives its output for the error."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server stopped at start (exit {process.returncode}):\n{log()}")
        try:
            with urllib.request.urlopen(url, timeout=5) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"server not ready after {timeout:.0f} s:\n{log()}")


def stop_with_leftovers(process: subprocess.Popen, started: dict[int, bytes], timeout: float) -> None:
    """Stop a process group started with ``start_new_session``, then any of ``started`` (pid: command
    line, e.g. kernels in sessions of their own) still running as that same program."""
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)
        except ProcessLookupError:
            pass
    for pid, command in started.items():
        if _command(pid) == command:  # still that process, not a new one with its number
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def _command(pid: int) -> bytes | None:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None


def _children(pid: int) -> dict[int, bytes]:
    """The processes whose parent is ``pid``, with their command lines (Linux /proc)."""
    found = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            child = int(stat.parent.name)
            found[child] = _command(child)
    return found


#: What a learner's JupyterLab draws of a long notebook: JupyterLab's own default (the tests
#: keep every cell in the page instead, to find and count every explorer).
LEARNER_WINDOWING = ("@jupyterlab/notebook-extension/tracker",)


def _write_lab_settings(folder: Path, learner: bool = False) -> None:
    for plugin, settings in LAB_SETTINGS.items():
        if learner and plugin in LEARNER_WINDOWING:
            continue
        path = folder / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(settings))


def lab_server(root_dir: Path, workdir: Path, learner: bool = False) -> Server:
    """JupyterLab serving ``root_dir``, with kernels in this Python (the course's venv).

    ``learner``: lay out notebooks as a learner's JupyterLab does (its default windowing),
    not with every cell kept in the page as the tests need."""
    port, token = free_port(), secrets.token_hex(16)
    _write_lab_settings(workdir / "user-settings", learner)
    command = [
        sys.executable, "-m", "jupyter", "lab",
        "--allow-root", "--no-browser", "--ServerApp.open_browser=False",
        "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root_dir}",
        "--LabApp.expose_app_in_browser=True", "--LabApp.news_url=None",
        f"--LabApp.user_settings_dir={workdir / 'user-settings'}",
        f"--LabApp.workspaces_dir={workdir / 'workspaces'}",
        "--KernelSpecManager.ensure_native_kernel=True",
    ]
    return Server(command, port, token, workdir, f"/api/status?token={token}")


def voila_server(root_dir: Path, workdir: Path) -> Server:
    """Voila serving every notebook in ``root_dir`` at ``/voila/render/<name>``."""
    port, token = free_port(), secrets.token_hex(16)
    command = [
        sys.executable, "-m", "voila", str(root_dir),
        "--no-browser", "--Voila.ip=127.0.0.1", f"--Voila.port={port}", "--Voila.port_retries=0",
        f"--Voila.token={token}", "--VoilaConfiguration.show_tracebacks=True",
    ]
    return Server(command, port, token, workdir, f"/?token={token}")


@contextmanager
def chromium():
    """Debian's Chromium, headless, driven by Playwright (which never downloads a browser)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"{CHROMIUM} is missing: run `make chromium` (Debian's chromium package)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


#: Known gaps of ipywidgets 8 that no widget option reaches, as (axe rule, element
#: class): a slider's handle (noUiSlider's div role="slider") gets no accessible
#: name from the widget's description. The explorers pair every slider with a
#: number box that carries the label, so a screen-reader user sets the value there.
UPSTREAM_GAPS = (("aria-input-field-name", "noUi-handle"),)


def local_only(context) -> None:
    """Refuse every request that leaves this machine (a page's CDN scripts, say): the
    checks run offline, and a request left hanging would hold back the page's load."""
    context.route(
        "**/*",
        lambda route: route.continue_()
        if route.request.url.startswith(("http://127.0.0.1", "data:", "blob:"))
        else route.abort(),
    )


def axe_violations(
    page, include: list[str] | None = None, impacts=BLOCKING_IMPACTS, known_gaps=UPSTREAM_GAPS
) -> list[str]:
    """Run axe-core (from the npm registry, see package.json) on a page; list what fails.

    ``include`` limits the check to elements matching these CSS selectors (the
    course's own parts of a JupyterLab page). Each line names the rule, its impact,
    and the first elements it found; ``known_gaps`` are left out.
    """
    if not AXE_SCRIPT.exists():
        raise RuntimeError(f"{AXE_SCRIPT} is missing: run `npm ci` in {ROOT}")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE_SCRIPT.read_text())
    context = {"include": [[s] for s in include]} if include else None
    results = page.evaluate(
        "async (context) => (await window.axe.run(context || document, "
        "{resultTypes: ['violations']})).violations",
        context,
    )
    found = []
    for violation in results:
        nodes = [
            node for node in violation["nodes"]
            if not any(violation["id"] == rule and marker in node["html"] for rule, marker in known_gaps)
        ]
        if nodes and violation["impact"] in impacts:
            targets = "; ".join(" ".join(node["target"]) for node in nodes[:3])
            found.append(f"{violation['id']} ({violation['impact']}): {violation['help']} at {targets}")
    return found


# ----- dragging an explorer's slider ------------------------------------------------------
# Records every new picture an element shows (time and address), every new value its
# dragged slider's handle shows (time and value: the text a screen reader reads, else the
# number), and the times of the pointer's press and release anywhere in the page.
_WATCH_PICTURES = """(el, slider) => {
  const watch = {pictures: [], captions: [], values: [], down: null, up: null};
  window.__pictures = watch;
  document.addEventListener('pointerdown', () => { watch.down = performance.now(); }, {capture: true, once: true});
  document.addEventListener('pointerup', () => { watch.up = performance.now(); }, {capture: true, once: true});
  // What the explorer shows: its picture, or, where the model refuses the values, the message
  // it shows instead; and the caption under it. Each value drawn changes one or both: a value
  // drawn as the last value's picture (a treatment start after the years shown) changes only
  // the caption, and a caption that does not name the value changes only with the picture.
  const picture = () => {
    const img = el.querySelector('img');
    if (img && img.src && img.style.display !== 'none') return img.src;
    const status = el.querySelector('[role=status]');
    return status ? 'message: ' + status.textContent : null;
  };
  const caption = () => (el.querySelector('.musclepain-caption') || {}).textContent || '';
  let lastPicture = picture(), lastCaption = caption();
  new MutationObserver(() => {
    const now = performance.now(), shown = picture(), said = caption();
    if (shown && shown !== lastPicture) {
      lastPicture = shown;
      watch.pictures.push(now);
    }
    if (said !== lastCaption) {
      lastCaption = said;
      watch.captions.push(now);
    }
  }).observe(el, {subtree: true, childList: true, characterData: true, attributes: true,
                  attributeFilter: ['src', 'style']});
  const handle = el.querySelectorAll('.noUi-handle')[slider];
  const shown = () => handle.getAttribute('aria-valuetext') || handle.getAttribute('aria-valuenow');
  let value = shown();
  new MutationObserver(() => {
    if (shown() !== value) {
      value = shown();
      watch.values.push([performance.now(), value]);
    }
  }).observe(handle, {attributes: true, attributeFilter: ['aria-valuenow', 'aria-valuetext']});
}"""

# The bytes of the picture an element shows now (a blob: URL for an ipywidgets Image, a data: URL
# for an explorer's picture).
_PICTURE_BYTES = """async (el) => {
  const img = el.querySelector('img');
  if (!img || !img.src) return null;
  const bytes = new Uint8Array(await (await fetch(img.src)).arrayBuffer());
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}"""


def picture_bytes(element) -> bytes | None:
    """The PNG an explorer (or any element with an ``img``) shows now."""
    import base64

    encoded = element.evaluate(_PICTURE_BYTES)
    return base64.b64decode(encoded) if encoded else None


def same_picture(png: bytes | None, other: bytes | None, share: float = 0.01) -> bool:
    """Whether two PNGs show the same picture: same size, and at most ``share`` of the
    pixels differ visibly (0: none may; a kept backdrop may round a few edge pixels
    differently)."""
    import io

    import numpy as np
    from PIL import Image

    try:
        first, second = (np.asarray(Image.open(io.BytesIO(p)).convert("RGB")).astype(int) for p in (png, other))
    except (TypeError, OSError):  # no picture (None, or a message shown instead of one)
        return False
    return first.shape == second.shape and (np.abs(first - second).sum(axis=2) > 60).mean() <= share


def slider_handle(element, slider: int):
    """The handle of an element's ``slider``-th slider (in page order), unfolded into view
    when it sits under a folded section (an explorer's "More controls")."""
    handle = element.locator(".noUi-handle").nth(slider)
    if not handle.is_visible():
        element.locator(".jupyter-widget-Collapse:not(.jupyter-widget-Collapse-open) .jupyter-widget-Collapse-header").first.click()
        handle.wait_for(state="visible")
    return handle


def number_box(handle):
    """The number box beside a slider's handle (an explorer's control shows both)."""
    return handle.locator("xpath=ancestor::div[contains(@class, 'widget-hbox')][1]//input").first


def _settled_boxes(page, track, handle, timeout_s: float = 5.0):
    """Where a slider's track and handle are once scrolled into view and still: in a long
    notebook, cells drawn on the way (JupyterLab draws off-screen cells lazily) move it."""
    deadline = time.monotonic() + timeout_s
    before = None
    while True:
        handle.scroll_into_view_if_needed()
        page.wait_for_timeout(150)
        now = (track.bounding_box(), handle.bounding_box())
        if now == before or time.monotonic() > deadline:
            return now
        before = now


def drag_slider(page, element, slider: int = 0, seconds: float = 2.0, settle_s: float = 1.0) -> dict:
    """Drag one of an element's sliders with the mouse for ``seconds``, over most of its
    track and part of the way back, then release it; wait until the picture settles.

    Returns the pictures shown while the button was down (``during``: count and per
    second; where the model refuses the values, each new message shown instead of a
    picture counts as one; where more captions changed than pictures, as when values
    beyond the years shown draw the same picture, the captions are counted), the
    release-to-last-picture time (``final_ms``, 0 when the picture shown at
    release was already the last), the value the control ends at (``value``, as its
    number box shows it) and the last picture (``png``). Beside them: how often the
    slider moved to another value while the button was down (``values_passed``, also per
    second in ``values_per_second``; the values the hand passed, each a picture the
    explorer could have drawn) and ``pictures_per_value`` (pictures shown over values
    passed: 1 when every value passed was drawn; a slider with few steps cannot show
    many pictures a second however fast the explorer).
    """
    handle = slider_handle(element, slider)
    track, box = _settled_boxes(page, element.locator(".noUi-target").nth(slider), handle)
    start_x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    left, right = track["x"] + 2, track["x"] + track["width"] - 2
    far = left if start_x - left > right - start_x else right
    element.evaluate(_WATCH_PICTURES, slider)
    page.mouse.move(start_x, y)
    page.mouse.down()
    began = time.monotonic()
    while (elapsed := time.monotonic() - began) < seconds:
        # two thirds of the time towards the far end, then a third of the way back
        part = elapsed / seconds
        to = far if part < 2 / 3 else far + (start_x - far) * (part - 2 / 3)
        page.mouse.move(start_x + (to - start_x) * min(1.0, part * 1.5), y)
        page.wait_for_timeout(15)
    page.mouse.up()
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:  # settled: no new picture for settle_s
        quiet = page.evaluate(
            "(settle) => { const w = window.__pictures;"
            " return w.up !== null && performance.now() - Math.max(w.up, ...w.pictures, ...w.captions) > settle; }",
            settle_s * 1000,
        )
        if quiet:
            break
        page.wait_for_timeout(100)
    watch = page.evaluate("() => window.__pictures")
    down, up = watch["down"], watch["up"]
    # The views shown: new pictures, or new captions where more captions than pictures changed.
    views = (watch["pictures"], watch["captions"])
    during = max(([t for t in times if down <= t <= up] for times in views), key=len)
    after = [t for times in views for t in times if t > up]
    passed = [t for t, _value in watch["values"] if down <= t <= up]
    held_s = (up - down) / 1000 if up > down else 0.0
    number = number_box(handle)
    return {
        "during": len(during),
        "per_second": len(during) / held_s if held_s else 0.0,
        "final_ms": (max(after) - up) if after else 0.0,
        "value": float(number.input_value()),
        "png": picture_bytes(element),
        "values_passed": len(passed),
        "values_per_second": len(passed) / held_s if held_s else 0.0,
        "pictures_per_value": len(during) / len(passed) if passed else 0.0,
    }


# ----- signs a font cannot draw ---------------------------------------------------------------
# A character no font of the page has is drawn as the font's "missing glyph" box (tofu). Each
# distinct non-ASCII character of the visible text is drawn on a canvas in the font its element
# shows it in, and compared with a character no font has (U+10FFFD, the last private-use code
# point): the same pixels mean the browser had no glyph for it. Spaces, marks and format
# characters (a variation selector, a joiner) draw nothing of their own and are left out.
_MISSING_GLYPHS = """async ([selector, reference]) => {
  await document.fonts.ready;
  const canvas = document.createElement('canvas');
  canvas.width = 96; canvas.height = 64;
  const ctx = canvas.getContext('2d', {willReadFrequently: true});
  const draw = (text, font) => {
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.font = font; ctx.textBaseline = 'alphabetic'; ctx.fillStyle = '#000';
    ctx.fillText(text, 8, 44);
    return ctx.getImageData(0, 0, canvas.width, canvas.height).data;
  };
  const same = (a, b) => a.length === b.length && a.every((v, i) => v === b[i]);
  const skip = /[\\p{Z}\\p{C}\\p{M}]/u;
  const seen = new Map();  // font -> Map(char -> a bit of the text it stands in)
  for (const root of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      if (!el || !el.checkVisibility({visibilityProperty: true, opacityProperty: false})) continue;
      if (['SCRIPT', 'STYLE', 'NOSCRIPT'].includes(el.tagName)) continue;
      if (el.closest('mjx-assistive-mml')) continue;  // MathJax's copy for screen readers, clipped away
      const text = node.nodeValue;
      if (!/[^\\x00-\\x7f]/.test(text)) continue;
      const css = getComputedStyle(el);
      const font = `${css.fontStyle} ${css.fontWeight} 32px ${css.fontFamily}`;
      if (!seen.has(font)) seen.set(font, new Map());
      const chars = Array.from(text);  // by code point: an emoji is one, not two halves
      chars.forEach((ch, at) => {
        if (ch.codePointAt(0) < 0x80 || skip.test(ch) || seen.get(font).has(ch)) return;
        seen.get(font).set(ch, chars.slice(Math.max(0, at - 20), at + 20).join('').trim());
      });
    }
  }
  const missing = [], tried = new Set();
  for (const [font, chars] of seen) {
    const tofu = draw(reference, font);
    for (const [ch, where] of chars) {
      tried.add(ch);
      if (same(draw(ch, font), tofu)) {
        missing.push({char: ch, code: 'U+' + ch.codePointAt(0).toString(16).toUpperCase().padStart(4, '0'), font, where});
      }
    }
  }
  return {missing, tried: Array.from(tried)};
}"""

#: A code point no font has a glyph for: what the browser draws for it is the missing-glyph box.
NO_GLYPH = "\U0010fffd"


def missing_glyphs(page, selector: str = "body", tried: set | None = None) -> list[str]:
    """The characters of the visible text under ``selector`` that the page's fonts cannot draw.

    Each is reported once per font as ``U+1F4A1 '💡' in <font>: <text around it>``: the
    browser shows it as an empty box. Only non-ASCII characters are tried (every text font
    has ASCII); ``tried``, when given, receives every character that was.
    """
    found = page.evaluate(_MISSING_GLYPHS, [selector, NO_GLYPH])
    if tried is not None:
        tried.update(found["tried"])
    return [f"{m['code']} {m['char']!r} in {m['font']}: {m['where']!r}" for m in found["missing"]]
