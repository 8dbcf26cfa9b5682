"""Views of form P1 through the client: editing keeps input on errors, conflicts, submit, review, overview."""

from __future__ import annotations

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bangkok_network.models import PlanDimension
from projects_p1 import selectors, services
from projects_p1.models import P1Form, P1Status
from tests.projects_p1.factories import complete_form, key_issue

pytestmark = pytest.mark.django_db
BKK = ZoneInfo("Asia/Bangkok")


def _url(name, group, **extra):
    return reverse(f"projects_p1:{name}", kwargs={"fiscal_year": 2564, "code": group.code, **extra})


def post_data(
    *, lock_version=0, key_issue="", approach="แนวทาง", projects=(), action="save", **extra
) -> dict:
    """Build the editor's POST the way the browser sends it (formset prefixes and management forms)."""
    data = {
        "lock_version": lock_version,
        "key_issue": key_issue,
        "approach": approach,
        "action": action,
        "projects-TOTAL_FORMS": len(projects),
        "projects-INITIAL_FORMS": 0,
        "projects-MIN_NUM_FORMS": 0,
        "projects-MAX_NUM_FORMS": 1000,
    }
    for i, project in enumerate(projects):
        steps = project.pop("steps", [])
        prefix = f"projects-{i}"
        defaults = {
            "id": "",
            "name": "",
            "objective": "",
            "target_quantity": "",
            "target_unit": "",
            "target_description": "",
            "budget": "",
            "funding_source": "",
            "start_date": "",
            "end_date": "",
            "alignment_note": "",
            "benefit": "",
            "benefit_note": "",
        }
        for key, value in {**defaults, **project}.items():
            data[f"{prefix}-{key}"] = value
        data.update(
            {
                f"{prefix}-steps-TOTAL_FORMS": len(steps),
                f"{prefix}-steps-INITIAL_FORMS": 0,
                f"{prefix}-steps-MIN_NUM_FORMS": 0,
                f"{prefix}-steps-MAX_NUM_FORMS": 1000,
            }
        )
        for j, step in enumerate(steps):
            for key, value in {"id": "", "title": "", "start_date": "", "end_date": "", **step}.items():
                data[f"{prefix}-steps-{j}-{key}"] = value
    return {**data, **extra}


def full_project(**overrides):
    dims = list(PlanDimension.objects.filter(number__in=[5]).values_list("pk", flat=True))
    return {
        "name": "ลอกท่อ",
        "objective": "ลดน้ำท่วม",
        "target_quantity": "5",
        "target_unit": "ชุมชน",
        "budget": "150,000.50",
        "funding_source": "งบเขต",
        "start_date": "17/05/2564",
        "end_date": "26/08/2564",
        "plan_dimensions": dims,
        "benefit": "physical",
        "steps": [{"title": "ประชุมชุมชน", "start_date": "20/05/2564", "end_date": "31/05/2564"}],
        **overrides,
    }


def test_edit_page_lists_only_the_groups_own_key_issues(client, cycle, group, other_group, staff):
    key_issue(cycle=cycle, group=group, title="ประเด็นของกลุ่มเรา")
    key_issue(cycle=cycle, group=other_group, title="ประเด็นของกลุ่มอื่น")
    client.force_login(staff)
    page = client.get(_url("form_edit", group)).content.decode()
    assert "ประเด็นของกลุ่มเรา" in page
    assert "ประเด็นของกลุ่มอื่น" not in page
    assert 'id="project-template"' in page and "projects-__prefix__-steps-__step__-title" in page


