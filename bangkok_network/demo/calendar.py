"""When the demo's story happens: the seed calendar placed on the demo cycle's fiscal year.

Each app writes its part of the story on the seed calendar — FY 2564 of
fixtures/reference_data.json, the memo's own dates: registries sent at the end of March, P1
returned on 13 May, progress reported on 30 June. The loader places that calendar on the demo
cycle's fiscal year (``calendar_place``) and plays the story up to the day before ``today``
(``DemoTimeline``), so the programme is caught in the middle of a step.

Placement of a new demo cycle when ``today`` lies in its fiscal year (see PLACEMENT_RULE):
the middle day of the step that should be open (the projects step unless asked otherwise) falls
on ``today``; the seed calendar keeps its lengths where it fits and is compressed, evenly, on
the side that would spill out of the fiscal year; no stretch shrinks below a quarter of its seed
length, else the open step moves one earlier (or later) and the rule is tried again.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from fractions import Fraction
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from bangkok_network import clock
from bangkok_network.models import Cycle, StepKind, fiscal_year_bounds
from bangkok_network.services import _shift_year

REFERENCE_FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "reference_data.json"
# No stretch of the seed calendar (a step or the gap between two) is placed on fewer than this
# share of its days: a month-long registry step squeezed into a week still reads as a step.
MIN_SCALE = Fraction(1, 4)
# Story times are office hours. Where the calendar keeps the seed's lengths they stay as written;
# where it is compressed, several seed days share a placed day, whose moments are spread over
# office hours in their order (else a compressed moment could fall at three in the morning).
OFFICE_OPENS, OFFICE_HOURS = timedelta(hours=8, minutes=30), timedelta(hours=8)

PLACEMENT_RULE = (
    "A new demo cycle's calendar is the FY 2564 seed placed so that the middle day of the step that "
    "should be open (projects, or --step) falls on --today; the seed's order, lengths and gaps are "
    "kept where the fiscal year (1 Oct - 30 Sep) has room, and the side that would spill out is "
    "compressed evenly (each step at least a day; the open step at the same scale on both sides of "
    "today); if a part would shrink below a quarter, the open step moves one earlier (early in the "
    "year) or later (late in the year). A --today outside the fiscal year moves the seed calendar "
    "whole years. A cycle that exists keeps its calendar"
)


@dataclass(frozen=True)
class SeedStep:
    number: int
    kind: str
    start: date
    due: date


@dataclass(frozen=True)
class SeedCalendar:
    """The reference cycle's calendar as the fixture gives it (FY 2564)."""

    fiscal_year: int
    steps: tuple[SeedStep, ...]
    memo_date: date | None

    def day(self, month: int, day: int) -> date:
        """Return a day of the seed fiscal year: October to December fall in the year before."""
        first = fiscal_year_bounds(self.fiscal_year)[0]
        return date(first.year + (month < first.month), month, day)

    def step(self, kind: StepKind | str) -> SeedStep:
        return next(s for s in self.steps if s.kind == kind)


def seed_calendar(*, path: Path = REFERENCE_FIXTURE) -> SeedCalendar:
    """Read the seed calendar: the first (reference) cycle of the reference-data fixture."""
    row = json.loads(path.read_text(encoding="utf-8"))["cycles"][0]
    steps = tuple(
        SeedStep(
            s["number"], s["kind"], date.fromisoformat(s["start_date"]), date.fromisoformat(s["due_date"])
        )
        for s in sorted(row["steps"], key=lambda s: s["number"])
    )
    memo = row.get("memo_date")
    return SeedCalendar(row["fiscal_year"], steps, date.fromisoformat(memo) if memo else None)


# --- placing the calendar ------------------------------------------------------------------------

Knots = tuple[tuple[date, date], ...]  # (seed midnight, placed midnight), both increasing


@dataclass(frozen=True)
class Placement:
    """The seed calendar on the demo cycle's fiscal year: a monotone map given by its knots."""

    knots: Knots
    open_kind: str | None  # the step open on today; None when today is outside the fiscal year

    def place_day(self, seed_day: date) -> date:
        return _map(self.knots, datetime.combine(seed_day, time(0)))[0].date()

    def steps(self, seed: SeedCalendar) -> dict[str, tuple[date, date]]:
        """Return each step's placed (start, due): a step ends the day before its end boundary."""
        return {
            s.kind: (self.place_day(s.start), self.place_day(s.due + timedelta(days=1)) - timedelta(days=1))
            for s in seed.steps
        }


