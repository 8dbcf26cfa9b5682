"""Factories of the registry, and messy community-registry workbooks made the way districts make them."""

from __future__ import annotations

import io
from datetime import datetime

import factory
from openpyxl import Workbook

from bangkok_network.models import District
from registry import text
from registry.models import CommunityMember, Member, MemberKind, MemberSource


class _KeyedFactory(factory.django.DjangoModelFactory):
    """Rows are keyed the way the services key them, so search and order work on factory rows."""

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        obj = model_class(*args, **kwargs)
        text.set_keys(obj)
        obj.save()
        return obj


class CommunityMemberFactory(_KeyedFactory):
    class Meta:
        model = CommunityMember

    district = factory.LazyFunction(lambda: District.objects.get(code="1001"))
    fiscal_year = 2563
    kind = MemberKind.PERSON
    prefix = "นาย"
    first_name = factory.Sequence(lambda n: f"สมชาย{n}")
    last_name = "ใจดี"
    phone = factory.Sequence(lambda n: f"08{n:08d}")
    interest = "สิ่งแวดล้อม"


class MemberFactory(_KeyedFactory):
    class Meta:
        model = Member

    kind = MemberKind.PERSON
    prefix = "นาง"
    first_name = factory.Sequence(lambda n: f"มาลี{n}")
    last_name = "ศรีสุข"
    phone = factory.Sequence(lambda n: f"09{n:08d}")
    email = factory.Sequence(lambda n: f"member{n}@example.test")
    address = "99 ถนนราชดำเนิน"
    district = factory.LazyFunction(lambda: District.objects.get(code="1001"))
    source = MemberSource.OTHER_NETWORK
    interest = "สุขภาพ"


MESSY_HEADER = ["ลำดับ", " ชื่อ - สกุล ", "หมายเลขโทรศัพท์", "ชุมชน", "E-mail", "วันที่สมัคร", "ด้านที่สนใจ"]


def messy_workbook(rows=None, *, title_rows: int = 2, header=MESSY_HEADER) -> bytes:
    """Build a workbook like a district keeps: a merged title, a blank row, Thai digits, BE years."""
    wb = Workbook()
    ws = wb.active
    ws.title = "ประชาคม"
    if title_rows:
        ws.append(["ทะเบียนบัญชีประชาคมเขตพระนคร ปีงบประมาณ ๒๕๖๓"])
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
        for _ in range(title_rows - 1):
            ws.append([])
    ws.append(header)
    for row in rows if rows is not None else MESSY_ROWS:
        ws.append(list(row))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


MESSY_ROWS = [
    [1, "นาย สมชาย  ใจดี", "๐๘๑-๒๓๔-๕๖๗๘", "ชุมชนบ้านพานถม", "somchai@example.test", "๑๓/๓/๒๕๖๓", "สิ่งแวดล้อม"],
    [2, "นางสาวสม\u200bหญิง รักไทย", 891234567, "ชุมชนบ้านพานถม", "", datetime(2563, 3, 1), "สุขภาพ"],
    [],
    [3, "สมชาย ใจดี", "0812345678", "ชุมชนวัดสังเวช", "", "", ""],
    [4, "นางมาลี ศรีสุข", "12", "ชุมชนวัดสังเวช", "not-an-email", "32/13/2563", ""],
    [5, "", "", "", "", "", ""],
    [6, "", "0899999999", "", "", "", ""],
]
