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
from tests.registry import shapes
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
    # Each result has its colour; the preview waits for confirmation with its mapping editor.
    assert (page.count('class="table-danger"'), page.count('class="table-warning"')) == (2, 1)
    assert f'action="/registry/import/{batch.pk}/confirm/"' in page
    assert client.post(f"/registry/import/{batch.pk}/confirm/").status_code == 302
    assert (
        f'action="/registry/import/{batch.pk}/confirm/"'
        not in client.get(response["Location"]).content.decode()
    )
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
    client.post(f"{LIST}submit/", {"confirmed": "1"})
    assert progress_get(cycle=cycle, group=group, kind=StepKind.REGISTRY).status == ProgressStatus.SUBMITTED


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "url", [LIST, LIST + "?q=สม", LIST + "?q=ใจดีสมชาย", LIST + "pick/", LIST + "pick/?q=สม", "/registry/"]
)
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


# --- the year rule, real files, overrules, mappings --------------------------------------------


def test_import_page_says_which_cycle_each_year_feeds_and_defaults_to_the_year_picked_from(client, staff):
    client.force_login(staff)
    page = client.get("/registry/import/").content.decode()
    assert "ทะเบียนปี 2563 → รอบปีงบประมาณ 2564" in page
    assert 'name="fiscal_year" value="2563"' in page
    assert 'accept=".xlsx,.xls,.csv"' in page
    assert 'value="skip"' in page and 'value="update"' in page and 'value="fill"' in page


def test_preview_warns_when_no_cycle_reads_the_year(client, staff, phra_nakhon):
    client.force_login(staff)
    response = _upload(client, messy_workbook(), district=phra_nakhon.pk, year="2564")
    page = client.get(response["Location"]).content.decode()
    assert "ยังไม่มีรอบปีงบประมาณ 2565 ที่จะใช้ทะเบียนปี 2564" in page
    response = _upload(client, messy_workbook(), district=phra_nakhon.pk, year="2563")
    assert "ทะเบียนปี 2563 ใช้เลือกสมาชิกในรอบปีงบประมาณ 2564" in client.get(response["Location"]).content.decode()


def test_a_multi_sheet_workbook_preview_overrule_and_confirm(client, staff, phra_nakhon):
    client.force_login(staff)
    response = _upload(client, shapes.district_workbook(), name="พระนคร.xlsx", district=phra_nakhon.pk)
    batch = CommunityImport.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert "นำเข้าได้ 7 แถว (อาจซ้ำ 1 แถว นำเข้าไว้ให้ตรวจ) · ซ้ำ 1 แถว · ไม่ผ่าน 1 แถว" in page
    assert "หัวตาราง 2 แถว (แถวที่ 2–3)" in page and "ใช้ชื่อชีตเป็นแขวง: แขวงบวรนิเวศ" in page
    assert "สรุป: ข้าม (ไม่พบหัวตารางที่มีคอลัมน์ชื่อ)" in page
    assert "ซ้ำกับแถวที่ 4 ชีต “บวรนิเวศ” (ชื่อเดียวกัน)" in page
    assert "สังกัด ชมรมผู้สูงอายุวัดบวร" in page
    repeat = next(r for r in batch.rows if r["status"] == "duplicate")
    response = client.post(
        f"/registry/import/{batch.pk}/decide/", {"row": repeat["id"], "decision": "import"}
    )
    assert response["Location"] == f"/registry/import/{batch.pk}/#row-{repeat['id']}"
    page = client.get(f"/registry/import/{batch.pk}/").content.decode()
    assert "ผู้ใช้ยืนยันว่าเป็นคนละคน นำเข้า" in page and "กลับไปตามที่ระบบตรวจ" in page
    client.post(f"/registry/import/{batch.pk}/confirm/")
    assert CommunityMember.objects.filter(district=phra_nakhon).count() == 7  # 7 − 1 (cascade) + 1
    rejected = load_workbook(
        io.BytesIO(client.get(f"/registry/import/{batch.pk}/rejected.xlsx").content)
    ).active
    assert [row[:3] for row in rejected.iter_rows(min_row=1, max_row=1, values_only=True)] == [
        ("แถวในไฟล์เดิม", "ชีต", "ลำดับ")
    ]


