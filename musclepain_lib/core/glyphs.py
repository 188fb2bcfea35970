"""Text drawn from glyphs drawn before: the course's figures redraw their words quickly.

Matplotlib's Agg renderer lays out every text and renders each of its glyphs with FreeType
on every draw: about 1.4 ms a text, two thirds of a whole redraw of an explorer with two
axes and their legends (tick labels, axis labels, legend entries), and most of what a
moving heading costs. A glyph's bitmap depends only on its font, size, resolution, hinting,
rotation and the fraction of a pixel (in FreeType's 1/64 px) where it falls: the same glyph
at the same fraction is the same bitmap moved by whole pixels. So :class:`GlyphCanvas`
keeps each text's layout and each glyph's bitmap and draws them again where they fall,
pixel for pixel what Matplotlib draws (``tests/test_core_glyphs.py`` compares every
explorer's picture both ways).

It leans on Matplotlib's Agg internals (3.11): where they differ, :func:`glyph_canvas`
gives Matplotlib's own canvas instead, and nothing but speed changes.
"""

from __future__ import annotations

import math

import matplotlib as mpl
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.font_manager import fontManager, get_font

try:
    from matplotlib.backends.backend_agg import RenderMode, get_hinting_flag
    from matplotlib.ft2font import FT2Font
except ImportError:  # an older Matplotlib, with another text path
    FT2Font = None

#: Most glyph bitmaps kept (a few hundred bytes each); past it the store starts afresh.
MOST_GLYPHS = 50_000
#: Most text layouts kept.
MOST_LAYOUTS = 5_000

_layouts: dict = {}
_glyphs: dict = {}
_line_metrics: dict = {}
#: The settings by which Matplotlib finds a font for a generic family ("sans-serif").
_FAMILY_SETTINGS = ("font.serif", "font.sans-serif", "font.cursive", "font.fantasy", "font.monospace")


def _internals_present() -> bool:
    """Whether this Matplotlib draws text glyph by glyph as :meth:`GlyphRenderer.draw_text`
    assumes (FreeType transform, render and layout calls; the renderer's font and blit)."""
    if FT2Font is None:
        return False
    font_calls = ("_layout", "_set_transform", "_render_glyph", "set_size")
    return (all(hasattr(FT2Font, name) for name in font_calls) and hasattr(RendererAgg, "_prepare_font")
            and hasattr(fontManager, "_find_fonts_by_props"))


def _hashable(value):
    try:
        hash(value)
    except TypeError:
        return repr(value)
    return value


