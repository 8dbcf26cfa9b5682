"""The memo (บันทึกข้อความ) that launches a cycle, addressed to one group, with its calendar."""

from __future__ import annotations

from typing import Any, ClassVar

from bangkok_network import selectors
from bangkok_network.thai import be_date, be_period
from reports.exporters.base import BaseExporter


class MemoExporter(BaseExporter):
    kind: ClassVar[str] = "memo"
    title: ClassVar[str] = "บันทึกข้อความแจ้งแนวทางการดำเนินการ"
    formats: ClassVar[tuple[str, ...]] = ("pdf",)
    template_name: ClassVar[str] = "reports/documents/memo.html"

    def get_context(self) -> dict[str, Any]:
        cycle = self.cycle
        return {
            "memo_date": be_date(cycle.memo_date, long=True) if cycle.memo_date else "",
            "previous_year": cycle.fiscal_year - 1,
            "calendar": [
                {"step": step, "period": step.period_label or be_period(step.start_date, step.due_date)}
                for step in selectors.cycle_steps(cycle=cycle)
            ],
        }
