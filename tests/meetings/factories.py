"""Factories of the meetings tests; registry members are made the way the registry stores them."""

from __future__ import annotations

import datetime
import itertools

import factory

from bangkok_network.models import Cycle, District, DistrictGroup
from meetings.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    AttendeeKind,
    Dimension,
    KeyIssue,
    Meeting,
)
from registry import text
from registry.models import Member, MemberKind

_numbers = itertools.count(1)


def make_member(
    *,
    cycle: Cycle,
    group: DistrictGroup,
    first_name: str,
    last_name: str = "ใจดี",
    prefix: str = "นาย",
    district: District | None = None,
    **extra,
) -> Member:
    """Create a group member with the registry's search and sort keys."""
    district = (
        district
        or District.objects.filter(assignments__cycle=cycle, assignments__group=group)
        .order_by("code")
        .first()
    )
    member = Member(
        cycle=cycle,
        group=group,
        district=district,
        kind=MemberKind.PERSON,
        prefix=prefix,
        first_name=first_name,
        last_name=last_name,
        **extra,
    )
    text.set_keys(member)
    member.save()
    return member


def erase_member(member: Member) -> Member:
    """Blank a member's personal data in place, as the registry's erasure does."""
    member.is_erased = True
    member.first_name = member.last_name = member.prefix = member.organisation_name = ""
    member.phone = member.email = member.address = member.national_id = ""
    text.set_keys(member)
    member.save()
    return member


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting
        skip_postgeneration_save = True

    cycle = factory.LazyAttribute(lambda o: Cycle.objects.get(fiscal_year=2564))
    group = factory.LazyAttribute(lambda o: DistrictGroup.objects.get(code="bkk-central"))
    number = factory.LazyFunction(lambda: next(_numbers))
    year = 2564
    date = datetime.date(2021, 4, 20)
    start_time = datetime.time(9, 30)
    end_time = datetime.time(12, 0)
    venue = "ห้องประชุมสำนักงานเขตพญาไท ชั้น 3"
    chair_name = "นายประธาน เครือข่าย"
    secretary_name = "นางสาวเลขา ประชุม"
    minute_taker = "นายจด รายงาน"
    reviewer = "นางตรวจ รายงาน"

    @factory.post_generation
    def agenda(self, create, extracted, **kwargs):
        if create:
            AgendaItem.objects.bulk_create(AgendaItem(meeting=self, number=n) for n in range(1, 6))


class KeyIssueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KeyIssue

    meeting = factory.SubFactory(MeetingFactory)
    cycle = factory.SelfAttribute("meeting.cycle")
    group = factory.SelfAttribute("meeting.group")
    title = factory.Sequence(lambda n: f"น้ำท่วมขังถนนสายหลัก {n}")
    problem = "ฝนตกหนักแล้วน้ำระบายไม่ทัน"
    affected = "ผู้อยู่อาศัยริมถนน"
    dimension = Dimension.PHYSICAL


def attend(meeting: Meeting, member: Member, *, present: bool = True, reason: str = "") -> Attendance:
    return Attendance.objects.create(
        meeting=meeting,
        kind=AttendeeKind.MEMBER,
        member=member,
        status=AttendanceStatus.PRESENT if present else AttendanceStatus.ABSENT,
        absence_reason="" if present else (reason or "ติดราชการ"),
    )
