"""Thai line breaking and justification a typist accepts, for the portal's PDFs.

Why
    Pango breaks Thai lines with libthai's dictionary, which does not know the programme's names
    and compounds: it printed กรุงเทพ/มหานคร, ประชา/สังคม, ขับ/เคลื่อน at line ends. And
    WeasyPrint justifies a line by widening its spaces only; Thai has few spaces, so a justified
    Thai line opened gaps of five spaces and more.

How
    * :func:`protect_html` segments the text of a rendered document with pythainlp (newmm) over a
      dictionary the project owns (:class:`Vocabulary`: listed compounds, the reference data's
      names, the registry's names) and wraps every protected unit - and dates, times, phone and ID
      numbers - in ``<span class="nb">`` (``white-space: nowrap``). Nothing is inserted into the
      text itself, so text extraction stays exact.
    * WeasyPrint asks Pango whether a line may break between two inline boxes from the two letters
      around the boundary alone, and libthai never breaks between two lone Thai letters: a nowrap
      span would glue its neighbours to it. While :func:`thai_typesetting` is active, a boundary
      between two Thai letters is a break opportunity (the spans start and end on word
      boundaries, by construction), unless the next letter cannot start a syllable.
    * While :func:`thai_typesetting` is active, a justified line holding Thai text is spread the
      way Word's "Thai Distributed" does: its slack goes between characters (as letter spacing, at
      most :data:`MAX_LETTER_SPREAD` em, which text extractors do not read as a space), and what
      is left to the spaces, each at most :data:`MAX_SPACE_SPREAD` em wider; a line that would
      need more is left a little short rather than opened up.

Pinned to WeasyPrint 70 like :mod:`reports.pdf.actualtext`: the patched functions are checked by
source hash, and on another version the patches are skipped (plain WeasyPrint output).
"""

from __future__ import annotations

import hashlib
import html
import inspect
import re
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache, lru_cache

import weasyprint
import weasyprint.layout.inline as wp_inline
import weasyprint.layout.preferred as wp_preferred
from pythainlp.corpus import thai_words
from pythainlp.tokenize import word_tokenize
from pythainlp.util import Trie, dict_trie
from weasyprint.formatting_structure import boxes
from weasyprint.text.line_break import create_layout, line_size

TESTED_VERSION = "70.0"
# sha256 of the WeasyPrint functions replaced here, as shipped in 70.0.
_SOURCE_HASHES = {
    "justify_line": "f83b21ff8793ba6b6dfc5fe8e10e4ab6cd6e02b17de02da97200902166148a81",
    "can_break_text": "4f3fb5ef1c239df9afd97856784e6cefc518d256a666dc78e0c86defa2e111e3",
    # Calls can_break_text(last_letter + "a") to ask whether a text box may end a line.
    "inline_line_widths": "6c24f789e3ce5bb70434e3997a84c8faec2d0646cc9d81de371f58ec622dfeb8",
}

THAI = re.compile(r"[\u0E01-\u0E5B]")
# Letters that cannot start a syllable (following vowels, marks, ฯ ๆ) and that cannot end one
# (leading vowels): no line break next to them.
_NO_START = set(
    "\u0e30\u0e31\u0e32\u0e33\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e45\u0e46\u0e47"
    "\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e\u0e2f"
)
_NO_END = set("\u0e40\u0e41\u0e42\u0e43\u0e44")
# Combining marks: a justified line is spread between clusters, never inside one.
_MARKS = set(
    "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e"
)

#: Most letter spacing a distributed line gets, in em (pdftotext starts a new word at 0.1 em).
MAX_LETTER_SPREAD = 0.05
#: Most a space grows on a justified line, in em: with the letter spacing on both its sides a gap
#: stays under three spaces (a space is 0.244 em).
MAX_SPACE_SPREAD = 0.3

# Compounds a typist keeps whole; libthai's dictionary breaks several of them.
COMPOUNDS = (
    "ประชาสังคม",
    "ประชาคม",
    "ขับเคลื่อน",
    "ปฏิบัติงาน",
    "ปฏิบัติ",
    "จัดทำ",
    "ดำเนินการ",
    "ดำเนินงาน",
    "สำนักงานเขต",
    "สำนักงาน",
    "งบประมาณ",
    "ปีงบประมาณ",
    "ยุทธศาสตร์",
    "ประเมินผล",
    "ผู้อำนวยการ",
    "ผู้บริหาร",
    "ผู้ว่าราชการ",
    "ปลัดกรุงเทพมหานคร",
    "กรุงเทพมหานคร",
    "คณะกรรมการ",
    "ประสานงาน",
    "ผู้ประสานงาน",
    "เครือข่าย",
    "ทะเบียน",
    "บัญชี",
    "กิจกรรม",
    "โครงการ",
    "ประชาธิปไตย",
    "มหานคร",
    "ความคิดเห็น",
    "เชิงพื้นที่",
    "พื้นที่",
    "ประชาชน",
    "ประชุม",
    "รายงาน",
    "ผลการดำเนินงาน",
    "ภารกิจ",
    "วัตถุประสงค์",
    "เป้าหมาย",
    "ระยะเวลา",
    "ความสอดคล้อง",
    "ประโยชน์",
    "เศรษฐกิจ",
    "กายภาพ",
    "สังคม",
    "พัฒนา",
    "นโยบาย",
    "ติดตาม",
    "ประธาน",
    "เลขานุการ",
    "ระเบียบวาระ",
    "ที่ประชุม",
    "บันทึกข้อความ",
)

