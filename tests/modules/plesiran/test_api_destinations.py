"""GET /api/v1/plesiran/categories/, destinations/ and destinations/<slug>/."""

from datetime import date, time
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from kota.modules.plesiran import services
from kota.modules.plesiran.geo import Point, distance_km
from kota.registry.services import module_disable, module_settings_update
from kota.tenancy.scope import city_scope
from tests.conftest import person
from tests.modules.plesiran.api_calls import App, photo, queries_of
from tests.modules.plesiran.conftest import ALUN_ALUN, destination, event, facility


def _today(city):
    return timezone.localtime(timezone=ZoneInfo(city.time_zone)).date()


ALL_DAY = [{"weekday": day, "opens": time(0), "closes": time(0)} for day in range(7)]


def _review(city, place, *, email: str, rating: int):
    author = person(city, email=email)
    with city_scope(city):
        services.review_submit(destination=place, author=author, rating=rating)


def _slugs(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["slug"] for item in response.json()["results"]]


# --- categories/ -----------------------------------------------------------------------


def test_categories_are_the_ones_the_city_uses_named_in_the_language_asked(plesiran_a):
    module_settings_update(
        city=plesiran_a, key="plesiran", data={"categories": ["kuliner", "religi"]}
    )

    english = App().get("categories/")
    indonesian = App().get("categories/", HTTP_ACCEPT_LANGUAGE="id")

    assert english.status_code == 200
    assert english.json() == [
        {"slug": "religi", "name": "Religious", "icon": "landmark"},
        {"slug": "kuliner", "name": "Culinary", "icon": "utensils"},
    ]
    assert [c["name"] for c in indonesian.json()] == ["Wisata religi", "Kuliner"]


# --- destinations/ ---------------------------------------------------------------------


def test_the_list_shows_each_published_destination_with_its_summary(plesiran_a):
    place = destination(
        plesiran_a,
        description_id="Klenteng tertua di Tangerang, dibangun tahun 1684.",
        description_en="The oldest temple in Tangerang, built in 1684.",
        hours=ALL_DAY,
        tickets=[
            {"label_id": "Dewasa", "price_idr": 15000},
            {"label_id": "Anak", "price_idr": 5000},
        ],
    )
    photo(plesiran_a, place, name="kedua.jpg", position=1)
    front = photo(plesiran_a, place, name="depan.jpg", position=0)
    _review(plesiran_a, place, email="a@example.id", rating=4)
    _review(plesiran_a, place, email="b@example.id", rating=5)
    destination(plesiran_a, name="Museum Draf", publish=False)

    response = App().get("destinations/")

    assert response.status_code == 200
    assert response.json() == {
        "count": 1,
        "next": None,
        "previous": None,
        "results": [
            {
                "slug": "klenteng-boen-tek-bio",
                "name": "Klenteng Boen Tek Bio",
                "category": {"slug": "religi", "name": "Religious"},
                "summary": "The oldest temple in Tangerang, built in 1684.",
                "latitude": ALUN_ALUN[0],
                "longitude": ALUN_ALUN[1],
                "address": "Jl. Bhakti No. 14, Pasar Lama",
                "is_free": False,
                "min_price_idr": 5000,
                "rating": {"average": 4.5, "count": 2},
                "open_now": True,
                "photo": f"http://alfa.localhost/media/city_alfa/{front.image.name}",
                "distance_km": None,
                "url": "http://alfa.localhost/plesiran/tempat/klenteng-boen-tek-bio/",
            }
        ],
    }
    indonesian = App().get("destinations/", HTTP_ACCEPT_LANGUAGE="id").json()["results"][0]
    assert indonesian["summary"] == "Klenteng tertua di Tangerang, dibangun tahun 1684."
    assert indonesian["category"] == {"slug": "religi", "name": "Wisata religi"}


def test_a_place_is_not_open_now_on_a_closure_day_of_the_city(plesiran_a):
    today = _today(plesiran_a)
    destination(
        plesiran_a,
        hours=ALL_DAY,
        closures=[{"starts_on": today, "ends_on": today, "note_id": "Renovasi"}],
    )
    destination(plesiran_a, name="Taman Tanpa Jam")

    results = App().get("destinations/").json()["results"]

    assert [(d["name"], d["open_now"]) for d in results] == [
        ("Klenteng Boen Tek Bio", False),
        ("Taman Tanpa Jam", False),
    ]


