"""Services of form P1: every rule and transition, with time frozen around the 14 May deadline."""

from __future__ import annotations

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from bangkok_network.models import AuditEntry, ProgressStatus, Role
from bangkok_network.selectors import group_deadlines, progress_get
from projects_p1 import services
from projects_p1.models import P1Form, P1Status, P1Submission, P1Transition, Project, WorkStep
from projects_p1.services import P1ConflictError, P1Error
from tests.projects_p1.factories import complete_form, key_issue, project_data, step_data

BKK = ZoneInfo("Asia/Bangkok")
BEFORE_DUE = datetime.datetime(2021, 5, 10, 10, 0, tzinfo=BKK)
LAST_MINUTE = datetime.datetime(2021, 5, 14, 23, 30, tzinfo=BKK)
JUST_LATE = datetime.datetime(2021, 5, 15, 0, 10, tzinfo=BKK)  # still 14 May in UTC

pytestmark = pytest.mark.django_db


def _save(form_or_none, *, cycle, group, user, **overrides):
    data = {
        "key_issue_id": None,
        "approach": "",
        "projects": [],
        "lock_version": form_or_none.lock_version if form_or_none else 0,
        **overrides,
    }
    return services.p1_form_save(cycle=cycle, group=group, user=user, **data)


def _p1_state(cycle, group) -> str:
    return next(d for d in group_deadlines(cycle=cycle, group=group) if d.step.kind == "p1").state


# --- saving the working copy -----------------------------------------------------------------


def test_save_creates_the_form_with_projects_steps_and_dimensions_in_order(cycle, group, staff):
    issue = key_issue(cycle=cycle, group=group)
    form = _save(
        None,
        cycle=cycle,
        group=group,
        user=staff,
        key_issue_id=issue.pk,
        approach="แนวทาง",
        projects=[
            project_data(name="ก", steps=[step_data(title="หนึ่ง"), step_data(title="สอง")]),
            project_data(name="ข"),
        ],
    )
    assert (form.status, form.version, form.lock_version) == (P1Status.DRAFT, 0, 1)
    assert list(form.projects.values_list("order", "name")) == [(1, "ก"), (2, "ข")]
    first = form.projects.get(name="ก")
    assert list(first.steps.values_list("order", "title")) == [(1, "หนึ่ง"), (2, "สอง")]
    assert sorted(first.plan_dimensions.values_list("number", flat=True)) == [2, 5]
    assert first.budget == Decimal("150000.50")
    assert list(form.transitions.values_list("action", "user")) == [("create", staff.pk)]
    assert progress_get(cycle=cycle, group=group, kind="p1").status == ProgressStatus.IN_PROGRESS
    assert AuditEntry.objects.filter(action="p1.save", object_id=str(form.pk)).count() == 1


def test_draft_is_saved_as_typed_without_the_submission_rules(cycle, group, staff):
    form = _save(
        None,
        cycle=cycle,
        group=group,
        user=staff,
        projects=[project_data(name="", objective="", start_date=None, end_date=None, steps=[])],
    )
    assert form.projects.get().name == ""
    assert form.key_issue is None


def test_saving_again_keeps_project_and_step_ids_and_deletes_rows_left_out(cycle, group, staff):
    form = complete_form(cycle=cycle, group=group, user=staff, projects=2)
    first, second = form.projects.order_by("order")
    step = first.steps.get()
    edited = project_data(id=first.pk, name="ชื่อใหม่", steps=[step_data(id=step.pk, title="ขั้นใหม่")])
    form = _save(
        form, cycle=cycle, group=group, user=staff, key_issue_id=form.key_issue_id, projects=[edited]
    )
    assert list(form.projects.values_list("pk", "name")) == [(first.pk, "ชื่อใหม่")]
    assert list(WorkStep.objects.filter(project__form=form).values_list("pk", "title")) == [
        (step.pk, "ขั้นใหม่")
    ]
    assert not Project.objects.filter(pk=second.pk).exists()


