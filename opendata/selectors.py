"""What the public may read of a cycle: counts per group and district, themes, projects — no person.

Everything public is assembled here, from fields chosen one by one (``FIELDS`` of each dataset):
codes and names of groups, districts and plan dimensions; counts; key-issue titles and theme
names; projects' own fields (their names, objectives, budgets, dates, targets) and the figures of
their latest progress report. Nothing about a member, an attendee, a signer or a user is read; the
free-text parts of progress reports (which may name people) are left out, and so are P1 forms
never sent to the department. ``tests/opendata/test_no_personal_data.py`` fills every other text
field of every model with a marker and finds none in any public answer.

A fixed number of queries whatever the number of groups, districts, issues or projects.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from bangkok_network.models import Cycle
from bangkok_network.selectors import cycle_list, district_assignments, group_list
from meetings.selectors import DistrictFigures, district_figures, meeting_counts_by_group
from reports.exporters.opendata import FIELDS as PROJECT_FIELDS
from reports.exporters.opendata import opendata_rows
from themes.selectors import themes_for_cycle


@dataclass(frozen=True)
class Dataset:
    key: str  # the file name: <key>.csv, <key>.json
    title: str
    description: str
    fields: tuple[str, ...]


GROUPS = Dataset(
    "groups",
    "สรุปรายกลุ่มเขต",
    "จำนวนเขต สมาชิกเครือข่าย การประชุม ประเด็นสำคัญ โครงการ งบประมาณ และความคืบหน้า ของแต่ละกลุ่มเขต",
    (
        "fiscal_year",
        "group_code",
        "group_name",
        "districts",
        "members",
        "persons",
        "organisations",
        "members_in_meetings",
        "meetings",
        "key_issues",
        "themes",
        "projects",
        "budget_baht",
        "budget_spent_baht",
        "percent_complete_mean",
        "participants",
    ),
)
DISTRICTS = Dataset(
    "districts",
    "สรุปรายเขต",
    "จำนวนสมาชิกเครือข่าย ผู้เข้าร่วมประชุม และประเด็นสำคัญของแต่ละเขต พร้อมกลุ่มเขตที่สังกัดในปีนั้น",
    (
        "fiscal_year",
        "district_code",
        "district_name",
        "group_code",
        "group_name",
        "members",
        "persons",
        "organisations",
        "members_in_meetings",
        "key_issues",
        "themes",
    ),
)
THEMES = Dataset(
    "themes",
    "ประเด็นร่วมของกลุ่มเขต",
    "ประเด็นสำคัญจากรายงานการประชุมของกลุ่มเขต จัดเป็นกลุ่มประเด็น พร้อมกลุ่มเขตที่เสนอ โครงการ งบประมาณ และความคืบหน้า",
    (
        "fiscal_year",
        "theme",
        "group_codes",
        "groups",
        "district_codes",
        "key_issues",
        "projects",
        "budget_baht",
        "budget_spent_baht",
        "percent_complete_mean",
    ),
)
PROJECTS = Dataset(
    "projects",
    "โครงการ งบประมาณ และความคืบหน้า",
    "โครงการ/กิจกรรมตามแบบ P1 ที่ส่งสำนักยุทธศาสตร์และประเมินผลแล้ว พร้อมความคืบหน้าล่าสุด",
    (*PROJECT_FIELDS, "theme"),
)
DATASETS = {d.key: d for d in (GROUPS, DISTRICTS, THEMES, PROJECTS)}
SEPARATOR = "; "


def _money(value: Decimal) -> str:
    return f"{value:.2f}"


def _sum(rows: list[dict[str, Any]], key: str) -> Decimal:
    return sum((Decimal(row[key]) for row in rows), Decimal("0"))


@dataclass
class OpenCycle:
    """One cycle's public data: a list of rows per dataset and the totals the summary page shows."""

    cycle: Cycle
    rows: dict[str, list[dict[str, Any]]]
    totals: dict[str, Any]


def open_cycles() -> list[Cycle]:
    return list(cycle_list())


