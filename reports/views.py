"""Downloads of official documents: one view, the exporter registry decides what and who."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from bangkok_network import selectors
from bangkok_network.audit import audit_log
from bangkok_network.forms import ReviewDecision
from bangkok_network.models import ProgressStatus, StepKind
from bangkok_network.permissions import (
    ALL_GROUPS_ROLES,
    ALL_ROLES,
    DEPARTMENT_ROLES,
    GROUP_EDIT_ROLES,
    RoleRequiredMixin,
    has_role,
    is_department,
)
from bangkok_network.services import progress_review_open
from bangkok_network.views import ConfirmMixin, CycleGroupMixin, ScopedObjectMixin, ServiceActionMixin
from meetings import selectors as meeting_selectors
from reports import policy
from reports import selectors as report_selectors
from reports import services as report_services
from reports.evaluation import evaluation_charts, evaluation_data
from reports.exporters import CONTENT_TYPES, export_document, exporter_for
from reports.exporters.minutes import meeting_document
from reports.exporters.opendata import opendata_csv, opendata_json, opendata_rows
from reports.exporters.package import PACKAGE_PARTS
from reports.forms import AssessmentForm, BuildForm, PackageReviewForm, PackageSubmitForm
from reports.models import BuildFormat, BuildKind
from reports.policy import PACKAGE_ROLES
from reports.readiness import package_readiness
from reports.yearly import year_comparison, year_comparison_charts


class DocumentDownloadView(RoleRequiredMixin, View):
    """Serve /documents/<kind>/<year>/<group|all>.<pdf|xlsx>, scope checked on the server."""

    allowed_roles = ALL_ROLES

    def get(self, request, kind: str, fiscal_year: int, group: str, fmt: str):
        exporter_cls = exporter_for(kind)  # an unknown kind is a 404 before anything is looked up
        cycle = selectors.cycle_get(fiscal_year=fiscal_year)
        target = None if group == "all" else selectors.group_get_for_user(user=request.user, code=group)
        if kind in report_services.BACKGROUND_KINDS:
            # Long documents are never rendered inside a request: serve the stored build, or ask for one.
            scope = target if exporter_cls.needs_group else None
            return redirect(
                report_selectors.stored_document_url(
                    kind=kind, cycle=cycle, group=scope, fmt=fmt, user=request.user
                )
            )
        result = export_document(kind=kind, cycle=cycle, group=target, fmt=fmt, user=request.user)
        audit_log(
            actor=request.user,
            action=f"document.download.{kind}",
            obj=target or cycle,
            details={"format": fmt, "cycle": fiscal_year},
        )
        return _document_response(result, fmt)


class MeetingDocumentView(RoleRequiredMixin, View):
    """One meeting's minutes (PDF/xlsx) or attendance (sign-in sheet PDF/xlsx), for the meeting's page."""

    allowed_roles = ALL_ROLES

    def get(self, request, pk: int, kind: str, fmt: str):
        meeting = meeting_selectors.meeting_get_for_user(user=request.user, pk=pk)
        result = meeting_document(kind=kind, meeting=meeting, fmt=fmt, user=request.user)
        audit_log(
            actor=request.user, action=f"document.download.{kind}", obj=meeting, details={"format": fmt}
        )
        return _document_response(result, fmt)


def _document_response(result, fmt: str) -> HttpResponse:
    """Answer with a rendered document: a PDF opens in the browser, a workbook downloads."""
    response = HttpResponse(result.content, content_type=result.content_type)
    disposition = "inline" if fmt == BuildFormat.PDF else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{result.filename}"'
    return response


# --- background builds: the August package and the evaluation summary ---------------------------


def _memo_form(*, kind: BuildKind, cycle) -> BuildForm:
    """The cover memo's number and date, dated by default on the step's due date."""
    when = report_selectors.default_document_date(kind=kind, cycle=cycle)
    return BuildForm(initial={"document_date": when})


class PackageView(RoleRequiredMixin, TemplateView):
    """A group's August package: its parts, the latest builds, build and submit buttons."""

    allowed_roles = PACKAGE_ROLES
    template_name = "reports/package_detail.html"

    def get_context_data(self, **kwargs):
        cycle = selectors.cycle_get(fiscal_year=kwargs["fiscal_year"])
        group = selectors.group_get_for_user(user=self.request.user, code=kwargs["code"])
        return super().get_context_data(
            cycle=cycle,
            group=group,
            parts=[(n, title) for n, (_exporter, title) in enumerate(PACKAGE_PARTS, start=1)],
            builds=report_selectors.builds_for_document(kind=BuildKind.PACKAGE, cycle=cycle, group=group),
            latest=report_selectors.latest_builds(kind=BuildKind.PACKAGE, cycle=cycle, group=group),
            step=selectors.progress_get(cycle=cycle, group=group, kind=StepKind.PACKAGE),
            memo_form=_memo_form(kind=BuildKind.PACKAGE, cycle=cycle),
            can_submit=policy.may_send_package(self.request.user, group),
            readiness=package_readiness(cycle=cycle, group=group),
            can_review=is_department(self.request.user),
            is_masked=policy.must_mask(self.request.user, kind=BuildKind.PACKAGE, group=group),
            **kwargs,
        )


