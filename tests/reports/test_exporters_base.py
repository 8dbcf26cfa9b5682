import io

import pytest
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import load_workbook

from reports.exporters.base import BaseExporter, Sheet, workbook_bytes

pytestmark = pytest.mark.django_db


class _OverviewExporter(BaseExporter):
    kind = "overview-test"
    title = "ทดสอบ"
    formats = ("xlsx",)

    def get_sheets(self, context):
        return [
            Sheet(
                title="แผ่นที่ 1/2", headers=[gettext("ภาพรวม")], rows=[["ก"]], widths=[20], heading=["หัวเรื่อง"]
            )
        ]


def test_official_documents_are_thai_even_when_the_user_reads_the_portal_in_english(cycle, group):
    with translation.override("en"):
        assert gettext("ภาพรวม") == "Overview"  # the catalogue is active
        content = _OverviewExporter(cycle=cycle, group=group).render("xlsx")
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    assert sheet["A3"].value == "ภาพรวม"


def test_workbook_has_heading_frozen_header_filter_widths_and_safe_sheet_names():
    content = workbook_bytes(
        [
            Sheet(
                title="ทะเบียน: กลุ่ม/เขต [1]",
                headers=["ชื่อ", "เขต"],
                rows=[["ก", "ข"], ["ค", "ง"]],
                widths=[30, 12],
                heading=["ทะเบียนบัญชีประชาสังคม", "กลุ่มกรุงเทพกลาง"],
            )
        ]
    )
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook.worksheets[0]
    assert sheet.title == "ทะเบียน  กลุ่ม เขต  1 "
    assert [c.value for c in sheet[4]] == ["ชื่อ", "เขต"]
    assert sheet.freeze_panes == "A5"
    assert sheet.auto_filter.ref == "A4:B6"
    assert sheet.column_dimensions["A"].width == 30
    assert sheet["A4"].font.b is True
