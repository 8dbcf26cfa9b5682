"""Selectors of form P1: scoped reads, snapshots, comparing versions, constant query counts."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bangkok_network.errors import NotFound
from projects_p1 import selectors, services
from projects_p1.selectors import Change, snapshot_diff
from tests.projects_p1.factories import complete_form

pytestmark = pytest.mark.django_db


def test_projects_for_group_returns_live_rows_in_form_order_with_stable_ids(
    cycle, group, other_group, staff, other_staff
):
    form = complete_form(cycle=cycle, group=group, user=staff, projects=3)
    complete_form(cycle=cycle, group=other_group, user=other_staff, projects=2)
    ids = list(form.projects.order_by("order").values_list("pk", flat=True))
    assert [p.pk for p in selectors.projects_for_group(cycle=cycle, group=group)] == ids
    assert [f.group.code for f in selectors.forms_for_cycle(cycle=cycle)] == ["bkk-central", "bkk-south"]


def test_reads_take_the_same_number_of_queries_for_few_and_many_projects(
    cycle, group, other_group, staff, other_staff, django_assert_num_queries
):
    complete_form(cycle=cycle, group=group, user=staff, projects=1)
    complete_form(cycle=cycle, group=other_group, user=other_staff, projects=9)
    for target in (group, other_group):
        with django_assert_num_queries(3):  # projects, their dimensions, their steps
            projects = list(selectors.projects_for_group(cycle=cycle, group=target))
            _ = [(list(p.plan_dimensions.all()), list(p.steps.all()), p.form.group_id) for p in projects]
    with django_assert_num_queries(4):
        forms = list(selectors.forms_for_cycle(cycle=cycle))
        _ = [[(list(p.steps.all()), list(p.plan_dimensions.all())) for p in f.projects.all()] for f in forms]


def test_submission_of_another_group_is_404(cycle, group, staff, other_staff):
    form = complete_form(cycle=cycle, group=group, user=staff)
    services.p1_form_submit(form=form, user=staff)
    assert selectors.submission_get_for_user(user=staff, cycle=cycle, code=group.code, version=1).version == 1
    with pytest.raises(NotFound):
        selectors.submission_get_for_user(user=other_staff, cycle=cycle, code=group.code, version=1)


def _snapshot(**overrides):
    project = {
        "id": 7,
        "name": "ลอกท่อ",
        "objective": "ลดน้ำท่วม",
        "target_quantity": "5.00",
        "target_unit": "ชุมชน",
        "target_description": "",
        "budget": "1000.00",
        "funding_source": "งบเขต",
        "start_date": "2021-05-17",
        "end_date": "2021-08-26",
        "plan_dimensions": [{"number": 5, "name": "มหานครประชาธิปไตย"}],
        "alignment_note": "",
        "benefit": "physical",
        "benefit_note": "",
        "steps": [{"id": 1, "title": "ประชุม", "start_date": "2021-05-20", "end_date": "2021-05-31"}],
    }
    return {
        "key_issue": {"id": 1, "title": "น้ำท่วม", "problem": ""},
        "approach": "ลอก",
        "projects": [project],
        "total_budget": "1000.00",
        **overrides,
    }


def test_diff_names_each_changed_field_with_thai_formatted_values():
    before = _snapshot()
    changed = {**before["projects"][0], "budget": "2500.50", "end_date": "2021-09-30", "benefit": "social"}
    after = _snapshot(projects=[changed], total_budget="2500.50", approach="ลอกและขุด")
    assert snapshot_diff(before, after) == [
        Change("ส่วนหัว", "แนวทางการแก้ไข", "ลอก", "ลอกและขุด"),
        Change("โครงการที่ 1 ลอกท่อ", "งบประมาณ (บาท)", "1,000.00", "2,500.50"),
        Change("โครงการที่ 1 ลอกท่อ", "วันสิ้นสุด", "26 ส.ค. 2564", "30 ก.ย. 2564"),
        Change("โครงการที่ 1 ลอกท่อ", "ประโยชน์ต่อประชาชน", "กายภาพ", "สังคม"),
        Change("รวม", "งบประมาณรวม", "1,000.00", "2,500.50"),
    ]


def test_diff_reports_added_and_removed_projects_and_nothing_for_equal_versions():
    before = _snapshot()
    new = {**before["projects"][0], "id": 8, "name": "ไฟส่องสว่าง"}
    after = _snapshot(projects=[new])
    assert snapshot_diff(before, after) == [
        Change("โครงการที่ 1 ไฟส่องสว่าง", "โครงการใหม่", "", "ไฟส่องสว่าง"),
        Change("โครงการ ลอกท่อ", "ลบโครงการ", "ลอกท่อ", ""),
    ]
    assert snapshot_diff(before, _snapshot()) == []


def test_snapshot_for_display_turns_strings_back_into_dates_and_decimals():
    shown = selectors.snapshot_for_display(_snapshot())
    project = shown["projects"][0]
    assert (project["number"], project["budget"], project["benefit_label"]) == (
        1,
        Decimal("1000.00"),
        "กายภาพ",
    )
    assert project["start_date"].isoformat() == "2021-05-17"
    assert project["steps"][0]["end_date"].isoformat() == "2021-05-31"
    assert shown["total_budget"] == Decimal("1000.00")