class PackageReviewView(RoleRequiredMixin, CycleGroupMixin, ConfirmMixin, FormView):
    """The department's review of a sent package: the checklist, the sent file, accept or return."""

    allowed_roles = DEPARTMENT_ROLES
    form_class = PackageReviewForm
    template_name = "reports/package_review.html"
    confirm_button = gettext_lazy("ยืนยันผลการพิจารณา")

    def get(self, request, *args, **kwargs):
        step = selectors.progress_get(cycle=self.cycle, group=self.group, kind=StepKind.PACKAGE)
        if step is not None:
            # The department has now seen the sent package: the group can no longer withdraw it.
            progress_review_open(progress=step, user=request.user)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        step = selectors.progress_get(cycle=self.cycle, group=self.group, kind=StepKind.PACKAGE)
        return super().get_context_data(
            cycle=self.cycle,
            group=self.group,
            step=step,
            is_awaiting_review=step is not None and step.status == ProgressStatus.SUBMITTED,
            history=selectors.progress_history(progress=step) if step else [],
            sent=report_selectors.sent_builds(cycle=self.cycle, group=self.group),
            readiness=package_readiness(cycle=self.cycle, group=self.group),
            **kwargs,
        )

    def get_cancel_url(self) -> str:
        return self.request.path

    def form_valid(self, form):
        if (page := self.unconfirmed_response(message=form.confirm_message())) is not None:
            return page
        report_services.package_review(
            cycle=self.cycle,
            group=self.group,
            user=self.request.user,
            accept=form.cleaned_data["decision"] == ReviewDecision.ACCEPT,
            note=form.cleaned_data["note"],
            exception_reason=form.cleaned_data["exception_reason"],
        )
        messages.success(self.request, _("บันทึกผลการพิจารณาชุดเอกสารแล้ว"))
        return redirect(self.request.path)


class BuildRequestMixin(ServiceActionMixin):
    """POST format=pdf|xlsx: queue a build (or reuse the active one) and show its progress page."""

    kind = ""

    def act(self, request):
        form = BuildForm(request.POST)
        if not form.is_valid():
            errors = [str(e) for field in form.errors.values() for e in field]
            raise report_services.ReportError(" ".join(errors) or _("กรุณาเลือกรูปแบบเอกสาร (PDF หรือ Excel)"))
        build = report_services.document_build_request(
            kind=self.kind,
            cycle=self.cycle,
            group=self.group,
            fmt=form.cleaned_data["format"],
            user=request.user,
            document_number=form.cleaned_data["document_number"],
            document_date=form.cleaned_data["document_date"],
        )
        return build.get_absolute_url()


class EvaluationCycleMixin(ScopedObjectMixin):
    """The cycle the URL names; the evaluation belongs to no group."""

    def load_from_url(self, *, fiscal_year, **kwargs):
        self.cycle, self.group = selectors.cycle_get(fiscal_year=fiscal_year), None


class PackageBuildView(RoleRequiredMixin, CycleGroupMixin, BuildRequestMixin, View):
    allowed_roles = PACKAGE_ROLES
    kind = BuildKind.PACKAGE

    def get_error_url(self):
        return reverse("reports:package", kwargs=self.kwargs)


class EvaluationBuildView(RoleRequiredMixin, EvaluationCycleMixin, BuildRequestMixin, View):
    allowed_roles = DEPARTMENT_ROLES
    kind = BuildKind.EVALUATION

    def get_error_url(self):
        return reverse("reports:evaluation", kwargs=self.kwargs)


