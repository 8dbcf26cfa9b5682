"""Browser journey: staff import a messy district workbook, add members, and find one the Thai way."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect

from bangkok_network.models import Role
from registry.models import CommunityMember, Member
from tests.conftest import browser_login
from tests.registry import shapes
from tests.registry.factories import CommunityMemberFactory, messy_workbook

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_imports_a_messy_workbook_adds_members_and_finds_one(
    page, live_server, cycle, group, make_user, tmp_path
):
    make_user(Role.GROUP_STAFF, group=group, username="staff-registry")
    browser_login(page, live_server, "staff-registry")
    workbook = tmp_path / "ประชาคมเขตพระนคร.xlsx"
    workbook.write_bytes(messy_workbook())

    page.goto(f"{live_server.url}/registry/import/")
    page.select_option("#id_district", label="เขตพระนคร")
    page.fill("#id_fiscal_year", "๒๕๖๓")
    page.set_input_files("#id_file", str(workbook))
    page.get_by_role("button", name="ตรวจไฟล์และแสดงตัวอย่าง").click()
    page.wait_for_url("**/registry/import/*/")
    assert page.get_by_test_id("import-counts").inner_text() == "นำเข้าได้ 2 แถว · ซ้ำ 1 แถว · ไม่ผ่าน 2 แถว"
    preview = page.get_by_test_id("preview-table")
    assert "ซ้ำกับแถวที่ 4 ในไฟล์นี้" in preview.inner_text()
    assert "เบอร์โทรศัพท์ “12” ไม่ถูกต้อง" in preview.inner_text()
    with page.expect_navigation():
        page.get_by_role("button", name="ยืนยันนำเข้า").click()
    assert "นำเข้า 2 แถว ปรับปรุง 0 แถว ซ้ำ 1 แถว ไม่ผ่าน 2 แถว" in page.locator(".alert-success").inner_text()
    assert CommunityMember.objects.count() == 2

    page.goto(f"{live_server.url}/registry/2564/{group.code}/pick/")
    page.locator("[data-select-all]").check()
    page.get_by_role("button", name="เพิ่มรายชื่อที่เลือกเข้าทะเบียน").click()
    page.wait_for_url(f"**/registry/2564/{group.code}/")
    assert "เพิ่มสมาชิกจากทะเบียนบัญชีประชาคมเขต 2 ราย" in page.locator(".alert-success").inner_text()
    assert Member.objects.filter(group=group).count() == 2

    page.get_by_label("ค้นหา").fill("หญิง รัก")  # part of a name, with a space the name does not have
    with page.expect_navigation():
        page.get_by_role("button", name="ค้นหา").click()
    table = page.get_by_test_id("member-table")
    # expect() waits for the new page; count() alone could read the old one while it loads.
    expect(table.locator("tbody tr")).to_have_count(1)
    assert "นางสาวสมหญิง รักไทย" in table.inner_text()
    page.get_by_label("ค้นหา").fill("๐๘๑-๒๓๔")  # a phone typed in Thai digits
    with page.expect_navigation():
        page.get_by_role("button", name="ค้นหา").click()
    expect(table.locator("tbody tr")).to_have_count(1)
    assert "นายสมชาย ใจดี" in table.inner_text()


def _shot(page, name: str) -> None:
    """Keep a screenshot when REGISTRY_SCREENSHOTS names a folder (to look at the pages as users do)."""
    folder = os.environ.get("REGISTRY_SCREENSHOTS")
    if folder:
        width = page.viewport_size["width"]
        page.screenshot(path=f"{folder}/{name}-{width}.png", full_page=True)


# One Somchai per sheet is enough here: the journey is about one flagged row and its overrule.
JOURNEY_SHEETS = {
    "บวรนิเวศ": shapes.BOWON,
    "ศาลเจ้าพ่อเสือ": [row for row in shapes.SAO_CHING_CHA if row[2] != "สมชาย"],
}


@pytest.mark.parametrize("device", ["phone_page", "desktop_page"])
def test_staff_import_a_workbook_of_several_sheets_overrule_a_flagged_row_pick_by_year_and_search(
    request, device, live_server, cycle, group, make_user, tmp_path
):
    page = request.getfixturevalue(device)
    make_user(Role.GROUP_STAFF, group=group, username="staff-sheets")
    CommunityMemberFactory(fiscal_year=2564, prefix="นาง", first_name="ปีหน้า", last_name="มาก่อน")
    browser_login(page, live_server, "staff-sheets")
    workbook = tmp_path / "ประชาคมเขตพระนคร-แยกแขวง.xlsx"
    workbook.write_bytes(shapes.district_workbook(JOURNEY_SHEETS))

    page.goto(f"{live_server.url}/registry/import/")
    expect(page.get_by_test_id("year-rule")).to_contain_text("ทะเบียนปี 2563 → รอบปีงบประมาณ 2564")
    expect(page.locator("#year-hint")).to_have_text("ทะเบียนปี 2563 จะใช้เลือกสมาชิกในรอบปีงบประมาณ 2564")
    page.fill("#id_fiscal_year", "2564")
    expect(page.locator("#year-hint")).to_contain_text("ยังไม่มีรอบปีงบประมาณ 2565 ที่จะใช้ทะเบียนปี 2564")
    page.fill("#id_fiscal_year", "๒๕๖๓")
    page.select_option("#id_district", label="เขตพระนคร")
    page.set_input_files("#id_file", str(workbook))
    _shot(page, "import-upload")
    page.get_by_role("button", name="ตรวจไฟล์และแสดงตัวอย่าง").click()
    page.wait_for_url("**/registry/import/*/")
    counts = page.get_by_test_id("import-counts")
    expect(counts).to_have_text("นำเข้าได้ 6 แถว (อาจซ้ำ 1 แถว นำเข้าไว้ให้ตรวจ) · ซ้ำ 1 แถว · ไม่ผ่าน 1 แถว")
    expect(page.get_by_test_id("import-sheets")).to_contain_text("ใช้ชื่อชีตเป็นแขวง: แขวงบวรนิเวศ")
    repeat = page.locator("tr", has_text="ซ้ำกับแถวที่ 4 ชีต “บวรนิเวศ” (ชื่อเดียวกัน)")
    expect(repeat).to_contain_text("นายสม ชาย ใจดี")
    _shot(page, "import-preview")
    page.get_by_text("ตรวจ/แก้การจับคู่คอลัมน์").click()
    expect(page.get_by_label("ชื่อ-สกุล / คำนำหน้า")).to_have_value("prefix")
    expect(page.get_by_label("ที่อยู่ / ถนน")).to_have_value("address")
    _shot(page, "import-mapping")
    with page.expect_navigation():
        repeat.get_by_role("button", name="นำเข้าแถวนี้").click()
    expect(counts).to_have_text("นำเข้าได้ 7 แถว (อาจซ้ำ 1 แถว นำเข้าไว้ให้ตรวจ) · ซ้ำ 0 แถว · ไม่ผ่าน 1 แถว")
    expect(page.locator("tr", has_text="ผู้ใช้ยืนยันว่าเป็นคนละคน นำเข้า")).to_have_count(1)
    _shot(page, "import-preview-overruled")
    with page.expect_navigation():
        page.get_by_role("button", name="ยืนยันนำเข้า").click()
    expect(page.locator(".alert-success")).to_have_text("นำเข้า 7 แถว ปรับปรุง 0 แถว ซ้ำ 0 แถว ไม่ผ่าน 1 แถว")
    assert CommunityMember.objects.filter(fiscal_year=2563, subdistrict="บวรนิเวศ").count() == 5

    page.goto(f"{live_server.url}/registry/2564/{group.code}/pick/")
    years = page.get_by_test_id("pick-years")
    expect(years.locator("a[aria-current=page]")).to_have_text("ทะเบียนปี 2563 7")
    expect(years).to_contain_text("ทะเบียนปี 2564 1")
    _shot(page, "pick-years")
    with page.expect_navigation():
        years.get_by_role("link", name="ทะเบียนปี 2564").click()
    expect(page.get_by_test_id("community-table")).to_contain_text("นางปีหน้า มาก่อน")
    expect(page.get_by_test_id("pick-note")).to_contain_text("กำลังแสดงทะเบียนปี 2564")
    with page.expect_navigation():
        years.get_by_role("link", name="ทะเบียนปี 2563").click()
    page.locator("[data-select-all]").check()
    with page.expect_navigation():
        page.get_by_role("button", name="เพิ่มรายชื่อที่เลือกเข้าทะเบียน").click()
    expect(page.locator(".alert-success")).to_have_text("เพิ่มสมาชิกจากทะเบียนบัญชีประชาคมเขต 7 ราย")

    page.get_by_label("ค้นหา").fill("ใจดีสมชาย")  # no space, surname first, as people type on a phone
    with page.expect_navigation():
        page.get_by_role("button", name="ค้นหา").click()
    table = page.get_by_test_id("member-table")
    expect(table.locator("tbody tr")).to_have_count(2)  # the Somchai of row 4 and the one overruled
    expect(table).to_contain_text("สังกัด ชมรมผู้สูงอายุวัดบวร")
    _shot(page, "member-search")
