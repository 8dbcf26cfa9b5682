"""Measure the registry at scale: a 10,000-row import, and list/search pages over 100,000 rows.

Run: ``.venv/bin/python benchmarks/registry_import.py [--rows 10000] [--scale 100000] [--port 8160]``
On SQLite it uses a throwaway file; with ``DATABASE_URL=postgres://…/db`` it creates a throwaway
database ``<db>_bench_<pid>`` next to ``db`` (and drops it afterwards).

Goals (issue 11): the 10,000-row import < 10 s; the group registry list and search at 100,000
members with a median server time ≤ 25 ms and a 90th percentile < 200 ms with 8 concurrent clients
against gunicorn with 2 workers, at least 3× faster than Django's admin changelist of the same rows;
the same number of queries whatever the number of rows. Two figures are printed: in-process (the
Django test client, one request at a time) and served (gunicorn, with the server's own time per
request from its access log beside what the clients waited).
"""

from __future__ import annotations

import argparse
import http.client
import io
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bangkok_network.settings_test")
# One key for this process and the gunicorn it starts, so the sessions made here log clients in.
os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-" + "x" * 40)


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
            admin.cursor().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

        return urlunparse(parsed._replace(path=f"/{name}")), drop
    handle = tempfile.NamedTemporaryFile(suffix=".sqlite3", delete=False)
    handle.close()

    def remove():
        for suffix in ("", "-wal", "-shm"):
            Path(handle.name + suffix).unlink(missing_ok=True)

    return f"sqlite:///{handle.name}", remove


def _people(rows: int):
    from registry.demo import FIRST_NAMES, LAST_NAMES

    thai = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
    for n in range(rows):
        prefix, first = FIRST_NAMES[n % len(FIRST_NAMES)]
        phone = f"08{n:08d}" if n % 50 else "12"  # one row in 50 has a bad phone
        yield [
            n + 1,
            f"{prefix}{first}{n} {LAST_NAMES[n % len(LAST_NAMES)]}",
            "องค์กรชุมชน" if n % 3 == 0 else "บุคคล",
            f"ชมรมที่ {n % 25}" if n % 3 == 0 else "",
            phone.translate(thai),
            f"ชุมชนที่ {n % 40}",
            "สิ่งแวดล้อม",
        ]


HEADER = ["ลำดับ", "ชื่อ-สกุล", "ประเภท", "ชื่อองค์กร", "หมายเลขโทรศัพท์", "ชุมชน", "ด้านที่สนใจ"]


