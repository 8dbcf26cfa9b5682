"""Roles and scope: who may see and do what. Every view declares its roles here, on the server."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.urls import resolve, reverse

from bangkok_network.errors import NotFound, PortalErrorMixin
from bangkok_network.models import GROUP_ROLES, DistrictGroup, Role

ALL_ROLES = tuple(Role)
DEPARTMENT_ROLES = (Role.OFFICER, Role.ADMIN)
ALL_GROUPS_ROLES = (Role.OFFICER, Role.EXECUTIVE, Role.ADMIN)
# Roles that may change a group's own work (registry, meetings, P1): its staff, its chair, admins.
GROUP_EDIT_ROLES = (Role.GROUP_STAFF, Role.GROUP_CHAIR, Role.ADMIN)


def user_role(user) -> str | None:
    """Return the user's portal role; a superuser is an administrator."""
    if not getattr(user, "is_authenticated", False):
        return None
    if user.is_superuser:
        return Role.ADMIN
    profile = getattr(user, "profile", None)
    return profile.role if profile else None


def user_group(user) -> DistrictGroup | None:
    """Return the group of a district-group user, None for department-wide roles."""
    if user_role(user) in GROUP_ROLES:
        return user.profile.group
    return None


def has_role(user, roles) -> bool:
    return user_role(user) in roles


def sees_all_groups(user) -> bool:
    return has_role(user, ALL_GROUPS_ROLES)


def is_department(user) -> bool:
    return has_role(user, DEPARTMENT_ROLES)


def can_view_group(user, group: DistrictGroup) -> bool:
    if sees_all_groups(user):
        return True
    own = user_group(user)
    return own is not None and own.pk == group.pk


def can_edit_group(user, group: DistrictGroup) -> bool:
    """Return whether the user may change the group's own records."""
    role = user_role(user)
    if role == Role.ADMIN:
        return True
    own = user_group(user)
    return role in GROUP_ROLES and own is not None and own.pk == group.pk


def ensure_can_view_group(user, group: DistrictGroup) -> None:
    """Raise NotFound for another group's object: its existence is not disclosed."""
    if not can_view_group(user, group):
        raise NotFound("ไม่พบข้อมูล")


def ensure_can_edit_group(user, group: DistrictGroup) -> None:
    ensure_can_view_group(user, group)
    if not can_edit_group(user, group):
        raise PermissionDenied("คุณไม่มีสิทธิ์แก้ไขข้อมูลของกลุ่มนี้")


class RoleRequiredMixin(PortalErrorMixin, LoginRequiredMixin):
    """Let only the listed roles in (a user without a portal role gets 403); answer PortalErrors.

    Every portal view starts with this mixin, so every view gets the one error path of
    bangkok_network.errors: NotFound is a 404, a refused service call a form error or a message.
    """

    allowed_roles: tuple = ALL_ROLES

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not has_role(request.user, self.allowed_roles):
            raise PermissionDenied("คุณไม่มีสิทธิ์เข้าถึงหน้านี้")
        return super().dispatch(request, *args, **kwargs)


def view_opens_for(user, view, url_kwargs: dict) -> bool:
    """Tell whether a link to ``view`` (a resolved view function) opens for the user.

    The view's own rule decides, never a second list of roles: a page answers a link's GET, lets
    the user's role in (its ``allowed_roles``), and — when it changes a group's records
    (``edit``) — names the user's own group unless the user may change every group's. What the URL
    names is not loaded (a link costs no query); a selector still refuses another group's object.
    """
    view_class = getattr(view, "view_class", None)
    if view_class is None:  # a function view (Django's own): nothing to ask
        return True
    initkwargs = getattr(view, "view_initkwargs", {})
    if not hasattr(view_class, "get") or "get" not in initkwargs.get(
        "http_method_names", view_class.http_method_names
    ):
        return False
    if issubclass(view_class, RoleRequiredMixin):
        if not has_role(user, initkwargs.get("allowed_roles", view_class.allowed_roles)):
            return False
        code = url_kwargs.get("code")
        if getattr(view_class, "edit", False) and code is not None and user_role(user) in GROUP_ROLES:
            own = user_group(user)
            return own is not None and own.code == code
    return True


def url_if_allowed(user, url_name: str, *args, **kwargs) -> str | None:
    """Return the URL of ``url_name`` when its view opens for the user, else None (show no link)."""
    url = reverse(url_name, args=args, kwargs=kwargs)
    match = resolve(url)
    return url if view_opens_for(user, match.func, match.kwargs) else None
