"""A real `manage.py db_worker` whose package PDF takes minutes: the process a test kills mid-build.

Run as `python -m tests.reports.slow_worker` with DATABASE_URL and MEDIA_ROOT of the test run. The
exporter reports progress once, then waits; everything else is the production worker.
"""

from __future__ import annotations

import os
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bangkok_network.settings")

import django  # noqa: E402
from django.core.management import call_command  # noqa: E402


def main() -> None:
    django.setup()
    from reports.exporters.package import PackageExporter

    def slow_render(self, fmt):
        self.progress_callback(10, "ทดสอบ: สร้างช้า")
        time.sleep(600)
        raise AssertionError("the test should have killed this worker")

    PackageExporter.render = slow_render
    call_command("db_worker", "--interval", "0.2", "--no-startup-delay", "--no-reload", *sys.argv[1:])


if __name__ == "__main__":
    main()
