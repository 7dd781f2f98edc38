"""My trip on the citizen site: adding and removing places (POST forms on the visitor's
own trip only), the trip page with its visiting order, distances and map, and the
read-only share link."""

import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from kota.modules.plesiran import services
from kota.modules.plesiran.models import Trip
from kota.modules.plesiran.services import MAX_TRIP_STOPS
from kota.modules.plesiran.trips import SESSION_KEY
from kota.tenancy.scope import city_scope
from tests.conftest import city_login, cookies_to, host_client, logged_in, person
from tests.modules.plesiran.conftest import destination
from tests.modules.plesiran.engage_pages import render_block, session_key

LAT = -6.1781


@pytest.fixture
def english_a(plesiran_a):
    client = host_client("alfa.localhost")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def three_places(plesiran_a):
    """Three places on one east–west line, 2.21 km apart (named so that their
    alphabetical order is not the visiting order)."""
    return {
        "timur": destination(plesiran_a, name="A Timur", slug="a-timur", longitude=106.64),
        "barat": destination(plesiran_a, name="B Barat", slug="b-barat", longitude=106.60),
        "tengah": destination(plesiran_a, name="C Tengah", slug="c-tengah", longitude=106.62),
    }


def add(client, slug, **data):
    return client.post(f"/plesiran/perjalanan/tambah/{slug}/", data)


def remove(client, slug, **data):
    return client.post(f"/plesiran/perjalanan/hapus/{slug}/", data)


def trips(city) -> list[tuple[str | None, list[str]]]:
    """Every trip of ``city``: (owner's email, its places' slugs in the order added)."""
    with city_scope(city):
        return [
            (
                trip.owner.email if trip.owner else None,
                list(trip.stops.values_list("destination__slug", flat=True)),
            )
            for trip in Trip.objects.select_related("owner").order_by("created_at")
        ]


def the_trip(city) -> Trip:
    with city_scope(city):
        return Trip.objects.get()


def session_of(client, city) -> dict:
    with city_scope(city):  # sessions live in the city's schema
        return dict(client.session.items())


def flashed(response) -> list[tuple[str, str]]:
    return [(m.message, m.tags) for m in get_messages(response.wsgi_request)]


def stops_shown(response) -> list[str]:
    return re.findall(
        r'<h2 class="trip-stop-name"><a href="[^"]+">([^<]+)</a>', response.content.decode()
    )


def legs_shown(response) -> list[str]:
    return re.findall(r'<p class="trip-leg">([^<]+)</p>', response.content.decode())


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


# --- Adding and removing ---------------------------------------------------------------


def test_an_anonymous_visitor_adds_a_place_to_a_trip_kept_in_their_session(
    three_places, plesiran_a, english_a
):
    response = add(english_a, "a-timur", next="/plesiran/tempat/a-timur/#my-trip")

    assert response.status_code == 302
    assert response["Location"] == "/plesiran/tempat/a-timur/#my-trip"
    assert trips(plesiran_a) == [(None, ["a-timur"])]
    assert session_of(english_a, plesiran_a)[SESSION_KEY] == the_trip(plesiran_a).token
    assert flashed(response) == [("A Timur is in your trip.", "plesiran-trip success")]


def test_adding_the_same_place_twice_keeps_one(three_places, plesiran_a, english_a):
    add(english_a, "a-timur")

    response = add(english_a, "a-timur")

    assert trips(plesiran_a) == [(None, ["a-timur"])]
    assert flashed(response)[-1] == ("A Timur was already in your trip.", "plesiran-trip success")


def test_a_redirect_elsewhere_is_not_followed(three_places, english_a):
    response = add(english_a, "a-timur", next="https://contoh.example/")

    assert response["Location"] == "/plesiran/tempat/a-timur/"


