"""Make text extracted from WeasyPrint PDFs equal the source text (Thai shaping fix).

Why
    HarfBuzz shapes Thai so that one character can become several glyphs (SARA AM
    "ำ" is drawn as NIKHAHIT + SARA AA, and may fuse with a tone mark into one
    ligature glyph), and several characters can share one glyph cluster.
    WeasyPrint 70 writes one ToUnicode entry per glyph for the whole file, set
    the first time the glyph is drawn. The SARA AA glyph then reads back as "า"
    everywhere or as "ำ" everywhere, and ligatures lose their tone mark:
    pdftotext and pypdf turn "น้ำ" into "นำ" and "สำนัก" into "สานัก"
    (upstream Kozea/WeasyPrint#2841).

How
    While :func:`exact_text_extraction` is active, WeasyPrint's
    ``draw_first_line`` is replaced by :func:`_draw_first_line`, a copy of
    WeasyPrint 70.0's function whose glyph loop writes the fix as it draws:

    * a grapheme whose glyphs do not map one-to-one to its characters, or
      whose marks are moved by GPOS offsets, is wrapped in
      ``/Span <</ActualText <FEFF…>>> BDC … EMC`` (what Chromium does), which
      pdftotext, Acrobat and screen readers honour;
    * a shaped cluster is also drawn with an extra font resource of the same
      embedded font file (a "slot") whose ToUnicode gives the cluster text to
      its glyphs, e.g. NIKHAHIT → "ำ", SARA AA → "", because extractors that
      ignore ActualText (pypdf) read ToUnicode only. Ordinary glyphs keep the
      main font and their plain one-character mapping, so "า" stays "า".

    Nothing WeasyPrint wrote is read back: :func:`_fast_line` reads the line
    from Pango and decides the spans and slot fonts before anything is
    written, :func:`_draw_line` writes the glyphs with them. Lines it does not
    handle (RTL, bitmap or colour fonts, empty or unknown glyphs, a glyph
    needing two mappings in its main font...) are drawn by WeasyPrint's own
    loop (:func:`_draw_glyphs`, unchanged) and then fixed by
    :func:`_general_line`, the cluster-by-cluster version that rewrites the
    line's operators; if they do not match, the line is left untouched.
    Nested marked content inside tagged-PDF ``/P <</MCID n>> BDC`` is allowed.

Cost
    Every line of every PDF goes through here. Pango's glyph and cluster
    arrays are read in bulk (``ffi.buffer``, ``ffi.unpack``) instead of one
    cffi access per field and glyph as WeasyPrint does, the text of a run is
    built at once, and clusters that are one glyph for one character are told
    apart by counting and never looked at alone. The output is the same,
    byte for byte, as the earlier post-hoc rewrite of each line.
    ``benchmarks/pdf_text_roundtrip.py`` measures the cost (CPU time).

Pinned to WeasyPrint 70 (``TESTED_VERSION`` and the source hash of the
replaced function, whose copy this module holds); on any other version the
fix is disabled and PDFs are drawn as plain WeasyPrint draws them, and
tests/reports/test_pdf_actualtext.py fails loudly. The same fix, done inside
WeasyPrint, is in docs/upstream/.
"""

from __future__ import annotations

import copy
import hashlib
import inspect
import io
import logging
import re
import threading
import unicodedata
from bisect import bisect_right
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from io import BytesIO
from itertools import compress, islice, repeat
from operator import add, ne, or_, sub
from typing import Any
from xml.etree import ElementTree

import weasyprint
import weasyprint.draw.text as wp_text
from fontTools.ttLib import TTFont
from PIL import Image
from pydyf import _to_bytes
from weasyprint.images import RasterImage, SVGImage
from weasyprint.text.ffi import FROM_UNITS, TO_UNITS, ffi, pango
from weasyprint.text.fonts import get_hb_object_data
from weasyprint.text.line_break import get_last_word_end

LOGGER = logging.getLogger(__name__)

TESTED_VERSION = "70.0"
# sha256 of inspect.getsource(weasyprint.draw.text.draw_first_line) in 70.0.
TESTED_SOURCE_SHA256 = "1bb8eae6d88e71b17096a034656f3be17da8f1f513c78536c1c38d971927638b"

_original_draw_first_line = wp_text.draw_first_line
_lock = threading.Lock()
_active = 0
#: Lines left untouched because WeasyPrint's output did not match (for tests).
stats = {"lines": 0, "rewritten": 0, "skipped": 0, "fallback": 0}

_TJ = re.compile(rb"^\[(.*)\] TJ$", re.S)
_TF = re.compile(rb"^/(\S+) (\S+) Tf$")
_TOKEN = re.compile(rb"<([0-9a-fA-F]*)>|([-+0-9.eE]+)")


def source_sha256() -> str:
    """Return the sha256 of the installed ``draw_first_line`` source."""
    return _source_sha256(_original_draw_first_line)


@lru_cache(maxsize=8)
def _source_sha256(function: Any) -> str:
    """Hash ``function``'s source once: inspect.getsource costs ~3 ms a render."""
    return hashlib.sha256(inspect.getsource(function).encode()).hexdigest()


def compatibility_problems() -> list[str]:
    """List why the installed WeasyPrint may not be the one this fix was tested with."""
    problems = []
    if weasyprint.__version__.split(".")[0] != TESTED_VERSION.split(".")[0]:
        problems.append(f"WeasyPrint {weasyprint.__version__} installed, fix tested with {TESTED_VERSION}")
    if source_sha256() != TESTED_SOURCE_SHA256:
        problems.append(f"weasyprint.draw.text.draw_first_line changed (sha256 {source_sha256()})")
    return problems


@contextmanager
def exact_text_extraction() -> Iterator[None]:
    """Apply the fix to PDFs drawn inside this block (thread-safe, re-entrant).

    Only a supported WeasyPrint is patched; otherwise a warning is logged and
    PDFs are drawn as plain WeasyPrint would.
    """
    global _active
    problems = compatibility_problems()
    if problems:
        LOGGER.warning("Thai text extraction fix disabled: %s", "; ".join(problems))
        yield
        return
    with _lock:
        _active += 1
        wp_text.draw_first_line = _draw_first_line
    try:
        yield
    finally:
        with _lock:
            _active -= 1
            if not _active:
                wp_text.draw_first_line = _original_draw_first_line


