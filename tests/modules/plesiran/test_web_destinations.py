"""The citizen pages of places to visit: the list (search, categories, near me, open now,
pagination) and a place's page (hours, tickets, map links, nearby facilities, events,
JSON-LD and share previews), in the requesting city only."""

import html
import io
import json
import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from kota.modules.plesiran import services
from kota.modules.plesiran.models import DestinationView, Photo
from kota.registry.catalog import module_get
from kota.registry.services import module_disable, module_enable, module_settings_update
from kota.tenancy.scope import city_scope
from tests.conftest import person
from tests.modules.plesiran.conftest import ALUN_ALUN, destination, event, facility

ENGLISH = {settings.LANGUAGE_COOKIE_NAME: "en"}
ALL_DAY = [{"weekday": day, "opens": time(0), "closes": time(0)} for day in range(7)]


def english(client: Client) -> Client:
    client.cookies.load(ENGLISH)
    return client


def local_today(city) -> date:
    return datetime.now(ZoneInfo(city.time_zone)).date()


def another_weekday(city) -> int:
    """A weekday that is not today in the city (so a place open only then is closed now)."""
    return (local_today(city).weekday() + 3) % 7


def photo(city, place, *, name="depan.jpg", size=(400, 300), caption="", position=0):
    buffer = io.BytesIO()
    Image.new("RGB", size, (40, 120, 90)).save(buffer, format="JPEG")
    with city_scope(city):
        return Photo.objects.create(
            destination=place,
            image=SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg"),
            caption=caption,
            position=position,
        )


def review(city, place, *, email: str, rating: int):
    author = person(city, email=email)
    with city_scope(city):
        return services.review_submit(destination=place, author=author, rating=rating)


def names_in(body: str) -> list[str]:
    return [html.unescape(n) for n in re.findall(r'<span class="place-name">([^<]+)</span>', body)]


def page_text(body: str, css_class: str) -> str:
    return body.split(f'class="{css_class}"')[1].split("</section>")[0]


# --- The list ---------------------------------------------------------------------------


def test_the_list_shows_each_place_with_its_photo_hours_rating_and_price(client_a, plesiran_a):
    masjid = destination(
        plesiran_a,
        name="Masjid Raya Al-A'zhom",
        hours=ALL_DAY,
        tickets=[
            {"label_id": "Dewasa", "price_idr": 15000},
            {"label_id": "Anak", "price_idr": 10000},
        ],
    )
    front = photo(plesiran_a, masjid)
    review(plesiran_a, masjid, email="a@alfa.id", rating=5)
    review(plesiran_a, masjid, email="b@alfa.id", rating=4)
    destination(
        plesiran_a,
        name="Pasar Lama",
        category="kuliner",
        is_free=True,
        hours=[{"weekday": another_weekday(plesiran_a), "opens": time(9), "closes": time(10)}],
    )

    response = client_a.get("/plesiran/")

    body = response.content.decode()
    assert response.status_code == 200
    assert "<title>Tempat wisata · Kota Alfa</title>" in body
    assert names_in(body) == ["Masjid Raya Al-A'zhom", "Pasar Lama"]
    masjid_card, pasar_card = body.split('<li class="place-card">')[1:]
    assert (
        '<a class="place-card-link" href="/plesiran/tempat/masjid-raya-al-azhom/">' in masjid_card
    )
    assert (
        f'<img class="place-thumb" src="/media/city_alfa/{front.image.name}"'
        ' width="400" height="300" alt="" loading="lazy" decoding="async">'
    ) in masjid_card
    assert '<span class="place-category">Wisata religi</span>' in masjid_card
    assert '<span class="badge badge-open">Buka sekarang</span>' in masjid_card
    assert '<span aria-hidden="true">4,5 (2)</span>' in masjid_card
    assert "mulai Rp10.000</span>" in masjid_card
    assert '<span class="place-thumb place-thumb-empty">' in pasar_card
    assert '<span class="badge badge-closed">Tutup</span>' in pasar_card
    assert "Gratis</span>" in pasar_card
    assert "Rated" not in pasar_card


