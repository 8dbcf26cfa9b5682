"""The September evaluation: figures, the assessment, and the summary read back as PDF and Excel."""

from __future__ import annotations

import base64
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from bangkok_network.models import DistrictGroup, ProgressStatus, StepKind, StepProgress
from bangkok_network.services import progress_set
from meetings.models import AttendanceStatus
from reports import policy, services
from reports.evaluation import evaluation_charts, evaluation_data
from reports.exporters.evaluation import EvaluationExporter
from reports.models import Assessment
from reports.pdf.textcheck import extract_text_pdftotext, normalise
from tests.meetings.factories import MeetingFactory, make_member
from tests.progress import factories as progress_factories

pytestmark = pytest.mark.django_db

SCORES = {
    "timeliness_score": 4,
    "registry_score": 3,
    "participation_score": 5,
    "projects_score": 4,
    "outcomes_score": 2,
}


@pytest.fixture
def programme(cycle, group, other_group, staff, officer):
    """Two groups with data: members, a meeting, projects with reports; the others empty."""
    members = [
        make_member(cycle=cycle, group=group, first_name=f"สมาชิก{n}", interest=["สุขภาพ", "สิ่งแวดล้อม"][n % 2])
        for n in range(3)
    ]
    meeting = MeetingFactory(cycle=cycle, group=group)
    meeting.attendances.create(member=members[0], status=AttendanceStatus.PRESENT)
    meeting.attendances.create(member=members[1], status=AttendanceStatus.ABSENT, absence_reason="ติดธุระ")
    make_member(cycle=cycle, group=other_group, first_name="ใต้หนึ่ง")
    first = progress_factories.project(
        cycle=cycle, group=group, name="ก", budget="100000.00", benefit="physical", dimensions=(2, 5)
    )
    second = progress_factories.project(
        cycle=cycle, group=group, name="ข", budget="50000.50", benefit="social", dimensions=(), order=2
    )
    third = progress_factories.project(
        cycle=cycle, group=other_group, name="ค", budget="25000.25", benefit="economic", dimensions=(5,)
    )
    progress_factories.report(
        project=first,
        percent=20,
        budget_spent=Decimal("10000.00"),
        participants=10,
        report_date=__import__("datetime").date(2021, 6, 1),
    )
    progress_factories.report(project=first, percent=60, budget_spent=Decimal("40000.00"), participants=30)
    progress_factories.report(project=third, percent=100, budget_spent=Decimal("25000.25"), participants=7)
    progress_set(
        cycle=cycle, group=group, kind=StepKind.REGISTRY, status=ProgressStatus.SUBMITTED, user=staff
    )
    services.assessment_save(cycle=cycle, group=group, user=officer, comments="ดำเนินการครบถ้วน", **SCORES)
    return {"projects": (first, second, third)}


def test_figures_per_group_and_totals_are_the_sums(cycle, group, other_group, programme):
    data = evaluation_data(cycle)
    rows = {row.group.code: row for row in data.groups}
    assert len(data.groups) == DistrictGroup.objects.count() == 6
    central, south = rows[group.code], rows[other_group.code]
    assert (central.members, central.interests, central.meetings, central.participated) == (3, 2, 1, 1)
    assert central.participation_percent == 33.3
    assert (central.projects, central.budget, central.spent) == (2, Decimal("150000.50"), Decimal("40000.00"))
    assert central.percent_done == 30.0  # latest 60 % and a project never reported (0 %)
    assert central.participants == 30  # the latest report counts, not the sum of reports
    assert (south.members, south.projects, south.budget, south.spent) == (
        1,
        1,
        Decimal("25000.25"),
        Decimal("25000.25"),
    )
    totals = data.totals
    for name in (
        "members",
        "meetings",
        "participated",
        "projects",
        "budget",
        "spent",
        "participants",
        "steps_on_time",
        "steps_late",
        "steps_open",
    ):
        assert totals[name] == sum(getattr(row, name) for row in data.groups), name
    assert totals["budget"] == Decimal("175000.75")
    assert sum(amount for _, amount in data.budget_by_benefit) == totals["budget"]
    benefit = dict(data.budget_by_benefit)
    assert benefit == {
        "กายภาพ": Decimal("100000.00"),
        "เศรษฐกิจ": Decimal("25000.25"),
        "สังคม": Decimal("50000.50"),
        "ไม่ระบุ": Decimal("0.00"),
    }
    dimension = dict(data.budget_by_dimension)
    assert dimension["ไม่ระบุ"] == Decimal("50000.50")
    fifth = next(label for label in dimension if label.startswith("ด้านที่ 5"))
    assert dimension[fifth] == Decimal("125000.25")  # both projects aligned with dimension 5, in full


