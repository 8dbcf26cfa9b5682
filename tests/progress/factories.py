"""Factories of the progress tests: P1 projects made straight through the ORM, reports likewise."""

from __future__ import annotations

import datetime
from decimal import Decimal

from bangkok_network.models import Cycle, DistrictGroup, PlanDimension
from progress.models import ProgressReport
from projects_p1.models import P1Form, Project

# The smallest valid files of each type, recognised by their magic bytes.
PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def p1_form(*, cycle: Cycle, group: DistrictGroup, version: int = 1) -> P1Form:
    form, _ = P1Form.objects.get_or_create(
        cycle=cycle, group=group, defaults={"version": version, "status": "submitted"}
    )
    return form


def project(
    *,
    cycle: Cycle,
    group: DistrictGroup,
    name: str = "ลอกท่อระบายน้ำในชุมชน",
    budget: str = "150000.00",
    benefit: str = "physical",
    dimensions: tuple[int, ...] = (2, 5),
    order: int = 1,
    version: int = 1,
) -> Project:
    form = p1_form(cycle=cycle, group=group, version=version)
    item = Project.objects.create(
        form=form,
        order=order,
        name=name,
        objective="ลดน้ำท่วมขังในซอย",
        budget=Decimal(budget),
        funding_source="งบประมาณสำนักงานเขต",
        benefit=benefit,
        target_quantity=Decimal("5"),
        target_unit="ชุมชน",
        start_date=datetime.date(2021, 5, 17),
        end_date=datetime.date(2021, 8, 26),
    )
    item.plan_dimensions.set(PlanDimension.objects.filter(number__in=dimensions))
    return item


def report(*, project: Project, report_date=datetime.date(2021, 6, 30), **overrides) -> ProgressReport:
    values = {
        "percent": 40,
        "budget_spent": Decimal("50000.00"),
        "activities": "ลอกท่อแล้ว 2 ชุมชน",
        "outputs": "ท่อระบายน้ำ 800 เมตร",
        "outcomes": "น้ำลดเร็วขึ้น",
        "participants": 35,
        "problems": "ฝนตกต่อเนื่อง",
        "next_steps": "ลอกท่ออีก 3 ชุมชน",
        **overrides,
    }
    return ProgressReport.objects.create(
        project=project, cycle=project.form.cycle, group=project.form.group, report_date=report_date, **values
    )


def upload(name: str, content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def png_file(name: str = "photo.png"):
    return upload(name, PNG_BYTES)