_MONTHS = (
    "มกราคม|กุมภาพันธ์|มีนาคม|เมษายน|พฤษภาคม|มิถุนายน|กรกฎาคม|สิงหาคม|กันยายน|ตุลาคม|พฤศจิกายน|ธันวาคม|"
    r"ม\.ค\.|ก\.พ\.|มี\.ค\.|เม\.ย\.|พ\.ค\.|มิ\.ย\.|ก\.ค\.|ส\.ค\.|ก\.ย\.|ต\.ค\.|พ\.ย\.|ธ\.ค\."
)
_D = "[0-9๐-๙]"
# Dates (๑๗ พ.ค. ๒๕๖๔, 13 มีนาคม 2564, พ.ศ. ๒๕๖๔), times (๐๙.๓๐ น.), phone and ID numbers: one unit each.
PATTERNS = re.compile(
    rf"{_D}{{1,2}}(?:\s|&nbsp;)+(?:{_MONTHS})(?:(?:\s|&nbsp;)+(?:พ\.ศ\.(?:\s|&nbsp;)*)?{_D}{{4}})?"
    rf"|พ\.ศ\.(?:\s|&nbsp;)*{_D}{{4}}"
    rf"|{_D}{{2}}[.:]{_D}{{2}}(?:\s|&nbsp;)*น\."
    rf"|(?<![0-9๐-๙])(?:{_D}[\s-]?){{8,16}}{_D}(?![0-9๐-๙])"
    rf"|[0-9๐-๙,]+\.{_D}{{2}}(?:\s|&nbsp;)+บาท"
)


@dataclass(frozen=True)
class Vocabulary:
    """The words and names a document must never break: the dictionary the project owns."""

    words: frozenset[str] = frozenset(COMPOUNDS)
    #: Full names written with a space (นายเกรียงไกร เจริญผล): kept on one line as a whole.
    names: frozenset[str] = frozenset()

    @classmethod
    def build(cls, *, words: Iterable[str] = (), names: Iterable[str] = ()) -> Vocabulary:
        """Return a vocabulary of the compounds plus ``words`` (single words) and ``names``."""
        clean_names = {" ".join(n.split()) for n in names if n and THAI.search(n)}
        parts = {part for name in clean_names for part in name.split(" ")}
        single = {w.strip() for w in words if w and THAI.search(w) and " " not in w.strip()}
        return cls(
            words=frozenset(COMPOUNDS) | frozenset(single) | frozenset(p for p in parts if THAI.search(p)),
            names=frozenset(n for n in clean_names if " " in n),
        )


@lru_cache(maxsize=1)
def _base_trie():
    return dict_trie(set(thai_words()) | set(COMPOUNDS))


@lru_cache(maxsize=32)
def _trie(words: frozenset[str]):
    """Return the segmenter's dictionary with ``words`` in it.

    Building pythainlp's dictionary takes half a second, so there is one per process and each
    document's names are added to it: a name learnt from one group's registry does no harm when
    another group's text is segmented (it only keeps that name whole there too).
    """
    trie = _base_trie()
    for word in words:
        if word not in trie:
            trie.add(word)
    return trie


@lru_cache(maxsize=8)
def _names_pattern(names: frozenset[str]) -> re.Pattern | None:
    if not names:
        return None
    # Longest first, so a name is never cut short by a shorter one it starts with.
    alternatives = sorted((re.escape(html.escape(n, quote=False)) for n in names), key=len, reverse=True)
    return re.compile("|".join(a.replace(r"\ ", r"(?:\s|&nbsp;)+") for a in alternatives))


_SKIP_ELEMENTS = re.compile(r"<(style|script|title)\b.*?</\1>", re.S | re.I)
_TAG = re.compile(r"(<[^>]*>)")
_KEPT_WHOLE = re.compile(r'<(span|td|th|p|div)\b[^>]*\bclass="(?:[^"]*\s)?(?:nb|nowrap)(?:\s[^"]*)?"')
_NB_OPEN, _NB_CLOSE = '<span class="nb">', "</span>"


