"""Browser journey: build the package, watch the progress bar, download the PDF."""

from __future__ import annotations

import threading

import pytest

from bangkok_network.models import DistrictGroup, Role
from reports import builds, services
from reports.models import BuildStatus, DocumentBuild
from reports.pdf.textcheck import extract_text_pdftotext, normalise
from tests.conftest import browser_login
from tests.meetings.factories import make_member
from tests.progress import factories as progress_factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _data(cycle, group):
    make_member(cycle=cycle, group=group, first_name="กมล", last_name="สายสุข")
    project = progress_factories.project(cycle=cycle, group=group, name="สวนผักคนเมืองริมคลอง")
    progress_factories.report(project=project, activities="ปลูกผักแล้วสามแปลง")


def test_staff_builds_the_package_watches_progress_and_downloads_the_pdf(
    page, live_server, reference_data, make_user, monkeypatch
):
    group = DistrictGroup.objects.get(code="bkk-central")
    make_user(Role.GROUP_STAFF, group=group, username="journey-package")
    _data(reference_data, group)
    # Hold the build in the queue, as a busy worker would, so the page shows the bar before it is done.
    queued: list[int] = []
    monkeypatch.setattr(services, "_enqueue", queued.append)
    browser_login(page, live_server, "journey-package")

    page.goto(f"{live_server.url}/groups/bkk-central/")
    page.get_by_role("link", name="5. ชุดเอกสารส่งสำนักยุทธศาสตร์ฯ").click()
    page.get_by_role("button", name="สร้างไฟล์ PDF").click()
    page.wait_for_url("**/documents/builds/*/")
    bar = page.get_by_role("progressbar")
    assert bar.get_attribute("aria-valuenow") == "0"
    assert page.locator("#build-status").inner_text() == "รอคิว"
    assert page.locator("#build-done").is_hidden()

    # A second click reuses the queued build instead of building twice.
    page.go_back()
    page.get_by_role("button", name="สร้างไฟล์ PDF").click()
    page.wait_for_url("**/documents/builds/*/")
    assert DocumentBuild.objects.count() == 1 and queued == [DocumentBuild.objects.get().pk]

    # The worker picks it up; the page follows through its status endpoint and offers the file.
    worker = threading.Thread(target=builds.document_build_run, kwargs={"build_id": queued[0]})
    worker.start()
    worker.join(timeout=60)
    page.locator("#build-done").wait_for(state="visible", timeout=15000)
    assert bar.get_attribute("aria-valuenow") == "100"
    assert page.locator("#build-status").inner_text() == "เสร็จแล้ว"
    assert DocumentBuild.objects.get().status == BuildStatus.DONE

    href = page.get_attribute("#build-download", "href")
    response = page.request.get(f"{live_server.url}{href}")
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    text = normalise(extract_text_pdftotext(response.body()), drop_whitespace=True)
    assert "สารบัญ" in text
    assert "ปลูกผักแล้วสามแปลง" in text
