"""Permission cases of the P1 URLs (the rules: tests/permission_matrix.py)."""

from projects_p1 import services
from tests.permission_matrix import (
    ALL_GROUPS,
    DEPARTMENT,
    GROUP_EDIT,
    LOGIN,
    REDIRECTED,
    SIGNED_IN,
    Access,
    Case,
)
from tests.projects_p1.factories import complete_form

NOT_FOUND = Access(anonymous=LOGIN, group_staff=404, group_chair=404, officer=404, executive=404, admin=404)


def setup(world) -> None:
    """world.group's form was sent once and returned (editable, version 1); the other group's is sent."""
    staff, officer = world.users["group_staff"], world.users["officer"]
    form = complete_form(cycle=world.cycle, group=world.group, user=staff)
    services.p1_form_submit(form=form, user=staff)
    services.p1_form_return(form=form, user=officer, comment="ขอรายละเอียดเพิ่ม")
    other = complete_form(cycle=world.cycle, group=world.other_group, user=world.other_staff)
    services.p1_form_submit(form=other, user=world.other_staff)


def _form(w, g, **extra):
    return {"fiscal_year": w.cycle.fiscal_year, "code": g.code, **extra}


CASES = [
    Case("projects_p1:home", access=REDIRECTED),
    Case("projects_p1:overview", kwargs=lambda w: {"fiscal_year": w.cycle.fiscal_year}, access=ALL_GROUPS),
    Case(
        "projects_p1:overview",
        kwargs=lambda w: {"fiscal_year": w.cycle.fiscal_year},
        query="?state=late",
        access=ALL_GROUPS,
    ),
    Case("projects_p1:form_detail", per_group=_form, access=SIGNED_IN),
    Case("projects_p1:form_detail", kwargs=lambda w: _form(w, w.group, code="no-such"), access=NOT_FOUND),
    # Editing is the group's own (and admins'); an incomplete save re-renders the editor with its errors.
    Case(
        "projects_p1:form_edit", per_group=_form, access=GROUP_EDIT, data=lambda w, g: {"approach": "ลอกท่อ"}
    ),
    Case("projects_p1:form_submit", per_group=_form, access=GROUP_EDIT),
    Case(
        "projects_p1:form_review",
        per_group=_form,
        access=DEPARTMENT,
        data=lambda w, g: {"decision": "return", "comment": "ขอแผนงานรายเดือน"},
    ),
    Case("projects_p1:submission_detail", per_group=lambda w, g: _form(w, g, version=1), access=SIGNED_IN),
    Case("projects_p1:submission_detail", kwargs=lambda w: _form(w, w.group, version=9), access=NOT_FOUND),
    Case(
        "reports:document",
        per_group=lambda w, g: {
            "kind": "p1",
            "fiscal_year": w.cycle.fiscal_year,
            "group": g.code,
            "fmt": "xlsx",
        },
        access=SIGNED_IN,
    ),
    Case(
        "reports:document",
        kwargs=lambda w: {
            "kind": "p1_all",
            "fiscal_year": w.cycle.fiscal_year,
            "group": "all",
            "fmt": "xlsx",
        },
        access=ALL_GROUPS,
    ),
]