@dataclass
class _Cluster:
    """One Pango glyph cluster: its font, glyphs as drawn, and source text."""

    font: Any
    text: str
    glyphs: list[int] = field(default_factory=list)
    slot: Any = None
    actual_text: bool = False  # glyphs do not map one-to-one to characters
    moved: list[bool] = field(default_factory=list)  # glyphs shifted by TJ/Ts
    opens: str | None = None  # ActualText of the span starting here
    closes: bool = False  # the span ends after this cluster


def _draw_first_line(stream: Any, textbox: Any, text_overflow: Any, block_ellipsis: Any, matrix: Any) -> list:
    """WeasyPrint 70.0's ``draw_first_line``, writing ActualText spans as it draws.

    Up to the glyph loop this is WeasyPrint's code unchanged. Then
    :func:`_fast_line` reads the line's glyphs from Pango in bulk and decides,
    before anything is written, which graphemes get an ActualText span and
    which shaped clusters are drawn with a slot font; :func:`_draw_line` writes
    the glyphs with them (same operators as plain WeasyPrint for lines without
    spans). Lines :func:`_fast_line` does not handle are drawn by WeasyPrint's
    own glyph loop, kept below, and then fixed by :func:`_general_line`.
    """
    stats["lines"] += 1
    # Don’t draw lines with only invisible characters.
    if not textbox.text.strip():
        return []

    if textbox.style["font_size"] < 1e-6:  # default float precision used by pydyf
        return []

    pango.pango_layout_set_single_paragraph_mode(textbox.pango_layout.layout, True)

    if text_overflow == "ellipsis" or block_ellipsis != "none":
        assert textbox.pango_layout.max_width is not None
        max_width = textbox.pango_layout.max_width
        pango.pango_layout_set_width(textbox.pango_layout.layout, int(max_width * TO_UNITS))
        if text_overflow == "ellipsis":
            pango.pango_layout_set_ellipsize(textbox.pango_layout.layout, pango.PANGO_ELLIPSIZE_END)
        else:
            if block_ellipsis == "auto":
                ellipsis = "…"
            else:
                assert block_ellipsis[0] == "string"
                ellipsis = block_ellipsis[1]

            # Remove last word if hyphenated.
            new_text = textbox.pango_layout.text
            if new_text.endswith(textbox.style["hyphenate_character"]):
                last_word_end = get_last_word_end(
                    new_text[: -len(textbox.style["hyphenate_character"])], textbox.style["lang"]
                )
                if last_word_end:
                    new_text = new_text[:last_word_end]

            textbox.pango_layout.set_text(new_text + ellipsis)

    first_line, index = textbox.pango_layout.get_first_line()

    if block_ellipsis != "none":
        while index:
            last_word_end = get_last_word_end(
                textbox.pango_layout.text[: -len(ellipsis)], textbox.style["lang"]
            )
            if last_word_end is None:
                break
            new_text = textbox.pango_layout.text[:last_word_end]
            textbox.pango_layout.set_text(new_text + ellipsis)
            first_line, index = textbox.pango_layout.get_first_line()

    # Exact text extraction (this module): plan the line, then draw it.
    start = len(stream.stream)
    font_before = stream._current_font
    sizes: dict[int, int] = {}
    try:
        plan = _fast_line(stream, textbox, first_line)
    except _Fallback:
        plan = None
    if plan is not None:
        stream.set_text_matrix(*matrix.values)
        _draw_line(stream, plan, font_before)
        return []
    stats["fallback"] += 1
    # WeasyPrint records this line's ToUnicode entries; _general_line replaces them.
    add_font = stream.add_font

    def recording_add_font(pango_font: Any) -> tuple[Any, float]:
        font, font_size = add_font(pango_font)
        sizes.setdefault(id(font), len(font.to_unicode))
        return font, font_size

    stream.add_font = recording_add_font
    try:
        emojis = _draw_glyphs(stream, textbox, first_line, matrix)
    finally:
        del stream.add_font
    _general_line(stream, textbox, start, _state(font_before), sizes)
    return emojis


