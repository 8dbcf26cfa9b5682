"""The August package read back: cover memo, contents, the four parts in order, page numbers, bookmarks."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from bangkok_network.models import ProgressStatus, StepKind, StepProgress
from bangkok_network.thai import arabic_digit_text
from meetings.models import AttendanceStatus
from reports import builds, policy, services
from reports.exporters import EXPORTERS
from reports.exporters.minutes import MinutesExporter
from reports.exporters.package import PackageExporter
from reports.models import BuildStatus, DocumentBuild
from reports.pdf.textcheck import extract_text_pdftotext, normalise
from tests.meetings.factories import MeetingFactory, make_member
from tests.progress import factories as progress_factories
from tests.reports.factories import make_package_ready

pytestmark = pytest.mark.django_db

PART_TITLES = [
    "ส่วนที่ ๑ ทะเบียนบัญชีประชาสังคม",
    "ส่วนที่ ๒ รายงานการประชุม",
    "ส่วนที่ ๓ แบบกำหนดโครงการ",
    "ส่วนที่ ๔ สำเนารายงานผลการดำเนินงาน",
]


@pytest.fixture
def package_data(cycle, group, other_group):
    """A group with a member, a meeting, a P1 project and a progress report; another group's data too."""
    member = make_member(cycle=cycle, group=group, first_name="สมปอง", last_name="รักชุมชน", phone="0812345678")
    meeting = MeetingFactory(cycle=cycle, group=group)
    meeting.attendances.create(member=member, status=AttendanceStatus.PRESENT)
    project = progress_factories.project(cycle=cycle, group=group, name="ลอกท่อระบายน้ำคลองหลอด")
    progress_factories.report(project=project, activities="ลอกท่อแล้วสองชุมชนริมคลอง")
    other = progress_factories.project(cycle=cycle, group=other_group, name="สวนหย่อมของกลุ่มใต้")
    progress_factories.report(project=other, activities="กิจกรรมของกลุ่มอื่น")
    return {"member": member, "project": project}


def _text(pdf: bytes) -> str:
    return normalise(extract_text_pdftotext(pdf), drop_whitespace=True)


def _flat(title: str) -> str:
    return normalise(title, drop_whitespace=True)


def test_pdf_holds_cover_contents_and_the_four_parts_in_order(cycle, group, staff, package_data):
    pdf = PackageExporter(cycle=cycle, group=group, user=staff).render("pdf")
    text = _text(pdf)
    assert text.startswith(_flat("บันทึกข้อความ"))
    assert _flat("เรียน ผู้อำนวยการสำนักยุทธศาสตร์และประเมินผล") in text
    contents_at = text.index(_flat("สารบัญ"))
    body = text[contents_at:]
    # Each part heading appears in the contents and again as its section, in calendar order.
    positions = []
    for title in PART_TITLES:
        first = body.index(_flat(title))
        positions.append(body.index(_flat(title), first + 1))
    assert positions == sorted(positions)
    assert "สมปอง" in body[positions[0] : positions[1]]
    assert _flat("ลอกท่อระบายน้ำคลองหลอด") in body[positions[2] : positions[3]]
    assert _flat("ลอกท่อแล้วสองชุมชนริมคลอง") in body[positions[3] :]
    assert "กลุ่มอื่น" not in text and "กลุ่มใต้" not in text
    assert "ขาดเอกสาร" not in text


def test_pdf_has_page_numbers_bookmarks_and_contents_page_numbers(cycle, group, staff, package_data):
    pdf = PackageExporter(cycle=cycle, group=group, user=staff).render("pdf")
    reader = PdfReader(io.BytesIO(pdf))
    pages = [
        normalise(page_text)
        for page_text in extract_text_pdftotext(pdf, mode="layout").split("\f")
        if page_text.strip()
    ]
    assert len(pages) == len(reader.pages) >= 6
    thai = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
    # The regulation's page numbers: none on page 1, then "- ๒ -" at the top centre.
    assert not pages[0].startswith("-")
    for number, page in enumerate(pages[1:], start=2):
        assert re.match(r"-\s*([๐-๙]+)\s*-", page)[1].translate(thai) == str(number)
    top = [item.title for item in reader.outline if not isinstance(item, list)]
    assert top[0] == "บันทึกข้อความนำส่ง"
    assert top[1] == "สารบัญ"
    assert [t.split(" ", 2)[1] for t in top[2:6]] == ["๑", "๒", "๓", "๔"]
    # The contents gives each part the page its section starts on.
    contents = next(p for p in pages if re.sub(r"^-\s*[๐-๙]+\s*-\s*", "", p).startswith("สารบัญ"))
    numbers = [int(n.translate(thai)) for n in re.findall(r"\.{3,}\s*([๐-๙]+)", contents)]
    part_pages = [
        reader.get_destination_page_number(item) + 1
        for item in reader.outline[2:]
        if not isinstance(item, list)
    ]
    assert numbers == part_pages[: len(numbers)]
    assert len(numbers) == 4
    # Each part's own title starts on the page of the package's part heading (no page left blank).
    outline = reader.outline
    for index, item in enumerate(outline[:-1]):
        if (
            not isinstance(item, list)
            and isinstance(outline[index + 1], list)
            and item.title.startswith("ส่วนที่")
        ):
            first_child = outline[index + 1][0]
            assert reader.get_destination_page_number(first_child) == reader.get_destination_page_number(item)


