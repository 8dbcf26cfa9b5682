"""Downloads of official documents: one view, the exporter registry decides what and who."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.views import View

from bangkok_network import selectors
from bangkok_network.audit import audit_log
from bangkok_network.permissions import ALL_ROLES, RoleRequiredMixin
from reports.exporters import ExportError, export_document, exporter_for


class DocumentDownloadView(RoleRequiredMixin, View):
    """Serve /documents/<kind>/<year>/<group|all>.<pdf|xlsx>, scope checked on the server."""

    allowed_roles = ALL_ROLES

    def get(self, request, kind: str, fiscal_year: int, group: str, fmt: str):
        try:
            exporter_for(kind)
        except ExportError as exc:
            raise Http404(str(exc)) from exc
        cycle = selectors.cycle_get(fiscal_year=fiscal_year)
        target = None if group == "all" else selectors.group_get_for_user(user=request.user, code=group)
        try:
            result = export_document(kind=kind, cycle=cycle, group=target, fmt=fmt, user=request.user)
        except ExportError as exc:
            raise Http404(str(exc)) from exc
        audit_log(
            actor=request.user, action=f"document.download.{kind}", obj=target or cycle,
            details={"format": fmt, "cycle": fiscal_year},
        )
        response = HttpResponse(result.content, content_type=result.content_type)
        disposition = "inline" if fmt == "pdf" else "attachment"
        response["Content-Disposition"] = f'{disposition}; filename="{result.filename}"'
        return response
