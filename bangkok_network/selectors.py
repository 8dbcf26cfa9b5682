"""Reads of the programme core, with scope checks and a constant number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from operator import attrgetter
from typing import TypeVar

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from bangkok_network import clock
from bangkok_network.errors import NotFound
from bangkok_network.extensions import (  # registered by the apps above
    DASHBOARD_PANELS,
    OWN_REVIEW_PAGES,
    REVIEW_SUMMARIES,
    DashboardPanel,
)
from bangkok_network.models import (
    PROGRESS_TRANSITIONS,
    WITHDRAWN_WITH_THEIR_RECORD,
    CalendarStep,
    Cycle,
    District,
    DistrictAssignment,
    DistrictGroup,
    ProgressStatus,
    Responsible,
    StepKind,
    StepProgress,
    fiscal_year_of,
)
from bangkok_network.permissions import ensure_can_view_group, sees_all_groups, user_group

T = TypeVar("T")


def today() -> date:
    return clock.today()


def cycle_list() -> QuerySet[Cycle]:
    return Cycle.objects.prefetch_related("steps")


def cycle_get(*, fiscal_year: int) -> Cycle:
    try:
        return Cycle.objects.get(fiscal_year=fiscal_year)
    except Cycle.DoesNotExist:
        raise NotFound(f"ไม่พบรอบปีงบประมาณ {fiscal_year}") from None


def cycle_current(*, on: date | None = None) -> Cycle | None:
    """Return the cycle whose fiscal year holds the date, else the latest one."""
    return (
        Cycle.objects.filter(fiscal_year=fiscal_year_of(on or today())).first()
        or Cycle.objects.order_by("-fiscal_year").first()
    )


def cycle_current_required(*, on: date | None = None) -> Cycle:
    """Return the current cycle (``cycle_current``); none at all is NotFound (no reference data yet)."""
    cycle = cycle_current(on=on)
    if cycle is None:
        raise NotFound("ยังไม่มีรอบการดำเนินงาน: ใช้คำสั่ง manage.py load_reference_data")
    return cycle


def cycle_steps(*, cycle: Cycle) -> QuerySet[CalendarStep]:
    return cycle.steps.order_by("number")


def step_for_kind(*, cycle: Cycle, kind: StepKind | str) -> CalendarStep:
    return CalendarStep.objects.select_related("cycle").get(cycle=cycle, kind=kind)


def step_get(*, cycle: Cycle, number: int) -> CalendarStep:
    step = CalendarStep.objects.select_related("cycle").filter(cycle=cycle, number=number).first()
    if step is None:
        raise NotFound(f"ไม่พบขั้นตอนที่ {number} ของปีงบประมาณ {cycle.fiscal_year}")
    return step


def progress_get_by_pk(*, pk: int) -> StepProgress:
    """Return one group's standing on one step, for the department's review of it."""
    progress = StepProgress.objects.select_related("step__cycle", "group").filter(pk=pk).first()
    if progress is None:
        raise NotFound("ไม่พบความคืบหน้าของขั้นตอนนี้")
    return progress


def progress_history(*, progress: StepProgress, limit: int = 50) -> list:
    """Return the step's past states, newest first: who moved it, when, to what, and the note (one query)."""
    return list(progress.history.select_related("acted_by").order_by("-history_date", "-history_id")[:limit])


def review_summary(*, progress: StepProgress) -> list:
    """Return what the group sent for the step, as its app summarises it (empty if it registered none)."""
    summarise = REVIEW_SUMMARIES.get(progress.step.kind)
    return summarise(progress=progress) if summarise else []


def is_reviewed_on_own_page(*, step: CalendarStep) -> bool:
    """Tell whether the step is reviewed only on its own app's page, never by the generic review.

    The rule: a step whose app registered its own review page (P1, with its versions and
    comments) is reviewed there. ``services.progress_review`` refuses such a step; the dashboard's
    links and the generic review page send the department to ``own_review_url``.
    """
    return step.kind in OWN_REVIEW_PAGES


def own_review_url(*, step: CalendarStep, group: DistrictGroup) -> str | None:
    """Return the page where the department reviews the group's step, if its app has its own."""
    if not is_reviewed_on_own_page(step=step):
        return None
    return reverse(
        OWN_REVIEW_PAGES[step.kind], kwargs={"fiscal_year": step.cycle.fiscal_year, "code": group.code}
    )


