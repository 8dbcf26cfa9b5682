"""Column widths of the documents' wide tables, from their content and the page.

WeasyPrint's automatic table layout measures every cell twice and, for Thai text, takes a cell's
smallest width from break opportunities it cannot see between inline boxes, so a wide table ran
past the margin. Here the widths come from Sarabun's real advances: each column gets at least
its widest unbreakable value (a phone number, a date, a kept-whole word) and shares what is left
in proportion to how much more its longest value wants. The table is then laid out with
``table-layout: fixed``, which is also much faster for hundreds of rows.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import fontpkg_sarabun
import numpy as np
from PIL import ImageFont
from pythainlp.tokenize import word_tokenize

FONT_DIR = Path(fontpkg_sarabun.ROOT) / "files"
CM_PER_PT = 2.54 / 72
_SIZE = 100  # measure at 100 px per em and scale: PIL works in whole pixels
_PIECES = re.compile(r"[ /]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
BOLD_WIDER = 1.06  # Sarabun Bold's advances against Regular's


@lru_cache(maxsize=2)
def _font(bold: bool) -> ImageFont.FreeTypeFont:
    name = "Sarabun-Bold.ttf" if bold else "Sarabun-Regular.ttf"
    # The basic layout measures advances the same as Pango to within 0.3 % for Thai, and never
    # fails on control characters typed into a cell (libraqm does).
    return ImageFont.truetype(str(FONT_DIR / name), _SIZE, layout_engine=ImageFont.Layout.BASIC)


@lru_cache(maxsize=50000)
def text_width_em(text: str, bold: bool = False) -> float:
    """Return the advance width of ``text`` in Sarabun, in em."""
    return _font(bold).getlength(_CONTROL.sub(" ", text)) / _SIZE if text else 0.0


@lru_cache(maxsize=20000)
def _longest_word_em(text: str) -> float:
    """Return the width of the widest piece the line breaker cannot cut: a word, or a Thai word."""
    widest = 0.0
    for piece in _PIECES.split(text):
        if not piece:
            continue
        tokens = word_tokenize(piece, engine="newmm") if re.search("[\u0e01-\u0e5b]", piece) else [piece]
        widest = max(widest, *(text_width_em(token) for token in tokens))
    return widest


@dataclass(frozen=True)
class Column:
    header: str
    #: The value is never broken (phone, ID, date, a short code): its whole width is the minimum.
    keep_whole: bool = False
    #: The value may break anywhere (e-mail addresses): it needs only a few letters' width.
    break_anywhere: bool = False
    #: A kept-whole value wider than this (a very long organisation name) breaks between words.
    cap_cm: float | None = None


def column_widths(
    columns: Sequence[Column],
    rows: Sequence[Sequence[object]],
    *,
    width_cm: float,
    font_pt: float,
    padding_pt: float = 8.0,
    longest_piece_cm: float = 3.0,
    step_cm: float = 0.1,
) -> list[float]:
    """Return each column's width in cm so the table is exactly ``width_cm`` wide.

    Every column first gets its minimum (its widest unbreakable value, or the page's share when
    even the minimums do not fit); the width left is then given out step by step to the column
    that most lowers the table's height (the sum over rows of the row's tallest cell, in lines).
    """
    em_cm = font_pt * CM_PER_PT
    pad_cm = padding_pt * CM_PER_PT
    minimum = []
    text = np.zeros((len(rows), len(columns)))
    for index, column in enumerate(columns):
        header_min = _longest_word_em(column.header) * BOLD_WIDER
        low = header_min
        for number, row in enumerate(rows):
            value = str(row[index]) if index < len(row) and row[index] is not None else ""
            if not value:
                continue
            whole = text_width_em(value)
            text[number, index] = whole * em_cm
            if column.keep_whole:
                cap = column.cap_cm / em_cm if column.cap_cm else whole
                low = max(low, min(whole, cap))
            elif column.break_anywhere:
                low = max(low, min(whole, 3.0))
            else:
                low = max(low, min(_longest_word_em(value), longest_piece_cm / em_cm))
        minimum.append(low * em_cm + pad_cm)
    widths = np.array(minimum)
    spare = width_cm - widths.sum()
    if spare < 0:
        # Too narrow even at the minimums: columns that must stay whole keep theirs, the others
        # (Thai text, which can break between its words) give up width in proportion.
        whole = np.array([c.keep_whole for c in columns])
        soft = widths[~whole].sum()
        factor = max(width_cm - widths[whole].sum(), 0) / soft if soft else 1
        widths[~whole] *= factor
        return [float(w) for w in widths]

    # Words do not fill a line exactly: count a cell's lines with a little slack, as a smooth
    # figure (not rounded up) so that every step of width shows its gain.
    def height(candidate):
        usable = np.maximum(candidate - pad_cm, 0.2) * 0.9
        lines = np.maximum(text / usable, 1)
        return lines.max(axis=1).sum()

    steps = int(spare // step_cm)
    for _ in range(steps):
        best, best_height = None, height(widths)
        for index in range(len(columns)):
            trial = widths.copy()
            trial[index] += step_cm
            trial_height = height(trial)
            if trial_height < best_height:
                best, best_height = index, trial_height
        if best is None:
            break
        widths[best] += step_cm
    # What no column needs is shared in proportion, so the table is exactly the page's width.
    widths += (width_cm - widths.sum()) * widths / widths.sum()
    return [float(w) for w in widths]