def test_the_list_is_in_english_for_english_visitors(client_a, plesiran_a):
    destination(plesiran_a, name="Masjid Raya", tickets=[{"label_id": "Dewasa", "price_idr": 5000}])

    body = english(client_a).get("/plesiran/").content.decode()

    assert '<span class="place-category">Religious</span>' in body
    assert "from IDR 5,000</span>" in body
    assert "Rated" not in body


def test_a_place_without_hours_has_no_open_badge(client_a, plesiran_a):
    destination(plesiran_a, name="Kampung Bekelir", category="kampung-wisata")

    body = client_a.get("/plesiran/").content.decode()

    assert "badge-open" not in body
    assert "badge-closed" not in body


def test_drafts_and_other_cities_places_are_not_listed(client_a, plesiran_a, plesiran_b):
    destination(plesiran_a, name="Klenteng Boen Tek Bio")
    destination(plesiran_a, name="Museum Benteng Heritage", publish=False)
    destination(plesiran_b, name="Pura Tanah Lot")

    body = client_a.get("/plesiran/").content.decode()

    assert names_in(body) == ["Klenteng Boen Tek Bio"]


def test_places_of_categories_the_city_does_not_use_are_not_listed(client_a, plesiran_a):
    destination(plesiran_a, name="Klenteng Boen Tek Bio", category="religi")
    destination(plesiran_a, name="Pasar Lama", category="kuliner")
    module_settings_update(city=plesiran_a, key="plesiran", data={"categories": ["religi"]})

    body = english(client_a).get("/plesiran/").content.decode()

    assert names_in(body) == ["Klenteng Boen Tek Bio"]
    chips = re.findall(r'<a class="chip" href="([^"]+)"[^>]*>(?:<svg.*?</svg><span>)?([^<]+)', body)
    assert chips == [("/plesiran/", "All"), ("/plesiran/?kategori=religi", "Religious")]


def test_a_category_chip_narrows_the_list_and_is_marked_current(client_a, plesiran_a):
    destination(plesiran_a, name="Klenteng Boen Tek Bio", category="religi")
    destination(plesiran_a, name="Pasar Lama", category="kuliner")

    body = english(client_a).get("/plesiran/", {"kategori": "kuliner"}).content.decode()

    assert names_in(body) == ["Pasar Lama"]
    assert '<a class="chip" href="/plesiran/?kategori=kuliner" aria-current="page">' in body
    assert '<a class="chip" href="/plesiran/">All</a>' in body


def test_an_unknown_category_is_a_400_with_a_message(client_a, plesiran_a):
    destination(plesiran_a, name="Klenteng Boen Tek Bio")

    response = english(client_a).get("/plesiran/", {"kategori": "pantai"})

    body = response.content.decode()
    assert response.status_code == 400
    assert "This category is not shown here. Choose one of the list." in body
    assert names_in(body) == ["Klenteng Boen Tek Bio"]


def test_the_list_says_when_the_city_has_no_places_yet(client_a, plesiran_a):
    destination(plesiran_a, name="Museum Benteng Heritage", publish=False)

    body = english(client_a).get("/plesiran/").content.decode()

    assert "<strong>No places to visit yet</strong>" in body
    assert "Kota Alfa has not published any places here so far." in body
    assert 'class="place-grid"' not in body


# --- Search -----------------------------------------------------------------------------


@pytest.fixture
def tangerang_places(plesiran_a):
    destination(
        plesiran_a,
        name="Masjid Raya Al-A'zhom",
        description_id="Masjid terbesar di Kota Tangerang dengan lima kubah.",
    )
    destination(
        plesiran_a,
        name="Klenteng Boen Tek Bio",
        description_id="Klenteng tertua di Tangerang, di kawasan Pasar Lama.",
    )
    destination(
        plesiran_a,
        name="Taman Elektrik",
        category="taman-alam",
        description_id="Taman bermain anak-anak di tepi Sungai Cisadane.",
    )
    return plesiran_a


@pytest.mark.parametrize(
    ("words", "found"),
    [
        ("masjid", ["Masjid Raya Al-A'zhom"]),
        ("sungai", ["Taman Elektrik"]),
        ("permainan anak", ["Taman Elektrik"]),
        ("klenteng tertua", ["Klenteng Boen Tek Bio"]),
        ("Bun Tek Bio", ["Klenteng Boen Tek Bio"]),
        ("taman dan alam", ["Taman Elektrik"]),
    ],
)
def test_search_finds_places_by_indonesian_words_names_and_categories(
    client_a, tangerang_places, words, found
):
    response = client_a.get("/plesiran/", {"q": words})

    assert response.status_code == 200
    assert names_in(response.content.decode()) == found