def test_the_mapping_editor_reads_the_file_again(client, staff, phra_nakhon):
    client.force_login(staff)
    data = messy_workbook([[1, "นายหนึ่ง ดี", "ประธานชุมชน"]], header=["ลำดับ", "ชื่อ-สกุล", "หมายเหตุ"])
    _upload(client, data, district=phra_nakhon.pk)
    batch = CommunityImport.objects.get()
    page = client.get(f"/registry/import/{batch.pk}/").content.decode()
    assert '<input type="hidden" name="key" value="หมายเหตุ">' in page
    client.post(
        f"/registry/import/{batch.pk}/mapping/",
        {"key": ["ลำดับ", "ชื่อสกุล", "หมายเหตุ"], "field": ["seq", "full_name", "position"]},
    )
    batch.refresh_from_db()
    assert batch.rows[0]["data"]["position"] == "ประธานชุมชน"
    response = client.post(
        f"/registry/import/{batch.pk}/mapping/", {"key": ["ชื่อสกุล"], "field": [""]}, follow=True
    )
    assert "ต้องมีคอลัมน์ชื่อ-สกุล ชื่อ หรือชื่อองค์กร" in response.content.decode()


def test_choosing_update_on_the_preview_shows_the_changes(client, staff, phra_nakhon):
    from registry import services

    services.community_import_confirm(
        batch=services.community_import_preview(
            data=messy_workbook(), filename="a.xlsx", district=phra_nakhon, fiscal_year=2563, user=staff
        ),
        user=staff,
    )
    client.force_login(staff)
    corrected = messy_workbook([[1, "นายสมชาย ใจดี", "0899999999", "ชุมชนบ้านพานถม", "", "", "สิ่งแวดล้อม"]])
    _upload(client, corrected, district=phra_nakhon.pk)
    batch = CommunityImport.objects.latest("pk")
    client.post(f"/registry/import/{batch.pk}/mode/", {"mode": "update"})
    page = client.get(f"/registry/import/{batch.pk}/").content.decode()
    assert "ปรับปรุง 1 แถว" in page
    assert "เบอร์โทรศัพท์: 0812345678 → <strong>0899999999</strong>" in page


def test_pick_page_shows_the_years_that_have_rows_and_never_an_empty_page(client, staff, cycle, group):
    CommunityMemberFactory(fiscal_year=2564, first_name="ปีนี้")
    client.force_login(staff)
    page = client.get(f"{LIST}pick/").content.decode()
    # nothing for 2563 (the memo's year): the page shows 2564, says so, and lists its rows
    assert "ทะเบียนปี 2564" in page and "ปีนี้" in page
    assert "ยังไม่มีทะเบียนปี 2563 ของเขตในกลุ่มนี้ จึงแสดงทะเบียนปี 2564" in page
    for _ in range(2):
        CommunityMemberFactory(fiscal_year=2563)
    page = client.get(f"{LIST}pick/").content.decode()
    assert (
        'aria-current="page" href="?year=2563">ทะเบียนปี 2563 <span class="badge text-bg-light">2</span>'
        in page
    )
    assert "ปีนี้" not in page
    page = client.get(f"{LIST}pick/", {"year": "2564"}).content.decode()
    assert "ปีนี้" in page and "กำลังแสดงทะเบียนปี 2564 (รอบนี้ตามหนังสือสั่งการใช้ทะเบียนปี 2563)" in page
    row = CommunityMember.objects.get(first_name="ปีนี้")
    client.post(f"{LIST}pick/", {"pick": [row.pk], "year": "2564"})
    assert Member.objects.filter(source_community_member=row).exists()


def test_affiliation_is_shown_and_searchable(client, staff, cycle, group):
    MemberFactory(
        cycle=cycle, group=group, first_name="มาลี", last_name="ใจดี", organisation_name="ชมรมผู้สูงอายุวัดบวร"
    )
    MemberFactory(cycle=cycle, group=group, first_name="กัลยา", last_name="ศรีสุข")
    client.force_login(staff)
    page = client.get(LIST, {"q": "ชมรมผู้สูงอายุ"}).content.decode()
    assert "นางมาลี ใจดี" in page and "สังกัด ชมรมผู้สูงอายุวัดบวร" in page and "กัลยา" not in page


