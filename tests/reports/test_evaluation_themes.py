"""The evaluation's section on shared themes, read back from the PDF (pdftotext) and the workbook."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from bangkok_network.models import DistrictGroup
from reports.exporters.evaluation import EvaluationExporter
from reports.exporters.evaluation_themes import themes_context
from reports.pdf.textcheck import extract_text_pdftotext, normalise
from tests.progress import factories as progress_factories
from tests.themes.factories import DRUGS, FLOOD, INCOME, answer, issue
from themes.selectors import themes_for_cycle
from themes.services import theme_rename

pytestmark = pytest.mark.django_db


@pytest.fixture
def raised(cycle, officer):
    central, south, north = DistrictGroup.objects.order_by("order")[:3]
    flood = issue(cycle=cycle, group=central, wording=FLOOD[0])
    issue(cycle=cycle, group=south, wording=FLOOD[1])
    issue(cycle=cycle, group=north, wording=FLOOD[2])
    issue(cycle=cycle, group=north, wording=INCOME[0])
    answer(issue=flood)
    project = progress_factories.project(cycle=cycle, group=central, budget="185000.00")
    progress_factories.report(project=project, percent=60, budget_spent=Decimal("90000.00"))
    theme_rename(
        cycle=cycle, key=themes_for_cycle(cycle=cycle)[0].key, name="น้ำท่วมขังและการระบายน้ำ", user=officer
    )
    return cycle


def test_the_pdf_has_the_themes_section_with_its_table_and_chart(raised, officer):
    raised.use_thai_digits = False
    raised.save(update_fields=["use_thai_digits"])
    pdf = EvaluationExporter(cycle=raised, group=None, user=officer).render("pdf")

    text = normalise(extract_text_pdftotext(pdf), drop_whitespace=True)

    section = text[text.index("7.ประเด็นร่วมของกลุ่มเขต") : text.index("8.ผลการประเมิน")]
    assert "ประเด็นสำคัญ4ประเด็นจากรายงานการประชุมของ3กลุ่มเขต" in section
    assert "ได้2กลุ่มประเด็นเป็นประเด็นร่วมของกลุ่มเขตตั้งแต่2กลุ่มขึ้นไป1กลุ่มประเด็น" in section
    assert "น้ำท่วมขังและการระบายน้ำ3กลุ่ม:กรุงเทพกลาง,กรุงเทพใต้,กรุงเทพเหนือ1185,000.0060.0" in section
    assert pdf.count(b"/Subtype /Image") >= 6  # the five charts of before and the themes' chart


def test_the_pdf_says_so_when_no_group_has_raised_an_issue(cycle, officer):
    text = normalise(
        extract_text_pdftotext(EvaluationExporter(cycle=cycle, group=None, user=officer).render("pdf")),
        drop_whitespace=True,
    )

    assert "ยังไม่มีประเด็นสำคัญจากรายงานการประชุมของกลุ่มเขตในปีงบประมาณนี้" in text


def test_the_workbook_has_a_sheet_of_themes(raised, officer):
    content = EvaluationExporter(cycle=raised, group=None, user=officer).render("xlsx")
    sheet = load_workbook(io.BytesIO(content), read_only=True)["ประเด็นร่วม"]
    rows = [row for row in sheet.iter_rows(values_only=True) if row and row[0]]

    header = rows.index(next(r for r in rows if r[0] == "กลุ่มประเด็น"))
    flood, income = rows[header + 1 :]
    assert flood[:4] == (
        "น้ำท่วมขังและการระบายน้ำ",
        "เจ้าหน้าที่ตั้งชื่อ",
        "กลุ่มกรุงเทพกลาง, กลุ่มกรุงเทพใต้, กลุ่มกรุงเทพเหนือ",
        3,
    )
    assert f"{FLOOD[1][0]} (กรุงเทพใต้)" in flood[4]
    assert flood[5:] == (1, 185000, 90000, 60)
    assert income[1:4] == ("คำสำคัญของกลุ่ม", "กลุ่มกรุงเทพเหนือ", 1)
    # The heading lines follow the cycle's Thai-digit setting, as the other sheets' do.
    assert rows[header - 1] == (
        "ประเด็นสำคัญ ๔ ประเด็นจาก ๓ กลุ่มเขต จัดได้ ๒ กลุ่มประเด็น เป็นประเด็นร่วมของหลายกลุ่มเขต ๑ กลุ่มประเด็น",
    )


def test_the_section_query_count_does_not_grow_with_groups_or_issues(cycle):
    groups = list(DistrictGroup.objects.order_by("order"))
    answer(issue=issue(cycle=cycle, group=groups[0], wording=FLOOD[0]))
    progress_factories.project(cycle=cycle, group=groups[0])
    with CaptureQueriesContext(connection) as small:
        themes_context(cycle=cycle)
    for group in groups[1:]:
        for wording in FLOOD + INCOME + DRUGS:
            raised = issue(cycle=cycle, group=group, wording=wording)
        answer(issue=raised)
        progress_factories.project(cycle=cycle, group=group)
    with CaptureQueriesContext(connection) as large:
        context = themes_context(cycle=cycle)

    assert context["themes_section"].issues == 1 + 5 * 7
    assert len(large) == len(small)
