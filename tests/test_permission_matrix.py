"""Walk every URL as every role with every method its view answers, and assert the expected status.

The rules are in tests/permission_matrix.py; the coverage tests below make a missing expectation
fail (a new URL, a method not walked, a group URL walked for one group only).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from bangkok_network.models import Role
from bangkok_network.permissions import RoleRequiredMixin
from tests.permission_matrix import (
    EXEMPT_PREFIXES,
    GROUP_ROLES,
    LOGIN,
    OK,
    ROLES,
    SCOPE_KWARGS,
    Case,
    World,
    all_cases,
    setup_world,
)

REFUSED = {403, 404, 405}


def _url_patterns(resolver=None, prefix: str = ""):
    """Yield (name, pattern) for every named URL."""
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            yield from _url_patterns(entry, f"{prefix}{entry.namespace}:" if entry.namespace else prefix)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{prefix}{entry.name}", entry


@functools.cache
def _portal_urls() -> dict[str, URLPattern]:
    return {name: entry for name, entry in _url_patterns() if not name.startswith(EXEMPT_PREFIXES)}


def _methods(entry: URLPattern) -> set[str]:
    """Return the methods a URL's view answers among GET and POST (its class says so)."""
    view_class = getattr(entry.callback, "view_class", None)
    assert view_class is not None, f"{entry.name}: not a class-based view, its methods cannot be told"
    return {method for method in ("get", "post") if hasattr(view_class, method)}


# --- coverage: nothing passes by omission ----------------------------------------------------------


def test_every_url_has_an_expectation_for_every_method_its_view_answers():
    declared = {
        (case.name, method) for case in all_cases() for method in ("get", "post") if case.expectation(method)
    }
    missing = sorted(
        f"{method.upper()} {name}"
        for name, entry in _portal_urls().items()
        for method in {"get"} | _methods(entry)
        if (name, method) not in declared
    )

    assert missing == [], f"URLs without a permission-matrix expectation: {missing}"


def test_no_case_names_a_url_or_method_that_does_not_exist():
    urls = _portal_urls()
    stale = sorted(
        case.name if case.name not in urls else f"POST {case.name}"
        for case in all_cases()
        if case.name not in urls or (case.post is not None and "post" not in _methods(urls[case.name]))
    )

    assert stale == []


def test_every_url_of_a_group_or_its_objects_is_walked_for_both_groups():
    scoped = {
        name: entry
        for name, entry in _portal_urls().items()
        if SCOPE_KWARGS & set(entry.pattern.regex.groupindex)
    }
    per_group = {
        (case.name, method)
        for case in all_cases()
        if case.per_group
        for method in ("get", "post")
        if case.expectation(method)
    }
    missing = sorted(
        f"{method.upper()} {name}"
        for name, entry in scoped.items()
        for method in {"get"} | _methods(entry)
        if (name, method) not in per_group
    )

    assert missing == [], f"group URLs without a per_group case: {missing}"


def test_every_view_checks_the_role_before_it_loads_what_its_url_names():
    """A class that overrides dispatch() ahead of RoleRequiredMixin would load (and answer 404) first."""
    offenders = sorted(
        f"{view.__module__}.{view.__name__}: {base.__name__}.dispatch"
        for _, entry in _url_patterns()
        if isinstance(view := getattr(entry.callback, "view_class", None), type)
        and issubclass(view, RoleRequiredMixin)
        for base in view.__mro__[: view.__mro__.index(RoleRequiredMixin)]
        if "dispatch" in vars(base)
    )

    assert offenders == []


# --- the walk ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Probe:
    case: Case
    method: str
    role: str
    user: object
    scope: object  # the group whose URL is walked (None for a URL without one)
    expected: int | str


def _probes(case: Case, world: World) -> list[Probe]:
    entry = _portal_urls()[case.name]
    view_class = entry.callback.view_class
    probes = []
    for method in ("get", "post"):
        access = case.expectation(method)
        if access is None or method not in {"get"} | _methods(entry):
            continue
        for role in ROLES:
            expected = access.for_role(role)
            if method == "get" and expected == OK and "get" not in _methods(entry):
                expected = 405  # a POST-only view, once its checks are passed
            probes.append(Probe(case, method, role, world.users[role], world.group, expected))
        if case.per_group:
            # world.group's own people on the other group's URL: refused, never shown.
            allowed = getattr(view_class, "allowed_roles", ())
            for role, value in GROUP_ROLES.items():
                refused = 404 if value in allowed else 403
                probes.append(Probe(case, method, role, world.users[role], world.other_group, refused))
    return probes


def _outcome(response, probe: Probe) -> str | None:
    """Return what is wrong with the answer, or None."""
    status, expected = response.status_code, probe.expected
    if expected == LOGIN:
        login = reverse("login")
        if status == 302 and response["Location"].startswith(login):
            return None
        return f"{status} != login redirect"
    if expected == OK and probe.method == "get":
        expected = 200
    if expected == OK:
        to_login = status == 302 and response["Location"].startswith(reverse("login"))
        if status in REFUSED or status >= 500 or to_login:
            return f"{status}: refused or failed where it should be let in"
        return None
    return None if status == expected else f"{status} != {expected}"


@pytest.fixture
def world(make_user, group, other_group, cycle):
    world = World(cycle=cycle, group=group, other_group=other_group, groups={})
    world.users = {
        "anonymous": None,
        "group_staff": make_user(Role.GROUP_STAFF, group=group),
        "group_chair": make_user(Role.GROUP_CHAIR, group=group),
        "officer": make_user(Role.OFFICER),
        "executive": make_user(Role.EXECUTIVE),
        "admin": make_user(Role.ADMIN),
    }
    world.other_staff = make_user(Role.GROUP_STAFF, group=other_group)  # for setups: the other group's work
    setup_world(world)
    return world


@pytest.mark.django_db
def test_every_url_answers_every_role_and_method_as_expected(world):
    failures, walked = [], 0
    for case in all_cases():
        for probe in _probes(case, world):
            url = reverse(case.name, kwargs=case.url_kwargs(world, probe.scope)) + case.query
            # Each probe in a savepoint that is rolled back: a POST changes nothing the next one sees.
            with transaction.atomic():
                client = Client()
                if probe.user is not None:
                    client.force_login(probe.user)
                data = case.data(world, probe.scope) if case.data and probe.method == "post" else {}
                response = getattr(client, probe.method)(url, data)
                transaction.set_rollback(True)
            walked += 1
            problem = _outcome(response, probe)
            if problem:
                scope = "" if probe.scope == world.group else f" (of {probe.scope.code})"
                failures.append(f"{probe.method.upper()} {url} as {probe.role}{scope}: {problem}")
    assert failures == [], "\n".join(failures)
    assert walked >= len(ROLES) * len(_portal_urls())
