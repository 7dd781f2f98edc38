"""The tourism console's destinations: the list, creating and editing (tickets, weekly
hours, closures, the map location inside the city), publishing and unpublishing."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kota.audit.models import AuditEntry
from kota.modules.plesiran.models import Category, Closure, Destination, OpeningHours, TicketPrice
from kota.tenancy.models import City
from kota.tenancy.scope import city_scope
from tests.accounts.conftest import _english  # noqa: F401 - pages in English here
from tests.conftest import cookies_to, host_client, logged_in, person
from tests.modules.plesiran.conftest import ALUN_ALUN, destination

pytestmark = pytest.mark.usefixtures("plesiran_a")

# A square around Kota Alfa's test centre: ALUN_ALUN is inside, (-6.30, 106.80) is not.
BOUNDARY = {
    "type": "Polygon",
    "coordinates": [
        [[106.55, -6.25], [106.75, -6.25], [106.75, -6.10], [106.55, -6.10], [106.55, -6.25]]
    ],
}


def _category_pk(city, slug="religi") -> int:
    with city_scope(city):
        return Category.objects.get(slug=slug).pk


def _rows(prefix: str, rows: list[dict], *, total: int | None = None) -> dict:
    """POST data of a formset: the given rows, then blank ones up to ``total``."""
    total = max(total or 0, len(rows))
    data = {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for name, value in row.items():
            data[f"{prefix}-{index}-{name}"] = value
    return data


def _form(city, **overrides) -> dict:
    data = {
        "name": "Museum Benteng Heritage",
        "category": str(_category_pk(city, "sejarah-budaya")),
        "description_id": "Museum peranakan Tionghoa di Pasar Lama.",
        "description_en": "",
        "address": "Jl. Cilame No. 20",
        "latitude": str(ALUN_ALUN[0]),
        "longitude": str(ALUN_ALUN[1]),
        "phone": "",
        "email": "",
        "website": "",
        "instagram": "@bentengheritage",
        "amenities": ["parking", "toilets"],
        **_rows("tickets", [{"label_id": "Dewasa", "label_en": "Adults", "price_idr": "20000"}]),
        **_rows(
            "hours",
            [
                {"days": ["1", "2", "3", "4", "5"], "opens": "10:00", "closes": "17:00"},
                {"days": ["5"], "opens": "19:00", "closes": "02:00"},
            ],
            total=4,
        ),
        **_rows(
            "closures",
            [{"starts_on": "2026-12-25", "ends_on": "2026-12-26", "note_id": "Natal"}],
        ),
    }
    data.update(overrides)
    return data


def _state(city) -> list[tuple]:
    with city_scope(city):
        return [
            (d.slug, d.name, d.latitude, d.status, d.tickets.count(), d.hours.count())
            for d in Destination.objects.order_by("slug")
        ]


def _audit_actions(city) -> list[str]:
    with city_scope(city):
        return list(
            AuditEntry.objects.filter(action__startswith="plesiran.")
            .order_by("id")
            .values_list("action", flat=True)
        )


# --- Access ----------------------------------------------------------------------------


def test_only_tourism_officers_and_admins_open_the_console(
    city_a, tourism_officer_client_a, admin_client_a, officer_a, warga_a
):
    other_officer = logged_in("alfa.localhost", officer_a, city_a)
    citizen = logged_in("alfa.localhost", warga_a, city_a)

    assert tourism_officer_client_a.get("/console/plesiran/").status_code == 200
    assert admin_client_a.get("/console/plesiran/").status_code == 200
    assert other_officer.get("/console/plesiran/tempat/").status_code == 404
    assert citizen.get("/console/plesiran/tempat/").status_code == 404
    assert host_client("alfa.localhost").get("/console/plesiran/tempat/")["Location"] == (
        "/accounts/login/?next=/console/plesiran/tempat/"
    )


def test_nobody_else_creates_edits_or_publishes_and_nothing_changes(
    city_a, city_b, plesiran_b, officer_a, warga_a, admin_client_b
):
    draft = destination(city_a, publish=False)
    before, audit_before = _state(city_a), _audit_actions(city_a)
    officer_b = person(city_b, email="wisata@beta.id", roles=["officer-plesiran"])
    b_officer_on_a = cookies_to("alfa.localhost", logged_in("beta.localhost", officer_b, city_b))
    b_admin_on_a = cookies_to("alfa.localhost", admin_client_b)
    strangers = [
        logged_in("alfa.localhost", officer_a, city_a),
        logged_in("alfa.localhost", warga_a, city_a),
        b_officer_on_a,
        b_admin_on_a,
    ]
    attempts = [
        ("/console/plesiran/tempat-baru/", _form(city_a)),
        (f"/console/plesiran/tempat/{draft.slug}/", _form(city_a, name="Diambil alih")),
        (f"/console/plesiran/tempat/{draft.slug}/terbitkan/", {}),
    ]

    statuses = [
        client.post(path, data).status_code for client in strangers for path, data in attempts
    ]

    # A session of city B means nothing on city A's host: logged out there.
    assert statuses == [404, 404, 404, 404, 404, 404, 302, 302, 302, 302, 302, 302]
    assert _state(city_a) == before
    assert _audit_actions(city_a) == audit_before == ["plesiran.destination.create"]
    assert _state(city_b) == []


# --- The list --------------------------------------------------------------------------


def test_the_list_shows_drafts_and_filters_by_name_status_and_category(
    city_a, tourism_officer_client_a
):
    destination(city_a, name="Klenteng Boen Tek Bio")
    destination(city_a, name="Masjid Raya Al-A'zhom", publish=False)
    destination(city_a, name="Pasar Lama", category="kuliner")

    def names(query: str) -> list[str]:
        response = tourism_officer_client_a.get(f"/console/plesiran/tempat/?{query}")
        assert response.status_code == 200
        return [d.name for d in response.context["page"]]

    assert names("") == ["Klenteng Boen Tek Bio", "Masjid Raya Al-A'zhom", "Pasar Lama"]
    assert names("q=masjid") == ["Masjid Raya Al-A'zhom"]
    assert names("status=draft") == ["Masjid Raya Al-A'zhom"]
    assert names("status=published&category=kuliner") == ["Pasar Lama"]
    assert names("category=tidak-ada") == [
        "Klenteng Boen Tek Bio",
        "Masjid Raya Al-A'zhom",
        "Pasar Lama",
    ]


def test_the_list_takes_the_same_queries_for_one_place_or_many(city_a, tourism_officer_client_a):
    destination(city_a, name="Satu")
    tourism_officer_client_a.get("/console/plesiran/tempat/")  # session, caches
    with CaptureQueriesContext(connection) as one:
        tourism_officer_client_a.get("/console/plesiran/tempat/")
    for n in range(12):
        destination(city_a, name=f"Tempat {n}", publish=n % 2 == 0)
    with CaptureQueriesContext(connection) as many:
        response = tourism_officer_client_a.get("/console/plesiran/tempat/")

    assert len(response.context["page"]) == 13
    assert len(many.captured_queries) == len(one.captured_queries)


# --- Create and edit -------------------------------------------------------------------


def test_an_officer_creates_a_draft_with_tickets_hours_and_closures(
    city_a, tourism_officer_client_a
):
    response = tourism_officer_client_a.post("/console/plesiran/tempat-baru/", _form(city_a))

    assert response.status_code == 302
    assert response["Location"] == "/console/plesiran/tempat/museum-benteng-heritage/"
    with city_scope(city_a):
        made = Destination.objects.get()
        assert (made.slug, made.status, made.instagram, made.amenities) == (
            "museum-benteng-heritage",
            "draft",
            "bentengheritage",
            ["parking", "toilets"],
        )
        assert list(TicketPrice.objects.values_list("label_id", "label_en", "price_idr")) == [
            ("Dewasa", "Adults", 20000)
        ]
        assert list(OpeningHours.objects.values_list("weekday", "opens", "closes")) == [
            (1, dt.time(10), dt.time(17)),
            (2, dt.time(10), dt.time(17)),
            (3, dt.time(10), dt.time(17)),
            (4, dt.time(10), dt.time(17)),
            (5, dt.time(10), dt.time(17)),
            (5, dt.time(19), dt.time(2)),
        ]
        assert list(Closure.objects.values_list("starts_on", "ends_on", "note_id")) == [
            (dt.date(2026, 12, 25), dt.date(2026, 12, 26), "Natal")
        ]
    assert _audit_actions(city_a) == ["plesiran.destination.create"]


def test_the_edit_page_shows_the_saved_rows_and_saving_it_unchanged_keeps_them(
    city_a, tourism_officer_client_a
):
    tourism_officer_client_a.post("/console/plesiran/tempat-baru/", _form(city_a))
    page = tourism_officer_client_a.get("/console/plesiran/tempat/museum-benteng-heritage/")
    form, rows = page.context["form"], page.context["rows"]
    data = {}
    for field in form:
        value = field.value()
        if value is None or value is False:
            continue
        data[field.html_name] = value
    for formset in rows.values():
        data.update({f.html_name: f.value() for f in formset.management_form})
        for row in formset:
            for field in row:
                value = field.value()
                if value not in (None, False, ""):
                    data[field.html_name] = (
                        value.strftime("%H:%M") if isinstance(value, dt.time) else value
                    )

    assert page.status_code == 200
    assert [r["days"] for r in rows["hours"].initial] == [[1, 2, 3, 4, 5], [5]]
    response = tourism_officer_client_a.post(
        "/console/plesiran/tempat/museum-benteng-heritage/", data
    )

    assert response.status_code == 302
    with city_scope(city_a):
        assert OpeningHours.objects.count() == 6
        assert TicketPrice.objects.count() == 1
        assert Closure.objects.count() == 1


def test_blanking_a_row_removes_it(city_a, tourism_officer_client_a):
    tourism_officer_client_a.post("/console/plesiran/tempat-baru/", _form(city_a))

    response = tourism_officer_client_a.post(
        "/console/plesiran/tempat/museum-benteng-heritage/",
        _form(
            city_a,
            **_rows("tickets", [{"label_id": "", "label_en": "", "price_idr": ""}]),
            **_rows("closures", []),
        ),
    )

    assert response.status_code == 302
    with city_scope(city_a):
        assert TicketPrice.objects.count() == 0
        assert Closure.objects.count() == 0
        assert OpeningHours.objects.count() == 6


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"name": ""}, "name", "This field is required."),
        ({"latitude": "abc"}, "latitude", "Enter a number."),
        ({"latitude": "95"}, "latitude", "Ensure this value is less than or equal to 90."),
        ({"email": "bukan-alamat"}, "email", "Enter a valid email address."),
    ],
)
def test_bad_fields_are_refused_next_to_the_field_and_nothing_is_saved(
    city_a, tourism_officer_client_a, overrides, field, message
):
    response = tourism_officer_client_a.post(
        "/console/plesiran/tempat-baru/", _form(city_a, **overrides)
    )

    assert response.status_code == 400
    assert response.context["form"].errors == {field: [message]}
    assert _state(city_a) == []
    assert _audit_actions(city_a) == []


def test_bad_rows_are_refused_next_to_their_fields_and_nothing_is_saved(
    city_a, tourism_officer_client_a
):
    data = _form(
        city_a,
        **_rows("tickets", [{"label_id": "Dewasa", "price_idr": "-5"}]),
        **_rows("closures", [{"starts_on": "2026-12-26", "ends_on": "2026-12-25"}]),
        **_rows("hours", [{"days": [], "opens": "10:00", "closes": "17:00"}]),
    )

    response = tourism_officer_client_a.post("/console/plesiran/tempat-baru/", data)

    rows = response.context["rows"]
    assert response.status_code == 400
    assert rows["tickets"].errors == [
        {"price_idr": ["Ensure this value is greater than or equal to 0."]}
    ]
    assert rows["closures"].errors == [{"ends_on": ["A closure cannot end before it starts."]}]
    assert rows["hours"].errors == [{"days": ["This field is required."]}]
    assert _state(city_a) == []


def test_overlapping_periods_on_a_day_are_refused(city_a, tourism_officer_client_a):
    data = _form(
        city_a,
        **_rows(
            "hours",
            [
                {"days": ["0", "1"], "opens": "08:00", "closes": "12:00"},
                {"days": ["1"], "opens": "11:00", "closes": "15:00"},
            ],
        ),
    )

    response = tourism_officer_client_a.post("/console/plesiran/tempat-baru/", data)

    assert response.status_code == 400
    assert response.context["rows"]["hours"].non_form_errors() == [
        "Two opening periods on Tuesday overlap."
    ]
    assert _state(city_a) == []


def test_a_night_period_running_into_the_next_opening_is_refused(city_a, tourism_officer_client_a):
    data = _form(
        city_a,
        **_rows(
            "hours",
            [
                {"days": ["4"], "opens": "18:00", "closes": "03:00"},
                {"days": ["5"], "opens": "02:00", "closes": "10:00"},
            ],
        ),
    )

    response = tourism_officer_client_a.post("/console/plesiran/tempat-baru/", data)

    assert response.status_code == 400
    assert response.context["rows"]["hours"].non_form_errors() == [
        "The night period of Friday runs into the next day's opening."
    ]


def test_a_taken_address_in_the_site_is_refused(city_a, tourism_officer_client_a):
    destination(city_a, name="Pasar Lama")
    before = _state(city_a)

    response = tourism_officer_client_a.post(
        "/console/plesiran/tempat-baru/", _form(city_a, slug="pasar-lama")
    )

    assert response.status_code == 400
    assert response.context["form"].errors == {
        "slug": ["Destination with this Address in the site already exists."]
    }
    assert _state(city_a) == before


def test_a_point_outside_the_city_is_refused_next_to_the_latitude(city_a, tourism_officer_client_a):
    City.objects.filter(pk=city_a.pk).update(boundary=BOUNDARY)
    made = destination(City.objects.get(pk=city_a.pk), name="Pasar Lama")
    before = _state(city_a)

    created = tourism_officer_client_a.post(
        "/console/plesiran/tempat-baru/", _form(city_a, latitude="-6.30", longitude="106.80")
    )
    edited = tourism_officer_client_a.post(
        f"/console/plesiran/tempat/{made.slug}/",
        _form(city_a, name="Pasar Lama", latitude="-6.30", longitude="106.80"),
    )

    message = (
        "This point (-6.30000, 106.80000) is outside Kota Alfa. Check the map location: "
        "latitude and longitude may be swapped."
    )
    assert (created.status_code, edited.status_code) == (400, 400)
    assert created.context["form"].errors == {"latitude": [message]}
    assert edited.context["form"].errors == {"latitude": [message]}
    assert edited.context["title"] == "Pasar Lama"
    assert _state(city_a) == before


def test_the_map_picker_gets_the_boundary_and_no_tiles_in_tests(
    city_a, tourism_officer_client_a, settings
):
    settings.KOTA_MAP_TILES_URL = ""
    City.objects.filter(pk=city_a.pk).update(boundary=BOUNDARY)

    response = tourism_officer_client_a.get("/console/plesiran/tempat-baru/")

    body = response.content.decode()
    assert response.context["map_picker"]["boundary"] == BOUNDARY
    assert response.context["map_picker"]["tiles"] == ""
    assert '<script id="map-picker-config" type="application/json">' in body
    assert 'data-latitude="id_latitude" data-longitude="id_longitude"' in body
    assert "/static/vendor/leaflet/leaflet.js" in body
    assert "/static/plesiran/console.js" in body


def test_another_citys_place_is_not_found_here(
    city_a, city_b, plesiran_b, tourism_officer_client_a
):
    theirs = destination(city_b, name="Pura Beta", publish=False)

    response = tourism_officer_client_a.post(f"/console/plesiran/tempat/{theirs.slug}/terbitkan/")

    assert response.status_code == 404
    with city_scope(city_b):
        assert Destination.objects.get().status == "draft"


# --- Publishing ------------------------------------------------------------------------


def _geojson_names(city) -> list[str]:
    response = host_client("alfa.localhost").get("/api/v1/plesiran/geojson/")
    return [
        f["properties"]["name"]
        for f in response.json()["features"]
        if f["properties"]["type"] == "destination"
    ]


def test_publishing_puts_the_place_on_the_map_and_unpublishing_takes_it_off(
    city_a, tourism_officer_client_a
):
    draft = destination(city_a, name="Situ Cipondoh", publish=False)
    assert _geojson_names(city_a) == []
    assert _audit_actions(city_a) == ["plesiran.destination.create"]

    published = tourism_officer_client_a.post(f"/console/plesiran/tempat/{draft.slug}/terbitkan/")
    on_map = _geojson_names(city_a)
    unpublished = tourism_officer_client_a.post(f"/console/plesiran/tempat/{draft.slug}/tarik/")

    assert published["Location"] == f"/console/plesiran/tempat/{draft.slug}/"
    assert unpublished["Location"] == f"/console/plesiran/tempat/{draft.slug}/"
    assert on_map == ["Situ Cipondoh"]
    assert _geojson_names(city_a) == []
    assert _audit_actions(city_a) == [
        "plesiran.destination.create",
        "plesiran.destination.publish",
        "plesiran.destination.unpublish",
    ]


def test_publishing_needs_a_post(city_a, tourism_officer_client_a):
    draft = destination(city_a, publish=False)

    response = tourism_officer_client_a.get(f"/console/plesiran/tempat/{draft.slug}/terbitkan/")

    assert response.status_code == 405
    with city_scope(city_a):
        assert Destination.objects.get().status == "draft"
