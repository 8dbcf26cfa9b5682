"""Writes of the programme core: cycles, calendars, progress on steps, users, the audit trail."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from bangkok_network import clock, selectors
from bangkok_network.audit import audit_log
from bangkok_network.errors import PortalError
from bangkok_network.models import (
    GROUP_ROLES,
    PROGRESS_TRANSITIONS,
    WITHDRAWN_WITH_THEIR_RECORD,
    CalendarStep,
    Cycle,
    District,
    DistrictAssignment,
    DistrictGroup,
    NationalStrategy,
    PlanDimension,
    ProgressAction,
    ProgressStatus,
    Role,
    StepKind,
    StepProgress,
    UserProfile,
)
from bangkok_network.permissions import can_edit_group, is_department
from bangkok_network.signals import progress_changed
from bangkok_network.thai import ThaiDateError, be_date, be_datetime, parse_be_year, thai_digit_text

REFERENCE_FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "reference_data.json"


class ProgrammeError(PortalError):
    """A rule of the programme was broken; the message is Thai and is shown to the user."""


# --- a cycle closes when its evaluation is sent ------------------------------------------------


def cycle_check_open(cycle: Cycle, *, error: type[PortalError] = ProgrammeError) -> None:
    """Refuse a write to a closed cycle's data with the app's Thai ``error``.

    Reads the row as it is now (one query): a page loaded before the evaluation was sent still
    holds an open cycle.
    """
    closed_at = Cycle.objects.filter(pk=cycle.pk).values_list("closed_at", flat=True).first()
    if closed_at is not None:
        raise error(
            f"ปีงบประมาณ {cycle.fiscal_year} ส่งรายงานผลการติดตามประเมินผลแล้ว "
            f"เมื่อ{be_date(timezone.localtime(closed_at), long=True)} "
            "ข้อมูลของรอบนี้เป็นข้อมูลอ่านอย่างเดียว แก้ไขไม่ได้"
        )


@transaction.atomic
def cycle_close(*, cycle: Cycle, user, at: datetime | None = None) -> Cycle:
    """Close the cycle once its evaluation is sent: its data becomes read-only."""
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    cycle_check_open(cycle)
    cycle.closed_at = at or clock.now()
    cycle.save(update_fields=["closed_at"])
    audit_log(actor=user, action="cycle.close", obj=cycle)
    return cycle


# --- reference data --------------------------------------------------------------------------


@transaction.atomic
def reference_data_load(*, path: Path = REFERENCE_FIXTURE) -> dict[str, int]:
    """Load groups, districts, plan dimensions, strategies and the FY 2564 cycle; safe to rerun.

    Rows are matched on their stable keys (group code, district code, dimension number, fiscal
    year) so rerunning updates names and dates instead of adding copies; assignments of districts
    to groups and calendar steps are set for the cycles in the file only.
    """
    data = json.loads(path.read_text(encoding="utf-8"))
    counts: dict[str, int] = {}
    groups = {}
    for order, row in enumerate(data["groups"], start=1):
        groups[row["code"]], _ = DistrictGroup.objects.update_or_create(
            code=row["code"], defaults={"name": row["name"], "name_en": row["name_en"], "order": order}
        )
    counts["groups"] = len(groups)
    districts = {}
    for row in data["districts"]:
        districts[row["code"]], _ = District.objects.update_or_create(
            code=row["code"], defaults={"name": row["name"], "name_en": row["name_en"]}
        )
    counts["districts"] = len(districts)
    for row in data["plan_dimensions"]:
        PlanDimension.objects.update_or_create(
            number=row["number"], defaults={"name": row["name"], "name_en": row["name_en"]}
        )
    counts["plan_dimensions"] = len(data["plan_dimensions"])
    for row in data["national_strategies"]:
        NationalStrategy.objects.update_or_create(number=row["number"], defaults={"name": row["name"]})
    counts["national_strategies"] = len(data["national_strategies"])
    for row in data["cycles"]:
        cycle_defaults = {k: v for k, v in row.items() if k not in {"fiscal_year", "steps", "groups"}}
        cycle, _ = Cycle.objects.update_or_create(fiscal_year=row["fiscal_year"], defaults=cycle_defaults)
        for step in row["steps"]:
            CalendarStep.objects.update_or_create(
                cycle=cycle,
                number=step["number"],
                defaults={k: v for k, v in step.items() if k != "number"},
            )
        for group_code, district_codes in row["groups"].items():
            for code in district_codes:
                DistrictAssignment.objects.update_or_create(
                    cycle=cycle, district=districts[code], defaults={"group": groups[group_code]}
                )
        progress_ensure(cycle=cycle)
    counts["cycles"] = len(data["cycles"])
    return counts


def progress_ensure(*, cycle: Cycle) -> None:
    """Create the missing group × step progress rows of a cycle (all start as not started)."""
    existing = set(StepProgress.objects.filter(step__cycle=cycle).values_list("step_id", "group_id"))
    StepProgress.objects.bulk_create(
        [
            StepProgress(step=step, group=group)
            for step in cycle.steps.all()
            for group in DistrictGroup.objects.all()
            if (step.pk, group.pk) not in existing
        ]
    )


# --- cycles and calendars --------------------------------------------------------------------


def _shift_year(value: date | None, years: int) -> date | None:
    if value is None:
        return None
    try:
        return value.replace(year=value.year + years)
    except ValueError:  # 29 February in a year that has none
        return value.replace(year=value.year + years, day=28)


@transaction.atomic
def cycle_copy(*, source: Cycle, fiscal_year: int | str, user) -> Cycle:
    """Create a new cycle from another: the same calendar and group membership, dates shifted."""
    try:
        year = parse_be_year(fiscal_year)
    except ThaiDateError as exc:
        raise ProgrammeError(str(exc)) from exc
    if Cycle.objects.filter(fiscal_year=year).exists():
        raise ProgrammeError(f"มีรอบปีงบประมาณ {year} อยู่แล้ว")
    years = year - source.fiscal_year
    cycle = Cycle(
        fiscal_year=year,
        title=source.title,
        memo_number="",
        memo_date=_shift_year(source.memo_date, years),
        signer_name=source.signer_name,
        signer_title=source.signer_title,
        department=source.department,
        division=source.division,
        phone=source.phone,
        reminder_days_before=source.reminder_days_before,
        use_thai_digits=source.use_thai_digits,
    )
    cycle.full_clean()
    cycle.save()
    steps = []
    for step in source.steps.order_by("number"):
        steps.append(
            CalendarStep(
                cycle=cycle,
                number=step.number,
                kind=step.kind,
                title=step.title,
                description=_shift_years_in_text(step.description, source.fiscal_year, year),
                period_label=_shift_years_in_text(step.period_label, source.fiscal_year, year),
                start_date=_shift_year(step.start_date, years),
                due_date=_shift_year(step.due_date, years),
                deliverable=step.deliverable,
                responsible=step.responsible,
            )
        )
    CalendarStep.objects.bulk_create(steps)
    DistrictAssignment.objects.bulk_create(
        DistrictAssignment(cycle=cycle, district_id=a.district_id, group_id=a.group_id)
        for a in source.assignments.all()
    )
    progress_ensure(cycle=cycle)
    audit_log(actor=user, action="cycle.copy", obj=cycle, details={"source": source.fiscal_year})
    return cycle


@transaction.atomic
def district_assignments_set(*, cycle: Cycle, groups: dict[int, int], user) -> list[DistrictAssignment]:
    """Move districts between groups for a cycle (the regrouping between years); return the moves.

    ``groups`` maps district ids to group ids; districts left out keep their group. A district
    whose registry members or key issues this cycle already holds stays where it is (its records
    name its group), and every group keeps at least one district.
    """
    cycle_check_open(cycle)
    assignments = {
        a.district_id: a
        for a in DistrictAssignment.objects.select_for_update()
        .filter(cycle=cycle)
        .select_related("district", "group")
    }
    known_groups = DistrictGroup.objects.in_bulk()
    moves = []
    for district_id, group_id in groups.items():
        assignment = assignments.get(district_id)
        if assignment is None or group_id not in known_groups:
            raise ProgrammeError("มีเขตหรือกลุ่มเขตที่ไม่อยู่ในรอบนี้")
        if assignment.group_id != group_id:
            moves.append((assignment, known_groups[group_id]))
    if not moves:
        return []
    moved = {assignment.district_id for assignment, _ in moves}
    held = selectors.districts_with_records(cycle=cycle, district_ids=moved)
    if held:
        names = ", ".join(str(a.district) for a, _ in moves if a.district_id in held)
        raise ProgrammeError(f"{names} มีสมาชิกในทะเบียนหรือประเด็นสำคัญของกลุ่มเดิมในรอบนี้แล้ว จึงย้ายกลุ่มไม่ได้")
    after = {a.district_id: a.group_id for a in assignments.values()}
    after.update({assignment.district_id: group.pk for assignment, group in moves})
    empty = [group.full_name for group in known_groups.values() if group.pk not in set(after.values())]
    if empty:
        raise ProgrammeError(f"{', '.join(sorted(empty))} ต้องมีอย่างน้อย ๑ เขต")
    for assignment, group in moves:
        assignment.group = group
    DistrictAssignment.objects.bulk_update([a for a, _ in moves], ["group"])
    audit_log(
        actor=user,
        action="cycle.regroup",
        obj=cycle,
        details={"moves": {a.district.code: g.code for a, g in moves}},
    )
    return [a for a, _ in moves]


def _shift_years_in_text(text: str, old_year: int, new_year: int) -> str:
    """Move the years a calendar text names (this year and the one before) along with the dates."""
    shift = new_year - old_year
    for year in (old_year, old_year - 1):
        for render in (str, thai_digit_text):
            text = text.replace(render(str(year)), f"\x00{render(str(year + shift))}\x00")
    return text.replace("\x00", "")


@transaction.atomic
def cycle_update(*, cycle: Cycle, user, **fields) -> Cycle:
    """Change a cycle's memo data (number, date, signer, …)."""
    cycle_check_open(cycle)
    for name, value in fields.items():
        setattr(cycle, name, value)
    try:
        cycle.full_clean()
    except ValidationError as exc:
        raise ProgrammeError.from_validation(exc) from exc
    cycle.save(update_fields=list(fields))
    audit_log(actor=user, action="cycle.update", obj=cycle, details={"fields": sorted(fields)})
    return cycle


