"""Views of the progress app: thin — parse input, call one service or selector, respond."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from bangkok_network import selectors as core
from bangkok_network.permissions import (
    ALL_ROLES,
    GROUP_EDIT_ROLES,
    RoleRequiredMixin,
    can_edit_group,
    user_group,
)
from bangkok_network.views import CycleGroupMixin, ScopedObjectMixin, ServiceActionMixin
from progress import selectors, services
from progress.forms import AttachmentForm, ExecutiveReportForm, ProgressReportForm
from progress.services import REPORT_FIELDS, ProgressError


class HomeView(RoleRequiredMixin, View):
    """Send a group user to their group's reports of the current cycle, the others to the dashboard."""

    allowed_roles = ALL_ROLES

    def get(self, request):
        cycle = core.cycle_current()
        group = user_group(request.user)
        if cycle is None or group is None:
            return redirect("dashboard")
        return redirect("progress:report_list", fiscal_year=cycle.fiscal_year, code=group.code)


class GroupReportsView(RoleRequiredMixin, CycleGroupMixin, TemplateView):
    """A group's projects with their progress reports, and its reports to executives."""

    allowed_roles = ALL_ROLES
    template_name = "progress/report_list.html"

    def get_context_data(self, **kwargs):
        cycle, group = self.cycle, self.group
        return super().get_context_data(
            cycle=cycle,
            group=group,
            entries=selectors.projects_with_reports(cycle=cycle, group=group),
            executive_reports=selectors.executive_reports_for_group(cycle=cycle, group=group),
            can_edit=can_edit_group(self.request.user, group),
            **kwargs,
        )


class ReportFormMixin(RoleRequiredMixin):
    allowed_roles = GROUP_EDIT_ROLES
    template_name = "progress/report_form.html"
    form_class = ProgressReportForm


class ProjectMixin(ScopedObjectMixin):
    """The project named in the URL."""

    def load_from_url(self, *, project_pk, **kwargs):
        self.project = selectors.project_get_for_user(user=self.request.user, pk=project_pk)
        return self.project.form.group


class ReportMixin(ScopedObjectMixin):
    """The progress report named in the URL."""

    def load_from_url(self, *, pk, **kwargs):
        self.report = selectors.report_get_for_user(user=self.request.user, pk=pk)
        return self.report.group


class ReportCreateView(ReportFormMixin, ProjectMixin, FormView):
    def get_context_data(self, **kwargs):
        return super().get_context_data(project=self.project, group=self.project.form.group, **kwargs)

    def form_valid(self, form):
        report = services.progress_report_create(
            project=self.project, user=self.request.user, **form.cleaned_data
        )
        messages.success(self.request, _("บันทึกรายงานความคืบหน้าแล้ว แนบภาพถ่ายหรือไฟล์ได้ที่หน้านี้"))
        return redirect(report)


class ReportUpdateView(ReportFormMixin, ReportMixin, FormView):
    def get_initial(self):
        return {name: getattr(self.report, name) for name in REPORT_FIELDS}

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.fields.pop("photos")  # more photos are added on the report's own page
        return form

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            project=self.report.project, group=self.report.group, report=self.report, **kwargs
        )

    def form_valid(self, form):
        services.progress_report_update(report=self.report, user=self.request.user, **form.cleaned_data)
        messages.success(self.request, _("แก้ไขรายงานแล้ว"))
        return redirect(self.report)


class ReportDetailView(RoleRequiredMixin, TemplateView):
    allowed_roles = ALL_ROLES
    template_name = "progress/report_detail.html"

    def get_context_data(self, **kwargs):
        report = selectors.report_get_for_user(user=self.request.user, pk=kwargs["pk"])
        can_edit = can_edit_group(self.request.user, report.group)
        return super().get_context_data(
            report=report, can_edit=can_edit, attachment_form=AttachmentForm() if can_edit else None, **kwargs
        )


class AttachmentAddView(RoleRequiredMixin, ReportMixin, ServiceActionMixin, View):
    """Upload one photo or file to a report; a refused file is explained, nothing else is lost."""

    allowed_roles = GROUP_EDIT_ROLES
    edit = True
    success_message = gettext_lazy("แนบไฟล์แล้ว")

    def get_error_url(self):
        return self.report.get_absolute_url()

    def act(self, request):
        form = AttachmentForm(request.POST, request.FILES)
        if not form.is_valid():
            raise ProgressError(" ".join(e for errors in form.errors.values() for e in errors))
        services.progress_attachment_add(
            report=self.report,
            user=request.user,
            upload=form.cleaned_data["file"],
            kind=form.cleaned_data["kind"],
            caption=form.cleaned_data["caption"],
        )


class AttachmentDeleteView(RoleRequiredMixin, ScopedObjectMixin, ServiceActionMixin, View):
    """Remove a photo or file uploaded by mistake."""

    allowed_roles = GROUP_EDIT_ROLES
    success_message = gettext_lazy("ลบไฟล์แนบแล้ว")

    def load_from_url(self, *, pk, **kwargs):
        self.attachment = selectors.attachment_get_for_user(user=self.request.user, pk=pk)
        return self.attachment.report.group

    def get_error_url(self):
        return self.attachment.report.get_absolute_url()

    def act(self, request):
        if request.POST.get("confirm") != "1":
            raise ProgressError(_("กรุณายืนยันการลบไฟล์"))
        services.progress_attachment_delete(attachment=self.attachment, user=request.user)


class AttachmentDownloadView(RoleRequiredMixin, View):
    allowed_roles = ALL_ROLES

    def get(self, request, pk: int):
        attachment = selectors.attachment_get_for_user(user=request.user, pk=pk)
        # Photos open in the browser; every other file downloads (types were checked on upload).
        return FileResponse(
            attachment.file.open("rb"),
            content_type=attachment.content_type,
            filename=attachment.original_name,
            as_attachment=not attachment.content_type.startswith("image/"),
        )


class ExecutiveReportCreateView(RoleRequiredMixin, CycleGroupMixin, FormView):
    allowed_roles = GROUP_EDIT_ROLES
    template_name = "progress/executive_report_form.html"
    form_class = ExecutiveReportForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(cycle=self.cycle, group=self.group, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        services.executive_report_create(
            cycle=self.cycle,
            group=self.group,
            user=self.request.user,
            recipient_kind=data["recipient_kind"],
            recipient=data["recipient"],
            reported_on=data["reported_on"],
            summary=data["summary"],
            upload=data.get("file"),
        )
        messages.success(self.request, _("บันทึกการรายงานผลต่อผู้บริหารแล้ว"))
        return redirect("progress:report_list", fiscal_year=self.cycle.fiscal_year, code=self.group.code)


class ExecutiveReportDownloadView(RoleRequiredMixin, View):
    allowed_roles = ALL_ROLES

    def get(self, request, pk: int):
        record = selectors.executive_report_get_for_user(user=request.user, pk=pk)
        if not record.file:
            raise Http404(_("ไม่มีสำเนารายงาน"))
        return FileResponse(
            record.file.open("rb"),
            content_type=record.file_type,
            as_attachment=True,
            filename=record.file_name or record.file.name.rsplit("/", 1)[-1],
        )
