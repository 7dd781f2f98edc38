"""The tourism officers' console pages, at /console/plesiran/ (namespace
"plesiran-console")."""

from django.urls import path

from kota.modules.plesiran import console_views as views
from kota.modules.plesiran import import_views

urlpatterns = [
    path("", views.console_home, name="home"),
    path("impor/", import_views.import_page, name="import"),
]
