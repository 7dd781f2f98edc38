"""What the e-plesiran API tests share: an app's client (optionally signed in with a
token), query counting, and photos."""

import io
import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

from kota.accounts.services import auth_token_issue
from kota.modules.plesiran.models import Photo
from kota.tenancy.scope import city_scope
from tests.conftest import host_client

API = "/api/v1/plesiran/"


class App:
    """A mobile app talking to one city's host, in English (the source language), with
    ``Authorization: Token <key>`` when given a key."""

    def __init__(self, host: str = "alfa.localhost", token: str | None = None):
        self.client = host_client(host)
        self.headers = {"HTTP_ACCEPT_LANGUAGE": "en"}
        if token:
            self.headers["HTTP_AUTHORIZATION"] = f"Token {token}"

    def get(self, path: str, params=None, **extra):
        return self.client.get(API + path, params or {}, **{**self.headers, **extra})

    def post(self, path: str, data=None, **extra):
        return self.client.post(
            API + path,
            json.dumps(data or {}),
            content_type="application/json",
            **{**self.headers, **extra},
        )

    def delete(self, path: str, **extra):
        return self.client.delete(API + path, **{**self.headers, **extra})


def token_of(city, user) -> str:
    """The person's API token on their city (issued by the accounts service)."""
    with city_scope(city):
        return auth_token_issue(user=user).key


def app_of(city, user, host: str = "alfa.localhost") -> App:
    return App(host, token=token_of(city, user))


def queries_of(app: App, path: str, params=None) -> int:
    """How many queries one GET of ``path`` makes (after a first call warms caches)."""
    assert app.get(path, params).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = app.get(path, params)
    assert response.status_code == 200
    return len(queries)


def photo(city, destination, *, name: str = "depan.jpg", size=(40, 30), position: int = 0):
    with city_scope(city):
        buffer = io.BytesIO()
        Image.new("RGB", size, (200, 80, 40)).save(buffer, "JPEG")
        return Photo.objects.create(
            destination=destination,
            image=SimpleUploadedFile(name, buffer.getvalue(), "image/jpeg"),
            caption="Gerbang depan",
            position=position,
        )
