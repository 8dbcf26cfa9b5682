"""Year on year: the evaluation's figures of a fiscal year beside those of the year before.

``year_comparison(cycle)`` reads both years through ``evaluation_data`` (the same figures the
evaluation's own tables print, so the comparison never disagrees with them) and pairs them per
group and overall. A year without a previous cycle has no comparison (None). The number of
queries is the evaluation's twice, whatever the number of groups, issues or earlier years.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from bangkok_network import thai
from bangkok_network.models import Cycle, DistrictGroup
from reports import charts
from reports.evaluation import EvaluationData, GroupFigures, evaluation_data


@dataclass(frozen=True)
class Measure:
    """One figure compared: what it is, how it is written, how a group's and the total are read."""

    key: str
    label: str
    kind: str  # "count", "money" or "percent"
    of_group: Callable[[GroupFigures], Any]
    of_total: Callable[[EvaluationData], Any] | None  # None: not a sum (a distinct count)


def _total(name: str) -> Callable[[EvaluationData], Any]:
    return lambda data: data.totals[name]


def _group_steps_percent(row: GroupFigures) -> float:
    done = row.steps_on_time + row.steps_late + row.steps_open
    return round(100 * row.steps_on_time / done, 1) if done else 0.0


def _total_steps_percent(data: EvaluationData) -> float:
    totals = data.totals
    done = totals["steps_on_time"] + totals["steps_late"] + totals["steps_open"]
    return round(100 * totals["steps_on_time"] / done, 1) if done else 0.0


# What the department compares, in the order the evaluation reports it.
MEASURES: tuple[Measure, ...] = (
    Measure("members", "สมาชิกในทะเบียน (ราย)", "count", lambda r: r.members, _total("members")),
    Measure("persons", "บุคคล (ราย)", "count", lambda r: r.persons, _total("persons")),
    Measure(
        "organisations", "องค์กร/กลุ่มชุมชน (ราย)", "count", lambda r: r.organisations, _total("organisations")
    ),
    Measure(
        "districts",
        "เขตที่มีสมาชิก (เขต)",
        "count",
        lambda r: r.districts_with_members,
        lambda d: sum(r.districts_with_members for r in d.groups),  # a district is in one group a year
    ),
    Measure("interests", "ด้านที่สนใจ (ความหลากหลาย)", "count", lambda r: r.interests, None),
    Measure("meetings", "การประชุม (ครั้ง)", "count", lambda r: r.meetings, _total("meetings")),
    Measure(
        "participated", "สมาชิกที่เข้าร่วมประชุม (ราย)", "count", lambda r: r.participated, _total("participated")
    ),
    Measure(
        "participation_percent",
        "ร้อยละการมีส่วนร่วม",
        "percent",
        lambda r: r.participation_percent,
        _total("participation_percent"),
    ),
    Measure("projects", "โครงการ/กิจกรรม (โครงการ)", "count", lambda r: r.projects, _total("projects")),
    Measure("budget", "งบประมาณ (บาท)", "money", lambda r: r.budget, _total("budget")),
    Measure("spent", "ใช้จ่ายแล้ว (บาท)", "money", lambda r: r.spent, _total("spent")),
    Measure("participants", "ผู้เข้าร่วมโครงการ (คน)", "count", lambda r: r.participants, _total("participants")),
    Measure("steps_on_time", "ขั้นตอนที่ส่งตรงเวลา", "count", lambda r: r.steps_on_time, _total("steps_on_time")),
    Measure("steps_percent", "ร้อยละขั้นตอนที่ตรงเวลา", "percent", _group_steps_percent, _total_steps_percent),
)
# The few a group's row in the PDF shows (the workbook has every measure).
KEY_MEASURES = ("members", "interests", "participated", "projects", "budget", "steps_on_time")


def _written(value, kind: str, *, signed: bool = False) -> str:
    """Write a figure as the documents do (Arabic digits here; the templates turn them Thai)."""
    if value is None:
        return "–"
    sign = "+" if signed and value > 0 else ("-" if value < 0 else "")
    magnitude = abs(value)
    if kind == "money":
        text = thai.baht(magnitude)
    elif kind == "percent":
        text = f"{magnitude:,.1f}"
    else:
        text = f"{magnitude:,}"
    return sign + text