def test_drafts_and_other_cities_places_cannot_be_added(plesiran_a, plesiran_b, english_a):
    destination(plesiran_a, name="Draf", slug="draf", publish=False)
    destination(plesiran_b, name="Pura", slug="pura")

    assert add(english_a, "draf").status_code == 404
    assert add(english_a, "pura").status_code == 404
    assert trips(plesiran_a) == []
    assert trips(plesiran_b) == []
    assert SESSION_KEY not in session_of(english_a, plesiran_a)


def test_a_full_trip_says_so_and_takes_no_more(plesiran_a, english_a):
    for n in range(MAX_TRIP_STOPS + 1):
        destination(plesiran_a, name=f"Tempat {n:02d}", slug=f"tempat-{n:02d}")
    for n in range(MAX_TRIP_STOPS):
        add(english_a, f"tempat-{n:02d}")

    response = add(english_a, f"tempat-{MAX_TRIP_STOPS:02d}")

    assert response.status_code == 302
    assert flashed(response)[-1] == (
        "A trip holds at most 25 places.",
        "plesiran-trip error",
    )
    [(_owner, stops)] = trips(plesiran_a)
    assert len(stops) == MAX_TRIP_STOPS
    assert f"tempat-{MAX_TRIP_STOPS:02d}" not in stops


def test_a_visitor_removes_a_place_from_their_trip(three_places, plesiran_a, english_a):
    add(english_a, "a-timur")
    add(english_a, "b-barat")

    response = remove(english_a, "a-timur", next="/plesiran/perjalanan/")

    assert response["Location"] == "/plesiran/perjalanan/"
    assert trips(plesiran_a) == [(None, ["b-barat"])]
    assert flashed(response)[-1] == (
        "A Timur is no longer in your trip.",
        "plesiran-trip success",
    )


def test_a_place_unpublished_since_it_was_picked_can_still_be_removed(
    three_places, plesiran_a, english_a
):
    add(english_a, "a-timur")
    with city_scope(plesiran_a):
        services.destination_unpublish(destination=three_places["timur"], actor=None)

    response = remove(english_a, "a-timur")

    assert response.status_code == 302
    assert trips(plesiran_a) == [(None, [])]


def test_removing_a_draft_not_in_the_trip_is_404(plesiran_a, english_a):
    destination(plesiran_a, name="Draf", slug="draf", publish=False)

    assert remove(english_a, "draf").status_code == 404


def test_trip_forms_need_the_csrf_token(three_places, plesiran_a):
    client = Client(HTTP_HOST="alfa.localhost", enforce_csrf_checks=True)

    response = add(client, "a-timur")

    assert response.status_code == 403
    assert trips(plesiran_a) == []


def test_trip_changes_only_take_post(three_places, english_a):
    assert english_a.get("/plesiran/perjalanan/tambah/a-timur/").status_code == 405
    assert english_a.get("/plesiran/perjalanan/hapus/a-timur/").status_code == 405


# --- Logged-in people ------------------------------------------------------------------


def test_a_logged_in_persons_trip_is_theirs_on_every_device(three_places, plesiran_a):
    budi = person(plesiran_a, email="budi@alfa.id")
    phone = logged_in("alfa.localhost", budi, plesiran_a)
    laptop = logged_in("alfa.localhost", budi, plesiran_a)

    add(phone, "a-timur")
    response = laptop.get("/plesiran/perjalanan/")

    assert trips(plesiran_a) == [("budi@alfa.id", ["a-timur"])]
    assert stops_shown(response) == ["A Timur"]


def test_a_trip_started_anonymously_becomes_the_persons_when_they_log_in(
    three_places, plesiran_a, english_a
):
    budi = person(plesiran_a, email="budi@alfa.id")
    add(english_a, "a-timur")
    city_login(english_a, budi, plesiran_a)

    add(english_a, "b-barat")

    assert trips(plesiran_a) == [("budi@alfa.id", ["a-timur", "b-barat"])]
    laptop = logged_in("alfa.localhost", budi, plesiran_a)
    assert stops_shown(laptop.get("/plesiran/perjalanan/")) == ["A Timur", "B Barat"]


