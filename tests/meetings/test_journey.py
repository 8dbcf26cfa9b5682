"""Browser journey: record a meeting with attendees and a key issue, then download its minutes."""

from __future__ import annotations

import pytest

from bangkok_network.models import Role
from meetings.models import Attendance, KeyIssue, Meeting
from reports.pdf.textcheck import extract_text_pdftotext, normalise
from tests.conftest import browser_login
from tests.meetings.factories import make_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_records_a_meeting_and_downloads_its_minutes(page, live_server, reference_data, make_user):
    from bangkok_network.models import DistrictGroup

    group = DistrictGroup.objects.get(code="bkk-central")
    make_user(Role.GROUP_STAFF, group=group, username="journey-staff")
    kamol = make_member(cycle=reference_data, group=group, first_name="กมล", last_name="สายสุข")
    absent = make_member(cycle=reference_data, group=group, first_name="ขจร", last_name="ใจงาม")
    browser_login(page, live_server, "journey-staff")

    page.goto(f"{live_server.url}/meetings/groups/bkk-central/?cycle=2564")
    page.get_by_role("link", name="บันทึกการประชุม").click()
    page.fill("#id_date", "8/4/2564")
    page.fill("#id_start_time", "09:30")
    page.fill("#id_end_time", "12:00")
    page.fill("#id_venue", "ห้องประชุมสำนักงานเขตดินแดง")
    page.fill("#id_chair_name", "นายสมชาย ประธาน")
    page.fill("#id_minute_taker", "นางสาวจดดี บันทึก")
    page.fill("#id_agenda_4_resolution", "เห็นชอบประเด็นน้ำท่วมขัง")
    page.click("#meeting-form button[type=submit]")
    page.wait_for_url("**/meetings/*/")
    meeting = Meeting.objects.get(group=group)

    page.get_by_role("link", name="บันทึกผู้ประชุม").click()
    page.click(f"label[for=id_status_{kamol.pk}_present]")
    page.click(f"label[for=id_status_{absent.pk}_absent]")
    page.fill(f"#id_reason_{absent.pk}", "ติดภารกิจ")
    page.press(f"#id_reason_{absent.pk}", "Enter")  # Enter in a reason box saves (it is not "all present")
    page.wait_for_url(f"**/meetings/{meeting.pk}/")
    assert page.locator("#present-list").inner_text().strip() == "นายกมล สายสุข เขตพระนคร"

    page.get_by_role("link", name="เพิ่มประเด็นสำคัญ").click()
    page.fill("#id_title", "น้ำท่วมขังถนนสายหลัก")
    page.fill("#id_problem", "ฝนตกแล้วน้ำระบายไม่ทัน")
    page.select_option("#id_dimension", "physical")
    page.click("#key-issue-form button[type=submit]")
    page.wait_for_url(f"**/meetings/{meeting.pk}/")
    assert KeyIssue.objects.get(meeting=meeting).title == "น้ำท่วมขังถนนสายหลัก"
    assert Attendance.objects.filter(meeting=meeting).count() == 2

    href = page.get_attribute("#minutes-pdf", "href")
    response = page.request.get(f"{live_server.url}{href}")
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    text = normalise(extract_text_pdftotext(response.body()), drop_whitespace=True)
    assert "รายงานการประชุมเครือข่ายประชาสังคมกลุ่มกรุงเทพกลาง" in text
    assert "นายกมลสายสุข" in text and "เห็นชอบประเด็นน้ำท่วมขัง" in text
