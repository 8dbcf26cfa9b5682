"""Reads of notifications: a person sees only their own."""

from __future__ import annotations

from django.db.models import QuerySet

from bangkok_network.errors import NotFound
from notifications.models import Notification


def notification_list(*, user) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")


def notification_unread_count(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notification_get_for_user(*, user, pk: int) -> Notification:
    """Another person's notification is not found: its existence is not disclosed."""
    notification = Notification.objects.filter(recipient=user, pk=pk).first()
    if notification is None:
        raise NotFound("ไม่พบการแจ้งเตือน")
    return notification
