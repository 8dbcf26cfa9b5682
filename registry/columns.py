"""Find a sheet's header and say which column holds which field, as districts word their headers.

A header is the row (or two rows: "ชื่อ-สกุล" over "คำนำหน้า | ชื่อ | นามสกุล", "ที่อยู่" over
"เลขที่ | หมู่ | ถนน | แขวง") among the first rows of a sheet that names the most known columns,
one of them a name. Each column gets one field, or none; only the address may span several
columns, which are joined in order. A mapping a person fixed (or the district's remembered one)
is keyed by the column's folded label and wins over the guess.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from bangkok_network.thai import normalise_text
from registry import text

HEADER_SEARCH_ROWS = 15

# Fields and the headers districts use for them, folded (no spaces/punctuation). Exact matches
# win; otherwise a header containing one of the `contains` words is taken, in this order.
COLUMNS: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = [
    ("seq", ("ลำดับ", "ลำดับที่", "ที่", "no", "เลขที่"), ()),
    ("full_name", ("ชื่อสกุล", "ชื่อนามสกุล", "ชื่อและนามสกุล", "ชื่อและสกุล", "ชื่อตัวชื่อสกุล", "name"), ()),
    ("prefix", ("คำนำหน้า", "คำนำหน้าชื่อ", "คำนำ"), ("คำนำหน้า",)),
    ("first_name", ("ชื่อ", "ชื่อตัว", "firstname"), ()),
    ("last_name", ("นามสกุล", "สกุล", "lastname", "surname"), ()),
    (
        "organisation_name",
        (
            "ชื่อองค์กร",
            "องค์กร",
            "หน่วยงาน",
            "ชื่อกลุ่ม",
            "กลุ่มองค์กร",
            "ชื่อองค์กรกลุ่ม",
            "ชื่อองค์กรกลุ่มชุมชน",
            "ชื่อกลุ่มองค์กร",
            "สังกัด",
            "สังกัดองค์กร",
            "สังกัดองค์กรกลุ่ม",
        ),
        ("องค์กร", "สังกัด"),
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
FIELDS = tuple(name for name, _exact, _contains in COLUMNS)
# Parts of an address written in columns of their own under a "ที่อยู่" heading.
ADDRESS_PARTS = ("บ้านเลขที่", "เลขที่", "หมู่ที่", "หมู่", "ซอย", "ตรอก", "ถนน", "อาคาร", "หมู่บ้าน", "รหัสไปรษณีย์")
ADDRESS_PART_KEYS = frozenset(ADDRESS_PARTS)
NAME_FIELDS = ("full_name", "first_name", "organisation_name")
MULTI_COLUMN_FIELDS = ("address",)

_PUNCT = re.compile(r"[\s\-_./()\[\]:*#]+")


def fold_label(value: Any) -> str:
    """Fold a header cell for matching and for remembering a mapping: no spaces, no punctuation."""
    return _PUNCT.sub("", text.fold(cell_text(value))).lower()


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.isoformat()[:10]
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return normalise_text(str(value))


def _match_one(label: str, taken: set[str], *, exact_only: bool = False) -> str:
    if not label:
        return ""
    for name, exact, _contains in COLUMNS:
        if name not in taken and label in exact:
            return name
    if exact_only:
        return ""
    for name, _exact, contains in COLUMNS:
        if name not in taken and any(word in label for word in contains):
            return name
    return ""


def guess_fields(labels: list[str], *, fixed: dict[int, str] | None = None) -> list[str]:
    """Return a field per column (or "") for folded labels; `fixed` columns are already decided."""
    fields = [""] * len(labels)
    taken: set[str] = set()
    for index, name in (fixed or {}).items():
        if index < len(fields):
            fields[index] = name
            if name not in MULTI_COLUMN_FIELDS:
                taken.add(name)
    # Exact headers first (so "ชื่อ" is the first name even when "ชื่อองค์กร" comes before it).
    for exact_only in (True, False):
        for index, label in enumerate(labels):
            if fixed and index in fixed or fields[index]:
                continue
            name = _match_one(label, taken, exact_only=exact_only)
            if name:
                fields[index] = name
                taken.add(name)
    return fields


def match_columns(header: list[Any]) -> dict[str, int]:
    """Map field → column index for a one-row header, by meaning."""
    return first_columns(guess_fields([fold_label(h) for h in header]))


def first_columns(fields: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, name in enumerate(fields):
        if name:
            found.setdefault(name, index)
    return found


def score(fields: Iterable[str]) -> int:
    names = [f for f in fields if f]
    return len(set(names)) if any(f in NAME_FIELDS for f in names) else 0


@dataclass
class Header:
    """Where a sheet's header is, the label of each column, and the field each column feeds."""

    first_row: int  # 1-based
    last_row: int
    labels: list[str]  # as shown to a person (two-row headers joined: "ที่อยู่ / หมู่")
    keys: list[str]  # folded labels, the keys of a remembered mapping
    fields: list[str]
    origins: list[str] = field(default_factory=list)  # GUESSED | SAVED | EDITED, per column

    @property
    def rows(self) -> int:
        return self.last_row - self.first_row + 1


