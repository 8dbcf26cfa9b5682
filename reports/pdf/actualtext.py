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
    ``draw_first_line`` is wrapped while :func:`exact_text_extraction` is active.
    After WeasyPrint has written a line, the wrapper walks Pango's glyph
    clusters of that line and rewrites only the operators that line emitted:

    * a cluster whose glyphs do not map one-to-one to its characters is wrapped
      in ``/Span <</ActualText <FEFF…>>> BDC … EMC`` (what Chromium does), which
      pdftotext, Acrobat and screen readers honour;
    * such a cluster is also drawn with an extra font resource of the same
      embedded font file (a "slot") whose ToUnicode gives the cluster text to
      its glyphs, e.g. NIKHAHIT → "ำ", SARA AA → "", because extractors that
      ignore ActualText (pypdf) read ToUnicode only. Ordinary glyphs keep the
      main font and their plain one-character mapping, so "า" stays "า".

    Glyphs are matched against the TJ operands WeasyPrint wrote; if anything
    does not match (another WeasyPrint version), the line is left untouched.
    Nested marked content inside tagged-PDF ``/P <</MCID n>> BDC`` is allowed.

Cost
    Every line of every PDF goes through here, so :func:`_fast_line` does the
    common case with work per line and per span rather than per glyph: the
    line's fonts are recorded from WeasyPrint's own ``stream.add_font`` calls;
    Pango's glyph and cluster arrays are read in bulk (``ffi.buffer``,
    ``ffi.unpack``); clusters that are one glyph for one character are told
    apart by counting (C-level ``map``/``list.index``) and never looked at
    alone; TJ operands are split with ``bytes.split`` after dropping zero
    shifts; TJ operators with nothing to change are kept as written. Lines it
    does not handle (RTL, empty or unknown glyphs, a glyph needing two
    mappings in its main font...) go to :func:`_general_line`, the
    cluster-by-cluster version, which gives the same result.
    ``benchmarks/pdf_text_roundtrip.py`` measures the cost (CPU time).

