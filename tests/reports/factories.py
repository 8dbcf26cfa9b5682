"""Factories of the reports tests: finished builds with a stored file, without rendering anything."""

from __future__ import annotations

from django.utils import timezone

from bangkok_network.models import Cycle, DistrictGroup
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
    build.save(update_fields=["file", "size"])
    return build
