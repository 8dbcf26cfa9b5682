"""Reads of the registry, with scope checks; other apps use member_list_for_group and member_counts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from bangkok_network.errors import NotFound
from bangkok_network.models import Cycle, District, DistrictGroup
from bangkok_network.permissions import (
    can_view_group,
    ensure_can_view_group,
    is_department,
    user_group,
)
from bangkok_network.selectors import districts_of_group
from registry import text
from registry.models import CommunityImport, CommunityMember, Member, MemberKind

# --- group registry ---------------------------------------------------------------------------


def member_list_for_group(
    *, cycle: Cycle, group: DistrictGroup, active_only: bool = False
) -> QuerySet[Member]:
    """Return the group's members in Thai dictionary order of the name (titles ignored)."""
    queryset = Member.objects.filter(cycle=cycle, group=group).select_related("district")
    if active_only:
        queryset = queryset.filter(is_active=True, is_erased=False)
    return text.thai_order(queryset)


def member_search(
    *,
    cycle: Cycle,
    group: DistrictGroup,
    query: str = "",
    district: District | None = None,
    interest: str = "",
    kind: str = "",
    active: bool | None = None,
) -> QuerySet[Member]:
    """Filter the group's members: any part of a name, organisation, phone or e-mail."""
    queryset = member_list_for_group(cycle=cycle, group=group)
    if district is not None:
        queryset = queryset.filter(district=district)
    if interest:
        queryset = queryset.filter(interest=interest)
    if kind:
        queryset = queryset.filter(kind=kind)
    if active is not None:
        queryset = queryset.filter(is_active=active)
    return text.search(queryset, query)


def member_counts(*, cycle: Cycle, group: DistrictGroup) -> dict:
    """Count the group's members: total, active, persons, organisations, erased, and per district.

    Erased members still count: their rows stay, anonymised.
    """
    members = Member.objects.filter(cycle=cycle, group=group)
    per_district = {
        row["district__code"]: row["n"]
        for row in members.values("district__code").annotate(n=Count("pk")).order_by("district__code")
    }
    return {**member_totals(cycle=cycle, group=group), "by_district": per_district}


def member_totals(*, cycle: Cycle, group: DistrictGroup) -> dict:
    """Count the group's members in one query (member_counts without the per-district split)."""
    return Member.objects.filter(cycle=cycle, group=group).aggregate(
        total=Count("pk"),
        active=Count("pk", filter=Q(is_active=True)),
        persons=Count("pk", filter=Q(kind=MemberKind.PERSON)),
        organisations=Count("pk", filter=Q(kind=MemberKind.ORGANISATION)),
        erased=Count("pk", filter=Q(is_erased=True)),
        from_community=Count("pk", filter=Q(source="community")),
    )


def member_counts_by_group(*, cycle: Cycle) -> list[tuple[DistrictGroup, int, int]]:
    """Return (group, members, active members) for every group: two queries whatever the size."""
    from bangkok_network.selectors import group_list

    counts = {
        row["group_id"]: (row["n"], row["active"])
        for row in Member.objects.filter(cycle=cycle)
        .values("group_id")
        .annotate(n=Count("pk"), active=Count("pk", filter=Q(is_active=True)))
        .order_by("group_id")
    }
    return [(group, *counts.get(group.pk, (0, 0))) for group in group_list()]


def member_interests(*, cycle: Cycle, group: DistrictGroup) -> list[str]:
    values = (
        Member.objects.filter(cycle=cycle, group=group)
        .exclude(interest="")
        .order_by("interest")  # no default ordering: DISTINCT must see the interest alone
        .values_list("interest", flat=True)
        .distinct()
    )
    from bangkok_network.thai import thai_sorted

    return thai_sorted(values)


def member_get_for_user(*, user, pk: int) -> Member:
    """Return a member the user may see; another group's member is a 404."""
    member = (
        Member.objects.select_related("cycle", "group", "district", "source_community_member")
        .filter(pk=pk)
        .first()
    )
    if member is None:
        raise NotFound("ไม่พบสมาชิก")
    ensure_can_view_group(user, member.group)
    return member


@dataclass(frozen=True)
class HistoryEntry:
    """One change of a member: who, when, and the names of the fields that changed."""

    record: Any
    changes: list[str]

    @property
    def kind_label(self) -> str:
        return str(HISTORY_KINDS.get(self.record.history_type, self.record.history_type))


HISTORY_KINDS = {"+": _("เพิ่มเข้าทะเบียน"), "~": _("แก้ไข"), "-": _("ลบออก")}


def member_history(*, member: Member, limit: int = 50) -> list[HistoryEntry]:
    """Return the member's latest changes, newest first, each compared with the one before (one query)."""
    records = list(
        member.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1]
    )
    entries = []
    for newer, older in zip(records[:limit], [*records[1:], None], strict=False):
        changes = []
        if older is not None:
            delta = newer.diff_against(older, excluded_fields=["updated_at", "possible_duplicate_of"])
            changes = [str(Member._meta.get_field(change.field).verbose_name) for change in delta.changes]
        entries.append(HistoryEntry(record=newer, changes=changes))
    return entries


