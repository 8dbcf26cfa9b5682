"""Writes of the registry against the database: imports, members, duplicates, merge, PDPA, submit."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import models

from bangkok_network.models import AuditEntry, District, DistrictGroup, ProgressStatus, StepKind
from bangkok_network.selectors import progress_get
from registry import services
from registry.models import (
    ColumnMapping,
    CommunityImport,
    CommunityMember,
    Member,
    MemberKind,
    MemberSource,
)
from registry.services import RegistryError
from tests.registry import shapes
from tests.registry.factories import CommunityMemberFactory, MemberFactory, messy_workbook

pytestmark = pytest.mark.django_db


def _preview(staff, district, data=None):
    return services.community_import_preview(
        data=data or messy_workbook(), filename="พระนคร.xlsx", district=district, fiscal_year=2563, user=staff
    )


def test_import_preview_then_confirm_imports_good_rows_only(staff, phra_nakhon):
    batch = _preview(staff, phra_nakhon)
    assert (batch.imported_count, batch.duplicate_count, batch.rejected_count) == (2, 1, 2)
    assert CommunityMember.objects.count() == 0
    batch = services.community_import_confirm(batch=batch, user=staff)
    names = sorted(
        CommunityMember.objects.values_list("first_name", "phone", "fiscal_year", "district__code")
    )
    assert names == [("สมชาย", "0812345678", 2563, "1001"), ("สมหญิง", "0891234567", 2563, "1001")]
    assert batch.status == CommunityImport.Status.CONFIRMED
    assert batch.rows == []
    assert [r["row"] for r in batch.rejected] == [7, 8, 10]
    assert AuditEntry.objects.filter(action="registry.import.confirm", object_id=str(batch.pk)).count() == 1


def test_importing_the_same_file_again_flags_every_row_as_duplicate(staff, phra_nakhon):
    services.community_import_confirm(batch=_preview(staff, phra_nakhon), user=staff)
    again = _preview(staff, phra_nakhon)
    assert (again.imported_count, again.duplicate_count, again.rejected_count) == (0, 3, 2)


def test_confirm_rechecks_duplicates_added_since_the_preview(staff, phra_nakhon):
    first, second = _preview(staff, phra_nakhon), _preview(staff, phra_nakhon)
    services.community_import_confirm(batch=first, user=staff)
    second = services.community_import_confirm(batch=second, user=staff)
    assert second.imported_count == 0 and second.duplicate_count == 3
    assert CommunityMember.objects.count() == 2


def test_a_crash_mid_import_leaves_nothing_behind(staff, phra_nakhon):
    batch = _preview(staff, phra_nakhon)
    real = models.QuerySet.bulk_create

    def crash(self, objs, *args, **kwargs):
        real(self, list(objs)[:1], *args, **kwargs)
        raise ConnectionError("database connection lost")

    with mock.patch.object(models.QuerySet, "bulk_create", crash), pytest.raises(ConnectionError):
        services.community_import_confirm(batch=batch, user=staff)
    assert CommunityMember.objects.count() == 0
    batch.refresh_from_db()
    assert batch.status == CommunityImport.Status.PREVIEW


def test_confirming_twice_is_refused(staff, phra_nakhon):
    batch = services.community_import_confirm(batch=_preview(staff, phra_nakhon), user=staff)
    with pytest.raises(RegistryError, match="ยืนยันหรือยกเลิกไปแล้ว"):
        services.community_import_confirm(batch=batch, user=staff)


def test_adding_community_rows_keeps_their_source_and_starts_the_step(cycle, group, staff, phra_nakhon):
    rows = [
        CommunityMemberFactory(),
        CommunityMemberFactory(
            kind=MemberKind.ORGANISATION,
            first_name="",
            last_name="",
            prefix="",
            organisation_name="ชมรมรักษ์คลอง",
        ),
    ]
    created = services.members_add_from_community(
        cycle=cycle, group=group, community_members=rows, user=staff
    )
    assert [(m.source, m.source_community_member_id, m.kind) for m in created] == [
        (MemberSource.COMMUNITY, rows[0].pk, "person"),
        (MemberSource.COMMUNITY, rows[1].pk, "organisation"),
    ]
    assert progress_get(cycle=cycle, group=group, kind=StepKind.REGISTRY).status == ProgressStatus.IN_PROGRESS
    again = services.members_add_from_community(cycle=cycle, group=group, community_members=rows, user=staff)
    assert again == []
    assert Member.objects.filter(cycle=cycle, group=group).count() == 2


def test_community_rows_of_another_groups_district_are_refused(cycle, group, staff, bang_rak):
    row = CommunityMemberFactory(district=bang_rak)
    with pytest.raises(RegistryError, match="ไม่ได้อยู่ในเขตของกลุ่มกรุงเทพกลาง"):
        services.members_add_from_community(cycle=cycle, group=group, community_members=[row], user=staff)


def test_member_from_another_network_is_kept_with_history(cycle, group, staff, phra_nakhon):
    member = services.member_create(
        cycle=cycle,
        group=group,
        user=staff,
        kind="person",
        prefix="นาย",
        first_name="ประเสริฐ",
        last_name="มั่นคง",
        district=phra_nakhon,
        phone="๐๘๑ ๑๑๑ ๒๒๒๒",
        source_network="เครือข่ายคนรักคลอง",
    )
    assert member.source == MemberSource.OTHER_NETWORK and member.phone == "0811112222"
    services.member_update(member=member, user=staff, network_role="ผู้ประสานงาน")
    history = list(member.history.order_by("history_date"))
    assert [(h.history_type, h.history_user, h.network_role) for h in history] == [
        ("+", staff, ""),
        ("~", staff, "ผู้ประสานงาน"),
    ]


def test_member_in_a_district_outside_the_group_is_refused(cycle, group, staff, bang_rak):
    with pytest.raises(RegistryError, match="เขตบางรัก ไม่อยู่ในกลุ่มกรุงเทพกลาง"):
        services.member_create(
            cycle=cycle, group=group, user=staff, first_name="ก", last_name="ข", district=bang_rak
        )


def test_same_person_typed_differently_is_flagged_on_entry(cycle, group, staff, phra_nakhon):
    first = services.member_create(
        cycle=cycle,
        group=group,
        user=staff,
        prefix="นางสาว",
        first_name="สมหญิง",
        last_name="รักไทย",
        district=phra_nakhon,
        phone="0891234567",
    )
    by_name = services.member_create(
        cycle=cycle,
        group=group,
        user=staff,
        prefix="",
        first_name="สม\u200bหญิง",
        last_name="รัก ไทย",
        district=phra_nakhon,
    )
    by_phone = services.member_create(
        cycle=cycle,
        group=group,
        user=staff,
        first_name="หญิง",
        last_name="อื่น",
        district=phra_nakhon,
        phone="๐๘๙-๑๒๓-๔๕๖๗",
    )
    other = services.member_create(
        cycle=cycle, group=group, user=staff, first_name="คนอื่น", last_name="จริง", district=phra_nakhon
    )
    assert by_name.possible_duplicate_of == first
    assert by_phone.possible_duplicate_of == first
    assert other.possible_duplicate_of is None


def test_merge_keeps_every_reference_and_fills_gaps(cycle, group, staff):
    keep = MemberFactory(cycle=cycle, group=group, phone="", email="")
    remove = MemberFactory(cycle=cycle, group=group, phone="0811112222")
    flagged = MemberFactory(cycle=cycle, group=group, possible_duplicate_of=remove)
    merged = services.member_merge(keep=keep, remove=remove, user=staff)
    assert merged.phone == "0811112222"
    assert not Member.objects.filter(pk=remove.pk).exists()
    flagged.refresh_from_db()
    assert flagged.possible_duplicate_of is None
    assert AuditEntry.objects.filter(action="registry.member.merge", object_id=str(keep.pk)).exists()


def test_merge_repoints_attendance_and_drops_a_double_mark(cycle, group, staff):
    """Meetings' attendance points at Member; a merge moves it generically (no import of meetings)."""
    from datetime import date, time

    from meetings.models import Attendance, Meeting

    keep, remove = MemberFactory(cycle=cycle, group=group), MemberFactory(cycle=cycle, group=group)
    meetings = [
        Meeting.objects.create(
            cycle=cycle,
            group=group,
            number=n,
            year=2564,
            date=date(2021, 4, n),
            start_time=time(9),
            chair_name="ประธาน",
        )
        for n in (1, 2)
    ]
    Attendance.objects.create(meeting=meetings[0], member=keep)
    Attendance.objects.create(meeting=meetings[0], member=remove)  # both records marked at one meeting
    only_removed = Attendance.objects.create(meeting=meetings[1], member=remove)
    services.member_merge(keep=keep, remove=remove, user=staff)
    assert sorted(Attendance.objects.values_list("meeting__number", "member_id")) == [
        (1, keep.pk),
        (2, keep.pk),
    ]
    only_removed.refresh_from_db()
    assert only_removed.member_id == keep.pk


