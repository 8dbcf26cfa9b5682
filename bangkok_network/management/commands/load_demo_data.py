from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from bangkok_network import selectors, services
from bangkok_network.demo import DEMO_PASSWORD, PLACEMENT_RULE, DemoError, demo_load
from bangkok_network.models import StepKind
from bangkok_network.thai import ThaiDateError, be_date, parse_be_date, parse_be_year


class Command(BaseCommand):
    help = (
        "Load demo users for every role and a programme caught in the middle of its calendar on "
        "--today (default today), in the cycle of --fiscal-year (default: the one holding --today): "
        "earlier steps done, the open step with days left, later steps not started. "
        + PLACEMENT_RULE
        + ". Rerunning adds nothing twice and plays the story on up to --today. Refuses with DEBUG off."
    )

    def add_arguments(self, parser):
        parser.add_argument("--fiscal-year", help="ปีงบประมาณ (พ.ศ.) ของรอบตัวอย่าง เช่น 2570")
        parser.add_argument("--cycle", help="ชื่อเดิมของ --fiscal-year (ยังใช้ได้)")
        parser.add_argument("--today", help="วันที่ของข้อมูลตัวอย่าง (พ.ศ.) เช่น 10/05/2564 ค่าเริ่มต้นคือวันนี้")
        parser.add_argument(
            "--step",
            default=StepKind.PROJECTS.value,
            choices=[kind.value for kind in StepKind],
            help="ขั้นตอนที่เปิดอยู่ใน --today เมื่อสร้างรอบใหม่ (ค่าเริ่มต้น projects)",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "ไม่โหลดข้อมูลตัวอย่างเมื่อ DEBUG ปิดอยู่ (ป้องกันการใส่ข้อมูลปลอมในระบบจริง) ตั้ง DEBUG=1 สำหรับเครื่องพัฒนา"
            )
        year, alias = options.get("fiscal_year"), options.get("cycle")
        try:
            today = parse_be_date(options["today"]) if options.get("today") else selectors.today()
            fiscal_year = parse_be_year(year or alias) if (year or alias) else None
            if year and alias and parse_be_year(alias) != fiscal_year:
                raise CommandError("--cycle เป็นชื่อเดิมของ --fiscal-year: ระบุปีเดียวกัน หรือเพียงอย่างเดียว")
            result = demo_load(today=today, fiscal_year=fiscal_year, open_kind=options["step"])
        except (ThaiDateError, DemoError, services.ProgrammeError) as exc:
            raise CommandError(str(exc)) from exc
        cycle, steps = result.cycle, result.cycle.steps.order_by("number")
        made = "สร้างรอบใหม่" if result.is_new_cycle else "ใช้ปฏิทินเดิมของรอบ"
        self.stdout.write(f"{cycle} ({made}) ข้อมูลถึงวันที่ {be_date(today)}:")
        for step in steps:
            mark = "  ← เปิดอยู่" if step.kind == result.open_kind else ""
            self.stdout.write(
                f"  {step.number}. {step.title}: {be_date(step.start_date)} – {be_date(step.due_date)}{mark}"
            )
        for kind, summary in result.summaries:
            self.stdout.write(f"{StepKind(kind).label}: {summary}")
        for label, summary in result.epilogues:
            self.stdout.write(f"{label}: {summary}")
        self.stdout.write(self.style.SUCCESS(f"ผู้ใช้ตัวอย่าง (รหัสผ่านทุกบัญชี: {DEMO_PASSWORD})"))
        for login in result.logins:
            self.stdout.write(f"  {login.username:<22} {login.role} – {login.group}")
