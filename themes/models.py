"""The officer's decisions about themes, kept from year to year.

Themes themselves are not stored: they are worked out from the cycle's key issues each time
(``themes.selectors.themes_for_cycle``), so a key issue added in April is in a theme at once. What is
stored is what the officer decided — "this issue's text belongs to the theme named …" — keyed by the
issue's folded text, not by the issue: next year's issue with the same words lands in the same
theme under the same name.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from bangkok_network.clock import StampField


class ThemeDecision(models.Model):
    """An officer put the key issues of this text in the theme of this name (merge, split, rename)."""

    issue_key = models.CharField(_("ข้อความประเด็น (ปรับรูปแล้ว)"), max_length=300, unique=True)
    issue_text = models.CharField(_("ประเด็นสำคัญ"), max_length=300)
    theme_name = models.CharField(_("ชื่อกลุ่มประเด็น"), max_length=200)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = StampField(auto_now=True)

    class Meta:
        ordering = ["theme_name", "issue_key"]
        verbose_name = _("การจัดกลุ่มประเด็นโดยเจ้าหน้าที่")
        verbose_name_plural = _("การจัดกลุ่มประเด็นโดยเจ้าหน้าที่")
        constraints = [
            models.CheckConstraint(condition=~models.Q(theme_name=""), name="theme_decision_named"),
            models.CheckConstraint(condition=~models.Q(issue_key=""), name="theme_decision_keyed"),
        ]

    def __str__(self) -> str:
        return f"{self.issue_text} → {self.theme_name}"
