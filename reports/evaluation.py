"""The figures of the September evaluation (step 6), computed once for the page, the PDF and Excel.

``evaluation_data(cycle)`` reads every group's steps, registry, meetings, projects, progress and
the department's assessment through the other apps' selectors, so the three outputs always agree
and the totals are the sums of the groups' rows. A constant number of queries, whatever the
number of groups, members, meetings, issues or projects.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from bangkok_network import selectors as core
from bangkok_network.models import CalendarStep, Cycle, DistrictGroup, PlanDimension, Responsible
from meetings.selectors import participation_by_group
from progress.selectors import latest_report_by_project
from projects_p1.selectors import benefit_choices, projects_for_cycle
from registry.selectors import member_figures_by_group
from reports import charts
from reports.selectors import assessment_list

ZERO = Decimal("0.00")
STATE_ON_TIME = {"submitted_on_time", "accepted"}
STATE_LATE = {"submitted_late"}
UNSPECIFIED = "ไม่ระบุ"
# The P1 form's own choices (กายภาพ เศรษฐกิจ สังคม), in its order, then projects that name none.
BENEFIT_LABELS = {**dict(benefit_choices()), "": UNSPECIFIED}


@dataclass
class GroupFigures:
    group: DistrictGroup
    deadlines: list
    steps_on_time: int = 0
    steps_late: int = 0
    steps_open: int = 0
    members: int = 0
    persons: int = 0
    organisations: int = 0
    districts_with_members: int = 0
    interests: int = 0  # distinct fields of interest in the registry: a measure of its diversity
    districts_total: int = 0
    meetings: int = 0
    participated: int = 0
    projects: int = 0
    budget: Decimal = ZERO
    spent: Decimal = ZERO
    percent_done: float = 0.0  # mean of each project's latest reported percent
    participants: int = 0  # people reached by the projects (latest report of each)
    assessment: Any = None

    @property
    def participation_percent(self) -> float:
        return round(100 * self.participated / self.members, 1) if self.members else 0.0

    @property
    def score(self) -> int | None:
        return self.assessment.total_score if self.assessment else None


@dataclass
class StepRate:
    step: CalendarStep
    on_time: int
    late: int
    groups: int

    @property
    def percent(self) -> float:
        return round(100 * self.on_time / self.groups, 1) if self.groups else 0.0


@dataclass
class EvaluationData:
    cycle: Cycle
    steps: list[CalendarStep]
    groups: list[GroupFigures]
    step_rates: list[StepRate]
    budget_by_dimension: list[tuple[str, Decimal]]
    budget_by_benefit: list[tuple[str, Decimal]]

    def total(self, name: str):
        values = [getattr(row, name) for row in self.groups]
        return sum(values, Decimal("0") if values and isinstance(values[0], Decimal) else 0)

    @property
    def totals(self) -> dict[str, Any]:
        names = (
            "steps_on_time",
            "steps_late",
            "steps_open",
            "members",
            "persons",
            "organisations",
            "meetings",
            "participated",
            "projects",
            "budget",
            "spent",
            "participants",
        )
        totals = {name: self.total(name) for name in names}
        totals["participation_percent"] = (
            round(100 * totals["participated"] / totals["members"], 1) if totals["members"] else 0.0
        )
        totals["spent_percent"] = (
            round(float(100 * totals["spent"] / totals["budget"]), 1) if totals["budget"] else 0.0
        )
        return totals

    @property
    def groups_assessed(self) -> int:
        return sum(1 for row in self.groups if row.assessment is not None)


def evaluation_data(cycle: Cycle) -> EvaluationData:
    """Compute every figure of the evaluation summary for the six groups of a cycle."""
    steps, matrix = core.deadline_matrix(cycle=cycle)
    assessments = {a.group_id: a for a in assessment_list(cycle=cycle)}
    latest = latest_report_by_project(cycle=cycle)
    dimensions = {d.pk: str(d) for d in PlanDimension.objects.order_by("number")}
    by_dimension: dict[str, Decimal] = {label: ZERO for label in dimensions.values()}
    by_dimension[UNSPECIFIED] = ZERO
    by_benefit: dict[str, Decimal] = {label: ZERO for label in BENEFIT_LABELS.values()}
    # Every group's figures at once: a fixed number of queries whatever the number of groups.
    districts_total = Counter(a.group_id for a in core.district_assignments(cycle=cycle))
    member_figures = member_figures_by_group(cycle=cycle)
    taking_part = participation_by_group(cycle=cycle)
    projects_by_group: dict[int, list] = defaultdict(list)
    for project in projects_for_cycle(cycle=cycle):  # dimensions prefetched
        projects_by_group[project.form.group_id].append(project)
    rows: list[GroupFigures] = []
    for group, deadlines in matrix:
        row = GroupFigures(group=group, deadlines=deadlines, assessment=assessments.get(group.pk))
        group_steps = [d for d in deadlines if d.step.responsible == Responsible.GROUP]
        row.steps_on_time = sum(1 for d in group_steps if d.state in STATE_ON_TIME)
        row.steps_late = sum(1 for d in group_steps if d.state in STATE_LATE)
        row.steps_open = len(group_steps) - row.steps_on_time - row.steps_late
        row.districts_total = districts_total.get(group.pk, 0)
        counts = member_figures.get(group.pk, {})
        row.members, row.persons, row.organisations = (
            counts.get("total", 0),
            counts.get("persons", 0),
            counts.get("organisations", 0),
        )
        row.districts_with_members = counts.get("districts", 0)
        row.interests = counts.get("interests", 0)
        row.meetings, row.participated = taking_part.get(group.pk, (0, 0))
        projects = projects_by_group.get(group.pk, [])
        row.projects = len(projects)
        percents = []
        for project in projects:
            budget = project.budget or ZERO
            row.budget += budget
            names = [dimensions[d.pk] for d in project.plan_dimensions.all() if d.pk in dimensions]
            # A project serving several dimensions counts its whole budget under each of them.
            for name in names or [UNSPECIFIED]:
                by_dimension[name] += budget
            by_benefit[BENEFIT_LABELS.get(project.benefit or "", UNSPECIFIED)] += budget
            report = latest.get(project.pk)
            if report is not None:
                row.spent += report.budget_spent
                row.participants += report.participants
                percents.append(report.percent)
            else:
                percents.append(0)
        row.percent_done = round(sum(percents) / len(percents), 1) if percents else 0.0
        rows.append(row)
    step_rates = []
    for index, step in enumerate(steps):
        states = [deadlines[index].state for _, deadlines in matrix]
        step_rates.append(
            StepRate(
                step=step,
                on_time=sum(1 for s in states if s in STATE_ON_TIME),
                late=sum(1 for s in states if s in STATE_LATE),
                groups=len(states),
            )
        )
    return EvaluationData(
        cycle=cycle,
        steps=steps,
        groups=rows,
        step_rates=step_rates,
        budget_by_dimension=list(by_dimension.items()),
        budget_by_benefit=list(by_benefit.items()),
    )


def evaluation_charts(data: EvaluationData) -> dict[str, str]:
    """Draw the summary's charts once as PNG data: URIs, shared by the page and the PDF."""
    names = [row.group.name for row in data.groups]
    return {
        "status": charts.stacked_status(
            names,
            {
                "on_time": [row.steps_on_time for row in data.groups],
                "late": [row.steps_late for row in data.groups],
                "not_done": [row.steps_open for row in data.groups],
            },
            {"on_time": "ส่งตรงเวลา", "late": "ส่งล่าช้า", "not_done": "ยังไม่ส่ง/เกินกำหนด"},
            title="สถานะการดำเนินงานตามปฏิทินของกลุ่มเขต",
        ),
        "budget_dimension": charts.horizontal_bars(
            [label for label, _ in data.budget_by_dimension],
            [amount for _, amount in data.budget_by_dimension],
            title="งบประมาณตามความสอดคล้องกับแผนพัฒนากรุงเทพมหานคร ๒๐ ปี",
            unit="บาท",
        ),
        "budget_benefit": charts.horizontal_bars(
            [label for label, _ in data.budget_by_benefit],
            [amount for _, amount in data.budget_by_benefit],
            title="งบประมาณตามประโยชน์ต่อประชาชน (กายภาพ เศรษฐกิจ สังคม)",
            unit="บาท",
        ),
        "on_time": charts.vertical_bars(
            [f"ขั้นตอนที่ {rate.step.number}" for rate in data.step_rates],
            [rate.percent for rate in data.step_rates],
            title="ร้อยละของกลุ่มเขตที่ดำเนินการตรงเวลา รายขั้นตอน",
            unit="ร้อยละ",
            maximum=110,
            value_format="{:.0f}%",
        ),
        "participation": charts.grouped_bars(
            names,
            [row.members for row in data.groups],
            [row.participated for row in data.groups],
            names=("สมาชิกในทะเบียน", "เข้าร่วมประชุมอย่างน้อย ๑ ครั้ง"),
            title="การมีส่วนร่วมในการประชุมของเครือข่าย",
        ),
    }
