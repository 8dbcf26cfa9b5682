"""Views of the reports app through the client: builds, status JSON, downloads, assessment, open data."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.urls import reverse

from bangkok_network.models import ProgressStatus, StepKind, StepProgress
from reports.models import Assessment, BuildStatus, DocumentBuild
from tests.meetings.factories import make_member
from tests.progress import factories as progress_factories
from tests.reports.factories import done_build, make_package_ready

pytestmark = pytest.mark.django_db


def _package_url(name, group, **extra):
    return reverse(f"reports:{name}", kwargs={"fiscal_year": 2564, "code": group.code, **extra})


def test_build_button_queues_once_and_shows_the_progress_page(
    client, staff, group, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=False):
        first = client.post(_package_url("package_build", group), {"format": "pdf"})
        second = client.post(_package_url("package_build", group), {"format": "pdf"})
    build = DocumentBuild.objects.get()
    assert first.url == second.url == reverse("reports:build_detail", kwargs={"pk": build.pk})
    page = client.get(first.url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'role="progressbar"' in html and "รอคิว" in html
    assert reverse("reports:build_status", kwargs={"pk": build.pk}) in html


def test_status_json_follows_the_build_and_gives_the_download_link(client, staff, cycle, group):
    client.force_login(staff)
    build = DocumentBuild.objects.create(
        kind="package",
        cycle=cycle,
        group=group,
        format="pdf",
        status=BuildStatus.RUNNING,
        progress=45,
        stage="ส่วนที่ 2",
    )
    status = client.get(reverse("reports:build_status", kwargs={"pk": build.pk})).json()
    assert status == {
        "id": build.pk,
        "status": "running",
        "status_label": "กำลังสร้าง",
        "progress": 45,
        "stage": "ส่วนที่ 2",
        "error": "",
        "is_active": True,
        "is_failed": False,
        "download_url": "",
        "size": 0,
    }
    DocumentBuild.objects.filter(pk=build.pk).update(status=BuildStatus.FAILED, error="ข้อมูลไม่ครบ")
    status = client.get(reverse("reports:build_status", kwargs={"pk": build.pk})).json()
    assert (status["status"], status["error"], status["is_active"], status["is_failed"]) == (
        "failed",
        "ข้อมูลไม่ครบ",
        False,
        True,
    )
    DocumentBuild.objects.filter(pk=build.pk).update(status=BuildStatus.DONE, error="")
    status = client.get(reverse("reports:build_status", kwargs={"pk": build.pk})).json()
    assert status["download_url"] == reverse("reports:build_download", kwargs={"pk": build.pk})


def test_a_finished_build_downloads_again_without_rebuilding(client, staff, cycle, group):
    client.force_login(staff)
    build = done_build(kind="package", cycle=cycle, group=group, content=b"%PDF-1.7 stored")
    url = reverse("reports:build_download", kwargs={"pk": build.pk})
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == b"%PDF-1.7 stored"
        assert response["Content-Type"] == "application/pdf"
    assert DocumentBuild.objects.count() == 1


def test_an_unfinished_build_has_nothing_to_download(client, staff, cycle, group):
    client.force_login(staff)
    build = DocumentBuild.objects.create(kind="package", cycle=cycle, group=group, format="pdf")
    assert client.get(reverse("reports:build_download", kwargs={"pk": build.pk})).status_code == 404


def test_package_page_offers_submit_for_the_latest_pdf_and_submit_marks_step_five(
    client, staff, cycle, group
):
    client.force_login(staff)
    build = done_build(kind="package", cycle=cycle, group=group, user=staff)
    page = client.get(_package_url("package", group)).content.decode()
    # Nothing of the four parts yet: the checklist says what is missing and there is no send button.
    assert "ยังส่งชุดเอกสารไม่ได้ เพราะยังขาด:" in page and f'name="build" value="{build.pk}"' not in page
    make_package_ready(cycle=cycle, group=group, user=staff)
    page = client.get(_package_url("package", group)).content.decode()
    assert f'name="build" value="{build.pk}"' in page
    asked = client.post(_package_url("package_submit", group), {"build": build.pk})
    # Without the browser's dialog the server asks on a page of its own, and nothing is sent yet.
    assert "ขั้นตอนที่ ๕ จะเป็น “ส่งแล้ว”" in asked.content.decode()
    assert f'name="build" value="{build.pk}"' in asked.content.decode()
    assert (
        StepProgress.objects.get(step__kind=StepKind.PACKAGE, group=group).status
        == ProgressStatus.NOT_STARTED
    )
    response = client.post(
        _package_url("package_submit", group), {"build": build.pk, "confirmed": "1"}, follow=True
    )
    assert "ส่งชุดเอกสารถึงสำนักยุทธศาสตร์และประเมินผลแล้ว" in response.content.decode()
    assert (
        StepProgress.objects.get(step__kind=StepKind.PACKAGE, group=group).status == ProgressStatus.SUBMITTED
    )


def test_submit_refuses_another_groups_build(client, staff, cycle, group, other_group):
    client.force_login(staff)
    other = done_build(kind="package", cycle=cycle, group=other_group)
    assert (
        client.post(_package_url("package_submit", group), {"build": other.pk, "confirmed": "1"}).status_code
        == 404
    )
    assert (
        StepProgress.objects.get(step__kind=StepKind.PACKAGE, group=other_group).status
        == ProgressStatus.NOT_STARTED
    )


def test_package_page_uses_a_constant_number_of_queries(
    client, staff, cycle, group, django_assert_max_num_queries
):
    client.force_login(staff)
    done_build(kind="package", cycle=cycle, group=group)
    # 14 before the checklist; its four parts read 7 more (steps, members, meetings, P1, executive
    # reports, projects and their reports), whatever the group holds.
    with django_assert_max_num_queries(21) as small:
        client.get(_package_url("package", group))
    for _ in range(15):
        done_build(kind="package", cycle=cycle, group=group, user=staff)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(_package_url("package", group))


def test_evaluation_page_shows_figures_charts_and_links(client, officer, cycle, group):
    make_member(cycle=cycle, group=group, first_name="สมศักดิ์")
    client.force_login(officer)
    html = client.get(reverse("reports:evaluation", kwargs={"fiscal_year": 2564})).content.decode()
    assert html.count('src="data:image/png;base64,') == 5
    assert reverse("reports:assessment_edit", kwargs={"fiscal_year": 2564, "code": group.code}) in html
    assert reverse("reports:evaluation_build", kwargs={"fiscal_year": 2564}) in html


def test_evaluation_page_query_count_does_not_grow_with_data(client, officer, cycle, group):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(officer)
    url = reverse("reports:evaluation", kwargs={"fiscal_year": 2564})

    def add(n):
        project = progress_factories.project(cycle=cycle, group=group, name=f"โครงการ {n}", order=n)
        progress_factories.report(project=project)
        make_member(cycle=cycle, group=group, first_name=f"สมาชิก{n}")

    add(0)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for n in range(1, 11):
        add(n)
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(large.captured_queries) == len(small.captured_queries)


def test_executives_read_the_evaluation_but_cannot_assess_or_build(client, executive):
    client.force_login(executive)
    html = client.get(reverse("reports:evaluation", kwargs={"fiscal_year": 2564})).content.decode()
    assert "assess/" not in html
    assert reverse("reports:evaluation_build", kwargs={"fiscal_year": 2564}) not in html


def test_assessment_form_saves_and_rerenders_bad_input_with_what_was_typed(client, officer, cycle, group):
    client.force_login(officer)
    url = reverse("reports:assessment_edit", kwargs={"fiscal_year": 2564, "code": group.code})
    bad = {
        "timeliness_score": "9",
        "registry_score": "3",
        "participation_score": "4",
        "projects_score": "4",
        "outcomes_score": "4",
        "comments": "<script>alert(1)</script> ความเห็นยาว",
    }
    page = client.get(url).content.decode()
    assert 'id="fig-steps">0 / 0 / 5<' in page  # the group's own figures beside the form
    response = client.post(url, bad)
    html = response.content.decode()
    assert response.status_code == 200
    assert "&lt;script&gt;alert(1)&lt;/script&gt; ความเห็นยาว" in html
    assert "<script>alert(1)" not in html
    assert not Assessment.objects.exists()
    good = {**bad, "timeliness_score": "5"}
    assert client.post(url, good).status_code == 302
    assessment = Assessment.objects.get()
    assert (assessment.total_score, assessment.comments) == (20, "<script>alert(1)</script> ความเห็นยาว")


def test_open_data_has_projects_and_progress_but_no_personal_data(client, staff, cycle, group):
    member = make_member(
        cycle=cycle,
        group=group,
        first_name="ลับเฉพาะ",
        last_name="ส่วนบุคคล",
        phone="0891112233",
        email="secret@example.test",
    )
    project = progress_factories.project(cycle=cycle, group=group, name='=HYPERLINK("x")', budget="12000.00")
    progress_factories.report(
        project=project,
        percent=70,
        budget_spent="9000.00",
        participants=12,
        activities=f"ประชุมกับ{member.first_name}",
    )
    draft = progress_factories.project(cycle=cycle, group=DistrictGroup_other(), name="ร่างยังไม่ส่ง", version=0)
    client.force_login(staff)
    raw_csv = client.get(reverse("reports:opendata", kwargs={"fiscal_year": 2564, "fmt": "csv"})).content
    raw_json = client.get(reverse("reports:opendata", kwargs={"fiscal_year": 2564, "fmt": "json"})).content
    for raw in (raw_csv, raw_json):
        text = raw.decode("utf-8-sig")
        for secret in ("ลับเฉพาะ", "ส่วนบุคคล", "0891112233", "secret@example.test", staff.username):
            assert secret not in text
        assert draft.name not in text
    rows = list(csv.DictReader(io.StringIO(raw_csv.decode("utf-8-sig"))))
    assert len(rows) == 1
    assert rows[0]["project_name"] == '\'=HYPERLINK("x")'  # no formula runs in a spreadsheet
    assert (
        rows[0]["budget_baht"],
        rows[0]["percent_complete"],
        rows[0]["budget_spent_baht"],
        rows[0]["participants"],
    ) == ("12000.00", "70", "9000.00", "12")
    document = json.loads(raw_json)
    assert document["projects"][0]["group_code"] == group.code
    assert document["projects"][0]["budget_baht"] == "12000.00"


def DistrictGroup_other():  # noqa: N802  (a helper named like the model it returns)
    from bangkok_network.models import DistrictGroup

    return DistrictGroup.objects.get(code="bkk-north")


def test_open_data_refuses_other_formats(client, staff):
    client.force_login(staff)
    assert client.get("/documents/open-data/2564/projects.xml").status_code == 404


def test_document_url_of_a_long_document_serves_the_stored_build_or_the_page(client, staff, cycle, group):
    client.force_login(staff)
    url = reverse(
        "reports:document", kwargs={"kind": "package", "fiscal_year": 2564, "group": group.code, "fmt": "pdf"}
    )
    assert client.get(url).url == _package_url("package", group)  # nothing built yet: go build it
    build = done_build(kind="package", cycle=cycle, group=group)
    assert client.get(url).url == reverse("reports:build_download", kwargs={"pk": build.pk})
    assert DocumentBuild.objects.count() == 1  # nothing rendered inside the request


def test_failed_build_page_says_why(client, staff, cycle, group):
    client.force_login(staff)
    build = DocumentBuild.objects.create(
        kind="package",
        cycle=cycle,
        group=group,
        format="pdf",
        status=BuildStatus.FAILED,
        error="ข้อมูลทะเบียนเสียหาย",
    )
    html = client.get(reverse("reports:build_detail", kwargs={"pk": build.pk})).content.decode()
    assert "ข้อมูลทะเบียนเสียหาย" in html
    assert 'id="build-done" hidden' in html
    assert 'progress-bar bg-danger"' in html
    assert '<div id="build-error" class="alert alert-danger">' in html  # shown, not hidden
    assert 'action="/documents/package/2564/bkk-central/build/">' in html  # the retry, not hidden
    assert f"ชุดเอกสารผลการดำเนินงาน {group.full_name}" in html


def test_a_running_build_page_hides_the_failure_and_names_the_evaluation(client, officer, cycle):
    build = DocumentBuild.objects.create(
        kind="evaluation", cycle=cycle, format="xlsx", status=BuildStatus.RUNNING, progress=10
    )
    client.force_login(officer)

    html = client.get(reverse("reports:build_detail", kwargs={"pk": build.pk})).content.decode()

    assert '<div id="build-error" class="alert alert-danger" hidden>' in html
    assert "bg-danger" not in html
    assert "สร้างเอกสาร: รายงานผลการติดตามประเมินผล" in html
    assert 'href="/documents/evaluation/2564/">' in html


def test_a_build_the_worker_lost_shows_as_timed_out(client, staff, cycle, group):
    from datetime import timedelta

    from django.utils import timezone

    client.force_login(staff)
    build = DocumentBuild.objects.create(
        kind="package", cycle=cycle, group=group, format="pdf", status=BuildStatus.RUNNING, progress=30
    )
    DocumentBuild.objects.filter(pk=build.pk).update(created_at=timezone.now() - timedelta(hours=2))
    status = client.get(reverse("reports:build_status", kwargs={"pk": build.pk})).json()
    assert (status["status"], status["is_active"]) == ("failed", False)
    assert status["error"].startswith("หมดเวลาสร้างเอกสาร")
    html = client.get(reverse("reports:build_detail", kwargs={"pk": build.pk})).content.decode()
    assert 'data-status="failed"' in html and "หมดเวลาสร้างเอกสาร" in html
