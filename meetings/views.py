"""Views of the meetings app: thin — load through selectors, change through services, respond.

Every view declares its roles; group scope comes from the selectors (another group's meeting is a
404) and, for changes, from ensure_can_edit_group (department reads get 403).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from bangkok_network import selectors as core
from bangkok_network.audit import audit_log
from bangkok_network.permissions import (
    ALL_ROLES,
    DEPARTMENT_ROLES,
    GROUP_EDIT_ROLES,
    RoleRequiredMixin,
    can_edit_group,
    is_department,
)
from bangkok_network.views import CycleMixin, ScopedObjectMixin, ServiceActionMixin
from meetings import selectors, services
from meetings.forms import (
    AttendanceForm,
    GuestForm,
    KeyIssueForm,
    MeetingForm,
    MinutesCertifyForm,
    ScanUploadForm,
    SignInForm,
)
from meetings.services import MeetingError


class GroupMixin(CycleMixin, ScopedObjectMixin):
    """The group named in the URL, and the cycle of ?cycle=YEAR (or the current one)."""

    def load_from_url(self, *, code, **kwargs):
        self.group = core.group_get_for_user(user=self.request.user, code=code)
        self.cycle = self.get_cycle()
        return self.group


class MeetingMixin(ScopedObjectMixin):
    """The meeting named in the URL."""

    def load_from_url(self, *, pk, **kwargs):
        self.meeting = selectors.meeting_get_for_user(user=self.request.user, pk=pk)
        return self.meeting.group


class MeetingListView(RoleRequiredMixin, GroupMixin, TemplateView):
    allowed_roles = ALL_ROLES
    template_name = "meetings/meeting_list.html"

    def get_context_data(self, **kwargs):
        participation = selectors.participation(cycle=self.cycle, group=self.group)
        return super().get_context_data(
            group=self.group,
            cycle=self.cycle,
            window=selectors.meeting_window(cycle=self.cycle),
            participation=participation,
            meetings=participation.meetings,
            key_issues=selectors.key_issues_for_group(cycle=self.cycle, group=self.group),
            can_edit=can_edit_group(self.request.user, self.group),
            **kwargs,
        )


class ParticipationView(RoleRequiredMixin, GroupMixin, TemplateView):
    allowed_roles = ALL_ROLES
    template_name = "meetings/participation_detail.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            group=self.group,
            cycle=self.cycle,
            participation=selectors.participation(cycle=self.cycle, group=self.group),
            **kwargs,
        )


class MeetingCreateView(RoleRequiredMixin, GroupMixin, FormView):
    allowed_roles = GROUP_EDIT_ROLES
    edit = True
    form_class = MeetingForm
    template_name = "meetings/meeting_form.html"

    def get_initial(self):
        return {"year": self.cycle.fiscal_year, "title": f"เครือข่ายประชาสังคม{self.group.full_name}"}

    def get_context_data(self, **kwargs):
        return super().get_context_data(group=self.group, cycle=self.cycle, **kwargs)

    def form_valid(self, form):
        meeting = services.meeting_create(
            cycle=self.cycle,
            group=self.group,
            user=self.request.user,
            agenda=form.agenda_entries(),
            **form.meeting_fields(),
        )
        messages.success(
            self.request, _("บันทึกการประชุมครั้งที่ %(number)s แล้ว") % {"number": meeting.number_label}
        )
        return redirect(meeting)


class MeetingDetailView(RoleRequiredMixin, MeetingMixin, TemplateView):
    allowed_roles = ALL_ROLES
    template_name = "meetings/meeting_detail.html"

    def get_context_data(self, **kwargs):
        meeting = selectors.meeting_detail(meeting=self.meeting)
        return super().get_context_data(
            meeting=meeting,
            attendance=selectors.attendance_groups(meeting=meeting),
            can_edit=can_edit_group(self.request.user, meeting.group) and not meeting.is_final,
            previous=selectors.meeting_previous(meeting=meeting),
            can_upload=can_edit_group(self.request.user, meeting.group),
            can_reopen=meeting.is_final and is_department(self.request.user),
            scan_form=ScanUploadForm(),
            **kwargs,
        )


class MeetingUpdateView(RoleRequiredMixin, MeetingMixin, FormView):
    allowed_roles = GROUP_EDIT_ROLES
    edit = True
    form_class = MeetingForm
    template_name = "meetings/meeting_form.html"

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "instance": self.meeting,
            "agenda_items": list(self.meeting.agenda_items.all()),
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            meeting=self.meeting, group=self.meeting.group, cycle=self.meeting.cycle, **kwargs
        )

    def form_valid(self, form):
        # The form changed the instance in memory; reload it so the service sees what is stored.
        meeting = selectors.meeting_get_for_user(user=self.request.user, pk=self.meeting.pk)
        services.meeting_update(
            meeting=meeting, user=self.request.user, agenda=form.agenda_entries(), **form.meeting_fields()
        )
        messages.success(self.request, _("บันทึกรายงานการประชุมแล้ว"))
        return redirect(meeting)


class MeetingActionView(RoleRequiredMixin, MeetingMixin, ServiceActionMixin, View):
    """A POST that calls one service and returns to the meeting (or the list) with a message."""

    allowed_roles = GROUP_EDIT_ROLES
    edit = True

    def get_error_url(self):
        return self.meeting.get_absolute_url()


class MeetingFinaliseView(MeetingActionView):
    success_message = gettext_lazy("ยืนยันรายงานการประชุมแล้ว")
    confirm_message = gettext_lazy(
        "ยืนยันรายงานการประชุมนี้? เมื่อยืนยันแล้วจะแก้ไขรายงาน ผู้ประชุม และประเด็นสำคัญไม่ได้อีก "
        "(หากต้องแก้ ขอให้สำนักยุทธศาสตร์และประเมินผลเปิดแก้ไข) "
        "และการประชุมครั้งแรกที่ยืนยันจะส่งขั้นตอนที่ ๒ ถึงสำนักยุทธศาสตร์และประเมินผล"
    )
    confirm_button = gettext_lazy("ยืนยันรายงานการประชุม")

    def act(self, request):
        services.meeting_finalise(meeting=self.meeting, user=request.user)


class MeetingReopenView(MeetingActionView):
    """The department reopens final minutes for the group to correct, with the reason."""

    allowed_roles = DEPARTMENT_ROLES
    edit = False
    success_message = gettext_lazy("เปิดรายงานการประชุมให้กลุ่มเขตแก้ไขแล้ว")
    confirm_message = gettext_lazy(
        "เปิดรายงานการประชุมที่ยืนยันแล้วให้กลุ่มเขตแก้ไข? รายงานจะกลับเป็นฉบับร่าง "
        "และถ้าไม่มีรายงานอื่นที่ยืนยันแล้ว ขั้นตอนที่ ๒ จะเป็น “ส่งกลับแก้ไข” พร้อมเหตุผลที่กรอก"
    )
    confirm_button = gettext_lazy("ยืนยันเปิดให้แก้ไข")

    def act(self, request):
        services.meeting_reopen(
            meeting=self.meeting, user=request.user, reason=request.POST.get("reason", "")
        )


class MinutesCertifyView(RoleRequiredMixin, MeetingMixin, FormView):
    """Agenda item 2 of this meeting: certify the group's previous minutes."""

    allowed_roles = GROUP_EDIT_ROLES
    edit = True
    form_class = MinutesCertifyForm
    template_name = "meetings/minutes_certify_form.html"

    def get_initial(self):
        amendments = self.meeting.certification_amendments
        outcome = MinutesCertifyForm.AMENDED if amendments else MinutesCertifyForm.AS_WRITTEN
        return {"outcome": outcome, "amendments": amendments}

    def get_context_data(self, **kwargs):
        previous = selectors.meeting_previous(meeting=self.meeting)
        return super().get_context_data(meeting=self.meeting, previous=previous, **kwargs)

    def form_valid(self, form):
        meeting = services.minutes_certify(
            meeting=self.meeting, user=self.request.user, **form.certify_fields()
        )
        messages.success(
            self.request,
            _("รับรองรายงานการประชุมครั้งที่ %(number)s แล้ว") % {"number": meeting.certifies.number_label},
        )
        return redirect(meeting)


