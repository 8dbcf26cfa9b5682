"""Demo data of step 2: one or two April meetings per group, attendees from the registry, key issues.

Everything goes through meetings.services; rerunning finds the meetings by number and adds nothing.
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction

from bangkok_network.models import Cycle, DistrictGroup
from bangkok_network.selectors import districts_of_group, step_for_kind
from meetings import services
from meetings.models import AttendanceStatus, AttendeeKind, Dimension, Meeting, Priority
from meetings.services import AgendaEntry, AttendanceEntry

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


@transaction.atomic
def load(*, cycle: Cycle) -> str:
    """Create the demo meetings of every group once; return a one-line summary."""
    from registry.selectors import member_list_for_group

    User = get_user_model()
    step = step_for_kind(cycle=cycle, kind="meetings")
    created = issues = attendees = 0
    for index, group in enumerate(DistrictGroup.objects.order_by("order")):
        user = User.objects.filter(username=f"staff-{group.code}").first()
        members = list(member_list_for_group(cycle=cycle, group=group, active_only=True))
        districts = list(districts_of_group(cycle=cycle, group=group))
        for number in range(1, 2 + index % 2):
            if Meeting.objects.filter(
                cycle=cycle, group=group, year=cycle.fiscal_year, number=number
            ).exists():
                continue
            date = step.start_date + datetime.timedelta(days=6 + 7 * index % 14 + 10 * (number - 1))
            meeting = services.meeting_create(
                cycle=cycle,
                group=group,
                user=user,
                number=number,
                year=cycle.fiscal_year,
                title=f"เครือข่ายประชาสังคม{group.full_name}",
                date=min(date, step.due_date),
                start_time=datetime.time(9, 30),
                end_time=datetime.time(12, 0),
                venue=f"ห้องประชุมสำนักงาน{districts[0]}" if districts else "ศาลาว่าการกรุงเทพมหานคร",
                chair_name=f"ประธาน{group.full_name}",
                secretary_name="เลขานุการเครือข่าย",
                minute_taker="เจ้าหน้าที่กลุ่มเขต",
                reviewer="เลขานุการเครือข่าย",
                agenda=_agenda(group, number),
            )
            created += 1
            entries = [
                AttendanceEntry(m.pk, AttendanceStatus.ABSENT, "ติดภารกิจ")
                if i % 5 == 4
                else AttendanceEntry(m.pk, AttendanceStatus.PRESENT)
                for i, m in enumerate(members[: 12 + number])
            ]
            if entries:
                services.attendance_set(meeting=meeting, user=user, entries=entries)
                attendees += len(entries)
            services.guest_add(
                meeting=meeting,
                user=user,
                name="ผู้แทนสำนักยุทธศาสตร์และประเมินผล",
                position="สำนักยุทธศาสตร์และประเมินผล",
                kind=AttendeeKind.OFFICIAL,
            )
            if number == 1:
                for title, problem, affected, dimension, priority in ISSUES[: 2 + index % 2]:
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
                if entries:
                    services.meeting_finalise(meeting=meeting, user=user)
    return f"การประชุมใหม่ {created} ครั้ง, ประเด็นสำคัญ {issues} ประเด็น, ผู้ประชุมจากทะเบียน {attendees} ราย"
