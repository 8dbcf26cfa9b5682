"""The open-data catalogue (DCAT-US) at the site's root, /data.json, where harvesters look for it."""

from django.urls import path

from opendata import views

urlpatterns = [path("data.json", views.CatalogView.as_view(), name="opendata_catalog")]