@transaction.atomic
def calendar_step_update(
    *, step: CalendarStep, user, start_date: date, due_date: date, **fields
) -> CalendarStep:
    """Change a step's dates or wording; dates must lie in order and inside the fiscal year."""
    cycle_check_open(step.cycle)
    if due_date < start_date:
        raise ProgrammeError("วันครบกำหนดต้องไม่อยู่ก่อนวันเริ่ม")
    cycle = step.cycle
    if not (cycle.start_date <= start_date and due_date <= cycle.end_date):
        raise ProgrammeError(
            f"วันที่ต้องอยู่ในปีงบประมาณ {cycle.fiscal_year} "
            f"({be_date(cycle.start_date)} – {be_date(cycle.end_date)})"
        )
    step.start_date, step.due_date = start_date, due_date
    for name, value in fields.items():
        setattr(step, name, value)
    try:
        step.full_clean()
    except ValidationError as exc:
        raise ProgrammeError.from_validation(exc) from exc
    step.save(update_fields=["start_date", "due_date", *fields])
    audit_log(actor=user, action="step.update", obj=step)
    return step


# --- progress on steps -----------------------------------------------------------------------


@transaction.atomic
def progress_set(
    *,
    cycle: Cycle,
    group: DistrictGroup,
    kind: StepKind | str,
    status: ProgressStatus | str,
    user,
    note: str = "",
    at=None,
) -> StepProgress:
    """Move a group's step to a new status; other apps call this when their work changes.

    Marking work in progress never moves a step back from submitted or accepted, so an edit to
    a registry after it was sent does not undo the dashboard.
    """
    at = at or clock.now()
    cycle_check_open(cycle)
    step = CalendarStep.objects.get(cycle=cycle, kind=kind)
    progress, _ = StepProgress.objects.select_for_update().get_or_create(step=step, group=group)
    current = ProgressStatus(progress.status)
    status = ProgressStatus(status)
    if status == ProgressStatus.IN_PROGRESS and current in (
        ProgressStatus.SUBMITTED,
        ProgressStatus.ACCEPTED,
    ):
        return progress
    PROGRESS_TRANSITIONS.check(current, status, error=ProgrammeError)
    progress.status = status
    if status == ProgressStatus.SUBMITTED:
        progress.submitted_at = at
        progress.first_submitted_at = progress.first_submitted_at or at
        progress.review_opened_at = None  # a new sending: not yet opened by the department
    progress.acted_by = user if getattr(user, "is_authenticated", False) else None
    progress.acted_at = at
    if note:
        progress.note = note
    progress.save(
        update_fields=[
            "status",
            "submitted_at",
            "first_submitted_at",
            "review_opened_at",
            "acted_by",
            "acted_at",
            "note",
        ]
    )
    audit_log(actor=user, action=f"progress.{status.value}", obj=progress, details={"note": note})
    progress_changed.send(
        sender=StepProgress,
        progress=progress,
        previous=current,
        status=status,
        user=user if getattr(user, "is_authenticated", False) else None,
        note=note,
    )
    return progress


