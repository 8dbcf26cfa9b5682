"""Security headers and session lifetime on real responses (bangkok_network/middleware.py, settings)."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from tests.reports.factories import done_build

pytestmark = pytest.mark.django_db

CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
PERMISSIONS = (
    "accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), midi=(), payment=(), usb=()"
)
NO_STORE = "max-age=0, no-cache, no-store, must-revalidate, private"


def _policy(header: str) -> dict[str, str]:
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


def test_pages_carry_a_strict_content_security_policy(client, officer, admin_user):
    for user, url in ((None, "/accounts/login/"), (officer, "/dashboard/"), (admin_user, "/admin/")):
        if user:
            client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, url
        assert _policy(response["Content-Security-Policy"]) == CSP, url
        assert "unsafe" not in response["Content-Security-Policy"]


def test_signed_out_pages_carry_the_policy_too(client):
    response = client.get("/accounts/login/")
    assert _policy(response["Content-Security-Policy"]) == CSP
    assert response["Permissions-Policy"] == PERMISSIONS


def test_every_response_turns_off_camera_microphone_and_location(client, staff, group):
    client.force_login(staff)
    for url in (f"/groups/{group.code}/", "/documents/memo/2564/bkk-central.pdf"):
        assert client.get(url)["Permissions-Policy"] == PERMISSIONS, url


def test_pages_and_downloads_for_a_signed_in_user_are_never_stored(client, staff, group, cycle):
    client.force_login(staff)
    page = client.get(f"/registry/2564/{group.code}/")
    document = client.get("/documents/registry/2564/bkk-central.xlsx")
    build = done_build(kind="package", cycle=cycle, group=group, user=staff)
    stored = client.get(reverse("reports:build_download", kwargs={"pk": build.pk}))
    for response in (page, document, stored):
        assert response.status_code == 200
        assert response["Cache-Control"] == NO_STORE


def test_a_pdf_is_served_without_the_page_policy_so_the_browsers_viewer_can_show_it(client, staff, group):
    client.force_login(staff)
    response = client.get("/documents/memo/2564/bkk-central.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert "Content-Security-Policy" not in response  # Chrome's viewer is an <embed> and inline styles
    assert response["Cache-Control"] == NO_STORE
    assert response["X-Content-Type-Options"] == "nosniff"


# --- sessions: 8 hours idle, 12 hours at most, gone with the browser ------------------------------

START = datetime.datetime(2021, 5, 10, 8, 0, tzinfo=datetime.UTC)


def _signed_in(client) -> bool:
    response = client.get("/")  # home sends a signed-in user on to their page, anyone else to log in
    return response.status_code == 302 and not response.url.startswith("/accounts/login/")


def _login(client, user):
    response = client.post("/accounts/login/", {"username": user.username, "password": "test-pass-2564"})
    assert response.status_code == 302


def test_session_settings_fit_an_office_day():
    assert (settings.SESSION_COOKIE_AGE, settings.SESSION_ABSOLUTE_SECONDS) == (8 * 3600, 12 * 3600)
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True


def test_a_session_ends_after_eight_idle_hours(client, staff):
    with time_machine.travel(START, tick=False) as clock:
        _login(client, staff)
        clock.shift(datetime.timedelta(hours=7, minutes=50))
        assert _signed_in(client)
        clock.shift(datetime.timedelta(hours=8, minutes=1))  # nothing for 8 hours: signed out
        assert not _signed_in(client)


def test_working_keeps_a_session_alive_but_not_past_twelve_hours(client, staff):
    with time_machine.travel(START, tick=False) as clock:
        _login(client, staff)
        for _ in range(5):  # a request every 2 h 20 min: never 8 hours idle
            clock.shift(datetime.timedelta(hours=2, minutes=20))
            assert _signed_in(client)
        clock.shift(datetime.timedelta(hours=1, minutes=0, seconds=1))  # 12 h 40 min after signing in
        response = client.get(f"/groups/{staff.profile.group.code}/", follow=True)
        assert response.redirect_chain[-1][0].startswith("/accounts/login/")
        assert "ครบ 12 ชั่วโมง" in response.content.decode()


def test_the_session_cookie_lives_only_as_long_as_the_browser(client, staff):
    _login(client, staff)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert (cookie["expires"], cookie["max-age"]) == ("", "")


# --- templates: nothing the policy would block ---------------------------------------------------

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# Official documents are rendered by WeasyPrint, never served to a browser as HTML.
DOCUMENTS = TEMPLATES / "reports" / "documents"
BLOCKED = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE),
    "event handler": re.compile(r"\son[a-z]+\s*=", re.IGNORECASE),
    "style attribute": re.compile(r"\sstyle\s*=", re.IGNORECASE),
    "style element": re.compile(r"<style", re.IGNORECASE),
    "javascript: link": re.compile(r"javascript:", re.IGNORECASE),
}


def test_no_template_served_to_a_browser_holds_inline_script_handlers_or_styles():
    found = [
        f"{path.relative_to(TEMPLATES)}: {what}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        if DOCUMENTS not in path.parents
        for what, pattern in BLOCKED.items()
        if pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_a_browser_asking_for_english_still_gets_the_thai_portal(client):
    """Thai by default, whatever the browser's Accept-Language (ThaiFirstLocaleMiddleware)."""
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    html = response.content.decode()
    assert '<html lang="th">' in html and '<h1 class="h4 mb-3">เข้าสู่ระบบ</h1>' in html
    assert "Log in" not in html
    assert response["Content-Language"] == "th"
    assert "Accept-Language" not in response.get("Vary", "")


def test_english_only_when_the_person_picks_it_and_thai_again_when_they_switch_back(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"}, HTTP_ACCEPT_LANGUAGE="th")
    html = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="th").content.decode()
    assert '<html lang="en">' in html and "Log in" in html
    client.post(reverse("set_language"), {"language": "th", "next": "/"})
    html = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="th">' in html and "Log in" not in html


def test_an_unknown_language_in_the_cookie_falls_back_to_thai(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    assert client.get(reverse("login")).headers["Content-Language"] == "th"
