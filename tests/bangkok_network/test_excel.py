"""The one workbook writer (bangkok_network/excel.py), read back with openpyxl and as raw XML."""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from decimal import Decimal

import pytest
import time_machine
from openpyxl import load_workbook

from bangkok_network.excel import (
    Sheet,
    WorkbookInfo,
    clean_text,
    csv_text,
    is_formula_like,
    workbook_bytes,
)

PAYLOADS = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


def _book(*sheets: Sheet, info: WorkbookInfo | None = None):
    return load_workbook(io.BytesIO(workbook_bytes(list(sheets), info)))


@pytest.mark.parametrize("text", PAYLOADS)
def test_text_that_a_spreadsheet_would_run_is_formula_like(text):
    assert is_formula_like(text) is True


@pytest.mark.parametrize(
    "text", ["-5", "+66", "-1,500.50", "0812345678", "สมชาย =1", "", "ก-ข", "1+1", "(02) 222-3333"]
)
def test_plain_numbers_and_ordinary_text_are_not_formula_like(text):
    assert is_formula_like(text) is False


def test_csv_guard_is_an_apostrophe_and_leaves_numbers_and_other_values_alone():
    assert csv_text('=HYPERLINK("x")') == '\'=HYPERLINK("x")'
    assert csv_text("@SUM(A1)") == "'@SUM(A1)"
    assert csv_text("-2.00") == "-2.00"
    assert csv_text(-2) == -2
    assert csv_text("น้ำท่วม") == "น้ำท่วม"


def test_clean_text_drops_what_xml_forbids_and_writes_line_ends_as_excel_does():
    assert clean_text("ก\x00ข\x0bค\r\nง\rจ\tฉ") == "กขค\nง\nจ\tฉ"
    assert len(clean_text("ก" * 40_000)) == 32_767


@pytest.mark.parametrize("payload", PAYLOADS)
def test_typed_text_is_a_text_cell_with_excels_quote_prefix_and_reads_back_as_typed(payload):
    sheet = _book(Sheet("ทดสอบ", [payload], [[payload, -5, Decimal("-1500.50"), "-5"]])).active
    header, cell, negative, money, text_number = (
        sheet["A1"],
        sheet["A2"],
        sheet["B2"],
        sheet["C2"],
        sheet["D2"],
    )
    for typed in (header, cell):
        assert typed.data_type == "s"  # never "f": no formula runs
        assert typed.quotePrefix is True  # Excel's apostrophe: still text after someone edits it
        assert typed.value == payload.replace("\r", "\n")  # a cell breaks lines with LF, as Excel
    assert (negative.value, negative.data_type) == (-5, "n")  # a real negative number stays a number
    assert (money.value, money.data_type) == (-1500.5, "n")
    assert (text_number.value, text_number.data_type, text_number.quotePrefix) == ("-5", "s", False)


def test_the_xml_holds_no_formula_element():
    content = workbook_bytes([Sheet("ทดสอบ", ["ก"], [[p] for p in PAYLOADS])])
    xml = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "<f " not in xml
    assert xml.count('t="inlineStr"') == 1 + len(PAYLOADS)


def test_a_forbidden_control_character_does_not_break_the_workbook():
    sheet = _book(Sheet("ทดสอบ", ["ก"], [["สมชาย\x01ใจดี"], ["\x01=1+1"]])).active
    assert sheet["A2"].value == "สมชายใจดี"
    # Once the control character is gone the text starts with "=": it is guarded as such.
    assert (sheet["A3"].value, sheet["A3"].data_type, sheet["A3"].quotePrefix) == ("=1+1", "s", True)


