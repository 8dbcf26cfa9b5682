"""Settings for the test suite: the production settings with fast, local, deterministic parts."""

import os

os.environ.setdefault("ALLOW_INSECURE_SECRET", "1")
os.environ.setdefault("TESTING", "1")

from bangkok_network.settings import *  # noqa: E402,F403  (a settings overlay re-exports everything)

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
ALLOWED_HOSTS = ["*"]
# A fast hasher: the suite creates many users; production keeps Django's default.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# One folder per database engine: CI runs the SQLite and the PostgreSQL suites side by side, and a
# test that counts the files in a folder must not see the other run's (subprocesses inherit it).
MEDIA_ROOT = BASE_DIR / "var" / f"test-media-{DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}"  # noqa: F405
LOGGING = {"version": 1, "disable_existing_loggers": False}
STATIC_ROOT = None  # tests serve static files through the finders
