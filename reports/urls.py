from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    path("<str:kind>/<int:fiscal_year>/<slug:group>.<str:fmt>", views.DocumentDownloadView.as_view(), name="document"),
]