def test_saving_a_draft_stores_thai_formatted_numbers_and_be_dates(client, cycle, group, staff):
    issue = key_issue(cycle=cycle, group=group)
    client.force_login(staff)
    response = client.post(_url("form_edit", group), post_data(key_issue=issue.pk, projects=[full_project()]))
    assert response.status_code == 302 and response.url == _url("form_detail", group)
    project = P1Form.objects.get(group=group).projects.get()
    assert (project.budget, project.start_date) == (Decimal("150000.50"), datetime.date(2021, 5, 17))
    assert project.steps.get().end_date == datetime.date(2021, 5, 31)


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("budget", "-5", "งบประมาณต้องไม่ติดลบ"),
        ("budget", "12.345", "งบประมาณมีทศนิยมได้ไม่เกิน 2 ตำแหน่ง (สตางค์)"),
        ("budget", "99999999999", "งบประมาณต้องไม่เกิน 1,000,000,000.00 บาท"),
        ("budget", "หนึ่งแสน", "กรุณากรอกงบประมาณเป็นตัวเลข เช่น 150000 หรือ 150,000.50"),
        ("start_date", "17/05/2021", "ปี 2021 ดูเหมือนเป็นปี ค.ศ. กรุณากรอกปี พ.ศ. (เช่น 2564)"),
        ("name", "<script>alert(1)</script>", "ช่องนี้รับเฉพาะข้อความ ไม่รับโค้ด HTML"),
    ],
)
def test_bad_input_gets_a_thai_message_and_keeps_everything_typed(
    client, cycle, group, staff, field, typed, message
):
    client.force_login(staff)
    project = full_project(objective="วัตถุประสงค์ที่พิมพ์ไว้ยาว ๆ", **{field: typed})
    response = client.post(_url("form_edit", group), post_data(approach="แนวทางที่พิมพ์ไว้", projects=[project]))
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert "วัตถุประสงค์ที่พิมพ์ไว้ยาว ๆ" in page and "แนวทางที่พิมพ์ไว้" in page
    assert "ประชุมชุมชน" in page  # the work step survived too
    assert not P1Form.objects.filter(group=group).exists()


def test_end_before_start_comes_back_from_the_service_with_input_kept(client, cycle, group, staff):
    client.force_login(staff)
    response = client.post(
        _url("form_edit", group),
        post_data(
            projects=[full_project(name="โครงการวันผิด", start_date="01/06/2564", end_date="01/05/2564")]
        ),
    )
    page = response.content.decode()
    assert "โครงการที่ 1: วันสิ้นสุด (1 พ.ค. 2564) อยู่ก่อนวันเริ่ม (1 มิ.ย. 2564)" in page
    assert "โครงการวันผิด" in page


def test_second_save_with_a_stale_version_gets_a_conflict_and_keeps_its_input(
    client, cycle, group, staff, chair
):
    form = complete_form(cycle=cycle, group=group, user=staff)
    stale = form.lock_version
    services.p1_form_save(
        cycle=cycle,
        group=group,
        user=chair,
        lock_version=stale,
        key_issue_id=form.key_issue_id,
        approach="ประธานบันทึกก่อน",
        projects=[],
    )
    client.force_login(staff)
    data = post_data(
        lock_version=stale, approach="เจ้าหน้าที่พิมพ์ทีหลัง", projects=[full_project(name="งานของเจ้าหน้าที่")]
    )
    page = client.post(_url("form_edit", group), data).content.decode()
    assert "ถูกบันทึกโดย ทดสอบ chair-central" in page
    assert "เจ้าหน้าที่พิมพ์ทีหลัง" in page and "งานของเจ้าหน้าที่" in page
    assert f'name="lock_version" value="{stale + 1}"' in page  # saving again overwrites, knowingly
    assert P1Form.objects.get(group=group).approach == "ประธานบันทึกก่อน"
    response = client.post(_url("form_edit", group), {**data, "lock_version": stale + 1})
    assert response.status_code == 302
    assert P1Form.objects.get(group=group).approach == "เจ้าหน้าที่พิมพ์ทีหลัง"


def test_save_and_submit_sends_the_form_on_time(client, cycle, group, staff):
    issue = key_issue(cycle=cycle, group=group)
    client.force_login(staff)
    with time_machine.travel(datetime.datetime(2021, 5, 12, 9, 0, tzinfo=BKK), tick=False):
        response = client.post(
            _url("form_edit", group),
            post_data(key_issue=issue.pk, projects=[full_project()], action="submit", confirmed="1"),
        )
    assert response.status_code == 302
    form = P1Form.objects.get(group=group)
    assert (form.status, form.version, form.submissions.get().is_late) == (P1Status.SUBMITTED, 1, False)


def test_save_and_submit_with_rules_broken_saves_the_draft_and_lists_the_reasons(client, cycle, group, staff):
    client.force_login(staff)
    response = client.post(
        _url("form_edit", group),
        post_data(projects=[full_project(objective="")], action="submit", confirmed="1"),
        follow=True,
    )
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == _url("form_edit", group)
    assert "กรุณาเลือกประเด็นสำคัญที่แบบ P1 นี้ตอบ" in page
    assert "โครงการที่ 1 “ลอกท่อ”: กรุณากรอก วัตถุประสงค์" in page
    assert P1Form.objects.get(group=group).status == P1Status.DRAFT
    assert "ลอกท่อ" in page  # the saved draft reopens with what was typed


