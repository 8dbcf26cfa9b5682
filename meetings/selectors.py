"""Reads of the meetings app: lists with their counts, scope checks, and participation figures.

Other apps use key_issues_for_group and participation; each page here runs a fixed number of
queries whatever the number of meetings, members or issues.
"""

from __future__ import annotations

from collections.abc import Container, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Collate
from django.utils.translation import gettext_lazy as _

from bangkok_network.extensions import SummaryLine
from bangkok_network.models import CalendarStep, Cycle, District, DistrictGroup, StepKind
from bangkok_network.selectors import districts_of_group, object_get_for_user
from meetings.models import AgendaItem, Attendance, AttendanceStatus, AttendeeKind, KeyIssue, Meeting

if TYPE_CHECKING:
    from registry.models import Member

# --- the step's window ---------------------------------------------------------------------------


def meeting_window(*, cycle: Cycle) -> CalendarStep | None:
    """Return the calendar step of the meetings (its dates are the window, never hard-coded)."""
    return CalendarStep.objects.filter(cycle=cycle, kind=StepKind.MEETINGS).first()


def is_outside_window(*, step: CalendarStep | None, on: date) -> bool:
    return step is not None and not step.start_date <= on <= step.due_date


def _with_window(queryset: QuerySet[Meeting], step: CalendarStep | None) -> QuerySet[Meeting]:
    if step is None:
        return queryset.annotate(is_outside_window=Value(False, output_field=BooleanField()))
    return queryset.annotate(
        is_outside_window=Case(
            When(Q(date__lt=step.start_date) | Q(date__gt=step.due_date), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def _with_counts(queryset: QuerySet[Meeting]) -> QuerySet[Meeting]:
    return queryset.annotate(
        present_count=Count(
            "attendances",
            filter=Q(attendances__kind=AttendeeKind.MEMBER, attendances__status=AttendanceStatus.PRESENT),
            distinct=True,
        ),
        absent_count=Count(
            "attendances",
            # Absent or on leave: the minutes list both under ผู้ไม่มาประชุม.
            filter=Q(attendances__kind=AttendeeKind.MEMBER)
            & ~Q(attendances__status=AttendanceStatus.PRESENT),
            distinct=True,
        ),
        guest_count=Count("attendances", filter=~Q(attendances__kind=AttendeeKind.MEMBER), distinct=True),
        key_issue_count=Count("key_issues", distinct=True),
    )


# --- meetings ------------------------------------------------------------------------------------


def meeting_list_for_group(*, cycle: Cycle, group: DistrictGroup) -> QuerySet[Meeting]:
    """Return the group's meetings in date order, with attendance counts and the window flag."""
    queryset = Meeting.objects.filter(cycle=cycle, group=group).select_related(
        "cycle", "group", "certifies", "certified_by"
    )
    return _with_window(_with_counts(queryset), meeting_window(cycle=cycle)).order_by("date", "number", "pk")


def meeting_previous(*, meeting: Meeting) -> Meeting | None:
    """Return the group's meeting held just before this one (in this cycle or an earlier one).

    Its minutes are the ones this meeting certifies under agenda item 2 (รับรองรายงานการประชุม).
    """
    earlier = Q(date__lt=meeting.date) | Q(date=meeting.date, number__lt=meeting.number)
    return (
        Meeting.objects.filter(earlier, group_id=meeting.group_id)
        .exclude(pk=meeting.pk)
        .select_related("cycle", "group", "certified_by")
        .order_by("-date", "-number", "-pk")
        .first()
    )


def meeting_get_for_user(*, user, pk: int) -> Meeting:
    """Return a meeting the user may see; another group's meeting is a 404."""
    queryset = Meeting.objects.select_related("cycle", "group")
    return object_get_for_user(queryset, user=user, pk=pk, scope="group", not_found="ไม่พบการประชุม")


def _attendance_order(queryset: QuerySet[Attendance]) -> QuerySet[Attendance]:
    # Members in the registry's Thai order (sort_key), then guests and officials as they were added.
    sort_key = F("member__sort_key")
    if connection.vendor == "postgresql":  # the registry's collation keys compare by code point
        sort_key = Collate(sort_key, "C")
    return queryset.select_related("member", "member__district").order_by(
        Case(
            When(kind=AttendeeKind.MEMBER, then=Value(0)),
            When(kind=AttendeeKind.OFFICIAL, then=Value(1)),
            default=Value(2),
        ),
        sort_key,
        "pk",
    )


def meetings_with_minutes(
    *, cycle: Cycle, group: DistrictGroup, pks: list[int] | None = None
) -> list[Meeting]:
    """Return meetings with agenda, attendees and key issues loaded (five queries in all)."""
    queryset = meeting_list_for_group(cycle=cycle, group=group)
    if pks is not None:
        queryset = queryset.filter(pk__in=pks)
    return list(
        queryset.prefetch_related(
            Prefetch("agenda_items", queryset=AgendaItem.objects.order_by("number")),
            Prefetch("attendances", queryset=_attendance_order(Attendance.objects.all())),
            Prefetch(
                "key_issues",
                queryset=KeyIssue.objects.order_by("priority", "pk").prefetch_related("districts"),
            ),
        )
    )


def meeting_detail(*, meeting: Meeting) -> Meeting:
    """Return one meeting with everything its page and its minutes show."""
    return meetings_with_minutes(cycle=meeting.cycle, group=meeting.group, pks=[meeting.pk])[0]


@dataclass
class AttendanceGroups:
    present: list[Attendance] = field(default_factory=list)
    absent: list[Attendance] = field(default_factory=list)
    guests: list[Attendance] = field(default_factory=list)


def attendance_groups(*, meeting: Meeting) -> AttendanceGroups:
    """Split a prefetched meeting's attendees the way minutes list them."""
    groups = AttendanceGroups()
    for row in meeting.attendances.all():
        if row.kind != AttendeeKind.MEMBER:
            groups.guests.append(row)
        elif row.status == AttendanceStatus.PRESENT:
            groups.present.append(row)
        else:
            groups.absent.append(row)
    return groups


def attendance_candidates(*, meeting: Meeting) -> list[tuple]:
    """Return (member, attendance or None) for every member of the group's registry, Thai order.

    Members who left (inactive) or were erased show only if they are already recorded.
    """
    from registry.selectors import member_list_for_group

    recorded = {a.member_id: a for a in meeting.attendances.filter(kind=AttendeeKind.MEMBER)}
    members = sign_in_members(
        members=member_list_for_group(cycle=meeting.cycle, group=meeting.group), recorded=recorded
    )
    return [(member, recorded.get(member.pk)) for member in members]


def sign_in_members(*, members: Iterable[Member], recorded: Container[int]) -> list[Member]:
    """Return the members a meeting's sign-in sheet lists, in the registry's order.

    Every active member is invited; one who left (inactive) or was erased is listed only when the
    meeting already records them. The order does not change with what is recorded, so the numbers
    on a sheet printed before the meeting match the page where the signatures are ticked.
    """
    return [m for m in members if m.pk in recorded or (m.is_active and not m.is_erased)]


def guests_of(*, meeting: Meeting) -> QuerySet[Attendance]:
    return meeting.attendances.exclude(kind=AttendeeKind.MEMBER).order_by("pk")


def attendance_get_for_user(*, user, pk: int) -> Attendance:
    queryset = Attendance.objects.select_related("meeting__group", "meeting__cycle")
    return object_get_for_user(queryset, user=user, pk=pk, scope="meeting.group", not_found="ไม่พบรายชื่อ")


# --- key issues ----------------------------------------------------------------------------------


def key_issues_for_group(*, cycle: Cycle, group: DistrictGroup) -> QuerySet[KeyIssue]:
    """Return the group's key issues, most important first, with their meeting and districts."""
    return (
        KeyIssue.objects.filter(cycle=cycle, group=group)
        .select_related("meeting", "cycle", "group")
        .prefetch_related(Prefetch("districts", queryset=District.objects.order_by("code")))
        .order_by("priority", "meeting__date", "pk")
    )


def key_issues_for_cycle(*, cycle: Cycle) -> QuerySet[KeyIssue]:
    """Return every group's key issues of the cycle, group by group, with their districts."""
    return (
        KeyIssue.objects.filter(cycle=cycle)
        .select_related("group")
        .prefetch_related(Prefetch("districts", queryset=District.objects.order_by("code")))
        .order_by("group__order", "group__code", "priority", "pk")
    )


def districts_with_key_issues(*, cycle: Cycle, district_ids) -> set[int]:
    """Return which of the districts the cycle's key issues name (they stay in their group)."""
    return set(
        KeyIssue.districts.through.objects.filter(
            keyissue__cycle=cycle, district_id__in=list(district_ids)
        ).values_list("district_id", flat=True)
    )


def key_issue_get_for_user(*, user, pk: int) -> KeyIssue:
    queryset = KeyIssue.objects.select_related("meeting__cycle", "meeting__group", "group")
    return object_get_for_user(queryset, user=user, pk=pk, scope="group", not_found="ไม่พบประเด็นสำคัญ")


# --- participation -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DistrictParticipation:
    district: District
    members: int
    participated: int

    @property
    def percent(self) -> float:
        return round(100 * self.participated / self.members, 1) if self.members else 0.0


@dataclass(frozen=True)
class Participation:
    """How the group's registry took part in its meetings (members present at least once)."""

    members: int
    participated: int
    by_district: list[DistrictParticipation]
    meetings: list[Meeting]  # annotated with present_count, absent_count, guest_count

    @property
    def percent(self) -> float:
        return round(100 * self.participated / self.members, 1) if self.members else 0.0


@dataclass(frozen=True)
class DistrictFigures:
    """What a district's registry and meetings add up to in a cycle: counts only, never who."""

    members: int = 0
    persons: int = 0
    organisations: int = 0
    participated: int = 0
    key_issues: int = 0


def meeting_counts_by_group(*, cycle: Cycle) -> dict[int, int]:
    """Return how many meetings each group held in the cycle (group pk → count); one query."""
    rows = Meeting.objects.filter(cycle=cycle).values("group").annotate(count=Count("pk")).order_by("group")
    return {row["group"]: row["count"] for row in rows}


def district_figures(*, cycle: Cycle) -> dict[int, DistrictFigures]:
    """Count each district's members (and those who attended a meeting) and key issues; two queries."""
    from registry.models import Member, MemberKind

    attended = Attendance.objects.filter(
        member=OuterRef("pk"), status=AttendanceStatus.PRESENT, meeting__cycle=cycle
    )
    members = (
        Member.objects.filter(cycle=cycle)
        .annotate(has_attended=Exists(attended))
        .values("district")
        .annotate(
            members=Count("pk"),
            persons=Count("pk", filter=Q(kind=MemberKind.PERSON)),
            organisations=Count("pk", filter=Q(kind=MemberKind.ORGANISATION)),
            participated=Count("pk", filter=Q(has_attended=True)),
        )
        .order_by("district")
    )
    issues = dict(
        KeyIssue.districts.through.objects.filter(keyissue__cycle=cycle)
        .values("district")
        .annotate(count=Count("pk"))
        .values_list("district", "count")
        .order_by("district")
    )
    figures = {
        row["district"]: DistrictFigures(
            members=row["members"],
            persons=row["persons"],
            organisations=row["organisations"],
            participated=row["participated"],
            key_issues=issues.get(row["district"], 0),
        )
        for row in members
    }
    for district, count in issues.items():
        figures.setdefault(district, DistrictFigures(key_issues=count))
    return figures


def participation_by_group(*, cycle: Cycle) -> dict[int, tuple[int, int]]:
    """Return, per group id, (meetings held, members present at least once): two queries for all
    the groups, as ``participation`` counts them one group at a time."""
    from registry.models import Member

    meetings = dict(
        Meeting.objects.filter(cycle=cycle)
        .values("group_id")
        .annotate(n=Count("pk"))
        .values_list("group_id", "n")
    )
    attended = Attendance.objects.filter(
        member=OuterRef("pk"),
        status=AttendanceStatus.PRESENT,
        meeting__cycle=cycle,
        meeting__group=OuterRef("group"),
    )
    participated = dict(
        Member.objects.filter(cycle=cycle)
        .annotate(has_attended=Exists(attended))
        .values("group_id")
        .annotate(n=Count("pk", filter=Q(has_attended=True)))
        .order_by("group_id")
        .values_list("group_id", "n")
    )
    return {gid: (meetings.get(gid, 0), participated.get(gid, 0)) for gid in {*meetings, *participated}}


def participation(*, cycle: Cycle, group: DistrictGroup) -> Participation:
    """Count members who attended at least once, per group and per district, and each meeting.

    An erased member stays counted: the row remains (anonymised). Four queries in all.
    """
    from registry.models import Member

    attended = Attendance.objects.filter(
        member=OuterRef("pk"),
        status=AttendanceStatus.PRESENT,
        meeting__cycle=cycle,
        meeting__group=group,
    )
    rows = (
        Member.objects.filter(cycle=cycle, group=group)
        .annotate(has_attended=Exists(attended))
        .values("district")
        .annotate(members=Count("pk"), participated=Count("pk", filter=Q(has_attended=True)))
        .order_by("district")
    )
    counts = {row["district"]: row for row in rows}
    by_district = []
    for district in districts_of_group(cycle=cycle, group=group):
        row = counts.pop(district.pk, {"members": 0, "participated": 0})
        by_district.append(DistrictParticipation(district, row["members"], row["participated"]))
    if counts:  # members whose district moved to another group this cycle still count
        for district in District.objects.filter(pk__in=list(counts)).order_by("code"):
            row = counts[district.pk]
            by_district.append(DistrictParticipation(district, row["members"], row["participated"]))
    return Participation(
        members=sum(d.members for d in by_district),
        participated=sum(d.participated for d in by_district),
        by_district=by_district,
        meetings=list(meeting_list_for_group(cycle=cycle, group=group)),
    )


def meetings_review_summary(*, progress) -> list:
    """Return what the department sees of step 2 on the review page: each meeting (one query)."""
    meetings = meeting_list_for_group(cycle=progress.step.cycle, group=progress.group)
    lines = []
    for meeting in meetings:
        state = _("รับรองรายงานแล้ว") if meeting.is_final else _("ร่าง")
        scan = _("มีรายงานที่ลงนามแล้ว") if meeting.signed_scan else _("ยังไม่มีรายงานที่ลงนามแล้ว")
        lines.append(
            SummaryLine(
                _("การประชุมครั้งที่ %(number)s") % {"number": meeting.number_label},
                _("%(state)s · ผู้มาประชุม %(present)s คน · ประเด็นสำคัญ %(issues)s ประเด็น · %(scan)s")
                % {
                    "state": state,
                    "present": meeting.present_count,
                    "issues": meeting.key_issue_count,
                    "scan": scan,
                },
                meeting.get_absolute_url(),
            )
        )
    return lines or [SummaryLine(_("การประชุม"), _("ยังไม่มีการประชุม"))]
