"""URL configuration: the programme core here, each app under its own prefix and namespace."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from bangkok_network import views
from bangkok_network.forms import NewPasswordForm

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("dashboard/", views.DashboardView.as_view(), name="dashboard"),
    path("groups/<slug:code>/", views.GroupDetailView.as_view(), name="group_detail"),
    path("groups/<slug:code>/calendar.ics", views.GroupCalendarView.as_view(), name="group_calendar"),
    path("calendar/<uuid:token>.ics", views.GroupCalendarFeedView.as_view(), name="group_calendar_feed"),
    path("cycles/", views.CycleListView.as_view(), name="cycle_list"),
    path("cycles/<int:fiscal_year>/", views.CycleDetailView.as_view(), name="cycle_detail"),
    path("cycles/<int:fiscal_year>/edit/", views.CycleUpdateView.as_view(), name="cycle_update"),
    path("cycles/<int:fiscal_year>/groups/", views.CycleRegroupView.as_view(), name="cycle_regroup"),
    path("cycles/<int:fiscal_year>/copy/", views.CycleCopyView.as_view(), name="cycle_copy"),
    path(
        "cycles/<int:fiscal_year>/steps/<int:number>/edit/",
        views.StepUpdateView.as_view(),
        name="step_update",
    ),
    path("step-progress/<int:pk>/review/", views.ProgressReviewView.as_view(), name="progress_review"),
    path("step-progress/<int:pk>/withdraw/", views.ProgressWithdrawView.as_view(), name="progress_withdraw"),
    path("step-progress/<int:pk>/reopen/", views.ProgressReopenView.as_view(), name="progress_reopen"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("accounts/password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "accounts/password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(form_class=NewPasswordForm),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("notifications/", include("notifications.urls")),
    path("registry/", include("registry.urls")),
    path("meetings/", include("meetings.urls")),
    path("p1/", include("projects_p1.urls")),
    path("progress/", include("progress.urls")),
    path("themes/", include("themes.urls")),
    path("open/", include("opendata.urls")),
    path("", include("opendata.catalog_urls")),  # /data.json, the open-data catalogue
    path("documents/", include("reports.urls")),
    path("admin/", admin.site.urls),
]

# Uploads are never served from MEDIA_ROOT directly, not even with DEBUG on: only through
# the permission-checked views of each app.
