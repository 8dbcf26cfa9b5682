"""Background builds of documents, the worker's side: claim a queued build, render, store, report.

``reports.tasks.build_document`` runs ``document_build_run`` in the worker (``manage.py db_worker``);
a build is asked for by ``reports.services.document_build_request``, which enqueues that task. The
worker's watchdog (``db_worker``) reports on the builds this process renders and fails lost ones.
A build moves by BUILD_TRANSITIONS (``reports.models``), each move a conditional UPDATE.
"""

from __future__ import annotations

import logging
import os
import secrets
import tempfile
import threading
import time
from pathlib import Path

from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from bangkok_network.audit import audit_log
from notifications.services import build_finished_notify
from reports import policy
from reports.errors import ReportError
from reports.exporters import ExportError, exporter_for
from reports.models import BUILD_TRANSITIONS, STALE_REASON, BuildKind, BuildStatus, DocumentBuild, lost_builds

logger = logging.getLogger(__name__)


class BuildLostError(ReportError):
    """The worker building a document went silent (recorded on the task the dead worker left running)."""


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
    for build in DocumentBuild.objects.filter(
        pk__in=list(lost), status=BuildStatus.FAILED, finished_at=now
    ).select_related("cycle", "group", "requested_by"):
        _tell(build)
    logger.warning("failed %s document build(s) whose worker went silent: %s", failed, sorted(lost))
    return failed


def _fail_orphaned_tasks(task_ids: list[str]) -> None:
    # A worker killed mid-task leaves its task "running" for ever in django-tasks-db's table.
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
        masked = b""
        if build.kind in policy.MASKED_KINDS:
            # The executives' copy: the same document, personal data masked (reports.policy.must_mask).
            _set_progress(build_id, 90, _("สร้างฉบับปิดบังข้อมูลส่วนบุคคลสำหรับผู้บริหาร"))
            exporter.mask_personal_data, exporter.progress_callback = True, None
            masked = exporter.render(build.format)
        _set_progress(build_id, 99, _("บันทึกไฟล์"))
        stem = build.download_name.rsplit(".", 1)[0]
        # Unguessable, in case the media folder is ever served directly: downloads go through the view.
        name = f"documents/{build.cycle.fiscal_year}/{stem}-{build.pk}-{secrets.token_hex(8)}.{build.format}"
        masked_name = (
            f"documents/{build.cycle.fiscal_year}/{stem}-masked-{build.pk}-{secrets.token_hex(8)}.{build.format}"
            if masked
            else ""
        )
        _store_atomically(name, content)
        if masked:
            _store_atomically(masked_name, masked)
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
        masked_file=masked_name,
        masked_size=len(masked),
        progress=100,
        stage=_("เสร็จแล้ว"),
        finished_at=timezone.now(),
    )
    build.refresh_from_db()
    if not finished:
        # Taken for lost while it rendered (the worker stalled past the limit) and perhaps asked for
        # again: the person was told it failed, so its file is not kept.
        default_storage.delete(name)
        if masked_name:
            default_storage.delete(masked_name)
        return build
    audit_log(
        actor=build.requested_by,
        action=f"document.built.{build.kind}",
        obj=build,
        details={"format": build.format, "size": build.size},
    )
    _tell(build)
    return build


def _build_fail(build: DocumentBuild, reason: str) -> DocumentBuild:
    failed = _build_move(
        build.pk,
        current=BuildStatus.RUNNING,
        new=BuildStatus.FAILED,
        error=reason,
        stage=_("ไม่สำเร็จ"),
        finished_at=timezone.now(),
    )
    build.refresh_from_db()
    if failed:
        _tell(build)
    return build


def _tell(build: DocumentBuild) -> None:
    """Tell the person who asked that their document is ready, or why it failed (in the inbox)."""
    label = BuildKind(build.kind).label if build.kind in BuildKind.values else build.kind
    document = f"{label} ปีงบประมาณ {build.cycle.fiscal_year}"
    if build.group_id:
        document += f" {build.group.full_name}"
    build_finished_notify(
        user=build.requested_by,
        document=f"{document} ({build.format.upper()})",
        failed=build.is_failed,
        reason=build.error,
        url_name="reports:build_detail",
        url_kwargs={"pk": build.pk},
    )
