"""URLs of the platform site (root domain, public schema)."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("kota.onboarding.urls")),
    path("billing/", include("kota.billing.urls")),
    path("operator/", admin.site.urls),
]
