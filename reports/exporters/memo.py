"""The memo (บันทึกข้อความ) that launches a cycle, addressed to one group, with its calendar."""

from __future__ import annotations

from typing import Any, ClassVar

from bangkok_network import selectors
from bangkok_network.thai import be_date, be_period
from reports.exporters.base import BaseExporter, agency_line
from reports.exporters.p1 import P1_COLUMNS, P1_SUBTITLE, P1_TITLE
from reports.models import BuildFormat

BLANK_P1_ROWS = 3


class MemoExporter(BaseExporter):
    kind: ClassVar[str] = "memo"
    title: ClassVar[str] = "บันทึกข้อความแจ้งแนวทางการดำเนินการ"
    formats: ClassVar[tuple[str, ...]] = (BuildFormat.PDF,)
    template_name: ClassVar[str] = "reports/documents/memo.html"
    is_department_document: ClassVar[bool] = True

    def get_context(self) -> dict[str, Any]:
        cycle = self.cycle
        return {
            "memo_date": be_date(cycle.memo_date, long=True) if cycle.memo_date else "",
            "previous_year": cycle.fiscal_year - 1,
            "memo_agency": agency_line(cycle),
            # The blank form P1 the seed memo sends after the calendar: the group's name, empty rows.
            "p1_title": P1_TITLE,
            "p1_subtitle": f"{P1_SUBTITLE} {self.group.full_name}",
            "p1_columns": P1_COLUMNS,
            "blank_p1_rows": range(BLANK_P1_ROWS),
            "calendar": [
                {"step": step, "period": step.period_label or be_period(step.start_date, step.due_date)}
                for step in selectors.cycle_steps(cycle=cycle)
            ],
        }
