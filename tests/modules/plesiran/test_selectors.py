"""e-plesiran's reads (kota.modules.plesiran.selectors): published content only, the
city's categories only, and a fixed number of queries whatever the number of rows."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from kota.modules.plesiran import services
from kota.modules.plesiran.categories import CATEGORY_SLUGS
from kota.modules.plesiran.geo import BoundingBox, Point, distance_km
from kota.modules.plesiran.models import Photo
from kota.modules.plesiran.selectors import (
    PlesiranSettings,
    destinations_filter,
    destinations_published,
    events_between,
    events_upcoming,
    facilities_near,
    map_features,
    plesiran_settings,
    plesiran_sitemap_paths,
    trip_route,
)
from kota.registry.services import module_settings_update
from kota.tenancy.scope import city_scope
from tests.conftest import person
from tests.modules.plesiran.conftest import destination, event, facility

WIB = ZoneInfo("Asia/Jakarta")

# Real places of Kota Tangerang (approximate).
BOEN_TEK_BIO = (-6.1757, 106.6319)
MASJID_AL_AZHOM = (-6.1797, 106.6321)
SITU_CIPONDOH = (-6.1937, 106.6690)
PASAR_LAMA = (-6.1763, 106.6313)
KAMPUNG_BEKELIR = (-6.1725, 106.6205)


def slugs(queryset) -> list[str]:
    return [d.slug for d in queryset]


def place(city, name, at, **fields):
    return destination(city, name=name, latitude=at[0], longitude=at[1], **fields)


def _use_categories(city, categories):
    module_settings_update(city=city, key="plesiran", data={"categories": categories})


# --- Settings --------------------------------------------------------------------------


def test_settings_default_to_every_category_and_the_city_s_map(plesiran_a):
    plesiran_a.map_center_lat, plesiran_a.map_center_lon, plesiran_a.map_zoom = -6.18, 106.63, 14
    plesiran_a.save(update_fields=["map_center_lat", "map_center_lon", "map_zoom"])

    assert plesiran_settings(plesiran_a) == PlesiranSettings(
        categories=CATEGORY_SLUGS, map_center=Point(-6.18, 106.63), map_zoom=14
    )


def test_settings_saved_without_a_map_centre_keep_the_city_s(plesiran_a):
    # Given a city with a map centre, whose officer saves only the categories
    plesiran_a.map_center_lat, plesiran_a.map_center_lon = -6.18, 106.63
    plesiran_a.save(update_fields=["map_center_lat", "map_center_lon"])
    _use_categories(plesiran_a, ["religi", "kuliner"])

    # Then the map still centres on the city
    assert plesiran_settings(plesiran_a) == PlesiranSettings(
        categories=("religi", "kuliner"), map_center=Point(-6.18, 106.63), map_zoom=12
    )


def test_settings_saved_with_a_map_centre_and_zoom_win(plesiran_a):
    module_settings_update(
        city=plesiran_a,
        key="plesiran",
        data={
            "categories": ["religi"],
            "map_center_lat": "-6.19",
            "map_center_lon": "106.64",
            "map_zoom": "16",
        },
    )

    assert plesiran_settings(plesiran_a) == PlesiranSettings(
        categories=("religi",), map_center=Point(-6.19, 106.64), map_zoom=16
    )


# --- Published destinations ------------------------------------------------------------


def test_published_destinations_leave_out_drafts(plesiran_a):
    place(plesiran_a, "Klenteng Boen Tek Bio", BOEN_TEK_BIO)
    place(plesiran_a, "Museum Benteng Heritage", PASAR_LAMA, publish=False)

    with city_scope(plesiran_a):
        assert slugs(destinations_published(plesiran_a)) == ["klenteng-boen-tek-bio"]


def test_published_destinations_come_in_name_order(plesiran_a):
    # Given places made in no particular order (the list aggregates ratings, and
    # Meta.ordering does not apply to such a query)
    for name in ["Situ Cipondoh", "Pasar Lama", "Taman Potret", "Kampung Bekelir"]:
        place(plesiran_a, name, PASAR_LAMA)

    with city_scope(plesiran_a):
        assert slugs(destinations_published(plesiran_a)) == [
            "kampung-bekelir",
            "pasar-lama",
            "situ-cipondoh",
            "taman-potret",
        ]


def test_published_destinations_leave_out_categories_the_city_switched_off(plesiran_a):
    place(plesiran_a, "Klenteng Boen Tek Bio", BOEN_TEK_BIO, category="religi")
    place(plesiran_a, "Pasar Lama", PASAR_LAMA, category="kuliner")

    _use_categories(plesiran_a, ["kuliner", "belanja"])

    with city_scope(plesiran_a):
        assert slugs(destinations_published(plesiran_a)) == ["pasar-lama"]


def test_the_rating_counts_visible_reviews_only(plesiran_a):
    rated = place(plesiran_a, "Klenteng Boen Tek Bio", BOEN_TEK_BIO)
    place(plesiran_a, "Pasar Lama", PASAR_LAMA)
    officer = person(plesiran_a, email="wisata@alfa.id")
    with city_scope(plesiran_a):
        for i, rating in enumerate([5, 4, 1]):
            author = person(plesiran_a, email=f"warga{i}@alfa.id")
            review = services.review_submit(destination=rated, author=author, rating=rating)
        services.review_hide(review=review, actor=officer, reason="Kasar")

        ratings = {
            d.slug: (d.rating_average, d.rating_count) for d in destinations_published(plesiran_a)
        }

    assert ratings == {"klenteng-boen-tek-bio": (4.5, 2), "pasar-lama": (None, 0)}


def _list_everything(city):
    with city_scope(city):
        return [
            (
                d.category.slug,
                [h.weekday for h in d.hours.all()],
                [c.starts_on for c in d.closures.all()],
                [t.price_idr for t in d.tickets.all()],
                [p.caption for p in d.photos.all()],
                d.rating_count,
            )
            for d in destinations_published(city)
        ]


def _full_place(city, name):
    made = place(
        city,
        name,
        BOEN_TEK_BIO,
        hours=[{"weekday": 0, "opens": time(8), "closes": time(17)}],
        closures=[{"starts_on": date(2026, 12, 25), "ends_on": date(2026, 12, 25)}],
        tickets=[{"label_id": "Dewasa", "price_idr": 10000}],
    )
    with city_scope(city):
        for position in (1, 0):
            Photo.objects.create(
                destination=made,
                image=f"plesiran/{made.slug}/{position}.jpg",
                width=800,
                height=600,
                caption=f"Foto {position}",
                position=position,
            )
    return made


@pytest.mark.parametrize("count", [1, 6])
def test_a_list_of_destinations_takes_the_same_queries_whatever_its_length(
    plesiran_a, django_assert_num_queries, count
):
    for i in range(count):
        _full_place(plesiran_a, f"Tempat {i}")

    # One SET search_path, the city's settings (read in the schema already active), then
    # destinations, hours, closures, tickets, photos.
    with django_assert_num_queries(7):
        rows = _list_everything(plesiran_a)

    assert rows == [("religi", [0], [date(2026, 12, 25)], [10000], ["Foto 0", "Foto 1"], 0)] * count


# --- Filtering -------------------------------------------------------------------------


@pytest.fixture
def tangerang_places(plesiran_a):
    place(plesiran_a, "Klenteng Boen Tek Bio", BOEN_TEK_BIO, category="religi")
    place(plesiran_a, "Masjid Raya Al-A'zhom", MASJID_AL_AZHOM, category="religi")
    place(plesiran_a, "Situ Cipondoh", SITU_CIPONDOH, category="taman-alam")
    place(plesiran_a, "Pasar Lama", PASAR_LAMA, category="kuliner")
    place(plesiran_a, "Kampung Bekelir", KAMPUNG_BEKELIR, category="kampung-wisata")
    return plesiran_a


def test_filter_by_category(tangerang_places):
    with city_scope(tangerang_places):
        found = destinations_filter(destinations_published(tangerang_places), category="religi")

        assert slugs(found) == ["klenteng-boen-tek-bio", "masjid-raya-al-azhom"]


def test_filter_by_map_box(tangerang_places):
    # The box around the old town: the temple, the market and the mosque, not the lake
    # (east) nor the kampung (west).
    box = BoundingBox(south=-6.181, west=106.630, north=-6.175, east=106.633)

    with city_scope(tangerang_places):
        found = destinations_filter(destinations_published(tangerang_places), bbox=box)

        assert slugs(found) == ["klenteng-boen-tek-bio", "masjid-raya-al-azhom", "pasar-lama"]


def test_filter_near_a_point_sorts_by_distance_and_tells_it(tangerang_places):
    me = Point(-6.1762, 106.6314)  # in Pasar Lama

    with city_scope(tangerang_places):
        found = [
            (d.slug, d.distance_km)
            for d in destinations_filter(destinations_published(tangerang_places), near=me)
        ]

    assert [slug for slug, _km in found] == [
        "pasar-lama",
        "klenteng-boen-tek-bio",
        "masjid-raya-al-azhom",
        "kampung-bekelir",
        "situ-cipondoh",
    ]
    expected = {
        "pasar-lama": PASAR_LAMA,
        "klenteng-boen-tek-bio": BOEN_TEK_BIO,
        "masjid-raya-al-azhom": MASJID_AL_AZHOM,
        "kampung-bekelir": KAMPUNG_BEKELIR,
        "situ-cipondoh": SITU_CIPONDOH,
    }
    for slug, km in found:
        assert km == pytest.approx(distance_km(me, Point(*expected[slug])), abs=1e-9)


def test_filter_near_a_point_within_a_radius(tangerang_places):
    me = Point(-6.1762, 106.6314)

    with city_scope(tangerang_places):
        found = destinations_filter(
            destinations_published(tangerang_places), near=me, radius_km=0.5
        )
        within = [(d.slug, round(d.distance_km, 3)) for d in found]

    assert within == [
        ("pasar-lama", 0.016),
        ("klenteng-boen-tek-bio", 0.078),
        ("masjid-raya-al-azhom", 0.397),
    ]


def test_filters_combine(tangerang_places):
    me = Point(-6.1762, 106.6314)

    with city_scope(tangerang_places):
        found = destinations_filter(
            destinations_published(tangerang_places), category="religi", near=me, radius_km=0.1
        )

        assert slugs(found) == ["klenteng-boen-tek-bio"]


def test_near_a_point_in_another_city_finds_nothing_of_this_one(tangerang_places, plesiran_b):
    with city_scope(plesiran_b):
        found = destinations_filter(
            destinations_published(plesiran_b), near=Point(*PASAR_LAMA), radius_km=50
        )

        assert slugs(found) == []


# --- Facilities ------------------------------------------------------------------------


def test_facilities_near_a_place_nearest_first_published_only(plesiran_a):
    facility(
        plesiran_a, kind="atm", name="ATM BCA Pasar Lama", latitude=-6.1765, longitude=106.6315
    )
    facility(plesiran_a, kind="fuel", name="SPBU Daan Mogot", latitude=-6.1700, longitude=106.6400)
    facility(plesiran_a, kind="atm", name="ATM Mandiri", latitude=-6.1790, longitude=106.6330)
    facility(
        plesiran_a,
        kind="atm",
        name="ATM Tutup",
        latitude=-6.1758,
        longitude=106.6319,
        publish=False,
    )
    facility(
        plesiran_a, kind="hospital", name="RSU Kabupaten", latitude=-6.2000, longitude=106.6000
    )
    near = Point(*BOEN_TEK_BIO)

    with city_scope(plesiran_a):
        everything = [(f.name, round(f.distance_km, 2)) for f in facilities_near(near)]
        atms = [f.name for f in facilities_near(near, kind="atm")]
        close = [f.name for f in facilities_near(near, radius_km=0.5)]

    assert everything == [
        ("ATM BCA Pasar Lama", 0.1),
        ("ATM Mandiri", 0.39),
        ("SPBU Daan Mogot", 1.1),
    ]
    assert atms == ["ATM BCA Pasar Lama", "ATM Mandiri"]
    assert close == ["ATM BCA Pasar Lama", "ATM Mandiri"]


# --- Events ----------------------------------------------------------------------------

TODAY = datetime(2026, 8, 17, 0, 0, tzinfo=WIB)
TOMORROW = TODAY + timedelta(days=1)


def _event(city, name, starts, ends, **fields):
    return event(city, name=name, starts_at=starts, ends_at=ends, **fields)


def _today(city, **kwargs):
    with city_scope(city):
        return [e.name for e in events_between(TODAY, TOMORROW, **kwargs)]


def test_events_that_overlap_today_are_today_s(plesiran_a):
    _event(plesiran_a, "Bazar tiga hari", TODAY - timedelta(days=1), TOMORROW + timedelta(days=1))
    _event(plesiran_a, "Upacara", TODAY + timedelta(hours=7), TODAY + timedelta(hours=9))
    _event(plesiran_a, "Malam sebelumnya", TODAY - timedelta(hours=5), TODAY + timedelta(hours=1))
    _event(
        plesiran_a,
        "Sampai tengah malam",
        TODAY + timedelta(hours=20),
        TOMORROW + timedelta(hours=2),
    )

    assert _today(plesiran_a) == [
        "Bazar tiga hari",
        "Malam sebelumnya",
        "Upacara",
        "Sampai tengah malam",
    ]


def test_events_touching_today_only_at_midnight_are_not_today_s(plesiran_a):
    _event(plesiran_a, "Pentas kemarin", TODAY - timedelta(hours=4), TODAY)
    _event(plesiran_a, "Besok pagi", TOMORROW, TOMORROW + timedelta(hours=3))
    _event(plesiran_a, "Minggu lalu", TODAY - timedelta(days=7), TODAY - timedelta(days=6))

    assert _today(plesiran_a) == []


def test_an_event_of_no_length_is_in_the_range_it_happens_in(plesiran_a):
    _event(plesiran_a, "Pembukaan", TODAY, TODAY)
    _event(plesiran_a, "Lonceng", TODAY + timedelta(hours=12), TODAY + timedelta(hours=12))

    assert _today(plesiran_a) == ["Pembukaan", "Lonceng"]


def test_draft_events_are_not_listed_and_category_narrows(plesiran_a):
    noon = TODAY + timedelta(hours=12)
    _event(
        plesiran_a, "Festival Cisadane", noon, noon + timedelta(hours=2), category="sejarah-budaya"
    )
    _event(plesiran_a, "Festival Kuliner", noon, noon + timedelta(hours=3), category="kuliner")
    _event(plesiran_a, "Rapat panitia", noon, noon + timedelta(hours=1), publish=False)

    assert _today(plesiran_a) == ["Festival Cisadane", "Festival Kuliner"]
    assert _today(plesiran_a, category="kuliner") == ["Festival Kuliner"]


def test_upcoming_events_include_those_under_way(plesiran_a):
    now = TODAY + timedelta(hours=10)
    _event(plesiran_a, "Sudah selesai", now - timedelta(hours=3), now - timedelta(hours=1))
    _event(plesiran_a, "Berakhir sekarang", now - timedelta(hours=2), now)
    _event(plesiran_a, "Sedang berlangsung", now - timedelta(hours=1), now + timedelta(hours=1))
    _event(plesiran_a, "Nanti sore", now + timedelta(hours=5), now + timedelta(hours=6))
    _event(plesiran_a, "Tahun depan", now + timedelta(days=300), now + timedelta(days=301))

    with city_scope(plesiran_a):
        upcoming = [e.name for e in events_upcoming(now)]
        first_two = [e.name for e in events_upcoming(now, limit=2)]

    assert upcoming == ["Sedang berlangsung", "Nanti sore", "Tahun depan"]
    assert first_two == ["Sedang berlangsung", "Nanti sore"]


# --- The map ---------------------------------------------------------------------------


def test_map_features_are_exactly_the_published_places_and_facilities(plesiran_a):
    place(plesiran_a, "Klenteng Boen Tek Bio", BOEN_TEK_BIO, category="religi")
    place(plesiran_a, "Pasar Lama", PASAR_LAMA, category="kuliner")
    place(plesiran_a, "Belum terbit", PASAR_LAMA, publish=False)
    facility(plesiran_a, kind="atm", name="ATM BCA", latitude=-6.1765, longitude=106.6315)
    facility(
        plesiran_a,
        kind="atm",
        name="ATM Tutup",
        latitude=-6.1765,
        longitude=106.6316,
        publish=False,
    )
    _use_categories(plesiran_a, ["religi"])

    with city_scope(plesiran_a):
        collection = map_features(plesiran_a)

    assert collection == {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [106.6319, -6.1757]},
                "properties": {
                    "type": "destination",
                    "slug": "klenteng-boen-tek-bio",
                    "name": "Klenteng Boen Tek Bio",
                    "category": "religi",
                },
            },
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [106.6315, -6.1765]},
                "properties": {
                    "type": "facility",
                    "slug": "atm-bca",
                    "name": "ATM BCA",
                    "kind": "atm",
                },
            },
        ],
    }


@pytest.mark.parametrize("count", [1, 8])
def test_the_map_takes_the_same_queries_whatever_the_number_of_places(
    plesiran_a, django_assert_num_queries, count
):
    for i in range(count):
        place(plesiran_a, f"Tempat {i}", BOEN_TEK_BIO)
        facility(plesiran_a, name=f"ATM {i}")

    # One SET search_path, the city's settings, the places, the facilities.
    with city_scope(plesiran_a), django_assert_num_queries(4):
        features = map_features(plesiran_a)["features"]

    assert len(features) == 2 * count


# --- Trips -----------------------------------------------------------------------------


def _trip(city, places):
    with city_scope(city):
        trip = services.trip_create()
        for stop in places:
            services.trip_stop_add(trip=trip, destination=stop)
    return trip


def _route(city, trip, **kwargs):
    with city_scope(city):
        return [
            (leg.destination.slug, leg.from_previous_km)
            for leg in trip_route(trip, city=city, **kwargs)
        ]


def test_a_trip_is_routed_in_a_sensible_order_with_leg_distances(plesiran_a):
    # Given a trip picked in a zig-zag: the lake, the old town, the kampung, the mosque
    lake = place(plesiran_a, "Situ Cipondoh", SITU_CIPONDOH)
    temple = place(plesiran_a, "Klenteng Boen Tek Bio", BOEN_TEK_BIO)
    kampung = place(plesiran_a, "Kampung Bekelir", KAMPUNG_BEKELIR)
    mosque = place(plesiran_a, "Masjid Raya Al-A'zhom", MASJID_AL_AZHOM)
    trip = _trip(plesiran_a, [lake, temple, kampung, mosque])

    # Then the route runs from the lake westward through the mosque and temple to the kampung
    assert _route(plesiran_a, trip) == [
        ("situ-cipondoh", None),
        (
            "masjid-raya-al-azhom",
            round(distance_km(Point(*SITU_CIPONDOH), Point(*MASJID_AL_AZHOM)), 2),
        ),
        (
            "klenteng-boen-tek-bio",
            round(distance_km(Point(*MASJID_AL_AZHOM), Point(*BOEN_TEK_BIO)), 2),
        ),
        ("kampung-bekelir", round(distance_km(Point(*BOEN_TEK_BIO), Point(*KAMPUNG_BEKELIR)), 2)),
    ]
    assert [km for _slug, km in _route(plesiran_a, trip)] == [None, 4.37, 0.45, 1.31]


def test_a_trip_from_the_visitor_s_location_starts_nearest_them(plesiran_a):
    lake = place(plesiran_a, "Situ Cipondoh", SITU_CIPONDOH)
    temple = place(plesiran_a, "Klenteng Boen Tek Bio", BOEN_TEK_BIO)
    kampung = place(plesiran_a, "Kampung Bekelir", KAMPUNG_BEKELIR)
    trip = _trip(plesiran_a, [lake, temple, kampung])
    me = Point(-6.1720, 106.6150)  # just west of the kampung

    route = _route(plesiran_a, trip, start=me)

    assert [slug for slug, _km in route] == [
        "kampung-bekelir",
        "klenteng-boen-tek-bio",
        "situ-cipondoh",
    ]
    assert route[0][1] == round(distance_km(me, Point(*KAMPUNG_BEKELIR)), 2)


def test_two_stops_keep_the_order_they_were_added_in(plesiran_a):
    pasar = place(plesiran_a, "Pasar Lama", PASAR_LAMA)
    kampung = place(plesiran_a, "Kampung Bekelir", KAMPUNG_BEKELIR)
    trip = _trip(plesiran_a, [pasar, kampung])

    assert [slug for slug, _km in _route(plesiran_a, trip)] == ["pasar-lama", "kampung-bekelir"]


def test_a_place_unpublished_since_it_was_picked_is_left_out(plesiran_a):
    pasar = place(plesiran_a, "Pasar Lama", PASAR_LAMA)
    temple = place(plesiran_a, "Klenteng Boen Tek Bio", BOEN_TEK_BIO)
    trip = _trip(plesiran_a, [pasar, temple])
    with city_scope(plesiran_a):
        services.destination_unpublish(destination=temple, actor=None)

    assert _route(plesiran_a, trip) == [("pasar-lama", None)]


def test_an_empty_trip_has_no_route(plesiran_a):
    trip = _trip(plesiran_a, [])

    assert _route(plesiran_a, trip) == []


# --- Sitemap ---------------------------------------------------------------------------


def test_the_sitemap_lists_the_module_s_public_pages(plesiran_a, settings):
    settings.ROOT_URLCONF = "kota.config.urls_city"
    place(plesiran_a, "Klenteng Boen Tek Bio", BOEN_TEK_BIO, category="religi")
    place(plesiran_a, "Pasar Lama", PASAR_LAMA, category="kuliner")
    place(plesiran_a, "Belum terbit", PASAR_LAMA, publish=False)
    event(plesiran_a, name="Festival Cisadane", category="kuliner")
    event(plesiran_a, name="Festival Budaya")  # a category the city does not use
    event(plesiran_a, name="Rapat", publish=False)
    _use_categories(plesiran_a, ["kuliner"])

    with city_scope(plesiran_a):
        paths = plesiran_sitemap_paths()

    assert paths == [
        "/plesiran/",
        "/plesiran/acara/",
        "/plesiran/peta/",
        "/plesiran/tempat/pasar-lama/",
        "/plesiran/acara/festival-cisadane/",
    ]


def test_the_city_s_sitemap_carries_them_for_this_city_only(
    plesiran_a, plesiran_b, client_a, client_b
):
    place(plesiran_a, "Pasar Lama", PASAR_LAMA)

    on_a = client_a.get("/sitemap.xml").content.decode()
    on_b = client_b.get("/sitemap.xml").content.decode()

    assert "http://alfa.localhost/plesiran/tempat/pasar-lama/" in on_a
    assert "pasar-lama" not in on_b
    assert "http://beta.localhost/plesiran/peta/" in on_b
