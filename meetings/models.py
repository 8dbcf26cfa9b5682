"""Network meetings (step 2): minutes with the five agenda items, attendance from the registry,
the key issues (ประเด็นสำคัญ) a meeting sets, and the signed scan of its minutes.
"""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bangkok_network.clock import StampField
from bangkok_network.models import Cycle, District, DistrictGroup
from bangkok_network.transitions import StateTable

# The five items of Thai official minutes, in order (ระเบียบสำนักนายกรัฐมนตรีว่าด้วยงานสารบรรณ).
AGENDA_HEADINGS = {
    1: _("เรื่องที่ประธานแจ้งให้ที่ประชุมทราบ"),
    2: _("รับรองรายงานการประชุม"),
    3: _("เรื่องสืบเนื่อง"),
    4: _("เรื่องเพื่อพิจารณา"),
    5: _("เรื่องอื่น ๆ"),
}


class MeetingStatus(models.TextChoices):
    DRAFT = "draft", _("ร่าง")
    FINAL = "final", _("ยืนยันรายงานแล้ว")


# Minutes are written as a draft and confirmed once complete (that sends step 2); confirmed
# minutes no longer change. Certifying them (รับรอง) is another meeting's act: agenda item 2 of
# the group's next meeting (Meeting.certifies).
MEETING_TRANSITIONS = StateTable(
    MeetingStatus,
    {
        MeetingStatus.DRAFT: {MeetingStatus.FINAL},
        # The department may reopen final minutes for a correction (meetings.services.meeting_reopen).
        MeetingStatus.FINAL: {MeetingStatus.DRAFT},
    },
)


class Dimension(models.TextChoices):
    """The benefit a key issue (and the projects answering it) aims at, as the memo names them."""

    PHYSICAL = "physical", _("กายภาพ")
    ECONOMIC = "economic", _("เศรษฐกิจ")
    SOCIAL = "social", _("สังคม")


class Priority(models.IntegerChoices):
    HIGH = 1, _("สูง")
    MEDIUM = 2, _("ปานกลาง")
    LOW = 3, _("ต่ำ")


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("มาประชุม")
    ABSENT = "absent", _("ไม่มาประชุม")
    LEAVE = "leave", _("ลาประชุม")


# Statuses that need no reason: a member who came, or one who took leave (the reason is optional).
STATUSES_WITHOUT_REASON = (AttendanceStatus.PRESENT, AttendanceStatus.LEAVE)


class AttendeeKind(models.TextChoices):
    MEMBER = "member", _("สมาชิกเครือข่าย")
    GUEST = "guest", _("ผู้เข้าร่วมประชุม")
    OFFICIAL = "official", _("เจ้าหน้าที่/ข้าราชการ")


# What the minute taker writes about a meeting (its form, its create and update services).
MEETING_FIELDS = (
    "number",
    "year",
    "title",
    "date",
    "start_time",
    "end_time",
    "venue",
    "online_url",
    "chair_name",
    "secretary_name",
    "minute_taker",
    "reviewer",
)


def scan_upload_to(instance: Meeting, filename: str) -> str:
    # A random name: the user's file name never reaches the disk, and paths cannot be guessed.
    suffix = PurePosixPath(filename).suffix.lower()[:6]
    return f"meetings/scans/{instance.group_id}/{uuid.uuid4().hex}{suffix}"


