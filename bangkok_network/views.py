"""Views of the programme core: thin — parse input, call one service or selector, respond."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from bangkok_network import selectors, services
from bangkok_network.forms import (
    CalendarStepForm,
    CycleCopyForm,
    CycleMemoForm,
    ProgressReviewForm,
    RegroupForm,
    ReviewDecision,
)
from bangkok_network.ics import group_calendar_ics
from bangkok_network.lockout import client_ip
from bangkok_network.models import DistrictGroup, ProgressStatus
from bangkok_network.password_reset import password_reset_throttle
from bangkok_network.permissions import (
    ALL_GROUPS_ROLES,
    ALL_ROLES,
    DEPARTMENT_ROLES,
    GROUP_EDIT_ROLES,
    RoleRequiredMixin,
    can_edit_group,
    ensure_can_edit_group,
    sees_all_groups,
    user_group,
)


class HomeView(RoleRequiredMixin, View):
    """Send each role to its own start page."""

    allowed_roles = ALL_ROLES

    def get(self, request):
        if sees_all_groups(request.user):
            return redirect("dashboard")
        return redirect("group_detail", code=user_group(request.user).code)


class CycleMixin:
    """Take the cycle from ?cycle=YEAR or the current one."""

    def get_cycle(self):
        year = self.request.GET.get("cycle", "")
        if year.isdigit():
            return selectors.cycle_get(fiscal_year=int(year))
        return selectors.cycle_current_required()


class ScopedObjectMixin:
    """Load what the URL names, after the role check; with ``edit``, only those who may change it.

    A view lists this mixin after ``RoleRequiredMixin``, so the role is checked before anything is
    looked up (a test keeps every view so). ``load_from_url(**kwargs)`` sets the view's attributes
    through the app's selectors (another group's object is NotFound: a 404 that discloses nothing)
    and returns the group the object belongs to; with ``edit = True`` a user who may only read
    that group's records gets 403.
    """

    edit = False

    def load_from_url(self, **kwargs) -> DistrictGroup:
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        group = self.load_from_url(**kwargs)
        if self.edit:
            ensure_can_edit_group(request.user, group)
        return super().dispatch(request, *args, **kwargs)


class CycleGroupMixin(ScopedObjectMixin):
    """The cycle (``fiscal_year``) and the group (``code``) the URL names."""

    def load_from_url(self, *, fiscal_year, code, **kwargs) -> DistrictGroup:
        self.cycle = selectors.cycle_get(fiscal_year=fiscal_year)
        self.group = selectors.group_get_for_user(user=self.request.user, code=code)
        return self.group


# The field a POST carries once its sender said yes to what the step will do (set by the browser's
# dialog in static/js/portal.js, or by the confirmation page for those without JavaScript).
CONFIRMED_FIELD = "confirmed"


class ConfirmMixin:
    """Ask once before a step that hands work on or freezes it, in Thai, saying what will happen.

    ``confirm_message`` is the consequence; the button that posts here carries the same words
    (``{% confirm_for action %}`` reads them from this view) and the browser asks in a dialog. A
    POST without ``confirmed=1`` — no JavaScript, or a form posted by hand — acts on nothing: it
    gets a page that says what will happen, with a button that posts the same fields again
    confirmed, and a way back to ``get_error_url()``.
    """

    confirm_message = ""
    confirm_button = gettext_lazy("ยืนยัน")

    def get_confirm_message(self) -> str:
        return str(self.confirm_message)

    def get_cancel_url(self) -> str:
        return self.get_error_url()

    def unconfirmed_response(self, *, message: str | None = None, action: str | None = None, fields=None):
        """Return the page that asks first, or None when the POST already carries the answer.

        By default the page posts the same fields back to this URL; ``action`` and ``fields`` send
        the confirmation elsewhere (the P1 editor saves the draft, then asks before sending it).
        """
        message = self.get_confirm_message() if message is None else message
        if not message or self.request.POST.get(CONFIRMED_FIELD) == "1":
            return None
        if fields is None:
            fields = [
                (name, value)
                for name, values in self.request.POST.lists()
                if name not in ("csrfmiddlewaretoken", CONFIRMED_FIELD)
                for value in values
            ]
        context = {
            "message": message,
            "button": self.confirm_button,
            "fields": fields,
            "action": action or self.request.get_full_path(),
            "cancel_url": self.get_cancel_url(),
            "confirmed_field": CONFIRMED_FIELD,
        }
        return render(self.request, "bangkok_network/confirm.html", context)


class ServiceActionMixin(ConfirmMixin):
    """A button: a POST that calls one service, says what it did and goes back (the view's ``act``).

    ``act(request)`` calls the service and may return where to go next; otherwise the user goes to
    ``get_success_url()``. A refusal (a ``PortalError``) goes back to ``get_error_url()`` with its
    message, through ``RoleRequiredMixin``'s one error path. With a ``confirm_message`` the POST
    acts only once confirmed (``ConfirmMixin``).
    """

    success_message = ""

    def act(self, request):
        raise NotImplementedError

    def get_success_url(self) -> str:
        return self.get_error_url()

    def post(self, request, *args, **kwargs):
        if (page := self.unconfirmed_response()) is not None:
            return page
        target = self.act(request)
        if self.success_message:
            messages.success(request, self.success_message)
        return redirect(target or self.get_success_url())


class DashboardView(RoleRequiredMixin, CycleMixin, TemplateView):
    allowed_roles = ALL_GROUPS_ROLES
    template_name = "bangkok_network/dashboard.html"

    def get_context_data(self, **kwargs):
        cycle = self.get_cycle()
        steps, rows = selectors.deadline_matrix(cycle=cycle)
        return super().get_context_data(
            cycle=cycle,
            cycles=selectors.cycle_list(),
            steps=steps,
            rows=rows,
            timeline=selectors.calendar_timeline(cycle=cycle),
            panels=selectors.dashboard_panels(cycle=cycle, user=self.request.user),
            **kwargs,
        )


class GroupDetailView(RoleRequiredMixin, CycleMixin, TemplateView):
    allowed_roles = ALL_ROLES
    template_name = "bangkok_network/group_detail.html"

    def get_context_data(self, **kwargs):
        group = selectors.group_get_for_user(user=self.request.user, code=kwargs["code"])
        cycle = self.get_cycle()
        deadlines = selectors.group_deadlines(cycle=cycle, group=group)
        return super().get_context_data(
            group=group,
            cycle=cycle,
            cycles=selectors.cycle_list(),
            deadlines=deadlines,
            returned=[d for d in deadlines if d.is_returned],
            can_edit=can_edit_group(self.request.user, group),
            next_deadlines=selectors.group_next_deadlines(cycle=cycle, group=group)[:3],
            districts=selectors.districts_of_group(cycle=cycle, group=group),
            **kwargs,
        )


class CycleListView(RoleRequiredMixin, TemplateView):
    allowed_roles = ALL_GROUPS_ROLES
    template_name = "bangkok_network/cycle_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(cycles=selectors.cycle_list(), form=CycleCopyForm(), **kwargs)


class CycleDetailView(RoleRequiredMixin, TemplateView):
    allowed_roles = ALL_GROUPS_ROLES
    template_name = "bangkok_network/cycle_detail.html"

    def get_context_data(self, **kwargs):
        cycle = selectors.cycle_get(fiscal_year=kwargs["fiscal_year"])
        return super().get_context_data(
            cycle=cycle,
            steps=selectors.cycle_steps(cycle=cycle),
            assignments=selectors.district_assignments(cycle=cycle),
            groups=selectors.group_list(),
            copy_form=CycleCopyForm(initial={"fiscal_year": cycle.fiscal_year + 1}),
            **kwargs,
        )


class CycleCopyView(RoleRequiredMixin, FormView):
    """Create next year's cycle by copying this one with its dates shifted."""

    allowed_roles = DEPARTMENT_ROLES
    form_class = CycleCopyForm
    template_name = "bangkok_network/cycle_copy.html"
    error_field = "fiscal_year"

    def form_valid(self, form):
        source = selectors.cycle_get(fiscal_year=self.kwargs["fiscal_year"])
        cycle = services.cycle_copy(
            source=source, fiscal_year=form.cleaned_data["fiscal_year"], user=self.request.user
        )
        messages.success(
            self.request,
            _("สร้างรอบปีงบประมาณ %(year)s แล้ว ตรวจสอบการจัดเขตเข้ากลุ่มของปีใหม่ได้ที่หน้านี้")
            % {"year": cycle.fiscal_year},
        )
        return redirect("cycle_regroup", fiscal_year=cycle.fiscal_year)


class CycleRegroupView(RoleRequiredMixin, FormView):
    """Move districts between groups for a cycle: the regrouping between years."""

    allowed_roles = DEPARTMENT_ROLES
    form_class = RegroupForm
    template_name = "bangkok_network/cycle_regroup.html"

    @cached_property
    def cycle(self):
        return selectors.cycle_get(fiscal_year=self.kwargs["fiscal_year"])

    @cached_property
    def assignments(self):
        return list(
            selectors.district_assignments(cycle=self.cycle).order_by("group__order", "district__code")
        )

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "assignments": self.assignments,
            "groups": selectors.group_list(),
        }

    def get_context_data(self, **kwargs):
        held = selectors.districts_with_records(
            cycle=self.cycle, district_ids=[a.district_id for a in self.assignments]
        )
        return super().get_context_data(cycle=self.cycle, held=held, **kwargs)

    def get_error_url(self):
        return reverse("cycle_regroup", kwargs=self.kwargs)

    def form_valid(self, form):
        moved = services.district_assignments_set(
            cycle=self.cycle, groups=form.groups_by_district(), user=self.request.user
        )
        messages.success(self.request, _("ย้ายเขตแล้ว %(count)s เขต") % {"count": len(moved)})
        return redirect(self.cycle)