def _locked_progress(progress: StepProgress) -> StepProgress:
    return (
        StepProgress.objects.select_for_update(of=("self",))
        .select_related("step__cycle", "group")
        .get(pk=progress.pk)
    )


@transaction.atomic
def progress_review_open(*, progress: StepProgress, user, at: datetime | None = None) -> StepProgress:
    """Record that the department opened the group's sent step for review (only the first time).

    From then on the group can no longer withdraw it. The row is locked, as ``progress_withdraw``
    locks it: of an opening and a withdrawal at the same moment, one comes first and the other
    sees it.
    """
    if not is_department(user):
        return progress
    locked = _locked_progress(progress)
    if locked.status == ProgressStatus.SUBMITTED and locked.review_opened_at is None:
        locked.review_opened_at = at or clock.now()
        locked.save(update_fields=["review_opened_at"])
        audit_log(actor=user, action="progress.review_open", obj=locked)
    return locked


@transaction.atomic
def progress_withdraw(
    *, progress: StepProgress, user, at: datetime | None = None, with_record: bool = False
) -> StepProgress:
    """Take back what the group sent, before the department opened it: the step is in progress again.

    ``with_record``: the step's app withdraws its own record in the same transaction (a P1 version).
    """
    locked = _locked_progress(progress)
    if not with_record and locked.step.kind in WITHDRAWN_WITH_THEIR_RECORD:
        raise ProgrammeError(WITHDRAWN_WITH_THEIR_RECORD[locked.step.kind])
    if not can_edit_group(user, locked.group):
        raise ProgrammeError("ถอนคืนได้เฉพาะเจ้าหน้าที่หรือประธานของกลุ่มเขตนี้")
    if locked.status == ProgressStatus.SUBMITTED and locked.review_opened_at is not None:
        raise ProgrammeError(
            f"สำนักยุทธศาสตร์และประเมินผลเปิดพิจารณาแล้วเมื่อ {be_datetime(locked.review_opened_at)} "
            "จึงถอนคืนไม่ได้ หากต้องแก้ไข กรุณาติดต่อสำนักฯ ให้ส่งกลับ"
        )
    previous = ProgressStatus(locked.status)
    status = PROGRESS_TRANSITIONS.move(
        previous,
        ProgressAction.WITHDRAW,
        error=ProgrammeError,
        message="ขั้นตอนนี้อยู่ในสถานะ “{status}” ถอนคืนไม่ได้",
    )
    at = at or clock.now()
    locked.status, locked.acted_by, locked.acted_at = status, user, at
    locked.note = "ถอนคืนโดยกลุ่มเขตก่อนสำนักฯ เปิดพิจารณา"
    locked.save(update_fields=["status", "acted_by", "acted_at", "note"])
    audit_log(actor=user, action="progress.withdraw", obj=locked)
    progress_changed.send(
        sender=StepProgress, progress=locked, previous=previous, status=status, user=user, note=locked.note
    )
    return locked


