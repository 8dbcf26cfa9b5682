"""The demo data of step 2 goes through the services and is safe to load twice."""

from __future__ import annotations

import pytest

from bangkok_network.demo import demo_users_load
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
    summary = demo.load(cycle=cycle)
    assert summary.startswith("การประชุมใหม่ 9 ครั้ง")
    step = meeting_window(cycle=cycle)
    assert Meeting.objects.filter(cycle=cycle).count() == 9
    assert not any(is_outside_window(step=step, on=m.date) for m in Meeting.objects.all())
    for g in DistrictGroup.objects.all():
        assert 2 <= KeyIssue.objects.filter(cycle=cycle, group=g).count() <= 3
    # The central group has members: 5 present and 1 absent at its first meeting, which is final.
    first = Meeting.objects.get(cycle=cycle, group=group, number=1)
    assert Attendance.objects.filter(meeting=first, member__isnull=False).count() == 6
    assert progress_get(cycle=cycle, group=group, kind=StepKind.MEETINGS).status == ProgressStatus.SUBMITTED

    again = demo.load(cycle=cycle)
    assert again.startswith("การประชุมใหม่ 0 ครั้ง")
    assert Meeting.objects.filter(cycle=cycle).count() == 9