def test_a_stale_lock_version_is_a_conflict_and_writes_nothing(cycle, group, staff, chair):
    form = complete_form(cycle=cycle, group=group, user=staff)
    stale = form.lock_version
    _save(
        form,
        cycle=cycle,
        group=group,
        user=chair,
        key_issue_id=form.key_issue_id,
        approach="ของประธาน",
        projects=[project_data(name="ของประธาน")],
    )
    with pytest.raises(P1ConflictError) as exc:
        _save(
            None,
            cycle=cycle,
            group=group,
            user=staff,
            lock_version=stale,
            approach="ของเจ้าหน้าที่",
            projects=[project_data(name="ของเจ้าหน้าที่")],
        )
    assert "ถูกบันทึกโดย ทดสอบ chair-central" in str(exc.value)
    form.refresh_from_db()
    assert form.approach == "ของประธาน"
    assert list(form.projects.values_list("name", flat=True)) == ["ของประธาน"]


def test_two_people_creating_the_form_at_once_conflict(cycle, group, staff, chair):
    _save(None, cycle=cycle, group=group, user=chair, approach="ก่อน")
    with pytest.raises(P1ConflictError):
        _save(None, cycle=cycle, group=group, user=staff, approach="หลัง")
    assert P1Form.objects.get(cycle=cycle, group=group).approach == "ก่อน"


def test_key_issue_of_another_group_is_refused(cycle, group, other_group, staff):
    foreign = key_issue(cycle=cycle, group=other_group)
    with pytest.raises(P1Error, match="ประเด็นสำคัญต้องเป็นของกลุ่มเขตและรอบเดียวกับแบบ P1"):
        _save(None, cycle=cycle, group=group, user=staff, key_issue_id=foreign.pk)
    assert not P1Form.objects.filter(group=group).exists()


@pytest.mark.parametrize(
    ("budget", "message"),
    [
        (Decimal("-1"), "โครงการที่ 1: งบประมาณต้องไม่ติดลบ"),
        (Decimal("10.005"), "โครงการที่ 1: งบประมาณมีทศนิยมได้ไม่เกิน 2 ตำแหน่ง (สตางค์)"),
        (Decimal("1000000000.01"), "โครงการที่ 1: งบประมาณต้องไม่เกิน 1,000,000,000.00 บาท"),
        ("abc", "โครงการที่ 1: งบประมาณ “abc” ไม่ใช่ตัวเลข"),
    ],
)
def test_budget_must_be_a_non_negative_amount_with_two_decimals_below_the_bound(
    cycle, group, staff, budget, message
):
    with pytest.raises(P1Error) as exc:
        _save(None, cycle=cycle, group=group, user=staff, projects=[project_data(budget=budget)])
    assert exc.value.messages == [message]
    assert not Project.objects.exists()


def test_budget_at_the_bound_and_with_trailing_zeros_is_accepted(cycle, group, staff):
    form = _save(
        None,
        cycle=cycle,
        group=group,
        user=staff,
        projects=[project_data(budget=Decimal("1000000000.00")), project_data(budget=Decimal("12.500"))],
    )
    assert list(form.projects.values_list("budget", flat=True)) == [
        Decimal("1000000000.00"),
        Decimal("12.50"),
    ]


def test_end_before_start_is_refused_even_in_a_draft(cycle, group, staff):
    with pytest.raises(P1Error) as exc:
        _save(
            None,
            cycle=cycle,
            group=group,
            user=staff,
            projects=[project_data(start_date=datetime.date(2021, 6, 1), end_date=datetime.date(2021, 5, 1))],
        )
    assert exc.value.messages == ["โครงการที่ 1: วันสิ้นสุด (1 พ.ค. 2564) อยู่ก่อนวันเริ่ม (1 มิ.ย. 2564)"]


