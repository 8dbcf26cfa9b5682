"""The base of every document: one class owns the format work, exporters only say what they hold.

Modelled on pretix's BaseExporter: a concrete exporter names its kind, template and sheets;
this base renders the same context to PDF (WeasyPrint through reports.pdf.render_pdf, Sarabun)
and to Excel through the core's one workbook writer (bangkok_network.excel: formula guard, A4 print
setup, Buddhist-Era dates, the cycle's digit convention, write-only so memory stays flat).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from django.template.loader import render_to_string
from django.utils import timezone, translation

from bangkok_network.errors import PortalError
from bangkok_network.excel import EXCEL_FONT, Sheet, WorkbookInfo, workbook_bytes
from bangkok_network.models import Cycle, DistrictGroup
from bangkok_network.thai import be_date
from reports import selectors as report_selectors
from reports.models import BuildFormat
from reports.pdf import render_pdf

CONTENT_TYPES = {
    BuildFormat.PDF: "application/pdf",
    BuildFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def report_progress(exporter: Any, percent: int, stage: str) -> None:
    """Tell the background build how far the exporter is (no-op outside a build)."""
    callback = getattr(exporter, "progress_callback", None)
    if callback is not None:
        callback(percent, stage)


class ExportError(PortalError):
    """A document cannot be made; the message is Thai and is shown to the user."""


@dataclass
class ExportResult:
    content: bytes
    content_type: str
    filename: str


class BaseExporter:
    """Say what a document holds; the base renders it."""

    kind: ClassVar[str]
    title: ClassVar[str]
    formats: ClassVar[tuple[str, ...]] = (BuildFormat.PDF, BuildFormat.XLSX)
    needs_group: ClassVar[bool] = True
    template_name: ClassVar[str] = ""
    landscape: ClassVar[bool] = False  # the PDF's orientation; the workbook's pages follow it
    #: PDF/A-3b: the official documents are kept in archives (their text and tags stay exact).
    pdf_variant: ClassVar[str | None] = "pdf/a-3b"
    #: Whose document it is (PDF author): the department's (memo, evaluation) or the group's.
    is_department_document: ClassVar[bool] = False

    #: Print personal data (phones, e-mails, ID numbers) masked whoever the user is: the copy of a
    #: package made for executives (reports.policy.must_mask).
    mask_personal_data: bool = False

    #: ที่ and วันที่ the sender recorded for the memo the document opens with (package, evaluation).
    document_number: str = ""
    document_date = None

    def __init__(self, *, cycle: Cycle, group: DistrictGroup | None, user=None):
        self.cycle, self.group, self.user = cycle, group, user

    # -- what a concrete exporter says ----------------------------------------------------------
    def get_context(self) -> dict[str, Any]:
        """Return the data of the document, shared by its PDF and Excel forms."""
        return {}

    def get_sheets(self, context: dict[str, Any]) -> list[Sheet]:
        raise ExportError("เอกสารนี้ไม่มีรูปแบบ Excel")

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

    def pdf_context(self) -> dict[str, Any]:
        """Return what the official layout needs besides the data: author, emblem, words kept whole."""
        cycle, group = self.cycle, self.group
        department = f"{cycle.department} กรุงเทพมหานคร"
        return {
            "document_author": department
            if self.is_department_document or group is None
            else f"กลุ่มการปฏิบัติงานของสำนักงานเขต {group.full_name}",
            "document_keywords": ", ".join(
                ["เครือข่ายประชาสังคม", "กรุงเทพมหานคร", f"ปีงบประมาณ {cycle.fiscal_year}", self.title]
            ),
            "page_counter_style": "thai" if cycle.use_thai_digits else "decimal",
            "emblem_uri": report_selectors.emblem_data_uri(),
            "vocabulary": report_selectors.document_vocabulary(cycle=cycle, group=group),
            "agency_line": agency_line(cycle),
        }

    def sent_memo_context(self) -> dict[str, Any]:
        """Return ที่ and วันที่ of the memo the document opens with: what the sender recorded,
        else no number and the calendar's due date of the document's step (never the render day)."""
        when = self.document_date or report_selectors.default_document_date(kind=self.kind, cycle=self.cycle)
        return {
            "document_number": self.document_number,
            "document_date_long": be_date(when, long=True) if when else "",
        }

    def render_html(self, context: dict[str, Any]) -> str:
        """Render the document's template with its data and the official layout's context."""
        return render_to_string(self.template_name, {**self.pdf_context(), **context})

    def context(self) -> dict[str, Any]:
        return {**self.base_context(), **self.get_context()}

    def render_pdf(self) -> bytes:
        return render_pdf(self.render_html(self.context()), variant=self.pdf_variant)

    def render_xlsx(self) -> bytes:
        return workbook_bytes(self.get_sheets(self.context()), self.workbook_info())

    def workbook_info(self) -> WorkbookInfo:
        """Return the workbook's properties and digit convention: the cycle's, as its PDF has."""
        cycle = self.cycle
        title = self.title if self.group is None else f"{self.title} {self.group.full_name}"
        return WorkbookInfo(
            title=f"{title} ปีงบประมาณ พ.ศ. {cycle.fiscal_year}",
            subject=cycle.title,
            # A group's documents are the group's; the department writes the all-groups ones.
            author=self.group.full_name if self.group is not None else cycle.department,
            thai_digits=cycle.use_thai_digits,
            landscape=self.landscape,
        )

    def render(self, fmt: str) -> bytes:
        """Render in the given format, always in Thai: an official document does not follow the UI."""
        if fmt not in self.formats:
            raise ExportError(f"เอกสาร “{self.title}” ไม่มีรูปแบบ {fmt}")
        with translation.override("th"):
            return self.render_pdf() if fmt == BuildFormat.PDF else self.render_xlsx()

    def filename(self, fmt: str) -> str:
        parts = [self.kind, str(self.cycle.fiscal_year)]
        if self.group is not None:
            parts.append(self.group.code)
        return "-".join(parts) + f".{fmt}"


def agency_line(cycle: Cycle) -> str:
    """Return the ส่วนราชการ line of the department's memos: department (division phone)."""
    inner = " ".join(part for part in (cycle.division, cycle.phone) if part)
    return f"{cycle.department} ({inner})" if inner else cycle.department


__all__ = [
    "BaseExporter",
    "CONTENT_TYPES",
    "EXCEL_FONT",
    "ExportError",
    "ExportResult",
    "Sheet",
    "WorkbookInfo",
    "workbook_bytes",
]
