"""Step 3 of the demo story: every group gets a P1 through the services, each ending differently."""

from __future__ import annotations

from datetime import date

import pytest

from bangkok_network.demo import demo_timeline, demo_users_load
from bangkok_network.models import DistrictGroup
from projects_p1 import demo
from projects_p1.models import P1Form, P1Submission, Project
from tests.projects_p1.factories import key_issue

pytestmark = pytest.mark.django_db


def _statuses() -> dict[str, str]:
    return {f.group.code: f.status for f in P1Form.objects.select_related("group")}


def test_demo_gives_every_group_a_p1_in_various_states_and_is_idempotent(cycle):
    demo_users_load()
    for group in DistrictGroup.objects.all():
        key_issue(cycle=cycle, group=group)
    timeline = demo_timeline(cycle=cycle, today=date(2021, 10, 1))
    summary = demo.load(timeline=timeline)
    assert summary == (
        "แบบ P1 ใหม่ 6 กลุ่ม (bkk-central=accepted, bkk-south=late, bkk-north=submitted, "
        "bkk-east=draft, thon-north=submitted, thon-south=accepted), มีอยู่แล้ว 0 กลุ่ม"
    )
    assert _statuses() == {
        "bkk-central": "accepted",
        "bkk-south": "submitted",
        "bkk-north": "submitted",  # returned on 13 May, answered and sent again on 19 May
        "bkk-east": "draft",
        "thon-north": "submitted",
        "thon-south": "accepted",
    }
    north = P1Form.objects.get(group__code="bkk-north")
    assert [(s.version, s.status, s.submitted_at.date()) for s in north.submissions.order_by("version")] == [
        (1, "returned", date(2021, 5, 11)),
        (2, "submitted", date(2021, 5, 19)),
    ]
    late = P1Submission.objects.filter(is_late=True, version=1)
    assert list(late.values_list("form__group__code", flat=True)) == ["bkk-south"]
    forms = P1Form.objects.all()
    assert sorted(f.projects.count() for f in forms) == [1, 1, 2, 2, 3, 3]
    for form in forms:  # a group never plans the same project twice
        names = list(form.projects.values_list("name", flat=True))
        assert len(names) == len(set(names)), (form.group.code, names)
    projects = Project.objects.count()
    assert demo.load(timeline=timeline) == "แบบ P1 ใหม่ 0 กลุ่ม (-), มีอยู่แล้ว 6 กลุ่ม"
    assert Project.objects.count() == projects


def test_demo_at_a_day_inside_the_p1_step_leaves_the_rest_of_the_story_for_later(cycle):
    demo_users_load()
    for group in DistrictGroup.objects.all():
        key_issue(cycle=cycle, group=group)
    demo.load(timeline=demo_timeline(cycle=cycle, today=date(2021, 5, 9)))
    # Only กรุงธนใต้ sent (7 May), not yet reviewed; the others hold drafts saved on 4–6 May.
    assert set(_statuses().values()) == {"draft", "submitted"}
    assert [code for code, s in _statuses().items() if s == "submitted"] == ["thon-south"]
    # A later run continues each form's story from where it stands.
    demo.load(timeline=demo_timeline(cycle=cycle, today=date(2021, 10, 1)))
    assert _statuses()["thon-south"] == "accepted" and _statuses()["bkk-north"] == "submitted"


def test_demo_skips_a_group_without_key_issues_and_says_so(cycle):
    demo_users_load()
    assert demo.load(timeline=demo_timeline(cycle=cycle, today=date(2021, 10, 1))).endswith(
        "ข้ามกลุ่มที่ยังไม่มีประเด็นสำคัญ: bkk-central, bkk-south, bkk-north, bkk-east, thon-north, thon-south"
    )
    assert not P1Form.objects.exists()
