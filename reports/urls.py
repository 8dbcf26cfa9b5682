from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    # Before the generic document URL, which would also match "open-data/2564/projects.csv".
    path("package/<int:fiscal_year>/<slug:code>/", views.PackageView.as_view(), name="package"),
    path(
        "package/<int:fiscal_year>/<slug:code>/build/", views.PackageBuildView.as_view(), name="package_build"
    ),
    path(
        "package/<int:fiscal_year>/<slug:code>/submit/",
        views.PackageSubmitView.as_view(),
        name="package_submit",
    ),
    path(
        "package/<int:fiscal_year>/<slug:code>/review/",
        views.PackageReviewView.as_view(),
        name="package_review",
    ),
    path("builds/<int:pk>/", views.BuildDetailView.as_view(), name="build_detail"),
    path("builds/<int:pk>/status.json", views.BuildStatusView.as_view(), name="build_status"),
    path("builds/<int:pk>/download/", views.BuildDownloadView.as_view(), name="build_download"),
    path("evaluation/", views.EvaluationCurrentView.as_view(), name="evaluation_current"),
    path("evaluation/<int:fiscal_year>/", views.EvaluationView.as_view(), name="evaluation"),
    path("evaluation/<int:fiscal_year>/build/", views.EvaluationBuildView.as_view(), name="evaluation_build"),
    path(
        "evaluation/<int:fiscal_year>/submit/", views.EvaluationSubmitView.as_view(), name="evaluation_submit"
    ),
    path(
        "evaluation/<int:fiscal_year>/assess/<slug:code>/",
        views.AssessmentUpdateView.as_view(),
        name="assessment_edit",
    ),
    path(
        "meetings/<int:pk>/<str:kind>.<str:fmt>", views.MeetingDocumentView.as_view(), name="meeting_document"
    ),
    path("open-data/<int:fiscal_year>/projects.<str:fmt>", views.OpenDataView.as_view(), name="opendata"),
    path(
        "<str:kind>/<int:fiscal_year>/<slug:group>.<str:fmt>",
        views.DocumentDownloadView.as_view(),
        name="document",
    ),
]
