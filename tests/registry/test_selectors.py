"""Reads of the registry: the contract other apps use, scope, masking, preview order."""

from __future__ import annotations

import pytest

from bangkok_network.errors import NotFound
from bangkok_network.models import District, Role
from registry import selectors, services
from tests.registry.factories import CommunityMemberFactory, MemberFactory, messy_workbook

pytestmark = pytest.mark.django_db


def test_member_list_for_group_is_in_thai_order_and_scoped(cycle, group, other_group):
    for prefix, first in (("นาย", "ยุทธนา"), ("นางสาว", "กนกพร"), ("", "ชมรมคนรักคลอง"), ("นาง", "เกศินี")):
        MemberFactory(cycle=cycle, group=group, prefix=prefix, first_name=first)
    MemberFactory(cycle=cycle, group=other_group, first_name="กกกก")
    names = [m.first_name for m in selectors.member_list_for_group(cycle=cycle, group=group)]
    assert names == ["กนกพร", "เกศินี", "ชมรมคนรักคลอง", "ยุทธนา"]


def test_member_list_active_only_leaves_out_inactive_and_erased(cycle, group, staff):
    active = MemberFactory(cycle=cycle, group=group)
    MemberFactory(cycle=cycle, group=group, is_active=False)
    services.member_erase(member=MemberFactory(cycle=cycle, group=group), user=staff)
    assert list(selectors.member_list_for_group(cycle=cycle, group=group, active_only=True)) == [active]
    assert selectors.member_list_for_group(cycle=cycle, group=group).count() == 3


def test_member_counts(cycle, group, staff):
    central = District.objects.get(code="1001")
    dusit = District.objects.get(code="1002")
    MemberFactory(cycle=cycle, group=group, district=central)
    MemberFactory(cycle=cycle, group=group, district=dusit, is_active=False)
    org = MemberFactory(
        cycle=cycle, group=group, district=dusit, kind="organisation", organisation_name="ชมรม"
    )
    services.member_erase(member=org, user=staff)
    assert selectors.member_counts(cycle=cycle, group=group) == {
        "total": 3,
        "active": 2,
        "persons": 2,
        "organisations": 1,
        "erased": 1,
        "from_community": 0,
        "by_district": {"1001": 1, "1002": 2},
    }


def test_member_get_for_user_hides_other_groups(cycle, other_group, staff, officer):
    member = MemberFactory(cycle=cycle, group=other_group, district=District.objects.get(code="1004"))
    with pytest.raises(NotFound):
        selectors.member_get_for_user(user=staff, pk=member.pk)
    assert selectors.member_get_for_user(user=officer, pk=member.pk) == member


@pytest.mark.parametrize(
    ("role", "own", "expected"),
    [
        ("group_staff", True, True),
        ("group_chair", True, True),
        ("group_staff", False, False),
        ("officer", None, True),
        ("admin", None, True),
        ("executive", None, False),
    ],
)
def test_who_sees_personal_data(make_user, group, other_group, role, own, expected):
    user_group = None if own is None else (group if own else other_group)
    user = make_user(role, group=user_group)
    assert selectors.can_see_personal_data(user, group) is expected


def test_mask_keeps_only_the_last_two_characters():
    assert selectors.mask("0812345678") == "••••••••78"
    assert selectors.mask("abc") == "•••"
    assert selectors.mask("") == ""


def test_community_rows_come_from_the_groups_districts_of_the_year_before(cycle, group):
    mine = CommunityMemberFactory()
    CommunityMemberFactory(district=District.objects.get(code="1004"))  # bkk-south
    CommunityMemberFactory(fiscal_year=2562)
    assert list(selectors.community_members_for_group(cycle=cycle, group=group)) == [mine]


def test_import_of_another_groups_district_is_a_404(staff, officer, make_user, other_group):
    batch = services.community_import_preview(
        data=messy_workbook(),
        filename="x.xlsx",
        district=District.objects.get(code="1004"),
        fiscal_year=2563,
        user=None,
    )
    with pytest.raises(NotFound):
        selectors.community_import_get_for_user(user=staff, pk=batch.pk)
    assert selectors.community_import_get_for_user(user=officer, pk=batch.pk) == batch
    south = make_user(Role.GROUP_STAFF, group=other_group)
    assert selectors.community_import_get_for_user(user=south, pk=batch.pk) == batch


def test_preview_rows_show_problems_first(reference_data):
    batch = services.community_import_preview(
        data=messy_workbook(),
        filename="x.xlsx",
        district=District.objects.get(code="1001"),
        fiscal_year=2563,
        user=None,
    )
    rows, total = selectors.community_import_rows(batch=batch)
    assert total == 5
    assert [(r["status"], r["row"]) for r in rows] == [
        ("rejected", 8),
        ("rejected", 10),
        ("duplicate", 7),
        ("ok", 4),
        ("ok", 5),
    ]
