"""Benchmark: the evaluation with its year-on-year comparison, six groups with two years of data.

Each group has, in each of the two fiscal years, 500 members, 5 meetings and 10 projects with
progress reports. Goal: under 15 s for each of the page, the PDF and the workbook. Prints each
time and the number of queries (constant: the same as with one year, whatever the size).

    .venv/bin/python benchmarks/evaluation_years.py

Uses a throwaway SQLite file (never the portal's database).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import package_build as data  # noqa: E402  (sets up Django on a throwaway database)

GOAL_SECONDS = 15


def _timed(label: str, func):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        result = func()
    seconds = time.perf_counter() - started
    print(f"  {label:<44} {seconds:6.2f} s   {len(queries):3d} queries")
    return seconds, result


def main() -> int:
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from bangkok_network.models import Cycle, DistrictGroup, Role, UserProfile
    from bangkok_network.services import cycle_copy
    from reports.exporters.evaluation import EvaluationExporter
    from reports.yearly import year_comparison

    data.prepare_database()
    current = Cycle.objects.get(fiscal_year=2564)
    officer = get_user_model().objects.create_user("bench-officer", password="x")
    UserProfile.objects.create(user=officer, role=Role.OFFICER)
    previous = cycle_copy(source=current, fiscal_year=2563, user=officer)
    for cycle in (previous, current):
        for group in DistrictGroup.objects.order_by("order"):
            data.seed_group(cycle=cycle, group=group)
    print(
        "Evaluation with year on year: six groups, two fiscal years (2563, 2564), each group and year "
        f"500 members, 5 meetings, 10 projects (goal < {GOAL_SECONDS} s each)"
    )
    _timed("figures, both years (year_comparison)", lambda: year_comparison(current))
    client = Client()
    client.force_login(officer)
    url = reverse("reports:evaluation", kwargs={"fiscal_year": current.fiscal_year})
    page_seconds, response = _timed("page /documents/evaluation/2564/ (with charts)", lambda: client.get(url))
    assert response.status_code == 200 and b'id="year-on-year"' in response.content
    exporter = EvaluationExporter(cycle=current, group=None, user=None)
    pdf_seconds, pdf = _timed("PDF (memo, tables, charts, comparison)", lambda: exporter.render("pdf"))
    xlsx_seconds, xlsx = _timed("Excel (every sheet, comparison sheet)", lambda: exporter.render("xlsx"))
    print(f"  sizes: PDF {len(pdf) / 1024:.0f} KB, Excel {len(xlsx) / 1024:.0f} KB")
    data.DB_FILE.unlink(missing_ok=True)
    ok = max(page_seconds, pdf_seconds, xlsx_seconds) < GOAL_SECONDS
    # A benchmark reports; it is not a gate (`make bench` runs every script), so it always exits 0.
    print("OK: within the goal" if ok else "SLOWER THAN THE GOAL (see the figures above)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
