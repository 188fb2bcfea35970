"""Static explorers for the course site: the frames of each explorer's key control and presets.

A page with no kernel cannot recompute a model, so at build time each explorer in the
course manifest (:func:`musclepain_lib.core.manifest.explorers`) is moved through its key
control (the one its lesson asks the learner to move, every other control at its
default) in 15 to 30 steps, and put in each of its presets. Each frame keeps the
explorer's picture (compressed to WebP) and its sentence (the reading's description and
verdict). The page then swaps picture and words as the learner moves a real slider or
presses a preset button (``site.js``). Explorers are driven only through their public
methods: ``set_values``, ``apply_preset``, ``image.value`` and ``reading``.
"""

from __future__ import annotations

import hashlib
import html
import importlib
import io
import json
import math
from dataclasses import dataclass, field
from pathlib import Path

from musclepain_lib.core import manifest
from musclepain_lib.core.explorer import LEVEL_SIGNS, LEVEL_WORDS

#: The most frames a key control gets; a control with more steps is sampled evenly.
MAX_FRAMES = 30
#: How many frames a long slider is sampled to.
SAMPLED_FRAMES = 21
#: WebP quality of the frames: the figures' lines and text stay sharp, the files stay small.
WEBP_QUALITY = 82


@dataclass
class StaticExplorer:
    """One explorer's frames: ``slider`` over the key control, then one per preset."""

    package: str
    name: str
    title: str
    control: dict
    frames: list[dict] = field(default_factory=list)
    presets: list[dict] = field(default_factory=list)

    @property
    def slug(self) -> str:
        return f"{self.package}-{self.name}".replace("_", "-")


def control_values(spec) -> list:
    """The values of a key control the site shows: every step of a short control, an even
    sample (with the default) of a long one, or every option of a choice or switch."""
    if hasattr(spec, "options"):
        return list(spec.options)
    if not hasattr(spec, "step"):  # a yes/no switch
        return [False, True]
    steps = round((spec.high - spec.low) / spec.step)
    decimals = max(0, -math.floor(math.log10(spec.step))) if spec.step < 1 else 0
    if steps + 1 <= MAX_FRAMES:
        indices = list(range(steps + 1))
    else:
        indices = sorted({round(i * steps / (SAMPLED_FRAMES - 1)) for i in range(SAMPLED_FRAMES)})
        default = round((spec.default - spec.low) / spec.step)
        nearest = min(range(len(indices)), key=lambda i: abs(indices[i] - default))
        indices[nearest] = default
        indices = sorted(set(indices))
    values = [round(spec.low + i * spec.step, decimals + 2) for i in indices]
    return [int(v) for v in values] if spec.integer else values


def control_info(spec, values) -> dict:
    """What the page's slider says about the control: its label, unit and value names."""
    if hasattr(spec, "options"):
        labels = list(spec.labels or [str(o) for o in spec.options])
        texts = [labels[spec.options.index(v)] for v in values]
        unit = ""
    elif not hasattr(spec, "step"):
        texts, unit = ["off" if not v else "on" for v in values], ""
    else:
        unit = spec.unit
        texts = [f"{v:g} {unit}".strip() for v in values]
    return {"name": spec.name, "label": spec.label, "unit": unit, "texts": texts}


def webp(png: bytes) -> bytes:
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        buffer = io.BytesIO()
        image.convert("RGB").save(buffer, "WEBP", quality=WEBP_QUALITY, method=4)
    return buffer.getvalue()


def _frame(explorer, out: Path, folder: str) -> dict:
    """The explorer's current picture (written once per distinct image) and its sentence."""
    reading = explorer.reading
    frame = {"description": reading.description, "level": reading.level, "status": ""}
    if reading.verdict:
        word = LEVEL_WORDS.get(reading.level, "")
        frame["status"] = f"{LEVEL_SIGNS.get(reading.level, '')} {word}: {reading.verdict}"
    png = explorer.image.value
    if png and explorer.image.layout.display != "none":
        data = webp(png)
        name = hashlib.sha256(data).hexdigest()[:16] + ".webp"
        path = out / folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists():
            path.write_bytes(data)
        frame["src"] = f"{folder}/{name}"
    return frame


