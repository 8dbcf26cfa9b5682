"""Permission cases of the P1 URLs (the rules: tests/permission_matrix.py)."""

from projects_p1 import services
from tests.permission_matrix import (
    ALL_GROUPS,
    DEPARTMENT,
    GROUP_EDIT,
    NOT_FOUND,
    REDIRECTED,
    SIGNED_IN,
    Case,
    cycle_and_group,
    cycle_year,
)
from tests.projects_p1.factories import complete_form


def setup(world) -> None:
    """world.group's form was sent once and returned (editable, version 1); the other group's is sent."""
    staff, officer = world.users["group_staff"], world.users["officer"]
    form = complete_form(cycle=world.cycle, group=world.group, user=staff)
    services.p1_form_submit(form=form, user=staff)
    services.p1_form_return(form=form, user=officer, comment="ขอรายละเอียดเพิ่ม")
    other = complete_form(cycle=world.cycle, group=world.other_group, user=world.other_staff)
    services.p1_form_submit(form=other, user=world.other_staff)


def _version(number):
    return lambda w, g: {**cycle_and_group(w, g), "version": number}


def _document(kind, group=None):
    return lambda w, g=None: {"kind": kind, **cycle_year(w), "group": group or g.code, "fmt": "xlsx"}


CASES = [
    Case("projects_p1:home", access=REDIRECTED),
    Case("projects_p1:overview", kwargs=cycle_year, access=ALL_GROUPS),
    Case("projects_p1:overview", kwargs=cycle_year, query="?state=late", access=ALL_GROUPS),
    Case("projects_p1:form_detail", per_group=cycle_and_group, access=SIGNED_IN),
    Case("projects_p1:form_detail", kwargs=lambda w: {**cycle_year(w), "code": "no-such"}, access=NOT_FOUND),
    # Editing is the group's own (and admins'); an incomplete save re-renders the editor with its errors.
    Case(
        "projects_p1:form_edit",
        per_group=cycle_and_group,
        access=GROUP_EDIT,
        data=lambda w, g: {"approach": "ลอกท่อ"},
    ),
    Case("projects_p1:form_submit", per_group=cycle_and_group, access=GROUP_EDIT),
    Case(
        "projects_p1:form_withdraw",
        per_group=cycle_and_group,
        access=GROUP_EDIT,
        data=lambda w, g: {"confirmed": "1"},
    ),
    Case(
        "projects_p1:form_reopen",
        per_group=cycle_and_group,
        access=DEPARTMENT,
        data=lambda w, g: {"comment": "ขอแก้งบประมาณ", "confirmed": "1"},
    ),
    Case(
        "projects_p1:form_review",
        per_group=cycle_and_group,
        # GET is the dashboard's link: it goes to the review form at the top of the P1 page.
        get=DEPARTMENT.but(officer=302, admin=302),
        post=DEPARTMENT,
        data=lambda w, g: {"decision": "return", "comment": "ขอแผนงานรายเดือน"},
    ),
    Case("projects_p1:submission_detail", per_group=_version(1), access=SIGNED_IN),
    Case("projects_p1:submission_detail", per_group=_version(9), access=NOT_FOUND),
    Case("reports:document", per_group=_document("p1"), access=SIGNED_IN),
    Case("reports:document", kwargs=_document("p1_all", group="all"), access=ALL_GROUPS),
]
