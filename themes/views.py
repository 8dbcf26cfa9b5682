"""Views of the themes: the department reads the cycle's themes; an officer merges, splits, renames."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from bangkok_network import selectors as core_selectors
from bangkok_network.permissions import ALL_GROUPS_ROLES, DEPARTMENT_ROLES, RoleRequiredMixin
from bangkok_network.views import ServiceActionMixin
from themes import forms, services
from themes.selectors import themes_for_cycle


class ThemeListView(RoleRequiredMixin, TemplateView):
    allowed_roles = ALL_GROUPS_ROLES
    template_name = "themes/theme_list.html"

    def get_context_data(self, **kwargs):
        cycle = core_selectors.cycle_get(fiscal_year=self.kwargs["fiscal_year"])
        return super().get_context_data(cycle=cycle, themes=themes_for_cycle(cycle=cycle), **kwargs)


class ThemeEditView(RoleRequiredMixin, ServiceActionMixin, View):
    """A POST of one edit form; a refusal (or a bad form) goes back to the list with its message."""

    allowed_roles = DEPARTMENT_ROLES
    form_class: type = forms.ThemeRenameForm

    def get_error_url(self):
        return reverse("themes:theme_list", kwargs={"fiscal_year": self.kwargs["fiscal_year"]})

    def act(self, request):
        cycle = core_selectors.cycle_get(fiscal_year=self.kwargs["fiscal_year"])
        form = self.form_class(request.POST)
        if not form.is_valid():
            raise services.ThemeError(*[str(m) for errors in form.errors.values() for m in errors])
        self.edit(cycle=cycle, user=request.user, **form.cleaned_data)


class ThemeRenameView(ThemeEditView):
    success_message = _("เปลี่ยนชื่อกลุ่มประเด็นแล้ว ชื่อนี้จะใช้กับประเด็นเดียวกันในปีต่อไปด้วย")

    def edit(self, *, cycle, user, theme, name):
        services.theme_rename(cycle=cycle, key=theme, name=name, user=user)


class ThemeMergeView(ThemeEditView):
    form_class = forms.ThemeMergeForm
    success_message = _("รวมกลุ่มประเด็นแล้ว")

    def edit(self, *, cycle, user, themes, name):
        services.theme_merge(cycle=cycle, keys=themes, name=name, user=user)


class ThemeSplitView(ThemeEditView):
    form_class = forms.ThemeSplitForm
    success_message = _("แยกกลุ่มประเด็นแล้ว")

    def edit(self, *, cycle, user, theme, issues, name):
        services.theme_split(cycle=cycle, key=theme, issue_pks=issues, name=name, user=user)
