"""Thai dates, digits, money and ordering, all through pythainlp (no hand-made month tables)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import TypeVar

from pythainlp.util import (
    arabic_digit_to_thai_digit,
    bahttext,
    collate,
    thai_digit_to_arabic_digit,
    thai_strftime,
    thai_strptime,
)

from bangkok_network.models import MAX_BE_YEAR, MIN_BE_YEAR, be_year, ce_year

T = TypeVar("T")

ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)
# Titles dropped before sorting and comparing names: Thai dictionary order ignores them.
NAME_PREFIXES = (
    "นางสาว",
    "นาง",
    "นาย",
    "น.ส.",
    "ด.ช.",
    "ด.ญ.",
    "เด็กชาย",
    "เด็กหญิง",
    "ว่าที่ร้อยตรี",
    "ว่าที่ ร.ต.",
    "ดร.",
)


class ThaiDateError(ValueError):
    """A date a user typed that cannot be read; the message is Thai and shown as is."""


def to_datetime(value: date | datetime) -> datetime:
    if isinstance(value, datetime):
        return value
    return datetime(value.year, value.month, value.day)


def be_date(value: date | datetime | None, *, long: bool = False, thai_digits: bool = False) -> str:
    """Format a date in the Buddhist Era: 13 มี.ค. 2564, or ๑๓ มีนาคม ๒๕๖๔ for documents."""
    if value is None:
        return ""
    fmt = "%-d %B %Y" if long else "%-d %b %Y"
    return thai_strftime(to_datetime(value), fmt, thaidigit=thai_digits)


def thai_month(value: date, *, long: bool = False) -> str:
    """Name a month as a Thai axis or heading does: ต.ค., or ตุลาคม."""
    return thai_strftime(to_datetime(value), "%B" if long else "%b")


def be_datetime(value: datetime | None) -> str:
    """Return 13 มี.ค. 2564 14:05 in Bangkok time ("" for None)."""
    if not value:
        return ""
    from django.utils import timezone

    local = timezone.localtime(value)
    return f"{be_date(local)} {local:%H:%M}"


def be_month_year(value: date, *, long: bool = False, thai_digits: bool = False) -> str:
    """Format a month and BE year: มี.ค. 2564."""
    return thai_strftime(to_datetime(value), "%B %Y" if long else "%b %Y", thaidigit=thai_digits)


def be_period(start: date, end: date, *, thai_digits: bool = False) -> str:
    """Format a period the way the seed calendar writes it: ๑ - ๓๐ เม.ย. ๒๕๖๔."""
    if start == end:
        return be_date(start, thai_digits=thai_digits)
    if (start.year, start.month) == (end.year, end.month):
        text = f"{start.day} - {be_date(end)}"
    elif start.year == end.year:
        text = f"{thai_strftime(to_datetime(start), '%-d %b')} - {be_date(end)}"
    else:
        text = f"{be_date(start)} - {be_date(end)}"
    return thai_digit_text(text) if thai_digits else text


def thai_digit_text(text: str) -> str:
    """Replace every Arabic digit with a Thai digit."""
    return arabic_digit_to_thai_digit(text)


# A number standing on its own: the digits of a code written with Latin letters (แบบ P1, A4) stay.
_NUMBER = re.compile(r"(?<![A-Za-z0-9])[0-9]+")
# Markup and character references keep their digits: <h2>, &#x27; and style="width: 3cm" stay intact.
_MARKUP = re.compile(r"(<[^>]*>|&#?[0-9A-Za-z]+;)")


def thai_number_text(text: str) -> str:
    """Write the numbers of a text in Thai digits (for official documents), codes such as P1 aside."""
    return _NUMBER.sub(lambda match: arabic_digit_to_thai_digit(match.group()), text)


def thai_digit_html(html: str) -> str:
    """Write the numbers in the text of an HTML fragment in Thai digits, never inside its markup."""
    return "".join(
        part if _MARKUP.fullmatch(part) else thai_number_text(part) for part in _MARKUP.split(html)
    )


def arabic_digit_text(text: str) -> str:
    """Replace Thai digits with Arabic digits (for input typed either way)."""
    return thai_digit_to_arabic_digit(text)


def baht(amount: Decimal | float | int, *, thai_digits: bool = False) -> str:
    """Format an amount of baht with separators and two decimals: 1,234,567.50."""
    text = f"{Decimal(amount):,.2f}"
    return thai_digit_text(text) if thai_digits else text


def baht_words(amount: Decimal | float | int) -> str:
    """Spell an amount of baht in Thai words (bahttext)."""
    return bahttext(float(amount))


def parse_be_year(text: str | int) -> int:
    """Read a Buddhist-Era year, refusing a Christian-Era one with a clear Thai message."""
    raw = arabic_digit_text(str(text)).strip()
    if not raw.isdigit():
        raise ThaiDateError(f"ปี “{text}” ไม่ใช่ตัวเลข กรุณากรอกปี พ.ศ. เช่น 2564")
    year = int(raw)
    if 1900 <= year <= 2200:
        raise ThaiDateError(f"ปี {year} ดูเหมือนเป็นปี ค.ศ. กรุณากรอกปี พ.ศ. (เช่น {be_year(year)})")
    if not MIN_BE_YEAR <= year <= MAX_BE_YEAR:
        raise ThaiDateError(f"ปี พ.ศ. {year} อยู่นอกช่วงที่ใช้ได้ ({MIN_BE_YEAR}–{MAX_BE_YEAR})")
    return year


_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def parse_be_date(text: str) -> date:
    """Read a date typed with a BE year: 13/3/2564, 13 มี.ค. 2564, ๑๓ มีนาคม ๒๕๖๔ or 2564-03-13."""
    raw = " ".join(arabic_digit_text(text or "").split())
    if not raw:
        raise ThaiDateError("กรุณากรอกวันที่")
    iso = _ISO.match(raw)
    if iso:
        year_text, month, day = iso.groups()
    else:
        parts = re.split(r"\s+|/|[-.](?=\d)", raw.replace(" - ", " "))
        parts = [p for p in parts if p]
        if len(parts) != 3:
            raise ThaiDateError(f"อ่านวันที่ “{text}” ไม่ได้ กรุณากรอกเป็น วว/ดด/ปปปป (พ.ศ.) เช่น 13/03/2564")
        day, month, year_text = parts
    year = parse_be_year(year_text)
    if month.isdigit() and day.isdigit():
        # pythainlp reads a numeric month of 10-12 as its first digit; numbers need no lookup.
        try:
            return date(ce_year(year), int(month), int(day))
        except ValueError as exc:
            raise ThaiDateError(f"อ่านวันที่ “{text}” ไม่ได้ กรุณากรอกเป็น วว/ดด/ปปปป (พ.ศ.) เช่น 13/03/2564") from exc
    try:
        # Month names and abbreviations (มี.ค., มีนาคม) are pythainlp's to read.
        return thai_strptime(f"{int(day)} {month} {year}", "%d %B %Y").date()
    except (ValueError, IndexError, KeyError) as exc:
        raise ThaiDateError(f"อ่านวันที่ “{text}” ไม่ได้ กรุณากรอกเป็น วว/ดด/ปปปป (พ.ศ.) เช่น 13/03/2564") from exc


def normalise_text(text: str) -> str:
    """Fold what makes two spellings of one Thai name differ: zero-width chars, NFC, spaces."""
    text = unicodedata.normalize("NFC", (text or "").translate(ZERO_WIDTH))
    # Sara am typed as nikhahit + sara aa is the same letter.
    text = text.replace("\u0e4d\u0e32", "\u0e33")
    return " ".join(text.split())


def strip_name_prefix(name: str) -> str:
    """Drop a title such as นาย/นาง/นางสาว from the front of a name."""
    text = normalise_text(name)
    for prefix in sorted(NAME_PREFIXES, key=len, reverse=True):
        if text.startswith(prefix):
            return text[len(prefix) :].lstrip()
    return text


def thai_sorted(items: Iterable[T], key: Callable[[T], str] = str) -> list[T]:
    """Sort in Thai dictionary order (pythainlp's collation), ignoring name titles."""
    items = list(items)
    keyed = {id(item): strip_name_prefix(key(item)) for item in items}
    order = {text: index for index, text in enumerate(collate(set(keyed.values())))}
    return sorted(items, key=lambda item: order[keyed[id(item)]])
