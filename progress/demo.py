"""Demo data of step 4: progress reports for the demo projects and a report to executives per group.

Made through the services as each group's demo staff member; rerunning adds nothing twice.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model

from bangkok_network.models import Cycle, DistrictGroup
from progress import services
from progress.models import ExecutiveReport, ProgressReport, RecipientKind


def _dates(cycle: Cycle) -> list[datetime.date]:
    year = cycle.fiscal_year - 543
    return [datetime.date(year, 6, 30), datetime.date(year, 8, 20)]


def load(*, cycle: Cycle) -> str:
    """Report twice on every demo project that has no report yet; return a one-line summary."""
    from projects_p1.selectors import projects_for_group

    users = {u.username: u for u in get_user_model().objects.filter(username__startswith="staff-")}
    reports = executive = 0
    for index, group in enumerate(DistrictGroup.objects.order_by("order", "code")):
        user = users.get(f"staff-{group.code}")
        if user is None:
            continue
        for number, project in enumerate(projects_for_group(cycle=cycle, group=group)):
            if ProgressReport.objects.filter(project=project).exists():
                continue
            budget = project.budget or Decimal("0")
            for step, (report_date, percent) in enumerate(
                zip(_dates(cycle), (45, 90 - 10 * (index % 3)), strict=True)
            ):
                services.progress_report_create(
                    project=project,
                    user=user,
                    report_date=report_date,
                    percent=percent,
                    budget_spent=(budget * percent / 100).quantize(Decimal("0.01")),
                    activities=f"ประชุมชี้แจงชุมชนและดำเนินกิจกรรมตามแผน ครั้งที่ {step + 1}",
                    outputs="ดำเนินกิจกรรมตามแผนงานในชุมชนเป้าหมาย",
                    outcomes="ประชาชนในพื้นที่มีส่วนร่วมและได้รับประโยชน์" if step else "",
                    participants=20 + 5 * number + 10 * step,
                    problems="สภาพอากาศไม่เอื้ออำนวยในบางวัน" if step == 0 else "",
                    next_steps="สรุปผลและรายงานคณะกรรมการประสานงานฯ" if step else "ดำเนินกิจกรรมต่อเนื่อง",
                )
                reports += 1
        if not ExecutiveReport.objects.filter(cycle=cycle, group=group).exists():
            services.executive_report_create(
                cycle=cycle,
                group=group,
                user=user,
                recipient_kind=RecipientKind.COMMITTEE,
                recipient=f"คณะกรรมการประสานงานและติดตามนโยบายของผู้ว่าราชการกรุงเทพมหานคร {group.full_name}",
                reported_on=_dates(cycle)[1],
                summary="รายงานความคืบหน้าโครงการ/กิจกรรมของเครือข่ายประชาสังคม",
            )
            executive += 1
    return f"รายงานความคืบหน้าใหม่ {reports} ฉบับ, บันทึกการรายงานผู้บริหารใหม่ {executive} รายการ"
