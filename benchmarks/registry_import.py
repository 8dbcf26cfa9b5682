"""Measure the registry at scale: a 10,000-row import, and list/search pages over 100,000 rows.

Run: ``.venv/bin/python benchmarks/registry_import.py [--rows 10000] [--scale 100000]``
On SQLite it uses a throwaway file; with ``DATABASE_URL=postgres://…/db`` it creates a throwaway
database next to ``db`` (and drops it afterwards). Goals: import < 10 s, pages < 200 ms, and the
same number of queries whatever the number of rows.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bangkok_network.settings_test")


def _throwaway_database() -> tuple[str, callable]:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        import psycopg2

        parsed = urlparse(url)
        name = f"{parsed.path.lstrip('/') or 'bench'}_bench_{os.getpid()}"
        admin = psycopg2.connect(urlunparse(parsed._replace(path="/postgres")))
        admin.autocommit = True
        admin.cursor().execute(f'CREATE DATABASE "{name}"')

        def drop():
            from django.db import connections

            connections.close_all()
            admin.cursor().execute(f'DROP DATABASE IF EXISTS "{name}"')

        return urlunparse(parsed._replace(path=f"/{name}")), drop
    handle = tempfile.NamedTemporaryFile(suffix=".sqlite3", delete=False)
    handle.close()
    return f"sqlite:///{handle.name}", lambda: os.unlink(handle.name)


def workbook(rows: int) -> bytes:
    """A messy district workbook: title row, one name column, Thai-digit phones, some bad rows."""
    from openpyxl import Workbook

    from registry.demo import FIRST_NAMES, LAST_NAMES

    wb = Workbook(write_only=True)
    sheet = wb.create_sheet("ประชาคม")
    sheet.append(["ทะเบียนบัญชีประชาคมเขต"])
    sheet.append(["ลำดับ", "ชื่อ-สกุล", "หมายเลขโทรศัพท์", "ชุมชน", "ด้านที่สนใจ"])
    thai = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
    for n in range(rows):
        prefix, first = FIRST_NAMES[n % len(FIRST_NAMES)]
        phone = f"08{n:08d}" if n % 50 else "12"  # one row in 50 has a bad phone
        sheet.append(
            [
                n + 1,
                f"{prefix}{first}{n} {LAST_NAMES[n % len(LAST_NAMES)]}",
                phone.translate(thai),
                f"ชุมชนที่ {n % 40}",
                "สิ่งแวดล้อม",
            ]
        )
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def fill(scale: int, cycle) -> None:
    """Add community rows (50 districts) and group members up to `scale` rows each, in bulk."""
    from bangkok_network.models import District, DistrictAssignment
    from registry import text
    from registry.models import CommunityMember, Member

    districts = list(District.objects.order_by("code"))
    group_of = dict(DistrictAssignment.objects.filter(cycle=cycle).values_list("district_id", "group_id"))
    per_district = scale // len(districts)
    community, members = [], []
    for d_index, district in enumerate(districts):
        for n in range(per_district):
            i = d_index * per_district + n
            row = CommunityMember(
                district=district,
                fiscal_year=cycle.fiscal_year - 1,
                prefix="นาง",
                first_name=f"สมใจ{i}",
                last_name="ทดสอบ",
                phone=f"09{i:08d}",
                interest="สุขภาพ",
            )
            text.set_keys(row)
            community.append(row)
            member = Member(
                cycle=cycle,
                group_id=group_of[district.pk],
                district=district,
                prefix="นาย",
                first_name=f"สมศักดิ์{i}",
                last_name="ทดสอบ",
                phone=f"06{i:08d}",
                interest="สุขภาพ",
            )
            text.set_keys(member)
            members.append(member)
    CommunityMember.objects.bulk_create(community, batch_size=2000)
    Member.objects.bulk_create(members, batch_size=2000)


def time_page(client, url: str, repeat: int) -> tuple[float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings = []
    queries = 0
    client.get(url)  # warm up: the first request of a process imports every app's views
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            timings.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(captured)
    return statistics.median(timings) * 1000, queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000, help="rows in the imported workbook")
    parser.add_argument(
        "--scale", type=int, default=100_000, help="community rows and members in the database"
    )
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    url, drop = _throwaway_database()
    os.environ["DATABASE_URL"] = url
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = ["*"]
    settings.DEBUG = False
    try:
        call_command("migrate", verbosity=0)
        from bangkok_network.models import District, DistrictGroup, Role
        from bangkok_network.services import reference_data_load, user_profile_set
        from registry import services

        reference_data_load()
        from bangkok_network.models import Cycle

        cycle = Cycle.objects.get(fiscal_year=2564)
        vendor = django.db.connection.vendor
        print(f"database: {vendor}")

        data = workbook(args.rows)
        district = District.objects.get(code="1001")
        start = time.perf_counter()
        parsed = services.community_import_parse(data=data, district=district, fiscal_year=2563)
        parse_s = time.perf_counter() - start
        start, cpu = time.perf_counter(), time.process_time()
        batch = services.community_import_preview(
            data=data, filename="bench.xlsx", district=district, fiscal_year=2563, user=None
        )
        preview_s, preview_cpu = time.perf_counter() - start, time.process_time() - cpu
        start, cpu = time.perf_counter(), time.process_time()
        batch = services.community_import_confirm(batch=batch, user=None)
        confirm_s, confirm_cpu = time.perf_counter() - start, time.process_time() - cpu
        print(
            f"import of a {args.rows:,}-row workbook ({len(data) / 1e6:.1f} MB): read+check {parse_s:.2f} s, "
            f"upload+preview {preview_s:.2f} s, confirm {confirm_s:.2f} s, "
            f"upload→imported total {preview_s + confirm_s:.2f} s wall / "
            f"{preview_cpu + confirm_cpu:.2f} s CPU of this process (goal < 10 s)"
        )
        try:
            load = os.getloadavg()[0]
            print(f"  (load average {load:.1f} on {os.cpu_count()} CPUs: wall time grows with other work)")
        except OSError:
            pass
        print(
            f"  rows: imported={batch.imported_count} duplicate={batch.duplicate_count} "
            f"rejected={batch.rejected_count} (parsed ok={parsed.count('ok')})"
        )

        start = time.perf_counter()
        fill(args.scale, cycle)
        print(
            f"filled {args.scale:,} community rows and {args.scale:,} members "
            f"in {time.perf_counter() - start:.1f} s"
        )

        from django.contrib.auth import get_user_model
        from django.test import Client

        group = DistrictGroup.objects.get(code="bkk-central")
        user = get_user_model().objects.create_user("bench-staff", password="x")
        user_profile_set(user=user, role=Role.GROUP_STAFF, group=group)
        officer = get_user_model().objects.create_user("bench-officer", password="x")
        user_profile_set(user=officer, role=Role.OFFICER)
        client = Client()
        client.force_login(user)
        base = f"/registry/2564/{group.code}/"
        from registry.models import Member

        print(f"bkk-central members: {Member.objects.filter(cycle=cycle, group=group).count():,}")
        for label, url in [
            ("registry list", base),
            ("search a name part (สมศักดิ์12)", base + "?q=สมศักดิ์12"),
            ("search with spaces (นาย สมศักดิ์ ทดสอบ)", base + "?q=นาย+สมศักดิ์+ทดสอบ"),
            ("search Thai-digit phone (๐๖๐๐๐๐๑)", base + "?q=๐๖๐๐๐๐๑"),
            ("last page of the list", base + "?page=9999"),
            ("pick from community registries", base + "pick/"),
            ("pick, search (สมใจ5)", base + "pick/?q=สมใจ5"),
        ]:
            ms, queries = time_page(client, url, args.repeat)
            print(f"  {label:<42} {ms:7.1f} ms  {queries} queries")
        client.force_login(officer)
        ms, queries = time_page(client, "/registry/", args.repeat)
        print(f"  {'all groups (officer)':<42} {ms:7.1f} ms  {queries} queries")
    finally:
        drop()


if __name__ == "__main__":
    main()
