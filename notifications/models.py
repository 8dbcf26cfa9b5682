"""Notifications: what the portal tells a person (in the inbox, and by e-mail if they wish).

A notification stores its kind and the facts it is about (``params``), not its sentence: the Thai
text is written when it is shown (``Notification.text``), so a corrected wording or a translation
reaches old notifications too. The link is a URL name and its arguments, reversed when shown.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from bangkok_network.clock import StampField


class NotificationKind(models.TextChoices):
    SUBMITTED = "submitted", _("มีงานส่งเข้ามา")
    RETURNED = "returned", _("ส่งกลับแก้ไข")
    ACCEPTED = "accepted", _("รับงานแล้ว")
    STEP_OPENED = "step_opened", _("เริ่มขั้นตอนใหม่")
    DEADLINE_SOON = "deadline_soon", _("ใกล้ครบกำหนดส่ง")
    DEADLINE_PASSED = "deadline_passed", _("เกินกำหนดส่ง")
    BUILD_DONE = "build_done", _("เอกสารพร้อมดาวน์โหลด")
    BUILD_FAILED = "build_failed", _("สร้างเอกสารไม่สำเร็จ")


# Kinds that go by e-mail unless the person turns them off; the rest only if they turn them on.
EMAIL_BY_DEFAULT = frozenset(
    {NotificationKind.RETURNED, NotificationKind.DEADLINE_SOON, NotificationKind.DEADLINE_PASSED}
)

# The sentence of each kind, filled from the notification's params when it is shown.
TEXTS = {
    NotificationKind.SUBMITTED: _("{group} ส่ง “{step}” ปีงบประมาณ {year} แล้ว รอการพิจารณา"),
    NotificationKind.RETURNED: _("“{step}” ของ{group} ถูกส่งกลับแก้ไข เหตุผล: {reason}"),
    NotificationKind.ACCEPTED: _("สำนักยุทธศาสตร์และประเมินผลรับ “{step}” ของ{group} แล้ว"),
    NotificationKind.STEP_OPENED: _("ขั้นตอน “{step}” เริ่มแล้ว ครบกำหนดส่ง {due}"),
    NotificationKind.DEADLINE_SOON: _("“{step}” จะครบกำหนดส่งในอีก {days} วัน ({due})"),
    NotificationKind.DEADLINE_PASSED: _("“{step}” เลยกำหนดส่งแล้ว (ครบกำหนด {due})"),
    NotificationKind.BUILD_DONE: _("เอกสาร “{document}” สร้างเสร็จแล้ว ดาวน์โหลดได้"),
    NotificationKind.BUILD_FAILED: _("สร้างเอกสาร “{document}” ไม่สำเร็จ: {reason}"),
}


class _Blank(dict):
    def __missing__(self, key):
        return ""


class Notification(models.Model):
    """One thing one person is told; read when they open it or mark it read."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("ประเภท"), max_length=20, choices=NotificationKind.choices)
    params = models.JSONField(default=dict, blank=True)
    url_name = models.CharField(max_length=100, blank=True)
    url_kwargs = models.JSONField(default=dict, blank=True)
    # Once-only notices (a step opening, a deadline) carry a key: the same key is never told twice.
    key = models.CharField(max_length=100, blank=True)
    created_at = StampField(_("เมื่อ"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("อ่านเมื่อ"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("การแจ้งเตือน")
        verbose_name_plural = _("การแจ้งเตือน")
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"], condition=~Q(key=""), name="notification_key_once_per_user"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient}"

    def get_absolute_url(self) -> str:
        return reverse("notifications:open", kwargs={"pk": self.pk})

    @property
    def text(self) -> str:
        return str(TEXTS[NotificationKind(self.kind)]).format_map(_Blank(self.params))

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def target_url(self) -> str:
        """The page of the object; the inbox when that page no longer exists."""
        if self.url_name:
            try:
                return reverse(self.url_name, kwargs=self.url_kwargs)
            except NoReverseMatch:
                pass
        return reverse("notifications:inbox")


class Channel(models.TextChoices):
    EMAIL = "email", _("อีเมล")


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", _("รอส่ง")
    SENDING = "sending", _("กำลังส่ง")
    SENT = "sent", _("ส่งแล้ว")
    FAILED = "failed", _("ส่งไม่สำเร็จ")


class Delivery(models.Model):
    """A notification sent on a channel other than the inbox; one per notification and channel."""

    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.EMAIL)
    address = models.CharField(max_length=254)
    status = models.CharField(max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("การส่งการแจ้งเตือน")
        verbose_name_plural = _("การส่งการแจ้งเตือน")
        constraints = [
            models.UniqueConstraint(fields=["notification", "channel"], name="delivery_once_per_channel")
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.address}: {self.get_status_display()}"


class Preference(models.Model):
    """A person's choice for one kind: by e-mail or not (kinds without a row keep the default)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("ประเภท"), max_length=20, choices=NotificationKind.choices)
    email = models.BooleanField(_("ส่งทางอีเมล"))

    class Meta:
        verbose_name = _("การตั้งค่าการแจ้งเตือน")
        verbose_name_plural = _("การตั้งค่าการแจ้งเตือน")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="preference_once_per_kind")]

    def __str__(self) -> str:
        return f"{self.user} {self.kind}: {self.email}"
