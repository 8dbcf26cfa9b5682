"""Two officers merging the same pair of registry records at the same moment, on PostgreSQL."""

from __future__ import annotations

import pytest
from django.db import connection

from registry import services
from registry.models import Member
from tests.races import race
from tests.registry.factories import MemberFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def test_merging_a_pair_both_ways_at_once_keeps_one_record(cycle, group, staff, chair, monkeypatch):
    a = MemberFactory(cycle=cycle, group=group, phone="")
    b = MemberFactory(cycle=cycle, group=group, email="")
    # Each person opened the duplicate page and chose the other record to keep.
    first, second = race(
        lambda: services.member_merge(
            keep=Member.objects.get(pk=a.pk), remove=Member.objects.get(pk=b.pk), user=staff
        ),
        lambda: services.member_merge(
            keep=Member.objects.get(pk=b.pk), remove=Member.objects.get(pk=a.pk), user=chair
        ),
        monkeypatch=monkeypatch,
        pause_at=(services, "_repoint_references"),  # checked, nothing moved yet
    )
    assert first.error is None
    assert isinstance(second.error, services.RegistryError)
    assert str(second.error) == "สมาชิกที่เลือกถูกรวมหรือลบไปแล้ว กรุณาเปิดหน้าทะเบียนใหม่"
    kept = Member.objects.get(cycle=cycle, group=group)
    assert (kept.pk, kept.phone, kept.email) == (a.pk, b.phone, a.email)
