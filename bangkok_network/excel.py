"""Every workbook the portal writes: one formula guard, one print setup, one digit convention.

Text people type reaches Excel in registry, minutes, P1, progress, package, evaluation and the
registry import's rejected rows. openpyxl writes any text starting with "=" as a live formula, and a
spreadsheet re-reads "+", "-", "@", tab or CR text as a formula once someone edits the cell. So every
cell goes through one writer here, as pretix routes its exports through safe_openpyxl:

- text is always a text cell (never a formula), with Excel's own "quote prefix" flag when it looks
  like a formula — what Excel stores when a person types an apostrophe first — so the value reads
  back exactly as typed and stays text when edited; characters XML forbids are dropped;
- numbers stay numbers, dates are real dates shown in the Buddhist Era, times real times;
- pages are A4, one page wide, the header row repeated, "หน้า &P จาก &N" in the footer;
- one digit convention per workbook: Thai digits everywhere (text converted, numbers and dates shown
  through a Thai-digit number format, the values untouched) or Arabic everywhere;
- the document's title, subject, author and creation time are set.

The writer streams (openpyxl write-only mode), so memory stays flat as rows grow. It lives in the
core because the registry (below reports) writes workbooks too.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Iterable, Sequence
from copy import copy
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter

from bangkok_network.thai import arabic_digit_text, thai_number_text

# OWASP's list for CSV injection: the first characters that make a spreadsheet read a formula (or DDE).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# "-5", "+66" or "1,500.50" alone is a number to a spreadsheet, not a formula: no guard needed.
_PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?")
# XML 1.0 forbids these; openpyxl refuses the whole workbook if one slips into a cell.
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
EXCEL_MAX_TEXT = 32_767  # characters Excel keeps in one cell; more and it "repairs" the file

EXCEL_FONT = "TH Sarabun New"  # the name Thai offices' Excel has; falls back to Sarabun/Tahoma
DEFAULT_AUTHOR = "สำนักยุทธศาสตร์และประเมินผล กรุงเทพมหานคร"
PAPER_A4 = 9  # ECMA-376 paper size code
FOOTER = "หน้า &P จาก &N"
# Margins in inches, as the PDFs' tables: 2 cm binding side, 1.5 cm elsewhere, room for the footer.
MARGINS = {"left": 0.79, "right": 0.59, "top": 0.59, "bottom": 0.79, "header": 0.3, "footer": 0.3}
# A4 width less the margins, in Excel column-width units (7 px of the default font at 96 dpi).
PAGE_WIDTH_UNITS = {"portrait": (8.27 - 1.38) * 96 / 7, "landscape": (11.69 - 1.38) * 96 / 7}
DEFAULT_COLUMN_WIDTH = 9
# Row heights: one line of 14 pt TH Sarabun New with its marks above and below, in points, and the
# column-width units one Thai letter takes in Excel (a unit is the default font's digit, 7 px; a
# letter of 14 pt Sarabun, whose advances are TH Sarabun's, measures 1.4-1.55 units).
LINE_POINTS = 21.0
LETTER_UNITS = {"body": 1.55, "header": 1.65, "title": 1.85}
# Thai vowels and tone marks written above or below a letter take no width of their own.
_THAI_MARKS = re.compile("[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")

# Number formats carry a locale code [$-NNCCLLLL]: NN digits (0D Thai, 01 Western), CC calendar
# (07 Thai Buddhist), LLLL language (041E Thai). A real date then shows as ๑๓ มี.ค. ๒๕๖๔ (or
# 13 มี.ค. 2564 with 01) and a number in Thai digits; the stored values stay ordinary numbers and dates.
THAI_DIGITS_LOCALE = "[$-D00041E]"
DATE_FORMATS = {True: "[$-D07041E]d mmm yyyy", False: "[$-107041E]d mmm yyyy"}
DATETIME_FORMATS = {True: "[$-D07041E]d mmm yyyy hh:mm", False: "[$-107041E]d mmm yyyy hh:mm"}
TIME_FORMAT = "hh:mm"
INTEGER_FORMAT = "#,##0"


def is_formula_like(text: str) -> bool:
    """Return whether a spreadsheet would take this text for a formula once it is typed in."""
    return text[:1] in FORMULA_TRIGGERS and not _PLAIN_NUMBER.fullmatch(text)


def csv_text(value: Any) -> Any:
    """Return a CSV field a spreadsheet opens as text: formula-like text gets a leading apostrophe.

    CSV has no cell types, so the apostrophe (OWASP's advice) is the only way to say "text".
    """
    if isinstance(value, str) and is_formula_like(value):
        return "'" + value
    return value


def clean_text(text: str) -> str:
    """Return text a cell can hold: no characters XML forbids, CR line ends as Excel's LF, cut to fit."""
    text = _ILLEGAL_XML.sub("", text).replace("\r\n", "\n").replace("\r", "\n")
    return text[:EXCEL_MAX_TEXT]


def convert_digits(text: str, thai_digits: bool | None) -> str:
    """Write a text's digits in the workbook's convention (None keeps them as typed)."""
    if thai_digits is None:
        return text
    return thai_number_text(text) if thai_digits else arabic_digit_text(text)


@dataclass
class Sheet:
    """One worksheet: a title block, a header row and data rows."""

    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence[Any]]
    widths: Sequence[int] = ()
    heading: Sequence[str] = ()  # lines above the table (document title, group, cycle, date)
    number_formats: dict[int, str] = field(default_factory=dict)  # column index → Excel format
    # None: landscape when the columns are wider than a portrait page (the document's own
    # orientation, from WorkbookInfo, wins when it is landscape).
    landscape: bool | None = None
    literal_columns: frozenset[int] = frozenset()  # links and e-mails: digits kept as typed
    text_columns: frozenset[int] = frozenset()  # formatted as text so typed phone numbers keep their 0

    def column_widths(self) -> list[float]:
        count = max(len(self.headers), len(self.widths), 1)
        return [self.widths[i] if i < len(self.widths) else DEFAULT_COLUMN_WIDTH for i in range(count)]

    def is_landscape(self, document_landscape: bool) -> bool:
        if self.landscape is not None:
            return self.landscape
        # Column width w occupies about 7w + 5 px; compare with the printable width in the same units.
        needed = sum(w + 5 / 7 for w in self.column_widths())
        return document_landscape or needed > PAGE_WIDTH_UNITS["portrait"]


