"""URLs of a city's site (its hosts, its schema)."""

from django.urls import include, path

from kota.portal import views as portal_views

urlpatterns = [
    path("", portal_views.home, name="city-home"),
    path("accounts/", include("kota.accounts.urls")),
]