def test_merge_across_groups_is_refused(cycle, group, other_group, staff):
    with pytest.raises(RegistryError, match="กลุ่มและปีเดียวกัน"):
        services.member_merge(
            keep=MemberFactory(cycle=cycle, group=group),
            remove=MemberFactory(cycle=cycle, group=other_group),
            user=staff,
        )


def test_erase_blanks_personal_data_everywhere_but_keeps_the_row(cycle, group, staff):
    source = CommunityMemberFactory()
    member = services.members_add_from_community(
        cycle=cycle, group=group, community_members=[source], user=staff
    )[0]
    services.member_update(member=member, user=staff, email="x@example.test")
    services.member_erase(member=member, user=staff)
    member.refresh_from_db()
    source.refresh_from_db()
    assert member.is_erased and member.display_name == f"สมาชิกที่ลบข้อมูลแล้ว #{member.pk}"
    assert (member.first_name, member.phone, member.email, member.search_key) == ("", "", "", "")
    assert source.is_erased and source.first_name == "" and source.phone == ""
    assert set(member.history.values_list("first_name", flat=True)) == {""}
    assert set(member.history.values_list("email", flat=True)) == {""}
    assert Member.objects.filter(cycle=cycle, group=group).count() == 1
    with pytest.raises(RegistryError, match="ถูกลบตามคำขอแล้ว"):
        services.member_update(member=member, user=staff, first_name="กลับมา")


