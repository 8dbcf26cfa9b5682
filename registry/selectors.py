"""Reads of the registry, with scope checks; other apps use member_list_for_group and member_counts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from bangkok_network.errors import NotFound
from bangkok_network.extensions import SummaryLine
from bangkok_network.models import Cycle, District, DistrictGroup
from bangkok_network.permissions import (
    can_view_group,
    is_department,
    user_group,
)
from bangkok_network.selectors import districts_of_group, object_get_for_user
from registry import columns, duplicates, text
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


def member_filter(
    *,
    query: str = "",
    district: District | None = None,
    interest: str = "",
    kind: str = "",
    active: bool | None = None,
) -> Q:
    """Return the condition of a search of a group's members: any part of a name, organisation,
    phone or e-mail (word-tokenised, see registry.text), and the filters."""
    condition = Q()
    if district is not None:
        condition &= Q(district=district)
    if interest:
        condition &= Q(interest=interest)
    if kind:
        condition &= Q(kind=kind)
    if active is not None:
        condition &= Q(is_active=active)
    for term in text.search_terms(query):
        condition &= Q(search_key__contains=term)
    return condition


class CountedPaginator(Paginator):
    """A paginator told its count, so a page does not count the rows a second time."""

    def __init__(self, object_list, per_page, *, count: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self._known_count = count

    @cached_property
    def count(self) -> int:
        return self._known_count


# A search counts its matches up to here: past it, the page says "more than" and asks for a
# narrower search, instead of reading every row of a large group to count them exactly.
SEARCH_COUNT_LIMIT = 1000


@dataclass(frozen=True)
class MemberListPage:
    page: Page
    totals: dict
    matched: int  # rows the search matched (the group's total without a search), up to the limit
    is_more: bool  # the search matched more than SEARCH_COUNT_LIMIT rows


def member_list_page(
    *, cycle: Cycle, group: DistrictGroup, number=None, per_page: int = 50, **filters
) -> MemberListPage:
    """Return a page of the group's members (Thai order), the group's totals and the match count.

    The totals come from an index alone; a search counts its matches apart, up to a limit. The
    page is read in two steps — the ids of the page from the order index, then those rows — so a
    deep page does not read the rows it skips. The number of queries never depends on the rows.
    """
    condition = member_filter(**filters)
    members = Member.objects.filter(cycle=cycle, group=group)
    totals = members.aggregate(**TOTALS)
    is_more = False
    if condition:
        matches = members.filter(condition).order_by().values("pk")[: SEARCH_COUNT_LIMIT + 1]
        count = matches.count()  # SELECT COUNT(*) FROM (… LIMIT 1001): stops at the limit
        is_more = count > SEARCH_COUNT_LIMIT
        count = min(count, SEARCH_COUNT_LIMIT)
    else:
        count = totals["total"]
    ordered = text.thai_order(members.filter(condition))
    page = CountedPaginator(ordered, per_page, count=count).get_page(number)
    ids = list(page.object_list.values_list("pk", flat=True))
    by_id = Member.objects.select_related("district").in_bulk(ids)
    page.object_list = [by_id[pk] for pk in ids if pk in by_id]
    return MemberListPage(page=page, totals=totals, matched=count, is_more=is_more)


def districts_with_members(*, cycle: Cycle, district_ids) -> set[int]:
    """Return which of the districts have registry members in the cycle (they stay in their group)."""
    return set(
        Member.objects.filter(cycle=cycle, district_id__in=list(district_ids)).values_list(
            "district_id", flat=True
        )
    )


def member_figures_by_group(*, cycle: Cycle) -> dict[int, dict]:
    """Count every group's members at once (one query): total, persons, organisations, and its
    diversity — districts with members, distinct fields of interest. Group id → figures."""
    rows = (
        Member.objects.filter(cycle=cycle)
        .values("group_id")
        .annotate(
            total=Count("pk"),
            persons=Count("pk", filter=Q(kind=MemberKind.PERSON)),
            organisations=Count("pk", filter=Q(kind=MemberKind.ORGANISATION)),
            districts=Count("district", distinct=True),
            interests=Count("interest", distinct=True, filter=Q(interest__gt="")),
        )
        .order_by("group_id")
    )
    return {row.pop("group_id"): row for row in rows}


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


# Counted on `kind` (never empty) rather than the id: every column named here is in
# member_totals_idx, so the database answers from the index without reading the rows.
TOTALS = {
    "total": Count("kind"),
    "active": Count("kind", filter=Q(is_active=True)),
    "persons": Count("kind", filter=Q(kind=MemberKind.PERSON)),
    "organisations": Count("kind", filter=Q(kind=MemberKind.ORGANISATION)),
    "erased": Count("kind", filter=Q(is_erased=True)),
    "from_community": Count("kind", filter=Q(source="community")),
}


def member_totals(*, cycle: Cycle, group: DistrictGroup) -> dict:
    """Count the group's members in one query (member_counts without the per-district split)."""
    return Member.objects.filter(cycle=cycle, group=group).aggregate(**TOTALS)


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


