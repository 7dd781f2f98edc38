"""URLs of the platform site (root domain, public schema)."""

from django.contrib import admin
from django.urls import path

from kota.onboarding import views as onboarding_views

admin.site.site_header = "Kota — operator"
admin.site.site_title = "Kota operator"
admin.site.index_title = "Cities and platform"

urlpatterns = [
    path("", onboarding_views.home, name="platform-home"),
    path("operator/", admin.site.urls),
]