def _looks_like_data(values: list[Any]) -> bool:
    """A row of values, not of headings: it holds numbers, dates, phone numbers or long texts."""
    return any(
        isinstance(v, int | float | date | datetime)
        and not isinstance(v, bool)
        or (isinstance(v, str) and (len(v) > 40 or v.strip().isdigit() or len(text.phone_digits(v)) >= 6))
        for v in values
    )


def _is_sub_heading_row(keys: list[str]) -> bool:
    """Most cells of a second header row are headings on their own (a data row's are not)."""
    filled = [k for k in keys if k]
    known = [k for k in filled if _match_one(k, set()) or k in ADDRESS_PART_KEYS]
    return bool(filled) and 2 * len(known) >= len(filled)


def _top_labels(top: list[str], bottom: list[str], row: int, merges) -> list[str]:
    """Spread a heading over the columns it covers: merged across, or written once above a group."""
    filled = list(top)
    for min_col, min_row, max_col, max_row in merges:
        if min_row <= row <= max_row and max_col > min_col:
            for col in range(min_col + 1, max_col + 1):
                if col - 1 < len(filled) and not filled[col - 1]:
                    filled[col - 1] = top[min_col - 1] if min_col - 1 < len(top) else ""
    if not merges:  # a CSV keeps no merges: a heading above sub-headings covers the blanks after it
        for index in range(1, len(filled)):
            if not filled[index] and index < len(bottom) and bottom[index] and bottom[index - 1]:
                filled[index] = filled[index - 1]
    return filled


def _two_row_fields(top_keys: list[str], bottom_keys: list[str]) -> list[str]:
    """Decide each column of a two-row header: the sub-heading first, then heading and sub-heading."""
    fields = [""] * len(bottom_keys)
    fixed: dict[int, str] = {}
    for index, (top, bottom) in enumerate(zip(top_keys, bottom_keys, strict=True)):
        if top and bottom and _match_one(top, set()) == "address":
            sub = _match_one(bottom, set())
            fixed[index] = sub if sub in ("subdistrict", "phone", "email", "community") else "address"
    first = guess_fields(bottom_keys, fixed=fixed)
    combined = [
        f"{top}{bottom}" if bottom else top for top, bottom in zip(top_keys, bottom_keys, strict=True)
    ]
    taken = {f for f in first if f and f not in MULTI_COLUMN_FIELDS}
    for index, name in enumerate(first):
        if name:
            fields[index] = name
            continue
        name = _match_one(combined[index], taken)
        if name:
            fields[index] = name
            taken.add(name)
    return fields


