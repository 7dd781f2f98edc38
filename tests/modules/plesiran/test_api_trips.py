"""trips/: start a trip, read it by its token, add and remove places (owner only)."""

import pytest

from kota.modules.plesiran import services
from kota.modules.plesiran.api import throttling
from kota.modules.plesiran.geo import Point, distance_km
from kota.modules.plesiran.models import Trip
from kota.tenancy.scope import city_scope
from tests.conftest import person
from tests.modules.plesiran.api_calls import App, app_of, queries_of
from tests.modules.plesiran.conftest import destination

# Three places on a north-south line, added out of order: the route visits them in order.
NORTH = Point(-6.170, 106.63)
MIDDLE = Point(-6.180, 106.63)
SOUTH = Point(-6.190, 106.63)


@pytest.fixture
def siti_a(plesiran_a):
    return person(plesiran_a, email="siti@alfa.id")


@pytest.fixture
def siti_app(plesiran_a, siti_a):
    return app_of(plesiran_a, siti_a)


def _place(city, name: str, point: Point, **fields):
    return destination(
        city, name=name, latitude=point.latitude, longitude=point.longitude, **fields
    )


def _trip(city, owner, *places, title: str = "") -> Trip:
    with city_scope(city):
        trip = services.trip_create(owner=owner, title=title)
        for place in places:
            services.trip_stop_add(trip=trip, destination=place)
        return trip


def _stops(city, token: str) -> list[str]:
    with city_scope(city):
        trip = Trip.objects.get(token=token)
        return sorted(trip.stops.values_list("destination__slug", flat=True))


def _trips(city) -> list[tuple[str, str]]:
    with city_scope(city):
        return list(Trip.objects.order_by("title").values_list("owner__email", "title"))


def test_starting_a_trip_gives_its_token_and_share_link(plesiran_a, siti_app):
    response = siti_app.post("trips/", {"title": "  Akhir pekan  "})

    assert response.status_code == 201
    token = response.json()["token"]
    assert response.json() == {
        "token": token,
        "title": "Akhir pekan",
        "share_url": f"http://alfa.localhost/plesiran/perjalanan/{token}/",
        "is_mine": True,
        "stops": [],
        "total_km": 0.0,
    }
    assert _trips(plesiran_a) == [("siti@alfa.id", "Akhir pekan")]


def test_starting_a_trip_needs_credentials_and_a_short_title(plesiran_a, siti_app):
    anonymous = App().post("trips/", {"title": "Liburan"})
    too_long = siti_app.post("trips/", {"title": "x" * 121})

    assert anonymous.status_code == 401
    assert too_long.status_code == 400
    assert too_long.json() == {"title": ["Ensure this field has no more than 120 characters."]}
    assert _trips(plesiran_a) == []


def test_my_trips_are_listed_with_their_number_of_places(plesiran_a, siti_a, siti_app):
    place = _place(plesiran_a, "Pasar Lama", MIDDLE)
    mine = _trip(plesiran_a, siti_a, place, title="Kuliner")
    _trip(plesiran_a, person(plesiran_a, email="budi@alfa.id"), title="Milik Budi")

    response = siti_app.get("trips/")

    assert response.status_code == 200
    assert [
        (t["token"], t["title"], t["stop_count"], t["share_url"])
        for t in response.json()["results"]
    ] == [
        (
            mine.token,
            "Kuliner",
            1,
            f"http://alfa.localhost/plesiran/perjalanan/{mine.token}/",
        )
    ]
    assert App().get("trips/").status_code == 401


def test_the_list_of_my_trips_makes_as_many_queries_for_30_as_for_1(
    plesiran_a, siti_a, siti_app, django_assert_num_queries
):
    place = _place(plesiran_a, "Pasar Lama", MIDDLE)
    _trip(plesiran_a, siti_a, place)
    one = queries_of(siti_app, "trips/")
    for _n in range(29):
        _trip(plesiran_a, siti_a, place)

    with django_assert_num_queries(one):
        response = siti_app.get("trips/", {"page_size": "50"})

    assert response.json()["count"] == 30


