"""Reads of the progress app, with scope checks; reports uses the latest-report and list selectors."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bangkok_network.extensions import SummaryLine
from bangkok_network.models import Cycle, DistrictGroup
from bangkok_network.selectors import object_get_for_user
from progress.models import ExecutiveReport, ProgressAttachment, ProgressReport


def reports_for_group(*, cycle: Cycle, group: DistrictGroup) -> QuerySet[ProgressReport]:
    """Return the group's progress reports, project by project, newest first, with their files."""
    return (
        ProgressReport.objects.filter(cycle=cycle, group=group)
        .select_related("project", "created_by")
        .prefetch_related(Prefetch("attachments", queryset=ProgressAttachment.objects.order_by("pk")))
        .order_by("project__order", "project__pk", "-report_date", "-pk")
    )


def reports_for_cycle(*, cycle: Cycle) -> QuerySet[ProgressReport]:
    return ProgressReport.objects.filter(cycle=cycle).select_related("project", "group")


def latest_report_by_project(
    *, cycle: Cycle, group: DistrictGroup | None = None
) -> dict[int, ProgressReport]:
    """Return each project's latest report (by report date, then entry), one query."""
    queryset = ProgressReport.objects.filter(cycle=cycle).order_by("project_id", "report_date", "pk")
    if group is not None:
        queryset = queryset.filter(group=group)
    latest: dict[int, ProgressReport] = {}
    for report in queryset.only(
        "pk", "project_id", "group_id", "report_date", "percent", "budget_spent", "participants"
    ):
        latest[report.project_id] = report  # ordered ascending: the last one wins
    return latest


def report_get_for_user(*, user, pk: int) -> ProgressReport:
    """Return a report the user may see; another group's report (or an unknown one) is a 404."""
    queryset = ProgressReport.objects.select_related(
        "project", "project__form", "cycle", "group", "created_by"
    ).prefetch_related("attachments")
    return object_get_for_user(queryset, user=user, pk=pk, scope="group", not_found="ไม่พบรายงาน")


def attachment_get_for_user(*, user, pk: int) -> ProgressAttachment:
    queryset = ProgressAttachment.objects.select_related("report", "report__group")
    return object_get_for_user(queryset, user=user, pk=pk, scope="report.group", not_found="ไม่พบไฟล์")


def executive_reports_for_group(*, cycle: Cycle, group: DistrictGroup) -> QuerySet[ExecutiveReport]:
    return ExecutiveReport.objects.filter(cycle=cycle, group=group).select_related("created_by")


def executive_report_get_for_user(*, user, pk: int) -> ExecutiveReport:
    queryset = ExecutiveReport.objects.select_related("cycle", "group")
    return object_get_for_user(queryset, user=user, pk=pk, scope="group", not_found="ไม่พบการรายงาน")


def project_get_for_user(*, user, pk: int):
    """Return a P1 project the user may see (with its form, cycle and group); else a 404."""
    from projects_p1.models import Project

    queryset = Project.objects.select_related("form", "form__cycle", "form__group")
    return object_get_for_user(queryset, user=user, pk=pk, scope="form.group", not_found="ไม่พบโครงการ")


def projects_with_reports(*, cycle: Cycle, group: DistrictGroup) -> list[dict]:
    """Return the group's P1 projects, each with its reports newest first: two queries plus files."""
    from projects_p1.selectors import projects_for_group

    reports: dict[int, list[ProgressReport]] = {}
    for report in reports_for_group(cycle=cycle, group=group):
        reports.setdefault(report.project_id, []).append(report)
    return [
        {
            "project": project,
            "reports": reports.get(project.pk, []),
            "latest": (reports.get(project.pk) or [None])[0],
        }
        for project in projects_for_group(cycle=cycle, group=group)
    ]


THUMBNAIL_PIXELS = 640
THUMBNAIL_TYPES = ("image/jpeg", "image/png", "image/webp")


def attachment_thumbnail_uri(attachment: ProgressAttachment) -> str:
    """Return a small JPEG of a photo as a data: URI for printed copies; "" if it cannot be read.

    Printed reports embed the picture (the PDF renderer fetches nothing from MEDIA_ROOT), scaled
    down so a package with many photos stays small.
    """
    import base64
    import io

    from PIL import Image, UnidentifiedImageError

    if attachment.content_type not in THUMBNAIL_TYPES:
        return ""
    try:
        with attachment.file.open("rb") as handle, Image.open(handle) as image:
            image.thumbnail((THUMBNAIL_PIXELS, THUMBNAIL_PIXELS))
            buffer = io.BytesIO()
            image.convert("RGB").save(buffer, format="JPEG", quality=70)
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError):
        return ""
    return "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


COPY_IMAGE_PIXELS = 1600


def executive_report_copies(*, cycle: Cycle, group: DistrictGroup) -> list[dict]:
    """Return the uploaded copies of the group's reports to executives, for printing with the package.

    Each item: the record, and either ``pdf`` (its bytes, to be appended) or ``image`` (a data: URI
    to print in place). Copies that cannot be read are returned with neither, so they are named.
    """
    import base64
    import io

    from PIL import Image, UnidentifiedImageError

    copies = []
    for record in executive_reports_for_group(cycle=cycle, group=group).exclude(file=""):
        item = {"record": record, "pdf": b"", "image": ""}
        try:
            with record.file.open("rb") as handle:
                content = handle.read()
            if record.file_type == "application/pdf":
                item["pdf"] = content
            elif record.file_type in THUMBNAIL_TYPES:
                with Image.open(io.BytesIO(content)) as image:
                    image.thumbnail((COPY_IMAGE_PIXELS, COPY_IMAGE_PIXELS))
                    buffer = io.BytesIO()
                    image.convert("RGB").save(buffer, format="JPEG", quality=80)
                encoded = base64.b64encode(buffer.getvalue()).decode("ascii")
                item["image"] = f"data:image/jpeg;base64,{encoded}"
        except (OSError, UnidentifiedImageError, Image.DecompressionBombError):
            pass
        copies.append(item)
    return copies


def projects_review_summary(*, progress) -> list:
    """Return what the department sees of step 4 on the review page: reports and copies (two queries)."""
    cycle, group = progress.step.cycle, progress.group
    url = reverse("progress:report_list", kwargs={"fiscal_year": cycle.fiscal_year, "code": group.code})
    reports = reports_for_group(cycle=cycle, group=group).count()
    executive = executive_reports_for_group(cycle=cycle, group=group).aggregate(
        total=Count("pk"), copies=Count("pk", filter=~Q(file=""))
    )
    return [
        SummaryLine(_("รายงานผลการดำเนินงานโครงการ"), _("%(n)s รายงาน") % {"n": reports}, url),
        SummaryLine(
            _("รายงานผู้บริหาร"),
            _("%(total)s ครั้ง มีสำเนาแนบ %(copies)s ครั้ง") % executive,
            url,
        ),
    ]
