"""Permission cases of the reports app: packages per group, the evaluation for the department and
executives, stored builds downloadable only within scope, open data for every signed-in role."""

from tests.permission_matrix import Case, all_groups_only, department_only, own_group_page
from tests.reports.factories import done_build


def setup(world) -> None:
    world.package_build = done_build(kind="package", cycle=world.cycle, group=world.group)
    world.other_package_build = done_build(kind="package", cycle=world.cycle, group=world.other_group)
    world.evaluation_build = done_build(kind="evaluation", cycle=world.cycle, group=None)


def _package(world):
    return {"fiscal_year": 2564, "code": world.group.code}


def _other_package(world):
    return {"fiscal_year": 2564, "code": world.other_group.code}


OTHER_GROUPS_OBJECT = {"group_staff": 404, "group_chair": 404, "other_group_staff": 200}
GROUP_ROLES_NOT_FOUND = {"group_staff": 404, "group_chair": 404, "other_group_staff": 404}

# The package holds members' contact details: executives are kept out of it (see the registry's rule).
PACKAGE_PAGE = own_group_page(executive=403)
PACKAGE_FILE = own_group_page(executive=404)
OTHER_PACKAGE_FILE = {**OTHER_GROUPS_OBJECT, "executive": 404}

CASES = [
    Case("reports:package", _package, expect=PACKAGE_PAGE),
    Case("reports:package", _other_package, expect={**OTHER_GROUPS_OBJECT, "executive": 403}),
    # Building reads data only: anyone who may see the group's package may ask for a fresh one.
    Case(
        "reports:package_build",
        _package,
        method="post",
        data=lambda w: {"format": "pdf"},
        default=302,
        expect=PACKAGE_PAGE,
    ),
    Case(
        "reports:package_build",
        _other_package,
        method="post",
        data=lambda w: {"format": "pdf"},
        default=302,
        expect={"group_staff": 404, "group_chair": 404, "executive": 403},
    ),
    # Sending is the group's own act: the department and executives only read.
    Case(
        "reports:package_submit",
        _package,
        method="post",
        data=lambda w: {"build": w.package_build.pk},
        default=302,
        expect={"other_group_staff": 404, "officer": 403, "executive": 403},
    ),
    Case("reports:build_detail", lambda w: {"pk": w.package_build.pk}, expect=PACKAGE_FILE),
    Case("reports:build_detail", lambda w: {"pk": w.other_package_build.pk}, expect=OTHER_PACKAGE_FILE),
    Case("reports:build_status", lambda w: {"pk": w.package_build.pk}, expect=PACKAGE_FILE),
    Case("reports:build_status", lambda w: {"pk": w.other_package_build.pk}, expect=OTHER_PACKAGE_FILE),
    Case("reports:build_download", lambda w: {"pk": w.package_build.pk}, expect=PACKAGE_FILE),
    Case("reports:build_download", lambda w: {"pk": w.other_package_build.pk}, expect=OTHER_PACKAGE_FILE),
    Case(
        "reports:document",
        lambda w: {"kind": "package", "fiscal_year": 2564, "group": w.group.code, "fmt": "xlsx"},
        # Never rendered in the request: the stored build, or the page that builds it.
        default=302,
        expect=own_group_page(executive=403),
    ),
    # Executives and the department read the evaluation; a group never sees it exists.
    Case("reports:build_detail", lambda w: {"pk": w.evaluation_build.pk}, expect=GROUP_ROLES_NOT_FOUND),
    Case("reports:build_download", lambda w: {"pk": w.evaluation_build.pk}, expect=GROUP_ROLES_NOT_FOUND),
    Case("reports:evaluation_current", default=302, expect=all_groups_only()),
    Case("reports:evaluation", lambda w: {"fiscal_year": 2564}, expect=all_groups_only()),
    Case(
        "reports:evaluation_build",
        lambda w: {"fiscal_year": 2564},
        method="post",
        data=lambda w: {"format": "xlsx"},
        default=302,
        expect=department_only(),
    ),
    Case(
        "reports:evaluation_submit",
        lambda w: {"fiscal_year": 2564},
        method="post",
        data=lambda w: {"build": w.evaluation_build.pk},
        default=302,
        expect=department_only(),
    ),
    Case(
        "reports:assessment_edit",
        lambda w: {"fiscal_year": 2564, "code": w.group.code},
        expect=department_only(),
    ),
    Case("reports:opendata", lambda w: {"fiscal_year": 2564, "fmt": "csv"}),
    Case("reports:opendata", lambda w: {"fiscal_year": 2564, "fmt": "json"}),
    Case(
        "reports:document",
        lambda w: {"kind": "evaluation", "fiscal_year": 2564, "group": "all", "fmt": "xlsx"},
        default=302,
        expect={"group_staff": 403, "group_chair": 403, "other_group_staff": 403},
    ),
]
