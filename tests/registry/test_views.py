"""Pages of the registry through the client: import flow, picking, adding, search, masking, queries."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from bangkok_network.models import AuditEntry, ProgressStatus, StepKind
from bangkok_network.selectors import progress_get
from registry.models import CommunityImport, CommunityMember, Member
from tests.registry.factories import CommunityMemberFactory, MemberFactory, messy_workbook

pytestmark = pytest.mark.django_db
LIST = "/registry/2564/bkk-central/"


def _upload(client, data, name="พระนคร.xlsx", district=None, year="๒๕๖๓"):
    return client.post(
        "/registry/import/",
        {
            "district": district,
            "fiscal_year": year,
            "file": SimpleUploadedFile(name, data),
        },
    )


def test_upload_preview_confirm_and_download_rejected_rows(client, staff, phra_nakhon):
    client.force_login(staff)
    response = _upload(client, messy_workbook(), district=phra_nakhon.pk)
    batch = CommunityImport.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/registry/import/{batch.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "นำเข้าได้ 2 แถว · ซ้ำ 1 แถว · ไม่ผ่าน 2 แถว" in page
    assert "ซ้ำกับแถวที่ 4 ในไฟล์นี้" in page
    assert "อีเมล “not-an-email” ไม่ถูกต้อง" in page
    assert client.post(f"/registry/import/{batch.pk}/confirm/").status_code == 302
    assert CommunityMember.objects.filter(district=phra_nakhon, fiscal_year=2563).count() == 2
    rejected = client.get(f"/registry/import/{batch.pk}/rejected.xlsx")
    rows = list(load_workbook(io.BytesIO(rejected.content)).active.values)
    assert rows[0][-1] == "ข้อผิดพลาด" and len(rows) == 4
    assert AuditEntry.objects.filter(action="registry.personal_data.download", actor=staff).count() == 1


def test_a_refused_file_rerenders_the_form_with_a_thai_message_and_keeps_the_fields(
    client, staff, phra_nakhon
):
    client.force_login(staff)
    response = _upload(client, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, district=phra_nakhon.pk)
    page = response.content.decode()
    assert response.status_code == 200
    assert "ไฟล์ Excel รุ่นเก่า (.xls) นี้เสียหาย หรือถูกตั้งรหัสผ่านไว้" in page
    assert 'value="๒๕๖๓"' in page
    assert f'<option value="{phra_nakhon.pk}" selected>' in page
    assert CommunityImport.objects.count() == 0


def test_a_christian_era_year_is_refused(client, staff, phra_nakhon):
    client.force_login(staff)
    page = _upload(client, messy_workbook(), district=phra_nakhon.pk, year="2020").content.decode()
    assert "ดูเหมือนเป็นปี ค.ศ." in page


def test_group_staff_cannot_import_for_another_groups_district(client, staff, bang_rak):
    client.force_login(staff)
    page = _upload(client, messy_workbook(), district=bang_rak.pk).content.decode()
    assert "เลือกตัวเลือกที่ถูกต้อง" in page
    assert CommunityImport.objects.count() == 0


def test_pick_many_community_rows_into_the_registry(client, staff, cycle, group):
    rows = [CommunityMemberFactory() for _ in range(3)]
    client.force_login(staff)
    page = client.get(f"{LIST}pick/").content.decode()
    assert rows[0].display_name in page
    response = client.post(f"{LIST}pick/", {"pick": [rows[0].pk, rows[2].pk]})
    assert response.status_code == 302
    assert set(Member.objects.values_list("source_community_member_id", flat=True)) == {
        rows[0].pk,
        rows[2].pk,
    }
    assert progress_get(cycle=cycle, group=group, kind=StepKind.REGISTRY).status == ProgressStatus.IN_PROGRESS
    assert "อยู่ในทะเบียนแล้ว" in client.get(f"{LIST}pick/").content.decode()


def test_add_member_with_html_and_bad_date_keeps_what_was_typed(client, staff, phra_nakhon):
    client.force_login(staff)
    data = {
        "kind": "person",
        "prefix": "นาย",
        "first_name": "<b>สมศักดิ์</b>",
        "last_name": "ดีมาก",
        "district": phra_nakhon.pk,
        "has_consent": "on",
        "consent_date": "31/02/2564",
        "is_active": "on",
    }
    page = client.post(f"{LIST}members/new/", data).content.decode()
    assert "อ่านวันที่ “31/02/2564” ไม่ได้" in page
    assert "&lt;b&gt;สมศักดิ์&lt;/b&gt;" in page
    assert Member.objects.count() == 0
    data["consent_date"] = "๑๕/๐๓/๒๕๖๔"
    response = client.post(f"{LIST}members/new/", data)
    member = Member.objects.get()
    assert response["Location"] == f"/registry/members/{member.pk}/"
    assert member.first_name == "<b>สมศักดิ์</b>" and str(member.consent_date) == "2021-03-15"
    assert "&lt;b&gt;สมศักดิ์&lt;/b&gt;" in client.get(response["Location"]).content.decode()


def test_entering_a_duplicate_warns(client, staff, cycle, group, phra_nakhon):
    MemberFactory(cycle=cycle, group=group, prefix="นาง", first_name="มาลี", last_name="ศรีสุข")
    client.force_login(staff)
    data = {
        "kind": "person",
        "prefix": "",
        "first_name": "มา ลี",
        "last_name": "ศรี\u200bสุข",
        "district": phra_nakhon.pk,
        "is_active": "on",
    }
    page = client.post(f"{LIST}members/new/", data, follow=True).content.decode()
    assert "อาจซ้ำกับ “นางมาลี ศรีสุข”" in page


@pytest.mark.parametrize(
    "query", ["สมชาย", "ชายใจ", "สมชาย ใจดี", "นายสมชายใจดี", "๐๘๑๒", "081-2", "ใจดี สมชาย"]
)
def test_thai_search_finds_by_any_part_with_or_without_spaces_and_thai_digits(
    client, staff, cycle, group, query
):
    MemberFactory(
        cycle=cycle, group=group, prefix="นาย", first_name="สมชาย", last_name="ใจดี", phone="0812345678"
    )
    MemberFactory(
        cycle=cycle, group=group, prefix="นาย", first_name="สมศักดิ์", last_name="รักดี", phone="0899999999"
    )
    client.force_login(staff)
    page = client.get(LIST, {"q": query}).content.decode()
    assert "นายสมชาย ใจดี" in page
    assert "นายสมศักดิ์ รักดี" not in page


def test_list_is_in_thai_order_ignoring_titles(client, staff, cycle, group):
    for prefix, name in (("นาย", "อำนาจ"), ("นางสาว", "กัลยา"), ("นาง", "เกษร"), ("", "ขวัญใจ")):
        MemberFactory(cycle=cycle, group=group, prefix=prefix, first_name=name)
    client.force_login(staff)
    page = client.get(LIST).content.decode()
    positions = [page.index(name) for name in ("กัลยา", "เกษร", "ขวัญใจ", "อำนาจ")]
    assert positions == sorted(positions)


def test_executive_sees_contact_details_masked_and_staff_in_full(client, staff, executive, cycle, group):
    member = MemberFactory(cycle=cycle, group=group, phone="0812345678", email="a.person@example.test")
    client.force_login(executive)
    page = client.get(f"/registry/members/{member.pk}/").content.decode()
    assert "0812345678" not in page and "••••••••78" in page and "a.person@example.test" not in page
    assert client.get(f"/registry/members/{member.pk}/data.json").status_code == 403
    client.force_login(staff)
    assert "0812345678" in client.get(f"/registry/members/{member.pk}/").content.decode()


def test_subject_access_export_and_erasure(client, staff, cycle, group):
    member = MemberFactory(cycle=cycle, group=group, phone="0812345678")
    client.force_login(staff)
    data = client.get(f"/registry/members/{member.pk}/data.json").json()
    assert data["โทรศัพท์"] == "0812345678"
    client.post(f"/registry/members/{member.pk}/erase/")
    page = client.get(f"/registry/members/{member.pk}/").content.decode()
    assert f"สมาชิกที่ลบข้อมูลแล้ว #{member.pk}" in page and "0812345678" not in page


def test_merge_from_the_member_page(client, staff, cycle, group):
    keep = MemberFactory(cycle=cycle, group=group, first_name="มาลี", last_name="ศรีสุข")
    other = MemberFactory(cycle=cycle, group=group, first_name="มาลี", last_name="ศรีสุข", prefix="")
    client.force_login(staff)
    assert "รวมเข้ากับรายการนี้" in client.get(f"/registry/members/{keep.pk}/").content.decode()
    assert "มาลี" in client.get(f"{LIST}duplicates/").content.decode()
    client.post(f"/registry/members/{keep.pk}/merge/", {"other": other.pk})
    assert list(Member.objects.values_list("pk", flat=True)) == [keep.pk]


def test_submit_sends_the_registry(client, staff, cycle, group):
    MemberFactory(cycle=cycle, group=group)
    client.force_login(staff)
    client.post(f"{LIST}submit/")
    assert progress_get(cycle=cycle, group=group, kind=StepKind.REGISTRY).status == ProgressStatus.SUBMITTED


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", [LIST, LIST + "?q=สม", LIST + "pick/", LIST + "pick/?q=สม", "/registry/"])
def test_pages_use_the_same_number_of_queries_for_5_and_60_rows(client, officer, staff, cycle, group, url):
    def add(n):
        for _ in range(n):
            MemberFactory(cycle=cycle, group=group)
            CommunityMemberFactory()

    user = officer if url == "/registry/" else staff
    client.force_login(user)
    add(5)
    small = _queries(client, url)
    add(55)
    assert _queries(client, url) == small


def test_member_page_queries_do_not_grow_with_history(client, staff, cycle, group):
    from registry import services

    member = MemberFactory(cycle=cycle, group=group)
    client.force_login(staff)
    services.member_update(member=member, user=staff, network_role="ก")
    small = _queries(client, f"/registry/members/{member.pk}/")
    for n in range(10):
        services.member_update(member=member, user=staff, network_role=f"บทบาท{n}")
    assert _queries(client, f"/registry/members/{member.pk}/") == small


def test_template_download(client, staff):
    client.force_login(staff)
    response = client.get("/registry/import/template.xlsx")
    header = [c.value for c in load_workbook(io.BytesIO(response.content)).active[1]]
    assert header[:4] == ["ลำดับ", "คำนำหน้า", "ชื่อ", "นามสกุล"]


def test_member_page_shows_who_changed_what(client, staff, cycle, group):
    from registry import services

    member = MemberFactory(cycle=cycle, group=group)
    services.member_update(member=member, user=staff, network_role="เลขานุการ", interest="ผู้สูงอายุ")
    client.force_login(staff)
    page = client.get(f"/registry/members/{member.pk}/").content.decode()
    assert "แก้ไข: ด้านที่สนใจ, บทบาทในเครือข่าย" in page
    assert staff.get_full_name() in page