def test_pages_are_a4_one_page_wide_with_the_header_row_repeated_and_page_numbers():
    book = _book(
        Sheet("กว้าง", ["ก"] * 12, [], widths=[12] * 12, heading=["ชื่อเอกสาร", "กลุ่มกรุงเทพกลาง"]),
        Sheet("แคบ", ["ก", "ข"], [], widths=[30, 20]),
    )
    wide, narrow = book["กว้าง"], book["แคบ"]
    for sheet in (wide, narrow):
        assert sheet.page_setup.paperSize == 9
        assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
        assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
        assert sheet.oddFooter.center.text == "หน้า &P จาก &N"
        assert sheet.print_options.gridLines is False
    # A table wider than a portrait page turns the page; a narrow one stays portrait.
    assert (wide.page_setup.orientation, narrow.page_setup.orientation) == ("landscape", "portrait")
    assert (wide.print_title_rows, narrow.print_title_rows) == ("$4:$4", "$1:$1")
    assert (wide.freeze_panes, narrow.freeze_panes) == ("A5", "A2")
    assert wide.page_margins.left == 0.79
    # The title spans the table and is centred, so it prints whole on any width.
    assert sorted(str(r) for r in wide.merged_cells.ranges) == ["A1:L1", "A2:L2"]
    assert wide["A1"].alignment.horizontal == "center"


def test_the_documents_orientation_wins_for_a_narrow_sheet():
    sheet = _book(Sheet("แคบ", ["ก"], []), info=WorkbookInfo(title="ก", landscape=True)).active
    assert sheet.page_setup.orientation == "landscape"


def test_a_sheet_can_say_its_orientation():
    sheet = _book(Sheet("กว้าง", ["ก"] * 20, [], widths=[20] * 20, landscape=False)).active
    assert sheet.page_setup.orientation == "portrait"


@time_machine.travel(datetime.datetime(2021, 8, 27, 9, 0, tzinfo=datetime.UTC), tick=False)
def test_document_properties_say_title_subject_author_language_and_when():
    info = WorkbookInfo(title="ทะเบียน ปีงบประมาณ พ.ศ. 2564", subject="การขับเคลื่อน", author="กลุ่มกรุงเทพกลาง")
    properties = _book(Sheet("ก", ["ก"], []), info=info).properties
    assert (properties.title, properties.subject, properties.creator) == (
        "ทะเบียน ปีงบประมาณ พ.ศ. 2564",
        "การขับเคลื่อน",
        "กลุ่มกรุงเทพกลาง",
    )
    assert properties.language == "th-TH"
    assert properties.created == datetime.datetime(2021, 8, 27, 9, 0)


def test_dates_are_real_dates_shown_in_the_buddhist_era_in_the_workbooks_digits():
    rows = [[datetime.date(2021, 3, 13), datetime.time(9, 30), datetime.datetime(2021, 3, 13, 14, 5)]]
    thai = _book(Sheet("ก", ["วันที่", "เวลา", "เมื่อ"], rows), info=WorkbookInfo(title="ก", thai_digits=True))
    arabic = _book(Sheet("ก", ["วันที่", "เวลา", "เมื่อ"], rows), info=WorkbookInfo(title="ก", thai_digits=False))
    day, clock, moment = thai.active["A2"], thai.active["B2"], thai.active["C2"]
    assert day.is_date and day.value == datetime.datetime(2021, 3, 13)
    # 0D: Thai digits, 07: Thai Buddhist calendar, 041E: Thai — Thai Excel shows ๑๓ มี.ค. ๒๕๖๔.
    assert day.number_format == "[$-D07041E]d mmm yyyy"
    assert clock.is_date and clock.value == datetime.time(9, 30) and clock.number_format == "[$-D00041E]hh:mm"
    assert moment.number_format == "[$-D07041E]d mmm yyyy hh:mm"
    # 01: Western digits, the same Buddhist calendar: 13 มี.ค. 2564.
    assert arabic.active["A2"].number_format == "[$-107041E]d mmm yyyy"
    assert arabic.active["B2"].number_format == "hh:mm"


def test_an_aware_datetime_is_written_in_bangkok_time():
    moment = datetime.datetime(2021, 3, 13, 2, 0, tzinfo=datetime.UTC)
    assert _book(Sheet("ก", ["เมื่อ"], [[moment]])).active["A2"].value == datetime.datetime(2021, 3, 13, 9, 0)


