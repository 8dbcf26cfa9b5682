"""The package's checklist, the refusal to send an incomplete package, and acceptance by exception."""

from __future__ import annotations

import pytest
from django.urls import reverse

from bangkok_network import services as core_services
from bangkok_network.models import AuditEntry, ProgressStatus, StepKind, StepProgress
from meetings.models import Meeting
from registry.models import Member
from reports import services
from reports.readiness import package_readiness
from tests.reports.factories import done_build, make_package_ready

pytestmark = pytest.mark.django_db


def _package(cycle, group) -> StepProgress:
    return StepProgress.objects.get(step__cycle=cycle, step__kind=StepKind.PACKAGE, group=group)


def test_an_empty_group_misses_every_required_part_named_in_thai(cycle, group):
    readiness = package_readiness(cycle=cycle, group=group)
    assert not readiness.is_ready
    assert [p.is_ready for p in readiness.parts] == [False, False, False, False]
    assert readiness.missing == [
        "ส่วนที่ 1 ทะเบียนบัญชีประชาสังคม: ส่งทะเบียนให้สำนักยุทธศาสตร์และประเมินผลแล้ว",
        "ส่วนที่ 1 ทะเบียนบัญชีประชาสังคม: มีสมาชิกที่ปฏิบัติงานอยู่อย่างน้อย 1 ราย",
        "ส่วนที่ 2 รายงานการประชุม: ยืนยันรายงานการประชุมแล้วอย่างน้อย 1 ครั้ง",
        "ส่วนที่ 3 แบบ P1: ส่งแบบ P1 ให้สำนักยุทธศาสตร์และประเมินผลแล้ว (ไม่อยู่ระหว่างส่งกลับแก้ไข)",
        "ส่วนที่ 4 สำเนารายงานผลการดำเนินงาน: แนบสำเนารายงานผลต่อผู้บริหารแล้วอย่างน้อย 1 ฉบับ",
    ]


def test_a_ready_group_passes_and_advisory_gaps_stay_warnings(cycle, group, staff):
    make_package_ready(cycle=cycle, group=group, user=staff)
    readiness = package_readiness(cycle=cycle, group=group)
    assert readiness.is_ready and readiness.missing == []
    # No signed scan, P1 not yet accepted: the department would rather have them, sending goes on.
    warnings = [c.text for p in readiness.parts for c in p.warnings]
    assert "อัปโหลดรายงานการประชุมที่ลงนามแล้วของทุกครั้งที่ยืนยัน (ยังไม่มี: ครั้งที่ " in warnings[0]
    assert "สำนักยุทธศาสตร์และประเมินผลรับแบบ P1 แล้ว" in warnings


def test_a_registry_never_sent_refuses_the_package_with_that_part(cycle, group, staff):
    make_package_ready(cycle=cycle, group=group, user=staff)
    StepProgress.objects.filter(step__kind=StepKind.REGISTRY, group=group).update(
        status=ProgressStatus.IN_PROGRESS
    )
    build = done_build(kind="package", cycle=cycle, group=group, user=staff)
    with pytest.raises(services.ReportError) as refused:
        services.package_submit(build=build, user=staff)
    assert refused.value.messages == [
        "ยังส่งชุดเอกสารไม่ได้ เพราะยังขาด:",
        "ส่วนที่ 1 ทะเบียนบัญชีประชาสังคม: ส่งทะเบียนให้สำนักยุทธศาสตร์และประเมินผลแล้ว",
    ]
    assert _package(cycle, group).status == ProgressStatus.NOT_STARTED


