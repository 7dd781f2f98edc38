from django.urls import path

from kota.modules.plesiran.api import views

urlpatterns = [
    path("geojson/", views.MapFeaturesApi.as_view(), name="geojson"),
]