def _draw_glyphs(stream: Any, textbox: Any, first_line: Any, matrix: Any) -> list:
    """WeasyPrint 70.0's glyph loop of ``draw_first_line``, unchanged."""
    stream.set_text_matrix(*matrix.values)
    previous_pango_font = None
    string = ""
    x_advance = 0
    emojis = []
    run = first_line.runs[0]
    while run != ffi.NULL:
        # Get Pango objects.
        glyph_item = run.data
        run = run.next
        glyph_string = glyph_item.glyphs
        glyphs_info = glyph_string.glyphs
        num_glyphs = glyph_string.num_glyphs
        clusters = glyph_string.log_clusters
        utf8_text = None

        pango_font = glyph_item.item.analysis.font
        if pango_font != previous_pango_font:
            # Add font file content and get font size.
            previous_pango_font = pango_font
            font, font_size = stream.add_font(pango_font)

            # Workaround for https://gitlab.gnome.org/GNOME/pango/-/issues/530.
            # This is also needed by raster emoji fonts, see #2800.
            if pango.pango_version() < 14802 or font.png:
                font_size = textbox.style["font_size"]

            # Go through the run glyphs.
            if string:
                stream.show_text(string)
            string = ""
            stream.set_font_size(font.hash, 1 if font.bitmap else font_size)
        string += "<"
        for i, glyph_info in enumerate(glyphs_info[0:num_glyphs]):
            glyph_id = glyph_info.glyph
            width = glyph_info.geometry.width

            # Display zero-width empty glyph.
            if glyph_id == pango.PANGO_GLYPH_EMPTY:
                string += f">{-width / font_size}<"
                continue

            # Display .notdef and log warning for missing glyphs.
            if glyph_id & pango.PANGO_GLYPH_UNKNOWN_FLAG:
                codepoint = glyph_id - pango.PANGO_GLYPH_UNKNOWN_FLAG
                wp_text.LOGGER.warning(
                    '.notdef glyph rendered for Unicode string unsupported by fonts: "%s" (U+%04X)',
                    chr(codepoint),
                    codepoint,
                )
                glyph_id = font.get_unused_glyph_id(codepoint)
                font.widths[glyph_id] = round(width * 1000 * FROM_UNITS / font_size)
                if 0 not in font.widths:
                    # "width" is actually Pango’s get_approximate_char_width. Force
                    # .notdef’s to use this width, even if it’s not the right, as we
                    # want to keep Pango’s layout for next glyphs.
                    font.widths[0] = font.widths[glyph_id]

            # Create mapping between glyphs and Unicode codepoints.
            if glyph_id not in font.to_unicode:
                # Get positions of the glyph in the UTF-8 string.
                offset = glyph_item.item.offset
                t1 = clusters[i]
                if glyph_item.item.analysis.level % 2:  # rtl
                    t2 = glyph_item.item.length if i == 0 else clusters[i - 1]
                else:
                    t2 = glyph_item.item.length if i == num_glyphs - 1 else clusters[i + 1]
                utf8_text = utf8_text or textbox.pango_layout.text.encode()
                font.to_unicode[glyph_id] = utf8_text[offset + t1 : offset + t2].decode()

            # Set horizontal and vertical offsets.
            offset = glyph_info.geometry.x_offset / font_size
            rise = glyph_info.geometry.y_offset / 1000
            if rise:
                if string[-1] == "<":
                    string = string[:-1]
                else:
                    string += ">"
                if string:
                    stream.show_text(string)
                stream.set_text_rise(-rise)
                string = ""
                if offset:
                    string = f"{-offset}"
                string += f"<{glyph_id:02x}>" if font.bitmap else f"<{glyph_id:04x}>"
                stream.show_text(string)
                stream.set_text_rise(0)
                string = "<"
            else:
                if offset:
                    string += f">{-offset}<"
                string += f"{glyph_id:02x}" if font.bitmap else f"{glyph_id:04x}"

            # Get glyph logical widths.
            if glyph_id in font.widths:
                logical_width = font.widths[glyph_id]
            else:
                pango.pango_font_get_glyph_extents(pango_font, glyph_id, stream.ink_rect, stream.logical_rect)
                logical_width = font.widths[glyph_id] = round(
                    stream.logical_rect.width * 1000 * FROM_UNITS / font_size
                )

            # Set kerning, word spacing, letter spacing.
            kerning = logical_width + offset - width * 1000 * FROM_UNITS / font_size
            if kerning:
                string += f">{int(kerning)}<"

            # Create list of emojis.
            if font.svg:
                svg_data = get_hb_object_data(font.hb_face, "svg", glyph_id)
                if svg_data:
                    # Do as explained in specification
                    # https://learn.microsoft.com/typography/opentype/spec/svg
                    tree = ElementTree.fromstring(svg_data)
                    if tree.get("id") != f"glyph{glyph_id}":
                        defs = ElementTree.Element("defs")
                        for child in list(tree):
                            defs.append(child)
                            tree.remove(child)
                        tree.append(defs)
                        ElementTree.SubElement(tree, "use", attrib={"href": f"#glyph{glyph_id}"})
                    if "viewBox" not in tree.attrib:
                        tree.attrib["viewBox"] = f"0 0 {font.upem} {font.upem}"
                    image = SVGImage(tree, None, None, None)
                    a = d = 1
                    emojis.append([image, font, a, d, x_advance, 0])
            elif font.png:
                png_data = get_hb_object_data(font.hb_font, "png", glyph_id)
                if png_data:
                    pillow_image = Image.open(BytesIO(png_data))
                    image_id = f"{font.hash}{glyph_id}"
                    image = RasterImage(pillow_image, image_id, png_data)
                    d = logical_width / 1000
                    a = pillow_image.width / pillow_image.height * d
                    pango.pango_font_get_glyph_extents(
                        pango_font, glyph_id, stream.ink_rect, stream.logical_rect
                    )
                    f = -stream.logical_rect.y
                    f = f * FROM_UNITS / font_size - font_size
                    emojis.append([image, font, a, d, x_advance, f])
            elif font.colr:
                svg_data = get_hb_object_data(font.hb_font, "colr", glyph_id)
                if svg_data:
                    tree = ElementTree.fromstring(svg_data)
                    image = SVGImage(tree, None, None, None)
                    a = d = 1
                    e = x_advance - kerning
                    emojis.append([image, font, a, d, e, -textbox.baseline])

            x_advance += (logical_width + offset - kerning) / 1000

        # Close the last glyphs list, remove if empty.
        if string[-1] == "<":
            string = string[:-1]
        else:
            string += ">"

    # Draw text.
    stream.show_text(string)

    return emojis


class _Fallback(Exception):
    """Raised by _fast_line for a line only _general_line can fix."""


#: Fields of one PangoGlyphInfo as 32-bit ints: glyph, width, x_offset, y_offset, attr.
_GLYPH_INFO_SIZE = ffi.sizeof("PangoGlyphInfo")
_GLYPH_STRIDE = _GLYPH_INFO_SIZE // 4
#: Length of the UTF-8 character starting with each byte (0: not a start byte).
_UTF8_LENGTH = bytes(
    1 if byte < 0x80 else 0 if byte < 0xC0 else 2 if byte < 0xE0 else 3 if byte < 0xF0 else 4
    for byte in range(256)
)
_PANGO_VERSION = pango.pango_version()


@dataclass
class _Run:
    """One Pango run of the line, read in bulk, with what WeasyPrint would draw."""

    pango_font: Any
    font: Any
    font_size: float
    first: int  # index in the line of the run's first glyph
    ids: list[int]
    offsets: list[float]  # x_offset / font_size, as WeasyPrint computes it
    rises: list[int]  # y_offset
    kernings: list[float]
    shifts: list[int]  # int(kerning), written after the glyph


@dataclass
class _Line:
    """What :func:`_draw_line` needs to draw a line (see :func:`_fast_line`)."""

    runs: list[_Run]
    glyphs: list[int]
    texts: list[str | None]
    spans: list[tuple[int, int, str]]
    slots: dict[int, bytes]


def _fast_line(stream: Any, textbox: Any, first_line: Any) -> _Line:
    """Plan the drawing of the line, before anything is written; or raise _Fallback.

    Pango's glyph arrays are read in bulk; a cluster that is one glyph for one
    character (nearly all of them) is never looked at alone. Lines with
    right-to-left, bitmap or colour-font runs, empty or unknown glyphs,
    multi-glyph clusters that map one-to-one or a glyph that would need two
    ToUnicode entries in its main font are refused (nothing changed) and go to
    :func:`_general_line`.
    """
    try:
        runs, glyphs, texts, exceptions, moved = _read_line(stream, textbox, first_line)
        pairs = [(run.first, run.font) for run in runs if run.ids]
        spans = _spans(glyphs, texts, pairs, exceptions, moved)
    except (ValueError, IndexError) as exception:  # e.g. a cut UTF-8 character
        raise _Fallback from exception
    if not spans:
        return _Line(runs, glyphs, texts, [], {})  # Plain text: drawn as WeasyPrint does.
    fonts = list({id(font): font for _, font in pairs}.values())
    sizes = {id(font): len(font.to_unicode) for font in fonts}
    try:
        slots = _fix_mappings(stream, glyphs, texts, pairs, exceptions, sizes)
    except _Fallback:
        for font in fonts:  # forget the plain entries set for this line
            for glyph in list(islice(reversed(font.to_unicode), len(font.to_unicode) - sizes[id(font)])):
                del font.to_unicode[glyph]
        raise
    stats["rewritten"] += 1
    return _Line(runs, glyphs, texts, spans, slots)