def test_a_missing_part_is_named_and_the_rest_still_builds(cycle, group, staff, package_data, monkeypatch):
    def broken(self):
        raise RuntimeError("the minutes cannot be read")

    monkeypatch.setattr(MinutesExporter, "get_context", broken)
    pdf = PackageExporter(cycle=cycle, group=group, user=staff).render("pdf")
    text = _text(pdf)
    assert _flat("ขาดเอกสารส่วนที่ ๒: สร้างเอกสารส่วนนี้ไม่สำเร็จ (RuntimeError)") in text
    assert _flat("ลอกท่อระบายน้ำคลองหลอด") in text


def test_a_part_that_cannot_be_made_gives_its_own_reason(cycle, group, staff):
    # No meeting recorded: the minutes exporter refuses, and the package says why.
    pdf = PackageExporter(cycle=cycle, group=group, user=staff).render("pdf")
    assert _flat("ยังไม่มีการประชุมที่บันทึกไว้") in _text(pdf)


def test_workbook_has_contents_then_each_parts_sheets_in_order(cycle, group, staff, package_data):
    content = PackageExporter(cycle=cycle, group=group, user=staff).render("xlsx")
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    names = workbook.sheetnames
    assert names[0] == "สารบัญ"
    # Sheet names follow the cycle's Thai digits, like every text of the workbook: ๑ ทะเบียน…, ๒.๑ …
    prefixes = [arabic_digit_text(name.split(" ")[0].split(".")[0]) for name in names[1:]]
    assert prefixes == sorted(prefixes, key=int)
    assert {"1", "2", "3", "4"} <= set(prefixes)
    contents = [row for row in workbook["สารบัญ"].iter_rows(values_only=True)]
    numbered = [row for row in contents if row and isinstance(row[0], int)]
    assert [row[0] for row in numbered] == [1, 2, 3, 4]
    assert all(not (row[3:4] or [None])[0] for row in numbered)  # no part is missing
    progress_sheet = next(name for name in names if name.startswith("๔"))
    values = [cell for row in workbook[progress_sheet].iter_rows(values_only=True) for cell in row]
    assert "ลอกท่อแล้วสองชุมชนริมคลอง" in values


def test_package_is_for_the_group_and_the_department_and_masked_for_executives(
    executive, other_staff, officer, staff, group
):
    assert policy.may_have_document(staff, kind="package", group=group)
    assert policy.may_have_document(officer, kind="package", group=group)
    assert policy.may_have_document(executive, kind="package", group=group)
    assert policy.must_mask(executive, kind="package", group=group)
    assert not policy.must_mask(officer, kind="package", group=group)
    assert not policy.may_have_document(other_staff, kind="package", group=group)
    assert not policy.may_have_document(officer, kind="package", group=None)


def test_submitting_a_built_package_marks_step_five_submitted(cycle, group, staff, package_data):
    build = services.document_build_request(kind="package", cycle=cycle, group=group, fmt="pdf", user=staff)
    builds.document_build_run(build_id=build.pk)
    build.refresh_from_db()
    assert build.status == BuildStatus.DONE
    with pytest.raises(services.ReportError) as refused:
        services.package_submit(build=build, user=staff)
    assert refused.value.messages[0] == "ยังส่งชุดเอกสารไม่ได้ เพราะยังขาด:"
    assert refused.value.messages[1] == ("ส่วนที่ 1 ทะเบียนบัญชีประชาสังคม: ส่งทะเบียนให้สำนักยุทธศาสตร์และประเมินผลแล้ว")
    make_package_ready(cycle=cycle, group=group, user=staff)
    services.package_submit(build=build, user=staff)
    progress = StepProgress.objects.get(step__cycle=cycle, step__kind=StepKind.PACKAGE, group=group)
    assert progress.status == ProgressStatus.SUBMITTED
    assert progress.submitted_at == build.submitted_at
    with pytest.raises(services.ReportError, match="ส่งไปแล้ว"):
        services.package_submit(build=build, user=staff)