def test_a_search_without_results_says_so_and_helps(client_a, tangerang_places):
    body = english(client_a).get("/plesiran/", {"q": "kebun binatang"}).content.decode()

    assert "<strong>No places match “kebun binatang”.</strong>" in body
    assert "Check the spelling, try a shorter or another word, or choose another category." in body
    assert '<a href="/plesiran/">See all places</a>' in body
    assert '<input id="place-q" type="search" name="q" value="kebun binatang"' in body


def test_the_search_text_is_escaped(client_a, tangerang_places):
    body = (
        english(client_a).get("/plesiran/", {"q": '<script>alert("x")</script>'}).content.decode()
    )

    assert "<script>alert" not in body
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in body


# --- Near me ----------------------------------------------------------------------------


def north_of_alun_alun(km: float) -> dict:
    # One degree of latitude is 111.195 km on the sphere used by kota.modules.plesiran.geo.
    return {"latitude": ALUN_ALUN[0] + km / 111.195, "longitude": ALUN_ALUN[1]}


def test_near_me_sorts_by_distance_and_shows_it(client_a, plesiran_a):
    destination(plesiran_a, name="Aaa Jauh", **north_of_alun_alun(5.0))
    destination(plesiran_a, name="Bbb Dekat", **north_of_alun_alun(0.347))
    destination(plesiran_a, name="Ccc Sedang", **north_of_alun_alun(1.24))

    response = client_a.get("/plesiran/", {"lat": ALUN_ALUN[0], "lon": ALUN_ALUN[1]})

    body = response.content.decode()
    assert response.status_code == 200
    assert names_in(body) == ["Bbb Dekat", "Ccc Sedang", "Aaa Jauh"]
    distances = re.findall(r'<span class="fact distance">.*?</svg>([^<]+)</span>', body)
    assert distances == ["350 m", "1,2 km", "5,0 km"]
    # The search keeps the position, and the visitor can go back to sorting by name.
    assert '<input type="hidden" name="lat" value="-6.17810">' in body
    assert '<input type="hidden" name="lon" value="106.63000">' in body
    assert "data-near-me" not in body


def test_near_me_with_a_search_keeps_only_matches_nearest_first(client_a, plesiran_a):
    destination(plesiran_a, name="Masjid Jauh", **north_of_alun_alun(5.0))
    destination(plesiran_a, name="Masjid Dekat", **north_of_alun_alun(1.0))
    destination(plesiran_a, name="Klenteng Dekat", **north_of_alun_alun(0.5))

    body = client_a.get(
        "/plesiran/", {"q": "masjid", "lat": ALUN_ALUN[0], "lon": ALUN_ALUN[1]}
    ).content.decode()

    assert names_in(body) == ["Masjid Dekat", "Masjid Jauh"]


def test_near_me_distances_are_in_english_format_for_english_visitors(client_a, plesiran_a):
    destination(plesiran_a, name="Ccc Sedang", **north_of_alun_alun(1.24))

    body = (
        english(client_a)
        .get("/plesiran/", {"lat": ALUN_ALUN[0], "lon": ALUN_ALUN[1]})
        .content.decode()
    )

    assert re.findall(r'<span class="fact distance">.*?</svg>([^<]+)</span>', body) == ["1.2 km"]
    assert "Nearest to you first." in body
    assert '<a href="/plesiran/">Sort by name</a>' in body


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            {"lat": "utara", "lon": "106.63"},
            "Your location could not be read: a latitude is a number from -90 to 90.",
        ),
        (
            {"lat": "95", "lon": "106.63"},
            "Your location could not be read: a latitude is a number from -90 to 90.",
        ),
        (
            {"lat": "-6.17", "lon": "nan"},
            "Your location could not be read: a longitude is a number from -180 to 180.",
        ),
        (
            {"lat": "-6.17", "lon": "200"},
            "Your location could not be read: a longitude is a number from -180 to 180.",
        ),
        (
            {"lat": "-6.17"},
            "Your location needs both a latitude and a longitude. Try “Near me” again.",
        ),
    ],
)
def test_a_bad_position_is_a_400_with_a_clear_message(client_a, plesiran_a, query, message):
    destination(plesiran_a, name="Klenteng Boen Tek Bio")

    response = english(client_a).get("/plesiran/", query)

    body = response.content.decode()
    assert response.status_code == 400
    assert f'<li class="message message-error">{message}</li>' in body.replace("&quot;", '"')
    # The list is still there, by name, without distances.
    assert names_in(body) == ["Klenteng Boen Tek Bio"]
    assert "fact distance" not in body


