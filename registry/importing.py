"""Read a district's community registry as districts really send it, without writing anything.

Real files come as .xlsx, legacy .xls or CSV (UTF-8 or Thai Windows), often one sheet per แขวง,
with title rows above a header of one or two rows worded differently in every district, names in
one column or two, persons listed with the organisation they represent, Thai digits, BE years,
blank rows, merged cells and the same person twice. registry.sources opens the file safely,
registry.columns finds each sheet's header and columns; this module cleans each row (problems in
Thai), decides person or organisation by what the row holds, and applies the one duplicate rule
(registry.duplicates) within the file and against the district's registry. Writing is the
services' job.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from bangkok_network.excel import Sheet, WorkbookInfo, workbook_bytes
from bangkok_network.models import ce_year
from bangkok_network.thai import (
    NAME_PREFIXES,
    ThaiDateError,
    arabic_digit_text,
    parse_be_date,
)
from registry import columns as cols
from registry import duplicates, sources, text
from registry.columns import COLUMNS, cell_text, match_columns  # noqa: F401  (the importer's API)
from registry.models import ImportMode, MemberKind
from registry.sources import (  # noqa: F401  (the importer's API)
    MAX_FILE_BYTES,
    OLE2_SIGNATURE,
    WorkbookRefused,
    check_workbook_bytes,
)

MAX_ROWS = 60_000
HEADER_SEARCH_ROWS = cols.HEADER_SEARCH_ROWS

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
# The template's example row is marked in its ลำดับ cell; the importer skips a row marked so, and
# the template's instructions sheet, whatever else they hold.
EXAMPLE_MARK = "ตัวอย่าง"
INSTRUCTIONS_SHEET = "คำอธิบาย"
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
# Words a type column uses for an organisation or group, and that begin an organisation's name.
ORGANISATION_WORDS = ("องค์กร", "กลุ่ม", "ชมรม", "มูลนิธิ", "สมาคม", "เครือข่าย", "สหกรณ์", "organisation")
ORGANISATION_NAME_STARTS = (*ORGANISATION_WORDS, "คณะกรรมการ", "ศูนย์", "สภา", "อาสาสมัคร", "อสม")
# Fields a re-import may change on a person already in the registry (kind and keys never).
UPDATABLE_FIELDS = (
    "prefix",
    "first_name",
    "last_name",
    "organisation_name",
    "interest",
    "community",
    "subdistrict",
    "occupation",
    "position",
    "phone",
    "email",
    "address",
    "national_id",
    "registered_on",
)
_FOLDED_COMPARE = ("first_name", "last_name", "organisation_name")
_SHEET_DEFAULT_NAME = re.compile(r"^(sheet|แผ่นงาน|ชีต|ชีท|csv)\s*\d*$", re.IGNORECASE)
_ADDRESS_LABELS = ("หมู่ที่", "หมู่", "ซอย", "ตรอก", "ถนน", "อาคาร", "หมู่บ้าน")

# Row statuses: what confirming does with the row.
OK = "ok"  # a new person: imported
POSSIBLE = "possible"  # imported, flagged: the same phone as another row or person
UPDATE = "update"  # a person already in the registry: their details change (update/fill modes)
DUPLICATE = "duplicate"  # the same person as an earlier row or a registry row: not imported
REJECTED = "rejected"  # cannot be imported as typed
IMPORTED_STATUSES = (OK, POSSIBLE)
# What a person decided about a flagged row in the preview.
DECIDE_IMPORT = "import"  # นำเข้าแถวนี้: a different person after all
DECIDE_SKIP = "skip"  # ไม่นำเข้าแถวนี้: the same person after all


@dataclass
class ParsedRow:
    row: int
    data: dict[str, Any]
    raw: list[str]
    problems: list[str] = field(default_factory=list)
    status: str = OK
    sheet: str = ""
    id: int = 0
    errors: list[str] = field(default_factory=list)  # problems of the row itself (rejection)
    match: dict[str, Any] | None = None  # the earlier row or registry person it duplicates, and why
    changes: list[dict[str, str]] = field(default_factory=list)  # field, label, old, new
    decision: str = ""

    def as_json(self) -> dict:
        return {
            "row": self.row,
            "data": self.data,
            "raw": self.raw,
            "problems": self.problems,
            "status": self.status,
            "sheet": self.sheet,
            "id": self.id,
            "errors": self.errors,
            "match": self.match,
            "changes": self.changes,
            "decision": self.decision,
        }

    @classmethod
    def from_json(cls, data: dict) -> ParsedRow:
        known = {name: data[name] for name in cls.__dataclass_fields__ if name in data}
        row = cls(**known)
        if "errors" not in data:  # kept before errors had their own list
            row.errors = list(row.problems) if row.status == REJECTED else []
        return row


@dataclass
class ParsedSheet:
    """What the importer made of one sheet: its header, its columns, and where its แขวง comes from."""

    name: str
    header_rows: tuple[int, int] | None
    labels: list[str]
    keys: list[str]
    fields: list[str]
    origins: list[str]
    subdistrict: str  # the sheet's name as the แขวง when no column says it
    rows: int = 0
    skipped: str = ""  # why a sheet was left out (no header)

    def as_json(self) -> dict:
        return {
            "name": self.name,
            "header_rows": list(self.header_rows) if self.header_rows else None,
            "labels": self.labels,
            "keys": self.keys,
            "fields": self.fields,
            "origins": self.origins,
            "subdistrict": self.subdistrict,
            "rows": self.rows,
            "skipped": self.skipped,
        }


@dataclass
class ParsedWorkbook:
    headers: list[str]
    columns: dict[str, int]
    rows: list[ParsedRow]
    sheets: list[ParsedSheet] = field(default_factory=list)
    format: str = sources.XLSX

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)


# --- the file ----------------------------------------------------------------------------------


def _sheet_subdistrict(name: str, *, data_sheets: int) -> str:
    """Return the แขวง a sheet's name gives, when a workbook keeps one sheet per แขวง."""
    name = " ".join(name.split())
    if not name or _SHEET_DEFAULT_NAME.match(name) or not re.search(r"[ก-ฮ]", name):
        return ""
    if name.startswith("แขวง"):
        return name[len("แขวง") :].strip()
    return name if data_sheets > 1 else ""


