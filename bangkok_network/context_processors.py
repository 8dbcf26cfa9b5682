"""Values every page needs: the user's role and group, and the current cycle."""

from bangkok_network.permissions import is_department, sees_all_groups, user_group, user_role


def portal(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "portal_role": user_role(user),
        "portal_group": user_group(user),
        "portal_sees_all": sees_all_groups(user),
        "portal_is_department": is_department(user),
    }
