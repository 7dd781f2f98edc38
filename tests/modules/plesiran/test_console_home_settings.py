"""The tourism console's overview, and the module's settings page (the console's page for
module settings, filled with e-plesiran's form)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kota.modules.plesiran import services
from kota.modules.plesiran.categories import CATEGORY_SLUGS
from kota.modules.plesiran.selectors import plesiran_settings
from kota.registry.services import module_settings_get
from kota.tenancy.models import City
from kota.tenancy.scope import city_scope
from tests.accounts.conftest import _english  # noqa: F401 - pages in English here
from tests.conftest import person
from tests.modules.plesiran.conftest import destination, event, facility

pytestmark = pytest.mark.usefixtures("plesiran_a")


def _flagged_review(city, place, email):
    author = person(city, email=email)
    reporter = person(city, email=f"lapor-{email}")
    with city_scope(city):
        review = services.review_submit(destination=place, author=author, rating=1, body="Kasar")
        services.review_flag(review=review, reporter=reporter, reason="Kasar")


def test_the_overview_counts_what_the_city_has(city_a, tourism_officer_client_a):
    place = destination(city_a, name="Klenteng")
    destination(city_a, name="Pasar Lama")
    destination(city_a, name="Masjid", publish=False)
    event(city_a, name="Festival Cisadane")
    event(city_a, name="Draf acara", publish=False)
    facility(city_a)
    _flagged_review(city_a, place, "a@alfa.id")

    response = tourism_officer_client_a.get("/console/plesiran/")

    counts = response.context["counts"]
    assert response.status_code == 200
    assert (
        counts.destinations_published,
        counts.destinations_draft,
        counts.events_upcoming,
        counts.events_draft,
        counts.facilities,
        counts.reviews_flagged,
    ) == (2, 1, 1, 1, 1, 1)
    assert [e.name for e in response.context["upcoming"]] == ["Festival Cisadane", "Draf acara"]
    body = response.content.decode()
    for url in (
        "/console/plesiran/tempat/",
        "/console/plesiran/acara/",
        "/console/plesiran/fasilitas/",
        "/console/plesiran/ulasan/",
        "/console/plesiran/statistik/",
        "/console/plesiran/impor/",
    ):
        assert f'href="{url}' in body
    # Officers do not see the module's settings: only city admins may change them.
    assert "/console/modules/plesiran/settings/" not in body


def test_admins_get_a_link_to_the_modules_settings(city_a, admin_client_a):
    body = admin_client_a.get("/console/plesiran/").content.decode()

    assert 'href="/console/modules/plesiran/settings/"' in body


def test_the_overview_keeps_its_query_count(city_a, tourism_officer_client_a):
    place = destination(city_a, name="Satu")
    tourism_officer_client_a.get("/console/plesiran/")
    with CaptureQueriesContext(connection) as one:
        tourism_officer_client_a.get("/console/plesiran/")
    for n in range(4):
        destination(city_a, name=f"Tempat {n}")
        event(city_a, name=f"Acara {n}")
        _flagged_review(city_a, place, f"orang{n}@alfa.id")
    with CaptureQueriesContext(connection) as many:
        tourism_officer_client_a.get("/console/plesiran/")

    assert len(many.captured_queries) == len(one.captured_queries)


def test_every_console_page_renders_for_an_officer(city_a, tourism_officer_client_a):
    place = destination(city_a)
    made = event(city_a)
    thing = facility(city_a)
    paths = [
        "/console/plesiran/",
        "/console/plesiran/tempat/",
        "/console/plesiran/tempat-baru/",
        f"/console/plesiran/tempat/{place.slug}/",
        f"/console/plesiran/tempat/{place.slug}/foto/",
        "/console/plesiran/acara/",
        "/console/plesiran/acara-baru/",
        f"/console/plesiran/acara/{made.slug}/",
        "/console/plesiran/fasilitas/",
        "/console/plesiran/fasilitas-baru/",
        f"/console/plesiran/fasilitas/{thing.slug}/",
        "/console/plesiran/ulasan/",
        "/console/plesiran/statistik/",
    ]

    assert [tourism_officer_client_a.get(p).status_code for p in paths] == [200] * len(paths)


# --- The module's settings -------------------------------------------------------------


def test_the_settings_page_shows_category_checkboxes_and_the_map_centre(city_a, admin_client_a):
    response = admin_client_a.get("/console/modules/plesiran/settings/")

    body = response.content.decode()
    assert response.status_code == 200
    assert body.count('type="checkbox" name="categories"') == len(CATEGORY_SLUGS)
    assert body.count('name="categories" value="religi" id="id_categories_0" checked') == 1
    assert '<label for="id_map_center_lat">Map centre latitude:</label>' in body
    assert 'name="map_zoom" value="13"' in body


def test_saving_the_settings_changes_what_the_module_uses(city_a, admin_client_a):
    response = admin_client_a.post(
        "/console/modules/plesiran/settings/",
        {
            "categories": ["religi", "kuliner"],
            "map_center_lat": "-6.18",
            "map_center_lon": "106.63",
            "map_zoom": "14",
        },
    )

    assert response["Location"] == "/console/modules/"
    assert module_settings_get(city=city_a, key="plesiran") == {
        "categories": ["religi", "kuliner"],
        "map_center_lat": -6.18,
        "map_center_lon": 106.63,
        "map_zoom": 14,
    }
    chosen = plesiran_settings(City.objects.get(pk=city_a.pk))
    assert (chosen.categories, chosen.map_center.latitude, chosen.map_zoom) == (
        ("religi", "kuliner"),
        -6.18,
        14,
    )
    page = admin_client_a.get("/console/modules/plesiran/settings/").content.decode()
    assert 'value="kuliner" id="id_categories_2" checked' in page
    assert 'value="belanja" id="id_categories_3" checked' not in page


def test_settings_with_half_a_centre_are_refused(city_a, admin_client_a):
    response = admin_client_a.post(
        "/console/modules/plesiran/settings/",
        {"categories": ["religi"], "map_center_lat": "-6.18", "map_center_lon": ""},
    )

    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        "Give both the latitude and the longitude of the map centre, or neither."
    ]
    assert module_settings_get(city=city_a, key="plesiran") == {}


def test_the_map_picker_starts_from_the_settings_centre(city_a, admin_client_a):
    admin_client_a.post(
        "/console/modules/plesiran/settings/",
        {
            "categories": ["religi"],
            "map_center_lat": "-6.2",
            "map_center_lon": "106.7",
            "map_zoom": "12",
        },
    )

    response = admin_client_a.get("/console/plesiran/tempat-baru/")

    assert response.context["map_picker"]["center"] == [-6.2, 106.7]
    assert response.context["map_picker"]["zoom"] == 12
