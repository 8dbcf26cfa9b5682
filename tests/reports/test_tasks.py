"""Background builds: queue once, run once, store atomically, fail with a Thai reason and no file."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from bangkok_network.models import Role
from reports import services
from reports.exporters.base import ExportError
from reports.models import BuildStatus, DocumentBuild
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
    services.document_build_run(build_id=build.pk)
    build.refresh_from_db()
    assert build.status == BuildStatus.DONE
    assert build.progress == 100
    path = Path(build.file.path)
    assert path.read_bytes()[:2] == b"PK"  # an xlsx is a zip
    assert build.size == path.stat().st_size
    assert not list(path.parent.glob(".part-*"))


def test_a_build_delivered_twice_renders_once(staff, group):
    build = _request(staff, group)
    assert services.document_build_run(build_id=build.pk) is not None
    assert services.document_build_run(build_id=build.pk) is None


def test_a_failed_render_stores_the_thai_reason_and_leaves_no_file(staff, group, monkeypatch):
    from reports.exporters.package import PackageExporter

    def broken(self, fmt):
        self.progress_callback(50, "ครึ่งทาง")
        raise ExportError("ข้อมูลของกลุ่มไม่ครบ")

    monkeypatch.setattr(PackageExporter, "render", broken)
    build = _request(staff, group, fmt="pdf")
    folder = Path(settings.MEDIA_ROOT) / "documents" / "2564"
    before = set(folder.glob("*")) if folder.exists() else set()
    services.document_build_run(build_id=build.pk)
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
    services.document_build_run(build_id=build.pk)
    build.refresh_from_db()
    assert build.status == BuildStatus.FAILED
    assert build.error.startswith("สร้างเอกสารไม่สำเร็จเนื่องจากข้อผิดพลาดในระบบ (ZeroDivisionError")


def test_a_failure_while_writing_removes_the_temporary_file(tmp_path, monkeypatch, settings):
    settings.MEDIA_ROOT = tmp_path

    def exploding_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr("reports.services.os.replace", exploding_replace)
    with pytest.raises(OSError):
        services._store_atomically("documents/x.pdf", b"%PDF")
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
