"""Import a district's community registry (ทะเบียนบัญชีประชาคมเขต) from an Excel workbook."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bangkok_network.errors import PortalError
from bangkok_network.models import District
from bangkok_network.thai import ThaiDateError, parse_be_year
from registry import importing, services


class Command(BaseCommand):
    help = "นำเข้าทะเบียนบัญชีประชาคมเขตจากไฟล์ Excel (.xlsx): นับแถวที่นำเข้า ซ้ำ และไม่ผ่าน"

    def add_arguments(self, parser):
        parser.add_argument("file", help="ไฟล์ .xlsx")
        parser.add_argument("--district", required=True, help="รหัสเขต 4 หลัก เช่น 1001")
        parser.add_argument("--fiscal-year", required=True, help="ปีงบประมาณ (พ.ศ.) เช่น 2563")
        parser.add_argument("--dry-run", action="store_true", help="ตรวจไฟล์และนับแถวโดยไม่บันทึก")
        parser.add_argument("--rejected", help="เขียนแถวที่นำเข้าไม่ได้ลงไฟล์ .xlsx นี้ (มีคอลัมน์ข้อผิดพลาด)")

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
        data = path.read_bytes()
        try:
            if options["dry_run"]:
                parsed = services.community_import_parse(data=data, district=district, fiscal_year=year)
                counts = (parsed.count("ok"), parsed.count("duplicate"), parsed.count("rejected"))
                headers, rejected = parsed.headers, [r.as_json() for r in parsed.rows if r.status != "ok"]
            else:
                batch = services.community_import_preview(
                    data=data, filename=path.name, district=district, fiscal_year=year, user=None
                )
                batch = services.community_import_confirm(batch=batch, user=None)
                counts = (batch.imported_count, batch.duplicate_count, batch.rejected_count)
                headers, rejected = batch.headers, batch.rejected
        except PortalError as exc:  # RegistryError, or the core refusing (an unknown cycle)
            raise CommandError(str(exc)) from exc
        if options.get("rejected") and rejected:
            Path(options["rejected"]).write_bytes(importing.rejected_workbook(headers, rejected))
        prefix = "ตรวจอย่างเดียว (ไม่บันทึก): " if options["dry_run"] else ""
        self.stdout.write(
            f"{prefix}{district} ปีงบประมาณ {year}: "
            f"imported={counts[0]} duplicate={counts[1]} rejected={counts[2]}"
        )
        self.stdout.write(f"นำเข้า {counts[0]} แถว, ซ้ำ {counts[1]} แถว, ไม่ผ่าน {counts[2]} แถว")
