"""The cycle's themes carry the groups that raised them and the P1 projects, budget and progress behind."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bangkok_network.models import DistrictGroup
from tests.progress import factories as progress_factories
from tests.themes.factories import DRUGS, FLOOD, INCOME, answer, issue
from themes.selectors import themes_for_cycle

pytestmark = pytest.mark.django_db


def test_a_theme_shows_its_groups_projects_budget_and_progress(cycle):
    central, south, north = DistrictGroup.objects.order_by("order")[:3]
    flood_central = issue(cycle=cycle, group=central, wording=FLOOD[0])
    flood_south = issue(cycle=cycle, group=south, wording=FLOOD[1])
    issue(cycle=cycle, group=north, wording=INCOME[0])
    answer(issue=flood_central)
    answer(issue=flood_south)
    a = progress_factories.project(cycle=cycle, group=central, budget="150000.00")
    progress_factories.project(cycle=cycle, group=central, budget="50000.50", order=2)
    c = progress_factories.project(cycle=cycle, group=south, budget="100000.00")
    progress_factories.report(project=a, percent=40, budget_spent=Decimal("50000.00"), participants=35)
    progress_factories.report(project=c, percent=80, budget_spent=Decimal("20000.00"), participants=10)

    flood, income = themes_for_cycle(cycle=cycle)

    assert [g.code for g in flood.groups] == [central.code, south.code]
    assert (flood.project_count, flood.budget, flood.spent) == (3, Decimal("300000.50"), Decimal("70000.00"))
    assert flood.percent_done == 40.0  # (40 + 0 + 80) / 3: a project not yet reported counts as 0
    assert flood.participants == 45
    assert flood.is_shared
    assert [g.code for g in income.groups] == [north.code]
    assert (income.project_count, income.budget, income.percent_done) == (0, Decimal("0"), 0.0)


def test_projects_of_a_form_never_sent_do_not_count(cycle, group):
    raised = issue(cycle=cycle, group=group, wording=FLOOD[0])
    answer(issue=raised, version=0)
    progress_factories.project(cycle=cycle, group=group, version=0)

    (theme,) = themes_for_cycle(cycle=cycle)

    assert theme.project_count == 0


def _fill(cycle, groups, wordings):
    for index, group in enumerate(groups):
        for wording in wordings:
            raised = issue(cycle=cycle, group=group, wording=wording)
        answer(issue=raised)
        project = progress_factories.project(cycle=cycle, group=group, name=f"โครงการ {index}")
        progress_factories.report(project=project)


def test_query_count_does_not_grow_with_groups_or_issues(cycle):
    groups = list(DistrictGroup.objects.order_by("order"))
    _fill(cycle, groups[:2], FLOOD[:1])
    with CaptureQueriesContext(connection) as small:
        assert len(themes_for_cycle(cycle=cycle)) == 1
    _fill(cycle, groups[2:], FLOOD + INCOME + DRUGS)
    with CaptureQueriesContext(connection) as large:
        themes = themes_for_cycle(cycle=cycle)
    assert len(themes) == 3 and sum(len(t.issues) for t in themes) == 2 + 4 * 7

    assert len(large) == len(small)
