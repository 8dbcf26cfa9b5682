"""manage.py import_community_registry FILE --district CODE --fiscal-year YEAR [--dry-run] [--mode],
and manage.py rebuild_registry_keys."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from registry import text
from registry.models import CommunityImport, CommunityMember, Member
from tests.registry import shapes
from tests.registry.factories import CommunityMemberFactory, MemberFactory, messy_workbook

pytestmark = pytest.mark.django_db


def _run(*args, command="import_community_registry") -> str:
    out = io.StringIO()
    call_command(command, *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_dry_run_prints_counts_and_writes_nothing(reference_data, tmp_path):
    path = tmp_path / "พระนคร.xlsx"
    path.write_bytes(messy_workbook())
    output = _run(str(path), "--district", "1001", "--fiscal-year", "2563", "--dry-run")
    assert "imported=2 duplicate=1 rejected=2" in output
    assert "นำเข้า 2 แถว, ซ้ำ 1 แถว, ไม่ผ่าน 2 แถว" in output
    assert "ทะเบียนปี 2563 ใช้เลือกสมาชิกในรอบปีงบประมาณ 2564" in output
    assert CommunityMember.objects.count() == 0 and CommunityImport.objects.count() == 0


def test_import_then_rerun_counts_duplicates_and_writes_rejected_rows(reference_data, tmp_path):
    path = tmp_path / "registry.xlsx"
    path.write_bytes(messy_workbook())
    assert "imported=2 duplicate=1 rejected=2" in _run(
        str(path), "--district", "1001", "--fiscal-year", "๒๕๖๓"
    )
    rejected = tmp_path / "rejected.xlsx"
    again = _run(str(path), "--district", "1001", "--fiscal-year", "2563", "--rejected", str(rejected))
    assert "imported=0 duplicate=3 rejected=2" in again
    assert CommunityMember.objects.count() == 2
    assert len(list(load_workbook(rejected).active.values)) == 1 + 5


def test_a_multi_sheet_workbook_prints_its_sheets_and_the_rows_to_review(reference_data, tmp_path):
    path = tmp_path / "พระนคร-แยกแขวง.xlsx"
    path.write_bytes(shapes.district_workbook())
    output = _run(str(path), "--district", "1001", "--fiscal-year", "2563")
    assert "imported=7 duplicate=1 rejected=1 updated=0 possible=1" in output
    assert "  ชีต “บวรนิเวศ”: 6 แถว (แขวงบวรนิเวศ จากชื่อชีต)" in output
    assert "  ชีต “สรุป”: ข้าม (ไม่พบหัวตารางที่มีคอลัมน์ชื่อ)" in output
    assert (
        "  ชีต “บวรนิเวศ” แถวที่ 5: อาจซ้ำกับแถวที่ 4 ชีต “บวรนิเวศ” (เบอร์โทรศัพท์เดียวกัน) — นำเข้าไว้ ตรวจสอบได้" in output
    )
    assert CommunityMember.objects.count() == 7
    assert set(CommunityMember.objects.values_list("subdistrict", flat=True)) == {"บวรนิเวศ", "ศาลเจ้าพ่อเสือ"}


@pytest.mark.parametrize(
    ("name", "build"),
    [("legacy.xls", shapes.legacy_xls), ("thai-windows.csv", lambda: shapes.csv_file("cp874"))],
)
def test_xls_and_thai_csv_import_from_the_command_line(reference_data, tmp_path, name, build):
    path = tmp_path / name
    path.write_bytes(build())
    output = _run(str(path), "--district", "1001", "--fiscal-year", "2563")
    assert output.splitlines()[0].endswith(
        "rejected=1 updated=0 possible=1" if name.endswith("xls") else "rejected=0 updated=0 possible=1"
    )
    assert CommunityMember.objects.filter(first_name="กัลยา", last_name="ศรีสุข").count() == 1


def test_a_corrected_file_updates_people_with_mode_update(reference_data, tmp_path):
    path = tmp_path / "registry.xlsx"
    path.write_bytes(messy_workbook())
    _run(str(path), "--district", "1001", "--fiscal-year", "2563")
    corrected = messy_workbook([[1, "นายสมชาย ใจดี", "0899999999", "ชุมชนใหม่", "", "", "สิ่งแวดล้อม"]])
    path.write_bytes(corrected)
    assert "imported=0 duplicate=1 rejected=0 updated=0" in _run(
        str(path), "--district", "1001", "--fiscal-year", "2563", "--dry-run"
    )
    output = _run(str(path), "--district", "1001", "--fiscal-year", "2563", "--mode", "update")
    assert "imported=0 duplicate=0 rejected=0 updated=1" in output
    somchai = CommunityMember.objects.get(first_name="สมชาย")
    assert (somchai.phone, somchai.community, somchai.phone_key) == ("0899999999", "ชุมชนใหม่", "0899999999")


def test_a_year_no_cycle_reads_is_warned_about(reference_data, tmp_path):
    path = tmp_path / "registry.xlsx"
    path.write_bytes(messy_workbook())
    err = io.StringIO()
    call_command(
        "import_community_registry",
        str(path),
        "--district",
        "1001",
        "--fiscal-year",
        "2564",
        "--dry-run",
        stdout=io.StringIO(),
        stderr=err,
    )
    assert "คำเตือน: ยังไม่มีรอบปีงบประมาณ 2565 ที่จะใช้ทะเบียนปี 2564" in err.getvalue()


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", ("--district", "1001", "--fiscal-year", "2563"), "ไม่ใช่ไฟล์ Excel"),
        (b"not a workbook", ("--district", "1001", "--fiscal-year", "2563"), "ไม่พบแถวหัวตาราง"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64,
            ("--district", "1001", "--fiscal-year", "2563"),
            "รหัสผ่าน",
        ),
        (None, ("--district", "9999", "--fiscal-year", "2563"), "ไม่รู้จักรหัสเขต"),
        (None, ("--district", "1001", "--fiscal-year", "2020"), "ปี ค.ศ."),
    ],
)
def test_refused_input_exits_non_zero_with_a_thai_message(reference_data, tmp_path, content, args, message):
    path = tmp_path / "file.xlsx"
    path.write_bytes(content if content is not None else messy_workbook())
    with pytest.raises(CommandError, match=message):
        _run(str(path), *args)
    assert CommunityMember.objects.count() == 0 and CommunityImport.objects.count() == 0


def test_rebuild_registry_keys_fixes_stale_keys_only(reference_data, cycle, group):
    fresh = CommunityMemberFactory(first_name="สมชาย", last_name="ใจดี")
    stale = MemberFactory(cycle=cycle, group=group, first_name="กัลยา", last_name="ศรีสุข")
    Member.objects.filter(pk=stale.pk).update(sort_key="old rule", search_key="old rule")
    assert "ตรวจ 1 แถว คีย์เปลี่ยน 1 แถว (ไม่บันทึก)" in _run("--dry-run", command="rebuild_registry_keys")
    assert Member.objects.get(pk=stale.pk).sort_key == "old rule"
    output = _run(command="rebuild_registry_keys")
    assert "ทะเบียนบัญชีประชาคมเขต: ตรวจ 1 แถว คีย์เปลี่ยน 0 แถว" in output
    assert "ทะเบียนบัญชีประชาสังคม: ตรวจ 1 แถว คีย์เปลี่ยน 1 แถว" in output
    stale.refresh_from_db()
    assert (stale.sort_key, stale.search_key) == (
        text.keys_for(stale)["sort_key"],
        text.keys_for(stale)["search_key"],
    )
    assert CommunityMember.objects.get(pk=fresh.pk).search_key == text.keys_for(fresh)["search_key"]


@pytest.mark.django_db(transaction=True)
def test_a_connection_lost_mid_import_exits_with_a_thai_message_and_a_rerun_works(
    reference_data, tmp_path, lose_connection_mid_import
):
    path = tmp_path / "พระนคร-แยกแขวง.xlsx"
    path.write_bytes(shapes.district_workbook())
    with pytest.raises(CommandError, match="ฐานข้อมูลหยุดตอบสนองระหว่างนำเข้า") as caught:
        _run(str(path), "--district", "1001", "--fiscal-year", "2563")
    assert "สั่งคำสั่งเดิมอีกครั้งได้" in str(caught.value) and lose_connection_mid_import
    assert CommunityMember.objects.count() == 0
    assert list(CommunityImport.objects.values_list("status", flat=True)) == ["cancelled"]
    assert "imported=7 duplicate=1 rejected=1" in _run(
        str(path), "--district", "1001", "--fiscal-year", "2563"
    )
    assert CommunityMember.objects.count() == 7


def test_the_downloaded_template_filled_in_imports_exactly_the_filled_rows(reference_data, tmp_path, client):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.create_superuser("template-admin", "a@example.test", "x"))
    response = client.get("/registry/import/template.xlsx")
    book = load_workbook(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    )
    assert book.sheetnames == ["ทะเบียนบัญชีประชาคมเขต", "คำอธิบาย"]
    sheet = book["ทะเบียนบัญชีประชาคมเขต"]
    headers = [c.value for c in sheet[1]]
    example = dict(zip(headers, [c.value for c in sheet[2]], strict=True))
    assert (example["ลำดับ"], example["ชื่อ"], example["เบอร์โทรศัพท์"]) == ("ตัวอย่าง", "สมศรี", "081-234-5678")
    rows = list(book["คำอธิบาย"].iter_rows(values_only=True))
    top = rows.index(("คอลัมน์", "ต้องกรอก", "วิธีกรอก", "ตัวอย่าง"))
    help_rows = {row[0]: row for row in rows[top + 1 :]}
    assert set(help_rows) == set(headers)  # every column explained
    assert "พ.ศ." in help_rows["วันที่ขึ้นทะเบียน"][2] and "13 หลัก" in help_rows["เลขประจำตัวประชาชน"][2]
    for number, (first, last, phone) in enumerate(
        [("กมล", "สายสุข", "0812345678"), ("ขจร", "ใจงาม", "02-123-4567")], start=1
    ):
        row = {"ลำดับ": number, "คำนำหน้า": "นาย", "ชื่อ": first, "นามสกุล": last, "เบอร์โทรศัพท์": phone}
        sheet.append([row.get(h) for h in headers])
    path = tmp_path / "filled.xlsx"
    book.save(path)
    assert "imported=2 duplicate=0 rejected=0" in _run(
        str(path), "--district", "1001", "--fiscal-year", "2564"
    )
    assert sorted(CommunityMember.objects.values_list("first_name", "phone")) == [
        ("กมล", "0812345678"),
        ("ขจร", "021234567"),
    ]
