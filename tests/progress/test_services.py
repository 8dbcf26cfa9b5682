"""Progress reports, photos and files, and reports to executives, written through the services."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine

from bangkok_network.models import AuditEntry, ProgressStatus, StepKind, StepProgress
from progress import services
from progress.models import ExecutiveReport, ProgressAttachment, ProgressReport
from tests.progress import factories

pytestmark = pytest.mark.django_db

TODAY = datetime.datetime(2021, 7, 1, 10, 0, tzinfo=datetime.UTC)


def _fields(**overrides):
    return {
        "report_date": datetime.date(2021, 6, 30),
        "percent": 40,
        "budget_spent": Decimal("50000.00"),
        "activities": "ลอกท่อแล้ว",
        "outputs": "",
        "outcomes": "",
        "participants": 20,
        "problems": "",
        "next_steps": "",
        **overrides,
    }


@pytest.fixture
def project(cycle, group):
    return factories.project(cycle=cycle, group=group, budget="150000.00")


@time_machine.travel(TODAY)
def test_create_copies_cycle_and_group_and_marks_step_four_in_progress(project, staff, cycle, group):
    report = services.progress_report_create(project=project, user=staff, **_fields())
    assert (report.cycle, report.group, report.created_by) == (cycle, group, staff)
    step = StepProgress.objects.get(step__cycle=cycle, step__kind=StepKind.PROJECTS, group=group)
    assert step.status == ProgressStatus.IN_PROGRESS
    assert AuditEntry.objects.filter(action="progress_report.create", object_id=str(report.pk)).exists()


@time_machine.travel(TODAY)
@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"percent": 101}, "100"),
        ({"budget_spent": Decimal("150000.01")}, "เกินงบประมาณของโครงการ"),
        ({"budget_spent": Decimal("-1")}, "0"),
        ({"report_date": datetime.date(2021, 10, 1)}, "ปีงบประมาณ 2564"),
        ({"report_date": datetime.date(2021, 7, 2)}, "อนาคต"),
        ({"activities": ""}, "เว้นว่างไม่ได้"),
    ],
)
def test_create_refuses_bad_values_with_a_thai_message(project, staff, overrides, message):
    with pytest.raises(services.ProgressError, match=message):
        services.progress_report_create(project=project, user=staff, **_fields(**overrides))
    assert not ProgressReport.objects.exists()


@time_machine.travel(TODAY)
def test_only_the_groups_own_people_report(project, other_staff, officer, executive):
    for user in (other_staff, officer, executive):
        with pytest.raises(services.ProgressError, match="เฉพาะเจ้าหน้าที่หรือประธาน"):
            services.progress_report_create(project=project, user=user, **_fields())


@time_machine.travel(TODAY)
def test_update_changes_only_the_given_fields(project, chair):
    report = factories.report(project=project, percent=10)
    services.progress_report_update(report=report, user=chair, percent=80, outcomes="น้ำไม่ท่วมแล้ว")
    report.refresh_from_db()
    assert (report.percent, report.outcomes, report.activities) == (80, "น้ำไม่ท่วมแล้ว", "ลอกท่อแล้ว 2 ชุมชน")


@time_machine.travel(TODAY)
def test_photo_is_accepted_by_content_and_stored_under_our_name(project, staff):
    report = factories.report(project=project)
    attachment = services.progress_attachment_add(
        report=report, user=staff, upload=factories.png_file("../../x.exe"), caption="ก่อนลอกท่อ"
    )
    assert attachment.content_type == "image/png"
    assert attachment.original_name == "x.exe"
    assert attachment.file.name.endswith(".png") and "report-" in attachment.file.name
    assert attachment.file.read() == factories.PNG_BYTES


@time_machine.travel(TODAY)
def test_a_file_pretending_to_be_a_photo_is_refused(project, staff):
    report = factories.report(project=project)
    fake = factories.upload("photo.jpg", b"<html><script>alert(1)</script></html>")
    with pytest.raises(services.ProgressError, match="ไม่ใช่ชนิดที่รับ"):
        services.progress_attachment_add(report=report, user=staff, upload=fake)
    pdf_as_photo = factories.upload("scan.png", factories.PDF_BYTES)
    with pytest.raises(services.ProgressError, match="ไม่ใช่ชนิดที่รับ"):
        services.progress_attachment_add(report=report, user=staff, upload=pdf_as_photo, kind="photo")
    assert not ProgressAttachment.objects.exists()


@time_machine.travel(TODAY)
def test_a_pdf_document_is_accepted_and_oversize_files_are_refused(project, staff, monkeypatch):
    report = factories.report(project=project)
    document = services.progress_attachment_add(
        report=report,
        user=staff,
        kind="document",
        upload=factories.upload("minutes.pdf", factories.PDF_BYTES),
    )
    assert document.content_type == "application/pdf"
    monkeypatch.setattr(services, "PHOTO_MAX_BYTES", 10)
    with pytest.raises(services.ProgressError, match="ใหญ่เกินไป"):
        services.progress_attachment_add(report=report, user=staff, upload=factories.png_file())
    assert ProgressAttachment.objects.count() == 1


@time_machine.travel(TODAY)
def test_executive_report_keeps_to_whom_when_and_the_copy(cycle, group, staff):
    record = services.executive_report_create(
        cycle=cycle,
        group=group,
        user=staff,
        recipient_kind="committee",
        recipient="  ประธานคณะกรรมการประสานงานฯ ",
        reported_on=datetime.date(2021, 6, 15),
        summary="รายงานผลครึ่งปี",
        upload=factories.upload("รายงาน.pdf", factories.PDF_BYTES),
    )
    assert (record.recipient, record.file_name, record.file_type) == (
        "ประธานคณะกรรมการประสานงานฯ",
        "รายงาน.pdf",
        "application/pdf",
    )
    assert record.file.read() == factories.PDF_BYTES
    step = StepProgress.objects.get(step__cycle=cycle, step__kind=StepKind.PROJECTS, group=group)
    assert (step.status, step.acted_by) == (ProgressStatus.SUBMITTED, staff)


@time_machine.travel(TODAY)
def test_executive_report_without_a_copy_leaves_step_four_in_progress(cycle, group, staff):
    services.executive_report_create(
        cycle=cycle,
        group=group,
        user=staff,
        recipient_kind="executive",
        recipient="ผู้อำนวยการเขต",
        reported_on=datetime.date(2021, 6, 15),
    )
    step = StepProgress.objects.get(step__cycle=cycle, step__kind=StepKind.PROJECTS, group=group)
    assert step.status == ProgressStatus.IN_PROGRESS


@time_machine.travel(TODAY)
def test_executive_report_refuses_a_wrong_copy_and_keeps_nothing(cycle, group, staff):
    with pytest.raises(services.ProgressError, match="ไม่ใช่ชนิดที่รับ"):
        services.executive_report_create(
            cycle=cycle,
            group=group,
            user=staff,
            recipient_kind="executive",
            recipient="ผู้ว่าฯ",
            reported_on=datetime.date(2021, 6, 15),
            upload=factories.upload("x.pdf", b"MZ\x90\x00 not a pdf"),
        )
    assert not ExecutiveReport.objects.exists()
