"""manage.py import_community_registry FILE --district CODE --fiscal-year YEAR [--dry-run]."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from registry.models import CommunityMember
from tests.registry.factories import messy_workbook

pytestmark = pytest.mark.django_db


def _run(*args) -> str:
    out = io.StringIO()
    call_command("import_community_registry", *args, stdout=out)
    return out.getvalue()


def test_dry_run_prints_counts_and_writes_nothing(reference_data, tmp_path):
    path = tmp_path / "พระนคร.xlsx"
    path.write_bytes(messy_workbook())
    output = _run(str(path), "--district", "1001", "--fiscal-year", "2563", "--dry-run")
    assert "imported=2 duplicate=1 rejected=2" in output
    assert "นำเข้า 2 แถว, ซ้ำ 1 แถว, ไม่ผ่าน 2 แถว" in output
    assert CommunityMember.objects.count() == 0


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


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        (b"not a workbook", ("--district", "1001", "--fiscal-year", "2563"), "ไม่ใช่ไฟล์ Excel"),
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
    assert CommunityMember.objects.count() == 0
