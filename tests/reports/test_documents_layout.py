"""Pieces of the official layout: table widths, the emblem, minutes and P1 wording."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfReader

from reports import selectors, services
from reports.exporters.memo import MemoExporter
from reports.exporters.minutes import minutes_title
from reports.exporters.p1 import alignment_note
from reports.pdf.tables import Column, column_widths, text_width_em


def png(size=(60, 60)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "gold").save(buffer, "PNG")
    return buffer.getvalue()


def test_column_widths_fill_the_page_and_keep_whole_values_whole():
    columns = [Column("ลำดับ", keep_whole=True), Column("ชื่อ"), Column("โทรศัพท์", keep_whole=True)]
    rows = [(n, "เครือข่ายประชาสังคมอื่นในพื้นที่ " * 2, "๐๘๑ ๒๓๔ ๕๖๗๘") for n in range(30)]
    widths = column_widths(columns, rows, width_cm=12.0, font_pt=12)
    assert sum(widths) == pytest.approx(12.0)
    phone_cm = text_width_em("๐๘๑ ๒๓๔ ๕๖๗๘") * 12 * 2.54 / 72
    assert widths[2] >= phone_cm  # a phone number never breaks
    assert widths[1] > widths[2]  # the long text gets what is left


def test_minutes_title_never_doubles_prachum():
    assert minutes_title("เครือข่ายประชาสังคมกลุ่มกรุงเทพกลาง") == "รายงานการประชุมเครือข่ายประชาสังคมกลุ่มกรุงเทพกลาง"
    assert minutes_title("ประชุมเครือข่ายนัดพิเศษ") == "รายงานการประชุมเครือข่ายนัดพิเศษ"
    assert minutes_title("การประชุมใหญ่") == "รายงานการประชุมใหญ่"


def test_the_alignment_cell_names_each_dimension_once():
    dimensions = [{"number": 5, "name": "มหานครประชาธิปไตย"}]
    note = "สอดคล้องกับด้านที่ 5 มหานครประชาธิปไตย: ประชาชนร่วมเสนอและติดตามโครงการ"
    assert alignment_note(note, dimensions) == "ประชาชนร่วมเสนอและติดตามโครงการ"
    assert alignment_note("ด้านที่ ๗ การบริหารจัดการ", dimensions) == "ด้านที่ ๗ การบริหารจัดการ"


@pytest.mark.django_db
def test_the_emblem_is_checked_by_content_and_size(admin_user, staff):
    with pytest.raises(services.ReportError, match="PNG หรือ JPEG"):
        services.emblem_upload(
            upload=SimpleUploadedFile("garuda.png", b"GIF89a not an image"), user=admin_user
        )
    big = SimpleUploadedFile("garuda.png", png() + b"\0" * services.EMBLEM_MAX_BYTES)
    with pytest.raises(services.ReportError, match="ใหญ่เกินไป"):
        services.emblem_upload(upload=big, user=admin_user)
    with pytest.raises(services.ReportError, match="ผู้ดูแลระบบ"):
        services.emblem_upload(upload=SimpleUploadedFile("garuda.png", png()), user=staff)
    assert selectors.emblem_data_uri() == ""


@pytest.mark.django_db
def test_memos_print_the_uploaded_emblem_and_keep_an_empty_slot_without_one(cycle, group, admin_user):
    without = MemoExporter(cycle=cycle, group=group).render("pdf")
    services.emblem_upload(upload=SimpleUploadedFile("anything.bin", png()), user=admin_user)
    assert selectors.emblem_data_uri().startswith("data:image/png;base64,")
    with_emblem = MemoExporter(cycle=cycle, group=group).render("pdf")

    def images_on_page_one(pdf: bytes) -> list:
        resources = PdfReader(io.BytesIO(pdf)).pages[0]["/Resources"]
        xobjects = resources.get("/XObject") or {}
        return [x for x in xobjects.values() if x.get_object().get("/Subtype") == "/Image"]

    assert images_on_page_one(without) == []
    image = images_on_page_one(with_emblem)[0].get_object()
    assert (image["/Width"], image["/Height"]) == (60, 60)
    # The slot is the same size either way: the text below it starts at the same place.
    assert (
        PdfReader(io.BytesIO(without)).pages[0].extract_text()[:40]
        == (PdfReader(io.BytesIO(with_emblem)).pages[0].extract_text()[:40])
    )