def test_an_unfinished_package_cannot_be_submitted(cycle, group, staff, officer):
    build = services.document_build_request(kind="package", cycle=cycle, group=group, fmt="pdf", user=staff)
    with pytest.raises(services.ReportError, match="ยังสร้างไม่เสร็จ"):
        services.package_submit(build=build, user=staff)
    with pytest.raises(services.ReportError, match="เฉพาะเจ้าหน้าที่หรือประธาน"):
        services.package_submit(build=build, user=officer)


def test_progress_copies_embed_the_reports_photos(cycle, group, staff):
    from PIL import Image

    from progress.models import ProgressAttachment

    project = progress_factories.project(cycle=cycle, group=group)
    report = progress_factories.report(project=project)
    buffer = io.BytesIO()
    Image.new("RGB", (2000, 1500), (200, 30, 30)).save(buffer, format="JPEG")
    photo = ProgressAttachment(
        report=report, kind="photo", original_name="site.jpg", content_type="image/jpeg", size=buffer.tell()
    )
    photo.file.save("site.jpg", progress_factories.upload("site.jpg", buffer.getvalue()), save=True)
    context = EXPORTERS["progress"](cycle=cycle, group=group, user=staff).context()
    uri = context["projects"][0]["reports"][0].photo_uris[0]
    thumbnail = Image.open(io.BytesIO(__import__("base64").b64decode(uri.split(",", 1)[1])))
    assert max(thumbnail.size) == 640
    pdf = EXPORTERS["progress"](cycle=cycle, group=group, user=staff).render("pdf")
    images = [image for page in PdfReader(io.BytesIO(pdf)).pages for image in page.images]
    assert len(images) == 1


def test_thai_digits_touch_text_only_never_tags_ids_or_images():
    from django.template import Context, Template

    html = '<h1 id="part-1" style="width: 2.5cm">ส่วนที่ 1 ปี 2564 แบบ P1 ข้อ 1/2</h1><img src="data:,AB12">'
    template = Template("{% filter thai_digits:flag %}" + html + "{% endfilter %}")
    assert template.render(Context({"flag": True})) == (
        '<h1 id="part-1" style="width: 2.5cm">ส่วนที่ ๑ ปี ๒๕๖๔ แบบ P1 ข้อ ๑/๒</h1><img src="data:,AB12">'
    )
    assert template.render(Context({"flag": False})) == html


def test_html_typed_into_a_report_prints_as_text(cycle, group, staff):
    project = progress_factories.project(cycle=cycle, group=group)
    progress_factories.report(project=project, activities='<img src="file:///etc/passwd"><b>ตัวหนา</b>')
    pdf = EXPORTERS["progress"](cycle=cycle, group=group, user=staff).render("pdf")
    text = normalise(extract_text_pdftotext(pdf), drop_whitespace=True)
    assert '<imgsrc="file:///etc/passwd"><b>ตัวหนา</b>' in text
    assert not [image for page in PdfReader(io.BytesIO(pdf)).pages for image in page.images]


def test_uploaded_copies_of_reports_to_executives_follow_the_package(cycle, group, staff, package_data):
    from django.core.files.base import ContentFile

    from progress.models import ExecutiveReport
    from reports.pdf import render_pdf

    copy = render_pdf("<html><body><p>หนังสือรายงานผู้อำนวยการเขตฉบับลงนาม</p></body></html>")
    record = ExecutiveReport(
        cycle=cycle,
        group=group,
        recipient_kind="executive",
        recipient="ผู้อำนวยการเขตพระนคร",
        reported_on=datetime.date(2021, 8, 1),
        file_name="signed.pdf",
        file_type="application/pdf",
    )
    record.file.save("signed.pdf", ContentFile(copy), save=True)
    broken = ExecutiveReport(
        cycle=cycle,
        group=group,
        recipient_kind="committee",
        recipient="คณะกรรมการฯ",
        reported_on=datetime.date(2021, 8, 2),
        file_name="broken.pdf",
        file_type="application/pdf",
    )
    broken.file.save("broken.pdf", ContentFile(b"%PDF-1.4 broken"), save=True)
    without = PackageExporter(cycle=cycle, group=group, user=staff)
    pdf = without.render("pdf")
    reader = PdfReader(io.BytesIO(pdf))
    text = _text(pdf)
    assert text.endswith(_flat("หนังสือรายงานผู้อำนวยการเขตฉบับลงนาม"))  # the copy is the last page
    assert _flat("แนบท้ายเอกสารนี้") in text
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert titles[-1] == "สำเนารายงานผลการดำเนินงานที่แนบ"
    assert titles[:2] == ["บันทึกข้อความนำส่ง", "สารบัญ"]  # the rendered document's bookmarks survive
    assert reader.get_destination_page_number(reader.outline[-1][0]) == len(reader.pages) - 1


