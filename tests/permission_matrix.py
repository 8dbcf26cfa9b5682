"""The permission matrix: every URL of the portal × every role × every method its view answers.

Each app declares its URLs in ``tests/<app>/permission_cases.py``::

    def setup(world) -> None: ...       # the app's objects in world.group AND world.other_group
    CASES = [
        Case("dashboard", access=ALL_GROUPS),
        Case("meetings:meeting_update", per_group=lambda w, g: {"pk": w.at(g).draft.pk},
             access=GROUP_EDIT, data=lambda w, g: {...}),
    ]

What test_permission_matrix.py holds every case to, so that nothing passes by omission:

- Every named URL has a GET expectation and, when its view accepts POST, a POST expectation
  (``access`` is for both; ``get=``/``post=`` set one method). A POST case for a view that does
  not accept POST is an error too, and so is a URL no case names.
- An expectation (``Access``) names every role: it has no defaults. The presets below are named
  rules (``GROUP_EDIT``: the group's staff and chair and admins; the department and executives
  get 403), and ``.but(role=…)`` states an exception in the open.
- A URL that names a group or a group's object (``code``, ``group``, ``pk``, ``project_pk``) is
  declared ``per_group``: its kwargs are built for a group, and the walk builds them for
  world.group (where its own people and every all-groups role get ``access``) and for
  world.other_group, where world.group's staff and chair must be refused. That refusal is not
  typed in a case: it is 403 when the view does not let the role in at all (the role is checked
  first), else 404 (another group's object is not found, its existence not disclosed).
- GET of a view that answers only POST: whoever ``access`` lets in gets 405 (after the role and
  scope checks, which still answer 403/404).

A value in an ``Access`` is an exact status, or ``OK`` (GET: 200; POST: anything but 403, 404,
405 and a server error — the service may still refuse with its message), or ``LOGIN`` (302 to the
login page). Each probe runs in its own savepoint, rolled back after it, so a POST changes
nothing another probe sees: post real data.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from types import SimpleNamespace
from typing import Any

from bangkok_network.models import Role

# The roles every case states; group roles belong to world.group. The walk adds world.group's
# staff and chair on world.other_group's URLs for per-group cases.
ROLES = ("anonymous", "group_staff", "group_chair", "officer", "executive", "admin")
GROUP_ROLES = {"group_staff": Role.GROUP_STAFF, "group_chair": Role.GROUP_CHAIR}
APPS = (
    "bangkok_network",
    "notifications",
    "registry",
    "meetings",
    "projects_p1",
    "progress",
    "themes",
    "reports",
    "opendata",
)
# URL kwargs that name a group, or an object that belongs to one.
SCOPE_KWARGS = frozenset({"code", "group", "pk", "project_pk"})
# URL names that are not portal pages: Django's admin has its own staff check, i18n is public.
EXEMPT_PREFIXES = ("admin:", "set_language", "login", "logout", "password_change_done")

OK = "ok"
LOGIN = "login"


@dataclass(frozen=True)
class Access:
    """What each role gets from one URL and method, for the URL's own group (no defaults)."""

    anonymous: int | str
    group_staff: int | str
    group_chair: int | str
    officer: int | str
    executive: int | str
    admin: int | str

    def but(self, **changes) -> Access:
        return replace(self, **changes)

    def for_role(self, role: str) -> int | str:
        return getattr(self, role)


assert tuple(field.name for field in fields(Access)) == ROLES

EVERYONE = Access(anonymous=OK, group_staff=OK, group_chair=OK, officer=OK, executive=OK, admin=OK)
SIGNED_IN = EVERYONE.but(anonymous=LOGIN)
# The group's own work: its staff and chair (and admins) change it; the department and executives read.
GROUP_EDIT = SIGNED_IN.but(officer=403, executive=403)
# Every group at once: the department and executives.
ALL_GROUPS = SIGNED_IN.but(group_staff=403, group_chair=403)
# The department's own work.
DEPARTMENT = ALL_GROUPS.but(executive=403)
REDIRECTED = Access(anonymous=LOGIN, group_staff=302, group_chair=302, officer=302, executive=302, admin=302)
NOT_FOUND = Access(anonymous=LOGIN, group_staff=404, group_chair=404, officer=404, executive=404, admin=404)


# URL kwargs the cases share.
def cycle_year(world) -> dict:
    return {"fiscal_year": world.cycle.fiscal_year}


def group_code(world, group) -> dict:
    return {"code": group.code}


def cycle_and_group(world, group) -> dict:
    return {"fiscal_year": world.cycle.fiscal_year, "code": group.code}


def pk_of(name: str) -> Callable[[Any, Any], dict]:
    """Return per_group kwargs {"pk": …} of the object a setup kept as ``world.at(group).<name>``."""
    return lambda world, group: {"pk": getattr(world.at(group), name).pk}


@dataclass(frozen=True)
class Case:
    """One URL's expectations: ``access`` for every method its view answers, or ``get``/``post``.

    ``kwargs(world)`` builds the URL of a URL without a group; ``per_group(world, group)`` builds
    it for one group (see the module's docstring). ``data(world, group)`` is the POST body, made
    afresh for each probe (an uploaded file is read once); ``query`` is appended to the URL.
    """

    name: str
    kwargs: Callable[[Any], dict] | None = None
    per_group: Callable[[Any, Any], dict] | None = None
    access: Access | None = None
    get: Access | None = None
    post: Access | None = None
    data: Callable[[Any, Any], dict] | None = None
    query: str = ""

    def __post_init__(self):
        if self.kwargs is not None and self.per_group is not None:
            raise TypeError(f"{self.name}: give kwargs or per_group, not both")
        if self.access is None and self.get is None and self.post is None:
            raise TypeError(f"{self.name}: no expectation (access, get or post)")

    def expectation(self, method: str) -> Access | None:
        return (self.get if method == "get" else self.post) or self.access

    def url_kwargs(self, world, group) -> dict:
        if self.per_group is not None:
            return self.per_group(world, group)
        return self.kwargs(world) if self.kwargs else {}


def all_cases() -> list[Case]:
    cases: list[Case] = []
    for app in APPS:
        module = _cases_module(app)
        if module is not None:
            cases.extend(module.CASES)
    return cases


class World(SimpleNamespace):
    """What the cases' setups make: users of every role, a cycle, two groups and their objects."""

    def at(self, group) -> SimpleNamespace:
        """Return the namespace of one group's objects (setups fill it for both groups)."""
        return self.groups.setdefault(group.pk, SimpleNamespace())


def setup_world(world: World) -> None:
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
