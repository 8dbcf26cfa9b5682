"""The demo's calendar placement, its story clock and the registry of demo steps."""

import itertools
from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured

from bangkok_network import demo, extensions
from bangkok_network.demo.calendar import (
    DemoTimeline,
    _apportion,
    calendar_place,
    knots_from_calendar,
    seed_calendar,
)
from bangkok_network.models import StepKind

SEED = seed_calendar()
KINDS = [s.kind for s in SEED.steps]


def _steps(today: date, fiscal_year: int = 2570, open_kind: str = StepKind.PROJECTS):
    placement = calendar_place(seed=SEED, fiscal_year=fiscal_year, today=today, open_kind=open_kind)
    return placement, [placement.steps(SEED)[kind] for kind in KINDS]


def test_the_seed_is_the_fy_2564_calendar_of_the_fixture():
    assert SEED.fiscal_year == 2564
    assert [(s.start, s.due) for s in SEED.steps][2] == (date(2021, 5, 3), date(2021, 5, 14))
    assert SEED.day(10, 1) == date(2020, 10, 1) and SEED.day(3, 1) == date(2021, 3, 1)


def test_on_30_november_2569_the_projects_step_is_open_and_the_earlier_ones_fit_before_it():
    placement, steps = _steps(date(2026, 11, 30))
    assert placement.open_kind == StepKind.PROJECTS
    # October and November hold steps 1–3 at about half their length; step 4 is halved around
    # today as well, and what follows keeps the seed's lengths and gaps.
    assert steps == [
        (date(2026, 10, 1), date(2026, 10, 14)),
        (date(2026, 10, 15), date(2026, 10, 28)),
        (date(2026, 10, 30), date(2026, 11, 4)),
        (date(2026, 11, 6), date(2026, 12, 23)),
        (date(2026, 12, 24), date(2026, 12, 24)),
        (date(2027, 1, 7), date(2027, 1, 7)),
    ]


def test_a_today_with_room_keeps_the_seed_calendar_as_it_is_only_moved():
    _, steps = _steps(date(2027, 5, 10))
    seed = [(s.start, s.due) for s in SEED.steps]
    assert [(b - a).days for a, b in steps] == [(b - a).days for a, b in seed]
    assert [(steps[i + 1][0] - steps[i][1]).days for i in range(5)] == [
        (seed[i + 1][0] - seed[i][1]).days for i in range(5)
    ]
    assert steps[3][0] <= date(2027, 5, 10) <= steps[3][1]


@pytest.mark.parametrize(
    ("today", "open_kind", "expected"),
    [
        (date(2026, 10, 1), StepKind.PROJECTS, StepKind.REGISTRY),  # nothing fits before: step 1 opens today
        (date(2026, 10, 20), StepKind.PROJECTS, StepKind.P1),  # too early for step 4 at a quarter scale
        (date(2027, 9, 20), StepKind.PROJECTS, StepKind.PACKAGE),  # too late: the rest does not fit
        (date(2027, 9, 30), StepKind.PROJECTS, StepKind.EVALUATION),
        (date(2026, 11, 30), StepKind.P1, StepKind.P1),  # asked for
    ],
)
def test_the_open_step_moves_when_the_year_has_no_room_for_the_wanted_one(today, open_kind, expected):
    placement, steps = _steps(today, open_kind=open_kind)
    assert placement.open_kind == expected
    start, due = steps[KINDS.index(expected)]
    assert start <= today <= due


def test_every_day_of_a_fiscal_year_gives_a_live_calendar_inside_it_in_the_seed_order():
    """For each day and each wanted step: today inside an open step, order kept, one map."""
    first, last = date(2026, 10, 1), date(2027, 9, 30)
    day = first
    while day <= last:
        for kind in KINDS:
            placement, steps = _steps(day, open_kind=kind)
            start, due = steps[KINDS.index(placement.open_kind)]
            assert start <= day <= due, (day, kind)
            assert first <= steps[0][0] and steps[-1][1] <= last, (day, kind)
            assert all(a <= b for a, b in steps), (day, kind)
            assert all(x[1] < y[0] for x, y in itertools.pairwise(steps)), (day, kind)
            # What a later run reads back from the calendar is the map this run placed it with.
            assert knots_from_calendar(SEED, placement.steps(SEED)) == placement.knots, (day, kind)
        day += timedelta(days=1)
    assert _steps(date(2027, 2, 2)) == _steps(date(2027, 2, 2))  # deterministic


