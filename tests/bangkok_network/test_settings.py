"""Production settings: what a deployment sets in its environment; static files as production serves them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from whitenoise.storage import CompressedManifestStaticFilesStorage

pytestmark = pytest.mark.django_db

PRODUCTION_STATIC_STORAGE = "whitenoise.storage.CompressedManifestStaticFilesStorage"


def _production_settings(**environment: str) -> dict:
    """Import the settings in a fresh interpreter with DEBUG off and the given environment."""
    env = {key: value for key, value in os.environ.items() if key not in {"TESTING", "DATABASE_URL"}}
    env.update({"DEBUG": "0", **environment})
    names = [
        "STATIC_ROOT",
        "MEDIA_ROOT",
        "STORAGES",
        "ALLOWED_HOSTS",
        "CSRF_TRUSTED_ORIGINS",
        "DATABASES",
        "DEFAULT_FROM_EMAIL",
        "SERVER_EMAIL",
        "EMAIL_HOST",
        "PORTAL_BASE_URL",
        "SECURE_SSL_REDIRECT",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
    ]
    script = (
        "import json; from bangkok_network import settings as s; "
        f"print(json.dumps({{n: getattr(s, n) for n in {names!r}}}, default=str))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=Path(settings.BASE_DIR),
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_a_deployment_sets_its_directories_hosts_database_and_mail_in_the_environment(tmp_path):
    values = _production_settings(
        STATIC_ROOT=str(tmp_path / "static"),
        MEDIA_ROOT=str(tmp_path / "media"),
        ALLOWED_HOSTS="portal.example.go.th",
        CSRF_TRUSTED_ORIGINS="https://portal.example.go.th",
        DATABASE_URL="postgres://portal:secret@db:5432/portal",
        DEFAULT_FROM_EMAIL="portal@example.go.th",
        EMAIL_HOST="smtp.example.go.th",
        PORTAL_BASE_URL="https://portal.example.go.th",
    )
    assert values["STATIC_ROOT"] == str(tmp_path / "static")
    assert values["MEDIA_ROOT"] == str(tmp_path / "media")
    assert values["STORAGES"]["staticfiles"]["BACKEND"] == PRODUCTION_STATIC_STORAGE
    assert values["ALLOWED_HOSTS"] == ["portal.example.go.th"]
    assert values["CSRF_TRUSTED_ORIGINS"] == ["https://portal.example.go.th"]
    database = values["DATABASES"]["default"]
    assert (database["ENGINE"], database["NAME"], database["HOST"]) == (
        "django.db.backends.postgresql",
        "portal",
        "db",
    )
    assert (values["DEFAULT_FROM_EMAIL"], values["SERVER_EMAIL"], values["EMAIL_HOST"]) == (
        "portal@example.go.th",
        "portal@example.go.th",
        "smtp.example.go.th",
    )
    assert values["PORTAL_BASE_URL"] == "https://portal.example.go.th"


def test_https_hardening_is_on_with_debug_off_and_each_part_can_be_turned_off():
    hardened = _production_settings()
    secure = ("SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE")
    assert [hardened[name] for name in secure] == [True, True, True]
    assert (hardened["SECURE_HSTS_SECONDS"], hardened["SECURE_HSTS_INCLUDE_SUBDOMAINS"]) == (31536000, True)
    relaxed = _production_settings(SECURE_HSTS_INCLUDE_SUBDOMAINS="0", SECURE_HSTS_PRELOAD="0")
    assert (relaxed["SECURE_HSTS_INCLUDE_SUBDOMAINS"], relaxed["SECURE_HSTS_PRELOAD"]) == (False, False)


def test_collectstatic_with_the_production_storage_writes_a_manifest_that_pages_use(
    tmp_path, monkeypatch, client
):
    # Compressing every file is WhiteNoise's own work and takes most of the time; the manifest,
    # which refuses a file that names a missing source map, is what a deployment needs from us.
    monkeypatch.setattr(CompressedManifestStaticFilesStorage, "compress_files", lambda self, paths: [])
    production = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": PRODUCTION_STATIC_STORAGE},
    }
    with override_settings(STORAGES=production, STATIC_ROOT=tmp_path):
        call_command("collectstatic", interactive=False, verbosity=0)
        manifest = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
        page = client.get("/accounts/login/")
    assert page.status_code == 200
    css = manifest["vendor/bootstrap/bootstrap.min.css"]
    js = manifest["vendor/bootstrap/bootstrap.bundle.min.js"]
    assert css != "vendor/bootstrap/bootstrap.min.css" and (tmp_path / css).exists()
    html = page.content.decode()
    assert f"/static/{css}" in html and f"/static/{js}" in html
    # The maps the minified files name are served too, under their own hashed names.
    assert "vendor/bootstrap/bootstrap.min.css.map" in manifest
    assert "vendor/bootstrap/bootstrap.bundle.min.js.map" in manifest
