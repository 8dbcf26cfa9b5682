"""Walk every URL as every role and assert the expected status."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from bangkok_network.models import Role
from bangkok_network.permissions import RoleRequiredMixin
from tests.permission_matrix import EXEMPT_PREFIXES, ROLES, all_cases, setup_world


def _named_urls(resolver=None, prefix: str = "") -> set[str]:
    names = set()
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            names |= _named_urls(entry, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(f"{prefix}{entry.name}")
    return names


def test_every_named_url_has_a_permission_case():
    covered = {case.name for case in all_cases()}
    missing = sorted(name for name in _named_urls() - covered if not name.startswith(EXEMPT_PREFIXES))
    assert missing == [], f"URLs without a permission-matrix case: {missing}"


@pytest.fixture
def world(make_user, group, other_group, cycle):
    world = SimpleNamespace(cycle=cycle, group=group, other_group=other_group)
    world.users = {
        "anonymous": None,
        "group_staff": make_user(Role.GROUP_STAFF, group=group),
        "group_chair": make_user(Role.GROUP_CHAIR, group=group),
        "other_group_staff": make_user(Role.GROUP_STAFF, group=other_group),
        "officer": make_user(Role.OFFICER),
        "executive": make_user(Role.EXECUTIVE),
        "admin": make_user(Role.ADMIN),
    }
    setup_world(world)
    return world


@pytest.mark.django_db
def test_every_url_answers_every_role_as_expected(client, world):
    failures = []
    walked = 0
    for case in all_cases():
        url = reverse(case.name, kwargs=case.kwargs(world)) + case.query
        for role in ROLES:
            client.logout()
            user = world.users[role]
            if user is not None:
                client.force_login(user)
            data = case.data(world) if case.data else {}
            response = getattr(client, case.method)(url, data)
            walked += 1
            expected = case.status_for(role)
            if response.status_code != expected:
                failures.append(
                    f"{case.method.upper()} {url} as {role}: {response.status_code} != {expected}"
                )
    assert failures == [], "\n".join(failures)
    assert walked >= len(ROLES) * 10


def _view_classes():
    for entry in _url_patterns():
        view_class = getattr(entry.callback, "view_class", None)
        if view_class is not None and issubclass(view_class, RoleRequiredMixin):
            yield view_class


def _url_patterns(resolver=None):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            yield from _url_patterns(entry)
        else:
            yield entry


def test_every_view_checks_the_role_before_it_loads_what_its_url_names():
    """A class that overrides dispatch() ahead of RoleRequiredMixin would load (and answer 404) first."""
    offenders = sorted(
        f"{view.__module__}.{view.__name__}: {base.__name__}.dispatch"
        for view in _view_classes()
        for base in view.__mro__[: view.__mro__.index(RoleRequiredMixin)]
        if "dispatch" in vars(base)
    )

    assert offenders == []
