"""Demo story of step 2: one or two April meetings per group, attendees from the registry, key issues.

Written on the seed calendar (April 2564) and played up to the demo's today through
meetings.services: each group meets on the 7th or 14th, records its minutes that afternoon and
certifies them two days later — กลุ่มกรุงเทพตะวันออก only in May, late — and the department
accepts the step for most groups. Rerunning finds the meetings by number and adds nothing.
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction

from bangkok_network.demo import DemoTimeline
from bangkok_network.models import DistrictGroup, ProgressStatus, StepKind
from bangkok_network.selectors import districts_of_group, progress_get
from bangkok_network.services import progress_review
from meetings import services
from meetings.models import AttendanceStatus, AttendeeKind, Dimension, Meeting, Priority
from meetings.services import AgendaEntry, AttendanceEntry
from registry.selectors import member_list_for_group

# By group order, on the seed calendar (the step is due 30 April): the day each group certifies
# its first meeting's minutes, which sends the step, and the day the department accepts it.
FINALISED = [(4, 9), (4, 16), (4, 9), (5, 4), (4, 9), (4, 16)]
ACCEPTED = [(5, 3), (5, 3), (5, 3), None, None, (5, 3)]

ISSUES = [
    (
        "น้ำท่วมขังในชุมชนเมื่อฝนตกหนัก",
        "ท่อระบายน้ำอุดตันและคูคลองตื้นเขิน น้ำระบายไม่ทัน",
        "ผู้อยู่อาศัยและผู้สัญจรในชุมชน",
        Dimension.PHYSICAL,
        Priority.HIGH,
    ),
    (
        "รายได้ของผู้สูงอายุและกลุ่มอาชีพในชุมชน",
        "ผู้สูงอายุและผู้ว่างงานขาดรายได้และช่องทางจำหน่ายสินค้าชุมชน",
        "ผู้สูงอายุ ผู้ว่างงาน กลุ่มอาชีพ",
        Dimension.ECONOMIC,
        Priority.MEDIUM,
    ),
    (
        "ความปลอดภัยและยาเสพติดในชุมชน",
        "พื้นที่เปลี่ยวไม่มีไฟส่องสว่าง เยาวชนเสี่ยงต่อยาเสพติด",
        "เด็ก เยาวชน และครอบครัว",
        Dimension.SOCIAL,
        Priority.MEDIUM,
    ),
]

# Each group words the same three problems its own way (as the six groups' minutes do), so the
# department's themes (themes.clustering) have real grouping to do: issue k of group i is worded
# WORDINGS[k][i % 3]; the first wording is ISSUES' own.
WORDINGS = [
    [
        ("น้ำท่วมขังในชุมชนเมื่อฝนตกหนัก", "ท่อระบายน้ำอุดตันและคูคลองตื้นเขิน น้ำระบายไม่ทัน"),
        ("ปัญหาน้ำท่วมขังถนนและซอยในชุมชน", "ฝนตกแล้วน้ำระบายไม่ทัน ท่อระบายน้ำอุดตันด้วยขยะ"),
        ("คูคลองตื้นเขินทำให้น้ำท่วมบ้านเรือน", "ขยะและผักตบชวาในคลอง ท่อระบายน้ำอุดตัน น้ำท่วมขังนาน"),
    ],
    [
        ("รายได้ของผู้สูงอายุและกลุ่มอาชีพในชุมชน", "ผู้สูงอายุและผู้ว่างงานขาดรายได้และช่องทางจำหน่ายสินค้าชุมชน"),
        ("ผู้สูงอายุและผู้ว่างงานขาดรายได้", "ไม่มีอาชีพเสริม สินค้าของกลุ่มอาชีพขาดช่องทางจำหน่าย"),
        ("ส่งเสริมอาชีพและรายได้ของกลุ่มอาชีพ", "กลุ่มอาชีพในชุมชนขาดตลาดและช่องทางจำหน่ายสินค้า รายได้ไม่พอ"),
    ],
    [
        ("ความปลอดภัยและยาเสพติดในชุมชน", "พื้นที่เปลี่ยวไม่มีไฟส่องสว่าง เยาวชนเสี่ยงต่อยาเสพติด"),
        ("ยาเสพติดในกลุ่มเด็กและเยาวชน", "เยาวชนเสี่ยงต่อยาเสพติด ขาดพื้นที่สร้างสรรค์และกิจกรรมหลังเลิกเรียน"),
        ("ซอยเปลี่ยวไม่ปลอดภัยและยาเสพติด", "ไฟส่องสว่างไม่เพียงพอ มีการมั่วสุมของเยาวชนและยาเสพติด"),
    ],
]


CHAIRS = [
    "นายวิชัย ประเสริฐวงศ์",
    "นางสุนีย์ มั่นคง",
    "นายประยุทธ เจริญสุข",
    "นางมาลี ทองดี",
    "นายสมศักดิ์ รุ่งเรือง",
    "นางวรรณา ศรีสวัสดิ์",
]


def _agenda(group: DistrictGroup, number: int) -> list[AgendaEntry]:
    return [
        AgendaEntry(1, "", f"ประธานแจ้งแนวทางการขับเคลื่อนเครือข่ายประชาสังคม{group.full_name}", "ที่ประชุมรับทราบ"),
        AgendaEntry(
            2,
            "",
            "" if number == 1 else "เลขานุการเสนอรายงานการประชุมครั้งที่แล้ว",
            "-" if number == 1 else "ที่ประชุมรับรองรายงานการประชุมโดยไม่มีการแก้ไข",
        ),
        AgendaEntry(3, "", "", "-"),
        AgendaEntry(
            4,
            "การกำหนดประเด็นสำคัญในการพัฒนาเชิงพื้นที่",
            "สมาชิกนำเสนอสภาพปัญหาและความต้องการของพื้นที่ในแต่ละเขต",
            "ที่ประชุมเห็นชอบประเด็นสำคัญตามรายละเอียดที่แนบ",
        ),
        AgendaEntry(5, "", "", "ไม่มี"),
    ]


def _meeting(*, timeline: DemoTimeline, group, index: int, number: int, user, members, districts):
    """Hold one meeting on its day and record it that afternoon; return (meeting, attendees, issues)."""
    cycle = timeline.cycle
    day = 7 + 7 * (index % 2) + 10 * (number - 1)
    at = timeline.when(4, day, 14)
    held = Meeting.objects.filter(cycle=cycle, group=group, year=cycle.fiscal_year, number=number)
    if at is None or held.exists():
        return None, 0, 0
    with timeline.at(at):
        meeting = services.meeting_create(
            cycle=cycle,
            group=group,
            user=user,
            number=number,
            year=cycle.fiscal_year,
            title=f"เครือข่ายประชาสังคม{group.full_name}",
            date=timeline.date(4, day),
            start_time=datetime.time(9, 30),
            end_time=datetime.time(12, 0),
            venue=f"ห้องประชุมสำนักงาน{districts[0]}" if districts else "ศาลาว่าการกรุงเทพมหานคร",
            # Minutes are signed by named people: the chair, the secretary who checks, the minute-taker.
            chair_name=CHAIRS[index % len(CHAIRS)],
            secretary_name="นางสาวพรทิพย์ ศรีสุข",
            minute_taker="นายธนากร วงศ์ไทย",
            reviewer="นางสาวพรทิพย์ ศรีสุข",
            agenda=_agenda(group, number),
        )
        entries = [
            AttendanceEntry(m.pk, AttendanceStatus.ABSENT, "ติดภารกิจ")
            if i % 5 == 4
            else AttendanceEntry(m.pk, AttendanceStatus.PRESENT)
            for i, m in enumerate(members[: 12 + number])
        ]
        if entries:
            services.attendance_set(meeting=meeting, user=user, entries=entries)
        services.guest_add(
            meeting=meeting,
            user=user,
            name="ผู้แทนสำนักยุทธศาสตร์และประเมินผล",
            position="สำนักยุทธศาสตร์และประเมินผล",
            kind=AttendeeKind.OFFICIAL,
        )
        issues = 0
        if number == 1:
            for k, (_title, _problem, affected, dimension, priority) in enumerate(ISSUES[: 2 + index % 2]):
                title, problem = WORDINGS[k][index % len(WORDINGS[k])]
                services.key_issue_create(
                    meeting=meeting,
                    user=user,
                    title=title,
                    problem=problem,
                    affected=affected,
                    dimension=dimension,
                    priority=priority,
                    districts=districts[:2],
                )
                issues += 1
    return meeting, len(entries), issues


@transaction.atomic
def load(*, timeline: DemoTimeline) -> str:
    """Play step 2 of the story up to today; return a one-line summary."""
    cycle = timeline.cycle
    User = get_user_model()
    officer = User.objects.filter(username="officer").first()
    created = issues = attendees = 0
    for index, group in enumerate(DistrictGroup.objects.order_by("order")):
        user = User.objects.filter(username=f"staff-{group.code}").first()
        members = list(member_list_for_group(cycle=cycle, group=group, active_only=True))
        districts = list(districts_of_group(cycle=cycle, group=group))
        for number in range(1, 2 + index % 2):
            meeting, came, raised = _meeting(
                timeline=timeline,
                group=group,
                index=index,
                number=number,
                user=user,
                members=members,
                districts=districts,
            )
            created, attendees, issues = created + (meeting is not None), attendees + came, issues + raised
        first = Meeting.objects.filter(cycle=cycle, group=group, year=cycle.fiscal_year, number=1).first()
        finalised = timeline.when(*FINALISED[index % len(FINALISED)], 15)
        came = first and first.attendances.filter(member__isnull=False).exists()
        if came and finalised and not first.is_final:
            with timeline.at(finalised):
                services.meeting_finalise(meeting=first, user=user, at=finalised)
        second = Meeting.objects.filter(cycle=cycle, group=group, year=cycle.fiscal_year, number=2).first()
        if second and first.is_final and not second.is_final and second.certifies_id is None:
            # Agenda item 2 of the second meeting certifies the first one's minutes as written.
            with timeline.at(finalised):
                services.minutes_certify(meeting=second, user=user)
        accepted_on = ACCEPTED[index % len(ACCEPTED)]
        accepted = timeline.when(*accepted_on, 10) if accepted_on else None
        progress = progress_get(cycle=cycle, group=group, kind=StepKind.MEETINGS)
        if accepted and officer and progress.status == ProgressStatus.SUBMITTED:
            with timeline.at(accepted):
                progress_review(progress=progress, user=officer, accept=True, note="", at=accepted)
    return f"การประชุมใหม่ {created} ครั้ง, ประเด็นสำคัญ {issues} ประเด็น, ผู้ประชุมจากทะเบียน {attendees} ราย"
