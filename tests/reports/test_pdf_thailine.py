"""Thai line breaking and justification (reports.pdf.thailine), read back from real PDFs."""

from __future__ import annotations

from reports.pdf.rendering import build_pdf
from reports.pdf.textcheck import extract_text_pdftotext
from reports.pdf.thailine import Vocabulary, compatibility_problems, protect_html, protect_text
from tests.reports import pdfcheck

VOCABULARY = Vocabulary.build(words=["กรุงเทพตะวันออก", "สำนักยุทธศาสตร์และประเมินผล"], names=["นางสาววิมล วัฒนชัย"])
PARAGRAPH = (
    "ดำเนินการขับเคลื่อนโครงการ/กิจกรรมการพัฒนาเชิงพื้นที่ของเครือข่ายประชาสังคมกลุ่มกรุงเทพตะวันออก "
    "และรายงานผลการดำเนินงานให้ผู้บริหารกรุงเทพมหานครหรือคณะกรรมการประสานงานและติดตามนโยบาย "
    "ของผู้ว่าราชการกรุงเทพมหานคร และสำเนารายงานผลส่งสำนักยุทธศาสตร์และประเมินผลทราบ "
    "ลงชื่อนางสาววิมล วัฒนชัย วันที่ ๑๗ พ.ค. ๒๕๖๔ โทร. ๐๘๑ ๒๓๔ ๕๖๗๘ "
)


def page(body: str, width: str) -> str:
    return (
        '<html lang="th"><head><title>ทดสอบ</title><style>@page { size: A4; margin: 2cm 2cm 2cm 3cm }'
        ".nb { white-space: nowrap }</style></head>"
        f'<body style="font-family: Sarabun; font-size: 16pt"><p style="width: {width}; text-align: justify">'
        f"{body}</p></body></html>"
    )


def test_the_patches_apply_to_this_weasyprint():
    assert compatibility_problems() == []


def test_protected_units_are_wrapped_and_the_text_is_unchanged():
    html = protect_text("ของกรุงเทพมหานคร ๑๗ พ.ค. ๒๕๖๔ นางสาววิมล วัฒนชัย", VOCABULARY)
    assert html == (
        'ของ<span class="nb">กรุงเทพมหานคร</span> <span class="nb">๑๗ พ.ค. ๒๕๖๔</span> '
        '<span class="nb">นางสาววิมล วัฒนชัย</span>'
    )
    # Markup, styles and elements already kept whole are left alone.
    markup = '<style>p{}</style><p title="ประชาสังคม">ประชาสังคม<span class="nowrap">ประชาสังคม</span></p>'
    assert protect_html(markup, VOCABULARY) == (
        '<style>p{}</style><p title="ประชาสังคม"><span class="nb">ประชาสังคม</span>'
        '<span class="nowrap">ประชาสังคม</span></p>'
    )


def test_a_word_the_segmenter_cuts_is_kept_whole_with_its_neighbour():
    # newmm reads ดำเนิน|การตาม here; ดำเนินการ must not break, so the two tokens stay together.
    assert '<span class="nb">ดำเนินการตาม</span>' in protect_text("กลุ่มดำเนินการตามปฏิทิน", VOCABULARY)


def test_narrow_paragraphs_break_between_words_only_and_extract_exactly():
    terms = set(VOCABULARY.words) | set(VOCABULARY.names)
    for width in ("6cm", "9cm", "13cm"):
        pdf = build_pdf(page(protect_html(PARAGRAPH * 2, VOCABULARY), width))
        document = pdfcheck.Document(pdf)
        assert pdfcheck.check_protected(document, terms) == [], width
        assert pdfcheck.check_justified_gaps(document) == [], width
        text = pdfcheck.flat(extract_text_pdftotext(pdf))
        assert text == pdfcheck.flat(PARAGRAPH * 2), width


def test_plain_weasyprint_breaks_names_and_opens_gaps_the_fix_does_not():
    terms = set(VOCABULARY.words)
    plain = pdfcheck.Document(build_pdf(page(PARAGRAPH * 2, "9cm"), thai_layout=False))
    assert pdfcheck.check_protected(plain, terms) or pdfcheck.check_justified_gaps(plain)
