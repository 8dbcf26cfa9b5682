"""Reads of the reports app: builds and assessments, with scope checks."""

from __future__ import annotations

import base64
from datetime import date

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from bangkok_network.errors import NotFound
from bangkok_network.models import Cycle, District, DistrictGroup, PlanDimension, Role, StepKind
from registry.selectors import member_list_for_group
from reports import policy
from reports.models import (
    ACTIVE_STATUSES,
    STALE_REASON,
    Assessment,
    BuildKind,
    BuildStatus,
    DepartmentEmblem,
    DocumentBuild,
)
from reports.pdf.thailine import Vocabulary


def build_get_for_user(*, user, pk: int) -> DocumentBuild:
    """Return a build the user may see; another group's build (or an unknown one) is a 404."""
    build = DocumentBuild.objects.select_related("cycle", "group", "requested_by").filter(pk=pk).first()
    if build is None or not policy.may_see_build(user, build):
        raise NotFound("ไม่พบเอกสาร")
    return build


def builds_for_document(
    *, kind: str, cycle: Cycle, group: DistrictGroup | None, limit: int = 10
) -> list[DocumentBuild]:
    """Return the latest builds of one document, newest first."""
    return list(
        DocumentBuild.objects.filter(kind=kind, cycle=cycle, group=group)
        .select_related("cycle", "group", "requested_by", "submitted_by")
        .order_by("-created_at", "-pk")[:limit]
    )


def latest_builds(*, kind: str, cycle: Cycle, group: DistrictGroup | None) -> dict[str, DocumentBuild]:
    """Return, per format, the newest finished build, else the active one: what a page offers."""
    latest: dict[str, DocumentBuild] = {}
    for build in builds_for_document(kind=kind, cycle=cycle, group=group, limit=20):
        if build.format not in latest and (
            build.status == BuildStatus.DONE or build.status in ACTIVE_STATUSES
        ):
            latest[build.format] = build
    return latest


def assessment_list(*, cycle: Cycle) -> QuerySet[Assessment]:
    return (
        Assessment.objects.filter(cycle=cycle).select_related("group", "assessed_by").order_by("group__order")
    )


def assessment_for_group(*, cycle: Cycle, group: DistrictGroup) -> Assessment | None:
    return Assessment.objects.filter(cycle=cycle, group=group).first()


def build_status(*, build: DocumentBuild) -> dict:
    """Return what the progress bar shows: status, percent, stage, the reason of a failure, the link."""
    if build.is_lost(now=timezone.now()):
        # Its worker has gone: say so now (the worker's watchdog, or the next request, marks it failed).
        return {
            "id": build.pk,
            "status": BuildStatus.FAILED,
            "status_label": str(BuildStatus.FAILED.label),
            "progress": build.progress,
            "stage": build.stage,
            "error": str(STALE_REASON),
            "is_active": False,
            "is_failed": True,
            "download_url": "",
            "size": 0,
        }
    return {
        "id": build.pk,
        "status": build.status,
        "status_label": str(build.get_status_display()),
        "progress": build.progress,
        "stage": build.stage,
        "error": build.error,
        "is_active": build.is_active,
        "is_failed": build.is_failed,
        "download_url": reverse("reports:build_download", kwargs={"pk": build.pk}) if build.is_done else "",
        "size": build.size,
    }


def stored_document_url(*, kind: str, cycle: Cycle, group: DistrictGroup | None, fmt: str, user) -> str:
    """Return where a background document is: its latest finished build, else the page that builds it.

    ``group`` is None for a document of all groups (the evaluation). Raises PermissionDenied when
    the user may not have the document at all.
    """
    policy.document_check(user, kind=kind, group=group)
    build = (
        DocumentBuild.objects.filter(kind=kind, cycle=cycle, group=group, format=fmt, status=BuildStatus.DONE)
        .order_by("-finished_at", "-pk")
        .first()
    )
    if build is not None:
        return reverse("reports:build_download", kwargs={"pk": build.pk})
    if kind == BuildKind.PACKAGE:
        return reverse("reports:package", kwargs={"fiscal_year": cycle.fiscal_year, "code": group.code})
    return reverse("reports:evaluation", kwargs={"fiscal_year": cycle.fiscal_year})


# --- what every official document draws on ------------------------------------------------------

# Organisation names longer than this are broken between their words rather than kept whole:
# a whole long name cannot fit a table cell.
ORGANISATION_NAME_KEPT_WHOLE = 24


def document_vocabulary(*, cycle: Cycle, group: DistrictGroup | None) -> Vocabulary:
    """Return the dictionary of words and names a document never breaks at a line end.

    The listed compounds, the reference data's names (groups, districts, plan dimensions, the
    department, its division, Bangkok) and, for a group's document, the names in its registry.
    """
    words: set[str] = {cycle.department, cycle.division}
    for name in DistrictGroup.objects.values_list("name", flat=True):
        words |= {name, f"กลุ่ม{name}"}
    for name in District.objects.values_list("name", flat=True):
        words |= {name, f"เขต{name}"}
    words |= set(PlanDimension.objects.values_list("name", flat=True))
    names: set[str] = {cycle.signer_name}
    if group is not None:
        rows = member_list_for_group(cycle=cycle, group=group).filter(is_erased=False)
        for prefix, first, last, organisation in rows.values_list(
            "prefix", "first_name", "last_name", "organisation_name"
        ):
            if first:
                names.add(f"{prefix}{first} {last}".strip())
                words |= {f"{prefix}{first}", first, last}
            if organisation and len(organisation) <= ORGANISATION_NAME_KEPT_WHOLE:
                words.add(organisation)
    return Vocabulary.build(words=words, names=names)


def emblem_data_uri() -> str:
    """Return the department's emblem as a data: URI for the PDFs, or "" when none was uploaded."""
    emblem = DepartmentEmblem.objects.order_by("pk").first()
    if emblem is None or not emblem.image:
        return ""
    try:
        with emblem.image.open("rb") as handle:
            content = handle.read()
    except OSError:
        return ""  # a lost file leaves the slot empty rather than failing every memo
    return f"data:{emblem.content_type};base64,{base64.b64encode(content).decode()}"


def group_chair(*, group: DistrictGroup):
    """Return the user who chairs the group (signs its cover memo), or None when there is none."""
    return (
        get_user_model()
        .objects.filter(profile__role=Role.GROUP_CHAIR, profile__group=group, is_active=True)
        .order_by("pk")
        .first()
    )


# What step a sent document belongs to: its memo is dated the step's due date unless the sender says.
DOCUMENT_STEPS = {BuildKind.PACKAGE: StepKind.PACKAGE, BuildKind.EVALUATION: StepKind.EVALUATION}


def default_document_date(*, kind: str, cycle: Cycle) -> date | None:
    """Return the calendar's due date of the step a sent document belongs to (None for others)."""
    step_kind = DOCUMENT_STEPS.get(kind)
    if step_kind is None:
        return None
    step = cycle.steps.filter(kind=step_kind).only("due_date").first()
    return step.due_date if step else None


def sent_builds(*, cycle: Cycle, group: DistrictGroup) -> list[DocumentBuild]:
    """Return the group's packages that were sent to the department, newest first (one query)."""
    return list(
        DocumentBuild.objects.filter(
            kind=BuildKind.PACKAGE, cycle=cycle, group=group, submitted_at__isnull=False
        )
        .select_related("submitted_by")
        .order_by("-submitted_at", "-pk")[:10]
    )