def test_destinations_of_categories_the_city_does_not_use_are_not_listed(plesiran_a):
    destination(plesiran_a, name="Masjid Raya Al-A'zhom", category="religi")
    destination(plesiran_a, name="Pasar Lama", category="kuliner")
    module_settings_update(city=plesiran_a, key="plesiran", data={"categories": ["kuliner"]})

    assert _slugs(App().get("destinations/")) == ["pasar-lama"]
    assert App().get("destinations/masjid-raya-al-azhom/").status_code == 404


def test_filter_by_category(plesiran_a):
    destination(plesiran_a, name="Masjid Raya Al-A'zhom", category="religi")
    destination(plesiran_a, name="Pasar Lama", category="kuliner")

    assert _slugs(App().get("destinations/", {"category": "kuliner"})) == ["pasar-lama"]


def test_search_finds_names_with_typos_and_descriptions_in_indonesian(plesiran_a):
    destination(plesiran_a)
    destination(
        plesiran_a,
        name="Situ Cipondoh",
        category="taman-alam",
        description_id="Danau untuk bersepeda air dan memancing.",
    )

    assert _slugs(App().get("destinations/", {"q": "bontek bio"})) == ["klenteng-boen-tek-bio"]
    assert _slugs(App().get("destinations/", {"q": "danau"})) == ["situ-cipondoh"]
    assert _slugs(App().get("destinations/", {"q": "kapal selam"})) == []


def test_a_box_keeps_the_places_inside_it(plesiran_a):
    destination(plesiran_a, name="Di Dalam", latitude=-6.18, longitude=106.63)
    destination(plesiran_a, name="Di Luar", latitude=-6.30, longitude=106.63)

    response = App().get("destinations/", {"bbox": "106.60,-6.20,106.70,-6.10"})

    assert _slugs(response) == ["di-dalam"]


def test_near_sorts_nearest_first_with_distances_and_radius_cuts(plesiran_a):
    here = Point(-6.1781, 106.6300)
    spots = {
        "jauh": Point(-6.2500, 106.6300),
        "dekat": Point(-6.1790, 106.6300),
        "sedang": Point(-6.1900, 106.6400),
    }
    for name, point in spots.items():
        destination(
            plesiran_a, name=name.title(), latitude=point.latitude, longitude=point.longitude
        )

    everything = App().get("destinations/", {"near": "-6.1781,106.63"}).json()["results"]
    within_2km = App().get("destinations/", {"near": "-6.1781,106.63", "radius": "2"})

    assert [(d["slug"], d["distance_km"]) for d in everything] == [
        (slug, round(distance_km(here, spots[slug]), 2)) for slug in ("dekat", "sedang", "jauh")
    ]
    assert [d["distance_km"] for d in everything] == [0.1, 1.72, 7.99]
    assert _slugs(within_2km) == ["dekat", "sedang"]


def test_search_near_a_point_is_nearest_first(plesiran_a):
    destination(plesiran_a, name="Taman Jauh", latitude=-6.22, longitude=106.63)
    destination(plesiran_a, name="Taman Dekat", latitude=-6.18, longitude=106.63)
    destination(plesiran_a, name="Pasar Lama", latitude=-6.178, longitude=106.63)

    response = App().get("destinations/", {"q": "taman", "near": "-6.1781,106.63"})

    assert _slugs(response) == ["taman-dekat", "taman-jauh"]


BAD_PARAMETERS = [
    (
        {"category": "pantai"},
        {
            "category": [
                "“pantai” is not one of: religi, sejarah-budaya, kuliner, belanja, taman-alam, "
                "edukasi, kampung-wisata, venue-acara."
            ]
        },
    ),
    (
        {"near": "-6.17"},
        {"near": ["Give a place as latitude,longitude, e.g. -6.1781,106.63."]},
    ),
    (
        {"near": "abc,106"},
        {"near": ["Give a place as latitude,longitude, e.g. -6.1781,106.63."]},
    ),
    (
        {"near": "nan,106"},
        {"near": ["Give a place as latitude,longitude, e.g. -6.1781,106.63."]},
    ),
    (
        {"near": "106.63,-6.17"},
        {"near": ["Latitude goes from -90 to 90 and longitude from -180 to 180."]},
    ),
    (
        {"near": "-6.17,106.63", "radius": "500"},
        {"radius": ["Ensure this value is less than or equal to 50."]},
    ),
    (
        {"near": "-6.17,106.63", "radius": "dua"},
        {"radius": ["A valid number is required."]},
    ),
    (
        {"radius": "2"},
        {"radius": ["A radius needs a point: give near=latitude,longitude too."]},
    ),
    (
        {"bbox": "106.6,-6.2,106.7"},
        {"bbox": ["Give a box as west,south,east,north, e.g. 106.58,-6.24,106.72,-6.12."]},
    ),
    (
        {"bbox": "106.7,-6.2,106.6,-6.1"},
        {"bbox": ["In a box, west must not exceed east, nor south exceed north."]},
    ),
    ({"q": "x" * 101}, {"q": ["Ensure this field has no more than 100 characters."]}),
    ({"page": "dua"}, {"page": ["A page is a whole number from 1."]}),
    ({"page": "0"}, {"page": ["A page is a whole number from 1."]}),
]