def dashboard_panels(*, cycle: Cycle, user) -> list[DashboardPanel]:
    """Return the panels the apps registered for the department dashboard, in registration order."""
    return [panel(cycle=cycle, user=user) for panel in DASHBOARD_PANELS.values()]


def group_list() -> QuerySet[DistrictGroup]:
    return DistrictGroup.objects.order_by("order", "code")


def group_list_for_user(*, user) -> QuerySet[DistrictGroup]:
    """Return the groups a user may see: all for the department and executives, else their own."""
    if sees_all_groups(user):
        return group_list()
    own = user_group(user)
    return group_list().filter(pk=own.pk) if own else DistrictGroup.objects.none()


def group_get_for_user(*, user, code: str) -> DistrictGroup:
    """Return a group by code, as 404 when it is unknown or outside the user's scope."""
    group = DistrictGroup.objects.filter(code=code).first()
    if group is None:
        raise NotFound("ไม่พบกลุ่มเขต")
    ensure_can_view_group(user, group)
    return group


def object_get_for_user(queryset: QuerySet[T], *, user, scope: str, not_found: str, **lookup) -> T:
    """Return the one object the lookup names, if the user may see the group it belongs to.

    ``scope`` is the attribute path to that group (``"group"``, ``"meeting.group"``). An unknown
    object and another group's are both NotFound (a 404 that does not disclose which).
    """
    found = queryset.filter(**lookup).first()
    if found is None:
        raise NotFound(not_found)
    ensure_can_view_group(user, attrgetter(scope)(found))
    return found


def group_get(*, code: str) -> DistrictGroup:
    try:
        return DistrictGroup.objects.get(code=code)
    except DistrictGroup.DoesNotExist:
        codes = ", ".join(DistrictGroup.objects.values_list("code", flat=True))
        raise NotFound(f"ไม่รู้จักรหัสกลุ่ม “{code}” (รหัสที่มี: {codes})") from None


def districts_of_group(*, cycle: Cycle, group: DistrictGroup) -> QuerySet[District]:
    return District.objects.filter(assignments__cycle=cycle, assignments__group=group).order_by("code")


def districts_with_records(*, cycle: Cycle, district_ids) -> set[int]:
    """Return which of the districts a cycle's records (registered by the apps) already name."""
    from bangkok_network.extensions import DISTRICT_RECORDS

    ids = list(district_ids)
    found: set[int] = set()
    for districts in DISTRICT_RECORDS.values():
        found |= set(districts(cycle=cycle, district_ids=ids))
    return found


def district_assignments(*, cycle: Cycle) -> QuerySet[DistrictAssignment]:
    return DistrictAssignment.objects.filter(cycle=cycle).select_related("district", "group")


def group_of_district(*, cycle: Cycle, district: District) -> DistrictGroup | None:
    assignment = (
        DistrictAssignment.objects.filter(cycle=cycle, district=district).select_related("group").first()
    )
    return assignment.group if assignment else None


@dataclass(frozen=True)
class Deadline:
    """A group's standing on one step, as the dashboard and the group's page show it."""

    step: CalendarStep
    group: DistrictGroup
    progress: StepProgress | None
    today: date

    @property
    def status(self) -> str:
        return self.progress.status if self.progress else ProgressStatus.NOT_STARTED

    @property
    def is_done(self) -> bool:
        return self.status in (ProgressStatus.SUBMITTED, ProgressStatus.ACCEPTED)

    @property
    def is_awaiting_review(self) -> bool:
        return PROGRESS_TRANSITIONS.allows(self.status, ProgressStatus.ACCEPTED)

    @property
    def is_late(self) -> bool:
        """Return whether it was sent after the due date, or is still unsent past it."""
        sent = self.progress and (self.progress.first_submitted_at or self.progress.submitted_at)
        if sent:
            return timezone.localtime(sent).date() > self.step.due_date
        return self.today > self.step.due_date

    @property
    def days_left(self) -> int:
        """Return days until the due date (negative: days overdue)."""
        return (self.step.due_date - self.today).days

    @property
    def days_overdue(self) -> int:
        return max(0, -self.days_left)

    @property
    def state(self) -> str:
        """Return a key that names both colour and text: one of the six dashboard states."""
        status = self.status
        if status == ProgressStatus.ACCEPTED:
            return "accepted"
        if status == ProgressStatus.RETURNED:
            return "returned"
        if status == ProgressStatus.SUBMITTED:
            return "submitted_late" if self.is_late else "submitted_on_time"
        if self.today > self.step.due_date:
            return "overdue"
        return "in_progress" if status == ProgressStatus.IN_PROGRESS else "not_started"

    @property
    def label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def can_withdraw(self) -> bool:
        """Tell whether the group may still take back what it sent (not yet opened for review)."""
        return (
            self.status == ProgressStatus.SUBMITTED
            and self.progress.review_opened_at is None
            and self.step.kind not in WITHDRAWN_WITH_THEIR_RECORD
        )

    @property
    def is_returned(self) -> bool:
        """Tell whether the department sent the step back: its reason goes at the top of the group's page."""
        return self.status == ProgressStatus.RETURNED

    @property
    def review_url(self) -> str:
        """Return where the department reviews this step: the step app's own page, if it has one."""
        own = own_review_url(step=self.step, group=self.group)
        if own is not None:
            return own
        return reverse("progress_review", kwargs={"pk": self.progress.pk}) if self.progress else ""


