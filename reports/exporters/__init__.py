"""The one explicit registry of documents: kind → exporter class, and the runner that serves them.

To add a document, write its exporter module here and list its class in EXPORTERS. Nothing in
``reports`` below the views, the services and the builds imports this module: an exporter that
needs another (the package its parts) imports that exporter's module directly, so the registry
stays the top of the exporters and no import circle passes through it.
"""

from __future__ import annotations

from bangkok_network.models import Cycle, DistrictGroup
from reports import policy
from reports.exporters.base import CONTENT_TYPES, BaseExporter, ExportError, ExportResult
from reports.exporters.evaluation import EvaluationExporter
from reports.exporters.memo import MemoExporter
from reports.exporters.minutes import AttendanceExporter, MinutesExporter
from reports.exporters.p1 import P1AllGroupsExporter, P1Exporter
from reports.exporters.package import PackageExporter
from reports.exporters.progress import ProgressReportsExporter
from reports.exporters.registry import RegistryExporter

EXPORTERS: dict[str, type[BaseExporter]] = {
    cls.kind: cls
    for cls in (
        MemoExporter,
        P1Exporter,
        P1AllGroupsExporter,
        PackageExporter,
        EvaluationExporter,
        ProgressReportsExporter,
        MinutesExporter,
        AttendanceExporter,
        RegistryExporter,
    )
}


def exporter_for(kind: str) -> type[BaseExporter]:
    try:
        return EXPORTERS[kind]
    except KeyError:
        raise ExportError(f"ไม่รู้จักเอกสารประเภท “{kind}” (มี: {', '.join(sorted(EXPORTERS))})") from None


def export_document(
    *,
    kind: str,
    cycle: Cycle,
    group: DistrictGroup | None,
    fmt: str,
    user=None,
    check_permission: bool = True,
    document_number: str = "",
    document_date=None,
) -> ExportResult:
    """Check permission, render the document and return its bytes; ExportError for the user.

    ``document_number`` and ``document_date`` are ที่ and วันที่ of the memo the document opens
    with (the package's cover memo, the evaluation memo), as a background build takes them from
    the sender; without them the memo has no number and the calendar's due date."""
    exporter_cls = exporter_for(kind)
    if fmt not in exporter_cls.formats:
        raise ExportError(f"เอกสาร “{exporter_cls.title}” มีเฉพาะรูปแบบ {', '.join(exporter_cls.formats)}")
    if exporter_cls.needs_group and group is None:
        raise ExportError(f"เอกสาร “{exporter_cls.title}” ต้องระบุกลุ่มเขต (--group)")
    if check_permission:
        policy.document_check(user, kind=kind, group=group)
    exporter = exporter_cls(cycle=cycle, group=group, user=user)
    exporter.mask_personal_data = check_permission and policy.must_mask(user, kind=kind, group=group)
    exporter.document_number, exporter.document_date = document_number.strip(), document_date
    return ExportResult(exporter.render(fmt), CONTENT_TYPES[fmt], exporter.filename(fmt))


__all__ = ["EXPORTERS", "ExportError", "ExportResult", "BaseExporter", "export_document", "exporter_for"]
