"""Two people sending the same package or evaluation at the same moment, on PostgreSQL (row locks)."""

from __future__ import annotations

import pytest
from django.db import connection

from bangkok_network.models import AuditEntry
from reports import services
from reports.models import DocumentBuild
from tests.races import race
from tests.reports.factories import done_build, make_package_ready

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def test_a_package_sent_twice_at_once_is_sent_once(cycle, group, staff, chair, monkeypatch):
    build = done_build(kind="package", cycle=cycle, group=group, user=staff)
    make_package_ready(cycle=cycle, group=group, user=staff)
    # Both people opened the package page before either pressed "send".
    seen_by_staff, seen_by_chair = (
        DocumentBuild.objects.get(pk=build.pk),
        DocumentBuild.objects.get(pk=build.pk),
    )
    first, second = race(
        lambda: services.package_submit(build=seen_by_staff, user=staff),
        lambda: services.package_submit(build=seen_by_chair, user=chair),
        monkeypatch=monkeypatch,
        pause_at=(services, "progress_set"),  # checked "not sent yet", not yet written
    )
    assert first.error is None
    assert isinstance(second.error, services.ReportError)
    assert str(second.error) == "ชุดเอกสารนี้ส่งไปแล้ว"
    assert AuditEntry.objects.filter(action="package.submit").count() == 1
    assert DocumentBuild.objects.get(pk=build.pk).submitted_by == staff


def test_an_evaluation_sent_twice_at_once_is_sent_once(cycle, officer, make_user, monkeypatch):
    other_officer = make_user("officer", username="officer-2")
    build = done_build(kind="evaluation", cycle=cycle, group=None, user=officer)
    seen_by_one, seen_by_other = (
        DocumentBuild.objects.get(pk=build.pk),
        DocumentBuild.objects.get(pk=build.pk),
    )
    first, second = race(
        lambda: services.evaluation_submit(build=seen_by_one, user=officer),
        lambda: services.evaluation_submit(build=seen_by_other, user=other_officer),
        monkeypatch=monkeypatch,
        pause_at=(services, "progress_set"),
    )
    assert first.error is None
    assert str(second.error) == "รายงานสรุปนี้ส่งไปแล้ว"
    assert AuditEntry.objects.filter(action="evaluation.submit").count() == 1
    assert DocumentBuild.objects.get(pk=build.pk).submitted_by == officer
