"""The base of every document: one class owns the format work, exporters only say what they hold.

Modelled on pretix's BaseExporter: a concrete exporter names its kind, template and sheets;
this base renders the same context to PDF (WeasyPrint through reports.pdf.render_pdf, Sarabun)
and to Excel (openpyxl in write-only mode, so memory stays flat as rows grow).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.template.loader import render_to_string
from django.utils import timezone, translation
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from bangkok_network.models import Cycle, DistrictGroup
from bangkok_network.permissions import can_view_group, sees_all_groups
from bangkok_network.thai import be_date

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
EXCEL_FONT = "TH Sarabun New"  # the name Thai offices' Excel has; falls back to Sarabun/Tahoma
_THIN = Side(style="thin", color="999999")


class ExportError(Exception):
    """A document cannot be made; the message is Thai and is shown to the user."""


@dataclass
class Sheet:
    """One worksheet: a title block, a header row and data rows."""

    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence[Any]]
    widths: Sequence[int] = ()
    heading: Sequence[str] = ()  # lines above the table (document title, group, cycle, date)
    number_formats: dict[int, str] = field(default_factory=dict)  # column index → Excel format


@dataclass
class ExportResult:
    content: bytes
    content_type: str
    filename: str


class BaseExporter:
    """Say what a document holds; the base renders it."""

    kind: ClassVar[str]
    title: ClassVar[str]
    formats: ClassVar[tuple[str, ...]] = ("pdf", "xlsx")
    needs_group: ClassVar[bool] = True
    template_name: ClassVar[str] = ""

    def __init__(self, *, cycle: Cycle, group: DistrictGroup | None, user=None):
        self.cycle, self.group, self.user = cycle, group, user

    # -- what a concrete exporter says ----------------------------------------------------------
    def get_context(self) -> dict[str, Any]:
        """Return the data of the document, shared by its PDF and Excel forms."""
        return {}

    def get_sheets(self, context: dict[str, Any]) -> list[Sheet]:
        raise ExportError("เอกสารนี้ไม่มีรูปแบบ Excel")

    @classmethod
    def is_allowed(cls, user, group: DistrictGroup | None) -> bool:
        """Return whether the user may download it: a group's own people or all-groups roles."""
        if group is None:
            return sees_all_groups(user)
        return can_view_group(user, group)

    # -- the format work ------------------------------------------------------------------------
    def base_context(self) -> dict[str, Any]:
        now = timezone.localtime()
        return {
            "cycle": self.cycle,
            "group": self.group,
            "thai_digits": self.cycle.use_thai_digits,
            "generated_at": now,
            "generated_on": be_date(now, long=True, thai_digits=self.cycle.use_thai_digits),
            "document_title": self.title,
        }

    def context(self) -> dict[str, Any]:
        return {**self.base_context(), **self.get_context()}

    def render_pdf(self) -> bytes:
        from reports.pdf import render_pdf

        html = render_to_string(self.template_name, self.context())
        return render_pdf(html)

    def render_xlsx(self) -> bytes:
        return workbook_bytes(self.get_sheets(self.context()))

    def render(self, fmt: str) -> bytes:
        """Render in the given format, always in Thai: an official document does not follow the UI."""
        if fmt not in self.formats:
            raise ExportError(f"เอกสาร “{self.title}” ไม่มีรูปแบบ {fmt}")
        with translation.override("th"):
            return self.render_pdf() if fmt == "pdf" else self.render_xlsx()

    def filename(self, fmt: str) -> str:
        parts = [self.kind, str(self.cycle.fiscal_year)]
        if self.group is not None:
            parts.append(self.group.code)
        return "-".join(parts) + f".{fmt}"


def workbook_bytes(sheets: list[Sheet]) -> bytes:
    """Write sheets to an .xlsx in write-only (streaming) mode: Thai headers, widths, filters."""
    workbook = Workbook(write_only=True)
    header_font = Font(name=EXCEL_FONT, bold=True, size=14)
    body_font = Font(name=EXCEL_FONT, size=14)
    title_font = Font(name=EXCEL_FONT, bold=True, size=16)
    fill = PatternFill("solid", fgColor="DDE6F0")
    border = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
    wrap = Alignment(wrap_text=True, vertical="top")
    for sheet in sheets:
        ws = workbook.create_sheet(title=_sheet_title(sheet.title))
        for index, width in enumerate(sheet.widths, start=1):
            ws.column_dimensions[get_column_letter(index)].width = width
        header_row = len(sheet.heading) + 1 + (1 if sheet.heading else 0)
        ws.freeze_panes = f"A{header_row + 1}"
        last_column = get_column_letter(max(len(sheet.headers), 1))
        ws.print_options.gridLines = False
        ws.page_setup.orientation = "landscape"
        for line in sheet.heading:
            cell = WriteOnlyCell(ws, value=line)
            cell.font = title_font
            ws.append([cell])
        if sheet.heading:
            ws.append([])
        header_cells = []
        for text in sheet.headers:
            cell = WriteOnlyCell(ws, value=text)
            cell.font, cell.fill, cell.border = header_font, fill, border
            cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
            header_cells.append(cell)
        ws.append(header_cells)
        count = 0
        for row in sheet.rows:
            cells = []
            for index, value in enumerate(row):
                cell = WriteOnlyCell(ws, value=value)
                cell.font, cell.border, cell.alignment = body_font, border, wrap
                if index in sheet.number_formats:
                    cell.number_format = sheet.number_formats[index]
                cells.append(cell)
            ws.append(cells)
            count += 1
        ws.auto_filter.ref = f"A{header_row}:{last_column}{header_row + max(count, 1)}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet_title(title: str) -> str:
    # Excel forbids these characters in sheet names and cuts names at 31 characters.
    for char in "[]:*?/\\":
        title = title.replace(char, " ")
    return title[:31]
