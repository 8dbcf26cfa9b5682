"""Writes of the progress app (step 4): progress reports, their photos and files, executive reports."""

from __future__ import annotations

import secrets
from datetime import date, datetime
from pathlib import Path

import filetype
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from bangkok_network import clock
from bangkok_network.audit import audit_log
from bangkok_network.errors import PortalError
from bangkok_network.models import Cycle, DistrictGroup, ProgressStatus, StepKind
from bangkok_network.permissions import can_edit_group
from bangkok_network.services import ProgrammeError, cycle_check_open, progress_set
from progress.models import AttachmentKind, ExecutiveReport, ProgressAttachment, ProgressReport

PHOTO_MAX_BYTES = 8 * 1024 * 1024
FILE_MAX_BYTES = 15 * 1024 * 1024
MAX_ATTACHMENTS_PER_REPORT = 30
# Types accepted by content (magic bytes), never by the file name the browser sends.
PHOTO_TYPES = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", "image/heic": "heic"}
DOCUMENT_TYPES = {
    "application/pdf": "pdf",
    "image/jpeg": "jpg",
    "image/png": "png",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
}
REPORT_FIELDS = (
    "report_date",
    "percent",
    "budget_spent",
    "activities",
    "outputs",
    "outcomes",
    "participants",
    "problems",
    "next_steps",
)


class ProgressError(PortalError):
    """A progress report breaks a rule; the message is Thai and is shown to the user."""


def _ensure_can_edit(user, group: DistrictGroup) -> None:
    if not can_edit_group(user, group):
        raise ProgressError(_("เฉพาะเจ้าหน้าที่หรือประธานของกลุ่มเขตนี้ที่บันทึกรายงานได้"))


def _check_date(cycle: Cycle, value: date) -> None:
    if not (cycle.start_date <= value <= cycle.end_date):
        raise ProgressError(_("วันที่รายงานต้องอยู่ในปีงบประมาณ %(year)s") % {"year": cycle.fiscal_year})
    if value > clock.today():
        raise ProgressError(_("วันที่รายงานต้องไม่อยู่ในอนาคต"))


# --- progress reports ----------------------------------------------------------------------------


@transaction.atomic
def progress_report_create(
    *, project, user, photos: list[UploadedFile] | tuple = (), **fields
) -> ProgressReport:
    """Record a dated progress report of a project, with its photos; step 4 becomes in progress.

    All or nothing: every photo is checked before anything is written, so one wrong file refuses
    the whole report with a Thai message and nothing is half saved.
    """
    form = project.form
    _ensure_can_edit(user, form.group)
    cycle_check_open(form.cycle, error=ProgressError)
    _check_date(form.cycle, fields["report_date"])
    if len(photos) > MAX_ATTACHMENTS_PER_REPORT:
        raise ProgressError(_("แนบไฟล์ได้ไม่เกิน %(count)s ไฟล์ต่อรายงาน") % {"count": MAX_ATTACHMENTS_PER_REPORT})
    for photo in photos:
        _sniff(photo, PHOTO_TYPES, PHOTO_MAX_BYTES)
    report = ProgressReport(
        project=project,
        cycle=form.cycle,
        group=form.group,
        created_by=user,
        **{name: fields[name] for name in REPORT_FIELDS if name in fields},
    )
    _check_budget(report, project)
    try:
        report.full_clean()
    except ValidationError as exc:
        raise ProgressError.from_validation(exc) from exc
    report.save()
    try:
        progress_set(
            cycle=form.cycle,
            group=form.group,
            kind=StepKind.PROJECTS,
            status=ProgressStatus.IN_PROGRESS,
            user=user,
        )
    except ProgrammeError:
        pass  # a step already returned or accepted keeps its state; the report itself is saved
    audit_log(actor=user, action="progress_report.create", obj=report, details={"project": project.pk})
    for photo in photos:
        progress_attachment_add(report=report, user=user, upload=photo)
    return report