def parse_workbook(
    data: bytes, *, saved_mapping: dict[str, str] | None = None, edited_mapping: dict[str, str] | None = None
) -> ParsedWorkbook:
    """Read every sheet whose header names a person or organisation; mark duplicates in the file."""
    with sources.open_source(data) as source:
        found = []
        for sheet in source.sheets:
            if " ".join(sheet.name.split()) == INSTRUCTIONS_SHEET:
                continue  # the template's own instructions: they name the columns, but hold nobody
            head = [values for _, values in zip(range(cols.HEADER_SEARCH_ROWS + 1), sheet.rows, strict=False)]
            header = cols.find_header(head, sheet.merges)
            found.append((sheet, head, header))
        data_sheets = sum(1 for _, _, header in found if header is not None)
        if not data_sheets:
            raise WorkbookRefused(
                "ไม่พบแถวหัวตารางที่มีคอลัมน์ชื่อ-สกุล หรือชื่อองค์กร ในไฟล์นี้ กรุณาตรวจสอบหัวตาราง หรือดาวน์โหลดแบบฟอร์มเปล่าไปใช้"
            )
        parsed_sheets: list[ParsedSheet] = []
        rows: list[ParsedRow] = []
        for sheet, head, header in found:
            if header is None:
                parsed_sheets.append(
                    ParsedSheet(sheet.name, None, [], [], [], [], "", skipped="ไม่พบหัวตารางที่มีคอลัมน์ชื่อ")
                )
                continue
            header = cols.apply_mapping(header, saved=saved_mapping or {}, edited=edited_mapping or {})
            subdistrict = (
                ""
                if "subdistrict" in header.fields
                else _sheet_subdistrict(sheet.name, data_sheets=data_sheets)
            )
            parsed = ParsedSheet(
                name=sheet.name,
                header_rows=(header.first_row, header.last_row),
                labels=header.labels,
                keys=header.keys,
                fields=header.fields,
                origins=header.origins,
                subdistrict=subdistrict,
            )
            before = len(rows)
            rows.extend(_sheet_rows(sheet, head, header, subdistrict, total=len(rows)))
            parsed.rows = len(rows) - before
            parsed_sheets.append(parsed)
    if not rows:
        raise WorkbookRefused("ไฟล์นี้มีหัวตารางแต่ไม่มีรายชื่อใต้หัวตาราง กรุณาตรวจสอบว่าเลือกไฟล์ถูกต้อง")
    several = data_sheets > 1
    for index, row in enumerate(rows):
        row.id = index
        if not several:
            row.sheet = ""
    evaluate(rows)
    first = next(s for s in parsed_sheets if s.header_rows)
    return ParsedWorkbook(
        headers=first.labels,
        columns=cols.first_columns(first.fields),
        rows=rows,
        sheets=parsed_sheets,
        format=source.format,
    )