def workbook(rows: int, *, sheets: int = 4) -> bytes:
    """A district workbook: a sheet per แขวง, a title row, persons representing clubs, Thai digits."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    people = list(_people(rows))
    size = -(-rows // sheets)
    for index in range(sheets):
        sheet = wb.create_sheet(f"แขวงที่ {index + 1}")
        sheet.append(["ทะเบียนบัญชีประชาคมเขต"])
        sheet.append(HEADER)
        for row in people[index * size : (index + 1) * size]:
            sheet.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def legacy_xls(rows: int) -> bytes | None:
    try:
        import xlwt
    except ImportError:  # xlwt is a test dependency; without it the .xls figure is left out
        return None
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("ประชาคม")
    sheet.write(0, 0, "ทะเบียนบัญชีประชาคมเขต")
    for c, value in enumerate(HEADER):
        sheet.write(1, c, value)
    for r, row in enumerate(_people(rows), start=2):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def thai_csv(rows: int) -> bytes:
    import csv

    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(HEADER)
    writer.writerows(_people(rows))
    return text.getvalue().encode("cp874")


def fill(scale: int, cycle) -> None:
    """Add community rows (50 districts) and group members up to `scale` rows each, in bulk."""
    from bangkok_network.models import District, DistrictAssignment
    from registry import text
    from registry.models import CommunityMember, Member

    districts = list(District.objects.order_by("code"))
    group_of = dict(DistrictAssignment.objects.filter(cycle=cycle).values_list("district_id", "group_id"))
    per_district = scale // len(districts)
    community, members = [], []
    interests = ("สุขภาพ", "สิ่งแวดล้อม", "ผู้สูงอายุ", "การศึกษา", "อาชีพและรายได้", "ความปลอดภัย")
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
                interest=interests[i % len(interests)],
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
                organisation_name=f"ชมรมที่ {i % 25}" if i % 3 == 0 else "",
                phone=f"06{i:08d}",
                interest=interests[i % len(interests)],
            )
            text.set_keys(member)
            members.append(member)
    CommunityMember.objects.bulk_create(community, batch_size=2000)
    Member.objects.bulk_create(members, batch_size=2000)


def time_page(client, url: str, repeat: int) -> tuple[float, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings, cpu = [], []
    queries = 0
    client.get(url)  # warm up: the first request of a process imports every app's views
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            start, start_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            timings.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(captured)
    return statistics.median(timings) * 1000, statistics.median(cpu) * 1000, queries


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


class Served:
    """gunicorn with 2 workers on this machine, logging each request's own time (microseconds)."""

    def __init__(self, *, port: int, workers: int, database_url: str) -> None:
        self.port = port
        self.log = Path(tempfile.mkstemp(suffix=".log")[1])
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "bangkok_network.settings",
            "DATABASE_URL": database_url,
            "DEBUG": "0",
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            "SESSION_COOKIE_SECURE": "0",
            "CSRF_COOKIE_SECURE": "0",
            "LOG_LEVEL": "WARNING",
            # static files through the finders, as the tests serve them: no collectstatic here
            "TESTING": "1",
        }
        self.process = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "bangkok_network.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                "--access-logfile",
                str(self.log),
                "--access-logformat",
                "%(D)s %(s)s %(U)s",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                self.get("/accounts/login/", cookie="")
                return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"gunicorn did not start on port {port}")

    def get(self, path: str, *, cookie: str) -> tuple[int, float]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        start = time.perf_counter()
        connection.request("GET", path, headers={"Cookie": cookie, "Host": "127.0.0.1"})
        response = connection.getresponse()
        response.read()
        connection.close()
        return response.status, (time.perf_counter() - start) * 1000

    def server_times(self) -> list[tuple[str, float]]:
        """Return (path, milliseconds) of every request logged so far, and empty the log."""
        lines = self.log.read_text().splitlines()
        self.log.write_text("")
        found = []
        for line in lines:
            micros, _status, path = line.split(" ", 2)
            found.append((path, int(micros) / 1000))
        return found

    def cpu_seconds(self) -> float:
        """Return the CPU time (user + system) the gunicorn workers have used so far (Linux /proc)."""
        ticks = os.sysconf("SC_CLK_TCK")
        total = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid:  # a worker: its parent is the master
                total += int(fields[11]) + int(fields[12])
        return total / ticks

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.unlink(missing_ok=True)