def test_the_near_me_button_waits_for_javascript(client_a, plesiran_a):
    body = english(client_a).get("/plesiran/").content.decode()

    assert '<button class="button-secondary" type="button" data-near-me hidden>' in body
    assert '<script src="/static/plesiran/near-me.js" defer></script>' in body


# --- Pages of results -------------------------------------------------------------------


def many_places(city, count: int, *, prefix: str = "Tempat") -> None:
    """``count`` published places, each with hours, a closure, a ticket, a photo and some
    with a review: everything the list shows."""
    for n in range(count):
        place = destination(
            city,
            name=f"{prefix} {n:02d}",
            hours=ALL_DAY[:2],
            closures=[{"starts_on": date(2030, 1, 1), "ends_on": date(2030, 1, 2)}],
            tickets=[{"label_id": "Dewasa", "price_idr": 1000 + n}],
        )
        photo(city, place, name=f"{prefix.lower()}{n}.jpg")
        if n % 3 == 0:
            review(city, place, email=f"{prefix.lower()}{n}@alfa.id", rating=4)


def test_the_list_has_pages_of_24(client_a, plesiran_a):
    many_places(plesiran_a, 25)

    first = english(client_a).get("/plesiran/").content.decode()
    second = client_a.get("/plesiran/", {"page": 2}).content.decode()

    assert len(names_in(first)) == 24
    assert names_in(second) == ["Tempat 24"]
    assert '<a class="button button-secondary" href="/plesiran/?page=2" rel="next">' in first
    assert "Page 1 of 2" in first
    assert '<a class="button button-secondary" href="/plesiran/?page=1" rel="prev">' in second
    assert "25 places" in first


def test_a_page_past_the_end_shows_the_last_page(client_a, plesiran_a):
    many_places(plesiran_a, 25)

    response = client_a.get("/plesiran/", {"page": 99})

    assert response.status_code == 200
    assert names_in(response.content.decode()) == ["Tempat 24"]


def test_the_list_costs_the_same_queries_for_one_place_or_thirty(
    client_a, plesiran_a, django_assert_num_queries
):
    many_places(plesiran_a, 1)
    query = {"q": "tempat", "lat": ALUN_ALUN[0], "lon": ALUN_ALUN[1]}
    client_a.get("/plesiran/", query)  # the routing cache is warm from here on
    with django_assert_num_queries(10) as one:
        client_a.get("/plesiran/", query)

    many_places(plesiran_a, 29, prefix="Tempat lain")
    with django_assert_num_queries(10) as thirty:
        response = client_a.get("/plesiran/", query)

    assert len(names_in(response.content.decode())) == 24
    assert len(one.captured_queries) == len(thirty.captured_queries)


# --- Module off -------------------------------------------------------------------------


def test_with_the_module_off_the_pages_are_404_and_gone_from_navigation(client_a, plesiran_a):
    place = destination(plesiran_a, name="Klenteng Boen Tek Bio")
    module_disable(city=plesiran_a, key="plesiran")

    assert client_a.get("/plesiran/").status_code == 404
    assert client_a.get(f"/plesiran/tempat/{place.slug}/").status_code == 404
    assert client_a.get("/plesiran/peta/").status_code == 404
    assert "/plesiran/" not in client_a.get("/").content.decode()
    with city_scope(plesiran_a):
        assert DestinationView.objects.count() == 0


def test_the_module_on_is_in_the_navigation(client_a, plesiran_a):
    body = english(client_a).get("/plesiran/").content.decode()

    nav = body.split('<nav class="site-nav"')[1].split("</nav>")[0]
    assert re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', nav) == [
        ("/plesiran/", "Places to visit"),
        ("/plesiran/acara/", "Events"),
        ("/plesiran/peta/", "Map"),
    ]
    assert '<a href="/plesiran/" aria-current="page">Places to visit</a>' in nav