def _read_line(stream: Any, textbox: Any, first_line: Any) -> tuple:
    """Read the line's glyphs and clusters from Pango, in bulk.

    Return the runs, the glyph ids, per glyph its cluster's text on the
    cluster's first glyph and None on its other glyphs, the clusters that are
    not one glyph for one character as (first, last), and the glyphs that
    WeasyPrint draws moved by a TJ shift or a text rise: an x or y offset, or
    the kerning of the glyph before.
    """
    utf8 = textbox.pango_layout.text.encode()
    style_font_size = textbox.style["font_size"]
    runs: list[_Run] = []
    glyphs: list[int] = []
    texts: list[str | None] = []
    exceptions: list[tuple[int, int]] = []
    moved: list[int] = []
    shifted = False  # the previous glyph's kerning moves the next one
    previous = font = font_size = None
    run = first_line.runs[0]
    while run != ffi.NULL:
        glyph_item, run = run.data, run.next
        item, glyph_string = glyph_item.item, glyph_item.glyphs
        count = glyph_string.num_glyphs
        pango_font = item.analysis.font
        if pango_font != previous:
            previous = pango_font
            font, font_size = stream.add_font(pango_font)
            if _PANGO_VERSION < 14802 or font.png:
                font_size = style_font_size
            if font.svg or font.png or font.colr:  # emojis: WeasyPrint's loop
                raise _Fallback
        if not count:
            runs.append(_Run(pango_font, font, font_size, len(glyphs), [], [], [], [], []))
            continue
        if item.analysis.level % 2 or font.bitmap:
            raise _Fallback
        info = memoryview(ffi.buffer(glyph_string.glyphs, count * _GLYPH_INFO_SIZE)).cast("i")
        ids = info[::_GLYPH_STRIDE].tolist()
        if max(ids) > 0xFFFF or min(ids) < 0:
            raise _Fallback  # PANGO_GLYPH_EMPTY or an unknown-glyph flag
        x_offsets = info[2::_GLYPH_STRIDE].tolist()
        rises = info[3::_GLYPH_STRIDE].tolist()
        first = len(glyphs)
        # Logical widths and kerning, exactly as WeasyPrint computes them.
        font_widths = font.widths
        for glyph_id in ids if set(ids).difference(font_widths) else ():
            if glyph_id not in font_widths:
                pango.pango_font_get_glyph_extents(pango_font, glyph_id, stream.ink_rect, stream.logical_rect)
                font_widths[glyph_id] = round(stream.logical_rect.width * 1000 * FROM_UNITS / font_size)
        offsets = [x_offset / font_size for x_offset in x_offsets]
        kernings = [
            logical_width + offset - width * 1000 * FROM_UNITS / font_size
            for logical_width, offset, width in zip(
                map(font_widths.__getitem__, ids), offsets, info[1::_GLYPH_STRIDE].tolist(), strict=True
            )
        ]
        # WeasyPrint writes int(kerning) after the glyph: the next glyph is moved.
        shifts = list(map(int, kernings))
        before = [shifted, *shifts[:-1]]
        shifted = shifts[-1]
        moved += compress(range(first, first + count), map(or_, map(or_, x_offsets, rises), before))
        clusters = ffi.unpack(glyph_string.log_clusters, count)
        text = utf8[item.offset : item.offset + item.length]
        runs.append(_Run(pango_font, font, font_size, first, ids, offsets, rises, kernings, shifts))
        glyphs += ids
        ends = clusters[1:]
        ends.append(item.length)
        widths = list(map(sub, ends, clusters))  # bytes of text, 0: cluster goes on
        if clusters[0] or min(widths) < 0:
            raise _Fallback
        chars = text.decode()
        shared = widths.count(0)
        if count - shared == len(chars):
            # As many clusters as characters: each cluster is one character,
            # and only the clusters of several glyphs are shaped.
            copied = char = 0  # glyphs and characters whose text is in texts
            while shared:
                head = tail = widths.index(0, copied)
                while not widths[tail]:
                    tail += 1
                texts += chars[char : char + head - copied]
                char += head - copied
                texts.append(chars[char])
                char += 1
                texts += [None] * (tail - head)
                exceptions.append((first + head, first + tail))
                shared -= tail - head
                copied = tail + 1
            texts += chars[char:]
            continue
        lengths = list(bytes(map(text.__getitem__, clusters)).translate(_UTF8_LENGTH))
        copied = 0  # glyphs of the run whose text is in texts
        if widths != lengths:
            for i in compress(range(count), map(ne, widths, lengths)):
                if i < copied:
                    continue  # another glyph of the cluster just handled
                head = tail = i
                while head and clusters[head - 1] == clusters[i]:
                    head -= 1
                while not widths[tail]:
                    tail += 1
                if head > copied:
                    _copy_chars(texts, text[clusters[copied] : clusters[head]], head - copied)
                texts.append(text[clusters[head] : ends[tail]].decode())
                texts += [None] * (tail - head)
                exceptions.append((first + head, first + tail))
                copied = tail + 1
        if copied < count:
            _copy_chars(texts, text[clusters[copied] :], count - copied)
    return runs, glyphs, texts, exceptions, moved


def _copy_chars(texts: list, utf8: bytes, count: int) -> None:
    """Append the characters of one-glyph, one-character clusters to ``texts``."""
    chars = utf8.decode()
    if len(chars) != count:
        raise _Fallback
    texts += chars


