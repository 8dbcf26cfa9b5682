"""Read a district's community registry from a messy Excel workbook, without writing anything.

Real files have title rows above the header, headers worded differently in every district, names
in one column or two, Thai digits, BE years, blank rows, merged cells and the same person twice.
This module checks the file is a safe .xlsx, finds the header row and its columns by meaning, and
returns each row cleaned, with its problems in Thai. Writing is the services' job.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from openpyxl import load_workbook
from openpyxl.utils.cell import range_boundaries

from bangkok_network.excel import Sheet, WorkbookInfo, workbook_bytes
from bangkok_network.models import BE_OFFSET
from bangkok_network.thai import (
    NAME_PREFIXES,
    ThaiDateError,
    arabic_digit_text,
    normalise_text,
    parse_be_date,
)
from registry import text
from registry.models import MemberKind

MAX_FILE_BYTES = 15 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 300 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
MAX_ZIP_ENTRIES = 2000
MAX_ROWS = 60_000
HEADER_SEARCH_ROWS = 15
OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_SIGNATURE = b"PK\x03\x04"

# Columns and the headers districts use for them, folded (no spaces/punctuation). Exact matches
# win; otherwise a header containing one of the `contains` words is taken, in this order.
COLUMNS: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = [
    ("seq", ("ลำดับ", "ลำดับที่", "ที่", "no", "เลขที่"), ()),
    ("full_name", ("ชื่อสกุล", "ชื่อนามสกุล", "ชื่อและนามสกุล", "ชื่อและสกุล", "ชื่อตัวชื่อสกุล", "name"), ()),
    ("prefix", ("คำนำหน้า", "คำนำหน้าชื่อ", "คำนำ"), ("คำนำหน้า",)),
    ("first_name", ("ชื่อ", "ชื่อตัว", "firstname"), ()),
    ("last_name", ("นามสกุล", "สกุล", "lastname", "surname"), ()),
    (
        "organisation_name",
        ("ชื่อองค์กร", "องค์กร", "หน่วยงาน", "ชื่อกลุ่ม", "กลุ่มองค์กร", "ชื่อองค์กรกลุ่ม", "ชื่อองค์กรกลุ่มชุมชน", "ชื่อกลุ่มองค์กร"),
        ("องค์กร",),
    ),
    ("kind", ("ประเภท", "ประเภทสมาชิก", "บุคคลองค์กร"), ("ประเภท",)),
    (
        "national_id",
        ("เลขประจำตัวประชาชน", "เลขบัตรประชาชน", "เลขบัตรประจำตัวประชาชน"),
        ("บัตรประ", "ประจำตัวประชาชน"),
    ),
    (
        "phone",
        ("เบอร์โทร", "เบอร์โทรศัพท์", "โทรศัพท์", "หมายเลขโทรศัพท์", "โทร", "มือถือ", "เบอร์ติดต่อ", "phone", "tel"),
        ("โทร", "มือถือ"),
    ),
    ("email", ("อีเมล", "อีเมล์", "email", "e-mail", "mail"), ("อีเมล", "mail")),
    ("subdistrict", ("แขวง",), ("แขวง",)),
    ("community", ("ชุมชน", "ชื่อชุมชน"), ("ชุมชน",)),
    ("address", ("ที่อยู่", "ที่อยู่ที่ติดต่อได้", "ที่อยู่ปัจจุบัน", "address"), ("ที่อยู่",)),
    ("interest", ("ด้านที่สนใจ", "ความสนใจ", "ประเด็นที่สนใจ", "ด้าน", "ความเชี่ยวชาญ"), ("สนใจ", "ความเชี่ยวชาญ")),
    ("occupation", ("อาชีพ",), ("อาชีพ",)),
    ("position", ("ตำแหน่ง", "บทบาท", "ตำแหน่งในชุมชน"), ("ตำแหน่ง", "บทบาท")),
    ("registered_on", ("วันที่ขึ้นทะเบียน", "วันที่สมัคร", "วันที่"), ("วันที่",)),
]
FIELD_LABELS = {
    "prefix": "คำนำหน้า",
    "first_name": "ชื่อ",
    "last_name": "นามสกุล",
    "organisation_name": "ชื่อองค์กร/กลุ่มชุมชน",
    "kind": "ประเภท",
    "interest": "ด้านที่สนใจ",
    "community": "ชุมชน",
    "subdistrict": "แขวง",
    "occupation": "อาชีพ",
    "position": "ตำแหน่ง/บทบาท",
    "phone": "เบอร์โทรศัพท์",
    "email": "อีเมล",
    "address": "ที่อยู่",
    "national_id": "เลขประจำตัวประชาชน",
    "registered_on": "วันที่ขึ้นทะเบียน",
}
TEMPLATE_HEADERS = ["ลำดับ", *FIELD_LABELS.values()]
MAX_LENGTHS = {
    "prefix": 50,
    "first_name": 150,
    "last_name": 150,
    "organisation_name": 300,
    "interest": 200,
    "community": 200,
    "subdistrict": 100,
    "occupation": 200,
    "position": 200,
    "email": 254,
}
ORGANISATION_WORDS = ("องค์กร", "กลุ่ม", "ชมรม", "มูลนิธิ", "สมาคม", "organisation")

_PUNCT = re.compile(r"[\s\-_./()\[\]:*#]+")


class WorkbookRefused(Exception):
    """The file cannot be read safely as a workbook; the message is Thai and is shown as is."""


@dataclass
class ParsedRow:
    row: int
    data: dict[str, Any]
    raw: list[str]
    problems: list[str] = field(default_factory=list)
    status: str = "ok"  # ok | duplicate | rejected

    def as_json(self) -> dict:
        return {
            "row": self.row,
            "data": self.data,
            "raw": self.raw,
            "problems": self.problems,
            "status": self.status,
        }


@dataclass
class ParsedWorkbook:
    headers: list[str]
    columns: dict[str, int]
    rows: list[ParsedRow]

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)


# --- the file itself -------------------------------------------------------------------------


def check_workbook_bytes(data: bytes) -> None:
    """Refuse what is not a plain .xlsx: other files, password-protected, huge, or a zip bomb."""
    if not data:
        raise WorkbookRefused("ไฟล์ว่างเปล่า กรุณาเลือกไฟล์ Excel (.xlsx)")
    if len(data) > MAX_FILE_BYTES:
        raise WorkbookRefused(f"ไฟล์ใหญ่เกิน {MAX_FILE_BYTES // (1024 * 1024)} MB กรุณาแบ่งไฟล์แล้วนำเข้าทีละส่วน")
    if data.startswith(OLE2_SIGNATURE):
        raise WorkbookRefused(
            "ไฟล์นี้ถูกตั้งรหัสผ่านไว้ หรือเป็นไฟล์ Excel รุ่นเก่า (.xls) กรุณาเอารหัสผ่านออกและบันทึกเป็น .xlsx แล้วนำเข้าอีกครั้ง"
        )
    if not data.startswith(ZIP_SIGNATURE):
        raise WorkbookRefused("ไฟล์นี้ไม่ใช่ไฟล์ Excel (.xlsx) กรุณาบันทึกเป็น Excel Workbook (.xlsx) แล้วนำเข้าอีกครั้ง")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise WorkbookRefused("ไฟล์ Excel เสียหาย เปิดอ่านไม่ได้ กรุณาบันทึกไฟล์ใหม่แล้วนำเข้าอีกครั้ง") from exc
    if len(entries) > MAX_ZIP_ENTRIES:
        raise WorkbookRefused("ไฟล์มีส่วนประกอบมากผิดปกติ ระบบไม่เปิดไฟล์นี้เพื่อความปลอดภัย")
    total = sum(entry.file_size for entry in entries)
    worst_ratio = max((e.file_size / max(e.compress_size, 1) for e in entries), default=0)
    if total > MAX_UNCOMPRESSED_BYTES or worst_ratio > MAX_COMPRESSION_RATIO:
        raise WorkbookRefused("ไฟล์ขยายตัวผิดปกติเมื่อเปิด (อาจเป็น zip bomb) ระบบไม่เปิดไฟล์นี้เพื่อความปลอดภัย")
    if "xl/workbook.xml" not in {e.filename for e in entries}:
        raise WorkbookRefused("ไฟล์นี้ไม่ใช่ไฟล์ Excel (.xlsx) กรุณาบันทึกเป็น Excel Workbook (.xlsx) แล้วนำเข้าอีกครั้ง")


def _merged_ranges(data: bytes, sheet_path: str) -> list[tuple[int, int, int, int]]:
    """Read the sheet's merged ranges (read-only mode does not expose them)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            xml = archive.read(sheet_path.lstrip("/")).decode("utf-8", "replace")
    except KeyError:
        return []
    return [range_boundaries(ref) for ref in re.findall(r'<mergeCell\s+ref="([A-Z]+\d+:[A-Z]+\d+)"', xml)]


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.isoformat()[:10]
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return normalise_text(str(value))


