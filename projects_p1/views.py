"""Views of form P1: thin — scope through selectors, changes through services, roles declared here."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from bangkok_network import selectors as core_selectors
from bangkok_network.forms import ReviewDecision
from bangkok_network.permissions import (
    ALL_GROUPS_ROLES,
    ALL_ROLES,
    DEPARTMENT_ROLES,
    GROUP_EDIT_ROLES,
    RoleRequiredMixin,
    can_edit_group,
    is_department,
    sees_all_groups,
    user_group,
)
from bangkok_network.views import ConfirmMixin, ScopedObjectMixin, ServiceActionMixin
from projects_p1 import selectors, services
from projects_p1.forms import OverviewFilterForm, P1Editor, P1ReviewForm


class P1HomeView(RoleRequiredMixin, View):
    """Send the department to every group's P1 and a group to its own, for the current cycle."""

    allowed_roles = ALL_ROLES

    def get(self, request):
        cycle = core_selectors.cycle_current_required()
        if sees_all_groups(request.user):
            return redirect("projects_p1:overview", fiscal_year=cycle.fiscal_year)
        return redirect(
            "projects_p1:form_detail", fiscal_year=cycle.fiscal_year, code=user_group(request.user).code
        )


class P1Mixin(ScopedObjectMixin):
    """The cycle and the group's P1 form the URL names (the form is None until first saved)."""

    def load_from_url(self, *, fiscal_year, code, **kwargs):
        self.cycle = core_selectors.cycle_get(fiscal_year=fiscal_year)
        self.group, self.form = selectors.p1_form_get_for_user(
            user=self.request.user, cycle=self.cycle, code=code
        )
        return self.group

    def detail_redirect(self):
        return redirect("projects_p1:form_detail", fiscal_year=self.cycle.fiscal_year, code=self.group.code)

    def detail_context(self, review_form=None) -> dict:
        user = self.request.user
        form = self.form
        submissions = list(selectors.submissions_of(form=form)) if form else []
        return {
            "cycle": self.cycle,
            "group": self.group,
            "p1": form,
            "submissions": submissions,
            "returned": submissions[-1] if form and form.is_returned and submissions else None,
            "transitions": selectors.transitions_of(form=form) if form else [],
            "can_edit": can_edit_group(user, self.group) and (form is None or form.is_editable),
            "can_review": is_department(user) and form is not None and form.is_awaiting_review,
            "can_withdraw": can_edit_group(user, self.group)
            and form is not None
            and form.is_awaiting_review
            and bool(submissions)
            and submissions[-1].review_opened_at is None,
            "opened": submissions[-1] if form and form.is_awaiting_review and submissions else None,
            "can_reopen": is_department(user) and form is not None and form.is_accepted,
            "review_form": review_form or P1ReviewForm(),
            "document": selectors.working_copy_for_display(form=form) if form else None,
        }


class P1DetailView(RoleRequiredMixin, P1Mixin, TemplateView):
    allowed_roles = ALL_ROLES
    template_name = "projects_p1/p1form_detail.html"

    def get(self, request, *args, **kwargs):
        if self.form is not None and self.form.is_awaiting_review and is_department(request.user):
            # The department has now opened the version for review: the group can no longer withdraw it.
            services.p1_review_open(form=self.form, user=request.user)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(**self.detail_context(), **kwargs)


P1_SUBMIT_CONFIRM = gettext_lazy(
    "ส่งแบบ P1 ถึงสำนักยุทธศาสตร์และประเมินผล? เมื่อส่งแล้วแบบจะแก้ไขไม่ได้จนกว่าสำนักฯ จะส่งกลับ "
    "(ถอนคืนมาแก้ได้จนกว่าสำนักฯ จะเปิดพิจารณา)"
)


