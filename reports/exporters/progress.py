"""Copies of a group's progress reports (step 4): each project's dated reports and the record of
reporting to BMA executives or the Governor's committee. Part 4 of the August package."""

from __future__ import annotations

from typing import Any, ClassVar

from bangkok_network.thai import be_date
from progress.selectors import (
    attachment_thumbnail_uri,
    executive_report_copies,
    executive_reports_for_group,
    reports_for_group,
)
from projects_p1.selectors import projects_for_group
from reports.exporters.base import BaseExporter, Sheet
from reports.models import BuildFormat
from reports.pdf import render_pdf
from reports.pdf.pdfa import append_copies_pdfa, copy_fits_pdfa

MONEY = "#,##0.00"
PHOTOS_PER_REPORT = 4


class ProgressReportsExporter(BaseExporter):
    kind: ClassVar[str] = "progress"
    title: ClassVar[str] = "รายงานผลการดำเนินงานโครงการ/กิจกรรม"
    formats: ClassVar[tuple[str, ...]] = (BuildFormat.PDF, BuildFormat.XLSX)
    needs_group: ClassVar[bool] = True
    template_name: ClassVar[str] = "reports/documents/progress.html"

    def get_context(self) -> dict[str, Any]:
        projects = list(projects_for_group(cycle=self.cycle, group=self.group))
        reports_by_project: dict[int, list] = {}
        for report in reports_for_group(cycle=self.cycle, group=self.group):
            reports_by_project.setdefault(report.project_id, []).append(report)
            # Copies show the first photos of each report, embedded (the PDF fetches no media files).
            photos = [a for a in report.attachments.all() if a.is_photo][:PHOTOS_PER_REPORT]
            report.photo_uris = [uri for uri in map(attachment_thumbnail_uri, photos) if uri]
        copies = {
            item["record"].pk: item for item in executive_report_copies(cycle=self.cycle, group=self.group)
        }
        executive_reports = list(executive_reports_for_group(cycle=self.cycle, group=self.group))
        for record in executive_reports:
            copy = copies.get(record.pk, {})
            record.copy_image = copy.get("image", "")
            record.copy_pdf = copy.get("pdf", b"")
            record.copy_printed = bool(record.copy_pdf) and copy_fits_pdfa(record.copy_pdf)
            record.copy_unreadable = bool(record.file) and not (record.copy_image or record.copy_pdf)
        return {
            "projects": [{"project": p, "reports": reports_by_project.get(p.pk, [])} for p in projects],
            "executive_reports": executive_reports,
        }

    def render_pdf(self) -> bytes:
        context = self.context()
        pdf = render_pdf(self.render_html(context), variant=self.pdf_variant)
        return append_copies(pdf, context["executive_reports"])

    def get_sheets(self, context: dict[str, Any]) -> list[Sheet]:
        heading = [self.title, self.group.full_name, f"ปีงบประมาณ พ.ศ. {self.cycle.fiscal_year}"]
        rows = [
            [
                entry["project"].name,
                r.report_date,
                r.percent,
                r.budget_spent,
                r.activities,
                r.outputs,
                r.outcomes,
                r.participants,
                r.problems,
                r.next_steps,
                ", ".join(a.original_name for a in r.attachments.all()),
            ]
            for entry in context["projects"]
            for r in entry["reports"]
        ]
        executive_rows = [
            [e.get_recipient_kind_display(), e.recipient, e.reported_on, e.summary, e.file_name]
            for e in context["executive_reports"]
        ]
        return [
            Sheet(
                "รายงานความคืบหน้า",
                [
                    "โครงการ/กิจกรรม",
                    "วันที่รายงาน",
                    "ความคืบหน้า (%)",
                    "ใช้งบประมาณ (บาท)",
                    "กิจกรรมที่ดำเนินการ",
                    "ผลผลิต",
                    "ผลลัพธ์",
                    "ผู้เข้าร่วม (คน)",
                    "ปัญหาและอุปสรรค",
                    "ขั้นตอนต่อไป",
                    "ไฟล์แนบ",
                ],
                rows,
                widths=[30, 14, 10, 16, 40, 30, 30, 10, 30, 30, 30],
                heading=heading,
                number_formats={3: MONEY},
                literal_columns=frozenset({10}),  # file names are kept as they were uploaded
            ),
            Sheet(
                "การรายงานต่อผู้บริหาร",
                ["รายงานต่อ", "ผู้รับรายงาน", "วันที่", "สรุปสาระ", "สำเนา"],
                executive_rows,
                widths=[40, 30, 14, 50, 30],
                heading=heading,
                literal_columns=frozenset({4}),
            ),
        ]


def append_copies(pdf: bytes, executive_reports: list) -> bytes:
    """Embed the uploaded PDF copies of the reports to executives, and append their pages.

    The rendered pages keep their tags, bookmarks and PDF/A-3b conformance: each copy is embedded
    as an associated file, and its pages follow (with a bookmark) when PDF/A allows them
    (see :mod:`reports.pdf.pdfa`). A copy that cannot be read (broken or encrypted) is skipped:
    the printed table already names it as unreadable.
    """
    copies = [
        (f"สำเนารายงาน-{index}.pdf", _copy_title(record), record.copy_pdf)
        for index, record in enumerate(executive_reports, start=1)
        if getattr(record, "copy_pdf", b"")
    ]
    return append_copies_pdfa(pdf, copies) if copies else pdf


def _copy_title(record) -> str:
    """Return the bookmark of a copy: to whom it was reported, and when."""
    if not hasattr(record, "get_recipient_kind_display"):
        return "สำเนารายงาน"
    return f"{record.get_recipient_kind_display()} – {be_date(record.reported_on)}"