MAX_INTERESTS = 1000


def member_interests(*, cycle: Cycle, group: DistrictGroup) -> list[str]:
    """Return the group's distinct interests in Thai order.

    The index (cycle, group, interest) is walked one value at a time (a recursive query, on
    SQLite and PostgreSQL alike) rather than reading every member, so the filter's choices cost
    the same at 100 or 100,000 members.
    """
    table = connection.ops.quote_name(Member._meta.db_table)
    sql = f"""
        WITH RECURSIVE found(interest, n) AS (
            SELECT MIN(interest), 1 FROM {table} WHERE cycle_id = %s AND group_id = %s AND interest > ''
            UNION ALL
            SELECT (
                SELECT MIN(interest) FROM {table}
                WHERE cycle_id = %s AND group_id = %s AND interest > found.interest
            ), n + 1
            FROM found WHERE found.interest IS NOT NULL AND n < %s
        )
        SELECT interest FROM found WHERE interest IS NOT NULL
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [cycle.pk, group.pk, cycle.pk, group.pk, MAX_INTERESTS])
        values = [row[0] for row in cursor.fetchall()]
    from bangkok_network.thai import thai_sorted

    return thai_sorted(values)


def member_get_for_user(*, user, pk: int) -> Member:
    """Return a member the user may see; another group's member is a 404."""
    queryset = Member.objects.select_related("cycle", "group", "district", "source_community_member")
    return object_get_for_user(queryset, user=user, pk=pk, scope="group", not_found="ไม่พบสมาชิก")


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


def member_identity(member) -> duplicates.Identity:
    return duplicates.Identity(
        kind=member.kind,
        name_key=member.name_key,
        phone_key=member.phone_key,
        national_id=member.national_id,
    )


def duplicate_candidates(
    *, cycle: Cycle, group: DistrictGroup, identity: duplicates.Identity, exclude_pk=None
) -> list[tuple[Member, str]]:
    """Return the group's members that the duplicate rule matches with `identity`, and why, by pk."""
    match = Q()
    for name, value in (
        ("name_key", identity.name_key),
        ("phone_key", identity.phone_key),
        ("national_id", identity.national_id),
    ):
        if value:
            match |= Q(**{name: value})
    if not match:
        return []
    queryset = (
        Member.objects.filter(match, cycle=cycle, group=group, is_erased=False)
        .select_related("district")
        .order_by("pk")
    )
    if exclude_pk:
        queryset = queryset.exclude(pk=exclude_pk)
    found = []
    for other in queryset:
        reason = duplicates.compare(identity, member_identity(other))
        if reason:
            found.append((other, reason))
    return found


def member_duplicates(*, member: Member) -> list[tuple[Member, str]]:
    """Return other members of the group and cycle that may be the same person, with the reason in Thai."""
    if member.is_erased:
        return []
    return [
        (other, duplicates.REASONS[reason])
        for other, reason in duplicate_candidates(
            cycle=member.cycle, group=member.group, identity=member_identity(member), exclude_pk=member.pk
        )
    ]


