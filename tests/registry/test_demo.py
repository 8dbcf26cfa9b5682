"""Step 1 of the demo story: registries imported, built and sent through the services, once."""

from datetime import date

import pytest

from bangkok_network.demo import demo_timeline, demo_users_load
from bangkok_network.models import StepKind
from bangkok_network.selectors import group_list, progress_get
from registry import demo
from registry.models import CommunityMember, Member

pytestmark = pytest.mark.django_db


def _states(cycle) -> dict[str, str]:
    return {g.code: progress_get(cycle=cycle, group=g, kind=StepKind.REGISTRY).status for g in group_list()}


def test_demo_fills_every_group_through_the_services_and_a_rerun_adds_nothing(cycle):
    demo_users_load()
    timeline = demo_timeline(cycle=cycle, today=date(2021, 10, 1))  # FY 2564 is over: all of it
    summary = demo.load(timeline=timeline)
    assert summary.startswith("นำเข้าทะเบียนบัญชีประชาคมเขต 192 แถว")
    counts = {
        g: Member.objects.filter(cycle=cycle, group__code=g).count()
        for g in ("bkk-central", "bkk-south", "bkk-north", "bkk-east", "thon-north", "thon-south")
    }
    assert all(20 <= n <= 40 for n in counts.values()), counts
    # Sent at the end of March — กรุงเทพตะวันออก on 5 April, late — and accepted but for two.
    assert _states(cycle) == {
        "bkk-central": "accepted",
        "bkk-south": "accepted",
        "bkk-north": "accepted",
        "bkk-east": "submitted",
        "thon-north": "submitted",
        "thon-south": "accepted",
    }
    east = progress_get(cycle=cycle, group=group_list().get(code="bkk-east"), kind=StepKind.REGISTRY)
    assert east.first_submitted_at.date() == date(2021, 4, 5)
    before = (CommunityMember.objects.count(), Member.objects.count())
    assert demo.load(timeline=timeline) == (
        "นำเข้าทะเบียนบัญชีประชาคมเขต 0 แถว, เลือกเข้าทะเบียนกลุ่ม 0 ราย, เพิ่มจากเครือข่ายอื่น 0 ราย; "
        "ทะเบียนกลุ่ม: bkk-central=accepted, bkk-south=accepted, bkk-north=accepted, "
        "bkk-east=submitted, thon-north=submitted, thon-south=accepted"
    )
    assert (CommunityMember.objects.count(), Member.objects.count()) == before
    assert Member.history.filter(history_user__username="staff-bkk-central").exists()


def test_demo_stops_at_today_and_dates_what_it_made_by_the_story(cycle):
    demo_users_load()
    demo.load(timeline=demo_timeline(cycle=cycle, today=date(2021, 3, 28)))
    # Sent by 27 March: thon-north (25th) and bkk-central (26th); nothing reviewed yet.
    assert _states(cycle) == {
        "bkk-central": "submitted",
        "bkk-south": "in_progress",
        "bkk-north": "in_progress",
        "bkk-east": "in_progress",
        "thon-north": "submitted",
        "thon-south": "in_progress",
    }
    member = Member.objects.filter(cycle=cycle, source="other_network").first()
    assert member.consent_date == date(2021, 3, 10)
    assert member.created_at.date() == date(2021, 3, 10)  # auto_now_add read the demo's clock
    assert member.history.earliest().history_date.date() == date(2021, 3, 10)
