"""Two people acting on the same meeting at the same moment, for real, on PostgreSQL (row locks)."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection

from bangkok_network.models import AuditEntry
from meetings import services
from meetings.models import Attendance, AttendanceStatus, Meeting, MeetingStatus
from meetings.services import AttendanceEntry, MeetingError
from tests.meetings.factories import KeyIssueFactory, MeetingFactory, attend, make_member
from tests.races import race

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def _fields(**overrides):
    return {
        "title": "เครือข่ายประชาสังคมกลุ่มกรุงเทพกลาง",
        "date": datetime.date(2021, 4, 8),
        "start_time": datetime.time(9, 0),
        "end_time": datetime.time(12, 0),
        "venue": "ห้องประชุมสำนักงานเขตดินแดง",
        "chair_name": "นายสมชาย ประธาน",
        **overrides,
    }


@pytest.fixture
def ready_meeting(cycle, group):
    """A draft meeting that may be finalised: a key issue, one member present, an end time."""
    meeting = MeetingFactory(cycle=cycle, group=group, number=1)
    KeyIssueFactory(meeting=meeting)
    member = make_member(cycle=cycle, group=group, first_name="สมหญิง")
    attend(meeting, member)
    return meeting, member


def test_two_meetings_created_at_once_get_consecutive_numbers(cycle, group, staff, chair, monkeypatch):
    first, second = race(
        lambda: services.meeting_create(cycle=cycle, group=group, user=staff, **_fields()),
        lambda: services.meeting_create(cycle=cycle, group=group, user=chair, **_fields()),
        monkeypatch=monkeypatch,
        pause_at=(services, "_validate"),  # numbered and checked, not yet saved
        pause_after=True,
    )
    assert (first.error, second.error) == (None, None)
    assert sorted(Meeting.objects.filter(group=group).values_list("number", flat=True)) == [1, 2]


def test_two_meetings_given_the_same_number_at_once_get_a_thai_answer(
    cycle, group, staff, chair, monkeypatch
):
    first, second = race(
        lambda: services.meeting_create(cycle=cycle, group=group, user=staff, **_fields(number=3)),
        lambda: services.meeting_create(cycle=cycle, group=group, user=chair, **_fields(number=3)),
        monkeypatch=monkeypatch,
        pause_at=(services, "_validate"),
        pause_after=True,
    )
    assert first.error is None
    assert isinstance(second.error, MeetingError)
    assert str(second.error) == "มีการประชุมครั้งที่ 3/2564 ของกลุ่มนี้อยู่แล้ว"
    assert Meeting.objects.filter(group=group).count() == 1


def test_finalising_the_same_minutes_twice_at_once_finalises_once(ready_meeting, staff, chair, monkeypatch):
    meeting, _ = ready_meeting
    seen_by_staff, seen_by_chair = Meeting.objects.get(pk=meeting.pk), Meeting.objects.get(pk=meeting.pk)
    first, second = race(
        lambda: services.meeting_finalise(meeting=seen_by_staff, user=staff),
        lambda: services.meeting_finalise(meeting=seen_by_chair, user=chair),
        monkeypatch=monkeypatch,
        pause_at=(services, "progress_get"),  # checked and marked final, not yet committed
    )
    assert first.error is None
    assert isinstance(second.error, MeetingError)
    assert str(second.error) == "รายงานการประชุมนี้ยืนยันแล้ว แก้ไขไม่ได้"
    assert AuditEntry.objects.filter(action="meeting.finalise").count() == 1
    assert Meeting.objects.get(pk=meeting.pk).finalised_at == first.value.finalised_at


def test_attendance_cannot_change_under_minutes_being_finalised(ready_meeting, staff, chair, monkeypatch):
    meeting, member = ready_meeting
    draft = Meeting.objects.get(pk=meeting.pk)  # the attendance page was opened before finalising
    first, second = race(
        lambda: services.meeting_finalise(meeting=Meeting.objects.get(pk=meeting.pk), user=chair),
        lambda: services.attendance_set(
            meeting=draft,
            user=staff,
            entries=[AttendanceEntry(member.pk, AttendanceStatus.ABSENT, "ติดราชการ")],
        ),
        monkeypatch=monkeypatch,
        pause_at=(services, "progress_get"),
    )
    assert first.error is None
    assert str(second.error) == "รายงานการประชุมนี้ยืนยันแล้ว แก้ไขไม่ได้"
    assert Attendance.objects.get(meeting=meeting, member=member).status == AttendanceStatus.PRESENT


def test_minutes_are_not_finalised_on_attendance_being_removed(ready_meeting, staff, chair, monkeypatch):
    meeting, member = ready_meeting
    first, second = race(
        lambda: services.attendance_set(
            meeting=Meeting.objects.get(pk=meeting.pk),
            user=staff,
            entries=[AttendanceEntry(member.pk, AttendanceStatus.ABSENT, "ติดราชการ")],
        ),
        lambda: services.meeting_finalise(meeting=Meeting.objects.get(pk=meeting.pk), user=chair),
        monkeypatch=monkeypatch,
        pause_at=(services, "audit_log"),  # attendance written, not yet committed
    )
    assert first.error is None
    assert str(second.error) == "ต้องบันทึกผู้มาประชุมอย่างน้อย 1 คนก่อนยืนยันรายงานการประชุม"
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.DRAFT
