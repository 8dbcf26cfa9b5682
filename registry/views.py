"""Views of the registry: thin — parse input, call one service or selector, respond.

Group scope comes from the selectors (another group's objects are a 404); roles are declared on
each view. Contact details are masked for anyone outside the member's group and the department.
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from bangkok_network import selectors as core
from bangkok_network.models import Role, StepKind
from bangkok_network.permissions import (
    ALL_ROLES,
    DEPARTMENT_ROLES,
    GROUP_EDIT_ROLES,
    RoleRequiredMixin,
    can_edit_group,
    user_group,
)
from bangkok_network.selectors import districts_of_group, progress_get
from bangkok_network.views import CycleGroupMixin, CycleMixin, ScopedObjectMixin, ServiceActionMixin
from registry import importing, selectors, services
from registry.forms import (
    CommunityImportForm,
    CommunityPickSearchForm,
    ImportDecisionForm,
    ImportModeForm,
    MemberForm,
    MemberSearchForm,
    MergeForm,
    mapping_from_post,
)
from registry.models import ImportMode
from registry.presenters import MemberRow, import_preview_rows, member_list_rows
from registry.services import RegistryError

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
IMPORT_ROLES = (*GROUP_EDIT_ROLES, Role.OFFICER)
PERSONAL_DATA_ROLES = (Role.GROUP_STAFF, Role.GROUP_CHAIR, *DEPARTMENT_ROLES)


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- the group's registry ---------------------------------------------------------------------


class RegistryHomeView(RoleRequiredMixin, CycleMixin, TemplateView):
    """A group's people go to their registry; the department sees every group's count."""

    allowed_roles = ALL_ROLES
    template_name = "registry/group_list.html"

    def get(self, request, *args, **kwargs):
        cycle = self.get_cycle()
        own = user_group(request.user)
        if own is not None:
            return redirect("registry:member_list", fiscal_year=cycle.fiscal_year, code=own.code)
        return self.render_to_response(
            self.get_context_data(
                cycle=cycle, groups=selectors.member_counts_by_group(cycle=cycle), cycles=core.cycle_list()
            )
        )


class MemberListView(RoleRequiredMixin, CycleGroupMixin, TemplateView):
    allowed_roles = ALL_ROLES
    template_name = "registry/member_list.html"

    def get_context_data(self, **kwargs):
        form = MemberSearchForm(
            self.request.GET or None,
            districts=districts_of_group(cycle=self.cycle, group=self.group),
            interests=selectors.member_interests(cycle=self.cycle, group=self.group),
        )
        found = selectors.member_list_page(
            cycle=self.cycle, group=self.group, number=self.request.GET.get("page"), **form.filters()
        )
        show = selectors.can_see_personal_data(self.request.user, self.group)
        return super().get_context_data(
            cycle=self.cycle,
            group=self.group,
            form=form,
            page=found.page,
            rows=member_list_rows(found.page.object_list, show_personal=show),
            counts=found.totals,
            matched=found.matched,
            is_searching=any(form.filters().values()),
            is_more=found.is_more,
            can_edit=can_edit_group(self.request.user, self.group),
            show_personal=show,
            progress=progress_get(cycle=self.cycle, group=self.group, kind=StepKind.REGISTRY),
            query_string=_query_without_page(self.request),
            **kwargs,
        )


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


class MemberCreateView(RoleRequiredMixin, CycleGroupMixin, FormView):
    allowed_roles = GROUP_EDIT_ROLES
    edit = True
    form_class = MemberForm
    template_name = "registry/member_form.html"

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "districts": districts_of_group(cycle=self.cycle, group=self.group),
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(cycle=self.cycle, group=self.group, **kwargs)

    def form_valid(self, form):
        member = services.member_create(
            cycle=self.cycle, group=self.group, user=self.request.user, **form.cleaned_data
        )
        _warn_duplicate(self.request, member)
        messages.success(self.request, _("เพิ่ม %(name)s ในทะเบียนแล้ว") % {"name": member.display_name})
        return redirect(member.get_absolute_url())


def _warn_duplicate(request, member) -> None:
    if member.possible_duplicate_of_id:
        messages.warning(
            request,
            _("อาจซ้ำกับ “%(name)s” ที่มีอยู่แล้ว ตรวจสอบและรวมข้อมูลได้ที่หน้าสมาชิก")
            % {"name": member.possible_duplicate_of.display_name},
        )


class MemberMixin(ScopedObjectMixin):
    """The registry member named in the URL."""

    def get_error_url(self):
        return self.member.get_absolute_url()

    def load_from_url(self, *, pk, **kwargs):
        self.member = selectors.member_get_for_user(user=self.request.user, pk=pk)
        return self.member.group


class MemberDetailView(RoleRequiredMixin, MemberMixin, TemplateView):
    allowed_roles = ALL_ROLES
    template_name = "registry/member_detail.html"

    def get_context_data(self, **kwargs):
        member = self.member
        show = selectors.can_see_personal_data(self.request.user, member.group)
        return super().get_context_data(
            member=member,
            row=MemberRow(member, show_personal=show),
            show_personal=show,
            can_edit=can_edit_group(self.request.user, member.group),
            history=selectors.member_history(member=member) if show else [],
            duplicates=selectors.member_duplicates(member=member),
            **kwargs,
        )


class MemberUpdateView(RoleRequiredMixin, MemberMixin, FormView):
    allowed_roles = GROUP_EDIT_ROLES
    edit = True
    form_class = MemberForm
    template_name = "registry/member_form.html"

    def get_form_kwargs(self):
        districts = districts_of_group(cycle=self.member.cycle, group=self.member.group)
        return {**super().get_form_kwargs(), "instance": self.member, "districts": districts}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            member=self.member, cycle=self.member.cycle, group=self.member.group, **kwargs
        )

    def form_valid(self, form):
        member = services.member_update(member=self.member, user=self.request.user, **form.cleaned_data)
        _warn_duplicate(self.request, member)
        messages.success(self.request, _("บันทึกการแก้ไขแล้ว"))
        return redirect(member.get_absolute_url())


class MemberEraseView(RoleRequiredMixin, MemberMixin, ServiceActionMixin, TemplateView):
    """Erase a member's personal data on request (PDPA); the anonymous row stays."""

    allowed_roles = GROUP_EDIT_ROLES
    edit = True
    template_name = "registry/member_erase.html"
    success_message = gettext_lazy("ลบข้อมูลส่วนบุคคลแล้ว (ยังนับจำนวนสมาชิกไว้โดยไม่ระบุตัวตน)")

    def get_context_data(self, **kwargs):
        return super().get_context_data(member=self.member, **kwargs)

    def act(self, request):
        services.member_erase(member=self.member, user=request.user)


