"""A document built in the background: the person who asked is told it is ready, or why it failed."""

from __future__ import annotations

import pytest
from django.core import mail

from bangkok_network.models import Cycle
from notifications.models import Notification, NotificationKind
from reports import builds, services
from reports.exporters.base import ExportError

pytestmark = pytest.mark.django_db


def _request(user, group, fmt="xlsx"):
    return services.document_build_request(
        kind="package", cycle=Cycle.objects.get(fiscal_year=2564), group=group, fmt=fmt, user=user
    )


def test_a_finished_build_tells_the_person_who_asked_once(staff, chair, group):
    build = _request(staff, group)
    builds.document_build_run(build_id=build.pk)
    builds.document_build_run(build_id=build.pk)  # delivered twice: rendered and told once

    (notification,) = Notification.objects.all()
    assert notification.recipient == staff and notification.kind == NotificationKind.BUILD_DONE
    assert notification.text == (
        f"เอกสาร “ชุดเอกสารผลการดำเนินงาน ปีงบประมาณ 2564 {group.full_name} (XLSX)” สร้างเสร็จแล้ว ดาวน์โหลดได้"
    )
    assert notification.target_url == f"/documents/builds/{build.pk}/"
    assert mail.outbox == []  # in the inbox only, unless the person asks for e-mail


def test_a_failed_build_tells_why(staff, group, monkeypatch):
    from reports.exporters.package import PackageExporter

    def broken(self, fmt):
        raise ExportError("ข้อมูลของกลุ่มไม่ครบ")

    monkeypatch.setattr(PackageExporter, "render", broken)
    build = _request(staff, group, fmt="pdf")
    builds.document_build_run(build_id=build.pk)

    notification = Notification.objects.get(recipient=staff)
    assert notification.kind == NotificationKind.BUILD_FAILED
    assert notification.text.endswith("ไม่สำเร็จ: ข้อมูลของกลุ่มไม่ครบ")


def test_a_lost_build_tells_the_person_it_failed(staff, group, settings):
    from datetime import timedelta

    from django.utils import timezone

    from reports.models import DocumentBuild

    build = _request(staff, group)
    DocumentBuild.objects.filter(pk=build.pk).update(
        status="running", started_at=timezone.now() - timedelta(minutes=10), heartbeat_at=None
    )

    assert builds.document_builds_fail_lost() == 1
    assert Notification.objects.get(recipient=staff).kind == NotificationKind.BUILD_FAILED
