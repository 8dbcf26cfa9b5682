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
from PIL import ImageFont

FONT_DIR = Path(fontpkg_sarabun.ROOT) / "files"
CM_PER_PT = 2.54 / 72
_SIZE = 100  # measure at 100 px per em and scale: PIL works in whole pixels
_PIECES = re.compile(r"[ /]+")


@lru_cache(maxsize=2)
def _font(bold: bool) -> ImageFont.FreeTypeFont:
    name = "Sarabun-Bold.ttf" if bold else "Sarabun-Regular.ttf"
    return ImageFont.truetype(str(FONT_DIR / name), _SIZE)


@lru_cache(maxsize=50000)
def text_width_em(text: str, bold: bool = False) -> float:
    """Return the advance width of ``text`` in Sarabun, in em."""
    return _font(bold).getlength(text) / _SIZE if text else 0.0


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
    longest_piece_cm: float = 2.4,
) -> list[float]:
    """Return each column's width in cm so the table is exactly ``width_cm`` wide."""
    em_cm = font_pt * CM_PER_PT
    pad_cm = padding_pt * CM_PER_PT
    minimum, preferred = [], []
    for index, column in enumerate(columns):
        header_min = min(
            max((text_width_em(p, bold=True) for p in _PIECES.split(column.header) if p), default=0),
            longest_piece_cm / em_cm,
        )
        low, high = header_min, text_width_em(column.header, bold=True)
        for row in rows:
            text = str(row[index]) if index < len(row) and row[index] is not None else ""
            if not text:
                continue
            whole = text_width_em(text)
            high = max(high, whole)
            if column.keep_whole:
                cap = column.cap_cm / em_cm if column.cap_cm else whole
                low = max(low, min(whole, cap))
            elif column.break_anywhere:
                low = max(low, min(whole, 3.0))
            else:
                pieces = max((text_width_em(p) for p in _PIECES.split(text) if p), default=0)
                low = max(low, min(pieces, longest_piece_cm / em_cm))
        minimum.append(low * em_cm + pad_cm)
        preferred.append(max(high, low) * em_cm + pad_cm)
    spare = width_cm - sum(minimum)
    wanted = sum(preferred) - sum(minimum)
    if spare < 0:
        # Too narrow even at the minimums: columns that must stay whole keep theirs, the others
        # (Thai text, which can break between its words) give up width in proportion.
        whole = sum(m for m, c in zip(minimum, columns, strict=True) if c.keep_whole)
        soft = sum(minimum) - whole
        factor = max(width_cm - whole, 0) / soft if soft else 1
        return [m if c.keep_whole else m * factor for m, c in zip(minimum, columns, strict=True)]
    if wanted <= 0:
        return [p + spare * (p / sum(preferred)) for p in preferred]
    if sum(preferred) <= width_cm:
        extra = width_cm - sum(preferred)
        return [p + extra * (p / sum(preferred)) for p in preferred]
    return [m + spare * ((p - m) / wanted) for m, p in zip(minimum, preferred, strict=True)]
