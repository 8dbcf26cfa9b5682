"""Browser journey: staff import a messy district workbook, add members, and find one the Thai way."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from bangkok_network.models import Role
from registry.models import CommunityMember, Member
from tests.conftest import browser_login
from tests.registry.factories import messy_workbook

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
        page.get_by_role("button", name="ยืนยันนำเข้าแถวที่ผ่าน").click()
    assert "นำเข้า 2 แถว ซ้ำ 1 แถว ไม่ผ่าน 2 แถว" in page.locator(".alert-success").inner_text()
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