class MemberDataView(RoleRequiredMixin, MemberMixin, View):
    """Give a member their data on request (a subject-access export), as JSON; the download is logged."""

    allowed_roles = PERSONAL_DATA_ROLES

    def get(self, request, pk):
        if not selectors.can_see_personal_data(request.user, self.member.group):
            raise PermissionDenied("คุณไม่มีสิทธิ์ดูข้อมูลส่วนบุคคลของสมาชิกนี้")
        data = services.member_personal_data(member=self.member, user=request.user)
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="member-{self.member.pk}.json"'
        return response


class MemberMergeView(RoleRequiredMixin, MemberMixin, ServiceActionMixin, View):
    """Merge another record of the same person into this one (POST other=<pk>)."""

    allowed_roles = GROUP_EDIT_ROLES
    edit = True

    def act(self, request):
        form = MergeForm(request.POST)
        if not form.is_valid():
            raise RegistryError(_("กรุณาเลือกสมาชิกที่จะรวม"))
        other = selectors.member_get_for_user(user=request.user, pk=form.cleaned_data["other"])
        keep = services.member_merge(keep=self.member, remove=other, user=request.user)
        messages.success(request, _("รวมข้อมูลเข้ากับ %(name)s แล้ว") % {"name": keep.display_name})
        return keep.get_absolute_url()


class DuplicateListView(RoleRequiredMixin, CycleGroupMixin, TemplateView):
    allowed_roles = GROUP_EDIT_ROLES
    edit = True
    template_name = "registry/duplicate_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            cycle=self.cycle,
            group=self.group,
            pairs=selectors.duplicate_pairs(cycle=self.cycle, group=self.group),
            **kwargs,
        )


def _requested_year(value) -> int | None:
    value = str(value or "")
    return int(value) if value.isdigit() else None


