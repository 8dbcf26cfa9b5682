"""Browser journeys: attendance for a 41-member registry on a phone, and from the signed sign-in sheet."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from bangkok_network.models import DistrictGroup, Role
from meetings.models import Attendance, AttendanceStatus
from tests.conftest import browser_login, review_screenshot
from tests.meetings.factories import MeetingFactory, make_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

THAI_NAMES = [
    "กมล",
    "ขจร",
    "คณิต",
    "งามตา",
    "จิรา",
    "ฉัตร",
    "ชไม",
    "ซ่อนกลิ่น",
    "ฐิติ",
    "ณัฐ",
    "ดารา",
    "ตรีชฎา",
    "ถนอม",
    "ทองดี",
    "ธนา",
    "นภา",
    "บุญมี",
    "ปรีชา",
    "ผกา",
    "ฝน",
    "พรทิพย์",
    "ฟ้าใส",
    "ภูมิ",
    "มาลี",
    "ยุพา",
    "รัตนา",
    "ลำดวน",
    "วิชัย",
    "ศรีสุข",
    "สมศรี",
    "หทัย",
    "อรุณ",
    "ฮานะ",
    "กนก",
    "ขวัญ",
    "คำแก้ว",
    "จันทร์",
    "ชูใจ",
    "ดวงใจ",
    "ทิพย์",
    "บัวผัน",
]


class Taps:
    """Tap like a thumb and count each one: the figure the issue sets (≤ 10 for 41 members)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, locator) -> None:
        locator.tap()
        self.count += 1


@pytest.fixture
def big_meeting(reference_data, make_user):
    group = DistrictGroup.objects.get(code="bkk-central")
    make_user(Role.GROUP_STAFF, group=group, username="phone-staff")
    members = [make_member(cycle=reference_data, group=group, first_name=name) for name in THAI_NAMES]
    assert len(members) == 41
    return MeetingFactory(cycle=reference_data, group=group), {m.first_name: m for m in members}


def test_41_members_all_present_but_two_in_five_taps_on_a_phone(phone_page, live_server, big_meeting):
    page = phone_page
    meeting, members = big_meeting
    browser_login(page, live_server, "phone-staff")
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/attendance/")
    count = page.locator("#attendance-count")
    expect(count).to_have_text("มา 0 · ไม่มา 0 · ลา 0 · ยังไม่บันทึก 41 จาก 41 คน")
    tap = Taps()

    tap(page.get_by_role("button", name="มาประชุมทั้งหมด"))
    expect(count).to_have_text("มา 41 · ไม่มา 0 · ลา 0 · ยังไม่บันทึก 0 จาก 41 คน")
    # One absent, found by scrolling: the reason box appears and has the focus (no tap to reach it).
    absent = members["มาลี"]
    reason = page.locator(f"#id_reason_{absent.pk}")
    expect(reason).to_be_hidden()
    tap(page.locator(f"label[for=id_status_{absent.pk}_absent]"))
    expect(reason).to_be_focused()
    page.keyboard.type("ติดภารกิจ")
    # One on leave, found with the search box.
    leave = members["บัวผัน"]
    tap(page.locator("#attendance-search"))
    page.keyboard.type("บัวผัน")
    expect(page.locator("[data-att-row]:visible")).to_have_count(1)
    tap(page.locator(f"label[for=id_status_{leave.pk}_leave]"))
    page.keyboard.type("ป่วย")
    expect(count).to_have_text("มา 39 · ไม่มา 1 · ลา 1 · ยังไม่บันทึก 0 จาก 41 คน")
    review_screenshot(page, "attendance-marked")
    with page.expect_navigation():
        tap(page.get_by_role("button", name="บันทึกผู้ประชุม"))

    assert tap.count == 5  # the old form: a dropdown per member, 2 taps each, about 85 in all
    rows = {r.member_id: (r.status, r.absence_reason) for r in Attendance.objects.filter(meeting=meeting)}
    assert len(rows) == 41
    assert rows.pop(absent.pk) == (AttendanceStatus.ABSENT, "ติดภารกิจ")
    assert rows.pop(leave.pk) == (AttendanceStatus.LEAVE, "ป่วย")
    assert set(rows.values()) == {(AttendanceStatus.PRESENT, "")}


def test_attendance_form_works_without_javascript(browser, live_server, big_meeting):
    context = browser.new_context(
        locale="th-TH", java_script_enabled=False, viewport={"width": 390, "height": 844}
    )
    page = context.new_page()
    meeting, members = big_meeting
    browser_login(page, live_server, "phone-staff")
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/attendance/")
    with page.expect_navigation():
        page.get_by_role("button", name="มาประชุมทั้งหมด").click()
    expect(page.locator("#attendance-count")).to_have_text("มา 41 · ไม่มา 0 · ลา 0 · ยังไม่บันทึก 0 จาก 41 คน")
    absent = members["กมล"]
    page.locator(f"label[for=id_status_{absent.pk}_absent]").click()
    page.fill(f"#id_reason_{absent.pk}", "ติดราชการ")
    with page.expect_navigation():
        page.get_by_role("button", name="บันทึกผู้ประชุม").click()
    assert Attendance.objects.filter(meeting=meeting, status=AttendanceStatus.PRESENT).count() == 40
    assert Attendance.objects.get(meeting=meeting, member=absent).absence_reason == "ติดราชการ"
    context.close()


@pytest.mark.parametrize("width", [390, 1366])
def test_tick_the_signed_names_of_the_sign_in_sheet(browser, live_server, big_meeting, width):
    context = browser.new_context(locale="th-TH", viewport={"width": width, "height": 900})
    page = context.new_page()
    meeting, members = big_meeting
    browser_login(page, live_server, "phone-staff")
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/attendance/")
    review_screenshot(page, "attendance-empty")
    page.get_by_role("link", name="กรอกจากบัญชีลงชื่อที่ลงนามแล้ว").click()
    page.get_by_label("ทุกคนลงชื่อ").check()
    page.get_by_label("นายจิรา ใจดี").uncheck()
    review_screenshot(page, "sign-in-ticks")
    with page.expect_navigation():
        page.get_by_role("button", name="บันทึกผู้มาประชุมตามบัญชีลงชื่อ").click()
    expect(page.locator("#attendance-count")).to_have_text("มา 40 · ไม่มา 0 · ลา 0 · ยังไม่บันทึก 1 จาก 41 คน")
    assert not Attendance.objects.filter(meeting=meeting, member=members["จิรา"]).exists()
    assert Attendance.objects.filter(meeting=meeting, status=AttendanceStatus.PRESENT).count() == 40
    context.close()
