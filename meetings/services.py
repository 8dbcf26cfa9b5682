"""Writes of the meetings app: record a meeting and its minutes, attendance, key issues, the scan.

Every function runs in a transaction, validates, writes an audit entry and returns the instance.
Rules a user can break raise MeetingError with a Thai message.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

import filetype
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from bangkok_network import clock
from bangkok_network.audit import audit_log
from bangkok_network.errors import PortalError
from bangkok_network.models import Cycle, District, DistrictGroup, ProgressStatus, StepKind
from bangkok_network.permissions import is_department
from bangkok_network.selectors import districts_of_group, progress_get
from bangkok_network.services import cycle_check_open, progress_set
from bangkok_network.thai import be_date
from meetings.models import (
    AGENDA_HEADINGS,
    MEETING_FIELDS,
    MEETING_TRANSITIONS,
    AgendaItem,
    Attendance,
    AttendanceStatus,
    AttendeeKind,
    KeyIssue,
    Meeting,
    MeetingStatus,
)

# The two signed papers a meeting keeps: its minutes and its sign-in sheet (field prefix, audit name).
SCANS = {
    "minutes": ("signed_scan", "meeting.scan_upload"),
    "sign_in": ("sign_in_scan", "meeting.sign_in_upload"),
}

KEY_ISSUE_FIELDS = ("title", "problem", "affected", "dimension", "priority")
SCAN_MAX_BYTES = 10 * 1024 * 1024
SCAN_TYPES = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}


class MeetingError(PortalError):
    """A rule of the meetings step was broken; the message is Thai and is shown to the user."""


@dataclass(frozen=True)
class AgendaEntry:
    number: int
    topic: str = ""
    discussion: str = ""
    resolution: str = ""


@dataclass(frozen=True)
class AttendanceEntry:
    member_id: int
    status: str
    absence_reason: str = ""


def _validate(instance, exclude: Iterable[str] = ()) -> None:
    try:
        instance.full_clean(exclude=list(exclude))
    except ValidationError as exc:
        raise MeetingError.from_validation(exc) from exc


def _ensure_editable(meeting: Meeting) -> None:
    if meeting.is_final:
        raise MeetingError("รายงานการประชุมนี้ยืนยันแล้ว แก้ไขไม่ได้")


def _lock(meeting: Meeting) -> Meeting:
    """Lock the meeting's row until the transaction ends and reload it in place, as it is now.

    Finalising and every change to a meeting take this lock first: a change cannot slip in
    between finalising's checks and its write, nor land on minutes finalised meanwhile (the
    instance a page loaded earlier may still say "draft").
    """
    try:
        meeting.refresh_from_db(from_queryset=Meeting.objects.select_for_update())
    except Meeting.DoesNotExist as exc:
        raise MeetingError("ไม่พบการประชุมนี้ (อาจถูกลบไปแล้ว)") from exc
    cycle_check_open(meeting.cycle, error=MeetingError)
    return meeting


def _lock_editable(meeting: Meeting) -> Meeting:
    locked = _lock(meeting)
    _ensure_editable(locked)
    return locked


def _clash_message(meeting: Meeting) -> str:
    return f"มีการประชุมครั้งที่ {meeting.number}/{meeting.year} ของกลุ่มนี้อยู่แล้ว"


def _save_meeting(meeting: Meeting, **kwargs) -> None:
    # The checks above run under a lock; the database's unique number is the last word all the same.
    try:
        with transaction.atomic():
            meeting.save(**kwargs)
    except IntegrityError as exc:
        if "meeting_number_unique" in str(exc):
            raise MeetingError(_clash_message(meeting)) from exc
        raise


def _check_meeting_rules(meeting: Meeting) -> None:
    cycle = meeting.cycle
    if meeting.date and not cycle.start_date <= meeting.date <= cycle.end_date:
        raise MeetingError(
            f"วันที่ประชุมต้องอยู่ในปีงบประมาณ {cycle.fiscal_year} "
            f"({be_date(cycle.start_date)} – {be_date(cycle.end_date)})"
        )
    if meeting.end_time and meeting.start_time and meeting.end_time <= meeting.start_time:
        raise MeetingError("เวลาเลิกประชุมต้องอยู่หลังเวลาเริ่มประชุม")
    if not meeting.venue.strip() and not meeting.online_url.strip():
        raise MeetingError("กรุณาระบุสถานที่ประชุม หรือลิงก์ประชุมออนไลน์")
    clash = Meeting.objects.filter(
        cycle=meeting.cycle, group=meeting.group, year=meeting.year, number=meeting.number
    ).exclude(pk=meeting.pk)
    if clash.exists():
        raise MeetingError(_clash_message(meeting))


def meeting_next_number(*, cycle: Cycle, group: DistrictGroup, year: int) -> int:
    last = (
        Meeting.objects.filter(cycle=cycle, group=group, year=year)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    return (last or 0) + 1


@transaction.atomic
def meeting_create(
    *, cycle: Cycle, group: DistrictGroup, user, agenda: Sequence[AgendaEntry] = (), **fields
) -> Meeting:
    """Record a meeting with its five agenda items; the group's step 2 becomes in progress.

    Meetings of a group are created one at a time (a lock on the group's row), so two people
    saving at once get consecutive numbers, or a Thai message when both chose the same one.
    """
    cycle_check_open(cycle, error=MeetingError)
    DistrictGroup.objects.select_for_update().filter(pk=group.pk).first()
    fields.setdefault("year", cycle.fiscal_year)
    if not fields.get("number"):
        fields["number"] = meeting_next_number(cycle=cycle, group=group, year=fields["year"])
    meeting = Meeting(
        cycle=cycle,
        group=group,
        created_by=user if user and user.is_authenticated else None,
        **{k: v for k, v in fields.items() if k in MEETING_FIELDS},
    )
    _check_meeting_rules(meeting)
    _validate(meeting)
    _save_meeting(meeting)
    given = {entry.number: entry for entry in agenda}
    AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=meeting,
            number=number,
            topic=given[number].topic if number in given else "",
            discussion=given[number].discussion if number in given else "",
            resolution=given[number].resolution if number in given else "",
        )
        for number in AGENDA_HEADINGS
    )
    progress_set(
        cycle=cycle, group=group, kind=StepKind.MEETINGS, status=ProgressStatus.IN_PROGRESS, user=user
    )
    audit_log(actor=user, action="meeting.create", obj=meeting)
    return meeting


@transaction.atomic
def meeting_update(*, meeting: Meeting, user, agenda: Sequence[AgendaEntry] = (), **fields) -> Meeting:
    """Change a draft meeting's details and its minutes (what was said and resolved per item)."""
    meeting = _lock_editable(meeting)
    changed = [name for name in MEETING_FIELDS if name in fields and getattr(meeting, name) != fields[name]]
    for name in changed:
        setattr(meeting, name, fields[name])
    _check_meeting_rules(meeting)
    _validate(meeting)
    if changed:
        _save_meeting(meeting, update_fields=[*changed, "updated_at"])
    items = {item.number: item for item in meeting.agenda_items.all()}
    changed_items = []
    for entry in agenda:
        item = items.get(entry.number) or AgendaItem.objects.create(meeting=meeting, number=entry.number)
        if (item.topic, item.discussion, item.resolution) != (
            entry.topic,
            entry.discussion,
            entry.resolution,
        ):
            item.topic, item.discussion, item.resolution = entry.topic, entry.discussion, entry.resolution
            _validate(item)
            changed_items.append(item)
    AgendaItem.objects.bulk_update(changed_items, ["topic", "discussion", "resolution"])
    audit_log(
        actor=user,
        action="meeting.update",
        obj=meeting,
        details={"fields": changed, "agenda": sorted(i.number for i in changed_items)},
    )
    return meeting


@transaction.atomic
def meeting_delete(*, meeting: Meeting, user) -> None:
    """Delete a draft meeting that no P1 form answers yet."""
    meeting = _lock_editable(meeting)
    audit_log(actor=user, action="meeting.delete", obj=meeting)
    try:
        KeyIssue.objects.filter(meeting=meeting).delete()
    except ProtectedError as exc:
        raise MeetingError("ประเด็นสำคัญของการประชุมนี้มีแบบ P1 อ้างถึงแล้ว ลบการประชุมไม่ได้") from exc
    meeting.delete()


@transaction.atomic
def meeting_finalise(*, meeting: Meeting, user, at: datetime | None = None) -> Meeting:
    """Mark the minutes final; the group's first final meeting with key issues submits step 2."""
    meeting = _lock_editable(meeting)
    if not meeting.key_issues.exists():
        raise MeetingError("ต้องกำหนดประเด็นสำคัญอย่างน้อย 1 ประเด็นก่อนยืนยันรายงานการประชุม")
    if not meeting.attendances.filter(status=AttendanceStatus.PRESENT).exists():
        raise MeetingError("ต้องบันทึกผู้มาประชุมอย่างน้อย 1 คนก่อนยืนยันรายงานการประชุม")
    if meeting.end_time is None:
        raise MeetingError("กรุณาระบุเวลาเลิกประชุมก่อนยืนยันรายงานการประชุม")
    meeting.status = MEETING_TRANSITIONS.check(meeting.status, MeetingStatus.FINAL, error=MeetingError)
    meeting.finalised_at = at or clock.now()
    meeting.save(update_fields=["status", "finalised_at", "updated_at"])
    progress = progress_get(cycle=meeting.cycle, group=meeting.group, kind=StepKind.MEETINGS)
    # A second meeting must not move the submission date: only the first final one submits.
    if progress is None or progress.status not in (ProgressStatus.SUBMITTED, ProgressStatus.ACCEPTED):
        progress_set(
            cycle=meeting.cycle,
            group=meeting.group,
            kind=StepKind.MEETINGS,
            status=ProgressStatus.SUBMITTED,
            user=user,
            at=meeting.finalised_at,
        )
    audit_log(actor=user, action="meeting.finalise", obj=meeting)
    return meeting


@transaction.atomic
def meeting_reopen(*, meeting: Meeting, user, reason: str, at: datetime | None = None) -> Meeting:
    """The department reopens final minutes for the group to correct, with the reason.

    Minutes another meeting has certified stay final (cancel that certification first). When no
    other final minutes remain, step 2 goes back to the group as returned for revision, with the
    reason, so the dashboard and the group's page say what is asked.
    """
    if not is_department(user):
        raise MeetingError("การเปิดรายงานการประชุมให้แก้ไขทำได้เฉพาะสำนักยุทธศาสตร์และประเมินผล")
    reason = (reason or "").strip()
    if not reason:
        raise MeetingError("กรุณาระบุเหตุผลที่เปิดรายงานการประชุมให้แก้ไข")
    at = at or clock.now()
    meeting = _lock(meeting)
    cycle_check_open(meeting.cycle)
    certified_by = Meeting.objects.filter(certifies=meeting).first()
    if certified_by is not None:
        raise MeetingError(
            f"รายงานการประชุมนี้รับรองแล้วในการประชุมครั้งที่ {certified_by.number_label} "
            "ต้องยกเลิกการรับรองก่อนจึงจะเปิดให้แก้ไขได้"
        )
    meeting.status = MEETING_TRANSITIONS.check(meeting.status, MeetingStatus.DRAFT, error=MeetingError)
    meeting.finalised_at = None
    meeting.save(update_fields=["status", "finalised_at", "updated_at"])
    others_final = meeting.group.meetings.filter(cycle=meeting.cycle, status=MeetingStatus.FINAL).exists()
    progress = progress_get(cycle=meeting.cycle, group=meeting.group, kind=StepKind.MEETINGS)
    if (
        not others_final
        and progress is not None
        and progress.status
        in (
            ProgressStatus.SUBMITTED,
            ProgressStatus.ACCEPTED,
        )
    ):
        progress_set(
            cycle=meeting.cycle,
            group=meeting.group,
            kind=StepKind.MEETINGS,
            status=ProgressStatus.RETURNED,
            user=user,
            note=f"เปิดรายงานการประชุมครั้งที่ {meeting.number_label} ให้แก้ไข: {reason}",
            at=at,
        )
    audit_log(actor=user, action="meeting.reopen", obj=meeting, details={"reason": reason})
    return meeting


# --- certifying the previous minutes (agenda item 2) ---------------------------------------------

CERTIFY_ITEM = 2  # ระเบียบวาระที่ ๒ รับรองรายงานการประชุม


def certification_statement(*, certified: Meeting, amendments: str) -> str:
    """Return the resolution of agenda item 2 that certifies ``certified``'s minutes."""
    what = f"ที่ประชุมรับรองรายงานการประชุมครั้งที่ {certified.number_label}"
    amendments = amendments.strip()
    return f"{what} โดยมีการแก้ไข ดังนี้ {amendments}" if amendments else f"{what} โดยไม่มีการแก้ไข"


@transaction.atomic
def minutes_certify(*, meeting: Meeting, user, amendments: str = "") -> Meeting:
    """Certify the group's previous minutes at this (draft) meeting, as written or with amendments.

    The resolution of agenda item 2 records it; the previous meeting's minutes then show
    "รับรองแล้ว" and by which meeting. Certifying again while this meeting is a draft changes the
    amendments; the previous minutes must be confirmed and not certified by another meeting.
    """
    from meetings.selectors import meeting_previous

    meeting = _lock_editable(meeting)
    previous = meeting_previous(meeting=meeting)
    if previous is None:
        raise MeetingError("กลุ่มนี้ยังไม่มีการประชุมครั้งก่อนหน้าการประชุมนี้ จึงไม่มีรายงานให้รับรอง")
    if meeting.certifies_id not in (None, previous.pk):
        raise MeetingError(
            f"การประชุมนี้รับรองรายงานการประชุมครั้งที่ {meeting.certifies.number_label} ไว้แล้ว กรุณายกเลิกการรับรองนั้นก่อน"
        )
    if not previous.is_final:
        raise MeetingError(
            f"รายงานการประชุมครั้งที่ {previous.number_label} ยังเป็นร่าง ต้องยืนยันรายงานนั้นก่อนจึงจะรับรองได้"
        )
    other = Meeting.objects.filter(certifies=previous).exclude(pk=meeting.pk).first()
    if other is not None:
        raise MeetingError(
            f"รายงานการประชุมครั้งที่ {previous.number_label} รับรองแล้วในการประชุมครั้งที่ {other.number_label}"
        )
    amendments = "\n".join(line.rstrip() for line in (amendments or "").strip().splitlines())
    meeting.certifies, meeting.certification_amendments = previous, amendments
    _validate(meeting)
    try:
        with transaction.atomic():
            meeting.save(update_fields=["certifies", "certification_amendments", "updated_at"])
    except IntegrityError as exc:  # another meeting certified it meanwhile (one-to-one)
        raise MeetingError(f"รายงานการประชุมครั้งที่ {previous.number_label} รับรองแล้ว") from exc
    item, _ = AgendaItem.objects.get_or_create(meeting=meeting, number=CERTIFY_ITEM)
    item.topic = item.topic or f"รายงานการประชุมครั้งที่ {previous.number_label}"
    item.resolution = certification_statement(certified=previous, amendments=amendments)
    item.save(update_fields=["topic", "resolution"])
    audit_log(
        actor=user,
        action="meeting.certify",
        obj=meeting,
        details={"certifies": previous.pk, "amended": bool(amendments)},
    )
    return meeting


@transaction.atomic
def minutes_certification_cancel(*, meeting: Meeting, user) -> Meeting:
    """Withdraw the certification this draft meeting recorded (a mistake): the minutes are uncertified."""
    meeting = _lock_editable(meeting)
    if meeting.certifies_id is None:
        raise MeetingError("การประชุมนี้ยังไม่ได้รับรองรายงานการประชุมครั้งใด")
    certified = meeting.certifies
    statement = certification_statement(certified=certified, amendments=meeting.certification_amendments)
    meeting.certifies, meeting.certification_amendments = None, ""
    meeting.save(update_fields=["certifies", "certification_amendments", "updated_at"])
    AgendaItem.objects.filter(meeting=meeting, number=CERTIFY_ITEM, resolution=statement).update(
        resolution=""
    )
    audit_log(actor=user, action="meeting.certify_cancel", obj=meeting, details={"certified": certified.pk})
    return meeting


# --- attendance ---------------------------------------------------------------------------------


@transaction.atomic
def attendance_set(*, meeting: Meeting, user, entries: Sequence[AttendanceEntry]) -> list[Attendance]:
    """Set which registry members came (present), did not (absent, with a reason) or took leave.

    Members left out of `entries` are removed from the meeting; guests are kept.
    """
    from registry.models import Member

    meeting = _lock_editable(meeting)
    ids = [entry.member_id for entry in entries]
    if len(ids) != len(set(ids)):
        raise MeetingError("มีสมาชิกซ้ำในรายชื่อผู้ประชุม")
    members = Member.objects.in_bulk(ids)
    for entry in entries:
        member = members.get(entry.member_id)
        if member is None or member.group_id != meeting.group_id or member.cycle_id != meeting.cycle_id:
            raise MeetingError("มีรายชื่อที่ไม่อยู่ในทะเบียนบัญชีประชาสังคมของกลุ่มในรอบนี้")
        if entry.status not in AttendanceStatus.values:
            raise MeetingError("สถานะการมาประชุมไม่ถูกต้อง")
        if entry.status == AttendanceStatus.ABSENT and not entry.absence_reason.strip():
            raise MeetingError(f"กรุณาระบุเหตุที่ {member.display_name} ไม่มาประชุม")
    existing = {a.member_id: a for a in meeting.attendances.filter(kind=AttendeeKind.MEMBER)}
    removed = [a.pk for member_id, a in existing.items() if member_id not in members]
    Attendance.objects.filter(pk__in=removed).delete()
    to_create, to_update = [], []
    for entry in entries:
        reason = entry.absence_reason.strip() if entry.status != AttendanceStatus.PRESENT else ""
        row = existing.get(entry.member_id)
        if row is None:
            row = Attendance(
                meeting=meeting,
                kind=AttendeeKind.MEMBER,
                member_id=entry.member_id,
                status=entry.status,
                absence_reason=reason,
            )
            _validate(row, exclude=["member"])
            to_create.append(row)
        elif (row.status, row.absence_reason) != (entry.status, reason):
            row.status, row.absence_reason = entry.status, reason
            to_update.append(row)
    Attendance.objects.bulk_create(to_create)
    Attendance.objects.bulk_update(to_update, ["status", "absence_reason"])
    audit_log(
        actor=user,
        action="meeting.attendance",
        obj=meeting,
        details={
            "present": sum(e.status == AttendanceStatus.PRESENT for e in entries),
            "absent": sum(e.status == AttendanceStatus.ABSENT for e in entries),
            "leave": sum(e.status == AttendanceStatus.LEAVE for e in entries),
            "removed": len(removed),
        },
    )
    return list(meeting.attendances.all())


@transaction.atomic
def attendance_from_sign_in(*, meeting: Meeting, user, signed: Iterable[int]) -> list[Attendance]:
    """Fill attendance from the signed sign-in sheet: whoever signed came.

    A member ticked as signed is recorded present. A member who did not sign keeps an absence or a
    leave already recorded (with its reason); one recorded present who did not sign is no longer
    recorded, for the minute taker to mark absent or on leave.
    """
    meeting = _lock_editable(meeting)
    signed = set(signed)
    existing = meeting.attendances.filter(kind=AttendeeKind.MEMBER).exclude(status=AttendanceStatus.PRESENT)
    entries = [AttendanceEntry(pk, AttendanceStatus.PRESENT) for pk in sorted(signed)]
    entries += [
        AttendanceEntry(row.member_id, row.status, row.absence_reason)
        for row in existing
        if row.member_id not in signed
    ]
    rows = attendance_set(meeting=meeting, user=user, entries=entries)
    audit_log(actor=user, action="meeting.attendance_sign_in", obj=meeting, details={"signed": len(signed)})
    return rows


@transaction.atomic
def guest_add(
    *, meeting: Meeting, user, name: str, position: str = "", kind: str = AttendeeKind.GUEST
) -> Attendance:
    """Add a guest or an official who is not a registry member (ผู้เข้าร่วมประชุม)."""
    meeting = _lock_editable(meeting)
    if kind not in (AttendeeKind.GUEST, AttendeeKind.OFFICIAL):
        raise MeetingError("ประเภทผู้เข้าร่วมประชุมไม่ถูกต้อง")
    name = " ".join((name or "").split())
    if not name:
        raise MeetingError("กรุณาระบุชื่อผู้เข้าร่วมประชุม")
    row = Attendance(
        meeting=meeting,
        kind=kind,
        guest_name=name,
        position=" ".join(position.split()),
        status=AttendanceStatus.PRESENT,
    )
    _validate(row)
    row.save()
    audit_log(actor=user, action="meeting.guest_add", obj=meeting, details={"attendance": row.pk})
    return row


@transaction.atomic
def guest_remove(*, attendance: Attendance, user) -> None:
    _lock_editable(attendance.meeting)
    if attendance.kind == AttendeeKind.MEMBER:
        raise MeetingError("นำสมาชิกออกจากรายชื่อได้ที่หน้าบันทึกผู้ประชุม")
    audit_log(
        actor=user,
        action="meeting.guest_remove",
        obj=attendance.meeting,
        details={"attendance": attendance.pk},
    )
    attendance.delete()


# --- key issues ----------------------------------------------------------------------------------


def _check_districts(meeting: Meeting, districts: Iterable[District]) -> list[District]:
    districts = list(districts)
    allowed = set(districts_of_group(cycle=meeting.cycle, group=meeting.group).values_list("pk", flat=True))
    outside = [d for d in districts if d.pk not in allowed]
    if outside:
        names = ", ".join(str(d) for d in outside)
        raise MeetingError(f"{names} ไม่อยู่ใน{meeting.group.full_name}ในรอบนี้")
    return districts


@transaction.atomic
def key_issue_create(*, meeting: Meeting, user, districts: Iterable[District] = (), **fields) -> KeyIssue:
    """Set a key issue at a meeting; the P1 forms of the group answer it later."""
    meeting = _lock_editable(meeting)
    districts = _check_districts(meeting, districts)
    issue = KeyIssue(
        meeting=meeting,
        cycle_id=meeting.cycle_id,
        group_id=meeting.group_id,
        **{k: v for k, v in fields.items() if k in KEY_ISSUE_FIELDS},
    )
    _validate(issue)
    issue.save()
    issue.districts.set(districts)
    audit_log(actor=user, action="key_issue.create", obj=issue, details={"meeting": meeting.pk})
    return issue


@transaction.atomic
def key_issue_update(
    *, issue: KeyIssue, user, districts: Iterable[District] | None = None, **fields
) -> KeyIssue:
    issue.meeting = _lock_editable(issue.meeting)
    changed = [name for name in KEY_ISSUE_FIELDS if name in fields and getattr(issue, name) != fields[name]]
    for name in changed:
        setattr(issue, name, fields[name])
    _validate(issue)
    if changed:
        issue.save(update_fields=changed)
    if districts is not None:
        issue.districts.set(_check_districts(issue.meeting, districts))
    audit_log(actor=user, action="key_issue.update", obj=issue, details={"fields": changed})
    return issue


@transaction.atomic
def key_issue_delete(*, issue: KeyIssue, user) -> None:
    """Delete a key issue of a draft meeting, unless a P1 form already answers it."""
    _lock_editable(issue.meeting)
    audit_log(actor=user, action="key_issue.delete", obj=issue, details={"meeting": issue.meeting_id})
    try:
        issue.delete()
    except ProtectedError as exc:
        raise MeetingError("ประเด็นนี้มีแบบ P1 อ้างถึงแล้ว ลบไม่ได้") from exc


# --- the signed scan -----------------------------------------------------------------------------


@transaction.atomic
def meeting_scan_upload(*, meeting: Meeting, user, upload: UploadedFile, paper: str = "minutes") -> Meeting:
    """Keep the signed scan of the minutes (or of the sign-in sheet): PDF, JPEG or PNG, at most 10 MB."""
    name, action = SCANS[paper]
    if upload.size > SCAN_MAX_BYTES:
        raise MeetingError(
            f"ไฟล์ใหญ่เกินไป ({upload.size / 1024 / 1024:.1f} MB) ขนาดสูงสุด {SCAN_MAX_BYTES // 1024 // 1024} MB"
        )
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in SCAN_TYPES:
        raise MeetingError("รับเฉพาะไฟล์ PDF หรือรูปภาพ (JPEG, PNG) เท่านั้น ไฟล์นี้ไม่ใช่ชนิดที่รับ")
    meeting = _lock(meeting)  # two uploads at once: the second replaces (and removes) the first's file
    scan = getattr(meeting, name)
    old = scan.name if scan else ""
    scan.save(f"scan.{SCAN_TYPES[kind.mime]}", upload, save=False)
    setattr(meeting, f"{name}_type", kind.mime)
    setattr(meeting, f"{name}_uploaded_at", timezone.now())
    meeting.save(update_fields=[name, f"{name}_type", f"{name}_uploaded_at", "updated_at"])
    if old:
        # Remove the replaced file only once the new one is committed.
        storage = scan.storage
        transaction.on_commit(lambda: storage.delete(old))
    audit_log(
        actor=user,
        action=action,
        obj=meeting,
        details={"type": kind.mime, "size": upload.size},
    )
    return meeting
