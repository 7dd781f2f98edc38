"""URLs of the platform site (root domain, public schema)."""

from django.contrib import admin
from django.urls import include, path

from kota.onboarding import views as onboarding_views

urlpatterns = [
    path("", onboarding_views.home, name="platform-home"),
    path("daftar/", include("kota.onboarding.urls")),
    path("operator/", admin.site.urls),
]