class GlyphRenderer(RendererAgg):
    """Agg's renderer, drawing plain text from kept layouts and glyph bitmaps."""

    def _get_font_height_metrics(self, prop):
        """A font's line metrics in pixels (ascent, descent, line gap), as ``Text`` reads them
        from its tables to lay a text out, found once for each font, size and resolution.

        Matplotlib asks a renderer for these before it finds the font and reads its tables
        itself, each time it measures or draws a text (several times a tick label a redraw);
        the values here are the ones it computes (Nones where the font has neither table, so
        that it measures as usual).
        """
        key = (prop, self.dpi, tuple(tuple(mpl.rcParams[name]) for name in _FAMILY_SETTINGS))
        kept = _line_metrics.get(key)
        if kept is None:
            kept = _font_height_metrics(prop, self.dpi)
            if len(_line_metrics) >= MOST_LAYOUTS:
                _line_metrics.clear()
            _line_metrics[key] = kept
        return kept

    def draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):
        if ismath:
            return super().draw_text(gc, x, y, s, prop, angle, ismath, mtext)
        # The font (with its fallbacks) as Matplotlib finds it for these properties and settings.
        font = get_font(fontManager._find_fonts_by_props(prop))
        size = prop.get_size_in_points()
        flags = get_hinting_flag()
        features = mtext.get_fontfeatures() if mtext is not None and hasattr(mtext, "get_fontfeatures") else None
        language = mtext.get_language() if mtext is not None and hasattr(mtext, "get_language") else None
        key = (id(font), s, size, self.dpi, flags, _hashable(features), _hashable(language))
        kept = _layouts.get(key)
        if kept is None or kept[0] is not font:  # the entry holds its font, so no other takes its id
            font = self._prepare_font(prop)
            laid = font._layout(s, flags=flags, features=features, language=language)
            kept = (font, [(item.ft_object, item.glyph_index, item.x, item.y) for item in laid])
            if len(_layouts) >= MOST_LAYOUTS:
                _layouts.clear()
            _layouts[key] = kept
        self._draw_kept_glyphs(gc, x, y, angle, size, flags, kept[1])

    def _draw_kept_glyphs(self, gc, x, y, angle, size, flags, items):
        """What ``RendererAgg._draw_text_glyphs_and_boxes`` does for plain text, with each
        glyph's bitmap rendered once for each fraction of a pixel it falls at."""
        cos, sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))
        # FreeType's 16.16 rotation, as Matplotlib rounds it (no slant, no stretch here)
        matrix = [[round(0x10000 * cos), round(-0x10000 * sin)], [round(0x10000 * sin), round(0x10000 * cos)]]
        shape = (matrix[0][0], matrix[0][1], matrix[1][0], matrix[1][1])
        antialiased = gc.get_antialiased()
        height = self.height
        for font, glyph_index, dx, dy in items:  # dy is upwards
            # FreeType's y is upwards; positions in 1/64 px
            at_x = round(0x40 * (x + dx * cos - dy * sin))
            at_y = round(0x40 * (height - y + dx * sin + dy * cos))
            key = (id(font), size, self.dpi, glyph_index, flags, antialiased, shape, at_x & 63, at_y & 63)
            kept = _glyphs.get(key)
            if kept is None or kept[3] is not font:
                kept = self._render_glyph(font, size, glyph_index, flags, antialiased, matrix, at_x, at_y)
                if len(_glyphs) >= MOST_GLYPHS:
                    _glyphs.clear()
                _glyphs[key] = kept
            buffer, left, top, _font = kept
            left += at_x >> 6
            top += at_y >> 6
            # draw_text_image's y is downwards and names the bitmap's bottom side
            self._renderer.draw_text_image(buffer, left, int(height) - top + buffer.shape[0], 0, gc)

    def _render_glyph(self, font, size, glyph_index, flags, antialiased, matrix, at_x, at_y):
        """A glyph's bitmap, its left and top sides from the whole pixel it falls in, and its font."""
        font.set_size(size, self.dpi)
        font._set_transform(matrix, [at_x, at_y])
        bitmap = font._render_glyph(glyph_index, flags, RenderMode.NORMAL if antialiased else RenderMode.MONO)
        buffer = bitmap.buffer.copy()
        if not antialiased:
            buffer *= 0xFF
        return buffer, bitmap.left - (at_x >> 6), bitmap.top - (at_y >> 6), font


def _font_height_metrics(prop, dpi) -> tuple:
    """What ``Text._get_layout`` reads from a font's OS/2 or hhea table, in pixels."""
    font = get_font(fontManager._find_fonts_by_props(prop))
    for table_name, gap, ascent, descent in (("OS/2", "sTypoLineGap", "sTypoAscender", "sTypoDescender"),
                                             ("hhea", "lineGap", "ascent", "descent")):
        table = font.get_sfnt_table(table_name)
        if table is None:
            continue
        scale = 1 / font.get_sfnt_table("head")["unitsPerEm"] * prop.get_size_in_points() * dpi / 72
        return table[ascent] * scale, -table[descent] * scale, table[gap] * scale
    return None, None, None


class GlyphCanvas(FigureCanvasAgg):
    """Agg's canvas with a :class:`GlyphRenderer`."""

    def get_renderer(self):
        w, h = self.get_width_height(physical=True)
        key = w, h, self.figure.dpi
        if self._lastKey != key:
            self.renderer = GlyphRenderer(w, h, self.figure.dpi)
            self._lastKey = key
        return self.renderer


def glyph_canvas(figure):
    """Give ``figure`` a canvas that keeps glyphs, where this Matplotlib allows; else Agg's own."""
    return GlyphCanvas(figure) if _INTERNALS else FigureCanvasAgg(figure)


_INTERNALS = _internals_present()
