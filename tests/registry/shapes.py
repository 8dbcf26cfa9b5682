"""Community registries in the shapes districts really send: built here, byte for byte, for tests.

- one workbook with a sheet per แขวง, a title above a header over two rows ("ชื่อ-สกุล" over
  "คำนำหน้า | ชื่อ | นามสกุล", "ที่อยู่" over "เลขที่ | ถนน"), a type column that says
  องค์กรชุมชน/ชมรม/กลุ่ม… on rows that name a person, an organisation's own row, a family sharing a
  phone, a summary sheet with no header;
- the same people as a legacy .xls (Excel 97–2003, written with xlwt, merged header cells);
- CSV files as Excel saves them: UTF-8 with a BOM, UTF-8 without, and TIS-620 (cp874).
"""

from __future__ import annotations

import codecs
import csv
import io

from openpyxl import Workbook

THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
# Two valid 13-digit ID numbers (checksums right) for two different people named the same.
ID_SOMCHAI = "1101700230708"
ID_OTHER_SOMCHAI = "3100600123450"

TOP = [
    "ลำดับ",
    "ชื่อ-สกุล",
    None,
    None,
    "ประเภท",
    "ชื่อองค์กร/กลุ่ม",
    "ตำแหน่ง",
    "ที่อยู่",
    None,
    "โทรศัพท์",
    "เลขประจำตัวประชาชน",
]
BOTTOM = [None, "คำนำหน้า", "ชื่อ", "นามสกุล", None, None, None, "เลขที่", "ถนน", None, None]

# Sheet "บวรนิเวศ": the members of one elderly club, the club itself, a family phone, a repeat.
BOWON = [
    [
        1,
        "นาย",
        "สมชาย",
        "ใจดี",
        "องค์กรชุมชน",
        "ชมรมผู้สูงอายุวัดบวร",
        "ประธาน",
        "12",
        "พระสุเมรุ",
        "081-111-1111",
        ID_SOMCHAI,
    ],
    [2, "นาง", "มาลี", "ใจดี", "องค์กรชุมชน", "ชมรมผู้สูงอายุวัดบวร", "เหรัญญิก", "12", "พระสุเมรุ", "081-111-1111", None],
    [3, "นางสาว", "กัลยา", "ศรีสุข", "ชมรม", "ชมรมผู้สูงอายุวัดบวร", "สมาชิก", "30", "ตะนาว", "0892222222", None],
    [4, None, None, None, "ชมรม", "ชมรมผู้สูงอายุวัดบวร", None, "1", "พระสุเมรุ", "022811111", None],
    [5, "นาย", "สม ชาย", "ใจดี", "องค์กรชุมชน", "ชมรมผู้สูงอายุวัดบวร", "ประธาน", None, None, None, None],
    [6, "นาย", "ปรีชา", "ขยัน", "กลุ่ม", "กลุ่มอาสาสมัครป้องกันภัย", "สมาชิก", None, None, "12", None],
]
# Sheet "ศาลเจ้าพ่อเสือ": a volunteer named only by the type, another Somchai (a different ID).
SAO_CHING_CHA = [
    [1, "นาย", "ประเสริฐ", "มั่นคง", "กลุ่มอาสาสมัครสาธารณสุข", None, "อสส.", "5", "ตะนาว", "๐๘๓-๓๓๓-๓๓๓๓", None],
    [2, "นาย", "สมชาย", "ใจดี", "บุคคล", None, None, "99", "ดินสอ", "0844444444", ID_OTHER_SOMCHAI],
    [
        3,
        "นาง",
        "สุนีย์",
        "แสงทอง",
        "องค์กรชุมชน",
        "กลุ่มแม่บ้านศาลเจ้าพ่อเสือ",
        "ประธาน",
        "7",
        "ดินสอ",
        "0855555555",
        None,
    ],
]
SHEETS = {"บวรนิเวศ": BOWON, "ศาลเจ้าพ่อเสือ": SAO_CHING_CHA}
# What a person reading the two sheets says: 8 people and organisations to import (one of them
# sharing a phone with the person above), 1 repeat (บวรนิเวศ row 5 = row 1), 1 bad phone.
EXPECTED = {"imported": 7, "possible": 1, "duplicate": 1, "rejected": 1}


