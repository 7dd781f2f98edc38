"""The tourism console's statistics: views per place, per category and per day over the
last 7, 30 or 90 of the city's days, and the same as CSV."""

import csv
import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kota.modules.plesiran import services
from kota.tenancy.scope import city_scope
from tests.accounts.conftest import _english  # noqa: F401 - pages in English here
from tests.conftest import cookies_to, logged_in
from tests.modules.plesiran.conftest import destination, event

pytestmark = pytest.mark.usefixtures("plesiran_a")


def _today(city) -> dt.date:
    return timezone.localdate(timezone=ZoneInfo(city.time_zone))


def _views(city, place, days_ago: int, count: int) -> None:
    day = _today(city) - dt.timedelta(days=days_ago)
    with city_scope(city):
        for _n in range(count):
            services.destination_view_record(destination=place, day=day)


@pytest.fixture
def viewed(city_a):
    """Klenteng (religi): 3 today, 2 yesterday, 5 ten days ago, 7 forty days ago; Pasar
    Lama (kuliner): 1 today; Masjid (religi, a draft now): 4 five days ago; Situ: none."""
    klenteng = destination(city_a, name="Klenteng Boen Tek Bio")
    pasar = destination(city_a, name="Pasar Lama", category="kuliner")
    masjid = destination(city_a, name="Masjid Raya", publish=False)
    destination(city_a, name="Situ Cipondoh", category="taman-alam")
    for place, days_ago, count in (
        (klenteng, 0, 3),
        (klenteng, 1, 2),
        (klenteng, 10, 5),
        (klenteng, 40, 7),
        (pasar, 0, 1),
        (masjid, 5, 4),
    ):
        _views(city_a, place, days_ago, count)
    return {"klenteng": klenteng, "pasar": pasar, "masjid": masjid}


def test_the_last_30_days_by_default(city_a, viewed, tourism_officer_client_a):
    today = _today(city_a)

    response = tourism_officer_client_a.get("/console/plesiran/statistik/")

    context = response.context
    assert response.status_code == 200
    assert (context["period"].start, context["period"].end) == (
        today - dt.timedelta(days=29),
        today,
    )
    assert context["total"] == 15
    assert [(p.name, p.category, p.views) for p in context["places"]] == [
        ("Klenteng Boen Tek Bio", "Religious", 10),
        ("Masjid Raya", "Religious", 4),
        ("Pasar Lama", "Culinary", 1),
    ]
    assert [(c.slug, c.places, c.views) for c in context["categories"]] == [
        ("religi", 2, 14),
        ("sejarah-budaya", 0, 0),
        ("kuliner", 1, 1),
        ("belanja", 0, 0),
        ("taman-alam", 0, 0),
        ("edukasi", 0, 0),
        ("kampung-wisata", 0, 0),
        ("venue-acara", 0, 0),
    ]
    days = context["days"]
    assert len(days) == 30
    assert {row["day"]: row["views"] for row in days if row["views"]} == {
        today: 4,
        today - dt.timedelta(days=1): 2,
        today - dt.timedelta(days=5): 4,
        today - dt.timedelta(days=10): 5,
    }
    assert days[0] == {"day": today, "views": 4, "share": 80}
    assert max(row["share"] for row in days) == 100


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("days=7", [("Klenteng Boen Tek Bio", 5), ("Masjid Raya", 4), ("Pasar Lama", 1)]),
        ("days=90", [("Klenteng Boen Tek Bio", 17), ("Masjid Raya", 4), ("Pasar Lama", 1)]),
        ("days=12345", [("Klenteng Boen Tek Bio", 10), ("Masjid Raya", 4), ("Pasar Lama", 1)]),
        ("days=abc", [("Klenteng Boen Tek Bio", 10), ("Masjid Raya", 4), ("Pasar Lama", 1)]),
    ],
)
def test_the_period_can_be_chosen(city_a, viewed, tourism_officer_client_a, query, expected):
    response = tourism_officer_client_a.get(f"/console/plesiran/statistik/?{query}")

    assert [(p.name, p.views) for p in response.context["places"]] == expected


