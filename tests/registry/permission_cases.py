"""Permission cases of the registry's URLs (the rules: tests/permission_matrix.py): a group's
registry is its own; contact data is not for executives; the department imports for any district."""

from django.core.files.uploadedfile import SimpleUploadedFile

from bangkok_network.models import District
from registry import services
from registry.models import MemberKind
from tests.permission_matrix import GROUP_EDIT, SIGNED_IN, Case, cycle_and_group, pk_of
from tests.registry.factories import MemberFactory, messy_workbook

# Group people for their own districts, the department for any; executives do not import.
IMPORTING = SIGNED_IN.but(executive=403)
PERSONAL = SIGNED_IN.but(executive=403)


def setup(world) -> None:
    """In each group: two members (the second merged into the first) and an upload waiting for review."""
    for group, code in ((world.group, "1001"), (world.other_group, "1004")):
        objects = world.at(group)
        objects.district = District.objects.get(code=code)
        objects.member = MemberFactory(cycle=world.cycle, group=group, district=objects.district)
        objects.twin = MemberFactory(cycle=world.cycle, group=group, district=objects.district)
        objects.batch = services.community_import_preview(
            data=messy_workbook(), filename="x.xlsx", district=objects.district, fiscal_year=2563, user=None
        )


_member = pk_of("member")
_batch = pk_of("batch")


def _member_data(w, g):
    return {
        "kind": MemberKind.PERSON,
        "prefix": "นาย",
        "first_name": "สมหมาย",
        "last_name": "ใจงาม",
        "district": w.at(g).district.pk,
        "phone": "0812345678",
        "is_active": "on",
    }


CASES = [
    Case("registry:home", access=SIGNED_IN.but(group_staff=302, group_chair=302)),
    Case("registry:member_list", per_group=cycle_and_group, access=SIGNED_IN),
    Case("registry:member_create", per_group=cycle_and_group, access=GROUP_EDIT, data=_member_data),
    Case(
        "registry:community_pick",
        per_group=cycle_and_group,
        access=GROUP_EDIT,
        data=lambda w, g: {"pick": []},
    ),
    Case("registry:duplicate_list", per_group=cycle_and_group, access=GROUP_EDIT),
    Case("registry:registry_submit", per_group=cycle_and_group, access=GROUP_EDIT),
    Case("registry:member_detail", per_group=_member, access=SIGNED_IN),
    Case("registry:member_update", per_group=_member, access=GROUP_EDIT, data=_member_data),
    Case("registry:member_erase", per_group=_member, access=GROUP_EDIT),
    Case("registry:member_data", per_group=_member, access=PERSONAL),
    Case(
        "registry:member_merge",
        per_group=_member,
        access=GROUP_EDIT,
        data=lambda w, g: {"other": w.at(g).twin.pk},
    ),
    Case(
        "registry:import_upload",
        access=IMPORTING,
        data=lambda w, g: {
            "district": w.at(w.group).district.pk,
            "fiscal_year": "2563",
            "file": SimpleUploadedFile("registry.xlsx", messy_workbook()),
        },
    ),
    Case("registry:import_template", access=SIGNED_IN),
    Case("registry:import_preview", per_group=_batch, access=IMPORTING),
    Case("registry:import_rejected", per_group=_batch, access=IMPORTING),
    Case("registry:import_confirm", per_group=_batch, access=IMPORTING),
    Case("registry:import_cancel", per_group=_batch, access=IMPORTING),
    Case(
        "registry:import_mapping",
        per_group=_batch,
        access=IMPORTING,
        data=lambda w, g: {"key": "ชื่อสกุล", "field": "full_name"},
    ),
    Case("registry:import_mode", per_group=_batch, access=IMPORTING, data=lambda w, g: {"mode": "update"}),
    Case(
        "registry:import_decide",
        per_group=_batch,
        access=IMPORTING,
        data=lambda w, g: {"row": 0, "decision": "import"},
    ),
]
