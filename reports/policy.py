"""Who may have which document: the one place the reports app writes its access rules.

The views (``allowed_roles`` and the page's buttons), the selectors (stored builds), the exporters'
runner (``export_document``), the background builds (a request) and the command line ask here;
nothing else in ``reports`` compares roles for a document. The rules rest on the core's roles and
scope (``bangkok_network.permissions``); this module imports nothing else of ``reports`` but its
models, so every module of the app may use it.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from bangkok_network.models import DistrictGroup, Role
from bangkok_network.permissions import can_edit_group, can_view_group, is_department, sees_all_groups
from reports.models import BuildKind

#: Who may open the package pages: a group's own people (for their group) and the department read
#: the package as it was built; executives read it too, always with personal data masked.
PACKAGE_ROLES = (Role.GROUP_STAFF, Role.GROUP_CHAIR, Role.OFFICER, Role.EXECUTIVE, Role.ADMIN)
#: Documents built twice, as they are and with personal data masked (``DocumentBuild.masked_file``).
MASKED_KINDS = (BuildKind.PACKAGE,)

DOCUMENT_REFUSED = _("คุณไม่มีสิทธิ์ดาวน์โหลดเอกสารนี้")


def may_have_package(user, group: DistrictGroup | None) -> bool:
    """Return whether the user may have a group's package as built, with members' contact details:
    its own people and the department."""
    return group is not None and (is_department(user) or can_edit_group(user, group))


def may_read_package(user, group: DistrictGroup | None) -> bool:
    """Return whether the user may read a group's package in some form: as built, or masked
    (executives: the memo, minutes and projects as they are, phones, e-mails and IDs hidden)."""
    return group is not None and (may_have_package(user, group) or sees_all_groups(user))


def must_mask(user, *, kind: str, group: DistrictGroup | None) -> bool:
    """Return whether the user gets the document only with personal data masked.

    True for a package read by someone who may read it but not have it as built (executives).
    """
    return kind in MASKED_KINDS and not may_have_package(user, group)


def may_have_evaluation(user) -> bool:
    """Return whether the user reads the evaluation summary: the department and executives, never a group."""
    return sees_all_groups(user)


def may_have_document(user, *, kind: str, group: DistrictGroup | None) -> bool:
    """Return whether the user may have the document ``kind`` of ``group`` (None: all groups').

    The package and the evaluation have their own rules; any other document of a group is for
    whoever may see that group, and a document of all groups for the all-groups roles.
    """
    if kind == BuildKind.PACKAGE:
        return may_read_package(user, group)
    if kind == BuildKind.EVALUATION:
        return may_have_evaluation(user)
    if group is None:
        return sees_all_groups(user)
    return can_view_group(user, group)


def document_check(user, *, kind: str, group: DistrictGroup | None) -> None:
    """Raise PermissionDenied when the user may not have the document (see may_have_document)."""
    if not may_have_document(user, kind=kind, group=group):
        raise PermissionDenied(str(DOCUMENT_REFUSED))


def stored_file(user, build):
    """Return the stored file of a build the user gets: the masked one when they must (executives).

    An empty file (a package built before masked copies were made) means there is none for them.
    """
    if must_mask(user, kind=build.kind, group=build.group if build.group_id else None):
        return build.masked_file
    return build.file


def may_send_package(user, group: DistrictGroup) -> bool:
    """Return whether the user may send the group's package to the department: the group's own people."""
    return can_edit_group(user, group)


def may_send_evaluation(user) -> bool:
    """Return whether the user may record the summary as reported to the Permanent Secretary."""
    return is_department(user)


def may_assess(user) -> bool:
    """Return whether the user records the department's assessment of the groups."""
    return is_department(user)


def may_see_build(user, build) -> bool:
    """Return whether the user may see a stored build (its page, status and file): the document's rule."""
    return may_have_document(user, kind=build.kind, group=build.group if build.group_id else None)
