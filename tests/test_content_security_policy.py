"""The key pages in headless Chromium under the Content-Security-Policy: nothing blocked, scripts work.

Every page is loaded with a listener for `securitypolicyviolation` and the console watched for
"Refused to …" and Permissions-Policy errors; any one fails the test with the page it came from.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from bangkok_network.models import Role
from reports.models import BuildStatus, DocumentBuild
from tests.conftest import browser_login
from tests.meetings.factories import KeyIssueFactory, MeetingFactory, attend
from tests.progress import factories as progress_factories
from tests.registry.factories import CommunityMemberFactory, MemberFactory
from tests.reports.factories import done_build

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WATCH = """
window.__blocked = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const what = event.blockedURI || "inline", where = `${event.sourceFile}:${event.lineNumber}`;
  window.__blocked.push(`${event.violatedDirective} blocked ${what} at ${where}`);
});
"""
POLICY_WORDS = ("Content Security Policy", "Content-Security-Policy", "Permissions-Policy", "Refused to")


class Watched:
    """A page that records what the browser refused, per URL visited."""

    def __init__(self, page, live_server):
        self.page, self.base, self.console = page, live_server.url, []
        page.add_init_script(WATCH)
        page.on("console", lambda message: self.console.append(message.text))

    def visit(self, path: str) -> None:
        response = self.page.goto(self.base + path)
        assert response.status == 200, path
        self.page.wait_for_load_state("load")
        self.check(path)

    def check(self, where: str) -> None:
        blocked = self.page.evaluate("window.__blocked || []")
        refused = [text for text in self.console if any(word in text for word in POLICY_WORDS)]
        self.console.clear()
        assert (blocked, refused) == ([], []), where


@pytest.fixture
def data(cycle, group, other_group, make_user):
    staff = make_user(Role.GROUP_STAFF, group=group, username="staff-csp")
    make_user(Role.GROUP_STAFF, group=other_group, username="staff-south-csp")  # a P1 not yet sent
    officer = make_user(Role.OFFICER, username="officer-csp")
    admin = make_user(Role.ADMIN, username="admin-csp")
    member = MemberFactory(cycle=cycle, group=group)
    CommunityMemberFactory.create_batch(3)
    meeting = MeetingFactory(cycle=cycle, group=group, number=1)
    KeyIssueFactory(meeting=meeting)
    attend(meeting, member)
    project = progress_factories.project(cycle=cycle, group=group)
    report = progress_factories.report(project=project)
    report.attachments.create(
        kind="photo",
        file=progress_factories.png_file(),
        original_name="photo.png",
        content_type="image/png",
        size=len(progress_factories.PNG_BYTES),
        uploaded_by=staff,
    )
    done_build(kind="package", cycle=cycle, group=group, user=staff)
    running = DocumentBuild.objects.create(
        kind="package",
        cycle=cycle,
        group=group,
        format="xlsx",
        status=BuildStatus.RUNNING,
        progress=40,
        requested_by=staff,
    )
    return {
        "staff": staff,
        "officer": officer,
        "admin": admin,
        "member": member,
        "meeting": meeting,
        "report": report,
        "running": running,
    }


def test_key_pages_load_with_nothing_blocked_and_their_scripts_work(
    page, live_server, data, group, other_group
):
    watched = Watched(page, live_server)
    watched.visit("/accounts/login/")

    browser_login(page, live_server, "officer-csp")
    watched.check("after logging in")
    watched.visit("/dashboard/")
    # The timeline is laid out by a script from data attributes (no style attributes under the CSP).
    left = page.evaluate("getComputedStyle(document.querySelector('.timeline-bar:last-child')).left")
    assert left not in ("", "0px", "auto")
    with page.expect_navigation():
        page.select_option("#cycle", "2564")  # the cycle picker submits itself
    assert page.url.endswith("?cycle=2564")
    watched.check("dashboard after picking a cycle")
    watched.visit("/documents/evaluation/2564/")
    # The charts are data: images, which the policy allows.
    assert page.evaluate(
        "document.images.length > 0 && [...document.images].every((i) => i.naturalWidth > 0)"
    )
    for path in (
        "/cycles/2564/",
        "/cycles/2564/edit/",
        "/p1/2564/",
        f"/p1/2564/{group.code}/",
        f"/meetings/{data['meeting'].pk}/",
        f"/meetings/groups/{group.code}/participation/",
        f"/documents/evaluation/2564/assess/{group.code}/",
        "/themes/2564/",
        "/accounts/password/",
    ):
        watched.visit(path)

    page.context.clear_cookies()
    browser_login(page, live_server, "staff-csp")
    meeting = data["meeting"].pk
    for path in (
        f"/groups/{group.code}/",
        f"/registry/2564/{group.code}/",
        f"/registry/members/{data['member'].pk}/",
        f"/meetings/groups/{group.code}/",
        f"/meetings/{meeting}/attendance/",
        f"/meetings/{meeting}/edit/",
        f"/meetings/{meeting}/issues/new/",
        f"/meetings/groups/{group.code}/new/",
        f"/registry/members/{data['member'].pk}/edit/",
        "/registry/import/",
        f"/progress/2564/{group.code}/",
        f"/progress/reports/{data['report'].pk}/edit/",
        f"/documents/package/2564/{group.code}/",
    ):
        watched.visit(path)

    watched.visit(f"/registry/2564/{group.code}/pick/")
    page.check("[data-select-all]")  # ticks every row
    assert page.locator("input[name=pick]:checked").count() == page.locator("input[name=pick]").count() > 0

    report = data["report"].pk
    watched.visit(f"/progress/reports/{report}/")
    page.get_by_role("button", name="ลบ", exact=True).click()
    dialog = page.locator("dialog.confirm-dialog")
    assert dialog.is_visible() and dialog.locator("p").inner_text() == "ลบไฟล์นี้?"  # asked first, in a <dialog>
    dialog.get_by_role("button", name="ยกเลิก").click()  # cancelled, so the file stays
    assert not dialog.is_visible()
    assert page.locator("img.img-fluid").count() == 1

    running = data["running"]
    watched.visit(reverse("reports:build_detail", kwargs={"pk": running.pk}))
    DocumentBuild.objects.filter(pk=running.pk).update(status=BuildStatus.FAILED, error="ทดสอบ: ไม่สำเร็จ")
    page.get_by_text("ทดสอบ: ไม่สำเร็จ").wait_for()  # the progress script polled and showed it
    assert page.locator("#build-retry").is_visible()
    watched.check("build progress")

    page.context.clear_cookies()
    browser_login(page, live_server, "staff-south-csp")
    watched.visit(f"/p1/2564/{other_group.code}/edit/")
    cards = page.locator("[data-project]:visible")
    assert cards.count() == 1
    page.get_by_role("button", name="เพิ่มโครงการ").click()
    assert cards.count() == 2
    cards.nth(1).get_by_role("button", name="ลบโครงการนี้").click()
    assert cards.count() == 1
    watched.check("P1 rows added and removed")

    page.context.clear_cookies()
    browser_login(page, live_server, "admin-csp")
    for path in (
        "/admin/",
        "/admin/reports/documentbuild/",
        f"/admin/reports/documentbuild/{running.pk}/change/",
    ):
        watched.visit(path)
