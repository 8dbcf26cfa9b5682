"""Demo data of step 3: every group gets a P1 answering its first key issue, in a different state.

Everything goes through projects_p1.services (as the group's staff and chair and the department's
officer), at dates around the 14 May deadline. Rerunning skips groups that already have a P1.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import transaction

from bangkok_network.models import Cycle, DistrictGroup, PlanDimension
from meetings.selectors import key_issues_for_group
from projects_p1 import services
from projects_p1.models import P1Form

BKK = ZoneInfo("Asia/Bangkok")

# (name, objective, quantity, unit, target, budget, source, dimensions, benefit, steps)
CATALOGUE = {
    "physical": [
        (
            "ลอกท่อระบายน้ำและเปิดทางน้ำในชุมชน",
            "ลดน้ำท่วมขังในชุมชนเมื่อฝนตกหนัก",
            "8",
            "ชุมชน",
            "ชุมชนที่มีน้ำท่วมขังซ้ำซาก",
            "185000",
            "งบประมาณสำนักงานเขต",
            [2, 5],
            "physical",
            ["สำรวจจุดท่วมขังร่วมกับชุมชน", "ลอกท่อและเก็บขยะในคูคลอง", "ติดตามผลหลังฝนตก"],
        ),
        (
            "อาสาสมัครเฝ้าระวังน้ำท่วมชุมชน",
            "ให้ชุมชนแจ้งเตือนและรับมือน้ำท่วมได้เอง",
            "60",
            "คน",
            "อาสาสมัครจากชุมชนในกลุ่มเขต",
            "48500.50",
            "งบประมาณสำนักงานเขต",
            [1, 5],
            "social",
            ["อบรมอาสาสมัคร", "ซ้อมแผนเผชิญเหตุ"],
        ),
    ],
    "economic": [
        (
            "ตลาดนัดสินค้าชุมชนของกลุ่มเขต",
            "เพิ่มช่องทางจำหน่ายสินค้าของกลุ่มอาชีพ",
            "12",
            "ครั้ง",
            "ตลาดนัดเดือนละครั้งหมุนเวียนในเขต",
            "240000",
            "งบประมาณสำนักงานเขต",
            [6, 5],
            "economic",
            ["คัดเลือกกลุ่มอาชีพ", "จัดตลาดนัด", "สรุปรายได้ของผู้ค้า"],
        ),
        (
            "อบรมการขายออนไลน์สำหรับผู้สูงอายุ",
            "ผู้สูงอายุขายสินค้าออนไลน์ได้",
            "80",
            "คน",
            "ผู้สูงอายุและผู้ว่างงาน",
            "65000",
            "งบประมาณสำนักงานเขต",
            [3, 6],
            "economic",
            ["อบรมเชิงปฏิบัติการ", "ติดตามยอดขาย"],
        ),
    ],
    "social": [
        (
            "ติดตั้งไฟส่องสว่างในจุดเสี่ยง",
            "ลดจุดเปลี่ยวและอาชญากรรมในชุมชน",
            "40",
            "จุด",
            "ซอยและทางเดินที่ชุมชนแจ้งว่าเปลี่ยว",
            "320000",
            "งบประมาณสำนักงานเขต",
            [1, 5],
            "physical",
            ["สำรวจจุดเสี่ยงร่วมกับชุมชน", "ติดตั้งไฟ", "ประเมินความพึงพอใจ"],
        ),
        (
            "ลานกีฬาต้านยาเสพติดสำหรับเยาวชน",
            "ให้เยาวชนใช้เวลาว่างอย่างสร้างสรรค์",
            "300",
            "คน",
            "เยาวชนอายุ 12–24 ปี",
            "150000",
            "งบประมาณสำนักงานเขต และภาคเอกชน",
            [3, 5],
            "social",
            ["จัดกิจกรรมกีฬา", "แข่งขันกระชับมิตรระหว่างชุมชน"],
        ),
    ],
}
# The state each group's demo P1 ends in, by the group's order: all the review screen's cases.
STATES = ["accepted", "late", "returned", "draft", "submitted", "accepted"]


def _at(month: int, day: int, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(2021, month, day, hour, 0, tzinfo=BKK)


def _projects(issue, count: int) -> list[dict]:
    dimensions = dict(PlanDimension.objects.values_list("number", "pk"))
    rows = CATALOGUE.get(issue.dimension, CATALOGUE["physical"])
    rows = (rows * 2)[:count]
    projects = []
    for n, (name, objective, qty, unit, target, budget, source, dims, benefit, steps) in enumerate(rows):
        start = datetime.date(2021, 5, 17) + datetime.timedelta(days=7 * n)
        projects.append(
            {
                "name": name,
                "objective": objective,
                "target_quantity": Decimal(qty),
                "target_unit": unit,
                "target_description": target,
                "budget": Decimal(budget),
                "funding_source": source,
                "start_date": start,
                "end_date": datetime.date(2021, 8, 26),
                "plan_dimensions": [dimensions[d] for d in dims if d in dimensions],
                "alignment_note": "สอดคล้องกับด้านที่ 5 มหานครประชาธิปไตย: ประชาชนร่วมเสนอและติดตามโครงการ",
                "benefit": benefit,
                "benefit_note": "",
                "steps": [
                    {
                        "title": title,
                        "start_date": start + datetime.timedelta(days=21 * i),
                        "end_date": min(
                            start + datetime.timedelta(days=21 * i + 20), datetime.date(2021, 8, 26)
                        ),
                    }
                    for i, title in enumerate(steps)
                ],
            }
        )
    return projects


@transaction.atomic
def _load_group(*, cycle: Cycle, group: DistrictGroup, state: str, count: int, users: dict) -> None:
    issue = key_issues_for_group(cycle=cycle, group=group).first()
    staff, chair, officer = users[f"staff-{group.code}"], users[f"chair-{group.code}"], users["officer"]
    form = services.p1_form_save(
        cycle=cycle,
        group=group,
        user=staff,
        lock_version=0,
        key_issue_id=issue.pk,
        approach=f"ร่วมกับเครือข่ายประชาสังคม{group.full_name}และสำนักงานเขตแก้ปัญหา{issue.title}",
        projects=_projects(issue, count),
        at=_at(5, 5),
    )
    if state == "draft":
        return
    sent = {"late": _at(5, 18), "submitted": _at(5, 13)}.get(state, _at(5, 12))
    services.p1_form_submit(form=form, user=chair, at=sent)
    if state == "accepted":
        services.p1_form_accept(form=form, user=officer, comment="ครบถ้วน", at=_at(5, 17))
    elif state == "returned":
        services.p1_form_return(
            form=form,
            user=officer,
            at=_at(5, 17),
            comment="กรุณาระบุเป้าหมายเป็นตัวเลขให้ชัดเจนและแยกขั้นตอนการปฏิบัติงานรายเดือน",
        )


def load(*, cycle: Cycle) -> str:
    """Give every group with a key issue a P1 with 1–3 projects; return a one-line summary."""
    users = {u.username: u for u in get_user_model().objects.filter(username__startswith=("staff-"))}
    users |= {u.username: u for u in get_user_model().objects.filter(username__startswith="chair-")}
    users |= {u.username: u for u in get_user_model().objects.filter(username="officer")}
    made, kept, skipped = [], 0, []
    for index, group in enumerate(DistrictGroup.objects.order_by("order", "code")):
        if P1Form.objects.filter(cycle=cycle, group=group).exists():
            kept += 1
            continue
        if not key_issues_for_group(cycle=cycle, group=group).exists() or f"staff-{group.code}" not in users:
            skipped.append(group.code)
            continue
        state = STATES[index % len(STATES)]
        _load_group(cycle=cycle, group=group, state=state, count=1 + index % 3, users=users)
        made.append(f"{group.code}={state}")
    summary = f"แบบ P1 ใหม่ {len(made)} กลุ่ม ({', '.join(made) or '-'}), มีอยู่แล้ว {kept} กลุ่ม"
    if skipped:
        summary += f", ข้ามกลุ่มที่ยังไม่มีประเด็นสำคัญ: {', '.join(skipped)}"
    return summary
