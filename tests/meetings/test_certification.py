"""Minutes certified at the next meeting (agenda item 2): the service, the page, the documents."""

from __future__ import annotations

import datetime
import io

import pytest
from django.db import IntegrityError
from django.urls import reverse
from openpyxl import load_workbook

from bangkok_network.models import AuditEntry
from bangkok_network.services import cycle_copy
from meetings import services
from meetings.models import AgendaItem, Meeting, MeetingStatus
from meetings.services import MeetingError
from reports.exporters import export_document
from reports.exporters.minutes import meeting_document
from reports.pdf.textcheck import extract_text_pdftotext, normalise
from tests.meetings.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def _text(pdf: bytes) -> str:
    return normalise(extract_text_pdftotext(pdf, mode="raw"), drop_whitespace=True)


@pytest.fixture
def two_meetings(cycle, group):
    first = MeetingFactory(cycle=cycle, group=group, number=1, date=datetime.date(2021, 4, 8))
    second = MeetingFactory(cycle=cycle, group=group, number=2, date=datetime.date(2021, 4, 22))
    Meeting.objects.filter(pk=first.pk).update(status=MeetingStatus.FINAL)
    first.refresh_from_db()
    return first, second


def test_the_next_meeting_certifies_the_previous_minutes_as_written(two_meetings, staff):
    first, second = two_meetings
    services.minutes_certify(meeting=second, user=staff)
    first.refresh_from_db()
    assert first.certifying_meeting == second
    assert (first.is_certified, second.is_certified, second.has_amendments) == (True, False, False)
    item = AgendaItem.objects.get(meeting=second, number=2)
    assert item.topic == "รายงานการประชุมครั้งที่ 1/2564"
    assert item.resolution == "ที่ประชุมรับรองรายงานการประชุมครั้งที่ 1/2564 โดยไม่มีการแก้ไข"
    assert AuditEntry.objects.filter(action="meeting.certify", object_id=str(second.pk)).count() == 1


def test_certifying_with_amendments_records_them_in_item_two(two_meetings, staff):
    first, second = two_meetings
    services.minutes_certify(meeting=second, user=staff, amendments="  แก้ชื่อผู้มาประชุมลำดับที่ 3  ")
    second.refresh_from_db()
    assert second.certification_amendments == "แก้ชื่อผู้มาประชุมลำดับที่ 3"
    assert AgendaItem.objects.get(meeting=second, number=2).resolution == (
        "ที่ประชุมรับรองรายงานการประชุมครั้งที่ 1/2564 โดยมีการแก้ไข ดังนี้ แก้ชื่อผู้มาประชุมลำดับที่ 3"
    )
    # Changing one's mind while the meeting is a draft: certified as written after all.
    services.minutes_certify(meeting=second, user=staff)
    second.refresh_from_db()
    assert (second.certification_amendments, second.certifies_id) == ("", first.pk)


def test_draft_minutes_cannot_be_certified(cycle, group, staff):
    first = MeetingFactory(cycle=cycle, group=group, number=1, date=datetime.date(2021, 4, 8))
    second = MeetingFactory(cycle=cycle, group=group, number=2, date=datetime.date(2021, 4, 22))
    with pytest.raises(MeetingError, match="ครั้งที่ 1/2564 ยังเป็นร่าง"):
        services.minutes_certify(meeting=second, user=staff)
    assert not Meeting.objects.get(pk=first.pk).is_certified


def test_the_first_meeting_has_nothing_to_certify(two_meetings, staff):
    first, _ = two_meetings
    Meeting.objects.filter(pk=first.pk).update(status=MeetingStatus.DRAFT)
    first.refresh_from_db()
    with pytest.raises(MeetingError, match="ไม่มีรายงานให้รับรอง"):
        services.minutes_certify(meeting=first, user=staff)


def test_a_confirmed_meeting_no_longer_certifies(two_meetings, staff):
    first, second = two_meetings
    Meeting.objects.filter(pk=second.pk).update(status=MeetingStatus.FINAL)
    with pytest.raises(MeetingError, match="ยืนยันแล้ว แก้ไขไม่ได้"):
        services.minutes_certify(meeting=second, user=staff)


def test_minutes_are_certified_once(two_meetings, cycle, group, staff):
    first, second = two_meetings
    services.minutes_certify(meeting=second, user=staff)
    Meeting.objects.filter(pk=second.pk).update(status=MeetingStatus.FINAL)
    third = MeetingFactory(cycle=cycle, group=group, number=3, date=datetime.date(2021, 5, 6))
    # The third meeting certifies the second, never the first again.
    services.minutes_certify(meeting=third, user=staff)
    third.refresh_from_db()
    assert third.certifies_id == second.pk
    with pytest.raises(IntegrityError):
        Meeting.objects.filter(pk=third.pk).update(certifies=first)


def test_cancelling_uncertifies_and_clears_the_generated_resolution(two_meetings, staff):
    first, second = two_meetings
    services.minutes_certify(meeting=second, user=staff)
    services.minutes_certification_cancel(meeting=second, user=staff)
    first.refresh_from_db()
    assert not first.is_certified
    assert AgendaItem.objects.get(meeting=second, number=2).resolution == ""
    with pytest.raises(MeetingError, match="ยังไม่ได้รับรอง"):
        services.minutes_certification_cancel(meeting=second, user=staff)


