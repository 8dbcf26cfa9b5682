"""The programme core: district groups, districts, plan dimensions, cycles and their calendars."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from bangkok_network.clock import StampField
from bangkok_network.transitions import StateTable

MIN_BE_YEAR = 2500
MAX_BE_YEAR = 2700
BE_OFFSET = 543
# The Thai fiscal year starts on 1 October and is named after the year in which it ends.
FISCAL_YEAR_START_MONTH = 10


def be_year(year: int) -> int:
    """Return the Buddhist-Era year of a Christian-Era year (2021 → 2564)."""
    return year + BE_OFFSET


def ce_year(year: int) -> int:
    """Return the Christian-Era year of a Buddhist-Era year (2564 → 2021), as dates store it."""
    return year - BE_OFFSET


def fiscal_year_of(day: date) -> int:
    """Return the Buddhist-Era fiscal year holding a day: FY N runs 1 Oct of N-1 to 30 Sep of N."""
    return be_year(day.year) + (1 if day.month >= FISCAL_YEAR_START_MONTH else 0)


def fiscal_year_bounds(fiscal_year: int) -> tuple[date, date]:
    """Return the first and last day of a Buddhist-Era fiscal year (named after the year it ends)."""
    start = date(ce_year(fiscal_year) - 1, FISCAL_YEAR_START_MONTH, 1)
    return start, start.replace(year=start.year + 1) - timedelta(days=1)


class DistrictGroup(models.Model):
    """One of the six district groups (กลุ่มการปฏิบัติงานของสำนักงานเขต)."""

    code = models.SlugField(_("รหัสกลุ่ม"), max_length=32, unique=True)
    name = models.CharField(_("ชื่อกลุ่ม"), max_length=100, unique=True)
    name_en = models.CharField(_("ชื่อภาษาอังกฤษ"), max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(_("ลำดับ"), default=0)
    # Secret part of the group's iCalendar feed address, so calendar apps can subscribe without a login.
    ics_token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("กลุ่มเขต")
        verbose_name_plural = _("กลุ่มเขต")

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("group_detail", kwargs={"code": self.code})

    @property
    def full_name(self) -> str:
        return f"กลุ่ม{self.name}"


class District(models.Model):
    """A Bangkok district (เขต) with its DOPA code."""

    code = models.CharField(_("รหัสเขต"), max_length=4, unique=True)
    name = models.CharField(_("ชื่อเขต"), max_length=100, unique=True)
    name_en = models.CharField(_("ชื่อภาษาอังกฤษ"), max_length=100, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("เขต")
        verbose_name_plural = _("เขต")

    def __str__(self) -> str:
        return f"เขต{self.name}"


class PlanDimension(models.Model):
    """A dimension of the Bangkok 20-year development plan (2556–2575)."""

    number = models.PositiveSmallIntegerField(_("ด้านที่"), unique=True)
    name = models.CharField(_("ชื่อด้าน"), max_length=200)
    name_en = models.CharField(_("ชื่อภาษาอังกฤษ"), max_length=200, blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("มิติแผนพัฒนากรุงเทพมหานคร ๒๐ ปี")
        verbose_name_plural = _("มิติแผนพัฒนากรุงเทพมหานคร ๒๐ ปี")

    def __str__(self) -> str:
        return f"ด้านที่ {self.number} {self.name}"


class NationalStrategy(models.Model):
    """A strategy of the National Strategy 2561–2580."""

    number = models.PositiveSmallIntegerField(_("ยุทธศาสตร์ที่"), unique=True)
    name = models.CharField(_("ชื่อยุทธศาสตร์"), max_length=200)

    class Meta:
        ordering = ["number"]
        verbose_name = _("ยุทธศาสตร์ชาติ")
        verbose_name_plural = _("ยุทธศาสตร์ชาติ")

    def __str__(self) -> str:
        return f"ยุทธศาสตร์ที่ {self.number} {self.name}"


class Cycle(models.Model):
    """A yearly programme cycle, named by its Buddhist-Era fiscal year."""

    fiscal_year = models.PositiveSmallIntegerField(
        _("ปีงบประมาณ (พ.ศ.)"),
        unique=True,
        help_text=_("ปีพุทธศักราช เช่น 2564"),
    )
    title = models.CharField(
        _("ชื่อโครงการ"),
        max_length=300,
        default="การดำเนินการขับเคลื่อนเครือข่ายประชาสังคมกลุ่มการปฏิบัติงานของสำนักงานเขต",
    )
    memo_number = models.CharField(_("เลขที่หนังสือ"), max_length=50, blank=True)
    memo_date = models.DateField(_("วันที่หนังสือ"), null=True, blank=True)
    signer_name = models.CharField(_("ผู้ลงนาม"), max_length=200, blank=True)
    signer_title = models.CharField(
        _("ตำแหน่งผู้ลงนาม"), max_length=200, default="ผู้อำนวยการสำนักยุทธศาสตร์และประเมินผล"
    )
    department = models.CharField(_("ส่วนราชการ"), max_length=200, default="สำนักยุทธศาสตร์และประเมินผล")
    division = models.CharField(_("กอง"), max_length=200, default="กองยุทธศาสตร์บริหารจัดการ")
    phone = models.CharField(_("โทรศัพท์"), max_length=100, blank=True)
    reminder_days_before = models.PositiveSmallIntegerField(_("เตือนล่วงหน้า (วัน)"), default=7)
    use_thai_digits = models.BooleanField(_("ใช้เลขไทยในเอกสารราชการ"), default=True)
    # Set when the department reports the evaluation to the Permanent Secretary (step 6): from then
    # on the cycle's data is a record, read-only (bangkok_network.services.cycle_check_open).
    closed_at = models.DateTimeField(
        _("ปิดรอบ (ส่งรายงานผลการประเมินแล้ว) เมื่อ"), null=True, blank=True, editable=False
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-fiscal_year"]
        verbose_name = _("รอบการดำเนินงาน")
        verbose_name_plural = _("รอบการดำเนินงาน")
        constraints = [
            models.CheckConstraint(
                condition=Q(fiscal_year__gte=MIN_BE_YEAR) & Q(fiscal_year__lte=MAX_BE_YEAR),
                name="cycle_fiscal_year_is_buddhist_era",
            )
        ]

    def __str__(self) -> str:
        return f"ปีงบประมาณ {self.fiscal_year}"

    def get_absolute_url(self) -> str:
        return reverse("cycle_detail", kwargs={"fiscal_year": self.fiscal_year})

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    @property
    def start_date(self) -> date:
        return fiscal_year_bounds(self.fiscal_year)[0]

    @property
    def end_date(self) -> date:
        return fiscal_year_bounds(self.fiscal_year)[1]


class StepKind(models.TextChoices):
    REGISTRY = "registry", _("ทะเบียนบัญชีประชาสังคม")
    MEETINGS = "meetings", _("ประชุมกำหนดประเด็นสำคัญ")
    P1 = "p1", _("แบบ P1")
    PROJECTS = "projects", _("ดำเนินโครงการและรายงานผล")
    PACKAGE = "package", _("ส่งเอกสารผลการดำเนินงาน")
    EVALUATION = "evaluation", _("ติดตามประเมินผล")


class Responsible(models.TextChoices):
    GROUP = "group", _("กลุ่มเขต")
    DEPARTMENT = "department", _("สำนักยุทธศาสตร์และประเมินผล")


class CalendarStep(models.Model):
    """A step of a cycle's calendar (ปฏิทินการดำเนินการ)."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="steps")
    number = models.PositiveSmallIntegerField(_("ลำดับ"))
    kind = models.CharField(_("ประเภทขั้นตอน"), max_length=20, choices=StepKind.choices)
    title = models.CharField(_("ขั้นตอน"), max_length=200)
    description = models.TextField(_("รายละเอียด (ตามปฏิทิน)"), blank=True)
    period_label = models.CharField(
        _("ข้อความช่วงเวลาในปฏิทิน"),
        max_length=100,
        blank=True,
        help_text=_("เว้นว่างเพื่อให้ระบบเขียนจากวันที่เริ่มและวันครบกำหนด"),
    )
    start_date = models.DateField(_("วันเริ่ม"))
    due_date = models.DateField(_("วันครบกำหนด"))
    deliverable = models.CharField(_("สิ่งที่ต้องส่ง"), max_length=300, blank=True)
    responsible = models.CharField(
        _("ผู้รับผิดชอบ"), max_length=20, choices=Responsible.choices, default=Responsible.GROUP
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["cycle", "number"]
        verbose_name = _("ขั้นตอนในปฏิทิน")
        verbose_name_plural = _("ขั้นตอนในปฏิทิน")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "number"], name="step_number_unique_in_cycle"),
            models.UniqueConstraint(fields=["cycle", "kind"], name="step_kind_unique_in_cycle"),
            models.CheckConstraint(
                condition=Q(start_date__lte=models.F("due_date")), name="step_start_not_after_due"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class DistrictAssignment(models.Model):
    """Which group a district belongs to in a cycle: membership changes between years."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="assignments")
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="assignments")
    group = models.ForeignKey(DistrictGroup, on_delete=models.PROTECT, related_name="assignments")

    class Meta:
        ordering = ["cycle", "district__code"]
        verbose_name = _("การจัดเขตเข้ากลุ่ม")
        verbose_name_plural = _("การจัดเขตเข้ากลุ่ม")
        constraints = [models.UniqueConstraint(fields=["cycle", "district"], name="district_once_per_cycle")]

    def __str__(self) -> str:
        return f"{self.district} → {self.group} ({self.cycle})"


class ProgressStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("ยังไม่เริ่ม")
    IN_PROGRESS = "in_progress", _("กำลังดำเนินการ")
    SUBMITTED = "submitted", _("ส่งแล้ว")
    RETURNED = "returned", _("ส่งกลับแก้ไข")
    ACCEPTED = "accepted", _("รับแล้ว")


class ProgressAction(models.TextChoices):
    """The named moves of a group's step, as its history and the audit trail record them."""

    WORK = "work", _("กำลังดำเนินการ")
    SUBMIT = "submit", _("ส่ง")
    RETURN = "return", _("ส่งกลับแก้ไข")
    ACCEPT = "accept", _("รับ")
    WITHDRAW = "withdraw", _("ถอนคืน")
    REOPEN = "reopen", _("เปิดให้แก้ไขหลังรับแล้ว")


# How a group's step moves (the dashboard's cells): sent, returned for revision, accepted. Sending
# again is allowed (a registry sent twice keeps its first date). The group may withdraw what it
# sent until the department opens it for review (``services.progress_withdraw`` checks the
# opening); the department may reopen an accepted step, with a reason, which returns it.
PROGRESS_TRANSITIONS = StateTable.by_action(
    ProgressStatus,
    {
        ProgressAction.WORK: (
            {ProgressStatus.NOT_STARTED, ProgressStatus.IN_PROGRESS, ProgressStatus.RETURNED},
            ProgressStatus.IN_PROGRESS,
        ),
        ProgressAction.SUBMIT: (
            {
                ProgressStatus.NOT_STARTED,
                ProgressStatus.IN_PROGRESS,
                ProgressStatus.SUBMITTED,
                ProgressStatus.RETURNED,
            },
            ProgressStatus.SUBMITTED,
        ),
        ProgressAction.RETURN: ({ProgressStatus.SUBMITTED}, ProgressStatus.RETURNED),
        ProgressAction.ACCEPT: ({ProgressStatus.SUBMITTED}, ProgressStatus.ACCEPTED),
        ProgressAction.WITHDRAW: ({ProgressStatus.SUBMITTED}, ProgressStatus.IN_PROGRESS),
        ProgressAction.REOPEN: ({ProgressStatus.ACCEPTED}, ProgressStatus.RETURNED),
    },
)


# Steps whose sending is withdrawn with its own record, never on its own: a P1 version (its page
# withdraws the version and the step together); step 2, sent by confirming minutes that stay
# confirmed (the department reopens a meeting instead).
WITHDRAWN_WITH_THEIR_RECORD = {
    StepKind.P1: "แบบ P1 ถอนคืนได้ที่หน้าแบบ P1",
    StepKind.MEETINGS: "ขั้นตอนที่ ๒ ส่งเมื่อยืนยันรายงานการประชุม ถอนคืนไม่ได้ (ขอให้สำนักฯ เปิดรายงานให้แก้ไข)",
}


class StepProgress(models.Model):
    """Where one group stands on one calendar step."""

    step = models.ForeignKey(CalendarStep, on_delete=models.CASCADE, related_name="progress")
    group = models.ForeignKey(DistrictGroup, on_delete=models.CASCADE, related_name="progress")
    status = models.CharField(
        _("สถานะ"), max_length=20, choices=ProgressStatus.choices, default=ProgressStatus.NOT_STARTED
    )
    submitted_at = models.DateTimeField(_("ส่งเมื่อ"), null=True, blank=True)
    # Lateness is judged on the first sending: a resubmission after a return is not "late" again.
    first_submitted_at = models.DateTimeField(_("ส่งครั้งแรกเมื่อ"), null=True, blank=True)
    acted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ผู้ดำเนินการล่าสุด"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    acted_at = models.DateTimeField(_("ดำเนินการล่าสุดเมื่อ"), null=True, blank=True)
    note = models.TextField(_("หมายเหตุ"), blank=True)
    # When the department first opened what was sent for review: from then on the group can no
    # longer withdraw it. Cleared by each new sending.
    review_opened_at = models.DateTimeField(_("สำนักฯ เปิดพิจารณาเมื่อ"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["step__number", "group__order"]
        verbose_name = _("ความคืบหน้าตามปฏิทิน")
        verbose_name_plural = _("ความคืบหน้าตามปฏิทิน")
        constraints = [models.UniqueConstraint(fields=["step", "group"], name="progress_once_per_step_group")]

    def __str__(self) -> str:
        return f"{self.group} – {self.step}: {self.get_status_display()}"


class Role(models.TextChoices):
    GROUP_STAFF = "group_staff", _("เจ้าหน้าที่กลุ่มเขต")
    GROUP_CHAIR = "group_chair", _("ประธานกลุ่มเขต")
    OFFICER = "officer", _("เจ้าหน้าที่สำนักยุทธศาสตร์และประเมินผล")
    EXECUTIVE = "executive", _("ผู้บริหาร")
    ADMIN = "admin", _("ผู้ดูแลระบบ")


GROUP_ROLES = (Role.GROUP_STAFF, Role.GROUP_CHAIR)


class UserProfile(models.Model):
    """A portal user's role and, for district-group roles, their group."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    role = models.CharField(_("บทบาท"), max_length=20, choices=Role.choices)
    group = models.ForeignKey(
        DistrictGroup,
        verbose_name=_("กลุ่มเขต"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="profiles",
    )
    position = models.CharField(_("ตำแหน่ง"), max_length=200, blank=True)
    phone = models.CharField(_("โทรศัพท์"), max_length=30, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ข้อมูลผู้ใช้")
        verbose_name_plural = _("ข้อมูลผู้ใช้")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(role__in=[r.value for r in GROUP_ROLES], group__isnull=False)
                    | (~Q(role__in=[r.value for r in GROUP_ROLES]) & Q(group__isnull=True))
                ),
                name="profile_group_iff_group_role",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class ReminderKind(models.TextChoices):
    BEFORE_DUE = "before_due", _("เตือนก่อนครบกำหนด")
    OVERDUE = "overdue", _("แจ้งเกินกำหนด")


class ReminderLog(models.Model):
    """A deadline reminder sent to one user, so it is never sent twice."""

    progress = models.ForeignKey(StepProgress, on_delete=models.CASCADE, related_name="reminders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=ReminderKind.choices)
    sent_at = StampField(auto_now_add=True)

    class Meta:
        verbose_name = _("บันทึกการแจ้งเตือน")
        verbose_name_plural = _("บันทึกการแจ้งเตือน")
        constraints = [
            models.UniqueConstraint(fields=["progress", "user", "kind"], name="reminder_once_per_user_kind")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.user} ({self.progress})"


class AuditEntry(models.Model):
    """Who did what to which object: written by every service, read by the department."""

    created_at = StampField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=100, db_index=True)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=300, blank=True)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("บันทึกการใช้งาน")
        verbose_name_plural = _("บันทึกการใช้งาน")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.object_repr}"