def _apportion(lengths: Sequence[int], total: int, minimums: Sequence[int]) -> list[int]:
    """Share ``total`` days among stretches in proportion to their seed lengths (largest remainder).

    Each stretch gets at least its minimum; ties go to the earlier stretch, so the result is the
    same on every run.
    """
    whole = sum(lengths)
    assert sum(minimums) <= total, "the anchor rule leaves every step at least a day"
    raw = [Fraction(length * total, whole) for length in lengths]
    shares = [max(m, math.floor(r)) for r, m in zip(raw, minimums, strict=True)]
    while sum(shares) < total:
        i = max(range(len(shares)), key=lambda i: (raw[i] - shares[i], -i))
        shares[i] += 1
    while sum(shares) > total:
        candidates = [i for i in range(len(shares)) if shares[i] > minimums[i]]
        i = min(candidates, key=lambda i: (raw[i] - shares[i], -shares[i], i))
        shares[i] -= 1
    return shares


def _boundaries(seed: SeedCalendar) -> list[tuple[date, bool]]:
    """Return the seed's step boundaries (midnights) and whether the stretch after each is a step."""
    points = {s.due + timedelta(days=1): False for s in seed.steps}
    points |= {s.start: True for s in seed.steps}
    return sorted(points.items())


def _lay_out(
    seed_points: list[date], is_step: list[bool], placed_from: date, days: int, *, backwards: bool
) -> list[tuple[date, date]]:
    """Place consecutive seed points on ``days`` days that start (or end) at ``placed_from``."""
    lengths = [(b - a).days for a, b in zip(seed_points, seed_points[1:], strict=False)]
    if sum(lengths) <= days:
        shares = lengths  # it fits: keep the seed's lengths
    else:
        minimums = [1 if step and n else 0 for step, n in zip(is_step[:-1], lengths, strict=True)]
        shares = _apportion(lengths, days, minimums)
    knots = []
    if backwards:
        cursor = placed_from
        knots.append((seed_points[-1], cursor))
        for point, share in zip(reversed(seed_points[:-1]), reversed(shares), strict=True):
            cursor -= timedelta(days=share)
            knots.append((point, cursor))
        return knots[::-1]
    cursor = placed_from
    knots.append((seed_points[0], cursor))
    for point, share in zip(seed_points[1:], shares, strict=True):
        cursor += timedelta(days=share)
        knots.append((point, cursor))
    return knots


def _fits(seed_days: int, available: int) -> bool:
    return seed_days <= available or available >= math.ceil(seed_days * MIN_SCALE)


