"""Writes of the reports app: ask for background document builds, submit packages, assess groups.

The worker's side of a build (render, store, heartbeat, lost builds) is ``reports.builds``.
"""

from __future__ import annotations

from datetime import date, datetime

import filetype
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from bangkok_network import clock
from bangkok_network.audit import audit_log
from bangkok_network.models import Cycle, DistrictGroup, ProgressStatus, StepKind, StepProgress
from bangkok_network.permissions import is_department
from bangkok_network.services import ProgrammeError, cycle_check_open, cycle_close, progress_set
from reports import policy
from reports.builds import document_builds_fail_lost
from reports.errors import ReportError
from reports.exporters import ExportError, exporter_for
from reports.models import (
    ACTIVE_STATUSES,
    SCORE_FIELDS,
    Assessment,
    BuildKind,
    BuildStatus,
    DepartmentEmblem,
    DocumentBuild,
)
from reports.readiness import package_readiness
from reports.selectors import default_document_date
from reports.tasks import build_document

# Kinds built in the background from the browser; the others are small enough to serve directly.
BACKGROUND_KINDS = tuple(BuildKind)


# --- background builds -------------------------------------------------------------------------


def _active_build(*, kind: str, cycle: Cycle, group: DistrictGroup | None, fmt: str) -> DocumentBuild | None:
    return (
        DocumentBuild.objects.filter(
            kind=kind, cycle=cycle, group=group, format=fmt, status__in=ACTIVE_STATUSES
        )
        .order_by("-pk")
        .first()
    )


@transaction.atomic
def document_build_request(
    *,
    kind: str,
    cycle: Cycle,
    group: DistrictGroup | None,
    fmt: str,
    user,
    document_number: str = "",
    document_date: date | None = None,
) -> DocumentBuild:
    """Queue a background build of a document, or return the one already queued or running.

    ``document_number`` and ``document_date`` are what the sender records for the memo the
    document opens with (ที่ and วันที่ of the package's cover memo or the evaluation memo); the
    date defaults to the calendar's due date of the document's step, never the render day.
    Two clicks (or two users) asking for the same document get the same build: a conditional
    unique constraint on active builds makes the database the judge, so a race cannot slip
    through. The task is enqueued only once the row is committed, so the worker always finds it.
    """
    try:
        exporter_cls = exporter_for(kind)
    except ExportError as exc:
        raise ReportError(str(exc)) from exc
    if fmt not in exporter_cls.formats:
        raise ReportError(
            _("เอกสาร “%(title)s” มีเฉพาะรูปแบบ %(formats)s")
            % {"title": exporter_cls.title, "formats": ", ".join(exporter_cls.formats)}
        )
    if exporter_cls.needs_group and group is None:
        raise ReportError(_("เอกสาร “%(title)s” ต้องระบุกลุ่มเขต") % {"title": exporter_cls.title})
    if not exporter_cls.needs_group:
        group = None
    if not policy.may_have_document(user, kind=kind, group=group):
        raise ReportError(_("คุณไม่มีสิทธิ์สร้างเอกสารนี้"))
    document_builds_fail_lost()
    active = _active_build(kind=kind, cycle=cycle, group=group, fmt=fmt)
    if active is not None:
        return active
    try:
        with transaction.atomic():
            build = DocumentBuild(
                kind=kind,
                cycle=cycle,
                group=group,
                format=fmt,
                requested_by=user,
                stage=_("รอคิวสร้างเอกสาร"),
                document_number=document_number.strip(),
                document_date=document_date or default_document_date(kind=kind, cycle=cycle),
            )
            # Fields are checked here; the one-active-build rule is left to the database's constraint.
            build.full_clean(validate_constraints=False)
            build.save()
    except IntegrityError:
        # Another request created the active build between our check and our insert.
        active = _active_build(kind=kind, cycle=cycle, group=group, fmt=fmt)
        if active is None:
            raise
        return active
    audit_log(
        actor=user,
        action=f"document.build.{kind}",
        obj=build,
        details={"format": fmt, "number": build.document_number, "date": str(build.document_date or "")},
    )
    transaction.on_commit(lambda: _enqueue(build.pk))
    return build


def _enqueue(build_id: int) -> None:
    result = build_document.enqueue(build_id)
    # Kept so a build lost with its worker can also fail the task the worker left "running".
    DocumentBuild.objects.filter(pk=build_id).update(task_id=str(result.id))


# --- the August package ------------------------------------------------------------------------


def _lock_build(build: DocumentBuild) -> DocumentBuild:
    """Lock the build's row until the transaction ends and reload it in place, as it is now.

    Two people pressing "send" on pages opened earlier both hold a build that says "not sent":
    the second must see what the first wrote, not what its page loaded.
    """
    build.refresh_from_db(from_queryset=DocumentBuild.objects.select_for_update())
    return build