@transaction.atomic
def progress_reopen(*, progress: StepProgress, user, note: str, at: datetime | None = None) -> StepProgress:
    """Reopen an accepted step for the group, with the reason: it goes back as returned for revision."""
    if not is_department(user):
        raise ProgrammeError("การเปิดให้แก้ไขทำได้เฉพาะสำนักยุทธศาสตร์และประเมินผล")
    if not (note or "").strip():
        raise ProgrammeError("กรุณาระบุเหตุผลที่เปิดให้แก้ไข")
    locked = _locked_progress(progress)
    PROGRESS_TRANSITIONS.move(
        locked.status,
        ProgressAction.REOPEN,
        error=ProgrammeError,
        message="ขั้นตอนนี้อยู่ในสถานะ “{status}” เปิดให้แก้ไขไม่ได้",
    )
    return progress_set(
        cycle=locked.step.cycle,
        group=locked.group,
        kind=locked.step.kind,
        status=ProgressStatus.RETURNED,
        user=user,
        note=f"เปิดให้แก้ไขหลังรับแล้ว: {note.strip()}",
        at=at,
    )


def progress_review(
    *, progress: StepProgress, user, accept: bool, note: str = "", at: datetime | None = None
) -> StepProgress:
    """Accept a group's submitted step, or return it for revision with a comment.

    A step reviewed on its own app's page (``selectors.is_reviewed_on_own_page``) is refused
    here, so its versions and comments cannot be bypassed.
    """
    if selectors.is_reviewed_on_own_page(step=progress.step):
        raise ProgrammeError(f"ขั้นตอน “{progress.step.title}” พิจารณาได้ที่หน้าของขั้นตอนนั้นเท่านั้น")
    if not accept and not note.strip():
        raise ProgrammeError("กรุณาระบุเหตุผลที่ส่งกลับแก้ไข")
    return progress_set(
        cycle=progress.step.cycle,
        group=progress.group,
        kind=progress.step.kind,
        status=ProgressStatus.ACCEPTED if accept else ProgressStatus.RETURNED,
        user=user,
        note=note,
        at=at,
    )


