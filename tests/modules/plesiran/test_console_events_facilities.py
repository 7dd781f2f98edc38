"""The tourism console's events (times typed in the city's local time) and supporting
facilities."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kota.audit.models import AuditEntry
from kota.modules.plesiran.models import Category, Event, Facility
from kota.tenancy.models import City
from kota.tenancy.scope import city_scope
from tests.accounts.conftest import _english  # noqa: F401 - pages in English here
from tests.conftest import cookies_to, host_client, logged_in, person
from tests.modules.plesiran.conftest import ALUN_ALUN, destination, event, facility
from tests.modules.plesiran.test_console_destinations import BOUNDARY

pytestmark = pytest.mark.usefixtures("plesiran_a")

UTC = dt.UTC


def _event_form(city, **overrides) -> dict:
    with city_scope(city):
        category = Category.objects.get(slug="sejarah-budaya").pk
    return {
        "name": "Festival Cisadane",
        "category": str(category),
        "description_id": "Lomba perahu naga.",
        "starts_at": "2026-12-20T19:00",
        "ends_at": "2026-12-20T22:30",
        "venue": "",
        "venue_name": "Tepian Sungai Cisadane",
        "address": "",
        "latitude": str(ALUN_ALUN[0]),
        "longitude": str(ALUN_ALUN[1]),
        "is_free": "on",
        **overrides,
    }


def _events(city) -> list[tuple]:
    with city_scope(city):
        return list(
            Event.objects.order_by("slug").values_list(
                "slug", "name", "starts_at", "ends_at", "venue_name", "status"
            )
        )


def _facilities(city) -> list[tuple]:
    with city_scope(city):
        return list(Facility.objects.order_by("slug").values_list("slug", "name", "kind", "status"))


def _in_jayapura(city) -> None:
    """City A in UTC+9, so a local time cannot pass for the server's."""
    City.objects.filter(pk=city.pk).update(time_zone="Asia/Jayapura")


# --- Events ----------------------------------------------------------------------------


def test_an_event_is_created_in_the_citys_local_time(city_a, tourism_officer_client_a):
    _in_jayapura(city_a)

    response = tourism_officer_client_a.post("/console/plesiran/acara-baru/", _event_form(city_a))

    assert response["Location"] == "/console/plesiran/acara/festival-cisadane/"
    assert _events(city_a) == [
        (
            "festival-cisadane",
            "Festival Cisadane",
            dt.datetime(2026, 12, 20, 10, 0, tzinfo=UTC),
            dt.datetime(2026, 12, 20, 13, 30, tzinfo=UTC),
            "Tepian Sungai Cisadane",
            "draft",
        )
    ]
    page = tourism_officer_client_a.get("/console/plesiran/acara/festival-cisadane/")
    body = page.content.decode()
    assert 'type="datetime-local" name="starts_at" value="2026-12-20T19:00"' in body
    assert "(Asia/Jayapura)" in body


def test_a_venue_chosen_from_the_places_lends_its_name_and_location(
    city_a, tourism_officer_client_a
):
    venue = destination(city_a, name="Pasar Lama", latitude=-6.1760, longitude=106.6330)

    response = tourism_officer_client_a.post(
        "/console/plesiran/acara-baru/",
        _event_form(city_a, venue=venue.slug, venue_name="", latitude="", longitude=""),
    )

    assert response.status_code == 302
    with city_scope(city_a):
        made = Event.objects.get()
        assert (made.venue_id, made.venue_name, made.address, made.latitude, made.longitude) == (
            venue.pk,
            "Pasar Lama",
            "Jl. Bhakti No. 14, Pasar Lama",
            -6.1760,
            106.6330,
        )


@pytest.mark.parametrize(
    ("overrides", "errors"),
    [
        (
            {"ends_at": "2026-12-20T18:00"},
            {"ends_at": ["An event cannot end before it starts."]},
        ),
        (
            {"venue_name": "", "latitude": "", "longitude": ""},
            {
                "venue_name": ["Name the venue, or choose one of the city's places."],
                "latitude": ["Give the venue's location, or choose one of the city's places."],
                "longitude": ["Give the venue's location, or choose one of the city's places."],
            },
        ),
        ({"starts_at": "besok"}, {"starts_at": ["Enter a valid date/time."]}),
        (
            {"venue": "tempat-kota-lain"},
            {"venue": ["Select a valid choice. That choice is not one of the available choices."]},
        ),
    ],
    ids=["ends-before-start", "no-venue", "bad-time", "unknown-venue"],
)
def test_bad_events_are_refused_and_nothing_is_saved(
    city_a, tourism_officer_client_a, overrides, errors
):
    response = tourism_officer_client_a.post(
        "/console/plesiran/acara-baru/", _event_form(city_a, **overrides)
    )

    assert response.status_code == 400
    assert response.context["form"].errors == errors
    assert _events(city_a) == []


