"""Browser journeys: unsaved input on a long form asks before leaving and is offered back."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from bangkok_network.models import DistrictGroup, Role
from meetings.models import AgendaItem
from tests.conftest import browser_login, review_screenshot
from tests.meetings.factories import MeetingFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RESTORE = "กู้คืนข้อความที่ยังไม่ได้บันทึก"


@pytest.fixture
def meeting(reference_data, make_user):
    group = DistrictGroup.objects.get(code="bkk-central")
    make_user(Role.GROUP_STAFF, group=group, username="draft-staff")
    return MeetingFactory(cycle=reference_data, group=group)


def _drafts(page) -> list[str]:
    return page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('portal-draft:'))")


@pytest.mark.parametrize("device", ["phone_page", "page"])
def test_typed_minutes_survive_a_reload_and_a_lost_connection_and_the_draft_goes_once_saved(
    request, device, live_server, meeting
):
    page = request.getfixturevalue(device)
    dialogs = []

    def answer(dialog):
        dialogs.append(dialog.type)
        dialog.accept()

    page.on("dialog", answer)
    browser_login(page, live_server, "draft-staff")
    edit_url = f"{live_server.url}/meetings/{meeting.pk}/edit/"
    page.goto(edit_url)
    page.fill("#id_agenda_4_discussion", "ที่ประชุมหารือเรื่องน้ำท่วมขังยาวมาก")
    page.reload()  # the browser asks first; the test accepts
    assert dialogs == ["beforeunload"]
    assert page.input_value("#id_agenda_4_discussion") == ""
    expect(page.get_by_role("button", name=RESTORE)).to_be_visible()
    review_screenshot(page, "unsaved-offer")
    page.get_by_role("button", name=RESTORE).click()
    assert page.input_value("#id_agenda_4_discussion") == "ที่ประชุมหารือเรื่องน้ำท่วมขังยาวมาก"

    # The connection drops as the form is sent: the draft stays, and is offered again.
    page.context.set_offline(True)
    page.fill("#id_agenda_4_resolution", "เห็นชอบ")
    try:
        page.get_by_role("button", name="บันทึก", exact=True).click()
        page.wait_for_load_state()
    finally:
        page.context.set_offline(False)
    page.goto(edit_url)
    page.get_by_role("button", name=RESTORE).click()
    assert page.input_value("#id_agenda_4_resolution") == "เห็นชอบ"

    # Saved: no question on the way out, and the draft is gone.
    dialogs.clear()
    with page.expect_navigation():
        page.get_by_role("button", name="บันทึก", exact=True).click()
    assert page.url.endswith(f"/meetings/{meeting.pk}/")
    assert dialogs == []
    assert _drafts(page) == []
    item = AgendaItem.objects.get(meeting=meeting, number=4)
    assert (item.discussion, item.resolution) == ("ที่ประชุมหารือเรื่องน้ำท่วมขังยาวมาก", "เห็นชอบ")
    page.goto(edit_url)
    expect(page.get_by_role("button", name=RESTORE)).to_have_count(0)


def test_a_menu_link_asks_before_leaving_unsaved_input(page, live_server, meeting):
    dialogs = []

    def dismiss(dialog):
        dialogs.append((dialog.type, dialog.message))
        dialog.dismiss()

    page.on("dialog", dismiss)
    browser_login(page, live_server, "draft-staff")
    edit_url = f"{live_server.url}/meetings/{meeting.pk}/edit/"
    page.goto(edit_url)
    page.locator("nav a.nav-link").first.click()  # nothing typed: leaves without a question
    page.wait_for_load_state()
    assert page.url != edit_url and dialogs == []
    page.goto(edit_url)
    page.fill("#id_venue", "ห้องประชุมใหม่")
    page.locator("nav a.nav-link").first.click()
    assert dialogs and dialogs[0][0] == "confirm" and "ยังไม่ได้บันทึก" in dialogs[0][1]
    assert page.url == edit_url and page.input_value("#id_venue") == "ห้องประชุมใหม่"
