"""The citizen pages for events: the calendar page, an event's page, iCalendar downloads.

City B keeps WITA (Asia/Makassar, UTC+8) while the server keeps WIB (Asia/Jakarta,
UTC+7): every time asserted here is the city's, not the server's.
"""

import io
import json
import re
import zoneinfo
from datetime import datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar
from PIL import Image

from kota.modules.plesiran import services
from kota.modules.plesiran.models import Event, Photo
from kota.registry.services import module_settings_update
from kota.tenancy.scope import city_scope
from tests.modules.plesiran.conftest import destination, event

WITA = zoneinfo.ZoneInfo("Asia/Makassar")
WIB = zoneinfo.ZoneInfo("Asia/Jakarta")


def wita(*args) -> datetime:
    return datetime(*args, tzinfo=WITA)


def cards(response) -> list[str]:
    """The text of each event card, whitespace collapsed."""
    html = response.content.decode()
    found = re.findall(r'<li class="event-card">(.*?)</li>', html, flags=re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", card).split()) for card in found]


def names(response) -> list[str]:
    return re.findall(
        r'<h2 class="event-name"><a href="[^"]+">([^<]+)</a>', response.content.decode()
    )


def ical(response) -> Calendar:
    return Calendar.from_ical(response.content)


# --- The calendar page -----------------------------------------------------------------


def test_upcoming_events_show_dates_and_times_in_the_citys_zone(plesiran_b, client_b):
    event(
        plesiran_b,
        name="Festival Cisadane",
        starts_at=wita(2030, 12, 7, 16, 0),
        ends_at=wita(2030, 12, 7, 22, 0),
        is_free=True,
    )
    event(
        plesiran_b,
        name="Pasar Malam Imlek",
        slug="pasar-malam-imlek",
        starts_at=wita(2030, 12, 7, 18, 30),
        ends_at=wita(2030, 12, 8, 2, 0),
        is_free=False,
        ticket_note="Rp25.000 di loket",
    )

    client_b.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client_b.get("/plesiran/acara/")

    assert response.status_code == 200
    assert cards(response) == [
        "7 Dec Festival Cisadane Heritage and culture Sat, 7 Dec 2030 · 16:00–22:00 WITA "
        "Tepian Sungai Cisadane Free entry",
        "7 Dec Pasar Malam Imlek Heritage and culture "
        "Sat, 7 Dec 2030 18:30 – Sun, 8 Dec 2030 02:00 WITA "
        "Tepian Sungai Cisadane Rp25.000 di loket",
    ]


def test_indonesian_visitors_read_indonesian_dates(plesiran_b, client_b):
    event(plesiran_b, starts_at=wita(2030, 12, 7, 16, 0), ends_at=wita(2030, 12, 7, 22, 0))
    event(plesiran_b, starts_at=wita(2030, 12, 7, 18, 30), ends_at=wita(2030, 12, 8, 2, 0))

    response = client_b.get("/plesiran/acara/")

    [one_day, two_days] = cards(response)
    assert one_day.startswith("7 Des ")
    assert "Sab, 7 Des 2030 · 16.00–22.00 WITA" in one_day
    assert "Sab, 7 Des 2030 18.30 – Min, 8 Des 2030 02.00 WITA" in two_days


def test_an_evening_ending_at_midnight_is_one_day(plesiran_b, client_b):
    event(plesiran_b, starts_at=wita(2030, 12, 7, 19, 0), ends_at=wita(2030, 12, 8, 0, 0))

    response = client_b.get("/plesiran/acara/")

    assert "Sab, 7 Des 2030 · 19.00–24.00 WITA" in cards(response)[0]


def test_upcoming_leaves_out_past_draft_and_other_cities_events(plesiran_a, plesiran_b, client_b):
    now = timezone.now()
    event(
        plesiran_b,
        name="Sedang berlangsung",
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=1),
    )
    event(
        plesiran_b,
        name="Sudah lewat",
        starts_at=now - timedelta(days=2),
        ends_at=now - timedelta(days=2) + timedelta(hours=3),
    )
    event(plesiran_b, name="Masih draf", publish=False)
    event(plesiran_a, name="Acara Kota Alfa")
    event(
        plesiran_b,
        name="Minggu depan",
        starts_at=now + timedelta(days=7),
        ends_at=now + timedelta(days=7, hours=2),
    )

    response = client_b.get("/plesiran/acara/")

    assert names(response) == ["Sedang berlangsung", "Minggu depan"]