@dataclass(frozen=True)
class WorkbookInfo:
    """What the workbook says about itself, and its digit convention."""

    title: str
    subject: str = ""
    author: str = DEFAULT_AUTHOR
    # True: Thai digits throughout; False: Arabic throughout; None: text as typed (uploaded data).
    thai_digits: bool | None = None
    landscape: bool = False  # the document's PDF is printed landscape


class _Styles:
    """The workbook's cell styles, each built once and copied into cells.

    Assigning a font, border and alignment to every cell made openpyxl hash the style objects
    three times per cell (most of the writer's time); a cell takes a copy of a ready style array.
    """

    def __init__(self, thai_digits: bool | None):
        self.thai_digits = thai_digits
        thin = Side(style="thin", color="999999")
        border = Border(left=thin, right=thin, top=thin, bottom=thin)
        self._roles = {
            "title": {
                "font": Font(name=EXCEL_FONT, bold=True, size=16),
                "alignment": Alignment(wrap_text=True, vertical="top", horizontal="center"),
            },
            "header": {
                "font": Font(name=EXCEL_FONT, bold=True, size=14),
                "fill": PatternFill("solid", fgColor="DDE6F0"),
                "border": border,
                "alignment": Alignment(wrap_text=True, vertical="center", horizontal="center"),
            },
            "body": {
                "font": Font(name=EXCEL_FONT, size=14),
                "border": border,
                "alignment": Alignment(wrap_text=True, vertical="top"),
            },
        }
        self._arrays: dict[tuple, StyleArray] = {}

    def array(self, ws, role: str, number_format: str | None, quote_prefix: bool) -> StyleArray:
        key = (role, number_format, quote_prefix)
        cached = self._arrays.get(key)
        if cached is None:
            probe = WriteOnlyCell(ws)  # style indexes belong to the workbook, so any sheet will do
            for name, style in self._roles[role].items():
                setattr(probe, name, style)
            if number_format:
                probe.number_format = number_format
            if quote_prefix:
                probe.quotePrefix = True  # Excel's apostrophe: shown as typed, still text after an edit
            cached = self._arrays[key] = probe._style
        return copy(cached)

    def number_format(self, value: Any, chosen: str | None) -> str | None:
        """Return the format a value is shown with, in the workbook's digits."""
        thai = bool(self.thai_digits)
        if isinstance(value, datetime):
            return chosen or DATETIME_FORMATS[thai]
        if isinstance(value, date):
            return chosen or DATE_FORMATS[thai]
        if isinstance(value, time):
            fmt = chosen or TIME_FORMAT
        elif isinstance(value, bool):
            return chosen
        elif isinstance(value, int):
            fmt = chosen or INTEGER_FORMAT
        elif isinstance(value, float | Decimal):
            fmt = chosen or "General"
        else:
            return chosen
        return THAI_DIGITS_LOCALE + fmt if thai and not fmt.startswith("[$") else fmt

    def cell(self, ws, value: Any, *, role: str = "body", chosen_format: str | None = None) -> WriteOnlyCell:
        """Return a styled cell; text is always a text cell, which no spreadsheet runs as a formula."""
        quote_prefix = False
        if isinstance(value, str):
            cleaned = clean_text(value)
            # Judge the text as typed and as written: "\x01=1" loses its control character.
            quote_prefix = is_formula_like(value) or is_formula_like(cleaned)
            value = cleaned or None  # an empty text is an empty cell, not an empty string
        elif isinstance(value, datetime) and timezone.is_aware(value):
            value = timezone.localtime(value).replace(tzinfo=None)  # Excel has no time zones
        elif isinstance(value, float) and not math.isfinite(value):
            value = None
        cell = WriteOnlyCell(ws, value=value)
        if isinstance(value, str):
            cell.data_type = "s"  # openpyxl made "=…" a formula; a text cell is never evaluated
        cell._style = self.array(ws, role, self.number_format(value, chosen_format), quote_prefix)
        return cell


