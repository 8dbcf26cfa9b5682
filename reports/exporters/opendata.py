"""Open data for the city's portal: projects, budgets and progress as CSV and JSON, no personal data.

Only fields about projects leave: no member, attendee, user or contact field is read at all, and
free-text fields of progress reports (which may name people) are left out. Projects of P1 forms
never sent to the department are not published.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from typing import Any

from bangkok_network.excel import csv_text
from bangkok_network.models import Cycle
from progress.selectors import latest_report_by_project
from projects_p1.selectors import forms_for_cycle
from reports.evaluation import BENEFIT_LABELS

FIELDS = (
    "fiscal_year",
    "group_code",
    "group_name",
    "project_id",
    "project_name",
    "objective",
    "benefit",
    "plan_dimensions",
    "budget_baht",
    "funding_source",
    "start_date",
    "end_date",
    "target_quantity",
    "target_unit",
    "latest_report_date",
    "percent_complete",
    "budget_spent_baht",
    "participants",
)


def opendata_rows(*, cycle: Cycle) -> list[dict[str, Any]]:
    """Return one flat row per published project of the cycle, in group then project order."""
    latest = latest_report_by_project(cycle=cycle)
    rows = []
    forms = sorted(
        (form for form in forms_for_cycle(cycle=cycle) if form.version >= 1),
        key=lambda form: (form.group.order, form.group.code),
    )
    for form in forms:
        group = form.group
        for project in form.projects.all():  # prefetched with their plan dimensions
            report = latest.get(project.pk)
            rows.append(
                {
                    "fiscal_year": cycle.fiscal_year,
                    "group_code": group.code,
                    "group_name": group.full_name,
                    "project_id": project.pk,
                    "project_name": project.name,
                    "objective": project.objective,
                    "benefit": BENEFIT_LABELS.get(project.benefit or "", ""),
                    "plan_dimensions": "; ".join(str(d) for d in project.plan_dimensions.all()),
                    "budget_baht": _money(project.budget),
                    "funding_source": project.funding_source,
                    "start_date": project.start_date.isoformat() if project.start_date else "",
                    "end_date": project.end_date.isoformat() if project.end_date else "",
                    "target_quantity": _money(project.target_quantity)
                    if project.target_quantity is not None
                    else "",
                    "target_unit": project.target_unit,
                    "latest_report_date": report.report_date.isoformat() if report else "",
                    "percent_complete": report.percent if report else 0,
                    "budget_spent_baht": _money(report.budget_spent) if report else "0.00",
                    "participants": report.participants if report else 0,
                }
            )
    return rows


def _money(value: Decimal | None) -> str:
    return f"{(value or Decimal('0')):.2f}"


def opendata_csv(rows: list[dict[str, Any]]) -> bytes:
    """Write UTF-8 CSV with a byte-order mark so Excel opens the Thai text correctly."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=FIELDS, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        # The workbooks' one formula rule; CSV has no text type, so the guard is an apostrophe.
        writer.writerow({key: csv_text(value) for key, value in row.items()})
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def opendata_json(rows: list[dict[str, Any]], *, cycle: Cycle) -> bytes:
    document = {
        "title": "โครงการ งบประมาณ และความคืบหน้า เครือข่ายประชาสังคมกลุ่มการปฏิบัติงานของสำนักงานเขต",
        "publisher": cycle.department,
        "fiscal_year": cycle.fiscal_year,
        "fields": list(FIELDS),
        "projects": rows,
    }
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")
