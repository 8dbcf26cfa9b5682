"""Keys stored on every registry row so search, order and duplicate checks agree on every database.

Search compares a folded text (pythainlp-normalised, no prefix, no spaces or zero-width characters,
lower case, phone digits in Arabic) with `contains`, which SQLite and PostgreSQL answer the same
way. Order uses a Thai collation key from pythainlp compared by code point (SQLite's BINARY,
PostgreSQL's "C" collation), so both databases list names in the same Thai dictionary order.
"""

from __future__ import annotations

import re
from functools import lru_cache

from django.db import connection
from django.db.models import F, QuerySet
from django.db.models.functions import Collate
from pythainlp.util import normalize

from bangkok_network.thai import arabic_digit_text, normalise_text, strip_name_prefix

try:  # the key pythainlp's collate() sorts by; kept private upstream, so fall back to its rule
    from pythainlp.util.collate import _thkey as _collation_key
except ImportError:  # pragma: no cover
    _TONE = re.compile(r"[็-์]")
    _LEAD_VOWEL = re.compile(r"([เ-ไ])([ก-ฮ])")

    def _collation_key(word: str) -> str:
        tones = "".join(_TONE.findall(word))
        return _LEAD_VOWEL.sub(r"\2\1", _TONE.sub("", word)) + tones


_NON_DIGIT = re.compile(r"\D")
_DIGIT = re.compile(r"\d")
_THAI_LETTER = re.compile(r"[ก-ฮะ-ฺเ-ๅ]")
SEPARATOR = "|"


@lru_cache(maxsize=65536)
def _normalize(text: str) -> str:
    # pythainlp's normalize is the importer's costliest step; names repeat between passes.
    return normalize(text) if text else ""


def fold(text: str) -> str:
    """Fold a text for comparing: NFC, no zero-width characters, pythainlp-normalised, no spaces."""
    text = _normalize(normalise_text(text))
    return "".join(arabic_digit_text(text).split()).lower()


def fold_name(text: str) -> str:
    """Fold a name and drop its title (นาย, นาง, นางสาว, …)."""
    return fold(strip_name_prefix(normalise_text(text)))


def phone_digits(text: str) -> str:
    """Return the digits of a phone number, Thai digits read as Arabic; +66 becomes 0."""
    digits = _NON_DIGIT.sub("", arabic_digit_text(normalise_text(text)))
    if digits.startswith("66") and len(digits) == 11:
        digits = "0" + digits[2:]
    return digits


def name_text(*, kind: str, prefix: str, first_name: str, last_name: str, organisation_name: str) -> str:
    if kind == "organisation":
        return organisation_name
    return f"{prefix}{first_name} {last_name}"


def keys_for(row) -> dict[str, str]:
    """Return search_key, sort_key, name_key and phone_key for a community row or a member."""
    if getattr(row, "is_erased", False):
        return {"search_key": "", "sort_key": "\U0010ffff", "name_key": "", "phone_key": ""}
    raw_name = name_text(
        kind=row.kind,
        prefix=row.prefix,
        first_name=row.first_name,
        last_name=row.last_name,
        organisation_name=row.organisation_name,
    )
    name = normalise_text(raw_name)
    plain = _normalize(name if row.kind == "organisation" else strip_name_prefix(name))
    name_key = "".join(arabic_digit_text(plain).split()).lower()  # = fold_name / fold of the name
    phone = phone_digits(row.phone)
    organisation = name_key if row.kind == "organisation" else fold(row.organisation_name)
    parts = [name_key, organisation, phone, (row.email or "").lower()]
    return {
        "search_key": SEPARATOR.join(parts)[:600],
        "sort_key": _collation_key(plain)[:400],
        "name_key": name_key[:400],
        "phone_key": phone[:20],
    }


def set_keys(row) -> None:
    for name, value in keys_for(row).items():
        setattr(row, name, value)


def search_terms(query: str) -> list[str]:
    """Split a query into folded terms: every term must appear in the row's search key.

    A term that is all digits (Thai or Arabic, with or without dashes) is matched as phone digits.
    """
    terms = []
    for word in normalise_text(query).split():
        if _THAI_LETTER.search(word) is None and _DIGIT.search(arabic_digit_text(word)):
            terms.append(phone_digits(word))
        else:
            terms.append(fold_name(word))
    return [t for t in terms if t]


def search(queryset: QuerySet, query: str) -> QuerySet:
    for term in search_terms(query):
        queryset = queryset.filter(search_key__contains=term)
    return queryset


def thai_order(queryset: QuerySet) -> QuerySet:
    """Order by the stored Thai collation key, compared by code point on every database."""
    if connection.vendor == "postgresql":
        return queryset.order_by(Collate(F("sort_key"), "C"), "pk")
    return queryset.order_by("sort_key", "pk")
