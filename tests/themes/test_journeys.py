"""The themes in headless Chromium: an officer on a phone splits and renames a theme and finds it kept;
anyone, signed out, reads the cycle's open data on a phone and on a desktop."""

from __future__ import annotations

import pytest

from bangkok_network.models import DistrictGroup, Role
from tests.conftest import browser_login, review_screenshot
from tests.themes.factories import FLOOD, INCOME, issue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def raised(reference_data):
    groups = list(DistrictGroup.objects.order_by("order"))
    made = [
        issue(cycle=reference_data, group=g, wording=w) for g, w in zip(groups, FLOOD + INCOME, strict=False)
    ]
    return made


def test_an_officer_on_a_phone_splits_and_renames_a_theme_and_finds_it_kept(
    phone_page, live_server, make_user, raised
):
    make_user(Role.OFFICER, username="officer-themes")
    page = phone_page
    browser_login(page, live_server, "officer-themes")
    page.goto(f"{live_server.url}/dashboard/?cycle=2564")
    panel = page.get_by_test_id("themes-panel")
    assert "กรุงเทพกลาง" in panel.inner_text()
    with page.expect_navigation():
        panel.get_by_role("link", name="ดูทั้งหมด 2 กลุ่มประเด็น").click()

    flood = page.locator("article[data-theme]").first
    flood.locator("summary").click()
    flood.get_by_label(FLOOD[2][0]).check()
    flood.get_by_placeholder("ชื่อกลุ่มประเด็นใหม่").fill("คูคลองตื้นเขิน")
    with page.expect_navigation():
        flood.get_by_role("button", name="แยกกลุ่ม").click()
    assert "แยกกลุ่มประเด็นแล้ว" in page.inner_text("main")

    canal = page.locator("article[data-theme]", has_text="คูคลองตื้นเขิน")
    canal.locator("summary").click()
    canal.get_by_label("ชื่อกลุ่มประเด็น").fill("คูคลองและทางระบายน้ำ")
    with page.expect_navigation():
        canal.get_by_role("button", name="เปลี่ยนชื่อ").click()
    page.reload()
    names = page.locator("article[data-theme] h2").all_inner_texts()
    assert len(names) == 3 and any(n.startswith("คูคลองและทางระบายน้ำ") for n in names)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than the phone
    review_screenshot(page, "themes-after-edit")


@pytest.mark.parametrize("width", [390, 1366])
def test_anyone_reads_the_open_data_without_logging_in(browser, live_server, raised, width):
    context = browser.new_context(locale="th-TH", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/dashboard/")
    assert "/accounts/login/" in page.url
    with page.expect_navigation():
        page.get_by_role("link", name="ข้อมูลเปิด").click()  # the footer
    with page.expect_navigation():
        page.get_by_role("link", name="ปีงบประมาณ พ.ศ. 2564").click()

    text = page.inner_text("main")
    assert "ประเด็นร่วมของกลุ่มเขต" in text and "ไม่มีข้อมูลส่วนบุคคล" in text
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    csv = page.request.get(live_server.url + page.get_by_role("link", name="CSV").first.get_attribute("href"))
    assert csv.ok and "group_code" in csv.text()
    review_screenshot(page, "open-data")
    context.close()
