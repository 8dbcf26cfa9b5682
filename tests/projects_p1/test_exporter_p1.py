"""The P1 document (reports/exporters/p1.py): rendered, then read back as PDF text and as a workbook."""

from __future__ import annotations

import datetime
import io
import subprocess
from decimal import Decimal

import pytest
from django.core.management import call_command
from openpyxl import load_workbook
from pypdf import PdfReader

from projects_p1 import services
from reports.exporters import ExportError, export_document
from reports.pdf.textcheck import normalise
from tests.projects_p1.factories import complete_form, key_issue, project_data

pytestmark = pytest.mark.django_db

COLUMNS = [
    "โครงการ/กิจกรรม",
    "วัตถุประสงค์",
    "เป้าหมาย",
    "งบประมาณ",
    "ระยะเวลาดำเนินงาน",
    "ความสอดคล้องกับแผนระดับ กทม.",
]


def _page_texts(pdf: bytes) -> list[str]:
    count = len(PdfReader(io.BytesIO(pdf)).pages)
    return [
        subprocess.run(
            ["pdftotext", "-enc", "UTF-8", "-raw", "-f", str(n), "-l", str(n), "-", "-"],
            input=pdf,
            capture_output=True,
            check=True,
        ).stdout.decode()
        for n in range(1, count + 1)
    ]


def _squash(text: str) -> str:
    return normalise(text, drop_whitespace=True)


@pytest.fixture
def sent_form(cycle, group, staff):
    issue = key_issue(cycle=cycle, group=group, title="น้ำท่วมขังในชุมชนริมคลอง")
    form = services.p1_form_save(
        cycle=cycle,
        group=group,
        user=staff,
        lock_version=0,
        key_issue_id=issue.pk,
        approach="ลอกท่อและคลองร่วมกับชุมชน",
        projects=[
            project_data(name="ลอกท่อระบายน้ำ", budget=Decimal("150000.50")),
            project_data(
                name="อบรมอาสาสมัครเฝ้าระวังน้ำท่วม",
                budget=Decimal("1234567.50"),
                target_quantity=Decimal("120"),
                target_unit="คน",
            ),
        ],
    )
    services.p1_form_submit(form=form, user=staff)
    return form


def test_pdf_is_landscape_with_title_group_columns_and_total_in_thai_words(cycle, group, sent_form):
    pdf = export_document(kind="p1", cycle=cycle, group=group, fmt="pdf", check_permission=False).content
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    assert float(page.mediabox.width) > float(page.mediabox.height)
    text = _squash("".join(_page_texts(pdf)))
    assert (
        _squash(
            "แบบกำหนดโครงการ/กิจกรรมและขั้นตอนการปฏิบัติงานตามประเด็นสำคัญในการพัฒนาเชิงพื้นที่"
            "ของกลุ่มการปฏิบัติงานของสำนักงานเขต กลุ่มกรุงเทพกลาง"
        )
        in text
    )
    assert _squash("ประเด็นสำคัญ น้ำท่วมขังในชุมชนริมคลอง") in text
    assert _squash("แนวทางการแก้ไข ลอกท่อและคลองร่วมกับชุมชน") in text
    for column in COLUMNS:
        assert _squash(column) in text
    # 150,000.50 + 1,234,567.50 in figures (Thai digits) and in words (bahttext).
    assert "๑,๓๘๔,๕๖๘.๐๐บาท" in text
    assert "หนึ่งล้านสามแสนแปดหมื่นสี่พันห้าร้อยหกสิบแปดบาทถ้วน" in text
    assert "๑๒๐คน" in text
    assert _squash("๑๗ พ.ค. - ๒๖ ส.ค. ๒๕๖๔") in text  # BE period with Thai digits
    # The heading carries the version the group sent, never its review status.
    assert _squash("ปีงบประมาณ พ.ศ. ๒๕๖๔ ฉบับที่ ๑") in text
    assert "รอพิจารณา" not in text
    assert "2564" not in text


def test_table_header_repeats_on_every_page(cycle, group, staff, tmp_path):
    form = complete_form(cycle=cycle, group=group, user=staff, projects=14)
    services.p1_form_submit(form=form, user=staff)
    pdf = export_document(kind="p1", cycle=cycle, group=group, fmt="pdf", check_permission=False).content
    (tmp_path / "p1.pdf").write_bytes(pdf)
    pages = _page_texts(pdf)
    assert len(pages) >= 2
    for page in pages:
        assert _squash("ระยะเวลาดำเนินงาน") in _squash(page)
        assert _squash("ความสอดคล้องกับแผนระดับ กทม.") in _squash(page)