@transaction.atomic
def progress_report_update(*, report: ProgressReport, user, **fields) -> ProgressReport:
    """Correct a progress report."""
    _ensure_can_edit(user, report.group)
    cycle_check_open(report.cycle, error=ProgressError)
    unknown = set(fields) - set(REPORT_FIELDS)
    if unknown:
        raise ProgressError(_("ไม่รู้จักช่อง %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    if "report_date" in fields:
        _check_date(report.cycle, fields["report_date"])
    for name, value in fields.items():
        setattr(report, name, value)
    _check_budget(report, report.project)
    try:
        report.full_clean()
    except ValidationError as exc:
        raise ProgressError.from_validation(exc) from exc
    report.save(update_fields=[*fields, "updated_at"])
    audit_log(actor=user, action="progress_report.update", obj=report, details={"fields": sorted(fields)})
    return report


def _check_budget(report: ProgressReport, project) -> None:
    if (
        project.budget is not None
        and report.budget_spent is not None
        and report.budget_spent > project.budget
    ):
        raise ProgressError(
            _("งบประมาณที่ใช้ (%(spent)s บาท) เกินงบประมาณของโครงการ (%(budget)s บาท)")
            % {"spent": f"{report.budget_spent:,.2f}", "budget": f"{project.budget:,.2f}"}
        )


@transaction.atomic
def progress_report_delete(*, report: ProgressReport, user) -> None:
    _ensure_can_edit(user, report.group)
    cycle_check_open(report.cycle, error=ProgressError)
    names = [a.file.name for a in report.attachments.all()]
    audit_log(actor=user, action="progress_report.delete", obj=report)
    report.delete()
    storage = ProgressAttachment._meta.get_field("file").storage
    transaction.on_commit(lambda: [storage.delete(name) for name in names])


# --- photos and files ----------------------------------------------------------------------------


def _sniff(upload: UploadedFile, allowed: dict[str, str], limit: int) -> tuple[str, str]:
    """Return (mime, extension) read from the content; refuse wrong types and oversize files."""
    if upload.size > limit:
        raise ProgressError(
            _("ไฟล์ “%(name)s” ใหญ่เกินไป (%(size)s MB) ขนาดสูงสุด %(limit)s MB")
            % {
                "name": upload.name,
                "size": f"{upload.size / 1024 / 1024:.1f}",
                "limit": limit // 1024 // 1024,
            }
        )
    if upload.size == 0:
        raise ProgressError(_("ไฟล์ “%(name)s” ว่างเปล่า") % {"name": upload.name})
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in allowed:
        names = ", ".join(sorted({ext.upper() for ext in allowed.values()}))
        raise ProgressError(
            _("ไฟล์ “%(name)s” ไม่ใช่ชนิดที่รับ (รับเฉพาะ %(types)s) ระบบตรวจจากเนื้อไฟล์ ไม่ใช่ชื่อไฟล์")
            % {"name": upload.name, "types": names}
        )
    return kind.mime, allowed[kind.mime]


@transaction.atomic
def progress_attachment_add(
    *, report: ProgressReport, user, upload: UploadedFile, kind: str = AttachmentKind.PHOTO, caption: str = ""
) -> ProgressAttachment:
    """Attach a photo or a file to a report, its type checked by content and its size limited."""
    _ensure_can_edit(user, report.group)
    cycle_check_open(report.cycle, error=ProgressError)
    if report.attachments.count() >= MAX_ATTACHMENTS_PER_REPORT:
        raise ProgressError(_("แนบไฟล์ได้ไม่เกิน %(count)s ไฟล์ต่อรายงาน") % {"count": MAX_ATTACHMENTS_PER_REPORT})
    if kind == AttachmentKind.PHOTO:
        mime, extension = _sniff(upload, PHOTO_TYPES, PHOTO_MAX_BYTES)
    else:
        mime, extension = _sniff(upload, DOCUMENT_TYPES, FILE_MAX_BYTES)
    original = Path(upload.name or "file").name[:200]
    attachment = ProgressAttachment(
        report=report,
        kind=kind,
        original_name=original,
        content_type=mime,
        size=upload.size,
        caption=caption,
        uploaded_by=user,
    )
    try:
        attachment.full_clean(exclude=["file"])
    except ValidationError as exc:
        raise ProgressError.from_validation(exc) from exc
    # A stored name we choose (never the uploaded one), unguessable in case the media folder is ever
    # served directly, with the extension of the real type.
    attachment.file.save(f"report-{report.pk}-{secrets.token_hex(8)}.{extension}", upload, save=False)
    attachment.save()
    audit_log(
        actor=user,
        action="progress_attachment.add",
        obj=attachment,
        details={"type": mime, "size": upload.size},
    )
    return attachment


@transaction.atomic
def progress_attachment_delete(*, attachment: ProgressAttachment, user) -> None:
    _ensure_can_edit(user, attachment.report.group)
    cycle_check_open(attachment.report.cycle, error=ProgressError)
    name, storage = attachment.file.name, attachment.file.storage
    audit_log(actor=user, action="progress_attachment.delete", obj=attachment)
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(name))


# --- reporting to executives ---------------------------------------------------------------------


@transaction.atomic
def executive_report_create(
    *,
    cycle: Cycle,
    group: DistrictGroup,
    user,
    recipient_kind: str,
    recipient: str,
    reported_on: date,
    summary: str = "",
    upload: UploadedFile | None = None,
    at: datetime | None = None,
) -> ExecutiveReport:
    """Record that the group reported its results to BMA executives or the Governor's committee.

    The report to executives is what step 4 delivers: with its copy uploaded the step becomes
    submitted (on time or late is the dashboard's call); without a copy it is still in progress.
    """
    _ensure_can_edit(user, group)
    cycle_check_open(cycle, error=ProgressError)
    _check_date(cycle, reported_on)
    record = ExecutiveReport(
        cycle=cycle,
        group=group,
        recipient_kind=recipient_kind,
        recipient=recipient.strip(),
        reported_on=reported_on,
        summary=summary,
        created_by=user,
    )
    extension = ""
    if upload is not None:
        record.file_type, extension = _sniff(upload, DOCUMENT_TYPES, FILE_MAX_BYTES)
        record.file_name = Path(upload.name or "file").name[:200]
    try:
        record.full_clean(exclude=["file"])
    except ValidationError as exc:
        raise ProgressError.from_validation(exc) from exc
    if upload is not None:
        record.file.save(f"executive-report-{secrets.token_hex(8)}.{extension}", upload, save=False)
    record.save()
    status = ProgressStatus.SUBMITTED if upload is not None else ProgressStatus.IN_PROGRESS
    try:
        progress_set(cycle=cycle, group=group, kind=StepKind.PROJECTS, status=status, user=user, at=at)
    except ProgrammeError:
        pass  # a step the department already accepted keeps its state; the record itself is saved
    audit_log(
        actor=user,
        action="executive_report.create",
        obj=record,
        details={"recipient_kind": recipient_kind, "has_copy": bool(upload)},
    )
    return record