class CycleUpdateView(RoleRequiredMixin, FormView):
    allowed_roles = DEPARTMENT_ROLES
    form_class = CycleMemoForm
    template_name = "bangkok_network/cycle_form.html"

    def get_form_kwargs(self):
        self.cycle = selectors.cycle_get(fiscal_year=self.kwargs["fiscal_year"])
        return {**super().get_form_kwargs(), "instance": self.cycle}

    def form_valid(self, form):
        services.cycle_update(cycle=self.cycle, user=self.request.user, **form.cleaned_data)
        messages.success(self.request, "บันทึกข้อมูลรอบการดำเนินงานแล้ว")
        return redirect(self.cycle)


class StepUpdateView(RoleRequiredMixin, FormView):
    allowed_roles = DEPARTMENT_ROLES
    form_class = CalendarStepForm
    template_name = "bangkok_network/step_form.html"

    def get_form_kwargs(self):
        cycle = selectors.cycle_get(fiscal_year=self.kwargs["fiscal_year"])
        self.step = selectors.step_get(cycle=cycle, number=self.kwargs["number"])
        return {**super().get_form_kwargs(), "instance": self.step}

    def form_valid(self, form):
        services.calendar_step_update(step=self.step, user=self.request.user, **form.cleaned_data)
        messages.success(self.request, "บันทึกขั้นตอนแล้ว")
        return redirect(self.step.cycle)


