"""Every workbook of the exporter registry, rendered from one group's data and read back with openpyxl.

Issue 16 (1): text a person types as =…, +…, -…, @…, tab or CR must never reach Excel as a live
formula. Issue 12: each workbook prints on A4 one page wide, repeats its header row, numbers its
pages, carries real Buddhist-Era dates, one digit convention and the document's properties.
"""

from __future__ import annotations

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.db import models
from openpyxl import load_workbook

from bangkok_network.excel import is_formula_like
from bangkok_network.models import PlanDimension
from bangkok_network.selectors import districts_of_group
from bangkok_network.thai import thai_number_text
from meetings.models import AgendaItem, Attendance, AttendanceStatus, AttendeeKind, KeyIssue, Meeting
from progress.models import ExecutiveReport, ProgressAttachment, ProgressReport
from projects_p1.models import P1Form, Project, WorkStep
from registry import text as registry_text
from registry.models import Member, MemberKind
from reports.exporters import export_document
from reports.models import Assessment

pytestmark = pytest.mark.django_db

PAYLOADS = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]

# kind → (needs the group, the sheets in which a typed field is printed whole as its own cell)
WORKBOOKS = {
    "registry": (True, {"ทะเบียนบัญชีประชาสังคม"}),
    "minutes": (True, {"การประชุม", "ประเด็นสำคัญ", "ผู้ประชุม"}),
    "attendance": (True, {"ผู้ประชุม"}),
    "p1": (True, {"แบบ P1", "ขั้นตอนการปฏิบัติงาน"}),
    "p1_all": (False, {"แบบ P1 ทุกกลุ่ม"}),
    "progress": (True, {"รายงานความคืบหน้า", "การรายงานต่อผู้บริหาร"}),
    "package": (
        True,
        {
            "1 ทะเบียนบัญชีประชาสังคม",
            "2.1 การประชุม",
            "2.2 ประเด็นสำคัญ",
            "2.3 ผู้ประชุม",
            "3.1 แบบ P1",
            "3.2 ขั้นตอนการปฏิบัติงาน",
            "4.1 รายงานความคืบหน้า",
            "4.2 การรายงานต่อผู้บริหาร",
        },
    ),
    "evaluation": (False, {"ผลการประเมิน"}),
}


# Text a constraint allows only beside another field: amendments belong to a certification.
ONLY_WITH = {"certification_amendments": "certifies_id"}


def _typed(row: models.Model, text: str) -> models.Model:
    """Put `text` in every field of the row a person types (free text, no choices), then save it."""
    for field in row._meta.concrete_fields:
        is_text = isinstance(field, models.CharField | models.TextField)
        if field.name in ONLY_WITH and getattr(row, ONLY_WITH[field.name]) is None:
            continue
        if is_text and field.editable and not field.choices and len(text) <= (field.max_length or len(text)):
            setattr(row, field.name, text)
    if isinstance(row, Member):
        registry_text.set_keys(row)
    row.save()
    return row


def typed_everywhere(*, cycle, group, text: str) -> None:
    """One group's registry, meeting, P1 form, progress and assessment with `text` in every typed field."""
    district = districts_of_group(cycle=cycle, group=group).first()
    person = _typed(Member(cycle=cycle, group=group, district=district, kind=MemberKind.PERSON), text)
    organisation = _typed(
        Member(cycle=cycle, group=group, district=district, kind=MemberKind.ORGANISATION), text
    )
    meeting = _typed(
        Meeting(
            cycle=cycle,
            group=group,
            number=1,
            year=cycle.fiscal_year,
            date=datetime.date(2021, 4, 8),
            start_time=datetime.time(9, 30),
            end_time=datetime.time(12, 0),
        ),
        text,
    )
    _typed(AgendaItem(meeting=meeting, number=1), text)
    _typed(Attendance(meeting=meeting, member=person, status=AttendanceStatus.PRESENT), text)
    _typed(Attendance(meeting=meeting, member=organisation, status=AttendanceStatus.ABSENT), text)
    _typed(Attendance(meeting=meeting, kind=AttendeeKind.GUEST), text)
    issue = _typed(KeyIssue(meeting=meeting, cycle=cycle, group=group, dimension="physical"), text)
    issue.districts.set([district])
    form = _typed(P1Form(cycle=cycle, group=group, key_issue=issue), text)
    project = _typed(
        Project(
            form=form,
            order=1,
            budget=Decimal("150000.50"),
            start_date=datetime.date(2021, 5, 17),
            end_date=datetime.date(2021, 8, 26),
            benefit="physical",
        ),
        text,
    )
    project.plan_dimensions.set(PlanDimension.objects.filter(number=5))
    _typed(WorkStep(project=project, order=1, start_date=datetime.date(2021, 5, 20)), text)
    report = _typed(
        ProgressReport(
            project=project, cycle=cycle, group=group, report_date=datetime.date(2021, 6, 30), percent=40
        ),
        text,
    )
    _typed(ProgressAttachment(report=report, kind="document", file="progress/x.pdf", size=1), text)
    _typed(
        ExecutiveReport(
            cycle=cycle, group=group, recipient_kind="executive", reported_on=datetime.date(2021, 8, 20)
        ),
        text,
    )
    scores = dict.fromkeys(
        ("timeliness_score", "registry_score", "participation_score", "projects_score", "outcomes_score"), 3
    )
    _typed(Assessment(cycle=cycle, group=group, **scores), text)