def district_workbook(sheets: dict[str, list[list]] | None = None, *, summary: bool = True) -> bytes:
    """Build the xlsx: a sheet per แขวง with a title, a merged two-row header, then the rows."""
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in (sheets or SHEETS).items():
        ws = wb.create_sheet(name)
        ws.append([f"ทะเบียนบัญชีประชาคมเขตพระนคร แขวง{name} ปีงบประมาณ ๒๕๖๓"])
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(TOP))
        ws.append(TOP)
        ws.append(BOTTOM)
        ws.merge_cells("B2:D2")  # ชื่อ-สกุล over three columns
        ws.merge_cells("H2:I2")  # ที่อยู่ over two
        for col in ("A", "E", "F", "G", "J", "K"):
            ws.merge_cells(f"{col}2:{col}3")  # single headings span both header rows
        for row in rows:
            ws.append(list(row))
    if summary:
        ws = wb.create_sheet("สรุป")
        ws.append(["สรุปจำนวนสมาชิกแยกตามแขวง"])
        ws.append(["บวรนิเวศ", len(BOWON)])
        ws.append(["ศาลเจ้าพ่อเสือ", len(SAO_CHING_CHA)])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def legacy_xls(sheets: dict[str, list[list]] | None = None) -> bytes:
    """Build the same registry as an Excel 97–2003 file (.xls), merged header cells and all."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    for name, rows in (sheets or SHEETS).items():
        sheet = book.add_sheet(name)
        sheet.write_merge(0, 0, 0, len(TOP) - 1, f"ทะเบียนบัญชีประชาคมเขตพระนคร แขวง{name}")
        for col, value in enumerate(TOP):
            if value and col not in (1, 7):
                sheet.write_merge(1, 2, col, col, value)
        sheet.write_merge(1, 1, 1, 3, "ชื่อ-สกุล")
        sheet.write_merge(1, 1, 7, 8, "ที่อยู่")
        for col, value in enumerate(BOTTOM):
            if value:
                sheet.write(2, col, value)
        for r, row in enumerate(rows, start=3):
            for c, value in enumerate(row):
                if value is not None:
                    sheet.write(r, c, value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


CSV_HEADER = ["ลำดับ", "ชื่อ - สกุล", "ประเภท", "ชื่อองค์กร", "แขวง", "เบอร์โทร"]
CSV_ROWS = [
    [1, "นายสมชาย ใจดี", "องค์กรชุมชน", "ชมรมผู้สูงอายุวัดบวร", "บวรนิเวศ", "0811111111"],
    [2, "นางมาลี ใจดี", "องค์กรชุมชน", "ชมรมผู้สูงอายุวัดบวร", "บวรนิเวศ", "0811111111"],
    [3, "นางสาวกัลยา ศรีสุข", "ชมรม", "ชมรมผู้สูงอายุวัดบวร", "บวรนิเวศ", "๐๘๙-๒๒๒-๒๒๒๒"],
    [4, "ชมรมผู้สูงอายุวัดบวร", "ชมรม", "", "บวรนิเวศ", "022811111"],
]


def csv_file(encoding: str = "utf-8-sig", *, delimiter: str = ",") -> bytes:
    """Build a CSV as Excel saves one: "CSV UTF-8" (with a BOM), plain UTF-8, or Thai Windows."""
    text = io.StringIO()
    writer = csv.writer(text, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(["ทะเบียนบัญชีประชาคมเขตพระนคร"])
    writer.writerow(CSV_HEADER)
    writer.writerows(CSV_ROWS)
    data = text.getvalue().encode(encoding)
    if encoding == "utf-8-sig":
        assert data.startswith(codecs.BOM_UTF8)
    return data