def _draw_line(stream: Any, line: _Line, font_before: Any) -> None:
    """Draw the planned line: WeasyPrint's operators, with spans and slot fonts.

    The glyph loop of WeasyPrint's ``draw_first_line`` for left-to-right
    vector-font runs, on the glyphs :func:`_read_line` read in bulk: the text
    of a run without text rise is built at once. A line without spans is
    written exactly as WeasyPrint writes it, ToUnicode entries included. In a
    line with spans, each ``TJ`` WeasyPrint would write goes through
    :class:`_Writer`, which cuts it where a span or the font changes.
    """
    texts = line.texts
    writer = _Writer(stream.stream, line, _operands(font_before)) if line.spans else None
    # One TJ with spans in it: written cut, so WeasyPrint's text is not needed.
    textless = writer is not None and all(
        run.pango_font == line.runs[0].pango_font and not any(run.rises) for run in line.runs
    )
    previous = None
    string = ""
    first = 0  # line index of the first glyph of the TJ being built
    for run in line.runs:
        font, font_size = run.font, run.font_size
        if run.pango_font != previous:
            previous = run.pango_font
            if string:
                if writer is None:
                    stream.show_text(string)
                else:
                    writer.tj(string, first, run.first)
                    first = run.first
            string = ""
            tf_size = 1 if font.bitmap else font_size  # bitmap: only in empty runs
            if writer is None:
                stream.set_font_size(font.hash, tf_size)
            elif (font.hash, tf_size) != stream._current_font:
                stream._current_font = (font.hash, tf_size)
                writer.wanted = (font.hash.encode(), _to_bytes(tf_size))
        string += "<"
        ids, offsets, kernings = run.ids, run.offsets, run.kernings
        hexes = list(map(format, ids, repeat("04x")))
        if writer is None:
            to_unicode = font.to_unicode
            for glyph_id, text in zip(ids, islice(texts, run.first, None), strict=False):
                if glyph_id not in to_unicode:
                    to_unicode[glyph_id] = text
        else:
            writer.add_run(hexes, offsets, run.shifts)
            if textless:
                if ids and not kernings[-1]:  # the hex string is closed
                    writer.breaks.add(run.first + len(ids))
                continue
        if not any(run.rises):
            numbers = [f">{int(kerning)}<" if kerning else "" for kerning in kernings]
            if any(offsets):
                string += "".join(
                    [
                        (f">{-offset}<" if offset else "") + hex_id + number
                        for offset, hex_id, number in zip(offsets, hexes, numbers, strict=True)
                    ]
                )
            else:
                string += "".join(map(add, hexes, numbers))
        else:
            index = run.first
            for hex_id, offset, rise, kerning in zip(hexes, offsets, run.rises, kernings, strict=True):
                if rise:
                    rise /= 1000
                    if string[-1] == "<":
                        string = string[:-1]
                    else:
                        string += ">"
                    if writer is None:
                        if string:
                            stream.show_text(string)
                        stream.set_text_rise(-rise)
                    else:
                        if string:
                            writer.tj(string, first, index)
                        stream.stream.append(_to_bytes(-rise) + b" Ts")
                    string = ""
                    if offset:
                        string = f"{-offset}"
                    string += f"<{hex_id}>"
                    if writer is None:
                        stream.show_text(string)
                        stream.set_text_rise(0)
                    else:
                        writer.tj(string, index, index + 1, rise=True)
                        stream.stream.append(b"0 Ts")
                        first = index + 1
                    string = "<"
                else:
                    if offset:
                        string += f">{-offset}<"
                    string += hex_id
                if kerning:
                    string += f">{int(kerning)}<"
                index += 1
        # Close the last glyphs list, remove if empty.
        if string[-1] == "<":
            string = string[:-1]
        else:
            string += ">"
            if writer is not None:
                writer.breaks.add(run.first + len(ids))
    if writer is None:
        stream.show_text(string)
    else:
        writer.tj(None if textless else string, first, len(texts))
        writer.finish(_operands(stream._current_font))


class _Writer:
    """Write a line's TJ operators with ActualText spans and slot fonts.

    Gets each ``TJ`` WeasyPrint would write, as its text and its glyphs. A
    ``TJ`` with no span or font change in it is written as WeasyPrint wrote
    it; others are cut at each change, zero shifts dropped.
    """

    def __init__(self, out: list, line: _Line, font_before: Any) -> None:
        self.out = out
        self.slots = line.slots
        self.opens: dict[int, bytes] = {}
        self.closes: set[int] = set()
        cuts = set()  # glyphs before which a span or the font changes
        for head, last, text in line.spans:
            self.opens[head] = _actual_text(text)
            self.closes.add(last)
            cuts.add(head)
            cuts.add(last + 1)
        slots = self.slots
        for index, slot in slots.items():
            if slots.get(index - 1) != slot:
                cuts.add(index)
            if slots.get(index + 1) != slot:
                cuts.add(index + 1)
        self.cuts = sorted(cuts)
        self.cuts.append(1 << 62)
        self.cut = 0  # first cut not before the current glyph
        self.drawn = self.wanted = font_before  # Tf set in the stream, Tf WeasyPrint set
        # Per glyph of the line: hex id, number written before it (x offset)
        # and after it (kerning, if not 0).
        self.hexes: list[str] = []
        self.before: list[bytes | None] = []
        self.after: list[bytes | None] = []
        self.breaks: set[int] = set()  # glyphs starting a new hex string, no number
        self.lead: bytes | None = None  # number starting the next TJ

    def add_run(self, hexes: list[str], offsets: list[float], shifts: list[int]) -> None:
        """Record the glyphs of the next run (``shifts``: int of their kerning)."""
        self.hexes += hexes
        if any(offsets):
            self.before += [f"{-offset}".encode() if offset else None for offset in offsets]
        else:
            self.before += [None] * len(offsets)
        self.after += [b"%d" % shift if shift else None for shift in shifts]

    def tj(self, string: str | None, first: int, end: int, rise: bool = False) -> None:
        """Write the TJ ``string`` drawing glyphs ``first`` to ``end`` (excluded).

        ``rise``: the TJ of one glyph drawn with a text rise, whose kerning
        WeasyPrint writes at the start of the next TJ.
        """
        out, cuts, slots = self.out, self.cuts, self.slots
        lead, self.lead = self.lead, self.after[first] if rise else None
        cut = self.cut
        while cuts[cut] < first:
            cut += 1
        if cuts[cut] > end and first not in slots:
            assert string is not None, "a line with spans has a cut"
            self.cut = cut
            if end > first and self.drawn != self.wanted:
                out.append(b"/%s %s Tf" % self.wanted)
                self.drawn = self.wanted
            out.append(b"[" + string.encode() + b"] TJ")
            return
        opens, closes, wanted = self.opens, self.closes, self.wanted
        hexes, before, after, breaks = self.hexes, self.before, self.after, self.breaks
        pending: list[bytes] = []  # TJ operands not yet written
        chunk: list[str] = []  # hex glyphs of the operand being built
        font = None  # font of the glyphs in pending
        if lead:
            pending.append(lead)  # kerning after a risen glyph
        for index in range(first, end):
            if (number := before[index]) or index in breaks:
                if chunk:
                    pending.append(b"<" + "".join(chunk).encode() + b">")
                    chunk = []
                if number:
                    pending.append(number)
            if cuts[cut] == index:
                cut += 1
                if chunk:
                    pending.append(b"<" + "".join(chunk).encode() + b">")
                    chunk = []
                if index in opens:
                    self._flush(pending, font)
                    font = None
                    out.append(opens[index])
                new = (slot, wanted[1]) if (slot := slots.get(index)) else wanted
                if font is not None and new != font:
                    self._flush(pending, font)
                font = new
            elif font is None:
                font = (slot, wanted[1]) if (slot := slots.get(index)) else wanted
            chunk.append(hexes[index])
            if index in closes:
                pending.append(b"<" + "".join(chunk).encode() + b">")
                chunk = []
                self._flush(pending, font)
                font = None
                out.append(b"EMC")
            if (number := after[index]) and not rise:
                if chunk:
                    pending.append(b"<" + "".join(chunk).encode() + b">")
                    chunk = []
                pending.append(number)
        if chunk:
            pending.append(b"<" + "".join(chunk).encode() + b">")
        self._flush(pending, font)
        self.cut = cut

    def _flush(self, pending: list[bytes], font: Any) -> None:
        """Write the pending TJ operands with ``font``."""
        if pending:
            if font is not None and font != self.drawn:
                self.out.append(b"/%s %s Tf" % font)
                self.drawn = font
            self.out.append(b"[" + b" ".join(pending) + b"] TJ")
            pending.clear()

    def finish(self, font_after: Any) -> None:
        """Leave the font WeasyPrint believes is set, for the next text box."""
        if font_after is not None and self.drawn != font_after:
            self.out.append(b"/%s %s Tf" % font_after)


