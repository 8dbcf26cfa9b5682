"""Measure the meetings step at a large group's size: participation figures and the documents.

Run: ``.venv/bin/python benchmarks/meetings_documents.py [--members 400] [--meetings 6]``.
Uses a throwaway SQLite file, so it touches no real data.
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bangkok_network.settings_test")
_db = Path(tempfile.mkdtemp()) / "bench.sqlite3"
os.environ["DATABASE_URL"] = f"sqlite:///{_db}"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def timed(label: str, func, repeat: int = 3):
    """Print the best wall time, its CPU time (the machine may be shared) and the query count."""
    best, best_cpu, result, queries = None, None, None, 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            start, start_cpu = time.perf_counter(), time.process_time()
            result = func()
            elapsed, cpu = time.perf_counter() - start, time.process_time() - start_cpu
        if best is None or elapsed < best:
            best, best_cpu = elapsed, cpu
        queries = len(captured)
    print(f"{label:<44} {best * 1000:9.1f} ms  (CPU {best_cpu * 1000:8.1f} ms)  {queries:4d} queries")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--members", type=int, default=400)
    parser.add_argument("--meetings", type=int, default=6)
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    from bangkok_network.models import Cycle, DistrictGroup
    from bangkok_network.services import reference_data_load
    from meetings import selectors, services
    from meetings.models import AttendanceStatus, Dimension
    from meetings.services import AttendanceEntry
    from reports.exporters import export_document
    from tests.meetings.factories import make_member

    reference_data_load()
    cycle = Cycle.objects.get(fiscal_year=2564)
    group = DistrictGroup.objects.get(code="bkk-central")
    start = time.perf_counter()
    members = [make_member(cycle=cycle, group=group, first_name=f"สมาชิก{i:04d}") for i in range(args.members)]
    for n in range(args.meetings):
        meeting = services.meeting_create(
            cycle=cycle,
            group=group,
            user=None,
            date=datetime.date(2021, 4, 1 + n * 4),
            start_time=datetime.time(9, 30),
            end_time=datetime.time(12, 0),
            venue="ห้องประชุม",
            chair_name="ประธาน",
        )
        services.attendance_set(
            meeting=meeting,
            user=None,
            entries=[
                AttendanceEntry(
                    m.pk, AttendanceStatus.PRESENT if (i + n) % 3 else AttendanceStatus.ABSENT, "ติดภารกิจ"
                )
                for i, m in enumerate(members)
            ],
        )
        for k in range(3):
            services.key_issue_create(
                meeting=meeting,
                user=None,
                title=f"ประเด็น {n}-{k}",
                problem="ปัญหา",
                dimension=Dimension.SOCIAL,
            )
    print(f"set-up: {args.members} members × {args.meetings} meetings in {time.perf_counter() - start:.1f} s")
    figures = timed("participation()", lambda: selectors.participation(cycle=cycle, group=group))
    print(f"  → {figures.participated}/{figures.members} members took part at least once")
    for kind, fmt in [("minutes", "pdf"), ("minutes", "xlsx"), ("attendance", "pdf"), ("attendance", "xlsx")]:
        result = timed(
            f"{kind}.{fmt} ({args.meetings} meetings)",
            lambda k=kind, f=fmt: export_document(
                kind=k, cycle=cycle, group=group, fmt=f, check_permission=False
            ),
            repeat=1,
        )
        print(f"  → {len(result.content):,} bytes")


if __name__ == "__main__":
    main()
