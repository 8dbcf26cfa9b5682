"""Background tasks of notifications (Django's tasks API through django-tasks; ``manage.py db_worker``)."""

from __future__ import annotations

from django_tasks import task

from notifications.delivery import delivery_send


@task()
def send_notification_email(delivery_id: int) -> bool:
    """Send one notification e-mail; a second run of the same task sends nothing."""
    return delivery_send(delivery_id=delivery_id)
