"""The theming app's pages on a city's site (mounted at the site root, namespace theming)."""

from django.urls import path

from kota.theming import views

app_name = "theming"

urlpatterns = [
    path("brand-icons/<slug:variant>.png", views.brand_icon, name="initials-icon"),
]