class CommunityPickView(RoleRequiredMixin, CycleGroupMixin, TemplateView):
    """Pick many rows of the districts' community registries into the group's registry.

    The memo's rule picks from the registries of the year before the cycle; the page shows every
    year that has rows (with counts) and lets the user choose another one.
    """

    allowed_roles = GROUP_EDIT_ROLES
    edit = True
    template_name = "registry/community_pick.html"

    def get_context_data(self, **kwargs):
        pick = selectors.community_pick_year(
            cycle=self.cycle, group=self.group, requested=_requested_year(self.request.GET.get("year"))
        )
        form = CommunityPickSearchForm(
            self.request.GET or None,
            districts=districts_of_group(cycle=self.cycle, group=self.group),
            interests=selectors.community_interests(
                cycle=self.cycle, group=self.group, fiscal_year=pick.year
            ),
        )
        rows = selectors.community_members_for_group(
            cycle=self.cycle, group=self.group, fiscal_year=pick.year, **form.filters()
        )
        page = Paginator(rows, 100).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            cycle=self.cycle,
            group=self.group,
            form=form,
            page=page,
            pick=pick,
            is_searching=bool(form.filters() and any(form.filters().values())),
            already=selectors.community_member_ids_in_group(cycle=self.cycle, group=self.group),
            query_string=_query_without_page(self.request),
            **kwargs,
        )

    def get_error_url(self):
        return self.request.get_full_path()  # the same page, with the search the user had

    def post(self, request, fiscal_year, code):
        ids = [int(v) for v in request.POST.getlist("pick") if v.isdigit()]
        pick = selectors.community_pick_year(
            cycle=self.cycle, group=self.group, requested=_requested_year(request.POST.get("year"))
        )
        rows = selectors.community_members_for_group(
            cycle=self.cycle, group=self.group, fiscal_year=pick.year
        ).filter(pk__in=ids)
        created = services.members_add_from_community(
            cycle=self.cycle, group=self.group, community_members=rows, user=request.user
        )
        messages.success(request, _("เพิ่มสมาชิกจากทะเบียนบัญชีประชาคมเขต %(n)s ราย") % {"n": len(created)})
        return redirect("registry:member_list", fiscal_year=self.cycle.fiscal_year, code=self.group.code)


class RegistrySubmitView(RoleRequiredMixin, CycleGroupMixin, ServiceActionMixin, View):
    allowed_roles = GROUP_EDIT_ROLES
    edit = True
    success_message = gettext_lazy("ส่งทะเบียนบัญชีประชาสังคมให้สำนักยุทธศาสตร์และประเมินผลแล้ว")
    confirm_message = gettext_lazy(
        "ส่งทะเบียนบัญชีประชาสังคมถึงสำนักยุทธศาสตร์และประเมินผล? ขั้นตอนที่ ๑ จะเป็น “ส่งแล้ว” ถอนคืนได้จนกว่าสำนักฯ จะเปิดพิจารณา"
    )
    confirm_button = gettext_lazy("ยืนยันส่งทะเบียน")

    def get_error_url(self):
        return reverse(
            "registry:member_list", kwargs={"fiscal_year": self.cycle.fiscal_year, "code": self.group.code}
        )

    def act(self, request):
        services.registry_submit(cycle=self.cycle, group=self.group, user=request.user)


# --- importing community registries -----------------------------------------------------------


class ImportUploadView(RoleRequiredMixin, FormView):
    allowed_roles = IMPORT_ROLES
    form_class = CommunityImportForm
    template_name = "registry/import_upload.html"
    error_field = "file"

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "districts": selectors.districts_for_user_group(user=self.request.user),
        }

    def get_initial(self):
        cycle = core.cycle_current()
        return {"fiscal_year": selectors.community_source_year(cycle=cycle) if cycle else ""}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            cycle=core.cycle_current(), year_uses=selectors.community_year_uses(), **kwargs
        )

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        batch = services.community_import_preview(
            data=upload.read(),
            filename=upload.name,
            district=form.cleaned_data["district"],
            fiscal_year=form.cleaned_data["fiscal_year"],
            mode=form.cleaned_data["mode"],
            user=self.request.user,
        )
        return redirect(batch.get_absolute_url())


