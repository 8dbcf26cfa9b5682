"""The P1 journey in headless Chromium: a group fills P1 on a phone, the department returns it,
the group resubmits, the department compares the versions and accepts."""

from __future__ import annotations

import pytest

from bangkok_network.models import PlanDimension, Role
from projects_p1.models import P1Form, P1Status
from tests.conftest import browser_login
from tests.projects_p1.factories import key_issue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fill_project(page, index: int, *, name: str, budget: str, dimension_pk: int) -> None:
    prefix = f"projects-{index}"
    page.fill(f"[name={prefix}-name]", name)
    page.fill(f"[name={prefix}-objective]", f"วัตถุประสงค์ของ{name}")
    page.fill(f"[name={prefix}-target_quantity]", "100")
    page.fill(f"[name={prefix}-target_unit]", "ครัวเรือน")
    page.fill(f"[name={prefix}-budget]", budget)
    page.fill(f"[name={prefix}-funding_source]", "งบประมาณสำนักงานเขต")
    page.fill(f"[name={prefix}-start_date]", "17/05/2564")
    page.fill(f"[name={prefix}-end_date]", "26/08/2564")
    page.check(f"[name={prefix}-plan_dimensions][value='{dimension_pk}']")
    page.select_option(f"[name={prefix}-benefit]", "social")
    page.fill(f"[name={prefix}-steps-0-title]", f"ประชุมชี้แจง{name}")
    page.fill(f"[name={prefix}-steps-0-start_date]", "17/05/2564")
    page.fill(f"[name={prefix}-steps-0-end_date]", "31/05/2564")


def _answer(page, *, says: str, yes: bool = True) -> None:
    """Answer the confirmation dialog that a handing-on button opens, after checking what it says."""
    dialog = page.locator("dialog.confirm-dialog")
    dialog.wait_for(state="visible")
    assert says in dialog.inner_text()
    if not yes:
        dialog.get_by_role("button", name="ยกเลิก").click()
        return
    with page.expect_navigation():
        dialog.get_by_role("button", name="ยืนยัน").click()


def test_group_fills_p1_on_a_phone_department_returns_group_resubmits_department_accepts(
    phone_page, page, live_server, cycle, group, make_user
):
    issue = key_issue(cycle=cycle, group=group, title="น้ำท่วมขังในชุมชน")
    dimension = PlanDimension.objects.get(number=5)
    make_user(Role.GROUP_STAFF, group=group, username="staff-p1")
    make_user(Role.OFFICER, username="officer-p1")
    phone = phone_page
    edit_url = f"{live_server.url}/p1/2564/{group.code}/edit/"

    # The group, on a phone: two projects with a work step each, then save and send.
    browser_login(phone, live_server, "staff-p1")
    phone.goto(edit_url)
    phone.select_option("[name=key_issue]", str(issue.pk))
    phone.fill("[name=approach]", "ลอกท่อร่วมกับชุมชน")
    _fill_project(phone, 0, name="ลอกท่อ", budget="150,000", dimension_pk=dimension.pk)
    phone.get_by_role("button", name="+ เพิ่มโครงการ/กิจกรรม").click()
    _fill_project(phone, 1, name="อาสาเฝ้าระวัง", budget="50000.50", dimension_pk=dimension.pk)
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    phone.get_by_role("button", name="บันทึกและส่งแบบ P1").click()
    # Asked first, in Thai, what sending does; cancelling leaves the page and the database as they were.
    _answer(phone, says="เมื่อส่งแล้วแบบจะแก้ไขไม่ได้จนกว่าสำนักฯ จะส่งกลับ", yes=False)
    assert phone.url == edit_url and not P1Form.objects.filter(group=group).exists()
    phone.get_by_role("button", name="บันทึกและส่งแบบ P1").click()
    _answer(phone, says="ส่งแบบ P1 ถึงสำนักยุทธศาสตร์และประเมินผล?")
    phone.wait_for_url(f"**/p1/2564/{group.code}/")
    assert "ส่งแล้ว รอพิจารณา" in phone.locator("[data-p1-status]").inner_text()
    form = P1Form.objects.get(group=group)
    assert list(form.projects.values_list("name", flat=True)) == ["ลอกท่อ", "อาสาเฝ้าระวัง"]

    # The department, on a desktop: open it from the overview and return it with a comment.
    browser_login(page, live_server, "officer-p1")
    page.goto(f"{live_server.url}/p1/2564/")
    page.locator(f"tr[data-group={group.code}]").get_by_role("link", name="เปิด").click()
    page.get_by_label("ส่งกลับให้แก้ไข").check()
    page.fill("[name=comment]", "ขอแยกงบประมาณรายกิจกรรม")
    page.get_by_role("button", name="บันทึกผลการพิจารณา").click()
    _answer(page, says="ส่งแบบ P1 ฉบับนี้กลับให้กลุ่มเขตแก้ไข")
    page.wait_for_url(f"**/p1/2564/{group.code}/")
    assert "ส่งกลับแก้ไข" in page.locator("[data-p1-status]").inner_text()

    # The group sees the comment, changes the second budget and sends again.
    phone.goto(f"{live_server.url}/p1/2564/{group.code}/")
    assert phone.get_by_text("ขอแยกงบประมาณรายกิจกรรม").first.is_visible()
    phone.goto(edit_url)
    phone.fill("[name=projects-1-budget]", "65000")
    phone.get_by_role("button", name="บันทึกและส่งแบบ P1").click()
    _answer(phone, says="ส่งแบบ P1 ถึงสำนักยุทธศาสตร์และประเมินผล?")
    phone.wait_for_url(f"**/p1/2564/{group.code}/")
    assert "ฉบับที่ 2" in phone.locator("[data-p1-status]").inner_text()

    # The department compares version 2 with version 1, then accepts.
    page.goto(f"{live_server.url}/p1/2564/{group.code}/")
    page.get_by_role("link", name="ดูสิ่งที่เปลี่ยนจากฉบับก่อน").click()
    changes = page.locator("[data-changes]").inner_text()
    assert "50,000.50" in changes and "65,000.00" in changes
    page.go_back()
    page.get_by_label("รับแบบ P1").check()
    page.get_by_role("button", name="บันทึกผลการพิจารณา").click()
    _answer(page, says="รับแบบ P1 ฉบับนี้?")
    page.wait_for_url(f"**/p1/2564/{group.code}/")
    assert "รับแล้ว" in page.locator("[data-p1-status]").inner_text()
    form.refresh_from_db()
    assert (form.status, form.version) == (P1Status.ACCEPTED, 2)