class StepProgressMixin:
    """Load the group's step named in the URL; a step with its own review page is reviewed there."""

    def dispatch(self, request, *args, **kwargs):
        self.progress = selectors.progress_get_by_pk(pk=kwargs["pk"])
        elsewhere = selectors.own_review_url(step=self.progress.step, group=self.progress.group)
        if elsewhere is not None:
            return redirect(elsewhere)
        return super().dispatch(request, *args, **kwargs)


class StepProgressActionView(RoleRequiredMixin, ScopedObjectMixin, ServiceActionMixin, View):
    """A button on a group's step (``pk``): withdraw it, or reopen it; back to the group's page."""

    def load_from_url(self, *, pk, **kwargs):
        self.progress = selectors.progress_get_by_pk(pk=pk)
        return self.progress.group

    def get_error_url(self):
        return (
            f"{reverse('group_detail', kwargs={'code': self.progress.group.code})}"
            f"?cycle={self.progress.step.cycle.fiscal_year}"
        )


class ProgressWithdrawView(StepProgressActionView):
    """The group takes back what it sent, while the department has not opened it."""

    allowed_roles = GROUP_EDIT_ROLES
    edit = True
    success_message = gettext_lazy("ถอนคืนแล้ว ขั้นตอนนี้กลับเป็น “กำลังดำเนินการ” แก้ไขแล้วส่งใหม่ได้")
    confirm_message = gettext_lazy(
        "ถอนคืนงานที่ส่งแล้ว? ขั้นตอนนี้จะกลับเป็น “กำลังดำเนินการ” และสำนักยุทธศาสตร์และประเมินผลจะไม่เห็นว่ารอพิจารณา "
        "จนกว่าจะส่งใหม่"
    )
    confirm_button = gettext_lazy("ยืนยันถอนคืน")

    def act(self, request):
        services.progress_withdraw(progress=self.progress, user=request.user)


