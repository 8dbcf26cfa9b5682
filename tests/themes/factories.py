"""Factories of the themes tests: key issues of several groups worded differently, P1 projects on them."""

from __future__ import annotations

from bangkok_network.models import Cycle, DistrictGroup
from meetings.models import KeyIssue
from projects_p1.models import P1Form
from tests.projects_p1.factories import key_issue

FLOOD = [
    ("น้ำท่วมขังในชุมชนเมื่อฝนตกหนัก", "ท่อระบายน้ำอุดตันและคูคลองตื้นเขิน น้ำระบายไม่ทัน"),
    ("ปัญหาน้ำท่วมขังถนนและซอยในชุมชน", "ฝนตกแล้วน้ำระบายไม่ทัน ท่อระบายน้ำอุดตันด้วยขยะ"),
    ("คูคลองตื้นเขินทำให้น้ำท่วมบ้านเรือน", "ขยะและผักตบชวาในคลอง ท่อระบายน้ำอุดตัน น้ำท่วมขังนาน"),
]
INCOME = [
    ("รายได้ของผู้สูงอายุและกลุ่มอาชีพในชุมชน", "ผู้สูงอายุและผู้ว่างงานขาดรายได้และช่องทางจำหน่ายสินค้าชุมชน"),
    ("ผู้สูงอายุและผู้ว่างงานขาดรายได้", "ไม่มีอาชีพเสริม สินค้าของกลุ่มอาชีพขาดช่องทางจำหน่าย"),
]
DRUGS = [
    ("ยาเสพติดในกลุ่มเด็กและเยาวชน", "เยาวชนเสี่ยงต่อยาเสพติด ขาดพื้นที่สร้างสรรค์และกิจกรรมหลังเลิกเรียน"),
    ("ซอยเปลี่ยวไม่ปลอดภัยและยาเสพติด", "ไฟส่องสว่างไม่เพียงพอ มีการมั่วสุมของเยาวชนและยาเสพติด"),
]


def issue(*, cycle: Cycle, group: DistrictGroup, wording: tuple[str, str]) -> KeyIssue:
    made = key_issue(cycle=cycle, group=group, title=wording[0])
    made.problem = wording[1]
    made.save(update_fields=["problem"])
    return made


def answer(*, issue: KeyIssue, version: int = 1) -> P1Form:
    """Make the group's P1 form answer the issue (sent to the department when version ≥ 1)."""
    form, _ = P1Form.objects.update_or_create(
        cycle=issue.cycle,
        group=issue.group,
        defaults={"key_issue": issue, "version": version, "status": "submitted" if version else "draft"},
    )
    return form