def test_the_first_meeting_of_a_year_certifies_the_last_one_of_the_year_before(two_meetings, staff):
    first, second = two_meetings
    Meeting.objects.filter(pk=second.pk).update(status=MeetingStatus.FINAL)
    next_cycle = cycle_copy(source=first.cycle, fiscal_year=2565, user=staff)
    opening = MeetingFactory(
        cycle=next_cycle, group=first.group, number=1, year=2565, date=datetime.date(2022, 4, 7)
    )
    services.minutes_certify(meeting=opening, user=staff)
    assert Meeting.objects.get(pk=second.pk).certifying_meeting == opening


def test_the_minutes_pdf_says_certified_and_by_which_meeting(two_meetings, cycle, staff):
    first, second = two_meetings
    before = _text(meeting_document(kind="minutes", meeting=first, fmt="pdf", user=staff).content)
    assert "ยังไม่ได้รับรองรายงานการประชุม" in before
    services.minutes_certify(meeting=second, user=staff, amendments="แก้เวลาเลิกประชุม")
    after = _text(meeting_document(kind="minutes", meeting=first, fmt="pdf", user=staff).content)
    assert (
        normalise("รับรองแล้ว ในการประชุมครั้งที่ ๒/๒๕๖๔ เมื่อวันที่ ๒๒ เมษายน ๒๕๖๔ โดยมีการแก้ไข", drop_whitespace=True)
        in after
    )
    assert "ยังไม่ได้รับรอง" not in after
    minutes_of_second = _text(meeting_document(kind="minutes", meeting=second, fmt="pdf", user=staff).content)
    assert (
        normalise("ที่ประชุมรับรองรายงานการประชุมครั้งที่ ๑/๒๕๖๔ โดยมีการแก้ไข ดังนี้ แก้เวลาเลิกประชุม", drop_whitespace=True)
        in minutes_of_second
    )


def test_the_minutes_workbook_has_a_certification_column(two_meetings, cycle, group, staff):
    first, second = two_meetings
    services.minutes_certify(meeting=second, user=staff)
    result = export_document(kind="minutes", cycle=cycle, group=group, fmt="xlsx", user=staff)
    sheet = load_workbook(io.BytesIO(result.content))["การประชุม"]
    # Text cells follow the cycle's digits (Thai).
    rows = [row for row in sheet.iter_rows(values_only=True) if row and row[0] in ("๑/๒๕๖๔", "๒/๒๕๖๔")]
    assert [row[-1] for row in rows] == [
        "รับรองแล้ว ในการประชุมครั้งที่ ๒/๒๕๖๔ เมื่อวันที่ ๒๒ เมษายน ๒๕๖๔ โดยไม่มีการแก้ไข",
        "ยังไม่ได้รับรองรายงานการประชุม",
    ]


def test_the_meeting_page_shows_the_certification_both_ways(client, two_meetings, staff):
    first, second = two_meetings
    client.force_login(staff)
    page = client.get(first.get_absolute_url()).content.decode()
    assert "ยังไม่ได้รับรองรายงาน" in page
    response = client.post(
        reverse("meetings:minutes_certify", kwargs={"pk": second.pk}),
        {"outcome": "amended", "amendments": "แก้คำผิดในวาระที่ ๓"},
    )
    assert response.status_code == 302
    page = client.get(first.get_absolute_url()).content.decode()
    assert "รับรองแล้ว ในการประชุมครั้งที่ 2/2564" in page and "(มีการแก้ไข)" in page
    page = client.get(second.get_absolute_url()).content.decode()
    assert "แก้คำผิดในวาระที่ ๓" in page


def test_the_certify_form_asks_for_the_amendments_it_was_told_of(client, two_meetings, staff):
    _, second = two_meetings
    client.force_login(staff)
    response = client.post(
        reverse("meetings:minutes_certify", kwargs={"pk": second.pk}),
        {"outcome": "amended", "amendments": " "},
    )
    assert response.status_code == 200
    assert "กรุณาระบุการแก้ไขรายงานการประชุม" in response.content.decode()
    assert Meeting.objects.get(pk=second.pk).certifies_id is None


def test_a_refusal_shows_on_the_certify_form(client, cycle, group, staff):
    MeetingFactory(cycle=cycle, group=group, number=1, date=datetime.date(2021, 4, 8))
    second = MeetingFactory(cycle=cycle, group=group, number=2, date=datetime.date(2021, 4, 22))
    client.force_login(staff)
    response = client.post(
        reverse("meetings:minutes_certify", kwargs={"pk": second.pk}), {"outcome": "as_written"}
    )
    assert response.status_code == 200
    assert "ต้องยืนยันรายงานนั้นก่อนจึงจะรับรองได้" in response.content.decode()


def test_the_package_marks_uncertified_minutes(two_meetings, cycle, group, officer, staff):
    first, second = two_meetings
    result = export_document(kind="package", cycle=cycle, group=group, fmt="xlsx", user=officer)
    contents = load_workbook(io.BytesIO(result.content))["สารบัญ"]
    notes = [row[4] for row in contents.iter_rows(values_only=True) if row and row[0] == 2]
    assert notes == ["รายงานการประชุมครั้งที่ ๑/๒๕๖๔, ๒/๒๕๖๔ ยังไม่ได้รับรอง"]
    services.minutes_certify(meeting=second, user=staff)
    pdf = _text(export_document(kind="package", cycle=cycle, group=group, fmt="pdf", user=officer).content)
    assert normalise("รายงานการประชุมครั้งที่ ๒/๒๕๖๔ ยังไม่ได้รับรอง", drop_whitespace=True) in pdf
    assert normalise("รับรองแล้ว ในการประชุมครั้งที่ ๒/๒๕๖๔", drop_whitespace=True) in pdf
