"""Models of the progress app (step 4): dated progress reports of P1 projects, their photos and files,
and the record of reporting to BMA executives or the Governor's coordinating committee."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bangkok_network.clock import StampField
from bangkok_network.models import Cycle, DistrictGroup

MONEY_MAX = Decimal("1000000000.00")
PARTICIPANTS_MAX = 10_000_000


def attachment_upload_to(attachment: ProgressAttachment, filename: str) -> str:
    return f"progress/{attachment.report.cycle.fiscal_year}/{attachment.report.group.code}/{filename}"


def executive_upload_to(record: ExecutiveReport, filename: str) -> str:
    return f"progress/{record.cycle.fiscal_year}/{record.group.code}/executive/{filename}"


class ProgressReport(models.Model):
    """One dated report of how a project is going: percent done, money spent, what happened."""

    project = models.ForeignKey(
        "projects_p1.Project",
        verbose_name=_("โครงการ/กิจกรรม"),
        on_delete=models.PROTECT,
        related_name="progress_reports",
    )
    # Copied from the project's form so scope checks and group lists need no joins.
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="progress_reports")
    group = models.ForeignKey(DistrictGroup, on_delete=models.PROTECT, related_name="progress_reports")
    report_date = models.DateField(_("วันที่รายงาน"))
    percent = models.PositiveSmallIntegerField(
        _("ความคืบหน้า (ร้อยละ)"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    budget_spent = models.DecimalField(
        _("ใช้งบประมาณไปแล้ว (บาท)"),
        max_digits=14,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(MONEY_MAX)],
    )
    activities = models.TextField(_("กิจกรรมที่ดำเนินการแล้ว"))
    outputs = models.TextField(_("ผลผลิต"), blank=True)
    outcomes = models.TextField(_("ผลลัพธ์"), blank=True)
    participants = models.PositiveIntegerField(
        _("จำนวนผู้เข้าร่วม (คน)"), default=0, validators=[MaxValueValidator(PARTICIPANTS_MAX)]
    )
    problems = models.TextField(_("ปัญหาและอุปสรรค"), blank=True)
    next_steps = models.TextField(_("ขั้นตอนต่อไป"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = StampField(auto_now_add=True)
    updated_at = StampField(auto_now=True)

    class Meta:
        ordering = ["project", "-report_date", "-pk"]
        verbose_name = _("รายงานความคืบหน้าโครงการ")
        verbose_name_plural = _("รายงานความคืบหน้าโครงการ")
        constraints = [
            models.CheckConstraint(condition=Q(percent__lte=100), name="progress_percent_at_most_100"),
            models.CheckConstraint(
                condition=Q(budget_spent__gte=0) & Q(budget_spent__lte=MONEY_MAX),
                name="progress_spent_in_range",
            ),
        ]
        indexes = [models.Index(fields=["cycle", "group"], name="progress_cycle_group_idx")]

    def __str__(self) -> str:
        return f"{self.project} – {self.report_date:%Y-%m-%d} ({self.percent}%)"

    def get_absolute_url(self) -> str:
        return reverse("progress:report_detail", kwargs={"pk": self.pk})


class AttachmentKind(models.TextChoices):
    PHOTO = "photo", _("ภาพถ่าย")
    DOCUMENT = "document", _("เอกสาร")


class ProgressAttachment(models.Model):
    """A photo or file of a progress report, its type checked by content (magic bytes)."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("ประเภท"), max_length=10, choices=AttachmentKind.choices)
    file = models.FileField(_("ไฟล์"), upload_to=attachment_upload_to, max_length=300)
    original_name = models.CharField(_("ชื่อไฟล์เดิม"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("ขนาด (ไบต์)"))
    caption = models.CharField(_("คำบรรยาย"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = StampField(auto_now_add=True)

    class Meta:
        ordering = ["report", "pk"]
        verbose_name = _("ไฟล์แนบรายงานความคืบหน้า")
        verbose_name_plural = _("ไฟล์แนบรายงานความคืบหน้า")

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_photo(self) -> bool:
        return self.kind == AttachmentKind.PHOTO


class RecipientKind(models.TextChoices):
    EXECUTIVE = "executive", _("ผู้บริหารกรุงเทพมหานคร")
    COMMITTEE = "committee", _("คณะกรรมการประสานงานและติดตามนโยบายของผู้ว่าราชการกรุงเทพมหานคร ประจำกลุ่มเขต")


class ExecutiveReport(models.Model):
    """The group's report of results to BMA executives or the Governor's committee: to whom, when, copy."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="executive_reports")
    group = models.ForeignKey(DistrictGroup, on_delete=models.PROTECT, related_name="executive_reports")
    recipient_kind = models.CharField(_("รายงานต่อ"), max_length=20, choices=RecipientKind.choices)
    recipient = models.CharField(_("ชื่อ/ตำแหน่งผู้รับรายงาน"), max_length=300)
    reported_on = models.DateField(_("วันที่รายงาน"))
    summary = models.TextField(_("สรุปสาระที่รายงาน"), blank=True)
    file = models.FileField(_("สำเนารายงาน"), upload_to=executive_upload_to, max_length=300, blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    file_type = models.CharField(max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = StampField(auto_now_add=True)

    class Meta:
        ordering = ["cycle", "group", "-reported_on", "-pk"]
        verbose_name = _("การรายงานผลต่อผู้บริหาร")
        verbose_name_plural = _("การรายงานผลต่อผู้บริหาร")

    def __str__(self) -> str:
        return f"{self.get_recipient_kind_display()} – {self.recipient} ({self.reported_on:%Y-%m-%d})"
