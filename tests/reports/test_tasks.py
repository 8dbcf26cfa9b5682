"""Background builds: queue once, run once, store atomically, fail with a Thai reason and no file."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from bangkok_network.models import Role
from reports import builds, services
from reports.exporters.base import ExportError
from reports.models import BuildStatus, DocumentBuild, lost_builds
from reports.tasks import build_document

pytestmark = pytest.mark.django_db


def _request(user, group, fmt="xlsx", kind="package", cycle=None):
    return services.document_build_request(
        kind=kind, cycle=cycle or group_cycle(), group=group, fmt=fmt, user=user
    )


def group_cycle():
    from bangkok_network.models import Cycle

    return Cycle.objects.get(fiscal_year=2564)


def test_request_queues_one_build_and_enqueues_it_after_commit(
    staff, group, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        build = _request(staff, group)
    assert build.status == BuildStatus.QUEUED
    assert build.requested_by == staff
    assert len(callbacks) == 1  # the worker is told only once the row is committed


def test_two_clicks_get_the_same_build(staff, chair, group):
    first = _request(staff, group)
    second = _request(chair, group)
    assert second.pk == first.pk
    assert DocumentBuild.objects.filter(kind="package", group=group).count() == 1


def test_pdf_and_excel_are_separate_builds(staff, group):
    assert _request(staff, group, fmt="pdf").pk != _request(staff, group, fmt="xlsx").pk


def test_database_refuses_a_second_active_build(cycle, group):
    DocumentBuild.objects.create(kind="package", cycle=cycle, group=group, format="pdf")
    with pytest.raises(IntegrityError), transaction.atomic():
        DocumentBuild.objects.create(kind="package", cycle=cycle, group=group, format="pdf", status="running")


def test_database_refuses_a_second_active_evaluation_build_without_group(cycle):
    DocumentBuild.objects.create(kind="evaluation", cycle=cycle, group=None, format="pdf")
    with pytest.raises(IntegrityError), transaction.atomic():
        DocumentBuild.objects.create(kind="evaluation", cycle=cycle, group=None, format="pdf")


def test_a_finished_build_does_not_block_a_new_one(staff, group):
    first = _request(staff, group)
    DocumentBuild.objects.filter(pk=first.pk).update(status=BuildStatus.DONE)
    assert _request(staff, group).pk != first.pk


def test_a_lost_build_times_out_and_a_new_one_is_queued(staff, group):
    first = _request(staff, group)
    DocumentBuild.objects.filter(pk=first.pk).update(created_at=timezone.now() - timedelta(hours=1))
    second = _request(staff, group)
    first.refresh_from_db()
    assert second.pk != first.pk
    assert first.status == BuildStatus.FAILED
    assert "หมดเวลา" in first.error


def test_run_renders_stores_the_file_and_marks_done(staff, group):
    build = _request(staff, group, fmt="xlsx")
    builds.document_build_run(build_id=build.pk)
    build.refresh_from_db()
    assert build.status == BuildStatus.DONE
    assert build.progress == 100
    path = Path(build.file.path)
    assert path.read_bytes()[:2] == b"PK"  # an xlsx is a zip
    assert build.size == path.stat().st_size
    assert not list(path.parent.glob(".part-*"))


def test_a_build_delivered_twice_renders_once(staff, group):
    build = _request(staff, group)
    assert builds.document_build_run(build_id=build.pk) is not None
    assert builds.document_build_run(build_id=build.pk) is None


def test_a_failed_render_stores_the_thai_reason_and_leaves_no_file(staff, group, monkeypatch):
    from reports.exporters.package import PackageExporter

    def broken(self, fmt):
        self.progress_callback(50, "ครึ่งทาง")
        raise ExportError("ข้อมูลของกลุ่มไม่ครบ")

    monkeypatch.setattr(PackageExporter, "render", broken)
    build = _request(staff, group, fmt="pdf")
    folder = Path(settings.MEDIA_ROOT) / "documents" / "2564"
    before = set(folder.glob("*")) if folder.exists() else set()
    builds.document_build_run(build_id=build.pk)
    build.refresh_from_db()
    assert build.status == BuildStatus.FAILED
    assert build.error == "ข้อมูลของกลุ่มไม่ครบ"
    assert build.progress == 50
    assert not build.file
    assert (set(folder.glob("*")) if folder.exists() else set()) == before


def test_an_unexpected_error_is_explained_in_thai(staff, group, monkeypatch):
    from reports.exporters.package import PackageExporter

    monkeypatch.setattr(PackageExporter, "render", lambda self, fmt: 1 / 0)
    build = _request(staff, group, fmt="pdf")
    builds.document_build_run(build_id=build.pk)
    build.refresh_from_db()
    assert build.status == BuildStatus.FAILED
    assert build.error.startswith("สร้างเอกสารไม่สำเร็จเนื่องจากข้อผิดพลาดในระบบ (ZeroDivisionError")


def test_a_failure_while_writing_removes_the_temporary_file(tmp_path, monkeypatch, settings):
    settings.MEDIA_ROOT = tmp_path

    def exploding_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr("reports.builds.os.replace", exploding_replace)
    with pytest.raises(OSError):
        builds._store_atomically("documents/x.pdf", b"%PDF")
    assert list((tmp_path / "documents").iterdir()) == []


def test_task_runs_the_build_through_the_tasks_backend(staff, group, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        build = _request(staff, group, fmt="xlsx")
    build.refresh_from_db()
    assert build.status == BuildStatus.DONE
    assert build_document.call(build.pk) == "skipped"  # already done: nothing rendered twice


def test_groups_cannot_build_the_evaluation(staff, cycle):
    with pytest.raises(services.ReportError, match="ไม่มีสิทธิ์"):
        services.document_build_request(kind="evaluation", cycle=cycle, group=None, fmt="pdf", user=staff)


def test_another_group_cannot_build_a_package(other_staff, group):
    with pytest.raises(services.ReportError, match="ไม่มีสิทธิ์"):
        _request(other_staff, group)


def test_unknown_kind_and_format_are_refused_in_thai(officer, cycle, group):
    with pytest.raises(services.ReportError, match="ไม่รู้จักเอกสาร"):
        services.document_build_request(kind="nope", cycle=cycle, group=group, fmt="pdf", user=officer)
    with pytest.raises(services.ReportError, match="มีเฉพาะรูปแบบ"):
        services.document_build_request(kind="package", cycle=cycle, group=group, fmt="docx", user=officer)


def test_evaluation_build_ignores_a_group(make_user, cycle, group):
    officer = make_user(Role.OFFICER)
    build = services.document_build_request(
        kind="evaluation", cycle=cycle, group=group, fmt="xlsx", user=officer
    )
    assert build.group is None


def test_a_race_between_check_and_insert_returns_the_winners_build(staff, cycle, group, monkeypatch):
    winner = DocumentBuild.objects.create(kind="package", cycle=cycle, group=group, format="pdf")
    real = services._active_build
    calls = []

    def blind_first(**kwargs):
        calls.append(kwargs)
        return None if len(calls) == 1 else real(**kwargs)  # the first look misses the other insert

    monkeypatch.setattr(services, "_active_build", blind_first)
    assert _request(staff, group, fmt="pdf").pk == winner.pk
    assert DocumentBuild.objects.filter(kind="package", group=group, format="pdf").count() == 1


# --- a worker that dies: heartbeat and the rule for lost builds ----------------------------------

NOW = timezone.make_aware(timezone.datetime(2021, 8, 27, 10, 0))


@pytest.mark.parametrize(
    ("status", "heard_seconds_ago", "created_minutes_ago", "is_lost"),
    [
        (BuildStatus.RUNNING, 5, 1, False),  # a live worker reported 5 s ago
        (BuildStatus.RUNNING, 29, 1, False),
        (BuildStatus.RUNNING, 31, 1, True),  # silent past the 30 s limit: its worker is gone
        (BuildStatus.RUNNING, None, 1, True),  # from before heartbeats, started more than 30 s ago
        (BuildStatus.QUEUED, None, 29, False),  # waiting for a worker to start
        (BuildStatus.QUEUED, None, 31, True),  # no worker took it in 30 minutes
        (BuildStatus.DONE, 3600, 600, False),
        (BuildStatus.FAILED, 3600, 600, False),
    ],
)
def test_the_rule_for_lost_builds(
    cycle, group, settings, status, heard_seconds_ago, created_minutes_ago, is_lost
):
    settings.DOCUMENT_BUILD_STALE_SECONDS = 30
    build = DocumentBuild.objects.create(
        kind="package", cycle=cycle, group=group, format="pdf", status=status
    )
    heard = None if heard_seconds_ago is None else NOW - timedelta(seconds=heard_seconds_ago)
    DocumentBuild.objects.filter(pk=build.pk).update(
        created_at=NOW - timedelta(minutes=created_minutes_ago),
        started_at=NOW - timedelta(seconds=60) if status != BuildStatus.QUEUED else None,
        heartbeat_at=heard,
    )
    build.refresh_from_db()
    assert build.is_lost(now=NOW) is is_lost
    assert DocumentBuild.objects.filter(lost_builds(now=NOW), pk=build.pk).exists() is is_lost


def _running(group, *, silent_for: float, fmt="pdf", task_id=""):
    build = DocumentBuild.objects.create(
        kind="package", cycle=group_cycle(), group=group, format=fmt, status=BuildStatus.RUNNING, progress=1
    )
    heard = timezone.now() - timedelta(seconds=silent_for)
    DocumentBuild.objects.filter(pk=build.pk).update(started_at=heard, heartbeat_at=heard, task_id=task_id)
    build.refresh_from_db()
    return build


def test_asking_again_for_a_build_whose_worker_went_silent_starts_a_new_one(staff, group, settings):
    settings.DOCUMENT_BUILD_STALE_SECONDS = 30
    alive = _running(group, silent_for=5)
    assert _request(staff, group, fmt="pdf").pk == alive.pk  # still being built: the same build
    DocumentBuild.objects.filter(pk=alive.pk).update(heartbeat_at=timezone.now() - timedelta(seconds=31))
    retry = _request(staff, group, fmt="pdf")
    alive.refresh_from_db()
    assert retry.pk != alive.pk and retry.status == BuildStatus.QUEUED
    assert (alive.status, alive.error) == (BuildStatus.FAILED, str(builds.STALE_REASON))


def test_failing_lost_builds_also_fails_the_task_the_dead_worker_left_running(group, settings):
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    task = build_document.enqueue(0)
    DBTaskResult.objects.filter(id=task.id).update(status=TaskResultStatus.RUNNING)
    lost, alive = (
        _running(group, silent_for=60, task_id=str(task.id)),
        _running(group, silent_for=1, fmt="xlsx"),
    )
    assert builds.document_builds_fail_lost() == 1
    lost.refresh_from_db(), alive.refresh_from_db()
    assert (lost.status, alive.status) == (BuildStatus.FAILED, BuildStatus.RUNNING)
    result = DBTaskResult.objects.get(id=task.id)
    assert result.status == TaskResultStatus.FAILED
    assert result.exception_class_path == "reports.builds.BuildLostError"


def test_the_heartbeat_reports_only_on_builds_this_process_is_rendering(staff, group, monkeypatch):
    from reports.exporters.package import PackageExporter

    other = _running(group, silent_for=20, fmt="xlsx")  # another worker's build
    beats = []

    def render_and_beat(self, fmt):
        beats.append(builds.document_builds_beat())  # what the watchdog thread does meanwhile
        return b"%PDF-1.4 test"

    monkeypatch.setattr(PackageExporter, "render", render_and_beat)
    build = _request(staff, group, fmt="pdf")
    DocumentBuild.objects.filter(pk=build.pk).update(heartbeat_at=None)
    builds.document_build_run(build_id=build.pk)
    other_heard = other.heartbeat_at
    other.refresh_from_db()
    assert beats == [1, 1]  # two renders (as built, then the masked copy), each beating for this build only
    assert other.heartbeat_at == other_heard
    assert builds.document_builds_beat() == 0  # done: nothing left to report on


def test_a_build_taken_for_lost_while_it_rendered_keeps_no_file(
    staff, group, monkeypatch, settings, tmp_path
):
    from reports.exporters.package import PackageExporter

    settings.MEDIA_ROOT = tmp_path

    def stalled_render(self, fmt):
        # The worker stalled past the limit; meanwhile the build was failed and the person told so.
        DocumentBuild.objects.filter(pk=build.pk).update(
            status=BuildStatus.FAILED, error=str(builds.STALE_REASON)
        )
        return b"%PDF-1.4 late"

    monkeypatch.setattr(PackageExporter, "render", stalled_render)
    build = _request(staff, group, fmt="pdf")
    result = builds.document_build_run(build_id=build.pk)
    assert (result.status, result.file.name) == (BuildStatus.FAILED, "")
    assert list((tmp_path / "documents" / "2564").iterdir()) == []


def test_temporary_files_a_killed_worker_left_are_removed_once_old(settings, tmp_path):
    import os

    settings.MEDIA_ROOT = tmp_path
    folder = tmp_path / "documents" / "2564"
    folder.mkdir(parents=True)
    old, fresh, final = folder / ".part-old", folder / ".part-fresh", folder / "package-2564-x.pdf"
    for path in (old, fresh, final):
        path.write_bytes(b"%PDF")
    os.utime(old, (0, 0))
    os.utime(final, (0, 0))
    assert builds.document_build_parts_remove(older_than=30) == 1
    assert sorted(p.name for p in folder.iterdir()) == [".part-fresh", "package-2564-x.pdf"]


def test_db_worker_is_the_portals_worker_with_the_build_watchdog():
    from django.core.management import get_commands, load_command_class

    from reports.management.commands.db_worker import BuildWatchdog

    assert get_commands()["db_worker"] == "reports"
    command = load_command_class("reports", "db_worker")
    assert command.help.startswith("Run the background worker")
    assert BuildWatchdog().daemon