def test_a_today_outside_the_fiscal_year_moves_the_seed_calendar_whole_years():
    placement, steps = _steps(date(2026, 11, 30), fiscal_year=2571)
    assert placement.open_kind is None
    assert steps[0] == (date(2028, 3, 1), date(2028, 3, 31)) and steps[-1] == (
        date(2028, 9, 10),
        date(2028, 9, 10),
    )
    _, past = _steps(date(2026, 11, 30), fiscal_year=2569)
    assert past[2] == (date(2026, 5, 3), date(2026, 5, 14))


def test_apportion_shares_days_by_length_with_minimums_and_no_day_lost():
    assert _apportion([31, 0, 30, 2, 12], 20, [1, 0, 1, 0, 1]) == [8, 0, 8, 1, 3]
    assert _apportion([1, 13, 1], 3, [1, 0, 1]) == [1, 1, 1]
    assert sum(_apportion([31, 30, 12], 17, [1, 1, 1])) == 17


def test_the_timeline_places_story_moments_and_keeps_them_in_office_hours():
    placement, steps = _steps(date(2026, 11, 30))

    class FakeCycle:
        fiscal_year = 2570

    timeline = DemoTimeline(cycle=FakeCycle(), seed=SEED, knots=placement.knots, today=date(2026, 11, 30))
    sent, returned = timeline.moment(5, 11, 10), timeline.moment(5, 13, 9)
    assert steps[2][0] <= sent.date() <= returned.date() <= steps[2][1] and sent < returned
    # A compressed calendar shares a placed day among seed days: their moments keep to office hours.
    for month, day, hour in [(3, 2, 9), (4, 9, 15), (5, 12, 14), (5, 19, 15), (8, 20, 15)]:
        at = timeline.moment(month, day, hour)
        assert 8.5 <= at.hour + at.minute / 60 <= 16.5, at
    assert timeline.when(6, 30, 15) is not None  # before today: it happened
    assert timeline.when(8, 20, 15) is None  # still to come
    assert timeline.happened(timeline.moment(5, 17)) and not timeline.happened(
        datetime(2026, 11, 30, 9, 0, tzinfo=timeline.moment(5, 17).tzinfo)
    )


def test_seed_moments_on_an_unmoved_calendar_keep_their_dates_and_hours():
    timeline = DemoTimeline(
        cycle=None,
        seed=SEED,
        knots=knots_from_calendar(SEED, {s.kind: (s.start, s.due) for s in SEED.steps}),
        today=date(2021, 10, 1),
    )
    at = timeline.moment(5, 12, 14)
    assert (at.date(), at.hour, at.minute) == (date(2021, 5, 12), 14, 0)


@pytest.mark.django_db
def test_every_step_of_the_calendar_has_a_registered_demo_step(cycle):
    assert [kind for kind, _ in demo.demo_steps(cycle=cycle)] == KINDS
    assert demo.demo_steps(cycle=cycle)[2][1].__module__ == "projects_p1.demo"


@pytest.mark.django_db
def test_a_missing_or_doubled_registration_fails_loudly(cycle, monkeypatch):
    p1_step = extensions.DEMO_STEPS[StepKind.P1]
    monkeypatch.delitem(extensions.DEMO_STEPS, StepKind.MEETINGS)
    with pytest.raises(ImproperlyConfigured, match="ประชุมกำหนดประเด็นสำคัญ"):
        demo.demo_steps(cycle=cycle)
    with pytest.raises(ImproperlyConfigured, match="registered twice"):
        extensions.demo_step_register(kind=StepKind.P1, load=lambda *, timeline: "")
    extensions.demo_step_register(kind=StepKind.P1, load=p1_step)  # the same again is fine