def _workbook(kind: str, *, cycle, group):
    needs_group, _ = WORKBOOKS[kind]
    content = export_document(
        kind=kind, cycle=cycle, group=group if needs_group else None, fmt="xlsx", check_permission=False
    ).content
    return load_workbook(io.BytesIO(content))


# Sheets that show typed text only for some texts: a theme is named from the words of its key
# issues, which is the typed text itself only when pythainlp reads it as one word.
MAY_SHOW_TEXT = {"evaluation": {"ประเด็นร่วม"}}


def _in_digits(text: str, thai_digits: bool) -> str:
    return thai_number_text(text) if thai_digits else text


@pytest.mark.parametrize("thai_digits", [True, False], ids=["thai-digits", "arabic-digits"])
@pytest.mark.parametrize("payload", PAYLOADS)
def test_typed_text_is_never_a_formula_in_any_workbook(cycle, group, payload, thai_digits):
    cycle.use_thai_digits = thai_digits
    cycle.save(update_fields=["use_thai_digits"])
    typed_everywhere(cycle=cycle, group=group, text=payload)
    # What the cell holds: the text as typed (a line ends with LF in a cell; digits in the cycle's).
    expected = _in_digits(payload.replace("\r", "\n"), thai_digits)
    for kind, (_, sheets_with_text) in WORKBOOKS.items():
        book = _workbook(kind, cycle=cycle, group=group)
        cells = [cell for sheet in book for row in sheet.iter_rows() for cell in row]
        assert [c.coordinate for c in cells if c.data_type == "f"] == [], kind
        exact = [(sheet.title, cell) for sheet in book for row in sheet.iter_rows() for cell in row]
        exact = [(title, cell) for title, cell in exact if cell.value == expected]
        shown = {title for title, _ in exact}
        required = {_in_digits(t, thai_digits) for t in sheets_with_text}
        assert required <= shown <= required | MAY_SHOW_TEXT.get(kind, set()), kind
        # Each still reads as typed and carries Excel's apostrophe, so an edit keeps it text.
        assert all(cell.data_type == "s" and cell.quotePrefix for _, cell in exact), kind
        # Any other text a spreadsheet would take for a formula too ("+3" alone is a number: it is not).
        risky = [c for c in cells if isinstance(c.value, str) and is_formula_like(c.value)]
        assert all(c.quotePrefix for c in risky), kind


def test_money_stays_a_number_beside_formula_like_text(cycle, group):
    typed_everywhere(cycle=cycle, group=group, text="-2+3")
    sheet = _workbook("p1_all", cycle=cycle, group=group).active
    header = next(row for row in sheet.iter_rows() if row[0].value == "กลุ่มเขต")
    column = [c.value for c in header].index("งบประมาณ (บาท)")
    budget = sheet.cell(header[0].row + 1, column + 1)
    assert (budget.value, budget.data_type) == (150000.5, "n")
    assert budget.number_format == "[$-D00041E]#,##0.00"


# --- printing and sorting (issue 12) --------------------------------------------------------------

# Each sheet's orientation: the PDF's (registry and P1 are landscape), and landscape for any table
# wider than a portrait page, so no table is shrunk to an unreadable size.
ORIENTATIONS = {
    "registry": {"ทะเบียนบัญชีประชาสังคม": "landscape"},
    "minutes": {"การประชุม": "landscape", "ประเด็นสำคัญ": "landscape", "ผู้ประชุม": "landscape"},
    "p1": {"แบบ P1": "landscape", "ขั้นตอนการปฏิบัติงาน": "landscape"},
    "evaluation": {
        "สถานะรายกลุ่ม": "landscape",
        "ตรงเวลารายขั้นตอน": "landscape",
        "ทะเบียนและการมีส่วนร่วม": "landscape",
        "โครงการและงบประมาณ": "landscape",
        "งบตามมิติแผน กทม.": "portrait",
        "งบตามประโยชน์": "portrait",
        "ผลการประเมิน": "landscape",
    },
    "package": {"สารบัญ": "landscape", "๓.๒ ขั้นตอนการปฏิบัติงาน": "landscape"},
}


def _header_row(sheet) -> int:
    """Return the table's header row: the first row filled across with the header style."""
    for row in sheet.iter_rows():
        if row[0].value and row[0].fill.fgColor.rgb == "00DDE6F0":
            return row[0].row
    raise AssertionError(f"no header row in {sheet.title}")


