import importlib
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from bangkok_network.demo import DEMO_PASSWORD, demo_users_load
from bangkok_network.models import StepKind
from bangkok_network.selectors import cycle_get
from bangkok_network.services import reference_data_load

# Each app loads the demo data of its own calendar step, in calendar order, through its services,
# "on" a day inside that step's window so the demo cycle reads as one that really ran.
DEMO_MODULES = [
    ("registry.demo", StepKind.REGISTRY),
    ("meetings.demo", StepKind.MEETINGS),
    ("projects_p1.demo", StepKind.P1),
    ("progress.demo", StepKind.PROJECTS),
    ("reports.demo", StepKind.EVALUATION),
]


def _step_day(cycle, kind) -> datetime:
    """Return 10:00 two days before the step's due date (its start date if the step is shorter)."""
    step = cycle.steps.get(kind=kind)
    day = max(step.start_date, step.due_date - timedelta(days=2))
    return datetime.combine(day, time(10, 0), tzinfo=ZoneInfo(settings.TIME_ZONE))


class Command(BaseCommand):
    help = "Load demo users for every role and demo data for every step (refuses with DEBUG off)."

    def add_arguments(self, parser):
        parser.add_argument("--cycle", type=int, default=2564, help="ปีงบประมาณ (พ.ศ.)")

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "ไม่โหลดข้อมูลตัวอย่างเมื่อ DEBUG ปิดอยู่ (ป้องกันการใส่ข้อมูลปลอมในระบบจริง) ตั้ง DEBUG=1 สำหรับเครื่องพัฒนา"
            )
        reference_data_load()
        logins = demo_users_load()
        cycle = cycle_get(fiscal_year=options["cycle"])
        import time_machine  # a development dependency, as this command is for development only

        for name, kind in DEMO_MODULES:
            module = importlib.import_module(name)
            with time_machine.travel(_step_day(cycle, kind), tick=True):
                summary = module.load(cycle=cycle)
            self.stdout.write(f"{name}: {summary}")
        self.stdout.write(self.style.SUCCESS(f"ผู้ใช้ตัวอย่าง (รหัสผ่านทุกบัญชี: {DEMO_PASSWORD})"))
        for login in logins:
            self.stdout.write(f"  {login.username:<22} {login.role} – {login.group}")
