"""The P1 demo data: every group gets a form through the services, and rerunning adds nothing."""

from __future__ import annotations

import pytest

from bangkok_network.demo import demo_users_load
from projects_p1 import demo
from projects_p1.models import P1Form, P1Submission, Project
from tests.projects_p1.factories import key_issue

pytestmark = pytest.mark.django_db


def test_demo_gives_every_group_a_p1_in_various_states_and_is_idempotent(cycle):
    from bangkok_network.models import DistrictGroup

    demo_users_load()
    for group in DistrictGroup.objects.all():
        key_issue(cycle=cycle, group=group)
    summary = demo.load(cycle=cycle)
    assert summary.startswith("แบบ P1 ใหม่ 6 กลุ่ม (bkk-central=accepted, bkk-south=late, bkk-north=returned")
    forms = {f.group.code: f for f in P1Form.objects.select_related("group")}
    assert {code: f.status for code, f in forms.items()} == {
        "bkk-central": "accepted",
        "bkk-south": "submitted",
        "bkk-north": "returned",
        "bkk-east": "draft",
        "thon-north": "submitted",
        "thon-south": "accepted",
    }
    assert list(P1Submission.objects.filter(is_late=True).values_list("form__group__code", flat=True)) == [
        "bkk-south"
    ]
    assert sorted(f.projects.count() for f in forms.values()) == [1, 1, 2, 2, 3, 3]
    projects = Project.objects.count()
    assert demo.load(cycle=cycle) == "แบบ P1 ใหม่ 0 กลุ่ม (-), มีอยู่แล้ว 6 กลุ่ม"
    assert Project.objects.count() == projects


def test_demo_skips_a_group_without_key_issues_and_says_so(cycle):
    demo_users_load()
    assert demo.load(cycle=cycle).endswith(
        "ข้ามกลุ่มที่ยังไม่มีประเด็นสำคัญ: bkk-central, bkk-south, bkk-north, bkk-east, thon-north, thon-south"
    )
    assert not P1Form.objects.exists()