def _section_text(values: list[Any], fields: list[str], merges_across: set[int]) -> str:
    """Return the text of a section row ("ชุมชนบ้านพานถม" above its people), or ""."""
    filled = [
        (i, v) for i, v in enumerate(values) if cell_text(v) and (i >= len(fields) or fields[i] != "seq")
    ]
    if len(filled) != 1:
        return ""
    index, value = filled[0]
    label = cell_text(value)
    if index + 1 in merges_across or label.startswith(("ชุมชน", "แขวง")):
        return label
    return ""


def _sheet_rows(sheet, head: list[list[Any]], header: cols.Header, subdistrict: str, *, total: int):
    """Yield the sheet's cleaned rows below its header; vertical merges fill every row they cover."""
    fill: dict[tuple[int, int], tuple[int, int]] = {}
    across: dict[int, set[int]] = {}
    for min_col, min_row, max_col, max_row in sheet.merges:
        for r in range(min_row + 1, max_row + 1):
            fill[(r, min_col)] = (min_row, min_col)
        if max_col > min_col and min_row == max_row:
            across.setdefault(min_row, set()).add(min_col)
    anchors = set(fill.values())
    anchor_values: dict[tuple[int, int], Any] = {}
    section = {"community": "", "subdistrict": ""}
    seq = header.fields.index("seq") if "seq" in header.fields else None

    def numbered():
        yield from enumerate(head, start=1)
        yield from enumerate(sheet.rows, start=len(head) + 1)

    count = 0
    for number, values in numbered():
        values = list(values)
        for col, value in enumerate(values, start=1):
            if (number, col) in anchors:
                anchor_values[(number, col)] = value
            elif value is None and (number, col) in fill:
                values[col - 1] = anchor_values.get(fill[(number, col)])
        if number <= header.last_row:
            continue
        raw = [cell_text(v) for v in values]
        if not any(v for i, v in enumerate(raw) if i != seq):
            continue  # blank rows (perhaps with a pre-filled number) are skipped, not reported
        if seq is not None and seq < len(raw) and raw[seq] == EXAMPLE_MARK:
            continue  # the template's example row
        heading = _section_text(values, header.fields, across.get(number, set()))
        if heading:
            section["subdistrict" if heading.startswith("แขวง") else "community"] = heading
            continue
        count += 1
        if total + count > MAX_ROWS:
            raise WorkbookRefused(f"ไฟล์มีข้อมูลเกิน {MAX_ROWS:,} แถว กรุณาแบ่งไฟล์แล้วนำเข้าทีละส่วน")
        row = clean_row(number, values, header.fields, raw, labels=header.labels)
        row.sheet = sheet.name
        defaults = {"subdistrict": subdistrict}
        if section["subdistrict"]:
            defaults["subdistrict"] = section["subdistrict"][len("แขวง") :].strip()
        if section["community"]:
            defaults["community"] = section["community"]
        for name, value in defaults.items():
            if value and not row.data.get(name):
                row.data[name] = value
        yield row


# --- one row -----------------------------------------------------------------------------------


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
    raw = cell_text(value)
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
            day = day.replace(year=ce_year(day.year))
        return day, None
    try:
        return parse_be_date(cell_text(value)), None
    except ThaiDateError as exc:
        return None, str(exc)


def _address(parts: list[tuple[str, str]]) -> str:
    """Join an address kept in several columns: "12 หมู่ 3 ซอยวัดสุทัศน์ ถนนบำรุงเมือง"."""
    words = []
    for label, value in parts:
        if not value:
            continue
        part = next((p for p in _ADDRESS_LABELS if label.endswith(p)), "")
        if part and not value.startswith(part):
            value = f"{part} {value}" if value[:1].isdigit() else f"{part}{value}"
        words.append(value)
    return " ".join(words)


def _names_an_organisation(name: str) -> bool:
    return name.startswith(ORGANISATION_NAME_STARTS)


