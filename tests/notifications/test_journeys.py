"""Browser journey: the officer returns a P1; the group's staff, on a phone, sees the bell, reads
the reason in the inbox and follows the link to the P1."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from bangkok_network.models import Role
from projects_p1 import services as p1
from tests.conftest import browser_login
from tests.projects_p1.factories import complete_form

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REASON = "ขอแยกงบประมาณรายกิจกรรมและแนบแผนงานรายเดือน"


def test_a_returned_p1_reaches_the_staff_on_a_phone_through_the_bell(
    phone_page, page, live_server, cycle, group, other_group, make_user
):
    staff = make_user(Role.GROUP_STAFF, group=group, username="staff-bell")
    make_user(Role.GROUP_STAFF, group=other_group, username="staff-other")
    make_user(Role.OFFICER, username="officer-bell")
    p1.p1_form_submit(form=complete_form(cycle=cycle, group=group, user=staff), user=staff)
    mail.outbox.clear()

    # The department, on a desktop: the bell says something came in; it returns the P1 with a reason.
    browser_login(page, live_server, "officer-bell")
    assert page.get_by_test_id("bell-desktop-count").inner_text() == "1"
    page.get_by_test_id("bell-desktop").click()
    page.get_by_test_id("inbox").locator("li a").first.click()
    page.wait_for_url(re.compile(rf"/p1/2564/{group.code}/(#[\w-]+)?$"))  # the P1 page and its review form
    page.get_by_label("ส่งกลับให้แก้ไข").check()
    page.fill("[name=comment]", REASON)
    page.get_by_role("button", name="บันทึกผลการพิจารณา").click()
    dialog = page.locator("dialog.confirm-dialog")  # asked first what returning does
    dialog.wait_for(state="visible")
    with page.expect_navigation():
        dialog.get_by_role("button", name="ยืนยัน").click()
    page.wait_for_url(f"**/p1/2564/{group.code}/")

    # The group's staff, on a phone: the bell beside the menu button shows one unread notice.
    phone = phone_page
    browser_login(phone, live_server, "staff-bell")
    bell = phone.get_by_test_id("bell")
    assert bell.is_visible()  # not hidden in the collapsed menu
    assert phone.get_by_test_id("bell-count").inner_text() == "1"
    box = bell.bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24 and box["x"] + box["width"] <= 390
    bell.click()
    phone.wait_for_url("**/notifications/")
    item = phone.get_by_test_id("inbox").locator("li").first
    assert REASON in item.inner_text() and "ส่งกลับแก้ไข" in item.inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    item.locator("a").click()
    phone.wait_for_url(f"**/p1/2564/{group.code}/")
    assert phone.get_by_text(REASON).first.is_visible()
    assert phone.get_by_test_id("bell-count").count() == 0  # read now

    # And by e-mail, once, with the reason and the link; nobody of another group.
    assert [m.to for m in mail.outbox] == [["staff-bell@example.test"]]
    assert REASON in mail.outbox[0].body and f"/p1/2564/{group.code}/" in mail.outbox[0].body
