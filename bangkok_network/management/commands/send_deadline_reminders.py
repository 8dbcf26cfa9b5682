from django.core.management.base import BaseCommand

from bangkok_network.services import reminders_send
from bangkok_network.thai import ThaiDateError, parse_be_date


class Command(BaseCommand):
    help = "E-mail reminders of steps due soon or overdue; running it twice sends nothing twice."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="วันที่ที่ใช้คำนวณ (พ.ศ.) เช่น 7/5/2564 ค่าเริ่มต้นคือวันนี้")

    def handle(self, *args, **options):
        on = None
        if options.get("date"):
            try:
                on = parse_be_date(options["date"])
            except ThaiDateError as exc:
                from django.core.management.base import CommandError

                raise CommandError(str(exc)) from exc
        sent = reminders_send(on=on)
        self.stdout.write(f"ส่งการเตือนก่อนครบกำหนด {sent['before_due']} ฉบับ, แจ้งเกินกำหนด {sent['overdue']} ฉบับ")
