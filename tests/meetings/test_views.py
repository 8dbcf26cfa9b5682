"""Views of the meetings app through the client: forms, messages, re-rendering, documents."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings.models import Attendance, AttendanceStatus, KeyIssue, Meeting, MeetingStatus
from tests.meetings.factories import KeyIssueFactory, MeetingFactory, attend, make_member

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _meeting_post(**overrides):
    data = {
        "number": "",
        "year": "2564",
        "title": "เครือข่ายประชาสังคมกลุ่มกรุงเทพกลาง",
        "date": "8/4/2564",
        "start_time": "09:30",
        "end_time": "12:00",
        "venue": "ห้องประชุมเขตดินแดง",
        "online_url": "",
        "chair_name": "นายสมชาย ประธาน",
        "secretary_name": "",
        "minute_taker": "นายจด",
        "reviewer": "",
        "agenda_4_topic": "ประเด็นสำคัญ",
        "agenda_4_discussion": "หารือ",
        "agenda_4_resolution": "เห็นชอบ",
    }
    return {**data, **overrides}


def test_staff_records_a_meeting_with_a_be_date(client, staff, group, cycle):
    client.force_login(staff)
    response = client.post(reverse("meetings:meeting_create", kwargs={"code": group.code}), _meeting_post())
    meeting = Meeting.objects.get(group=group)
    assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url()
    assert (meeting.number, meeting.date) == (1, datetime.date(2021, 4, 8))
    assert meeting.agenda_items.get(number=4).resolution == "เห็นชอบ"


def test_a_ce_year_is_refused_and_what_was_typed_stays(client, staff, group):
    client.force_login(staff)
    response = client.post(
        reverse("meetings:meeting_create", kwargs={"code": group.code}),
        _meeting_post(date="8/4/2021", agenda_4_discussion="ข้อความยาวที่พิมพ์ไว้"),
    )
    assert response.status_code == 200
    assert "ดูเหมือนเป็นปี ค.ศ." in response.content.decode()
    assert "ข้อความยาวที่พิมพ์ไว้" in response.content.decode()
    assert not Meeting.objects.exists()


def test_a_service_refusal_re_renders_the_form_with_a_thai_message(client, staff, group):
    client.force_login(staff)
    response = client.post(
        reverse("meetings:meeting_create", kwargs={"code": group.code}),
        _meeting_post(date="1/10/2564", chair_name="นางสาวผู้พิมพ์"),
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "วันที่ประชุมต้องอยู่ในปีงบประมาณ 2564" in body
    assert "นางสาวผู้พิมพ์" in body


def test_a_huge_number_and_an_end_before_start_are_refused(client, staff, group):
    client.force_login(staff)
    response = client.post(
        reverse("meetings:meeting_create", kwargs={"code": group.code}),
        _meeting_post(number="99999999999", start_time="13:00", end_time="12:00"),
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "เวลาเลิกประชุมต้องอยู่หลังเวลาเริ่มประชุม" in body
    assert 'name="number"' in body and "99999999999" in body
    assert not Meeting.objects.exists()


def test_html_in_a_text_field_is_shown_as_text(client, staff, group, cycle):
    meeting = MeetingFactory(cycle=cycle, group=group, venue="<script>alert(1)</script>")
    client.force_login(staff)
    body = client.get(meeting.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_meeting_outside_the_window_is_flagged(client, staff, group, cycle):
    MeetingFactory(cycle=cycle, group=group, date=datetime.date(2021, 5, 3))
    client.force_login(staff)
    body = client.get(
        reverse("meetings:meeting_list", kwargs={"code": group.code}) + "?cycle=2564"
    ).content.decode()
    assert "นอกช่วงปฏิทิน" in body


def test_attendance_form_records_members_and_keeps_input_on_error(client, staff, group, cycle):
    meeting = MeetingFactory(cycle=cycle, group=group)
    a = make_member(cycle=cycle, group=group, first_name="กมล")
    b = make_member(cycle=cycle, group=group, first_name="ขจร")
    url = reverse("meetings:attendance_update", kwargs={"pk": meeting.pk})
    client.force_login(staff)
    response = client.post(
        url, {f"status_{a.pk}": "present", f"status_{b.pk}": "absent", f"reason_{b.pk}": ""}
    )
    assert response.status_code == 200
    assert "กรุณาระบุเหตุที่ไม่มาประชุม" in response.content.decode()
    assert not Attendance.objects.exists()
    response = client.post(
        url, {f"status_{a.pk}": "present", f"status_{b.pk}": "absent", f"reason_{b.pk}": "ป่วย"}
    )
    assert response.status_code == 302
    assert {(r.member_id, r.status) for r in Attendance.objects.all()} == {
        (a.pk, "present"),
        (b.pk, "absent"),
    }


def test_all_present_without_javascript_marks_everyone_and_saves_nothing(client, staff, group, cycle):
    meeting = MeetingFactory(cycle=cycle, group=group)
    a = make_member(cycle=cycle, group=group, first_name="กมล")
    b = make_member(cycle=cycle, group=group, first_name="ขจร")
    url = reverse("meetings:attendance_update", kwargs={"pk": meeting.pk})
    client.force_login(staff)
    response = client.post(url, {"all_present": "1", f"reason_{b.pk}": "ป่วย"})
    assert response.status_code == 200
    body = response.content.decode()
    for member in (a, b):
        assert f'id="id_status_{member.pk}_present" value="present" autocomplete="off" checked' in body
    assert 'value="ป่วย"' in body  # what was typed stays
    assert "มา 2 · ไม่มา 0 · ลา 0 · ยังไม่บันทึก 0 จาก 2 คน" in body
    assert not Attendance.objects.exists()
    # The same page, sent as radio buttons with one exception, saves.
    response = client.post(
        url, {f"status_{a.pk}": "present", f"status_{b.pk}": "leave", f"reason_{b.pk}": ""}
    )
    assert response.status_code == 302
    assert {(r.member_id, r.status) for r in Attendance.objects.all()} == {(a.pk, "present"), (b.pk, "leave")}


def test_sign_in_page_numbers_names_like_the_sheet_and_fills_attendance(client, staff, group, cycle):
    meeting = MeetingFactory(cycle=cycle, group=group)
    b = make_member(cycle=cycle, group=group, first_name="ขจร")
    a = make_member(cycle=cycle, group=group, first_name="กมล")
    gone = make_member(cycle=cycle, group=group, first_name="คณิต", is_active=False)
    attend(meeting, b)  # recorded present first: the sheet's order does not change with it
    url = reverse("meetings:sign_in", kwargs={"pk": meeting.pk})
    client.force_login(staff)
    body = client.get(url).content.decode()
    assert body.index("1.</span> นายกมล") < body.index("2.</span> นายขจร")
    assert "นายคณิต" not in body  # inactive and not recorded: not on the sheet
    assert f'value="{b.pk}" id="signed_{b.pk}" checked' in body
    response = client.post(url, {"signed": [a.pk]})
    assert response.status_code == 302
    assert response["Location"] == reverse("meetings:attendance_update", kwargs={"pk": meeting.pk})
    assert {(r.member_id, r.status) for r in Attendance.objects.all()} == {(a.pk, "present")}
    assert client.post(url, {"signed": [gone.pk]}).status_code == 200  # not on the sheet: refused
    assert {r.member_id for r in Attendance.objects.all()} == {a.pk}


def test_sign_in_scan_upload_and_download(client, staff, other_staff, group, cycle, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    meeting = MeetingFactory(cycle=cycle, group=group)
    client.force_login(staff)
    upload = reverse("meetings:sign_in_scan_upload", kwargs={"pk": meeting.pk})
    refused = client.post(upload, {"scan": SimpleUploadedFile("x.pdf", b"not a pdf")}, follow=True)
    assert "รับเฉพาะไฟล์ PDF หรือรูปภาพ" in refused.content.decode()
    response = client.post(upload, {"scan": SimpleUploadedFile("s.pdf", PDF)})
    assert response["Location"] == reverse("meetings:sign_in", kwargs={"pk": meeting.pk})
    download = reverse("meetings:sign_in_scan_download", kwargs={"pk": meeting.pk})
    response = client.get(download)
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF
    meeting.refresh_from_db()
    assert not meeting.signed_scan  # the minutes' scan is another file
    client.force_login(other_staff)
    assert client.get(download).status_code == 404


def test_guest_add_through_the_page(client, staff, group, cycle):
    meeting = MeetingFactory(cycle=cycle, group=group)
    client.force_login(staff)
    response = client.post(
        reverse("meetings:guest_add", kwargs={"pk": meeting.pk}),
        {"name": "นายแขก รับเชิญ", "position": "นักวิชาการ", "kind": "guest"},
    )
    assert response.status_code == 302
    assert meeting.attendances.get().guest_name == "นายแขก รับเชิญ"


def test_key_issue_form_offers_only_the_groups_districts(client, staff, group, cycle):
    meeting = MeetingFactory(cycle=cycle, group=group)
    client.force_login(staff)
    url = reverse("meetings:key_issue_create", kwargs={"pk": meeting.pk})
    body = client.get(url).content.decode()
    assert "พญาไท" in body and "บางรัก" not in body
    response = client.post(
        url,
        {
            "title": "ขยะในคลอง",
            "problem": "ขยะอุดตัน",
            "affected": "",
            "dimension": "physical",
            "priority": "1",
            "districts": [],
        },
    )
    assert response.status_code == 302
    assert KeyIssue.objects.get().title == "ขยะในคลอง"


def test_finalise_without_key_issues_shows_the_reason(client, staff, group, cycle):
    meeting = MeetingFactory(cycle=cycle, group=group)
    client.force_login(staff)
    response = client.post(
        reverse("meetings:meeting_finalise", kwargs={"pk": meeting.pk}), {"confirmed": "1"}, follow=True
    )
    assert "ต้องกำหนดประเด็นสำคัญอย่างน้อย 1 ประเด็น" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.DRAFT


def test_scan_upload_and_download_through_the_permission_checked_view(
    client, staff, other_staff, group, cycle, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    meeting = MeetingFactory(cycle=cycle, group=group)
    client.force_login(staff)
    refused = client.post(
        reverse("meetings:scan_upload", kwargs={"pk": meeting.pk}),
        {"scan": SimpleUploadedFile("fake.pdf", b"MZ\x90\x00 not a pdf")},
    )
    assert refused.status_code == 200 and "รับเฉพาะไฟล์ PDF หรือรูปภาพ" in refused.content.decode()
    client.post(
        reverse("meetings:scan_upload", kwargs={"pk": meeting.pk}), {"scan": SimpleUploadedFile("s.pdf", PDF)}
    )
    response = client.get(reverse("meetings:scan_download", kwargs={"pk": meeting.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF
    client.force_login(other_staff)
    assert client.get(reverse("meetings:scan_download", kwargs={"pk": meeting.pk})).status_code == 404


def test_meeting_minutes_pdf_download(client, staff, group, cycle):
    meeting = MeetingFactory(cycle=cycle, group=group)
    client.force_login(staff)
    response = client.get(
        reverse("reports:meeting_document", kwargs={"pk": meeting.pk, "kind": "minutes", "fmt": "pdf"})
    )
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    unknown = client.get(
        reverse("reports:meeting_document", kwargs={"pk": meeting.pk, "kind": "memo", "fmt": "pdf"})
    )
    assert unknown.status_code == 404


def _fill(cycle, group, meetings: int, members: int):
    people = [make_member(cycle=cycle, group=group, first_name=f"สมาชิก{i}") for i in range(members)]
    for n in range(meetings):
        meeting = MeetingFactory(cycle=cycle, group=group)
        KeyIssueFactory(meeting=meeting)
        for person in people:
            attend(meeting, person, present=n % 2 == 0)


@pytest.mark.parametrize(
    "name", ["meeting_list", "participation", "meeting_detail", "attendance_update", "sign_in"]
)
def test_pages_use_the_same_number_of_queries_whatever_the_size(client, staff, group, cycle, name):
    client.force_login(staff)

    def count() -> int:
        meeting = Meeting.objects.filter(group=group).first()
        kwargs = {"code": group.code} if name in ("meeting_list", "participation") else {"pk": meeting.pk}
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(f"meetings:{name}", kwargs=kwargs)).status_code == 200
        return len(queries)

    _fill(cycle, group, meetings=1, members=2)
    small = count()
    _fill(cycle, group, meetings=6, members=15)
    assert count() == small
    assert Attendance.objects.filter(status=AttendanceStatus.PRESENT).count() > 40


def test_meeting_list_shows_participation_figures(client, staff, group, cycle):
    meeting = MeetingFactory(cycle=cycle, group=group)
    attend(meeting, make_member(cycle=cycle, group=group, first_name="กมล"))
    make_member(cycle=cycle, group=group, first_name="ขจร")
    client.force_login(staff)
    body = client.get(
        reverse("meetings:meeting_list", kwargs={"code": group.code}) + "?cycle=2564"
    ).content.decode()
    assert "สมาชิกในทะเบียนเข้าร่วมประชุมอย่างน้อย 1 ครั้ง 1 จาก 2 ราย (50.0%)" in body
