from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bangkok_network import selectors
from bangkok_network.errors import PortalError
from bangkok_network.thai import ThaiDateError, parse_be_date, parse_be_year
from reports.exporters import EXPORTERS, export_document
from reports.models import BuildFormat


class Command(BaseCommand):
    help = "Render an official document to a file: memo, registry, minutes, p1, package or evaluation."

    def add_arguments(self, parser):
        parser.add_argument("kind", help=f"ประเภทเอกสาร: {', '.join(sorted(EXPORTERS))}")
        parser.add_argument("--cycle", type=int, required=True, help="ปีงบประมาณ (พ.ศ.) เช่น 2564")
        parser.add_argument("--group", help="รหัสกลุ่มเขต เช่น bkk-central")
        parser.add_argument("--format", default=BuildFormat.PDF.value, choices=BuildFormat.values)
        parser.add_argument("-o", "--output", required=True, help="ไฟล์ที่จะเขียน")
        parser.add_argument(
            "--number", default="", help="ที่ (เลขที่หนังสือ) ของบันทึกนำส่ง/บันทึกรายงานผล เช่น กท 0502/123"
        )
        parser.add_argument(
            "--date",
            help="ลงวันที่ของบันทึก (พ.ศ.) เช่น 27/08/2564 หรือ 27 ส.ค. 2564; ไม่ระบุ = วันครบกำหนดตามปฏิทิน",
        )

    def handle(self, *args, **options):
        try:
            year = parse_be_year(options["cycle"])
            when = parse_be_date(options["date"]) if options.get("date") else None
        except ThaiDateError as exc:
            raise CommandError(str(exc)) from exc
        try:
            cycle = selectors.cycle_get(fiscal_year=year)
            group = selectors.group_get(code=options["group"]) if options.get("group") else None
            result = export_document(
                kind=options["kind"],
                cycle=cycle,
                group=group,
                fmt=options["format"],
                check_permission=False,
                document_number=options["number"],
                document_date=when,
            )
        except PortalError as exc:  # ExportError, or NotFound for an unknown cycle or group
            raise CommandError(str(exc)) from exc
        output = Path(options["output"])
        # Write to a temporary name first so a failed render never leaves half a file behind.
        temporary = output.with_name(output.name + ".part")
        temporary.write_bytes(result.content)
        temporary.replace(output)
        self.stdout.write(f"เขียน {output} แล้ว ({len(result.content):,} ไบต์)")
