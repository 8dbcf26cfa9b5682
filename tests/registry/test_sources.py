"""Opening the files districts send (registry/sources.py): .xlsx, legacy .xls, CSV; refusals in Thai."""

from __future__ import annotations

import codecs
import re

import pytest

from registry import importing, sources
from registry.importing import WorkbookRefused, parse_workbook
from tests.registry import shapes


def test_format_is_read_from_the_content_not_the_name():
    assert sources.open_source(shapes.district_workbook()).format == "xlsx"
    assert sources.open_source(shapes.legacy_xls()).format == "xls"
    assert sources.open_source(shapes.csv_file()).format == "csv"


def test_legacy_xls_keeps_its_sheets_merged_header_and_typed_cells():
    with sources.open_source(shapes.legacy_xls()) as source:
        assert [sheet.name for sheet in source.sheets] == ["บวรนิเวศ", "ศาลเจ้าพ่อเสือ"]
        sheet = source.sheets[0]
        rows = list(sheet.rows)
        # merges are 1-based (min_col, min_row, max_col, max_row), as openpyxl gives them
        assert (2, 2, 4, 2) in sheet.merges and (8, 2, 9, 2) in sheet.merges
        assert rows[1][1] == "ชื่อ-สกุล" and rows[2][1:4] == ["คำนำหน้า", "ชื่อ", "นามสกุล"]
        assert rows[3][0] == 1.0 and rows[3][9] == "081-111-1111"  # numbers stay numbers


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-8-sig", ","), ("utf-8", ","), ("cp874", ","), ("utf-8", "\t"), ("cp874", ";"), ("utf-16", "\t")],
)
def test_csv_as_thai_offices_save_it_is_read(encoding, delimiter):
    parsed = parse_workbook(shapes.csv_file(encoding, delimiter=delimiter))
    assert parsed.format == "csv"
    assert [
        (r.data["kind"], r.data["prefix"], r.data["first_name"], r.data["organisation_name"], r.status)
        for r in parsed.rows
    ] == [
        ("person", "นาย", "สมชาย", "ชมรมผู้สูงอายุวัดบวร", "ok"),
        ("person", "นาง", "มาลี", "ชมรมผู้สูงอายุวัดบวร", "possible"),
        ("person", "นางสาว", "กัลยา", "ชมรมผู้สูงอายุวัดบวร", "ok"),
        ("organisation", "", "", "ชมรมผู้สูงอายุวัดบวร", "ok"),
    ]
    assert parsed.rows[2].data["phone"] == "0892222222"


def test_csv_utf8_bom_is_not_part_of_the_first_header():
    data = shapes.csv_file("utf-8-sig")
    assert data.startswith(codecs.BOM_UTF8)
    assert sources.decode_text(data).startswith("ทะเบียนบัญชีประชาคม")


def test_csv_in_an_unknown_encoding_is_refused_in_thai():
    with pytest.raises(WorkbookRefused, match="อ่านตัวอักษรในไฟล์ CSV นี้ไม่ได้"):
        parse_workbook("ชื่อ,โทร\n".encode("cp874") + b"\xdb\xfc\xfd,0811111111\n")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (shapes.legacy_xls()[:3000], "ไฟล์ Excel รุ่นเก่า (.xls) นี้เสียหาย"),
        (sources.OLE2_SIGNATURE + b"\x00" * 2000, "เสียหาย หรือถูกตั้งรหัสผ่านไว้"),
        (sources.OLE2_SIGNATURE + b"\x00" * 100 + sources.ENCRYPTED_STREAM + b"\x00" * 100, "ถูกตั้งรหัสผ่านไว้"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "ไม่ใช่ไฟล์ Excel"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "ไม่ใช่ไฟล์ Excel"),
    ],
)
def test_unreadable_files_are_refused_in_thai(data, message):
    with pytest.raises(WorkbookRefused, match=re.escape(message)):
        parse_workbook(data)


@pytest.mark.parametrize("build", [shapes.legacy_xls, shapes.csv_file, shapes.district_workbook])
def test_every_format_has_the_same_row_limit(monkeypatch, build):
    monkeypatch.setattr(importing, "MAX_ROWS", 3)
    with pytest.raises(WorkbookRefused, match="ไฟล์มีข้อมูลเกิน 3 แถว"):
        parse_workbook(build())


@pytest.mark.parametrize("build", [shapes.legacy_xls, shapes.csv_file, shapes.district_workbook])
def test_every_format_has_the_same_size_limit(monkeypatch, build):
    data = build()
    monkeypatch.setattr(sources, "MAX_FILE_BYTES", len(data) - 1)
    with pytest.raises(WorkbookRefused, match="ไฟล์ใหญ่เกิน"):
        parse_workbook(data)
