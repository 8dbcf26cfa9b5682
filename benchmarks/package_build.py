"""Benchmark: a group's August package (500 registry members, 5 meetings, 10 projects) as PDF and Excel.

Goal: under 10 s per format. Also prints the Excel writer's peak memory (tracemalloc) at two
registry sizes, to show the write-only workbook keeps memory flat as rows grow.

    .venv/bin/python benchmarks/package_build.py

Uses a throwaway SQLite file (never the portal's database).
"""

from __future__ import annotations

import datetime
import os
import sys
import tempfile
import time
import tracemalloc
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB_FILE = Path(tempfile.gettempdir()) / f"bench-reports-{os.getpid()}.sqlite3"
os.environ["DATABASE_URL"] = f"sqlite:///{DB_FILE}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bangkok_network.settings_test")
os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="bench-media-"))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

FIRST_NAMES = ["สมชาย", "สมหญิง", "ประเสริฐ", "วิไล", "กมล", "อรุณี", "ธนพล", "จันทร์เพ็ญ", "ชูชาติ", "บุญมี"]
LAST_NAMES = ["ใจดี", "รักชุมชน", "มั่นคง", "ศรีสุข", "แก้วกาญจนา", "ทองดี", "บุญเรือง", "พึ่งตน"]


def prepare_database() -> None:
    call_command("migrate", verbosity=0)
    from bangkok_network.services import reference_data_load

    reference_data_load()


def seed_group(
    *, cycle, group, members: int = 500, meetings: int = 5, projects: int = 10, start: int = 0
) -> None:
    """Create a registry, meetings with attendance and minutes, P1 projects and progress reports."""
    from bangkok_network.models import PlanDimension
    from bangkok_network.selectors import districts_of_group
    from meetings.models import AgendaItem, Attendance, KeyIssue, Meeting
    from progress.models import ProgressReport
    from projects_p1.models import P1Form, Project
    from registry import text
    from registry.models import Member

    districts = list(districts_of_group(cycle=cycle, group=group))
    rows = []
    for n in range(start, start + members):
        member = Member(
            cycle=cycle,
            group=group,
            district=districts[n % len(districts)],
            kind="person",
            prefix="นาย",
            first_name=f"{FIRST_NAMES[n % len(FIRST_NAMES)]}{n}",
            last_name=LAST_NAMES[n % len(LAST_NAMES)],
            phone=f"08{n:08d}",
            interest="สิ่งแวดล้อม",
            network_role="สมาชิก",
        )
        text.set_keys(member)
        rows.append(member)
    Member.objects.bulk_create(rows, batch_size=500)
    if start:
        return
    registry = list(Member.objects.filter(cycle=cycle, group=group).order_by("pk"))
    issue = None
    for number in range(1, meetings + 1):
        meeting = Meeting.objects.create(
            cycle=cycle,
            group=group,
            number=number,
            year=cycle.fiscal_year,
            date=datetime.date(2021, 4, number * 5),
            start_time=datetime.time(9, 30),
            end_time=datetime.time(12, 0),
            venue="ห้องประชุมสำนักงานเขต",
            chair_name="นายประธาน เครือข่าย",
            minute_taker="นางสาวจด รายงาน",
        )
        AgendaItem.objects.bulk_create(
            AgendaItem(
                meeting=meeting,
                number=item,
                topic=f"เรื่องที่ {item}",
                discussion="ที่ประชุมหารือ",
                resolution="ที่ประชุมรับทราบ",
            )
            for item in range(1, 6)
        )
        Attendance.objects.bulk_create(
            Attendance(
                meeting=meeting,
                member=member,
                status="present" if (i + number) % 3 else "absent",
                absence_reason="" if (i + number) % 3 else "ติดธุระ",
            )
            for i, member in enumerate(registry[:60])
        )
        issue = KeyIssue.objects.create(
            meeting=meeting,
            cycle=cycle,
            group=group,
            title=f"ประเด็นที่ {number}",
            problem="น้ำท่วมขังในชุมชน",
            dimension="physical",
        )
    form = P1Form.objects.create(
        cycle=cycle, group=group, key_issue=issue, approach="ประสานหน่วยงาน", status="submitted", version=1
    )
    dimensions = list(PlanDimension.objects.order_by("number"))
    for order in range(1, projects + 1):
        project = Project.objects.create(
            form=form,
            order=order,
            name=f"โครงการพัฒนาพื้นที่ที่ {order}",
            objective="ลดปัญหาในชุมชน",
            target_quantity=Decimal("5"),
            target_unit="ชุมชน",
            budget=Decimal("100000.00") + order,
            funding_source="งบประมาณเขต",
            start_date=datetime.date(2021, 5, 17),
            end_date=datetime.date(2021, 8, 26),
            benefit=["physical", "economic", "social"][order % 3],
        )
        project.plan_dimensions.set(dimensions[order % 7 : order % 7 + 1])
        for step, day in enumerate((datetime.date(2021, 6, 30), datetime.date(2021, 8, 20))):
            ProgressReport.objects.create(
                project=project,
                cycle=cycle,
                group=group,
                report_date=day,
                percent=40 + 50 * step,
                budget_spent=Decimal("30000.00") * (step + 1),
                activities="ดำเนินกิจกรรมตามแผน",
                outputs="ผลผลิตตามเป้าหมาย",
                outcomes="ประชาชนได้รับประโยชน์",
                participants=30 + step * 10,
            )


