"""Form P1: a group's projects for its key issue, their work steps, and the frozen submissions.

The live rows (P1Form → Project → WorkStep) are the group's editable working copy, so project
ids stay stable across versions and progress reports can point at a Project. Each submission
freezes the whole form as a JSON snapshot in P1Submission; later edits never change it.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bangkok_network.models import Cycle, DistrictGroup, PlanDimension
from bangkok_network.transitions import StateTable

BUDGET_MAX = Decimal("1000000000.00")  # one billion baht: far above any group project, below typos
TARGET_MAX = Decimal("999999999999.99")


class P1Status(models.TextChoices):
    DRAFT = "draft", _("ร่าง")
    SUBMITTED = "submitted", _("ส่งแล้ว รอพิจารณา")
    RETURNED = "returned", _("ส่งกลับแก้ไข")
    ACCEPTED = "accepted", _("รับแล้ว")
    WITHDRAWN = "withdrawn", _("ถอนคืนมาแก้ไข")


class Benefit(models.TextChoices):
    PHYSICAL = "physical", _("กายภาพ")
    ECONOMIC = "economic", _("เศรษฐกิจ")
    SOCIAL = "social", _("สังคม")


class P1Form(models.Model):
    """A group's form P1 for a cycle: one per group and cycle, edited in place between submissions."""

    cycle = models.ForeignKey(Cycle, verbose_name=_("รอบ"), on_delete=models.PROTECT, related_name="p1_forms")
    group = models.ForeignKey(
        DistrictGroup, verbose_name=_("กลุ่มเขต"), on_delete=models.PROTECT, related_name="p1_forms"
    )
    key_issue = models.ForeignKey(
        "meetings.KeyIssue",
        verbose_name=_("ประเด็นสำคัญ"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="p1_forms",
    )
    approach = models.TextField(_("แนวทางการแก้ไข"), blank=True)
    status = models.CharField(_("สถานะ"), max_length=20, choices=P1Status.choices, default=P1Status.DRAFT)
    # Number of the latest submission (0 until first sent).
    version = models.PositiveIntegerField(_("ฉบับที่"), default=0)
    # Bumped by every save of the working copy; a save that carries an older value is a conflict.
    lock_version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(_("แก้ไขล่าสุดเมื่อ"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("แก้ไขล่าสุดโดย"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["cycle", "group__order"]
        verbose_name = _("แบบ P1")
        verbose_name_plural = _("แบบ P1")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "group"], name="p1_form_once_per_group_cycle"),
        ]

    def __str__(self) -> str:
        return f"แบบ P1 {self.group} ({self.cycle})"

    def get_absolute_url(self) -> str:
        return reverse(
            "projects_p1:form_detail", kwargs={"fiscal_year": self.cycle.fiscal_year, "code": self.group.code}
        )

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def is_accepted(self) -> bool:
        return self.status == P1Status.ACCEPTED

    @property
    def is_returned(self) -> bool:
        return self.status == P1Status.RETURNED

    @property
    def is_awaiting_review(self) -> bool:
        return P1_TRANSITIONS.allows(self.status, P1Status.ACCEPTED)

    @property
    def state_key(self) -> str:
        """Return the dashboard state (partials/state.html colours) that matches the status."""
        return STATE_KEYS[self.status]


STATE_KEYS = {
    P1Status.DRAFT: "in_progress",
    P1Status.SUBMITTED: "submitted_on_time",
    P1Status.RETURNED: "returned",
    P1Status.ACCEPTED: "accepted",
    P1Status.WITHDRAWN: "in_progress",
}


# The fields of a project that the editor shows and the services save, in form order.
PROJECT_FIELDS = (
    "name",
    "objective",
    "target_quantity",
    "target_unit",
    "target_description",
    "budget",
    "funding_source",
    "start_date",
    "end_date",
    "alignment_note",
    "benefit",
    "benefit_note",
)


class Project(models.Model):
    """A project/activity (โครงการ/กิจกรรม) of a P1 form; its id is stable across versions."""

    form = models.ForeignKey(P1Form, on_delete=models.CASCADE, related_name="projects")
    order = models.PositiveSmallIntegerField(_("ลำดับ"), default=0)
    name = models.CharField(_("ชื่อโครงการ/กิจกรรม"), max_length=300, blank=True)
    objective = models.TextField(_("วัตถุประสงค์"), blank=True)
    target_quantity = models.DecimalField(
        _("เป้าหมาย (จำนวน)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(TARGET_MAX)],
    )
    target_unit = models.CharField(_("หน่วยนับ"), max_length=50, blank=True)
    target_description = models.TextField(_("รายละเอียดเป้าหมาย"), blank=True)
    budget = models.DecimalField(
        _("งบประมาณ (บาท)"),
        max_digits=14,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(BUDGET_MAX)],
    )
    funding_source = models.CharField(_("แหล่งงบประมาณ"), max_length=200, blank=True)
    start_date = models.DateField(_("วันเริ่ม"), null=True, blank=True)
    end_date = models.DateField(_("วันสิ้นสุด"), null=True, blank=True)
    plan_dimensions = models.ManyToManyField(
        PlanDimension,
        verbose_name=_("ความสอดคล้องกับแผนพัฒนากรุงเทพมหานคร ๒๐ ปี"),
        blank=True,
        related_name="p1_projects",
    )
    alignment_note = models.TextField(_("ความสอดคล้องกับแผนระดับ กทม. (เพิ่มเติม)"), blank=True)
    benefit = models.CharField(_("ประโยชน์ต่อประชาชน"), max_length=20, choices=Benefit.choices, blank=True)
    benefit_note = models.TextField(_("รายละเอียดประโยชน์"), blank=True)

    class Meta:
        ordering = ["form", "order", "pk"]
        verbose_name = _("โครงการ/กิจกรรม")
        verbose_name_plural = _("โครงการ/กิจกรรม")
        constraints = [
            models.CheckConstraint(
                condition=Q(budget__gte=0) & Q(budget__lte=BUDGET_MAX), name="p1_project_budget_in_range"
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(start_date__lte=models.F("end_date")),
                name="p1_project_start_not_after_end",
            ),
        ]

    def __str__(self) -> str:
        return self.name or f"โครงการ #{self.pk}"


class WorkStep(models.Model):
    """A work step (ขั้นตอนการปฏิบัติงาน) of a project, with its dates."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("ลำดับ"), default=0)
    title = models.CharField(_("ขั้นตอนการปฏิบัติงาน"), max_length=300, blank=True)
    start_date = models.DateField(_("วันเริ่ม"), null=True, blank=True)
    end_date = models.DateField(_("วันสิ้นสุด"), null=True, blank=True)

    class Meta:
        ordering = ["project", "order", "pk"]
        verbose_name = _("ขั้นตอนการปฏิบัติงาน")
        verbose_name_plural = _("ขั้นตอนการปฏิบัติงาน")
        constraints = [
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(start_date__lte=models.F("end_date")),
                name="p1_step_start_not_after_end",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class P1Submission(models.Model):
    """One sending of a P1 form, frozen: the snapshot never changes after it is written."""

    form = models.ForeignKey(P1Form, on_delete=models.CASCADE, related_name="submissions")
    version = models.PositiveIntegerField(_("ฉบับที่"))
    snapshot = models.JSONField(_("ข้อมูลที่ส่ง"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ผู้ส่ง"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("ส่งเมื่อ"))
    is_late = models.BooleanField(_("ส่งล่าช้า"), default=False)
    status = models.CharField(
        _("ผลการพิจารณา"), max_length=20, choices=P1Status.choices, default=P1Status.SUBMITTED
    )
    comments = models.TextField(_("ความเห็นของสำนักยุทธศาสตร์และประเมินผล"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ผู้พิจารณา"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("พิจารณาเมื่อ"), null=True, blank=True)
    # When the department first opened this version for review: from then on the group can no
    # longer withdraw it (the department may already be reading it).
    review_opened_at = models.DateTimeField(_("สำนักฯ เปิดพิจารณาเมื่อ"), null=True, blank=True)
    review_opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ผู้เปิดพิจารณา"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["form", "version"]
        verbose_name = _("ฉบับที่ส่งของแบบ P1")
        verbose_name_plural = _("ฉบับที่ส่งของแบบ P1")
        constraints = [
            models.UniqueConstraint(fields=["form", "version"], name="p1_submission_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.form} ฉบับที่ {self.version}"

    def get_absolute_url(self) -> str:
        return reverse(
            "projects_p1:submission_detail",
            kwargs={
                "fiscal_year": self.form.cycle.fiscal_year,
                "code": self.form.group.code,
                "version": self.version,
            },
        )


class P1Transition(models.Model):
    """The history of a form: every save, submission, return and acceptance, with who and when."""

    class Action(models.TextChoices):
        CREATE = "create", _("สร้างแบบ")
        SAVE = "save", _("บันทึกร่าง")
        SUBMIT = "submit", _("ส่งแบบ")
        RETURN = "return", _("ส่งกลับแก้ไข")
        ACCEPT = "accept", _("รับแบบ")
        WITHDRAW = "withdraw", _("ถอนคืนมาแก้ไข")
        REOPEN = "reopen", _("เปิดให้แก้ไขหลังรับแล้ว")

    form = models.ForeignKey(P1Form, on_delete=models.CASCADE, related_name="transitions")
    submission = models.ForeignKey(
        P1Submission, on_delete=models.SET_NULL, null=True, blank=True, related_name="transitions"
    )
    action = models.CharField(_("การดำเนินการ"), max_length=20, choices=Action.choices)
    from_status = models.CharField(_("จากสถานะ"), max_length=20, choices=P1Status.choices, blank=True)
    to_status = models.CharField(_("เป็นสถานะ"), max_length=20, choices=P1Status.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ผู้ดำเนินการ"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    at = models.DateTimeField(_("เมื่อ"))
    comment = models.TextField(_("ความเห็น"), blank=True)

    class Meta:
        ordering = ["form", "at", "pk"]
        verbose_name = _("ประวัติแบบ P1")
        verbose_name_plural = _("ประวัติแบบ P1")

    def __str__(self) -> str:
        return f"{self.form}: {self.get_action_display()}"


# How a form moves, by the names its history records: the group sends it (a new frozen version),
# the department returns it for revision or accepts it; a returned form is edited and sent again.
# The group may withdraw a sent version until the department opens it for review (the service
# checks the opening); the department may reopen an accepted form, with a reason, which returns it.
# A form is edited only where its next move is sending it.
P1_TRANSITIONS = StateTable.by_action(
    P1Status,
    {
        P1Transition.Action.SUBMIT: (
            {P1Status.DRAFT, P1Status.RETURNED, P1Status.WITHDRAWN},
            P1Status.SUBMITTED,
        ),
        P1Transition.Action.RETURN: ({P1Status.SUBMITTED}, P1Status.RETURNED),
        P1Transition.Action.ACCEPT: ({P1Status.SUBMITTED}, P1Status.ACCEPTED),
        P1Transition.Action.WITHDRAW: ({P1Status.SUBMITTED}, P1Status.WITHDRAWN),
        P1Transition.Action.REOPEN: ({P1Status.ACCEPTED}, P1Status.RETURNED),
    },
)
EDITABLE_STATUSES = P1_TRANSITIONS.actions[P1Transition.Action.SUBMIT][0]
