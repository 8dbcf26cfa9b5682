"""The civil-society registry: district community registries (imported) and each group's members.

A district's community registry (ทะเบียนบัญชีประชาคมเขต) is imported per district and fiscal year
and stays the district's record. A group's registry (ทะเบียนบัญชีประชาสังคม) for a cycle is made of
Members, chosen from those rows or added from other networks; each Member keeps its source.
Personal data (phone, e-mail, address, ID number) lives only on these two models; erasure blanks it
in place so rows that meetings point at (attendance) keep counting.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from bangkok_network.clock import StampField
from bangkok_network.models import Cycle, District, DistrictGroup


class MemberKind(models.TextChoices):
    PERSON = "person", _("บุคคล")
    ORGANISATION = "organisation", _("องค์กร/กลุ่มชุมชน")


class MemberSource(models.TextChoices):
    COMMUNITY = "community", _("ทะเบียนบัญชีประชาคมเขต")
    OTHER_NETWORK = "other_network", _("เครือข่ายประชาสังคมอื่นในพื้นที่")


class PersonFields(models.Model):
    """What a community row and a member share: who they are, where, how to reach them."""

    kind = models.CharField(_("ประเภท"), max_length=20, choices=MemberKind.choices, default=MemberKind.PERSON)
    prefix = models.CharField(_("คำนำหน้า"), max_length=50, blank=True)
    first_name = models.CharField(_("ชื่อ"), max_length=150, blank=True)
    last_name = models.CharField(_("นามสกุล"), max_length=150, blank=True)
    # An organisation's own name; on a person, the organisation they represent or belong to.
    organisation_name = models.CharField(
        _("ชื่อองค์กร/กลุ่มชุมชน"),
        max_length=300,
        blank=True,
        help_text=_("สำหรับบุคคล: องค์กรหรือกลุ่มที่สังกัดหรือเป็นผู้แทน"),
    )
    interest = models.CharField(_("ด้านที่สนใจ"), max_length=200, blank=True)
    subdistrict = models.CharField(_("แขวง"), max_length=100, blank=True)
    # Personal data: shown only to the member's own group and the department.
    phone = models.CharField(_("โทรศัพท์"), max_length=50, blank=True)
    email = models.EmailField(_("อีเมล"), blank=True)
    address = models.TextField(_("ที่อยู่"), blank=True)
    national_id = models.CharField(_("เลขประจำตัวประชาชน"), max_length=13, blank=True)
    # Derived on write by the services (registry.text): folded name + phone digits for search,
    # a Thai collation key for ordering, and the keys duplicate checks compare.
    search_key = models.CharField(max_length=600, blank=True, editable=False)
    sort_key = models.CharField(max_length=400, blank=True, editable=False)
    name_key = models.CharField(max_length=400, blank=True, editable=False, db_index=True)
    phone_key = models.CharField(max_length=20, blank=True, editable=False, db_index=True)
    is_erased = models.BooleanField(_("ลบข้อมูลส่วนบุคคลแล้ว"), default=False)
    erased_at = models.DateTimeField(_("ลบข้อมูลเมื่อ"), null=True, blank=True)

    PERSONAL_FIELDS = ("phone", "email", "address", "national_id")

    class Meta:
        abstract = True

    @property
    def person_name(self) -> str:
        return f"{self.prefix}{self.first_name} {self.last_name}".strip()

    @property
    def is_organisation(self) -> bool:
        return self.kind == MemberKind.ORGANISATION

    @property
    def affiliation(self) -> str:
        """The organisation a person represents or belongs to (an organisation has none)."""
        if self.is_erased or self.is_organisation:
            return ""
        return self.organisation_name

    @property
    def display_name(self) -> str:
        if self.is_erased:
            return f"สมาชิกที่ลบข้อมูลแล้ว #{self.pk}"
        if self.is_organisation:
            return self.organisation_name
        return self.person_name


class ImportMode(models.TextChoices):
    """What a re-import does with a person already in the district's registry (as CiviCRM does)."""

    SKIP = "skip", _("ข้ามคนที่มีอยู่แล้ว")
    UPDATE = "update", _("ปรับปรุงข้อมูลของคนที่มีอยู่แล้วจากไฟล์")
    FILL = "fill", _("เติมเฉพาะช่องที่ยังว่างของคนที่มีอยู่แล้ว")