def timed(label: str, func) -> float:
    """Print and return the wall time; the CPU time beside it tells a busy machine from slow code."""
    started, started_cpu = time.perf_counter(), time.process_time()
    content = func()
    seconds, cpu = time.perf_counter() - started, time.process_time() - started_cpu
    print(f"  {label:<38} {seconds:6.2f} s  (CPU {cpu:6.2f} s)  {len(content) / 1024:8.0f} KB")
    return seconds


def main() -> int:
    from bangkok_network.models import Cycle, DistrictGroup
    from reports.exporters.package import PackageExporter

    prepare_database()
    cycle = Cycle.objects.get(fiscal_year=2564)
    group = DistrictGroup.objects.get(code="bkk-central")
    seed_group(cycle=cycle, group=group)
    exporter = PackageExporter(cycle=cycle, group=group, user=None)
    print("Package of one group: 500 registry members, 5 meetings, 10 projects (goal < 10 s)")
    pdf_seconds = timed("PDF (one HTML document, WeasyPrint)", lambda: exporter.render("pdf"))
    xlsx_seconds = timed("Excel (write-only workbook)", lambda: exporter.render("xlsx"))
    print("Each part on its own, as a separate PDF (where the package's time goes):")
    from reports.exporters import EXPORTERS

    for kind in ("registry", "minutes", "p1", "progress"):
        part = EXPORTERS[kind](cycle=cycle, group=group, user=None)
        timed(f"  {kind}", lambda part=part: part.render("pdf"))
    print("Excel peak memory (tracemalloc) as the registry grows:")
    peaks = []
    for total in (500, 5000):
        from registry.models import Member

        have = Member.objects.filter(cycle=cycle, group=group).count()
        if have < total:
            seed_group(cycle=cycle, group=group, members=total - have, start=have)
        tracemalloc.start()
        content = exporter.render("xlsx")
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        peaks.append(peak)
        print(f"  {total:>5} members: peak {peak / 1024 / 1024:6.1f} MB, file {len(content) / 1024:6.0f} KB")
    print(f"  peak grew {peaks[1] / peaks[0]:.2f}x for 10x the rows (the parts' contexts hold their rows)")
    print("The write-only workbook writer alone, rows streamed from a generator:")
    from reports.exporters.base import Sheet, workbook_bytes

    writer_peaks = []
    for total in (5_000, 50_000):
        rows = ([n, f"{FIRST_NAMES[n % 10]}{n}", f"08{n:08d}", "เขตพระนคร", "สิ่งแวดล้อม"] for n in range(total))
        tracemalloc.start()
        workbook_bytes([Sheet("ทะเบียน", ["ลำดับ", "ชื่อ", "โทรศัพท์", "เขต", "ด้าน"], rows)])
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        writer_peaks.append(peak)
        print(f"  {total:>6} rows: peak {peak / 1024 / 1024:6.1f} MB")
    print(f"  peak grew {writer_peaks[1] / writer_peaks[0]:.2f}x for 10x the rows")
    DB_FILE.unlink(missing_ok=True)
    ok = pdf_seconds < 10 and xlsx_seconds < 10
    # A benchmark reports; it is not a gate (`make bench` runs every script), so it always exits 0.
    print("OK: within the goal" if ok else "SLOWER THAN THE GOAL (see the figures above)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
