"""Demo story of step 3: every group writes a P1 answering its first key issue; each ends differently.

Written on the seed calendar around the 14 May 2564 deadline and played up to the demo's today
through projects_p1.services (as the group's staff and chair and the department's officer): one
group sends early and is accepted, one sends late, one is returned and resubmits, one never sends.
A rerun continues each group's story from where its form stands and repeats nothing.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from bangkok_network.demo import DemoTimeline
from bangkok_network.models import DistrictGroup, PlanDimension
from meetings.models import Dimension
from meetings.selectors import key_issues_for_group
from projects_p1 import services
from projects_p1.models import Benefit, P1Form, P1Status

# (name, objective, quantity, unit, target, budget, source, dimensions, benefit, steps)
CATALOGUE = {
    Dimension.PHYSICAL: [
        (
            "ลอกท่อระบายน้ำและเปิดทางน้ำในชุมชน",
            "ลดน้ำท่วมขังในชุมชนเมื่อฝนตกหนัก",
            "8",
            "ชุมชน",
            "ชุมชนที่มีน้ำท่วมขังซ้ำซาก",
            "185000",
            "งบประมาณสำนักงานเขต",
            [2, 5],
            Benefit.PHYSICAL,
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
            Benefit.SOCIAL,
            ["อบรมอาสาสมัคร", "ซ้อมแผนเผชิญเหตุ"],
        ),
    ],
    Dimension.ECONOMIC: [
        (
            "ตลาดนัดสินค้าชุมชนของกลุ่มเขต",
            "เพิ่มช่องทางจำหน่ายสินค้าของกลุ่มอาชีพ",
            "12",
            "ครั้ง",
            "ตลาดนัดเดือนละครั้งหมุนเวียนในเขต",
            "240000",
            "งบประมาณสำนักงานเขต",
            [6, 5],
            Benefit.ECONOMIC,
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
            Benefit.ECONOMIC,
            ["อบรมเชิงปฏิบัติการ", "ติดตามยอดขาย"],
        ),
    ],
    Dimension.SOCIAL: [
        (
            "ติดตั้งไฟส่องสว่างในจุดเสี่ยง",
            "ลดจุดเปลี่ยวและอาชญากรรมในชุมชน",
            "40",
            "จุด",
            "ซอยและทางเดินที่ชุมชนแจ้งว่าเปลี่ยว",
            "320000",
            "งบประมาณสำนักงานเขต",
            [1, 5],
            Benefit.PHYSICAL,
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
            Benefit.SOCIAL,
            ["จัดกิจกรรมกีฬา", "แข่งขันกระชับมิตรระหว่างชุมชน"],
        ),
    ],
}
# Each group's story by its order, as (month, day, hour) on the seed calendar; the step is due 14 May.
STORY = [
    {"save": (5, 5, 10), "submit": (5, 12, 14), "accept": (5, 17, 10)},
    {"save": (5, 5, 11), "submit": (5, 18, 9)},  # sent late
    {
        "save": (5, 5, 10),
        "submit": (5, 11, 10),
        "return": (5, 13, 9),
        "edit": (5, 18, 14),
        "resubmit": (5, 19, 15),
    },
    {"save": (5, 6, 14)},  # never sent
    {"save": (5, 5, 15), "submit": (5, 13, 16)},
    {"save": (5, 4, 10), "submit": (5, 7, 11), "accept": (5, 10, 10)},
]
# Which of its key issues (most important first) each group's P1 answers, by group order.
ISSUE_CHOICE = [0, 1, 1, 2, 0, 2]
RETURN_COMMENT = "กรุณาระบุเป้าหมายเป็นตัวเลขให้ชัดเจนและแยกขั้นตอนการปฏิบัติงานรายเดือน"


def _projects(issue, count: int, timeline: DemoTimeline) -> list[dict]:
    """Return the P1's projects, their periods planned on the seed calendar (17 May – 26 Aug)."""
    dimensions = dict(PlanDimension.objects.values_list("number", "pk"))
    # The issue's own dimension first, then the other dimensions' projects: never one project twice.
    own = CATALOGUE.get(issue.dimension, CATALOGUE[Dimension.PHYSICAL])
    rows = (own + [row for rows in CATALOGUE.values() if rows is not own for row in rows])[:count]
    seed_end = timeline.seed.day(8, 26)
    projects = []
    for n, (name, objective, qty, unit, target, budget, source, dims, benefit, steps) in enumerate(rows):
        start = timeline.seed.day(5, 17) + datetime.timedelta(days=7 * n)
        projects.append(
            {
                "name": name,
                "objective": objective,
                "target_quantity": Decimal(qty),
                "target_unit": unit,
                "target_description": target,
                "budget": Decimal(budget),
                "funding_source": source,
                "start_date": timeline.date_of(start),
                "end_date": timeline.date_of(seed_end),
                "plan_dimensions": [dimensions[d] for d in dims if d in dimensions],
                "alignment_note": "สอดคล้องกับด้านที่ 5 มหานครประชาธิปไตย: ประชาชนร่วมเสนอและติดตามโครงการ",
                "benefit": benefit,
                "benefit_note": "",
                "steps": [
                    {
                        "title": title,
                        "start_date": timeline.date_of(start + datetime.timedelta(days=21 * i)),
                        "end_date": timeline.date_of(
                            min(start + datetime.timedelta(days=21 * i + 20), seed_end)
                        ),
                    }
                    for i, title in enumerate(steps)
                ],
            }
        )
    return projects


