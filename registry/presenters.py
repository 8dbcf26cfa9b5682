"""What a page shows of a member: contact details in full for those allowed, masked for the rest."""

from __future__ import annotations

from dataclasses import dataclass

from registry.models import Member
from registry.selectors import mask


@dataclass(frozen=True)
class MemberRow:
    member: Member
    show_personal: bool

    def _value(self, name: str) -> str:
        value = getattr(self.member, name)
        return value if self.show_personal else mask(value)

    @property
    def phone(self) -> str:
        return self._value("phone")

    @property
    def email(self) -> str:
        return self._value("email")

    @property
    def address(self) -> str:
        return self._value("address")

    @property
    def national_id(self) -> str:
        return self._value("national_id")
