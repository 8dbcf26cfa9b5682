"""The calendar rule of the core, in one place: Buddhist-Era years and the October fiscal year."""

from datetime import date

import pytest

from bangkok_network.models import be_year, ce_year, fiscal_year_bounds, fiscal_year_of


def test_the_buddhist_era_is_543_years_ahead_both_ways():
    assert (be_year(2021), ce_year(2564)) == (2564, 2021)


@pytest.mark.parametrize(
    ("day", "fiscal_year"),
    [
        (date(2020, 9, 30), 2563),
        (date(2020, 10, 1), 2564),  # the fiscal year starts in October ...
        (date(2021, 1, 1), 2564),  # ... and is named after the year in which it ends
        (date(2021, 9, 30), 2564),
        (date(2021, 10, 1), 2565),
    ],
)
def test_a_day_belongs_to_the_fiscal_year_that_ends_after_it(day, fiscal_year):
    assert fiscal_year_of(day) == fiscal_year


def test_a_fiscal_year_runs_from_1_october_to_30_september():
    assert fiscal_year_bounds(2564) == (date(2020, 10, 1), date(2021, 9, 30))
    assert fiscal_year_bounds(2568) == (date(2024, 10, 1), date(2025, 9, 30))  # a leap February inside
    start, end = fiscal_year_bounds(2570)
    assert fiscal_year_of(start) == fiscal_year_of(end) == 2570
