"""The map page (its settings for the script, filters, the page without JavaScript, the
packaged Leaflet files), the module's pages in the city's sitemap, and the weight of a
first visit to the map and to a place's page."""

import json
import re
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import override_settings

from kota.registry.services import module_disable, module_settings_update
from tests.modules.plesiran.conftest import destination, event
from tests.portal.page_weight import PAGE_BUDGET, first_load

ENGLISH = {settings.LANGUAGE_COOKIE_NAME: "en"}


def map_config(body: str) -> dict:
    found = re.findall(
        r'<script id="plesiran-map-config" type="application/json">(.*?)</script>', body, re.S
    )
    assert len(found) == 1
    return json.loads(found[0])


def checkboxes(body: str, name: str) -> list[tuple[str, str]]:
    return re.findall(
        rf'<input type="checkbox" name="{name}" value="([\w-]+)" checked>.*?<span>([^<]+)</span>',
        body,
    )


def test_the_map_page_gives_its_script_the_feed_urls_centre_and_labels(client_a, plesiran_a):
    client_a.cookies.load(ENGLISH)
    plesiran_a.map_center_lat, plesiran_a.map_center_lon, plesiran_a.map_zoom = -6.17, 106.64, 14
    plesiran_a.save(update_fields=["map_center_lat", "map_center_lon", "map_zoom"])

    response = client_a.get("/plesiran/peta/")

    body = response.content.decode()
    config = map_config(body)
    assert response.status_code == 200
    assert "<title>Map · Kota Alfa</title>" in body
    assert config["features"] == "/api/v1/plesiran/geojson/"
    assert config["destinationUrl"] == "/plesiran/tempat/{slug}/"
    assert config["center"] == [-6.17, 106.64]
    assert config["zoom"] == 14
    assert config["tiles"] == ""
    assert config["sprite"] == "/static/kota/icons.svg"
    assert config["categories"]["religi"] == {"name": "Religious", "icon": "landmark"}
    assert list(config["categories"]) == [
        "religi",
        "sejarah-budaya",
        "kuliner",
        "belanja",
        "taman-alam",
        "edukasi",
        "kampung-wisata",
        "venue-acara",
    ]
    assert config["kinds"] == {
        "fuel": {"name": "Petrol station", "icon": "fuel"},
        "atm": {"name": "ATM", "icon": "banknote"},
        "worship": {"name": "House of worship", "icon": "landmark"},
        "hospital": {"name": "Hospital", "icon": "cross"},
        "puskesmas": {"name": "Puskesmas", "icon": "cross"},
        "police": {"name": "Police", "icon": "shield"},
        "toilet": {"name": "Public toilet", "icon": "toilet"},
    }
    assert config["text"]["directions"] == "Directions"
    assert config["text"]["unavailable"] == (
        "Your location is not available. Allow this site to use your location in your "
        "browser, then try again."
    )


def test_the_map_follows_the_modules_settings(client_a, plesiran_a):
    client_a.cookies.load(ENGLISH)
    module_settings_update(
        city=plesiran_a,
        key="plesiran",
        data={
            "categories": ["religi", "kuliner"],
            "map_center_lat": "-6.1702",
            "map_center_lon": "106.6403",
            "map_zoom": "16",
        },
    )

    body = client_a.get("/plesiran/peta/").content.decode()

    config = map_config(body)
    assert config["center"] == [-6.1702, 106.6403]
    assert config["zoom"] == 16
    assert list(config["categories"]) == ["religi", "kuliner"]
    assert checkboxes(body, "category") == [("religi", "Religious"), ("kuliner", "Culinary")]
    assert checkboxes(body, "kind") == [
        ("fuel", "Petrol station"),
        ("atm", "ATM"),
        ("worship", "House of worship"),
        ("hospital", "Hospital"),
        ("puskesmas", "Puskesmas"),
        ("police", "Police"),
        ("toilet", "Public toilet"),
    ]


def test_a_city_without_a_map_centre_lets_the_script_fit_the_places(client_a, plesiran_a):
    plesiran_a.map_center_lat = plesiran_a.map_center_lon = None
    plesiran_a.save(update_fields=["map_center_lat", "map_center_lon"])

    config = map_config(client_a.get("/plesiran/peta/").content.decode())

    assert config["center"] is None


def test_the_map_labels_are_in_indonesian_by_default(client_a, plesiran_a):
    config = map_config(client_a.get("/plesiran/peta/").content.decode())

    assert config["categories"]["religi"] == {"name": "Wisata religi", "icon": "landmark"}


def test_without_javascript_the_map_page_points_to_the_list(client_a, plesiran_a):
    client_a.cookies.load(ENGLISH)

    body = client_a.get("/plesiran/peta/").content.decode()

    assert '<p class="map-nojs" data-map-nojs>' in body
    assert (
        "The map needs JavaScript, which is off or not loaded in your browser. "
        '<a href="/plesiran/">See the list of places instead.</a>'
    ) in body
    # The map, its tools and the list of nearest places appear only once the script runs.
    assert re.search(r'<div class="map map-large" id="plesiran-map" [^>]*hidden>', body)
    assert '<div class="map-tools" data-map-tools hidden>' in body
    assert "data-nearest-section hidden" in body