def duplicate_pairs(*, cycle: Cycle, group: DistrictGroup) -> list[tuple[Member, Member, str]]:
    """Return pairs of the group's members that may be one person (the rule of registry.duplicates)."""
    members = list(
        Member.objects.filter(cycle=cycle, group=group, is_erased=False)
        .select_related("district")
        .order_by("pk")
    )
    pairs = []
    seen: set[tuple[int, int]] = set()
    index: duplicates.Index[Member] = duplicates.Index()
    for member in members:
        identity = member_identity(member)
        match = index.find(identity)
        if match is not None and (match.earlier.pk, member.pk) not in seen:
            seen.add((match.earlier.pk, member.pk))
            pairs.append((match.earlier, member, match.reason_text))
        index.add(identity, member)
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


def mask_phone(value: str) -> str:
    """Hide a phone number but for its first two and last four digits: 08x-xxx-5678."""
    digits = "".join(ch for ch in (value or "") if ch.isdigit())
    if not digits:
        return mask(value)
    if len(digits) < 8:
        return "x" * (len(digits) - 2) + digits[-2:]
    return f"{digits[:2]}x-xxx-{digits[-4:]}"


def mask_email(value: str) -> str:
    """Hide an e-mail address but for its first letter and its domain: s•••@example.com."""
    local, at, domain = (value or "").partition("@")
    if not at:
        return mask(value)
    return f"{local[:1]}•••@{domain}"


def mask_national_id(value: str) -> str:
    """Hide an ID number but for its last three digits: x-xxxx-xxxxx-x1-2."""
    digits = "".join(ch for ch in (value or "") if ch.isdigit())
    if len(digits) != 13:
        return mask(value)
    return f"x-xxxx-xxxxx-x{digits[-3:-1]}-{digits[-1]}"


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


def community_interests(*, cycle: Cycle, group: DistrictGroup, fiscal_year: int | None = None) -> list[str]:
    from bangkok_network.thai import thai_sorted

    values = (
        CommunityMember.objects.filter(
            fiscal_year=fiscal_year or community_source_year(cycle=cycle),
            district__in=districts_of_group(cycle=cycle, group=group),
        )
        .exclude(interest="")
        .order_by("interest")  # no default ordering: DISTINCT must see the interest alone
        .values_list("interest", flat=True)
        .distinct()
    )
    return thai_sorted(values)


def community_years_for_group(*, cycle: Cycle, group: DistrictGroup) -> list[tuple[int, int]]:
    """Return (fiscal year, rows) of the community registries of the group's districts, newest first."""
    return list(
        CommunityMember.objects.filter(
            district__in=districts_of_group(cycle=cycle, group=group), is_erased=False
        )
        .order_by()
        .values_list("fiscal_year")
        .annotate(rows=Count("pk"))
        .order_by("-fiscal_year")
    )


@dataclass(frozen=True)
class PickYear:
    """Which year's community registries the pick page shows, and why."""

    year: int
    source_year: int
    years: list[tuple[int, int]]  # every year with rows, and how many

    @property
    def rows(self) -> int:
        return dict(self.years).get(self.year, 0)

    @property
    def is_source_year(self) -> bool:
        return self.year == self.source_year

    @property
    def source_rows(self) -> int:
        return dict(self.years).get(self.source_year, 0)


def community_pick_year(*, cycle: Cycle, group: DistrictGroup, requested: int | None = None) -> PickYear:
    """Choose the year to pick from: the one asked for, else the memo's (N−1) if it has rows, else
    the latest year that has rows — never an empty page while rows exist."""
    source = community_source_year(cycle=cycle)
    years = community_years_for_group(cycle=cycle, group=group)
    with_rows = [year for year, _rows in years]
    if requested and (requested in with_rows or requested == source):
        year = requested
    elif source in with_rows or not with_rows:
        year = source
    else:
        year = with_rows[0]
    return PickYear(year=year, source_year=source, years=years)


def cycle_reading_year(*, fiscal_year: int) -> Cycle | None:
    """Return the cycle that picks from the community registries of `fiscal_year` (cycle N+1)."""
    return Cycle.objects.filter(fiscal_year=fiscal_year + 1).first()


def community_year_uses() -> list[tuple[int, int]]:
    """Return (registry year, cycle year) for every cycle: the registry of N−1 feeds cycle N."""
    return [
        (year - 1, year)
        for year in Cycle.objects.order_by("-fiscal_year").values_list("fiscal_year", flat=True)
    ]


def community_member_ids_in_group(*, cycle: Cycle, group: DistrictGroup) -> set[int]:
    return set(
        Member.objects.filter(cycle=cycle, group=group, source_community_member__isnull=False)
        .order_by()
        .values_list("source_community_member_id", flat=True)
    )