def _submitted_build(request, *, cycle, group=None, missing: str):
    """Return the finished build a POST names (build=<pk>); another cycle's or group's is a 404."""
    form = PackageSubmitForm(request.POST)
    if not form.is_valid():
        raise report_services.ReportError(missing)
    build = report_selectors.build_get_for_user(user=request.user, pk=form.cleaned_data["build"])
    if build.cycle_id != cycle.pk or (group is not None and build.group_id != group.pk):
        raise Http404(_("ไม่พบเอกสาร"))
    return build


class PackageSubmitView(RoleRequiredMixin, CycleGroupMixin, ServiceActionMixin, View):
    """Send a built package to the department: step 5 on the dashboard becomes submitted."""

    allowed_roles = GROUP_EDIT_ROLES
    success_message = gettext_lazy("ส่งชุดเอกสารถึงสำนักยุทธศาสตร์และประเมินผลแล้ว")
    confirm_message = gettext_lazy(
        "ส่งชุดเอกสารผลการดำเนินงานฉบับนี้ถึงสำนักยุทธศาสตร์และประเมินผล? ขั้นตอนที่ ๕ จะเป็น “ส่งแล้ว” "
        "ถอนคืนได้จนกว่าสำนักฯ จะเปิดพิจารณา"
    )
    confirm_button = gettext_lazy("ยืนยันส่งชุดเอกสาร")

    def get_error_url(self):
        return reverse("reports:package", kwargs=self.kwargs)

    def act(self, request):
        build = _submitted_build(
            request, cycle=self.cycle, group=self.group, missing=_("กรุณาเลือกชุดเอกสารที่จะส่ง")
        )
        report_services.package_submit(build=build, user=request.user)


class EvaluationSubmitView(RoleRequiredMixin, EvaluationCycleMixin, ServiceActionMixin, View):
    """Record that the summary went to the Permanent Secretary: step 6 is submitted for every group."""

    allowed_roles = DEPARTMENT_ROLES
    success_message = gettext_lazy("บันทึกการรายงานปลัดกรุงเทพมหานครแล้ว")
    confirm_message = gettext_lazy(
        "บันทึกว่ารายงานสรุปฉบับนี้เสนอปลัดกรุงเทพมหานครแล้ว? ขั้นตอนที่ ๖ ของทุกกลุ่มเขตจะเป็น “ส่งแล้ว”"
    )
    confirm_button = gettext_lazy("ยืนยันบันทึกการรายงาน")

    def get_error_url(self):
        return reverse("reports:evaluation", kwargs=self.kwargs)

    def act(self, request):
        build = _submitted_build(request, cycle=self.cycle, missing=_("กรุณาเลือกรายงานสรุปที่จะส่ง"))
        report_services.evaluation_submit(build=build, user=request.user)


class BuildDetailView(RoleRequiredMixin, TemplateView):
    """The progress page of one build: a bar that follows the worker, then the download link."""

    allowed_roles = ALL_ROLES
    template_name = "reports/build_detail.html"

    def get_context_data(self, **kwargs):
        build = report_selectors.build_get_for_user(user=self.request.user, pk=kwargs["pk"])
        status = report_selectors.build_status(build=build)
        return super().get_context_data(
            build=build, status=status, retry_url=self._retry_url(build), **kwargs
        )

    def _retry_url(self, build) -> str:
        """Where a failed build is asked for again, for someone who may ask ("" for the others)."""
        year = build.cycle.fiscal_year
        if build.is_package and has_role(self.request.user, PACKAGE_ROLES):
            return reverse("reports:package_build", kwargs={"fiscal_year": year, "code": build.group.code})
        if build.is_evaluation and has_role(self.request.user, DEPARTMENT_ROLES):
            return reverse("reports:evaluation_build", kwargs={"fiscal_year": year})
        return ""


class BuildStatusView(RoleRequiredMixin, View):
    """The small JSON the progress bar polls."""

    allowed_roles = ALL_ROLES

    def get(self, request, pk: int):
        build = report_selectors.build_get_for_user(user=request.user, pk=pk)
        return JsonResponse(report_selectors.build_status(build=build))


