"""Factories of the reports tests: finished builds with a stored file, without rendering anything."""

from __future__ import annotations

from django.utils import timezone

from bangkok_network.models import Cycle, DistrictGroup
from reports import policy
from reports.builds import _store_atomically
from reports.models import BuildStatus, DocumentBuild


def done_build(
    *,
    kind: str,
    cycle: Cycle,
    group: DistrictGroup | None,
    fmt: str = "pdf",
    content: bytes = b"%PDF-1.4 test\n",
    user=None,
    masked_content: bytes = b"",
) -> DocumentBuild:
    build = DocumentBuild.objects.create(
        kind=kind,
        cycle=cycle,
        group=group,
        format=fmt,
        requested_by=user,
        status=BuildStatus.DONE,
        progress=100,
        finished_at=timezone.now(),
    )
    name = f"documents/{cycle.fiscal_year}/test-{build.pk}.{fmt}"
    _store_atomically(name, content)
    build.file.name, build.size = name, len(content)
    if kind in policy.MASKED_KINDS:  # the executives' copy, as a real build makes it
        masked_name = f"documents/{cycle.fiscal_year}/test-{build.pk}-masked.{fmt}"
        _store_atomically(masked_name, masked_content or content)
        build.masked_file.name, build.masked_size = masked_name, len(masked_content or content)
    build.save(update_fields=["file", "size", "masked_file", "masked_size"])
    return build


def make_package_ready(*, cycle, group, user):
    """Give the group every part its package must hold — registry sent, minutes confirmed, P1 sent,
    a report to executives with its copy — on top of what it already has."""
    import datetime

    from meetings.models import Meeting, MeetingStatus
    from progress.services import executive_report_create
    from projects_p1.models import P1Form, P1Status
    from projects_p1.services import p1_form_submit
    from registry.models import Member
    from registry.services import registry_submit
    from tests.meetings.factories import MeetingFactory
    from tests.progress.factories import PDF_BYTES, upload
    from tests.projects_p1.factories import complete_form
    from tests.registry.factories import MemberFactory

    if not Member.objects.filter(cycle=cycle, group=group, is_active=True).exists():
        MemberFactory(cycle=cycle, group=group)
    registry_submit(cycle=cycle, group=group, user=user)
    meetings = Meeting.objects.filter(cycle=cycle, group=group)
    if meetings.exists():
        meetings.update(status=MeetingStatus.FINAL)
    else:
        MeetingFactory(cycle=cycle, group=group, status=MeetingStatus.FINAL)
    form = P1Form.objects.filter(cycle=cycle, group=group).first()
    if form is None:
        form = complete_form(cycle=cycle, group=group, user=user)
        p1_form_submit(form=form, user=user, at=datetime.datetime(2021, 5, 10, 9, 0, tzinfo=datetime.UTC))
    else:
        P1Form.objects.filter(pk=form.pk).update(status=P1Status.SUBMITTED)
    executive_report_create(
        cycle=cycle,
        group=group,
        user=user,
        recipient_kind="executive",
        recipient="ผู้อำนวยการเขต",
        reported_on=datetime.date(2021, 8, 20),
        upload=upload("report.pdf", PDF_BYTES),
    )