class MinutesCertificationCancelView(MeetingActionView):
    success_message = gettext_lazy("ยกเลิกการรับรองรายงานการประชุมแล้ว")

    def act(self, request):
        services.minutes_certification_cancel(meeting=self.meeting, user=request.user)


class MeetingDeleteView(MeetingActionView):
    success_message = gettext_lazy("ลบการประชุมแล้ว")
    confirm_message = gettext_lazy("ลบการประชุมนี้พร้อมผู้ประชุม วาระ และประเด็นสำคัญ? ลบแล้วกู้คืนไม่ได้")
    confirm_button = gettext_lazy("ยืนยันลบการประชุม")

    def act(self, request):
        group, cycle = self.meeting.group, self.meeting.cycle
        services.meeting_delete(meeting=self.meeting, user=request.user)
        return f"{reverse('meetings:meeting_list', kwargs={'code': group.code})}?cycle={cycle.fiscal_year}"


class MembersFormView(RoleRequiredMixin, MeetingMixin, FormView):
    """A form with a line per registry member the meeting invites, for the group's editors."""

    allowed_roles = GROUP_EDIT_ROLES
    edit = True

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "candidates": selectors.attendance_candidates(meeting=self.meeting),
        }


class AttendanceUpdateView(MembersFormView):
    """Choose who came from the group's registry, and add guests and officials."""

    form_class = AttendanceForm
    template_name = "meetings/attendance_form.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            meeting=self.meeting,
            guests=selectors.guests_of(meeting=self.meeting),
            guest_form=GuestForm(),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if AttendanceForm.ALL_PRESENT in request.POST:  # the "all present" button, sent without JavaScript
            form = self.get_form().all_present()
            return self.render_to_response(self.get_context_data(form=form, is_all_marked=True))
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        services.attendance_set(meeting=self.meeting, user=self.request.user, entries=form.entries())
        messages.success(self.request, _("บันทึกผู้ประชุมแล้ว"))
        return redirect(self.meeting)


