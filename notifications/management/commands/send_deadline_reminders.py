from django.core.management.base import BaseCommand, CommandError

from bangkok_network.thai import ThaiDateError, parse_be_date
from notifications.services import calendar_notices_send


class Command(BaseCommand):
    help = (
        "Tell the responsible people of steps due soon or overdue (and of steps that opened), in the "
        "portal and by e-mail per their preference; running it twice tells nothing twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="วันที่ที่ใช้คำนวณ (พ.ศ.) เช่น 7/5/2564 ค่าเริ่มต้นคือวันนี้")

    def handle(self, *args, **options):
        on = None
        if options.get("date"):
            try:
                on = parse_be_date(options["date"])
            except ThaiDateError as exc:
                raise CommandError(str(exc)) from exc
        told = calendar_notices_send(on=on)
        self.stdout.write(
            f"ส่งการเตือนก่อนครบกำหนด {told['before_due']} ฉบับ, แจ้งเกินกำหนด {told['overdue']} ฉบับ, "
            f"แจ้งเริ่มขั้นตอน {told['step_opened']} รายการ"
        )
