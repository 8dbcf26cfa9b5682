"""Permission cases of the reports app (the rules: tests/permission_matrix.py): packages per group,
the evaluation for the department and executives, stored builds downloadable only within scope,
open data for every signed-in role."""

from reports.models import SCORE_FIELDS, BuildKind
from tests.permission_matrix import (
    ALL_GROUPS,
    DEPARTMENT,
    GROUP_EDIT,
    LOGIN,
    SIGNED_IN,
    Access,
    Case,
    cycle_and_group,
    cycle_year,
    pk_of,
)
from tests.reports.factories import done_build


def setup(world) -> None:
    for group in (world.group, world.other_group):
        world.at(group).package_build = done_build(kind=BuildKind.PACKAGE, cycle=world.cycle, group=group)
    world.evaluation_build = done_build(kind=BuildKind.EVALUATION, cycle=world.cycle, group=None)


_build = pk_of("package_build")

# The package holds members' contact details: executives read it (and may ask for a fresh build),
# always served the copy with personal data masked (tests/reports/test_masked_package.py).
PACKAGE_PAGE = SIGNED_IN
PACKAGE_FILE = SIGNED_IN
# Executives and the department read the evaluation; a group never sees it exists.
EVALUATION_FILE = SIGNED_IN.but(group_staff=404, group_chair=404)
# Never rendered in the request: the stored build, or the page that builds it.
STORED = Access(anonymous=LOGIN, group_staff=302, group_chair=302, officer=302, executive=302, admin=302)

CASES = [
    Case("reports:package", per_group=cycle_and_group, access=PACKAGE_PAGE),
    # Building reads data only: anyone who may see the group's package may ask for a fresh one.
    Case(
        "reports:package_build",
        per_group=cycle_and_group,
        access=PACKAGE_PAGE,
        data=lambda w, g: {"format": "pdf"},
    ),
    # Sending is the group's own act: the department and executives only read.
    Case(
        "reports:package_submit",
        per_group=cycle_and_group,
        access=GROUP_EDIT,
        data=lambda w, g: {"build": w.at(g).package_build.pk},
    ),
    # Reviewing the sent package beside its checklist is the department's.
    Case(
        "reports:package_review",
        per_group=cycle_and_group,
        access=DEPARTMENT,
        data=lambda w, g: {"decision": "return", "note": "ขอสำเนารายงานที่ลงนาม", "confirmed": "1"},
    ),
    Case("reports:build_detail", per_group=_build, access=PACKAGE_FILE),
    Case("reports:build_status", per_group=_build, access=PACKAGE_FILE),
    Case("reports:build_download", per_group=_build, access=PACKAGE_FILE),
    Case("reports:build_detail", kwargs=lambda w: {"pk": w.evaluation_build.pk}, access=EVALUATION_FILE),
    Case("reports:build_status", kwargs=lambda w: {"pk": w.evaluation_build.pk}, access=EVALUATION_FILE),
    Case("reports:build_download", kwargs=lambda w: {"pk": w.evaluation_build.pk}, access=EVALUATION_FILE),
    Case(
        "reports:document",
        per_group=lambda w, g: {"kind": "package", **cycle_year(w), "group": g.code, "fmt": "xlsx"},
        access=STORED,
    ),
    Case(
        "reports:document",
        kwargs=lambda w: {"kind": "evaluation", **cycle_year(w), "group": "all", "fmt": "xlsx"},
        access=STORED.but(group_staff=403, group_chair=403),
    ),
    Case("reports:evaluation_current", access=STORED.but(group_staff=403, group_chair=403)),
    Case("reports:evaluation", kwargs=cycle_year, access=ALL_GROUPS),
    Case(
        "reports:evaluation_build",
        kwargs=cycle_year,
        access=DEPARTMENT,
        data=lambda w, g: {"format": "xlsx"},
    ),
    Case(
        "reports:evaluation_submit",
        kwargs=cycle_year,
        access=DEPARTMENT,
        data=lambda w, g: {"build": w.evaluation_build.pk},
    ),
    Case(
        "reports:assessment_edit",
        per_group=cycle_and_group,
        access=DEPARTMENT,
        data=lambda w, g: {name: "4" for name in SCORE_FIELDS},
    ),
    Case("reports:opendata", kwargs=lambda w: {**cycle_year(w), "fmt": "csv"}, access=SIGNED_IN),
    Case("reports:opendata", kwargs=lambda w: {**cycle_year(w), "fmt": "json"}, access=SIGNED_IN),
]
