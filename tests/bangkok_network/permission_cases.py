"""Permission cases of the programme core's URLs."""

from bangkok_network.models import StepProgress
from tests.permission_matrix import Case, all_groups_only, department_only, own_group_page


def _progress(world):
    return {"pk": StepProgress.objects.get(step__cycle=world.cycle, step__number=1, group=world.group).pk}


CASES = [
    Case(
        "home",
        expect={
            "group_staff": 302,
            "group_chair": 302,
            "other_group_staff": 302,
            "officer": 302,
            "executive": 302,
            "admin": 302,
        },
    ),
    Case("dashboard", expect=all_groups_only()),
    Case("group_detail", lambda w: {"code": w.group.code}, expect=own_group_page()),
    Case("group_detail", lambda w: {"code": "no-such-group"}, default=404),
    Case("group_calendar", lambda w: {"code": w.group.code}, expect=own_group_page()),
    # The feed's secret address is the credential: calendar apps cannot log in.
    Case("group_calendar_feed", lambda w: {"token": w.group.ics_token}, expect={"anonymous": 200}),
    Case("cycle_list", expect=all_groups_only()),
    Case("cycle_detail", lambda w: {"fiscal_year": 2564}, expect=all_groups_only()),
    Case("cycle_update", lambda w: {"fiscal_year": 2564}, expect=department_only()),
    Case("cycle_copy", lambda w: {"fiscal_year": 2564}, expect=department_only()),
    Case("step_update", lambda w: {"fiscal_year": 2564, "number": 1}, expect=department_only()),
    Case("progress_review", _progress, expect=department_only()),
    Case("password_change"),
    Case(
        "reports:document",
        lambda w: {"kind": "memo", "fiscal_year": 2564, "group": w.group.code, "fmt": "pdf"},
        expect=own_group_page(),
    ),
    Case(
        "reports:document",
        lambda w: {"kind": "memo", "fiscal_year": 2564, "group": w.other_group.code, "fmt": "pdf"},
        expect={"group_staff": 404, "group_chair": 404, "other_group_staff": 200},
    ),
]