def clean_row(
    number: int, values: list[Any], fields: list[str] | dict[str, int], raw: list[str], *, labels=()
) -> ParsedRow:
    """Clean one row: person or organisation by what it holds, digits, dates, problems in Thai."""
    if isinstance(fields, dict):  # field → column, as match_columns gives it
        as_list = [""] * (max(fields.values(), default=-1) + 1)
        for name, index in fields.items():
            as_list[index] = name
        fields = as_list
    first_index: dict[str, int] = {}
    address_parts: list[tuple[str, str]] = []
    for index, name in enumerate(fields):
        if name == "address":
            label = labels[index] if index < len(labels) else ""
            address_parts.append((label, raw[index] if index < len(raw) else ""))
        elif name:
            first_index.setdefault(name, index)

    def get(name: str) -> Any:
        index = first_index.get(name)
        return values[index] if index is not None and index < len(values) else None

    def get_text(name: str) -> str:  # raw holds each cell already as normalised text
        index = first_index.get(name)
        return raw[index] if index is not None and index < len(raw) else ""

    data: dict[str, Any] = {
        name: get_text(name) for name in FIELD_LABELS if name not in ("phone", "registered_on", "address")
    }
    data["address"] = _address(address_parts)
    problems: list[str] = []
    full = get_text("full_name")
    if full and not data["first_name"]:
        prefix, rest = _split_prefix(full)
        parts = rest.split(" ", 1)
        data["prefix"] = data["prefix"] or prefix
        data["first_name"], data["last_name"] = parts[0], parts[1] if len(parts) > 1 else ""
    elif data["first_name"] and not data["prefix"]:
        data["prefix"], data["first_name"] = _split_prefix(data["first_name"])
    _decide_kind(data)
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
    return ParsedRow(
        row=number,
        data=data,
        raw=raw,
        problems=list(problems),
        errors=problems,
        status=REJECTED if problems else OK,
    )


def _decide_kind(data: dict[str, Any]) -> None:
    """Decide person or organisation by what the row holds, not by its type column alone.

    A row that names a person (a title, or a first and last name) is a person, even when its type
    says องค์กรชุมชน or ชมรม: they represent or belong to it, and the organisation named on the row
    (or the type itself) is kept as their affiliation. Only a row without a person's name is the
    organisation itself; its name may sit in the name column ("ชมรมผู้สูงอายุ…").
    """
    kind_text = data.pop("kind")
    says_organisation = any(word in kind_text for word in ORGANISATION_WORDS)
    name = " ".join(p for p in (data["first_name"], data["last_name"]) if p)
    names_a_person = bool(data["first_name"]) and (
        bool(data["prefix"])
        or not _names_an_organisation(name)
        and (bool(data["last_name"]) or not says_organisation)
    )
    if names_a_person:
        data["kind"] = MemberKind.PERSON.value
        if not data["organisation_name"] and says_organisation:
            data["organisation_name"] = kind_text
        return
    data["kind"] = MemberKind.ORGANISATION.value
    if name and not data["organisation_name"]:
        data["organisation_name"] = name
    data["prefix"] = data["first_name"] = data["last_name"] = ""


# --- duplicates --------------------------------------------------------------------------------


def identity(data: dict) -> duplicates.Identity:
    """Return what a row is compared on: the keys registry.text would store for it."""
    name = text.name_text(
        kind=data["kind"],
        prefix=data.get("prefix", ""),
        first_name=data.get("first_name", ""),
        last_name=data.get("last_name", ""),
        organisation_name=data.get("organisation_name", ""),
    )
    name_key = text.fold(name) if data["kind"] == MemberKind.ORGANISATION else text.fold_name(name)
    return duplicates.Identity(
        kind=data["kind"],
        name_key=name_key,
        phone_key=text.phone_digits(data.get("phone", "")),
        national_id=data.get("national_id", "") or "",
    )


def row_keys(data: dict) -> tuple[str, str]:
    """Return the folded name and phone a row is compared on for duplicates."""
    found = identity(data)
    return found.name_key, found.phone_key


def _where(row: ParsedRow) -> str:
    return f"แถวที่ {row.row} ชีต “{row.sheet}”" if row.sheet else f"แถวที่ {row.row} ในไฟล์นี้"


def _changes(data: dict, existing: dict, mode: str) -> list[dict[str, str]]:
    """Return what a re-import would change on a registry row: update overwrites, fill only blanks.

    A blank cell in the file never clears what the registry holds (as CiviCRM's "update" does).
    """
    changes = []
    for name in UPDATABLE_FIELDS:
        new, old = data.get(name) or "", existing.get(name) or ""
        if not new:
            continue
        if mode == ImportMode.FILL and old:
            continue
        same = text.fold(new) == text.fold(old) if name in _FOLDED_COMPARE else new == old
        if not same:
            changes.append({"field": name, "label": FIELD_LABELS[name], "old": old, "new": new})
    return changes


