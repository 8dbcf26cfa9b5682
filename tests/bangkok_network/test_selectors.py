from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bangkok_network import selectors, services
from bangkok_network.errors import NotFound
from bangkok_network.models import ProgressStatus, StepKind, StepProgress

BKK = ZoneInfo("Asia/Bangkok")
pytestmark = pytest.mark.django_db


def test_cycle_current_follows_the_fiscal_year(cycle, officer):
    assert selectors.cycle_current(on=date(2021, 3, 1)) == cycle
    new = services.cycle_copy(source=cycle, fiscal_year=2565, user=officer)
    assert selectors.cycle_current(on=date(2021, 10, 1)) == new  # FY 2565 starts 1 Oct 2021
    assert selectors.cycle_current(on=date(2021, 9, 30)) == cycle
    assert selectors.cycle_current(on=date(2030, 1, 1)) == new  # none that year: the latest


def test_group_get_for_user_hides_other_groups(group, other_group, staff, executive):
    assert selectors.group_get_for_user(user=staff, code=group.code) == group
    with pytest.raises(NotFound):
        selectors.group_get_for_user(user=staff, code=other_group.code)
    assert selectors.group_get_for_user(user=executive, code=other_group.code) == other_group
    assert list(selectors.group_list_for_user(user=staff)) == [group]
    assert selectors.group_list_for_user(user=executive).count() == 6


def test_deadline_states_cover_every_case(cycle, group, staff, officer):
    on_time = datetime(2021, 3, 30, 10, 0, tzinfo=BKK)
    late = datetime(2021, 5, 15, 10, 0, tzinfo=BKK)
    services.progress_set(
        cycle=cycle,
        group=group,
        kind=StepKind.REGISTRY,
        status=ProgressStatus.SUBMITTED,
        user=staff,
        at=on_time,
    )
    services.progress_set(
        cycle=cycle, group=group, kind=StepKind.P1, status=ProgressStatus.SUBMITTED, user=staff, at=late
    )
    services.progress_set(
        cycle=cycle, group=group, kind=StepKind.MEETINGS, status=ProgressStatus.IN_PROGRESS, user=staff
    )
    states = {
        d.step.number: (d.state, d.days_left)
        for d in selectors.group_deadlines(cycle=cycle, group=group, on=date(2021, 5, 10))
    }
    assert states == {
        1: ("submitted_on_time", -40),
        2: ("overdue", -10),
        3: ("submitted_late", 4),
        4: ("not_started", 108),
        5: ("not_started", 109),
        6: ("not_started", 123),
    }
    p = selectors.progress_get(cycle=cycle, group=group, kind=StepKind.REGISTRY)
    services.progress_review(progress=p, user=officer, accept=True)
    deadlines = selectors.group_deadlines(cycle=cycle, group=group, on=date(2021, 5, 10))
    assert deadlines[0].state == "accepted" and deadlines[0].label == "รับแล้ว"
    assert deadlines[1].days_overdue == 10
    assert [
        d.step.number for d in selectors.group_next_deadlines(cycle=cycle, group=group, on=date(2021, 5, 10))
    ] == [2, 4, 5]


def test_deadline_matrix_uses_a_constant_number_of_queries(cycle, officer):
    with CaptureQueriesContext(connection) as small:
        steps, rows = selectors.deadline_matrix(cycle=cycle)
        [d.state for _, cells in rows for d in cells]
    services.cycle_copy(source=cycle, fiscal_year=2565, user=officer)
    with CaptureQueriesContext(connection) as large:
        steps, rows = selectors.deadline_matrix(cycle=cycle)
        [d.state for _, cells in rows for d in cells]
    assert len(rows) == 6 and len(steps) == 6
    assert len(small.captured_queries) == len(large.captured_queries) == 3


def test_calendar_timeline_places_steps_and_today(cycle):
    timeline = selectors.calendar_timeline(cycle=cycle, on=date(2021, 4, 1))
    assert len(timeline["bars"]) == 6
    assert timeline["today_percent"] == pytest.approx(100 * 182 / 365, abs=0.01)
    assert timeline["bars"][0].left == pytest.approx(100 * 151 / 365, abs=0.01)  # 1 March
    assert len(timeline["months"]) == 12
    assert selectors.calendar_timeline(cycle=cycle, on=date(2026, 1, 1))["today_percent"] is None