def test_the_csv_has_one_row_per_place_and_day_with_views(city_a, viewed, tourism_officer_client_a):
    today = _today(city_a)
    week_start = today - dt.timedelta(days=6)

    response = tourism_officer_client_a.get("/console/plesiran/statistik.csv?days=7")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="plesiran-alfa-{week_start}-{today}.csv"'
    )
    raw = response.content
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.decode("utf-8-sig").splitlines() == [
        "Date,Address in the site,Name,Category,Views",
        f"{today - dt.timedelta(days=5)},masjid-raya,Masjid Raya,Religious,4",
        f"{today - dt.timedelta(days=1)},klenteng-boen-tek-bio,Klenteng Boen Tek Bio,Religious,2",
        f"{today},klenteng-boen-tek-bio,Klenteng Boen Tek Bio,Religious,3",
        f"{today},pasar-lama,Pasar Lama,Culinary,1",
    ]


def test_the_csv_keeps_names_that_look_like_formulas_as_text(city_a, tourism_officer_client_a):
    sneaky = destination(city_a, name='=HYPERLINK("http://x.example","klik")')
    _views(city_a, sneaky, 0, 1)

    response = tourism_officer_client_a.get("/console/plesiran/statistik.csv")

    (_header, row) = csv.reader(io.StringIO(response.content.decode("utf-8-sig")))
    assert row[2] == '\'=HYPERLINK("http://x.example","klik")'


def test_upcoming_events_are_listed(city_a, tourism_officer_client_a):
    event(city_a, name="Festival Cisadane")
    event(city_a, name="Rapat internal", publish=False)

    response = tourism_officer_client_a.get("/console/plesiran/statistik/")

    assert [e.name for e in response.context["upcoming"]] == ["Festival Cisadane"]


def test_the_page_and_the_csv_take_the_same_queries_for_few_or_many_places(
    city_a, tourism_officer_client_a
):
    first = destination(city_a, name="Satu")
    _views(city_a, first, 0, 1)
    tourism_officer_client_a.get("/console/plesiran/statistik/")
    with CaptureQueriesContext(connection) as page_one:
        tourism_officer_client_a.get("/console/plesiran/statistik/")
    with CaptureQueriesContext(connection) as csv_one:
        tourism_officer_client_a.get("/console/plesiran/statistik.csv")
    for n in range(8):
        place = destination(city_a, name=f"Tempat {n}", category="kuliner")
        _views(city_a, place, n, n + 1)
        event(city_a, name=f"Acara {n}")
    with CaptureQueriesContext(connection) as page_many:
        response = tourism_officer_client_a.get("/console/plesiran/statistik/")
    with CaptureQueriesContext(connection) as csv_many:
        tourism_officer_client_a.get("/console/plesiran/statistik.csv")

    assert len(response.context["places"]) == 9
    assert len(page_many.captured_queries) == len(page_one.captured_queries)
    assert len(csv_many.captured_queries) == len(csv_one.captured_queries)


def test_statistics_stay_in_their_city(
    city_a, city_b, plesiran_b, viewed, admin_client_b, warga_a, tourism_officer_client_a
):
    theirs = destination(city_b, name="Pura Beta")
    _views(city_b, theirs, 0, 9)
    b_on_a = cookies_to("alfa.localhost", admin_client_b)
    citizen = logged_in("alfa.localhost", warga_a, city_a)

    ours = tourism_officer_client_a.get("/console/plesiran/statistik.csv").content.decode()

    assert "Pura Beta" not in ours
    assert b_on_a.get("/console/plesiran/statistik.csv")["Location"].startswith("/accounts/login/")
    assert citizen.get("/console/plesiran/statistik.csv").status_code == 404
    assert citizen.get("/console/plesiran/statistik/").status_code == 404