class P1EditView(RoleRequiredMixin, P1Mixin, ConfirmMixin, View):
    """Edit the working copy; a save that fails keeps everything typed on the page."""

    allowed_roles = GROUP_EDIT_ROLES
    edit = True
    template_name = "projects_p1/p1form_edit.html"
    is_submitting = False  # True once the draft is saved and only the sending is left

    def editor(self, data=None) -> P1Editor:
        return P1Editor(
            data=data,
            form=self.form,
            dimension_choices=selectors.plan_dimension_choices(),
            key_issue_choices=selectors.key_issue_choices(cycle=self.cycle, group=self.group),
        )

    def get(self, request, **kwargs):
        if self.form is not None and not self.form.is_editable:
            messages.info(
                request,
                _("แบบ P1 อยู่ในสถานะ “{status}” แก้ไขไม่ได้").format(status=self.form.get_status_display()),
            )
            return self.detail_redirect()
        return self.page(self.editor())

    def post(self, request, **kwargs):
        self.posted_editor = editor = self.editor(request.POST)
        if not editor.is_valid():
            count = editor.error_count
            return self.page(
                editor, [_("ยังบันทึกไม่ได้: มีข้อมูลที่ต้องแก้ไข {count} จุด (ทำเครื่องหมายไว้ด้านล่าง)").format(count=count)]
            )
        self.form = services.p1_form_save(
            cycle=self.cycle, group=self.group, user=request.user, **editor.service_kwargs()
        )
        if request.POST.get("action") == "submit":
            submit_url = reverse("projects_p1:form_submit", kwargs=self.kwargs)
            if page := self.unconfirmed_response(
                message=str(P1_SUBMIT_CONFIRM), action=submit_url, fields=[]
            ):
                messages.success(request, _("บันทึกร่างแบบ P1 แล้ว"))
                return page
            self.is_submitting = True
            services.p1_form_submit(form=self.form, user=request.user)
            messages.success(request, _("ส่งแบบ P1 ถึงสำนักยุทธศาสตร์และประเมินผลแล้ว"))
        else:
            messages.success(request, _("บันทึกร่างแบบ P1 แล้ว"))
        return self.detail_redirect()

    def portal_error_response(self, exc):
        """A refused save keeps everything typed on the page; a refused sending reopens the saved draft."""
        if self.is_submitting:
            messages.warning(self.request, _("บันทึกร่างแล้ว แต่ยังส่งไม่ได้:"))
            return super().portal_error_response(exc)
        if isinstance(exc, services.P1ConflictError):
            self.posted_editor.take_lock_version(exc.lock_version)
        return self.page(self.posted_editor, exc.messages)

    def get_error_url(self):
        return reverse("projects_p1:form_edit", kwargs=self.kwargs)

    def get_cancel_url(self) -> str:
        return self.detail_redirect().url

    confirm_button = gettext_lazy("ยืนยันส่งแบบ P1")

    def page(self, editor: P1Editor, errors: list[str] = ()):
        """Render the editor, with the department's comment when the form came back for revision."""
        context = {
            "cycle": self.cycle,
            "group": self.group,
            "p1": self.form,
            "editor": editor,
            "errors": errors,
            "returned": selectors.latest_submission(form=self.form)
            if self.form and self.form.version
            else None,
        }
        return render(self.request, self.template_name, context)


class P1SubmitView(RoleRequiredMixin, P1Mixin, ServiceActionMixin, View):
    allowed_roles = GROUP_EDIT_ROLES
    edit = True
    confirm_message = P1_SUBMIT_CONFIRM
    confirm_button = gettext_lazy("ยืนยันส่งแบบ P1")

    def get_error_url(self):
        return self.detail_redirect().url

    def act(self, request):
        if self.form is None:
            raise services.P1Error(_("ยังไม่มีแบบ P1 ที่จะส่ง กรุณากรอกและบันทึกร่างก่อน"))
        submission = services.p1_form_submit(form=self.form, user=request.user)
        late = _(" (ส่งหลังวันครบกำหนด ระบบบันทึกว่าส่งล่าช้า)") if submission.is_late else ""
        messages.success(
            request, _("ส่งแบบ P1 ฉบับที่ {version} แล้ว{late}").format(version=submission.version, late=late)
        )


class P1WithdrawView(RoleRequiredMixin, P1Mixin, ServiceActionMixin, View):
    """The group takes back the version it sent, while the department has not opened it."""

    allowed_roles = GROUP_EDIT_ROLES
    edit = True
    success_message = gettext_lazy("ถอนคืนแบบ P1 แล้ว แก้ไขแล้วส่งใหม่ได้ (จะเป็นฉบับถัดไป)")
    confirm_message = gettext_lazy(
        "ถอนคืนแบบ P1 ที่ส่งแล้ว? แบบจะกลับมาแก้ไขได้ และสำนักยุทธศาสตร์และประเมินผลจะไม่เห็นว่ารอพิจารณาจนกว่าจะส่งใหม่"
    )
    confirm_button = gettext_lazy("ยืนยันถอนคืนแบบ P1")

    def get_error_url(self):
        return self.detail_redirect().url

    def act(self, request):
        if self.form is None:
            raise services.P1Error(_("ยังไม่มีแบบ P1"))
        services.p1_form_withdraw(form=self.form, user=request.user)


