from django.core.management.base import BaseCommand

from bangkok_network.services import reference_data_load


class Command(BaseCommand):
    help = "Load groups, districts, plan dimensions, strategies and the FY 2564 cycle (idempotent)."

    def handle(self, *args, **options):
        counts = reference_data_load()
        self.stdout.write(
            self.style.SUCCESS(
                "โหลดข้อมูลอ้างอิงแล้ว: "
                f"กลุ่มเขต {counts['groups']}, เขต {counts['districts']}, "
                f"มิติแผน {counts['plan_dimensions']}, ยุทธศาสตร์ชาติ {counts['national_strategies']}, "
                f"รอบการดำเนินงาน {counts['cycles']}"
            )
        )