def member_duplicates(*, member: Member) -> QuerySet[Member]:
    """Return other members of the same group and cycle with the same folded name or phone."""
    match = Q()
    if member.name_key:
        match |= Q(name_key=member.name_key)
    if member.phone_key:
        match |= Q(phone_key=member.phone_key)
    if not match:
        return Member.objects.none()
    return (
        Member.objects.filter(match, cycle=member.cycle, group=member.group, is_erased=False)
        .exclude(pk=member.pk)
        .select_related("district")
    )


def duplicate_candidates(
    *, cycle: Cycle, group: DistrictGroup, name_key: str, phone_key: str, exclude_pk=None
):
    match = Q()
    if name_key:
        match |= Q(name_key=name_key)
    if phone_key:
        match |= Q(phone_key=phone_key)
    if not match:
        return Member.objects.none()
    queryset = Member.objects.filter(match, cycle=cycle, group=group, is_erased=False)
    if exclude_pk:
        queryset = queryset.exclude(pk=exclude_pk)
    return queryset


def duplicate_pairs(*, cycle: Cycle, group: DistrictGroup) -> list[tuple[Member, Member]]:
    """Return pairs of the group's members that look like the same person (same name or phone)."""
    members = list(
        Member.objects.filter(cycle=cycle, group=group, is_erased=False)
        .select_related("district")
        .order_by("pk")
    )
    pairs, seen = [], set()
    by_key: dict[tuple[str, str], Member] = {}
    for member in members:
        for key in (("n", member.name_key), ("p", member.phone_key)):
            if not key[1]:
                continue
            first = by_key.setdefault(key, member)
            if first is not member and (first.pk, member.pk) not in seen:
                seen.add((first.pk, member.pk))
                pairs.append((first, member))
    return pairs


# --- personal data ----------------------------------------------------------------------------


def can_see_personal_data(user, group: DistrictGroup) -> bool:
    """Return whether contact details show: the member's own group and the department only."""
    if is_department(user):
        return True
    own = user_group(user)
    return own is not None and own.pk == group.pk and can_view_group(user, group)


def mask(value: str) -> str:
    """Hide all but the last two characters of a personal value."""
    value = value or ""
    if not value:
        return ""
    keep = 2 if len(value) > 4 else 0
    return "•" * (len(value) - keep) + value[len(value) - keep :]


# --- community registries ---------------------------------------------------------------------


def community_source_year(*, cycle: Cycle) -> int:
    """Return the fiscal year whose community registries a cycle picks from: the year before."""
    return cycle.fiscal_year - 1


def community_members_for_group(
    *,
    cycle: Cycle,
    group: DistrictGroup,
    query: str = "",
    district: District | None = None,
    interest: str = "",
    fiscal_year: int | None = None,
) -> QuerySet[CommunityMember]:
    """Return community-registry rows of the group's districts, Thai order, for picking members."""
    year = fiscal_year or community_source_year(cycle=cycle)
    districts = districts_of_group(cycle=cycle, group=group)
    queryset = CommunityMember.objects.filter(
        fiscal_year=year, district__in=districts, is_erased=False
    ).select_related("district")
    if district is not None:
        queryset = queryset.filter(district=district)
    if interest:
        queryset = queryset.filter(interest=interest)
    return text.thai_order(text.search(queryset, query))


def community_interests(*, cycle: Cycle, group: DistrictGroup) -> list[str]:
    from bangkok_network.thai import thai_sorted

    values = (
        CommunityMember.objects.filter(
            fiscal_year=community_source_year(cycle=cycle),
            district__in=districts_of_group(cycle=cycle, group=group),
        )
        .exclude(interest="")
        .order_by("interest")  # no default ordering: DISTINCT must see the interest alone
        .values_list("interest", flat=True)
        .distinct()
    )
    return thai_sorted(values)


def community_member_ids_in_group(*, cycle: Cycle, group: DistrictGroup) -> set[int]:
    return set(
        Member.objects.filter(cycle=cycle, group=group, source_community_member__isnull=False)
        .order_by()
        .values_list("source_community_member_id", flat=True)
    )


def community_import_get_for_user(*, user, pk: int) -> CommunityImport:
    """Return an upload the user may see: its own uploader, the district's group, or the department."""
    batch = CommunityImport.objects.select_related("district", "created_by").filter(pk=pk).first()
    if batch is None:
        raise NotFound("ไม่พบการนำเข้า")
    if is_department(user):
        return batch
    own = user_group(user)
    if own is None or not districts_for_user_group(user=user).filter(pk=batch.district_id).exists():
        raise NotFound("ไม่พบการนำเข้า")
    return batch


PREVIEW_ORDER = {"rejected": 0, "duplicate": 1, "ok": 2}


def community_import_rows(*, batch: CommunityImport, limit: int = 1000) -> tuple[list[dict], int]:
    """Return an upload's rows to show, problems first then file order, and how many there are."""
    rows = batch.rows or batch.rejected
    ordered = sorted(rows, key=lambda row: (PREVIEW_ORDER.get(row["status"], 3), row["row"]))
    return ordered[:limit], len(rows)


def districts_for_user_group(*, user, cycle: Cycle | None = None) -> QuerySet[District]:
    """Return the districts a user may import for: the department any, a group its own districts.

    A group's districts come from its assignments in any cycle (a district can move between years).
    """
    if is_department(user):
        return District.objects.order_by("code")
    own = user_group(user)
    if own is None:
        return District.objects.none()
    filters = {"assignments__group": own}
    if cycle is not None:
        filters["assignments__cycle"] = cycle
    return District.objects.filter(**filters).distinct().order_by("code")