def test_another_group_cannot_save_this_groups_form(cycle, group, other_staff, officer):
    for user in (other_staff, officer):
        with pytest.raises(P1Error, match="ไม่มีสิทธิ์แก้ไขแบบ P1"):
            _save(None, cycle=cycle, group=group, user=user)


# --- submission rules --------------------------------------------------------------------------


def test_submission_needs_a_key_issue_an_approach_and_a_project(cycle, group, staff):
    form = _save(None, cycle=cycle, group=group, user=staff)
    with pytest.raises(P1Error) as exc:
        services.p1_form_submit(form=form, user=staff)
    assert exc.value.messages == [
        "กรุณาเลือกประเด็นสำคัญที่แบบ P1 นี้ตอบ",
        "กรุณากรอกแนวทางการแก้ไข",
        "ต้องมีโครงการ/กิจกรรมอย่างน้อย 1 โครงการ",
    ]
    form.refresh_from_db()
    assert (form.status, form.version) == (P1Status.DRAFT, 0)


def test_submission_refuses_dates_outside_the_fiscal_year_and_missing_fields(cycle, group, staff):
    issue = key_issue(cycle=cycle, group=group)
    form = _save(
        None,
        cycle=cycle,
        group=group,
        user=staff,
        key_issue_id=issue.pk,
        approach="ก",
        projects=[
            project_data(
                name="ก",
                objective="",
                end_date=datetime.date(2021, 10, 1),
                plan_dimensions=[],
                steps=[step_data(title="", start_date=datetime.date(2020, 9, 30))],
            ),
        ],
    )
    with pytest.raises(P1Error) as exc:
        services.p1_form_submit(form=form, user=staff)
    assert exc.value.messages == [
        "โครงการที่ 1 “ก”: กรุณากรอก วัตถุประสงค์",
        "โครงการที่ 1 “ก” ระยะเวลาดำเนินงาน: วันที่ 1 ต.ค. 2564 อยู่นอกปีงบประมาณ 2564 (1 ต.ค. 2563 – 30 ก.ย. 2564)",
        "โครงการที่ 1 “ก”: กรุณาเลือกความสอดคล้องกับแผนพัฒนากรุงเทพมหานครอย่างน้อย 1 ด้าน",
        "โครงการที่ 1 “ก” ขั้นตอนที่ 1: กรุณากรอกชื่อขั้นตอน",
        "โครงการที่ 1 “ก” ขั้นตอนที่ 1: วันที่ 30 ก.ย. 2563 อยู่นอกปีงบประมาณ 2564 (1 ต.ค. 2563 – 30 ก.ย. 2564)",
    ]


def test_submission_by_another_group_or_the_department_is_refused(cycle, group, staff, other_staff, officer):
    form = complete_form(cycle=cycle, group=group, user=staff)
    for user in (other_staff, officer):
        with pytest.raises(P1Error, match="ผู้ส่งแบบ P1 ต้องเป็นเจ้าหน้าที่หรือประธานของกลุ่มเขตนี้"):
            services.p1_form_submit(form=form, user=user)


# --- transitions and the deadline ----------------------------------------------------------------


def test_submission_before_the_due_date_freezes_version_1_on_time(cycle, group, chair):
    form = complete_form(cycle=cycle, group=group, user=chair)
    with time_machine.travel(BEFORE_DUE, tick=False):
        submission = services.p1_form_submit(form=form, user=chair)
    form.refresh_from_db()
    assert (form.status, form.version) == (P1Status.SUBMITTED, 1)
    assert (submission.version, submission.is_late, submission.submitted_by) == (1, False, chair)
    assert submission.snapshot["projects"][0]["name"] == "โครงการที่ 1"
    assert submission.snapshot["total_budget"] == "150000.50"
    progress = progress_get(cycle=cycle, group=group, kind="p1")
    assert (progress.status, progress.submitted_at) == (ProgressStatus.SUBMITTED, BEFORE_DUE)
    with time_machine.travel(BEFORE_DUE, tick=False):
        assert _p1_state(cycle, group) == "submitted_on_time"


