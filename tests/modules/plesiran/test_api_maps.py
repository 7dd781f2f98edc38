"""GET /api/v1/plesiran/geojson/: the map feed the site's map and the apps read."""

import gzip
import json

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kota.modules.plesiran import services
from kota.tenancy.scope import city_scope
from tests.modules.plesiran.api_calls import App
from tests.modules.plesiran.conftest import destination, facility


def _places(response) -> list[tuple[str, str]]:
    assert response.status_code == 200, response.content
    return [(f["properties"]["type"], f["properties"]["slug"]) for f in response.json()["features"]]


def test_the_feed_is_geojson_of_every_published_place(plesiran_a):
    destination(plesiran_a, latitude=-6.1781, longitude=106.63)
    destination(plesiran_a, name="Draf", publish=False)
    facility(plesiran_a, name="ATM Bank Banten", latitude=-6.1761, longitude=106.63)
    facility(plesiran_a, name="ATM Draf", publish=False)

    response = App().get("geojson/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    assert response["Cache-Control"] == "no-cache"
    assert json.loads(response.content) == {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [106.63, -6.1781]},
                "properties": {
                    "type": "destination",
                    "slug": "klenteng-boen-tek-bio",
                    "name": "Klenteng Boen Tek Bio",
                    "category": "religi",
                    "url": "http://alfa.localhost/plesiran/tempat/klenteng-boen-tek-bio/",
                },
            },
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [106.63, -6.1761]},
                "properties": {
                    "type": "facility",
                    "slug": "atm-bank-banten",
                    "name": "ATM Bank Banten",
                    "kind": "atm",
                },
            },
        ],
    }


def test_an_unchanged_feed_is_a_304_by_its_etag(plesiran_a):
    destination(plesiran_a)
    first = App().get("geojson/")

    again = App().get("geojson/", HTTP_IF_NONE_MATCH=first["ETag"])
    destination(plesiran_a, name="Pasar Lama")
    changed = App().get("geojson/", HTTP_IF_NONE_MATCH=first["ETag"])

    assert first["ETag"].startswith('"')
    assert (again.status_code, again.content) == (304, b"")
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]
    assert len(changed.json()["features"]) == 2


def test_filters_by_category_and_kind(plesiran_a):
    destination(plesiran_a, name="Masjid Raya", category="religi")
    destination(plesiran_a, name="Pasar Lama", category="kuliner")
    destination(plesiran_a, name="Situ Cipondoh", category="taman-alam")
    facility(plesiran_a, name="ATM Bank Banten")
    facility(plesiran_a, name="SPBU Cikokol", kind="fuel")

    places = _places(App().get("geojson/", {"category": "religi,kuliner"}))
    atms = _places(App().get("geojson/", {"kind": "atm"}))
    both = _places(App().get("geojson/", {"category": "kuliner", "kind": "fuel"}))

    assert places == [("destination", "masjid-raya"), ("destination", "pasar-lama")]
    assert atms == [("facility", "atm-bank-banten")]
    assert both == [("destination", "pasar-lama"), ("facility", "spbu-cikokol")]


@pytest.mark.parametrize(
    ("params", "errors"),
    [
        (
            {"category": "religi,pantai"},
            {
                "category": [
                    "“pantai” is not one of: religi, sejarah-budaya, kuliner, belanja, "
                    "taman-alam, edukasi, kampung-wisata, venue-acara."
                ]
            },
        ),
        (
            {"kind": "bank"},
            {
                "kind": [
                    "“bank” is not one of: fuel, atm, worship, hospital, puskesmas, police, toilet."
                ]
            },
        ),
    ],
)
def test_an_unknown_category_or_kind_is_a_400(plesiran_a, params, errors):
    response = App().get("geojson/", params)

    assert response.status_code == 400
    assert response.json() == errors


def test_the_feed_makes_as_many_queries_for_30_places_as_for_1(
    plesiran_a, django_assert_num_queries
):
    destination(plesiran_a, name="Tempat 0")
    facility(plesiran_a, name="ATM 0")
    app = App()
    app.get("geojson/")
    cache.clear()
    with CaptureQueriesContext(connection) as first:
        app.get("geojson/")
    for n in range(1, 30):
        destination(plesiran_a, name=f"Tempat {n}")
        facility(plesiran_a, name=f"ATM {n}")
    cache.clear()

    with django_assert_num_queries(len(first)):
        response = app.get("geojson/")

    assert len(response.json()["features"]) == 60


def test_an_unchanged_feed_is_reused_and_a_change_is_on_the_next_load(
    plesiran_a, django_assert_max_num_queries
):
    destination(plesiran_a, name="Tempat Lama")
    app = App()
    first = app.get("geojson/")

    with django_assert_max_num_queries(4):
        again = app.get("geojson/")
    made = destination(plesiran_a, name="Tempat Baru", publish=False)
    unchanged_by_a_draft = app.get("geojson/")
    with city_scope(plesiran_a):
        services.destination_publish(destination=made, actor=None)
    after_publishing = app.get("geojson/")

    assert again.content == first.content
    assert _places(unchanged_by_a_draft) == [("destination", "tempat-lama")]
    assert _places(after_publishing) == [
        ("destination", "tempat-lama"),
        ("destination", "tempat-baru"),
    ]
    assert after_publishing["ETag"] != first["ETag"]


def test_another_citys_places_are_not_on_this_citys_map(plesiran_a, plesiran_b):
    destination(plesiran_b, name="Pura Beta")
    facility(plesiran_b, name="ATM Beta")

    assert _places(App().get("geojson/")) == []
    assert _places(App("beta.localhost").get("geojson/")) == [
        ("destination", "pura-beta"),
        ("facility", "atm-beta"),
    ]


def test_the_feed_is_compressed_for_clients_that_accept_it(plesiran_a):
    for n in range(20):
        destination(plesiran_a, name=f"Taman {n}", latitude=-6.17 - n / 1000)

    plain = App().get("geojson/")
    compressed = App().get("geojson/", HTTP_ACCEPT_ENCODING="gzip")

    assert compressed["Content-Encoding"] == "gzip"
    assert gzip.decompress(compressed.content) == plain.content
    assert len(compressed.content) < len(plain.content) / 4
