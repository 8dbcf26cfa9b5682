from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from bangkok_network import services
from bangkok_network.models import (
    AuditEntry,
    CalendarStep,
    Cycle,
    District,
    DistrictAssignment,
    DistrictGroup,
    NationalStrategy,
    PlanDimension,
    ProgressStatus,
    StepKind,
    StepProgress,
)
from bangkok_network.services import ProgrammeError

BKK = ZoneInfo("Asia/Bangkok")
pytestmark = pytest.mark.django_db


def test_reference_data_has_the_groups_districts_dimensions_and_the_seed_calendar(cycle):
    assert list(DistrictGroup.objects.values_list("code", flat=True)) == [
        "bkk-central",
        "bkk-south",
        "bkk-north",
        "bkk-east",
        "thon-north",
        "thon-south",
    ]
    assert District.objects.count() == 50
    assert District.objects.get(code="1001").name == "พระนคร"
    assert District.objects.get(code="1050").name == "บางบอน"
    assert PlanDimension.objects.get(number=5).name == "มหานครประชาธิปไตย"
    assert PlanDimension.objects.count() == 7
    assert NationalStrategy.objects.get(number=6).name == "การปรับสมดุลและพัฒนาระบบการบริหารจัดการภาครัฐ"
    assert [(s.number, s.start_date, s.due_date, s.responsible) for s in cycle.steps.order_by("number")] == [
        (1, date(2021, 3, 1), date(2021, 3, 31), "group"),
        (2, date(2021, 4, 1), date(2021, 4, 30), "group"),
        (3, date(2021, 5, 3), date(2021, 5, 14), "group"),
        (4, date(2021, 5, 17), date(2021, 8, 26), "group"),
        (5, date(2021, 8, 27), date(2021, 8, 27), "group"),
        (6, date(2021, 9, 10), date(2021, 9, 10), "department"),
    ]
    assert DistrictAssignment.objects.filter(cycle=cycle).count() == 50
    assert DistrictAssignment.objects.get(cycle=cycle, district__code="1032").group.code == "bkk-east"
    assert StepProgress.objects.filter(step__cycle=cycle).count() == 36


def test_reference_data_load_is_idempotent(cycle):
    before = (
        DistrictGroup.objects.count(),
        District.objects.count(),
        CalendarStep.objects.count(),
        DistrictAssignment.objects.count(),
        StepProgress.objects.count(),
    )
    services.reference_data_load()
    services.reference_data_load()
    after = (
        DistrictGroup.objects.count(),
        District.objects.count(),
        CalendarStep.objects.count(),
        DistrictAssignment.objects.count(),
        StepProgress.objects.count(),
    )
    assert before == after == (6, 50, 6, 50, 36)


def test_cycle_copy_shifts_dates_by_a_year_and_keeps_membership(cycle, officer):
    new = services.cycle_copy(source=cycle, fiscal_year="2565", user=officer)
    assert new.fiscal_year == 2565
    assert new.start_date == date(2021, 10, 1)
    steps = list(new.steps.order_by("number"))
    assert [(s.start_date, s.due_date) for s in steps][2] == (date(2022, 5, 3), date(2022, 5, 14))
    assert steps[0].period_label == "มี.ค. 2565"
    assert "๒๕๖๕" in steps[2].description and "๒๕๖๔" in steps[0].description  # prior FY of 2565
    assert new.assignments.count() == 50
    assert StepProgress.objects.filter(step__cycle=new).count() == 36
    assert AuditEntry.objects.filter(action="cycle.copy", object_id=str(new.pk)).exists()


@pytest.mark.parametrize(("year", "message"), [("2022", "ค.ศ."), ("2564", "มีรอบปีงบประมาณ 2564 อยู่แล้ว")])
def test_cycle_copy_refuses_bad_years_and_changes_nothing(cycle, officer, year, message):
    with pytest.raises(ProgrammeError, match=message):
        services.cycle_copy(source=cycle, fiscal_year=year, user=officer)
    assert Cycle.objects.count() == 1