def test_on_time_rate_per_step_counts_groups_that_sent_on_time(cycle, group, programme):
    data = evaluation_data(cycle)
    registry_rate = next(rate for rate in data.step_rates if rate.step.kind == StepKind.REGISTRY)
    progress = StepProgress.objects.get(step__cycle=cycle, step__kind=StepKind.REGISTRY, group=group)
    expected_on_time = 1 if progress.submitted_at.date() <= registry_rate.step.due_date else 0
    assert (registry_rate.on_time, registry_rate.late, registry_rate.groups) == (
        expected_on_time,
        1 - expected_on_time,
        6,
    )
    assert registry_rate.percent == round(100 * expected_on_time / 6, 1)


def test_charts_are_png_pictures_the_same_for_page_and_pdf(cycle, programme):
    from reports import charts

    data = evaluation_data(cycle)
    first = evaluation_charts(data)
    for draw in (charts.horizontal_bars, charts.vertical_bars, charts.stacked_status, charts.grouped_bars):
        draw.cache.clear()  # draw again from scratch, not from the remembered pictures
    second = evaluation_charts(data)
    assert set(first) == {"status", "budget_dimension", "budget_benefit", "on_time", "participation"}
    for name, uri in first.items():
        assert uri.startswith("data:image/png;base64,")
        assert base64.b64decode(uri.split(",", 1)[1])[:8] == b"\x89PNG\r\n\x1a\n"
        assert uri == second[name]  # drawn deterministically: the browser and the PDF show one picture


def test_pdf_is_a_memo_to_the_permanent_secretary_with_the_totals(cycle, programme, officer):
    cycle.use_thai_digits = False
    cycle.save(update_fields=["use_thai_digits"])
    pdf = EvaluationExporter(cycle=cycle, group=None, user=officer).render("pdf")
    text = normalise(extract_text_pdftotext(pdf), drop_whitespace=True)
    assert text.startswith("บันทึกข้อความ")
    assert "เรียนปลัดกรุงเทพมหานคร" in text
    assert "สมาชิกในทะเบียนบัญชีประชาสังคมรวม4ราย" in text
    assert "งบประมาณรวม175,000.75บาท" in text
    assert "ใช้จ่ายแล้ว65,000.25บาท" in text
    assert "ดำเนินการครบถ้วน" in text
    assert text.count("data:image") == 0
    assert pdf.count(b"/Subtype /Image") >= 5 or pdf.count(b"/Image") >= 5


def test_workbook_holds_the_data_behind_every_chart(cycle, group, programme, officer):
    content = EvaluationExporter(cycle=cycle, group=None, user=officer).render("xlsx")
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    assert workbook.sheetnames == [
        "สถานะรายกลุ่ม",
        "ตรงเวลารายขั้นตอน",
        "ทะเบียนและการมีส่วนร่วม",
        "โครงการและงบประมาณ",
        "งบตามมิติแผน กทม.",
        "งบตามประโยชน์",
        "ประเด็นร่วม",
        "ผลการประเมิน",
    ]
    rows = [row for row in workbook["โครงการและงบประมาณ"].iter_rows(values_only=True) if row and row[0]]
    by_group = {row[0]: row for row in rows}
    assert by_group[group.full_name][1:4] == (2, 150000.5, 40000)
    assert by_group["รวม"][2] == 175000.75
    assert sum(row[2] for name, row in by_group.items() if name.startswith("กลุ่ม") and name != "กลุ่มเขต") == (
        pytest.approx(175000.75)
    )
    benefit = {row[0]: row[1] for row in workbook["งบตามประโยชน์"].iter_rows(values_only=True) if len(row) > 1}
    assert benefit["สังคม"] == 50000.5 and benefit["รวม"] == 175000.75
    assessment = {
        row[0]: row for row in workbook["ผลการประเมิน"].iter_rows(values_only=True) if row and row[0]
    }
    assert assessment[group.full_name][1:7] == (4, 3, 5, 4, 2, 18)


def test_evaluation_is_for_the_department_and_executives(staff, officer, executive):
    assert policy.may_have_document(officer, kind="evaluation", group=None)
    assert policy.may_have_document(executive, kind="evaluation", group=None)
    assert not policy.may_have_document(staff, kind="evaluation", group=None)