def test_accepting_a_package_with_a_missing_part_needs_a_recorded_exception(cycle, group, staff, officer):
    make_package_ready(cycle=cycle, group=group, user=staff)
    services.package_submit(
        build=done_build(kind="package", cycle=cycle, group=group, user=staff), user=staff
    )
    # The group's only active member left after sending: part 1 no longer holds.
    Member.objects.filter(cycle=cycle, group=group).update(is_active=False)
    with pytest.raises(services.ReportError) as refused:
        services.package_review(cycle=cycle, group=group, user=officer, accept=True)
    assert refused.value.messages[1] == "ส่วนที่ 1 ทะเบียนบัญชีประชาสังคม: มีสมาชิกที่ปฏิบัติงานอยู่อย่างน้อย 1 ราย"
    assert _package(cycle, group).status == ProgressStatus.SUBMITTED

    progress = services.package_review(
        cycle=cycle,
        group=group,
        user=officer,
        accept=True,
        exception_reason="สมาชิกลาออกหลังส่ง ทะเบียนฉบับที่ส่งครบแล้ว",
    )
    assert progress.status == ProgressStatus.ACCEPTED
    assert progress.note == (
        "รับเป็นกรณียกเว้น: สมาชิกลาออกหลังส่ง ทะเบียนฉบับที่ส่งครบแล้ว "
        "(ขาด: ส่วนที่ 1 ทะเบียนบัญชีประชาสังคม: มีสมาชิกที่ปฏิบัติงานอยู่อย่างน้อย 1 ราย)"
    )
    assert progress.history.latest("history_date").note == progress.note  # kept in the step's history
    entry = AuditEntry.objects.get(action="package.accept")
    assert entry.details["exception"] == "สมาชิกลาออกหลังส่ง ทะเบียนฉบับที่ส่งครบแล้ว"


def test_a_complete_package_is_accepted_without_an_exception(cycle, group, staff, officer):
    make_package_ready(cycle=cycle, group=group, user=staff)
    services.package_submit(
        build=done_build(kind="package", cycle=cycle, group=group, user=staff), user=staff
    )
    progress = services.package_review(cycle=cycle, group=group, user=officer, accept=True, note="ครบถ้วน")
    assert (progress.status, progress.note) == (ProgressStatus.ACCEPTED, "ครบถ้วน")


def test_only_the_department_reviews_and_only_a_sent_package(cycle, group, staff, officer):
    with pytest.raises(services.ReportError, match="เฉพาะสำนักยุทธศาสตร์"):
        services.package_review(cycle=cycle, group=group, user=staff, accept=False, note="x")
    with pytest.raises(services.ReportError, match="เปลี่ยนสถานะจาก “ยังไม่เริ่ม” เป็น “ส่งกลับแก้ไข” ไม่ได้"):
        services.package_review(cycle=cycle, group=group, user=officer, accept=False, note="x")


def test_the_generic_step_review_can_no_longer_accept_a_package(cycle, group, staff, officer):
    """How a package was accepted although its group never sent the registry: closed."""
    core_services.progress_set(
        cycle=cycle, group=group, kind=StepKind.PACKAGE, status=ProgressStatus.SUBMITTED, user=staff
    )
    with pytest.raises(core_services.ProgrammeError, match="พิจารณาได้ที่หน้าของขั้นตอนนั้นเท่านั้น"):
        core_services.progress_review(progress=_package(cycle, group), user=officer, accept=True)


def test_review_page_shows_the_checklist_the_sent_file_and_the_history(client, cycle, group, staff, officer):
    make_package_ready(cycle=cycle, group=group, user=staff)
    Meeting.objects.filter(group=group).update(status="draft")
    build = done_build(kind="package", cycle=cycle, group=group, user=staff)
    build.submitted_at, build.submitted_by = build.finished_at, staff
    build.save()
    core_services.progress_set(
        cycle=cycle, group=group, kind=StepKind.PACKAGE, status=ProgressStatus.SUBMITTED, user=staff
    )
    client.force_login(officer)
    url = reverse("reports:package_review", kwargs={"fiscal_year": 2564, "code": group.code})
    page = client.get(url).content.decode()
    assert reverse("reports:build_download", kwargs={"pk": build.pk}) in page
    assert "ยืนยันรายงานการประชุมแล้วอย่างน้อย 1 ครั้ง" in page and "ยังขาดส่วนที่ต้องมี" in page
    assert " checked" not in page
    refused = client.post(url, {"decision": "accept", "confirmed": "1"}).content.decode()
    assert "รับได้เฉพาะเป็นกรณียกเว้นโดยระบุเหตุผล" in refused
    client.post(url, {"decision": "accept", "exception_reason": "ส่งรายงานฉบับกระดาษแล้ว", "confirmed": "1"})
    page = client.get(url).content.decode()
    history = page.split("data-history")[1]
    assert "รับเป็นกรณียกเว้น: ส่งรายงานฉบับกระดาษแล้ว" in history
