"""Benchmark: the six-group evaluation summary (each group: 500 members, 5 meetings, 10 projects).

Goal: under 15 s per format. Prints the time of the figures, the charts, the PDF and the workbook.

    .venv/bin/python benchmarks/evaluation_build.py

Uses a throwaway SQLite file (never the portal's database).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import package_build as data  # noqa: E402  (sets up Django on a throwaway database)


def main() -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bangkok_network.models import Cycle, DistrictGroup
    from reports.evaluation import evaluation_charts, evaluation_data
    from reports.exporters.evaluation import EvaluationExporter

    data.prepare_database()
    cycle = Cycle.objects.get(fiscal_year=2564)
    for group in DistrictGroup.objects.order_by("order"):
        data.seed_group(cycle=cycle, group=group)
    print("Evaluation summary of six groups, each 500 members, 5 meetings, 10 projects (goal < 15 s)")
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        figures = evaluation_data(cycle)
    print(
        f"  {'figures (evaluation_data)':<38} {time.perf_counter() - started:6.2f} s   {len(queries)} queries"
    )
    started = time.perf_counter()
    evaluation_charts(figures)
    print(f"  {'five charts (matplotlib, PNG)':<38} {time.perf_counter() - started:6.2f} s")
    exporter = EvaluationExporter(cycle=cycle, group=None, user=None)
    pdf_seconds = data.timed("PDF (memo, tables, charts)", lambda: exporter.render("pdf"))
    xlsx_seconds = data.timed("Excel (data behind every chart)", lambda: exporter.render("xlsx"))
    totals = figures.totals
    print(
        f"  totals: {totals['members']} members, {totals['projects']} projects, "
        f"budget {totals['budget']:,} baht"
    )
    data.DB_FILE.unlink(missing_ok=True)
    ok = pdf_seconds < 15 and xlsx_seconds < 15
    # A benchmark reports; it is not a gate (`make bench` runs every script), so it always exits 0.
    print("OK: within the goal" if ok else "SLOWER THAN THE GOAL (see the figures above)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