STATE_LABELS = {
    "not_started": "ยังไม่เริ่ม",
    "in_progress": "กำลังดำเนินการ",
    "submitted_on_time": "ส่งตรงเวลา",
    "submitted_late": "ส่งล่าช้า",
    "returned": "ส่งกลับแก้ไข",
    "accepted": "รับแล้ว",
    "overdue": "เกินกำหนด",
}


def deadline_matrix(*, cycle: Cycle, on: date | None = None) -> tuple[list[CalendarStep], list]:
    """Return the steps and, per group, its row of Deadlines: three queries whatever the size."""
    on = on or today()
    steps = list(cycle.steps.order_by("number"))
    groups = list(group_list())
    progress = {
        (p.step_id, p.group_id): p
        for p in StepProgress.objects.filter(step__cycle=cycle).select_related("acted_by")
    }
    rows = [
        (group, [Deadline(step, group, progress.get((step.pk, group.pk)), on) for step in steps])
        for group in groups
    ]
    return steps, rows


def group_deadlines(*, cycle: Cycle, group: DistrictGroup, on: date | None = None) -> list[Deadline]:
    """Return the group's deadlines for every step of the cycle, in calendar order."""
    on = on or today()
    progress = {
        p.step_id: p
        for p in StepProgress.objects.filter(step__cycle=cycle, group=group).select_related("acted_by")
    }
    return [Deadline(step, group, progress.get(step.pk), on) for step in cycle.steps.order_by("number")]


def group_next_deadlines(*, cycle: Cycle, group: DistrictGroup, on: date | None = None) -> list[Deadline]:
    """Return the steps still open for the group, soonest first."""
    return [
        d
        for d in group_deadlines(cycle=cycle, group=group, on=on)
        if not d.is_done and d.step.responsible == Responsible.GROUP
    ]


def progress_get(*, cycle: Cycle, group: DistrictGroup, kind: StepKind | str) -> StepProgress | None:
    return StepProgress.objects.filter(step__cycle=cycle, step__kind=kind, group=group).first()


def group_by_ics_token(*, token) -> DistrictGroup:
    group = DistrictGroup.objects.filter(ics_token=token).first()
    if group is None:
        raise NotFound("ไม่พบปฏิทิน")
    return group


@dataclass(frozen=True)
class TimelineBar:
    step: CalendarStep
    left: float  # percent of the fiscal year
    width: float


def calendar_timeline(*, cycle: Cycle, on: date | None = None) -> dict:
    """Place the steps and today's marker on the cycle's fiscal year, in percent of its length."""
    on = on or today()
    start, end = cycle.start_date, cycle.end_date
    total = (end - start).days + 1

    def percent(day: date) -> float:
        return round(100 * min(max((day - start).days, 0), total) / total, 2)

    bars = [
        TimelineBar(
            step,
            percent(step.start_date),
            max(percent(step.due_date) - percent(step.start_date) + 100 / total, 0.6),
        )
        for step in cycle.steps.order_by("number")
    ]
    months = []
    cursor = start
    while cursor <= end:
        months.append((cursor, percent(cursor)))
        cursor = date(cursor.year + (cursor.month == 12), cursor.month % 12 + 1, 1)
    return {
        "bars": bars,
        "months": months,
        "today": on,
        "today_percent": percent(on) if start <= on <= end else None,
    }