def test_a_month_holds_the_events_of_the_citys_calendar_month(plesiran_b, client_b):
    # 00:30 WITA on 1 December is still 30 November in UTC and on the server (WIB).
    event(
        plesiran_b,
        name="Subuh Desember",
        starts_at=wita(2030, 12, 1, 0, 30),
        ends_at=wita(2030, 12, 1, 5, 0),
    )
    event(
        plesiran_b,
        name="Malam November",
        starts_at=wita(2030, 11, 30, 20, 0),
        ends_at=wita(2030, 11, 30, 23, 59),
    )
    event(
        plesiran_b,
        name="Tahun baru",
        starts_at=wita(2030, 12, 31, 22, 0),
        ends_at=wita(2031, 1, 1, 1, 0),
    )
    event(
        plesiran_b, name="Januari", starts_at=wita(2031, 1, 1, 0, 0), ends_at=wita(2031, 1, 1, 3, 0)
    )

    response = client_b.get("/plesiran/acara/?bulan=2030-12")

    assert response.status_code == 200
    assert names(response) == ["Subuh Desember", "Tahun baru"]
    html = response.content.decode()
    assert "<h2>Desember 2030</h2>" in html
    assert '<a href="?bulan=2030-11" rel="prev">‹ November 2030</a>' in html
    assert '<a href="?bulan=2031-01" rel="next">Januari 2031 ›</a>' in html


def test_the_this_month_tab_points_at_the_citys_current_month(plesiran_b, client_b):
    this_month = timezone.localtime(timezone.now(), WITA).strftime("%Y-%m")

    html = client_b.get("/plesiran/acara/").content.decode()

    assert f'<a href="?bulan={this_month}">Bulan ini</a>' in html


@pytest.mark.parametrize("month", ["2030-13", "desember", "2030-1", "1999-12", "2030-12-01", ""])
def test_a_month_that_is_not_one_is_400_with_a_message(month, plesiran_b, client_b):
    event(plesiran_b, starts_at=wita(2030, 12, 7, 16, 0), ends_at=wita(2030, 12, 7, 22, 0))
    client_b.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client_b.get("/plesiran/acara/", {"bulan": month})

    assert response.status_code == 400
    assert (
        '<li class="message message-error">Give the month as year and month, for example '
        "2026-12.</li>"
    ) in response.content.decode()
    assert names(response) == []


def test_the_category_filter_keeps_one_category(plesiran_b, client_b):
    event(plesiran_b, name="Festival Kuliner", category="kuliner")
    event(plesiran_b, name="Pawai Budaya", category="sejarah-budaya")

    response = client_b.get("/plesiran/acara/?kategori=kuliner")

    assert names(response) == ["Festival Kuliner"]
    assert (
        '<a href="?kategori=kuliner" aria-current="true">Kuliner</a>' in response.content.decode()
    )


def test_a_category_the_city_does_not_use_is_400(plesiran_b, client_b):
    module_settings_update(city=plesiran_b, key="plesiran", data={"categories": ["kuliner"]})
    event(plesiran_b, name="Pawai Budaya", category="sejarah-budaya")

    client_b.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    unused = client_b.get("/plesiran/acara/?kategori=sejarah-budaya")
    unknown = client_b.get("/plesiran/acara/?kategori=tidak-ada")

    assert (unused.status_code, unknown.status_code) == (400, 400)
    assert names(unused) == []
    assert "There is no event category “tidak-ada” here." in unknown.content.decode()


