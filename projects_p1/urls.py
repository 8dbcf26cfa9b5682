from django.urls import path

from projects_p1 import views

app_name = "projects_p1"
urlpatterns = [
    path("", views.P1HomeView.as_view(), name="home"),
    path("<int:fiscal_year>/", views.P1OverviewView.as_view(), name="overview"),
    path("<int:fiscal_year>/<slug:code>/", views.P1DetailView.as_view(), name="form_detail"),
    path("<int:fiscal_year>/<slug:code>/edit/", views.P1EditView.as_view(), name="form_edit"),
    path("<int:fiscal_year>/<slug:code>/submit/", views.P1SubmitView.as_view(), name="form_submit"),
    path("<int:fiscal_year>/<slug:code>/review/", views.P1ReviewView.as_view(), name="form_review"),
    path("<int:fiscal_year>/<slug:code>/withdraw/", views.P1WithdrawView.as_view(), name="form_withdraw"),
    path("<int:fiscal_year>/<slug:code>/reopen/", views.P1ReopenView.as_view(), name="form_reopen"),
    path(
        "<int:fiscal_year>/<slug:code>/v<int:version>/",
        views.SubmissionDetailView.as_view(),
        name="submission_detail",
    ),
]
