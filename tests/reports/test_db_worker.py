"""The background worker for real: a `manage.py db_worker` process killed with SIGKILL mid-build.

The worker runs on the test's PostgreSQL database (SQLite's test database lives in memory, out of
another process's reach). Build staleness is shortened to seconds through the environment.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection

from reports import services
from reports.models import BuildStatus, DocumentBuild

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a worker process needs a shared database"),
]

STALE_SECONDS = 3


def _database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _worker(*command: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bangkok_network.settings",
        "DATABASE_URL": _database_url(),
        "MEDIA_ROOT": str(django_settings.MEDIA_ROOT),
        "ALLOW_INSECURE_SECRET": "1",
        "TESTING": "1",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "DOCUMENT_BUILD_STALE_SECONDS": str(STALE_SECONDS),
        "DOCUMENT_BUILD_HEARTBEAT_SECONDS": "0.5",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return subprocess.Popen(
        [sys.executable, *command],
        cwd=django_settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _wait_for(what: str, predicate, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"gave up waiting for {what}")


def _stop(process: subprocess.Popen) -> str:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
    return process.stdout.read() if process.stdout else ""


@pytest.fixture
def database_queue(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.DOCUMENT_BUILD_STALE_SECONDS = STALE_SECONDS


def _status(build: DocumentBuild) -> str:
    build.refresh_from_db()
    return build.status


def test_a_build_whose_worker_is_killed_fails_in_thai_and_a_restarted_worker_carries_on(
    database_queue, cycle, group, staff
):
    from django_tasks_db.models import DBTaskResult

    killed = services.document_build_request(kind="package", cycle=cycle, group=group, fmt="pdf", user=staff)
    worker = _worker("-m", "tests.reports.slow_worker")
    try:
        _wait_for(
            "the build to start", lambda: _status(killed) == BuildStatus.RUNNING and killed.progress == 10
        )
        # A slow build whose worker is alive is not taken for a lost one.
        time.sleep(STALE_SECONDS + 1)
        assert _status(killed) == BuildStatus.RUNNING
        worker.kill()  # SIGKILL: no handler runs, as when the machine runs out of memory
        worker.wait(15)
    finally:
        _stop(worker)
    # Asked while no worker runs: queued, for whichever worker starts next.
    waiting = services.document_build_request(
        kind="package", cycle=cycle, group=group, fmt="xlsx", user=staff
    )
    assert waiting.status == BuildStatus.QUEUED

    restarted = _worker("manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay", "--no-reload")
    try:
        _wait_for("the killed build to be failed", lambda: _status(killed) == BuildStatus.FAILED)
        _wait_for("the queued build to be done", lambda: _status(waiting) == BuildStatus.DONE)
        assert killed.error == "หมดเวลาสร้างเอกสาร (ตัวประมวลผลเบื้องหลังไม่ตอบสนอง) กรุณาสั่งสร้างใหม่"
        assert not killed.file
        task = DBTaskResult.objects.get(id=killed.task_id)
        assert task.status == "FAILED"  # not "RUNNING" for ever in the task list
        # The person retries at once and gets a new build, which the restarted worker finishes.
        retry = services.document_build_request(
            kind="package", cycle=cycle, group=group, fmt="pdf", user=staff
        )
        assert retry.pk != killed.pk
        _wait_for("the retried build to be done", lambda: _status(retry) == BuildStatus.DONE)
    finally:
        output = _stop(restarted)
    # No half file: the folder holds the two finished documents (each with its copy masked for
    # executives) and nothing of the killed build.
    folder = Path(django_settings.MEDIA_ROOT) / "documents" / "2564"
    finished = (waiting, retry)  # refreshed by _status
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        Path(f.name).name for b in finished for f in (b.file, b.masked_file)
    )
    assert Path(retry.file.path).read_bytes()[:5] == b"%PDF-", output
