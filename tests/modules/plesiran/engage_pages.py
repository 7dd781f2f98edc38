"""Rendering the blocks the destination page includes (reviews, the trip button) the way
that page does: a request of the city's site, with its session and user."""

from importlib import import_module

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.fallback import FallbackStorage
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import get_urlconf, set_urlconf

from kota.tenancy.scope import city_scope

HOSTS = {"alfa": "alfa.localhost", "beta": "beta.localhost"}


def city_request(city, path: str, *, user=None, session_key: str | None = None):
    """A GET request on ``city``'s site, its session loaded (``session_key`` from a
    test client's cookie) and ``user`` on it."""
    request = RequestFactory().get(path, HTTP_HOST=HOSTS[city.slug])
    request.city = request.tenant = city
    with city_scope(city):
        request.session = import_module(settings.SESSION_ENGINE).SessionStore(session_key)
        request.session.load()
    request.user = user if user is not None else AnonymousUser()
    request._messages = FallbackStorage(request)
    return request


def render_block(
    template: str, city, destination, *, user=None, session_key=None, flashed=()
) -> str:
    """``template`` rendered as the destination page includes it, with the flash
    messages ``flashed`` ((text, extra tags) pairs) waiting."""
    request = city_request(
        city, f"/plesiran/tempat/{destination.slug}/", user=user, session_key=session_key
    )
    for text, tags in flashed:
        messages.success(request, text, extra_tags=tags)
    previous = get_urlconf()
    set_urlconf(settings.KOTA_CITY_URLCONF)
    try:
        with city_scope(city):
            return render_to_string(
                template,
                {"destination": destination, "user": request.user, "request": request},
                request=request,
            )
    finally:
        set_urlconf(previous)


def session_key(client) -> str | None:
    cookie = client.cookies.get(settings.SESSION_COOKIE_NAME)
    return cookie.value if cookie else None
