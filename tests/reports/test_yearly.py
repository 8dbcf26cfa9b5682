"""Year on year in the evaluation: figures beside the year before's, on the page, in the PDF and Excel."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from bangkok_network.services import cycle_copy
from meetings.models import AttendanceStatus
from reports.exporters import export_document
from reports.pdf.textcheck import extract_text_pdftotext, normalise
from reports.yearly import year_comparison
from tests.meetings.factories import MeetingFactory, make_member
from tests.progress import factories as progress_factories

pytestmark = pytest.mark.django_db


def _year(cycle, group, *, members: int, meetings: int, budgets: list[str], interests: list[str]):
    people = [
        make_member(
            cycle=cycle,
            group=group,
            first_name=f"สมาชิก{cycle.fiscal_year}{n}",
            interest=interests[n % len(interests)],
        )
        for n in range(members)
    ]
    start = cycle.start_date + datetime.timedelta(days=190)
    for number in range(1, meetings + 1):
        meeting = MeetingFactory(
            cycle=cycle,
            group=group,
            number=number,
            year=cycle.fiscal_year,
            date=start + datetime.timedelta(days=7 * number),
        )
        meeting.attendances.create(member=people[number - 1], status=AttendanceStatus.PRESENT)
    for order, budget in enumerate(budgets, start=1):
        progress_factories.project(
            cycle=cycle, group=group, name=f"โครงการ{order}", budget=budget, order=order
        )


@pytest.fixture
def two_years(cycle, group, other_group, officer):
    _year(cycle, group, members=4, meetings=1, budgets=["100000.00"], interests=["สุขภาพ"])
    _year(cycle, other_group, members=2, meetings=1, budgets=[], interests=["อาชีพ"])
    later = cycle_copy(source=cycle, fiscal_year=2565, user=officer)
    _year(later, group, members=6, meetings=2, budgets=["150000.00", "100000.00"], interests=["สุขภาพ", "ขยะ"])
    return cycle, later


def test_a_year_is_compared_with_the_year_before_per_group_and_overall(two_years, group, other_group):
    earlier, later = two_years
    comparison = year_comparison(later)
    assert comparison.previous_cycle == earlier
    overall = {c.measure.key: c for c in comparison.overall}
    assert (overall["members"].previous, overall["members"].current, overall["members"].difference) == (
        6,
        6,
        0,
    )
    assert (overall["budget"].previous, overall["budget"].current) == (
        Decimal("100000.00"),
        Decimal("250000.00"),
    )
    assert overall["budget"].percent == 150.0
    assert overall["meetings"].difference == 0
    assert overall["interests"].is_comparable is False  # distinct per group: no overall sum
    rows = {row.group.code: row for row in comparison.groups}
    central, south = rows[group.code], rows[other_group.code]
    assert (central.get("members").previous, central.get("members").current) == (4, 6)
    assert central.get("members").percent == 50.0
    assert central.get("members").difference_text == "+2"
    assert central.get("interests").difference == 1
    assert central.get("projects").difference_text == "+1"
    assert central.get("budget").difference_text == "+150,000.00"
    assert (south.get("members").difference_text, south.get("members").percent_text) == ("-2", "-100.0%")
    assert south.get("participation_percent").percent is None  # points, not a percent of a percent


def test_the_first_year_has_no_comparison(cycle, client, officer):
    assert year_comparison(cycle) is None
    client.force_login(officer)
    page = client.get(
        reverse("reports:evaluation", kwargs={"fiscal_year": cycle.fiscal_year})
    ).content.decode()
    assert 'id="no-year-on-year"' in page and 'id="year-on-year"' not in page


def test_the_evaluation_page_shows_the_comparison_and_its_charts(two_years, client, executive):
    _, later = two_years
    client.force_login(executive)
    page = client.get(
        reverse("reports:evaluation", kwargs={"fiscal_year": later.fiscal_year})
    ).content.decode()
    assert "เปรียบเทียบกับปีงบประมาณ 2564" in page
    assert "4 → 6" in page
    assert page.count('src="data:image/png;base64,') >= 7  # the evaluation's five and the comparison's two


def test_the_pdf_carries_the_comparison_in_thai_digits(two_years, officer):
    _, later = two_years
    pdf = export_document(kind="evaluation", cycle=later, group=None, fmt="pdf", user=officer).content
    text = normalise(extract_text_pdftotext(pdf, mode="raw"), drop_whitespace=True)
    assert normalise("๙. เปรียบเทียบกับปีงบประมาณ พ.ศ. ๒๕๖๔", drop_whitespace=True) in text
    assert normalise("งบประมาณ (บาท) ๑๐๐,๐๐๐.๐๐ ๒๕๐,๐๐๐.๐๐ +๑๕๐,๐๐๐.๐๐ +๑๕๐.๐%", drop_whitespace=True) in text
    assert normalise("๔ → ๖ (+๒)", drop_whitespace=True) in text


def test_the_workbook_has_every_measure_overall_and_per_group(two_years, group, officer):
    _, later = two_years
    content = export_document(kind="evaluation", cycle=later, group=None, fmt="xlsx", user=officer).content
    sheet = load_workbook(io.BytesIO(content))["เปรียบเทียบรายปี"]
    rows = [row for row in sheet.iter_rows(values_only=True) if row and row[1]]
    table = {(row[0], row[1]): row[2:] for row in rows[1:]}
    assert rows[0][2:4] == ("ปีงบประมาณ ๒๕๖๔", "ปีงบประมาณ ๒๕๖๕")
    assert table[("ภาพรวม", "งบประมาณ (บาท)")] == (100000, 250000, 150000, 150)
    assert table[(group.full_name, "สมาชิกในทะเบียน (ราย)")] == (4, 6, 2, 50)
    assert table[("ภาพรวม", "ด้านที่สนใจ (ความหลากหลาย)")] == (None, None, None, None)
    assert len(rows) - 1 == 14 * 7  # every measure, overall and for each of the six groups
