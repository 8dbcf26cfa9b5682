from django.urls import path

from registry import views

app_name = "registry"
urlpatterns = [
    path("", views.RegistryHomeView.as_view(), name="home"),
    path("<int:fiscal_year>/<slug:code>/", views.MemberListView.as_view(), name="member_list"),
    path(
        "<int:fiscal_year>/<slug:code>/members/new/", views.MemberCreateView.as_view(), name="member_create"
    ),
    path("<int:fiscal_year>/<slug:code>/pick/", views.CommunityPickView.as_view(), name="community_pick"),
    path(
        "<int:fiscal_year>/<slug:code>/duplicates/", views.DuplicateListView.as_view(), name="duplicate_list"
    ),
    path("<int:fiscal_year>/<slug:code>/submit/", views.RegistrySubmitView.as_view(), name="registry_submit"),
    path("members/<int:pk>/", views.MemberDetailView.as_view(), name="member_detail"),
    path("members/<int:pk>/edit/", views.MemberUpdateView.as_view(), name="member_update"),
    path("members/<int:pk>/erase/", views.MemberEraseView.as_view(), name="member_erase"),
    path("members/<int:pk>/data.json", views.MemberDataView.as_view(), name="member_data"),
    path("members/<int:pk>/merge/", views.MemberMergeView.as_view(), name="member_merge"),
    path("import/", views.ImportUploadView.as_view(), name="import_upload"),
    path("import/template.xlsx", views.ImportTemplateView.as_view(), name="import_template"),
    path("import/<int:pk>/", views.ImportPreviewView.as_view(), name="import_preview"),
    path("import/<int:pk>/confirm/", views.ImportConfirmView.as_view(), name="import_confirm"),
    path("import/<int:pk>/cancel/", views.ImportCancelView.as_view(), name="import_cancel"),
    path("import/<int:pk>/mapping/", views.ImportMappingView.as_view(), name="import_mapping"),
    path("import/<int:pk>/mode/", views.ImportModeView.as_view(), name="import_mode"),
    path("import/<int:pk>/decide/", views.ImportDecisionView.as_view(), name="import_decide"),
    path("import/<int:pk>/rejected.xlsx", views.ImportRejectedView.as_view(), name="import_rejected"),
]
