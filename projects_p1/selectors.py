"""Reads of form P1: scoped access, snapshots, the department's overview and the document data.

Every function here runs a fixed number of queries whatever the number of projects or steps.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bangkok_network import selectors as core_selectors
from bangkok_network.models import Cycle, DistrictGroup, PlanDimension, StepKind
from projects_p1.models import Benefit, P1Form, P1Status, P1Submission, P1Transition, Project, WorkStep

# --- querysets -------------------------------------------------------------------------------


def _projects_queryset() -> QuerySet[Project]:
    return Project.objects.order_by("order", "pk").prefetch_related(
        Prefetch("plan_dimensions", queryset=PlanDimension.objects.order_by("number")),
        Prefetch("steps", queryset=WorkStep.objects.order_by("order", "pk")),
    )


def _forms_queryset() -> QuerySet[P1Form]:
    return P1Form.objects.select_related("cycle", "group", "key_issue", "updated_by").prefetch_related(
        Prefetch("projects", queryset=_projects_queryset())
    )


def projects_for_group(*, cycle: Cycle, group: DistrictGroup) -> QuerySet[Project]:
    """Return the group's live P1 projects for the cycle (stable ids), in form order."""
    return _projects_queryset().filter(form__cycle=cycle, form__group=group).select_related("form")


def projects_for_cycle(*, cycle: Cycle) -> QuerySet[Project]:
    """Return every group's live P1 projects of the cycle (as ``projects_for_group``, all at once)."""
    return _projects_queryset().filter(form__cycle=cycle).select_related("form")


def forms_for_cycle(*, cycle: Cycle) -> QuerySet[P1Form]:
    """Return every group's P1 form of the cycle with projects, dimensions and steps prefetched."""
    return _forms_queryset().filter(cycle=cycle).order_by("group__order", "group__code")


def p1_form_for_group(*, cycle: Cycle, group: DistrictGroup) -> P1Form | None:
    return _forms_queryset().filter(cycle=cycle, group=group).first()


def p1_form_get_for_user(*, user, cycle: Cycle, code: str) -> tuple[DistrictGroup, P1Form | None]:
    """Return the group (404 outside the user's scope) and its form for the cycle, if any."""
    group = core_selectors.group_get_for_user(user=user, code=code)
    return group, p1_form_for_group(cycle=cycle, group=group)


def submissions_of(*, form: P1Form) -> QuerySet[P1Submission]:
    return form.submissions.select_related("submitted_by", "reviewed_by").order_by("version")


def submission_get_for_user(*, user, cycle: Cycle, code: str, version: int) -> P1Submission:
    """Return one frozen version of a group's form; 404 for another group's or an unknown one."""
    return core_selectors.object_get_for_user(
        P1Submission.objects.select_related("form__group", "form__cycle", "submitted_by", "reviewed_by"),
        user=user,
        scope="form.group",
        not_found=_("ไม่พบแบบ P1 ฉบับนี้"),
        form__cycle=cycle,
        form__group__code=code,
        version=version,
    )


def latest_submission(*, form: P1Form) -> P1Submission | None:
    return form.submissions.select_related("reviewed_by").order_by("-version").first()


def previous_submission(*, submission: P1Submission) -> P1Submission | None:
    return (
        P1Submission.objects.filter(form_id=submission.form_id, version__lt=submission.version)
        .order_by("-version")
        .first()
    )


def transitions_of(*, form: P1Form) -> QuerySet[P1Transition]:
    return form.transitions.select_related("user", "submission").order_by("at", "pk")


def key_issue_choices(*, cycle: Cycle, group: DistrictGroup) -> list[tuple[int, str]]:
    """Return the group's key issues of the cycle as (id, label) for the P1 header's select."""
    from meetings.selectors import key_issues_for_group

    return [
        (i.pk, _("{title} (การประชุมครั้งที่ {number})").format(title=i.title, number=i.meeting.number_label))
        for i in key_issues_for_group(cycle=cycle, group=group)
    ]