class CommunityImport(models.Model):
    """One upload of a district's community registry: its preview, then its confirmed result."""

    class Status(models.TextChoices):
        PREVIEW = "preview", _("รอยืนยัน")
        CONFIRMED = "confirmed", _("นำเข้าแล้ว")
        CANCELLED = "cancelled", _("ยกเลิก")

    district = models.ForeignKey(District, verbose_name=_("เขต"), on_delete=models.PROTECT, related_name="+")
    fiscal_year = models.PositiveSmallIntegerField(_("ปีงบประมาณ (พ.ศ.)"))
    filename = models.CharField(_("ชื่อไฟล์"), max_length=255)
    file_format = models.CharField(_("ชนิดไฟล์"), max_length=10, blank=True)
    status = models.CharField(_("สถานะ"), max_length=20, choices=Status.choices, default=Status.PREVIEW)
    mode = models.CharField(
        _("เมื่อพบคนที่มีอยู่แล้ว"), max_length=10, choices=ImportMode.choices, default=ImportMode.SKIP
    )
    # Parsed rows kept between preview and confirmation; the good ones are cleared once imported.
    rows = models.JSONField(default=list, blank=True)
    rejected = models.JSONField(default=list, blank=True)
    headers = models.JSONField(default=list, blank=True)
    # Each sheet read: its header rows, the label and field of every column, its แขวง.
    sheets = models.JSONField(default=list, blank=True)
    # Columns a person mapped by hand for this upload: folded header label → field ("" = not imported).
    mapping = models.JSONField(default=dict, blank=True)
    # The uploaded file, kept only while the preview waits (to read it again with a fixed mapping).
    source_file = models.BinaryField(null=True, blank=True, editable=False)
    imported_count = models.PositiveIntegerField(_("นำเข้า"), default=0)
    updated_count = models.PositiveIntegerField(_("ปรับปรุง"), default=0)
    possible_count = models.PositiveIntegerField(_("อาจซ้ำ (นำเข้าแล้วรอตรวจ)"), default=0)
    duplicate_count = models.PositiveIntegerField(_("ซ้ำ"), default=0)
    rejected_count = models.PositiveIntegerField(_("ไม่ผ่าน"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = StampField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("การนำเข้าทะเบียนบัญชีประชาคมเขต")
        verbose_name_plural = _("การนำเข้าทะเบียนบัญชีประชาคมเขต")

    def __str__(self) -> str:
        return f"{self.district} {self.fiscal_year}: {self.filename}"

    def get_absolute_url(self) -> str:
        return reverse("registry:import_preview", kwargs={"pk": self.pk})

    @property
    def is_preview(self) -> bool:
        """Tell whether the upload still waits for the user's confirmation (it can be changed)."""
        return self.status == self.Status.PREVIEW

    @property
    def updates_existing(self) -> bool:
        """Tell whether the import changes people already in the registry (update or fill mode)."""
        return self.mode != ImportMode.SKIP


class ColumnMapping(models.Model):
    """A district's header layout, remembered from its last import and offered on the next one."""

    district = models.OneToOneField(
        District, verbose_name=_("เขต"), on_delete=models.CASCADE, related_name="column_mapping"
    )
    # Folded header label → field ("" = a column the district's people chose not to import).
    columns = models.JSONField(default=dict, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("การจับคู่คอลัมน์ของเขต")
        verbose_name_plural = _("การจับคู่คอลัมน์ของเขต")

    def __str__(self) -> str:
        return str(self.district)


class CommunityMember(PersonFields):
    """A row of a district's community registry (ทะเบียนบัญชีประชาคมเขต) for a fiscal year."""

    district = models.ForeignKey(
        District, verbose_name=_("เขต"), on_delete=models.PROTECT, related_name="community_members"
    )
    fiscal_year = models.PositiveSmallIntegerField(_("ปีงบประมาณ (พ.ศ.)"), db_index=True)
    occupation = models.CharField(_("อาชีพ"), max_length=200, blank=True)
    position = models.CharField(_("ตำแหน่ง/บทบาทในชุมชน"), max_length=200, blank=True)
    community = models.CharField(_("ชุมชน"), max_length=200, blank=True)
    registered_on = models.DateField(_("วันที่ขึ้นทะเบียน"), null=True, blank=True)
    source_import = models.ForeignKey(
        CommunityImport, on_delete=models.SET_NULL, null=True, blank=True, related_name="members"
    )
    source_row = models.PositiveIntegerField(_("แถวในไฟล์"), null=True, blank=True)
    created_at = StampField(auto_now_add=True)

    class Meta:
        ordering = ["district", "sort_key", "pk"]
        verbose_name = _("สมาชิกทะเบียนบัญชีประชาคมเขต")
        verbose_name_plural = _("ทะเบียนบัญชีประชาคมเขต")
        indexes = [
            models.Index(fields=["district", "fiscal_year", "sort_key"], name="community_list_idx"),
            # Thai order across a group's districts stops after one page; interests for the filter.
            models.Index(fields=["fiscal_year", "sort_key"], name="community_order_idx"),
            models.Index(fields=["district", "fiscal_year", "interest"], name="community_interest_idx"),
        ]

    def __str__(self) -> str:
        return self.display_name


class Member(PersonFields):
    """A member of a group's civil-society registry (ทะเบียนบัญชีประชาสังคม) for a cycle."""

    cycle = models.ForeignKey(Cycle, verbose_name=_("รอบ"), on_delete=models.CASCADE, related_name="members")
    group = models.ForeignKey(
        DistrictGroup, verbose_name=_("กลุ่มเขต"), on_delete=models.PROTECT, related_name="members"
    )
    district = models.ForeignKey(
        District, verbose_name=_("เขต"), on_delete=models.PROTECT, related_name="members"
    )
    network_role = models.CharField(_("บทบาทในเครือข่าย"), max_length=200, blank=True)
    is_active = models.BooleanField(_("ยังปฏิบัติงาน"), default=True)
    source = models.CharField(
        _("ที่มา"), max_length=20, choices=MemberSource.choices, default=MemberSource.OTHER_NETWORK
    )
    source_community_member = models.ForeignKey(
        CommunityMember,
        verbose_name=_("จากทะเบียนบัญชีประชาคมเขต"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="group_members",
    )
    source_network = models.CharField(_("ชื่อเครือข่ายที่มา"), max_length=200, blank=True)
    has_consent = models.BooleanField(_("ให้ความยินยอม"), default=False)
    consent_date = models.DateField(_("วันที่ให้ความยินยอม"), null=True, blank=True)
    possible_duplicate_of = models.ForeignKey(
        "self", verbose_name=_("อาจซ้ำกับ"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = StampField(auto_now_add=True)
    updated_at = StampField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["search_key", "sort_key", "name_key", "phone_key"])

    class Meta:
        ordering = ["sort_key", "pk"]
        verbose_name = _("สมาชิกทะเบียนบัญชีประชาสังคม")
        verbose_name_plural = _("ทะเบียนบัญชีประชาสังคม")
        indexes = [
            models.Index(fields=["cycle", "group", "sort_key"], name="member_list_idx"),
            models.Index(fields=["cycle", "group", "interest"], name="member_interest_idx"),
            # The list's totals (active, persons, organisations…) read from this index alone.
            models.Index(
                fields=["cycle", "group", "kind", "is_active", "is_erased", "source"],
                name="member_totals_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "group", "source_community_member"],
                condition=Q(source_community_member__isnull=False),
                name="member_community_row_once_per_group",
            ),
            models.CheckConstraint(
                condition=Q(is_erased=True)
                | Q(kind=MemberKind.PERSON, first_name__gt="")
                | Q(kind=MemberKind.ORGANISATION, organisation_name__gt=""),
                name="member_has_a_name",
            ),
            models.CheckConstraint(
                condition=Q(has_consent=False) | Q(consent_date__isnull=False),
                name="member_consent_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return reverse("registry:member_detail", kwargs={"pk": self.pk})