def render(package: str, entry, out: Path, folder: str = "frames") -> StaticExplorer:
    """Build one explorer with its defaults and render its key control's frames and presets."""
    widget = getattr(importlib.import_module(f"musclepain_lib.{package}"), entry.name)()
    explorer = getattr(widget, "explorer", widget)
    spec = explorer.specs[entry.lesson_control]
    values = control_values(spec)
    static = StaticExplorer(package, entry.name, explorer.title, control_info(spec, values))
    where = f"{folder}/{static.slug}"
    for value in values:
        explorer.reset()
        explorer.set_values(**{spec.name: value})
        static.frames.append(_frame(explorer, out, where))
    static.control["default"] = values.index(min(values, key=lambda v: _distance(v, spec.default)))
    for name in explorer.presets:
        explorer.apply_preset(name)
        frame = _frame(explorer, out, where)
        frame["name"] = name.replace("_", " ")
        frame["value"] = control_info(spec, [explorer.values[spec.name]])["texts"][0]
        static.presets.append(frame)
    explorer.reset()
    return static


def _distance(value, default) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return abs(value - default)
    return 0.0 if value == default else 1.0


def render_all(out: Path, log=print) -> dict[str, StaticExplorer]:
    """Every explorer of the course manifest, by its title."""
    rendered = {}
    for package, entry in manifest.explorers():
        static = render(package, entry, out)
        log(f"  {static.slug}: {len(static.frames)} frames of {static.control['name']}, {len(static.presets)} presets")
        rendered[static.title] = static
    return rendered


def explorer_html(static: StaticExplorer, opening_description: str, live_url: str) -> str:
    """The static explorer: a slider over the key control, preset buttons, picture, words.

    It opens on the frame whose sentence matches the lesson's opening figure (a preset the
    lesson opened with, say), or else on the key control's default.
    """
    control = static.control
    data = {"control": control, "frames": static.frames, "presets": static.presets}
    start, preset = control["default"], -1
    for index, frame in enumerate(static.presets):
        if frame["description"] == opening_description:
            preset = index
    for index, frame in enumerate(static.frames):
        if frame["description"] == opening_description:
            start, preset = index, -1
    shown = static.presets[preset] if preset >= 0 else static.frames[start]
    slider_id = f"slider-{static.slug}"
    label = control["label"] + (f" ({control['unit']})" if control["unit"] else "")
    buttons = "".join(
        f'<button type="button" class="explorer-preset" aria-pressed="{str(i == preset).lower()}" '
        f'data-preset="{i}">{html.escape(frame["name"])}</button>'
        for i, frame in enumerate(static.presets)
    )
    presets = (
        f'<div class="explorer-presets" role="group" aria-label="Scenarios">'
        f'<span class="explorer-presets-label">Scenarios:</span> {buttons}</div>'
        if buttons
        else ""
    )
    image = (
        f'<img class="explorer-picture" src="{shown["src"]}" alt="{html.escape(shown["description"])}" '
        f'width="750" height="420">'
        if "src" in shown
        else '<img class="explorer-picture" hidden alt="" src="">'
    )
    live = f' (<a href="{live_url}">open it on Binder</a>)' if live_url else ""
    return (
        f'<div class="musclepain-static static-explorer" data-explorer="{static.slug}">'
        f"<h4>{html.escape(static.title)}</h4>"
        f'<div class="explorer-control"><label for="{slider_id}">{html.escape(label)}</label> '
        f'<input type="range" id="{slider_id}" min="0" max="{len(static.frames) - 1}" step="1" '
        f'value="{start}" aria-valuetext="{html.escape(control["texts"][start])}">'
        f'<output for="{slider_id}" class="explorer-value">{html.escape(control["texts"][start])}</output></div>'
        f"{presets}"
        f'<div class="explorer-verdict" role="status">{_verdict(shown)}</div>'
        f'<figure class="musclepain-figure">{image}'
        f'<figcaption class="explorer-description" aria-live="polite">{html.escape(shown["description"])}</figcaption></figure>'
        f'<p class="explorer-note">This page shows {len(static.frames)} pictures of '
        f"{html.escape(control['label'])}, the other controls at their defaults, and the scenarios. "
        f"The full explorer, with every control, runs in the live lesson{live}.</p>"
        f'<script type="application/json" class="explorer-data">{script_json(data)}</script></div>'
    )


def _verdict(frame: dict) -> str:
    return f'<span class="level-{frame["level"]}">{html.escape(frame["status"])}</span>' if frame["status"] else ""


def script_json(data) -> str:
    # Safe inside <script>: no "</" can close the element early.
    return json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