class P1ReopenView(RoleRequiredMixin, P1Mixin, ServiceActionMixin, View):
    """The department reopens an accepted form for the group, with the reason."""

    allowed_roles = DEPARTMENT_ROLES
    success_message = gettext_lazy("เปิดแบบ P1 ให้กลุ่มเขตแก้ไขแล้ว")
    confirm_message = gettext_lazy(
        "เปิดแบบ P1 ที่รับแล้วให้กลุ่มเขตแก้ไข? สถานะจะเป็น “ส่งกลับแก้ไข” พร้อมเหตุผลที่กรอก และกลุ่มเขตต้องส่งฉบับใหม่"
    )
    confirm_button = gettext_lazy("ยืนยันเปิดให้แก้ไข")

    def get_error_url(self):
        return self.detail_redirect().url

    def act(self, request):
        if self.form is None:
            raise services.P1Error(_("ยังไม่มีแบบ P1"))
        services.p1_form_reopen(form=self.form, user=request.user, comment=request.POST.get("comment", ""))


class P1ReviewView(RoleRequiredMixin, P1Mixin, ConfirmMixin, View):
    allowed_roles = DEPARTMENT_ROLES
    confirm_button = gettext_lazy("ยืนยันผลการพิจารณา")

    def get_cancel_url(self) -> str:
        return self.detail_redirect().url

    def get(self, request, **kwargs):
        """The dashboard's link for the P1 step: the review form is on the P1 page, at its top."""
        return redirect(f"{self.detail_redirect().url}#review-title")

    def post(self, request, **kwargs):
        self.bound_form = review = P1ReviewForm(request.POST)
        if not review.is_valid() or self.form is None:
            return self.form_invalid(review)
        if (page := self.unconfirmed_response(message=review.confirm_message())) is not None:
            return page
        action = (
            services.p1_form_accept
            if review.cleaned_data["decision"] == ReviewDecision.ACCEPT
            else services.p1_form_return
        )
        action(form=self.form, user=request.user, comment=review.cleaned_data["comment"])
        messages.success(request, _("บันทึกผลการพิจารณาแบบ P1 แล้ว"))
        return self.detail_redirect()

    def form_invalid(self, review):
        """Show the P1 page again with the review form and its errors (a refusal is one of them)."""
        return render(self.request, "projects_p1/p1form_detail.html", self.detail_context(review_form=review))


class SubmissionDetailView(RoleRequiredMixin, TemplateView):
    """One frozen version, and what changed since the version before it."""

    allowed_roles = ALL_ROLES
    template_name = "projects_p1/p1submission_detail.html"

    def get_context_data(self, **kwargs):
        cycle = core_selectors.cycle_get(fiscal_year=kwargs["fiscal_year"])
        submission = selectors.submission_get_for_user(
            user=self.request.user, cycle=cycle, code=kwargs["code"], version=kwargs["version"]
        )
        previous = selectors.previous_submission(submission=submission)
        return super().get_context_data(
            cycle=cycle,
            group=submission.form.group,
            submission=submission,
            previous=previous,
            document=selectors.snapshot_for_display(submission.snapshot),
            changes=selectors.snapshot_diff(previous.snapshot, submission.snapshot) if previous else None,
            **kwargs,
        )


class P1OverviewView(RoleRequiredMixin, TemplateView):
    """The department's screen: every group's P1 at a glance, filtered by late / missing / returned."""

    allowed_roles = ALL_GROUPS_ROLES
    template_name = "projects_p1/p1form_list.html"

    def get_context_data(self, **kwargs):
        cycle = core_selectors.cycle_get(fiscal_year=kwargs["fiscal_year"])
        filters = OverviewFilterForm(self.request.GET or None)
        state = filters.cleaned_data["state"] if filters.is_valid() else ""
        return super().get_context_data(
            cycle=cycle,
            filters=filters,
            state=state,
            rows=selectors.p1_overview(cycle=cycle, state=state),
            **kwargs,
        )