def test_personal_data_export_is_logged(cycle, group, staff):
    member = MemberFactory(cycle=cycle, group=group, phone="0812345678")
    data = services.member_personal_data(member=member, user=staff)
    assert data["โทรศัพท์"] == "0812345678" and data["ชื่อ"] == member.first_name
    entry = AuditEntry.objects.get(action="registry.personal_data.export")
    assert entry.actor == staff and entry.object_id == str(member.pk)


def test_consent_is_recorded_with_its_date(cycle, group, staff):
    from datetime import date

    member = services.member_set_consent(
        member=MemberFactory(cycle=cycle, group=group),
        user=staff,
        has_consent=True,
        consent_date=date(2021, 3, 15),
    )
    assert (member.has_consent, member.consent_date) == (True, date(2021, 3, 15))
    member = services.member_set_consent(member=member, user=staff, has_consent=False)
    assert (member.has_consent, member.consent_date) == (False, None)


def test_submit_needs_an_active_member_then_marks_the_step_submitted(cycle, group, staff):
    with pytest.raises(RegistryError, match="ยังไม่มีสมาชิก"):
        services.registry_submit(cycle=cycle, group=group, user=staff)
    MemberFactory(cycle=cycle, group=group)
    progress = services.registry_submit(cycle=cycle, group=group, user=staff)
    assert progress.status == ProgressStatus.SUBMITTED and progress.acted_by == staff


