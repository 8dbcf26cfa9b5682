"""State tables: which status may follow which, declared once beside each status enum.

Each app that moves a record through statuses keeps one table next to its ``TextChoices``
(``PROGRESS_TRANSITIONS`` for a group's step, ``P1_TRANSITIONS``, ``MEETING_TRANSITIONS``,
``BUILD_TRANSITIONS``). Its services never compare statuses to decide whether a move is allowed:
they ask the table (``check``/``move`` raise the app's error with a Thai message; ``sources``
gives the statuses a conditional UPDATE may start from).

A table is written either by status (``StateTable(Status, {status: {next statuses}})``) or, where
the moves have names the history records (the P1 form's ``P1Transition.Action``), by action
(``StateTable.by_action(Status, {action: (from statuses, to status)})``). A new move — a
withdrawal, a reopening — is one more entry in the table and one service that asks it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import Enum
from typing import TYPE_CHECKING, Generic, TypeVar

from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:  # models import this module; the error classes come from the services above them
    from bangkok_network.errors import PortalError

S = TypeVar("S", bound=Enum)
A = TypeVar("A", bound=Enum)


class StateTable(Generic[S]):
    """The moves allowed between the statuses of one enum; every status is listed, even a final one."""

    def __init__(self, statuses: type[S], moves: Mapping[S, Iterable[S]]):
        self.statuses = statuses
        self.moves: dict[S, frozenset[S]] = {
            statuses(key): frozenset(map(statuses, to)) for key, to in moves.items()
        }
        self.actions: dict = {}
        missing = [status.value for status in statuses if status not in self.moves]
        if missing:
            # A status left out would refuse every move from it without anyone having decided so.
            raise ImproperlyConfigured(f"{statuses.__name__}: no moves listed for {', '.join(missing)}")

    @classmethod
    def by_action(cls, statuses: type[S], actions: Mapping[A, tuple[Iterable[S], S]]) -> StateTable[S]:
        """Build the table from named moves: action → (the statuses it starts from, where it leads)."""
        named = {
            action: (frozenset(map(statuses, sources)), statuses(to))
            for action, (sources, to) in actions.items()
        }
        table = cls(statuses, {s: {to for sources, to in named.values() if s in sources} for s in statuses})
        table.actions = named
        return table

    def move(self, current: S | str, action, *, error: type[PortalError], message: str = "") -> S:
        """Return where the named move leads from ``current``, or raise ``error`` (see ``check``)."""
        sources, to = self.actions[action]
        current = self.statuses(current)
        if current not in sources:
            text = message or "เปลี่ยนสถานะจาก “{status}” เป็น “{new}” ไม่ได้"
            raise error(str(text).format(status=current.label, new=to.label))
        return to

    def allows(self, current: S | str, new: S | str) -> bool:
        return self.statuses(new) in self.moves[self.statuses(current)]

    def check(self, current: S | str, new: S | str, *, error: type[PortalError], message: str = "") -> S:
        """Return ``new`` as a member of the enum, or raise ``error`` when the table forbids the move.

        ``message`` (it may name ``{status}``, the current status's label, and ``{new}``) replaces
        the general Thai sentence where the service has a better one for its users.
        """
        current, new = self.statuses(current), self.statuses(new)
        if new not in self.moves[current]:
            text = message or "เปลี่ยนสถานะจาก “{status}” เป็น “{new}” ไม่ได้"
            raise error(str(text).format(status=current.label, new=new.label))
        return new

    def sources(self, new: S | str) -> list[S]:
        """Return the statuses from which ``new`` may be reached (for ``filter(status__in=…)``)."""
        new = self.statuses(new)
        return [status for status in self.statuses if new in self.moves[status]]

    def targets(self, current: S | str) -> list[S]:
        """Return the statuses that may follow ``current``, in the enum's order."""
        allowed = self.moves[self.statuses(current)]
        return [status for status in self.statuses if status in allowed]