def protect_html(markup: str, vocabulary: Vocabulary) -> str:
    """Wrap every protected unit of the text of ``markup`` in a nowrap span; markup stays as it is."""
    out: list[str] = []
    position = 0
    for skipped in _SKIP_ELEMENTS.finditer(markup):
        out.append(_protect_markup(markup[position : skipped.start()], vocabulary))
        out.append(skipped.group(0))
        position = skipped.end()
    out.append(_protect_markup(markup[position:], vocabulary))
    return "".join(out)


def _protect_markup(markup: str, vocabulary: Vocabulary) -> str:
    pieces = _TAG.split(markup)
    depth, depth_tag = 0, ""  # inside an element already kept whole (class "nb" or "nowrap")
    for index, piece in enumerate(pieces):
        if index % 2:  # a tag
            if depth:
                if piece.startswith(f"<{depth_tag}"):
                    depth += 1
                elif piece.startswith(f"</{depth_tag}"):
                    depth -= 1
            elif _KEPT_WHOLE.match(piece):
                depth, depth_tag = 1, _KEPT_WHOLE.match(piece)[1]
            continue
        if piece and not depth and (THAI.search(piece) or any(c.isdigit() for c in piece)):
            pieces[index] = protect_text(piece, vocabulary)
    return "".join(pieces)


def protect_text(text: str, vocabulary: Vocabulary) -> str:
    """Wrap the protected units of one HTML text run (entities allowed) in nowrap spans."""
    return _protect_cached(text, vocabulary)


@lru_cache(maxsize=20000)
def _protect_cached(text: str, vocabulary: Vocabulary) -> str:
    spans = [(m.start(), m.end()) for m in PATTERNS.finditer(text)]
    pattern = _names_pattern(vocabulary.names)
    if pattern is not None:
        spans += [(m.start(), m.end()) for m in pattern.finditer(text)]
    spans = _disjoint(spans)
    out: list[str] = []
    position = 0
    for start, end in spans:
        out.append(_protect_words(text[position:start], vocabulary))
        out.append(f"{_NB_OPEN}{text[start:end]}{_NB_CLOSE}")
        position = end
    out.append(_protect_words(text[position:], vocabulary))
    return "".join(out)


