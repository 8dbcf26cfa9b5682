import pytest

from bangkok_network.demo import demo_users_load
from registry import demo
from registry.models import CommunityMember, Member

pytestmark = pytest.mark.django_db


def test_demo_fills_every_group_through_the_services_and_a_rerun_adds_nothing(cycle):
    demo_users_load()
    summary = demo.load(cycle=cycle)
    assert summary.startswith("นำเข้าทะเบียนบัญชีประชาคมเขต 192 แถว")
    counts = {
        g: Member.objects.filter(cycle=cycle, group__code=g).count()
        for g in ("bkk-central", "bkk-south", "bkk-north", "bkk-east", "thon-north", "thon-south")
    }
    assert all(20 <= n <= 40 for n in counts.values()), counts
    before = (CommunityMember.objects.count(), Member.objects.count())
    assert (
        demo.load(cycle=cycle)
        == "นำเข้าทะเบียนบัญชีประชาคมเขต 0 แถว, เลือกเข้าทะเบียนกลุ่ม 0 ราย, เพิ่มจากเครือข่ายอื่น 0 ราย"
    )
    assert (CommunityMember.objects.count(), Member.objects.count()) == before
    assert Member.history.filter(history_user__username="staff-bkk-central").exists()
