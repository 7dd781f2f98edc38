"""A visitor on a phone, in Chromium against a live server: the map's script shows the
city's places and facilities, filters them, lists the nearest places from the phone's
position and leads to a place's page; the list's "near me" sorts by distance; and the
pages pass axe-core's WCAG 2.1 AA checks with their scripts running.

Served from committed data: a city of its own ("delta"), removed afterwards, as in
tests/browser."""

import pytest
from django.db import connection, connections

from tests.browser.chromium import PHONE
from tests.browser.conftest import (  # noqa: F401 - fixtures
    _orm_beside_playwright,
    browser,
    live_port,
)

pytestmark = pytest.mark.slow

WCAG_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
HERE = (-6.1781, 106.6300)
KM_NORTH = 1 / 111.195  # degrees of latitude per kilometre on geo.py's sphere


def jpeg_upload():
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), (40, 120, 90)).save(buffer, format="JPEG")
    return SimpleUploadedFile("foto.jpg", buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture(scope="module")
def delta(django_db_setup, django_db_blocker):
    """A committed city with e-plesiran on: three places north of HERE (0.5, 3 and 6 km),
    a draft, and two facilities, far enough apart not to cluster at zoom 13."""
    from datetime import time

    from kota.modules.plesiran import services
    from kota.modules.plesiran.models import Category, Photo
    from kota.registry.services import module_enable
    from kota.tenancy.models import City
    from kota.tenancy.scope import city_scope
    from kota.tenancy.services import city_provision
    from tests.factories import CitySpecFactory

    with django_db_blocker.unblock():
        city = city_provision(spec=CitySpecFactory(slug="delta", name="Kota Delta"))
        city.map_center_lat, city.map_center_lon, city.map_zoom = HERE[0] + 0.025, HERE[1], 13
        city.save(update_fields=["map_center_lat", "map_center_lon", "map_zoom"])
        module_enable(city=city, key="plesiran")
        with city_scope(city):
            religi = Category.objects.get(slug="religi").pk
            kuliner = Category.objects.get(slug="kuliner").pk
            places = [
                ("Masjid Dekat", religi, 0.5, True),
                ("Pasar Sedang", kuliner, 3.0, True),
                ("Klenteng Jauh", religi, 6.0, True),
                ("Museum Draf", religi, 1.5, False),
            ]
            for name, category, km, publish in places:
                made = services.destination_save(
                    city=city,
                    actor=None,
                    fields={
                        "category_id": category,
                        "name": name,
                        "description_id": f"{name} di Kota Delta.",
                        "address": "Jl. Uji No. 1",
                        "latitude": HERE[0] + km * KM_NORTH,
                        "longitude": HERE[1],
                    },
                    hours=[{"weekday": d, "opens": time(8), "closes": time(17)} for d in range(7)],
                )
                if publish:
                    services.destination_publish(destination=made, actor=None)
                if name == "Masjid Dekat":
                    for position in range(2):
                        Photo.objects.create(
                            destination=made, image=jpeg_upload(), position=position
                        )
            for kind, name, km in (("atm", "ATM Timur", 4.5), ("fuel", "SPBU Barat", 1.5)):
                services.facility_save(
                    city=city,
                    actor=None,
                    fields={
                        "kind": kind,
                        "name": name,
                        "latitude": HERE[0] + km * KM_NORTH,
                        "longitude": HERE[1] + (0.03 if kind == "atm" else -0.03),
                    },
                )
        delta = City.objects.get(pk=city.pk)
        connections.close_all()
        yield delta
        City.objects.filter(pk=city.pk).delete()
        with connection.cursor() as cursor:
            cursor.execute(f'DROP SCHEMA IF EXISTS "{city.schema_name}" CASCADE')
        connections.close_all()


@pytest.fixture
def visitor(browser):  # noqa: F811 - the fixture imported above
    """A phone that shares its position (HERE) with the site."""
    context = browser.new_context(
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        geolocation={"latitude": HERE[0], "longitude": HERE[1]},
        permissions=["geolocation"],
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def delta_url(delta, live_port):  # noqa: F811 - the fixture imported above
    return f"http://delta.localhost:{live_port}"


def marker_titles(page, css_class: str) -> list[str]:
    return sorted(
        page.locator(f".leaflet-marker-icon.{css_class}").evaluate_all(
            "els => els.map(e => e.title)"
        )
    )


def test_the_map_shows_filters_and_finds_the_nearest_places(visitor, delta_url):
    visitor.goto(delta_url + "/plesiran/peta/")
    visitor.wait_for_selector(".map-pin-destination")

    assert visitor.locator("[data-map-nojs]").is_hidden()
    assert marker_titles(visitor, "map-pin-destination") == [
        "Klenteng Jauh",
        "Masjid Dekat",
        "Pasar Sedang",
    ]
    assert marker_titles(visitor, "map-pin-facility") == ["ATM Timur", "SPBU Barat"]

    visitor.locator(".map-filters summary").click()
    visitor.locator('input[name="category"][value="kuliner"]').uncheck()
    visitor.locator('input[name="kind"][value="atm"]').uncheck()

    assert marker_titles(visitor, "map-pin-destination") == ["Klenteng Jauh", "Masjid Dekat"]
    assert marker_titles(visitor, "map-pin-facility") == ["SPBU Barat"]

    visitor.locator('input[name="category"][value="kuliner"]').check()
    visitor.locator("[data-near-me]").click()
    visitor.wait_for_selector("[data-nearest] li")

    assert visitor.locator("[data-nearest] li").all_inner_texts() == [
        "Masjid Dekat 500 m",
        "Pasar Sedang 3,0 km",
        "Klenteng Jauh 6,0 km",
    ]
    visitor.locator("[data-nearest] a", has_text="Pasar Sedang").click()
    visitor.wait_for_url(delta_url + "/plesiran/tempat/pasar-sedang/")
    assert visitor.locator("h1").inner_text() == "Pasar Sedang"
    visitor.wait_for_selector("#place-map .map-pin")
    assert visitor.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_popup_links_to_the_place_and_to_directions(visitor, delta_url):
    visitor.goto(delta_url + "/plesiran/peta/")
    visitor.locator('.map-pin-destination[title="Masjid Dekat"]').click()

    links = visitor.locator(".map-popup a")

    assert visitor.locator(".map-popup-name").inner_text() == "Masjid Dekat"
    assert visitor.locator(".map-popup-kind").inner_text() == "Wisata religi"
    assert links.evaluate_all("els => els.map(e => e.getAttribute('href'))") == [
        "/plesiran/tempat/masjid-dekat/",
        "https://www.google.com/maps/dir/?api=1&destination=-6.173603,106.630000",
    ]


def test_near_me_on_the_list_reloads_it_sorted_by_distance(visitor, delta_url):
    visitor.goto(delta_url + "/plesiran/")
    visitor.locator("[data-near-me]").click()
    visitor.wait_for_url("**/plesiran/?lat=-6.17810&lon=106.63000")

    assert visitor.locator(".place-name").all_inner_texts() == [
        "Masjid Dekat",
        "Pasar Sedang",
        "Klenteng Jauh",
    ]
    assert visitor.locator(".distance").all_inner_texts() == ["500 m", "3,0 km", "6,0 km"]


@pytest.mark.parametrize(
    "path",
    [
        "/plesiran/",
        "/plesiran/?q=kebun+binatang",
        "/plesiran/?lat=utara&lon=106.63",
        "/plesiran/tempat/masjid-dekat/",
        "/plesiran/peta/",
    ],
)
def test_the_pages_pass_axe_with_their_scripts_running(visitor, delta_url, path):
    from axe_playwright_python.sync_playwright import Axe

    response = visitor.goto(delta_url + path)
    assert response.status == (400 if "lat=" in path else 200)
    if path == "/plesiran/peta/":
        visitor.wait_for_selector(".map-pin-destination")

    results = Axe().run(visitor, options=WCAG_AA)

    violations = [
        (v["id"], v["help"], [n["target"] for n in v["nodes"]])
        for v in results.response["violations"]
    ]
    assert violations == []
