"""Writes of form P1: save the working copy, submit (freeze a snapshot), return, accept.

Drafts are saved as typed (only what the database cannot hold is refused); submission checks
every rule of the programme. Each change is recorded in P1Transition and the audit trail, and
moves the group's P1 step on the dashboard through bangkok_network.services.progress_set.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from bangkok_network import clock
from bangkok_network import selectors as core_selectors
from bangkok_network.audit import audit_log
from bangkok_network.errors import PortalError
from bangkok_network.models import Cycle, DistrictGroup, PlanDimension, ProgressStatus, StepKind
from bangkok_network.permissions import can_edit_group, is_department
from bangkok_network.services import (
    ProgrammeError,
    cycle_check_open,
    progress_reopen,
    progress_set,
    progress_withdraw,
)
from bangkok_network.thai import baht, be_date, be_datetime
from meetings.models import KeyIssue
from projects_p1.models import (
    BUDGET_MAX,
    P1_TRANSITIONS,
    PROJECT_FIELDS,
    TARGET_MAX,
    P1Form,
    P1Status,
    P1Submission,
    P1Transition,
    Project,
    WorkStep,
)
from projects_p1.selectors import p1_form_snapshot

NULLABLE_FIELDS = {"target_quantity", "start_date", "end_date"}


class P1Error(PortalError):
    """A rule of form P1 was broken; the messages are Thai and are shown to the user."""


class P1ConflictError(P1Error):
    """Someone else saved the form since this user opened it; lock_version is the stored one."""

    def __init__(self, message: str, *, lock_version: int):
        super().__init__(message)
        self.lock_version = lock_version


# --- rules -----------------------------------------------------------------------------------


def budget_problem(value: Any) -> str | None:
    """Return a Thai message when a budget is not a non-negative baht amount within the bound."""
    if value is None or value == "":
        return None
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return _("งบประมาณ “{value}” ไม่ใช่ตัวเลข").format(value=value)
    if not amount.is_finite():
        return _("งบประมาณ “{value}” ไม่ใช่ตัวเลข").format(value=value)
    if amount < 0:
        return _("งบประมาณต้องไม่ติดลบ")
    if amount != amount.quantize(Decimal("0.01")):
        return _("งบประมาณมีทศนิยมได้ไม่เกิน 2 ตำแหน่ง (สตางค์)")
    if amount > BUDGET_MAX:
        return _("งบประมาณต้องไม่เกิน {amount} บาท").format(amount=baht(BUDGET_MAX))
    return None


def target_problem(value: Any) -> str | None:
    """Return a Thai message when a target quantity is not a sane non-negative number."""
    if value is None or value == "":
        return None
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return _("เป้าหมาย “{value}” ไม่ใช่ตัวเลข").format(value=value)
    if not amount.is_finite() or amount < 0:
        return _("เป้าหมาย (จำนวน) ต้องเป็นตัวเลขไม่ติดลบ")
    if amount != amount.quantize(Decimal("0.01")):
        return _("เป้าหมาย (จำนวน) มีทศนิยมได้ไม่เกิน 2 ตำแหน่ง")
    if amount > TARGET_MAX:
        return _("เป้าหมาย (จำนวน) มากเกินไป")
    return None


def _cents(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    return Decimal(str(value)).quantize(Decimal("0.01"))


def _project_label(number: int, name: str = "") -> str:
    if name:
        return _("โครงการที่ {number} “{name}”").format(number=number, name=name)
    return _("โครงการที่ {number}").format(number=number)


def _end_before_start(label: str, start: date, end: date) -> str:
    return _("{label}: วันสิ้นสุด ({end}) อยู่ก่อนวันเริ่ม ({start})").format(
        label=label, end=be_date(end), start=be_date(start)
    )


def _in_fiscal_year(cycle: Cycle, day: date | None) -> bool:
    return day is None or cycle.start_date <= day <= cycle.end_date


def _period_problems(
    cycle: Cycle, label: str, start: date | None, end: date | None, *, required: bool
) -> list[str]:
    problems = []
    if required and (start is None or end is None):
        problems.append(_("{label}: กรุณากรอกวันเริ่มและวันสิ้นสุด").format(label=label))
    if start and end and end < start:
        problems.append(_end_before_start(label, start, end))
    for day in (start, end):
        if not _in_fiscal_year(cycle, day):
            problems.append(
                _("{label}: วันที่ {day} อยู่นอกปีงบประมาณ {year} ({start} – {end})").format(
                    label=label,
                    day=be_date(day),
                    year=cycle.fiscal_year,
                    start=be_date(cycle.start_date),
                    end=be_date(cycle.end_date),
                )
            )
            break
    return problems


def p1_form_problems(*, form: P1Form) -> list[str]:
    """Return every reason the form cannot be sent yet (empty when it may be submitted)."""
    cycle = form.cycle
    problems: list[str] = []
    if form.key_issue_id is None:
        problems.append(_("กรุณาเลือกประเด็นสำคัญที่แบบ P1 นี้ตอบ"))
    elif (form.key_issue.cycle_id, form.key_issue.group_id) != (form.cycle_id, form.group_id):
        problems.append(_("ประเด็นสำคัญต้องเป็นของกลุ่มเขตและรอบเดียวกับแบบ P1"))
    if not form.approach.strip():
        problems.append(_("กรุณากรอกแนวทางการแก้ไข"))
    projects = list(form.projects.prefetch_related("plan_dimensions", "steps"))
    if not projects:
        problems.append(_("ต้องมีโครงการ/กิจกรรมอย่างน้อย 1 โครงการ"))
    for number, project in enumerate(projects, start=1):
        label = _project_label(number, project.name)
        missing = [
            text
            for text, value in (
                (_("ชื่อโครงการ/กิจกรรม"), project.name.strip()),
                (_("วัตถุประสงค์"), project.objective.strip()),
                (_("เป้าหมาย (จำนวน)"), project.target_quantity is not None),
                (_("หน่วยนับของเป้าหมาย"), project.target_unit.strip()),
                (_("แหล่งงบประมาณ"), project.funding_source.strip()),
                (_("ประโยชน์ต่อประชาชน (กายภาพ/เศรษฐกิจ/สังคม)"), project.benefit),
            )
            if not value
        ]
        if missing:
            problems.append(_("{label}: กรุณากรอก {fields}").format(label=label, fields=", ".join(missing)))
        if problem := budget_problem(project.budget):
            problems.append(f"{label}: {problem}")
        problems += _period_problems(
            cycle,
            _("{label} ระยะเวลาดำเนินงาน").format(label=label),
            project.start_date,
            project.end_date,
            required=True,
        )
        if not project.plan_dimensions.all():
            problems.append(
                _("{label}: กรุณาเลือกความสอดคล้องกับแผนพัฒนากรุงเทพมหานครอย่างน้อย 1 ด้าน").format(label=label)
            )
        steps = list(project.steps.all())
        if not steps:
            problems.append(_("{label}: กรุณากรอกขั้นตอนการปฏิบัติงานอย่างน้อย 1 ขั้นตอน").format(label=label))
        for step_number, step in enumerate(steps, start=1):
            step_label = _("{label} ขั้นตอนที่ {number}").format(label=label, number=step_number)
            if not step.title.strip():
                problems.append(_("{label}: กรุณากรอกชื่อขั้นตอน").format(label=step_label))
            problems += _period_problems(cycle, step_label, step.start_date, step.end_date, required=True)
    return problems


def _progress_set(**kwargs) -> None:
    """Move the group's P1 step on the dashboard; a move the core refuses stops the change with its message.

    (It can happen when someone reviewed the P1 step from the core's generic review page.)
    """
    try:
        progress_set(kind=StepKind.P1, **kwargs)
    except ProgrammeError as exc:
        raise P1Error(str(exc)) from exc


# --- the working copy ------------------------------------------------------------------------


def _validated(instance, label: str) -> None:
    try:
        instance.full_clean(exclude=["form", "project"])
    except ValidationError as exc:
        raise P1Error(*(f"{label}: {m}" for m in exc.messages)) from exc


def _key_issue(*, key_issue_id: int | None, cycle: Cycle, group: DistrictGroup) -> KeyIssue | None:
    if not key_issue_id:
        return None
    issue = KeyIssue.objects.filter(pk=key_issue_id).first()
    if issue is None or (issue.cycle_id, issue.group_id) != (cycle.pk, group.pk):
        raise P1Error(_("ประเด็นสำคัญต้องเป็นของกลุ่มเขตและรอบเดียวกับแบบ P1"))
    return issue


def _conflict_message(form: P1Form) -> str:
    who = (form.updated_by.get_full_name() or form.updated_by.username) if form.updated_by else _("ผู้ใช้อื่น")
    when = timezone.localtime(form.updated_at) if form.updated_at else None
    at = _(" เมื่อ {date} {time} น.").format(date=be_date(when), time=f"{when:%H:%M}") if when else ""
    return _(
        "แบบ P1 นี้ถูกบันทึกโดย {who}{at} ระหว่างที่คุณกำลังแก้ไข ระบบยังไม่ได้บันทึกข้อมูลของคุณ "
        "ข้อมูลที่คุณกรอกยังอยู่ในแบบฟอร์มด้านล่าง: ตรวจสอบฉบับล่าสุดแล้วกด “บันทึกร่าง” อีกครั้งหากต้องการบันทึกทับ"
    ).format(who=who, at=at)


@transaction.atomic
def p1_form_save(
    *,
    cycle: Cycle,
    group: DistrictGroup,
    user,
    lock_version: int,
    key_issue_id: int | None,
    approach: str,
    projects: Sequence[dict[str, Any]],
    at: datetime | None = None,
) -> P1Form:
    """Save the group's working copy as typed: header, projects in order, and their work steps.

    Projects and steps carry their ids, so editing keeps them (and what points at them); rows
    left out are deleted. A lock_version older than the stored one means someone else saved
    meanwhile: P1ConflictError, nothing written.
    """
    if not can_edit_group(user, group):
        raise P1Error(_("คุณไม่มีสิทธิ์แก้ไขแบบ P1 ของกลุ่มนี้"))
    cycle_check_open(cycle, error=P1Error)
    form, created = P1Form.objects.get_or_create(cycle=cycle, group=group)
    form = P1Form.objects.select_for_update(of=("self",)).select_related("updated_by").get(pk=form.pk)
    if form.lock_version != lock_version:
        raise P1ConflictError(_conflict_message(form), lock_version=form.lock_version)
    if not form.is_editable:
        raise P1Error(
            _("แบบ P1 ฉบับที่ {version} อยู่ในสถานะ “{status}” แก้ไขไม่ได้").format(
                version=form.version, status=form.get_status_display()
            )
        )
    form.key_issue = _key_issue(key_issue_id=key_issue_id, cycle=cycle, group=group)
    form.approach = approach or ""
    form.lock_version += 1
    form.updated_at, form.updated_by = at or clock.now(), user
    _validated(form, _("แบบ P1"))
    form.save(update_fields=["key_issue", "approach", "lock_version", "updated_at", "updated_by"])

    dimension_ids = set(PlanDimension.objects.values_list("pk", flat=True))
    existing = {p.pk: p for p in form.projects.prefetch_related("steps")}
    kept: set[int] = set()
    for order, data in enumerate(projects, start=1):
        label = _project_label(order)
        if problem := budget_problem(data.get("budget")):
            raise P1Error(f"{label}: {problem}")
        if problem := target_problem(data.get("target_quantity")):
            raise P1Error(f"{label}: {problem}")
        data = {
            **data,
            "budget": _cents(data.get("budget")),
            "target_quantity": _cents(data.get("target_quantity")),
        }
        project = existing.get(data.get("id")) or Project(form=form)
        project.order = order
        for name in PROJECT_FIELDS:
            value = data.get(name)
            if value is None and name not in NULLABLE_FIELDS:
                value = Decimal("0") if name == "budget" else ""
            setattr(project, name, value)
        if project.start_date and project.end_date and project.end_date < project.start_date:
            raise P1Error(_end_before_start(label, project.start_date, project.end_date))
        _validated(project, label)
        project.save()
        kept.add(project.pk)
        project.plan_dimensions.set(
            [pk for pk in data.get("plan_dimensions", []) if int(pk) in dimension_ids]
        )
        _save_steps(project=project, steps=data.get("steps", []), label=label)
    _delete_left_out(form=form, kept=kept)

    P1Transition.objects.create(
        form=form,
        action=P1Transition.Action.CREATE if created else P1Transition.Action.SAVE,
        from_status=form.status,
        to_status=form.status,
        user=user,
        at=form.updated_at,
    )
    if form.status == P1Status.DRAFT:
        _progress_set(
            cycle=cycle,
            group=group,
            status=ProgressStatus.IN_PROGRESS,
            user=user,
            at=form.updated_at,
        )
    audit_log(
        actor=user,
        action="p1.save",
        obj=form,
        details={"projects": len(kept), "lock_version": form.lock_version},
    )
    return form


def _delete_left_out(*, form: P1Form, kept: set[int]) -> None:
    """Delete the projects the user removed, unless progress reports already point at them."""
    removed = Project.objects.filter(form=form).exclude(pk__in=kept)
    try:
        removed.delete()
    except ProtectedError as exc:
        names = ", ".join(
            sorted({str(obj.project) for obj in exc.protected_objects if hasattr(obj, "project")})
        )
        raise P1Error(
            _("ลบโครงการ {names} ไม่ได้ เพราะมีรายงานผลการดำเนินงานอ้างถึงแล้ว").format(names=names)
        ) from exc


def _save_steps(*, project: Project, steps: Sequence[dict[str, Any]], label: str) -> None:
    existing = {s.pk: s for s in project.steps.all()}
    kept = set()
    for order, data in enumerate(steps, start=1):
        step = existing.get(data.get("id")) or WorkStep(project=project)
        step.order = order
        step.title = data.get("title") or ""
        step.start_date, step.end_date = data.get("start_date"), data.get("end_date")
        step_label = _("{label} ขั้นตอนที่ {number}").format(label=label, number=order)
        if step.start_date and step.end_date and step.end_date < step.start_date:
            raise P1Error(_end_before_start(step_label, step.start_date, step.end_date))
        _validated(step, step_label)
        step.save()
        kept.add(step.pk)
    project.steps.exclude(pk__in=kept).delete()


# --- transitions -----------------------------------------------------------------------------


def _locked(form: P1Form) -> P1Form:
    return (
        P1Form.objects.select_for_update(of=("self",))
        .select_related("cycle", "group", "key_issue")
        .get(pk=form.pk)
    )


@transaction.atomic
def p1_form_submit(*, form: P1Form, user, at: datetime | None = None) -> P1Submission:
    """Send the form to the department: freeze a snapshot as the next version, late or not.

    A submission after the P1 step's due date (from the cycle's calendar) is accepted and marked
    late; the dashboard reads lateness from the step's submitted_at.
    """
    at = at or clock.now()
    form = _locked(form)
    cycle_check_open(form.cycle, error=P1Error)
    if not can_edit_group(user, form.group):
        raise P1Error(_("ผู้ส่งแบบ P1 ต้องเป็นเจ้าหน้าที่หรือประธานของกลุ่มเขตนี้"))
    P1_TRANSITIONS.move(
        form.status,
        P1Transition.Action.SUBMIT,
        error=P1Error,
        message=_("แบบ P1 อยู่ในสถานะ “{status}” ส่งซ้ำไม่ได้"),
    )
    if problems := p1_form_problems(form=form):
        raise P1Error(*problems)
    step = core_selectors.step_for_kind(cycle=form.cycle, kind=StepKind.P1)
    previous = form.status
    form.version += 1
    form.status = P1Status.SUBMITTED
    form.save(update_fields=["version", "status"])
    submission = P1Submission.objects.create(
        form=form,
        version=form.version,
        snapshot=p1_form_snapshot(form=form),
        submitted_by=user,
        submitted_at=at,
        is_late=timezone.localtime(at).date() > step.due_date,
    )
    P1Transition.objects.create(
        form=form,
        submission=submission,
        action=P1Transition.Action.SUBMIT,
        from_status=previous,
        to_status=P1Status.SUBMITTED,
        user=user,
        at=at,
    )
    _progress_set(
        cycle=form.cycle,
        group=form.group,
        status=ProgressStatus.SUBMITTED,
        user=user,
        at=at,
    )
    audit_log(
        actor=user,
        action="p1.submit",
        obj=form,
        details={"version": form.version, "is_late": submission.is_late},
    )
    return submission


def _review(*, form: P1Form, user, accept: bool, comment: str, at: datetime | None) -> P1Submission:
    at = at or clock.now()
    form = _locked(form)
    cycle_check_open(form.cycle, error=P1Error)
    if not is_department(user):
        raise P1Error(_("การพิจารณาแบบ P1 ทำได้เฉพาะสำนักยุทธศาสตร์และประเมินผล"))
    previous = form.status
    action = P1Transition.Action.ACCEPT if accept else P1Transition.Action.RETURN
    status = P1_TRANSITIONS.move(
        previous,
        action,
        error=P1Error,
        message=_("แบบ P1 อยู่ในสถานะ “{status}” ยังไม่มีฉบับที่รอพิจารณา"),
    )
    comment = (comment or "").strip()
    if not accept and not comment:
        raise P1Error(_("กรุณาระบุความเห็นหรือสิ่งที่ต้องแก้ไขเมื่อส่งกลับ"))
    submission = form.submissions.get(version=form.version)
    submission.status, submission.comments = status, comment
    submission.reviewed_by, submission.reviewed_at = user, at
    submission.save(update_fields=["status", "comments", "reviewed_by", "reviewed_at"])
    form.status = status
    form.save(update_fields=["status"])
    P1Transition.objects.create(
        form=form,
        submission=submission,
        action=action,
        from_status=previous,
        to_status=status,
        user=user,
        at=at,
        comment=comment,
    )
    _progress_set(
        cycle=form.cycle,
        group=form.group,
        status=ProgressStatus.ACCEPTED if accept else ProgressStatus.RETURNED,
        user=user,
        note=comment,
        at=at,
    )
    audit_log(
        actor=user,
        action=f"p1.{action.value}",
        obj=form,
        details={"version": form.version, "comment": comment},
    )
    return submission


@transaction.atomic
def p1_form_return(*, form: P1Form, user, comment: str, at: datetime | None = None) -> P1Submission:
    """Send the submitted version back to the group for revision; a comment is required."""
    return _review(form=form, user=user, accept=False, comment=comment, at=at)


@transaction.atomic
def p1_form_accept(*, form: P1Form, user, comment: str = "", at: datetime | None = None) -> P1Submission:
    """Accept the submitted version."""
    return _review(form=form, user=user, accept=True, comment=comment, at=at)


# --- undo: withdrawing and reopening ------------------------------------------------------------


@transaction.atomic
def p1_review_open(*, form: P1Form, user, at: datetime | None = None) -> P1Submission | None:
    """Record that the department opened the version waiting for review (only the first time).

    From then on the group can no longer withdraw it. The form's row is locked, as
    ``p1_form_withdraw`` locks it, so an opening and a withdrawal at the same moment are ordered.
    """
    if not is_department(user):
        return None
    form = _locked(form)
    if not form.is_awaiting_review:
        return None
    # A form marked sent without its frozen version (data made outside the services) is shown, not refused.
    submission = form.submissions.filter(version=form.version).first()
    if submission is None:
        return None
    if submission.review_opened_at is None:
        submission.review_opened_at, submission.review_opened_by = at or clock.now(), user
        submission.save(update_fields=["review_opened_at", "review_opened_by"])
        audit_log(actor=user, action="p1.review_open", obj=form, details={"version": form.version})
    return submission


@transaction.atomic
def p1_form_withdraw(*, form: P1Form, user, at: datetime | None = None) -> P1Submission:
    """Take back the version sent, before the department opened it: the form is editable again."""
    at = at or clock.now()
    form = _locked(form)
    if not can_edit_group(user, form.group):
        raise P1Error(_("ถอนคืนได้เฉพาะเจ้าหน้าที่หรือประธานของกลุ่มเขตนี้"))
    status = P1_TRANSITIONS.move(
        form.status,
        P1Transition.Action.WITHDRAW,
        error=P1Error,
        message=_("แบบ P1 อยู่ในสถานะ “{status}” ไม่มีฉบับที่ถอนคืนได้"),
    )
    submission = form.submissions.get(version=form.version)
    if submission.review_opened_at is not None:
        raise P1Error(
            _(
                "สำนักยุทธศาสตร์และประเมินผลเปิดพิจารณาแบบ P1 ฉบับที่ {version} แล้วเมื่อ {when} จึงถอนคืนไม่ได้ "
                "หากต้องแก้ไข กรุณาติดต่อสำนักฯ ให้ส่งกลับ"
            ).format(version=form.version, when=be_datetime(submission.review_opened_at))
        )
    previous = form.status
    submission.status = status
    submission.save(update_fields=["status"])
    form.status = status
    form.save(update_fields=["status"])
    P1Transition.objects.create(
        form=form,
        submission=submission,
        action=P1Transition.Action.WITHDRAW,
        from_status=previous,
        to_status=status,
        user=user,
        at=at,
    )
    step = core_selectors.progress_get(cycle=form.cycle, group=form.group, kind=StepKind.P1)
    if step is not None:
        try:
            progress_withdraw(progress=step, user=user, at=at, with_record=True)
        except ProgrammeError as exc:
            raise P1Error(str(exc)) from exc
    audit_log(actor=user, action="p1.withdraw", obj=form, details={"version": form.version})
    return submission


@transaction.atomic
def p1_form_reopen(*, form: P1Form, user, comment: str, at: datetime | None = None) -> P1Submission:
    """Reopen an accepted form for the group with the reason: it goes back as returned for revision."""
    at = at or clock.now()
    form = _locked(form)
    if not is_department(user):
        raise P1Error(_("การเปิดให้แก้ไขทำได้เฉพาะสำนักยุทธศาสตร์และประเมินผล"))
    comment = (comment or "").strip()
    if not comment:
        raise P1Error(_("กรุณาระบุเหตุผลที่เปิดให้แก้ไข"))
    previous = form.status
    status = P1_TRANSITIONS.move(
        previous,
        P1Transition.Action.REOPEN,
        error=P1Error,
        message=_("แบบ P1 อยู่ในสถานะ “{status}” เปิดให้แก้ไขได้เฉพาะแบบที่รับแล้ว"),
    )
    submission = form.submissions.get(version=form.version)
    submission.status, submission.comments = status, comment
    submission.reviewed_by, submission.reviewed_at = user, at
    submission.save(update_fields=["status", "comments", "reviewed_by", "reviewed_at"])
    form.status = status
    form.save(update_fields=["status"])
    P1Transition.objects.create(
        form=form,
        submission=submission,
        action=P1Transition.Action.REOPEN,
        from_status=previous,
        to_status=status,
        user=user,
        at=at,
        comment=comment,
    )
    step = core_selectors.progress_get(cycle=form.cycle, group=form.group, kind=StepKind.P1)
    if step is not None:
        try:
            progress_reopen(progress=step, user=user, note=comment, at=at)
        except ProgrammeError as exc:
            raise P1Error(str(exc)) from exc
    audit_log(actor=user, action="p1.reopen", obj=form, details={"version": form.version, "comment": comment})
    return submission