class SignInView(MembersFormView):
    """Tick, on the names of the sign-in sheet, those who signed: they are recorded present."""

    form_class = SignInForm
    template_name = "meetings/sign_in_form.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(meeting=self.meeting, **kwargs)

    def form_valid(self, form):
        signed = form.cleaned_data["signed"]
        services.attendance_from_sign_in(meeting=self.meeting, user=self.request.user, signed=signed)
        messages.success(
            self.request,
            _("บันทึกผู้มาประชุมตามบัญชีลงชื่อ %(count)s คนแล้ว ระบุผู้ไม่มาประชุมหรือลาประชุมได้ที่หน้านี้")
            % {"count": len(signed)},
        )
        return redirect("meetings:attendance_update", pk=self.meeting.pk)


class GuestAddView(MeetingActionView):
    success_message = gettext_lazy("เพิ่มผู้เข้าร่วมประชุมแล้ว")

    def act(self, request):
        form = GuestForm(request.POST)
        if not form.is_valid():
            raise MeetingError(" ".join(e for errors in form.errors.values() for e in errors))
        services.guest_add(meeting=self.meeting, user=request.user, **form.cleaned_data)
        return reverse("meetings:attendance_update", kwargs={"pk": self.meeting.pk})


class GuestRemoveView(RoleRequiredMixin, ScopedObjectMixin, ServiceActionMixin, View):
    allowed_roles = GROUP_EDIT_ROLES
    edit = True

    def load_from_url(self, *, pk, **kwargs):
        self.row = selectors.attendance_get_for_user(user=self.request.user, pk=pk)
        return self.row.meeting.group

    def get_error_url(self):
        return reverse("meetings:attendance_update", kwargs={"pk": self.row.meeting_id})

    def act(self, request):
        services.guest_remove(attendance=self.row, user=request.user)


class KeyIssueCreateView(RoleRequiredMixin, MeetingMixin, FormView):
    allowed_roles = GROUP_EDIT_ROLES
    edit = True
    form_class = KeyIssueForm
    template_name = "meetings/key_issue_form.html"

    def get_form_kwargs(self):
        districts = core.districts_of_group(cycle=self.meeting.cycle, group=self.meeting.group)
        return {**super().get_form_kwargs(), "districts": districts}

    def get_context_data(self, **kwargs):
        return super().get_context_data(meeting=self.meeting, **kwargs)

    def form_valid(self, form):
        services.key_issue_create(meeting=self.meeting, user=self.request.user, **form.issue_fields())
        messages.success(self.request, _("บันทึกประเด็นสำคัญแล้ว"))
        return redirect(self.meeting)