def test_submit_button_after_the_deadline_is_marked_late(client, cycle, group, staff):
    complete_form(cycle=cycle, group=group, user=staff)
    client.force_login(staff)
    with time_machine.travel(datetime.datetime(2021, 5, 17, 9, 0, tzinfo=BKK), tick=False):
        response = client.post(_url("form_submit", group), {"confirmed": "1"}, follow=True)
    assert "ส่งแบบ P1 ฉบับที่ 1 แล้ว (ส่งหลังวันครบกำหนด ระบบบันทึกว่าส่งล่าช้า)" in response.content.decode()


def test_review_return_needs_a_comment_and_keeps_the_choice(client, cycle, group, staff, officer):
    form = complete_form(cycle=cycle, group=group, user=staff)
    services.p1_form_submit(form=form, user=staff)
    client.force_login(officer)
    page = client.post(_url("form_review", group), {"decision": "return", "comment": ""}).content.decode()
    assert "กรุณาระบุความเห็นหรือสิ่งที่ต้องแก้ไขเมื่อส่งกลับ" in page
    response = client.post(
        _url("form_review", group),
        {"decision": "return", "comment": "เพิ่มงบประมาณรายละเอียด", "confirmed": "1"},
    )
    assert response.status_code == 302
    assert P1Form.objects.get(pk=form.pk).status == P1Status.RETURNED


def test_resubmission_page_shows_what_changed_field_by_field(client, cycle, group, staff, officer):
    form = complete_form(cycle=cycle, group=group, user=staff)
    services.p1_form_submit(form=form, user=staff)
    services.p1_form_return(form=form, user=officer, comment="ปรับงบ")
    form.refresh_from_db()
    project = form.projects.get()
    services.p1_form_save(
        cycle=cycle,
        group=group,
        user=staff,
        lock_version=form.lock_version,
        key_issue_id=form.key_issue_id,
        approach=form.approach,
        projects=[
            {
                "id": project.pk,
                "name": project.name,
                "objective": project.objective,
                "target_quantity": project.target_quantity,
                "target_unit": project.target_unit,
                "budget": Decimal("90000"),
                "funding_source": project.funding_source,
                "start_date": project.start_date,
                "end_date": project.end_date,
                "plan_dimensions": [d.pk for d in project.plan_dimensions.all()],
                "benefit": project.benefit,
                "steps": [
                    {"id": s.pk, "title": s.title, "start_date": s.start_date, "end_date": s.end_date}
                    for s in project.steps.all()
                ],
            }
        ],
    )
    services.p1_form_submit(form=form, user=staff)
    client.force_login(officer)
    page = client.get(_url("submission_detail", group, version=2)).content.decode()
    assert "สิ่งที่เปลี่ยนจากฉบับที่ 1" in page
    assert "<del>150,000.50</del>" in page and "<ins>90,000.00</ins>" in page
    assert "ถูกบันทึกโดย" not in page


def test_overview_filters_late_missing_and_returned(
    client, cycle, group, other_group, staff, other_staff, officer
):
    form = complete_form(cycle=cycle, group=group, user=staff)
    with time_machine.travel(datetime.datetime(2021, 5, 20, 9, 0, tzinfo=BKK), tick=False):
        services.p1_form_submit(form=form, user=staff)
    other = complete_form(cycle=cycle, group=other_group, user=other_staff)
    with time_machine.travel(datetime.datetime(2021, 5, 10, 9, 0, tzinfo=BKK), tick=False):
        services.p1_form_submit(form=other, user=other_staff)
    services.p1_form_return(form=other, user=officer, comment="แก้")
    client.force_login(officer)

    def groups(state):
        response = client.get(reverse("projects_p1:overview", kwargs={"fiscal_year": 2564}), {"state": state})
        return [row.group.code for row in response.context["rows"]]

    assert groups("late") == ["bkk-central"]
    assert groups("returned") == ["bkk-south"]
    assert groups("missing") == ["bkk-north", "bkk-east", "thon-north", "thon-south"]
    assert len(groups("")) == 6


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_pages_use_the_same_number_of_queries_for_one_or_many_projects(
    client, cycle, group, other_group, staff, other_staff, officer
):
    complete_form(cycle=cycle, group=group, user=staff, projects=1)
    complete_form(cycle=cycle, group=other_group, user=other_staff, projects=8)
    for user, name in ((staff, "form_edit"), (staff, "form_detail"), (officer, "form_detail")):
        client.force_login(user)
        small = _queries(client, _url(name, group))
        client.force_login(other_staff if user == staff else user)
        large = _queries(client, _url(name, other_group))
        assert small == large, name
    client.force_login(officer)
    overview = reverse("projects_p1:overview", kwargs={"fiscal_year": 2564})
    before = _queries(client, overview)
    services.p1_form_submit(form=P1Form.objects.get(group=other_group), user=other_staff)
    assert _queries(client, overview) == before