# --- A place's page ---------------------------------------------------------------------


@pytest.fixture
def boen_tek_bio(plesiran_a):
    today = local_today(plesiran_a)
    return destination(
        plesiran_a,
        name="Klenteng Boen Tek Bio",
        description_id="Klenteng tertua di Tangerang.\n\nDibangun tahun 1684.",
        description_en="The oldest temple in Tangerang.",
        address="Jl. Bhakti No. 14, Pasar Lama",
        phone="021 552 1234",
        email="info@boentekbio.id",
        website="https://boentekbio.id/",
        instagram="@boentekbio",
        amenities=["wheelchair", "parking", "toilets"],
        hours=[{"weekday": day, "opens": time(8), "closes": time(17)} for day in range(6)],
        tickets=[
            {"label_id": "Dewasa", "label_en": "Adult", "price_idr": 15000},
            {"label_id": "Anak", "label_en": "Child", "price_idr": 5000},
        ],
        closures=[
            {"starts_on": today - timedelta(days=30), "ends_on": today - timedelta(days=29)},
            {
                "starts_on": today + timedelta(days=10),
                "ends_on": today + timedelta(days=12),
                "note_id": "Perayaan Imlek",
                "note_en": "Chinese New Year",
            },
        ],
    )


def test_a_place_page_shows_everything_a_visitor_needs(client_a, plesiran_a, boen_tek_bio):
    facility(plesiran_a, name="ATM Bank Banten", **north_of_alun_alun(0.3))
    facility(plesiran_a, name="SPBU Pasar Baru", kind="fuel", **north_of_alun_alun(1.24))
    facility(plesiran_a, name="ATM Jauh", **north_of_alun_alun(2.5))
    facility(plesiran_a, name="ATM Tutup", publish=False, **north_of_alun_alun(0.1))
    event(plesiran_a, name="Festival Imlek", venue=boen_tek_bio)
    event(plesiran_a, name="Festival Lain")

    response = client_a.get(f"/plesiran/tempat/{boen_tek_bio.slug}/")

    body = response.content.decode()
    assert response.status_code == 200
    assert "<title>Klenteng Boen Tek Bio · Kota Alfa</title>" in body
    assert "<h1>Klenteng Boen Tek Bio</h1>" in body
    assert (
        '<div class="place-description"><p>Klenteng tertua di Tangerang.</p>\n\n'
        "<p>Dibangun tahun 1684.</p></div>"
    ) in body
    assert '<p class="place-address">Jl. Bhakti No. 14, Pasar Lama</p>' in body
    directions = "https://www.google.com/maps/dir/?api=1&amp;destination=-6.178100,106.630000"
    assert f'<a class="button" href="{directions}" rel="noopener" target="_blank">' in body
    assert (
        '<a href="https://www.openstreetmap.org/?mlat=-6.178100&amp;mlon=106.630000'
        '#map=17/-6.178100/106.630000" rel="noopener" target="_blank">'
    ) in body
    assert 'data-lat="-6.178100" data-lon="106.630000"' in body
    tickets = re.findall(r'<tr><th scope="row">([^<]+)</th><td>([^<]+)</td></tr>', body)
    assert tickets == [("Dewasa", "Rp15.000"), ("Anak", "Rp5.000")]
    nearby = re.findall(
        r'<span class="nearby-name">([^<]+)<span class="muted"> · ([^<]+)</span></span>'
        r'<span class="nearby-distance">([^<]+)</span>',
        body,
    )
    assert nearby == [
        ("ATM Bank Banten", "ATM", "300 m"),
        ("SPBU Pasar Baru", "SPBU", "1,2 km"),
    ]
    events = re.findall(r'<li><a href="(/plesiran/acara/[^"]+)">([^<]+)</a>', body)
    assert events == [("/plesiran/acara/festival-imlek/", "Festival Imlek")]
    assert '<a href="tel:0215521234">' in body
    assert '<a href="mailto:info@boentekbio.id">' in body
    assert (
        '<a href="https://www.instagram.com/boentekbio/" rel="noopener nofollow" target="_blank">'
        in body
    )
    assert '<a href="https://boentekbio.id/" rel="noopener nofollow" target="_blank">' in body


