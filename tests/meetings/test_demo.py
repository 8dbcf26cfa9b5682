"""Step 2 of the demo story goes through the services, dated in April, and is safe to load twice."""

from __future__ import annotations

from datetime import date

import pytest

from bangkok_network.demo import demo_timeline, demo_users_load
from bangkok_network.models import DistrictGroup, ProgressStatus, StepKind
from bangkok_network.selectors import progress_get
from meetings import demo
from meetings.models import Attendance, KeyIssue, Meeting
from meetings.selectors import is_outside_window, meeting_window
from tests.meetings.factories import make_member

pytestmark = pytest.mark.django_db


def test_demo_load_makes_april_meetings_with_key_issues_once(cycle, group):
    demo_users_load()
    for name in ["กมล", "ขจร", "คณิต", "งามตา", "จิรา", "ฉัตร"]:
        make_member(cycle=cycle, group=group, first_name=name)
    timeline = demo_timeline(cycle=cycle, today=date(2021, 10, 1))
    summary = demo.load(timeline=timeline)
    assert summary.startswith("การประชุมใหม่ 9 ครั้ง")
    step = meeting_window(cycle=cycle)
    assert Meeting.objects.filter(cycle=cycle).count() == 9
    assert not any(is_outside_window(step=step, on=m.date) for m in Meeting.objects.all())
    for g in DistrictGroup.objects.all():
        assert 2 <= KeyIssue.objects.filter(cycle=cycle, group=g).count() <= 3
    # The central group has members: 5 present and 1 absent at its first meeting, certified on
    # 9 April (two days after it met) and accepted by the department on 3 May.
    first = Meeting.objects.get(cycle=cycle, group=group, number=1)
    assert Attendance.objects.filter(meeting=first, member__isnull=False).count() == 6
    assert (first.date, first.finalised_at.date()) == (date(2021, 4, 7), date(2021, 4, 9))
    progress = progress_get(cycle=cycle, group=group, kind=StepKind.MEETINGS)
    assert (progress.status, progress.first_submitted_at.date()) == (
        ProgressStatus.ACCEPTED,
        date(2021, 4, 9),
    )

    again = demo.load(timeline=timeline)
    assert again.startswith("การประชุมใหม่ 0 ครั้ง")
    assert Meeting.objects.filter(cycle=cycle).count() == 9


def test_demo_meetings_not_yet_held_are_left_for_later(cycle, group):
    demo_users_load()
    make_member(cycle=cycle, group=group, first_name="กมล")
    assert demo.load(timeline=demo_timeline(cycle=cycle, today=date(2021, 4, 10))).startswith(
        "การประชุมใหม่ 3 ครั้ง"  # the groups that meet on 7 April; the others meet on the 14th
    )
    first = Meeting.objects.get(cycle=cycle, group=group, number=1)
    assert first.is_final and first.created_at.date() == date(2021, 4, 7)
    assert progress_get(cycle=cycle, group=group, kind=StepKind.MEETINGS).status == ProgressStatus.SUBMITTED