@transaction.atomic
def package_submit(*, build: DocumentBuild, user, at: datetime | None = None) -> DocumentBuild:
    """Send a built package to the department: marks step 5 submitted (late is the dashboard's call)."""
    build = _lock_build(build)
    if not build.is_package or build.group_id is None:
        raise ReportError(_("ส่งได้เฉพาะชุดเอกสารผลการดำเนินงานของกลุ่มเขต"))
    if not policy.may_send_package(user, build.group):
        raise ReportError(_("เฉพาะเจ้าหน้าที่หรือประธานของกลุ่มเขตนี้ที่ส่งชุดเอกสารได้"))
    if build.status != BuildStatus.DONE:
        raise ReportError(_("ชุดเอกสารยังสร้างไม่เสร็จ ส่งไม่ได้"))
    if build.submitted_at is not None:
        raise ReportError(_("ชุดเอกสารนี้ส่งไปแล้ว"))
    readiness = package_readiness(cycle=build.cycle, group=build.group)
    if not readiness.is_ready:
        raise ReportError(_("ยังส่งชุดเอกสารไม่ได้ เพราะยังขาด:"), *readiness.missing)
    now = at or clock.now()
    try:
        progress_set(
            cycle=build.cycle,
            group=build.group,
            kind=StepKind.PACKAGE,
            status=ProgressStatus.SUBMITTED,
            user=user,
            at=now,
            note=_("ส่งชุดเอกสาร (%(format)s) เลขที่การสร้าง %(pk)s")
            % {"format": build.format.upper(), "pk": build.pk},
        )
    except ProgrammeError as exc:
        raise ReportError(str(exc)) from exc
    build.submitted_at, build.submitted_by = now, user
    build.save(update_fields=["submitted_at", "submitted_by"])
    audit_log(
        actor=user,
        action="package.submit",
        obj=build,
        details={"number": build.document_number, "date": str(build.document_date or "")},
    )
    return build


@transaction.atomic
def package_review(
    *,
    cycle: Cycle,
    group: DistrictGroup,
    user,
    accept: bool,
    note: str = "",
    exception_reason: str = "",
    at: datetime | None = None,
) -> StepProgress:
    """Accept the group's sent package, or return it with a reason (step 5).

    A package that misses a part the memo requires is accepted only as an exception: the officer
    says why, and the reason — with what was missing — is kept in the step's note, its history
    and the audit trail. Without a reason such an acceptance is refused with the list of parts.
    """
    if not is_department(user):
        raise ReportError(_("การพิจารณาชุดเอกสารทำได้เฉพาะสำนักยุทธศาสตร์และประเมินผล"))
    note, exception_reason = (note or "").strip(), (exception_reason or "").strip()
    missing: list[str] = []
    if accept:
        missing = package_readiness(cycle=cycle, group=group).missing
        if missing and not exception_reason:
            raise ReportError(_("ชุดเอกสารยังขาดส่วนที่ต้องมี รับได้เฉพาะเป็นกรณียกเว้นโดยระบุเหตุผล:"), *missing)
        if missing:
            note = _("รับเป็นกรณียกเว้น: %(reason)s (ขาด: %(missing)s)") % {
                "reason": exception_reason,
                "missing": "; ".join(missing),
            } + (f" — {note}" if note else "")
    elif not note:
        raise ReportError(_("กรุณาระบุเหตุผลที่ส่งกลับแก้ไข"))
    try:
        progress = progress_set(
            cycle=cycle,
            group=group,
            kind=StepKind.PACKAGE,
            status=ProgressStatus.ACCEPTED if accept else ProgressStatus.RETURNED,
            user=user,
            note=note,
            at=at,
        )
    except ProgrammeError as exc:
        raise ReportError(str(exc)) from exc
    audit_log(
        actor=user,
        action="package.accept" if accept else "package.return",
        obj=progress,
        details={"note": note, "exception": exception_reason if missing else "", "missing": missing},
    )
    return progress


@transaction.atomic
def evaluation_submit(*, build: DocumentBuild, user, at: datetime | None = None) -> DocumentBuild:
    """Report the finished summary to the Permanent Secretary: step 6 becomes submitted for every group."""
    build = _lock_build(build)
    if not build.is_evaluation:
        raise ReportError(_("ส่งได้เฉพาะรายงานสรุปผลการติดตามประเมินผล"))
    if not policy.may_send_evaluation(user):
        raise ReportError(_("เฉพาะเจ้าหน้าที่สำนักยุทธศาสตร์และประเมินผลที่ส่งรายงานสรุปได้"))
    if build.status != BuildStatus.DONE:
        raise ReportError(_("รายงานสรุปยังสร้างไม่เสร็จ ส่งไม่ได้"))
    if build.submitted_at is not None:
        raise ReportError(_("รายงานสรุปนี้ส่งไปแล้ว"))
    now = at or clock.now()
    for group in DistrictGroup.objects.order_by("order"):
        try:
            progress_set(
                cycle=build.cycle,
                group=group,
                kind=StepKind.EVALUATION,
                status=ProgressStatus.SUBMITTED,
                user=user,
                at=now,
                note=_("รายงานปลัดกรุงเทพมหานครแล้ว"),
            )
        except ProgrammeError as exc:
            raise ReportError(str(exc)) from exc
    build.submitted_at, build.submitted_by = now, user
    build.save(update_fields=["submitted_at", "submitted_by"])
    # Reported to the Permanent Secretary: the cycle's data is now a record, read-only.
    cycle_close(cycle=build.cycle, user=user, at=now)
    audit_log(
        actor=user,
        action="evaluation.submit",
        obj=build,
        details={"number": build.document_number, "date": str(build.document_date or "")},
    )
    return build