def test_assessment_is_saved_once_per_group_and_updated_in_place(cycle, group, officer):
    first = services.assessment_save(cycle=cycle, group=group, user=officer, **SCORES)
    second = services.assessment_save(
        cycle=cycle, group=group, user=officer, **{**SCORES, "outcomes_score": 5}
    )
    assert first.pk == second.pk
    assert Assessment.objects.get(pk=first.pk).total_score == 21
    progress = StepProgress.objects.get(step__cycle=cycle, step__kind=StepKind.EVALUATION, group=group)
    assert progress.status == ProgressStatus.IN_PROGRESS


def test_assessment_refuses_scores_outside_one_to_five_and_non_department_users(cycle, group, officer, staff):
    with pytest.raises(services.ReportError):
        services.assessment_save(cycle=cycle, group=group, user=officer, **{**SCORES, "registry_score": 9})
    with pytest.raises(services.ReportError, match="เฉพาะเจ้าหน้าที่สำนักยุทธศาสตร์"):
        services.assessment_save(cycle=cycle, group=group, user=staff, **SCORES)
    assert not Assessment.objects.exists()


def test_command_line_renders_the_evaluation_and_a_package(cycle, group, programme, tmp_path):
    from django.core.management import call_command

    evaluation = tmp_path / "evaluation.xlsx"
    call_command(
        "render_document", "evaluation", "--cycle", "2564", "--format", "xlsx", "-o", str(evaluation)
    )
    assert load_workbook(evaluation, read_only=True).sheetnames[0] == "สถานะรายกลุ่ม"
    package = tmp_path / "package.pdf"
    call_command(
        "render_document",
        "package",
        "--cycle",
        "2564",
        "--group",
        group.code,
        "--format",
        "pdf",
        "-o",
        str(package),
    )
    text = normalise(extract_text_pdftotext(package.read_bytes()), drop_whitespace=True)
    assert "สารบัญ" in text and "ส่วนที่๔สำเนารายงานผลการดำเนินงาน" in text
    assert not list(tmp_path.glob("*.part"))


def test_command_line_needs_a_group_for_the_package(cycle, tmp_path):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="ต้องระบุกลุ่มเขต"):
        call_command(
            "render_document", "package", "--cycle", "2564", "--format", "pdf", "-o", str(tmp_path / "x")
        )
    assert not (tmp_path / "x").exists()


def test_page_and_pdf_show_the_same_chart_pictures(client, officer, cycle, programme):
    from django.urls import reverse

    client.force_login(officer)
    response = client.get(reverse("reports:evaluation", kwargs={"fiscal_year": 2564}))
    exporter = EvaluationExporter(cycle=cycle, group=None, user=officer)
    pdf_charts = exporter.context()["charts"]
    html = response.content.decode()
    for uri in pdf_charts.values():
        assert f'src="{uri}"' in html


def test_reporting_the_summary_marks_step_six_submitted_for_every_group(client, officer, cycle):
    from django.urls import reverse

    from tests.reports.factories import done_build

    build = done_build(kind="evaluation", cycle=cycle, group=None)
    client.force_login(officer)
    page = client.get(reverse("reports:evaluation", kwargs={"fiscal_year": 2564})).content.decode()
    assert f'name="build" value="{build.pk}"' in page
    client.post(
        reverse("reports:evaluation_submit", kwargs={"fiscal_year": 2564}),
        {"build": build.pk, "confirmed": "1"},
    )
    states = set(
        StepProgress.objects.filter(step__cycle=cycle, step__kind=StepKind.EVALUATION).values_list(
            "status", flat=True
        )
    )
    assert states == {ProgressStatus.SUBMITTED}
    build.refresh_from_db()
    assert build.submitted_by == officer
    with pytest.raises(services.ReportError, match="ส่งไปแล้ว"):
        services.evaluation_submit(build=build, user=officer)


def test_command_line_prints_the_number_and_date_the_sender_gives(cycle, programme, tmp_path):
    from django.core.management import call_command

    evaluation = tmp_path / "evaluation.pdf"
    call_command(
        "render_document",
        "evaluation",
        "--cycle",
        "2564",
        "--number",
        "กท 0502/777",
        "--date",
        "9 ก.ย. 2564",
        "-o",
        str(evaluation),
    )
    text = normalise(extract_text_pdftotext(evaluation.read_bytes()), drop_whitespace=True)
    assert "กท๐๕๐๒/๗๗๗" in text
    assert "๙กันยายน๒๕๖๔" in text


def test_command_line_refuses_a_date_it_cannot_read(cycle, tmp_path):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="อ่านวันที่"):
        call_command(
            "render_document",
            "evaluation",
            "--cycle",
            "2564",
            "--date",
            "31/02/2564",
            "-o",
            str(tmp_path / "x"),
        )
    assert not (tmp_path / "x").exists()