@pytest.mark.parametrize(("params", "errors"), BAD_PARAMETERS)
def test_bad_parameters_are_a_400_keyed_by_parameter(plesiran_a, params, errors):
    destination(plesiran_a)

    response = App().get("destinations/", params)

    assert response.status_code == 400
    assert response.json() == errors


def test_messages_follow_the_language_asked(plesiran_a):
    indonesian = App().get("destinations/tidak-ada/", HTTP_ACCEPT_LANGUAGE="id")
    english = App().get("destinations/tidak-ada/")

    assert (indonesian.status_code, indonesian.json()) == (404, {"detail": "Data tidak ditemukan."})
    assert (english.status_code, english.json()) == (404, {"detail": "Not found."})


def test_pages_of_the_list(plesiran_a):
    for name in ("Alfa", "Beta", "Gamma"):
        destination(plesiran_a, name=name)

    first = App().get("destinations/", {"page_size": "2"})
    second = App().get("destinations/", {"page_size": "2", "page": "2"})
    past_the_end = App().get("destinations/", {"page_size": "2", "page": "3"})

    assert _slugs(first) == ["alfa", "beta"]
    assert first.json()["count"] == 3
    assert (
        first.json()["next"]
        == "http://alfa.localhost/api/v1/plesiran/destinations/?page=2&page_size=2"
    )
    assert _slugs(second) == ["gamma"]
    assert past_the_end.status_code == 404
    assert past_the_end.json() == {"detail": "Invalid page."}


def _rich_destination(city, n: int, reviewer):
    place = destination(
        city,
        name=f"Tempat {n:02d}",
        hours=ALL_DAY,
        tickets=[{"label_id": "Dewasa", "price_idr": 1000 * n}],
        closures=[{"starts_on": date(2030, 1, 1), "ends_on": date(2030, 1, 2)}],
    )
    photo(city, place)
    with city_scope(city):
        services.review_submit(destination=place, author=reviewer, rating=1 + n % 5)
    return place


@pytest.mark.parametrize("params", [{}, {"near": "-6.1781,106.63", "radius": "5"}, {"q": "tempat"}])
def test_the_list_makes_as_many_queries_for_30_places_as_for_1(
    plesiran_a, params, django_assert_num_queries
):
    reviewer = person(plesiran_a, email="pengulas@example.id")
    _rich_destination(plesiran_a, 0, reviewer)
    app = App()
    one = queries_of(app, "destinations/", params)
    for n in range(1, 30):
        _rich_destination(plesiran_a, n, reviewer)

    with django_assert_num_queries(one):
        response = app.get("destinations/", {**params, "page_size": "50"})

    assert len(response.json()["results"]) == 30


# --- destinations/<slug>/ --------------------------------------------------------------