# --- the department's assessment (step 6) ------------------------------------------------------


@transaction.atomic
def assessment_save(*, cycle: Cycle, group: DistrictGroup, user, **fields) -> Assessment:
    """Record or change the department's assessment of a group; marks step 6 in progress."""
    if not policy.may_assess(user):
        raise ReportError(_("เฉพาะเจ้าหน้าที่สำนักยุทธศาสตร์และประเมินผลที่บันทึกผลการประเมินได้"))
    cycle_check_open(cycle, error=ReportError)
    allowed = {*SCORE_FIELDS, "strengths", "improvements", "comments"}
    unknown = set(fields) - allowed
    if unknown:
        raise ReportError(_("ไม่รู้จักช่อง %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    assessment = Assessment.objects.select_for_update().filter(cycle=cycle, group=group).first()
    created = assessment is None
    if created:
        assessment = Assessment(cycle=cycle, group=group)
    for name, value in fields.items():
        setattr(assessment, name, value)
    assessment.assessed_by = user
    try:
        assessment.full_clean()
    except ValidationError as exc:
        raise ReportError.from_validation(exc) from exc
    if created:
        assessment.save()
    else:
        assessment.save(update_fields=[*fields, "assessed_by", "assessed_at"])
    try:
        progress_set(
            cycle=cycle, group=group, kind=StepKind.EVALUATION, status=ProgressStatus.IN_PROGRESS, user=user
        )
    except ProgrammeError:
        pass  # the step's dashboard state is a convenience here; the assessment itself is saved
    audit_log(
        actor=user,
        action="assessment.create" if created else "assessment.update",
        obj=assessment,
        details={"fields": sorted(fields)},
    )
    return assessment


# --- the department's emblem on its memos -------------------------------------------------------

EMBLEM_TYPES = {"image/png": "png", "image/jpeg": "jpeg"}
EMBLEM_MAX_BYTES = 2 * 1024 * 1024
EMBLEM_MAX_PIXELS = 4000 * 4000


def emblem_check(upload) -> str:
    """Return the upload's MIME type if it is a PNG or JPEG by content, small enough; else ReportError."""
    if upload.size > EMBLEM_MAX_BYTES:
        raise ReportError(
            _("ไฟล์ใหญ่เกินไป (%(size)s MB) ขนาดสูงสุด %(limit)s MB")
            % {"size": f"{upload.size / 1024 / 1024:.1f}", "limit": EMBLEM_MAX_BYTES // 1024 // 1024}
        )
    upload.seek(0)
    head = upload.read(8192)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in EMBLEM_TYPES:
        raise ReportError(_("รับเฉพาะภาพ PNG หรือ JPEG (ระบบตรวจจากเนื้อไฟล์ ไม่ใช่ชื่อไฟล์)"))
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            width, height = image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise ReportError(_("เปิดภาพนี้ไม่ได้ ไฟล์อาจเสียหาย")) from exc
    if width * height > EMBLEM_MAX_PIXELS:
        raise ReportError(_("ภาพใหญ่เกินไป (%(w)s × %(h)s จุด)") % {"w": width, "h": height})
    upload.seek(0)
    return kind.mime


@transaction.atomic
def emblem_upload(*, upload, user) -> DepartmentEmblem:
    """Keep the department's emblem (one for every memo): replaces the one uploaded before."""
    if not getattr(user, "is_superuser", False):
        raise ReportError(_("เฉพาะผู้ดูแลระบบที่เปลี่ยนตราสัญลักษณ์ได้"))
    mime = emblem_check(upload)
    emblem = DepartmentEmblem.objects.select_for_update().order_by("pk").first() or DepartmentEmblem()
    old = emblem.image.name if emblem.image else ""
    emblem.content_type, emblem.uploaded_by = mime, user
    emblem.image.save(f"emblem.{EMBLEM_TYPES[mime]}", upload, save=False)
    emblem.save()
    if old and old != emblem.image.name:
        storage = emblem.image.storage
        transaction.on_commit(lambda: storage.delete(old))
    audit_log(actor=user, action="emblem.upload", obj=emblem, details={"type": mime, "size": upload.size})
    return emblem