def test_a_place_page_speaks_english_to_english_visitors(client_a, plesiran_a, boen_tek_bio):
    body = english(client_a).get(f"/plesiran/tempat/{boen_tek_bio.slug}/").content.decode()

    assert '<div class="place-description"><p>The oldest temple in Tangerang.</p></div>' in body
    tickets = re.findall(r'<tr><th scope="row">([^<]+)</th><td>([^<]+)</td></tr>', body)
    assert tickets == [("Adult", "IDR 15,000"), ("Child", "IDR 5,000")]
    amenities = re.findall(
        r'<li><svg[^>]*><use href="[^"]+#([\w-]+)"></use></svg><span>([^<]+)</span></li>',
        page_text(body, "amenities"),
    )
    assert amenities == [
        ("parking", "Parking"),
        ("toilet", "Toilets"),
        ("wheelchair", "Wheelchair access"),
    ]
    closures = page_text(body, "closures")
    assert "Chinese New Year" in closures
    assert closures.count("<li>") == 1


def test_the_hours_table_marks_today_and_the_open_line_says_when(client_a, plesiran_a):
    weekday = local_today(plesiran_a).weekday()
    place = destination(plesiran_a, name="Pasar Lama", hours=ALL_DAY)

    body = english(client_a).get(f"/plesiran/tempat/{place.slug}/").content.decode()

    rows = re.findall(r'<tr( class="is-today")?>\s*<th scope="row">(\w+)', body)
    assert [name for _today, name in rows] == [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ]
    assert [bool(today) for today, _name in rows] == [day == weekday for day in range(7)]
    assert '<span class="today-tag">(today)</span>' in body
    assert body.count("<td>Open 24 hours</td>") == 7
    assert '<p class="open-line is-open">' in body
    assert "<span>Open 24 hours</span>" in body


def test_the_open_line_says_when_a_closed_place_opens_next(client_a, plesiran_a):
    later = another_weekday(plesiran_a)
    place = destination(
        plesiran_a,
        name="Museum Benteng Heritage",
        hours=[{"weekday": later, "opens": time(9), "closes": time(15, 30)}],
    )
    weekday_name = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][
        later
    ]

    body = english(client_a).get(f"/plesiran/tempat/{place.slug}/").content.decode()

    assert '<p class="open-line is-closed">' in body
    assert f"<span>Closed · opens {weekday_name} 9 a.m.</span>" in body
    assert "<td>9 a.m.–3:30 p.m.</td>" in body


def test_a_free_place_says_free_entry(client_a, plesiran_a):
    place = destination(plesiran_a, name="Taman Elektrik", is_free=True)

    body = english(client_a).get(f"/plesiran/tempat/{place.slug}/").content.decode()

    assert '<p class="free-entry">Free entry</p>' in body
    assert "Opening hours have not been given." in body


def test_the_gallery_loads_later_photos_lazily(client_a, plesiran_a):
    place = destination(plesiran_a, name="Taman Elektrik")
    one = photo(plesiran_a, place, name="satu.jpg", caption="Gerbang taman", position=0)
    two = photo(plesiran_a, place, name="dua.jpg", size=(300, 400), position=1)

    body = client_a.get(f"/plesiran/tempat/{place.slug}/").content.decode()

    images = re.findall(r'<img src="[^"]+" [^>]+>', page_text(body, "gallery"))
    assert images == [
        f'<img src="/media/city_alfa/{one.image.name}" width="400" height="300" '
        'alt="Gerbang taman" decoding="async">',
        f'<img src="/media/city_alfa/{two.image.name}" width="300" height="400" '
        'alt="Taman Elektrik" loading="lazy" decoding="async">',
    ]
    assert "<figcaption>Gerbang taman</figcaption>" in body


def test_a_page_view_is_counted_for_the_citys_day(client_a, plesiran_a, boen_tek_bio):
    client_a.get(f"/plesiran/tempat/{boen_tek_bio.slug}/")
    client_a.get(f"/plesiran/tempat/{boen_tek_bio.slug}/")
    client_a.head(f"/plesiran/tempat/{boen_tek_bio.slug}/")

    with city_scope(plesiran_a):
        views = list(DestinationView.objects.values_list("destination__slug", "day", "count"))
    assert views == [(boen_tek_bio.slug, local_today(plesiran_a), 2)]


