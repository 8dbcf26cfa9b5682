"""Permission cases of the registry's URLs: a group's registry is its own; contact data is not for all."""

from registry import services
from registry.models import CommunityImport, Member
from tests.permission_matrix import Case, group_edit, own_group_page
from tests.registry.factories import MemberFactory, messy_workbook


def setup(world) -> None:
    from bangkok_network.models import District

    for group, code in ((world.group, "1001"), (world.other_group, "1004")):
        district = District.objects.get(code=code)
        MemberFactory(cycle=world.cycle, group=group, district=district)
        MemberFactory(cycle=world.cycle, group=group, district=district, network_role="ลบได้")
        services.community_import_preview(
            data=messy_workbook(), filename="x.xlsx", district=district, fiscal_year=2563, user=None
        )


def _member(world, group=None):
    return {"pk": Member.objects.filter(group=group or world.group).order_by("pk").first().pk}


def _other_member(world):
    return _member(world, world.other_group)


def _erasable(world):
    """A member of the other group kept for the erase POST, so erasing it changes no other case."""
    return {"pk": Member.objects.get(group=world.other_group, network_role="ลบได้").pk}


def _import(world, code="1001"):
    return {"pk": CommunityImport.objects.filter(district__code=code).order_by("pk").first().pk}


def _group(world):
    return {"fiscal_year": world.cycle.fiscal_year, "code": world.group.code}


def _other(world):
    return {"fiscal_year": world.cycle.fiscal_year, "code": world.other_group.code}


IMPORTING = {"executive": 403}  # group people for their own districts, the department for any
PERSONAL = {"other_group_staff": 404, "executive": 403}

CASES = [
    Case("registry:home", expect={"group_staff": 302, "group_chair": 302, "other_group_staff": 302}),
    Case("registry:member_list", _group, expect=own_group_page()),
    Case("registry:member_list", _other, expect={"group_staff": 404, "group_chair": 404}),
    Case("registry:member_create", _group, expect=group_edit()),
    Case(
        "registry:member_create",
        _other,
        expect={"group_staff": 404, "group_chair": 404, "officer": 403, "executive": 403},
    ),
    # a POST that is refused by the rules is still answered on the server: 404/403 before any write
    Case(
        "registry:member_create",
        _other,
        method="post",
        data=lambda w: {"first_name": "x"},
        expect={"group_staff": 404, "group_chair": 404, "officer": 403, "executive": 403},
    ),
    Case("registry:community_pick", _group, expect=group_edit()),
    Case("registry:duplicate_list", _group, expect=group_edit()),
    Case(
        "registry:registry_submit",
        _other,
        method="post",
        expect={
            "group_staff": 404,
            "group_chair": 404,
            "officer": 403,
            "executive": 403,
            "admin": 302,
            "other_group_staff": 302,
        },
    ),
    Case("registry:member_detail", _member, expect=own_group_page()),
    Case("registry:member_detail", _other_member, expect={"group_staff": 404, "group_chair": 404}),
    Case("registry:member_update", _member, expect=group_edit()),
    Case(
        "registry:member_update",
        _other_member,
        expect={"group_staff": 404, "group_chair": 404, "officer": 403, "executive": 403},
    ),
    Case("registry:member_erase", _member, expect=group_edit()),
    Case(
        "registry:member_erase",
        _erasable,
        method="post",
        expect={
            "group_staff": 404,
            "group_chair": 404,
            "officer": 403,
            "executive": 403,
            "other_group_staff": 302,
            "admin": 302,
        },
    ),
    Case("registry:member_data", _member, expect=PERSONAL),
    Case(
        "registry:member_data",
        _other_member,
        expect={"group_staff": 404, "group_chair": 404, "executive": 403},
    ),
    # merging with a member that does not exist is a 404 even for those allowed to merge
    Case(
        "registry:member_merge",
        _other_member,
        method="post",
        data=lambda w: {"other": 0},
        expect={
            "group_staff": 404,
            "group_chair": 404,
            "officer": 403,
            "executive": 403,
            "other_group_staff": 404,
            "admin": 404,
        },
    ),
    Case("registry:import_upload", expect=IMPORTING),
    Case("registry:import_template"),
    Case("registry:import_preview", _import, expect={**IMPORTING, "other_group_staff": 404}),
    Case(
        "registry:import_preview",
        lambda w: _import(w, "1004"),
        expect={**IMPORTING, "group_staff": 404, "group_chair": 404},
    ),
    Case("registry:import_rejected", _import, expect={**IMPORTING, "other_group_staff": 404}),
    Case(
        "registry:import_confirm",
        lambda w: _import(w, "1004"),
        method="post",
        expect={
            **IMPORTING,
            "group_staff": 404,
            "group_chair": 404,
            "other_group_staff": 302,
            "officer": 302,
            "admin": 302,
        },
    ),
    Case(
        "registry:import_cancel",
        lambda w: _import(w, "1004"),
        method="post",
        expect={
            **IMPORTING,
            "group_staff": 404,
            "group_chair": 404,
            "other_group_staff": 302,
            "officer": 302,
            "admin": 302,
        },
    ),
    # changes to another district's waiting preview: its own group and the department only
    *[
        Case(
            name,
            lambda w: _import(w, "1004"),
            method="post",
            data=lambda w, data=data: data,
            expect={
                **IMPORTING,
                "group_staff": 404,
                "group_chair": 404,
                "other_group_staff": 302,
                "officer": 302,
                "admin": 302,
            },
        )
        for name, data in (
            ("registry:import_mapping", {"key": "ชื่อสกุล", "field": "full_name"}),
            ("registry:import_mode", {"mode": "update"}),
            ("registry:import_decide", {"row": 0, "decision": "import"}),
        )
    ],
]