def plan_dimension_choices() -> list[tuple[int, str]]:
    return [(d.pk, str(d)) for d in PlanDimension.objects.order_by("number")]


def benefit_choices() -> list[tuple[str, str]]:
    """Return the P1 form's benefits to residents (กายภาพ เศรษฐกิจ สังคม), in the form's order."""
    return [(value, str(label)) for value, label in Benefit.choices]


# --- snapshots ---------------------------------------------------------------------------------


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def p1_form_snapshot(*, form: P1Form) -> dict[str, Any]:
    """Return the whole form as plain JSON data: what a submission freezes and a document shows."""
    return _snapshot_of(_forms_queryset().get(pk=form.pk))


def working_copy_for_display(*, form: P1Form) -> dict[str, Any]:
    """Return the live form, as a document shows it; `form` must come from this module (prefetched)."""
    return snapshot_for_display(_snapshot_of(form))


def _snapshot_of(form: P1Form) -> dict[str, Any]:
    """Build the snapshot of a form whose projects, dimensions and steps are prefetched."""
    projects = []
    total = Decimal("0")
    for project in form.projects.all():
        total += project.budget or 0
        projects.append(
            {
                "id": project.pk,
                "name": project.name,
                "objective": project.objective,
                "target_quantity": _money(project.target_quantity),
                "target_unit": project.target_unit,
                "target_description": project.target_description,
                "budget": _money(project.budget),
                "funding_source": project.funding_source,
                "start_date": _iso(project.start_date),
                "end_date": _iso(project.end_date),
                "plan_dimensions": [
                    {"number": d.number, "name": d.name} for d in project.plan_dimensions.all()
                ],
                "alignment_note": project.alignment_note,
                "benefit": project.benefit,
                "benefit_note": project.benefit_note,
                "steps": [
                    {
                        "id": s.pk,
                        "title": s.title,
                        "start_date": _iso(s.start_date),
                        "end_date": _iso(s.end_date),
                    }
                    for s in project.steps.all()
                ],
            }
        )
    issue = form.key_issue
    return {
        "cycle": form.cycle.fiscal_year,
        "group": {"code": form.group.code, "name": form.group.name},
        "key_issue": {"id": issue.pk, "title": issue.title, "problem": issue.problem} if issue else None,
        "approach": form.approach,
        "projects": projects,
        "total_budget": _money(total),
    }


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _decimal(value: str | None) -> Decimal | None:
    return None if value in (None, "") else Decimal(value)


def snapshot_for_display(snapshot: dict[str, Any]) -> dict[str, Any]:
    """Turn snapshot strings back into dates and Decimals, and add labels, for templates."""
    benefits = dict(Benefit.choices)
    projects = []
    for number, project in enumerate(snapshot.get("projects", []), start=1):
        projects.append(
            {
                **project,
                "number": number,
                "target_quantity": _decimal(project.get("target_quantity")),
                "budget": _decimal(project.get("budget")) or Decimal("0"),
                "start_date": _date(project.get("start_date")),
                "end_date": _date(project.get("end_date")),
                "benefit_label": str(benefits.get(project.get("benefit"), "")),
                "steps": [
                    {**s, "start_date": _date(s.get("start_date")), "end_date": _date(s.get("end_date"))}
                    for s in project.get("steps", [])
                ],
            }
        )
    return {
        **snapshot,
        "projects": projects,
        "total_budget": _decimal(snapshot.get("total_budget")) or Decimal("0"),
    }


def _document_of(form: P1Form, latest: P1Submission | None) -> dict[str, Any]:
    snapshot = latest.snapshot if latest else _snapshot_of(form)
    return {
        **snapshot_for_display(snapshot),
        "is_draft": latest is None,
        "version": latest.version if latest else None,
        "status": latest.get_status_display() if latest else str(P1Status.DRAFT.label),
    }