def test_a_broken_copy_alone_leaves_the_rendered_document_untouched():
    import types

    from reports.exporters.progress import append_copies
    from reports.pdf import render_pdf

    base = render_pdf("<html><body><h1>ชุดเอกสาร</h1></body></html>")
    broken = types.SimpleNamespace(copy_pdf=b"%PDF-1.4 not a document")
    result = append_copies(base, [broken])
    reader = PdfReader(io.BytesIO(result))
    assert len(reader.pages) == 1
    assert [item.title for item in reader.outline] == ["ชุดเอกสาร"]


def test_the_cover_memo_carries_the_number_and_date_the_sender_recorded(
    client, cycle, group, staff, package_data, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    url = reverse("reports:package_build", kwargs={"fiscal_year": cycle.fiscal_year, "code": group.code})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"format": "pdf", "document_number": "กท 5001/77", "document_date": "20/08/2564"}
        )
    build = DocumentBuild.objects.get(kind="package", group=group, format="pdf")
    assert response.status_code == 302
    assert (build.document_number, build.document_date) == ("กท 5001/77", datetime.date(2021, 8, 20))
    build.refresh_from_db()
    assert build.status == BuildStatus.DONE  # the test settings run tasks at once
    with build.file.open("rb") as handle:
        text = _text(handle.read())
    assert text.startswith(_flat("บันทึกข้อความ ส่วนราชการ กลุ่มการปฏิบัติงานของสำนักงานเขต กลุ่มกรุงเทพกลาง"))
    assert _flat("ที่ กท ๕๐๐๑/๗๗ วันที่ ๒๐ สิงหาคม ๒๕๖๔") in text


def test_without_a_date_the_cover_memo_is_dated_the_steps_due_date_not_the_render_day(
    cycle, group, staff, package_data
):
    build = services.document_build_request(kind="package", cycle=cycle, group=group, fmt="pdf", user=staff)
    due = cycle.steps.get(kind=StepKind.PACKAGE).due_date
    assert (build.document_number, build.document_date) == ("", due)
    text = _text(PackageExporter(cycle=cycle, group=group, user=staff).render("pdf"))
    assert _flat("วันที่ ๒๗ สิงหาคม ๒๕๖๔") in text


def test_appended_copies_keep_the_package_a_valid_pdf_a(cycle, group, staff):
    from types import SimpleNamespace

    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    from reports.exporters.progress import append_copies
    from reports.pdf import render_pdf
    from tests.reports import pdfcheck

    base = render_pdf(
        "<html><head><title>ชุด</title></head><body><p>ชุดเอกสาร</p></body></html>", variant="pdf/a-3b"
    )
    good = render_pdf("<html><body><p>สำเนาที่พิมพ์ได้</p></body></html>")
    writer = PdfWriter()
    blank = writer.add_blank_page(200, 200)
    helvetica = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    blank[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(helvetica)})}
    )
    stream = DecodedStreamObject()
    stream.set_data(b"BT /F1 12 Tf 10 10 Td (copy) Tj ET")
    blank[NameObject("/Contents")] = writer._add_object(stream)
    out = io.BytesIO()
    writer.write(out)
    result = append_copies(base, [SimpleNamespace(copy_pdf=good), SimpleNamespace(copy_pdf=out.getvalue())])
    reader = PdfReader(io.BytesIO(result))
    # The copy PDF/A allows is printed; the one with a font not embedded is kept as a file only.
    assert len(reader.pages) == 2
    assert sorted(reader.attachments) == ["สำเนารายงาน-1.pdf", "สำเนารายงาน-2.pdf"]
    assert len(reader.trailer["/Root"]["/AF"]) == 2
    assert reader.metadata["/Producer"] == "WeasyPrint 70.0"  # still what the XMP metadata says
    problems = pdfcheck.check_metadata(pdfcheck.Document(result), title_contains="ชุด", author="")
    # This bare page has no author, subject or date; everything PDF/A itself needs survived the append.
    needed = ("pdfaid", "/OutputIntents", "/StructTreeRoot", "/MarkInfo", "/ID", "ฟอนต์", "ภาษา")
    assert [p for p in problems if any(n in p for n in needed)] == []