def test_rows_added_and_removed_in_place_survive_a_validation_error(
    page, live_server, cycle, group, make_user
):
    make_user(Role.GROUP_CHAIR, group=group, username="chair-p1")
    browser_login(page, live_server, "chair-p1")
    page.goto(f"{live_server.url}/p1/2564/{group.code}/edit/")
    page.fill("[name=projects-0-name]", "โครงการที่จะลบ")
    page.get_by_role("button", name="+ เพิ่มโครงการ/กิจกรรม").click()
    page.fill("[name=projects-1-name]", "โครงการที่เก็บไว้")
    page.fill("[name=projects-1-budget]", "-100")  # refused: the page must come back with everything
    card = page.locator("[data-project]").nth(1)
    card.get_by_role("button", name="+ เพิ่มขั้นตอน").click()
    page.fill("[name=projects-1-steps-1-title]", "ขั้นตอนที่สอง")
    page.locator("[data-project]").nth(0).get_by_role("button", name="ลบโครงการนี้").click()
    assert page.locator("[data-project]:visible").count() == 1
    assert page.locator("[data-project]:visible [data-project-number]").inner_text() == "1"
    with page.expect_navigation():
        page.get_by_role("button", name="บันทึกร่าง").click()
    assert page.get_by_text("งบประมาณต้องไม่ติดลบ").first.is_visible()
    assert page.locator("[data-project]:visible").count() == 1
    assert page.input_value("[name=projects-1-steps-1-title]") == "ขั้นตอนที่สอง"
    page.fill("[name=projects-1-budget]", "100")
    page.get_by_role("button", name="บันทึกร่าง").click()
    page.wait_for_url(f"**/p1/2564/{group.code}/")
    form = P1Form.objects.get(group=group)
    assert list(form.projects.values_list("name", "budget")) == [("โครงการที่เก็บไว้", 100)]
    assert list(form.projects.get().steps.values_list("title", flat=True)) == ["ขั้นตอนที่สอง"]


def test_a_p1_draft_with_an_added_project_is_offered_back_after_a_reload(
    phone_page, live_server, cycle, group, make_user
):
    make_user(Role.GROUP_STAFF, group=group, username="staff-draft")
    page = phone_page
    page.on("dialog", lambda dialog: dialog.accept())
    browser_login(page, live_server, "staff-draft")
    page.goto(f"{live_server.url}/p1/2564/{group.code}/edit/")
    page.fill("[name=approach]", "ลอกท่อร่วมกับชุมชน")
    page.get_by_role("button", name="+ เพิ่มโครงการ/กิจกรรม").click()
    page.fill("[name=projects-1-name]", "อาสาเฝ้าระวัง")
    page.fill("[name=projects-1-steps-0-title]", "ประชุมชี้แจง")
    page.reload()
    assert page.locator("[data-project]").count() == 1
    page.get_by_role("button", name="กู้คืนข้อความที่ยังไม่ได้บันทึก").click()
    assert page.locator("[data-project]:visible").count() == 2
    assert page.input_value("[name=projects-1-name]") == "อาสาเฝ้าระวัง"
    assert page.input_value("[name=projects-1-steps-0-title]") == "ประชุมชี้แจง"
    assert page.input_value("[name=approach]") == "ลอกท่อร่วมกับชุมชน"
    with page.expect_navigation():
        page.get_by_role("button", name="บันทึกร่าง").click()
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('portal-draft:'))") == []
    assert list(P1Form.objects.get(group=group).projects.values_list("name", flat=True)) == ["อาสาเฝ้าระวัง"]