def p1_documents_for_cycle(*, cycle: Cycle) -> list[tuple[DistrictGroup, dict[str, Any] | None]]:
    """Return every group with what its P1 document prints (None: no form), in a fixed number of queries."""
    forms = {
        f.group_id: f
        for f in forms_for_cycle(cycle=cycle).prefetch_related(
            Prefetch("submissions", queryset=P1Submission.objects.order_by("version"))
        )
    }
    rows = []
    for group in core_selectors.group_list():
        form = forms.get(group.pk)
        submissions = list(form.submissions.all()) if form else []
        rows.append((group, _document_of(form, submissions[-1] if submissions else None) if form else None))
    return rows


def p1_document(*, cycle: Cycle, group: DistrictGroup) -> dict[str, Any] | None:
    """Return what the P1 document prints: the latest sent version, else the working draft.

    None when the group has no form yet. `is_draft` tells the document to say so.
    """
    form = p1_form_for_group(cycle=cycle, group=group)
    if form is None:
        return None
    return _document_of(form, form.submissions.order_by("-version").first())


# --- comparing versions -----------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One difference between two versions: where, which field, before and after."""

    where: str
    field: str
    before: str
    after: str


PROJECT_LABELS = {
    "name": gettext_lazy("ชื่อโครงการ/กิจกรรม"),
    "objective": gettext_lazy("วัตถุประสงค์"),
    "target_quantity": gettext_lazy("เป้าหมาย (จำนวน)"),
    "target_unit": gettext_lazy("หน่วยนับ"),
    "target_description": gettext_lazy("รายละเอียดเป้าหมาย"),
    "budget": gettext_lazy("งบประมาณ (บาท)"),
    "funding_source": gettext_lazy("แหล่งงบประมาณ"),
    "start_date": gettext_lazy("วันเริ่ม"),
    "end_date": gettext_lazy("วันสิ้นสุด"),
    "plan_dimensions": gettext_lazy("ความสอดคล้องกับแผนพัฒนากรุงเทพมหานคร"),
    "alignment_note": gettext_lazy("ความสอดคล้องเพิ่มเติม"),
    "benefit": gettext_lazy("ประโยชน์ต่อประชาชน"),
    "benefit_note": gettext_lazy("รายละเอียดประโยชน์"),
    "steps": gettext_lazy("ขั้นตอนการปฏิบัติงาน"),
}


def _text(field: str, value: Any) -> str:
    from bangkok_network.thai import baht, be_date

    if value in (None, "", []):
        return ""
    if field in ("start_date", "end_date"):
        return be_date(date.fromisoformat(value))
    if field == "budget":
        return baht(Decimal(value))
    if field == "benefit":
        return str(dict(Benefit.choices).get(value, value))
    if field == "plan_dimensions":
        return ", ".join(_("ด้านที่ {number}").format(number=d["number"]) for d in value)
    if field == "steps":
        return "; ".join(
            f"{s['title']} ({_text('start_date', s['start_date'])} – {_text('end_date', s['end_date'])})"
            for s in value
        )
    return str(value)


def snapshot_diff(before: dict[str, Any], after: dict[str, Any]) -> list[Change]:
    """Compare two snapshots field by field: header, then projects matched by their stable id."""
    changes: list[Change] = []
    header = _("ส่วนหัว")
    old_issue = (before.get("key_issue") or {}).get("title", "")
    new_issue = (after.get("key_issue") or {}).get("title", "")
    if old_issue != new_issue:
        changes.append(Change(header, _("ประเด็นสำคัญ"), old_issue, new_issue))
    if before.get("approach", "") != after.get("approach", ""):
        changes.append(
            Change(header, _("แนวทางการแก้ไข"), before.get("approach", ""), after.get("approach", ""))
        )
    old_projects = {p["id"]: p for p in before.get("projects", [])}
    new_ids = {p["id"] for p in after.get("projects", [])}
    for number, project in enumerate(after.get("projects", []), start=1):
        where = _("โครงการที่ {number} {name}").format(number=number, name=project["name"]).strip()
        old = old_projects.get(project["id"])
        if old is None:
            changes.append(Change(where, _("โครงการใหม่"), "", project["name"]))
            continue
        for field, label in PROJECT_LABELS.items():
            if old.get(field) != project.get(field):
                if field == "steps" and _text(field, old.get(field)) == _text(field, project.get(field)):
                    continue  # only ids moved
                changes.append(
                    Change(where, str(label), _text(field, old.get(field)), _text(field, project.get(field)))
                )
    for project in before.get("projects", []):
        if project["id"] not in new_ids:
            changes.append(
                Change(_("โครงการ {name}").format(name=project["name"]), _("ลบโครงการ"), project["name"], "")
            )
    if before.get("total_budget") != after.get("total_budget"):
        changes.append(
            Change(
                _("รวม"),
                _("งบประมาณรวม"),
                _text("budget", before.get("total_budget")),
                _text("budget", after.get("total_budget")),
            )
        )
    return changes