def test_submission_late_on_14_may_bangkok_time_is_on_time(cycle, group, staff):
    form = complete_form(cycle=cycle, group=group, user=staff)
    with time_machine.travel(LAST_MINUTE, tick=False):
        assert services.p1_form_submit(form=form, user=staff).is_late is False


def test_submission_after_the_due_date_is_accepted_and_marked_late(cycle, group, staff):
    form = complete_form(cycle=cycle, group=group, user=staff)
    with time_machine.travel(JUST_LATE, tick=False):
        submission = services.p1_form_submit(form=form, user=staff)
        assert _p1_state(cycle, group) == "submitted_late"
    assert submission.is_late is True
    assert P1Form.objects.get(pk=form.pk).status == P1Status.SUBMITTED


def test_due_date_comes_from_the_calendar_not_the_code(cycle, group, staff):
    cycle.steps.filter(kind="p1").update(due_date=datetime.date(2021, 5, 21))
    form = complete_form(cycle=cycle, group=group, user=staff)
    with time_machine.travel(JUST_LATE, tick=False):
        assert services.p1_form_submit(form=form, user=staff).is_late is False


def test_a_submitted_form_cannot_be_edited_or_sent_twice(cycle, group, staff):
    form = complete_form(cycle=cycle, group=group, user=staff)
    services.p1_form_submit(form=form, user=staff)
    form.refresh_from_db()
    with pytest.raises(P1Error, match="แก้ไขไม่ได้"):
        _save(form, cycle=cycle, group=group, user=staff, approach="แก้หลังส่ง")
    with pytest.raises(P1Error, match="ส่งซ้ำไม่ได้"):
        services.p1_form_submit(form=form, user=staff)


def test_return_needs_a_comment_and_the_department(cycle, group, staff, officer):
    form = complete_form(cycle=cycle, group=group, user=staff)
    services.p1_form_submit(form=form, user=staff)
    with pytest.raises(P1Error, match="กรุณาระบุความเห็น"):
        services.p1_form_return(form=form, user=officer, comment="   ")
    with pytest.raises(P1Error, match="เฉพาะสำนักยุทธศาสตร์และประเมินผล"):
        services.p1_form_return(form=form, user=staff, comment="ขอแก้")
    assert P1Form.objects.get(pk=form.pk).status == P1Status.SUBMITTED


def test_executive_cannot_accept(cycle, group, staff, executive):
    form = complete_form(cycle=cycle, group=group, user=staff)
    services.p1_form_submit(form=form, user=staff)
    with pytest.raises(P1Error, match="เฉพาะสำนักยุทธศาสตร์และประเมินผล"):
        services.p1_form_accept(form=form, user=executive)


def test_cannot_review_a_form_that_is_not_submitted(cycle, group, staff, officer):
    form = complete_form(cycle=cycle, group=group, user=staff)
    with pytest.raises(P1Error, match="ยังไม่มีฉบับที่รอพิจารณา"):
        services.p1_form_accept(form=form, user=officer)


