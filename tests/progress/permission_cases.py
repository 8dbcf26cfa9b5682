"""Permission cases of the progress app: a group reports on its own projects only; the department
and executives read; another group's report, photo or copy is a 404."""

from progress.models import ExecutiveReport, ProgressAttachment
from projects_p1.models import Project
from tests.permission_matrix import Case, group_edit, own_group_page
from tests.progress import factories

OTHER_GROUPS_OBJECT = {"group_staff": 404, "group_chair": 404, "other_group_staff": 200}


def _project(world, group):
    return Project.objects.filter(form__cycle=world.cycle, form__group=group).order_by("pk").first() or (
        factories.project(cycle=world.cycle, group=group)
    )


def setup(world) -> None:
    for name, group in (("", world.group), ("other_", world.other_group)):
        project = _project(world, group)
        report = factories.report(project=project)
        attachment = ProgressAttachment(
            report=report,
            kind="photo",
            original_name="photo.png",
            content_type="image/png",
            size=len(factories.PNG_BYTES),
        )
        attachment.file.save("photo.png", factories.png_file(), save=True)
        record = ExecutiveReport(
            cycle=world.cycle,
            group=group,
            recipient_kind="executive",
            recipient="ผู้อำนวยการเขต",
            reported_on=report.report_date,
            file_name="copy.pdf",
            file_type="application/pdf",
        )
        record.file.save("copy.pdf", factories.upload("copy.pdf", factories.PDF_BYTES), save=True)
        setattr(world, f"{name}project", project)
        setattr(world, f"{name}progress_report", report)
        setattr(world, f"{name}attachment", attachment)
        setattr(world, f"{name}executive_report", record)


def _own(world):
    return {"fiscal_year": 2564, "code": world.group.code}


def _other(world):
    return {"fiscal_year": 2564, "code": world.other_group.code}


REPORT_DATA = {
    "report_date": "30/06/2564",
    "percent": "50",
    "budget_spent": "1000",
    "activities": "ประชุม",
    "participants": "10",
}

CASES = [
    Case("progress:home", default=302),
    Case("progress:report_list", _own, expect=own_group_page()),
    Case("progress:report_list", _other, expect=OTHER_GROUPS_OBJECT),
    Case("progress:report_create", lambda w: {"project_pk": w.project.pk}, expect=group_edit()),
    Case(
        "progress:report_create",
        lambda w: {"project_pk": w.other_project.pk},
        expect={
            "group_staff": 404,
            "group_chair": 404,
            "other_group_staff": 200,
            "officer": 403,
            "executive": 403,
        },
    ),
    Case(
        "progress:report_create",
        lambda w: {"project_pk": w.project.pk},
        method="post",
        data=lambda w: REPORT_DATA,
        default=302,
        expect=group_edit(),
    ),
    Case("progress:report_detail", lambda w: {"pk": w.progress_report.pk}, expect=own_group_page()),
    Case("progress:report_detail", lambda w: {"pk": w.other_progress_report.pk}, expect=OTHER_GROUPS_OBJECT),
    Case("progress:report_update", lambda w: {"pk": w.progress_report.pk}, expect=group_edit()),
    Case(
        "progress:attachment_add",
        lambda w: {"pk": w.progress_report.pk},
        method="post",
        default=302,
        expect=group_edit(),
    ),
    Case("progress:attachment_download", lambda w: {"pk": w.attachment.pk}, expect=own_group_page()),
    Case("progress:attachment_download", lambda w: {"pk": w.other_attachment.pk}, expect=OTHER_GROUPS_OBJECT),
    Case(
        "progress:attachment_delete",
        lambda w: {"pk": w.other_attachment.pk},
        method="post",
        default=302,
        # Without confirm=1 nothing is deleted, so the walk leaves the file for the next role.
        expect={"group_staff": 404, "group_chair": 404, "officer": 403, "executive": 403},
    ),
    Case("progress:executive_report_create", _own, expect=group_edit()),
    Case(
        "progress:executive_report_create",
        _other,
        expect={
            "group_staff": 404,
            "group_chair": 404,
            "other_group_staff": 200,
            "officer": 403,
            "executive": 403,
        },
    ),
    Case(
        "progress:executive_report_download", lambda w: {"pk": w.executive_report.pk}, expect=own_group_page()
    ),
    Case(
        "progress:executive_report_download",
        lambda w: {"pk": w.other_executive_report.pk},
        expect=OTHER_GROUPS_OBJECT,
    ),
]
