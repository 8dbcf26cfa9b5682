"""The workbook reader: safety checks, columns by meaning, rows cleaned with Thai problems."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
from openpyxl import load_workbook

from registry import importing, sources
from registry.importing import WorkbookRefused, match_columns, parse_workbook
from tests.registry import shapes
from tests.registry.factories import messy_workbook


def test_messy_workbook_rows_are_cleaned_and_flagged_in_thai():
    parsed = parse_workbook(messy_workbook())
    assert parsed.columns["full_name"] == 1 and parsed.columns["phone"] == 2
    by_row = {row.row: row for row in parsed.rows}
    # row 3 is the header (title, blank row above); blank rows 6 and 9 (only a number) are skipped
    assert sorted(by_row) == [4, 5, 7, 8, 10]
    first = by_row[4]
    assert first.status == "ok"
    assert (first.data["prefix"], first.data["first_name"], first.data["last_name"]) == (
        "นาย",
        "สมชาย",
        "ใจดี",
    )
    assert first.data["phone"] == "0812345678"
    assert first.data["registered_on"] == "2020-03-13"
    second = by_row[5]
    assert (second.data["prefix"], second.data["first_name"]) == ("นางสาว", "สมหญิง")
    assert second.data["phone"] == "0891234567"  # the leading zero Excel dropped is back
    assert second.data["registered_on"] == "2020-03-01"  # a BE year typed in a date cell
    assert by_row[7].status == "duplicate"
    assert by_row[7].problems == ["ซ้ำกับแถวที่ 4 ในไฟล์นี้ (ชื่อเดียวกัน)"]
    assert by_row[8].status == "rejected"
    assert by_row[8].problems == [
        "เบอร์โทรศัพท์ “12” ไม่ถูกต้อง (ต้องเป็นตัวเลข 9–10 หลัก ขึ้นต้นด้วย 0)",
        "อีเมล “not-an-email” ไม่ถูกต้อง",
        "วันที่ขึ้นทะเบียน: อ่านวันที่ “32/13/2563” ไม่ได้ กรุณากรอกเป็น วว/ดด/ปปปป (พ.ศ.) เช่น 13/03/2564",
    ]
    assert by_row[10].problems == ["ไม่มีชื่อ-นามสกุล หรือชื่อองค์กร"]


def test_headers_are_recognised_by_meaning():
    assert match_columns(["ที่", "คำนำหน้าชื่อ", "ชื่อ", "นามสกุล", "โทรศัพท์", "อีเมล์", "แขวง"]) == {
        "seq": 0,
        "prefix": 1,
        "first_name": 2,
        "last_name": 3,
        "phone": 4,
        "email": 5,
        "subdistrict": 6,
    }
    assert match_columns(["ชื่อ-นามสกุล", "เบอร์โทร (มือถือ)", "ชื่อองค์กร/กลุ่ม"]) == {
        "full_name": 0,
        "phone": 1,
        "organisation_name": 2,
    }


def test_cell_merged_down_counts_for_every_row_it_covers():
    data = messy_workbook([[1, "นายหนึ่ง ดี", "0811111111", "ชุมชนเดียวกัน"], [2, "นายสอง ดี", "0822222222", None]])
    wb = load_workbook(io.BytesIO(data))
    wb.active.merge_cells("D4:D5")
    buffer = io.BytesIO()
    wb.save(buffer)
    rows = parse_workbook(buffer.getvalue()).rows
    assert [r.data["community"] for r in rows] == ["ชุมชนเดียวกัน", "ชุมชนเดียวกัน"]


def test_separate_name_columns_and_an_organisation_row():
    data = messy_workbook(
        [[1, "นาง", "มาลี", "ศรีสุข", "", "0898765432"], [2, "", "", "", "ชมรมผู้สูงอายุวัดสุทัศน์", "022222222"]],
        header=["ลำดับ", "คำนำหน้า", "ชื่อ", "สกุล", "ชื่อองค์กร", "เบอร์โทรศัพท์"],
        title_rows=1,
    )
    rows = parse_workbook(data).rows
    assert [
        (r.data["kind"], r.data["prefix"], r.data["first_name"], r.data["organisation_name"], r.status)
        for r in rows
    ] == [
        ("person", "นาง", "มาลี", "", "ok"),
        ("organisation", "", "", "ชมรมผู้สูงอายุวัดสุทัศน์", "ok"),
    ]


def test_national_id_checksum():
    assert importing.national_id_is_valid("1101700230708")
    assert not importing.national_id_is_valid("1101700230705")
    assert not importing.national_id_is_valid("123")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "ไฟล์ว่างเปล่า"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "ไม่ใช่ไฟล์ Excel"),
        (b"name,phone\n", "มีหัวตารางแต่ไม่มีรายชื่อ"),  # a CSV, but of no one
        (b"just some words\n", "ไม่พบแถวหัวตารางที่มีคอลัมน์ชื่อ-สกุล"),
        (importing.OLE2_SIGNATURE + b"\x00" * 600, "รหัสผ่าน"),
        (b"PK\x03\x04 broken", "เสียหาย"),
    ],
)
def test_files_that_are_not_plain_workbooks_are_refused_in_thai(data, message):
    with pytest.raises(WorkbookRefused, match=message):
        parse_workbook(data)


def test_zip_bomb_is_refused_before_openpyxl_opens_it():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * (50 * 1024 * 1024))
    with pytest.raises(WorkbookRefused, match="zip bomb"):
        parse_workbook(buffer.getvalue())


def test_huge_file_is_refused(monkeypatch):
    monkeypatch.setattr(sources, "MAX_FILE_BYTES", 1000)
    with pytest.raises(WorkbookRefused, match="ใหญ่เกิน"):
        parse_workbook(messy_workbook())


def test_zip_without_a_workbook_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<doc/>")
    with pytest.raises(WorkbookRefused, match="ไม่ใช่ไฟล์ Excel"):
        parse_workbook(buffer.getvalue())


def test_workbook_without_a_name_header_is_refused():
    with pytest.raises(WorkbookRefused, match="ไม่พบแถวหัวตาราง"):
        parse_workbook(messy_workbook([[1, 2]], header=["ก", "ข"]))


def test_rejected_workbook_has_the_rows_as_typed_and_an_error_column():
    parsed = parse_workbook(messy_workbook())
    rejected = [r.as_json() for r in parsed.rows if r.status != "ok"]
    sheet = load_workbook(io.BytesIO(importing.rejected_workbook(parsed.headers, rejected))).active
    values = list(sheet.values)
    assert values[0] == ("แถวในไฟล์เดิม", *parsed.headers, "ข้อผิดพลาด")
    assert values[1][:3] == (7, "3", "สมชาย ใจดี")
    assert values[1][-1] == "ซ้ำกับแถวที่ 4 ในไฟล์นี้ (ชื่อเดียวกัน)"
    assert len(values) == 1 + 3


def test_template_workbook_is_read_back_by_the_importer():
    sheet = load_workbook(io.BytesIO(importing.template_workbook())).active
    header = [c.value for c in sheet[1]]
    assert header == importing.TEMPLATE_HEADERS
    found = match_columns(header)
    assert set(found) == {"seq", *importing.FIELD_LABELS}


def test_clean_date_reads_thai_digits_and_be_years():
    assert importing.clean_date("๑๓ มี.ค. ๒๕๖๓") == (date(2020, 3, 13), None)


# --- the shapes districts really send ---------------------------------------------------------


def _people(parsed):
    return [
        (
            r.sheet,
            r.row,
            r.data["kind"],
            f"{r.data['prefix']}{r.data['first_name']}",
            r.data["organisation_name"],
        )
        for r in parsed.rows
    ]


def test_rows_naming_a_person_are_persons_whatever_the_type_column_says():
    parsed = parse_workbook(shapes.district_workbook())
    assert _people(parsed) == [
        ("บวรนิเวศ", 4, "person", "นายสมชาย", "ชมรมผู้สูงอายุวัดบวร"),
        ("บวรนิเวศ", 5, "person", "นางมาลี", "ชมรมผู้สูงอายุวัดบวร"),
        ("บวรนิเวศ", 6, "person", "นางสาวกัลยา", "ชมรมผู้สูงอายุวัดบวร"),
        ("บวรนิเวศ", 7, "organisation", "", "ชมรมผู้สูงอายุวัดบวร"),  # the club's own row
        ("บวรนิเวศ", 8, "person", "นายสม ชาย", "ชมรมผู้สูงอายุวัดบวร"),
        ("บวรนิเวศ", 9, "person", "นายปรีชา", "กลุ่มอาสาสมัครป้องกันภัย"),
        # no organisation column on this row: the type names the group, kept as the affiliation
        ("ศาลเจ้าพ่อเสือ", 4, "person", "นายประเสริฐ", "กลุ่มอาสาสมัครสาธารณสุข"),
        ("ศาลเจ้าพ่อเสือ", 5, "person", "นายสมชาย", ""),
        ("ศาลเจ้าพ่อเสือ", 6, "person", "นางสุนีย์", "กลุ่มแม่บ้านศาลเจ้าพ่อเสือ"),
    ]


@pytest.mark.parametrize(
    ("name", "kind_text", "expected"),
    [
        ("ชมรมผู้สูงอายุวัดสุทัศน์", "", ("organisation", "ชมรมผู้สูงอายุวัดสุทัศน์", "")),
        ("บ้านมั่นคงพัฒนา", "องค์กรชุมชน", ("organisation", "บ้านมั่นคงพัฒนา", "")),
        ("สมชาย ใจดี", "องค์กรชุมชน", ("person", "องค์กรชุมชน", "สมชาย")),
        ("นายกลุ่ม ทองดี", "กลุ่ม", ("person", "กลุ่ม", "กลุ่ม")),  # a title: a person, whatever the name
    ],
)
def test_a_name_column_holding_an_organisation_makes_an_organisation_row(name, kind_text, expected):
    data = messy_workbook([[1, name, kind_text]], header=["ลำดับ", "ชื่อ-สกุล", "ประเภท"], title_rows=0)
    row = parse_workbook(data).rows[0]
    assert (row.data["kind"], row.data["organisation_name"], row.data["first_name"]) == expected


def test_two_row_header_joins_address_columns_and_sheet_names_give_the_subdistrict():
    parsed = parse_workbook(shapes.district_workbook())
    assert [(s.name, s.header_rows, s.subdistrict, s.rows, s.skipped) for s in parsed.sheets] == [
        ("บวรนิเวศ", (2, 3), "บวรนิเวศ", 6, ""),
        ("ศาลเจ้าพ่อเสือ", (2, 3), "ศาลเจ้าพ่อเสือ", 3, ""),
        ("สรุป", None, "", 0, "ไม่พบหัวตารางที่มีคอลัมน์ชื่อ"),
    ]
    first = parsed.rows[0].data
    assert (first["address"], first["subdistrict"], first["position"], first["national_id"]) == (
        "12 ถนนพระสุเมรุ",
        "บวรนิเวศ",
        "ประธาน",
        shapes.ID_SOMCHAI,
    )


def test_a_subdistrict_column_wins_over_the_sheet_name_and_one_plain_sheet_gives_none():
    assert {r.data["subdistrict"] for r in parse_workbook(shapes.csv_file()).rows} == {"บวรนิเวศ"}
    single = parse_workbook(messy_workbook())  # one sheet named "ประชาคม": not a แขวง
    assert {r.data["subdistrict"] for r in single.rows} == {""}
    named = messy_workbook()
    wb = load_workbook(io.BytesIO(named))
    wb.active.title = "แขวงวัดราชบพิธ"
    buffer = io.BytesIO()
    wb.save(buffer)
    assert {r.data["subdistrict"] for r in parse_workbook(buffer.getvalue()).rows} == {"วัดราชบพิธ"}


def test_legacy_xls_gives_the_same_people_as_the_xlsx():
    from_xls, from_xlsx = parse_workbook(shapes.legacy_xls()), parse_workbook(shapes.district_workbook())
    assert from_xls.format == "xls"
    assert [(r.data, r.status, r.problems) for r in from_xls.rows] == [
        (r.data, r.status, r.problems) for r in from_xlsx.rows
    ]


def test_a_section_row_names_the_community_of_the_rows_below_it():
    data = messy_workbook(
        [
            [None, "ชุมชนวัดสุทัศน์", None, None],
            [1, "นายหนึ่ง ดี", "0811111111", None],
            [None, "ชุมชนบ้านบาตร", None, None],
            [2, "นายสอง ดี", "0822222222", "ชุมชนที่เขียนไว้เอง"],
        ],
        header=["ลำดับ", "ชื่อ-สกุล", "โทรศัพท์", "ชุมชน"],
    )
    rows = parse_workbook(data).rows
    assert [(r.row, r.data["first_name"], r.data["community"]) for r in rows] == [
        (5, "หนึ่ง", "ชุมชนวัดสุทัศน์"),
        (7, "สอง", "ชุมชนที่เขียนไว้เอง"),
    ]


def test_a_saved_mapping_is_used_for_the_columns_it_names():
    data = messy_workbook([[1, "นายหนึ่ง ดี", "ประธานชุมชน"]], header=["ลำดับ", "ชื่อ-สกุล", "หมายเหตุ"])
    assert parse_workbook(data).rows[0].data["position"] == ""
    parsed = parse_workbook(data, saved_mapping={"หมายเหตุ": "position"})
    assert parsed.rows[0].data["position"] == "ประธานชุมชน"
    assert parsed.sheets[0].origins == ["guessed", "guessed", "saved"]