def test_calendar_step_update_refuses_due_before_start_and_outside_the_fiscal_year(cycle, officer):
    step = cycle.steps.get(number=3)
    with pytest.raises(ProgrammeError, match="วันครบกำหนดต้องไม่อยู่ก่อนวันเริ่ม"):
        services.calendar_step_update(
            step=step, user=officer, start_date=date(2021, 5, 14), due_date=date(2021, 5, 3)
        )
    with pytest.raises(ProgrammeError, match="ปีงบประมาณ 2564"):
        services.calendar_step_update(
            step=step, user=officer, start_date=date(2021, 5, 3), due_date=date(2021, 10, 14)
        )
    step.refresh_from_db()
    assert (step.start_date, step.due_date) == (date(2021, 5, 3), date(2021, 5, 14))
    services.calendar_step_update(
        step=step, user=officer, start_date=date(2021, 5, 4), due_date=date(2021, 5, 21)
    )
    step.refresh_from_db()
    assert step.due_date == date(2021, 5, 21)


def test_progress_set_walks_the_allowed_transitions(cycle, group, staff, officer):
    at = datetime(2021, 5, 15, 9, 0, tzinfo=BKK)
    p = services.progress_set(
        cycle=cycle, group=group, kind=StepKind.MEETINGS, status=ProgressStatus.IN_PROGRESS, user=staff
    )
    assert p.status == "in_progress"
    p = services.progress_set(
        cycle=cycle, group=group, kind=StepKind.MEETINGS, status=ProgressStatus.SUBMITTED, user=staff, at=at
    )
    assert (p.status, p.submitted_at, p.acted_by) == ("submitted", at, staff)
    # Marking work in progress never undoes a submission.
    p = services.progress_set(
        cycle=cycle, group=group, kind=StepKind.MEETINGS, status=ProgressStatus.IN_PROGRESS, user=staff
    )
    assert p.status == "submitted"
    with pytest.raises(ProgrammeError, match="ส่งกลับแก้ไข"):
        services.progress_review(progress=p, user=officer, accept=False, note="  ")
    p = services.progress_review(progress=p, user=officer, accept=False, note="ขอเพิ่มงบประมาณ")
    assert (p.status, p.note, p.acted_by) == ("returned", "ขอเพิ่มงบประมาณ", officer)
    p = services.progress_set(
        cycle=cycle, group=group, kind=StepKind.MEETINGS, status=ProgressStatus.SUBMITTED, user=staff
    )
    p = services.progress_review(progress=p, user=officer, accept=True)
    assert p.status == "accepted"
    assert p.history.count() >= 5


def test_progress_review_refuses_a_step_reviewed_on_its_own_page(cycle, group, staff, officer):
    p = services.progress_set(
        cycle=cycle, group=group, kind=StepKind.P1, status=ProgressStatus.SUBMITTED, user=staff
    )

    with pytest.raises(ProgrammeError) as refused:
        services.progress_review(progress=p, user=officer, accept=True)

    assert refused.value.messages == [
        "ขั้นตอน “จัดทำแบบ P1 ส่งสำนักยุทธศาสตร์และประเมินผล” พิจารณาได้ที่หน้าของขั้นตอนนั้นเท่านั้น"
    ]
    p.refresh_from_db()
    assert p.status == ProgressStatus.SUBMITTED


def test_progress_set_refuses_accepting_what_was_never_sent(cycle, group, officer):
    with pytest.raises(ProgrammeError, match="เปลี่ยนสถานะจาก"):
        services.progress_set(
            cycle=cycle, group=group, kind=StepKind.P1, status=ProgressStatus.ACCEPTED, user=officer
        )


def test_user_profile_requires_a_group_for_group_roles(db, django_user_model, reference_data):
    user = django_user_model.objects.create_user("x")
    with pytest.raises(ProgrammeError):
        services.user_profile_set(user=user, role="group_staff", group=None)
