"""Permission cases of the notification URLs (the rules: tests/permission_matrix.py).

A notification is its recipient's only: world.group's staff opens theirs (302 to its page); anyone
else, the other group's people included, is told it is not found.
"""

from notifications import services
from notifications.models import NotificationKind
from tests.permission_matrix import LOGIN, SIGNED_IN, Access, Case, pk_of


def setup(world) -> None:
    for group, user in ((world.group, world.users["group_staff"]), (world.other_group, world.other_staff)):
        (world.at(group).notification,) = services.notify(
            recipients=[user],
            kind=NotificationKind.RETURNED,
            params={"step": "แบบ P1", "group": group.full_name, "reason": "ขอแผนงานรายเดือน"},
            url_name="group_detail",
            url_kwargs={"code": group.code},
        )


OWN = Access(anonymous=LOGIN, group_staff=302, group_chair=404, officer=404, executive=404, admin=404)

CASES = [
    Case("notifications:inbox", access=SIGNED_IN),
    Case("notifications:open", per_group=pk_of("notification"), access=OWN),
    Case("notifications:read_all", access=SIGNED_IN),
    Case(
        "notifications:preferences",
        access=SIGNED_IN,
        data=lambda w, g: {"email_kinds": [NotificationKind.RETURNED, NotificationKind.SUBMITTED]},
    ),
]