def _spans(
    glyphs: list[int], texts: list, runs: list, exceptions: list, moved: list[int]
) -> list[tuple[int, int, str]]:
    """Return the ActualText spans (first glyph, last glyph, text) of the line.

    Same rule as :func:`_plan_spans`: a span covers a grapheme (a base and its
    marks) that has a shaped cluster or a moved glyph other than its first.
    """
    one_font = len(runs) == 1
    if not one_font:
        firsts = [first for first, _ in runs]
        fonts = [runs[bisect_right(firsts, index) - 1][1] for index in range(len(glyphs))]

        def same_font(index: int) -> bool:  # glyphs index - 1 and index
            return fonts[index - 1] is fonts[index]

    seeds = []
    for head, tail in exceptions:
        text = texts[head]
        if tail + 1 - head == len(text):  # as many glyphs as characters
            cmap = _cmap(runs[0][1] if one_font else fonts[head])
            if all(
                cmap.get(ord(char)) == glyph
                for char, glyph in zip(text, glyphs[head : tail + 1], strict=True)
            ):
                raise _Fallback  # one-to-one: would keep the main font
        seeds.append(head)
    for index in moved:
        text = texts[index]
        if text is None or (index and _is_mark(text) and (one_font or same_font(index))):
            seeds.append(index)
    if not seeds:
        return []
    spans = []
    count, last = len(glyphs), -1
    for index in sorted(seeds):
        if index <= last:
            continue
        head = index
        while texts[head] is None:
            head -= 1
        while head and _is_mark(texts[head]) and (one_font or same_font(head)):
            head -= 1
            while texts[head] is None:
                head -= 1
        last = index + 1
        while last < count and (
            texts[last] is None or (_is_mark(texts[last]) and (one_font or same_font(last)))
        ):
            last += 1
        last -= 1
        spans.append((head, last, "".join(filter(None, texts[head : last + 1]))))
    return spans


@lru_cache(maxsize=4096)
def _is_mark(text: str) -> bool:
    """Tell whether ``text`` starts with a combining mark."""
    return unicodedata.category(text[0]).startswith("M")


def _fix_mappings(
    stream: Any, glyphs: list[int], texts: list, runs: list, exceptions: list, sizes: dict[int, int]
) -> dict[int, bytes]:
    """Set the ToUnicode entries of the line like :func:`_general_line` does.

    Forget the entries WeasyPrint added for this line, give plain glyphs their
    character in the main font, and put shaped clusters in slot fonts.
    Return the slot font of each glyph drawn with one.
    """
    added = {}
    for font in {id(font): font for _, font in runs}.values() if len(runs) > 1 else (runs[0][1],):
        if number := len(font.to_unicode) - sizes.get(id(font), 0):
            added[font] = entries = list(islice(reversed(font.to_unicode.items()), number))
            for glyph, _ in entries:
                del font.to_unicode[glyph]
    heads = {head for head, _ in exceptions}
    end = len(glyphs)
    for first, font in reversed(runs):
        to_unicode = font.to_unicode
        found = list(map(to_unicode.get, glyphs[first:end]))
        for index in compress(range(first, end), map(ne, found, texts[first:end])):
            char = texts[index]
            if char is None or index in heads:
                continue  # a glyph of a shaped cluster
            mapped = to_unicode.get(glyph := glyphs[index])
            if mapped is None:
                to_unicode[glyph] = char
            elif mapped != char:  # e.g. one glyph for space and no-break space
                for font, entries in added.items():
                    for glyph, _ in entries:
                        font.to_unicode.pop(glyph, None)
                    font.to_unicode.update(reversed(entries))
                raise _Fallback
        end = first
    slots = {}
    for head, tail in exceptions:
        font = runs[0][1] if len(runs) == 1 else next(font for first, font in reversed(runs) if first <= head)
        slot = _shaped_slot(stream, font, tuple(glyphs[head : tail + 1]), texts[head])
        for index in range(head, tail + 1):
            slots[index] = slot
    return slots


def _shaped_slot(stream: Any, main: Any, glyphs: tuple[int, ...], text: str) -> bytes:
    """Do :func:`_assign` for a cluster needing ActualText; return its slot's name."""
    cache = main.__dict__.setdefault("_exact_text_shaped", {})
    if (wanted := cache.get((glyphs, text))) is None:
        wanted = cache[glyphs, text] = _shaped_text(main, glyphs, text)
    slots = main.__dict__.setdefault("_exact_text_slots", [main])
    for slot in islice(slots, 1, None):
        to_unicode = slot.to_unicode
        for glyph, part in wanted:
            if to_unicode.get(glyph, part) != part:
                break
        else:
            break
    else:
        slot = _new_slot(stream, main)
    widths = main.widths
    for glyph, part in wanted:
        slot.to_unicode[glyph] = part
        slot.widths.setdefault(glyph, widths.get(glyph, 0))
    if not wanted:
        for glyph in glyphs:
            slot.to_unicode.setdefault(glyph, "")
            slot.widths.setdefault(glyph, widths.get(glyph, 0))
    return slot.hash.encode()


