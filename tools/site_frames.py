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
    #: The values it opens on and each preset's (the controls away from their defaults): a lesson's explorer
    #: opened on one of these is shown with these frames.
    opening_values: dict = field(default_factory=dict)
    preset_values: list[dict] = field(default_factory=list)
    #: The other controls' values when they are not the defaults (a patient's), for the note.
    opened_on: str = ""

    @property
    def slug(self) -> str:
        return static_slug(self.package, self.name)


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


def render(package: str, entry, out: Path, folder: str = "frames", start: dict | None = None) -> StaticExplorer:
    """Build one explorer and render its key control's frames and presets: the other controls at
    their defaults, or at ``start`` (the values a lesson opened it on, a patient's say)."""
    start = dict(start or {})
    widget = getattr(importlib.import_module(f"musclepain_lib.{package}"), entry.name)(**start)
    explorer = getattr(widget, "explorer", widget)
    opening = dict(explorer.values)
    start = explorer.changed_values(opening)
    spec = explorer.specs[entry.lesson_control]
    where = f"{folder}/{static_slug(package, entry.name)}"
    values, frames = [], []
    for value in control_values(spec):
        explorer.reset()
        explorer.set_values(**{**start, spec.name: value})
        values.append(value)
        frames.append(_frame(explorer, out, where))
    values, frames = with_pictures(spec, values, frames)
    static = StaticExplorer(package, entry.name, explorer.title, control_info(spec, values), frames)
    static.opening_values = start
    static.preset_values = [explorer.changed_values(explorer.preset_values(name)) for name in explorer.presets]
    static.opened_on = ", ".join(f"{explorer.specs[n].label} {_text(explorer.specs[n], v)}"
                                 for n, v in start.items() if n != spec.name and v != explorer.specs[n].default)
    static.control["default"] = values.index(min(values, key=lambda v: _distance(v, opening[spec.name])))
    for name, record in explorer.preset_records.items():
        explorer.apply_preset(name)
        frame = _frame(explorer, out, where)
        frame["name"] = record.description
        frame["value"] = control_info(spec, [explorer.values[spec.name]])["texts"][0]
        static.presets.append(frame)
    explorer.reset()
    return static


def _text(spec, value) -> str:
    return control_info(spec, [value])["texts"][0]


def static_slug(package: str, name: str) -> str:
    return f"{package}-{name}".replace("_", "-")


def with_pictures(spec, values: list, frames: list[dict]) -> tuple[list, list[dict]]:
    """A slider's values and frames trimmed to the range where the model draws a picture (the
    other controls at their defaults), so no position of the page's slider shows only a message.
    A choice keeps every option: a message there is what the live explorer says too."""
    drawn = [i for i, frame in enumerate(frames) if "src" in frame]
    if not hasattr(spec, "step") or not drawn:
        return values, frames
    keep = range(drawn[0], drawn[-1] + 1)
    return [values[i] for i in keep], [frames[i] for i in keep]


def distinct_pictures(frames: list[dict]) -> int:
    """How many different pictures the frames hold."""
    return len({frame["src"] for frame in frames if "src" in frame})


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


def explorer_html(static: StaticExplorer, opening_description: str, live_url: str, number: int = 1) -> str:
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
    slider_id = f"slider-{static.slug}" + (f"-{number}" if number > 1 else "")  # unique on its page
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
        f'<p class="explorer-note">{html.escape(static_note(static))} '
        f"The full explorer, with every control, runs in the live lesson{live}.</p>"
        f'<script type="application/json" class="explorer-data">{script_json(data)}</script></div>'
    )


def static_note(static: StaticExplorer) -> str:
    """What the page's explorer shows: its different pictures, counted, over the range it covers."""
    control, count = static.control, distinct_pictures(static.frames)
    texts = control["texts"]
    span = f"from {texts[0]} to {texts[-1]}" if control["unit"] or len(texts) > 2 else f"{' or '.join(texts)}"
    pictures = "one picture" if count == 1 else f"{count} different pictures"
    scenes = f", and {len(static.presets)} scenarios" if static.presets else ""
    others = f"the other controls as the lesson opened it: {static.opened_on}" if static.opened_on else \
        "the other controls at their defaults"
    return (f"Here the {control['label']} slider moves {span} in {len(texts)} steps, with {pictures} "
            f"({others}){scenes}.")


def _verdict(frame: dict) -> str:
    return f'<span class="level-{frame["level"]}">{html.escape(frame["status"])}</span>' if frame["status"] else ""


def script_json(data) -> str:
    # Safe inside <script>: no "</" can close the element early.
    return json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
