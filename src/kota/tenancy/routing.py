"""Host → city routing: the first middleware of every request.

The platform's hosts get the platform's URLs in the platform schema. A city's host gets
the city's URLs in the city's schema. Anything else gets a friendly 404; a suspended city
a 503. Host → city is read from the cache, so a warm request spends no query on it; every
change to a city or a domain makes all cached routes stale at once.
"""

import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.http.request import split_domain_port
from django.template.response import TemplateResponse
from django.utils import translation

from kota.core import health
from kota.core.validators import HOSTNAME_PATTERN
from kota.tenancy.allowed_hosts import CUSTOM_DOMAINS_CACHE_KEY
from kota.tenancy.models import City, CityStatus, Domain

logger = logging.getLogger(__name__)

_CACHE_PREFIX = "kota:route:v1:host:"
# A random token replaced on every change to a city or domain. Each cached route carries
# the token it was read under, and only an entry of the current token is trusted: a request
# that read the database just before a change committed cannot leave a stale route behind,
# and a token lost to cache eviction is replaced by a new one, never by an old value.
_GENERATION_KEY = "kota:route:v1:generation"
_NO_CITY = "-"  # "this host is nobody's"
_NEGATIVE_SECONDS = 60


def _cache_key(host: str) -> str:
    return _CACHE_PREFIX + host


def _new_generation() -> str:
    return uuid.uuid4().hex


def request_host(request: HttpRequest) -> str | None:
    """The request's host name, lowercased and without port; None when malformed."""
    raw = request.META.get("HTTP_X_FORWARDED_HOST") if settings.USE_X_FORWARDED_HOST else None
    raw = raw or request.META.get("HTTP_HOST") or request.META.get("SERVER_NAME", "")
    host, _port = split_domain_port(raw.strip().lower())
    host = host.rstrip(".")
    if not host or not HOSTNAME_PATTERN.fullmatch(host):
        return None
    return host


def city_for_host(host: str) -> City | None:
    """The city answering on ``host`` (any status); one cache round trip when warm."""
    key = _cache_key(host)
    cached = cache.get_many([_GENERATION_KEY, key])
    generation = cached.get(_GENERATION_KEY)
    entry = cached.get(key)
    if generation is None:
        cache.add(_GENERATION_KEY, _new_generation(), None)
        generation = cache.get(_GENERATION_KEY)
    elif isinstance(entry, tuple) and len(entry) == 2 and entry[0] == generation:
        return entry[1] if isinstance(entry[1], City) else None
    domain = Domain.objects.select_related("tenant").filter(domain=host).first()
    city = domain.tenant if domain else None
    timeout = settings.KOTA_ROUTING_CACHE_SECONDS if city else _NEGATIVE_SECONDS
    cache.set(key, (generation, city or _NO_CITY), timeout)
    return city


def routing_forget() -> None:
    """Make every cached route stale, now and again once the transaction commits (the
    second time is what makes concurrent readers of the old rows harmless)."""

    def forget() -> None:
        cache.set(_GENERATION_KEY, _new_generation(), None)
        cache.delete(CUSTOM_DOMAINS_CACHE_KEY)

    forget()
    transaction.on_commit(forget)


def _forget_routes(sender, **kwargs) -> None:
    routing_forget()


def connect_invalidation() -> None:
    """Keep the routing cache true to the database, whoever changes a city or domain."""
    for model in (City, Domain):
        for signal in (post_save, post_delete):
            signal.connect(_forget_routes, sender=model, dispatch_uid=f"routing-{model.__name__}")


class CityRoutingMiddleware:
    """Pick the schema and URLconf for the request from its host; must come first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        connection.set_schema_to_public()
        request.city = None
        request.tenant = connection.tenant  # django-tenants' "public" stand-in

        if request.path == "/healthz":
            # Load balancers probe by address, not by a city's name: answer on any host.
            return health.healthz(request)

        host = request_host(request)
        if host is None:
            return HttpResponseBadRequest("Invalid Host header.", content_type="text/plain")

        if host in settings.KOTA_PLATFORM_HOSTS:
            connection.set_schema(settings.KOTA_PLATFORM_SCHEMA)
            request.tenant = connection.tenant
            request.urlconf = settings.PUBLIC_SCHEMA_URLCONF
            return self._respond_then_leave(request)

        city = city_for_host(host)
        if city is None or city.status in (CityStatus.PROVISIONING, CityStatus.ARCHIVED):
            return _render_unknown_host(request, host)
        if city.status == CityStatus.SUSPENDED:
            return _render_city_unavailable(request, city)

        connection.set_tenant(city)
        request.city = city
        request.tenant = city
        request.urlconf = settings.KOTA_CITY_URLCONF
        return self._respond_then_leave(request)

    def _respond_then_leave(self, request: HttpRequest) -> HttpResponse:
        schema_owner = connection.tenant
        try:
            response = self.get_response(request)
        finally:
            # Whatever runs next on this thread starts from public, never from this schema.
            connection.set_schema_to_public()
        if response.streaming:
            # A streamed body is produced after this method returns: produce it in the
            # request's schema too, and leave again when it is done.
            response.streaming_content = _in_schema(schema_owner, response.streaming_content)
        return response


def _in_schema(tenant, chunks):
    connection.set_tenant(tenant)
    try:
        yield from chunks
    finally:
        connection.set_schema_to_public()


def _platform_url(request: HttpRequest) -> str:
    port = split_domain_port(request.META.get("HTTP_HOST", ""))[1]
    suffix = f":{port}" if port else ""
    return f"{request.scheme}://{settings.KOTA_ROOT_DOMAIN}{suffix}/"


# These two pages answer before any language is chosen (no city, or one that is not
# served): they say everything in Indonesian and in English, around a page in the
# platform's default language, whatever the thread last spoke.
def _render_unknown_host(request: HttpRequest, host: str) -> HttpResponse:
    response = TemplateResponse(
        request,
        "tenancy/unknown_host.html",
        {"host": host, "platform_url": _platform_url(request)},
        status=404,
    )
    with translation.override(settings.LANGUAGE_CODE):
        return response.render()


def _render_city_unavailable(request: HttpRequest, city: City) -> HttpResponse:
    response = TemplateResponse(
        request,
        "tenancy/city_unavailable.html",
        {"unavailable_city": city, "platform_url": _platform_url(request)},
        status=503,
    )
    response["Retry-After"] = "3600"
    with translation.override(settings.LANGUAGE_CODE):
        return response.render()