def test_return_edit_resubmit_accept_keeps_version_1_frozen_and_records_history(
    cycle, group, staff, chair, officer
):
    form = complete_form(cycle=cycle, group=group, user=staff)
    with time_machine.travel(BEFORE_DUE, tick=False):
        services.p1_form_submit(form=form, user=staff)
    with time_machine.travel(BEFORE_DUE + datetime.timedelta(days=1), tick=False):
        services.p1_form_return(form=form, user=officer, comment="เพิ่มรายละเอียดเป้าหมาย")
    assert progress_get(cycle=cycle, group=group, kind="p1").status == ProgressStatus.RETURNED
    form.refresh_from_db()
    project = form.projects.get()
    form = _save(
        form,
        cycle=cycle,
        group=group,
        user=chair,
        key_issue_id=form.key_issue_id,
        approach=form.approach,
        projects=[project_data(id=project.pk, name="ชื่อแก้ไขแล้ว", budget=Decimal("99000"))],
    )
    assert progress_get(cycle=cycle, group=group, kind="p1").status == ProgressStatus.RETURNED
    with time_machine.travel(JUST_LATE, tick=False):
        second = services.p1_form_submit(form=form, user=chair)
    services.p1_form_accept(form=form, user=officer, comment="เรียบร้อย")

    first = P1Submission.objects.get(form=form, version=1)
    assert (first.status, first.comments, first.reviewed_by) == (
        P1Status.RETURNED,
        "เพิ่มรายละเอียดเป้าหมาย",
        officer,
    )
    assert first.snapshot["projects"][0]["name"] == "โครงการที่ 1"
    assert first.snapshot["projects"][0]["budget"] == "150000.50"
    second.refresh_from_db()
    assert (second.version, second.status, second.is_late) == (2, P1Status.ACCEPTED, True)
    assert second.snapshot["projects"][0] == {
        **second.snapshot["projects"][0],
        "id": project.pk,
        "name": "ชื่อแก้ไขแล้ว",
    }
    assert progress_get(cycle=cycle, group=group, kind="p1").status == ProgressStatus.ACCEPTED
    history = list(
        P1Transition.objects.filter(form=form).order_by("at", "pk").values_list("action", "user", "to_status")
    )
    assert [(a, u) for a, u, _ in history if a != "save" and a != "create"] == [
        ("submit", staff.pk),
        ("return", officer.pk),
        ("submit", chair.pk),
        ("accept", officer.pk),
    ]
    form.refresh_from_db()
    with pytest.raises(P1Error, match="แก้ไขไม่ได้"):
        _save(form, cycle=cycle, group=group, user=staff)


def test_admin_may_edit_and_submit_any_group(cycle, group, make_user):
    admin = make_user(Role.ADMIN)
    form = complete_form(cycle=cycle, group=group, user=admin)
    assert services.p1_form_submit(form=form, user=admin).version == 1


def test_a_project_with_progress_reports_cannot_be_removed(cycle, group, staff):
    from django.apps import apps

    form = complete_form(cycle=cycle, group=group, user=staff, projects=2)
    first, second = form.projects.order_by("order")
    apps.get_model("progress", "ProgressReport").objects.create(
        project=second,
        cycle=cycle,
        group=group,
        report_date=datetime.date(2021, 6, 30),
        percent=20,
        activities="เริ่มลอกท่อแล้ว",
    )
    with pytest.raises(P1Error) as exc:
        _save(
            form,
            cycle=cycle,
            group=group,
            user=staff,
            key_issue_id=form.key_issue_id,
            approach="ตัดโครงการ",
            projects=[project_data(id=first.pk, name=first.name)],
        )
    assert exc.value.messages == ["ลบโครงการ โครงการที่ 2 ไม่ได้ เพราะมีรายงานผลการดำเนินงานอ้างถึงแล้ว"]
    form.refresh_from_db()
    assert form.approach != "ตัดโครงการ"
    assert form.projects.count() == 2


def test_a_dashboard_move_the_core_refuses_stops_the_submission_with_its_thai_message(
    cycle, group, staff, officer
):
    form = complete_form(cycle=cycle, group=group, user=staff)
    services.p1_form_submit(form=form, user=staff)
    services.p1_form_return(form=form, user=officer, comment="แก้")
    # Someone accepted the P1 step outside the P1 screen (e.g. the core's generic step review).
    from bangkok_network.models import StepProgress

    StepProgress.objects.filter(step__cycle=cycle, step__kind="p1", group=group).update(
        status=ProgressStatus.ACCEPTED
    )
    form.refresh_from_db()
    with pytest.raises(P1Error, match="เปลี่ยนสถานะจาก “รับแล้ว” เป็น “ส่งแล้ว” ไม่ได้"):
        services.p1_form_submit(form=form, user=staff)
    form.refresh_from_db()
    assert (form.status, form.version) == (P1Status.RETURNED, 1)