def _fold_header(value: Any) -> str:
    return _PUNCT.sub("", text.fold(_cell_text(value))).lower()


def match_columns(header: list[Any]) -> dict[str, int]:
    """Map field → column index for a header row, by meaning."""
    folded = [_fold_header(h) for h in header]
    found: dict[str, int] = {}
    for name, exact, _contains in COLUMNS:
        for index, h in enumerate(folded):
            if h and h in exact and index not in found.values():
                found.setdefault(name, index)
    for name, _exact, contains in COLUMNS:
        if name in found:
            continue
        for index, h in enumerate(folded):
            if h and index not in found.values() and any(word in h for word in contains):
                found[name] = index
                break
    return found


def _header_score(columns: dict[str, int]) -> int:
    has_name = any(k in columns for k in ("full_name", "first_name", "organisation_name"))
    return len(columns) if has_name else 0


def parse_workbook(data: bytes) -> ParsedWorkbook:
    """Check and read the first sheet whose header names a person or organisation."""
    check_workbook_bytes(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for broken files
        raise WorkbookRefused("ไฟล์ Excel เสียหาย เปิดอ่านไม่ได้ กรุณาบันทึกไฟล์ใหม่แล้วนำเข้าอีกครั้ง") from exc
    try:
        for sheet in workbook.worksheets:
            parsed = _parse_sheet(sheet, data)
            if parsed is not None:
                return parsed
    finally:
        workbook.close()
    raise WorkbookRefused(
        "ไม่พบแถวหัวตารางที่มีคอลัมน์ชื่อ-สกุล หรือชื่อองค์กร ในไฟล์นี้ กรุณาตรวจสอบหัวตาราง หรือดาวน์โหลดแบบฟอร์มเปล่าไปใช้"
    )


def _parse_sheet(sheet, data: bytes) -> ParsedWorkbook | None:
    rows = sheet.iter_rows(values_only=True)
    header_index, header, columns, best = None, [], {}, 0
    buffered: list[tuple] = []
    for index, values in enumerate(rows, start=1):
        buffered.append(values)
        if index > HEADER_SEARCH_ROWS:
            break
        found = match_columns(list(values))
        if _header_score(found) > best:
            header_index, header, columns, best = index, list(values), found, _header_score(found)
    if header_index is None:
        return None
    # A cell merged down over several rows (a community written once for its people) counts for
    # every row it covers; horizontal merges are left alone so names do not spill into columns.
    fill: dict[tuple[int, int], tuple[int, int]] = {}
    for min_col, min_row, _max_col, max_row in _merged_ranges(data, getattr(sheet, "_worksheet_path", "")):
        for r in range(min_row + 1, max_row + 1):
            fill[(r, min_col)] = (min_row, min_col)
    anchors = set(fill.values())
    anchor_values: dict[tuple[int, int], Any] = {}
    parsed_rows: list[ParsedRow] = []

    def all_rows():
        yield from enumerate(buffered, start=1)
        yield from enumerate(rows, start=len(buffered) + 1)

    for number, values in all_rows():
        values = list(values)
        for col, value in enumerate(values, start=1):
            if (number, col) in anchors:
                anchor_values[(number, col)] = value
            elif value is None and (number, col) in fill:
                values[col - 1] = anchor_values.get(fill[(number, col)])
        if number <= header_index:
            continue
        if number - header_index > MAX_ROWS:
            raise WorkbookRefused(f"ไฟล์มีข้อมูลเกิน {MAX_ROWS:,} แถว กรุณาแบ่งไฟล์แล้วนำเข้าทีละส่วน")
        raw = [_cell_text(v) for v in values]
        if not any(v for i, v in enumerate(raw) if i != columns.get("seq")):
            continue  # blank rows (perhaps with a pre-filled number) are skipped, not reported
        parsed_rows.append(clean_row(number, values, columns, raw))
    headers = [_cell_text(h) for h in header]
    mark_duplicates_in_file(parsed_rows)
    return ParsedWorkbook(headers=headers, columns=columns, rows=parsed_rows)


# --- one row ---------------------------------------------------------------------------------


def _split_prefix(name: str) -> tuple[str, str]:
    for prefix in sorted(NAME_PREFIXES, key=len, reverse=True):
        if name.startswith(prefix):
            return prefix, name[len(prefix) :].strip()
    return "", name


def clean_phone(value: Any) -> tuple[str, str | None]:
    """Return the phone as digits (a lost leading 0 restored) and a problem, if any."""
    if value is None or value == "":
        return "", None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    raw = _cell_text(value)
    # Several numbers in one cell ("081-234-5678, 02-123-4567"): the first one is kept.
    first = next((part for part in re.split(r"[,;/]|หรือ", raw) if text.phone_digits(part)), raw)
    digits = text.phone_digits(first)
    if isinstance(value, int) and len(digits) in (8, 9) and not digits.startswith("0"):
        digits = "0" + digits  # Excel dropped the leading zero of a number cell
    if len(digits) == 10 and digits[:2] in ("06", "08", "09") or len(digits) == 9 and digits.startswith("0"):
        return digits, None
    return "", f"เบอร์โทรศัพท์ “{raw}” ไม่ถูกต้อง (ต้องเป็นตัวเลข 9–10 หลัก ขึ้นต้นด้วย 0)"


def national_id_is_valid(digits: str) -> bool:
    if len(digits) != 13 or not digits.isdigit():
        return False
    total = sum(int(digits[i]) * (13 - i) for i in range(12))
    return (11 - total % 11) % 10 == int(digits[12])


def clean_date(value: Any) -> tuple[date | None, str | None]:
    if value in (None, ""):
        return None, None
    if isinstance(value, datetime | date):
        day = value.date() if isinstance(value, datetime) else value
        if day.year > 2400:  # a BE year typed into a date cell
            day = day.replace(year=day.year - BE_OFFSET)
        return day, None
    try:
        return parse_be_date(_cell_text(value)), None
    except ThaiDateError as exc:
        return None, str(exc)


def clean_row(number: int, values: list[Any], columns: dict[str, int], raw: list[str]) -> ParsedRow:
    def get(name: str) -> Any:
        index = columns.get(name)
        return values[index] if index is not None and index < len(values) else None

    def get_text(name: str) -> str:  # raw holds each cell already as normalised text
        index = columns.get(name)
        return raw[index] if index is not None and index < len(raw) else ""

    data: dict[str, Any] = {
        name: get_text(name) for name in FIELD_LABELS if name not in ("phone", "registered_on")
    }
    problems: list[str] = []
    full = get_text("full_name")
    if full and not data["first_name"]:
        prefix, rest = _split_prefix(full)
        parts = rest.split(" ", 1)
        data["prefix"] = data["prefix"] or prefix
        data["first_name"], data["last_name"] = parts[0], parts[1] if len(parts) > 1 else ""
    elif data["first_name"] and not data["prefix"]:
        data["prefix"], data["first_name"] = _split_prefix(data["first_name"])
    kind_text = data.pop("kind")
    is_org = any(w in kind_text for w in ORGANISATION_WORDS) or (
        data["organisation_name"] and not data["first_name"]
    )
    data["kind"] = MemberKind.ORGANISATION.value if is_org else MemberKind.PERSON.value
    if not data["first_name"] and not data["organisation_name"]:
        problems.append("ไม่มีชื่อ-นามสกุล หรือชื่อองค์กร")
    elif data["kind"] == MemberKind.PERSON and not data["last_name"]:
        problems.append("ไม่มีนามสกุล")
    data["phone"], problem = clean_phone(get("phone"))
    if problem:
        problems.append(problem)
    if data["email"]:
        data["email"] = data["email"].lower()
        try:
            validate_email(data["email"])
        except ValidationError:
            problems.append(f"อีเมล “{data['email']}” ไม่ถูกต้อง")
    if data["national_id"]:
        digits = text.phone_digits(data["national_id"])
        if not national_id_is_valid(digits):
            problems.append("เลขประจำตัวประชาชนไม่ถูกต้อง (ต้องมี 13 หลักและเลขตรวจสอบถูกต้อง)")
        data["national_id"] = digits
    registered_on, problem = clean_date(get("registered_on"))
    data["registered_on"] = registered_on.isoformat() if registered_on else ""
    if problem:
        problems.append(f"วันที่ขึ้นทะเบียน: {problem}")
    for name, limit in MAX_LENGTHS.items():
        if len(data.get(name, "")) > limit:
            problems.append(f"{FIELD_LABELS[name]} ยาวเกิน {limit} ตัวอักษร")
    if len(data["address"]) > 1000:
        problems.append("ที่อยู่ยาวเกิน 1,000 ตัวอักษร")
    row = ParsedRow(
        row=number, data=data, raw=raw, problems=problems, status="rejected" if problems else "ok"
    )
    return row


def row_keys(data: dict) -> tuple[str, str]:
    """Return the folded name and phone a row is compared on for duplicates."""
    name = text.name_text(
        kind=data["kind"],
        prefix=data.get("prefix", ""),
        first_name=data.get("first_name", ""),
        last_name=data.get("last_name", ""),
        organisation_name=data.get("organisation_name", ""),
    )
    name_key = text.fold(name) if data["kind"] == MemberKind.ORGANISATION else text.fold_name(name)
    return name_key, text.phone_digits(data.get("phone", ""))


def mark_duplicates_in_file(rows: list[ParsedRow]) -> None:
    """Flag a row whose name (or phone) an earlier good row of the file already has."""
    first_by_key: dict[tuple[str, str], int] = {}
    for row in rows:
        if row.status != "ok":
            continue
        name_key, phone_key = row_keys(row.data)
        for key in (("n", name_key), ("p", phone_key)):
            if key[1] and key in first_by_key:
                row.status = "duplicate"
                row.problems.append(f"ซ้ำกับแถวที่ {first_by_key[key]} ในไฟล์นี้")
                break
        else:
            for key in (("n", name_key), ("p", phone_key)):
                if key[1]:
                    first_by_key[key] = row.row


def mark_duplicates_in_registry(rows: list[ParsedRow], existing: set[tuple[str, str]]) -> None:
    """Flag good rows already in the district's registry; `existing` holds ("n"|"p", key) pairs."""
    for row in rows:
        if row.status != "ok":
            continue
        name_key, phone_key = row_keys(row.data)
        if ("n", name_key) in existing or (phone_key and ("p", phone_key) in existing):
            row.status = "duplicate"
            row.problems.append("มีอยู่แล้วในทะเบียนบัญชีประชาคมเขตนี้")


# --- workbooks we write ----------------------------------------------------------------------


def template_workbook() -> bytes:
    """Return a blank community-registry workbook with the headers the importer knows."""
    title = "ทะเบียนบัญชีประชาคมเขต"
    # Phone and ID columns are text, so a number typed there keeps its leading 0.
    text_columns = frozenset(TEMPLATE_HEADERS.index(FIELD_LABELS[key]) for key in ("phone", "national_id"))
    sheet = Sheet(title, TEMPLATE_HEADERS, [], widths=[18] * len(TEMPLATE_HEADERS), text_columns=text_columns)
    info = WorkbookInfo(title=f"แบบ{title}", subject="แบบสำหรับนำเข้าทะเบียนบัญชีประชาคมเขต")
    return workbook_bytes([sheet], info)


def rejected_workbook(headers: list[str], rows: list[dict]) -> bytes:
    """Return the rows that were not imported, as they were typed, with an error column."""
    sheet = Sheet(
        "แถวที่นำเข้าไม่ได้",
        ["แถวในไฟล์เดิม", *headers, "ข้อผิดพลาด"],
        ([row["row"], *row["raw"], "; ".join(row["problems"])] for row in rows),
        widths=[12, *[18] * len(headers), 40],
    )
    # Digits stay as typed (thai_digits=None): the person fixes these rows and imports them again.
    return workbook_bytes([sheet], WorkbookInfo(title="แถวที่นำเข้าทะเบียนบัญชีประชาคมเขตไม่ได้"))


def digits_only(value: str) -> str:
    return re.sub(r"\D", "", arabic_digit_text(value or ""))