def _save(*, timeline, form, group, issue, user, count: int, at, edit: bool = False) -> P1Form:
    projects = _projects(issue, count, timeline)
    if edit:  # the answer to the department's comment: numbered targets, the same projects kept
        for data, project in zip(projects, form.projects.order_by("order"), strict=False):
            data |= {"id": project.pk, "target_description": f"{data['target_description']} (วัดผลรายเดือน)"}
    with timeline.at(at):
        return services.p1_form_save(
            cycle=timeline.cycle,
            group=group,
            user=user,
            lock_version=form.lock_version if form else 0,
            key_issue_id=issue.pk,
            approach=f"ร่วมกับเครือข่ายประชาสังคม{group.full_name}และสำนักงานเขตแก้ปัญหา{issue.title}",
            projects=projects,
            at=at,
        )


@transaction.atomic
def _play_group(*, timeline: DemoTimeline, group: DistrictGroup, index: int, users: dict) -> None:
    """Play one group's P1 story up to today, from wherever its form stands."""
    # Groups answer different issues of their own (flooding, incomes, safety), as groups do.
    issues = list(key_issues_for_group(cycle=timeline.cycle, group=group))
    issue = issues[ISSUE_CHOICE[index % len(ISSUE_CHOICE)] % len(issues)]
    story, count = STORY[index % len(STORY)], 1 + index % 3
    staff, chair, officer = users[f"staff-{group.code}"], users[f"chair-{group.code}"], users["officer"]
    form = P1Form.objects.filter(cycle=timeline.cycle, group=group).first()

    def due(event: str):
        return timeline.when(*story[event]) if event in story else None

    if form is None:
        if not (at := due("save")):
            return
        form = _save(timeline=timeline, form=None, group=group, issue=issue, user=staff, count=count, at=at)
    if form.status == P1Status.DRAFT and (at := due("submit")):
        with timeline.at(at):
            services.p1_form_submit(form=form, user=chair, at=at)
        form.refresh_from_db()
    if form.status == P1Status.SUBMITTED and form.version == 1:
        if at := due("accept"):
            with timeline.at(at):
                services.p1_form_accept(form=form, user=officer, comment="ครบถ้วน", at=at)
        elif at := due("return"):
            with timeline.at(at):
                services.p1_form_return(form=form, user=officer, comment=RETURN_COMMENT, at=at)
        form.refresh_from_db()
    if form.status == P1Status.RETURNED and (at := due("edit")):
        if form.updated_at < at:  # not answered yet (a rerun may find it answered, not yet resent)
            form = _save(
                timeline=timeline,
                form=form,
                group=group,
                issue=issue,
                user=staff,
                count=count,
                at=at,
                edit=True,
            )
        if at := due("resubmit"):
            with timeline.at(at):
                services.p1_form_submit(form=form, user=chair, at=at)


def load(*, timeline: DemoTimeline) -> str:
    """Play step 3 of the story up to today for every group with a key issue; return a summary."""
    cycle = timeline.cycle
    User = get_user_model()
    users = {u.username: u for u in User.objects.filter(username__startswith="staff-")}
    users |= {u.username: u for u in User.objects.filter(username__startswith="chair-")}
    users |= {u.username: u for u in User.objects.filter(username="officer")}
    made, kept, skipped = [], 0, []
    for index, group in enumerate(DistrictGroup.objects.order_by("order", "code")):
        existed = P1Form.objects.filter(cycle=cycle, group=group).exists()
        if not key_issues_for_group(cycle=cycle, group=group).exists() or f"staff-{group.code}" not in users:
            skipped.append(group.code)
            continue
        _play_group(timeline=timeline, group=group, index=index, users=users)
        form = P1Form.objects.filter(cycle=cycle, group=group).first()
        if existed:
            kept += 1
        elif form is not None:
            first = form.submissions.order_by("version").first()
            late = first is not None and first.is_late  # judged on the first sending, as the dashboard does
            made.append(f"{group.code}={'late' if late else form.status}")
    summary = f"แบบ P1 ใหม่ {len(made)} กลุ่ม ({', '.join(made) or '-'}), มีอยู่แล้ว {kept} กลุ่ม"
    if skipped:
        summary += f", ข้ามกลุ่มที่ยังไม่มีประเด็นสำคัญ: {', '.join(skipped)}"
    return summary
