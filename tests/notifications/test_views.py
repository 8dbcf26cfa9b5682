"""The inbox and the bell: a person's own notifications, read when opened, in a constant number of queries."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from notifications import services
from notifications.models import Notification, NotificationKind, Preference

pytestmark = pytest.mark.django_db


def _tell(user, n=1, **extra):
    made = []
    for i in range(n):
        made += services.notify(
            recipients=[user],
            kind=NotificationKind.RETURNED,
            params={"step": "แบบ P1", "group": "กลุ่มกรุงเทพกลาง", "reason": f"เหตุผลที่ {i + 1}"},
            url_name="group_detail",
            url_kwargs={"code": "bkk-central"},
            **extra,
        )
    return made


def test_the_bell_shows_the_unread_count_and_the_inbox_lists_only_ones_own(client, staff, other_staff):
    _tell(staff, 3)
    _tell(other_staff, 2)
    client.force_login(staff)

    page = client.get(reverse("notifications:inbox")).content.decode()

    assert 'data-testid="bell-count">3<' in page
    assert page.count("เหตุผลที่") == 3
    assert "“แบบ P1” ของกลุ่มกรุงเทพกลาง ถูกส่งกลับแก้ไข เหตุผล: เหตุผลที่ 1" in page


def test_no_count_when_all_is_read(client, staff):
    _tell(staff)
    services.notifications_mark_all_read(user=staff)
    client.force_login(staff)

    page = client.get(reverse("notifications:inbox")).content.decode()

    assert 'data-testid="bell"' in page and "bell-count" not in page


def test_opening_marks_read_and_goes_to_the_object(client, staff):
    (notification,) = _tell(staff)
    client.force_login(staff)

    response = client.get(notification.get_absolute_url())

    assert response.status_code == 302 and response["Location"] == "/groups/bkk-central/"
    notification.refresh_from_db()
    assert notification.is_read


def test_another_persons_notification_is_not_found(client, staff, chair):
    (notification,) = _tell(staff)
    client.force_login(chair)

    assert client.get(notification.get_absolute_url()).status_code == 404
    notification.refresh_from_db()
    assert not notification.is_read


def test_mark_all_read_reads_only_ones_own(client, staff, other_staff):
    _tell(staff, 2)
    _tell(other_staff)
    client.force_login(staff)

    response = client.post(reverse("notifications:read_all"))

    assert response.status_code == 302
    assert Notification.objects.filter(read_at__isnull=True).get().recipient == other_staff


def test_preferences_page_shows_the_defaults_and_saves(client, staff):
    client.force_login(staff)
    page = " ".join(client.get(reverse("notifications:preferences")).content.decode().split())
    checked = set(re.findall(r'name="email_kinds" value="(\w+)" id="\w+" checked', page))
    assert checked == {"returned", "deadline_soon", "deadline_passed"}

    client.post(reverse("notifications:preferences"), {"email_kinds": ["accepted"]})

    chosen = dict(Preference.objects.filter(user=staff).values_list("kind", "email"))
    assert chosen["accepted"] is True and chosen["returned"] is False


def test_the_bell_costs_one_query_whatever_the_number(client, staff):
    client.force_login(staff)
    url = reverse("notifications:inbox")
    client.get(url)
    _tell(staff)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(url)
    _tell(staff, 40)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(one)
    bell = [q["sql"] for q in many if "notifications_notification" in q["sql"] and "IS NULL" in q["sql"]]
    assert len(bell) == 1


def test_a_page_that_does_not_show_the_bell_does_not_count(client, staff):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("login"))

    assert not [q for q in queries if "notifications_notification" in q["sql"]]
