"""A cycle closes when its evaluation is sent (read-only), and the districts' regrouping between years."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from bangkok_network.errors import PortalError
from bangkok_network.models import AuditEntry, Cycle, District, DistrictAssignment, DistrictGroup
from bangkok_network.services import ProgrammeError, cycle_close, cycle_copy, district_assignments_set
from meetings import services as meeting_services
from meetings.services import MeetingError
from progress import services as progress_services
from progress.services import ProgressError
from projects_p1 import services as p1_services
from projects_p1.services import P1Error
from registry import services as registry_services
from registry.services import RegistryError
from reports import services as report_services
from reports.services import ReportError
from tests.meetings.factories import KeyIssueFactory, MeetingFactory, make_member
from tests.progress import factories as progress_factories
from tests.reports.factories import done_build

pytestmark = pytest.mark.django_db

CLOSED = "ปีงบประมาณ 2564 ส่งรายงานผลการติดตามประเมินผลแล้ว"


def test_sending_the_evaluation_closes_the_cycle(cycle, officer):
    build = done_build(kind="evaluation", cycle=cycle, group=None)
    report_services.evaluation_submit(build=build, user=officer)
    cycle.refresh_from_db()
    assert cycle.is_closed and cycle.closed_at == build.submitted_at
    assert AuditEntry.objects.filter(action="cycle.close", object_id=str(cycle.pk)).count() == 1


@pytest.fixture
def closed(cycle, group, officer):
    """A cycle with a meeting, a member, a project and a report, then closed."""
    meeting = MeetingFactory(cycle=cycle, group=group)
    member = make_member(cycle=cycle, group=group, first_name="สมาชิก")
    project = progress_factories.project(cycle=cycle, group=group)
    report = progress_factories.report(project=project)
    cycle_close(cycle=cycle, user=officer)
    return {"meeting": meeting, "member": member, "project": project, "report": report}


def test_every_app_refuses_writes_to_a_closed_cycle(cycle, group, staff, officer, closed):
    # The instance a page loaded before closing still says "open": the services read it again.
    stale = Cycle.objects.get(pk=cycle.pk)
    stale.closed_at = None
    attempts = [
        (
            MeetingError,
            lambda: meeting_services.meeting_create(
                cycle=stale,
                group=group,
                user=staff,
                date=datetime.date(2021, 5, 1),
                start_time=datetime.time(9),
                venue="ห้องประชุม",
                chair_name="นายประธาน",
            ),
        ),
        (
            MeetingError,
            lambda: meeting_services.meeting_update(meeting=closed["meeting"], user=staff, venue="ที่อื่น"),
        ),
        (
            RegistryError,
            lambda: registry_services.member_create(
                cycle=stale, group=group, user=staff, first_name="ใหม่", last_name="สมาชิก"
            ),
        ),
        (
            RegistryError,
            lambda: registry_services.member_update(member=closed["member"], user=staff, first_name="แก้"),
        ),
        (
            P1Error,
            lambda: p1_services.p1_form_save(
                cycle=stale,
                group=group,
                user=staff,
                lock_version=closed["project"].form.lock_version,
                key_issue_id=None,
                approach="",
                projects=[],
            ),
        ),
        (
            ProgressError,
            lambda: progress_services.progress_report_update(
                report=closed["report"], user=staff, budget_spent=Decimal("1.00")
            ),
        ),
        (
            ReportError,
            lambda: report_services.assessment_save(
                cycle=stale,
                group=group,
                user=officer,
                timeliness_score=5,
                registry_score=5,
                participation_score=5,
                projects_score=5,
                outcomes_score=5,
            ),
        ),
        (ProgrammeError, lambda: district_assignments_set(cycle=stale, groups={}, user=officer)),
    ]
    for error, attempt in attempts:
        with pytest.raises(error, match=CLOSED) as caught:
            attempt()
        assert isinstance(caught.value, PortalError)
    closed["meeting"].refresh_from_db()
    closed["member"].refresh_from_db()
    assert closed["meeting"].venue != "ที่อื่น" and closed["member"].first_name == "สมาชิก"


def test_a_closed_cycle_is_read_only_on_its_pages(client, cycle, group, staff, closed):
    client.force_login(staff)
    response = client.post(
        reverse("meetings:meeting_update", kwargs={"pk": closed["meeting"].pk}),
        {
            "year": "2564",
            "title": "ประชุม",
            "date": "09/04/2564",
            "start_time": "09:00",
            "venue": "ที่อื่น",
            "chair_name": "นายประธาน",
        },
    )
    assert response.status_code == 200
    assert CLOSED in response.content.decode()


def _assignment(cycle, code) -> DistrictAssignment:
    return DistrictAssignment.objects.select_related("group").get(cycle=cycle, district__code=code)


def test_copying_a_cycle_keeps_the_districts_regroupable_for_the_new_year(cycle, officer):
    later = cycle_copy(source=cycle, fiscal_year=2565, user=officer)
    district = _assignment(later, "1032").district  # บางกะปิ, กรุงเทพตะวันออก in 2564
    north = DistrictGroup.objects.get(code="bkk-north")
    moved = district_assignments_set(cycle=later, groups={district.pk: north.pk}, user=officer)
    assert [a.district.code for a in moved] == ["1032"]
    assert _assignment(later, "1032").group == north
    assert _assignment(cycle, "1032").group.code == "bkk-east"  # last year keeps its grouping
    entry = AuditEntry.objects.get(action="cycle.regroup")
    assert entry.details == {"moves": {"1032": "bkk-north"}}


def test_a_district_with_records_this_year_stays_in_its_group(cycle, group, other_group, officer):
    district = District.objects.filter(assignments__cycle=cycle, assignments__group=group).order_by("code")[1]
    make_member(cycle=cycle, group=group, first_name="มีแล้ว", district=district)
    with pytest.raises(ProgrammeError, match=f"{district} มีสมาชิกในทะเบียนหรือประเด็นสำคัญ"):
        district_assignments_set(cycle=cycle, groups={district.pk: other_group.pk}, user=officer)
    issue_district = District.objects.filter(assignments__cycle=cycle, assignments__group=group).order_by(
        "code"
    )[2]
    KeyIssueFactory(meeting=MeetingFactory(cycle=cycle, group=group)).districts.set([issue_district])
    with pytest.raises(ProgrammeError, match="ย้ายกลุ่มไม่ได้"):
        district_assignments_set(cycle=cycle, groups={issue_district.pk: other_group.pk}, user=officer)


def test_a_group_keeps_at_least_one_district(cycle, group, other_group, officer):
    ids = list(
        DistrictAssignment.objects.filter(cycle=cycle, group=group).values_list("district_id", flat=True)
    )
    with pytest.raises(ProgrammeError, match=f"{group.full_name} ต้องมีอย่างน้อย ๑ เขต"):
        district_assignments_set(cycle=cycle, groups=dict.fromkeys(ids, other_group.pk), user=officer)
    assert DistrictAssignment.objects.filter(cycle=cycle, group=group).count() == len(ids)


def test_the_regroup_page_moves_a_district_and_marks_those_that_cannot(
    client, cycle, group, other_group, officer
):
    later = cycle_copy(source=cycle, fiscal_year=2565, user=officer)
    assignments = list(DistrictAssignment.objects.filter(cycle=later))
    first = next(a for a in assignments if a.group_id == group.pk)
    make_member(cycle=later, group=group, first_name="ล็อก", district=first.district)
    client.force_login(officer)
    url = reverse("cycle_regroup", kwargs={"fiscal_year": 2565})
    page = client.get(url).content.decode()
    assert page.count("<select") == 50 and page.count('aria-describedby="held-note"') == 1
    movable = next(a for a in assignments if a.group_id == group.pk and a.pk != first.pk)
    data = {f"district_{a.district_id}": a.group_id for a in assignments}
    data[f"district_{movable.district_id}"] = other_group.pk
    response = client.post(url, data)
    assert response.status_code == 302 and response.url == "/cycles/2565/"
    assert _assignment(later, movable.district.code).group == other_group
    data[f"district_{first.district_id}"] = other_group.pk
    response = client.post(url, data, follow=True)
    assert "ย้ายกลุ่มไม่ได้" in response.content.decode()
    assert _assignment(later, first.district.code).group == group
