"""Public URLs of the open data, under /open/; the catalogue is /data.json (root URLconf)."""

from django.urls import path

from opendata import views

app_name = "opendata"
urlpatterns = [
    path("", views.OpenIndexView.as_view(), name="index"),
    path("<int:fiscal_year>/", views.OpenCycleView.as_view(), name="cycle"),
    path("<int:fiscal_year>/<slug:dataset>.<str:fmt>", views.OpenDatasetView.as_view(), name="dataset"),
]