class BuildDownloadView(RoleRequiredMixin, View):
    """Serve a finished build's stored file again, without rebuilding."""

    allowed_roles = ALL_ROLES

    def get(self, request, pk: int):
        build = report_selectors.build_get_for_user(user=request.user, pk=pk)
        if not build.is_done or not build.file:
            raise Http404(_("เอกสารนี้ยังสร้างไม่เสร็จ"))
        # Executives always get the copy with personal data masked, never the file as built.
        stored = policy.stored_file(request.user, build)
        if not stored:  # the message goes back to the package's page, where a fresh build is asked for
            self.error_url = reverse(
                "reports:package", kwargs={"fiscal_year": build.cycle.fiscal_year, "code": build.group.code}
            )
            raise report_services.ReportError(_("เอกสารนี้สร้างไว้ก่อนมีฉบับปิดบังข้อมูลส่วนบุคคล กรุณาสร้างชุดเอกสารใหม่"))
        masked = stored.name != build.file.name
        audit_log(
            actor=request.user,
            action=f"document.download.{build.kind}",
            obj=build,
            details={"format": build.format, "masked": masked},
        )
        return FileResponse(
            stored.open("rb"),
            as_attachment=build.format != BuildFormat.PDF,
            filename=build.download_name.replace(".", "-masked.", 1) if masked else build.download_name,
            content_type=CONTENT_TYPES[build.format],
        )


class EvaluationCurrentView(RoleRequiredMixin, View):
    """Open the evaluation of the current cycle."""

    allowed_roles = ALL_GROUPS_ROLES

    def get(self, request):
        cycle = selectors.cycle_current_required()
        return redirect("reports:evaluation", fiscal_year=cycle.fiscal_year)


class EvaluationView(RoleRequiredMixin, TemplateView):
    """The evaluation summary in the browser: the same figures and charts as the PDF."""

    allowed_roles = ALL_GROUPS_ROLES
    template_name = "reports/evaluation_detail.html"

    def get_context_data(self, **kwargs):
        cycle = selectors.cycle_get(fiscal_year=kwargs["fiscal_year"])
        data = evaluation_data(cycle)
        comparison = year_comparison(cycle, current=data)
        return super().get_context_data(
            cycle=cycle,
            data=data,
            totals=data.totals,
            charts=evaluation_charts(data),
            comparison=comparison,
            comparison_charts=year_comparison_charts(comparison) if comparison else {},
            latest=report_selectors.latest_builds(kind=BuildKind.EVALUATION, cycle=cycle, group=None),
            can_assess=policy.may_assess(self.request.user),
            memo_form=_memo_form(kind=BuildKind.EVALUATION, cycle=cycle),
            **kwargs,
        )


class AssessmentUpdateView(RoleRequiredMixin, CycleGroupMixin, FormView):
    """The department records (or changes) its assessment of one group."""

    allowed_roles = DEPARTMENT_ROLES
    template_name = "reports/assessment_form.html"
    form_class = AssessmentForm

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "instance": report_selectors.assessment_for_group(cycle=self.cycle, group=self.group),
        }

    def get_context_data(self, **kwargs):
        figures = next(row for row in evaluation_data(self.cycle).groups if row.group.pk == self.group.pk)
        return super().get_context_data(cycle=self.cycle, group=self.group, figures=figures, **kwargs)

    def form_valid(self, form):
        report_services.assessment_save(
            cycle=self.cycle,
            group=self.group,
            user=self.request.user,
            **{name: form.cleaned_data[name] for name in form.Meta.fields},
        )
        messages.success(self.request, _("บันทึกผลการประเมิน%(group)sแล้ว") % {"group": self.group.full_name})
        return redirect("reports:evaluation", fiscal_year=self.cycle.fiscal_year)


class OpenDataView(RoleRequiredMixin, View):
    """Projects, budgets and progress as CSV or JSON for the city's open-data portal."""

    allowed_roles = ALL_ROLES

    def get(self, request, fiscal_year: int, fmt: str):
        if fmt not in ("csv", "json"):
            raise Http404(_("มีเฉพาะรูปแบบ csv และ json"))
        cycle = selectors.cycle_get(fiscal_year=fiscal_year)
        rows = opendata_rows(cycle=cycle)
        if fmt == "csv":
            response = HttpResponse(opendata_csv(rows), content_type="text/csv; charset=utf-8")
        else:
            response = HttpResponse(
                opendata_json(rows, cycle=cycle), content_type="application/json; charset=utf-8"
            )
        response["Content-Disposition"] = f'attachment; filename="projects-{fiscal_year}.{fmt}"'
        return response