def test_the_detail_has_everything_about_the_place(plesiran_a):
    today = _today(plesiran_a)
    place = destination(
        plesiran_a,
        description_id="Klenteng tertua di Tangerang.",
        description_en="The oldest temple in Tangerang.",
        phone="021-5523000",
        email="info@boentekbio.id",
        website="https://boentekbio.id",
        instagram="boentekbio",
        amenities=["parking", "prayer_room"],
        hours=[
            {"weekday": 0, "opens": time(8), "closes": time(17)},
            {"weekday": 5, "opens": time(18), "closes": time(2)},
        ],
        tickets=[{"label_id": "Dewasa", "label_en": "Adult", "price_idr": 10000}],
        closures=[
            {"starts_on": date(2020, 1, 1), "ends_on": date(2020, 1, 2), "note_id": "Lama"},
            {
                "starts_on": today,
                "ends_on": date(2099, 1, 1),
                "note_id": "Renovasi",
                "note_en": "Renovation",
            },
        ],
    )
    gallery = photo(plesiran_a, place, size=(64, 48))
    facility(plesiran_a, name="ATM Dekat", latitude=ALUN_ALUN[0] + 0.002)
    facility(plesiran_a, name="SPBU Jauh", kind="fuel", latitude=ALUN_ALUN[0] + 0.1)
    facility(plesiran_a, name="ATM Draf", publish=False)
    festival = event(plesiran_a, venue=place)
    event(plesiran_a, name="Acara Lain")

    response = App().get("destinations/klenteng-boen-tek-bio/")

    assert response.status_code == 200
    data = response.json()
    assert data["description"] == "The oldest temple in Tangerang."
    assert (data["description_id"], data["description_en"]) == (
        "Klenteng tertua di Tangerang.",
        "The oldest temple in Tangerang.",
    )
    assert data["open_state"] == {
        "is_open": False,
        "changes_at": None,
        "closed_today_by_closure": True,
    }
    assert data["hours"][0] == {
        "weekday": 0,
        "day": "Monday",
        "periods": [{"opens": "08:00", "closes": "17:00"}],
    }
    assert data["hours"][5]["periods"] == [{"opens": "18:00", "closes": "02:00"}]
    assert [day["periods"] for day in data["hours"][1:5]] == [[], [], [], []]
    assert data["closures"] == [
        {"starts_on": today.isoformat(), "ends_on": "2099-01-01", "note": "Renovation"}
    ]
    assert data["tickets"] == [{"label": "Adult", "price_idr": 10000}]
    assert data["amenities"] == [
        {"key": "parking", "label": "Parking"},
        {"key": "prayer_room", "label": "Prayer room"},
    ]
    assert data["contact"] == {
        "phone": "021-5523000",
        "email": "info@boentekbio.id",
        "website": "https://boentekbio.id",
        "instagram": "boentekbio",
    }
    assert data["photos"] == [
        {
            "url": f"http://alfa.localhost/media/city_alfa/{gallery.image.name}",
            "width": 64,
            "height": 48,
            "caption": "Gerbang depan",
        }
    ]
    served = App().client.get(f"/media/city_alfa/{gallery.image.name}")
    assert (served.status_code, served["Content-Type"]) == (200, "image/jpeg")
    assert data["facilities_nearby"] == [
        {
            "slug": "atm-dekat",
            "name": "ATM Dekat",
            "kind": "atm",
            "kind_label": "ATM",
            "latitude": ALUN_ALUN[0] + 0.002,
            "longitude": ALUN_ALUN[1],
            "distance_km": 0.22,
        }
    ]
    starts = timezone.localtime(festival.starts_at, ZoneInfo(plesiran_a.time_zone)).isoformat()
    assert [(e["slug"], e["starts_at"]) for e in data["events"]] == [("festival-cisadane", starts)]
    assert data["reviews_url"] == (
        "http://alfa.localhost/api/v1/plesiran/destinations/klenteng-boen-tek-bio/reviews/"
    )
    assert data["url"] == "http://alfa.localhost/plesiran/tempat/klenteng-boen-tek-bio/"


def test_the_detail_is_in_indonesian_by_default(plesiran_a):
    destination(plesiran_a, description_en="The oldest temple.")

    data = App().get("destinations/klenteng-boen-tek-bio/", HTTP_ACCEPT_LANGUAGE="").json()

    assert data["description"] == "Klenteng tertua di Tangerang."


def test_a_draft_is_not_found(plesiran_a):
    destination(plesiran_a, publish=False)

    response = App().get("destinations/klenteng-boen-tek-bio/")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_another_citys_destination_is_not_found_here(plesiran_a, plesiran_b):
    destination(plesiran_b, name="Pura Beta")

    assert App().get("destinations/pura-beta/").status_code == 404
    assert _slugs(App().get("destinations/")) == []
    assert App("beta.localhost").get("destinations/pura-beta/").status_code == 200


def test_the_api_is_gone_when_the_module_is_off(plesiran_a):
    destination(plesiran_a)
    module_disable(city=plesiran_a, key="plesiran")

    assert App().get("destinations/").status_code == 404
    assert App().get("destinations/klenteng-boen-tek-bio/").status_code == 404