@dataclass(frozen=True)
class Existing:
    """A person or organisation already in the district's registry for the year."""

    pk: int
    name: str
    data: dict[str, str]


def evaluate(
    rows: Iterable[ParsedRow],
    *,
    registry: duplicates.Index[Existing] | None = None,
    mode: str = ImportMode.SKIP,
) -> None:
    """Give every readable row its status by the duplicate rule, the mode and the person's decisions.

    A row is compared with the earlier rows of the file and with the registry; the strongest match
    wins (an earlier row of the file on a tie). The same person is not imported again — in the
    update and fill modes a registry person's details change instead; the same phone alone imports
    the row and flags it. A person's decision in the preview overrules either.
    """
    in_file: duplicates.Index[ParsedRow] = duplicates.Index()
    for row in rows:
        row.match, row.changes = None, []
        if row.errors:
            row.status, row.problems = REJECTED, list(row.errors)
            continue
        row.problems = []
        found = identity(row.data)
        earlier = in_file.find(found)
        known = registry.find(found) if registry is not None else None
        match: duplicates.Match | None = earlier
        if known is not None and (
            earlier is None or duplicates.STRENGTH[known.reason] > duplicates.STRENGTH[earlier.reason]
        ):
            match = known
        if match is None:
            row.status = OK
        else:
            _apply_match(row, match, mode=mode)
        if row.status in (OK, POSSIBLE, UPDATE):
            in_file.add(found, row)


def _apply_match(row: ParsedRow, match: duplicates.Match, *, mode: str) -> None:
    reason = match.reason_text
    if isinstance(match.earlier, ParsedRow):
        earlier: ParsedRow = match.earlier
        row.match = {"row": earlier.row, "sheet": earlier.sheet, "id": earlier.id, "reason": match.reason}
        where = _where(earlier)
        same, possible = f"ซ้ำกับ{where} ({reason})", f"อาจซ้ำกับ{where} ({reason})"
    else:
        known: Existing = match.earlier
        row.match = {"pk": known.pk, "name": known.name, "reason": match.reason}
        same = f"มีอยู่แล้วในทะเบียนบัญชีประชาคมเขตนี้: {known.name} ({reason})"
        possible = f"อาจซ้ำกับ {known.name} ในทะเบียนบัญชีประชาคมเขตนี้ ({reason})"
    if not match.is_same_person:
        if row.decision == DECIDE_SKIP:
            row.status, row.problems = DUPLICATE, [f"{possible} — ผู้ใช้เลือกไม่นำเข้า"]
        else:
            row.status, row.problems = POSSIBLE, [f"{possible} — นำเข้าไว้ ตรวจสอบได้"]
        return
    if row.decision == DECIDE_IMPORT:
        row.status, row.problems = OK, [f"{same} — ผู้ใช้ยืนยันว่าเป็นคนละคน นำเข้า"]
        return
    if isinstance(match.earlier, Existing) and mode in (ImportMode.UPDATE, ImportMode.FILL):
        row.changes = _changes(row.data, match.earlier.data, mode)
        if row.changes:
            row.status, row.problems = UPDATE, [same]
            return
        same = f"{same} ไม่มีข้อมูลใหม่"
    row.status, row.problems = DUPLICATE, [same]


def mark_duplicates_in_file(rows: list[ParsedRow]) -> None:
    """Flag rows that repeat an earlier row of the file (the rule of registry.duplicates)."""
    evaluate(rows)


# --- workbooks we write ----------------------------------------------------------------------