class KeyIssueMixin(ScopedObjectMixin):
    """The key issue named in the URL, for its group's editors."""

    edit = True

    def load_from_url(self, *, pk, **kwargs):
        self.issue = selectors.key_issue_get_for_user(user=self.request.user, pk=pk)
        return self.issue.group


class KeyIssueUpdateView(RoleRequiredMixin, KeyIssueMixin, FormView):
    allowed_roles = GROUP_EDIT_ROLES
    form_class = KeyIssueForm
    template_name = "meetings/key_issue_form.html"

    def get_form_kwargs(self):
        districts = core.districts_of_group(cycle=self.issue.meeting.cycle, group=self.issue.group)
        return {**super().get_form_kwargs(), "instance": self.issue, "districts": districts}

    def get_context_data(self, **kwargs):
        return super().get_context_data(meeting=self.issue.meeting, issue=self.issue, **kwargs)

    def form_valid(self, form):
        issue = selectors.key_issue_get_for_user(user=self.request.user, pk=self.issue.pk)
        services.key_issue_update(issue=issue, user=self.request.user, **form.issue_fields())
        messages.success(self.request, _("บันทึกประเด็นสำคัญแล้ว"))
        return redirect(issue.meeting)


class KeyIssueDeleteView(RoleRequiredMixin, KeyIssueMixin, ServiceActionMixin, View):
    allowed_roles = GROUP_EDIT_ROLES
    success_message = gettext_lazy("ลบประเด็นสำคัญแล้ว")

    def get_error_url(self):
        return self.issue.meeting.get_absolute_url()

    def act(self, request):
        services.key_issue_delete(issue=self.issue, user=request.user)


class SignInScanUploadView(MeetingActionView):
    """Keep the scan of the signed sign-in sheet; the tick page shows it beside the names."""

    success_message = gettext_lazy("เก็บไฟล์บัญชีลงชื่อที่ลงนามแล้ว")

    def get_error_url(self):
        return reverse("meetings:sign_in", kwargs={"pk": self.meeting.pk})

    def act(self, request):
        form = ScanUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            raise MeetingError(_("กรุณาเลือกไฟล์บัญชีลงชื่อที่ลงนามแล้ว"))
        services.meeting_scan_upload(
            meeting=self.meeting, user=request.user, upload=form.cleaned_data["scan"], paper="sign_in"
        )
        return self.get_error_url()


class ScanUploadView(RoleRequiredMixin, MeetingMixin, FormView):
    allowed_roles = GROUP_EDIT_ROLES
    edit = True
    form_class = ScanUploadForm
    template_name = "meetings/scan_form.html"
    error_field = "scan"

    def get_context_data(self, **kwargs):
        return super().get_context_data(meeting=self.meeting, **kwargs)

    def form_valid(self, form):
        services.meeting_scan_upload(
            meeting=self.meeting, user=self.request.user, upload=form.cleaned_data["scan"]
        )
        messages.success(self.request, _("เก็บไฟล์รายงานการประชุมที่ลงนามแล้ว"))
        return redirect(self.meeting)


class ScanDownloadView(RoleRequiredMixin, MeetingMixin, View):
    """Serve a signed scan only through this permission-checked view, never from /media/."""

    allowed_roles = ALL_ROLES
    field_name = "signed_scan"
    file_stem = "minutes"
    audit_action = "meeting.scan_download"
    missing = gettext_lazy("ยังไม่มีไฟล์รายงานการประชุมที่ลงนามแล้ว")

    def get(self, request, pk):
        scan = getattr(self.meeting, self.field_name)
        if not scan:
            raise Http404(self.missing)
        audit_log(actor=request.user, action=self.audit_action, obj=self.meeting)
        extension = scan.name.rsplit(".", 1)[-1]
        meeting = self.meeting
        response = FileResponse(
            scan.open("rb"),
            content_type=getattr(meeting, f"{self.field_name}_type"),
            filename=f"{self.file_stem}-{meeting.group.code}-{meeting.number}-{meeting.year}.{extension}",
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response


class SignInScanDownloadView(ScanDownloadView):
    field_name = "sign_in_scan"
    file_stem = "sign-in"
    audit_action = "meeting.sign_in_scan_download"
    missing = gettext_lazy("ยังไม่มีไฟล์บัญชีลงชื่อที่ลงนามแล้ว")