def test_anyone_with_the_token_sees_the_route_in_visiting_order(plesiran_a, siti_a):
    south = _place(plesiran_a, "Selatan", SOUTH)
    north = _place(plesiran_a, "Utara", NORTH)
    middle = _place(plesiran_a, "Tengah", MIDDLE)
    gone = _place(plesiran_a, "Ditutup", MIDDLE)
    trip = _trip(plesiran_a, siti_a, south, north, middle, gone, title="Keliling")
    with city_scope(plesiran_a):
        services.destination_unpublish(destination=gone, actor=None)

    response = App().get(f"trips/{trip.token}/")

    assert response.status_code == 200
    data = response.json()
    leg = round(distance_km(NORTH, MIDDLE), 2)
    assert [
        (s["position"], s["destination"]["slug"], s["from_previous_km"]) for s in data["stops"]
    ] in (
        [(1, "selatan", None), (2, "tengah", leg), (3, "utara", leg)],
        [(1, "utara", None), (2, "tengah", leg), (3, "selatan", leg)],
    )
    assert data["total_km"] == round(2 * leg, 2)
    assert data["is_mine"] is False
    assert data["stops"][1]["destination"]["url"] == (
        "http://alfa.localhost/plesiran/tempat/tengah/"
    )


def test_a_start_point_orders_the_route_from_there(plesiran_a, siti_a):
    trip = _trip(
        plesiran_a,
        siti_a,
        _place(plesiran_a, "Utara", NORTH),
        _place(plesiran_a, "Selatan", SOUTH),
    )

    response = App().get(f"trips/{trip.token}/", {"from": "-6.195,106.63"})
    bad = App().get(f"trips/{trip.token}/", {"from": "di sini"})

    stops = response.json()["stops"]
    assert [(s["destination"]["slug"], s["from_previous_km"]) for s in stops] == [
        ("selatan", round(distance_km(Point(-6.195, 106.63), SOUTH), 2)),
        ("utara", round(distance_km(SOUTH, NORTH), 2)),
    ]
    assert bad.status_code == 400
    assert bad.json() == {"from": ["Give a place as latitude,longitude, e.g. -6.1781,106.63."]}


def test_a_trip_of_another_city_is_not_found_here(plesiran_a, plesiran_b):
    trip = _trip(plesiran_b, person(plesiran_b, email="made@beta.id"))

    assert App().get(f"trips/{trip.token}/").status_code == 404
    assert App("beta.localhost").get(f"trips/{trip.token}/").status_code == 200


def test_adding_a_place_then_adding_it_again(plesiran_a, siti_a, siti_app):
    _place(plesiran_a, "Pasar Lama", MIDDLE)
    trip = _trip(plesiran_a, siti_a)

    added = siti_app.post(f"trips/{trip.token}/stops/", {"destination": "pasar-lama"})
    again = siti_app.post(f"trips/{trip.token}/stops/", {"destination": "pasar-lama"})

    assert added.status_code == 201
    assert [s["destination"]["slug"] for s in added.json()["stops"]] == ["pasar-lama"]
    assert again.status_code == 200
    assert _stops(plesiran_a, trip.token) == ["pasar-lama"]


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        (
            {"destination": "tidak-ada"},
            {"destination": ["No published place has the address “tidak-ada”."]},
        ),
        ({"destination": "draf"}, {"destination": ["No published place has the address “draf”."]}),
        ({}, {"destination": ["This field is required."]}),
    ],
)
def test_adding_what_is_not_a_published_place_is_a_400(plesiran_a, siti_a, siti_app, data, errors):
    _place(plesiran_a, "Draf", MIDDLE, publish=False)
    trip = _trip(plesiran_a, siti_a)

    response = siti_app.post(f"trips/{trip.token}/stops/", data)

    assert response.status_code == 400
    assert response.json() == errors
    assert _stops(plesiran_a, trip.token) == []


def test_a_full_trip_takes_no_more_places(plesiran_a, siti_a, siti_app):
    places = [_place(plesiran_a, f"Tempat {n}", MIDDLE) for n in range(services.MAX_TRIP_STOPS)]
    _place(plesiran_a, "Satu Lagi", MIDDLE)
    trip = _trip(plesiran_a, siti_a, *places)

    response = siti_app.post(f"trips/{trip.token}/stops/", {"destination": "satu-lagi"})

    assert response.status_code == 400
    assert response.json() == {"detail": "A trip holds at most 25 places."}
    assert len(_stops(plesiran_a, trip.token)) == 25
    assert "satu-lagi" not in _stops(plesiran_a, trip.token)


