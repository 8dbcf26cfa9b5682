"""`manage.py db_worker`: django-tasks-db's worker, with a watchdog for document builds beside it.

django-tasks-db marks a task running when a worker takes it and has no heartbeat: a worker killed
mid-task (SIGKILL, out of memory, a machine restart) leaves the task and its document build
"running" for ever, and no worker takes them again. The watchdog thread reports every few seconds
on the builds this process renders, and fails any build (and its task) whose worker went silent,
so a restarted worker cleans up after the one that died. This command takes over the library's
name because the reports app comes before django_tasks_db in INSTALLED_APPS.
"""

from __future__ import annotations

import logging
import os
import threading

from django.conf import settings
from django.db import close_old_connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from reports import builds

logger = logging.getLogger(__name__)


class BuildWatchdog(threading.Thread):
    """Report on this process's builds and fail lost ones, every DOCUMENT_BUILD_HEARTBEAT_SECONDS."""

    def __init__(self) -> None:
        super().__init__(name="document-build-watchdog", daemon=True)
        self.stopped = threading.Event()

    def run(self) -> None:
        # What a worker killed while writing left behind goes first (never under a final name).
        self._safely(
            lambda: builds.document_build_parts_remove(older_than=settings.DOCUMENT_BUILD_STALE_SECONDS)
        )
        while not self.stopped.is_set():
            self._safely(builds.document_builds_beat)
            self._safely(builds.document_builds_fail_lost)
            self.stopped.wait(settings.DOCUMENT_BUILD_HEARTBEAT_SECONDS)

    @staticmethod
    def _safely(step) -> None:
        try:
            step()
        except Exception:  # the database may be away a moment: say so and try again next round
            logger.exception("document build watchdog: %s failed", getattr(step, "__name__", step))
        finally:
            close_old_connections()


class Command(DatabaseWorkerCommand):
    help = "Run the background worker (django-tasks-db) with a heartbeat for document builds"

    def handle(self, *args, **options) -> None:
        reloading = options["reload"] and not options["batch"]
        # With the autoreloader the parent only watches files; the child runs the tasks.
        if not reloading or os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
            BuildWatchdog().start()
        super().handle(*args, **options)