def test_the_venue_links_to_its_destination_when_that_page_is_public(plesiran_b, client_b):
    museum = destination(plesiran_b, name="Museum Benteng Heritage", slug="museum-benteng")
    draft = destination(plesiran_b, name="Gedung Baru", slug="gedung-baru", publish=False)
    event(
        plesiran_b,
        name="Pameran Foto",
        venue=museum,
        venue_name="",
        starts_at=wita(2030, 12, 7, 9, 0),
        ends_at=wita(2030, 12, 7, 17, 0),
    )
    event(
        plesiran_b,
        name="Peresmian",
        venue=draft,
        venue_name="",
        starts_at=wita(2030, 12, 8, 9, 0),
        ends_at=wita(2030, 12, 8, 11, 0),
    )

    html = client_b.get("/plesiran/acara/").content.decode()

    assert '<a href="/plesiran/tempat/museum-benteng/">Museum Benteng Heritage</a>' in html
    assert "Gedung Baru" in html
    assert 'href="/plesiran/tempat/gedung-baru/"' not in html


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def _many_events(city, count):
    museum = destination(city, name="Museum", slug="museum")
    with city_scope(city):
        starts = timezone.now() + timedelta(days=3)
        category_id = Event.objects.values_list("category_id", flat=True).first()
        for n in range(count):
            made = services.event_save(
                city=city,
                actor=None,
                fields={
                    "category_id": category_id,
                    "name": f"Acara {n}",
                    "description_id": "Acara.",
                    "venue": museum,
                    "starts_at": starts + timedelta(hours=n),
                    "ends_at": starts + timedelta(hours=n + 1),
                },
            )
            services.event_publish(event=made, actor=None)


@pytest.mark.parametrize("path", ["/plesiran/acara/", "/plesiran/acara.ics"])
def test_the_list_and_feed_take_the_same_queries_for_one_event_or_thirty(
    path, plesiran_b, client_b
):
    event(plesiran_b)
    client_b.get(path)  # the session and caches settle
    one = _queries(client_b, path)
    _many_events(plesiran_b, 29)

    thirty = _queries(client_b, path)

    assert thirty == one


def test_the_month_view_takes_the_same_queries_for_one_event_or_thirty(plesiran_b, client_b):
    event(plesiran_b)
    month = timezone.localtime(timezone.now() + timedelta(days=7), WITA).strftime("%Y-%m")
    path = f"/plesiran/acara/?bulan={month}&kategori=sejarah-budaya"
    client_b.get(path)
    one = _queries(client_b, path)
    _many_events(plesiran_b, 29)

    assert _queries(client_b, path) == one


# --- An event's page -------------------------------------------------------------------


@pytest.fixture
def festival(plesiran_b):
    museum = destination(
        plesiran_b,
        name="Museum Benteng Heritage",
        slug="museum-benteng",
        latitude=-8.6705,
        longitude=115.2126,
    )
    return event(
        plesiran_b,
        name="Festival Cisadane",
        slug="festival-cisadane",
        description_id="Lomba perahu naga di sungai.",
        description_en="Dragon boat races on the river.",
        venue=museum,
        venue_name="",
        latitude=None,
        longitude=None,
        address="Jl. Cisadane No. 1",
        starts_at=wita(2030, 12, 7, 16, 0),
        ends_at=wita(2030, 12, 8, 22, 0),
        is_free=True,
    )


def _jsonld(html: str) -> dict:
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, flags=re.S)
    return json.loads(found[1])


def test_an_events_page_says_when_and_where_in_the_visitors_language(festival, client_b):
    client_b.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client_b.get("/plesiran/acara/festival-cisadane/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<p>Dragon boat races on the river.</p>" in html
    assert "Sat, 7 Dec 2030 16:00 – Sun, 8 Dec 2030 22:00 WITA" in html
    assert '<a href="/plesiran/tempat/museum-benteng/">Museum Benteng Heritage</a>' in html
    assert "Jl. Cisadane No. 1" in html
    assert 'href="https://www.google.com/maps/search/?api=1&amp;query=-8.670500,115.212600"' in html
    assert 'href="/plesiran/acara/festival-cisadane/kalender.ics"' in html


def test_an_events_page_is_indonesian_by_default(festival, client_b):
    html = client_b.get("/plesiran/acara/festival-cisadane/").content.decode()

    assert "<p>Lomba perahu naga di sungai.</p>" in html
    assert "Sab, 7 Des 2030 16.00 – Min, 8 Des 2030 22.00 WITA" in html


def test_an_events_page_carries_schema_org_event_data(festival, client_b):
    html = client_b.get("/plesiran/acara/festival-cisadane/").content.decode()

    assert _jsonld(html) == {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": "Festival Cisadane",
        "startDate": "2030-12-07T16:00:00+08:00",
        "endDate": "2030-12-08T22:00:00+08:00",
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": {
            "@type": "Place",
            "name": "Museum Benteng Heritage",
            "geo": {"@type": "GeoCoordinates", "latitude": -8.6705, "longitude": 115.2126},
            "address": {
                "@type": "PostalAddress",
                "streetAddress": "Jl. Cisadane No. 1",
                "addressCountry": "ID",
            },
        },
        "description": "Lomba perahu naga di sungai.",
        "url": "http://beta.localhost/plesiran/acara/festival-cisadane/",
        "isAccessibleForFree": True,
    }