def test_a_resubmission_after_the_due_date_keeps_the_first_sending_on_time(cycle, group, staff, officer):
    first = datetime(2021, 5, 13, 10, 0, tzinfo=BKK)
    again = datetime(2021, 5, 20, 10, 0, tzinfo=BKK)
    p = services.progress_set(
        cycle=cycle,
        group=group,
        kind=StepKind.MEETINGS,
        status=ProgressStatus.SUBMITTED,
        user=staff,
        at=datetime(2021, 4, 29, tzinfo=BKK),
    )
    p = services.progress_set(
        cycle=cycle, group=group, kind=StepKind.P1, status=ProgressStatus.SUBMITTED, user=staff, at=first
    )
    # As the P1 app returns a form (its own review page: the generic review refuses P1).
    services.progress_set(
        cycle=cycle, group=group, kind=StepKind.P1, status=ProgressStatus.RETURNED, user=officer, note="แก้ไข"
    )
    p = services.progress_set(
        cycle=cycle, group=group, kind=StepKind.P1, status=ProgressStatus.SUBMITTED, user=staff, at=again
    )
    assert (p.first_submitted_at, p.submitted_at) == (first, again)
    deadline = selectors.group_deadlines(cycle=cycle, group=group, on=date(2021, 5, 21))[2]
    assert deadline.state == "submitted_on_time"
    # The department reviews P1 on the P1 app's page, which keeps the versions.
    assert deadline.review_url == "/p1/2564/bkk-central/"
    assert (
        selectors.group_deadlines(cycle=cycle, group=group)[1].review_url
        == f"/step-progress/{selectors.progress_get(cycle=cycle, group=group, kind='meetings').pk}/review/"
    )


def test_step_get_finds_a_step_by_number_and_refuses_one_the_cycle_has_not(cycle):
    assert selectors.step_get(cycle=cycle, number=3).kind == StepKind.P1
    with pytest.raises(NotFound, match="ไม่พบขั้นตอนที่ 9 ของปีงบประมาณ 2564"):
        selectors.step_get(cycle=cycle, number=9)


def test_progress_get_by_pk_refuses_an_unknown_row(cycle, group):
    progress = selectors.progress_get(cycle=cycle, group=group, kind=StepKind.MEETINGS)
    assert selectors.progress_get_by_pk(pk=progress.pk) == progress
    with pytest.raises(NotFound):
        selectors.progress_get_by_pk(pk=progress.pk + 10_000)


def test_only_a_step_whose_app_registered_a_review_page_is_reviewed_on_its_own_page(cycle, group):
    reviewed_elsewhere = {
        step.kind: selectors.own_review_url(step=step, group=group)
        for step in selectors.cycle_steps(cycle=cycle)
        if selectors.is_reviewed_on_own_page(step=step)
    }

    assert reviewed_elsewhere == {
        StepKind.P1: "/p1/2564/bkk-central/",
        StepKind.PACKAGE: "/documents/package/2564/bkk-central/review/",
    }
    meetings = selectors.step_for_kind(cycle=cycle, kind=StepKind.MEETINGS)
    assert selectors.own_review_url(step=meetings, group=group) is None


def test_object_get_for_user_hides_another_groups_object_as_it_hides_an_unknown_one(
    cycle, group, other_group, staff, officer
):
    theirs = selectors.progress_get(cycle=cycle, group=other_group, kind=StepKind.MEETINGS)
    ours = selectors.progress_get(cycle=cycle, group=group, kind=StepKind.MEETINGS)
    queryset = StepProgress.objects.select_related("group")

    def get(user, pk):
        return selectors.object_get_for_user(queryset, user=user, pk=pk, scope="group", not_found="ไม่พบ")

    assert get(staff, ours.pk) == ours
    assert get(officer, theirs.pk) == theirs  # the department sees every group
    with pytest.raises(NotFound):
        get(staff, theirs.pk)
    with pytest.raises(NotFound, match="^ไม่พบ$"):
        get(staff, theirs.pk + ours.pk + 10_000)