def open_cycle(*, cycle: Cycle) -> OpenCycle:
    """Assemble every public dataset of the cycle (a fixed number of queries)."""
    year = cycle.fiscal_year
    themes = themes_for_cycle(cycle=cycle)
    projects = opendata_rows(cycle=cycle)
    theme_of_project = {p.pk: t.name for t in themes for p in t.projects}
    themes_of_group: dict[int, list[str]] = {}
    themes_of_district: dict[int, list[str]] = {}
    for theme in themes:
        for group in theme.groups:
            themes_of_group.setdefault(group.pk, []).append(theme.name)
        for district in theme.districts:
            themes_of_district.setdefault(district.pk, []).append(theme.name)

    figures = district_figures(cycle=cycle)
    assignments = sorted(district_assignments(cycle=cycle), key=lambda a: a.district.code)
    district_rows, by_group = [], {}
    for a in assignments:
        f = figures.get(a.district_id, DistrictFigures())
        by_group.setdefault(a.group_id, []).append(f)
        district_rows.append(
            {
                "fiscal_year": year,
                "district_code": a.district.code,
                "district_name": a.district.name,
                "group_code": a.group.code,
                "group_name": a.group.full_name,
                "members": f.members,
                "persons": f.persons,
                "organisations": f.organisations,
                "members_in_meetings": f.participated,
                "key_issues": f.key_issues,
                "themes": SEPARATOR.join(themes_of_district.get(a.district_id, [])),
            }
        )

    meetings = meeting_counts_by_group(cycle=cycle)
    issues_of_group: dict[int, int] = {}
    for theme in themes:
        for issue in theme.issues:
            issues_of_group[issue.group_id] = issues_of_group.get(issue.group_id, 0) + 1
    group_rows = []
    for group in group_list():
        districts = by_group.get(group.pk, [])
        own = [p for p in projects if p["group_code"] == group.code]
        group_rows.append(
            {
                "fiscal_year": year,
                "group_code": group.code,
                "group_name": group.full_name,
                "districts": len(districts),
                "members": sum(f.members for f in districts),
                "persons": sum(f.persons for f in districts),
                "organisations": sum(f.organisations for f in districts),
                "members_in_meetings": sum(f.participated for f in districts),
                "meetings": meetings.get(group.pk, 0),
                "key_issues": issues_of_group.get(group.pk, 0),
                "themes": SEPARATOR.join(themes_of_group.get(group.pk, [])),
                "projects": len(own),
                "budget_baht": _money(sum((Decimal(p["budget_baht"]) for p in own), Decimal("0"))),
                "budget_spent_baht": _money(
                    sum((Decimal(p["budget_spent_baht"]) for p in own), Decimal("0"))
                ),
                "percent_complete_mean": round(sum(p["percent_complete"] for p in own) / len(own), 1)
                if own
                else 0.0,
                "participants": sum(p["participants"] for p in own),
            }
        )

    theme_rows = [
        {
            "fiscal_year": year,
            "theme": t.name,
            "group_codes": SEPARATOR.join(g.code for g in t.groups),
            "groups": SEPARATOR.join(g.full_name for g in t.groups),
            "district_codes": SEPARATOR.join(d.code for d in t.districts),
            "key_issues": SEPARATOR.join(dict.fromkeys(i.title for i in t.issues)),
            "projects": t.project_count,
            "budget_baht": _money(t.budget),
            "budget_spent_baht": _money(t.spent),
            "percent_complete_mean": t.percent_done,
        }
        for t in themes
    ]
    project_rows = [{**p, "theme": theme_of_project.get(p["project_id"], "")} for p in projects]

    totals = {
        "groups": len(group_rows),
        "districts": len(district_rows),
        "members": sum(r["members"] for r in group_rows),
        "meetings": sum(r["meetings"] for r in group_rows),
        "key_issues": sum(len(t.issues) for t in themes),
        "themes": len(themes),
        "shared_themes": sum(1 for t in themes if t.is_shared),
        "projects": len(project_rows),
        "budget": _sum(project_rows, "budget_baht"),
        "spent": _sum(project_rows, "budget_spent_baht"),
    }
    return OpenCycle(
        cycle=cycle,
        rows={
            GROUPS.key: group_rows,
            DISTRICTS.key: district_rows,
            THEMES.key: theme_rows,
            PROJECTS.key: project_rows,
        },
        totals=totals,
    )
