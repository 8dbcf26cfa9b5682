"""A browser for each role against a deployed portal (scripts/deploy_smoke.sh sets DEPLOY_BASE_URL).

Nothing here touches a database: the portal under test is a separate gunicorn process with its own
PostgreSQL database, reached only over HTTP as its users reach it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

BASE_URL = os.environ.get("DEPLOY_BASE_URL", "").rstrip("/")
PASSWORD = os.environ.get("DEPLOY_PASSWORD", "")
# Where to keep a screenshot of the pages the journeys check, and the documents they download (for a
# person to look at), if anywhere.
SCREENSHOTS = os.environ.get("DEPLOY_SCREENSHOTS", "")
# The reverse proxy in front of gunicorn terminates TLS and says so in this header (README).
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1366, "height": 900}}


class Portal:
    """Open logged-in pages as the accounts README's Deploying section creates, and watch every reply."""

    def __init__(self, browser):
        self.browser = browser
        self.contexts = []
        self.failures: list[str] = []

    def login(self, username: str, *, phone: bool = False):
        context = self.browser.new_context(
            base_url=BASE_URL,
            locale="th-TH",
            extra_http_headers=PROXY_HEADERS,
            **(PHONE if phone else DESKTOP),
        )
        self.contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(20000)
        # Any reply of 400 or more, to a page, a static file or the build status poll, is a failure.
        page.on("response", lambda r: r.status >= 400 and self.failures.append(f"{r.status} {r.url}"))
        page.goto("/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        with page.expect_navigation():
            page.click("#login-form button[type=submit]")
        assert "/accounts/login/" not in page.url, f"{username} could not log in"
        # Over the proxy's https the session and CSRF cookies are Secure, and the session is not for scripts.
        cookies = {cookie["name"]: cookie for cookie in context.cookies()}
        assert cookies["sessionid"]["secure"] and cookies["sessionid"]["httpOnly"]
        assert cookies["csrftoken"]["secure"]
        return page

    def close(self):
        for context in self.contexts:
            context.close()


@pytest.fixture
def portal(browser):
    portal = Portal(browser)
    yield portal
    portal.close()
    assert not portal.failures, portal.failures


def screenshot(page, name: str) -> None:
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"), full_page=True)


def keep(name: str, content: bytes) -> None:
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        (Path(SCREENSHOTS) / name).write_bytes(content)
