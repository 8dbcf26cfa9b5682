"""The minutes and attendance documents, rendered and read back (pdftotext, openpyxl)."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from bangkok_network.models import District
from bangkok_network.thai import thai_digit_text
from meetings import services
from meetings.models import AgendaItem, AttendeeKind, Dimension
from reports.exporters import EXPORTERS, ExportError, export_document
from reports.exporters.minutes import meeting_document
from reports.pdf.textcheck import extract_text_pdftotext, normalise
from tests.meetings.factories import KeyIssueFactory, MeetingFactory, attend, erase_member, make_member

pytestmark = pytest.mark.django_db


def _text(pdf: bytes, mode: str = "raw") -> str:
    return normalise(extract_text_pdftotext(pdf, mode=mode), drop_whitespace=True)


@pytest.fixture
def minuted(cycle, group):
    meeting = MeetingFactory(
        cycle=cycle,
        group=group,
        number=1,
        date=datetime.date(2021, 4, 8),
        title="เครือข่ายประชาสังคมกลุ่มกรุงเทพกลาง",
        venue="ห้องประชุมสำนักงานเขตดินแดง",
    )
    AgendaItem.objects.filter(meeting=meeting, number=4).update(
        topic="กำหนดประเด็นสำคัญ", discussion="ที่ประชุมหารือปัญหาในพื้นที่", resolution="เห็นชอบประเด็นน้ำท่วมขัง"
    )
    kamol = make_member(cycle=cycle, group=group, first_name="กมล", last_name="สายสุข")
    erased = make_member(cycle=cycle, group=group, first_name="ลบแล้ว", last_name="ทดสอบ")
    absent = make_member(cycle=cycle, group=group, prefix="นาง", first_name="ขวัญใจ", last_name="มั่นคง")
    attend(meeting, kamol)
    attend(meeting, erased)
    attend(meeting, absent, present=False, reason="ติดภารกิจในพื้นที่")
    erase_member(erased)
    services.guest_add(
        meeting=meeting,
        user=None,
        name="นายวิชัย ผู้อำนวยการ",
        position="ผู้อำนวยการเขตดินแดง",
        kind=AttendeeKind.OFFICIAL,
    )
    issue = KeyIssueFactory(meeting=meeting, title="น้ำท่วมขังถนนวิภาวดี", dimension=Dimension.PHYSICAL)
    issue.districts.set([District.objects.get(code="1026")])
    return meeting, erased


def test_minutes_pdf_reads_back_in_the_official_layout(cycle, group, minuted):
    meeting, erased = minuted
    pdf = export_document(kind="minutes", cycle=cycle, group=group, fmt="pdf", check_permission=False).content
    assert pdf.startswith(b"%PDF")
    text = _text(pdf)
    for expected in [
        "รายงานการประชุมเครือข่ายประชาสังคมกลุ่มกรุงเทพกลาง",
        "ครั้งที่๑/๒๕๖๔",
        "เมื่อวันพฤหัสบดีที่๘เมษายน๒๕๖๔",
        "ณห้องประชุมสำนักงานเขตดินแดง",
        "ผู้มาประชุม",
        "นายกมลสายสุข",
        f"สมาชิกที่ลบข้อมูลแล้ว#{thai(erased.pk)}",
        "ผู้ไม่มาประชุม",
        "นางขวัญใจมั่นคง",
        "ติดภารกิจในพื้นที่",
        "ผู้เข้าร่วมประชุม",
        "นายวิชัยผู้อำนวยการ",
        "เริ่มประชุมเวลา๐๙.๓๐น.",
        "ระเบียบวาระที่๑เรื่องที่ประธานแจ้งให้ที่ประชุมทราบ",
        "ระเบียบวาระที่๔เรื่องเพื่อพิจารณาเรื่องกำหนดประเด็นสำคัญ",
        "มติที่ประชุมเห็นชอบประเด็นน้ำท่วมขัง",
        "น้ำท่วมขังถนนวิภาวดี",
        "ระเบียบวาระที่๕เรื่องอื่นๆ",
        "เลิกประชุมเวลา๑๒.๐๐น.",
        "ผู้จดรายงานการประชุม",
        "ผู้ตรวจรายงานการประชุม",
    ]:
        assert expected in text, expected
    # The erased member's name is gone from the document, though the attendance still counts.
    assert "ลบแล้ว" not in text
    assert (
        text.index("ผู้มาประชุม")
        < text.index("ผู้ไม่มาประชุม")
        < text.index("ผู้เข้าร่วมประชุม")
        < text.index("เริ่มประชุมเวลา")
        < text.index("เลิกประชุมเวลา")
        < text.index("ผู้จดรายงานการประชุม")
    )
    assert "ผู้มาประชุม๑.นายกมลสายสุข" in _text(pdf, mode="reading")


def thai(number: int) -> str:
    from bangkok_network.thai import thai_digit_text

    return thai_digit_text(str(number))


def test_minutes_use_arabic_digits_when_the_cycle_says_so(cycle, group, minuted):
    cycle.use_thai_digits = False
    cycle.save(update_fields=["use_thai_digits"])
    pdf = export_document(kind="minutes", cycle=cycle, group=group, fmt="pdf", check_permission=False).content
    text = _text(pdf)
    assert "ครั้งที่1/2564" in text
    assert "เริ่มประชุมเวลา09.30น." in text
    # List numbers are drawn by the renderer: pdftotext's reading mode shows them, in the cycle's digits.
    assert "1.นายกมลสายสุข" in _text(pdf, mode="reading")


def test_one_meetings_minutes_hold_only_that_meeting(cycle, group, staff, minuted):
    meeting, _ = minuted
    MeetingFactory(cycle=cycle, group=group, number=2, title="ประชุมนัดที่สองไม่ควรปรากฏ")
    result = meeting_document(kind="minutes", meeting=meeting, fmt="pdf", user=staff)
    text = _text(result.content)
    assert "ประชุมนัดที่สองไม่ควรปรากฏ" not in text
    assert "ครั้งที่๑/๒๕๖๔" in text
    assert result.filename == f"minutes-2564-bkk-central-meeting{meeting.pk}.pdf"


def test_html_typed_into_minutes_is_printed_as_text(cycle, group, minuted):
    meeting, _ = minuted
    AgendaItem.objects.filter(meeting=meeting, number=5).update(resolution="<b>ตัวหนา</b><script>x</script>")
    text = _text(
        export_document(kind="minutes", cycle=cycle, group=group, fmt="pdf", check_permission=False).content
    )
    assert "<b>ตัวหนา</b><script>x</script>" in text


def test_minutes_workbook_lists_meetings_issues_and_attendees(cycle, group, minuted):
    meeting, erased = minuted
    content = export_document(
        kind="minutes", cycle=cycle, group=group, fmt="xlsx", check_permission=False
    ).content
    book = load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["การประชุม", "ประเด็นสำคัญ", "ผู้ประชุม"]
    meetings = [row for row in book["การประชุม"].iter_rows(min_row=5, values_only=True)]
    # Thai digits in text (the cycle's setting); the date and times are real values, sortable.
    assert meetings == [
        (
            "๑/๒๕๖๔",
            datetime.datetime(2021, 4, 8),
            datetime.time(9, 30),
            datetime.time(12, 0),
            "ห้องประชุมสำนักงานเขตดินแดง",
            None,
            "นายประธาน เครือข่าย",
            "นายจด รายงาน",
            2,
            1,
            1,
            1,
            None,
            "ร่าง",
            "ยังไม่ได้รับรองรายงานการประชุม",
        )
    ]
    issues = list(book["ประเด็นสำคัญ"].iter_rows(min_row=5, values_only=True))
    assert issues == [
        (
            "๑/๒๕๖๔",
            "น้ำท่วมขังถนนวิภาวดี",
            "ฝนตกหนักแล้วน้ำระบายไม่ทัน",
            "ผู้อยู่อาศัยริมถนน",
            "เขตดินแดง",
            "กายภาพ",
            "ปานกลาง",
        )
    ]
    people = [(r[3], r[4], r[7], r[8]) for r in book["ผู้ประชุม"].iter_rows(min_row=5, values_only=True)]
    assert people == [
        ("นายกมล สายสุข", "สมาชิกเครือข่าย", "มาประชุม", None),
        (f"สมาชิกที่ลบข้อมูลแล้ว #{thai_digit_text(str(erased.pk))}", "สมาชิกเครือข่าย", "มาประชุม", None),
        ("นางขวัญใจ มั่นคง", "สมาชิกเครือข่าย", "ไม่มาประชุม", "ติดภารกิจในพื้นที่"),
        ("นายวิชัย ผู้อำนวยการ", "เจ้าหน้าที่/ข้าราชการ", "มาประชุม", None),
    ]


def test_sign_in_sheet_lists_the_registry_with_room_to_sign(cycle, group, minuted):
    meeting, _ = minuted
    make_member(cycle=cycle, group=group, first_name="งามตา", last_name="ไม่ได้บันทึก")
    text = _text(
        export_document(
            kind="attendance", cycle=cycle, group=group, fmt="pdf", check_permission=False
        ).content
    )
    assert "บัญชีลงชื่อผู้เข้าร่วมประชุมเครือข่ายประชาสังคมกลุ่มกรุงเทพกลาง" in text
    assert "ลายมือชื่อ" in text
    for name in ["นายกมลสายสุข", "นางขวัญใจมั่นคง", "นายงามตาไม่ได้บันทึก", "นายวิชัยผู้อำนวยการ"]:
        assert name in text


def test_attendance_workbook_has_one_row_per_attendee(cycle, group, minuted):
    content = export_document(
        kind="attendance", cycle=cycle, group=group, fmt="xlsx", check_permission=False
    ).content
    sheet = load_workbook(io.BytesIO(content))["ผู้ประชุม"]
    assert [r[2] for r in sheet.iter_rows(min_row=5, values_only=True)] == [1, 2, 3, 4]


def test_a_group_without_meetings_gets_a_clear_message(cycle, other_group):
    with pytest.raises(ExportError, match="ยังไม่มีการประชุมที่บันทึกไว้ในปีงบประมาณ 2564"):
        export_document(kind="minutes", cycle=cycle, group=other_group, fmt="pdf", check_permission=False)


def test_exporters_are_registered():
    assert EXPORTERS["minutes"].formats == ("pdf", "xlsx")
    assert EXPORTERS["attendance"].formats == ("pdf", "xlsx")


def test_render_document_command_writes_a_groups_minutes(cycle, group, minuted, tmp_path):
    output = tmp_path / "minutes.pdf"
    call_command("render_document", "minutes", "--cycle", "2564", "--group", "bkk-central", "-o", str(output))
    assert "รายงานการประชุมเครือข่ายประชาสังคมกลุ่มกรุงเทพกลาง" in _text(output.read_bytes())


def test_minutes_headings_stay_headings_and_make_pdf_bookmarks(cycle, group, minuted):
    from pypdf import PdfReader

    MeetingFactory(cycle=cycle, group=group, number=2, title="เครือข่ายนัดพิเศษ")
    pdf = export_document(kind="minutes", cycle=cycle, group=group, fmt="pdf", check_permission=False).content
    titles = [item.title for item in PdfReader(io.BytesIO(pdf)).outline if not isinstance(item, list)]
    assert titles[:2] == ["รายงานการประชุมเครือข่ายประชาสังคมกลุ่มกรุงเทพกลาง", "รายงานการประชุมเครือข่ายนัดพิเศษ"]


def test_an_apostrophe_in_the_minutes_survives_thai_digits(cycle, group, minuted):
    meeting, _ = minuted
    AgendaItem.objects.filter(meeting=meeting, number=5).update(resolution="ให้ใช้ชื่อ 'ถนนสวย' ในปี 2565")
    text = _text(
        export_document(kind="minutes", cycle=cycle, group=group, fmt="pdf", check_permission=False).content
    )
    assert "ให้ใช้ชื่อ'ถนนสวย'ในปี๒๕๖๕" in text
