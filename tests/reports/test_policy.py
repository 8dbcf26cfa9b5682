"""The reports app's access rules, written once in reports.policy, read back role by role."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from bangkok_network.models import GROUP_ROLES, Role
from reports import policy
from reports.models import BuildKind, BuildStatus, DocumentBuild

pytestmark = pytest.mark.django_db


def _user(make_user, role, group):
    return make_user(role, group if role in GROUP_ROLES else None, username=f"policy-{role}")


@pytest.mark.parametrize("role", list(Role))
def test_the_package_pages_let_in_exactly_the_roles_that_may_have_a_package(make_user, group, role):
    # PACKAGE_ROLES (the pages' allowed_roles) and may_read_package (the documents) are one rule:
    # a role is let in to the pages if and only if it may read its own group's package in some form;
    # only executives read it masked.
    user = _user(make_user, role, group)
    assert policy.may_read_package(user, group) == (role in policy.PACKAGE_ROLES)
    assert policy.must_mask(user, kind=BuildKind.PACKAGE, group=group) == (role == Role.EXECUTIVE)


@pytest.mark.parametrize(
    ("role", "own", "other", "evaluation", "all_groups"),
    [
        (Role.GROUP_STAFF, True, False, False, False),
        (Role.GROUP_CHAIR, True, False, False, False),
        (Role.OFFICER, True, True, True, True),
        (Role.EXECUTIVE, True, True, True, True),
        (Role.ADMIN, True, True, True, True),
    ],
)
def test_a_groups_document_is_for_whoever_sees_the_group(
    make_user, group, other_group, role, own, other, evaluation, all_groups
):
    user = _user(make_user, role, group)
    assert policy.may_have_document(user, kind="registry", group=group) is own
    assert policy.may_have_document(user, kind="registry", group=other_group) is other
    assert policy.may_have_document(user, kind=BuildKind.EVALUATION, group=None) is evaluation
    assert policy.may_have_document(user, kind="p1_all", group=None) is all_groups


def test_executives_read_a_package_only_through_its_masked_copy(executive, staff, other_staff, cycle, group):
    build = DocumentBuild.objects.create(
        kind=BuildKind.PACKAGE, cycle=cycle, group=group, format="pdf", status=BuildStatus.DONE
    )
    build.file.name, build.masked_file.name = "documents/as-built.pdf", "documents/masked.pdf"
    assert policy.may_see_build(staff, build) and policy.may_see_build(executive, build)
    assert not policy.may_see_build(other_staff, build)
    assert policy.stored_file(staff, build).name == "documents/as-built.pdf"
    assert policy.stored_file(executive, build).name == "documents/masked.pdf"
    assert not policy.may_have_package(executive, group)
    with pytest.raises(PermissionDenied):
        policy.document_check(other_staff, kind=BuildKind.PACKAGE, group=group)


@pytest.mark.parametrize(
    ("role", "sends_package", "department"),
    [
        (Role.GROUP_STAFF, True, False),
        (Role.GROUP_CHAIR, True, False),
        (Role.OFFICER, False, True),
        (Role.EXECUTIVE, False, False),
        (Role.ADMIN, True, True),
    ],
)
def test_who_sends_and_who_assesses(make_user, group, other_group, role, sends_package, department):
    user = _user(make_user, role, group)
    assert policy.may_send_package(user, group) is sends_package
    assert policy.may_send_package(user, other_group) is (role == Role.ADMIN)
    assert policy.may_send_evaluation(user) is department
    assert policy.may_assess(user) is department
