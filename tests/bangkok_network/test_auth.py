import logging
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.django_db


def test_login_logout_and_password_change(client, staff):
    response = client.post("/accounts/login/", {"username": staff.username, "password": "test-pass-2564"})
    assert response.status_code == 302
    assert client.get("/").status_code == 302
    response = client.post(
        "/accounts/password/",
        {
            "old_password": "test-pass-2564",
            "new_password1": "ใหม่-รหัส-2564-x",
            "new_password2": "ใหม่-รหัส-2564-x",
        },
    )
    assert response.status_code == 302
    client.post("/accounts/logout/")
    assert client.get("/dashboard/").status_code == 302
    response = client.post("/accounts/login/", {"username": staff.username, "password": "ใหม่-รหัส-2564-x"})
    assert response.status_code == 302 and response.url == "/"


def test_failed_logins_are_throttled(client, staff):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": staff.username, "password": "wrong"})
    response = client.post("/accounts/login/", {"username": staff.username, "password": "test-pass-2564"})
    assert response.status_code == 429
    assert "ระงับการเข้าสู่ระบบชั่วคราว" in response.content.decode()
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    assert f"กรุณารอ {minutes} นาที" in response.content.decode()


def test_the_lockout_page_names_the_configured_wait(client, staff, settings):
    settings.AXES_COOLOFF_TIME = timedelta(minutes=40)
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        response = client.post("/accounts/login/", {"username": staff.username, "password": "wrong"})
    assert response.status_code == 429
    assert "กรุณารอ 40 นาที" in response.content.decode()


def _login(client, username, password="Bangkok2564!", address="203.0.113.5", **extra):
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address, **extra
    )


@pytest.fixture
def address_limit(settings):
    settings.AXES_ADDRESS_FAILURE_LIMIT = 10
    return 10


def test_one_password_sprayed_over_many_users_from_one_address_is_locked_out(client, staff, address_limit):
    for n in range(address_limit - 1):
        response = _login(client, f"user-{n}")
        assert response.status_code == 200  # one failure per user name: the per-user limit never trips
    assert _login(client, "one-more").status_code == 429
    # The address is now refused, whatever the user name and even with a right password.
    response = _login(client, staff.username, "test-pass-2564")
    assert response.status_code == 429
    assert "ระงับการเข้าสู่ระบบชั่วคราว" in response.content.decode()
    # A real user from another address still gets in.
    assert _login(Client(), staff.username, "test-pass-2564", address="198.51.100.20").status_code == 302


def test_colleagues_behind_one_office_address_are_not_locked_out_below_the_address_limit(
    client, staff, make_user, address_limit
):
    colleague = make_user("group_staff", group=staff.profile.group, username="colleague")
    for n in range(address_limit - 1):
        _login(client, f"typo-{n % 3}")
    assert _login(Client(), colleague.username, "test-pass-2564").status_code == 302
    # A good login does not wipe the address's count (a sprayer who finds one password goes on being counted).
    _login(client, "one-more")
    assert _login(Client(), staff.username, "test-pass-2564").status_code == 429


def test_the_per_user_lockout_still_counts_per_user_name_and_address(client, staff, address_limit):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, staff.username)
    assert _login(client, staff.username, "test-pass-2564").status_code == 429
    assert _login(Client(), staff.username, "test-pass-2564", address="198.51.100.20").status_code == 302


def test_both_lockouts_are_logged_with_the_limit_that_tripped(client, staff, address_limit, caplog):
    caplog.set_level(logging.WARNING, logger="bangkok_network.lockout")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, staff.username, address="198.51.100.30")
    for n in range(address_limit):
        _login(client, f"user-{n}")
    messages = [r.getMessage() for r in caplog.records if r.name == "bangkok_network.lockout"]
    assert messages == [
        f"login locked out by the per-user limit ({settings.AXES_FAILURE_LIMIT} failures of one user name "
        f"from one address): username='{staff.username}' address=198.51.100.30",
        f"login locked out by the per-address limit ({address_limit} failures from one address across "
        f"user names): username='user-{address_limit - 1}' address=203.0.113.5",
    ]


def test_the_client_address_comes_from_the_trusted_proxy_only(client, staff, settings, address_limit):
    settings.TRUSTED_PROXY_COUNT = 1
    # nginx appends the address it saw; anything to its left was written by the client and is ignored.
    for n in range(address_limit):
        _login(client, f"user-{n}", address="127.0.0.1", HTTP_X_FORWARDED_FOR=f"10.9.9.{n}, 203.0.113.5")
    blocked = _login(
        client, staff.username, "test-pass-2564", address="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5"
    )
    assert blocked.status_code == 429
    other = _login(
        Client(), staff.username, "test-pass-2564", address="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.20"
    )
    assert other.status_code == 302


def test_wrong_password_shows_a_thai_message(client, staff):
    response = client.post("/accounts/login/", {"username": staff.username, "password": "wrong"})
    assert "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง" in response.content.decode()


def test_check_deploy_is_clean_with_production_settings_from_the_environment():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bangkok_network.settings",
        "DEBUG": "0",
        "SECRET_KEY": "x" * 20 + "production-secret-from-the-environment-0123456789",
        "ALLOWED_HOSTS": "portal.example.go.th",
    }
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests only
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=Path(settings.BASE_DIR),
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_web_entry_point_refuses_to_start_without_a_secret_key():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bangkok_network.settings", "DEBUG": "0"}
    for name in ("SECRET_KEY", "ALLOW_INSECURE_SECRET", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL"):
        env.pop(name, None)
    base = Path(settings.BASE_DIR)
    served = subprocess.run(
        [sys.executable, "-c", "import bangkok_network.wsgi"],
        cwd=base,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert served.returncode != 0 and "SECRET_KEY setting must not be empty" in served.stderr
    # Commands that sign nothing still run, so migrations can be checked without secrets.
    checked = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=base,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert checked.returncode == 0, checked.stderr
