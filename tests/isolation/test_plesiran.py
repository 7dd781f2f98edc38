"""e-plesiran across cities: every citizen, console and API URL of the module, given city
A's identifiers (a place, an event and a facility all called "pasar-lama", a review, a
trip) and asked on city B's host by city B's admin, answers 404 and changes nothing in A."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, include
from PIL import Image

from kota.modules.plesiran import services
from kota.modules.plesiran.models import (
    Destination,
    Event,
    Facility,
    Photo,
    Review,
    Trip,
    TripStop,
)
from kota.registry.services import module_enable
from kota.tenancy.scope import city_scope
from tests.conftest import person
from tests.modules.plesiran.conftest import destination, event, facility

SLUG = "pasar-lama"
PREFIXES = (
    ("/plesiran/", "kota.modules.plesiran.urls"),
    ("/console/plesiran/", "kota.modules.plesiran.console_urls"),
    ("/api/v1/plesiran/", "kota.modules.plesiran.api.urls"),
)
_PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>")


def _routes(patterns, prefix):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern) and _PARAMETER.search(route):
            yield route


ROUTES = [
    route
    for prefix, urlconf in PREFIXES
    for route in _routes(getattr(include(urlconf)[0], "urlpatterns", []), prefix)
]


@pytest.fixture
def plesiran_a(city_a, city_b):
    """The module on in both cities; city A returned."""
    for city in (city_a, city_b):
        module_enable(city=city, key="plesiran")
        city.refresh_from_db()
    return city_a


@pytest.fixture
def city_a_content(plesiran_a):
    """City A's content, every identifier of which a URL of the module can name."""
    place = destination(plesiran_a, name="Pasar Lama", slug=SLUG)
    event(plesiran_a, name="Pasar Lama Malam", slug=SLUG, venue=place)
    facility(plesiran_a, name="Pasar Lama ATM", slug=SLUG)
    author = person(plesiran_a, email="penulis@alfa.id")
    with city_scope(plesiran_a):
        review = services.review_submit(destination=place, author=author, rating=5, body="Enak")
        trip = services.trip_create(owner=author)
        services.trip_stop_add(trip=trip, destination=place)
        (photo,) = services.photos_add(destination=place, actor=None, uploads=[_jpeg()])
    return {
        "review_id": str(review.public_id),
        "token": trip.token,
        "slug": SLUG,
        "photo_id": str(photo.pk),
    }


def _jpeg() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (400, 300), (30, 90, 60)).save(buffer, format="JPEG")
    return SimpleUploadedFile("pasar.jpg", buffer.getvalue(), content_type="image/jpeg")


def _snapshot(city) -> list:
    with city_scope(city):
        return [
            list(Destination.objects.values_list("slug", "status", "name", "updated_at")),
            list(Event.objects.values_list("slug", "status", "updated_at")),
            list(Facility.objects.values_list("slug", "status", "updated_at")),
            list(Review.objects.values_list("rating", "body", "hidden_at")),
            list(Trip.objects.values_list("token", "owner_id", "updated_at")),
            TripStop.objects.count(),
            list(Photo.objects.values_list("image", "caption", "position")),
        ]


def test_the_module_has_urls_naming_city_content():
    assert len(ROUTES) >= 20


@pytest.mark.parametrize("route", ROUTES)
def test_city_b_gets_404_for_city_a_s_things_and_nothing_changes(
    route, city_a_content, plesiran_a, admin_client_b
):
    path = _PARAMETER.sub(lambda m: city_a_content[m.group(1)], route)
    before = _snapshot(plesiran_a)

    got = admin_client_b.get(path)
    posted = admin_client_b.post(path, {"rating": "1", "body": "x", "reason": "x"})
    deleted = admin_client_b.delete(path)

    # 405 for a method the route does not take; the route's own method finds nothing.
    statuses = [got.status_code, posted.status_code, deleted.status_code]
    assert set(statuses) <= {404, 405}
    assert 404 in statuses
    assert _snapshot(plesiran_a) == before
