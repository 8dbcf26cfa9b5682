"""Permission cases of the P1 URLs: a group never sees or changes another group's P1; executives read."""

from projects_p1 import services
from tests.permission_matrix import Case, all_groups_only, department_only, group_edit, own_group_page
from tests.projects_p1.factories import complete_form

OTHER_GROUP_ONLY = {"group_staff": 404, "group_chair": 404, "other_group_staff": 200}


def setup(world) -> None:
    """world.group: sent once and returned (editable, with version 1); world.other_group: sent."""
    staff, officer = world.users["group_staff"], world.users["officer"]
    form = complete_form(cycle=world.cycle, group=world.group, user=staff)
    services.p1_form_submit(form=form, user=staff)
    services.p1_form_return(form=form, user=officer, comment="ขอรายละเอียดเพิ่ม")
    other = complete_form(cycle=world.cycle, group=world.other_group, user=world.users["other_group_staff"])
    services.p1_form_submit(form=other, user=world.users["other_group_staff"])


def _own(world, **extra):
    return {"fiscal_year": world.cycle.fiscal_year, "code": world.group.code, **extra}


def _other(world, **extra):
    return {"fiscal_year": world.cycle.fiscal_year, "code": world.other_group.code, **extra}


ALL_REDIRECT = {
    role: 302 for role in ("group_staff", "group_chair", "other_group_staff", "officer", "executive", "admin")
}

CASES = [
    Case("projects_p1:home", expect=ALL_REDIRECT),
    Case("projects_p1:overview", lambda w: {"fiscal_year": w.cycle.fiscal_year}, expect=all_groups_only()),
    Case(
        "projects_p1:overview",
        lambda w: {"fiscal_year": w.cycle.fiscal_year},
        query="?state=late",
        expect=all_groups_only(),
    ),
    Case("projects_p1:form_detail", _own, expect=own_group_page()),
    Case("projects_p1:form_detail", _other, expect=OTHER_GROUP_ONLY),
    Case(
        "projects_p1:form_detail",
        lambda w: {"fiscal_year": w.cycle.fiscal_year, "code": "no-such"},
        default=404,
    ),
    # Editing: the group's own staff and chair (and admins); the department and executives only read.
    Case("projects_p1:form_edit", _own, expect=group_edit()),
    # The other group's form is waiting for review, so its own people are sent back to it.
    Case(
        "projects_p1:form_edit",
        _other,
        expect={
            "group_staff": 404,
            "group_chair": 404,
            "other_group_staff": 302,
            "officer": 403,
            "executive": 403,
            "admin": 302,
        },
    ),
    Case("projects_p1:submission_detail", lambda w: _own(w, version=1), expect=own_group_page()),
    Case("projects_p1:submission_detail", lambda w: _other(w, version=1), expect=OTHER_GROUP_ONLY),
    Case("projects_p1:submission_detail", lambda w: _own(w, version=9), default=404),
    # POSTs change state, so they come after the reads. The first staff POST sends the form;
    # later ones are refused by the service with a message — both answer with a redirect.
    Case(
        "projects_p1:form_submit",
        _own,
        method="post",
        expect=group_edit(group_staff=302, group_chair=302, admin=302),
    ),
    Case(
        "projects_p1:form_submit",
        _other,
        method="post",
        expect={
            "group_staff": 404,
            "group_chair": 404,
            "other_group_staff": 302,
            "officer": 403,
            "executive": 403,
            "admin": 302,
        },
    ),
    # A return without a comment is refused and the page re-renders: nothing changes whoever posts.
    Case(
        "projects_p1:form_review",
        _own,
        method="post",
        data=lambda w: {"decision": "return", "comment": ""},
        expect=department_only(officer=200, admin=200),
    ),
    Case(
        "projects_p1:form_review",
        _other,
        method="post",
        data=lambda w: {"decision": "return", "comment": ""},
        expect=department_only(officer=200, admin=200),
    ),
    Case("projects_p1:form_review", _own, method="get", expect=department_only(officer=405, admin=405)),
    Case(
        "reports:document",
        lambda w: {"kind": "p1", "fiscal_year": w.cycle.fiscal_year, "group": w.group.code, "fmt": "xlsx"},
        expect=own_group_page(),
    ),
    Case(
        "reports:document",
        lambda w: {
            "kind": "p1",
            "fiscal_year": w.cycle.fiscal_year,
            "group": w.other_group.code,
            "fmt": "xlsx",
        },
        expect=OTHER_GROUP_ONLY,
    ),
    Case(
        "reports:document",
        lambda w: {"kind": "p1_all", "fiscal_year": w.cycle.fiscal_year, "group": "all", "fmt": "xlsx"},
        expect=all_groups_only(),
    ),
]
