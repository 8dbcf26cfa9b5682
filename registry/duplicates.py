"""The one rule that says whether two registry rows are the same person (or organisation).

Used by the import (rows of one file, and a file against the district's registry) and by the
group's registry (members that may be one person), so every page counts duplicates the same way:

- The same ID number (เลขประจำตัวประชาชน) is the same person, whatever the names say.
- Two different ID numbers are two people, whatever the names and phones say.
- Otherwise the same folded name (titles, spaces, zero-width characters and Thai/Arabic digits
  ignored — registry.text.name_key) of the same kind is the same person (or organisation).
- The same phone alone is only a *possible* duplicate, for a person to review: a family or a
  community office shares one phone. A person and an organisation sharing a phone are not flagged
  (a representative gives the organisation's number).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

Ref = TypeVar("Ref")

SAME_ID = "same_id"
SAME_NAME = "same_name"
SAME_PHONE = "same_phone"
SAME_PERSON = (SAME_ID, SAME_NAME)
REASONS = {
    SAME_ID: "เลขประจำตัวประชาชนเดียวกัน",
    SAME_NAME: "ชื่อเดียวกัน",
    SAME_PHONE: "เบอร์โทรศัพท์เดียวกัน",
}
# A stronger reason wins when a row matches several earlier rows.
STRENGTH = {SAME_ID: 3, SAME_NAME: 2, SAME_PHONE: 1}


@dataclass(frozen=True)
class Identity:
    """What a row is compared on: its kind and the keys registry.text stores."""

    kind: str
    name_key: str
    phone_key: str
    national_id: str = ""


def compare(new: Identity, earlier: Identity) -> str | None:
    """Return why `new` duplicates `earlier` (SAME_ID, SAME_NAME, SAME_PHONE), or None."""
    if new.national_id and earlier.national_id:
        return SAME_ID if new.national_id == earlier.national_id else None
    if new.kind != earlier.kind:
        return None
    if new.name_key and new.name_key == earlier.name_key:
        return SAME_NAME
    if new.phone_key and new.phone_key == earlier.phone_key:
        return SAME_PHONE
    return None


def is_same_person(reason: str | None) -> bool:
    return reason in SAME_PERSON


@dataclass(frozen=True)
class Match(Generic[Ref]):
    reason: str
    earlier: Ref

    @property
    def is_same_person(self) -> bool:
        return self.reason in SAME_PERSON

    @property
    def reason_text(self) -> str:
        return REASONS[self.reason]


class Index(Generic[Ref]):
    """Earlier rows by their keys, to find the strongest earlier match of a new row quickly."""

    def __init__(self) -> None:
        self._by_key: dict[tuple[str, str], list[tuple[int, Identity, Ref]]] = {}
        self._added = 0

    def add(self, identity: Identity, ref: Ref) -> None:
        self._added += 1
        for key in self._keys(identity):
            self._by_key.setdefault(key, []).append((self._added, identity, ref))

    @staticmethod
    def _keys(identity: Identity) -> Iterable[tuple[str, str]]:
        if identity.national_id:
            yield ("i", identity.national_id)
        if identity.name_key:
            yield ("n", identity.name_key)
        if identity.phone_key:
            yield ("p", identity.phone_key)

    def find(self, identity: Identity) -> Match[Ref] | None:
        """Return the strongest match among earlier rows; the first added wins a tie."""
        best: tuple[int, int, Match[Ref]] | None = None
        for key in self._keys(identity):
            for order, earlier, ref in self._by_key.get(key, ()):
                reason = compare(identity, earlier)
                if reason is None:
                    continue
                rank = (-STRENGTH[reason], order)
                if best is None or rank < best[:2]:
                    best = (*rank, Match(reason=reason, earlier=ref))
                break  # later rows under this key were added later: at best a tie
        return best[2] if best else None