def test_opening_the_trip_page_logged_in_claims_the_anonymous_trip(
    three_places, plesiran_a, english_a
):
    budi = person(plesiran_a, email="budi@alfa.id")
    add(english_a, "a-timur")
    city_login(english_a, budi, plesiran_a)

    english_a.get("/plesiran/perjalanan/")

    assert trips(plesiran_a) == [("budi@alfa.id", ["a-timur"])]


def test_the_claimed_trip_is_the_one_the_persons_other_devices_open(
    three_places, plesiran_a, english_a
):
    budi = person(plesiran_a, email="budi@alfa.id")
    add(english_a, "a-timur")  # on the phone, not logged in yet
    add(logged_in("alfa.localhost", budi, plesiran_a), "b-barat")  # later, on the laptop
    city_login(english_a, budi, plesiran_a)

    english_a.get("/plesiran/perjalanan/")

    tablet = logged_in("alfa.localhost", budi, plesiran_a)
    assert stops_shown(tablet.get("/plesiran/perjalanan/")) == ["A Timur"]
    assert sorted(trips(plesiran_a)) == [
        ("budi@alfa.id", ["a-timur"]),
        ("budi@alfa.id", ["b-barat"]),
    ]


def test_logging_out_leaves_the_trip_with_its_owner(three_places, plesiran_a):
    budi = person(plesiran_a, email="budi@alfa.id")
    client = logged_in("alfa.localhost", budi, plesiran_a)
    add(client, "a-timur")
    client.post("/accounts/logout/")

    response = client.get("/plesiran/perjalanan/")

    assert stops_shown(response) == []
    assert trips(plesiran_a) == [("budi@alfa.id", ["a-timur"])]


# --- The trip page ---------------------------------------------------------------------


def test_the_trip_page_shows_the_visiting_order_with_distances(three_places, english_a):
    for slug in ("c-tengah", "b-barat", "a-timur"):
        add(english_a, slug)

    response = english_a.get("/plesiran/perjalanan/")

    # The shortest way through all three runs from one end of the line to the other.
    assert response.status_code == 200
    assert stops_shown(response) == ["B Barat", "C Tengah", "A Timur"]
    assert legs_shown(response) == [
        "2.2 km from the previous place",
        "2.2 km from the previous place",
    ]
    assert "3 places · 4.4 km in all" in text(response.content.decode())


def test_starting_from_the_visitors_location_orders_from_there(three_places, english_a):
    for slug in ("a-timur", "b-barat", "c-tengah"):
        add(english_a, slug)

    response = english_a.get("/plesiran/perjalanan/", {"dari": f"{LAT},106.59"})

    assert stops_shown(response) == ["B Barat", "C Tengah", "A Timur"]
    assert legs_shown(response) == [
        "1.1 km from your location",
        "2.2 km from the previous place",
        "2.2 km from the previous place",
    ]
    assert "3 places · 5.5 km in all" in text(response.content.decode())


def test_indonesian_distances_use_a_decimal_comma(three_places, client_a):
    add(client_a, "a-timur")
    add(client_a, "b-barat")

    response = client_a.get("/plesiran/perjalanan/")

    assert "4,4 km" in text(response.content.decode())


@pytest.mark.parametrize("start", ["", "-6.1", "abc,def", "-91,106", "-6,181", "nan,1", "1,2,3"])
def test_a_starting_point_that_is_not_one_is_400_with_a_message(start, three_places, english_a):
    add(english_a, "a-timur")

    response = english_a.get("/plesiran/perjalanan/", {"dari": start})

    assert response.status_code == 400
    assert (
        "The starting point must be a latitude and a longitude, for example -6.1781,106.6300."
    ) in response.content.decode()


