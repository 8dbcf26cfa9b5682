from django.urls import path

from progress import views

app_name = "progress"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("<int:fiscal_year>/<slug:code>/", views.GroupReportsView.as_view(), name="report_list"),
    path(
        "<int:fiscal_year>/<slug:code>/executive/new/",
        views.ExecutiveReportCreateView.as_view(),
        name="executive_report_create",
    ),
    path("projects/<int:project_pk>/reports/new/", views.ReportCreateView.as_view(), name="report_create"),
    path("reports/<int:pk>/", views.ReportDetailView.as_view(), name="report_detail"),
    path("reports/<int:pk>/edit/", views.ReportUpdateView.as_view(), name="report_update"),
    path("reports/<int:pk>/attachments/", views.AttachmentAddView.as_view(), name="attachment_add"),
    path("attachments/<int:pk>/", views.AttachmentDownloadView.as_view(), name="attachment_download"),
    path("attachments/<int:pk>/delete/", views.AttachmentDeleteView.as_view(), name="attachment_delete"),
    path(
        "executive/<int:pk>/copy/",
        views.ExecutiveReportDownloadView.as_view(),
        name="executive_report_download",
    ),
]