def test_national_id_is_checked(cycle, group, staff, phra_nakhon):
    with pytest.raises(RegistryError, match="เลขประจำตัวประชาชนไม่ถูกต้อง"):
        services.member_create(
            cycle=cycle,
            group=group,
            user=staff,
            first_name="ก",
            last_name="ข",
            district=phra_nakhon,
            national_id="1101700230705",
        )


def test_erase_also_blanks_the_persons_rows_kept_in_uploads(cycle, group, staff, phra_nakhon):
    batch = services.community_import_confirm(batch=_preview(staff, phra_nakhon), user=staff)
    assert any("สมชาย ใจดี" in row["raw"] for row in batch.rejected)  # row 7, a duplicate of row 4
    somchai = CommunityMember.objects.get(first_name="สมชาย")
    member = services.members_add_from_community(
        cycle=cycle, group=group, community_members=[somchai], user=staff
    )[0]
    services.member_erase(member=member, user=staff)
    batch.refresh_from_db()
    texts = str(batch.rejected)
    assert "สมชาย" not in texts and "0812345678" not in texts
    assert "นางมาลี ศรีสุข" in texts  # other people's rejected rows stay for the district to fix


def test_consent_given_in_the_form_without_a_date_is_dated_today_and_cleared_when_withdrawn(
    cycle, group, staff, phra_nakhon
):
    from django.utils import timezone

    member = services.member_create(
        cycle=cycle,
        group=group,
        user=staff,
        first_name="ก",
        last_name="ข",
        district=phra_nakhon,
        has_consent=True,
    )
    assert member.consent_date == timezone.localdate()
    member = services.member_update(
        member=member, user=staff, has_consent=False, consent_date=member.consent_date
    )
    member.refresh_from_db()
    assert (member.has_consent, member.consent_date) == (False, None)


# --- real district files, re-imports, decisions, mappings --------------------------------------


def _district_preview(staff, district, data=None, mode="skip"):
    return services.community_import_preview(
        data=data or shapes.district_workbook(),
        filename="พระนคร-แยกแขวง.xlsx",
        district=district,
        fiscal_year=2563,
        user=staff,
        mode=mode,
    )


def test_a_district_workbook_imports_people_with_their_affiliation_and_subdistrict(staff, phra_nakhon):
    data = shapes.district_workbook()
    batch = _district_preview(staff, phra_nakhon, data)
    assert (batch.imported_count, batch.possible_count, batch.duplicate_count, batch.rejected_count) == (
        7,
        1,
        1,
        1,
    )
    assert batch.file_format == "xlsx" and bytes(batch.source_file) == data
    batch = services.community_import_confirm(batch=batch, user=staff)
    assert batch.source_file is None and batch.rows == []
    people = {
        (m.kind, m.display_name, m.affiliation, m.subdistrict)
        for m in CommunityMember.objects.filter(district=phra_nakhon, fiscal_year=2563)
    }
    assert ("person", "นางมาลี ใจดี", "ชมรมผู้สูงอายุวัดบวร", "บวรนิเวศ") in people
    assert ("organisation", "ชมรมผู้สูงอายุวัดบวร", "", "บวรนิเวศ") in people
    assert ("person", "นายประเสริฐ มั่นคง", "กลุ่มอาสาสมัครสาธารณสุข", "ศาลเจ้าพ่อเสือ") in people
    assert len(people) == 7
    # the club's search key holds its name; a member's holds their club too
    assert CommunityMember.objects.filter(search_key__contains="ชมรมผู้สูงอายุวัดบวร").count() == 4