def _shaped_text(main: Any, glyphs: tuple[int, ...], text: str) -> tuple:
    """Return the (glyph, text) entries :func:`_assign` wants for a shaped cluster."""
    wanted = dict(zip(glyphs, _split_text(_Cluster(main, text, list(glyphs))), strict=True))
    if len(wanted) != len(glyphs):
        return ()  # Repeated glyph: only ActualText can carry the text.
    return tuple(wanted.items())


@lru_cache(maxsize=256)
def _operands(current: tuple[str, float] | None) -> tuple[bytes, bytes] | None:
    """Return WeasyPrint's current (font, size) as written in ``Tf`` operands."""
    if current is None:
        return None
    return current[0].encode(), _state(current)[1]


def _general_line(stream: Any, textbox: Any, start: int, font_before: Any, sizes: dict[int, int]) -> None:
    """Fix one drawn line cluster by cluster: handles every case _fast_line refuses."""
    segment = stream.stream[start:]
    clusters = _line_clusters(stream, textbox)
    try:
        plan = _match(segment, clusters, font_before)
    except ValueError as exception:
        stats["skipped"] += 1
        LOGGER.debug("Line left as drawn by WeasyPrint: %s", exception)
        return
    if not _plan_spans(clusters):
        return  # Plain one-to-one text: WeasyPrint's output is right.
    stats["rewritten"] += 1
    # Forget mappings WeasyPrint guessed for this line; _assign sets true ones.
    for font in {id(cluster.font): cluster.font for cluster in clusters}.values():
        added = len(font.to_unicode) - sizes.get(id(font), 0)
        for glyph in list(islice(reversed(font.to_unicode), added)):
            del font.to_unicode[glyph]
    for cluster in clusters:
        if (
            not cluster.actual_text
            and len(cluster.glyphs) == 1
            and cluster.font.to_unicode.get(cluster.glyphs[0]) == cluster.text
        ):
            cluster.slot = cluster.font  # fast path: the usual plain glyph
        else:
            _assign(stream, cluster)
    stream.stream[start:] = _rewrite(segment, plan, font_before, _state(stream._current_font))


def _line_clusters(stream: Any, textbox: Any) -> list[_Cluster]:
    """Return the glyph clusters of the first line, in drawing order."""
    first_line = pango.pango_layout_get_line_readonly(textbox.pango_layout.layout, 0)
    utf8 = textbox.pango_layout.text.encode()
    clusters: list[_Cluster] = []
    run = first_line.runs[0]
    while run != ffi.NULL:
        glyph_item, run = run.data, run.next
        item, glyph_string = glyph_item.item, glyph_item.glyphs
        count, log_clusters = glyph_string.num_glyphs, glyph_string.log_clusters
        font, _ = stream.add_font(item.analysis.font)
        starts = sorted({log_clusters[i] for i in range(count)})
        ends = dict(zip(starts, [*starts[1:], item.length]))
        previous = None
        for i in range(count):
            glyph = glyph_string.glyphs[i].glyph
            if glyph == pango.PANGO_GLYPH_EMPTY:
                continue  # WeasyPrint draws no glyph for it.
            if log_clusters[i] != previous:
                previous = log_clusters[i]
                text = utf8[item.offset + previous : item.offset + ends[previous]]
                clusters.append(_Cluster(font, text.decode()))
            # Glyphs unknown to the font are renumbered by WeasyPrint: -1 = any.
            unknown = glyph & pango.PANGO_GLYPH_UNKNOWN_FLAG
            clusters[-1].glyphs.append(-1 if unknown else glyph)
    return clusters


def _match(segment: list[Any], clusters: list[_Cluster], font_before: Any) -> list[tuple[_Cluster, int]]:
    """Pair each glyph WeasyPrint wrote with its cluster, or raise ValueError."""
    expected = [(cluster, glyph) for cluster in clusters for glyph in cluster.glyphs]
    plan: list[tuple[_Cluster, int]] = []
    current, risen, shifted = font_before, False, False
    for item in segment:
        if not isinstance(item, bytes):
            raise ValueError(f"unexpected operator {item!r}")
        if match := _TF.match(item):
            current = (match[1].decode(), match[2])
            continue
        if item.endswith(b" Ts"):
            risen = float(item[:-3]) != 0
            continue
        if not (match := _TJ.match(item)):
            continue
        for hex_glyphs, number in _TOKEN.findall(match[1]):
            shifted |= bool(number) and float(number) != 0
            for i in range(0, len(hex_glyphs), 4):
                glyph = int(hex_glyphs[i : i + 4], 16)
                if len(plan) >= len(expected):
                    raise ValueError("more glyphs drawn than shaped")
                cluster, shaped = expected[len(plan)]
                if (
                    cluster.font.bitmap
                    or current is None
                    or (current[0] != cluster.font.hash or shaped not in (-1, glyph))
                ):
                    raise ValueError(f"glyph {glyph} does not match {shaped}")
                plan.append((cluster, glyph))
                cluster.moved.append(risen or shifted)
                shifted = False
    if len(plan) != len(expected):
        raise ValueError("fewer glyphs drawn than shaped")
    for cluster, glyph in plan:
        cluster.glyphs = []
    for cluster, glyph in plan:
        cluster.glyphs.append(glyph)
    for cluster in clusters:
        cluster.actual_text = not _one_to_one(cluster)
    return plan


def _plan_spans(clusters: list[_Cluster]) -> bool:
    """Mark ActualText spans over graphemes that need one; tell if there are any.

    A span covers a whole grapheme (base and its marks, which Pango puts in
    separate clusters) whose marks are moved by GPOS offsets: pdftotext starts
    a new word, even a new line, at a glyph drawn left of or above the pen
    position, but it places a span's text where its first glyph is.
    """
    graphemes: list[list[_Cluster]] = []
    for cluster in clusters:
        if (
            graphemes
            and cluster.font is graphemes[-1][0].font
            and (unicodedata.category(cluster.text[:1] or "a").startswith("M"))
        ):
            graphemes[-1].append(cluster)
        else:
            graphemes.append([cluster])
    found = False
    for grapheme in graphemes:
        moved = [flag for cluster in grapheme for flag in cluster.moved]
        if any(moved[1:]) or any(cluster.actual_text for cluster in grapheme):
            grapheme[0].opens = "".join(cluster.text for cluster in grapheme)
            grapheme[-1].closes = found = True
    return found


