"""Views of the progress app through the client: forms keep what was typed, uploads are checked."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from progress.models import ExecutiveReport, ProgressAttachment, ProgressReport
from tests.progress import factories

pytestmark = pytest.mark.django_db

TODAY = datetime.datetime(2021, 7, 1, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture
def project(cycle, group):
    return factories.project(cycle=cycle, group=group, budget="150000.00")


@time_machine.travel(TODAY)
def test_report_form_saves_with_a_be_date_and_a_comma_amount(client, staff, project):
    client.force_login(staff)
    response = client.post(
        reverse("progress:report_create", kwargs={"project_pk": project.pk}),
        {
            "report_date": "30/06/2564",
            "percent": "55",
            "budget_spent": "12,500.50",
            "activities": "ประชุมชุมชน",
            "participants": "40",
        },
    )
    report = ProgressReport.objects.get()
    assert response.url == reverse("progress:report_detail", kwargs={"pk": report.pk})
    assert (report.report_date, report.percent, str(report.budget_spent)) == (
        datetime.date(2021, 6, 30),
        55,
        "12500.50",
    )


@time_machine.travel(TODAY)
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("report_date", "30/06/2021", "พ.ศ."),
        ("percent", "150", "ร้อยละต้องไม่เกิน"),
        ("budget_spent", "99999999999999999", "จำนวนเงินสูงเกินไป"),
        ("budget_spent", "200000", "เกินงบประมาณของโครงการ"),
    ],
)
def test_bad_input_rerenders_with_a_thai_message_and_keeps_what_was_typed(
    client, staff, project, field, value, message
):
    client.force_login(staff)
    data = {
        "report_date": "30/06/2564",
        "percent": "55",
        "budget_spent": "100",
        "participants": "3",
        "activities": "<b>กิจกรรม</b> ที่พิมพ์ไว้ยาว ๆ",
        field: value,
    }
    response = client.post(reverse("progress:report_create", kwargs={"project_pk": project.pk}), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert "&lt;b&gt;กิจกรรม&lt;/b&gt; ที่พิมพ์ไว้ยาว ๆ" in html
    assert not ProgressReport.objects.exists()


@time_machine.travel(TODAY)
def test_upload_of_a_wrong_type_is_explained_and_a_photo_is_kept(client, staff, project):
    report = factories.report(project=project)
    client.force_login(staff)
    url = reverse("progress:attachment_add", kwargs={"pk": report.pk})
    response = client.post(
        url, {"kind": "photo", "file": factories.upload("virus.jpg", b"MZ\x90\x00")}, follow=True
    )
    assert "ไม่ใช่ชนิดที่รับ" in response.content.decode()
    client.post(url, {"kind": "photo", "caption": "ภาพกิจกรรม", "file": factories.png_file()})
    attachment = ProgressAttachment.objects.get()
    download = client.get(reverse("progress:attachment_download", kwargs={"pk": attachment.pk}))
    assert download["Content-Type"] == "image/png"
    assert b"".join(download.streaming_content) == factories.PNG_BYTES
    page = client.get(report.get_absolute_url()).content.decode()
    src = reverse("progress:attachment_download", kwargs={"pk": attachment.pk})
    assert f'<img class="img-fluid border" src="{src}" alt="ภาพกิจกรรม">' in page  # a photo shows


@time_machine.travel(TODAY)
def test_executive_report_form_records_the_copy(client, chair, cycle, group):
    client.force_login(chair)
    url = reverse("progress:executive_report_create", kwargs={"fiscal_year": 2564, "code": group.code})
    response = client.post(
        url,
        {
            "recipient_kind": "executive",
            "recipient": "ผู้อำนวยการเขตพระนคร",
            "reported_on": "15/06/2564",
            "summary": "สรุปผล",
            "file": factories.upload("copy.pdf", factories.PDF_BYTES),
        },
    )
    assert response.status_code == 302
    record = ExecutiveReport.objects.get()
    copy = client.get(reverse("progress:executive_report_download", kwargs={"pk": record.pk}))
    assert b"".join(copy.streaming_content) == factories.PDF_BYTES


def test_group_page_lists_projects_with_a_constant_number_of_queries(client, staff, cycle, group):
    client.force_login(staff)
    url = reverse("progress:report_list", kwargs={"fiscal_year": 2564, "code": group.code})

    def add(n):
        project = factories.project(cycle=cycle, group=group, name=f"โครงการ {n}", order=n)
        factories.report(project=project)

    add(0)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    for n in range(1, 12):
        add(n)
    with CaptureQueriesContext(connection) as large:
        html = client.get(url).content.decode()
    assert len(large.captured_queries) == len(small.captured_queries)
    assert "โครงการ 11" in html


@time_machine.travel(TODAY)
def test_copies_of_the_reports_print_from_the_group_page(client, staff, project):
    from reports.pdf.textcheck import extract_text_pdftotext, normalise

    factories.report(project=project, activities="ลอกท่อริมคลองแล้ว")
    client.force_login(staff)
    page = client.get(
        reverse("progress:report_list", kwargs={"fiscal_year": 2564, "code": project.form.group.code})
    )
    link = reverse(
        "reports:document",
        kwargs={"kind": "progress", "fiscal_year": 2564, "group": project.form.group.code, "fmt": "pdf"},
    )
    assert link in page.content.decode()
    text = normalise(extract_text_pdftotext(client.get(link).content), drop_whitespace=True)
    assert "ลอกท่อระบายน้ำในชุมชน" in text and "ลอกท่อริมคลองแล้ว" in text


@time_machine.travel(TODAY)
def test_a_photo_uploaded_by_mistake_is_deleted_after_confirming(
    client, staff, project, django_capture_on_commit_callbacks
):
    from progress import services

    report = factories.report(project=project)
    attachment = services.progress_attachment_add(report=report, user=staff, upload=factories.png_file())
    stored = attachment.file.path
    client.force_login(staff)
    url = reverse("progress:attachment_delete", kwargs={"pk": attachment.pk})
    client.post(url)
    assert ProgressAttachment.objects.filter(pk=attachment.pk).exists()  # not confirmed: kept
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"confirm": "1"})
    assert response.url == reverse("progress:report_detail", kwargs={"pk": report.pk})
    assert not ProgressAttachment.objects.filter(pk=attachment.pk).exists()
    assert not __import__("os").path.exists(stored)


@time_machine.travel(TODAY)
def test_executive_report_with_a_wrong_copy_rerenders_with_what_was_typed(client, chair, group):
    client.force_login(chair)
    url = reverse("progress:executive_report_create", kwargs={"fiscal_year": 2564, "code": group.code})
    response = client.post(
        url,
        {
            "recipient_kind": "committee",
            "recipient": "ประธานคณะกรรมการฯ",
            "reported_on": "15/06/2564",
            "summary": "สรุปที่พิมพ์ไว้",
            "file": factories.upload("copy.pdf", b"not really a pdf"),
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "ไม่ใช่ชนิดที่รับ" in html
    assert "ประธานคณะกรรมการฯ" in html and "สรุปที่พิมพ์ไว้" in html
    assert not ExecutiveReport.objects.exists()


@time_machine.travel(TODAY)
def test_report_and_its_photos_are_saved_together_or_not_at_all(client, staff, project):
    client.force_login(staff)
    url = reverse("progress:report_create", kwargs={"project_pk": project.pk})
    data = {
        "report_date": "30/06/2564",
        "percent": "20",
        "budget_spent": "0",
        "participants": "5",
        "activities": "สำรวจพื้นที่",
    }
    refused = client.post(
        url, {**data, "photos": [factories.png_file("a.png"), factories.upload("b.jpg", b"MZ")]}
    )
    assert "“b.jpg” ไม่ใช่ชนิดที่รับ" in refused.content.decode()
    assert not ProgressReport.objects.exists() and not ProgressAttachment.objects.exists()
    client.post(url, {**data, "photos": [factories.png_file("a.png"), factories.png_file("c.png")]})
    report = ProgressReport.objects.get()
    assert sorted(report.attachments.values_list("original_name", flat=True)) == ["a.png", "c.png"]