def test_drafts_other_categories_and_unknown_slugs_are_404_and_not_counted(client_a, plesiran_a):
    draft = destination(plesiran_a, name="Museum Benteng Heritage", publish=False)
    market = destination(plesiran_a, name="Pasar Lama", category="kuliner")
    module_settings_update(city=plesiran_a, key="plesiran", data={"categories": ["religi"]})

    assert client_a.get(f"/plesiran/tempat/{draft.slug}/").status_code == 404
    assert client_a.get(f"/plesiran/tempat/{market.slug}/").status_code == 404
    assert client_a.get("/plesiran/tempat/tidak-ada/").status_code == 404
    with city_scope(plesiran_a):
        assert DestinationView.objects.count() == 0


def test_another_citys_place_is_404_on_either_host_and_nothing_is_counted(
    client_a, client_b, plesiran_a, plesiran_b
):
    lot = destination(plesiran_b, name="Pura Tanah Lot")
    bekelir = destination(plesiran_a, name="Kampung Bekelir")

    assert client_a.get(f"/plesiran/tempat/{lot.slug}/").status_code == 404
    assert client_b.get(f"/plesiran/tempat/{bekelir.slug}/").status_code == 404
    assert client_b.get(f"/plesiran/tempat/{lot.slug}/").status_code == 200
    with city_scope(plesiran_a):
        assert DestinationView.objects.count() == 0
    with city_scope(plesiran_b):
        assert list(DestinationView.objects.values_list("count", flat=True)) == [1]


def test_the_module_off_on_city_b_keeps_city_as_pages(client_a, client_b, plesiran_a, city_b):
    place = destination(plesiran_a, name="Kampung Bekelir")

    assert client_b.get(f"/plesiran/tempat/{place.slug}/").status_code == 404
    assert client_a.get(f"/plesiran/tempat/{place.slug}/").status_code == 200


# --- Structured data and share previews --------------------------------------------------


def json_ld(body: str) -> dict:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', body, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_the_page_describes_the_place_as_a_tourist_attraction(client_a, plesiran_a, boen_tek_bio):
    front = photo(plesiran_a, boen_tek_bio, name="depan.jpg")
    review(plesiran_a, boen_tek_bio, email="a@alfa.id", rating=5)
    review(plesiran_a, boen_tek_bio, email="b@alfa.id", rating=4)
    review(plesiran_a, boen_tek_bio, email="c@alfa.id", rating=4)

    data = json_ld(client_a.get(f"/plesiran/tempat/{boen_tek_bio.slug}/").content.decode())

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "TouristAttraction"
    assert data["name"] == "Klenteng Boen Tek Bio"
    assert data["description"] == "Klenteng tertua di Tangerang.\n\nDibangun tahun 1684."
    assert data["url"] == "http://alfa.localhost/plesiran/tempat/klenteng-boen-tek-bio/"
    assert data["image"] == [f"http://alfa.localhost/media/city_alfa/{front.image.name}"]
    assert front.image.name.startswith("plesiran/klenteng-boen-tek-bio/depan")
    assert data["geo"] == {"@type": "GeoCoordinates", "latitude": -6.1781, "longitude": 106.63}
    assert data["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "Jl. Bhakti No. 14, Pasar Lama",
        "addressLocality": "Kota Alfa",
        "addressRegion": "Banten",
        "addressCountry": "ID",
    }
    assert data["telephone"] == "021 552 1234"
    assert data["isAccessibleForFree"] is False
    assert data["openingHoursSpecification"][0] == {
        "@type": "OpeningHoursSpecification",
        "dayOfWeek": "https://schema.org/Monday",
        "opens": "08:00",
        "closes": "17:00",
    }
    assert [s["dayOfWeek"][19:] for s in data["openingHoursSpecification"]] == [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
    ]
    assert data["aggregateRating"] == {
        "@type": "AggregateRating",
        "ratingValue": 4.3,
        "reviewCount": 3,
        "bestRating": 5,
        "worstRating": 1,
    }


