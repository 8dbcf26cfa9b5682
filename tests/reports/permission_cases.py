"""Permission cases of the reports app (the rules: tests/permission_matrix.py): packages per group,
the evaluation for the department and executives, stored builds downloadable only within scope,
open data for every signed-in role."""

from reports.models import SCORE_FIELDS, BuildKind
from tests.permission_matrix import ALL_GROUPS, DEPARTMENT, GROUP_EDIT, LOGIN, SIGNED_IN, Access, Case
from tests.reports.factories import done_build


def setup(world) -> None:
    for group in (world.group, world.other_group):
        world.at(group).package_build = done_build(kind=BuildKind.PACKAGE, cycle=world.cycle, group=group)
    world.evaluation_build = done_build(kind=BuildKind.EVALUATION, cycle=world.cycle, group=None)


def _package(w, g):
    return {"fiscal_year": 2564, "code": g.code}


def _build(w, g):
    return {"pk": w.at(g).package_build.pk}


# The package holds members' contact details: executives are kept out of it (see the registry's rule),
# and a stored file they may not have is "not found", as for another group.
PACKAGE_PAGE = SIGNED_IN.but(executive=403)
PACKAGE_FILE = SIGNED_IN.but(executive=404)
# Executives and the department read the evaluation; a group never sees it exists.
EVALUATION_FILE = SIGNED_IN.but(group_staff=404, group_chair=404)
# Never rendered in the request: the stored build, or the page that builds it.
STORED = Access(anonymous=LOGIN, group_staff=302, group_chair=302, officer=302, executive=302, admin=302)

CASES = [
    Case("reports:package", per_group=_package, access=PACKAGE_PAGE),
    # Building reads data only: anyone who may see the group's package may ask for a fresh one.
    Case(
        "reports:package_build", per_group=_package, access=PACKAGE_PAGE, data=lambda w, g: {"format": "pdf"}
    ),
    # Sending is the group's own act: the department and executives only read.
    Case(
        "reports:package_submit",
        per_group=_package,
        access=GROUP_EDIT,
        data=lambda w, g: {"build": w.at(g).package_build.pk},
    ),
    Case("reports:build_detail", per_group=_build, access=PACKAGE_FILE),
    Case("reports:build_status", per_group=_build, access=PACKAGE_FILE),
    Case("reports:build_download", per_group=_build, access=PACKAGE_FILE),
    Case("reports:build_detail", kwargs=lambda w: {"pk": w.evaluation_build.pk}, access=EVALUATION_FILE),
    Case("reports:build_status", kwargs=lambda w: {"pk": w.evaluation_build.pk}, access=EVALUATION_FILE),
    Case("reports:build_download", kwargs=lambda w: {"pk": w.evaluation_build.pk}, access=EVALUATION_FILE),
    Case(
        "reports:document",
        per_group=lambda w, g: {"kind": "package", "fiscal_year": 2564, "group": g.code, "fmt": "xlsx"},
        access=STORED.but(executive=403),
    ),
    Case(
        "reports:document",
        kwargs=lambda w: {"kind": "evaluation", "fiscal_year": 2564, "group": "all", "fmt": "xlsx"},
        access=STORED.but(group_staff=403, group_chair=403),
    ),
    Case("reports:evaluation_current", access=STORED.but(group_staff=403, group_chair=403)),
    Case("reports:evaluation", kwargs=lambda w: {"fiscal_year": 2564}, access=ALL_GROUPS),
    Case(
        "reports:evaluation_build",
        kwargs=lambda w: {"fiscal_year": 2564},
        access=DEPARTMENT,
        data=lambda w, g: {"format": "xlsx"},
    ),
    Case(
        "reports:evaluation_submit",
        kwargs=lambda w: {"fiscal_year": 2564},
        access=DEPARTMENT,
        data=lambda w, g: {"build": w.evaluation_build.pk},
    ),
    Case(
        "reports:assessment_edit",
        per_group=_package,
        access=DEPARTMENT,
        data=lambda w, g: {name: "4" for name in SCORE_FIELDS},
    ),
    Case("reports:opendata", kwargs=lambda w: {"fiscal_year": 2564, "fmt": "csv"}, access=SIGNED_IN),
    Case("reports:opendata", kwargs=lambda w: {"fiscal_year": 2564, "fmt": "json"}, access=SIGNED_IN),
]