def test_the_map_gets_the_stops_in_order_and_the_directions_follow_them(three_places, english_a):
    for slug in ("a-timur", "b-barat", "c-tengah"):
        add(english_a, slug)

    response = english_a.get("/plesiran/perjalanan/", {"dari": f"{LAT},106.59"})

    html = response.content.decode()
    data = json.loads(
        re.search(r'<script id="trip-data" type="application/json">(.*?)</script>', html)[1]
    )
    assert data == {
        "start": [LAT, 106.59],
        "stops": [
            {"name": "B Barat", "lat": LAT, "lon": 106.60, "url": "/plesiran/tempat/b-barat/"},
            {"name": "C Tengah", "lat": LAT, "lon": 106.62, "url": "/plesiran/tempat/c-tengah/"},
            {"name": "A Timur", "lat": LAT, "lon": 106.64, "url": "/plesiran/tempat/a-timur/"},
        ],
    }
    link = re.search(r'href="(https://www.google.com/maps/dir/[^"]+)"', html)[1]
    assert parse_qs(urlsplit(link.replace("&amp;", "&")).query) == {
        "api": ["1"],
        "origin": ["-6.178100,106.590000"],
        "destination": ["-6.178100,106.640000"],
        "waypoints": ["-6.178100,106.600000|-6.178100,106.620000"],
        "travelmode": ["driving"],
    }
    assert '<script src="/static/vendor/leaflet/leaflet.js" defer></script>' in html
    assert '<link rel="stylesheet" href="/static/vendor/leaflet/leaflet.css">' in html
    assert 'data-tiles=""' in html  # the suite asks no outside server for tiles


def test_without_a_start_the_directions_begin_where_the_phone_is(three_places, english_a):
    add(english_a, "a-timur")

    html = english_a.get("/plesiran/perjalanan/").content.decode()

    link = re.search(r'href="(https://www.google.com/maps/dir/[^"]+)"', html)[1]
    assert parse_qs(urlsplit(link.replace("&amp;", "&")).query) == {
        "api": ["1"],
        "destination": ["-6.178100,106.640000"],
        "travelmode": ["driving"],
    }


