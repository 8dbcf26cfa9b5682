"""The evaluation summary for ปลัดกรุงเทพมหานคร (step 6): a memo with tables and charts, and its data."""

from __future__ import annotations

from typing import Any, ClassVar

from reports.evaluation import evaluation_charts, evaluation_data
from reports.exporters.base import BaseExporter, Sheet, report_progress, workbook_bytes
from reports.exporters.evaluation_themes import themes_context, themes_section, themes_sheet
from reports.models import BuildFormat, BuildKind
from reports.pdf import render_pdf
from reports.yearly import year_comparison, year_comparison_charts

MONEY = "#,##0.00"
PERCENT = "0.0"


class EvaluationExporter(BaseExporter):
    kind: ClassVar[str] = BuildKind.EVALUATION
    title: ClassVar[str] = "รายงานผลการติดตามประเมินผลการดำเนินการขับเคลื่อนเครือข่ายประชาสังคม"
    formats: ClassVar[tuple[str, ...]] = (BuildFormat.PDF, BuildFormat.XLSX)
    needs_group: ClassVar[bool] = False
    template_name: ClassVar[str] = "reports/documents/evaluation.html"
    is_department_document: ClassVar[bool] = True

    def get_context(self) -> dict[str, Any]:
        report_progress(self, 10, "รวบรวมข้อมูลของทั้ง ๖ กลุ่มเขต")
        data = evaluation_data(self.cycle)
        report_progress(self, 30, "เปรียบเทียบกับปีก่อน")
        comparison = year_comparison(self.cycle, current=data)
        report_progress(self, 40, "วาดแผนภูมิ")
        return {
            "data": data,
            "totals": data.totals,
            "charts": evaluation_charts(data),
            "comparison": comparison,
            "comparison_charts": year_comparison_charts(comparison) if comparison else {},
            **themes_context(cycle=self.cycle),
            **self.sent_memo_context(),
            "evaluation_subject": f"รายงานผลการติดตามประเมินผล{self.cycle.title} "
            f"ประจำปีงบประมาณ พ.ศ. {self.cycle.fiscal_year}",
        }

    def render_pdf(self) -> bytes:
        context = self.context()
        report_progress(self, 70, "จัดหน้าเอกสาร PDF")
        return render_pdf(self.render_html(context), variant=self.pdf_variant)

    def render_xlsx(self) -> bytes:
        report_progress(self, 10, "รวบรวมข้อมูลของทั้ง ๖ กลุ่มเขต")
        data = evaluation_data(self.cycle)  # no charts: the workbook holds the numbers behind them
        report_progress(self, 60, "เขียนสมุดงาน Excel")
        comparison = year_comparison(self.cycle, current=data)
        context = {
            **self.base_context(),
            "data": data,
            "totals": data.totals,
            "comparison": comparison,
            "themes_section": themes_section(cycle=self.cycle),
        }
        return workbook_bytes(self.get_sheets(context), self.workbook_info())

    def get_sheets(self, context: dict[str, Any]) -> list[Sheet]:
        sheets = self.evaluation_sheets(context)
        comparison = context.get("comparison")
        if comparison is not None:
            sheets.append(year_on_year_sheet(comparison, heading=sheets[0].heading))
        return sheets

    def evaluation_sheets(self, context: dict[str, Any]) -> list[Sheet]:
        data, totals = context["data"], context["totals"]
        heading = [
            self.title,
            f"ปีงบประมาณ พ.ศ. {self.cycle.fiscal_year}",
            f"ข้อมูล ณ {context['generated_on']}",
        ]
        step_headers = [f"ขั้นตอนที่ {step.number} {step.title}" for step in data.steps]
        status_rows = [
            [
                row.group.full_name,
                *[d.label for d in row.deadlines],
                row.steps_on_time,
                row.steps_late,
                row.steps_open,
            ]
            for row in data.groups
        ]
        status_rows.append(
            [
                "รวม",
                *[""] * len(data.steps),
                totals["steps_on_time"],
                totals["steps_late"],
                totals["steps_open"],
            ]
        )
        group_rows = [
            [
                row.group.full_name,
                row.members,
                row.persons,
                row.organisations,
                row.districts_with_members,
                row.districts_total,
                row.interests,
                row.meetings,
                row.participated,
                row.participation_percent,
            ]
            for row in data.groups
        ]
        group_rows.append(
            [
                "รวม",
                totals["members"],
                totals["persons"],
                totals["organisations"],
                "",
                "",
                "",
                totals["meetings"],
                totals["participated"],
                totals["participation_percent"],
            ]
        )
        project_rows = [
            [row.group.full_name, row.projects, row.budget, row.spent, row.percent_done, row.participants]
            for row in data.groups
        ]
        project_rows.append(
            ["รวม", totals["projects"], totals["budget"], totals["spent"], "", totals["participants"]]
        )
        assessment_rows = []
        for row in data.groups:
            a = row.assessment
            assessment_rows.append(
                [
                    row.group.full_name,
                    *(
                        [
                            a.timeliness_score,
                            a.registry_score,
                            a.participation_score,
                            a.projects_score,
                            a.outcomes_score,
                            a.total_score,
                            a.strengths,
                            a.improvements,
                            a.comments,
                        ]
                        if a
                        else ["", "", "", "", "", "", "", "", "ยังไม่ได้ประเมิน"]
                    ),
                ]
            )
        return [
            Sheet(
                "สถานะรายกลุ่ม",
                ["กลุ่มเขต", *step_headers, "ตรงเวลา", "ล่าช้า", "ยังไม่ส่ง/เกินกำหนด"],
                status_rows,
                widths=[24, *[18] * len(data.steps), 10, 10, 14],
                heading=heading,
            ),
            Sheet(
                "ตรงเวลารายขั้นตอน",
                ["ขั้นตอน", "ครบกำหนด", "ตรงเวลา (กลุ่ม)", "ล่าช้า (กลุ่ม)", "จำนวนกลุ่ม", "ร้อยละตรงเวลา"],
                [
                    [
                        f"{r.step.number}. {r.step.title}",
                        r.step.due_date,
                        r.on_time,
                        r.late,
                        r.groups,
                        r.percent,
                    ]
                    for r in data.step_rates
                ],
                widths=[40, 14, 14, 14, 12, 14],
                heading=heading,
                number_formats={5: PERCENT},
            ),
            Sheet(
                "ทะเบียนและการมีส่วนร่วม",
                [
                    "กลุ่มเขต",
                    "สมาชิกทั้งหมด",
                    "บุคคล",
                    "องค์กร",
                    "เขตที่มีสมาชิก",
                    "เขตในกลุ่ม",
                    "ด้านที่สนใจ (ความหลากหลาย)",
                    "การประชุม (ครั้ง)",
                    "สมาชิกที่เข้าร่วมประชุม",
                    "ร้อยละการมีส่วนร่วม",
                ],
                group_rows,
                widths=[24, 12, 10, 10, 12, 10, 16, 14, 16, 14],
                heading=heading,
                number_formats={9: PERCENT},
            ),
            Sheet(
                "โครงการและงบประมาณ",
                [
                    "กลุ่มเขต",
                    "จำนวนโครงการ",
                    "งบประมาณ (บาท)",
                    "ใช้ไปแล้ว (บาท)",
                    "ความคืบหน้าเฉลี่ย (%)",
                    "ผู้เข้าร่วมโครงการ (คน)",
                ],
                project_rows,
                widths=[24, 12, 18, 18, 16, 18],
                heading=heading,
                number_formats={2: MONEY, 3: MONEY, 4: PERCENT},
            ),
            Sheet(
                "งบตามมิติแผน กทม.",
                ["ด้านของแผนพัฒนากรุงเทพมหานคร ๒๐ ปี", "งบประมาณ (บาท)"],
                [[label, amount] for label, amount in data.budget_by_dimension],
                widths=[50, 18],
                heading=[*heading, "โครงการที่สอดคล้องหลายด้านนับงบประมาณเต็มในทุกด้าน"],
                number_formats={1: MONEY},
            ),
            Sheet(
                "งบตามประโยชน์",
                ["ประโยชน์ต่อประชาชน", "งบประมาณ (บาท)"],
                [*([label, amount] for label, amount in data.budget_by_benefit), ["รวม", totals["budget"]]],
                widths=[30, 18],
                heading=heading,
                number_formats={1: MONEY},
            ),
            themes_sheet(context["themes_section"], heading=heading),
            Sheet(
                "ผลการประเมิน",
                [
                    "กลุ่มเขต",
                    "ตรงเวลา",
                    "ทะเบียน",
                    "การมีส่วนร่วม",
                    "โครงการและงบประมาณ",
                    "ผลลัพธ์",
                    "รวม (เต็ม ๒๕)",
                    "จุดเด่น",
                    "ข้อควรปรับปรุง",
                    "ความเห็น",
                ],
                assessment_rows,
                widths=[24, 10, 10, 12, 14, 10, 12, 30, 30, 30],
                heading=heading,
            ),
        ]


def year_on_year_sheet(comparison, *, heading: list[str]) -> Sheet:
    """Every measure, overall then per group: the year before, this year, the change and its percent."""
    before, now = comparison.previous_cycle.fiscal_year, comparison.cycle.fiscal_year
    rows = []
    for scope, changes in (
        ("ภาพรวม", comparison.overall),
        *((g.group.full_name, g.changes) for g in comparison.groups),
    ):
        for change in changes:
            rows.append(
                [
                    scope,
                    change.measure.label,
                    change.previous,
                    change.current,
                    change.difference,
                    change.percent,
                ]
            )
    return Sheet(
        "เปรียบเทียบรายปี",
        ["กลุ่มเขต", "ตัวชี้วัด", f"ปีงบประมาณ {before}", f"ปีงบประมาณ {now}", "เปลี่ยนแปลง", "ร้อยละการเปลี่ยนแปลง"],
        rows,
        widths=[24, 30, 16, 16, 14, 16],
        heading=[*heading, f"เทียบกับปีงบประมาณ พ.ศ. {before}"],
        number_formats={2: "#,##0.##", 3: "#,##0.##", 4: "+#,##0.##;-#,##0.##;0", 5: PERCENT},
    )