TEMPLATE_EXAMPLE = {
    "prefix": "นางสาว",
    "first_name": "สมศรี",
    "last_name": "ใจดี",
    "organisation_name": "ชมรมผู้สูงอายุบ้านพานถม",
    "kind": "บุคคล",
    "interest": "สิ่งแวดล้อม, ผู้สูงอายุ",
    "community": "ชุมชนบ้านพานถม",
    "subdistrict": "บ้านพานถม",
    "occupation": "ค้าขาย",
    "position": "ประธานชุมชน",
    "phone": "081-234-5678",
    "email": "somsri@example.com",
    "address": "12 ซอยพานถม ถนนประชาธิปไตย",
    "national_id": "",
    "registered_on": "1/3/2564",
}
# What each column means, whether it must be filled, and how to write it: (required, explanation).
TEMPLATE_HELP = {
    "seq": ("", "ลำดับที่ 1, 2, 3 … (ไม่บังคับ) แถวที่ช่องนี้เขียนว่า “ตัวอย่าง” จะไม่ถูกนำเข้า ลบหรือเขียนทับแถวตัวอย่างได้"),
    "prefix": ("", "นาย นาง นางสาว หรือยศ/ตำแหน่ง เช่น ร.ต.อ. (เขียนรวมไว้หน้าชื่อในช่องชื่อก็ได้)"),
    "first_name": ("ต้องกรอก*", "ชื่อของบุคคล หรือชื่อองค์กรเมื่อแถวนั้นเป็นองค์กร"),
    "last_name": ("ต้องกรอกสำหรับบุคคล", "นามสกุล (องค์กรเว้นว่าง)"),
    "organisation_name": ("", "องค์กรหรือกลุ่มที่บุคคลสังกัด หรือชื่อองค์กรเมื่อแถวนั้นเป็นองค์กร"),
    "kind": ("", "บุคคล หรือ องค์กร/กลุ่ม/ชมรม/มูลนิธิ ถ้าเว้นว่าง ระบบดูจากชื่อ"),
    "interest": ("", "ด้านที่สนใจ คั่นหลายด้านด้วยจุลภาค (,)"),
    "community": ("", "ชื่อชุมชน"),
    "subdistrict": ("", "แขวง (ไม่ต้องเขียนคำว่า แขวง) ถ้าแยกแผ่นงานตามแขวง ตั้งชื่อแผ่นงานเป็นชื่อแขวงแทนได้"),
    "occupation": ("", "อาชีพ"),
    "position": ("", "ตำแหน่งหรือบทบาทในชุมชน/เครือข่าย"),
    "phone": (
        "",
        "เบอร์โทรศัพท์ 9–10 หลัก เช่น 081-234-5678 หรือ 02-123-4567 มีขีดหรือไม่มีก็ได้ (ช่องนี้เป็นข้อความ เลข 0 ข้างหน้าไม่หาย)",
    ),
    "email": ("", "อีเมล เช่น name@example.com"),
    "address": ("", "บ้านเลขที่ ซอย ถนน"),
    "national_id": ("", "เลขประจำตัวประชาชน 13 หลัก ระบบตรวจเลขหลักสุดท้าย (ไม่บังคับ เก็บเท่าที่จำเป็น)"),
    "registered_on": ("", "วันที่ขึ้นทะเบียน วัน/เดือน/ปี พ.ศ. เช่น 1/3/2564 หรือ 1 มี.ค. 2564 (ปี พ.ศ. ไม่ใช่ ค.ศ.)"),
}


def template_workbook() -> bytes:
    """Return the community-registry workbook to fill: headers, one example row, and how to fill it."""
    title = "ทะเบียนบัญชีประชาคมเขต"
    # Phone and ID columns are text, so a number typed there keeps its leading 0.
    text_columns = frozenset(TEMPLATE_HEADERS.index(FIELD_LABELS[key]) for key in ("phone", "national_id"))
    example = [EXAMPLE_MARK, *(TEMPLATE_EXAMPLE[key] for key in FIELD_LABELS)]
    sheet = Sheet(
        title, TEMPLATE_HEADERS, [example], widths=[18] * len(TEMPLATE_HEADERS), text_columns=text_columns
    )
    labels = {"seq": "ลำดับ", **FIELD_LABELS}
    instructions = Sheet(
        INSTRUCTIONS_SHEET,
        ["คอลัมน์", "ต้องกรอก", "วิธีกรอก", "ตัวอย่าง"],
        [
            [labels[key], required, explanation, EXAMPLE_MARK if key == "seq" else TEMPLATE_EXAMPLE[key]]
            for key, (required, explanation) in TEMPLATE_HELP.items()
        ],
        widths=[22, 18, 70, 28],
        heading=[
            "วิธีกรอกแบบทะเบียนบัญชีประชาคมเขต",
            "กรอกหนึ่งคนหรือหนึ่งองค์กรต่อหนึ่งแถวในแผ่นงาน “ทะเบียนบัญชีประชาคมเขต” ห้ามแก้หัวตาราง"
            " * ต้องมีชื่อบุคคลหรือชื่อองค์กร แผ่นงานนี้และแถวตัวอย่างไม่ถูกนำเข้า",
        ],
    )
    info = WorkbookInfo(title=f"แบบ{title}", subject="แบบสำหรับนำเข้าทะเบียนบัญชีประชาคมเขต")
    return workbook_bytes([sheet, instructions], info)


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
