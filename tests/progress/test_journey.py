"""Browser journey on a phone: report progress, attach a photo, record the report to executives."""

from __future__ import annotations

import pytest

from bangkok_network.models import DistrictGroup, ProgressStatus, Role, StepKind, StepProgress
from progress.models import ExecutiveReport, ProgressAttachment, ProgressReport
from tests.conftest import browser_login
from tests.progress import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_reports_progress_with_a_photo_on_a_phone(
    phone_page, live_server, reference_data, make_user, tmp_path
):
    page = phone_page
    group = DistrictGroup.objects.get(code="bkk-central")
    make_user(Role.GROUP_STAFF, group=group, username="journey-progress")
    project = factories.project(cycle=reference_data, group=group, name="ลานกีฬาชุมชนริมคลอง", budget="80000.00")
    photo = tmp_path / "site.png"
    photo.write_bytes(factories.PNG_BYTES)
    copy = tmp_path / "copy.pdf"
    copy.write_bytes(factories.PDF_BYTES)
    browser_login(page, live_server, "journey-progress")

    page.goto(f"{live_server.url}/progress/2564/bkk-central/")
    page.get_by_role("link", name="รายงานความคืบหน้า").click()
    page.fill("#id_report_date", "30/06/2564")
    page.fill("#id_percent", "60")
    page.fill("#id_budget_spent", "90,000")  # more than the budget: refused, nothing typed is lost
    page.fill("#id_activities", "ปรับพื้นลานและติดตั้งไฟส่องสว่าง")
    page.fill("#id_participants", "45")
    page.click("main form button[type=submit]")
    assert "เกินงบประมาณของโครงการ" in page.content()
    assert page.input_value("#id_activities") == "ปรับพื้นลานและติดตั้งไฟส่องสว่าง"
    page.fill("#id_budget_spent", "48,000.50")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/progress/reports/*/")
    report = ProgressReport.objects.get(project=project)
    assert (report.percent, str(report.budget_spent), report.participants) == (60, "48000.50", 45)

    page.set_input_files("#id_file", str(photo))
    page.fill("#id_caption", "ลานกีฬาหลังปรับปรุง")
    page.get_by_role("button", name="แนบไฟล์").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("img", name="ลานกีฬาหลังปรับปรุง").is_visible()
    assert ProgressAttachment.objects.get(report=report).content_type == "image/png"

    page.goto(f"{live_server.url}/progress/2564/bkk-central/")
    page.get_by_role("link", name="บันทึกการรายงาน").click()
    page.select_option("#id_recipient_kind", "committee")
    page.fill("#id_recipient", "ประธานคณะกรรมการประสานงานฯ กลุ่มกรุงเทพกลาง")
    page.fill("#id_reported_on", "20/08/2564")
    page.set_input_files("#id_file", str(copy))
    page.click("main form button[type=submit]")
    page.wait_for_url("**/progress/2564/bkk-central/")
    assert ExecutiveReport.objects.get(group=group).file_type == "application/pdf"
    step = StepProgress.objects.get(step__cycle=reference_data, step__kind=StepKind.PROJECTS, group=group)
    assert step.status == ProgressStatus.SUBMITTED
