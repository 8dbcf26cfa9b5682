"""Reads of the themes: the cycle's key issues grouped, with the groups and P1 projects behind each.

A fixed number of queries whatever the number of groups, issues or projects: the issues (with
their districts), the officer's decisions, the P1 forms (with projects) and the latest progress.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from bangkok_network.models import Cycle, District, DistrictGroup
from meetings.models import KeyIssue
from meetings.selectors import key_issues_for_cycle
from progress.selectors import latest_report_by_project
from projects_p1.models import Project
from projects_p1.selectors import forms_for_cycle
from themes.clustering import IssueText, cluster_issues, issue_key
from themes.models import ThemeDecision


@dataclass
class Theme:
    """One theme of a cycle: its key issues, the groups that raised them and the projects behind."""

    key: int  # the pk of its first issue: names the theme in an officer's edit
    name: str
    words: list[str]
    is_named_by_officer: bool
    issues: list[KeyIssue]
    groups: list[DistrictGroup] = field(default_factory=list)
    districts: list[District] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)
    budget: Decimal = Decimal("0")
    spent: Decimal = Decimal("0")
    percent_done: float = 0.0  # mean of the projects' latest reported percent (none reported: 0)
    participants: int = 0

    @property
    def group_count(self) -> int:
        return len(self.groups)

    @property
    def project_count(self) -> int:
        return len(self.projects)

    @property
    def is_shared(self) -> bool:
        return len(self.groups) > 1

    @property
    def issue_texts(self) -> list[tuple[str, list[KeyIssue]]]:
        """Return the distinct issue texts with the issues of each (an officer decides per text)."""
        by_key: dict[str, tuple[str, list[KeyIssue]]] = {}
        for issue in self.issues:
            by_key.setdefault(issue_key(issue.title), (issue.title, []))[1].append(issue)
        return list(by_key.values())


def decisions_for(keys: list[str]) -> dict[str, ThemeDecision]:
    return {d.issue_key: d for d in ThemeDecision.objects.filter(issue_key__in=set(keys))}


def themes_for_cycle(*, cycle: Cycle) -> list[Theme]:
    """Return the cycle's themes, most groups first, with projects, budget and progress."""
    issues = list(key_issues_for_cycle(cycle=cycle))
    keys = [issue_key(issue.title) for issue in issues]
    decisions = decisions_for(keys)
    clusters = cluster_issues(
        [
            IssueText(
                pk=issue.pk,
                title=issue.title,
                problem=issue.problem,
                decided=decisions[key].theme_name if key in decisions else "",
            )
            for issue, key in zip(issues, keys, strict=True)
        ]
    )
    by_pk = {issue.pk: issue for issue in issues}
    projects_by_issue: dict[int, list[Project]] = {}
    # Forms sent to the department at least once: a draft never sent is not a group's answer yet.
    for form in forms_for_cycle(cycle=cycle):
        if form.key_issue_id and form.version >= 1:
            projects_by_issue.setdefault(form.key_issue_id, []).extend(form.projects.all())
    latest = latest_report_by_project(cycle=cycle)

    themes = []
    for cluster in clusters:
        members = [by_pk[pk] for pk in cluster.members]
        theme = Theme(
            key=min(cluster.members),
            name=cluster.name,
            words=cluster.words,
            is_named_by_officer=cluster.is_named_by_officer,
            issues=members,
        )
        groups = {issue.group_id: issue.group for issue in members}
        theme.groups = sorted(groups.values(), key=lambda g: (g.order, g.code))
        districts = {d.pk: d for issue in members for d in issue.districts.all()}
        theme.districts = sorted(districts.values(), key=lambda d: d.code)
        theme.projects = [p for issue in members for p in projects_by_issue.get(issue.pk, [])]
        theme.budget = sum((p.budget for p in theme.projects), Decimal("0"))
        reports = [latest.get(p.pk) for p in theme.projects]
        theme.spent = sum((r.budget_spent for r in reports if r), Decimal("0"))
        theme.participants = sum(r.participants for r in reports if r)
        if theme.projects:
            theme.percent_done = round(sum(r.percent for r in reports if r) / len(theme.projects), 1)
        themes.append(theme)
    themes.sort(key=lambda t: (-t.group_count, -len(t.issues), t.key))
    return themes


def theme_get(themes: list[Theme], key: int) -> Theme | None:
    return next((theme for theme in themes if theme.key == key), None)