def test_overruling_a_flagged_row_imports_it_and_leaving_out_a_possible_one(staff, phra_nakhon):
    batch = _district_preview(staff, phra_nakhon)
    repeat = next(r for r in batch.rows if r["status"] == "duplicate")  # บวรนิเวศ row 8 = row 4
    possible = next(r for r in batch.rows if r["status"] == "possible")  # the wife, same phone
    batch = services.community_import_decide(batch=batch, row_id=repeat["id"], decision="import", user=staff)
    batch = services.community_import_decide(batch=batch, row_id=possible["id"], decision="skip", user=staff)
    # Row 8 now stands as a Somchai of its own, with no ID number: the Somchai of the other sheet
    # (who has one) is no longer told apart from him by the rule, and says so.
    assert (batch.imported_count, batch.possible_count, batch.duplicate_count) == (6, 0, 2)
    assert [r["problems"] for r in batch.rows if r["sheet"] == "ศาลเจ้าพ่อเสือ" and r["row"] == 5] == [
        ["ซ้ำกับแถวที่ 8 ชีต “บวรนิเวศ” (ชื่อเดียวกัน)"]
    ]
    services.community_import_confirm(batch=batch, user=staff)
    assert (
        CommunityMember.objects.filter(first_name__in=["สมชาย", "สม ชาย"], subdistrict="บวรนิเวศ").count() == 2
    )
    assert not CommunityMember.objects.filter(first_name="มาลี").exists()
    assert AuditEntry.objects.filter(action="registry.import.decide").count() == 2


def test_a_rejected_row_cannot_be_overruled(staff, phra_nakhon):
    batch = _district_preview(staff, phra_nakhon)
    bad = next(r for r in batch.rows if r["status"] == "rejected")
    with pytest.raises(RegistryError, match="แถวนี้นำเข้าไม่ได้"):
        services.community_import_decide(batch=batch, row_id=bad["id"], decision="import", user=staff)


def test_a_corrected_reimport_updates_or_fills_as_chosen_and_shows_the_changes(staff, phra_nakhon):
    services.community_import_confirm(batch=_preview(staff, phra_nakhon), user=staff)
    somchai = CommunityMember.objects.get(first_name="สมชาย")
    assert (somchai.community, somchai.interest) == ("ชุมชนบ้านพานถม", "สิ่งแวดล้อม")
    corrected = messy_workbook(
        [
            [1, "นาย สมชาย ใจดี", "0899999999", "ชุมชนวัดสังเวช", "", "", "สิ่งแวดล้อม"],
            [2, "นางสาวสมหญิง รักไทย", "", "", "new@example.test", "", ""],
        ]
    )
    batch = _preview(staff, phra_nakhon, corrected)
    assert (batch.imported_count, batch.updated_count, batch.duplicate_count) == (0, 0, 2)
    batch = services.community_import_set_mode(batch=batch, mode="update", user=staff)
    assert (batch.updated_count, batch.duplicate_count) == (2, 0)
    changes = {r["data"]["first_name"]: r["changes"] for r in batch.rows}
    assert changes["สมชาย"] == [
        {"field": "community", "label": "ชุมชน", "old": "ชุมชนบ้านพานถม", "new": "ชุมชนวัดสังเวช"},
        {"field": "phone", "label": "เบอร์โทรศัพท์", "old": "0812345678", "new": "0899999999"},
    ]
    batch = services.community_import_set_mode(batch=batch, mode="fill", user=staff)
    assert (batch.updated_count, batch.duplicate_count) == (1, 1)  # only Somying's blank e-mail
    batch = services.community_import_set_mode(batch=batch, mode="update", user=staff)
    batch = services.community_import_confirm(batch=batch, user=staff)
    somchai.refresh_from_db()
    assert (somchai.phone, somchai.phone_key, somchai.community) == (
        "0899999999",
        "0899999999",
        "ชุมชนวัดสังเวช",
    )
    assert CommunityMember.objects.get(first_name="สมหญิง").email == "new@example.test"
    assert CommunityMember.objects.count() == 2
    entry = AuditEntry.objects.get(action="registry.import.confirm", object_id=str(batch.pk))
    assert entry.details["updated"] == 2


