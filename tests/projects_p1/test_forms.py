"""Forms of form P1: shape checks with Thai messages, and what the editor hands to the service."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from projects_p1.forms import P1Editor, ProjectForm, StepFormSet
from tests.projects_p1.test_views import post_data


@pytest.mark.parametrize(
    ("typed", "value"),
    [("150,000.50", Decimal("150000.50")), ("๑๕๐,๐๐๐", Decimal("150000")), (" 2 500 บาท", Decimal("2500"))],
)
def test_budget_accepts_separators_thai_digits_and_the_word_baht(typed, value):
    form = ProjectForm({"budget": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["budget"] == value


def test_html_is_refused_but_a_less_than_sign_in_words_is_fine():
    form = ProjectForm({"name": "<b>ตัวหนา</b>", "objective": "ผู้สูงอายุ < 5% ของชุมชน"})
    assert not form.is_valid()
    assert list(form.errors) == ["name"]
    assert form.errors["name"][0].startswith("ช่องนี้รับเฉพาะข้อความ ไม่รับโค้ด HTML")


def test_christian_era_year_is_refused_in_thai():
    form = ProjectForm({"start_date": "17/05/2021"})
    assert not form.is_valid()
    assert form.errors["start_date"] == ["ปี 2021 ดูเหมือนเป็นปี ค.ศ. กรุณากรอกปี พ.ศ. (เช่น 2564)"]


def test_steps_empty_form_uses_its_own_placeholder_inside_a_new_project():
    steps = StepFormSet(prefix="projects-__prefix__-steps")
    assert steps.empty_form.prefix == "projects-__prefix__-steps-__step__"


def test_editor_drops_deleted_and_blank_rows_and_keeps_the_order(db):
    data = post_data(
        lock_version=3,
        projects=[
            {"name": "ลบทิ้ง", "DELETE": "on", "steps": [{"title": "ขั้นของโครงการที่ลบ"}]},
            {
                "name": "เก็บไว้",
                "steps": [
                    {"title": "ขั้นแรก", "start_date": "01/06/2564"},
                    {},
                    {"title": "ลบ", "DELETE": "on"},
                ],
            },
            {},
        ],
    )
    editor = P1Editor(data=data, form=None, key_issue_choices=[], dimension_choices=[])
    assert editor.is_valid()
    kwargs = editor.service_kwargs()
    assert kwargs["lock_version"] == 3 and kwargs["key_issue_id"] is None
    assert [p["name"] for p in kwargs["projects"]] == ["เก็บไว้"]
    assert kwargs["projects"][0]["steps"] == [
        {"id": None, "title": "ขั้นแรก", "start_date": datetime.date(2021, 6, 1), "end_date": None}
    ]


def test_key_issue_from_outside_the_list_is_refused_in_thai(db):
    data = post_data(key_issue="999")
    editor = P1Editor(data=data, form=None, key_issue_choices=[(1, "ประเด็น")], dimension_choices=[])
    assert not editor.is_valid()
    assert editor.header.errors["key_issue"] == ["ประเด็นสำคัญที่เลือกไม่ใช่ของกลุ่มเขตนี้ในรอบนี้ กรุณาเลือกใหม่"]