def community_import_get_for_user(*, user, pk: int) -> CommunityImport:
    """Return an upload the user may see: its own uploader, the district's group, or the department."""
    batch = (
        CommunityImport.objects.select_related("district", "created_by")
        .defer("source_file")
        .filter(pk=pk)
        .first()
    )
    if batch is None:
        raise NotFound("ไม่พบการนำเข้า")
    if is_department(user):
        return batch
    own = user_group(user)
    if own is None or not districts_for_user_group(user=user).filter(pk=batch.district_id).exists():
        raise NotFound("ไม่พบการนำเข้า")
    return batch


IMPORT_STATUS_LABELS = {
    "rejected": _("ไม่ผ่าน"),
    "duplicate": _("ซ้ำ ไม่นำเข้า"),
    "possible": _("อาจซ้ำ นำเข้าไว้"),
    "update": _("ปรับปรุงข้อมูลเดิม"),
    "ok": _("นำเข้าได้"),
}
PREVIEW_ORDER = {status: index for index, status in enumerate(IMPORT_STATUS_LABELS)}
IMPORT_FIELD_CHOICES = list(columns.FIELD_CHOICES.items())


def community_import_rows(
    *, batch: CommunityImport, status: str = "", limit: int = 1000
) -> tuple[list[dict], int]:
    """Return an upload's rows to show — problems first, then file order — and how many there are."""
    rows = batch.rows or batch.rejected
    if status in IMPORT_STATUS_LABELS:
        rows = [row for row in rows if row["status"] == status]
    ordered = sorted(
        rows, key=lambda row: (PREVIEW_ORDER.get(row["status"], 9), row.get("id", 0), row["row"])
    )
    return ordered[:limit], len(rows)


def community_import_status_counts(*, batch: CommunityImport) -> list[tuple[str, str, int]]:
    """Return (status, label, rows) for the preview's filters, in the order problems come first."""
    rows = batch.rows or batch.rejected
    counts = {status: 0 for status in IMPORT_STATUS_LABELS}
    for row in rows:
        counts[row["status"]] = counts.get(row["status"], 0) + 1
    return [(status, label, counts[status]) for status, label in IMPORT_STATUS_LABELS.items()]


@dataclass(frozen=True)
class ImportLayout:
    """One header layout of an upload (sheets sharing it are listed together) for the mapping editor."""

    sheets: list[str]
    columns: list[dict[str, str]]  # label, key, field, origin

    @property
    def uses_saved_mapping(self) -> bool:
        return any(column["origin"] == columns.SAVED for column in self.columns)


def community_import_layouts(*, batch: CommunityImport) -> list[ImportLayout]:
    """Return the distinct header layouts of an upload's sheets, each with the field of every column."""
    layouts: dict[tuple, ImportLayout] = {}
    for sheet in batch.sheets:
        if not sheet.get("header_rows"):
            continue
        signature = (tuple(sheet["keys"]), tuple(sheet["fields"]))
        if signature not in layouts:
            origins = sheet.get("origins") or [columns.GUESSED] * len(sheet["keys"])
            layouts[signature] = ImportLayout(
                sheets=[],
                columns=[
                    {"label": label, "key": key, "field": field, "origin": origin}
                    for label, key, field, origin in zip(
                        sheet["labels"], sheet["keys"], sheet["fields"], origins, strict=False
                    )
                    if key
                ],
            )
        layouts[signature].sheets.append(sheet["name"])
    return list(layouts.values())


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


def registry_review_summary(*, progress) -> list:
    """Return what the department sees of a sent registry on the review page (one query)."""
    cycle, group = progress.step.cycle, progress.group
    totals = member_totals(cycle=cycle, group=group)
    url = reverse("registry:member_list", kwargs={"fiscal_year": cycle.fiscal_year, "code": group.code})
    return [
        SummaryLine(
            _("สมาชิกในทะเบียน"),
            _("%(active)s ราย ที่ปฏิบัติงานอยู่ (ทั้งหมด %(total)s ราย: บุคคล %(persons)s องค์กร %(organisations)s)")
            % totals,
            url,
        )
    ]
