"""Views of the programme core: thin — parse input, call one service or selector, respond."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views import View
from django.views.generic import FormView, TemplateView

from bangkok_network import selectors, services
from bangkok_network.forms import (
    CalendarStepForm,
    CycleCopyForm,
    CycleMemoForm,
    ProgressReviewForm,
    ReviewDecision,
)
from bangkok_network.ics import group_calendar_ics
from bangkok_network.permissions import (
    ALL_GROUPS_ROLES,
    ALL_ROLES,
    DEPARTMENT_ROLES,
    RoleRequiredMixin,
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
        year = self.request.GET.get("cycle")
        if year and year.isdigit():
            return selectors.cycle_get(fiscal_year=int(year))
        cycle = selectors.cycle_current()
        if cycle is None:
            raise Http404("ยังไม่มีรอบการดำเนินงาน: ใช้คำสั่ง manage.py load_reference_data")
        return cycle


class CycleGroupMixin:
    """Load the cycle (``fiscal_year``) and the group (``code``) the URL names, after the role check.

    Another group is a 404 (its existence is not disclosed); with ``edit``, a role that may only
    read the group's records gets 403.
    """

    edit = False

    def dispatch(self, request, *args, **kwargs):
        self.cycle = selectors.cycle_get(fiscal_year=kwargs["fiscal_year"])
        self.group = selectors.group_get_for_user(user=request.user, code=kwargs["code"])
        if self.edit:
            ensure_can_edit_group(request.user, self.group)
        return super().dispatch(request, *args, **kwargs)


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
            **kwargs,
        )


class GroupDetailView(RoleRequiredMixin, CycleMixin, TemplateView):
    allowed_roles = ALL_ROLES
    template_name = "bangkok_network/group_detail.html"

    def get_context_data(self, **kwargs):
        group = selectors.group_get_for_user(user=self.request.user, code=kwargs["code"])
        cycle = self.get_cycle()
        return super().get_context_data(
            group=group,
            cycle=cycle,
            cycles=selectors.cycle_list(),
            deadlines=selectors.group_deadlines(cycle=cycle, group=group),
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
        messages.success(self.request, f"สร้างรอบปีงบประมาณ {cycle.fiscal_year} แล้ว")
        return redirect(cycle)


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


class ProgressReviewView(RoleRequiredMixin, StepProgressMixin, FormView):
    """The department accepts a group's step or returns it with a comment."""

    allowed_roles = DEPARTMENT_ROLES
    form_class = ProgressReviewForm
    template_name = "bangkok_network/progress_review.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(progress=self.progress, **kwargs)

    def form_valid(self, form):
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