def test_the_structured_data_cannot_be_broken_out_of(plesiran_b, client_b):
    event(plesiran_b, slug="acara", name="</script><script>alert(1)</script>")

    html = client_b.get("/plesiran/acara/acara/").content.decode()

    assert "<script>alert(1)" not in html
    assert _jsonld(html)["name"] == "</script><script>alert(1)</script>"


def test_an_events_page_has_share_previews(festival, client_b):
    html = client_b.get("/plesiran/acara/festival-cisadane/").content.decode()

    head = html.split("</head>")[0]
    assert '<meta property="og:title" content="Festival Cisadane">' in head
    assert (
        '<meta property="og:url" content="http://beta.localhost/plesiran/acara/festival-cisadane/">'
        in head
    )
    assert '<meta property="og:site_name" content="Kabupaten Beta">' in head
    assert (
        '<meta property="og:description" content="Sab, 7 Des 2030 16.00 – Min, 8 Des 2030 '
        '22.00 WITA · Museum Benteng Heritage. Lomba perahu naga di sungai.">'
    ) in head


def test_the_venues_first_photo_is_the_share_image(festival, plesiran_b, client_b):
    with city_scope(plesiran_b):
        venue = festival.venue
        Photo.objects.create(destination=venue, image=_jpeg("kedua.jpg"), position=2)
        first = Photo.objects.create(destination=venue, image=_jpeg("pertama.jpg"), position=1)
        image_url = "http://beta.localhost" + first.image.url

    html = client_b.get("/plesiran/acara/festival-cisadane/").content.decode()

    assert f'<meta property="og:image" content="{image_url}">' in html
    assert _jsonld(html)["image"] == [image_url]


def _jpeg(name: str) -> ContentFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "#0b5394").save(buffer, format="JPEG")
    return ContentFile(buffer.getvalue(), name=name)


def test_the_google_calendar_link_holds_the_event_in_utc(festival, client_b):
    html = client_b.get("/plesiran/acara/festival-cisadane/").content.decode()

    link = re.search(r'href="(https://calendar.google.com/[^"]+)"', html)[1].replace("&amp;", "&")
    query = parse_qs(urlsplit(link).query)
    assert query == {
        "action": ["TEMPLATE"],
        "text": ["Festival Cisadane"],
        "dates": ["20301207T080000Z/20301208T140000Z"],
        "details": [
            "Lomba perahu naga di sungai.\n\nhttp://beta.localhost/plesiran/acara/festival-cisadane/"
        ],
        "location": ["Museum Benteng Heritage, Jl. Cisadane No. 1"],
        "ctz": ["Asia/Makassar"],
    }


def test_a_draft_event_and_another_citys_event_are_404(plesiran_a, plesiran_b, client_a, client_b):
    event(plesiran_b, slug="rahasia", publish=False)
    event(plesiran_b, slug="di-beta")

    assert client_b.get("/plesiran/acara/rahasia/").status_code == 404
    assert client_b.get("/plesiran/acara/rahasia/kalender.ics").status_code == 404
    assert client_a.get("/plesiran/acara/di-beta/").status_code == 404
    assert client_a.get("/plesiran/acara/di-beta/kalender.ics").status_code == 404
    assert client_b.get("/plesiran/acara/di-beta/").status_code == 200


def test_event_pages_only_answer_get_and_head(festival, client_b):
    assert client_b.post("/plesiran/acara/festival-cisadane/").status_code == 405
    assert client_b.post("/plesiran/acara.ics").status_code == 405
    # Calendar apps check a subscribed feed with HEAD.
    assert client_b.head("/plesiran/acara.ics").status_code == 200


# --- iCalendar -------------------------------------------------------------------------


