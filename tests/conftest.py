"""Shared fixtures: reference data, users of every role, a browser for journeys."""

from __future__ import annotations

import os
import shutil

import pytest

from bangkok_network.models import Cycle, DistrictGroup, Role
from bangkok_network.services import reference_data_load, user_profile_set

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# around it are still synchronous, so Django's async-safety guard does not apply here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PASSWORD = "test-pass-2564"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the reference data once into the test database; each test rolls back over it."""
    with django_db_blocker.unblock():
        reference_data_load()


@pytest.fixture
def reference_data(db):
    """Ensure the reference data exists (transactional tests flush it between tests)."""
    if not Cycle.objects.filter(fiscal_year=2564).exists():
        reference_data_load()
    return Cycle.objects.get(fiscal_year=2564)


@pytest.fixture
def cycle(reference_data) -> Cycle:
    return reference_data


@pytest.fixture
def group(reference_data) -> DistrictGroup:
    return DistrictGroup.objects.get(code="bkk-central")


@pytest.fixture
def other_group(reference_data) -> DistrictGroup:
    return DistrictGroup.objects.get(code="bkk-south")


@pytest.fixture
def make_user(db, django_user_model):
    """Create a user with a portal role (and a group for district-group roles)."""
    counter = {"n": 0}

    def make(role: str | None, group: DistrictGroup | None = None, username: str | None = None, **extra):
        counter["n"] += 1
        username = username or f"{role or 'norole'}-{counter['n']}"
        user = django_user_model.objects.create_user(
            username=username,
            password=PASSWORD,
            email=f"{username}@example.test",
            first_name=extra.pop("first_name", "ทดสอบ"),
            last_name=extra.pop("last_name", username),
        )
        if role == Role.ADMIN:
            user.is_staff = user.is_superuser = True
            user.save(update_fields=["is_staff", "is_superuser"])
        if role:
            user_profile_set(
                user=user, role=role, group=group if role in ("group_staff", "group_chair") else None
            )
        return user

    return make


@pytest.fixture
def officer(make_user, reference_data):
    return make_user(Role.OFFICER, username="officer")


@pytest.fixture
def executive(make_user, reference_data):
    return make_user(Role.EXECUTIVE, username="executive")


@pytest.fixture
def admin_user(make_user, reference_data):
    return make_user(Role.ADMIN, username="admin")


@pytest.fixture
def staff(make_user, group):
    return make_user(Role.GROUP_STAFF, group=group, username="staff-central")


@pytest.fixture
def chair(make_user, group):
    return make_user(Role.GROUP_CHAIR, group=group, username="chair-central")


@pytest.fixture
def other_staff(make_user, other_group):
    return make_user(Role.GROUP_STAFF, group=other_group, username="staff-south")


def chromium_available() -> bool:
    return shutil.which(CHROMIUM) is not None or os.path.exists(CHROMIUM)


@pytest.fixture(scope="session")
def browser():
    """Start Debian's Chromium through Playwright; CI (REQUIRE_BROWSER=1) fails if it is missing."""
    if not chromium_available():
        if os.environ.get("REQUIRE_BROWSER") or os.environ.get("CI"):
            pytest.fail(f"Chromium is required for browser tests but {CHROMIUM} is missing")
        pytest.skip(f"browser tests skipped: install Debian's chromium ({CHROMIUM} not found)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="th-TH", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser):
    """A phone-sized page (iPhone-like width) for journeys done on a phone."""
    context = browser.new_context(
        locale="th-TH", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def review_screenshot(page, name: str) -> None:
    """Keep a full-page screenshot, named with the viewport width, when REVIEW_SCREENSHOTS names a folder."""
    folder = os.environ.get("REVIEW_SCREENSHOTS")
    if folder:
        os.makedirs(folder, exist_ok=True)
        page.screenshot(path=f"{folder}/{name}-{page.viewport_size['width']}.png", full_page=True)


def browser_login(page, live_server, username: str, password: str = PASSWORD) -> None:
    """Log in through the real login form."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    # Wait for the page the form leads to, not the login page's own load state (a race).
    with page.expect_navigation():
        page.click("#login-form button[type=submit]")