def test_removing_a_place(plesiran_a, siti_a, siti_app):
    kept = _place(plesiran_a, "Tetap", NORTH)
    removed = _place(plesiran_a, "Dihapus", SOUTH)
    trip = _trip(plesiran_a, siti_a, kept, removed)

    response = siti_app.delete(f"trips/{trip.token}/stops/dihapus/")
    again = siti_app.delete(f"trips/{trip.token}/stops/dihapus/")

    assert response.status_code == 204
    assert again.status_code == 404
    assert _stops(plesiran_a, trip.token) == ["tetap"]


def test_a_place_unpublished_since_it_was_picked_can_still_be_removed(plesiran_a, siti_a, siti_app):
    gone = _place(plesiran_a, "Ditutup", SOUTH)
    trip = _trip(plesiran_a, siti_a, gone)
    with city_scope(plesiran_a):
        services.destination_unpublish(destination=gone, actor=None)

    response = siti_app.delete(f"trips/{trip.token}/stops/ditutup/")

    assert response.status_code == 204
    assert _stops(plesiran_a, trip.token) == []


def test_someone_elses_trip_cannot_be_changed_and_is_not_revealed(plesiran_a, siti_a):
    place = _place(plesiran_a, "Pasar Lama", MIDDLE)
    _place(plesiran_a, "Situ Cipondoh", SOUTH)
    trip = _trip(plesiran_a, siti_a, place)
    budi = app_of(plesiran_a, person(plesiran_a, email="budi@alfa.id"))
    anonymous_trip = _trip(plesiran_a, None, place)

    add = budi.post(f"trips/{trip.token}/stops/", {"destination": "situ-cipondoh"})
    remove = budi.delete(f"trips/{trip.token}/stops/pasar-lama/")
    add_to_anonymous = budi.post(
        f"trips/{anonymous_trip.token}/stops/", {"destination": "situ-cipondoh"}
    )
    not_signed_in = App().post(f"trips/{trip.token}/stops/", {"destination": "situ-cipondoh"})

    assert (add.status_code, remove.status_code, add_to_anonymous.status_code) == (404, 404, 404)
    assert add.json() == {"detail": "Not found."}
    assert not_signed_in.status_code == 401
    assert _stops(plesiran_a, trip.token) == ["pasar-lama"]
    assert _stops(plesiran_a, anonymous_trip.token) == ["pasar-lama"]


def test_changing_a_trip_from_another_city_changes_nothing(plesiran_a, plesiran_b, siti_a):
    place = _place(plesiran_a, "Pasar Lama", MIDDLE)
    trip = _trip(plesiran_a, siti_a, place)
    twin = person(plesiran_b, email="siti@alfa.id")
    _place(plesiran_b, "Pasar Lama", MIDDLE)
    on_b = app_of(plesiran_b, twin, host="beta.localhost")
    a_token_of_b_on_a = app_of(plesiran_b, twin, host="alfa.localhost")

    host_b = on_b.delete(f"trips/{trip.token}/stops/pasar-lama/")
    token_b = a_token_of_b_on_a.delete(f"trips/{trip.token}/stops/pasar-lama/")

    assert host_b.status_code == 404
    assert (token_b.status_code, token_b.json()) == (401, {"detail": "Invalid token."})
    assert _stops(plesiran_a, trip.token) == ["pasar-lama"]


def test_a_person_writing_too_much_is_told_to_wait_and_nothing_is_written(
    plesiran_a, siti_a, siti_app, monkeypatch
):
    monkeypatch.setattr(throttling, "WRITES_PER_WINDOW", 2)
    _place(plesiran_a, "Pasar Lama", MIDDLE)
    first = siti_app.post("trips/", {"title": "Satu"})
    siti_app.post("trips/", {"title": "Dua"})

    third = siti_app.post("trips/", {"title": "Tiga"})
    stop = siti_app.post(f"trips/{first.json()['token']}/stops/", {"destination": "pasar-lama"})
    other = app_of(plesiran_a, person(plesiran_a, email="budi@alfa.id")).post("trips/")

    assert (third.status_code, stop.status_code) == (429, 429)
    assert 0 < int(third["Retry-After"]) <= throttling.WINDOW_SECONDS
    assert third.json() == {
        "detail": f"Request was throttled. Expected available in {third['Retry-After']} seconds."
    }
    assert siti_app.get(f"trips/{first.json()['token']}/").status_code == 200
    assert other.status_code == 201
    assert _trips(plesiran_a) == [
        ("budi@alfa.id", ""),
        ("siti@alfa.id", "Dua"),
        ("siti@alfa.id", "Satu"),
    ]
    assert _stops(plesiran_a, first.json()["token"]) == []
