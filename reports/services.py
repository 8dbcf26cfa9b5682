"""Writes of the reports app: queue and run background document builds, submit packages, assess groups."""

from __future__ import annotations

import logging
import os
import secrets
import tempfile
import threading
import time
from datetime import date, datetime
from pathlib import Path

import filetype
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from bangkok_network import clock
from bangkok_network.audit import audit_log
from bangkok_network.errors import PortalError
from bangkok_network.models import Cycle, DistrictGroup, ProgressStatus, StepKind
from bangkok_network.permissions import can_edit_group, is_department
from bangkok_network.services import ProgrammeError, progress_set
from reports import policy
from reports.exporters import ExportError, exporter_for
from reports.models import (
    ACTIVE_STATUSES,
    BUILD_TRANSITIONS,
    SCORE_FIELDS,
    STALE_REASON,
    Assessment,
    BuildKind,
    BuildStatus,
    DepartmentEmblem,
    DocumentBuild,
    lost_builds,
)
from reports.selectors import default_document_date

logger = logging.getLogger(__name__)

# Kinds built in the background from the browser; the others are small enough to serve directly.
BACKGROUND_KINDS = tuple(BuildKind)


class ReportError(PortalError):
    """A document cannot be built or submitted; the message is Thai and is shown to the user."""


class BuildLostError(ReportError):
    """The worker building a document went silent (recorded on the task the dead worker left running)."""


# --- background builds -------------------------------------------------------------------------


def _active_build(*, kind: str, cycle: Cycle, group: DistrictGroup | None, fmt: str) -> DocumentBuild | None:
    return (
        DocumentBuild.objects.filter(
            kind=kind, cycle=cycle, group=group, format=fmt, status__in=ACTIVE_STATUSES
        )
        .order_by("-pk")
        .first()
    )


# Builds this process is rendering right now: the worker's watchdog thread reports on them.
_rendering: set[int] = set()
_rendering_lock = threading.Lock()


def document_builds_beat() -> int:
    """Report that this process is still rendering its builds; the worker's watchdog calls it."""
    with _rendering_lock:
        ids = sorted(_rendering)
    if not ids:
        return 0
    return DocumentBuild.objects.filter(pk__in=ids, status=BuildStatus.RUNNING).update(
        heartbeat_at=timezone.now()
    )


def document_builds_fail_lost(*, now=None) -> int:
    """Fail the builds whose worker has gone (`lost_builds`), and the tasks a dead worker left running.

    The person sees the Thai reason and can ask again at once: a failed build no longer blocks a
    new one. Every worker runs this (the watchdog), and so does every request for a document.
    """
    now = now or timezone.now()
    lost = dict(DocumentBuild.objects.filter(lost_builds(now=now)).values_list("pk", "task_id"))
    if not lost:
        return 0
    failed = DocumentBuild.objects.filter(
        lost_builds(now=now), pk__in=list(lost), status__in=BUILD_TRANSITIONS.sources(BuildStatus.FAILED)
    ).update(status=BuildStatus.FAILED, error=str(STALE_REASON), stage=_("ไม่สำเร็จ"), finished_at=now)
    _fail_orphaned_tasks([task_id for task_id in lost.values() if task_id])
    logger.warning("failed %s document build(s) whose worker went silent: %s", failed, sorted(lost))
    return failed


def _fail_orphaned_tasks(task_ids: list[str]) -> None:
    # A worker killed mid-task leaves its task "running" for ever in django-tasks-db's table.
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    for result in DBTaskResult.objects.filter(id__in=task_ids, status=TaskResultStatus.RUNNING):
        result.set_failed(BuildLostError(str(STALE_REASON)))


def document_build_parts_remove(*, older_than: float) -> int:
    """Remove temporary files a worker killed while writing left behind (never under a final name)."""
    folder = Path(default_storage.path("documents"))
    if not folder.is_dir():
        return 0
    removed = 0
    for part in folder.glob("*/.part-*"):
        if part.stat().st_mtime < time.time() - older_than:
            part.unlink(missing_ok=True)
            removed += 1
    return removed


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
    from reports.tasks import build_document

    result = build_document.enqueue(build_id)
    # Kept so a build lost with its worker can also fail the task the worker left "running".
    DocumentBuild.objects.filter(pk=build_id).update(task_id=str(result.id))


def _set_progress(build_id: int, percent: int, stage: str) -> None:
    # A plain UPDATE outside any transaction, so the page polling the status sees it at once.
    DocumentBuild.objects.filter(pk=build_id, status=BuildStatus.RUNNING).update(
        progress=max(0, min(100, int(percent))), stage=stage[:200], heartbeat_at=timezone.now()
    )


def _store_atomically(name: str, content: bytes) -> str:
    """Write the file under MEDIA_ROOT through a temporary file and a rename: never half a file."""
    path = Path(default_storage.path(name))
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".part-", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return name