def test_a_wrong_guess_is_fixed_by_remapping_and_remembered_for_the_district(staff, phra_nakhon):
    data = messy_workbook([[1, "นายหนึ่ง ดี", "ประธานชุมชน"]], header=["ลำดับ", "ชื่อ-สกุล", "หมายเหตุ"])
    batch = _preview(staff, phra_nakhon, data)
    assert batch.rows[0]["data"]["position"] == ""
    batch = services.community_import_remap(batch=batch, mapping={"หมายเหตุ": "position"}, user=staff)
    assert batch.rows[0]["data"]["position"] == "ประธานชุมชน"
    assert batch.sheets[0]["origins"] == ["guessed", "guessed", "edited"]
    services.community_import_confirm(batch=batch, user=staff)
    assert ColumnMapping.objects.get(district=phra_nakhon).columns == {
        "ลำดับ": "seq",
        "ชื่อสกุล": "full_name",
        "หมายเหตุ": "position",
    }
    again = _preview(
        staff,
        phra_nakhon,
        messy_workbook([[1, "นายสอง ดี", "เลขานุการ"]], header=["ลำดับ", "ชื่อ-สกุล", "หมายเหตุ"]),
    )
    assert again.rows[0]["data"]["position"] == "เลขานุการ"
    assert again.sheets[0]["origins"] == ["saved", "saved", "saved"]


def test_a_mapping_without_a_name_column_is_refused(staff, phra_nakhon):
    batch = _preview(staff, phra_nakhon)
    with pytest.raises(RegistryError, match="ต้องมีคอลัมน์ชื่อ-สกุล"):
        services.community_import_remap(batch=batch, mapping={"ชื่อสกุล": ""}, user=staff)
    batch.refresh_from_db()
    assert batch.mapping == {} and batch.imported_count == 2


def test_confirm_rechecks_the_registry_and_keeps_decisions(staff, phra_nakhon):
    first = _district_preview(staff, phra_nakhon)
    second = _district_preview(staff, phra_nakhon)
    repeat = next(r for r in second.rows if r["status"] == "duplicate")
    second = services.community_import_decide(
        batch=second, row_id=repeat["id"], decision="import", user=staff
    )
    services.community_import_confirm(batch=first, user=staff)
    second = services.community_import_confirm(batch=second, user=staff)
    # everyone else is in the registry now; the row the user said is another person still goes in
    assert (second.imported_count, second.duplicate_count, second.rejected_count) == (1, 7, 1)
    assert CommunityMember.objects.count() == 8


@pytest.mark.django_db(transaction=True)
def test_a_connection_lost_mid_import_is_a_thai_message_and_the_import_can_be_retried(
    reference_data, make_user, lose_connection_mid_import
):
    staff = make_user("group_staff", group=DistrictGroup.objects.get(code="bkk-central"))
    district = District.objects.get(code="1001")
    batch = _district_preview(staff, district)
    with pytest.raises(RegistryError, match="ฐานข้อมูลหยุดตอบสนองระหว่างนำเข้า") as caught:
        services.community_import_confirm(batch=batch, user=staff)
    assert "ยังไม่มีข้อมูลใดถูกบันทึก" in str(caught.value)
    assert lose_connection_mid_import  # the backend was really terminated mid-import
    assert CommunityMember.objects.count() == 0  # on a new connection: the half-import rolled back
    batch.refresh_from_db()
    assert batch.status == CommunityImport.Status.PREVIEW and batch.imported_count == 7
    batch = services.community_import_confirm(batch=batch, user=staff)
    assert (batch.status, CommunityMember.objects.count()) == (CommunityImport.Status.CONFIRMED, 7)


def test_erasing_a_person_scrubs_previews_that_name_them(cycle, group, staff, phra_nakhon):
    services.community_import_confirm(batch=_preview(staff, phra_nakhon), user=staff)
    waiting = _preview(staff, phra_nakhon)
    somchai = CommunityMember.objects.get(first_name="สมชาย")
    services.community_member_erase(community_member=somchai, user=staff)
    waiting.refresh_from_db()
    assert "สมชาย" not in str(waiting.rows) and waiting.source_file is None
    with pytest.raises(RegistryError, match="อัปโหลดไฟล์อีกครั้ง"):
        services.community_import_remap(batch=waiting, mapping={}, user=staff)