def _line_count(text: str, width_units: float, *, letter_units: float) -> int:
    """Return how many lines a wrapped text takes in a column (an estimate that errs long)."""
    lines = 0
    for paragraph in text.split("\n"):
        visible = len(_THAI_MARKS.sub("", paragraph))
        lines += max(1, math.ceil(visible * letter_units / max(width_units - 1, 1)))
    return lines


def _row_height(values: Sequence[Any], widths: Sequence[float], *, letter_units: float) -> float | None:
    """Return the height a row needs in points, or None when one line is enough (the sheet default).

    LibreOffice opens a row at the file's height whatever it holds (Thai letters ran over the
    borders), so the writer sets heights itself; the estimate errs long rather than clip a line.
    """
    lines = 1
    for value, width in zip(values, widths, strict=False):
        if isinstance(value, str) and (len(value) * letter_units > width - 1 or "\n" in value):
            lines = max(lines, _line_count(value, width, letter_units=letter_units))
    return lines * LINE_POINTS + 2 if lines > 1 else None


def _print_setup(ws, *, landscape: bool, header_row: int) -> None:
    ws.page_setup.paperSize = PAPER_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as the rows need
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_row}:{header_row}"
    for side, inches in MARGINS.items():
        setattr(ws.page_margins, side, inches)
    ws.oddFooter.center.text = FOOTER
    ws.oddFooter.center.font = f"{EXCEL_FONT},Regular"
    ws.oddFooter.center.size = 12
    ws.print_options.gridLines = False  # the table draws its own borders