def _disjoint(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Keep the earliest, then longest, of overlapping spans."""
    kept: list[tuple[int, int]] = []
    for start, end in sorted(spans, key=lambda s: (s[0], -s[1])):
        if kept and start < kept[-1][1]:
            continue
        kept.append((start, end))
    return kept


@lru_cache(maxsize=8)
def _protected_trie(words: frozenset[str]):
    return Trie(w for w in words if THAI.match(w))


def _protect_words(text: str, vocabulary: Vocabulary) -> str:
    """Segment a text run and wrap its protected units.

    A unit is a token that is (or holds) a protected word, or - when the segmenter cut a protected
    word across two tokens (ดำเนิน|การตาม) - the tokens that cover it, so it is never broken.
    """
    if not THAI.search(text):
        return text
    tokens = word_tokenize(text, custom_dict=_trie(vocabulary.words), engine="newmm", keep_whitespace=True)
    if "".join(tokens) != text:  # never change the text itself
        return text
    words = vocabulary.words
    starts, position = [], 0
    for token in tokens:
        starts.append(position)
        position += len(token)
    boundaries = [*starts, len(text)]
    units: list[tuple[int, int]] = []
    for index, token in enumerate(tokens):
        start, end = starts[index], starts[index] + len(token)
        if _is_protected(token, words):
            units.append((start, end))
        if not THAI.match(token):
            continue
        for word in _protected_trie(words).prefixes(text[start : start + 40]):
            stop = start + len(word)
            if stop not in boundaries:
                stop = next(b for b in boundaries if b > stop)
                if stop - start <= 24:
                    units.append((start, stop))
    out, position = [], 0
    for start, end in _disjoint(units):
        out += [text[position:start], _NB_OPEN, text[start:end], _NB_CLOSE]
        position = end
    out.append(text[position:])
    return "".join(out)


@lru_cache(maxsize=50000)
def _is_protected_cached(token: str, words: frozenset[str]) -> bool:
    # A dictionary word that holds a protected one (ผู้ประสานงาน holds ประสานงาน) is kept whole too:
    # Pango would otherwise break it inside the protected part.
    length = len(token)
    return any(token[i:j] in words for i in range(length - 3) for j in range(i + 4, length + 1))


def _is_protected(token: str, words: frozenset[str]) -> bool:
    if len(token) < 3:
        return False
    if token in words:
        return True
    return 4 < len(token) <= 24 and THAI.match(token) is not None and _is_protected_cached(token, words)


# --- WeasyPrint: break opportunities between boxes, distributed justification -------------------

_lock = threading.RLock()
_active = 0
_original_can_break_text = wp_inline.can_break_text
_original_justify_line = wp_inline.justify_line


@cache
def _source_sha256(function) -> str:
    return hashlib.sha256(inspect.getsource(function).encode()).hexdigest()


def compatibility_problems() -> list[str]:
    """Return why the patches cannot be applied here (empty when they can)."""
    problems = []
    if weasyprint.__version__ != TESTED_VERSION:
        problems.append(f"WeasyPrint {weasyprint.__version__} is not {TESTED_VERSION}")
    originals = {
        "justify_line": _original_justify_line,
        "can_break_text": _original_can_break_text,
        "inline_line_widths": wp_preferred.inline_line_widths,
    }
    for name, function in originals.items():
        if _source_sha256(function) != _SOURCE_HASHES[name]:
            problems.append(f"weasyprint {name} differs from {TESTED_VERSION}'s")
    return problems


def _can_break_text(text: str, lang: str | None) -> bool:
    """Allow a break between two inline boxes that meet between two Thai letters (see module doc).

    The min-content width of a table cell asks with a stand-in "a" for the next box's first
    letter: a Thai box may end a line there too, or a cell's whole text would count as one word
    and its table would run off the page.
    """
    if (
        len(text) == 2
        and THAI.match(text[0])
        and (THAI.match(text[1]) or text[1] == "a")
        and text[1] not in _NO_START
        and text[0] not in _NO_END
    ):
        return True
    return _original_can_break_text(text, lang)


def _text_boxes(box) -> Iterator[boxes.TextBox]:
    if isinstance(box, boxes.TextBox):
        yield box
    elif isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        for child in box.children:
            if child.is_in_normal_flow():
                yield from _text_boxes(child)


def _clusters(text: str) -> int:
    return sum(1 for char in text if char not in _MARKS)


def _justify_line(context, line, extra_width: float) -> None:
    """Justify a line holding Thai text the Thai Distributed way; other lines as WeasyPrint does."""
    texts = list(_text_boxes(line))
    if not texts or not any(THAI.search(box.text) for box in texts):
        return _original_justify_line(context, line, extra_width)
    if line.style["direction"] == "rtl":
        return _original_justify_line(context, line, extra_width)
    gaps = sum(_clusters(box.text) for box in texts) - 1
    spaces = wp_inline.count_expandable_spaces(line)
    if gaps <= 0:
        return None
    font_size = line.style["font_size"]
    letter = min(extra_width / gaps, MAX_LETTER_SPREAD * font_size)
    word = 0.0
    if spaces:
        word = min((extra_width - letter * gaps) / spaces, MAX_SPACE_SPREAD * font_size)
    _spread(context, line, letter, word, 0.0, texts[-1])
    return None


def _spread(context, box, letter: float, word: float, x_advance: float, last) -> float:
    """Give every text box ``letter`` spacing and ``word`` extra per space; return the advance."""
    if isinstance(box, boxes.TextBox):
        box.position_x += x_advance
        style = box.style.copy()
        base = style["letter_spacing"] if style["letter_spacing"] != "normal" else 0
        style["letter_spacing"] = base + letter
        layout = create_layout(box.text, style, context, max_width=None, justification_spacing=word)
        first_line, _ = layout.get_first_line()
        width, _ = line_size(first_line, style)
        # Word spacing is drawn, not laid out (as in WeasyPrint's add_word_spacing): add it here.
        width += word * wp_inline.count_expandable_spaces(box)
        if box is last:
            width -= letter  # no spacing after the line's last letter
        layout.deactivate()
        box.style, box.pango_layout, box.justification_spacing = style, layout, word
        x_advance += width - box.width
        box.width = width
    elif isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        box.position_x += x_advance
        before = x_advance
        for child in box.children:
            if child.is_in_normal_flow():
                x_advance = _spread(context, child, letter, word, x_advance, last)
        box.width += x_advance - before
    else:
        box.translate(x_advance, 0)
    return x_advance


@contextmanager
def thai_typesetting() -> Iterator[None]:
    """Apply Thai break opportunities and distributed justification to PDFs laid out inside."""
    global _active
    if compatibility_problems():
        yield
        return
    with _lock:
        _active += 1
        wp_inline.can_break_text = wp_preferred.can_break_text = _can_break_text
        wp_inline.justify_line = _justify_line
    try:
        yield
    finally:
        with _lock:
            _active -= 1
            if not _active:
                wp_inline.can_break_text = wp_preferred.can_break_text = _original_can_break_text
                wp_inline.justify_line = _original_justify_line