@pytest.mark.parametrize("kind", sorted(WORKBOOKS))
def test_every_sheet_prints_on_a4_one_page_wide_with_its_header_repeated_and_page_numbers(kind, cycle, group):
    typed_everywhere(cycle=cycle, group=group, text="ข้อความที่พิมพ์")
    book = _workbook(kind, cycle=cycle, group=group)
    for sheet in book:
        header = _header_row(sheet)
        assert sheet.page_setup.paperSize == 9, sheet.title
        assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0), sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage is True, sheet.title
        assert sheet.print_title_rows == f"${header}:${header}", sheet.title
        assert sheet.freeze_panes == f"A{header + 1}", sheet.title
        assert sheet.oddFooter.center.text == "หน้า &P จาก &N", sheet.title
        expected = ORIENTATIONS.get(kind, {}).get(sheet.title)
        if expected:
            assert sheet.page_setup.orientation == expected, sheet.title
    properties = book.properties
    assert properties.title.endswith("ปีงบประมาณ พ.ศ. ๒๕๖๔")
    assert properties.subject == cycle.title
    assert properties.creator == (group.full_name if WORKBOOKS[kind][0] else cycle.department)
    assert properties.language == "th-TH"
    assert properties.created is not None


def test_document_title_names_the_document_and_the_group(cycle, group):
    typed_everywhere(cycle=cycle, group=group, text="ข้อความ")
    assert _workbook("registry", cycle=cycle, group=group).properties.title == (
        "ทะเบียนบัญชีประชาสังคมของกลุ่มการปฏิบัติงานของสำนักงานเขต กลุ่มกรุงเทพกลาง ปีงบประมาณ พ.ศ. ๒๕๖๔"
    )


DATE_CELLS = {  # kind → (sheet, header of a date column, the date it holds)
    "minutes": ("การประชุม", "วันที่", datetime.datetime(2021, 4, 8)),
    "attendance": ("ผู้ประชุม", "วันที่", datetime.datetime(2021, 4, 8)),
    "p1": ("ขั้นตอนการปฏิบัติงาน", "วันเริ่ม", datetime.datetime(2021, 5, 20)),
    "p1_all": ("แบบ P1 ทุกกลุ่ม", "วันสิ้นสุด", datetime.datetime(2021, 8, 26)),
    "progress": ("รายงานความคืบหน้า", "วันที่รายงาน", datetime.datetime(2021, 6, 30)),
    "evaluation": ("ตรงเวลารายขั้นตอน", "ครบกำหนด", datetime.datetime(2021, 3, 31)),
}


@pytest.mark.parametrize("thai_digits", [True, False], ids=["thai-digits", "arabic-digits"])
@pytest.mark.parametrize("kind", sorted(DATE_CELLS))
def test_dates_are_real_dates_shown_in_the_buddhist_era(kind, thai_digits, cycle, group):
    cycle.use_thai_digits = thai_digits
    cycle.save(update_fields=["use_thai_digits"])
    typed_everywhere(cycle=cycle, group=group, text="ข้อความ")
    title, column, day = DATE_CELLS[kind]
    sheet = _workbook(kind, cycle=cycle, group=group)[title]
    header = sheet[_header_row(sheet)]
    index = [c.value for c in header].index(column)
    cell = sheet.cell(header[0].row + 1, index + 1)
    assert cell.is_date and cell.value == day
    assert cell.number_format == ("[$-D07041E]d mmm yyyy" if thai_digits else "[$-107041E]d mmm yyyy")


_ARABIC = re.compile(r"(?<![A-Za-z0-9])[0-9]")
_THAI = re.compile("[๐-๙]")


# Links, e-mail addresses and file names keep their digits as typed: they must still work.
LITERAL_COLUMNS = {"ลิงก์ออนไลน์", "อีเมล", "ไฟล์แนบ", "สำเนา"}


def _texts_outside_literal_columns(sheet) -> list[str]:
    header = _header_row(sheet)
    literal = {c.column for c in sheet[header] if c.value in LITERAL_COLUMNS}
    return [
        cell.value
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and not (cell.row > header and cell.column in literal)
    ]


@pytest.mark.parametrize("kind", sorted(WORKBOOKS))
def test_one_digit_convention_per_workbook(kind, cycle, group):
    typed_everywhere(cycle=cycle, group=group, text="ห้องประชุม ๓ ชั้น 12")
    thai = _workbook(kind, cycle=cycle, group=group)
    cycle.use_thai_digits = False
    cycle.save(update_fields=["use_thai_digits"])
    arabic = _workbook(kind, cycle=cycle, group=group)
    for book, stray in ((thai, _ARABIC), (arabic, _THAI)):
        texts = [text for sheet in book for text in _texts_outside_literal_columns(sheet)]
        assert [t for t in texts if stray.search(t)] == [], kind
        assert all(not stray.search(sheet.title) for sheet in book), kind
    numbers = [
        c for s in thai for r in s.iter_rows() for c in r if c.data_type == "n" and c.value is not None
    ]
    assert numbers and all(c.number_format.startswith("[$-D0") for c in numbers), kind
