"""URLs of the themes app, under /themes/."""

from django.urls import path

from themes import views

app_name = "themes"
urlpatterns = [
    path("<int:fiscal_year>/", views.ThemeListView.as_view(), name="theme_list"),
    path("<int:fiscal_year>/rename/", views.ThemeRenameView.as_view(), name="theme_rename"),
    path("<int:fiscal_year>/merge/", views.ThemeMergeView.as_view(), name="theme_merge"),
    path("<int:fiscal_year>/split/", views.ThemeSplitView.as_view(), name="theme_split"),
]