def test_a_venue_of_another_city_cannot_be_chosen(
    city_a, city_b, plesiran_b, tourism_officer_client_a
):
    theirs = destination(city_b, name="Pura Beta")

    response = tourism_officer_client_a.post(
        "/console/plesiran/acara-baru/", _event_form(city_a, venue=theirs.slug)
    )

    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["venue"]
    assert _events(city_a) == []


def test_editing_publishing_and_unpublishing_an_event(city_a, tourism_officer_client_a):
    made = event(city_a, publish=False)

    edited = tourism_officer_client_a.post(
        f"/console/plesiran/acara/{made.slug}/", _event_form(city_a, name="Festival Cisadane 2026")
    )
    published = tourism_officer_client_a.post(f"/console/plesiran/acara/{made.slug}/terbitkan/")
    status_published = _events(city_a)[0][5]
    unpublished = tourism_officer_client_a.post(f"/console/plesiran/acara/{made.slug}/tarik/")

    assert [r.status_code for r in (edited, published, unpublished)] == [302, 302, 302]
    assert status_published == "published"
    assert _events(city_a)[0][1::4] == ("Festival Cisadane 2026", "draft")
    assert _events(city_a)[0][0] == "festival-cisadane"  # the address in the site stays
    with city_scope(city_a):
        assert list(
            AuditEntry.objects.filter(action__startswith="plesiran.event.")
            .order_by("id")
            .values_list("action", flat=True)
        ) == [
            "plesiran.event.create",
            "plesiran.event.change",
            "plesiran.event.publish",
            "plesiran.event.unpublish",
        ]


def test_the_event_list_shows_upcoming_ones_with_constant_queries(city_a, tourism_officer_client_a):
    event(city_a, name="Satu")
    tourism_officer_client_a.get("/console/plesiran/acara/")
    with CaptureQueriesContext(connection) as one:
        tourism_officer_client_a.get("/console/plesiran/acara/")
    for n in range(8):
        event(city_a, name=f"Acara {n}", publish=n % 2 == 0)
    with CaptureQueriesContext(connection) as many:
        response = tourism_officer_client_a.get("/console/plesiran/acara/")
    past = tourism_officer_client_a.get("/console/plesiran/acara/?when=past")
    drafts = tourism_officer_client_a.get("/console/plesiran/acara/?status=draft")

    assert len(response.context["page"]) == 9
    assert len(many.captured_queries) == len(one.captured_queries)
    assert list(past.context["page"]) == []
    assert len(drafts.context["page"]) == 4


def test_other_people_cannot_touch_events(
    city_a, city_b, plesiran_b, officer_a, warga_a, admin_client_b
):
    made = event(city_a, publish=False)
    before = _events(city_a)
    b_admin_on_a = cookies_to("alfa.localhost", admin_client_b)
    other_officer = logged_in("alfa.localhost", officer_a, city_a)
    citizen = logged_in("alfa.localhost", warga_a, city_a)

    responses = [
        client.post(path, data)
        for client in (other_officer, citizen, b_admin_on_a)
        for path, data in (
            ("/console/plesiran/acara-baru/", _event_form(city_a, name="Palsu")),
            (f"/console/plesiran/acara/{made.slug}/", _event_form(city_a, name="Palsu")),
            (f"/console/plesiran/acara/{made.slug}/terbitkan/", {}),
        )
    ]

    assert [r.status_code for r in responses] == [404] * 6 + [302] * 3
    assert _events(city_a) == before
    assert _events(city_b) == []


# --- Facilities ------------------------------------------------------------------------


def _facility_form(**overrides) -> dict:
    return {
        "name": "SPBU Pertamina Cikokol",
        "kind": "fuel",
        "address": "Jl. MH Thamrin",
        "latitude": str(ALUN_ALUN[0] + 0.003),
        "longitude": str(ALUN_ALUN[1]),
        "phone": "",
        "open_all_day": "on",
        **overrides,
    }


def _map_names() -> list[str]:
    response = host_client("alfa.localhost").get("/api/v1/plesiran/geojson/")
    return [
        f["properties"]["name"]
        for f in response.json()["features"]
        if f["properties"]["type"] == "facility"
    ]


def test_a_facility_is_created_on_the_map_and_can_be_taken_off(city_a, tourism_officer_client_a):
    created = tourism_officer_client_a.post("/console/plesiran/fasilitas-baru/", _facility_form())
    on_map = _map_names()
    hidden = tourism_officer_client_a.post(
        "/console/plesiran/fasilitas/spbu-pertamina-cikokol/tarik/"
    )

    assert created["Location"] == "/console/plesiran/fasilitas/spbu-pertamina-cikokol/"
    assert hidden.status_code == 302
    assert on_map == ["SPBU Pertamina Cikokol"]
    assert _map_names() == []
    assert _facilities(city_a) == [
        ("spbu-pertamina-cikokol", "SPBU Pertamina Cikokol", "fuel", "draft")
    ]


