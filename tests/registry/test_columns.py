"""Finding a sheet's header and its columns (registry/columns.py): one row or two, remembered mappings."""

from __future__ import annotations

from registry import columns
from registry.columns import apply_mapping, check_fields, find_header


def test_header_over_two_rows_gives_each_sub_heading_its_field():
    rows = [
        ["ทะเบียนบัญชีประชาคมเขต"],
        ["ลำดับ", "ชื่อ-สกุล", None, None, "ที่อยู่", None, None, "โทรศัพท์"],
        [None, "คำนำหน้า", "ชื่อ", "นามสกุล", "เลขที่", "ถนน", "แขวง", None],
        [1, "นาย", "สมชาย", "ใจดี", "12", "พระสุเมรุ", "บวรนิเวศ", "0811111111"],
    ]
    header = find_header(rows)  # no merges (a CSV): a heading covers the sub-headings after it
    assert (header.first_row, header.last_row) == (2, 3)
    assert header.fields == [
        "seq",
        "prefix",
        "first_name",
        "last_name",
        "address",  # "เลขที่" under "ที่อยู่" is the house number, not the row number
        "address",
        "subdistrict",
        "phone",
    ]
    assert header.labels[1] == "ชื่อ-สกุล / คำนำหน้า" and header.labels[4] == "ที่อยู่ / เลขที่"


def test_a_data_row_under_a_one_row_header_is_not_taken_for_a_second_header_row():
    rows = [
        ["ลำดับ", "ชื่อ-สกุล", "ชุมชน"],
        ["1", "นายสมชาย ใจดี", "ชุมชนบ้านพานถม"],  # a CSV: every cell is text
    ]
    header = find_header(rows)
    assert (header.first_row, header.last_row, header.fields) == (1, 1, ["seq", "full_name", "community"])


def test_exact_headers_win_over_headers_that_contain_a_word():
    assert columns.match_columns(["ชื่อองค์กร", "ชื่อ", "สกุล", "สังกัด"]) == {
        "organisation_name": 0,
        "first_name": 1,
        "last_name": 2,
    }


def test_a_mapping_a_person_chose_wins_and_is_not_guessed_twice():
    header = find_header([["ชื่อ-สกุล", "เบอร์", "โทรศัพท์บ้าน", "หมายเหตุ"]])
    assert header.fields == ["full_name", "", "phone", ""]
    fixed = apply_mapping(header, saved={"หมายเหตุ": "position"}, edited={"เบอร์": "phone"})
    assert fixed.fields == ["full_name", "phone", "", "position"]
    assert fixed.origins == ["guessed", "edited", "guessed", "saved"]


def test_a_mapping_needs_a_name_and_one_column_per_field():
    assert check_fields(["phone", "email"]) == "ต้องมีคอลัมน์ชื่อ-สกุล ชื่อ หรือชื่อองค์กรอย่างน้อยหนึ่งคอลัมน์"
    assert check_fields(["full_name", "phone", "phone"]) == (
        "เลือก “เบอร์โทรศัพท์” ให้มากกว่าหนึ่งคอลัมน์ กรุณาเลือกให้เหลือคอลัมน์เดียว"
    )
    assert check_fields(["full_name", "address", "address"]) is None
