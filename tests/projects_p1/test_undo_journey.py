"""Withdraw and the return reason in Chromium, on a phone (390 px) and a desktop (1366 px)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bangkok_network.models import Role
from projects_p1 import services
from projects_p1.models import P1Form, P1Status
from tests.conftest import browser_login
from tests.projects_p1.factories import complete_form

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("/work/wt/review/confirm")


def _shot(page, name):
    if SHOTS.is_dir():
        page.screenshot(path=str(SHOTS / name), full_page=True)


def test_group_withdraws_on_a_phone_then_reads_the_return_reason_at_the_top(
    phone_page, page, live_server, cycle, group, make_user
):
    staff = make_user(Role.GROUP_STAFF, group=group, username="staff-undo")
    officer = make_user(Role.OFFICER, username="officer-undo")
    form = complete_form(cycle=cycle, group=group, user=staff)
    services.p1_form_submit(form=form, user=staff)
    url = f"{live_server.url}/p1/2564/{group.code}/"

    browser_login(phone_page, live_server, "staff-undo")
    phone_page.goto(url)
    phone_page.get_by_role("button", name="ถอนคืนมาแก้ไข").click()
    dialog = phone_page.locator("dialog.confirm-dialog")
    dialog.wait_for(state="visible")
    assert "ถอนคืนแบบ P1 ที่ส่งแล้ว?" in dialog.inner_text()
    _shot(phone_page, "p1-withdraw-dialog-390.png")
    dialog.get_by_role("button", name="ยกเลิก").click()
    assert P1Form.objects.get(pk=form.pk).status == P1Status.SUBMITTED  # cancelled: nothing happened
    phone_page.get_by_role("button", name="ถอนคืนมาแก้ไข").click()
    with phone_page.expect_navigation():
        dialog.get_by_role("button", name="ยืนยัน").click()
    assert P1Form.objects.get(pk=form.pk).status == P1Status.WITHDRAWN
    assert "ถอนคืนมาแก้ไข" in phone_page.locator("[data-p1-status]").inner_text()

    form.refresh_from_db()
    services.p1_form_submit(form=form, user=staff)
    services.p1_form_return(form=form, user=officer, comment="ขอแยกงบประมาณรายกิจกรรม และแนบแผนที่ชุมชน")
    for target, name in (
        (url, "p1-return-reason"),
        (f"{live_server.url}/groups/{group.code}/", "group-return-reason"),
    ):
        phone_page.goto(target)
        reason = phone_page.locator("[data-return-reason]").first
        assert "ขอแยกงบประมาณรายกิจกรรม" in reason.inner_text()
        box = reason.bounding_box()
        assert box is not None and box["y"] < 390  # on the first screen of a phone, not at the bottom
        _shot(phone_page, f"{name}-390.png")

    browser_login(page, live_server, "officer-undo")
    services.p1_form_submit(form=P1Form.objects.get(pk=form.pk), user=staff)
    page.goto(url)
    review = page.locator("#review-title")
    assert review.bounding_box()["y"] < 600
    _shot(page, "p1-review-1366.png")
    page.goto(f"{live_server.url}/documents/package/2564/{group.code}/review/")
    _shot(page, "package-review-1366.png")
