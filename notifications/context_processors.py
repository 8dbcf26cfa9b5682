"""The bell: how many notifications the signed-in person has not read (one query, only if shown)."""

from functools import cache

from notifications.selectors import notification_unread_count


def bell(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    # Templates call a callable; cached, so a page that shows the count twice still asks once.
    @cache
    def unread() -> int:
        return notification_unread_count(user=user)

    return {"notifications_unread": unread}