def test_a_facility_outside_the_city_or_of_an_unknown_kind_is_refused(
    city_a, tourism_officer_client_a
):
    City.objects.filter(pk=city_a.pk).update(boundary=BOUNDARY)

    outside = tourism_officer_client_a.post(
        "/console/plesiran/fasilitas-baru/", _facility_form(latitude="-6.4", longitude="106.9")
    )
    bad_kind = tourism_officer_client_a.post(
        "/console/plesiran/fasilitas-baru/", _facility_form(kind="kasino")
    )

    assert (outside.status_code, bad_kind.status_code) == (400, 400)
    assert outside.context["form"].errors == {
        "latitude": [
            "This point (-6.40000, 106.90000) is outside Kota Alfa. Check the map location: "
            "latitude and longitude may be swapped."
        ]
    }
    assert bad_kind.context["form"].errors == {
        "kind": ["Select a valid choice. kasino is not one of the available choices."]
    }
    assert _facilities(city_a) == []


def test_editing_a_facility(city_a, tourism_officer_client_a):
    made = facility(city_a)

    page = tourism_officer_client_a.get(f"/console/plesiran/fasilitas/{made.slug}/")
    response = tourism_officer_client_a.post(
        f"/console/plesiran/fasilitas/{made.slug}/",
        _facility_form(name="ATM Bank Banten Baru", kind="atm"),
    )

    assert page.context["form"].initial["name"] == "ATM Bank Banten"
    assert response.status_code == 302
    assert _facilities(city_a) == [("atm-bank-banten", "ATM Bank Banten Baru", "atm", "published")]


def test_the_facility_list_filters_and_keeps_its_query_count(city_a, tourism_officer_client_a):
    facility(city_a, name="ATM Satu")
    tourism_officer_client_a.get("/console/plesiran/fasilitas/")
    with CaptureQueriesContext(connection) as one:
        tourism_officer_client_a.get("/console/plesiran/fasilitas/")
    for n in range(6):
        facility(city_a, name=f"Toilet {n}", kind="toilet")
    with CaptureQueriesContext(connection) as many:
        response = tourism_officer_client_a.get("/console/plesiran/fasilitas/")
    toilets = tourism_officer_client_a.get("/console/plesiran/fasilitas/?kind=toilet&q=toilet 1")

    assert len(response.context["page"]) == 7
    assert len(many.captured_queries) == len(one.captured_queries)
    assert [f.name for f in toilets.context["page"]] == ["Toilet 1"]


def test_other_people_cannot_touch_facilities(city_a, city_b, plesiran_b, warga_a):
    made = facility(city_a)
    officer_b = person(city_b, email="wisata@beta.id", roles=["officer-plesiran"])
    b_on_a = cookies_to("alfa.localhost", logged_in("beta.localhost", officer_b, city_b))
    citizen = logged_in("alfa.localhost", warga_a, city_a)

    responses = [
        citizen.post(f"/console/plesiran/fasilitas/{made.slug}/tarik/"),
        citizen.post("/console/plesiran/fasilitas-baru/", _facility_form()),
        b_on_a.post(f"/console/plesiran/fasilitas/{made.slug}/tarik/"),
    ]

    assert [r.status_code for r in responses] == [404, 404, 302]
    assert _facilities(city_a) == [("atm-bank-banten", "ATM Bank Banten", "atm", "published")]


@pytest.mark.parametrize(
    "query", ["q=%00", "q=ATM%00", "kind=%00&q=atm", "status=%00", "page=%00", "q=" + "a" * 101]
)
def test_the_facility_list_ignores_filters_it_cannot_read(city_a, tourism_officer_client_a, query):
    facility(city_a, name="ATM Satu")
    facility(city_a, name="Toilet Satu", kind="toilet")

    response = tourism_officer_client_a.get(f"/console/plesiran/fasilitas/?{query}")

    assert response.status_code == 200
    assert [f.name for f in response.context["page"]] == (
        ["ATM Satu"] if query == "kind=%00&q=atm" else ["ATM Satu", "Toilet Satu"]
    )
    assert "\x00" not in response.content.decode()


def test_the_facility_list_keeps_the_chosen_filters_in_its_form(city_a, tourism_officer_client_a):
    response = tourism_officer_client_a.get(
        "/console/plesiran/fasilitas/?q=ATM&kind=atm&status=draft"
    )

    assert (response.context["q"], response.context["kind"], response.context["status"]) == (
        "ATM",
        "atm",
        "draft",
    )
    assert 'name="q" value="ATM"' in response.content.decode()


@pytest.mark.parametrize("query", ["status=%00", "when=%00", "page=%00", "when=past%00"])
def test_the_event_list_ignores_filters_it_cannot_read(city_a, tourism_officer_client_a, query):
    event(city_a, name="Satu")

    response = tourism_officer_client_a.get(f"/console/plesiran/acara/?{query}")

    assert response.status_code == 200
    assert [e.name for e in response.context["page"]] == ["Satu"]
