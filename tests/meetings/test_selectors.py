"""Selectors of the meetings app: scope, order, the window flag, participation figures."""

from __future__ import annotations

import datetime

import pytest

from bangkok_network.errors import NotFound
from bangkok_network.models import CalendarStep, District, StepKind
from meetings import selectors
from meetings.models import Priority
from tests.meetings.factories import KeyIssueFactory, MeetingFactory, attend, erase_member, make_member

pytestmark = pytest.mark.django_db


def test_meeting_get_for_user_hides_another_groups_meeting(cycle, group, other_group, staff, officer):
    mine = MeetingFactory(cycle=cycle, group=group)
    theirs = MeetingFactory(cycle=cycle, group=other_group)
    assert selectors.meeting_get_for_user(user=staff, pk=mine.pk) == mine
    assert selectors.meeting_get_for_user(user=officer, pk=theirs.pk) == theirs
    with pytest.raises(NotFound):
        selectors.meeting_get_for_user(user=staff, pk=theirs.pk)


def test_window_flag_follows_the_calendar_step_not_fixed_dates(cycle, group):
    april = MeetingFactory(cycle=cycle, group=group, date=datetime.date(2021, 4, 30))
    may = MeetingFactory(cycle=cycle, group=group, date=datetime.date(2021, 5, 1))
    flags = {m.pk: m.is_outside_window for m in selectors.meeting_list_for_group(cycle=cycle, group=group)}
    assert flags == {april.pk: False, may.pk: True}
    CalendarStep.objects.filter(cycle=cycle, kind=StepKind.MEETINGS).update(
        due_date=datetime.date(2021, 5, 7)
    )
    flags = {m.pk: m.is_outside_window for m in selectors.meeting_list_for_group(cycle=cycle, group=group)}
    assert flags == {april.pk: False, may.pk: False}


def test_key_issues_for_group_most_important_first(cycle, group, other_group):
    meeting = MeetingFactory(cycle=cycle, group=group)
    low = KeyIssueFactory(meeting=meeting, priority=Priority.LOW)
    high = KeyIssueFactory(meeting=meeting, priority=Priority.HIGH)
    KeyIssueFactory(meeting=MeetingFactory(cycle=cycle, group=other_group))
    assert list(selectors.key_issues_for_group(cycle=cycle, group=group)) == [high, low]


def test_participation_counts_members_at_least_once_per_district_and_keeps_erased_members(cycle, group):
    phaya_thai, din_daeng = District.objects.get(code="1014"), District.objects.get(code="1026")
    a = make_member(cycle=cycle, group=group, first_name="กมล", district=phaya_thai)
    b = make_member(cycle=cycle, group=group, first_name="ขจร", district=phaya_thai)
    c = make_member(cycle=cycle, group=group, first_name="คณิต", district=din_daeng)
    make_member(cycle=cycle, group=group, first_name="งามตา", district=din_daeng)
    first, second = MeetingFactory(cycle=cycle, group=group), MeetingFactory(cycle=cycle, group=group)
    attend(first, a)
    attend(second, a)
    attend(first, b, present=False)
    attend(second, c)
    erase_member(c)
    figures = selectors.participation(cycle=cycle, group=group)
    assert (figures.members, figures.participated, figures.percent) == (4, 2, 50.0)
    rows = {row.district.code: (row.members, row.participated) for row in figures.by_district}
    assert rows["1014"] == (2, 1)
    assert rows["1026"] == (2, 1)  # the erased member still counts
    assert rows["1001"] == (0, 0)
    per_meeting = {m.pk: (m.present_count, m.absent_count) for m in figures.meetings}
    assert per_meeting == {first.pk: (1, 1), second.pk: (2, 0)}


def test_attendance_candidates_are_in_thai_order_and_skip_erased_unless_recorded(cycle, group):
    meeting = MeetingFactory(cycle=cycle, group=group)
    for name in ["ขจร", "กมล", "เกษม"]:
        make_member(cycle=cycle, group=group, first_name=name)
    gone = erase_member(make_member(cycle=cycle, group=group, first_name="ลบ"))
    names = [m.first_name for m, _ in selectors.attendance_candidates(meeting=meeting)]
    assert names == ["กมล", "เกษม", "ขจร"]
    attend(meeting, gone)
    assert gone.pk in [m.pk for m, _ in selectors.attendance_candidates(meeting=meeting)]


def test_registry_erasure_keeps_attendance_counted_and_anonymised(cycle, group, staff):
    from registry.services import member_erase

    meeting = MeetingFactory(cycle=cycle, group=group)
    member = make_member(cycle=cycle, group=group, first_name="ประภา", last_name="ลบได้")
    attend(meeting, member)
    member_erase(member=member, user=staff)
    detail = selectors.meeting_detail(meeting=meeting)
    present = selectors.attendance_groups(meeting=detail).present
    assert [row.name for row in present] == [f"สมาชิกที่ลบข้อมูลแล้ว #{member.pk}"]
    assert selectors.participation(cycle=cycle, group=group).participated == 1
