"""Demo story of step 4: the projects report progress, and each group reports to its executives.

Written on the seed calendar (the projects run 17 May – 26 Aug 2564) and played up to the demo's
today as each group's demo staff member: a first progress report on 30 June, a second on
20 August, then the report to the Governor's committee with its signed copy, which sends the
step — กลุ่มกรุงเทพใต้ a few days late. Only groups whose P1 went to the department report.
Rerunning adds nothing twice.
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from bangkok_network.demo import DemoTimeline
from bangkok_network.models import DistrictGroup
from bangkok_network.thai import be_date
from progress import services
from progress.models import ExecutiveReport, ProgressReport, RecipientKind
from projects_p1.models import P1Status
from projects_p1.selectors import p1_form_for_group, projects_for_group

# (month, day) of the two progress reports on the seed calendar, and their share of the work done.
REPORTS = [((6, 30), 45), ((8, 20), 90)]
# By group order: when the report to executives is recorded (the step is due 26 August).
EXECUTIVE = [(8, 23), (8, 30), (8, 24), (8, 23), (8, 25), (8, 24)]


def _signed_copy(*, group: DistrictGroup, reported_on) -> SimpleUploadedFile:
    """A one-page PDF standing for the signed copy a group uploads."""
    from weasyprint import HTML  # heavy; only needed once the story reaches August

    html = (
        "<html lang='th'><body style='font-family: Sarabun, Garuda, sans-serif; font-size: 16pt'>"
        f"<h1 style='font-size: 20pt'>สำเนารายงานผลการดำเนินงาน {group.full_name}</h1>"
        f"<p>เรียน คณะกรรมการประสานงานและติดตามนโยบายของผู้ว่าราชการกรุงเทพมหานคร {group.full_name}</p>"
        f"<p>รายงาน ณ วันที่ {be_date(reported_on, long=True)} (ข้อมูลตัวอย่างของระบบ)</p></body></html>"
    )
    return SimpleUploadedFile(f"รายงานผู้บริหาร-{group.code}.pdf", HTML(string=html).write_pdf())


def _report_progress(*, timeline: DemoTimeline, group: DistrictGroup, index: int, user) -> int:
    made = 0
    for number, project in enumerate(projects_for_group(cycle=timeline.cycle, group=group)):
        done = ProgressReport.objects.filter(project=project).count()
        budget = project.budget or Decimal("0")
        for step, ((month, day), percent) in enumerate(REPORTS[done:], start=done):
            at = timeline.when(month, day, 15)
            if at is None:
                break
            percent -= 10 * (index % 3) * step
            with timeline.at(at):
                services.progress_report_create(
                    project=project,
                    user=user,
                    report_date=timeline.date(month, day),
                    percent=percent,
                    budget_spent=(budget * percent / 100).quantize(Decimal("0.01")),
                    activities=f"ประชุมชี้แจงชุมชนและดำเนินกิจกรรมตามแผน ครั้งที่ {step + 1}",
                    outputs="ดำเนินกิจกรรมตามแผนงานในชุมชนเป้าหมาย",
                    outcomes="ประชาชนในพื้นที่มีส่วนร่วมและได้รับประโยชน์" if step else "",
                    participants=20 + 5 * number + 10 * step,
                    problems="สภาพอากาศไม่เอื้ออำนวยในบางวัน" if step == 0 else "",
                    next_steps="สรุปผลและรายงานคณะกรรมการประสานงานฯ" if step else "ดำเนินกิจกรรมต่อเนื่อง",
                )
            made += 1
    return made


def load(*, timeline: DemoTimeline) -> str:
    """Play step 4 of the story up to today; return a one-line summary."""
    cycle = timeline.cycle
    users = {u.username: u for u in get_user_model().objects.filter(username__startswith="staff-")}
    reports = executive = 0
    for index, group in enumerate(DistrictGroup.objects.order_by("order", "code")):
        user = users.get(f"staff-{group.code}")
        form = p1_form_for_group(cycle=cycle, group=group)
        if user is None or form is None or form.status == P1Status.DRAFT:
            continue  # a P1 never sent has no projects running
        reports += _report_progress(timeline=timeline, group=group, index=index, user=user)
        at = timeline.when(*EXECUTIVE[index % len(EXECUTIVE)], 14)
        if at and not ExecutiveReport.objects.filter(cycle=cycle, group=group).exists():
            reported_on = timeline.date(8, 20)
            with timeline.at(at):
                services.executive_report_create(
                    cycle=cycle,
                    group=group,
                    user=user,
                    recipient_kind=RecipientKind.COMMITTEE,
                    recipient=f"คณะกรรมการประสานงานและติดตามนโยบายของผู้ว่าราชการกรุงเทพมหานคร {group.full_name}",
                    reported_on=reported_on,
                    summary="รายงานความคืบหน้าโครงการ/กิจกรรมของเครือข่ายประชาสังคม",
                    upload=_signed_copy(group=group, reported_on=reported_on),
                    at=at,
                )
            executive += 1
    return f"รายงานความคืบหน้าใหม่ {reports} ฉบับ, บันทึกการรายงานผู้บริหารใหม่ {executive} รายการ"
