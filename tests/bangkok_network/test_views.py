import io
import re
from datetime import date

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from bangkok_network import services
from bangkok_network.models import Cycle, ProgressStatus, StepKind, fiscal_year_of
from reports.pdf.textcheck import extract_text_pdftotext, normalise

pytestmark = pytest.mark.django_db


def test_home_sends_each_role_to_its_start_page(client, staff, officer, executive, group):
    client.force_login(staff)
    assert client.get("/").url == reverse("group_detail", args=[group.code])
    client.force_login(officer)
    assert client.get("/").url == reverse("dashboard")
    client.force_login(executive)
    assert client.get("/").url == reverse("dashboard")


def test_anonymous_users_are_sent_to_login(client, cycle):
    response = client.get("/dashboard/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_dashboard_shows_the_matrix_with_text_and_colour(client, officer, cycle, group, staff):
    services.progress_set(
        cycle=cycle, group=group, kind=StepKind.REGISTRY, status=ProgressStatus.SUBMITTED, user=staff
    )
    client.force_login(officer)
    response = client.get("/dashboard/?cycle=2564")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('data-state="') == 36
    assert (
        'data-group="bkk-central" data-step="1" data-state="submitted_late"' in html
    )  # sent after 31 Mar 2021
    assert "ส่งล่าช้า" in html and "กรุงธนใต้" in html
    assert "ครบกำหนด 14 พ.ค. 2564" in html


def test_dashboard_offers_the_review_of_a_sent_step_only(client, officer, executive, cycle, group, staff):
    sent = services.progress_set(
        cycle=cycle, group=group, kind=StepKind.REGISTRY, status=ProgressStatus.SUBMITTED, user=staff
    )
    services.progress_set(
        cycle=cycle, group=group, kind=StepKind.MEETINGS, status=ProgressStatus.IN_PROGRESS, user=staff
    )
    client.force_login(officer)

    html = client.get("/dashboard/?cycle=2564").content.decode()

    assert html.count(">พิจารณา</a>") == 1
    assert f'href="/step-progress/{sent.pk}/review/">พิจารณา</a>' in html
    client.force_login(executive)  # executives read the dashboard; the review is the department's
    assert ">พิจารณา</a>" not in client.get("/dashboard/?cycle=2564").content.decode()


def test_group_home_shows_its_own_next_deadlines(client, staff, group):
    client.force_login(staff)
    html = client.get(f"/groups/{group.code}/").content.decode()
    assert "กำหนดส่งถัดไป" in html
    assert "1. จัดทำทะเบียนบัญชีประชาสังคมของกลุ่มเขต" in html
    assert "เขตพระนคร" in html and "เขตบางรัก" not in html


def test_group_pages_of_another_group_are_404(client, staff, other_group):
    client.force_login(staff)
    assert client.get(f"/groups/{other_group.code}/").status_code == 404
    assert client.get(f"/groups/{other_group.code}/calendar.ics").status_code == 404
    assert client.get(f"/documents/memo/2564/{other_group.code}.pdf").status_code == 404


def test_cycle_copy_view_creates_next_year_and_refuses_a_ce_year(client, officer, cycle):
    client.force_login(officer)
    response = client.post("/cycles/2564/copy/", {"fiscal_year": "2022"})
    assert response.status_code == 200
    assert "ดูเหมือนเป็นปี ค.ศ." in response.content.decode()
    assert not Cycle.objects.filter(fiscal_year__in=[2022, 2565]).exists()
    response = client.post("/cycles/2564/copy/", {"fiscal_year": "๒๕๖๕"})
    assert response.status_code == 302 and response.url == "/cycles/2565/groups/"  # regroup next
    assert Cycle.objects.get(fiscal_year=2565).steps.count() == 6


def test_step_edit_refuses_due_before_start_and_keeps_what_was_typed(client, officer, cycle):
    client.force_login(officer)
    step = cycle.steps.get(number=2)
    data = {
        "title": "ประชุมใหม่",
        "description": "",
        "period_label": "",
        "start_date": "20/04/2564",
        "due_date": "10/04/2564",
        "deliverable": "x",
        "responsible": "group",
    }
    response = client.post("/cycles/2564/steps/2/edit/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "วันครบกำหนดต้องไม่อยู่ก่อนวันเริ่ม" in html
    assert 'value="ประชุมใหม่"' in html and 'value="10/04/2564"' in html
    step.refresh_from_db()
    assert step.title != "ประชุมใหม่" and step.due_date == date(2021, 4, 30)
    data["due_date"] = "2021-04-25"
    response = client.post("/cycles/2564/steps/2/edit/", data)
    assert "ค.ศ." in response.content.decode()
    data["due_date"] = "25/04/2564"
    assert client.post("/cycles/2564/steps/2/edit/", data).status_code == 302
    step.refresh_from_db()
    assert (step.title, step.due_date) == ("ประชุมใหม่", date(2021, 4, 25))


def test_html_in_a_text_field_is_shown_as_text(client, officer, cycle, staff, group):
    client.force_login(officer)
    step = cycle.steps.get(number=1)
    data = {
        "title": "<script>alert(1)</script>",
        "description": "",
        "period_label": "",
        "start_date": "01/03/2564",
        "due_date": "31/03/2564",
        "deliverable": "",
        "responsible": "group",
    }
    client.post("/cycles/2564/steps/1/edit/", data)
    step.refresh_from_db()
    assert step.title == "<script>alert(1)</script>"
    client.force_login(staff)
    html = client.get(f"/groups/{group.code}/").content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_progress_review_returns_with_a_comment(client, officer, cycle, group, staff):
    progress = services.progress_set(
        cycle=cycle, group=group, kind=StepKind.MEETINGS, status=ProgressStatus.SUBMITTED, user=staff
    )
    client.force_login(officer)
    response = client.post(f"/step-progress/{progress.pk}/review/", {"decision": "return", "note": ""})
    assert "กรุณาระบุเหตุผล" in response.content.decode()
    response = client.post(
        f"/step-progress/{progress.pk}/review/",
        {"decision": "return", "note": "แก้งบประมาณ", "confirmed": "1"},
    )
    assert response.status_code == 302
    progress.refresh_from_db()
    assert (progress.status, progress.note) == ("returned", "แก้งบประมาณ")


def test_calendar_feed_lists_the_steps_as_all_day_events(client, group, cycle):
    response = client.get(f"/calendar/{group.ics_token}.ics")
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = [c for c in calendar.walk("VEVENT")]
    assert len(events) == 6
    p1 = next(e for e in events if str(e["summary"]).startswith("[2564] 3."))
    assert p1.decoded("dtstart") == date(2021, 5, 3)
    assert p1.decoded("dtend") == date(2021, 5, 15)  # exclusive end: due 14 May
    assert client.get("/calendar/00000000-0000-0000-0000-000000000000.ics").status_code == 404


def test_memo_pdf_has_the_group_subject_correct_text_and_calendar(client, officer, cycle):
    client.force_login(officer)
    response = client.get("/documents/memo/2564/bkk-central.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = normalise(extract_text_pdftotext(response.content), drop_whitespace=True)
    for expected in [
        "บันทึกข้อความ",
        "ประธานกลุ่มการปฏิบัติงานของสำนักงานเขตกลุ่มกรุงเทพกลาง",
        "เรื่องการดำเนินการขับเคลื่อนเครือข่ายประชาสังคมกลุ่มการปฏิบัติงานของสำนักงานเขต",
        "ภาครัฐมีขนาดเล็กลงเหมาะสมกับภารกิจ",
        "ควรสอดคล้องกับสภาพปัญหา",
        "รายละเอียดตามแบบP1",  # a form's code keeps its Latin digit
        "วันที่๑๓มีนาคม๒๕๖๔",
        "กท๐๕๐๒/๕๓๖",
        "ในปีงบประมาณพ.ศ.๒๕๖๓",
        "(นางสาววิมลวัฒนชัย)",
        "ผู้อำนวยการสำนักยุทธศาสตร์และประเมินผล",
        "ปฏิทินการดำเนินการ",
        "มี.ค.๒๕๖๔",
        "๑-๓๐เม.ย.๒๕๖๔",
        "๓-๑๔พ.ค.๒๕๖๔",
        "๑๗พ.ค.-๒๖ส.ค.๒๕๖๔",
        "๒๗ส.ค.๒๕๖๔",
        "๑๐ก.ย.๒๕๖๔",
    ]:
        assert expected in text, expected
    for typo in ["เล็กกระทัดรัด", "การกิจ", "ตรวจสอบคล้อย", "พัฒนาาระบบ", "ส่วนที่สี่", "กลุ่มกรุงเทพมหานคร", "2564"]:
        assert typo not in text, typo


def test_memo_follows_the_cycle_data_and_digit_setting(client, officer, cycle):
    services.cycle_update(
        cycle=cycle,
        user=officer,
        signer_name="นายทดสอบ ระบบ",
        memo_number="กท 0502/999",
        use_thai_digits=False,
    )
    client.force_login(officer)
    text = normalise(
        extract_text_pdftotext(client.get("/documents/memo/2564/thon-south.pdf").content),
        drop_whitespace=True,
    )
    assert "(นายทดสอบระบบ)" in text and "กท0502/999" in text and "กลุ่มกรุงธนใต้" in text
    assert "13มีนาคม2564" in text


def test_english_is_available(client, officer, cycle):
    client.force_login(officer)
    client.post("/i18n/setlang/", {"language": "en", "next": "/dashboard/"})
    html = client.get("/dashboard/").content.decode()
    assert 'lang="en"' in html and "Overview" in html


def test_generic_step_review_sends_p1_to_its_own_review_page(client, officer, cycle, group, staff):
    progress = services.progress_set(
        cycle=cycle, group=group, kind=StepKind.P1, status=ProgressStatus.SUBMITTED, user=staff
    )
    client.force_login(officer)
    response = client.post(f"/step-progress/{progress.pk}/review/", {"decision": "accept", "note": ""})
    assert response.status_code == 302 and response.url == "/p1/2564/bkk-central/"
    progress.refresh_from_db()
    assert progress.status == "submitted"


def test_the_dashboards_review_link_for_p1_opens_the_p1_page_with_its_review_form(
    client, officer, cycle, group, staff
):
    """It linked to /p1/<year>/<group>/review/, a POST-only view: a blank 405 page in the browser."""
    from projects_p1.services import p1_form_submit
    from tests.projects_p1.factories import complete_form

    p1_form_submit(form=complete_form(cycle=cycle, group=group, user=staff), user=staff)
    client.force_login(officer)
    html = client.get("/dashboard/?cycle=2564").content.decode()
    assert 'href="/p1/2564/bkk-central/">พิจารณา</a>' in html
    page = client.get("/p1/2564/bkk-central/")
    assert page.status_code == 200
    assert 'action="/p1/2564/bkk-central/review/"' in page.content.decode()


def test_generic_step_review_refuses_a_group_before_it_looks_at_the_step(client, cycle, group, staff):
    """The role is checked first: a group's staff learns nothing about where a step is reviewed."""
    progress = services.progress_set(
        cycle=cycle, group=group, kind=StepKind.P1, status=ProgressStatus.SUBMITTED, user=staff
    )
    client.force_login(staff)

    assert client.get(f"/step-progress/{progress.pk}/review/").status_code == 403
    assert client.get(f"/step-progress/{progress.pk + 10_000}/review/").status_code == 403
    client.logout()
    response = client.get(f"/step-progress/{progress.pk}/review/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_form_pages_show_their_own_heading_and_form(client, officer, cycle, group, staff):
    progress = services.progress_set(
        cycle=cycle, group=group, kind=StepKind.MEETINGS, status=ProgressStatus.SUBMITTED, user=staff
    )
    client.force_login(officer)
    pages = {
        "/cycles/2564/copy/": "สร้างรอบปีงบประมาณใหม่",
        "/cycles/2564/edit/": "แก้ไขข้อมูลรอบการดำเนินงาน",
        "/cycles/2564/steps/2/edit/": "แก้ไขขั้นตอนในปฏิทิน",
        f"/step-progress/{progress.pk}/review/": "พิจารณาผลการส่งงาน",
    }
    for url, heading in pages.items():
        html = client.get(url).content.decode()
        assert f'<h1 class="h4">{heading}</h1>' in html, url
        assert 'method="post"' in html and "csrfmiddlewaretoken" in html
    review = client.get(f"/step-progress/{progress.pk}/review/").content.decode()
    assert "กลุ่มกรุงเทพกลาง — 2. ประชุมหารือกำหนดประเด็นสำคัญ" in review
    assert "ผลการพิจารณา" in review and "Decision" not in review


@override_settings(DEBUG=True)
def test_after_load_demo_data_today_the_pages_show_a_programme_in_progress(client, django_user_model):
    """Whatever day the suite runs, the demo's pages show a live cycle, not one years overdue."""
    call_command("load_demo_data", stdout=io.StringIO())
    today = timezone.localdate()
    cycle = Cycle.objects.get(fiscal_year=fiscal_year_of(today))
    open_step = cycle.steps.get(start_date__lte=today, due_date__gte=today)
    client.force_login(django_user_model.objects.get(username="officer"))

    response = client.get(reverse("dashboard"))
    assert response.context["cycle"] == cycle  # the cycle holding today, not the reference one
    cells = [d for _, row in response.context["rows"] for d in row if d.step == open_step]
    assert any(not d.is_done and d.days_left >= 0 for d in cells)
    html = response.content.decode()
    assert 'data-testid="today-marker"' in html
    overdue = [int(days) for days in re.findall(r"เกิน (\d+) วัน", html)]
    assert all(days < 366 for days in overdue), overdue  # no "เกินกำหนด เกิน 2071 วัน"

    client.force_login(django_user_model.objects.get(username="staff-bkk-central"))
    response = client.get(reverse("group_detail", kwargs={"code": "bkk-central"}))
    soonest = response.context["next_deadlines"][0]
    assert soonest.step.cycle == cycle and soonest.days_left >= 0

    client.force_login(django_user_model.objects.get(username="executive"))
    response = client.get(reverse("reports:evaluation_current"))
    assert response.status_code == 302 and response.url == reverse(
        "reports:evaluation", args=[cycle.fiscal_year]
    )


def test_pages_open_on_the_cycle_holding_today_even_when_a_later_one_exists(
    client, officer, staff, group, cycle
):
    year = fiscal_year_of(timezone.localdate())
    current = services.cycle_copy(source=cycle, fiscal_year=year, user=officer)
    services.cycle_copy(source=cycle, fiscal_year=year + 1, user=officer)  # prepared in advance
    client.force_login(officer)
    assert client.get(reverse("dashboard")).context["cycle"] == current
    assert client.get(reverse("reports:evaluation_current")).url == reverse("reports:evaluation", args=[year])
    client.force_login(staff)
    assert client.get(reverse("group_detail", kwargs={"code": group.code})).context["cycle"] == current
