"""Copies of a group's progress reports (step 4): each project's dated reports and the record of
reporting to BMA executives or the Governor's committee. Part 4 of the August package."""

from __future__ import annotations

from typing import Any, ClassVar

from bangkok_network.thai import be_date
from reports.evaluation import optional_selector
from reports.exporters.base import BaseExporter, Sheet

MONEY = "#,##0.00"
PHOTOS_PER_REPORT = 4


class ProgressReportsExporter(BaseExporter):
    kind: ClassVar[str] = "progress"
    title: ClassVar[str] = "รายงานผลการดำเนินงานโครงการ/กิจกรรม"
    formats: ClassVar[tuple[str, ...]] = ("pdf", "xlsx")
    needs_group: ClassVar[bool] = True
    template_name: ClassVar[str] = "reports/documents/progress.html"

    def get_context(self) -> dict[str, Any]:
        from progress.selectors import (
            attachment_thumbnail_uri,
            executive_reports_for_group,
            reports_for_group,
        )

        projects_for_group = optional_selector("projects_p1.selectors.projects_for_group")
        projects = list(projects_for_group(cycle=self.cycle, group=self.group)) if projects_for_group else []
        reports_by_project: dict[int, list] = {}
        for report in reports_for_group(cycle=self.cycle, group=self.group):
            reports_by_project.setdefault(report.project_id, []).append(report)
            # Copies show the first photos of each report, embedded (the PDF fetches no media files).
            photos = [a for a in report.attachments.all() if a.kind == "photo"][:PHOTOS_PER_REPORT]
            report.photo_uris = [uri for uri in map(attachment_thumbnail_uri, photos) if uri]
        return {
            "projects": [{"project": p, "reports": reports_by_project.get(p.pk, [])} for p in projects],
            "executive_reports": list(executive_reports_for_group(cycle=self.cycle, group=self.group)),
        }

    def get_sheets(self, context: dict[str, Any]) -> list[Sheet]:
        heading = [self.title, self.group.full_name, f"ปีงบประมาณ พ.ศ. {self.cycle.fiscal_year}"]
        rows = [
            [
                entry["project"].name,
                be_date(r.report_date),
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
            [e.get_recipient_kind_display(), e.recipient, be_date(e.reported_on), e.summary, e.file_name]
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
            ),
            Sheet(
                "การรายงานต่อผู้บริหาร",
                ["รายงานต่อ", "ผู้รับรายงาน", "วันที่", "สรุปสาระ", "สำเนา"],
                executive_rows,
                widths=[40, 30, 14, 50, 30],
                heading=heading,
            ),
        ]