def _anchor_candidates(seed: SeedCalendar, open_kind: str) -> list[tuple[str, date]]:
    """Return (kind, seed day) to try as today's place: the wanted step first, then outwards."""
    kinds = [s.kind for s in seed.steps]
    at = kinds.index(open_kind)
    order = [*range(at, -1, -1), *range(at + 1, len(kinds))]

    def middle(s: SeedStep) -> date:
        return s.start + timedelta(days=((s.due - s.start).days + 1) // 2)

    candidates = [(seed.steps[i].kind, middle(seed.steps[i])) for i in order]
    # The first days of a fiscal year: step 1 opens on today itself.
    return [*candidates, (seed.steps[0].kind, seed.steps[0].start)]


def calendar_place(
    *, seed: SeedCalendar, fiscal_year: int, today: date, open_kind: StepKind | str = StepKind.PROJECTS
) -> Placement:
    """Place the seed calendar on a fiscal year so that ``today`` falls inside an open step.

    The same arguments always give the same calendar. A ``today`` outside the fiscal year places
    the seed calendar whole years on: nothing has happened yet, or everything has.
    """
    first, last = fiscal_year_bounds(fiscal_year)
    points = _boundaries(seed)
    is_step = dict(points)
    if not (first <= today <= last):
        years = fiscal_year - seed.fiscal_year
        # The same whole-year shift as cycle_copy's, so the copied calendar is already in place.
        return Placement(tuple((p, _shift_year(p, years)) for p, _ in points), None)
    start, end = points[0][0], points[-1][0]
    room_before, room_after = (today - first).days, (last - today).days
    for kind, anchor in _anchor_candidates(seed, StepKind(open_kind).value):
        step = seed.step(kind)
        step_end = step.due + timedelta(days=1)
        # Seed days before the anchor day (earlier steps, then the open step's own) and after it.
        others_before, own_before = (step.start - start).days, (anchor - step.start).days
        own_after, others_after = (step_end - anchor).days - 1, (end - step_end).days
        if not (
            _fits(others_before + own_before, room_before) and _fits(own_after + others_after, room_after)
        ):
            continue
        # The open step keeps one scale on both sides of today (the tighter side's), so the story
        # map read back from the calendar's boundaries is the same map on every later run.
        needs = [(others_before + own_before, room_before), (own_after + others_after, room_after)]
        scale = min([Fraction(1)] + [Fraction(room, need) for need, room in needs if need])
        opened = today - timedelta(days=round(own_before * scale))
        closes = today + timedelta(days=1 + round(own_after * scale))
        front = [p for p in is_step if p < step.start] + [step.start]
        back = [step_end] + [p for p in is_step if p > step_end]
        knots = _lay_out(
            front,
            [is_step[p] for p in front],
            opened,
            min(others_before, (opened - first).days),
            backwards=True,
        )
        knots += _lay_out(
            back,
            [is_step[p] for p in back],
            closes,
            min(others_after, (last + timedelta(days=1) - closes).days),
            backwards=False,
        )
        return Placement(tuple(knots), kind)
    raise AssertionError("step 1 opening on today always fits")  # pragma: no cover


def knots_from_calendar(seed: SeedCalendar, placed: dict[str, tuple[date, date]]) -> Knots:
    """Rebuild the map from a cycle's existing calendar: each seed step boundary to its placed one."""
    pairs = set()
    for s in seed.steps:
        start, due = placed[s.kind]
        pairs |= {(s.start, start), (s.due + timedelta(days=1), due + timedelta(days=1))}
    return tuple(sorted(pairs))


def _map(knots: Knots, seed_moment: datetime) -> tuple[datetime, bool]:
    """Map a (naive, local) seed moment along the knots; say whether its stretch was compressed.

    Beyond the first and last knot the map keeps the seed's pace. Knots are midnights, so each
    placed day lies in one stretch, kept or compressed.
    """
    points = [(datetime.combine(k, time(0)), datetime.combine(p, time(0))) for k, p in knots]
    if seed_moment < points[0][0]:
        return points[0][1] - (points[0][0] - seed_moment), False
    for (k0, p0), (k1, p1) in zip(points, points[1:], strict=False):
        # Equal seed points are a jump (a gap the placed calendar has and the seed has not).
        if k0 <= seed_moment < k1:
            return p0 + (p1 - p0) * ((seed_moment - k0) / (k1 - k0)), (p1 - p0) != (k1 - k0)
    return points[-1][1] + (seed_moment - points[-1][0]), False


def _in_office_hours(moment: datetime) -> datetime:
    """Spread a compressed moment's place in its day over office hours, keeping the order."""
    midnight = datetime.combine(moment.date(), time(0))
    return midnight + OFFICE_OPENS + OFFICE_HOURS * ((moment - midnight) / timedelta(days=1))


# --- the story's clock ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoTimeline:
    """What each app's demo step is given: the cycle, and when its story's moments fall.

    ``moment(5, 12, 14)`` is 12 May 14:00 of the seed calendar placed on the demo cycle;
    ``happened(at)`` says whether it lies before the demo's today (the story stops at midnight).
    """

    cycle: Cycle
    seed: SeedCalendar
    knots: Knots
    today: date

    def moment(self, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
        seed_moment = datetime.combine(self.seed.day(month, day), time(hour, minute))
        placed, compressed = _map(self.knots, seed_moment)
        if compressed:
            placed = _in_office_hours(placed)
        return timezone.make_aware(placed, timezone.get_default_timezone())

    def date(self, month: int, day: int) -> date:
        """Return a seed day's placed date (a date field: a plan, a meeting, a report's date)."""
        return self.moment(month, day, 12).date()

    def date_of(self, seed_day: date) -> date:
        return self.date(seed_day.month, seed_day.day)

    def happened(self, at: datetime) -> bool:
        return timezone.localdate(at) < self.today

    def when(self, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime | None:
        """Return the placed moment if it happened before today, else None (not yet)."""
        at = self.moment(month, day, hour, minute)
        return at if self.happened(at) else None

    def at(self, moment: datetime):
        """Set the portal's clock to the moment (for auto_now fields and history)."""
        return clock.moment(moment)