class ProgressReopenView(StepProgressActionView):
    """The department reopens an accepted step for the group, with the reason (it is returned)."""

    allowed_roles = DEPARTMENT_ROLES
    success_message = gettext_lazy("เปิดให้กลุ่มเขตแก้ไขแล้ว")
    confirm_message = gettext_lazy(
        "เปิดขั้นตอนที่รับแล้วให้กลุ่มเขตแก้ไข? สถานะจะเป็น “ส่งกลับแก้ไข” พร้อมเหตุผลที่กรอก และกลุ่มเขตต้องส่งใหม่"
    )
    confirm_button = gettext_lazy("ยืนยันเปิดให้แก้ไข")

    def get_error_url(self):
        return reverse("progress_review", kwargs={"pk": self.progress.pk})

    def act(self, request):
        services.progress_reopen(progress=self.progress, user=request.user, note=request.POST.get("note", ""))


class ProgressReviewView(RoleRequiredMixin, StepProgressMixin, ConfirmMixin, FormView):
    """The department accepts a group's step or returns it with a comment, once confirmed."""

    allowed_roles = DEPARTMENT_ROLES
    form_class = ProgressReviewForm
    template_name = "bangkok_network/progress_review.html"
    confirm_button = gettext_lazy("ยืนยันผลการพิจารณา")

    def get(self, request, *args, **kwargs):
        # The department has now seen what was sent: the group can no longer withdraw it.
        self.progress = services.progress_review_open(progress=self.progress, user=request.user)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            progress=self.progress,
            summary=selectors.review_summary(progress=self.progress),
            history=selectors.progress_history(progress=self.progress),
            is_accepted=self.progress.status == ProgressStatus.ACCEPTED,
            **kwargs,
        )

    def get_cancel_url(self) -> str:
        return self.request.path

    def form_valid(self, form):
        if (page := self.unconfirmed_response(message=form.confirm_message())) is not None:
            return page
        services.progress_review(
            progress=self.progress,
            user=self.request.user,
            accept=form.cleaned_data["decision"] == ReviewDecision.ACCEPT,
            note=form.cleaned_data["note"],
        )
        messages.success(self.request, "บันทึกผลการพิจารณาแล้ว")
        return redirect(f"{reverse('dashboard')}?cycle={self.progress.step.cycle.fiscal_year}")


def _ics_response(group) -> HttpResponse:
    body = group_calendar_ics(group=group, cycles=list(selectors.cycle_list()))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{group.code}.ics"'
    return response


class GroupCalendarView(RoleRequiredMixin, View):
    allowed_roles = ALL_ROLES

    def get(self, request, code):
        return _ics_response(selectors.group_get_for_user(user=request.user, code=code))


class GroupCalendarFeedView(View):
    """The subscription address: calendar apps cannot log in, so a secret token stands for it."""

    def get(self, request, token):
        return _ics_response(selectors.group_by_ics_token(token=token))


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset-by-e-mail view, throttled per client address and per e-mail (password_reset.py)."""

    def form_valid(self, form):
        passed = password_reset_throttle(
            address=client_ip(self.request) or "unknown", email=form.cleaned_data["email"]
        )
        if passed == "address":
            form.add_error(
                None,
                gettext_lazy("ขอรีเซ็ตรหัสผ่านบ่อยเกินไป กรุณาลองใหม่ในอีก %(minutes)s นาที")
                % {"minutes": settings.PASSWORD_RESET_WINDOW_MINUTES},
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        if passed == "email":  # the same page as a sent mail: nobody learns whether the address exists
            return redirect(self.get_success_url())
        return super().form_valid(form)