# --- users -----------------------------------------------------------------------------------


@transaction.atomic
def user_profile_set(
    *, user, role: str, group: DistrictGroup | None = None, actor=None, **fields
) -> UserProfile:
    """Give a user a role (and a group for district-group roles)."""
    if (role in GROUP_ROLES) != (group is not None):
        raise ProgrammeError("บทบาทเจ้าหน้าที่และประธานกลุ่มเขตต้องระบุกลุ่มเขต ส่วนบทบาทอื่นต้องไม่ระบุกลุ่มเขต")
    profile = UserProfile.objects.filter(user=user).first() or UserProfile(user=user)
    profile.role, profile.group = role, group
    for name, value in fields.items():
        setattr(profile, name, value)
    try:
        profile.full_clean()
    except ValidationError as exc:
        raise ProgrammeError.from_validation(exc) from exc
    profile.save()
    audit_log(actor=actor, action="user.role", obj=profile, details={"role": role})
    return profile


@transaction.atomic
def user_create(
    *,
    username: str,
    role: str,
    password: str,
    email: str,
    group: DistrictGroup | None = None,
    first_name: str = "",
    last_name: str = "",
    actor=None,
    **profile_fields,
):
    """Create a portal user with a role (and a group for district-group roles); never overwrite one.

    The password goes through the same validators as a password change in the portal, so an
    operator's script cannot give an account a password the portal itself would refuse.
    """
    User = get_user_model()
    if User.objects.filter(username__iexact=username).exists():
        raise ProgrammeError(f"มีผู้ใช้ชื่อ “{username}” อยู่แล้ว (แก้บทบาทหรือรหัสผ่านได้ที่หน้าผู้ดูแลระบบ ไม่สร้างซ้ำ)")
    is_admin = role == Role.ADMIN
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        is_staff=is_admin,
        is_superuser=is_admin,
    )
    try:
        user.full_clean(exclude=["password"])
        if not email:
            raise ValidationError({"email": "กรุณาระบุอีเมล (ใช้ส่งการแจ้งเตือนกำหนดส่ง)"})
    except ValidationError as exc:
        raise ProgrammeError("ข้อมูลผู้ใช้ไม่ถูกต้อง: " + " ".join(exc.messages)) from exc
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise ProgrammeError("รหัสผ่านไม่ผ่านเกณฑ์: " + " ".join(exc.messages)) from exc
    user.set_password(password)
    user.save()
    user_profile_set(user=user, role=role, group=group, actor=actor, **profile_fields)
    audit_log(actor=actor, action="user.create", obj=user, details={"role": role})
    return user