def test_excel_has_the_same_content(cycle, group, sent_form):
    content = export_document(kind="p1", cycle=cycle, group=group, fmt="xlsx", check_permission=False).content
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook["แบบ P1"]
    rows = [[cell for cell in row] for row in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "แบบกำหนดโครงการ/กิจกรรมและขั้นตอนการปฏิบัติงานตามประเด็นสำคัญในการพัฒนาเชิงพื้นที่"
    assert rows[1][0] == "ของกลุ่มการปฏิบัติงานของสำนักงานเขต กลุ่มกรุงเทพกลาง"
    assert rows[2][0] == "ปีงบประมาณ พ.ศ. ๒๕๖๔ ฉบับที่ ๑"  # the cycle's Thai digits, as the PDF
    assert rows[3][0] == "ประเด็นสำคัญ น้ำท่วมขังในชุมชนริมคลอง"
    assert rows[4][0] == "แนวทางการแก้ไข ลอกท่อและคลองร่วมกับชุมชน"
    header = rows.index(COLUMNS)
    body = rows[header + 1 :]
    assert body[0][0].startswith("๑. ลอกท่อระบายน้ำ\nขั้นตอนการปฏิบัติงาน\n๑) ประชุมชี้แจงชุมชน (๒๐ - ๓๑ พ.ค. ๒๕๖๔)")
    assert body[0][3] == Decimal("150000.50") or body[0][3] == 150000.5
    assert body[1][2] == "๑๒๐ คน\nชุมชนริมคลองในเขตพระนครและดุสิต"
    assert body[1][4] == "๑๗ พ.ค. - ๒๖ ส.ค. ๒๕๖๔"
    assert body[1][5].splitlines()[:2] == ["ด้านที่ ๒ มหานครสีเขียว สะดวกสบาย", "ด้านที่ ๕ มหานครประชาธิปไตย"]
    assert body[-1][:4] == ["รวมงบประมาณทั้งสิ้น", "หนึ่งล้านสามแสนแปดหมื่นสี่พันห้าร้อยหกสิบแปดบาทถ้วน", None, 1384568]
    steps = list(workbook["ขั้นตอนการปฏิบัติงาน"].iter_rows(values_only=True))
    # The steps sheet carries real dates, so the department can sort and filter by them.
    step = [
        1,
        "ลอกท่อระบายน้ำ",
        1,
        "ประชุมชี้แจงชุมชน",
        datetime.datetime(2021, 5, 20),
        datetime.datetime(2021, 5, 31),
    ]
    assert step in [list(r) for r in steps]


def test_document_prints_the_frozen_version_not_later_edits(cycle, group, staff, officer, sent_form):
    services.p1_form_return(form=sent_form, user=officer, comment="แก้ไข")
    sent_form.refresh_from_db()
    services.p1_form_save(
        cycle=cycle,
        group=group,
        user=staff,
        lock_version=sent_form.lock_version,
        key_issue_id=sent_form.key_issue_id,
        approach="แนวทางใหม่ที่ยังไม่ได้ส่ง",
        projects=[],
    )
    content = export_document(kind="p1", cycle=cycle, group=group, fmt="xlsx", check_permission=False).content
    rows = list(load_workbook(io.BytesIO(content))["แบบ P1"].iter_rows(values_only=True))
    assert rows[4][0] == "แนวทางการแก้ไข ลอกท่อและคลองร่วมกับชุมชน"


def test_a_draft_is_printed_and_marked_as_draft(cycle, group, staff):
    complete_form(cycle=cycle, group=group, user=staff)
    content = export_document(kind="p1", cycle=cycle, group=group, fmt="xlsx", check_permission=False).content
    rows = list(load_workbook(io.BytesIO(content))["แบบ P1"].iter_rows(values_only=True))
    assert rows[2][0] == "ปีงบประมาณ พ.ศ. ๒๕๖๔ (ฉบับร่าง ยังไม่ได้ส่ง)"


def test_no_form_yet_is_an_export_error_in_thai(cycle, group):
    with pytest.raises(ExportError, match="กลุ่มกรุงเทพกลาง ยังไม่ได้จัดทำแบบ P1 ของปีงบประมาณ 2564"):
        export_document(kind="p1", cycle=cycle, group=group, fmt="pdf", check_permission=False)


@pytest.mark.parametrize("fmt", ["pdf", "xlsx"])
def test_render_document_command_writes_the_file(cycle, group, sent_form, tmp_path, fmt):
    output = tmp_path / f"p1.{fmt}"
    call_command(
        "render_document",
        "p1",
        "--cycle",
        "2564",
        "--group",
        "bkk-central",
        "--format",
        fmt,
        "-o",
        str(output),
    )
    data = output.read_bytes()
    assert data.startswith(b"%PDF" if fmt == "pdf" else b"PK")


def test_all_groups_workbook_lists_every_groups_projects_and_the_missing_ones(
    cycle, group, other_group, staff, other_staff, django_assert_max_num_queries
):
    complete_form(cycle=cycle, group=other_group, user=other_staff, projects=3)
    with django_assert_max_num_queries(12) as few:
        export_document(kind="p1_all", cycle=cycle, group=None, fmt="xlsx", check_permission=False)
    content = export_document(
        kind="p1_all", cycle=cycle, group=None, fmt="xlsx", check_permission=False
    ).content
    rows = list(load_workbook(io.BytesIO(content))["แบบ P1 ทุกกลุ่ม"].iter_rows(values_only=True))
    body = rows[rows.index(next(r for r in rows if r[0] == "กลุ่มเขต")) + 1 :]
    assert [r[0] for r in body] == [
        "กลุ่มกรุงเทพกลาง",
        *["กลุ่มกรุงเทพใต้"] * 3,
        "กลุ่มกรุงเทพเหนือ",
        "กลุ่มกรุงเทพตะวันออก",
        "กลุ่มกรุงธนเหนือ",
        "กลุ่มกรุงธนใต้",
    ]
    assert body[0][1] == "ยังไม่ได้จัดทำ"
    assert body[1][1:6] == ("ร่าง", None, "น้ำท่วมขังในชุมชน", 1, "โครงการที่ ๑")
    complete_form(cycle=cycle, group=group, user=staff, projects=6)
    with django_assert_max_num_queries(len(few.captured_queries)):
        export_document(kind="p1_all", cycle=cycle, group=None, fmt="xlsx", check_permission=False)
