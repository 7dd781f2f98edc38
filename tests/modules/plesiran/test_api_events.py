"""GET /api/v1/plesiran/events/ and events/<slug>/: times with the city's offset."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from kota.tenancy.models import City
from kota.tenancy.routing import routing_forget
from tests.modules.plesiran.api_calls import App, queries_of
from tests.modules.plesiran.conftest import destination, event

WIB = ZoneInfo("Asia/Jakarta")


def _slugs(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["slug"] for item in response.json()["results"]]


def _at(city, when: datetime, hours: int = 2, **fields):
    return event(city, starts_at=when, ends_at=when + timedelta(hours=hours), **fields)


def test_by_default_the_list_is_every_event_still_to_come_soonest_first(plesiran_a):
    now = timezone.now()
    _at(plesiran_a, now + timedelta(days=30), name="Festival Bulan Depan")
    _at(plesiran_a, now - timedelta(hours=1), name="Pawai Sedang Berjalan")
    _at(plesiran_a, now - timedelta(days=3), name="Festival Lalu")
    _at(plesiran_a, now + timedelta(days=2), name="Acara Draf", publish=False)

    response = App().get("events/")

    assert _slugs(response) == ["pawai-sedang-berjalan", "festival-bulan-depan"]


def test_an_event_in_the_list(plesiran_a):
    venue = destination(plesiran_a, name="Museum Benteng Heritage")
    starts = datetime(2030, 8, 17, 8, 0, tzinfo=WIB)
    _at(plesiran_a, starts, hours=4, venue=venue, ticket_note="Gratis")

    response = App().get("events/", {"from": "2030-08-17", "to": "2030-08-17"})

    assert response.json()["results"] == [
        {
            "slug": "festival-cisadane",
            "name": "Festival Cisadane",
            "category": {"slug": "sejarah-budaya", "name": "Heritage and culture"},
            "starts_at": "2030-08-17T08:00:00+07:00",
            "ends_at": "2030-08-17T12:00:00+07:00",
            "venue": {
                "name": "Tepian Sungai Cisadane",
                "destination": "museum-benteng-heritage",
                "url": "http://alfa.localhost/plesiran/tempat/museum-benteng-heritage/",
            },
            "address": "Jl. Bhakti No. 14, Pasar Lama",
            "latitude": -6.1781,
            "longitude": 106.63,
            "is_free": True,
            "ticket_note": "Gratis",
            "url": "http://alfa.localhost/plesiran/acara/festival-cisadane/",
        }
    ]


def test_from_and_to_dates_are_whole_days_of_the_city(plesiran_a):
    _at(plesiran_a, datetime(2030, 8, 16, 23, 30, tzinfo=WIB), hours=0, name="Malam Sebelum")
    _at(plesiran_a, datetime(2030, 8, 17, 0, 30, tzinfo=WIB), hours=1, name="Dini Hari")
    _at(plesiran_a, datetime(2030, 8, 18, 23, 0, tzinfo=WIB), hours=0, name="Akhir Hari")
    _at(plesiran_a, datetime(2030, 8, 19, 0, 0, tzinfo=WIB), hours=1, name="Hari Berikutnya")

    days = App().get("events/", {"from": "2030-08-17", "to": "2030-08-18"})
    moments = App().get("events/", {"from": "2030-08-17T00:00", "to": "2030-08-18T23:00+07:00"})

    assert _slugs(days) == ["dini-hari", "akhir-hari"]
    assert _slugs(moments) == ["dini-hari"]


def test_from_alone_reaches_a_year_ahead_and_to_alone_starts_now(plesiran_a):
    now = timezone.now()
    _at(plesiran_a, now + timedelta(days=10), name="Segera")
    _at(plesiran_a, now + timedelta(days=400), name="Tahun Depan")

    from_today = App().get("events/", {"from": timezone.localdate(now, WIB).isoformat()})
    until = App().get("events/", {"to": (now + timedelta(days=20)).date().isoformat()})

    assert _slugs(from_today) == ["segera"]
    assert _slugs(until) == ["segera"]


def test_filter_by_category(plesiran_a):
    later = timezone.now() + timedelta(days=3)
    _at(plesiran_a, later, name="Bazar Kuliner", category="kuliner")
    _at(plesiran_a, later, name="Pentas Budaya", category="sejarah-budaya")

    assert _slugs(App().get("events/", {"category": "kuliner"})) == ["bazar-kuliner"]


@pytest.mark.parametrize(
    ("params", "errors"),
    [
        (
            {"from": "2030-08-18", "to": "2030-08-17"},
            {"to": ["“to” must come after “from”."]},
        ),
        (
            {"from": "2030-01-01", "to": "2031-06-01"},
            {"to": ["Ask for at most 366 days of events at a time."]},
        ),
        (
            {"from": "17-08-2030"},
            {"from": ["Give a date (2026-12-31) or a date and time (2026-12-31T18:00+07:00)."]},
        ),
        (
            {"to": "2030-02-30"},
            {"to": ["Give a date (2026-12-31) or a date and time (2026-12-31T18:00+07:00)."]},
        ),
        ({"to": "9999-12-31"}, {"to": ["Give a date from the year 1900 to 2999."]}),
        ({"from": "0001-01-01T00:00+07:00"}, {"from": ["Give a date from the year 1900 to 2999."]}),
        (
            {"from": "2030-08-17T25:00"},
            {"from": ["Give a date (2026-12-31) or a date and time (2026-12-31T18:00+07:00)."]},
        ),
        (
            {"category": "olahraga"},
            {
                "category": [
                    "“olahraga” is not one of: religi, sejarah-budaya, kuliner, belanja, "
                    "taman-alam, edukasi, kampung-wisata, venue-acara."
                ]
            },
        ),
    ],
)
def test_bad_parameters_are_a_400_keyed_by_parameter(plesiran_a, params, errors):
    response = App().get("events/", params)

    assert response.status_code == 400
    assert response.json() == errors


def test_a_whole_leap_year_is_allowed(plesiran_a):
    response = App().get("events/", {"from": "2028-01-01", "to": "2028-12-31"})

    assert response.status_code == 200


def test_the_list_makes_as_many_queries_for_30_events_as_for_1(
    plesiran_a, django_assert_num_queries
):
    venue = destination(plesiran_a)
    later = timezone.now() + timedelta(days=1)
    _at(plesiran_a, later, name="Acara 0", venue=venue)
    app = App()
    one = queries_of(app, "events/")
    for n in range(1, 30):
        _at(plesiran_a, later + timedelta(hours=n), name=f"Acara {n}", venue=venue)

    with django_assert_num_queries(one):
        response = app.get("events/", {"page_size": "50"})

    assert response.json()["count"] == 30


def test_the_detail_gives_times_with_the_citys_own_offset(plesiran_a, city_b, plesiran_b):
    # City B is in Bali (WITA, UTC+8).
    City.objects.filter(pk=city_b.pk).update(time_zone="Asia/Makassar")
    routing_forget()
    starts = datetime(2030, 8, 17, 1, 0, tzinfo=ZoneInfo("UTC"))
    _at(plesiran_b, starts, hours=3, name="Festival Pantai", description_en="A beach festival.")

    response = App("beta.localhost").get("events/festival-pantai/")

    assert response.status_code == 200
    data = response.json()
    assert (data["starts_at"], data["ends_at"]) == (
        "2030-08-17T09:00:00+08:00",
        "2030-08-17T12:00:00+08:00",
    )
    assert data["description"] == "A beach festival."
    assert (data["description_id"], data["description_en"]) == (
        "Lomba perahu naga di Sungai Cisadane.",
        "A beach festival.",
    )
    assert data["venue"] == {"name": "Tepian Sungai Cisadane", "destination": None, "url": None}
    assert data["calendar_url"] == (
        "http://beta.localhost/plesiran/acara/festival-pantai/kalender.ics"
    )
    assert data["website"] == ""


def test_a_draft_event_and_another_citys_event_are_not_found(plesiran_a, plesiran_b):
    _at(plesiran_a, timezone.now() + timedelta(days=1), name="Draf", publish=False)
    _at(plesiran_b, timezone.now() + timedelta(days=1), name="Milik Beta")

    assert App().get("events/draf/").status_code == 404
    assert App().get("events/milik-beta/").status_code == 404
    assert _slugs(App().get("events/")) == []
    assert App("beta.localhost").get("events/milik-beta/").status_code == 200


def test_an_unpublished_venue_is_not_linked(plesiran_a):
    venue = destination(plesiran_a, name="Gedung Tutup", publish=False)
    _at(plesiran_a, timezone.now() + timedelta(days=1), venue=venue)

    data = App().get("events/festival-cisadane/").json()

    assert data["venue"] == {"name": "Tepian Sungai Cisadane", "destination": None, "url": None}
