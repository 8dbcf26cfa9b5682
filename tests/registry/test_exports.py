"""The registry document (reports/exporters/registry.py), read back: Excel (openpyxl), PDF (pdftotext)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from bangkok_network.models import AuditEntry
from bangkok_network.thai import thai_digit_text
from registry import services
from reports.exporters import export_document
from reports.pdf.textcheck import extract_text_pdftotext, normalise
from tests.registry.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def members(cycle, group, other_group):
    MemberFactory(
        cycle=cycle,
        group=group,
        prefix="นาย",
        first_name="วิชัย",
        last_name="ขยัน",
        phone="0812345678",
        email="wichai@example.test",
        network_role="ประธานเครือข่าย",
    )
    MemberFactory(
        cycle=cycle,
        group=group,
        prefix="นางสาว",
        first_name="กมลา",
        last_name="งามดี",
        phone="0898765432",
        is_active=False,
    )
    MemberFactory(
        cycle=cycle,
        group=group,
        kind="organisation",
        prefix="",
        first_name="",
        last_name="",
        organisation_name="ชมรมรักษ์คลองโอ่งอ่าง",
        phone="022223333",
    )
    MemberFactory(
        cycle=cycle,
        group=group,
        prefix="นาง",
        first_name="ประไพ",
        last_name="ใจงาม",
        organisation_name="ชมรมรักษ์คลองโอ่งอ่าง",  # a person who represents the club
    )
    MemberFactory(cycle=cycle, group=other_group, first_name="คนกลุ่มอื่น")


def _sheet(result):
    return list(load_workbook(io.BytesIO(result.content)).active.values)


def test_excel_has_heading_thai_headers_rows_in_thai_order_frozen_and_filtered(cycle, group, staff, members):
    result = export_document(kind="registry", cycle=cycle, group=group, fmt="xlsx", user=staff)
    workbook = load_workbook(io.BytesIO(result.content))
    sheet = workbook.active
    values = list(sheet.values)
    assert values[0][0] == "ทะเบียนบัญชีประชาสังคมของกลุ่มการปฏิบัติงานของสำนักงานเขต กลุ่มกรุงเทพกลาง"
    assert values[1][0] == "ปีงบประมาณ พ.ศ. ๒๕๖๔"  # the cycle prints Thai digits, titles and data alike
    assert values[4][:4] == ("ลำดับ", "ชื่อ-สกุล / ชื่อองค์กร", "สังกัดองค์กร/กลุ่ม", "ประเภท")
    data = values[5:]
    # Thai dictionary order of the name, titles ignored: กมลา, ชมรม…, ประไพ, วิชัย
    assert [row[1:4] for row in data] == [
        ("นางสาวกมลา งามดี", None, "บุคคล"),
        ("ชมรมรักษ์คลองโอ่งอ่าง", None, "องค์กร/กลุ่มชุมชน"),  # an organisation is no one's member
        ("นางประไพ ใจงาม", "ชมรมรักษ์คลองโอ่งอ่าง", "บุคคล"),
        ("นายวิชัย ขยัน", None, "บุคคล"),
    ]
    assert data[3][7:10] == ("๐๘๑๒๓๔๕๖๗๘", "wichai@example.test", "ประธานเครือข่าย")  # an address as typed
    assert data[0][0] == 1 and sheet["A6"].number_format == "[$-D00041E]#,##0"  # a number, shown in Thai
    assert data[0][11] == "ไม่ปฏิบัติงาน"
    assert sheet.freeze_panes == "A6"
    assert sheet.auto_filter.ref == "A5:L9"
    assert sheet.column_dimensions["B"].width == 32


def test_executive_gets_contact_details_masked(cycle, group, executive, members):
    data = _sheet(export_document(kind="registry", cycle=cycle, group=group, fmt="xlsx", user=executive))
    assert data[3][0] == "ข้อมูลติดต่อถูกปิดบังบางส่วนตามกฎหมายคุ้มครองข้อมูลส่วนบุคคล"
    wichai = next(row for row in data if row[1] == "นายวิชัย ขยัน")
    # The first two and last four digits (the text follows the cycle's Thai digits): 08x-xxx-5678.
    assert wichai[7] == "๐๘x-xxx-๕๖๗๘"
    assert wichai[8] == "w•••@example.test"
    assert "0812345678" not in str(data) and "wichai@" not in str(data)


def test_erased_member_stays_as_an_anonymous_row(cycle, group, staff, members):
    from registry.models import Member

    member = Member.objects.get(first_name="วิชัย")
    services.member_erase(member=member, user=staff)
    data = _sheet(export_document(kind="registry", cycle=cycle, group=group, fmt="xlsx", user=staff))
    names = [row[1] for row in data[5:]]
    assert names[-1] == f"สมาชิกที่ลบข้อมูลแล้ว #{thai_digit_text(str(member.pk))}"
    assert "นายวิชัย ขยัน" not in names


def test_pdf_reads_back_with_title_group_cycle_and_thai_digits(cycle, group, staff, members):
    result = export_document(kind="registry", cycle=cycle, group=group, fmt="pdf", user=staff)
    text = normalise(extract_text_pdftotext(result.content), drop_whitespace=True)
    assert "ทะเบียนบัญชีประชาสังคมของกลุ่มการปฏิบัติงานของสำนักงานเขตกลุ่มกรุงเทพกลาง" in text
    assert "ปีงบประมาณพ.ศ.๒๕๖๔" in text
    assert "ชมรมรักษ์คลองโอ่งอ่าง" in text
    assert "นางประไพใจงามชมรมรักษ์คลองโอ่งอ่างบุคคล" in text  # her club in its own column
    assert "๐๘๑๒๓๔๕๖๗๘" in text
    assert "คนกลุ่มอื่น" not in text


def test_render_document_command_writes_both_formats(cycle, group, members, tmp_path):
    for fmt in ("pdf", "xlsx"):
        out = tmp_path / f"registry.{fmt}"
        call_command(
            "render_document",
            "registry",
            "--cycle",
            "2564",
            "--group",
            "bkk-central",
            "--format",
            fmt,
            "-o",
            str(out),
        )
        assert out.read_bytes()[:4] == (b"%PDF" if fmt == "pdf" else b"PK\x03\x04")


def test_download_through_the_portal_is_logged(client, cycle, group, staff, members):
    client.force_login(staff)
    response = client.get(f"/documents/registry/2564/{group.code}.xlsx")
    assert response.status_code == 200
    entry = AuditEntry.objects.get(action="document.download.registry")
    assert entry.actor == staff
