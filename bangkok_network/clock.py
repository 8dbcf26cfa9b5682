"""The portal's clock: the one place that says what "now" is when a caller does not pass a time.

Services that stamp a time take an explicit ``at=``; what they cannot be handed — ``auto_now``
fields, simple-history's history dates, a service's own default — reads ``now()`` here. Normally
that is simply ``timezone.now()``. Only the demo loader sets another moment, with ``moment()``, so
the demo's data carries the dates of the story it tells. The moment lives in a context variable:
nothing global is patched, other threads and requests keep the real time, and leaving the block
restores it.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime, timedelta

from django.db import models
from django.utils import timezone

# (the moment set, the monotonic clock when it was set): the moment ticks on from there, so rows
# made one after another inside one moment keep their order (audit trail, history).
_moment: ContextVar[tuple[datetime, float] | None] = ContextVar("portal_clock_moment", default=None)


def now() -> datetime:
    """Return the current time: the real one, or the moment the demo loader is playing."""
    current = _moment.get()
    if current is None:
        return timezone.now()
    moment, started = current
    return moment + timedelta(seconds=time.monotonic() - started)


def today() -> date:
    """Return today's date in Bangkok by the same clock."""
    return timezone.localdate(now())


def is_set() -> bool:
    return _moment.get() is not None


@contextmanager
def moment(at: datetime) -> Iterator[datetime]:
    """Make ``now()`` start at ``at`` inside the block (for the demo loader only)."""
    if timezone.is_naive(at):
        raise ValueError("the clock needs an aware datetime")
    token = _moment.set((at, time.monotonic()))
    try:
        yield at
    finally:
        _moment.reset(token)


class StampField(models.DateTimeField):
    """A DateTimeField whose ``auto_now``/``auto_now_add`` read this clock instead of timezone.now.

    Only where the value comes from changes, not the column: ``deconstruct`` names the plain
    DateTimeField, so migrations (and the database) see exactly the field they saw before.
    """

    def pre_save(self, model_instance, add):
        if self.auto_now or (self.auto_now_add and add):
            value = now()
            setattr(model_instance, self.attname, value)
            return value
        return super().pre_save(model_instance, add)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.DateTimeField", args, kwargs


def stamp_history(sender, history_instance, **kwargs) -> None:
    """Date simple-history's records by this clock while a moment is set (receiver, see apps.py)."""
    if is_set():
        history_instance.history_date = now()
