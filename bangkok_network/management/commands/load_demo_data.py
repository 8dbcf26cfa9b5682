import importlib
import importlib.util

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from bangkok_network.demo import DEMO_PASSWORD, demo_users_load
from bangkok_network.selectors import cycle_get
from bangkok_network.services import reference_data_load

# Each app loads the demo data of its own calendar step, in calendar order, through its services.
DEMO_MODULES = ["registry.demo", "meetings.demo", "projects_p1.demo", "progress.demo", "reports.demo"]


class Command(BaseCommand):
    help = "Load demo users for every role and demo data for every step (refuses with DEBUG off)."

    def add_arguments(self, parser):
        parser.add_argument("--cycle", type=int, default=2564, help="ปีงบประมาณ (พ.ศ.)")

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "ไม่โหลดข้อมูลตัวอย่างเมื่อ DEBUG ปิดอยู่ (ป้องกันการใส่ข้อมูลปลอมในระบบจริง) "
                "ตั้ง DEBUG=1 สำหรับเครื่องพัฒนา"
            )
        reference_data_load()
        logins = demo_users_load()
        cycle = cycle_get(fiscal_year=options["cycle"])
        for name in DEMO_MODULES:
            if importlib.util.find_spec(name) is None:
                continue
            module = importlib.import_module(name)
            summary = module.load(cycle=cycle)
            self.stdout.write(f"{name}: {summary}")
        self.stdout.write(self.style.SUCCESS("ผู้ใช้ตัวอย่าง (รหัสผ่านทุกบัญชี: %s)" % DEMO_PASSWORD))
        for login in logins:
            self.stdout.write(f"  {login.username:<22} {login.role} – {login.group}")