Pinned to WeasyPrint 70 (``TESTED_VERSION`` and the source hash of the
wrapped function); tests/reports/test_pdf_actualtext.py fails loudly on an
upgrade. The same fix, done inside WeasyPrint, is in docs/upstream/.
"""

from __future__ import annotations

import copy
import hashlib
import inspect
import io
import logging
import re
import struct
import threading
import unicodedata
from bisect import bisect_right
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate, compress, islice
from operator import ne, sub
from typing import Any

import weasyprint
import weasyprint.draw.text as wp_text
from pydyf import _to_bytes
from weasyprint.text.ffi import ffi, pango

LOGGER = logging.getLogger(__name__)

TESTED_VERSION = "70.0"
# sha256 of inspect.getsource(weasyprint.draw.text.draw_first_line) in 70.0.
TESTED_SOURCE_SHA256 = (
    "1bb8eae6d88e71b17096a034656f3be17da8f1f513c78536c1c38d971927638b")

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
        problems.append(
            f"WeasyPrint {weasyprint.__version__} installed, fix tested with "
            f"{TESTED_VERSION}")
    if source_sha256() != TESTED_SOURCE_SHA256:
        problems.append(
            "weasyprint.draw.text.draw_first_line changed "
            f"(sha256 {source_sha256()})")
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


def _draw_first_line(stream: Any, textbox: Any, *args: Any, **kwargs: Any) -> Any:
    """Draw the line with WeasyPrint, then fix its text mapping (see module doc)."""
    start = len(stream.stream)
    font_before = stream._current_font
    # WeasyPrint calls stream.add_font for each run of the line, before drawing
    # its glyphs: record the fonts, and their ToUnicode sizes before the line.
    fonts: list[tuple[Any, Any]] = []
    sizes: dict[int, int] = {}
    add_font = stream.add_font

    def recording_add_font(pango_font: Any) -> tuple[Any, float]:
        font, font_size = add_font(pango_font)
        fonts.append((pango_font, font))
        sizes.setdefault(id(font), len(font.to_unicode))
        return font, font_size

    stream.add_font = recording_add_font
    try:
        emojis = _original_draw_first_line(stream, textbox, *args, **kwargs)
    finally:
        del stream.add_font
    stats["lines"] += 1
    if len(stream.stream) == start:
        return emojis
    try:
        _fast_line(stream, textbox, start, font_before, sizes, fonts)
    except _Fallback:
        stats["fallback"] += 1
        _general_line(stream, textbox, start, _state(font_before), sizes)
    return emojis


class _Fallback(Exception):
    """Raised by _fast_line for a line only _general_line can fix."""


#: Bytes of one PangoGlyphInfo; the glyph id is its first 32-bit field.
_GLYPH_INFO_SIZE = ffi.sizeof("PangoGlyphInfo")
_GLYPH_STRIDE = _GLYPH_INFO_SIZE // 4
#: Length of the UTF-8 character starting with each byte (0: not a start byte).
_UTF8_LENGTH = bytes(
    1 if byte < 0x80 else 0 if byte < 0xC0 else 2 if byte < 0xE0 else
    3 if byte < 0xF0 else 4 for byte in range(256))


def _fast_line(stream: Any, textbox: Any, start: int, font_before: Any,
               sizes: dict[int, int], fonts: list[tuple[Any, Any]]) -> None:
    """Fix one drawn line with work per line and per span, not per glyph.

    Same result as :func:`_general_line`, which it calls (by raising
    ``_Fallback`` before changing anything) for lines it does not handle:
    right-to-left or bitmap runs, empty or unknown glyphs, multi-glyph
    clusters that map one-to-one, a glyph that would need two ToUnicode
    entries in its main font, or drawn glyphs that do not match Pango's.
    Pango's glyph and cluster arrays are read in bulk; a cluster that is one
    glyph for one character (nearly all of them) is never looked at alone.
    """
    try:
        glyphs, texts, runs, exceptions = _pango_line(textbox, fonts)
        tjs, moved = _drawn_line(stream.stream, start, font_before, glyphs, runs)
        spans = _spans(glyphs, texts, runs, exceptions, moved)
    except (ValueError, IndexError) as exception:  # e.g. a cut UTF-8 character
        raise _Fallback from exception
    if not spans:
        return  # Plain one-to-one text: WeasyPrint's output is right.
    slots = _fix_mappings(stream, glyphs, texts, runs, exceptions, sizes)
    stats["rewritten"] += 1
    stream.stream[start:] = _rewrite_fast(
        stream.stream[start:], tjs, spans, slots, _operands(font_before),
        _operands(stream._current_font))


def _pango_line(textbox: Any, fonts: list[tuple[Any, Any]]) -> tuple[
        list[int], list, list, list]:
    """Read the first line's glyphs and clusters from Pango, in bulk.

    Return the glyph ids, per glyph its cluster's text on the cluster's first
    glyph and None on its other glyphs, the runs as (first glyph, font), and
    the clusters that are not one glyph for one character as (first, last).
    ``fonts`` are the (Pango font, font) pairs WeasyPrint drew the line with.
    """
    layout = textbox.pango_layout
    utf8 = layout.text.encode()
    glyphs: list[int] = []
    texts: list[str | None] = []
    runs: list[tuple[int, Any]] = []
    exceptions: list[tuple[int, int]] = []
    run = pango.pango_layout_get_line_readonly(layout.layout, 0).runs[0]
    while run != ffi.NULL:
        glyph_item, run = run.data, run.next
        item, glyph_string = glyph_item.item, glyph_item.glyphs
        count = glyph_string.num_glyphs
        if not count:
            continue
        analysis = item.analysis
        pango_font = analysis.font
        font = next((font for drawn, font in fonts if drawn == pango_font), None)
        if font is None:
            raise _Fallback
        if analysis.level % 2 or font.bitmap:
            raise _Fallback
        ids = memoryview(ffi.buffer(
            glyph_string.glyphs, count * _GLYPH_INFO_SIZE)).cast("I")
        ids = ids[::_GLYPH_STRIDE].tolist()
        if max(ids) > 0xFFFF:
            raise _Fallback  # PANGO_GLYPH_EMPTY or an unknown-glyph flag
        clusters = ffi.unpack(glyph_string.log_clusters, count)
        text = utf8[item.offset:item.offset + item.length]
        ends = clusters[1:]
        ends.append(item.length)
        widths = list(map(sub, ends, clusters))  # bytes of text, 0: cluster goes on
        if clusters[0] or min(widths) < 0:
            raise _Fallback
        first = len(glyphs)
        runs.append((first, font))
        glyphs += ids
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
                texts += chars[char:char + head - copied]
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
                    _copy_chars(texts, text[clusters[copied]:clusters[head]], head - copied)
                texts.append(text[clusters[head]:ends[tail]].decode())
                texts += [None] * (tail - head)
                exceptions.append((first + head, first + tail))
                copied = tail + 1
        if copied < count:
            _copy_chars(texts, text[clusters[copied]:], count - copied)
    return glyphs, texts, runs, exceptions


def _copy_chars(texts: list, utf8: bytes, count: int) -> None:
    """Append the characters of one-glyph, one-character clusters to ``texts``."""
    chars = utf8.decode()
    if len(chars) != count:
        raise _Fallback
    texts += chars


def _drawn_line(segment: list, start: int, font_before: Any, glyphs: list[int],
                runs: list) -> tuple[list, list[int]]:
    """Read the TJ operators WeasyPrint wrote; check they draw Pango's glyphs.

    Return the TJ operators as (operator index, first glyph, end glyph,
    operands with zero shifts dropped, numbers at even and hex glyphs at odd
    places), and the glyphs drawn shifted by a TJ number or raised by Ts
    (same rule as :func:`_match`).
    """
    tjs = []
    moved: list[int] = []
    drawn: list[bytes] = []  # hex glyphs
    fonts: list[tuple[int, int, Any]] = []  # (first glyph, end glyph, Tf font)
    current = font_before[0] if font_before else None
    risen = shifted = False
    count = 0
    for index in range(start, len(segment)):
        operator = segment[index]
        if not isinstance(operator, bytes):
            raise _Fallback
        if operator.endswith(b"] TJ") and operator[:1] == b"[":
            # [n <hex> n <hex> … n]: split at < and >, numbers at even places.
            parts = operator[1:-4].replace(b">0<", b"").replace(b"<", b">").split(b">")
            hexes = parts[1::2]
            first = count
            ends = list(accumulate(map(len, hexes), initial=0))  # hex digits
            count += ends[-1] // 4
            if shifted and count > first:  # shifted at the end of the previous TJ
                moved.append(first)
                shifted = False
            numbers = parts[::2]  # numbers[k] comes before hexes[k]
            for place in compress(range(len(numbers)), numbers):
                if numbers[place] != b"0" and float(numbers[place]):
                    if ends[place] < ends[-1]:  # shifts the next glyph of this TJ
                        moved.append(first + ends[place] // 4)
                    else:
                        shifted = True
            if risen:
                moved = [index for index in moved if index < first]
                moved.extend(range(first, count))
            drawn += hexes
            tjs.append((index - start, first, count, parts))
            fonts.append((first, count, current))
        elif operator.endswith(b" Tf"):
            current = _tf(operator)[0]
        elif operator.endswith(b" Ts"):
            risen = float(operator[:-3]) != 0
    drawn_hex = b"".join(drawn)
    expected = struct.pack(f">{len(glyphs)}H", *glyphs).hex().encode()
    if drawn_hex != expected and drawn_hex.lower() != expected:
        raise _Fallback
    if len(runs) == 1:
        font_hash = runs[0][1].hash
        for first, end, font in fonts:
            if font != font_hash and end > first:
                raise _Fallback
        return tjs, moved
    ends = [first for first, _ in runs[1:]] + [len(glyphs)]
    for first, end, font in fonts:
        for (run_first, run_font), run_end in zip(runs, ends, strict=True):
            if run_first < end and first < run_end and run_font.hash != font:
                raise _Fallback
    return tjs, moved


def _spans(glyphs: list[int], texts: list, runs: list, exceptions: list,
           moved: list[int]) -> list[tuple[int, int, str]]:
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
            if all(cmap.get(ord(char)) == glyph
                   for char, glyph in zip(text, glyphs[head:tail + 1], strict=True)):
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
        while last < count and (texts[last] is None or (
                _is_mark(texts[last]) and (one_font or same_font(last)))):
            last += 1
        last -= 1
        spans.append((head, last, "".join(filter(None, texts[head:last + 1]))))
    return spans


@lru_cache(maxsize=4096)
def _is_mark(text: str) -> bool:
    """Tell whether ``text`` starts with a combining mark."""
    return unicodedata.category(text[0]).startswith("M")


def _fix_mappings(stream: Any, glyphs: list[int], texts: list, runs: list,
                  exceptions: list, sizes: dict[int, int]) -> dict[int, bytes]:
    """Set the ToUnicode entries of the line like :func:`_general_line` does.

    Forget the entries WeasyPrint added for this line, give plain glyphs their
    character in the main font, and put shaped clusters in slot fonts.
    Return the slot font of each glyph drawn with one.
    """
    added = {}
    for font in {id(font): font for _, font in runs}.values() if len(runs) > 1 else (
            runs[0][1],):
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
        font = runs[0][1] if len(runs) == 1 else next(
            font for first, font in reversed(runs) if first <= head)
        slot = _shaped_slot(stream, font, tuple(glyphs[head:tail + 1]), texts[head])
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


def _rewrite_fast(segment: list[bytes], tjs: list, spans: list, slots: dict[int, str],
                  font_before: Any, font_after: Any) -> list[bytes]:
    """Rewrite the line's operators; TJ operators with nothing to change are kept.

    The operators of :func:`_rewrite`, except that glyphs between two changes
    stay in one hex string and zero shifts are dropped.
    """
    opens = {}
    closes = set()
    cuts = set()  # glyphs before which a span or the font changes
    for head, last, text in spans:
        opens[head] = _actual_text(text)
        closes.add(last)
        cuts.add(head)
        cuts.add(last + 1)
    for index, slot in slots.items():
        if slots.get(index - 1) != slot:
            cuts.add(index)
        if slots.get(index + 1) != slot:
            cuts.add(index + 1)
    cuts = sorted(cuts)
    cuts.append(1 << 62)
    out: list[bytes] = []
    pending: list[bytes] = []  # TJ operands not yet written
    font = None  # font of the glyphs in pending
    drawn = wanted = font_before
    position = 0  # next operator of segment to copy
    cut = 0  # first cut not before the current glyph
    for index, first, end, parts in tjs:
        for operator in segment[position:index]:
            if operator.endswith(b" Tf"):
                wanted = _tf(operator)[2]
            else:
                out.append(operator)
        position = index + 1
        while cuts[cut] < first:
            cut += 1
        if cuts[cut] > end and first not in slots:
            if end > first and drawn != wanted:
                out.append(b"/%s %s Tf" % wanted)
                drawn = wanted
            out.append(segment[index])
            continue
        glyph = first
        for place, hex_glyphs in enumerate(parts):
            if not place % 2:  # a number
                if hex_glyphs and hex_glyphs != b"0":
                    pending.append(hex_glyphs)
                continue
            base, stop = glyph, glyph + len(hex_glyphs) // 4
            while glyph < stop:
                if cuts[cut] == glyph:
                    cut += 1
                    if glyph in opens:
                        drawn = _flush(out, pending, font, drawn)
                        font = None
                        out.append(opens[glyph])
                    new = (slot, wanted[1]) if (slot := slots.get(glyph)) else wanted
                    if font is not None and new != font:
                        drawn = _flush(out, pending, font, drawn)
                    font = new
                elif font is None:
                    font = (slot, wanted[1]) if (slot := slots.get(glyph)) else wanted
                limit = cuts[cut] if cuts[cut] < stop else stop
                pending.append(
                    b"<" + hex_glyphs[4 * (glyph - base):4 * (limit - base)] + b">")
                glyph = limit
                if glyph - 1 in closes:
                    drawn = _flush(out, pending, font, drawn)
                    font = None
                    out.append(b"EMC")
        drawn = _flush(out, pending, font, drawn)
        font = None
    for operator in segment[position:]:
        if not operator.endswith(b" Tf"):
            out.append(operator)
    if font_after is not None and drawn != font_after:
        # Leave the font WeasyPrint believes is set, for the next text box.
        out.append(b"/%s %s Tf" % font_after)
    return out


def _flush(out: list[bytes], pending: list[bytes], font: Any, drawn: Any) -> Any:
    """Write the pending TJ operands with ``font``; return the font now set."""
    if pending:
        if font is not None and font != drawn:
            out.append(b"/%s %s Tf" % font)
            drawn = font
        out.append(b"[" + b" ".join(pending) + b"] TJ")
        pending.clear()
    return drawn


@lru_cache(maxsize=256)
def _tf(operator: bytes) -> tuple[str, bytes, tuple[bytes, bytes]]:
    """Return resource, size and both as bytes, of a ``Tf`` operator."""
    match = _TF.match(operator)
    if match is None:
        raise _Fallback
    return match[1].decode(), match[2], (match[1], match[2])


@lru_cache(maxsize=256)
def _operands(current: tuple[str, float] | None) -> tuple[bytes, bytes] | None:
    """Return WeasyPrint's current (font, size) as written in ``Tf`` operands."""
    if current is None:
        return None
    return current[0].encode(), _state(current)[1]


