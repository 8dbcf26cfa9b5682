"""URLs of the meetings app (step 2), under /meetings/."""

from django.urls import path

from meetings import views

app_name = "meetings"
urlpatterns = [
    path("groups/<slug:code>/", views.MeetingListView.as_view(), name="meeting_list"),
    path("groups/<slug:code>/new/", views.MeetingCreateView.as_view(), name="meeting_create"),
    path("groups/<slug:code>/participation/", views.ParticipationView.as_view(), name="participation"),
    path("<int:pk>/", views.MeetingDetailView.as_view(), name="meeting_detail"),
    path("<int:pk>/edit/", views.MeetingUpdateView.as_view(), name="meeting_update"),
    path("<int:pk>/finalise/", views.MeetingFinaliseView.as_view(), name="meeting_finalise"),
    path("<int:pk>/reopen/", views.MeetingReopenView.as_view(), name="meeting_reopen"),
    path("<int:pk>/certify/", views.MinutesCertifyView.as_view(), name="minutes_certify"),
    path(
        "<int:pk>/certify/cancel/",
        views.MinutesCertificationCancelView.as_view(),
        name="minutes_certification_cancel",
    ),
    path("<int:pk>/delete/", views.MeetingDeleteView.as_view(), name="meeting_delete"),
    path("<int:pk>/attendance/", views.AttendanceUpdateView.as_view(), name="attendance_update"),
    path("<int:pk>/sign-in/", views.SignInView.as_view(), name="sign_in"),
    path("<int:pk>/sign-in/scan/", views.SignInScanUploadView.as_view(), name="sign_in_scan_upload"),
    path("<int:pk>/sign-in/scan/file", views.SignInScanDownloadView.as_view(), name="sign_in_scan_download"),
    path("<int:pk>/guests/", views.GuestAddView.as_view(), name="guest_add"),
    path("attendees/<int:pk>/remove/", views.GuestRemoveView.as_view(), name="guest_remove"),
    path("<int:pk>/issues/new/", views.KeyIssueCreateView.as_view(), name="key_issue_create"),
    path("issues/<int:pk>/edit/", views.KeyIssueUpdateView.as_view(), name="key_issue_update"),
    path("issues/<int:pk>/delete/", views.KeyIssueDeleteView.as_view(), name="key_issue_delete"),
    path("<int:pk>/scan/", views.ScanUploadView.as_view(), name="scan_upload"),
    path("<int:pk>/scan/file", views.ScanDownloadView.as_view(), name="scan_download"),
]