def test_an_events_ics_file_holds_the_event_in_the_citys_zone(festival, client_b):
    response = client_b.get("/plesiran/acara/festival-cisadane/kalender.ics")

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="festival-cisadane.ics"'
    calendar = ical(response)
    assert str(calendar["PRODID"]) == "-//Kota//e-plesiran//ID"
    assert str(calendar["X-WR-CALNAME"]) == "Kabupaten Beta"
    assert str(calendar["X-WR-TIMEZONE"]) == "Asia/Makassar"
    [vevent] = calendar.events
    assert str(vevent["UID"]) == "festival-cisadane@beta.localhost"
    assert vevent.start == wita(2030, 12, 7, 16, 0)
    assert vevent.start.utcoffset() == timedelta(hours=8)
    assert vevent.start.astimezone(WIB).hour == 15  # not the server's zone
    assert vevent.end == wita(2030, 12, 8, 22, 0)
    assert str(vevent["SUMMARY"]) == "Festival Cisadane"
    assert str(vevent["DESCRIPTION"]) == (
        "Lomba perahu naga di sungai.\n\nhttp://beta.localhost/plesiran/acara/festival-cisadane/"
    )
    assert str(vevent["LOCATION"]) == "Museum Benteng Heritage, Jl. Cisadane No. 1"
    assert (vevent["GEO"].latitude, vevent["GEO"].longitude) == (-8.6705, 115.2126)
    assert str(vevent["URL"]) == "http://beta.localhost/plesiran/acara/festival-cisadane/"
    stamp = vevent.DTSTAMP
    assert stamp == festival.updated_at.replace(microsecond=0)
    assert [tz.tz_name for tz in calendar.timezones] == ["Asia/Makassar"]


def test_the_feed_holds_the_citys_coming_published_events(plesiran_a, plesiran_b, client_b):
    now = timezone.now()
    event(
        plesiran_b,
        slug="pawai",
        name="Pawai",
        starts_at=wita(2030, 12, 7, 8, 0),
        ends_at=wita(2030, 12, 7, 11, 0),
    )
    event(
        plesiran_b,
        slug="bazar",
        name="Bazar",
        starts_at=wita(2030, 12, 1, 10, 0),
        ends_at=wita(2030, 12, 1, 12, 0),
    )
    event(plesiran_b, slug="draf", publish=False)
    event(
        plesiran_b,
        slug="lewat",
        starts_at=now - timedelta(days=3),
        ends_at=now - timedelta(days=3) + timedelta(hours=1),
    )
    event(plesiran_a, slug="di-alfa")

    response = client_b.get("/plesiran/acara.ics")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = ical(response)
    assert str(calendar["X-WR-CALNAME"]) == "Kabupaten Beta"
    assert [str(e["UID"]) for e in calendar.events] == [
        "bazar@beta.localhost",
        "pawai@beta.localhost",
    ]
    assert [e.start for e in calendar.events] == [
        wita(2030, 12, 1, 10, 0),
        wita(2030, 12, 7, 8, 0),
    ]


def test_the_feed_of_a_city_in_wib_is_in_wib(plesiran_a, client_a):
    event(
        plesiran_a,
        slug="pawai",
        starts_at=datetime(2030, 12, 7, 8, 0, tzinfo=WIB),
        ends_at=datetime(2030, 12, 7, 11, 0, tzinfo=WIB),
    )

    calendar = ical(client_a.get("/plesiran/acara.ics"))

    assert str(calendar["X-WR-CALNAME"]) == "Kota Alfa"
    assert str(calendar["X-WR-TIMEZONE"]) == "Asia/Jakarta"
    assert calendar.events[0].start == datetime(2030, 12, 7, 8, 0, tzinfo=WIB)
    assert str(calendar.events[0]["UID"]) == "pawai@alfa.localhost"


def test_an_empty_feed_is_still_a_calendar(plesiran_b, client_b):
    calendar = ical(client_b.get("/plesiran/acara.ics"))

    assert calendar.events == []
    assert str(calendar["X-WR-CALNAME"]) == "Kabupaten Beta"


def test_the_feed_is_404_where_the_module_is_off(city_a, plesiran_b, client_a):
    event(plesiran_b, slug="pawai")

    assert client_a.get("/plesiran/acara.ics").status_code == 404
    assert client_a.get("/plesiran/acara/").status_code == 404