def test_leaflet_and_its_clustering_come_from_their_packages(client_a, plesiran_a):
    body = client_a.get("/plesiran/peta/").content.decode()

    assets = re.findall(r'(?:src|href)="/static/(vendor/[^"]+)"', body)
    assert assets == [
        "vendor/leaflet/leaflet.css",
        "vendor/leaflet-markercluster/MarkerCluster.css",
        "vendor/leaflet-markercluster/MarkerCluster.Default.css",
        "vendor/leaflet/leaflet.js",
        "vendor/leaflet-markercluster/leaflet.markercluster.js",
    ]
    checkout = Path(settings.KOTA_HOME).resolve()
    for asset in assets:
        found = Path(finders.find(asset)).resolve()
        assert not found.is_relative_to(checkout / "src"), found
    assert '<script src="/static/plesiran/map.js" defer></script>' in body


def test_the_map_page_costs_the_same_queries_however_many_places(
    client_a, plesiran_a, django_assert_num_queries
):
    destination(plesiran_a, name="Klenteng Boen Tek Bio")
    client_a.get("/plesiran/peta/")
    with django_assert_num_queries(4):
        client_a.get("/plesiran/peta/")

    for n in range(20):
        destination(plesiran_a, name=f"Tempat {n}")
    with django_assert_num_queries(4):
        client_a.get("/plesiran/peta/")


def test_the_map_is_404_when_the_module_is_off_or_on_another_city_only(
    client_a, client_b, plesiran_a
):
    assert client_b.get("/plesiran/peta/").status_code == 404
    module_disable(city=plesiran_a, key="plesiran")

    assert client_a.get("/plesiran/peta/").status_code == 404


def test_the_place_page_draws_a_small_map_only_with_javascript(client_a, plesiran_a):
    place = destination(plesiran_a, name="Klenteng Boen Tek Bio", category="religi")
    client_a.cookies.load(ENGLISH)

    body = client_a.get(f"/plesiran/tempat/{place.slug}/").content.decode()

    assert (
        '<div class="place-map" id="place-map" data-lat="-6.178100" data-lon="106.630000" '
        'data-name="Klenteng Boen Tek Bio" data-icon="landmark" role="region" '
        'aria-label="Map showing where Klenteng Boen Tek Bio is" hidden></div>'
    ) in body
    assert "<span>Open in map</span>" in body
    config = map_config(body)
    assert (config["tiles"], config["sprite"]) == ("", "/static/kota/icons.svg")
    assert '<script src="/static/plesiran/detail-map.js" defer></script>' in body


@override_settings(
    KOTA_MAP_TILES_URL="https://tiles.example.id/{z}/{x}/{y}.png",
    KOTA_MAP_TILES_ATTRIBUTION="© Peta Kota",
)
def test_the_tiles_come_from_the_setting(client_a, plesiran_a):
    config = map_config(client_a.get("/plesiran/peta/").content.decode())

    assert config["tiles"] == "https://tiles.example.id/{z}/{x}/{y}.png"
    assert config["attribution"] == "© Peta Kota"


# --- Page weight ------------------------------------------------------------------------


def test_the_map_and_a_place_page_stay_under_the_page_weight_budget(client_a, plesiran_a):
    place = destination(
        plesiran_a, name="Klenteng Boen Tek Bio", description_id="Klenteng tertua. " * 80
    )

    for path in ("/plesiran/", "/plesiran/peta/", f"/plesiran/tempat/{place.slug}/"):
        load = first_load(client_a, path)
        assert load["total"] < PAGE_BUDGET, (path, load)


# --- Sitemap ----------------------------------------------------------------------------


def sitemap(client) -> list[str]:
    return re.findall(r"<loc>([^<]+)</loc>", client.get("/sitemap.xml").content.decode())


def test_the_sitemap_lists_the_modules_public_pages_of_this_city(
    client_a, client_b, plesiran_a, plesiran_b
):
    destination(plesiran_a, name="Klenteng Boen Tek Bio")
    destination(plesiran_a, name="Museum Benteng Heritage", publish=False)
    destination(plesiran_a, name="Pasar Lama", category="kuliner")
    destination(plesiran_b, name="Pura Tanah Lot")
    event(plesiran_a, name="Festival Cisadane", category="religi")
    module_settings_update(city=plesiran_a, key="plesiran", data={"categories": ["religi"]})

    assert sitemap(client_a) == [
        "http://alfa.localhost/",
        "http://alfa.localhost/plesiran/",
        "http://alfa.localhost/plesiran/acara/",
        "http://alfa.localhost/plesiran/peta/",
        "http://alfa.localhost/plesiran/tempat/klenteng-boen-tek-bio/",
        "http://alfa.localhost/plesiran/acara/festival-cisadane/",
    ]
    assert sitemap(client_b) == [
        "http://beta.localhost/",
        "http://beta.localhost/plesiran/",
        "http://beta.localhost/plesiran/acara/",
        "http://beta.localhost/plesiran/peta/",
        "http://beta.localhost/plesiran/tempat/pura-tanah-lot/",
    ]


def test_the_sitemap_has_nothing_of_the_module_when_it_is_off(client_a, plesiran_a):
    destination(plesiran_a, name="Klenteng Boen Tek Bio")
    module_disable(city=plesiran_a, key="plesiran")

    assert sitemap(client_a) == ["http://alfa.localhost/"]
