"""Factories of the P1 tests: key issues made straight through the ORM, forms through the services."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Max

from bangkok_network.models import Cycle, DistrictGroup, PlanDimension
from meetings.models import KeyIssue, Meeting
from projects_p1 import services
from projects_p1.models import P1Form


def key_issue(
    *, cycle: Cycle, group: DistrictGroup, title: str = "น้ำท่วมขังในชุมชน", number: int | None = None
) -> KeyIssue:
    """Create a meeting of the group and a key issue it set."""
    taken = Meeting.objects.filter(cycle=cycle, group=group, year=cycle.fiscal_year).aggregate(Max("number"))
    number = number or (taken["number__max"] or 0) + 1
    meeting = Meeting.objects.create(
        cycle=cycle,
        group=group,
        number=number,
        year=cycle.fiscal_year,
        date=datetime.date(2021, 4, 20),
        start_time=datetime.time(9, 30),
        chair_name="นายประชา ร่วมใจ",
    )
    return KeyIssue.objects.create(
        meeting=meeting,
        cycle=cycle,
        group=group,
        title=title,
        problem="ฝนตกหนักแล้วน้ำระบายไม่ทัน ถนนในซอยท่วมขัง",
        dimension="physical",
    )


def step_data(**overrides: Any) -> dict[str, Any]:
    return {
        "id": None,
        "title": "ประชุมชี้แจงชุมชน",
        "start_date": datetime.date(2021, 5, 20),
        "end_date": datetime.date(2021, 5, 31),
        **overrides,
    }


def project_data(**overrides: Any) -> dict[str, Any]:
    return {
        "id": None,
        "name": "ลอกท่อระบายน้ำในชุมชน",
        "objective": "ลดน้ำท่วมขังในซอย",
        "target_quantity": Decimal("5"),
        "target_unit": "ชุมชน",
        "target_description": "ชุมชนริมคลองในเขตพระนครและดุสิต",
        "budget": Decimal("150000.50"),
        "funding_source": "งบประมาณสำนักงานเขต",
        "start_date": datetime.date(2021, 5, 17),
        "end_date": datetime.date(2021, 8, 26),
        "plan_dimensions": list(PlanDimension.objects.filter(number__in=[2, 5]).values_list("pk", flat=True)),
        "alignment_note": "สอดคล้องกับการมีส่วนร่วมของประชาชน",
        "benefit": "physical",
        "benefit_note": "ถนนแห้ง สัญจรได้",
        "steps": [step_data()],
        **overrides,
    }


def complete_form(
    *, cycle: Cycle, group: DistrictGroup, user, projects: int = 1, issue: KeyIssue | None = None
) -> P1Form:
    """Save a form that passes every submission rule."""
    issue = issue or key_issue(cycle=cycle, group=group)
    existing = P1Form.objects.filter(cycle=cycle, group=group).first()
    return services.p1_form_save(
        cycle=cycle,
        group=group,
        user=user,
        lock_version=existing.lock_version if existing else 0,
        key_issue_id=issue.pk,
        approach="ประสานสำนักการระบายน้ำและอาสาสมัครชุมชนลอกท่อ",
        projects=[project_data(name=f"โครงการที่ {n}") for n in range(1, projects + 1)],
    )
