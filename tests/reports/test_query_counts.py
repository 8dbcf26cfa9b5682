"""The evaluation and its year-on-year comparison run a fixed number of queries: the same with more
groups, more issues, members, meetings and projects, and more earlier years in the database."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bangkok_network.models import Cycle, DistrictAssignment, DistrictGroup
from bangkok_network.services import cycle_copy
from meetings.models import AttendanceStatus, Meeting
from reports.evaluation import evaluation_data
from reports.yearly import year_comparison
from tests.meetings.factories import KeyIssueFactory, MeetingFactory, make_member
from tests.progress import factories as progress_factories

pytestmark = pytest.mark.django_db


def _seed(cycle: Cycle, group: DistrictGroup, *, size: int) -> None:
    held = Meeting.objects.filter(cycle=cycle, group=group).count()
    members = [
        make_member(
            cycle=cycle, group=group, first_name=f"ก{cycle.fiscal_year}{held}{n}", interest=f"ด้าน{n % 3}"
        )
        for n in range(size)
    ]
    for number in range(held + 1, held + size + 1):
        meeting = MeetingFactory(
            cycle=cycle,
            group=group,
            number=number,
            year=cycle.fiscal_year,
            date=cycle.start_date + datetime.timedelta(days=180 + number),
        )
        meeting.attendances.create(member=members[number - held - 1], status=AttendanceStatus.PRESENT)
        KeyIssueFactory(meeting=meeting)
    for order in range(held + 1, held + size + 1):
        project = progress_factories.project(cycle=cycle, group=group, name=f"โครงการ{order}", order=order)
        progress_factories.report(project=project)


def _counts(client, officer, cycle) -> tuple[int, int, int]:
    with CaptureQueriesContext(connection) as evaluation:
        evaluation_data(cycle)
    with CaptureQueriesContext(connection) as comparison:
        year_comparison(cycle)
    client.force_login(officer)
    with CaptureQueriesContext(connection) as page:
        assert (
            client.get(reverse("reports:evaluation", kwargs={"fiscal_year": cycle.fiscal_year})).status_code
            == 200
        )
    return len(evaluation), len(comparison), len(page)


def test_the_evaluation_and_the_comparison_cost_the_same_at_two_sizes(client, cycle, group, officer):
    later = cycle_copy(source=cycle, fiscal_year=2565, user=officer)
    _seed(cycle, group, size=1)
    _seed(later, group, size=1)
    small = _counts(client, officer, later)

    # Bigger in every direction: two more groups (with districts), more of everything, more years.
    for code, name in (("bkk-extra-1", "ทดลองหนึ่ง"), ("bkk-extra-2", "ทดลองสอง")):
        extra = DistrictGroup.objects.create(code=code, name=name, order=10)
        moved = (
            DistrictAssignment.objects.filter(cycle=later)
            .exclude(group=group)
            .order_by("district__code")
            .first()
        )
        moved.group = extra
        moved.save(update_fields=["group"])
        _seed(later, extra, size=3)
    for other in DistrictGroup.objects.exclude(pk=group.pk).order_by("order")[:3]:
        _seed(later, other, size=4)
    _seed(later, group, size=5)
    cycle_copy(source=cycle, fiscal_year=2563, user=officer)
    cycle_copy(source=cycle, fiscal_year=2562, user=officer)
    large = _counts(client, officer, later)

    assert large == small
    evaluation, comparison, page = small
    assert comparison == 2 * evaluation + 1  # this year, the year before, and finding that year
    assert evaluation <= 15