def test_executive_reads_but_cannot_edit_or_review(client, cycle, group, staff, executive):
    form = complete_form(cycle=cycle, group=group, user=staff)
    services.p1_form_submit(form=form, user=staff)
    client.force_login(executive)
    page = client.get(_url("form_detail", group)).content.decode()
    assert "โครงการที่ 1" in page
    assert "บันทึกผลการพิจารณา" not in page and "แก้ไขแบบ P1" not in page
    assert client.get(_url("form_edit", group)).status_code == 403
    assert client.post(_url("form_review", group), {"decision": "accept"}).status_code == 403
    assert P1Form.objects.get(pk=form.pk).status == P1Status.SUBMITTED


def test_edit_page_of_a_returned_form_shows_the_departments_comment(client, cycle, group, staff, officer):
    form = complete_form(cycle=cycle, group=group, user=staff)
    services.p1_form_submit(form=form, user=staff)
    services.p1_form_return(form=form, user=officer, comment="ขอแยกงบประมาณรายกิจกรรม")
    client.force_login(staff)
    page = client.get(_url("form_edit", group)).content.decode()
    assert "ความเห็นต่อฉบับที่ 1" in page and "ขอแยกงบประมาณรายกิจกรรม" in page


def test_overview_shows_each_sent_versions_project_count_and_total(client, cycle, group, staff, officer):
    form = complete_form(cycle=cycle, group=group, user=staff, projects=2)
    services.p1_form_submit(form=form, user=staff)
    client.force_login(officer)
    response = client.get(reverse("projects_p1:overview", kwargs={"fiscal_year": 2564}))
    row = next(r for r in response.context["rows"] if r.group == group)
    assert (row.project_count, row.total_budget) == (2, Decimal("300001.00"))
    assert "300,001.00" in response.content.decode()


def test_overview_late_means_the_first_sending_missed_the_deadline(client, cycle, group, staff, officer):
    form = complete_form(cycle=cycle, group=group, user=staff)
    with time_machine.travel(datetime.datetime(2021, 5, 12, 9, 0, tzinfo=BKK), tick=False):
        services.p1_form_submit(form=form, user=staff)
    services.p1_form_return(form=form, user=officer, comment="แก้เป้าหมาย")
    with time_machine.travel(datetime.datetime(2021, 5, 20, 9, 0, tzinfo=BKK), tick=False):
        services.p1_form_submit(form=form, user=staff)
    client.force_login(officer)
    response = client.get(reverse("projects_p1:overview", kwargs={"fiscal_year": 2564}), {"state": "late"})
    assert response.context["rows"] == []
    row = next(r for r in selectors.p1_overview(cycle=cycle) if r.group == group)
    assert (row.is_late, row.latest.is_late, row.is_resubmission) == (False, True, True)


def test_detail_page_queries_do_not_grow_with_versions_and_history(client, cycle, group, staff, officer):
    form = complete_form(cycle=cycle, group=group, user=staff, projects=2)
    services.p1_form_submit(form=form, user=staff)
    client.force_login(officer)
    one_version = _queries(client, _url("form_detail", group))
    for _ in range(3):
        services.p1_form_return(form=form, user=officer, comment="แก้อีก")
        form.refresh_from_db()
        complete_form(cycle=cycle, group=group, user=staff, projects=2, issue=form.key_issue)
        services.p1_form_submit(form=form, user=staff)
    assert _queries(client, _url("form_detail", group)) == one_version


def test_edit_page_hints_how_to_write_budget_target_and_be_dates(client, group, staff):
    client.force_login(staff)
    page = client.get(_url("form_edit", group)).content.decode()
    assert "ตัวเลขบาท ใส่จุลภาคหรือสตางค์ได้ เช่น 150,000 หรือ 50000.50 (ไม่ต้องพิมพ์คำว่า บาท)" in page
    assert "ตัวเลขเท่านั้น เช่น 100 (หน่วยนับกรอกในช่องถัดไป)" in page
    assert "วัน/เดือน/ปี พ.ศ. เช่น 17/05/2564" in page
