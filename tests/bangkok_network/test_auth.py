import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

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
