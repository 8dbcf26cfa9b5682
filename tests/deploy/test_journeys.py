"""Each role's journey through a freshly deployed portal, as scripts/deploy_smoke.sh leaves it.

The portal holds only what README's Deploying section makes: the reference data (the FY 2564 cycle)
and three accounts. The tests are one story in calendar order, as a first year on a new server
goes: the department opens the current fiscal year, a group sends P1, the department returns it and
then accepts the corrected version, the group builds its package (the worker process builds it),
the executive reads the evaluation. Each test starts from where the one before left the portal.
"""

from __future__ import annotations

import io
import json
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from reports.pdf.textcheck import extract_text_pdftotext, normalise
from tests.deploy.conftest import BASE_URL, PROXY_HEADERS, keep, screenshot

pytestmark = [
    pytest.mark.deploy,
    pytest.mark.browser,
    pytest.mark.skipif(not BASE_URL, reason="deploy journeys run against a deployed portal: DEPLOY_BASE_URL"),
]

TODAY = datetime.now(ZoneInfo("Asia/Bangkok")).date()
# Fiscal year N (BE) runs from 1 October of N-1 to 30 September of N.
YEAR = TODAY.year + 543 + (1 if TODAY.month >= 10 else 0)
GROUP = "bkk-central"
STAFF, OFFICER, EXECUTIVE = "staff-bkk-central", "officer", "executive"
ISSUE = "น้ำท่วมขังซอยในชุมชนริมคลอง"
PROJECT = "ลอกท่อระบายน้ำร่วมกับชุมชน"
RETURN_REASON = "ขอแยกงบประมาณค่าวัสดุและค่าแรงให้ชัดเจน"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Hand a redirect back as the answer, so a test can read where it points."""

    def redirect_request(self, *args, **kwargs):
        return None


def _get(path: str, data: bytes | None = None, **headers: str):
    """Send one request as the reverse proxy would forward it (no browser; cookies only as given)."""
    request = urllib.request.Request(f"{BASE_URL}{path}", data=data, headers=headers)
    try:
        return urllib.request.build_opener(_NoRedirect).open(request, timeout=20)
    except urllib.error.HTTPError as exc:
        return exc


def test_production_serving_plain_http_is_redirected_and_https_is_hardened():
    plain = _get("/accounts/login/")
    assert (plain.status, plain.headers["Location"]) == (
        301,
        f"https://{BASE_URL.split('//')[1]}/accounts/login/",
    )
    page = _get("/accounts/login/", **PROXY_HEADERS)
    assert page.status == 200
    assert page.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    cookie = page.headers["Set-Cookie"]
    assert cookie.startswith("csrftoken=") and "; Secure" in cookie
    html = page.read().decode()
    # collectstatic's manifest: hashed names, served by WhiteNoise with a far-future lifetime.
    css = html.split('href="/static/vendor/bootstrap/bootstrap.min.', 1)[1].split('"', 1)[0]
    assert css.endswith(".css") and len(css) == len("0123456789ab.css")
    static = _get(f"/static/vendor/bootstrap/bootstrap.min.{css}", **PROXY_HEADERS)
    assert static.status == 200
    assert "immutable" in static.headers["Cache-Control"]


def test_production_csrf_accepts_the_trusted_origin_only():
    page = _get("/accounts/login/", **PROXY_HEADERS)
    cookie = page.headers["Set-Cookie"].split(";", 1)[0]
    token = page.read().decode().split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    form = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "username": "nobody", "password": "x"}
    ).encode()
    headers = {**PROXY_HEADERS, "Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"}
    forged = _get("/accounts/login/", form, **headers, Origin="https://elsewhere.example")
    assert forged.status == 403
    # From the origin in CSRF_TRUSTED_ORIGINS the form is read (and the wrong password refused).
    trusted = _get("/accounts/login/", form, **headers, Origin=BASE_URL)
    assert trusted.status == 200
    assert "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง" in trusted.read().decode()


def test_officer_opens_the_current_fiscal_year_by_copying_the_2564_cycle(portal):
    page = portal.login(OFFICER)
    page.get_by_role("link", name="รอบการดำเนินงาน").first.click()
    page.get_by_role("link", name="ปีงบประมาณ 2564").click()
    page.get_by_label("ปีงบประมาณใหม่ (พ.ศ.)").fill(str(YEAR))
    page.get_by_role("button", name="คัดลอกรอบ").click()
    # The copy opens on the new year's district→group assignment, for a regrouping between years.
    page.wait_for_url(f"**/cycles/{YEAR}/groups/")
    assert page.get_by_role("alert").inner_text().startswith(f"สร้างรอบปีงบประมาณ {YEAR} แล้ว")
    page.goto(f"/cycles/{YEAR}/")
    p1_row = page.locator("tr", has_text="จัดทำแบบ P1").inner_text()
    assert f"3 - 14 พ.ค. {YEAR}" in p1_row
    screenshot(page, "officer-cycle-1366")
    # The portal now opens on the new year.
    page.goto("/dashboard/")
    assert f"ปีงบประมาณ {YEAR}" in page.locator("main").inner_text()


def _fill_project(page, *, budget: str) -> None:
    page.fill("[name=projects-0-name]", PROJECT)
    page.fill("[name=projects-0-objective]", "ลดน้ำท่วมขังในซอยหลังฝนตก")
    page.fill("[name=projects-0-target_quantity]", "120")
    page.fill("[name=projects-0-target_unit]", "ครัวเรือน")
    page.fill("[name=projects-0-budget]", budget)
    page.fill("[name=projects-0-funding_source]", "งบประมาณสำนักงานเขต")
    page.fill("[name=projects-0-start_date]", f"17/05/{YEAR}")
    page.fill("[name=projects-0-end_date]", f"26/08/{YEAR}")
    page.get_by_label("มหานครประชาธิปไตย").first.check()
    page.select_option("[name=projects-0-benefit]", "physical")
    page.fill("[name=projects-0-steps-0-title]", "ประชุมชี้แจงชุมชน")
    page.fill("[name=projects-0-steps-0-start_date]", f"17/05/{YEAR}")
    page.fill("[name=projects-0-steps-0-end_date]", f"31/05/{YEAR}")


def test_group_staff_records_a_meeting_and_its_key_issue_then_fills_and_sends_p1_on_a_phone(portal):
    page = portal.login(STAFF, phone=True)
    assert page.url == f"{BASE_URL}/groups/{GROUP}/"
    page.get_by_role("link", name="2. การประชุมเครือข่ายและประเด็นสำคัญ").click()
    page.get_by_role("link", name="บันทึกการประชุม").click()
    page.fill("#id_date", f"{TODAY.day}/{TODAY.month}/{TODAY.year + 543}")
    page.fill("#id_start_time", "09:30")
    page.fill("#id_end_time", "12:00")
    page.fill("#id_venue", "ห้องประชุมสำนักงานเขตดินแดง")
    page.fill("#id_chair_name", "นายสมชาย ประธาน")
    page.fill("#id_minute_taker", "นางสาวจดดี บันทึก")
    page.fill("#id_agenda_4_resolution", "เห็นชอบประเด็นน้ำท่วมขัง")
    page.click("#meeting-form button[type=submit]")
    page.wait_for_url("**/meetings/*/")
    page.get_by_role("link", name="เพิ่มประเด็นสำคัญ").click()
    page.fill("#id_title", ISSUE)
    page.fill("#id_problem", "ฝนตกแล้วน้ำระบายไม่ทัน")
    page.select_option("#id_dimension", "physical")
    page.click("#key-issue-form button[type=submit]")
    page.wait_for_url("**/meetings/*/")
    assert ISSUE in page.locator("main").inner_text()

    page.goto(f"/groups/{GROUP}/")
    page.get_by_role("link", name="3. แบบ P1 โครงการ/กิจกรรม").click()
    page.get_by_role("link", name="จัดทำแบบ P1").click()
    issue = page.locator("[name=key_issue] option", has_text=ISSUE).get_attribute("value")
    page.select_option("[name=key_issue]", issue)
    page.fill("[name=approach]", "ลอกท่อและจัดอาสาเฝ้าระวังร่วมกับชุมชน")
    _fill_project(page, budget="150,000")
    screenshot(page, "staff-p1-edit-390")
    page.get_by_role("button", name="บันทึกและส่งแบบ P1").click()
    _confirm(page, says="ส่งแบบ P1 ถึงสำนักยุทธศาสตร์และประเมินผล?")
    page.wait_for_url(f"**/p1/{YEAR}/{GROUP}/")
    assert "ส่งแล้ว รอพิจารณา" in page.locator("[data-p1-status]").inner_text()


def _confirm(page, *, says: str) -> None:
    """Answer the confirmation dialog a handing-on button opens, after checking what it says."""
    dialog = page.locator("dialog.confirm-dialog")
    dialog.wait_for(state="visible")
    assert says in dialog.inner_text()
    with page.expect_navigation():
        dialog.get_by_role("button", name="ยืนยัน").click()


def _review(page, *, decision: str, comment: str = "", says: str) -> None:
    page.goto(f"/p1/{YEAR}/")
    page.locator(f"tr[data-group={GROUP}]").get_by_role("link", name="เปิด").click()
    page.get_by_label(decision).check()
    if comment:
        page.fill("[name=comment]", comment)
    page.get_by_role("button", name="บันทึกผลการพิจารณา").click()
    _confirm(page, says=says)
    page.wait_for_url(f"**/p1/{YEAR}/{GROUP}/")


def test_officer_returns_p1_with_a_reason_and_accepts_it_once_the_group_has_sent_it_again(portal):
    officer = portal.login(OFFICER)
    _review(officer, decision="ส่งกลับให้แก้ไข", comment=RETURN_REASON, says="ส่งแบบ P1 ฉบับนี้กลับให้กลุ่มเขตแก้ไข")
    assert "ส่งกลับแก้ไข" in officer.locator("[data-p1-status]").inner_text()

    staff = portal.login(STAFF, phone=True)
    staff.get_by_role("link", name="3. แบบ P1 โครงการ/กิจกรรม").click()
    assert staff.get_by_text(RETURN_REASON).first.is_visible()
    staff.get_by_role("link", name="แก้ไขแบบ P1").click()
    staff.fill("[name=projects-0-budget]", "135000")
    staff.get_by_role("button", name="บันทึกและส่งแบบ P1").click()
    _confirm(staff, says="ส่งแบบ P1 ถึงสำนักยุทธศาสตร์และประเมินผล?")
    staff.wait_for_url(f"**/p1/{YEAR}/{GROUP}/")
    assert "ฉบับที่ 2" in staff.locator("[data-p1-status]").inner_text()

    _review(officer, decision="รับแบบ P1", says="รับแบบ P1 ฉบับนี้?")
    assert "รับแล้ว" in officer.locator("[data-p1-status]").inner_text()
    screenshot(officer, "officer-p1-accepted-1366")


def _build_and_download(page, button: str) -> tuple[bytes, str]:
    """Ask for a build, follow its progress page until the worker has made the file, download it."""
    page.goto(f"/groups/{GROUP}/")
    page.get_by_role("link", name="5. ชุดเอกสารส่งสำนักยุทธศาสตร์ฯ").click()
    page.get_by_role("button", name=button).click()
    page.wait_for_url("**/documents/builds/*/")
    # Only the separate db_worker process runs builds; gunicorn only queues them.
    page.locator("#build-done").wait_for(state="visible", timeout=180000)
    assert page.locator("#build-status").inner_text() == "เสร็จแล้ว"
    response = page.request.get(page.get_attribute("#build-download", "href"))
    assert response.status == 200
    return response.body(), response.headers["content-type"]


def test_group_staff_has_the_worker_build_the_package_and_downloads_its_pdf_and_excel(portal):
    page = portal.login(STAFF)
    pdf, content_type = _build_and_download(page, "สร้างไฟล์ PDF")
    assert content_type == "application/pdf" and pdf.startswith(b"%PDF-")
    keep("package.pdf", pdf)
    text = normalise(extract_text_pdftotext(pdf), drop_whitespace=True)
    assert "กลุ่มกรุงเทพกลาง" in text and normalise(PROJECT, drop_whitespace=True) in text
    screenshot(page, "staff-package-built-1366")

    xlsx, content_type = _build_and_download(page, "สร้างไฟล์ Excel")
    assert content_type == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    keep("package.xlsx", xlsx)
    workbook = load_workbook(io.BytesIO(xlsx), read_only=True)
    cells = {str(value) for sheet in workbook for row in sheet.iter_rows(values_only=True) for value in row}
    assert PROJECT in cells and ISSUE in cells


def test_executive_reads_the_evaluation_of_the_current_year(portal):
    page = portal.login(EXECUTIVE)
    page.goto("/documents/evaluation/")
    page.wait_for_url(f"**/documents/evaluation/{YEAR}/")
    row = page.locator("tbody tr", has_text="กลุ่มกรุงเทพกลาง").inner_text().split("\t")
    # projects and budget of the accepted P1 (version 2: 135,000 baht)
    assert row[4:6] == ["1", "135,000.00"], row
    for chart in page.locator("main img").all():
        assert chart.evaluate("img => img.complete && img.naturalWidth > 0"), chart.get_attribute("alt")
    assert page.get_by_role("button", name="สร้างไฟล์ PDF").count() == 0  # reading, not building
    screenshot(page, "executive-evaluation-1366")
    opendata = page.request.get(f"/documents/open-data/{YEAR}/projects.json")
    assert PROJECT in json.dumps(opendata.json(), ensure_ascii=False)