@dataclass(frozen=True)
class Change:
    measure: Measure
    previous: Any
    current: Any

    @property
    def previous_text(self) -> str:
        return _written(self.previous, self.measure.kind)

    @property
    def current_text(self) -> str:
        return _written(self.current, self.measure.kind)

    @property
    def difference_text(self) -> str:
        return _written(self.difference, self.measure.kind, signed=True)

    @property
    def percent_text(self) -> str:
        percent = self.percent
        return "–" if percent is None else _written(percent, "percent", signed=True) + "%"

    @property
    def is_comparable(self) -> bool:
        return self.previous is not None and self.current is not None

    @property
    def difference(self):
        if not self.is_comparable:
            return None
        value = self.current - self.previous
        return round(value, 1) if isinstance(value, float) else value

    @property
    def percent(self) -> float | None:
        """Return the change as a percentage of the previous year (None from nothing)."""
        if not self.is_comparable or not self.previous or self.measure.kind == "percent":
            return None
        return round(
            float(
                100 * (Decimal(str(self.current)) - Decimal(str(self.previous))) / Decimal(str(self.previous))
            ),
            1,
        )

    @property
    def direction(self) -> str:
        """Return "up", "down" or "same" (the page colours it; nothing is judged good or bad)."""
        difference = self.difference
        if not difference:
            return "same"
        return "up" if difference > 0 else "down"


@dataclass(frozen=True)
class GroupChanges:
    group: DistrictGroup
    changes: list[Change]

    def get(self, key: str) -> Change:
        return next(change for change in self.changes if change.measure.key == key)

    @property
    def key_changes(self) -> list[Change]:
        return [self.get(key) for key in KEY_MEASURES]


@dataclass(frozen=True)
class YearComparison:
    cycle: Cycle
    previous_cycle: Cycle
    overall: list[Change]
    groups: list[GroupChanges]

    @property
    def key_measures(self) -> list[Measure]:
        return [m for key in KEY_MEASURES for m in MEASURES if m.key == key]


def previous_cycle_of(cycle: Cycle) -> Cycle | None:
    """Return the cycle of the fiscal year before, if the programme ran then."""
    return Cycle.objects.filter(fiscal_year=cycle.fiscal_year - 1).first()


def year_comparison(cycle: Cycle, *, current: EvaluationData | None = None) -> YearComparison | None:
    """Compare a cycle's evaluation figures with the year before's; None when there was none.

    A group that took no part one year (no row) compares with zeros, as its figures were.
    """
    previous_cycle = previous_cycle_of(cycle)
    if previous_cycle is None:
        return None
    current = current or evaluation_data(cycle)
    previous = evaluation_data(previous_cycle)
    before = {row.group.pk: row for row in previous.groups}
    groups = []
    for row in current.groups:
        earlier = before.get(row.group.pk)
        groups.append(
            GroupChanges(
                group=row.group,
                changes=[
                    Change(m, m.of_group(earlier) if earlier else _zero(m), m.of_group(row)) for m in MEASURES
                ],
            )
        )
    overall = [
        Change(m, m.of_total(previous), m.of_total(current)) if m.of_total else Change(m, None, None)
        for m in MEASURES
    ]
    return YearComparison(cycle=cycle, previous_cycle=previous_cycle, overall=overall, groups=groups)


def _zero(measure: Measure):
    return Decimal("0.00") if measure.kind == "money" else (0.0 if measure.kind == "percent" else 0)


def year_comparison_charts(comparison: YearComparison) -> dict[str, str]:
    """Draw the comparison per group: registry members and budget, the year before beside this one."""
    names = [row.group.name for row in comparison.groups]
    years = (
        f"ปีงบประมาณ {comparison.previous_cycle.fiscal_year}",
        f"ปีงบประมาณ {comparison.cycle.fiscal_year}",
    )
    return {
        "members": charts.grouped_bars(
            names,
            [row.get("members").previous for row in comparison.groups],
            [row.get("members").current for row in comparison.groups],
            names=years,
            title="สมาชิกในทะเบียนบัญชีประชาสังคม เทียบกับปีก่อน",
        ),
        "projects": charts.grouped_bars(
            names,
            [row.get("projects").previous for row in comparison.groups],
            [row.get("projects").current for row in comparison.groups],
            names=years,
            title="โครงการ/กิจกรรมตามแบบ P1 เทียบกับปีก่อน",
        ),
    }