class ImportMixin(ScopedObjectMixin):
    """The upload named in the URL (its district's group and the department only)."""

    def get_error_url(self):
        return self.batch.get_absolute_url()

    def load_from_url(self, *, pk, **kwargs):
        self.batch = selectors.community_import_get_for_user(user=self.request.user, pk=pk)


class ImportPreviewView(RoleRequiredMixin, ImportMixin, TemplateView):
    allowed_roles = IMPORT_ROLES
    template_name = "registry/import_preview.html"

    def get_context_data(self, **kwargs):
        show = self.request.GET.get("show", "")
        rows, total = selectors.community_import_rows(batch=self.batch, status=show)
        return super().get_context_data(
            batch=self.batch,
            rows=import_preview_rows(rows),
            shown=len(rows),
            total=total,
            show=show,
            statuses=selectors.community_import_status_counts(batch=self.batch),
            layouts=selectors.community_import_layouts(batch=self.batch),
            field_choices=selectors.IMPORT_FIELD_CHOICES,
            modes=ImportMode.choices,
            reading_cycle=selectors.cycle_reading_year(fiscal_year=self.batch.fiscal_year),
            **kwargs,
        )


class ImportMappingView(RoleRequiredMixin, ImportMixin, ServiceActionMixin, View):
    """Read the upload again with the columns the user fixed."""

    allowed_roles = IMPORT_ROLES

    def act(self, request):
        mapping = mapping_from_post(request.POST)
        services.community_import_remap(batch=self.batch, mapping=mapping, user=request.user)


class ImportModeView(RoleRequiredMixin, ImportMixin, ServiceActionMixin, View):
    """Choose what the import does with people already in the registry."""

    allowed_roles = IMPORT_ROLES

    def act(self, request):
        form = ImportModeForm(request.POST)
        mode = form.cleaned_data["mode"] if form.is_valid() else ""
        services.community_import_set_mode(batch=self.batch, mode=mode, user=request.user)


class ImportDecisionView(RoleRequiredMixin, ImportMixin, ServiceActionMixin, View):
    """Overrule the duplicate rule for one flagged row ("นำเข้าแถวนี้" / "ไม่นำเข้าแถวนี้")."""

    allowed_roles = IMPORT_ROLES

    def act(self, request):
        form = ImportDecisionForm(request.POST)
        if not form.is_valid():
            raise RegistryError(_("ไม่พบแถวที่เลือก"))
        row, decision = form.cleaned_data["row"], form.cleaned_data["decision"]
        services.community_import_decide(batch=self.batch, row_id=row, decision=decision, user=request.user)
        return f"{self.batch.get_absolute_url()}{_show(request)}#row-{row}"


def _show(request) -> str:
    show = request.POST.get("show", "")
    return f"?show={show}" if show in selectors.IMPORT_STATUS_LABELS else ""


class ImportConfirmView(RoleRequiredMixin, ImportMixin, ServiceActionMixin, View):
    allowed_roles = IMPORT_ROLES

    def act(self, request):
        batch = services.community_import_confirm(batch=self.batch, user=request.user)
        messages.success(
            request,
            _("นำเข้า %(ok)s แถว ปรับปรุง %(updated)s แถว ซ้ำ %(dup)s แถว ไม่ผ่าน %(bad)s แถว")
            % {
                "ok": batch.imported_count,
                "updated": batch.updated_count,
                "dup": batch.duplicate_count,
                "bad": batch.rejected_count,
            },
        )


class ImportCancelView(RoleRequiredMixin, ImportMixin, ServiceActionMixin, View):
    allowed_roles = IMPORT_ROLES

    def act(self, request):
        services.community_import_cancel(batch=self.batch, user=request.user)
        return reverse("registry:import_upload")


class ImportRejectedView(RoleRequiredMixin, ImportMixin, View):
    """Give back the rows that were not imported, with an error column; the download is logged."""

    allowed_roles = IMPORT_ROLES

    def get(self, request, pk):
        batch = self.batch
        content = services.community_import_rejected_workbook(batch=batch, user=request.user)
        return _xlsx(content, f"rejected-{batch.district.code}-{batch.pk}.xlsx")


class ImportTemplateView(RoleRequiredMixin, View):
    allowed_roles = ALL_ROLES

    def get(self, request):
        return _xlsx(importing.template_workbook(), "community-registry-template.xlsx")