@pytest.mark.django_db(transaction=True)
def test_a_connection_lost_while_confirming_shows_a_thai_message_and_the_batch_can_be_retried(
    client, reference_data, make_user, lose_connection_mid_import
):
    from bangkok_network.models import District, DistrictGroup

    staff = make_user("group_staff", group=DistrictGroup.objects.get(code="bkk-central"))
    client.force_login(staff)
    _upload(client, shapes.district_workbook(), district=District.objects.get(code="1001").pk)
    batch = CommunityImport.objects.get()
    response = client.post(f"/registry/import/{batch.pk}/confirm/", follow=True)
    page = response.content.decode()
    assert response.status_code == 200 and lose_connection_mid_import
    assert "ฐานข้อมูลหยุดตอบสนองระหว่างนำเข้า (การเชื่อมต่อขาดหาย) ยังไม่มีข้อมูลใดถูกบันทึก" in page
    assert "ยืนยันนำเข้า" in page  # still a preview: the button is there to try again
    assert CommunityMember.objects.count() == 0
    client.post(f"/registry/import/{batch.pk}/confirm/")
    assert CommunityMember.objects.count() == 7


def test_a_search_says_how_many_it_found_and_stops_counting_past_the_limit(
    client, staff, cycle, group, monkeypatch
):
    from registry import selectors

    for n in range(4):
        MemberFactory(cycle=cycle, group=group, first_name=f"สมศักดิ์{n}", last_name="ทดสอบ")
    MemberFactory(cycle=cycle, group=group, first_name="กัลยา", last_name="ศรีสุข")
    client.force_login(staff)
    assert "พบ 4 ราย" in client.get(LIST, {"q": "ทดสอบสมศักดิ์"}).content.decode()
    monkeypatch.setattr(selectors, "SEARCH_COUNT_LIMIT", 3)
    page = client.get(LIST, {"q": "ทดสอบ", "page": "2"}).content.decode()
    assert "พบมากกว่า 3 ราย — ค้นให้แคบลงเพื่อดูทั้งหมด" in page
    assert "สมาชิกทั้งหมด 5 ราย" in page  # the group's totals stay exact


def test_a_deep_page_lists_the_right_rows_in_thai_order(client, staff, cycle, group):
    names = [f"ก{n:03d}" for n in range(55)]
    for name in reversed(names):
        MemberFactory(cycle=cycle, group=group, prefix="", first_name=name, last_name="ดี")
    client.force_login(staff)
    page = client.get(LIST, {"page": "2"}).content.decode()
    shown = [name for name in names if f">{name} ดี<" in page]
    assert shown == names[50:]
    assert "หน้า 2 จาก 2" in page


def test_list_lines_escape_what_people_typed(client, staff, cycle, group):
    MemberFactory(
        cycle=cycle,
        group=group,
        first_name="<script>alert(1)</script>",
        last_name="ดี",
        organisation_name='ชมรม "คนรัก" <b>คลอง</b>',
        network_role="<i>ประธาน</i>",
    )
    client.force_login(staff)
    page = client.get(LIST).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "สังกัด ชมรม &quot;คนรัก&quot; &lt;b&gt;คลอง&lt;/b&gt;" in page
    assert '<td data-label="บทบาทในเครือข่าย">&lt;i&gt;ประธาน&lt;/i&gt;</td>' in page


def test_member_form_hints_phone_id_and_be_dates(client, staff, cycle, group):
    from django.urls import reverse

    client.force_login(staff)
    page = client.get(
        reverse("registry:member_create", kwargs={"fiscal_year": cycle.fiscal_year, "code": group.code})
    ).content.decode()
    assert "9–10 หลัก เช่น 081-234-5678 หรือ 02-123-4567 มีขีดหรือไม่มีก็ได้" in page
    assert "ตัวเลข 13 หลัก ไม่ต้องใส่ขีด ระบบตรวจเลขหลักสุดท้าย" in page
    assert "วัน/เดือน/ปี พ.ศ. เช่น 17/05/2564" in page
    assert 'inputmode="tel"' in page
