"""Services of the meetings app, against the database."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from bangkok_network.models import AuditEntry, District, ProgressStatus, StepKind
from bangkok_network.selectors import progress_get
from meetings import services
from meetings.models import AgendaItem, Attendance, AttendanceStatus, AttendeeKind, Dimension, MeetingStatus
from meetings.services import AgendaEntry, AttendanceEntry, MeetingError
from tests.meetings.factories import KeyIssueFactory, MeetingFactory, attend, make_member

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _fields(**overrides):
    fields = {
        "title": "เครือข่ายประชาสังคมกลุ่มกรุงเทพกลาง",
        "date": datetime.date(2021, 4, 8),
        "start_time": datetime.time(9, 0),
        "end_time": datetime.time(12, 0),
        "venue": "ห้องประชุมสำนักงานเขตดินแดง",
        "chair_name": "นายสมชาย ประธาน",
    }
    return {**fields, **overrides}


def test_meeting_create_numbers_meetings_and_makes_five_agenda_items(cycle, group, staff):
    first = services.meeting_create(
        cycle=cycle,
        group=group,
        user=staff,
        **_fields(),
        agenda=[AgendaEntry(4, "ประเด็นพัฒนาพื้นที่", "หารือ", "เห็นชอบ 3 ประเด็น")],
    )
    second = services.meeting_create(
        cycle=cycle, group=group, user=staff, **_fields(date=datetime.date(2021, 4, 22))
    )
    assert (first.number, first.year, second.number) == (1, 2564, 2)
    items = list(
        AgendaItem.objects.filter(meeting=first).order_by("number").values_list("number", "resolution")
    )
    assert items == [(1, ""), (2, ""), (3, ""), (4, "เห็นชอบ 3 ประเด็น"), (5, "")]
    assert AuditEntry.objects.filter(action="meeting.create", object_id=str(first.pk)).count() == 1


def test_meeting_create_moves_step_two_to_in_progress(cycle, group, staff):
    services.meeting_create(cycle=cycle, group=group, user=staff, **_fields())
    assert progress_get(cycle=cycle, group=group, kind=StepKind.MEETINGS).status == ProgressStatus.IN_PROGRESS


def test_meeting_create_refuses_a_number_already_used(cycle, group, staff):
    services.meeting_create(cycle=cycle, group=group, user=staff, **_fields(number=3))
    with pytest.raises(MeetingError, match="ครั้งที่ 3/2564 ของกลุ่มนี้อยู่แล้ว"):
        services.meeting_create(cycle=cycle, group=group, user=staff, **_fields(number=3))


def test_meeting_create_refuses_a_date_outside_the_fiscal_year(cycle, group, staff):
    with pytest.raises(MeetingError, match="ปีงบประมาณ 2564"):
        services.meeting_create(
            cycle=cycle, group=group, user=staff, **_fields(date=datetime.date(2021, 10, 1))
        )


def test_meeting_create_allows_a_date_outside_the_april_window(cycle, group, staff):
    meeting = services.meeting_create(
        cycle=cycle, group=group, user=staff, **_fields(date=datetime.date(2021, 5, 3))
    )
    assert meeting.pk is not None


def test_meeting_create_refuses_an_end_before_the_start(cycle, group, staff):
    with pytest.raises(MeetingError, match="เวลาเลิกประชุมต้องอยู่หลังเวลาเริ่มประชุม"):
        services.meeting_create(
            cycle=cycle,
            group=group,
            user=staff,
            **_fields(start_time=datetime.time(13, 0), end_time=datetime.time(12, 0)),
        )


def test_meeting_create_needs_a_venue_or_a_link(cycle, group, staff):
    with pytest.raises(MeetingError, match="สถานที่ประชุม หรือลิงก์"):
        services.meeting_create(cycle=cycle, group=group, user=staff, **_fields(venue=""))
    online = services.meeting_create(
        cycle=cycle, group=group, user=staff, **_fields(venue="", online_url="https://meet.example.test/abc")
    )
    assert online.online_url == "https://meet.example.test/abc"


def test_meeting_update_changes_fields_and_agenda(cycle, group, staff):
    meeting = MeetingFactory(cycle=cycle, group=group)
    services.meeting_update(
        meeting=meeting,
        user=staff,
        venue="ศาลาว่าการกรุงเทพมหานคร",
        agenda=[AgendaEntry(1, "", "ประธานแจ้งกำหนดการ", "ที่ประชุมรับทราบ")],
    )
    meeting.refresh_from_db()
    assert meeting.venue == "ศาลาว่าการกรุงเทพมหานคร"
    assert meeting.agenda_items.get(number=1).resolution == "ที่ประชุมรับทราบ"


def test_a_final_meeting_cannot_be_changed(cycle, group, staff):
    meeting = MeetingFactory(cycle=cycle, group=group, status=MeetingStatus.FINAL)
    with pytest.raises(MeetingError, match="ยืนยันแล้ว"):
        services.meeting_update(meeting=meeting, user=staff, venue="ที่อื่น")


def test_attendance_set_records_present_and_absent_members(cycle, group, staff):
    meeting = MeetingFactory(cycle=cycle, group=group)
    a = make_member(cycle=cycle, group=group, first_name="กมล")
    b = make_member(cycle=cycle, group=group, first_name="ขจร")
    services.attendance_set(
        meeting=meeting,
        user=staff,
        entries=[
            AttendanceEntry(a.pk, AttendanceStatus.PRESENT),
            AttendanceEntry(b.pk, AttendanceStatus.ABSENT, "ติดภารกิจ"),
        ],
    )
    rows = {r.member_id: (r.status, r.absence_reason) for r in Attendance.objects.filter(meeting=meeting)}
    assert rows == {a.pk: ("present", ""), b.pk: ("absent", "ติดภารกิจ")}
    # Setting again replaces: b is dropped, a becomes absent.
    services.attendance_set(
        meeting=meeting, user=staff, entries=[AttendanceEntry(a.pk, AttendanceStatus.ABSENT, "ป่วย")]
    )
    rows = {r.member_id: (r.status, r.absence_reason) for r in Attendance.objects.filter(meeting=meeting)}
    assert rows == {a.pk: ("absent", "ป่วย")}


def test_attendance_set_needs_a_reason_for_an_absence(cycle, group, staff):
    meeting = MeetingFactory(cycle=cycle, group=group)
    member = make_member(cycle=cycle, group=group, first_name="คณิต")
    with pytest.raises(MeetingError, match="กรุณาระบุเหตุที่ นายคณิต ใจดี ไม่มาประชุม"):
        services.attendance_set(
            meeting=meeting, user=staff, entries=[AttendanceEntry(member.pk, AttendanceStatus.ABSENT, "  ")]
        )
    assert not Attendance.objects.filter(meeting=meeting).exists()


def test_a_leave_needs_no_reason_and_the_minutes_say_leave(cycle, group, staff):
    meeting = MeetingFactory(cycle=cycle, group=group)
    a = make_member(cycle=cycle, group=group, first_name="กมล")
    b = make_member(cycle=cycle, group=group, first_name="ขจร")
    services.attendance_set(
        meeting=meeting,
        user=staff,
        entries=[
            AttendanceEntry(a.pk, AttendanceStatus.LEAVE),
            AttendanceEntry(b.pk, AttendanceStatus.LEAVE, " ป่วย "),
        ],
    )
    rows = {r.member_id: r for r in Attendance.objects.filter(meeting=meeting)}
    assert (rows[a.pk].status, rows[a.pk].absence_note) == ("leave", "ลาประชุม")
    assert (rows[b.pk].absence_reason, rows[b.pk].absence_note) == ("ป่วย", "ลาประชุม (ป่วย)")


def test_the_database_refuses_an_absence_without_a_reason_but_not_a_leave(cycle, group):
    from django.db import IntegrityError, transaction

    meeting = MeetingFactory(cycle=cycle, group=group)
    member = make_member(cycle=cycle, group=group, first_name="คณิต")
    with pytest.raises(IntegrityError), transaction.atomic():
        Attendance.objects.create(meeting=meeting, member=member, status=AttendanceStatus.ABSENT)
    Attendance.objects.create(meeting=meeting, member=member, status=AttendanceStatus.LEAVE)


def test_attendance_from_sign_in_records_who_signed_and_keeps_recorded_absences(cycle, group, staff):
    meeting = MeetingFactory(cycle=cycle, group=group)
    signed, was_present, was_absent, on_leave, unknown = (
        make_member(cycle=cycle, group=group, first_name=name) for name in ("กมล", "ขจร", "คณิต", "จิรา", "ฉัตร")
    )
    attend(meeting, was_present)
    attend(meeting, was_absent, present=False, reason="ติดภารกิจ")
    Attendance.objects.create(meeting=meeting, member=on_leave, status=AttendanceStatus.LEAVE)
    services.attendance_from_sign_in(meeting=meeting, user=staff, signed=[signed.pk, on_leave.pk])
    rows = {r.member_id: (r.status, r.absence_reason) for r in Attendance.objects.filter(meeting=meeting)}
    assert rows == {
        signed.pk: ("present", ""),
        on_leave.pk: ("present", ""),  # signed after all
        was_absent.pk: ("absent", "ติดภารกิจ"),
    }  # was_present did not sign: no longer recorded; unknown: still not recorded
    assert unknown.pk not in rows and was_present.pk not in rows


def test_attendance_from_sign_in_refuses_another_groups_member(cycle, group, other_group, staff):
    meeting = MeetingFactory(cycle=cycle, group=group)
    stranger = make_member(cycle=cycle, group=other_group, first_name="จิรา")
    with pytest.raises(MeetingError, match="ไม่อยู่ในทะเบียน"):
        services.attendance_from_sign_in(meeting=meeting, user=staff, signed=[stranger.pk])
    assert not Attendance.objects.filter(meeting=meeting).exists()


def test_attendance_set_refuses_another_groups_member(cycle, group, other_group, staff):
    meeting = MeetingFactory(cycle=cycle, group=group)
    stranger = make_member(cycle=cycle, group=other_group, first_name="จิรา")
    with pytest.raises(MeetingError, match="ไม่อยู่ในทะเบียน"):
        services.attendance_set(
            meeting=meeting, user=staff, entries=[AttendanceEntry(stranger.pk, AttendanceStatus.PRESENT)]
        )


def test_guest_add_and_remove(cycle, group, staff):
    meeting = MeetingFactory(cycle=cycle, group=group)
    guest = services.guest_add(
        meeting=meeting,
        user=staff,
        name="  นายแขก   รับเชิญ ",
        position="ผู้อำนวยการเขต",
        kind=AttendeeKind.OFFICIAL,
    )
    assert (guest.guest_name, guest.kind, guest.status) == ("นายแขก รับเชิญ", "official", "present")
    with pytest.raises(MeetingError, match="กรุณาระบุชื่อ"):
        services.guest_add(meeting=meeting, user=staff, name="   ")
    services.guest_remove(attendance=guest, user=staff)
    assert not Attendance.objects.filter(meeting=meeting).exists()


def test_key_issue_create_keeps_cycle_group_and_districts(cycle, group, other_group, staff):
    meeting = MeetingFactory(cycle=cycle, group=group)
    phaya_thai = District.objects.get(code="1014")
    issue = services.key_issue_create(
        meeting=meeting,
        user=staff,
        title="ขยะตกค้างในชุมชน",
        problem="เก็บขยะไม่ทั่วถึง",
        affected="ชุมชนริมคลอง",
        dimension=Dimension.SOCIAL,
        priority=1,
        districts=[phaya_thai],
    )
    assert (issue.cycle_id, issue.group_id) == (cycle.pk, group.pk)
    assert list(issue.districts.values_list("code", flat=True)) == ["1014"]
    bang_rak = District.objects.get(code="1004")  # bkk-south in 2564
    with pytest.raises(MeetingError, match="เขตบางรัก ไม่อยู่ในกลุ่มกรุงเทพกลาง"):
        services.key_issue_create(
            meeting=meeting,
            user=staff,
            title="x",
            problem="y",
            dimension=Dimension.SOCIAL,
            districts=[bang_rak],
        )


def test_key_issue_create_refuses_an_unknown_dimension(cycle, group, staff):
    meeting = MeetingFactory(cycle=cycle, group=group)
    with pytest.raises(MeetingError):
        services.key_issue_create(meeting=meeting, user=staff, title="x", problem="y", dimension="spiritual")


def test_meeting_finalise_submits_step_two_once(cycle, group, staff):
    first = MeetingFactory(cycle=cycle, group=group)
    with pytest.raises(MeetingError, match="ประเด็นสำคัญอย่างน้อย 1"):
        services.meeting_finalise(meeting=first, user=staff)
    KeyIssueFactory(meeting=first)
    with pytest.raises(MeetingError, match="ผู้มาประชุมอย่างน้อย 1"):
        services.meeting_finalise(meeting=first, user=staff)
    attend(first, make_member(cycle=cycle, group=group, first_name="ฉัตร"))
    services.meeting_finalise(meeting=first, user=staff)
    progress = progress_get(cycle=cycle, group=group, kind=StepKind.MEETINGS)
    assert progress.status == ProgressStatus.SUBMITTED
    submitted_at = progress.submitted_at

    second = MeetingFactory(cycle=cycle, group=group)
    KeyIssueFactory(meeting=second)
    attend(second, make_member(cycle=cycle, group=group, first_name="ชนก"))
    services.meeting_finalise(meeting=second, user=staff)
    progress.refresh_from_db()
    assert progress.submitted_at == submitted_at
    assert first.status == second.status == MeetingStatus.FINAL


def test_scan_upload_keeps_a_pdf_and_an_image(cycle, group, staff, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    meeting = MeetingFactory(cycle=cycle, group=group)
    services.meeting_scan_upload(
        meeting=meeting, user=staff, upload=SimpleUploadedFile("minutes.exe", PDF, content_type="image/png")
    )
    meeting.refresh_from_db()
    assert meeting.signed_scan_type == "application/pdf"
    assert meeting.signed_scan.name.endswith(".pdf")
    assert meeting.signed_scan.read() == PDF
    services.meeting_scan_upload(meeting=meeting, user=staff, upload=SimpleUploadedFile("x.png", PNG))
    meeting.refresh_from_db()
    assert meeting.signed_scan_type == "image/png"


def test_scan_upload_refuses_other_types_whatever_the_name(cycle, group, staff, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    meeting = MeetingFactory(cycle=cycle, group=group)
    with pytest.raises(MeetingError, match="รับเฉพาะไฟล์ PDF หรือรูปภาพ"):
        services.meeting_scan_upload(
            meeting=meeting, user=staff, upload=SimpleUploadedFile("minutes.pdf", b"<html>not a pdf</html>")
        )
    meeting.refresh_from_db()
    assert not meeting.signed_scan


def test_scan_upload_refuses_a_file_over_ten_megabytes(cycle, group, staff, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    meeting = MeetingFactory(cycle=cycle, group=group)
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (10 * 1024 * 1024))
    with pytest.raises(MeetingError, match="ไฟล์ใหญ่เกินไป"):
        services.meeting_scan_upload(meeting=meeting, user=staff, upload=big)


def test_meeting_delete_removes_a_draft_with_its_issues_and_attendance(cycle, group, staff):
    meeting = MeetingFactory(cycle=cycle, group=group)
    KeyIssueFactory(meeting=meeting)
    attend(meeting, make_member(cycle=cycle, group=group, first_name="ญาดา"))
    services.meeting_delete(meeting=meeting, user=staff)
    assert not Attendance.objects.exists()
    assert AuditEntry.objects.filter(action="meeting.delete").count() == 1


def _final_meeting(cycle, group, staff, name="ฉัตร"):
    meeting = MeetingFactory(cycle=cycle, group=group)
    KeyIssueFactory(meeting=meeting)
    attend(meeting, make_member(cycle=cycle, group=group, first_name=name))
    return services.meeting_finalise(meeting=meeting, user=staff)


def test_the_department_reopens_final_minutes_with_a_reason_and_step_two_goes_back(
    cycle, group, staff, officer
):
    meeting = _final_meeting(cycle, group, staff)
    with pytest.raises(MeetingError, match="เฉพาะสำนักยุทธศาสตร์"):
        services.meeting_reopen(meeting=meeting, user=staff, reason="ขอแก้")
    with pytest.raises(MeetingError, match="กรุณาระบุเหตุผล"):
        services.meeting_reopen(meeting=meeting, user=officer, reason="  ")
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.FINAL

    services.meeting_reopen(meeting=meeting, user=officer, reason="ชื่อผู้มาประชุมสะกดผิด")
    meeting.refresh_from_db()
    assert (meeting.status, meeting.finalised_at) == (MeetingStatus.DRAFT, None)
    progress = progress_get(cycle=cycle, group=group, kind=StepKind.MEETINGS)
    assert progress.status == ProgressStatus.RETURNED
    assert "ชื่อผู้มาประชุมสะกดผิด" in progress.note
    entry = AuditEntry.objects.filter(action="meeting.reopen").get()
    assert entry.details["reason"] == "ชื่อผู้มาประชุมสะกดผิด"
    # The group corrects and confirms again: step 2 is sent again.
    services.meeting_update(meeting=meeting, user=staff, **_fields(venue="ห้องประชุมใหม่"))
    services.meeting_finalise(meeting=meeting, user=staff)
    progress.refresh_from_db()
    assert progress.status == ProgressStatus.SUBMITTED
    with pytest.raises(MeetingError):  # a draft is not reopened
        services.meeting_reopen(meeting=MeetingFactory(cycle=cycle, group=group), user=officer, reason="x")


def test_reopening_one_of_two_final_minutes_leaves_step_two_sent(cycle, group, staff, officer):
    first = _final_meeting(cycle, group, staff)
    _final_meeting(cycle, group, staff, name="ชนก")
    services.meeting_reopen(meeting=first, user=officer, reason="แก้มติวาระที่ ๓")
    assert progress_get(cycle=cycle, group=group, kind=StepKind.MEETINGS).status == ProgressStatus.SUBMITTED


def test_certified_minutes_are_not_reopened(cycle, group, staff, officer):
    first = _final_meeting(cycle, group, staff)
    second = MeetingFactory(cycle=cycle, group=group)
    services.minutes_certify(meeting=second, user=staff)
    with pytest.raises(MeetingError, match="รับรองแล้วในการประชุมครั้งที่"):
        services.meeting_reopen(meeting=first, user=officer, reason="ขอแก้")
    first.refresh_from_db()
    assert first.status == MeetingStatus.FINAL
