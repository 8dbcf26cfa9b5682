"""The workbooks the registry import writes (registry/importing.py): the template and the rejected rows.

Both go through the core writer: no typed text becomes a formula, pages print on A4, the template's
phone and ID columns are text so a typed 0 stays.
"""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from registry import importing
from tests.registry.factories import MESSY_HEADER, messy_workbook

PAYLOADS = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_rejected_rows_never_hold_a_formula_and_read_back_as_typed(payload):
    content = importing.rejected_workbook(
        [payload, "ชื่อ - สกุล"], [{"row": 7, "raw": [payload, "๐๘๑-๒๓๔-๕๖๗๘"], "problems": [payload]}]
    )
    sheet = load_workbook(io.BytesIO(content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    typed = payload.replace("\r", "\n")
    assert [c.coordinate for c in cells if c.value == typed] == ["B1", "B2", "D2"]
    assert all(sheet[ref].quotePrefix for ref in ("B1", "B2", "D2"))
    # The row number stays a number; digits stay as the district typed them (no cycle convention).
    assert (sheet["A2"].value, sheet["A2"].data_type, sheet["C2"].value) == (7, "n", "๐๘๑-๒๓๔-๕๖๗๘")


def test_formula_like_names_in_an_uploaded_workbook_come_back_as_text():
    rows = [[1, "@SUM(A1)", "-2+3", "ชุมชน", "not-an-email", "", "+1+1"]]
    parsed = importing.parse_workbook(messy_workbook(rows))
    rejected = [r.as_json() for r in parsed.rows if r.status != "ok"]
    sheet = load_workbook(io.BytesIO(importing.rejected_workbook(parsed.headers, rejected))).active
    values = [(c.value, c.data_type, c.quotePrefix) for c in sheet[2]]
    assert values[2:4] == [("@SUM(A1)", "s", True), ("-2+3", "s", True)]
    assert values[7] == ("+1+1", "s", True)


def test_rejected_rows_print_on_a4_with_the_header_repeated_and_say_what_they_are():
    book = load_workbook(io.BytesIO(importing.rejected_workbook(MESSY_HEADER, [])))
    sheet = book.active
    assert sheet.title == "แถวที่นำเข้าไม่ได้"
    assert (sheet.page_setup.paperSize, sheet.page_setup.orientation) == (9, "landscape")
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.freeze_panes == "A2"
    assert sheet.oddFooter.center.text == "หน้า &P จาก &N"
    assert book.properties.title == "แถวที่นำเข้าทะเบียนบัญชีประชาคมเขตไม่ได้"
    assert book.properties.creator == "สำนักยุทธศาสตร์และประเมินผล กรุงเทพมหานคร"


def test_template_prints_on_a4_and_keeps_typed_phone_and_id_numbers_as_text():
    book = load_workbook(io.BytesIO(importing.template_workbook()))
    sheet = book.active
    assert [c.value for c in sheet[1]] == importing.TEMPLATE_HEADERS
    assert (sheet.page_setup.paperSize, sheet.page_setup.orientation) == (9, "landscape")
    assert sheet.print_title_rows == "$1:$1"
    assert book.properties.title == "แบบทะเบียนบัญชีประชาคมเขต"
    text_columns = [
        importing.TEMPLATE_HEADERS[c.min - 1]
        for c in sheet.column_dimensions.values()
        if c.number_format == "@"
    ]
    assert text_columns == ["เบอร์โทรศัพท์", "เลขประจำตัวประชาชน"]