class Meeting(models.Model):
    """A meeting of a group's civil-society network, with its minutes."""

    cycle = models.ForeignKey(Cycle, verbose_name=_("รอบ"), on_delete=models.CASCADE, related_name="meetings")
    group = models.ForeignKey(
        DistrictGroup, verbose_name=_("กลุ่มเขต"), on_delete=models.PROTECT, related_name="meetings"
    )
    number = models.PositiveSmallIntegerField(_("ครั้งที่"))
    year = models.PositiveSmallIntegerField(_("ปี (พ.ศ.)"), help_text=_("ปีในเลขครั้งที่ เช่น 1/2564"))
    title = models.CharField(
        _("ชื่อการประชุม"),
        max_length=300,
        default="เครือข่ายประชาสังคมกลุ่มการปฏิบัติงานของสำนักงานเขต",
    )
    date = models.DateField(_("วันที่ประชุม"))
    start_time = models.TimeField(_("เริ่มประชุมเวลา"))
    end_time = models.TimeField(_("เลิกประชุมเวลา"), null=True, blank=True)
    venue = models.CharField(_("สถานที่ (ณ)"), max_length=300, blank=True)
    online_url = models.URLField(_("ลิงก์ประชุมออนไลน์"), max_length=500, blank=True)
    chair_name = models.CharField(_("ประธานการประชุม"), max_length=200)
    secretary_name = models.CharField(_("เลขานุการการประชุม"), max_length=200, blank=True)
    minute_taker = models.CharField(_("ผู้จดรายงานการประชุม"), max_length=200, blank=True)
    reviewer = models.CharField(_("ผู้ตรวจรายงานการประชุม"), max_length=200, blank=True)
    status = models.CharField(
        _("สถานะรายงาน"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.DRAFT
    )
    finalised_at = models.DateTimeField(_("รับรองเมื่อ"), null=True, blank=True)
    signed_scan = models.FileField(_("รายงานการประชุมที่ลงนามแล้ว"), upload_to=scan_upload_to, blank=True)
    signed_scan_type = models.CharField(max_length=50, blank=True, editable=False)
    signed_scan_uploaded_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Agenda item 2 (รับรองรายงานการประชุม): this meeting certifies the group's previous minutes,
    # with the amendments it made to them (blank: certified as written). Recorded on the certifying
    # meeting, so the certified meeting's row (perhaps of a closed cycle) is never written again.
    # Written only by the service minutes_certify (its own form), never by a model form or the admin.
    certifies = models.OneToOneField(
        "self",
        verbose_name=_("รับรองรายงานการประชุมครั้ง"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certified_by",
        editable=False,
    )
    certification_amendments = models.TextField(_("การแก้ไขรายงานการประชุมครั้งก่อน"), blank=True, editable=False)
    # The sign-in sheet (บัญชีลงชื่อ) printed from the portal, signed at the meeting and scanned.
    sign_in_scan = models.FileField(_("บัญชีลงชื่อที่ลงนามแล้ว"), upload_to=scan_upload_to, blank=True)
    sign_in_scan_type = models.CharField(max_length=50, blank=True, editable=False)
    sign_in_scan_uploaded_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = StampField(auto_now_add=True)
    updated_at = StampField(auto_now=True)

    class Meta:
        ordering = ["cycle", "group", "date", "number"]
        verbose_name = _("การประชุมเครือข่าย")
        verbose_name_plural = _("การประชุมเครือข่าย")
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "group", "year", "number"], name="meeting_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(end_time__isnull=True) | Q(end_time__gt=models.F("start_time")),
                name="meeting_ends_after_start",
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="meeting_number_positive"),
            models.CheckConstraint(
                condition=Q(certifies__isnull=True) | ~Q(certifies=models.F("pk")),
                name="meeting_does_not_certify_itself",
            ),
            models.CheckConstraint(
                condition=Q(certifies__isnull=False) | Q(certification_amendments=""),
                name="meeting_amendments_need_certification",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group} ครั้งที่ {self.number}/{self.year}"

    def get_absolute_url(self) -> str:
        return reverse("meetings:meeting_detail", kwargs={"pk": self.pk})

    @property
    def number_label(self) -> str:
        return f"{self.number}/{self.year}"

    @property
    def is_final(self) -> bool:
        return self.status == MeetingStatus.FINAL

    @property
    def certifying_meeting(self) -> Meeting | None:
        """Return the meeting whose agenda item 2 certified these minutes, or None."""
        try:
            return self.certified_by
        except Meeting.DoesNotExist:
            return None

    @property
    def is_certified(self) -> bool:
        return self.certifying_meeting is not None

    @property
    def has_amendments(self) -> bool:
        """Tell whether this meeting amended the minutes it certified."""
        return bool(self.certification_amendments.strip())


