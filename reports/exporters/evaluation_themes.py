"""The evaluation's section on the groups' shared themes: its figures, its chart and its worksheet.

The themes come from ``themes.selectors`` (the officer's names included); this module only says how
the September summary shows them, so the PDF section and the workbook sheet read the same list.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bangkok_network.excel import Sheet
from bangkok_network.models import Cycle
from reports import charts
from themes.selectors import Theme, themes_for_cycle

MONEY = "#,##0.00"
PERCENT = "0.0"
CHART_LABEL = 34  # characters of a theme's name under its bar (the table has it whole)


@dataclass(frozen=True)
class ThemesSection:
    themes: list[Theme]
    issues: int
    groups: int
    shared: int  # themes raised by two groups or more

    @property
    def is_empty(self) -> bool:
        return not self.themes


def themes_section(*, cycle: Cycle) -> ThemesSection:
    themes = themes_for_cycle(cycle=cycle)
    return ThemesSection(
        themes=themes,
        issues=sum(len(t.issues) for t in themes),
        groups=len({g.pk for t in themes for g in t.groups}),
        shared=sum(1 for t in themes if t.is_shared),
    )


def _label(name: str) -> str:
    return name if len(name) <= CHART_LABEL else name[: CHART_LABEL - 1] + "…"


def themes_chart(section: ThemesSection) -> str:
    """Draw how many groups raised each theme (the PDF's picture; the workbook has the numbers)."""
    return charts.horizontal_bars(
        [_label(t.name) for t in section.themes],
        [t.group_count for t in section.themes],
        title="จำนวนกลุ่มเขตที่เสนอประเด็น รายกลุ่มประเด็น",
        unit="กลุ่มเขต",
    )


def themes_context(*, cycle: Cycle) -> dict[str, Any]:
    section = themes_section(cycle=cycle)
    return {"themes_section": section, "themes_chart": "" if section.is_empty else themes_chart(section)}


def themes_sheet(section: ThemesSection, *, heading: list[str]) -> Sheet:
    return Sheet(
        "ประเด็นร่วม",
        [
            "กลุ่มประเด็น",
            "ที่มาของชื่อ",
            "กลุ่มเขตที่เสนอ",
            "จำนวนกลุ่มเขต",
            "ประเด็นสำคัญจากรายงานการประชุม",
            "โครงการ P1",
            "งบประมาณ (บาท)",
            "ใช้ไปแล้ว (บาท)",
            "ความคืบหน้าเฉลี่ย (%)",
        ],
        [
            [
                t.name,
                "เจ้าหน้าที่ตั้งชื่อ" if t.is_named_by_officer else "คำสำคัญของกลุ่ม",
                ", ".join(g.full_name for g in t.groups),
                t.group_count,
                "; ".join(f"{i.title} ({i.group.name})" for i in t.issues),
                t.project_count,
                t.budget,
                t.spent,
                t.percent_done,
            ]
            for t in section.themes
        ],
        widths=[30, 16, 36, 12, 60, 10, 16, 16, 14],
        heading=[
            *heading,
            f"ประเด็นสำคัญ {section.issues} ประเด็นจาก {section.groups} กลุ่มเขต "
            f"จัดได้ {len(section.themes)} กลุ่มประเด็น เป็นประเด็นร่วมของหลายกลุ่มเขต {section.shared} กลุ่มประเด็น",
        ],
        number_formats={6: MONEY, 7: MONEY, 8: PERCENT},
    )
