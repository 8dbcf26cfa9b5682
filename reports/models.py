"""Models of the reports app: documents built in the background, and the department's assessments."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Coalesce
from django.db.models.lookups import LessThan
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bangkok_network.clock import StampField
from bangkok_network.models import Cycle, DistrictGroup
from bangkok_network.transitions import StateTable


class BuildStatus(models.TextChoices):
    QUEUED = "queued", _("รอคิว")
    RUNNING = "running", _("กำลังสร้าง")
    DONE = "done", _("เสร็จแล้ว")
    FAILED = "failed", _("ไม่สำเร็จ")


# A worker claims a queued build and renders it; it ends done or failed (a build no worker took
# in time, or whose worker went silent, fails too). Asking again makes a new build.
BUILD_TRANSITIONS = StateTable(
    BuildStatus,
    {
        BuildStatus.QUEUED: {BuildStatus.RUNNING, BuildStatus.FAILED},
        BuildStatus.RUNNING: {BuildStatus.DONE, BuildStatus.FAILED},
        BuildStatus.DONE: set(),
        BuildStatus.FAILED: set(),
    },
)
ACTIVE_STATUSES = (BuildStatus.QUEUED, BuildStatus.RUNNING)
# A queued build no worker has taken after this long is given up: no worker is running at all.
QUEUE_TIMEOUT = timedelta(minutes=30)
# What a person is told of a build whose worker went silent (or that no worker took).
STALE_REASON = _("หมดเวลาสร้างเอกสาร (ตัวประมวลผลเบื้องหลังไม่ตอบสนอง) กรุณาสั่งสร้างใหม่")


def lost_builds(*, now: datetime) -> Q:
    """Match builds whose worker has gone: running but silent too long, or queued and never taken.

    A running build's worker reports every DOCUMENT_BUILD_HEARTBEAT_SECONDS while it renders; one
    silent for DOCUMENT_BUILD_STALE_SECONDS has died (killed, out of memory, machine restarted).
    """
    silent_since = now - timedelta(seconds=settings.DOCUMENT_BUILD_STALE_SECONDS)
    # Last heard of: the heartbeat, else (rows from before heartbeats) the start, else the request.
    last_heard = Coalesce("heartbeat_at", "started_at", "created_at", output_field=models.DateTimeField())
    return Q(status=BuildStatus.RUNNING) & Q(LessThan(last_heard, Value(silent_since))) | Q(
        status=BuildStatus.QUEUED, created_at__lt=now - QUEUE_TIMEOUT
    )


class BuildKind(models.TextChoices):
    """The documents built in the background (``DocumentBuild.kind``): each is its exporter's kind."""

    PACKAGE = "package", _("ชุดเอกสารผลการดำเนินงาน")
    EVALUATION = "evaluation", _("รายงานผลการติดตามประเมินผล")


class BuildFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    XLSX = "xlsx", "Excel"


def build_upload_to(build: DocumentBuild, filename: str) -> str:
    return f"documents/{build.cycle.fiscal_year}/{filename}"


