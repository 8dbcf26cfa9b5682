"""The permission matrix: every URL of the portal, walked as every role, with the status expected.

Each app lists its cases in `tests/<app>/permission_cases.py`:

    def setup(world) -> None: ...           # optional: create the app's objects in both groups
    CASES = [Case("app:url_name", lambda w: {...kwargs...}, expect={...})]

`expect` maps a role (see ROLES) to a status; roles left out default to `default`.
Group roles belong to `world.group` (bkk-central); `world.other_group` is bkk-south, whose objects
must answer 404 (or 403) to them. test_permission_matrix.py fails if a named URL has no case.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

ROLES = ("anonymous", "group_staff", "group_chair", "other_group_staff", "officer", "executive", "admin")
APPS = ("bangkok_network", "registry", "meetings", "projects_p1", "progress", "reports")
LOGIN_REDIRECT = 302
# URL names that are not portal pages: Django's admin has its own staff check, i18n is public.
EXEMPT_PREFIXES = ("admin:", "set_language", "login", "logout", "password_change_done")


@dataclass
class Case:
    name: str
    kwargs: Callable[[Any], dict] = lambda world: {}
    expect: dict[str, int] = field(default_factory=dict)
    default: int = 200
    method: str = "get"
    data: Callable[[Any], dict] | None = None
    query: str = ""

    def status_for(self, role: str) -> int:
        if role in self.expect:
            return self.expect[role]
        if role == "anonymous":
            return LOGIN_REDIRECT
        return self.default


def all_cases() -> list[Case]:
    cases: list[Case] = []
    for app in APPS:
        module = _cases_module(app)
        if module is not None:
            cases.extend(module.CASES)
    return cases


def setup_world(world: SimpleNamespace) -> None:
    for app in APPS:
        module = _cases_module(app)
        if module is not None and hasattr(module, "setup"):
            module.setup(world)


def _cases_module(app: str):
    try:
        return importlib.import_module(f"tests.{app}.permission_cases")
    except ModuleNotFoundError as exc:
        if exc.name != f"tests.{app}.permission_cases":
            raise
        return None


# Common expectations, named so the cases read like the rules they enforce.
def own_group_page(**overrides) -> dict[str, int]:
    """Seen by the group's own people and every all-groups role; another group gets 404."""
    return {"other_group_staff": 404, **overrides}


def group_edit(**overrides) -> dict[str, int]:
    """Changed by the group's own staff and chair and admins; department reads are 403."""
    return {"other_group_staff": 404, "officer": 403, "executive": 403, **overrides}


def department_only(**overrides) -> dict[str, int]:
    return {"group_staff": 403, "group_chair": 403, "other_group_staff": 403, "executive": 403, **overrides}


def all_groups_only(**overrides) -> dict[str, int]:
    return {"group_staff": 403, "group_chair": 403, "other_group_staff": 403, **overrides}
