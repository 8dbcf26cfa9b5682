"""Key journeys of the programme core in headless Chromium."""

import pytest

from bangkok_network.models import Role
from reports.pdf.textcheck import extract_text_pdftotext, normalise
from tests.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_opens_dashboard_then_a_group_and_downloads_its_memo(
    page, live_server, cycle, make_user, tmp_path
):
    make_user(Role.OFFICER, username="officer-journey")
    browser_login(page, live_server, "officer-journey")
    assert page.url.endswith("/dashboard/")
    matrix = page.get_by_test_id("matrix")
    assert matrix.locator("td[data-state]").count() == 36
    assert page.get_by_test_id("timeline").is_visible()
    # The Sarabun web font is what the page renders Thai with.
    assert page.evaluate("document.fonts.check('16px Sarabun')")
    page.get_by_role("link", name="กลุ่มกรุงธนเหนือ").click()
    page.wait_for_url("**/groups/thon-north/**")
    assert page.get_by_role("heading", name="กำหนดส่งถัดไป").is_visible()
    with page.expect_download() as info:
        page.get_by_test_id("memo-link").click()
    path = tmp_path / "memo.pdf"
    info.value.save_as(path)
    text = normalise(extract_text_pdftotext(path.read_bytes()), drop_whitespace=True)
    assert "กลุ่มกรุงธนเหนือ" in text and "บันทึกข้อความ" in text


def test_group_staff_on_a_phone_sees_own_deadlines_and_cannot_open_the_dashboard(
    phone_page, live_server, group, make_user
):
    make_user(Role.GROUP_STAFF, group=group, username="staff-journey")
    browser_login(phone_page, live_server, "staff-journey")
    assert phone_page.url.endswith(f"/groups/{group.code}/")
    assert phone_page.get_by_role("heading", name="กลุ่มกรุงเทพกลาง").is_visible()
    # Nothing overflows the phone's width.
    assert phone_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    response = phone_page.goto(f"{live_server.url}/dashboard/")
    assert response.status == 403
    response = phone_page.goto(f"{live_server.url}/groups/bkk-south/")
    assert response.status == 404
