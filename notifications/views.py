"""The inbox: a person's notifications, opening one (read, then its page), e-mail preferences."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import FormView, ListView

from bangkok_network.permissions import RoleRequiredMixin
from bangkok_network.views import ServiceActionMixin
from notifications import selectors, services
from notifications.forms import PreferencesForm


class InboxView(RoleRequiredMixin, ListView):
    template_name = "notifications/inbox.html"
    context_object_name = "notifications"
    paginate_by = 30

    def get_queryset(self):
        return selectors.notification_list(user=self.request.user)


class OpenView(RoleRequiredMixin, View):
    """Following a notification marks it read and goes to its object's page."""

    def get(self, request, pk):
        notification = selectors.notification_get_for_user(user=request.user, pk=pk)
        services.notification_open(notification=notification)
        return redirect(notification.target_url)


class MarkAllReadView(RoleRequiredMixin, ServiceActionMixin, View):
    success_message = _("ทำเครื่องหมายว่าอ่านแล้วทั้งหมด")

    def get_error_url(self) -> str:
        return reverse("notifications:inbox")

    def act(self, request):
        services.notifications_mark_all_read(user=request.user)


class PreferencesView(RoleRequiredMixin, FormView):
    template_name = "notifications/preferences.html"
    form_class = PreferencesForm
    success_url = reverse_lazy("notifications:inbox")

    def get_initial(self):
        chosen = services.preferences_get(user=self.request.user)
        return {"email_kinds": [kind for kind, by_email in chosen.items() if by_email]}

    def form_valid(self, form):
        services.preferences_set(user=self.request.user, email_kinds=form.cleaned_data["email_kinds"])
        messages.success(self.request, _("บันทึกการตั้งค่าการแจ้งเตือนแล้ว"))
        return super().form_valid(form)
