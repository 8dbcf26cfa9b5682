"""Permission cases of the progress app (the rules: tests/permission_matrix.py): a group reports on
its own projects only; the department and executives read."""

from progress.models import AttachmentKind, ExecutiveReport, ProgressAttachment, RecipientKind
from projects_p1.models import Project
from tests.permission_matrix import GROUP_EDIT, REDIRECTED, SIGNED_IN, Case, cycle_and_group, pk_of
from tests.progress import factories


def _project(world, group):
    return Project.objects.filter(form__cycle=world.cycle, form__group=group).order_by("pk").first() or (
        factories.project(cycle=world.cycle, group=group)
    )


def setup(world) -> None:
    """In each group: a project with a progress report, a photo on it, and a report to executives."""
    for group in (world.group, world.other_group):
        objects = world.at(group)
        objects.project = _project(world, group)
        objects.progress_report = factories.report(project=objects.project)
        objects.attachment = ProgressAttachment(
            report=objects.progress_report,
            kind=AttachmentKind.PHOTO,
            original_name="photo.png",
            content_type="image/png",
            size=len(factories.PNG_BYTES),
        )
        objects.attachment.file.save("photo.png", factories.png_file(), save=True)
        objects.executive_report = ExecutiveReport(
            cycle=world.cycle,
            group=group,
            recipient_kind=RecipientKind.EXECUTIVE,
            recipient="ผู้อำนวยการเขต",
            reported_on=objects.progress_report.report_date,
            file_name="copy.pdf",
            file_type="application/pdf",
        )
        objects.executive_report.file.save(
            "copy.pdf", factories.upload("copy.pdf", factories.PDF_BYTES), save=True
        )


_report = pk_of("progress_report")

REPORT_DATA = {
    "report_date": "30/06/2564",
    "percent": "50",
    "budget_spent": "1000",
    "activities": "ประชุม",
    "participants": "10",
}

CASES = [
    Case("progress:home", access=REDIRECTED),
    Case("progress:report_list", per_group=cycle_and_group, access=SIGNED_IN),
    Case(
        "progress:report_create",
        per_group=lambda w, g: {"project_pk": w.at(g).project.pk},
        access=GROUP_EDIT,
        data=lambda w, g: REPORT_DATA,
    ),
    Case("progress:report_detail", per_group=_report, access=SIGNED_IN),
    Case("progress:report_update", per_group=_report, access=GROUP_EDIT, data=lambda w, g: REPORT_DATA),
    Case(
        "progress:attachment_add",
        per_group=_report,
        access=GROUP_EDIT,
        data=lambda w, g: {"kind": AttachmentKind.PHOTO, "file": factories.png_file()},
    ),
    Case(
        "progress:attachment_download",
        per_group=pk_of("attachment"),
        access=SIGNED_IN,
    ),
    Case(
        "progress:attachment_delete",
        per_group=pk_of("attachment"),
        access=GROUP_EDIT,
        data=lambda w, g: {"confirm": "1"},
    ),
    Case(
        "progress:executive_report_create",
        per_group=cycle_and_group,
        access=GROUP_EDIT,
        data=lambda w, g: {
            "recipient_kind": RecipientKind.COMMITTEE,
            "recipient": "คณะกรรมการประสานงานฯ",
            "reported_on": "15/07/2564",
            "summary": "รายงานความคืบหน้าโครงการ",
        },
    ),
    Case(
        "progress:executive_report_download",
        per_group=pk_of("executive_report"),
        access=SIGNED_IN,
    ),
]
