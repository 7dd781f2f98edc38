from django.urls import path

from kota.portal.api.app_config import AppConfigApi

urlpatterns = [
    path("app-config", AppConfigApi.as_view(), name="app-config"),
]