def _one_to_one(cluster: _Cluster) -> bool:
    """Tell whether each glyph of ``cluster`` stands for exactly one character."""
    return len(cluster.glyphs) == len(cluster.text) and (
        len(cluster.glyphs) == 1
        or all(
            _cmap(cluster.font).get(ord(char)) == glyph for char, glyph in zip(cluster.text, cluster.glyphs)
        )
    )


@lru_cache(maxsize=32)
def _cmap_of(file_content: bytes, index: int) -> dict[int, int]:
    """Return the font's character → nominal glyph id map."""
    font = TTFont(io.BytesIO(file_content), fontNumber=index, lazy=True)
    return {code: font.getGlyphID(name) for code, name in font.getBestCmap().items()}


def _cmap(font: Any) -> dict[int, int]:
    """Return the cached nominal glyph map of a WeasyPrint font."""
    if (cmap := getattr(font, "_exact_text_cmap", None)) is None:
        cmap = font._exact_text_cmap = _cmap_of(font.file_content, font.index)
    return cmap


def _split_text(cluster: _Cluster) -> list[str]:
    """Give each glyph of ``cluster`` a share of its text, concatenating to it.

    Glyphs at both ends that are the nominal glyph of their character keep
    that character, so a consonant still reads as itself; the rest of the text
    goes to the first remaining glyph and the others read as nothing.
    """
    glyphs, text, cmap = cluster.glyphs, cluster.text, _cmap(cluster.font)
    n, m = len(glyphs), len(text)
    if n == 1:
        return [text]
    head = 0
    while head < min(n, m) and cmap.get(ord(text[head])) == glyphs[head]:
        head += 1
    tail = 0
    while tail < min(n, m) - head and cmap.get(ord(text[m - 1 - tail])) == glyphs[n - 1 - tail]:
        tail += 1
    parts = [*text[:head], *[""] * (n - head - tail), *text[m - tail :]]
    middle = text[head : m - tail]
    if n - head - tail:
        parts[head] += middle
    elif head:
        parts[head - 1] += middle
    else:
        parts[0] = middle + parts[0]
    return parts


def _assign(stream: Any, cluster: _Cluster) -> None:
    """Choose the font resource whose ToUnicode can spell ``cluster``, and fill it."""
    main = cluster.font
    if cluster.actual_text:
        wanted = dict(zip(cluster.glyphs, _split_text(cluster)))
        if len(wanted) != len(cluster.glyphs):
            wanted = {}  # Repeated glyph: only ActualText can carry the text.
        slots = main.__dict__.setdefault("_exact_text_slots", [main])[1:]
    else:
        wanted = dict(zip(cluster.glyphs, cluster.text))
        slots = main.__dict__.setdefault("_exact_text_slots", [main])
    for slot in slots:
        if all(slot.to_unicode.get(g, text) == text for g, text in wanted.items()):
            break
    else:
        slot = _new_slot(stream, main)
    for glyph, text in wanted.items():
        slot.to_unicode[glyph] = text
        slot.widths.setdefault(glyph, main.widths.get(glyph, 0))
    if not wanted:
        for glyph in cluster.glyphs:
            slot.to_unicode.setdefault(glyph, "")
            slot.widths.setdefault(glyph, main.widths.get(glyph, 0))
    cluster.slot = slot


def _new_slot(stream: Any, main: Any) -> Any:
    """Add a font resource sharing ``main``'s font file, with its own ToUnicode."""
    slots = main._exact_text_slots
    slot = copy.copy(main)
    digest = hashlib.md5(f"{main.hash}/{len(slots)}".encode(), usedforsecurity=False)
    # Resource name and subset tag: six capitals, like WeasyPrint's own hashes.
    slot.hash = "".join(chr(65 + byte % 26) for byte in digest.digest()[:6])
    slot.name = b"/" + slot.hash.encode() + main.name[1 + len(main.hash) :]
    slot.to_unicode, slot.widths = {}, {}
    slot.__dict__.pop("_exact_text_slots", None)
    slot.__dict__.pop("_exact_text_shaped", None)
    stream._fonts[("exact-text-slot", main.hash, len(slots))] = slot
    slots.append(slot)
    return slot


@lru_cache(maxsize=4096)
def _actual_text(text: str) -> bytes:
    """Return the operator opening a marked-content span with ``text`` as ActualText."""
    utf16 = text.encode("utf-16-be").hex().upper().encode()
    return b"/Span <</ActualText <FEFF" + utf16 + b">>> BDC"


def _rewrite(
    segment: list[bytes], plan: list[tuple[_Cluster, int]], font_before: Any, font_after: Any
) -> list[bytes]:
    """Rewrite the line's operators with slot fonts and ActualText spans."""
    out: list[bytes] = []
    pending: list[bytes] = []  # TJ operands not yet written
    glyphs = iter(enumerate(plan))
    wanted = font_before  # (resource, size) WeasyPrint asked for
    drawn = font_before  # (resource, size) really set in the stream

    def flush() -> None:
        if pending:
            out.append(b"[" + b" ".join(pending) + b"] TJ")
            pending.clear()

    for item in segment:
        if match := _TF.match(item):
            wanted = (match[1].decode(), match[2])
            continue
        if not (match := _TJ.match(item)):
            flush()
            out.append(item)
            continue
        for hex_glyphs, number in _TOKEN.findall(match[1]):
            if number:
                pending.append(number)
                continue
            for i in range(0, len(hex_glyphs), 4):
                index, (cluster, glyph) = next(glyphs)
                first = not index or plan[index - 1][0] is not cluster
                last = index + 1 == len(plan) or plan[index + 1][0] is not cluster
                if first and cluster.opens is not None:
                    flush()
                    out.append(_actual_text(cluster.opens))
                font = (cluster.slot.hash, wanted[1])
                if font != drawn:
                    flush()
                    out.append(b"/%s %s Tf" % (font[0].encode(), font[1]))
                    drawn = font
                pending.append(b"<%04x>" % glyph)
                if last and cluster.closes:
                    flush()
                    out.append(b"EMC")
        flush()
    if font_after is not None and drawn != font_after:
        # Leave the font WeasyPrint believes is set, for the next text box.
        out.append(b"/%s %s Tf" % (font_after[0].encode(), font_after[1]))
    return out


@lru_cache(maxsize=256)
def _state(current: tuple[str, float] | None) -> tuple[str, bytes] | None:
    """Return WeasyPrint's current (font, size) as written in ``Tf`` operands."""
    if current is None:
        return None
    return current[0], _TF.match(b"/%s %s Tf" % (current[0].encode(), _to_bytes(current[1])))[2]
