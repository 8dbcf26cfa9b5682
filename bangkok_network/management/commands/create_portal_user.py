import getpass
import os
import sys

from django.core.management.base import BaseCommand, CommandError

from bangkok_network.errors import NotFound
from bangkok_network.models import GROUP_ROLES, Role
from bangkok_network.selectors import group_get
from bangkok_network.services import ProgrammeError, user_create

PASSWORD_VARIABLE = "PORTAL_USER_PASSWORD"


class Command(BaseCommand):
    help = (
        "Create a portal user with a role (and a group for group staff and chairs). The password comes "
        f"from a prompt, or from ${PASSWORD_VARIABLE} when there is no terminal; an existing user is refused."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="ชื่อผู้ใช้สำหรับเข้าสู่ระบบ")
        parser.add_argument("--role", required=True, choices=Role.values, help="บทบาท")
        parser.add_argument("--group", help="รหัสกลุ่มเขต เช่น bkk-central (เฉพาะเจ้าหน้าที่และประธานกลุ่มเขต)")
        parser.add_argument("--email", required=True, help="อีเมล (ใช้ส่งการแจ้งเตือนกำหนดส่ง)")
        parser.add_argument("--first-name", default="", help="ชื่อ")
        parser.add_argument("--last-name", default="", help="นามสกุล")
        parser.add_argument("--position", default="", help="ตำแหน่ง")
        parser.add_argument("--phone", default="", help="โทรศัพท์")

    def handle(self, *args, **options):
        role = options["role"]
        if (role in GROUP_ROLES) != bool(options.get("group")):
            raise CommandError("บทบาทเจ้าหน้าที่และประธานกลุ่มเขตต้องระบุ --group ส่วนบทบาทอื่นต้องไม่ระบุ")
        try:
            group = group_get(code=options["group"]) if options.get("group") else None
        except NotFound as exc:
            raise CommandError(str(exc)) from exc
        try:
            user = user_create(
                username=options["username"],
                role=role,
                group=group,
                email=options["email"],
                password=self._password(),
                first_name=options["first_name"],
                last_name=options["last_name"],
                position=options["position"],
                phone=options["phone"],
            )
        except ProgrammeError as exc:
            raise CommandError(str(exc)) from exc
        where = f" กลุ่ม {group.code}" if group else ""
        self.stdout.write(f"สร้างผู้ใช้ {user.username} บทบาท {Role(role).label}{where} แล้ว")

    def _password(self) -> str:
        # An environment variable keeps the password out of the shell history and the process list.
        if password := os.environ.get(PASSWORD_VARIABLE):
            return password
        if not sys.stdin.isatty():
            raise CommandError(f"ไม่มีรหัสผ่าน: ตั้งตัวแปร {PASSWORD_VARIABLE} หรือรันคำสั่งจากเทอร์มินัลเพื่อพิมพ์รหัสผ่าน")
        password = getpass.getpass("รหัสผ่าน: ")
        if password != getpass.getpass("รหัสผ่านอีกครั้ง: "):
            raise CommandError("รหัสผ่านสองครั้งไม่ตรงกัน")
        return password
