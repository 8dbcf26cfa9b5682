"""Every official document, rendered from the demo data, passes a typist's checklist read from the PDF.

The demo data is loaded by the module's first test (its transaction is rolled back as usual);
each document is rendered once and every later check reads the same bytes (tests/reports/pdfcheck.py).
"""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import override_settings

from bangkok_network.models import Cycle, DistrictGroup
from reports.exporters import EXPORTERS
from reports.selectors import document_vocabulary, group_chair
from tests.reports import pdfcheck

GROUP = "bkk-central"  # a group whose demo data reaches every step (P1 accepted, meetings, progress)
KINDS = ("memo", "registry", "minutes", "p1", "package", "evaluation")


_RENDERED: dict[str, tuple] = {}


@pytest.fixture
def demo(db):
    """Return every document kind rendered once from the demo data, and what they must say."""
    if "demo" not in _RENDERED:
        _RENDERED["demo"] = _render_demo()
    return _RENDERED["demo"]


def _render_demo():
    with override_settings(DEBUG=True):
        call_command("load_demo_data", stdout=io.StringIO())
        cycle = Cycle.objects.filter(meetings__isnull=False).order_by("-fiscal_year").first()
        group = DistrictGroup.objects.get(code=GROUP)
        documents = {}
        for kind in KINDS:
            exporter_cls = EXPORTERS[kind]
            exporter = exporter_cls(cycle=cycle, group=group if exporter_cls.needs_group else None)
            documents[kind] = pdfcheck.Document(exporter.render("pdf"))
        vocabulary = document_vocabulary(cycle=cycle, group=group)
        chair = group_chair(group=group)
        meeting = cycle.meetings.filter(group=group).order_by("date", "number").last()
        facts = {
            "thai_digits": cycle.use_thai_digits,
            "terms": set(vocabulary.words) | set(vocabulary.names),
            "department": f"{cycle.department} กรุงเทพมหานคร",
            "group_author": f"กลุ่มการปฏิบัติงานของสำนักงานเขต {group.full_name}",
            "signers": {
                "minutes": (meeting.reviewer, "เลขานุการการประชุม"),
                "memo": (cycle.signer_name, cycle.signer_title),
                "evaluation": (cycle.signer_name, cycle.signer_title),
                "package": (
                    chair.get_full_name(),
                    f"ประธานกลุ่มการปฏิบัติงานของสำนักงานเขต {group.full_name}",
                ),
            },
            "titles": {
                "memo": "บันทึกข้อความ",
                "registry": "ทะเบียนบัญชีประชาสังคม",
                "minutes": "รายงานการประชุม",
                "p1": "แบบ P1",
                "package": "เอกสารผลการดำเนินงาน",
                "evaluation": "รายงานผลการติดตามประเมินผล",
            },
        }
    return documents, facts


@pytest.mark.parametrize("kind", KINDS)
def test_page_numbers_are_thai_from_page_two_at_the_top_centre(demo, kind):
    documents, facts = demo
    assert pdfcheck.check_page_numbers(documents[kind], thai_digits=facts["thai_digits"]) == []


@pytest.mark.parametrize("kind", KINDS)
def test_no_word_lies_outside_the_margins(demo, kind):
    documents, _ = demo
    assert pdfcheck.check_margins(documents[kind]) == []


@pytest.mark.parametrize("kind", KINDS)
def test_no_protected_name_or_compound_is_broken_across_lines(demo, kind):
    documents, facts = demo
    assert pdfcheck.check_protected(documents[kind], facts["terms"]) == []


@pytest.mark.parametrize("kind", KINDS)
def test_no_justified_gap_is_wider_than_three_spaces(demo, kind):
    documents, _ = demo
    assert pdfcheck.check_justified_gaps(documents[kind]) == []


@pytest.mark.parametrize("kind", ["memo", "package", "evaluation"])
def test_signature_block_is_whole_on_one_page_with_the_body(demo, kind):
    documents, facts = demo
    name, position = facts["signers"][kind]
    assert name and position
    assert pdfcheck.check_signature(documents[kind], name=name, position=position) == []


def test_minutes_are_signed_by_named_people(demo):
    documents, facts = demo
    roles = ("ผู้จดรายงานการประชุม", "ผู้ตรวจรายงานการประชุม")
    assert pdfcheck.check_named_signers(documents["minutes"], roles) == []
    # The last signature is whole, on a page with the last lines of the minutes.
    name, position = facts["signers"]["minutes"]
    assert pdfcheck.check_signature(documents["minutes"], name=name, position=position) == []


@pytest.mark.parametrize("kind", KINDS)
def test_metadata_and_pdf_a_are_present(demo, kind):
    documents, facts = demo
    author = facts["department"] if kind in ("memo", "evaluation") else facts["group_author"]
    problems = pdfcheck.check_metadata(documents[kind], title_contains=facts["titles"][kind], author=author)
    assert problems == []


def test_the_checks_catch_what_they_look_for():
    """Each check fails on a page made to break its rule (a check that cannot fail proves nothing)."""
    from reports.pdf.rendering import build_pdf

    page = (
        '<html lang="th"><head><style>@page {{ size: A4; margin: 2cm 2cm 2cm 3cm }}</style></head>'
        '<body style="font-family: Sarabun; font-size: 16pt">{}</body></html>'
    )
    # Plain WeasyPrint: justified Thai opens wide gaps and breaks กรุงเทพมหานคร; text past the margin.
    body = (
        '<p style="text-align: justify; width: 9cm">'
        + "ให้ผู้บริหารกรุงเทพมหานคร ด้านที่ ๖ การปรับสมดุลและพัฒนาระบบการบริหารจัดการภาครัฐ " * 4
        + '</p><p style="margin-left: -2.5cm">เลยขอบ</p><p style="break-before: page">หน้าสอง</p>'
    )
    doc = pdfcheck.Document(build_pdf(page.format(body), thai_layout=False))
    assert pdfcheck.check_margins(doc) != []
    assert pdfcheck.check_justified_gaps(doc) != []
    assert pdfcheck.check_page_numbers(doc) != []
    assert pdfcheck.check_protected(doc, {"กรุงเทพมหานคร", "ปรับสมดุล", "บริหารจัดการ", "ภาครัฐ"}) != []
    assert pdfcheck.check_metadata(doc, title_contains="x", author="y") != []
    assert pdfcheck.check_signature(doc, name="ไม่มีใคร", position="ตำแหน่ง") != []