def _sheet_title(title: str) -> str:
    # Excel forbids these characters in sheet names and cuts names at 31 characters.
    for char in "[]:*?/\\":
        title = title.replace(char, " ")
    return title[:31]


def _write_sheet(workbook: Workbook, sheet: Sheet, info: WorkbookInfo, styles: _Styles) -> None:
    digits = info.thai_digits
    ws = workbook.create_sheet(title=_sheet_title(convert_digits(sheet.title, digits)))
    widths = sheet.column_widths()
    last_column = get_column_letter(len(widths))
    for index, width in enumerate(widths, start=1):
        dimension = ws.column_dimensions[get_column_letter(index)]
        dimension.width = width
        if index - 1 in sheet.text_columns:
            dimension.number_format = "@"
    ws.sheet_format.defaultRowHeight = LINE_POINTS
    ws.sheet_format.customHeight = True
    header_row = len(sheet.heading) + 1 + (1 if sheet.heading else 0)
    ws.freeze_panes = f"A{header_row + 1}"
    _print_setup(ws, landscape=sheet.is_landscape(info.landscape), header_row=header_row)
    table_width = sum(widths)
    for row_number, line in enumerate(sheet.heading, start=1):
        # Merged across the table and wrapped, so a long title prints whole on a narrow sheet.
        cell = styles.cell(ws, convert_digits(line, digits), role="title")
        if len(widths) > 1:
            ws.merged_cells.add(f"A{row_number}:{last_column}{row_number}")
        lines = _line_count(cell.value, table_width, letter_units=LETTER_UNITS["title"])
        ws.row_dimensions[row_number].height = lines * (LINE_POINTS + 3) + 2
        ws.append([cell])
    if sheet.heading:
        ws.append([])
    header_cells = []
    for text in sheet.headers:
        cell = styles.cell(ws, convert_digits(text, digits), role="header")
        header_cells.append(cell)
    height = _row_height([c.value for c in header_cells], widths, letter_units=LETTER_UNITS["header"])
    if height:
        ws.row_dimensions[header_row].height = height
    ws.append(header_cells)
    row_number = header_row
    for row in sheet.rows:
        row_number += 1
        cells = []
        for index, value in enumerate(row):
            if isinstance(value, str) and index not in sheet.literal_columns:
                value = convert_digits(value, digits)
            cells.append(styles.cell(ws, value, chosen_format=sheet.number_formats.get(index)))
        height = _row_height([c.value for c in cells], widths, letter_units=LETTER_UNITS["body"])
        if height:
            ws.row_dimensions[row_number].height = height
        ws.append(cells)
        ws.row_dimensions.pop(row_number, None)  # the row is written: memory stays flat
    ws.auto_filter.ref = f"A{header_row}:{last_column}{max(row_number, header_row + 1)}"


def workbook_bytes(sheets: Sequence[Sheet], info: WorkbookInfo | None = None) -> bytes:
    """Write sheets to an .xlsx in write-only (streaming) mode, ready to print and to sort."""
    info = info or WorkbookInfo(title=sheets[0].title if sheets else "")
    workbook = Workbook(write_only=True)
    properties = workbook.properties
    properties.title = convert_digits(info.title, info.thai_digits)
    properties.subject = convert_digits(info.subject, info.thai_digits)
    properties.creator = properties.lastModifiedBy = info.author
    properties.language = "th-TH"
    now = timezone.now().astimezone(UTC).replace(tzinfo=None)  # the file stores UTC
    properties.created = properties.modified = now
    styles = _Styles(info.thai_digits)
    for sheet in sheets:
        _write_sheet(workbook, sheet, info, styles)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