def _build_move(build_id: int, *, current: BuildStatus, new: BuildStatus, **fields) -> int:
    """Move a build on with a conditional UPDATE (BUILD_TRANSITIONS); 0 when it had moved on already."""
    BUILD_TRANSITIONS.check(current, new, error=ReportError)
    return DocumentBuild.objects.filter(pk=build_id, status=current).update(status=new, **fields)


def document_build_run(*, build_id: int) -> DocumentBuild | None:
    """Render a queued build, store its file and mark it done; on failure store the Thai reason.

    Runs in the background worker. Claiming the build is a conditional UPDATE, so a build
    delivered twice is rendered once. Nothing is written under the final name unless the whole
    document rendered. While it renders, the worker's watchdog reports on it (heartbeat_at).
    """
    now = timezone.now()
    claimed = _build_move(
        build_id,
        current=BuildStatus.QUEUED,
        new=BuildStatus.RUNNING,
        started_at=now,
        heartbeat_at=now,
        progress=1,
        stage=_("เริ่มสร้างเอกสาร"),
    )
    if not claimed:
        return None
    with _rendering_lock:
        _rendering.add(build_id)
    try:
        return _render_and_store(build_id)
    finally:
        with _rendering_lock:
            _rendering.discard(build_id)


def _render_and_store(build_id: int) -> DocumentBuild:
    build = DocumentBuild.objects.select_related("cycle", "group", "requested_by").get(pk=build_id)
    try:
        exporter = exporter_for(build.kind)(cycle=build.cycle, group=build.group, user=build.requested_by)
        exporter.document_number, exporter.document_date = build.document_number, build.document_date
        exporter.progress_callback = lambda percent, stage: _set_progress(build_id, percent, stage)
        content = exporter.render(build.format)
        _set_progress(build_id, 99, _("บันทึกไฟล์"))
        stem = build.download_name.rsplit(".", 1)[0]
        # Unguessable, in case the media folder is ever served directly: downloads go through the view.
        name = f"documents/{build.cycle.fiscal_year}/{stem}-{build.pk}-{secrets.token_hex(8)}.{build.format}"
        _store_atomically(name, content)
    except ExportError as exc:
        return _build_fail(build, str(exc))
    except Exception as exc:  # the reason is stored for the user; the traceback goes to the log
        logger.exception("document build %s failed", build_id)
        return _build_fail(
            build,
            _("สร้างเอกสารไม่สำเร็จเนื่องจากข้อผิดพลาดในระบบ (%(error)s) กรุณาลองใหม่ หรือแจ้งผู้ดูแลระบบ")
            % {"error": f"{type(exc).__name__}: {str(exc)[:300]}"},
        )
    finished = _build_move(
        build_id,
        current=BuildStatus.RUNNING,
        new=BuildStatus.DONE,
        file=name,
        size=len(content),
        progress=100,
        stage=_("เสร็จแล้ว"),
        finished_at=timezone.now(),
    )
    build.refresh_from_db()
    if not finished:
        # Taken for lost while it rendered (the worker stalled past the limit) and perhaps asked for
        # again: the person was told it failed, so its file is not kept.
        default_storage.delete(name)
        return build
    audit_log(
        actor=build.requested_by,
        action=f"document.built.{build.kind}",
        obj=build,
        details={"format": build.format, "size": build.size},
    )
    return build


def _build_fail(build: DocumentBuild, reason: str) -> DocumentBuild:
    _build_move(
        build.pk,
        current=BuildStatus.RUNNING,
        new=BuildStatus.FAILED,
        error=reason,
        stage=_("ไม่สำเร็จ"),
        finished_at=timezone.now(),
    )
    build.refresh_from_db()
    return build


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
    if not can_edit_group(user, build.group):
        raise ReportError(_("เฉพาะเจ้าหน้าที่หรือประธานของกลุ่มเขตนี้ที่ส่งชุดเอกสารได้"))
    if build.status != BuildStatus.DONE:
        raise ReportError(_("ชุดเอกสารยังสร้างไม่เสร็จ ส่งไม่ได้"))
    if build.submitted_at is not None:
        raise ReportError(_("ชุดเอกสารนี้ส่งไปแล้ว"))
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
def evaluation_submit(*, build: DocumentBuild, user, at: datetime | None = None) -> DocumentBuild:
    """Report the finished summary to the Permanent Secretary: step 6 becomes submitted for every group."""
    build = _lock_build(build)
    if not build.is_evaluation:
        raise ReportError(_("ส่งได้เฉพาะรายงานสรุปผลการติดตามประเมินผล"))
    if not is_department(user):
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
    if not is_department(user):
        raise ReportError(_("เฉพาะเจ้าหน้าที่สำนักยุทธศาสตร์และประเมินผลที่บันทึกผลการประเมินได้"))
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