def _general_line(stream: Any, textbox: Any, start: int, font_before: Any,
                  sizes: dict[int, int]) -> None:
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
        if (not cluster.actual_text and len(cluster.glyphs) == 1 and
                cluster.font.to_unicode.get(cluster.glyphs[0]) == cluster.text):
            cluster.slot = cluster.font  # fast path: the usual plain glyph
        else:
            _assign(stream, cluster)
    stream.stream[start:] = _rewrite(
        segment, plan, font_before, _state(stream._current_font))


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
                text = utf8[item.offset + previous:item.offset + ends[previous]]
                clusters.append(_Cluster(font, text.decode()))
            # Glyphs unknown to the font are renumbered by WeasyPrint: -1 = any.
            unknown = glyph & pango.PANGO_GLYPH_UNKNOWN_FLAG
            clusters[-1].glyphs.append(-1 if unknown else glyph)
    return clusters


def _match(segment: list[Any], clusters: list[_Cluster],
           font_before: Any) -> list[tuple[_Cluster, int]]:
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
                glyph = int(hex_glyphs[i:i + 4], 16)
                if len(plan) >= len(expected):
                    raise ValueError("more glyphs drawn than shaped")
                cluster, shaped = expected[len(plan)]
                if cluster.font.bitmap or current is None or (
                        current[0] != cluster.font.hash or
                        shaped not in (-1, glyph)):
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
        if graphemes and cluster.font is graphemes[-1][0].font and (
                unicodedata.category(cluster.text[:1] or "a").startswith("M")):
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
        len(cluster.glyphs) == 1 or all(
            _cmap(cluster.font).get(ord(char)) == glyph
            for char, glyph in zip(cluster.text, cluster.glyphs)))


@lru_cache(maxsize=32)
def _cmap_of(file_content: bytes, index: int) -> dict[int, int]:
    """Return the font's character → nominal glyph id map."""
    from fontTools.ttLib import TTFont

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
    while (tail < min(n, m) - head and
           cmap.get(ord(text[m - 1 - tail])) == glyphs[n - 1 - tail]):
        tail += 1
    parts = [*text[:head], *[""] * (n - head - tail), *text[m - tail:]]
    middle = text[head:m - tail]
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
    slot.name = b"/" + slot.hash.encode() + main.name[1 + len(main.hash):]
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


def _rewrite(segment: list[bytes], plan: list[tuple[_Cluster, int]],
             font_before: Any, font_after: Any) -> list[bytes]:
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
    return current[0], _TF.match(b"/%s %s Tf" % (
        current[0].encode(), _to_bytes(current[1])))[2]