def test_thai_digit_workbook_writes_every_text_in_thai_digits_and_keeps_numbers_numeric():
    sheet = _book(
        Sheet(
            "ส่วนที่ 1",
            ["ขั้นตอนที่ 1", "จำนวน", "งบประมาณ", "ลิงก์"],
            [["ห้อง 3 ชั้น 12 แบบ P1", 1500, Decimal("1500.50"), "https://meet.example/abc-123"]],
            heading=["ปีงบประมาณ พ.ศ. 2564"],
            number_formats={2: "#,##0.00"},
            literal_columns=frozenset({3}),
        ),
        info=WorkbookInfo(title="เอกสาร 2564", thai_digits=True),
    ).active
    assert sheet.title == "ส่วนที่ ๑"
    assert [c.value for c in sheet[1]][0] == "ปีงบประมาณ พ.ศ. ๒๕๖๔"
    assert [c.value for c in sheet[3]] == ["ขั้นตอนที่ ๑", "จำนวน", "งบประมาณ", "ลิงก์"]
    text, count, money, link = sheet[4]
    assert text.value == "ห้อง ๓ ชั้น ๑๒ แบบ P1"  # a code written with Latin letters keeps its digit
    assert (count.value, count.number_format) == (1500, "[$-D00041E]#,##0")
    assert (money.value, money.number_format) == (1500.5, "[$-D00041E]#,##0.00")
    assert link.value == "https://meet.example/abc-123"  # a link with Thai digits no longer opens


def test_arabic_digit_workbook_writes_thai_digits_typed_in_text_as_arabic():
    sheet = _book(
        Sheet("ก", ["ที่"], [["ชุมชน ๑๒ แห่ง"], [7]]), info=WorkbookInfo(title="ก", thai_digits=False)
    ).active
    assert (sheet["A2"].value, sheet["A3"].value, sheet["A3"].number_format) == ("ชุมชน 12 แห่ง", 7, "#,##0")


def test_data_people_uploaded_keeps_its_digits_as_typed():
    sheet = _book(Sheet("ก", ["ที่"], [["๐๘๑-๒๓๔ 5678"]])).active
    assert sheet["A2"].value == "๐๘๑-๒๓๔ 5678"


def test_a_text_column_is_formatted_as_text_so_a_typed_phone_keeps_its_leading_zero():
    sheet = _book(Sheet("ก", ["ชื่อ", "โทรศัพท์"], [], text_columns=frozenset({1}))).active
    assert sheet.column_dimensions["B"].number_format == "@"
    assert sheet.column_dimensions["A"].number_format == "General"


def test_a_wrapped_row_is_tall_enough_for_its_lines_and_a_short_row_keeps_the_default():
    long_text = "ท่อระบายน้ำอุดตันและคูคลองตื้นเขิน น้ำระบายไม่ทันเมื่อฝนตกหนัก " * 3
    sheet = _book(
        Sheet("ก", ["ก", "ข"], [["สั้น", "สั้น"], ["สั้น", long_text], ["ก\nข\nค", ""]], widths=[20, 30])
    ).active
    assert sheet.sheet_format.defaultRowHeight == 21
    assert sheet.row_dimensions[2].height is None
    # 147 letters (marks above and below take no width) × 1.55 units over 29 units: 8 lines.
    assert sheet.row_dimensions[3].height == 21 * 8 + 2
    assert sheet.row_dimensions[4].height == 21 * 3 + 2


def test_filter_covers_the_header_and_every_row():
    sheet = _book(Sheet("ก", ["ก", "ข", "ค"], [[1, 2, 3]] * 4, heading=["หัว"])).active
    assert sheet.auto_filter.ref == "A3:C7"


def test_an_empty_text_is_an_empty_cell_with_its_border():
    content = workbook_bytes([Sheet("ก", ["ก", "ข"], [["", "ข"]])])
    xml = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml").decode()
    assert re.search(r'<c r="A2" s="\d+" t="n" />', xml)  # styled (bordered), no empty inline string
    assert _book(Sheet("ก", ["ก", "ข"], [["", "ข"]])).active["A2"].border.left.style == "thin"
