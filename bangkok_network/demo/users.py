"""Demo users for every role; each app adds the demo data of its own step (see load_demo_data)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from bangkok_network.models import DistrictGroup, Role
from bangkok_network.services import user_profile_set

DEMO_PASSWORD = "demo-bangkok-2564"


@dataclass
class DemoLogin:
    username: str
    role: str
    group: str


@transaction.atomic
def demo_users_load() -> list[DemoLogin]:
    """Create (or reset) one user per department-wide role and a staff member and chair per group."""
    User = get_user_model()
    specs = [
        ("officer", Role.OFFICER, None, "สมศรี", "ใจดี"),
        ("executive", Role.EXECUTIVE, None, "ประเสริฐ", "มั่นคง"),
        ("admin", Role.ADMIN, None, "ผู้ดูแล", "ระบบ"),
    ]
    for group in DistrictGroup.objects.order_by("order"):
        specs.append((f"staff-{group.code}", Role.GROUP_STAFF, group, "เจ้าหน้าที่", group.name))
        specs.append((f"chair-{group.code}", Role.GROUP_CHAIR, group, "ประธาน", group.name))
    logins = []
    for username, role, group, first, last in specs:
        user, _ = User.objects.get_or_create(username=username)
        user.first_name, user.last_name = first, last
        user.email = f"{username}@demo.bangkok-network.invalid"
        user.is_staff = role == Role.ADMIN
        user.is_superuser = role == Role.ADMIN
        user.set_password(DEMO_PASSWORD)
        user.save()
        user_profile_set(user=user, role=role, group=group)
        logins.append(DemoLogin(username, Role(role).label, group.full_name if group else "ทุกกลุ่ม"))
    return logins