class AgendaItem(models.Model):
    """One of the five agenda items (ระเบียบวาระที่ ๑–๕): what was said and what was resolved."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    number = models.PositiveSmallIntegerField(
        _("ระเบียบวาระที่"), choices=[(k, v) for k, v in AGENDA_HEADINGS.items()]
    )
    topic = models.CharField(_("เรื่อง"), max_length=300, blank=True)
    discussion = models.TextField(_("สาระสำคัญ"), blank=True)
    resolution = models.TextField(_("มติที่ประชุม"), blank=True)

    class Meta:
        ordering = ["meeting", "number"]
        verbose_name = _("ระเบียบวาระ")
        verbose_name_plural = _("ระเบียบวาระ")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="agenda_item_once_per_meeting"),
            models.CheckConstraint(
                condition=Q(number__gte=1, number__lte=5), name="agenda_item_number_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"ระเบียบวาระที่ {self.number} {self.heading}"

    @property
    def heading(self) -> str:
        return str(AGENDA_HEADINGS[self.number])


class Attendance(models.Model):
    """Who was at a meeting: a registry member (present, or absent with a reason), or a guest."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    kind = models.CharField(
        _("ประเภทผู้ประชุม"), max_length=10, choices=AttendeeKind.choices, default=AttendeeKind.MEMBER
    )
    # PROTECT: an erased member keeps its (anonymised) row, so attendance keeps counting.
    member = models.ForeignKey(
        "registry.Member",
        verbose_name=_("สมาชิก"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="attendances",
    )
    guest_name = models.CharField(_("ชื่อผู้เข้าร่วม"), max_length=200, blank=True)
    position = models.CharField(_("ตำแหน่ง/หน่วยงาน"), max_length=200, blank=True)
    status = models.CharField(
        _("การมาประชุม"), max_length=10, choices=AttendanceStatus.choices, default=AttendanceStatus.PRESENT
    )
    absence_reason = models.CharField(_("เหตุที่ไม่มาประชุม"), max_length=300, blank=True)

    class Meta:
        ordering = ["meeting", "kind", "pk"]
        verbose_name = _("ผู้ประชุม")
        verbose_name_plural = _("ผู้ประชุม")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "member"], condition=Q(member__isnull=False), name="attendance_member_once"
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind=AttendeeKind.MEMBER, member__isnull=False)
                    | (~Q(kind=AttendeeKind.MEMBER) & Q(member__isnull=True) & Q(guest_name__gt=""))
                ),
                name="attendance_member_or_named_guest",
            ),
            models.CheckConstraint(
                condition=Q(status__in=STATUSES_WITHOUT_REASON) | Q(absence_reason__gt=""),
                name="attendance_absence_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_status_display()})"

    @property
    def name(self) -> str:
        """Return the name to show: the member's (anonymised once erased) or the guest's."""
        return self.member.display_name if self.member_id else self.guest_name

    @property
    def is_present(self) -> bool:
        return self.status == AttendanceStatus.PRESENT

    @property
    def absence_note(self) -> str:
        """Return what the minutes write beside an absent member: the reason, or that they took leave."""
        if self.status == AttendanceStatus.LEAVE:
            return f"ลาประชุม ({self.absence_reason})" if self.absence_reason else "ลาประชุม"
        return self.absence_reason


class KeyIssue(models.Model):
    """A key issue for the area's development (ประเด็นสำคัญ) set by a meeting; P1 forms answer it."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("การประชุม"), on_delete=models.PROTECT, related_name="key_issues"
    )
    # Copied from the meeting so other apps filter issues without a join.
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="key_issues")
    group = models.ForeignKey(DistrictGroup, on_delete=models.PROTECT, related_name="key_issues")
    title = models.CharField(_("ประเด็นสำคัญ"), max_length=300)
    problem = models.TextField(_("สภาพปัญหา"))
    affected = models.TextField(_("ผู้ได้รับผลกระทบ"), blank=True)
    districts = models.ManyToManyField(
        District, verbose_name=_("พื้นที่ (เขต)"), related_name="key_issues", blank=True
    )
    dimension = models.CharField(_("ด้าน"), max_length=10, choices=Dimension.choices)
    priority = models.PositiveSmallIntegerField(
        _("ความสำคัญ"), choices=Priority.choices, default=Priority.MEDIUM
    )
    created_at = StampField(auto_now_add=True)

    class Meta:
        ordering = ["cycle", "group", "priority", "pk"]
        verbose_name = _("ประเด็นสำคัญ")
        verbose_name_plural = _("ประเด็นสำคัญ")

    def __str__(self) -> str:
        return self.title