# --- the department's overview -----------------------------------------------------------------


class OverviewState(models.TextChoices):
    """What the department's P1 overview filters on: a form's status, or late / never sent."""

    LATE = "late", gettext_lazy("ส่งล่าช้า")
    MISSING = "missing", gettext_lazy("ยังไม่ส่ง")
    RETURNED = P1Status.RETURNED.value, gettext_lazy("ส่งกลับแก้ไข")
    SUBMITTED = P1Status.SUBMITTED.value, gettext_lazy("รอพิจารณา")
    ACCEPTED = P1Status.ACCEPTED.value, gettext_lazy("รับแล้ว")


@dataclass(frozen=True)
class OverviewRow:
    """One group's P1 standing for the review screen."""

    group: DistrictGroup
    form: P1Form | None
    latest: P1Submission | None
    first: P1Submission | None
    due_date: date

    @property
    def state(self) -> str:
        if self.form is None or self.latest is None:
            return OverviewState.MISSING
        return self.form.status

    @property
    def state_key(self) -> str:
        """Return the dashboard colour key of the row."""
        if self.state == OverviewState.MISSING:
            return "not_started"
        if self.state == P1Status.SUBMITTED and self.is_late:
            return "submitted_late"
        return self.form.state_key

    @property
    def state_label(self) -> str:
        if self.state == OverviewState.MISSING:
            return str(OverviewState.MISSING.label)
        return self.form.get_status_display()

    @property
    def is_late(self) -> bool:
        """Return whether the group missed the deadline: its first sending came after the due date.

        A revision the department asked for is not late in itself; each version keeps its own flag.
        """
        return bool(self.first and self.first.is_late)

    @property
    def project_count(self) -> int | None:
        return len(self.latest.snapshot.get("projects", [])) if self.latest else None

    @property
    def total_budget(self) -> Decimal | None:
        return _decimal(self.latest.snapshot.get("total_budget")) if self.latest else None

    @property
    def is_resubmission(self) -> bool:
        return bool(self.latest and self.latest.version > 1)


def p1_overview(*, cycle: Cycle, state: str = "") -> list[OverviewRow]:
    """Return every group's P1 standing, optionally only the late, missing, returned, … ones."""
    due = core_selectors.step_for_kind(cycle=cycle, kind=StepKind.P1).due_date
    forms = {
        f.group_id: f
        for f in P1Form.objects.filter(cycle=cycle)
        .select_related("key_issue", "updated_by")
        .prefetch_related(
            Prefetch(
                "submissions",
                queryset=P1Submission.objects.select_related("submitted_by").order_by("version"),
            )
        )
    }
    rows = []
    for group in core_selectors.group_list():
        form = forms.get(group.pk)
        submissions = list(form.submissions.all()) if form else []
        latest, first = (submissions[-1], submissions[0]) if submissions else (None, None)
        rows.append(OverviewRow(group, form, latest, first, due))
    if state == OverviewState.LATE:
        return [r for r in rows if r.is_late]
    if state in OverviewState.values:
        return [r for r in rows if r.state == state]
    return rows
