"""Import a district's community registry (ทะเบียนบัญชีประชาคมเขต) from .xlsx, .xls or CSV."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bangkok_network.errors import PortalError
from bangkok_network.models import District
from bangkok_network.thai import ThaiDateError, parse_be_year
from registry import importing, selectors, services
from registry.models import CommunityImport, ImportMode

FLAGGED_SHOWN = 50


class Command(BaseCommand):
    help = "นำเข้าทะเบียนบัญชีประชาคมเขตจากไฟล์ Excel (.xlsx, .xls) หรือ CSV ทุกชีต: นับแถวที่นำเข้า ซ้ำ และไม่ผ่าน"

    def add_arguments(self, parser):
        parser.add_argument("file", help="ไฟล์ .xlsx, .xls หรือ .csv (UTF-8 หรือ TIS-620)")
        parser.add_argument("--district", required=True, help="รหัสเขต 4 หลัก เช่น 1001")
        parser.add_argument("--fiscal-year", required=True, help="ปีงบประมาณของทะเบียน (พ.ศ.) เช่น 2563")
        parser.add_argument("--dry-run", action="store_true", help="ตรวจไฟล์และนับแถวโดยไม่บันทึก")
        parser.add_argument(
            "--mode",
            choices=[value for value, _label in ImportMode.choices],
            default=ImportMode.SKIP,
            help="คนที่มีอยู่แล้วในทะเบียน: skip ข้าม (ค่าเริ่มต้น), update ปรับปรุงจากไฟล์, fill เติมเฉพาะช่องที่ว่าง",
        )
        parser.add_argument("--rejected", help="เขียนแถวที่ไม่ได้นำเข้าลงไฟล์ .xlsx นี้ (มีคอลัมน์ข้อผิดพลาด)")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"ไม่พบไฟล์ {path}")
        district = District.objects.filter(code=options["district"]).first()
        if district is None:
            raise CommandError(f"ไม่รู้จักรหัสเขต “{options['district']}” (ใช้รหัส 4 หลัก 1001–1050)")
        try:
            year = parse_be_year(options["fiscal_year"])
        except ThaiDateError as exc:
            raise CommandError(str(exc)) from exc
        if path.stat().st_size > importing.MAX_FILE_BYTES:
            raise CommandError(
                f"ไฟล์ใหญ่เกิน {importing.MAX_FILE_BYTES // (1024 * 1024)} MB กรุณาแบ่งไฟล์แล้วนำเข้าทีละส่วน"
            )
        data, mode = path.read_bytes(), options["mode"]
        if options["dry_run"]:
            try:
                parsed = services.community_import_parse(
                    data=data, district=district, fiscal_year=year, mode=mode
                )
            except PortalError as exc:
                raise CommandError(str(exc)) from exc
            rows = [row.as_json() for row in parsed.rows]
            sheets, headers = [sheet.as_json() for sheet in parsed.sheets], parsed.headers
            statuses = [row["status"] for row in rows]
            counts = {
                "imported": sum(1 for s in statuses if s in importing.IMPORTED_STATUSES),
                "duplicate": statuses.count(importing.DUPLICATE),
                "rejected": statuses.count(importing.REJECTED),
                "updated": statuses.count(importing.UPDATE),
                "possible": statuses.count(importing.POSSIBLE),
            }
        else:
            batch, flagged = self._import(data=data, name=path.name, district=district, year=year, mode=mode)
            rows, sheets, headers = [*flagged, *batch.rejected], batch.sheets, batch.headers
            counts = {
                "imported": batch.imported_count,
                "duplicate": batch.duplicate_count,
                "rejected": batch.rejected_count,
                "updated": batch.updated_count,
                "possible": batch.possible_count,
            }
        self._report(counts=counts, rows=rows, sheets=sheets, district=district, year=year, options=options)
        if options.get("rejected"):
            not_imported = [r for r in rows if r["status"] in (importing.DUPLICATE, importing.REJECTED)]
            if not_imported:
                Path(options["rejected"]).write_bytes(importing.rejected_workbook(headers, not_imported))

    def _import(self, *, data: bytes, name: str, district, year: int, mode: str):
        """Preview and confirm at once; return the confirmed upload and its rows flagged for review."""
        try:
            batch = services.community_import_preview(
                data=data, filename=name, district=district, fiscal_year=year, user=None, mode=mode
            )
        except PortalError as exc:
            raise CommandError(str(exc)) from exc
        flagged = [r for r in batch.rows if r["status"] in (importing.POSSIBLE, importing.UPDATE)]
        try:
            return services.community_import_confirm(batch=batch, user=None), flagged
        except PortalError as exc:
            try:  # nobody waits on this preview at the command line: the command is simply run again
                services.community_import_cancel(batch=CommunityImport.objects.get(pk=batch.pk), user=None)
            except Exception:  # noqa: BLE001 - the database may still be away; the message matters more
                pass
            raise CommandError(f"{exc} (สั่งคำสั่งเดิมอีกครั้งได้)") from exc

    def _report(self, *, counts: dict, rows: list[dict], sheets: list[dict], district, year: int, options):
        prefix = "ตรวจอย่างเดียว (ไม่บันทึก): " if options["dry_run"] else ""
        self.stdout.write(
            f"{prefix}{district} ปีงบประมาณ {year}: "
            f"imported={counts['imported']} duplicate={counts['duplicate']} rejected={counts['rejected']} "
            f"updated={counts['updated']} possible={counts['possible']}"
        )
        self.stdout.write(
            f"นำเข้า {counts['imported']} แถว, ซ้ำ {counts['duplicate']} แถว, ไม่ผ่าน {counts['rejected']} แถว"
            f" (ปรับปรุงคนที่มีอยู่แล้ว {counts['updated']} แถว, อาจซ้ำ นำเข้าไว้ให้ตรวจ {counts['possible']} แถว)"
        )
        cycle = selectors.cycle_reading_year(fiscal_year=year)
        if cycle is None:
            self.stderr.write(f"คำเตือน: ยังไม่มีรอบปีงบประมาณ {year + 1} ที่จะใช้ทะเบียนปี {year} — ตรวจว่าใส่ปีถูกต้อง")
        else:
            self.stdout.write(f"ทะเบียนปี {year} ใช้เลือกสมาชิกในรอบปีงบประมาณ {cycle.fiscal_year}")
        for sheet in sheets:
            if sheet.get("header_rows"):
                where = f" (แขวง{sheet['subdistrict']} จากชื่อชีต)" if sheet.get("subdistrict") else ""
                self.stdout.write(f"  ชีต “{sheet['name']}”: {sheet['rows']} แถว{where}")
            else:
                self.stdout.write(f"  ชีต “{sheet['name']}”: ข้าม ({sheet.get('skipped', '')})")
        shown = {importing.POSSIBLE}
        if options["verbosity"] >= 2:
            shown |= {importing.UPDATE, importing.DUPLICATE, importing.REJECTED}
        flagged = sorted((row for row in rows if row["status"] in shown), key=lambda r: r.get("id", 0))
        for row in flagged[:FLAGGED_SHOWN]:
            sheet = f"ชีต “{row['sheet']}” " if row.get("sheet") else ""
            self.stdout.write(f"  {sheet}แถวที่ {row['row']}: {'; '.join(row['problems'])}")
        if len(flagged) > FLAGGED_SHOWN:
            self.stdout.write(f"  … และอีก {len(flagged) - FLAGGED_SHOWN} แถว")