class DocumentBuild(models.Model):
    """One background build of a document (a group's package, the evaluation summary).

    The file is stored once built, so it can be downloaded again without rebuilding. At most one
    build of the same document is queued or running at a time: the database enforces it.
    """

    kind = models.CharField(_("ประเภทเอกสาร"), max_length=30)
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="document_builds")
    group = models.ForeignKey(
        DistrictGroup, on_delete=models.CASCADE, null=True, blank=True, related_name="document_builds"
    )
    format = models.CharField(_("รูปแบบ"), max_length=10, choices=BuildFormat.choices)
    status = models.CharField(
        _("สถานะ"), max_length=10, choices=BuildStatus.choices, default=BuildStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(
        _("ความคืบหน้า (ร้อยละ)"), default=0, validators=[MaxValueValidator(100)]
    )
    stage = models.CharField(_("ขั้นตอนที่กำลังทำ"), max_length=200, blank=True)
    error = models.TextField(_("สาเหตุที่ไม่สำเร็จ"), blank=True)
    file = models.FileField(_("ไฟล์"), upload_to=build_upload_to, max_length=300, blank=True)
    size = models.PositiveIntegerField(_("ขนาด (ไบต์)"), default=0)
    # The same document with personal data masked, rendered with it from the same data, for readers
    # who may not have it as built (executives reading a package: reports.policy.must_mask).
    masked_file = models.FileField(
        _("ไฟล์ฉบับปิดบังข้อมูลส่วนบุคคล"), upload_to=build_upload_to, max_length=300, blank=True
    )
    masked_size = models.PositiveIntegerField(_("ขนาดฉบับปิดบังข้อมูล (ไบต์)"), default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = StampField(_("สั่งสร้างเมื่อ"), auto_now_add=True)
    started_at = models.DateTimeField(_("เริ่มสร้างเมื่อ"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("ตัวประมวลผลรายงานตัวล่าสุดเมื่อ"), null=True, blank=True)
    task_id = models.CharField(_("รหัสงานเบื้องหลัง"), max_length=64, blank=True)
    finished_at = models.DateTimeField(_("เสร็จเมื่อ"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("ส่งสำนักฯ เมื่อ"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # What the sender decided for the cover memo (package) or the memo to the Permanent Secretary
    # (evaluation): its number and date, recorded when the document is made for sending and printed
    # on it, never the day it happened to be rendered.
    document_number = models.CharField(_("ที่ (เลขที่หนังสือ)"), max_length=50, blank=True)
    document_date = models.DateField(_("ลงวันที่"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("การสร้างเอกสาร")
        verbose_name_plural = _("การสร้างเอกสาร")
        constraints = [
            # Two clicks must not build twice: one active build per document (group or all groups).
            models.UniqueConstraint(
                fields=["kind", "cycle", "group", "format"],
                condition=Q(status__in=list(ACTIVE_STATUSES), group__isnull=False),
                name="one_active_build_per_group_document",
            ),
            models.UniqueConstraint(
                fields=["kind", "cycle", "format"],
                condition=Q(status__in=list(ACTIVE_STATUSES), group__isnull=True),
                name="one_active_build_per_cycle_document",
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="build_progress_at_most_100"),
        ]

    def __str__(self) -> str:
        scope = self.group.full_name if self.group_id else "ทุกกลุ่ม"
        return f"{self.kind} {self.cycle.fiscal_year} {scope} ({self.format}) – {self.get_status_display()}"

    def get_absolute_url(self) -> str:
        return reverse("reports:build_detail", kwargs={"pk": self.pk})

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    def is_lost(self, *, now: datetime) -> bool:
        """Tell whether the build's worker has gone (the rule of `lost_builds`, for one build in hand)."""
        silent_since = now - timedelta(seconds=settings.DOCUMENT_BUILD_STALE_SECONDS)
        if self.status == BuildStatus.RUNNING:
            return (self.heartbeat_at or self.started_at or self.created_at) < silent_since
        return self.status == BuildStatus.QUEUED and self.created_at < now - QUEUE_TIMEOUT

    @property
    def is_done(self) -> bool:
        return self.status == BuildStatus.DONE

    @property
    def is_package(self) -> bool:
        return self.kind == BuildKind.PACKAGE

    @property
    def is_evaluation(self) -> bool:
        return self.kind == BuildKind.EVALUATION

    @property
    def is_failed(self) -> bool:
        return self.status == BuildStatus.FAILED

    @property
    def download_name(self) -> str:
        parts = [self.kind, str(self.cycle.fiscal_year)]
        if self.group_id:
            parts.append(self.group.code)
        return "-".join(parts) + f".{self.format}"


SCORE_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]
SCORE_FIELDS = (
    "timeliness_score",
    "registry_score",
    "participation_score",
    "projects_score",
    "outcomes_score",
)


class Assessment(models.Model):
    """The department's assessment of one group in one cycle (step 6), scored 1–5 per criterion."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="assessments")
    group = models.ForeignKey(DistrictGroup, on_delete=models.CASCADE, related_name="assessments")
    timeliness_score = models.PositiveSmallIntegerField(
        _("การดำเนินการตามปฏิทินตรงเวลา"), validators=SCORE_VALIDATORS
    )
    registry_score = models.PositiveSmallIntegerField(
        _("ขนาดและความหลากหลายของทะเบียนบัญชีประชาสังคม"), validators=SCORE_VALIDATORS
    )
    participation_score = models.PositiveSmallIntegerField(
        _("การมีส่วนร่วมในการประชุม"), validators=SCORE_VALIDATORS
    )
    projects_score = models.PositiveSmallIntegerField(_("โครงการและงบประมาณ"), validators=SCORE_VALIDATORS)
    outcomes_score = models.PositiveSmallIntegerField(_("ผลลัพธ์ที่เกิดขึ้น"), validators=SCORE_VALIDATORS)
    strengths = models.TextField(_("จุดเด่น"), blank=True)
    improvements = models.TextField(_("ข้อควรปรับปรุง"), blank=True)
    comments = models.TextField(_("ความเห็นของสำนักยุทธศาสตร์และประเมินผล"), blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    assessed_at = StampField(_("ประเมินเมื่อ"), auto_now=True)

    class Meta:
        ordering = ["cycle", "group__order"]
        verbose_name = _("ผลการประเมินกลุ่มเขต")
        verbose_name_plural = _("ผลการประเมินกลุ่มเขต")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "group"], name="assessment_once_per_group_cycle"),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{name}__gte": 1, f"{name}__lte": 5}), name=f"assessment_{name}_1_to_5"
                )
                for name in SCORE_FIELDS
            ],
        ]

    def __str__(self) -> str:
        return f"{self.group} – {self.cycle}"

    @property
    def total_score(self) -> int:
        return sum(getattr(self, name) for name in SCORE_FIELDS)

    @property
    def max_score(self) -> int:
        return 5 * len(SCORE_FIELDS)


def emblem_upload_to(emblem: DepartmentEmblem, filename: str) -> str:
    # A name we choose: the uploaded file's name never reaches the disk.
    return f"emblem/emblem-{uuid.uuid4().hex}.{emblem.content_type.rsplit('/', 1)[-1]}"


class DepartmentEmblem(models.Model):
    """The emblem (ตราครุฑ) printed 1.5 cm high on the department's memos, uploaded once by an
    administrator. None is shipped: without one, documents keep an empty slot of the right size."""

    image = models.FileField(_("ภาพตราสัญลักษณ์ (PNG หรือ JPEG)"), upload_to=emblem_upload_to, max_length=200)
    content_type = models.CharField(max_length=20, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("อัปโหลดเมื่อ"), auto_now=True)

    class Meta:
        verbose_name = _("ตราสัญลักษณ์ในเอกสารราชการ")
        verbose_name_plural = _("ตราสัญลักษณ์ในเอกสารราชการ")

    def __str__(self) -> str:
        return str(_("ตราสัญลักษณ์ในเอกสารราชการ"))
