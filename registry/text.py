"""Keys stored on every registry row so search, order and duplicate checks agree on every database.

The rule is ours, written down here and pinned by golden tests (tests/registry/test_text.py):

- name_key: the name folded for comparing — NFC, no zero-width characters, pythainlp's public
  ``normalize`` (repeated vowels, tone-mark order), no title (นาย, นาง, …), no spaces, Thai digits
  read as Arabic, lower case. Two spellings of one name give one key.
- phone_key: the phone's digits (Thai digits read as Arabic, +66 read as 0).
- search_key: name_key | folded organisation (a person's affiliation) | phone_key | e-mail.
  A search matches when every term of the query is contained in it (``contains`` answers the same
  on SQLite and PostgreSQL).
- sort_key: a Thai dictionary-order key of the name without its title — digits read as Arabic,
  lower case, tone marks moved to the end and a leading vowel (เ แ โ ใ ไ) moved after its
  consonant (pythainlp's rule for ``collate``, kept here so it cannot change under us) — compared
  by code point (SQLite's BINARY, PostgreSQL's
  "C" collation), so both databases list names in the same order as pythainlp's ``collate``.

Queries are word-tokenised with pythainlp, so a name typed without spaces, or with its parts in
another order, is found: "ใจดีสมชาย", "สมชายใจดี" and "สมชาย ใจดี" find the same person.
When this rule changes, run ``manage.py rebuild_registry_keys``.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache

from django.core.signals import request_started
from django.db import connection
from django.db.models import F, QuerySet
from django.db.models.functions import Collate
from pythainlp.tokenize import word_tokenize
from pythainlp.util import normalize

from bangkok_network.thai import NAME_PREFIXES, arabic_digit_text, normalise_text, strip_name_prefix
from registry.models import MemberKind

_NON_DIGIT = re.compile(r"\D")
_DIGIT = re.compile(r"\d")
_ALL_DIGITS = re.compile(r"^\d+$")
_THAI_LETTER = re.compile(r"[ก-ฮะ-ฺเ-ๅ]")
_TONE = re.compile(r"[\u0e47-\u0e4c]")  # ็ ่ ้ ๊ ๋ ์
_LEAD_VOWEL = re.compile(r"([\u0e40-\u0e44])([\u0e01-\u0e2e])")  # เ แ โ ใ ไ before a consonant
SEPARATOR = "|"
ERASED_SORT_KEY = "\U0010ffff"  # erased rows sort last
TOKENIZER = "newmm"


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


def collation_key(text: str) -> str:
    """Return the Thai dictionary-order key of a text (tones last, leading vowels after consonants)."""
    text = text.casefold()
    tones = "".join(_TONE.findall(text))
    return _LEAD_VOWEL.sub(r"\2\1", _TONE.sub("", text)) + tones


def phone_digits(text: str) -> str:
    """Return the digits of a phone number, Thai digits read as Arabic; +66 becomes 0."""
    digits = _NON_DIGIT.sub("", arabic_digit_text(normalise_text(text)))
    if digits.startswith("66") and len(digits) == 11:
        digits = "0" + digits[2:]
    return digits


def name_text(*, kind: str, prefix: str, first_name: str, last_name: str, organisation_name: str) -> str:
    if kind == MemberKind.ORGANISATION:
        return organisation_name
    return f"{prefix}{first_name} {last_name}"


def keys_for(row) -> dict[str, str]:
    """Return search_key, sort_key, name_key and phone_key for a community row or a member."""
    if getattr(row, "is_erased", False):
        return {"search_key": "", "sort_key": ERASED_SORT_KEY, "name_key": "", "phone_key": ""}
    raw_name = name_text(
        kind=row.kind,
        prefix=row.prefix,
        first_name=row.first_name,
        last_name=row.last_name,
        organisation_name=row.organisation_name,
    )
    name = normalise_text(raw_name)
    plain = _normalize(name if row.kind == MemberKind.ORGANISATION else strip_name_prefix(name))
    name_key = "".join(arabic_digit_text(plain).split()).lower()  # = fold_name / fold of the name
    phone = phone_digits(row.phone)
    organisation = name_key if row.kind == MemberKind.ORGANISATION else fold(row.organisation_name)
    parts = [name_key, organisation, phone, (row.email or "").lower()]
    return {
        "search_key": SEPARATOR.join(parts)[:600],
        "sort_key": collation_key(arabic_digit_text(plain))[:400],
        "name_key": name_key[:400],
        "phone_key": phone[:20],
    }


KEY_FIELDS = ("search_key", "sort_key", "name_key", "phone_key")


def set_keys(row) -> None:
    for name, value in keys_for(row).items():
        setattr(row, name, value)


def warm_up() -> None:
    """Load the tokeniser's dictionary now (about two seconds) rather than in a user's first search."""
    word_tokenize("สมชายใจดี", engine=TOKENIZER, keep_whitespace=False)


def warm_up_once(**_kwargs) -> None:
    """On a process's first request, load the word list in the background (request_started)."""
    request_started.disconnect(dispatch_uid="registry.text.warm_up_once")
    threading.Thread(target=warm_up, name="pythainlp-warm-up", daemon=True).start()


def _words(word: str) -> list[str]:
    """Split one typed word into dictionary words; digits typed against letters stay with them."""
    tokens = [t for t in word_tokenize(word, engine=TOKENIZER, keep_whitespace=False) if t.strip()]
    words: list[str] = []
    for token in tokens:
        if words and _ALL_DIGITS.match(token) and word.find(words[-1] + token) >= 0:
            words[-1] += token  # สมศักดิ์12: the number belongs to the name it was typed against
        else:
            words.append(token)
    return words


def search_terms(query: str) -> list[str]:
    """Split a query into folded terms: every term must appear in the row's search key.

    Each space-separated word is tokenised with pythainlp, so a name typed without spaces or in
    another order still matches; titles are dropped. A word that is all digits (Thai or Arabic,
    with or without dashes) is matched as phone digits.
    """
    terms: list[str] = []
    for word in normalise_text(query).split():
        if _THAI_LETTER.search(word) is None and _DIGIT.search(arabic_digit_text(word)):
            terms.append(phone_digits(word))
            continue
        folded = fold_name(word)
        if not folded:
            continue
        for token in _words(folded):
            if token not in NAME_PREFIXES:
                terms.append(token)
    unique = list(dict.fromkeys(t for t in terms if t))
    # A term inside another term adds nothing to the filter.
    return [t for t in unique if not any(t != other and t in other for other in unique)]


def search(queryset: QuerySet, query: str) -> QuerySet:
    for term in search_terms(query):
        queryset = queryset.filter(search_key__contains=term)
    return queryset


def thai_order(queryset: QuerySet) -> QuerySet:
    """Order by the stored Thai collation key, compared by code point on every database."""
    if connection.vendor == "postgresql":
        return queryset.order_by(Collate(F("sort_key"), "C"), "pk")
    return queryset.order_by("sort_key", "pk")
