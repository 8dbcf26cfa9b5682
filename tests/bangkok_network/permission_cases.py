"""Permission cases of the programme core's URLs (the rules: tests/permission_matrix.py)."""

from bangkok_network import services
from bangkok_network.models import ProgressStatus, StepKind
from bangkok_network.selectors import progress_get
from tests.permission_matrix import (
    ALL_GROUPS,
    DEPARTMENT,
    EVERYONE,
    GROUP_EDIT,
    NOT_FOUND,
    REDIRECTED,
    SIGNED_IN,
    Case,
    cycle_year,
    group_code,
)


def setup(world) -> None:
    """Each group has sent its meetings step (reviewed here) and its P1 step (reviewed on P1's page)."""
    for group in (world.group, world.other_group):
        for kind in (StepKind.MEETINGS, StepKind.P1):
            services.progress_set(
                cycle=world.cycle, group=group, kind=kind, status=ProgressStatus.SUBMITTED, user=None
            )


def _progress(kind):
    return lambda w, g: {"pk": progress_get(cycle=w.cycle, group=g, kind=kind).pk}


STEP_DATA = {
    "title": "ประชุมหารือกำหนดประเด็นสำคัญ",
    "description": "",
    "period_label": "",
    "start_date": "01/04/2564",
    "due_date": "30/04/2564",
    "deliverable": "รายงานการประชุม",
    "responsible": "group",
}

CASES = [
    Case("home", access=REDIRECTED),
    Case("dashboard", access=ALL_GROUPS),
    Case("group_detail", per_group=group_code, access=SIGNED_IN),
    Case("group_detail", kwargs=lambda w: {"code": "no-such-group"}, access=NOT_FOUND),
    Case("group_calendar", per_group=group_code, access=SIGNED_IN),
    # The feed's secret address is the credential: calendar apps cannot log in.
    Case("group_calendar_feed", kwargs=lambda w: {"token": w.group.ics_token}, access=EVERYONE),
    Case("cycle_list", access=ALL_GROUPS),
    Case("cycle_detail", kwargs=cycle_year, access=ALL_GROUPS),
    Case(
        "cycle_update",
        kwargs=cycle_year,
        access=DEPARTMENT,
        data=lambda w, g: {
            "title": "การดำเนินการขับเคลื่อนเครือข่าย",
            "memo_number": "กท 0502/1",
            "signer_title": "ผู้อำนวยการ",
            "department": "สยป.",
            "division": "กอง",
            "reminder_days_before": "7",
        },
    ),
    Case("cycle_copy", kwargs=cycle_year, access=DEPARTMENT, data=lambda w, g: {"fiscal_year": "2565"}),
    Case("cycle_regroup", kwargs=cycle_year, access=DEPARTMENT, data=lambda w, g: {}),
    Case(
        "step_update",
        kwargs=lambda w: {**cycle_year(w), "number": 2},
        access=DEPARTMENT,
        data=lambda w, g: STEP_DATA,
    ),
    Case(
        "progress_review",
        per_group=_progress(StepKind.MEETINGS),
        access=DEPARTMENT,
        data=lambda w, g: {"decision": "return", "note": "ขอรายชื่อผู้เข้าประชุมเพิ่ม"},
    ),
    # Undo: the group withdraws what it sent; the department reopens what it accepted.
    Case(
        "progress_withdraw",
        per_group=_progress(StepKind.REGISTRY),
        access=GROUP_EDIT,
        data=lambda w, g: {"confirmed": "1"},
    ),
    Case(
        "progress_reopen",
        per_group=_progress(StepKind.REGISTRY),
        access=DEPARTMENT,
        data=lambda w, g: {"note": "ขอแก้รายชื่อ", "confirmed": "1"},
    ),
    # P1 is reviewed on its own page: the generic review sends the department there.
    Case("progress_review", per_group=_progress(StepKind.P1), access=DEPARTMENT.but(officer=302, admin=302)),
    Case("password_change", access=SIGNED_IN, data=lambda w, g: {"old_password": "wrong"}),
    # Forgotten passwords: open to everyone (a signed-in user may reset too); POST sends to the done page.
    Case("password_reset", access=EVERYONE, data=lambda w, g: {"email": "nobody@example.test"}),
    Case("password_reset_done", access=EVERYONE),
    Case("password_reset_confirm", kwargs=lambda w: {"uidb64": "MQ", "token": "bad-token"}, access=EVERYONE),
    Case("password_reset_complete", access=EVERYONE),
    Case(
        "reports:document",
        per_group=lambda w, g: {"kind": "memo", **cycle_year(w), "group": g.code, "fmt": "pdf"},
        access=SIGNED_IN,
    ),
]