def load(served: Served, paths: list[str], *, cookie: str, clients: int, requests: int) -> list[float]:
    """Send `requests` GETs from each of `clients` threads, round-robin over paths; return latencies."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()

    def client(offset: int) -> None:
        for n in range(requests):
            path = paths[(offset + n) % len(paths)]
            status, ms = served.get(path, cookie=cookie)
            with lock:
                latencies.append(ms)
                if status != 200:
                    errors.append(f"{status} {path}")

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise RuntimeError(f"{len(errors)} requests failed, e.g. {errors[0]}")
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=10_000, help="rows in the imported workbook")
    parser.add_argument(
        "--scale", type=int, default=100_000, help="community rows and members in the database"
    )
    parser.add_argument("--repeat", type=int, default=5, help="in-process requests per page")
    parser.add_argument("--port", type=int, default=8160, help="where gunicorn listens (this helper's range)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=40, help="requests per client per measurement")
    parser.add_argument("--no-serve", action="store_true", help="skip the gunicorn measurement")
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
        from bangkok_network.models import Cycle, District, DistrictGroup, Role
        from bangkok_network.services import reference_data_load, user_profile_set
        from registry import services

        reference_data_load()
        cycle = Cycle.objects.get(fiscal_year=2564)
        vendor = django.db.connection.vendor
        print(f"database: {vendor}")

        district = District.objects.get(code="1001")
        for label, data in [
            (f"{args.rows:,}-row .xls", legacy_xls(args.rows)),
            (f"{args.rows:,}-row CSV (TIS-620)", thai_csv(args.rows)),
        ]:
            if data is None:
                continue
            start = time.perf_counter()
            parsed = services.community_import_parse(data=data, district=district, fiscal_year=2563)
            print(
                f"read+check a {label} ({len(data) / 1e6:.1f} MB): {time.perf_counter() - start:.2f} s, ",
                end="",
            )
            print(
                f"ok={parsed.count('ok')} possible={parsed.count('possible')} "
                f"rejected={parsed.count('rejected')}"
            )
        data = workbook(args.rows)
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
            f"import of a {args.rows:,}-row workbook, 4 sheets ({len(data) / 1e6:.1f} MB): "
            f"read+check {parse_s:.2f} s, "
            f"upload+preview {preview_s:.2f} s, confirm {confirm_s:.2f} s, "
            f"upload→imported total {preview_s + confirm_s:.2f} s wall / "
            f"{preview_cpu + confirm_cpu:.2f} s CPU of this process (goal < 10 s)"
        )
        print(
            f"  rows: imported={batch.imported_count} duplicate={batch.duplicate_count} "
            f"rejected={batch.rejected_count} (parsed ok={parsed.count('ok')})"
        )
        again = services.community_import_preview(
            data=data, filename="bench.xlsx", district=district, fiscal_year=2563, user=None, mode="update"
        )
        start = time.perf_counter()
        again = services.community_import_confirm(batch=again, user=None)
        print(
            f"  the same file again, mode update: confirm {time.perf_counter() - start:.2f} s "
            f"(updated={again.updated_count} duplicate={again.duplicate_count})"
        )
        try:
            print(
                f"  (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs: "
                "wall time grows with other work)"
            )
        except OSError:
            pass

        start = time.perf_counter()
        fill(args.scale, cycle)
        if vendor == "postgresql":  # what autovacuum does in production after a bulk load
            with django.db.connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        else:
            with django.db.connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        print(
            f"filled {args.scale:,} community rows and {args.scale:,} members "
            f"in {time.perf_counter() - start:.1f} s"
        )

        from django.contrib.auth import get_user_model
        from django.test import Client

        from registry.models import Member

        group = DistrictGroup.objects.get(code="bkk-central")
        user = get_user_model().objects.create_user("bench-staff", password="x")
        user_profile_set(user=user, role=Role.GROUP_STAFF, group=group)
        officer = get_user_model().objects.create_user("bench-officer", password="x")
        user_profile_set(user=officer, role=Role.OFFICER)
        admin = get_user_model().objects.create_superuser("bench-admin", password="x")
        user_profile_set(user=admin, role=Role.ADMIN)
        client = Client()
        client.force_login(user)
        base = f"/registry/2564/{group.code}/"
        admin_base = f"/admin/registry/member/?cycle__id__exact={cycle.pk}&group__id__exact={group.pk}"
        print(f"bkk-central members: {Member.objects.filter(cycle=cycle, group=group).count():,}")
        ours = [
            ("registry list", base),
            ("search a name part (สมศักดิ์12)", base + "?q=" + quote("สมศักดิ์12")),
            ("search with spaces (นาย สมศักดิ์ ทดสอบ)", base + "?q=" + quote("นาย สมศักดิ์ ทดสอบ")),
            ("search without spaces (ทดสอบสมศักดิ์12)", base + "?q=" + quote("ทดสอบสมศักดิ์12")),
            ("search an affiliation (ชมรมที่ 7)", base + "?q=" + quote("ชมรมที่ 7")),
            ("search Thai-digit phone (๐๖๐๐๐๐๑)", base + "?q=" + quote("๐๖๐๐๐๐๑")),
            ("last page of the list", base + "?page=9999"),
        ]
        admin_pages = [
            ("admin changelist", admin_base),
            ("admin search (สมศักดิ์12)", admin_base + "&q=" + quote("สมศักดิ์12")),
        ]
        print("in-process (one request at a time, median; CPU of this process, so not the database's):")
        for label, path in [
            *ours,
            ("pick from community registries", base + "pick/"),
            ("pick, search (สมใจ5)", base + "pick/?q=" + quote("สมใจ5")),
        ]:
            ms, cpu_ms, queries = time_page(client, path, args.repeat)
            print(f"  {label:<44} {ms:7.1f} ms ({cpu_ms:5.1f} ms CPU)  {queries} queries")
        client.force_login(officer)
        ms, cpu_ms, queries = time_page(client, "/registry/", args.repeat)
        print(f"  {'all groups (officer)':<44} {ms:7.1f} ms ({cpu_ms:5.1f} ms CPU)  {queries} queries")
        client.force_login(admin)
        for label, path in admin_pages:
            ms, cpu_ms, queries = time_page(client, path, args.repeat)
            print(f"  {label:<44} {ms:7.1f} ms ({cpu_ms:5.1f} ms CPU)  {queries} queries")

        if args.no_serve:
            return
        staff_client, admin_client = Client(), Client()
        staff_client.force_login(user)
        admin_client.force_login(admin)
        cookie = f"sessionid={staff_client.cookies['sessionid'].value}"
        admin_cookie = f"sessionid={admin_client.cookies['sessionid'].value}"
        django.db.connections.close_all()
        served = Served(port=args.port, workers=args.workers, database_url=url)
        try:
            print(
                f"served by gunicorn ({args.workers} workers, port {args.port}), {args.clients} concurrent "
                f"clients × {args.requests} requests:"
            )
            paths = [path for _label, path in ours]
            load(served, paths, cookie=cookie, clients=2, requests=len(paths))  # warm both workers
            served.server_times()
            cpu = served.cpu_seconds()
            latencies = load(served, paths, cookie=cookie, clients=args.clients, requests=args.requests)
            cpu_ms = (served.cpu_seconds() - cpu) * 1000 / len(latencies)
            times = [ms for _path, ms in served.server_times()]
            print(
                f"  registry list and searches: server median {statistics.median(times):.1f} ms "
                f"(goal ≤ 25), p90 {percentile(times, 0.9):.1f} ms; clients waited median "
                f"{statistics.median(latencies):.1f} ms, p90 {percentile(latencies, 0.9):.1f} ms "
                f"(goal < 200); worker CPU {cpu_ms:.1f} ms a request"
            )
            admin_paths = [path for _label, path in admin_pages]
            load(served, admin_paths, cookie=admin_cookie, clients=2, requests=len(admin_paths))
            served.server_times()
            cpu = served.cpu_seconds()
            admin_latencies = load(
                served, admin_paths, cookie=admin_cookie, clients=args.clients, requests=args.requests
            )
            admin_cpu_ms = (served.cpu_seconds() - cpu) * 1000 / len(admin_latencies)
            admin_times = [ms for _path, ms in served.server_times()]
            print(
                f"  Django admin changelist and search of the same rows: server median "
                f"{statistics.median(admin_times):.1f} ms, p90 {percentile(admin_times, 0.9):.1f} ms; "
                f"clients waited median {statistics.median(admin_latencies):.1f} ms, "
                f"p90 {percentile(admin_latencies, 0.9):.1f} ms; worker CPU {admin_cpu_ms:.1f} ms a request"
            )
            print(
                "  registry vs admin: server median "
                f"{statistics.median(admin_times) / statistics.median(times):.1f}× faster, worker CPU "
                f"{admin_cpu_ms / cpu_ms:.1f}× less (goal ≥ 3×)"
            )
            try:
                print(f"  (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs while serving)")
            except OSError:
                pass
        finally:
            served.stop()
    finally:
        drop()


if __name__ == "__main__":
    main()
