"""Browser journey: a person who forgot the password sets a new one from the mailed link (phone, desktop)."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.cache import cache

from bangkok_network.models import Role
from tests.conftest import browser_login, review_screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [390, 1366])
def test_forgot_password_on_the_login_page_leads_to_a_new_password(
    browser, live_server, make_user, group, width
):
    cache.clear()
    make_user(Role.GROUP_STAFF, group=group, username="forgot")
    context = browser.new_context(locale="th-TH", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    review_screenshot(page, "login")
    page.get_by_role("link", name="ลืมรหัสผ่าน").click()
    page.get_by_label("อีเมล").fill("forgot@example.test")
    review_screenshot(page, "password-reset")
    with page.expect_navigation():
        page.get_by_role("button", name="ส่งลิงก์ตั้งรหัสผ่านใหม่").click()
    assert page.get_by_role("heading", name="ตรวจอีเมลของท่าน").is_visible()
    link = re.search(r"http://\S+/accounts/reset/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.locator("#id_new_password1").fill("ฟ้าใส-2564-ใหม่")
    page.locator("#id_new_password2").fill("ฟ้าใส-2564-ใหม่")
    review_screenshot(page, "password-set")
    with page.expect_navigation():
        page.get_by_role("button", name="ตั้งรหัสผ่านใหม่").click()
    assert page.get_by_text("ตั้งรหัสผ่านใหม่เรียบร้อยแล้ว").is_visible()
    browser_login(page, live_server, "forgot", "ฟ้าใส-2564-ใหม่")
    assert "/accounts/login/" not in page.url
    context.close()
