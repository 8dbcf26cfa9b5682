"""Two writers at the same moment, made deterministic: for the concurrency tests on PostgreSQL.

A bare "start two threads together" race is won by whichever thread the scheduler favours, so a
missing lock shows only now and then. Here the first writer is stopped inside its transaction
right after it has checked the state (at a function the service calls next), the second writer
runs meanwhile, and the first goes on once the second has finished — or after `hold` seconds if
the second is waiting for a row lock the first holds. Without a lock both act on the state the
first one checked; with one, the second sees what the first wrote.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import connections


@dataclass
class Outcome:
    value: Any = None
    error: BaseException | None = None
    finished: threading.Event = field(default_factory=threading.Event)


def _run(action: Callable[[], Any], outcome: Outcome) -> None:
    try:
        outcome.value = action()
    except BaseException as exc:  # the test inspects whatever happened, a 500-to-be included
        outcome.error = exc
    finally:
        connections.close_all()
        outcome.finished.set()


def race(
    first: Callable[[], Any],
    second: Callable[[], Any],
    *,
    monkeypatch,
    pause_at: tuple[object, str],
    pause_after: bool = False,
    hold: float = 1.5,
) -> tuple[Outcome, Outcome]:
    """Run `first` up to its call of `pause_at` (module, name), then `second`, then the rest of `first`.

    With `pause_after`, `first` stops once that call has returned rather than before it.
    """
    module, name = pause_at
    real = getattr(module, name)
    paused = threading.Event()
    first_thread: list[threading.Thread] = []
    one, two = Outcome(), Outcome()

    def pause() -> None:
        if threading.current_thread() is first_thread[0] and not paused.is_set():
            paused.set()
            two.finished.wait(hold)  # a second writer blocked on our lock never finishes: go on

    def pausing(*args, **kwargs):
        if not pause_after:
            pause()
        result = real(*args, **kwargs)
        if pause_after:
            pause()
        return result

    monkeypatch.setattr(module, name, pausing)
    first_thread.append(threading.Thread(target=_run, args=(first, one)))
    first_thread[0].start()
    if not paused.wait(30):
        first_thread[0].join(30)
        raise AssertionError(f"the first writer never reached {name}: {one.error!r}")
    second_thread = threading.Thread(target=_run, args=(second, two))
    second_thread.start()
    for thread in (first_thread[0], second_thread):
        thread.join(60)
        assert not thread.is_alive(), "a writer is still waiting: a deadlock"
    return one, two
