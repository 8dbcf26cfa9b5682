"""The demo's notices: what the story's steps told people is already in their inboxes (the core's
signal heard every submission, return and acceptance); this adds the calendar's notices of the
demo's today and reads what is older than four weeks, so an inbox looks lived in, not a pile."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from bangkok_network import clock
from notifications.models import Notification
from notifications.services import calendar_notices_send

READ_AFTER = timedelta(days=28)


def load(*, timeline) -> str:
    today = timeline.today
    morning = timezone.make_aware(datetime.combine(today, time(7, 0)))
    with clock.moment(morning):
        told = calendar_notices_send(on=today)
    old = Notification.objects.filter(read_at__isnull=True, created_at__lt=morning - READ_AFTER)
    read = old.update(read_at=morning - READ_AFTER)
    unread = Notification.objects.filter(read_at__isnull=True).count()
    deadlines, opened = told["before_due"] + told["overdue"], told["step_opened"]
    return (
        f"แจ้งกำหนดส่งวันนี้ {deadlines} รายการ, เริ่มขั้นตอน {opened} รายการ; "
        f"ยังไม่อ่าน {unread} รายการ (อ่านแล้ว {read} รายการที่เก่ากว่า 4 สัปดาห์)"
    )
