"""Browser journey: pages meant for paper have a print button that works under the CSP."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from bangkok_network.models import DistrictGroup, Role
from tests.conftest import browser_login, review_screenshot
from tests.meetings.factories import KeyIssueFactory, MeetingFactory, attend, make_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [390, 1366])
def test_the_minutes_page_prints_without_the_menu(browser, live_server, reference_data, make_user, width):
    group = DistrictGroup.objects.get(code="bkk-central")
    make_user(Role.GROUP_STAFF, group=group, username="print-staff")
    meeting = MeetingFactory(cycle=reference_data, group=group)
    attend(meeting, make_member(cycle=reference_data, group=group, first_name="กมล"))
    KeyIssueFactory(meeting=meeting)
    context = browser.new_context(locale="th-TH", viewport={"width": width, "height": 900})
    # Count print() calls instead of opening the print dialog a headless browser cannot show.
    context.add_init_script("window.__printed = 0; window.print = function () { window.__printed += 1; };")
    page = context.new_page()
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    browser_login(page, live_server, "print-staff")
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/")
    button = page.get_by_role("button", name="พิมพ์หน้านี้")
    expect(button).to_be_visible()
    button.click()
    assert page.evaluate("window.__printed") == 1
    assert refused == []
    page.emulate_media(media="print")
    expect(page.locator("nav.navbar")).to_be_hidden()
    expect(button).to_be_hidden()
    expect(page.locator("#present-list")).to_be_visible()
    review_screenshot(page, "minutes-print")
    context.close()
