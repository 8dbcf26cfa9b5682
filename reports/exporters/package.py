"""The August package (step 5): a group's cover memo, contents and the four parts, as one document.

The PDF is ONE HTML document: each part's printable body (``partials/<kind>_body.html``) rendered
with that part's own exporter ``get_context()``, so the package always prints what the separate
documents print. Page numbers come from ``@page``, bookmarks from the part headings, the contents
page from ``target-counter``. The workbook holds each part's sheets. A part that cannot be made (no
meeting recorded yet, a broken template) is named as missing in both; the package never fails for
one part.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from bangkok_network.thai import be_date
from reports.exporters.base import BaseExporter, ExportError, Sheet, report_progress, workbook_bytes
from reports.exporters.minutes import MinutesExporter
from reports.exporters.p1 import P1Exporter
from reports.exporters.progress import ProgressReportsExporter, append_copies
from reports.exporters.registry import RegistryExporter
from reports.models import BuildFormat, BuildKind
from reports.pdf import render_pdf
from reports.selectors import group_chair

logger = logging.getLogger(__name__)

# The four parts the calendar lists for step 5, in order: (the part's exporter, heading).
PACKAGE_PARTS: tuple[tuple[type[BaseExporter], str], ...] = (
    (RegistryExporter, "ทะเบียนบัญชีประชาสังคมของกลุ่มการปฏิบัติงานของสำนักงานเขต"),
    (MinutesExporter, "รายงานการประชุมของเครือข่ายประชาสังคมกลุ่มการปฏิบัติงานของสำนักงานเขต"),
    (P1Exporter, "แบบกำหนดโครงการ/กิจกรรมและขั้นตอนการปฏิบัติงาน (แบบ P1)"),
    (ProgressReportsExporter, "สำเนารายงานผลการดำเนินงาน"),
)


# Parts printed on landscape pages, as their own documents are (wide tables).
LANDSCAPE_PARTS = frozenset({RegistryExporter.kind, P1Exporter.kind})


@dataclass
class PackagePart:
    number: int
    kind: str
    heading: str
    anchor: str
    html: str = ""
    sheets: list[Sheet] = field(default_factory=list)
    missing_reason: str = ""
    note: str = ""  # what the contents say of a present part (minutes not yet certified)
    appendix: list = field(default_factory=list)  # reports to executives whose PDF copies follow

    @property
    def is_landscape(self) -> bool:
        return self.kind in LANDSCAPE_PARTS

    @property
    def is_missing(self) -> bool:
        return bool(self.missing_reason)


class PackageExporter(BaseExporter):
    kind: ClassVar[str] = BuildKind.PACKAGE
    title: ClassVar[str] = "เอกสารผลการดำเนินงานตามโครงการ/กิจกรรมการพัฒนาเชิงพื้นที่"
    formats: ClassVar[tuple[str, ...]] = (BuildFormat.PDF, BuildFormat.XLSX)
    needs_group: ClassVar[bool] = True
    template_name: ClassVar[str] = "reports/documents/package.html"

    def parts(self, *, fmt: str) -> list[PackagePart]:
        """Render each part with its own exporter; a failing part is reported, not raised."""
        parts = []
        for number, (exporter_cls, heading) in enumerate(PACKAGE_PARTS, start=1):
            report_progress(self, 5 + 15 * number, f"ส่วนที่ {number} {heading}")
            kind = exporter_cls.kind
            part = PackagePart(number=number, kind=kind, heading=heading, anchor=f"part-{kind}")
            try:
                exporter = exporter_cls(cycle=self.cycle, group=self.group, user=self.user)
                exporter.mask_personal_data = self.mask_personal_data
                context = exporter.context()
                part.note = context.get("uncertified_note", "")
                if fmt == BuildFormat.PDF:
                    part.appendix = list(context.get("executive_reports", []))
                    part.html = mark_safe(  # noqa: S308  (our own rendered template, escaped inside)
                        render_to_string(f"reports/documents/partials/{kind}_body.html", context)
                    )
                else:
                    part.sheets = list(exporter.get_sheets(context))
                    for sheet in part.sheets:  # printed as the part's own workbook prints
                        if sheet.landscape is None and exporter.landscape:
                            sheet.landscape = True
            except ExportError as exc:  # the part's own reason, in Thai (e.g. no meeting recorded yet)
                part.missing_reason = str(exc)
            except TemplateDoesNotExist:
                part.missing_reason = "ระบบยังไม่มีแบบพิมพ์ของเอกสารส่วนนี้"
            except Exception as exc:  # one broken part must not sink the whole package
                logger.exception("package part %s failed for %s", kind, self.group)
                part.missing_reason = f"สร้างเอกสารส่วนนี้ไม่สำเร็จ ({type(exc).__name__})"
            parts.append(part)
        return parts

    def get_context(self) -> dict[str, Any]:
        cycle, group = self.cycle, self.group
        chair = group_chair(group=group)
        return {
            **self.sent_memo_context(),
            "package_agency": f"กลุ่มการปฏิบัติงานของสำนักงานเขต {group.full_name}",
            "package_subject": f"ส่ง{self.title} {group.full_name}",
            "group_chair_name": chair.get_full_name() if chair else "",
            "group_chair_title": f"ประธานกลุ่มการปฏิบัติงานของสำนักงานเขต {group.full_name}",
            "memo_reference": cycle.memo_number,
            "memo_date": be_date(cycle.memo_date, long=True) if cycle.memo_date else "",
            "part_headings": [heading for _, heading in PACKAGE_PARTS],
        }

    def render_pdf(self) -> bytes:
        parts = self.parts(fmt=BuildFormat.PDF)
        html = self.render_html({**self.context(), "parts": parts})
        report_progress(self, 85, "จัดหน้าเอกสาร PDF (เลขหน้า สารบัญ ที่คั่นหน้า)")
        pdf = render_pdf(html, variant=self.pdf_variant)
        # Part 4 is the copies of the reports to executives: their uploaded PDFs follow the pages.
        return append_copies(pdf, [record for part in parts for record in part.appendix])

    def render_xlsx(self) -> bytes:
        context = self.context()
        parts = self.parts(fmt=BuildFormat.XLSX)
        report_progress(self, 85, "เขียนสมุดงาน Excel")
        return workbook_bytes(self.get_sheets({**context, "parts": parts}), self.workbook_info())

    def get_sheets(self, context: dict[str, Any]) -> list[Sheet]:
        parts: list[PackagePart] = context.get("parts") or self.parts(fmt=BuildFormat.XLSX)
        heading = [self.title, self.group.full_name, f"ปีงบประมาณ พ.ศ. {self.cycle.fiscal_year}"]
        sheets = [
            Sheet(
                "สารบัญ",
                ["ส่วนที่", "เอกสาร", "แผ่นงาน", "หมายเหตุ", "ข้อสังเกต"],
                [
                    [
                        part.number,
                        part.heading,
                        ", ".join(
                            self._sheet_title(part, sheet, index) for index, sheet in enumerate(part.sheets)
                        ),
                        part.missing_reason,
                        part.note,
                    ]
                    for part in parts
                ],
                widths=[8, 60, 40, 40, 40],
                heading=heading,
            )
        ]
        for part in parts:
            if part.is_missing:
                sheets.append(
                    Sheet(
                        f"{part.number} {part.heading}",
                        ["หมายเหตุ"],
                        [[f"ขาดเอกสารส่วนที่ {part.number}: {part.missing_reason}"]],
                        widths=[80],
                        heading=[part.heading],
                    )
                )
                continue
            for index, sheet in enumerate(part.sheets):
                sheet.title = self._sheet_title(part, sheet, index)
                sheets.append(sheet)
        return sheets

    @staticmethod
    def _sheet_title(part: PackagePart, sheet: Sheet, index: int) -> str:
        # Prefix the part number so sheet names stay unique and in order (Excel keeps 31 characters).
        prefix = f"{part.number}.{index + 1} " if len(part.sheets) > 1 else f"{part.number} "
        title = sheet.title
        if title.startswith(prefix):
            return title[:31]
        return (prefix + title)[:31]