def test_an_empty_trip_invites_to_find_places(plesiran_a, english_a):
    response = english_a.get("/plesiran/perjalanan/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Your trip is empty" in html
    assert '<a class="button" href="/plesiran/">Find places to visit</a>' in html
    assert "leaflet" not in html
    assert trips(plesiran_a) == []  # looking creates nothing


def test_places_unpublished_since_they_were_picked_are_left_out(
    three_places, plesiran_a, english_a
):
    add(english_a, "a-timur")
    add(english_a, "b-barat")
    with city_scope(plesiran_a):
        services.destination_unpublish(destination=three_places["timur"], actor=None)

    response = english_a.get("/plesiran/perjalanan/")

    assert stops_shown(response) == ["B Barat"]


def test_the_trip_page_takes_the_same_queries_for_one_place_or_many(plesiran_a, english_a):
    for n in range(12):
        destination(
            plesiran_a, name=f"Tempat {n:02d}", slug=f"tempat-{n:02d}", longitude=106.60 + n / 100
        )
    add(english_a, "tempat-00")
    english_a.get("/plesiran/perjalanan/")
    with CaptureQueriesContext(connection) as one:
        english_a.get("/plesiran/perjalanan/")
    for n in range(1, 12):
        add(english_a, f"tempat-{n:02d}")

    with CaptureQueriesContext(connection) as twelve:
        response = english_a.get("/plesiran/perjalanan/")

    assert len(stops_shown(response)) == 12
    assert len(twelve) == len(one)


# --- Sharing ---------------------------------------------------------------------------


def test_the_trip_page_gives_its_share_link(three_places, plesiran_a, english_a):
    add(english_a, "a-timur")
    token = the_trip(plesiran_a).token

    html = english_a.get("/plesiran/perjalanan/").content.decode()

    share = f"http://alfa.localhost/plesiran/perjalanan/{token}/"
    assert f'<a href="{share}" id="trip-share-link">{share}</a>' in html
    assert '<button type="button" class="button-secondary" id="trip-copy" hidden' in html


def test_a_shared_trip_is_read_only_for_others(three_places, plesiran_a, english_a):
    add(english_a, "a-timur")
    add(english_a, "b-barat")
    token = the_trip(plesiran_a).token
    friend = host_client("alfa.localhost")
    friend.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = friend.get(f"/plesiran/perjalanan/{token}/")

    html = response.content.decode()
    assert response.status_code == 200
    assert stops_shown(response) == ["A Timur", "B Barat"]
    assert "/plesiran/perjalanan/hapus/" not in html
    assert "Someone shared this trip with you." in html
    assert 'name="robots" content="noindex"' in html


def test_others_cannot_change_a_shared_trip(three_places, plesiran_a, english_a):
    add(english_a, "a-timur")
    token = the_trip(plesiran_a).token
    friend = host_client("alfa.localhost")
    friend.get(f"/plesiran/perjalanan/{token}/")

    removed = remove(friend, "a-timur", next=f"/plesiran/perjalanan/{token}/")
    add(friend, "b-barat", next=f"/plesiran/perjalanan/{token}/")

    assert removed.status_code == 302
    # The friend's additions went to a trip of their own; the shared one is unchanged.
    assert trips(plesiran_a) == [(None, ["a-timur"]), (None, ["b-barat"])]


def test_the_owner_can_change_their_shared_trip(three_places, plesiran_a, english_a):
    add(english_a, "a-timur")
    token = the_trip(plesiran_a).token

    html = english_a.get(f"/plesiran/perjalanan/{token}/").content.decode()

    assert 'action="/plesiran/perjalanan/hapus/a-timur/"' in html
    assert f'name="next" value="/plesiran/perjalanan/{token}/"' in html


def test_an_unknown_token_is_404(plesiran_a, english_a):
    assert english_a.get("/plesiran/perjalanan/tidak-ada-perjalanan/").status_code == 404


def test_a_trip_of_another_city_is_404_here_and_its_session_finds_nothing(
    three_places, plesiran_a, plesiran_b, english_a
):
    add(english_a, "a-timur")
    token = the_trip(plesiran_a).token
    at_beta = cookies_to("beta.localhost", english_a)

    shared = at_beta.get(f"/plesiran/perjalanan/{token}/")
    mine = at_beta.get("/plesiran/perjalanan/")

    assert shared.status_code == 404
    assert stops_shown(mine) == []
    assert trips(plesiran_b) == []
    assert trips(plesiran_a) == [(None, ["a-timur"])]


# --- The button on the destination's page ----------------------------------------------


def test_the_button_adds_when_the_place_is_not_in_the_trip(three_places, plesiran_a):
    html = render_block("plesiran/_trip_button.html", plesiran_a, three_places["timur"])

    assert 'action="/plesiran/perjalanan/tambah/a-timur/"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert '<input type="hidden" name="next" value="/plesiran/tempat/a-timur/#my-trip">' in html
    assert "Add to my trip" in html
    assert "See my trip" not in html


def test_the_button_removes_when_the_place_is_in_the_trip(three_places, plesiran_a, english_a):
    add(english_a, "a-timur")
    add(english_a, "b-barat")

    html = render_block(
        "plesiran/_trip_button.html",
        plesiran_a,
        three_places["timur"],
        session_key=session_key(english_a),
        flashed=[("A Timur is in your trip.", "plesiran-trip"), ("Other news", "")],
    )

    assert 'action="/plesiran/perjalanan/hapus/a-timur/"' in html
    assert "In my trip" in html
    assert '<a href="/plesiran/perjalanan/">See my trip (2 places)</a>' in html
    assert '<li class="message message-success">A Timur is in your trip.</li>' in html
    assert "Other news" not in html
