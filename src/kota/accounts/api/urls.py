from django.urls import path

from kota.accounts.api.auth_token import TokenApi
from kota.accounts.api.me import MeApi

urlpatterns = [
    path("auth/token/", TokenApi.as_view(), name="auth-token"),
    path("me/", MeApi.as_view(), name="me"),
]
