"""The demo: users for every role, a cycle caught in the middle of its calendar, each app's story.

The core knows no app by name: each app registers the demo step of its calendar step in its
``AppConfig.ready()`` with ``bangkok_network.extensions.demo_step_register``; ``demo_load`` places
the cycle's calendar and runs the registered steps in calendar order. A step of the calendar that
no app registers stops the loader with a message naming it, so a renamed or forgotten
registration cannot pass silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from bangkok_network import clock, services
from bangkok_network.demo.calendar import (
    PLACEMENT_RULE,
    DemoTimeline,
    SeedCalendar,
    calendar_place,
    knots_from_calendar,
    seed_calendar,
)
from bangkok_network.demo.users import DEMO_PASSWORD, DemoLogin, demo_users_load
from bangkok_network.errors import PortalError
from bangkok_network.extensions import DEMO_EPILOGUES, DEMO_STEPS, DemoStep
from bangkok_network.models import Cycle, StepKind, fiscal_year_of
from bangkok_network.thai import be_date

__all__ = [
    "DEMO_PASSWORD",
    "PLACEMENT_RULE",
    "DemoError",
    "DemoLogin",
    "DemoTimeline",
    "demo_load",
    "demo_steps",
    "demo_timeline",
    "demo_users_load",
]


class DemoError(PortalError):
    """The demo cannot be built as asked; the message is Thai."""


def demo_steps(*, cycle: Cycle) -> list[tuple[str, DemoStep]]:
    """Return the registered steps in the order of the cycle's calendar; every step must have one."""
    kinds = list(cycle.steps.order_by("number").values_list("kind", flat=True))
    missing = [kind for kind in kinds if kind not in DEMO_STEPS]
    if missing:
        raise ImproperlyConfigured(
            "no app registered a demo step for: " + ", ".join(str(StepKind(k).label) for k in missing)
        )
    return [(kind, DEMO_STEPS[kind]) for kind in kinds]


@dataclass
class DemoResult:
    cycle: Cycle
    is_new_cycle: bool
    open_kind: str | None
    summaries: list[tuple[str, str]]
    logins: list[DemoLogin]
    epilogues: list[tuple[str, str]] = field(default_factory=list)


def _rewrite_dates(text: str, old: date, new: date) -> str:
    """Move a date the calendar's text names (๑๔ พฤษภาคม ๒๕๗๐) along with the step's date."""
    for thai_digits in (True, False):
        text = text.replace(
            be_date(old, long=True, thai_digits=thai_digits), be_date(new, long=True, thai_digits=thai_digits)
        )
    return text


@transaction.atomic
def _cycle_create(*, seed: SeedCalendar, fiscal_year: int, today: date, open_kind: str):
    """Create the demo cycle from the reference one with the calendar placed for ``today``."""
    placement = calendar_place(seed=seed, fiscal_year=fiscal_year, today=today, open_kind=open_kind)
    placed = placement.steps(seed)
    source = Cycle.objects.get(fiscal_year=seed.fiscal_year)
    # Prepared by the department a fortnight before step 1 opens (yesterday, if today is earlier).
    created = min(placed[seed.steps[0].kind][0] - timedelta(days=14), today - timedelta(days=1))
    with clock.moment(timezone.make_aware(datetime.combine(created, time(9, 0)))):
        cycle = services.cycle_copy(source=source, fiscal_year=fiscal_year, user=None)
        for step in cycle.steps.order_by("number"):
            start, due = placed[step.kind]
            if (start, due) == (step.start_date, step.due_date):
                continue  # the whole-year shift: cycle_copy already wrote the dates and their text
            description = _rewrite_dates(step.description, step.due_date, due)
            services.calendar_step_update(
                step=step,
                user=None,
                start_date=start,
                due_date=due,
                description=_rewrite_dates(description, step.start_date, start),
                period_label="",  # written from the dates
            )
        services.cycle_update(
            cycle=cycle,
            user=None,
            memo_number=source.memo_number,
            memo_date=placement.place_day(seed.memo_date) if seed.memo_date else None,
        )
    return cycle


def demo_timeline(*, cycle: Cycle, today: date, seed: SeedCalendar | None = None) -> DemoTimeline:
    """Return the story's clock on a cycle's calendar, played up to the day before ``today``."""
    seed = seed or seed_calendar()
    placed = {s.kind: (s.start_date, s.due_date) for s in cycle.steps.all()}
    if set(placed) != {s.kind for s in seed.steps}:
        raise DemoError(
            f"ปฏิทินของรอบปีงบประมาณ {cycle.fiscal_year} มีขั้นตอนไม่ครบตามปฏิทินต้นแบบ จึงสร้างข้อมูลตัวอย่างไม่ได้"
        )
    # The story's map is read back from the calendar's step boundaries, on the first run as on
    # every later one, so a rerun continues the same story (calendar_place keeps it so).
    return DemoTimeline(cycle=cycle, seed=seed, knots=knots_from_calendar(seed, placed), today=today)


def demo_load(
    *, today: date, fiscal_year: int | None = None, open_kind: str = StepKind.PROJECTS
) -> DemoResult:
    """Build (or top up) the demo: reference data, users, the cycle and every app's story.

    A new cycle gets the seed calendar placed so that ``today`` falls inside an open step; a
    cycle that exists keeps its calendar. Either way the story is played up to the day before
    ``today``, and what an earlier run already made is left as it is.
    """
    services.reference_data_load()
    logins = demo_users_load()
    seed = seed_calendar()
    fiscal_year = fiscal_year or fiscal_year_of(today)
    cycle = Cycle.objects.filter(fiscal_year=fiscal_year).first()
    is_new = cycle is None or not cycle.steps.exists()
    if cycle is not None and is_new:
        raise DemoError(f"รอบปีงบประมาณ {fiscal_year} มีอยู่แล้วแต่ไม่มีปฏิทิน: เพิ่มขั้นตอนก่อน หรือเลือกปีอื่น")
    if is_new:
        cycle = _cycle_create(seed=seed, fiscal_year=fiscal_year, today=today, open_kind=open_kind)
    timeline = demo_timeline(cycle=cycle, today=today, seed=seed)
    open_now = next((s.kind for s in cycle.steps.all() if s.start_date <= today <= s.due_date), None)
    summaries = [(kind, load(timeline=timeline)) for kind, load in demo_steps(cycle=cycle)]
    epilogues = [(label, load(timeline=timeline)) for label, load in DEMO_EPILOGUES.items()]
    return DemoResult(cycle, is_new, open_now, summaries, logins, epilogues)
