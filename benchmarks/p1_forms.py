"""Measure form P1 at growing sizes: saving, submitting (snapshot), pages and the documents.

Run: ``.venv/bin/python benchmarks/p1_forms.py [--projects 5 25 100] [--steps 4]``.
Uses a throwaway SQLite file, so it touches no real data. Page query counts must not grow.
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bangkok_network.settings_test")
_db = Path(tempfile.mkdtemp()) / "bench.sqlite3"
os.environ["DATABASE_URL"] = f"sqlite:///{_db}"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def timed(label: str, func, repeat: int = 3):
    best, result, queries = None, None, 0
    for _ in range(repeat):
        connection.queries_log.clear()  # the log keeps 9000 queries; a big save would overflow it
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            result = func()
            elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
        queries = len(captured)
    print(f"{label:<44} {best * 1000:9.1f} ms  {queries:4d} queries")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--projects", type=int, nargs="+", default=[5, 25, 100])
    parser.add_argument("--steps", type=int, default=4)
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    from django.contrib.auth import get_user_model

    from bangkok_network.models import DistrictGroup, PlanDimension, Role
    from bangkok_network.services import reference_data_load, user_profile_set

    reference_data_load()
    from bangkok_network.models import Cycle

    cycle = Cycle.objects.get(fiscal_year=2564)
    dims = list(PlanDimension.objects.values_list("pk", flat=True)[:2])
    officer = get_user_model().objects.create_user("bench-officer", password="x")
    user_profile_set(user=officer, role=Role.OFFICER)
    for size, group in zip(args.projects, DistrictGroup.objects.order_by("order"), strict=False):
        measure_group(cycle=cycle, group=group, size=size, steps=args.steps, dims=dims, officer=officer)


def measure_group(*, cycle, group, size: int, steps: int, dims: list[int], officer) -> None:
    """Save, open, submit and print one group's P1 of the given size, timing each."""
    from django.contrib.auth import get_user_model

    from bangkok_network.models import Role
    from bangkok_network.services import user_profile_set
    from projects_p1 import services
    from projects_p1.models import P1Form
    from reports.exporters import export_document
    from tests.projects_p1.factories import key_issue

    client = Client()
    args_steps = steps
    staff = get_user_model().objects.create_user(f"bench-staff-{group.code}", password="x")
    user_profile_set(user=staff, role=Role.GROUP_STAFF, group=group)
    issue = key_issue(cycle=cycle, group=group)
    projects = [
        {
            "name": f"โครงการทดสอบที่ {n}",
            "objective": "วัตถุประสงค์ " * 8,
            "target_quantity": Decimal("100"),
            "target_unit": "คน",
            "target_description": "ประชาชนในพื้นที่",
            "budget": Decimal("123456.78"),
            "funding_source": "งบเขต",
            "start_date": datetime.date(2021, 5, 17),
            "end_date": datetime.date(2021, 8, 26),
            "plan_dimensions": dims,
            "alignment_note": "",
            "benefit": "social",
            "benefit_note": "",
            "steps": [
                {
                    "title": f"ขั้นตอน {s}",
                    "start_date": datetime.date(2021, 6, 1),
                    "end_date": datetime.date(2021, 6, 30),
                }
                for s in range(args_steps)
            ],
        }
        for n in range(size)
    ]
    print(f"--- {group.code}: {size} projects × {args_steps} steps")

    def save():
        form = P1Form.objects.filter(cycle=cycle, group=group).first()
        return services.p1_form_save(
            cycle=cycle,
            group=group,
            user=staff,
            lock_version=form.lock_version if form else 0,
            key_issue_id=issue.pk,
            approach="แนวทาง",
            projects=projects,
        )

    form = timed("p1_form_save (first: creates rows)", save, repeat=1)
    for project, row in zip(form.projects.order_by("order"), projects, strict=True):
        row["id"] = project.pk
    timed("p1_form_save (again: updates rows)", save)
    client.force_login(staff)
    base = f"/p1/{cycle.fiscal_year}/{group.code}/"
    timed("GET edit page", lambda: client.get(base + "edit/"))
    timed(
        "p1_form_submit (rules + snapshot)",
        lambda: services.p1_form_submit(form=form, user=staff),
        repeat=1,
    )
    client.force_login(officer)
    timed("GET detail page", lambda: client.get(base))
    timed("GET overview (6 groups)", lambda: client.get(f"/p1/{cycle.fiscal_year}/"))
    timed(
        "P1 Excel",
        lambda: export_document(kind="p1", cycle=cycle, group=group, fmt="xlsx", check_permission=False),
        repeat=1,
    )
    pdf = timed(
        "P1 PDF (WeasyPrint)",
        lambda: export_document(kind="p1", cycle=cycle, group=group, fmt="pdf", check_permission=False),
        repeat=1,
    )
    print(f"{'  PDF size':<44} {len(pdf.content) / 1024:9.1f} KiB")


if __name__ == "__main__":
    main()