def test_json_ld_without_reviews_or_photos_leaves_them_out_and_is_escaped(client_a, plesiran_a):
    place = destination(
        plesiran_a,
        name="Taman </script><script>alert(1)</script>",
        is_free=True,
        hours=[{"weekday": 5, "opens": time(18), "closes": time(2)}],
    )

    body = client_a.get(f"/plesiran/tempat/{place.slug}/").content.decode()

    assert "<script>alert(1)" not in body
    data = json_ld(body)
    assert data["name"] == "Taman </script><script>alert(1)</script>"
    assert data["isAccessibleForFree"] is True
    assert "aggregateRating" not in data
    assert "image" not in data
    assert data["openingHoursSpecification"] == [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": "https://schema.org/Saturday",
            "opens": "18:00",
            "closes": "02:00",
        }
    ]


def og(body: str) -> dict:
    return dict(re.findall(r'<meta property="og:(\w+)" content="([^"]*)">', body))


def test_share_previews_use_the_first_photo_as_an_absolute_url(client_a, plesiran_a, boen_tek_bio):
    front = photo(plesiran_a, boen_tek_bio, name="depan.jpg")
    photo(plesiran_a, boen_tek_bio, name="dalam.jpg", position=1)

    tags = og(client_a.get(f"/plesiran/tempat/{boen_tek_bio.slug}/").content.decode())

    assert tags == {
        "type": "website",
        "title": "Klenteng Boen Tek Bio",
        "description": "Klenteng tertua di Tangerang.\n\nDibangun tahun 1684.",
        "url": "http://alfa.localhost/plesiran/tempat/klenteng-boen-tek-bio/",
        "image": f"http://alfa.localhost/media/city_alfa/{front.image.name}",
        "site_name": "Kota Alfa",
        "locale": "id_ID",
    }


def test_share_previews_without_photos_use_the_citys_icon(client_a, plesiran_a, boen_tek_bio):
    tags = og(client_a.get(f"/plesiran/tempat/{boen_tek_bio.slug}/").content.decode())

    assert re.fullmatch(
        r"http://alfa\.localhost/brand-icons/any-512\.png\?v=[0-9a-f]{12}", tags["image"]
    ), tags["image"]


# --- Report a problem here (through the registry) ----------------------------------------


def test_no_report_link_while_no_live_module_offers_it(client_a, plesiran_a, boen_tek_bio):
    body = english(client_a).get(f"/plesiran/tempat/{boen_tek_bio.slug}/").content.decode()

    assert "Report a problem here" not in body
    assert "report-here" not in body


def test_the_report_link_appears_when_a_live_module_offers_it(client_a, plesiran_a, boen_tek_bio):
    assert module_get("noticeboard").offers[0].name == "report-at-location"
    module_enable(city=plesiran_a, key="noticeboard")

    body = english(client_a).get(f"/plesiran/tempat/{boen_tek_bio.slug}/").content.decode()

    assert (
        '<p class="report-here"><a href="/noticeboard/?lat=-6.178100&amp;lon=106.630000'
        '&amp;title=Klenteng+Boen+Tek+Bio">'
    ) in body
    assert "<span>Report a problem here</span>" in body


def test_the_report_link_follows_the_offering_module_of_this_city_only(
    client_a, plesiran_a, plesiran_b, boen_tek_bio
):
    module_enable(city=plesiran_b, key="noticeboard")

    body = english(client_a).get(f"/plesiran/tempat/{boen_tek_bio.slug}/").content.decode()

    assert "report-here" not in body


# --- Cost -------------------------------------------------------------------------------


def test_a_place_page_costs_the_same_queries_with_more_photos_facilities_and_events(
    client_a, plesiran_a, boen_tek_bio, django_assert_num_queries
):
    path = f"/plesiran/tempat/{boen_tek_bio.slug}/"
    photo(plesiran_a, boen_tek_bio, name="satu.jpg")
    facility(plesiran_a, name="ATM 1")
    event(plesiran_a, name="Acara 1", venue=boen_tek_bio)
    client_a.get(path)
    with django_assert_num_queries(11) as few:
        client_a.get(path)

    for n in range(2, 9):
        photo(plesiran_a, boen_tek_bio, name=f"foto{n}.jpg", position=n)
        facility(plesiran_a, name=f"ATM {n}")
        event(plesiran_a, name=f"Acara {n}", venue=boen_tek_bio)
    with django_assert_num_queries(11) as many:
        client_a.get(path)

    assert len(few.captured_queries) == len(many.captured_queries)
