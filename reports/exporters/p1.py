"""Form P1 of a group: its key issue, approach and projects, as the seed's landscape table and as Excel.

It prints the latest version the group sent (frozen), or the working draft when nothing was sent
yet (and says so). Reads go through projects_p1.selectors only.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, ClassVar

from bangkok_network.thai import arabic_digit_text, baht_words, be_period
from projects_p1 import selectors as p1_selectors
from reports.exporters.base import BaseExporter, ExportError, Sheet
from reports.models import BuildFormat

P1_TITLE = "แบบกำหนดโครงการ/กิจกรรมและขั้นตอนการปฏิบัติงานตามประเด็นสำคัญในการพัฒนาเชิงพื้นที่"
P1_SUBTITLE = "ของกลุ่มการปฏิบัติงานของสำนักงานเขต"
P1_COLUMNS = (
    "โครงการ/กิจกรรม",
    "วัตถุประสงค์",
    "เป้าหมาย",
    "งบประมาณ",
    "ระยะเวลาดำเนินงาน",
    "ความสอดคล้องกับแผนระดับ กทม.",
)


_DIMENSION_NOTE = re.compile(r"^\s*(?:สอดคล้องกับ\s*)?(?:แผน\S*\s*)?ด้านที่\s*([0-9๐-๙]+)\s*")


def alignment_note(note: str, dimensions: list[dict]) -> str:
    """Return the note of the plan-alignment cell without the dimension the cell already lists.

    Users type "สอดคล้องกับด้านที่ 5 มหานครประชาธิปไตย: ประชาชนร่วมเสนอ…" under a cell that
    already prints "ด้านที่ 5 มหานครประชาธิปไตย": the cell names each dimension once.
    """
    match = _DIMENSION_NOTE.match(note)
    if not match:
        return note.strip()
    number = int(arabic_digit_text(match.group(1)))
    listed = {d["number"]: d["name"] for d in dimensions}
    if number not in listed:
        return note.strip()
    rest = note[match.end() :].lstrip()
    if rest.startswith(listed[number]):
        rest = rest[len(listed[number]) :]
    return rest.lstrip(" :：-–").strip()


def _number(value: Decimal | None) -> str:
    if value is None:
        return ""
    text = f"{value:,.2f}"
    return text[:-3] if text.endswith(".00") else text


class P1Exporter(BaseExporter):
    kind: ClassVar[str] = "p1"
    title: ClassVar[str] = "แบบกำหนดโครงการ/กิจกรรมและขั้นตอนการปฏิบัติงาน (แบบ P1)"
    formats: ClassVar[tuple[str, ...]] = (BuildFormat.PDF, BuildFormat.XLSX)
    template_name: ClassVar[str] = "reports/documents/p1.html"
    landscape: ClassVar[bool] = True

    def get_context(self) -> dict[str, Any]:
        document = p1_selectors.p1_document(cycle=self.cycle, group=self.group)
        if document is None:
            raise ExportError(
                f"{self.group.full_name} ยังไม่ได้จัดทำแบบ P1 ของปีงบประมาณ {self.cycle.fiscal_year}"
            )
        rows = []
        for project in document["projects"]:
            start, end = project["start_date"], project["end_date"]
            rows.append(
                {
                    "number": project["number"],
                    "name": project["name"],
                    "steps": [
                        {
                            "title": step["title"],
                            "period": be_period(step["start_date"], step["end_date"])
                            if step["start_date"] and step["end_date"]
                            else "",
                        }
                        for step in project["steps"]
                    ],
                    "objective": project["objective"],
                    "target": " ".join(
                        part for part in (_number(project["target_quantity"]), project["target_unit"]) if part
                    ),
                    "target_description": project["target_description"],
                    "budget": project["budget"],
                    "funding_source": project["funding_source"],
                    "period": be_period(start, end) if start and end else "",
                    "dimensions": [f"ด้านที่ {d['number']} {d['name']}" for d in project["plan_dimensions"]],
                    "alignment_note": alignment_note(project["alignment_note"], project["plan_dimensions"]),
                    "benefit": f"ประโยชน์ด้าน{project['benefit_label']}" if project["benefit_label"] else "",
                    "benefit_note": project["benefit_note"],
                }
            )
        total = document["total_budget"]
        return {
            "p1": document,
            "p1_title": P1_TITLE,
            "p1_subtitle": f"{P1_SUBTITLE} {self.group.full_name}",
            "p1_columns": P1_COLUMNS,
            "p1_rows": rows,
            "p1_total": total,
            "p1_total_words": baht_words(total),
        }

    def get_sheets(self, context: dict[str, Any]) -> list[Sheet]:
        document = context["p1"]
        issue = document["key_issue"]["title"] if document["key_issue"] else ""
        heading = [
            context["p1_title"],
            context["p1_subtitle"],
            f"ปีงบประมาณ พ.ศ. {self.cycle.fiscal_year}"
            + (" (ฉบับร่าง ยังไม่ได้ส่ง)" if document["is_draft"] else f" ฉบับที่ {document['version']}"),
            f"ประเด็นสำคัญ {issue}",
            f"แนวทางการแก้ไข {document['approach']}",
        ]
        rows: list[list[Any]] = []
        for row in context["p1_rows"]:
            steps = "\n".join(
                f"{i}) {s['title']}" + (f" ({s['period']})" if s["period"] else "")
                for i, s in enumerate(row["steps"], start=1)
            )
            rows.append(
                [
                    f"{row['number']}. {row['name']}" + (f"\nขั้นตอนการปฏิบัติงาน\n{steps}" if steps else ""),
                    row["objective"],
                    "\n".join(part for part in (row["target"], row["target_description"]) if part),
                    row["budget"],
                    row["period"],
                    "\n".join(
                        part for part in (*row["dimensions"], row["alignment_note"], row["benefit"]) if part
                    ),
                ]
            )
        rows.append(["รวมงบประมาณทั้งสิ้น", context["p1_total_words"], "", context["p1_total"], "", ""])
        # Real dates, so the department can sort and filter the steps by when they happen.
        steps_rows = [
            [project["number"], project["name"], number, step["title"], step["start_date"], step["end_date"]]
            for project in document["projects"]
            for number, step in enumerate(project["steps"], start=1)
        ]
        return [
            Sheet(
                "แบบ P1",
                list(context["p1_columns"]),
                rows,
                widths=[45, 35, 30, 18, 22, 40],
                heading=heading,
                number_formats={3: "#,##0.00"},
            ),
            Sheet(
                "ขั้นตอนการปฏิบัติงาน",
                ["โครงการที่", "โครงการ/กิจกรรม", "ขั้นตอนที่", "ขั้นตอนการปฏิบัติงาน", "วันเริ่ม", "วันสิ้นสุด"],
                steps_rows,
                widths=[10, 40, 10, 50, 16, 16],
                heading=[context["p1_title"], context["p1_subtitle"]],
            ),
        ]


class P1AllGroupsExporter(BaseExporter):
    """Every group's P1 projects in one workbook, for the department's review and evaluation."""

    kind: ClassVar[str] = "p1_all"
    title: ClassVar[str] = "แบบ P1 ทุกกลุ่มเขต"
    formats: ClassVar[tuple[str, ...]] = (BuildFormat.XLSX,)
    needs_group: ClassVar[bool] = False
    landscape: ClassVar[bool] = True

    def get_context(self) -> dict[str, Any]:
        return {"documents": p1_selectors.p1_documents_for_cycle(cycle=self.cycle)}

    def get_sheets(self, context: dict[str, Any]) -> list[Sheet]:
        headers = [
            "กลุ่มเขต",
            "สถานะ",
            "ฉบับที่",
            "ประเด็นสำคัญ",
            "ลำดับ",
            *P1_COLUMNS[:3],
            "งบประมาณ (บาท)",
            "แหล่งงบประมาณ",
            "วันเริ่ม",
            "วันสิ้นสุด",
            "ความสอดคล้องกับแผนระดับ กทม.",
            "ประโยชน์",
            "จำนวนขั้นตอน",
        ]
        rows: list[list[Any]] = []
        for group, document in context["documents"]:
            if document is None:
                rows.append([group.full_name, "ยังไม่ได้จัดทำ", *[None] * (len(headers) - 2)])
                continue
            issue = document["key_issue"]["title"] if document["key_issue"] else ""
            for project in document["projects"]:
                rows.append(
                    [
                        group.full_name,
                        document["status"],
                        document["version"],
                        issue,
                        project["number"],
                        project["name"],
                        project["objective"],
                        " ".join(
                            p for p in (_number(project["target_quantity"]), project["target_unit"]) if p
                        ),
                        project["budget"],
                        project["funding_source"],
                        project["start_date"],
                        project["end_date"],
                        ", ".join(f"ด้านที่ {d['number']}" for d in project["plan_dimensions"]),
                        project["benefit_label"],
                        len(project["steps"]),
                    ]
                )
        heading = [self.title, f"ปีงบประมาณ พ.ศ. {self.cycle.fiscal_year}"]
        return [
            Sheet(
                "แบบ P1 ทุกกลุ่ม",
                headers,
                rows,
                widths=[22, 16, 8, 30, 7, 35, 30, 16, 16, 22, 14, 14, 18, 12, 10],
                heading=heading,
                number_formats={8: "#,##0.00"},
            )
        ]