def find_header(rows: list[list[Any]], merges=()) -> Header | None:
    """Find the header among the first rows: the one (or two) naming the most columns, a name among them."""
    width = max((len(r) for r in rows), default=0)
    texts = [[cell_text(v) for v in r] + [""] * (width - len(r)) for r in rows]
    keys = [[fold_label(v) for v in r] for r in texts]
    searched = min(len(rows), HEADER_SEARCH_ROWS)
    singles = [guess_fields(keys[index]) for index in range(searched)]
    best: tuple[int, Header] | None = None
    for index, fields in enumerate(singles):
        one = score(fields)
        if one and (best is None or one > best[0]):
            best = (one, Header(index + 1, index + 1, texts[index], keys[index], fields))
    for index in range(searched):
        below = index + 1
        if (
            below >= len(rows)
            or not any(keys[index])
            or _looks_like_data(rows[below])
            or not _is_sub_heading_row(keys[below])
        ):
            continue
        top = _top_labels(texts[index], texts[below], below, merges)
        top_keys = [fold_label(v) for v in top]
        fields = _two_row_fields(top_keys, keys[below])
        two = score(fields)
        alone = max(score(singles[index]), score(guess_fields(keys[below])))
        if two > alone and (best is None or two > best[0]):
            labels = [
                " / ".join(part for part in (t, b) if part) if t != b else t
                for t, b in zip(top, texts[below], strict=True)
            ]
            label_keys = [f"{t}{b}" if t != b else t for t, b in zip(top_keys, keys[below], strict=True)]
            best = (two, Header(index + 1, below + 1, labels, label_keys, fields))
    return best[1] if best else None


# Where a column's field came from: read from its label, remembered for the district, or chosen
# by hand for this upload.
GUESSED, SAVED, EDITED = "guessed", "saved", "edited"


def apply_mapping(header: Header, *, saved: dict[str, str], edited: dict[str, str]) -> Header:
    """Give columns the fields a person chose (this import) or remembered (the district), then guess."""
    fixed: dict[int, str] = {}
    origins = [GUESSED] * len(header.keys)
    for index, key in enumerate(header.keys):
        if not key:
            continue
        for origin, mapping in ((EDITED, edited), (SAVED, saved)):
            if key in mapping and (mapping[key] in FIELDS or mapping[key] == ""):
                fixed[index], origins[index] = mapping[key], origin
                break
    if not fixed:
        header.origins = origins
        return header
    fields = list(header.fields)
    taken = {name for name in fixed.values() if name and name not in MULTI_COLUMN_FIELDS}
    for index in range(len(fields)):
        if index in fixed:
            fields[index] = fixed[index]
        elif fields[index] in taken:
            fields[index] = ""  # a field a person gave another column is not guessed twice
    header.fields, header.origins = fields, origins
    return header


def check_fields(fields: list[str]) -> str | None:
    """Return a Thai problem with a chosen mapping, or None when it can be imported."""
    if not any(f in NAME_FIELDS for f in fields):
        return "ต้องมีคอลัมน์ชื่อ-สกุล ชื่อ หรือชื่อองค์กรอย่างน้อยหนึ่งคอลัมน์"
    seen: set[str] = set()
    for name in fields:
        if name and name not in MULTI_COLUMN_FIELDS and name in seen:
            return f"เลือก “{FIELD_CHOICES[name]}” ให้มากกว่าหนึ่งคอลัมน์ กรุณาเลือกให้เหลือคอลัมน์เดียว"
        seen.add(name)
    return None


FIELD_CHOICES = {
    "": "— ไม่นำเข้า —",
    "seq": "ลำดับ",
    "full_name": "ชื่อ-สกุล (ช่องเดียว)",
    "prefix": "คำนำหน้า",
    "first_name": "ชื่อ",
    "last_name": "นามสกุล",
    "organisation_name": "ชื่อองค์กร/กลุ่ม (หรือองค์กรที่สังกัด)",
    "kind": "ประเภท",
    "national_id": "เลขประจำตัวประชาชน",
    "phone": "เบอร์โทรศัพท์",
    "email": "อีเมล",
    "subdistrict": "แขวง",
    "community": "ชุมชน",
    "address": "ที่อยู่ (หลายคอลัมน์ได้)",
    "interest": "ด้านที่สนใจ",
    "occupation": "อาชีพ",
    "position": "ตำแหน่ง/บทบาท",
    "registered_on": "วันที่ขึ้นทะเบียน",
}
