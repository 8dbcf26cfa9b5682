"""Sending a notification by e-mail: run by the task queue (``notifications.tasks``), once per delivery."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from bangkok_network import clock
from notifications.models import Delivery, DeliveryStatus

logger = logging.getLogger(__name__)


def _absolute(path: str) -> str:
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def delivery_send(*, delivery_id: int) -> bool:
    """Send one queued e-mail; claimed by a conditional UPDATE, so running twice sends it once."""
    claimed = Delivery.objects.filter(pk=delivery_id, status=DeliveryStatus.QUEUED).update(
        status=DeliveryStatus.SENDING
    )
    if not claimed:
        return False
    delivery = Delivery.objects.select_related("notification__recipient").get(pk=delivery_id)
    notification = delivery.notification
    context = {
        "notification": notification,
        "user": notification.recipient,
        "url": _absolute(notification.target_url),
        "inbox_url": _absolute(reverse("notifications:inbox")),
        "preferences_url": _absolute(reverse("notifications:preferences")),
    }
    try:
        send_mail(
            subject=" ".join(render_to_string("notifications/email/subject.txt", context).split()),
            message=render_to_string("notifications/email/body.txt", context),
            from_email=None,
            recipient_list=[delivery.address],
        )
    except Exception as exc:  # the mail server refused: recorded, the notification stays in the inbox
        # An unreachable or refusing mail server is the operator's to fix, not a fault in the code:
        # one line with the reason (no traceback), and the delivery keeps it for the admin.
        logger.error("notification e-mail %s failed: %s: %s", delivery_id, type(exc).__name__, exc)
        Delivery.objects.filter(pk=delivery_id).update(status=DeliveryStatus.FAILED, error=str(exc)[:500])
        return False
    Delivery.objects.filter(pk=delivery_id).update(status=DeliveryStatus.SENT, sent_at=clock.now())
    return True
