"""Bulk import: reading CSV and GeoJSON files, dry runs, re-imports and every kind of
bad input, through kota.modules.plesiran.imports.import_file."""

import json
from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from kota.audit.models import AuditEntry
from kota.modules.plesiran.imports import MAX_ROWS, ImportProblem, import_file
from kota.modules.plesiran.models import Destination, Event, Facility, OpeningHours, Status
from kota.tenancy.scope import city_scope
from tests.modules.plesiran.conftest import destination

# A square around Kota Alfa's centre; the test cities have no boundary of their own.
ALFA_BOUNDARY = {
    "type": "Polygon",
    "coordinates": [
        [[106.55, -6.25], [106.75, -6.25], [106.75, -6.10], [106.55, -6.10], [106.55, -6.25]]
    ],
}

DESTINATIONS = (
    "slug,name,category,description_id,description_en,address,latitude,longitude,phone,"
    "email,website,instagram,is_free,amenities,hours,tickets,status\n"
    "masjid-raya,Masjid Raya Al-A'zhom,religi,Masjid raya kota.,The city's great mosque.,"
    '"Jl. Satria-Sudirman, Sukaasih",-6.1756,106.6334,021-5523345,,,,yes,parking|toilets,'
    '"daily 04:00-22:00",,published\n'
    ",Pasar Lama,kuliner,Kuliner malam.,,Jl. Kisamaun,-6.1796,106.6318,,,https://pasarlama.id,"
    '@pasarlama,no,food,"mon-fri 17:00-01:00; sat,sun 16:00-02:00","Parkir motor/Motorbike '
    'parking=2.000|Mobil=Rp 5.000",draft\n'
)


@pytest.fixture
def bounded_a(plesiran_a):
    plesiran_a.boundary = ALFA_BOUNDARY
    return plesiran_a


def _import(city, text, *, kind="destinations", dry_run=False, actor=None, encoding="utf-8"):
    data = text.encode(encoding) if isinstance(text, str) else text
    with city_scope(city):
        return import_file(
            city=city, actor=actor, kind=kind, data=data, filename="data.csv", dry_run=dry_run
        )


def _problems(report):
    return [(p.line, p.field, p.reason) for p in report.problems]


def test_import_creates_destinations_with_hours_tickets_and_status(bounded_a):
    report = _import(bounded_a, DESTINATIONS)

    assert (report.is_clean, report.rows, report.created, report.updated) == (True, 2, 2, 0)
    with city_scope(bounded_a):
        masjid = Destination.objects.get(slug="masjid-raya")
        pasar = Destination.objects.get(slug="pasar-lama")
        assert (masjid.name, masjid.category.slug, masjid.status) == (
            "Masjid Raya Al-A'zhom",
            "religi",
            Status.PUBLISHED,
        )
        assert masjid.address == "Jl. Satria-Sudirman, Sukaasih"
        assert (masjid.latitude, masjid.longitude, masjid.is_free) == (-6.1756, 106.6334, True)
        assert masjid.amenities == ["parking", "toilets"]
        assert masjid.hours.count() == 7
        assert masjid.published_at is not None
        assert (pasar.status, pasar.website, pasar.instagram) == (
            Status.DRAFT,
            "https://pasarlama.id",
            "@pasarlama",
        )
        assert [(t.label_id, t.label_en, t.price_idr) for t in pasar.tickets.all()] == [
            ("Parkir motor", "Motorbike parking", 2000),
            ("Mobil", "", 5000),
        ]
        assert sorted(
            OpeningHours.objects.filter(destination=pasar).values_list("weekday", "opens", "closes")
        ) == [
            *[(day, time(17), time(1)) for day in range(5)],
            (5, time(16), time(2)),
            (6, time(16), time(2)),
        ]
        summary = AuditEntry.objects.get(action="plesiran.import")
        assert summary.after == {
            "file": "data.csv",
            "rows": 2,
            "created": 2,
            "updated": 0,
            "unchanged": 0,
        }


def test_a_dry_run_reports_the_counts_and_writes_nothing(bounded_a):
    report = _import(bounded_a, DESTINATIONS, dry_run=True)

    assert (report.is_clean, report.created, report.updated, report.unchanged) == (True, 2, 0, 0)
    with city_scope(bounded_a):
        assert Destination.objects.count() == 0
        assert AuditEntry.objects.filter(action__startswith="plesiran.").count() == 0


def test_importing_again_changes_nothing_and_records_nothing(bounded_a):
    _import(bounded_a, DESTINATIONS)
    with city_scope(bounded_a):
        audited = AuditEntry.objects.count()
        stamps = sorted(Destination.objects.values_list("slug", "updated_at"))

    again = _import(bounded_a, DESTINATIONS)

    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    with city_scope(bounded_a):
        assert sorted(Destination.objects.values_list("slug", "updated_at")) == stamps
        assert AuditEntry.objects.count() == audited


def test_a_changed_row_updates_its_destination_in_place(bounded_a):
    _import(bounded_a, DESTINATIONS)
    with city_scope(bounded_a):
        pasar_id = Destination.objects.get(slug="pasar-lama").pk

    report = _import(
        bounded_a,
        DESTINATIONS.replace("Kuliner malam.", "Kuliner malam hari.").replace(
            ",draft\n", ",published\n"
        ),
    )

    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    with city_scope(bounded_a):
        pasar = Destination.objects.get(slug="pasar-lama")
        assert (pasar.pk, pasar.description_id, pasar.status) == (
            pasar_id,
            "Kuliner malam hari.",
            Status.PUBLISHED,
        )
        assert Destination.objects.count() == 2


def test_columns_left_out_leave_values_as_they_are(bounded_a):
    _import(bounded_a, DESTINATIONS)

    report = _import(
        bounded_a,
        "slug,name,category,description_id,address,latitude,longitude,status\n"
        "masjid-raya,Masjid Raya Al-A'zhom,religi,Masjid raya kota.,Jl. Satria,-6.1756,"
        "106.6334,draft\n",
    )

    assert (report.updated, report.unchanged) == (1, 0)
    with city_scope(bounded_a):
        masjid = Destination.objects.get(slug="masjid-raya")
        assert (masjid.address, masjid.status, masjid.is_free) == ("Jl. Satria", "draft", True)
        assert masjid.hours.count() == 7
        assert masjid.amenities == ["parking", "toilets"]


def test_one_bad_row_means_nothing_is_imported(bounded_a):
    text = DESTINATIONS + ("luar-kota,Luar Kota,religi,Jauh.,,Jl. Jauh,-6.3000,106.6334,,,,,,,,,\n")

    report = _import(bounded_a, text)

    assert _problems(report) == [
        (
            4,
            "latitude",
            "This point (-6.30000, 106.63340) is outside Kota Alfa. Check the map location: "
            "latitude and longitude may be swapped.",
        )
    ]
    assert str(report.problems[0]).startswith("line 4, latitude: This point")
    with city_scope(bounded_a):
        assert Destination.objects.count() == 0
        assert AuditEntry.objects.filter(action__startswith="plesiran.").count() == 0


def test_every_bad_value_of_every_row_is_reported(bounded_a):
    text = (
        "name,category,description_id,address,latitude,longitude,email,is_free,amenities,"
        "hours,tickets,status\n"
        "Satu,pantai,Ada.,Jl. A,-6.17,106.63,bukan-email,mungkin,parking|sauna,"
        "mon-fry 08:00-17:00,Dewasa=sepuluh ribu,terbit\n"
        "Dua,religi,,Jl. B,,106.63,,,,mon 25:00-17:00,,\n"
        "Tiga,religi,Ada.,Jl. C,-6.17,106.63,,,,mon 08:00-17:00; mon 18:00-20:00,,\n"
    )

    report = _import(bounded_a, text)

    assert _problems(report) == [
        (
            2,
            "category",
            "“pantai” is not one of: belanja, edukasi, kampung-wisata, kuliner, "
            "religi, sejarah-budaya, taman-alam, venue-acara.",
        ),
        (2, "is_free", "Write yes or no."),
        (
            2,
            "amenities",
            "“sauna” is not one of: parking, toilets, prayer_room, wheelchair, "
            "food, wifi, souvenirs, guide, nursing_room.",
        ),
        (
            2,
            "tickets",
            "“Dewasa=sepuluh ribu” is not a ticket: write label=price, e.g. Dewasa/Adults=10000.",
        ),
        (
            2,
            "hours",
            "In “mon-fry 08:00-17:00”: “fry” is not a day; use mon, tue, wed, thu, fri, sat, sun.",
        ),
        (2, "status", "“terbit” is not one of: draft, published."),
        (3, "description_id", "This column is required."),
        (3, "latitude", "This column is required."),
        (3, "hours", "In “mon 25:00-17:00”: “25:00” is not a time like 08:00."),
        (4, "hours", "In “mon 18:00-20:00”: a day is given twice."),
    ]
    with city_scope(bounded_a):
        assert Destination.objects.count() == 0


def test_service_validation_errors_are_reported_by_column(bounded_a):
    text = (
        "name,category,description_id,address,latitude,longitude,email,website\n"
        "Satu,religi,Ada.,Jl. A,-6.17,106.63,bukan-email,pasarlama.id\n"
    )

    report = _import(bounded_a, text)

    assert _problems(report) == [
        (2, "email", "Enter a valid email address."),
        (2, "website", "Enter a valid URL."),
    ]


def test_hours_in_indonesian_overnight_and_all_day(bounded_a):
    text = (
        "slug,name,category,description_id,address,latitude,longitude,hours\n"
        'a,Malam,kuliner,Ada.,Jl. A,-6.17,106.63,"Senin-Jumat 18.00-02.00; Sabtu,Minggu 24 jam"\n'
        'b,Pagi,kuliner,Ada.,Jl. B,-6.17,106.63,"daily 08:00-12:00,13:00-24:00"\n'
    )

    report = _import(bounded_a, text)

    assert report.is_clean, report.problems
    with city_scope(bounded_a):
        rows = OpeningHours.objects.filter(destination__slug="a").values_list(
            "weekday", "opens", "closes"
        )
        assert sorted(rows) == [
            *[(day, time(18), time(2)) for day in range(5)],
            (5, time(0), time(0)),
            (6, time(0), time(0)),
        ]
        assert OpeningHours.objects.filter(destination__slug="b", closes=time(0)).count() == 7


def test_slugs_come_from_names_and_must_be_unique_in_the_file(bounded_a):
    text = (
        "slug,name,category,description_id,address,latitude,longitude\n"
        ",Taman Potret,taman-alam,Ada.,Jl. A,-6.17,106.63\n"
        ",Taman  Potret!,taman-alam,Ada.,Jl. B,-6.17,106.63\n"
        "Taman-Potret,Lain,taman-alam,Ada.,Jl. C,-6.17,106.63\n"
        ",!!!,taman-alam,Ada.,Jl. D,-6.17,106.63\n"
    )

    report = _import(bounded_a, text)

    assert _problems(report) == [
        (3, "slug", "“taman-potret” is also the slug of line 2; give each row its own slug."),
        (4, "slug", "“taman-potret” is also the slug of line 2; give each row its own slug."),
        (5, "name", "No address can be made of “!!!”; give a slug of letters and digits."),
    ]


def test_a_derived_slug_matches_the_same_row_on_a_reimport(bounded_a):
    text = (
        "name,category,description_id,address,latitude,longitude\n"
        "Taman Gajah Tunggal,taman-alam,Ada.,Jl. A,-6.19,106.63\n"
    )
    destination(bounded_a, name="Taman Gajah Tunggal")  # taken: the console made one

    first = _import(bounded_a, text)
    second = _import(bounded_a, text.replace("Ada.", "Ada lagi."))

    assert (first.created, first.updated) == (0, 1)
    assert (second.created, second.updated) == (0, 1)
    with city_scope(bounded_a):
        assert list(Destination.objects.values_list("slug", "description_id")) == [
            ("taman-gajah-tunggal", "Ada lagi.")
        ]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "The file is empty."),
        (
            b"name,category\xff\n",
            "The file is not UTF-8 text (byte 14 cannot be read). "
            "Save it as \u201cCSV UTF-8\u201d or GeoJSON.",
        ),
        (
            b"\x89PNG\r\n\x1a\n\x00\x00",
            "The file is not UTF-8 text (byte 1 cannot be read). "
            "Save it as \u201cCSV UTF-8\u201d or GeoJSON.",
        ),
        (b"name,\x00category\n", "The file holds binary data; save it as CSV or GeoJSON."),
        (
            b"slug,name,category,description_id,address,latitude,longitude\n",
            "The file has a header but no rows.",
        ),
        (
            b"name,category,nama\nA,religi,B\n",
            "Unknown columns: nama. The columns are: slug, name, category, description_id, "
            "description_en, address, latitude, longitude, phone, email, website, instagram, "
            "is_free, amenities, hours, tickets, status.",
        ),
        (
            b"name,name,category,description_id,address,latitude,longitude\n",
            "Columns given twice: name.",
        ),
        (b'{"type": "Feature"}', "A GeoJSON file must be a FeatureCollection of points."),
        (
            b'{"type": "FeatureCollection", "features": [}',
            "Not valid JSON: Expecting value: line 1 column 44 (char 43)",
        ),
    ],
)
def test_unreadable_files_are_explained(bounded_a, data, reason):
    report = _import(bounded_a, data)

    assert [str(p.reason) for p in report.problems][:1] == [reason]
    assert report.problems[0].line == 0 or report.problems[0].line == 1


def test_missing_required_columns_are_named(bounded_a):
    report = _import(bounded_a, "name,category\nA,religi\n")

    assert _problems(report) == [
        (1, "-", "Required columns missing: description_id, address, latitude, longitude.")
    ]


def test_a_row_with_the_wrong_number_of_values_is_reported(bounded_a):
    text = (
        "name,category,description_id,address,latitude,longitude\n"
        "A,religi,Ada.,Jl. A,-6.17,106.63,extra\n"
        '"B","religi","Dua\nbaris.","Jl. B",-6.17,106.63\n'
        "C,religi,Ada.,Jl. C,-6.17\n"
    )

    report = _import(bounded_a, text)

    assert _problems(report) == [
        (2, "-", "This row has 7 values, the header 6 columns."),
        (5, "-", "This row has 5 values, the header 6 columns."),
    ]


def test_too_many_rows_are_refused(bounded_a, monkeypatch):
    monkeypatch.setattr("kota.modules.plesiran.import_formats.MAX_ROWS", 2)
    text = "name,category,description_id,address,latitude,longitude\n" + "".join(
        f"T{n},religi,Ada.,Jl. A,-6.17,106.63\n" for n in range(3)
    )

    report = _import(bounded_a, text)

    assert _problems(report) == [
        (0, "-", "The file has more than 2 rows; split it into smaller files.")
    ]
    assert str(report.problems[0]).startswith("file, -: ")


def test_a_file_over_the_size_limit_is_refused(bounded_a, monkeypatch):
    monkeypatch.setattr("kota.modules.plesiran.import_formats.MAX_FILE_BYTES", 10)

    report = _import(bounded_a, DESTINATIONS)

    assert [p.line for p in report.problems] == [0]
    assert report.problems[0].reason.startswith("The file is larger than")


def _feature(properties, coordinates=(106.6312, -6.1784)):
    geometry = {"type": "Point", "coordinates": list(coordinates)} if coordinates else None
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def test_geojson_facilities_are_imported_and_matched_on_reimport(bounded_a):
    document = {
        "type": "FeatureCollection",
        "features": [
            _feature({"kind": "atm", "name": "ATM BCA Pasar Lama", "open_all_day": True}),
            _feature(
                {"slug": "polsek", "kind": "police", "name": "Polsek Tangerang", "status": "draft"},
                (106.6339, -6.1801),
            ),
        ],
    }
    data = json.dumps(document)

    first = _import(bounded_a, data, kind="facilities")
    again = _import(bounded_a, data, kind="facilities")

    assert (first.created, again.unchanged, first.unit) == (2, 2, "feature")
    with city_scope(bounded_a):
        atm = Facility.objects.get(slug="atm-bca-pasar-lama")
        assert (atm.latitude, atm.longitude, atm.open_all_day, atm.status) == (
            -6.1784,
            106.6312,
            True,
            Status.PUBLISHED,
        )
        assert Facility.objects.get(slug="polsek").status == Status.DRAFT


def test_geojson_problems_name_the_feature(bounded_a):
    document = {
        "type": "FeatureCollection",
        "features": [
            _feature({"kind": "bank", "name": "Bank"}),
            _feature({"kind": "atm", "name": "ATM"}, coordinates=None),
            _feature({"kind": "atm", "name": "ATM", "latitude": -6.17}),
            {"type": "Feature", "geometry": {"type": "LineString", "coordinates": []}},
            _feature({"kind": "atm", "name": "ATM Luar"}, (106.9, -6.17)),
        ],
    }

    report = _import(bounded_a, json.dumps(document), kind="facilities")

    assert [(p.line, p.field) for p in report.problems] == [
        (1, "kind"),
        (2, "latitude"),
        (3, "-"),
        (4, "-"),
        (5, "latitude"),
    ]
    assert str(report.problems[1]) == "feature 2, latitude: The feature has no location (geometry)."
    with city_scope(bounded_a):
        assert Facility.objects.count() == 0


def test_geojson_destination_properties_may_be_lists_and_objects(bounded_a):
    document = {
        "type": "FeatureCollection",
        "features": [
            _feature(
                {
                    "name": "Museum Benteng Heritage",
                    "category": "Heritage and culture",
                    "description_id": "Museum.",
                    "address": "Jl. Cilame",
                    "amenities": ["guide", "souvenirs"],
                    "tickets": {"Umum/General": 50000},
                    "hours": {"tue-sun": "10:00-17:00"},
                    "is_free": False,
                }
            )
        ],
    }

    report = _import(bounded_a, json.dumps(document))

    assert report.is_clean, report.problems
    with city_scope(bounded_a):
        museum = Destination.objects.get(slug="museum-benteng-heritage")
        assert (museum.category.slug, museum.amenities) == (
            "sejarah-budaya",
            ["guide", "souvenirs"],
        )
        assert [(t.label_en, t.price_idr) for t in museum.tickets.all()] == [("General", 50000)]
        assert museum.hours.count() == 6


EVENTS = (
    "slug,name,category,venue,latitude,longitude,starts_at,ends_at,description_id,status\n"
    "malam-kuliner,Malam Kuliner,kuliner,alun-alun,,,2026-12-05 17:00,2026-12-05 23:00,"
    "Jajanan.,published\n"
    "peh-cun,Peh Cun,sejarah-budaya,Tepian Cisadane,-6.1760,106.6304,2027-06-09,2027-06-09,"
    "Perahu naga.,\n"
)


def test_events_take_local_times_and_their_venue_location(bounded_a):
    venue = destination(bounded_a, slug="alun-alun", name="Alun-alun Ahmad Yani")

    report = _import(bounded_a, EVENTS, kind="events")

    assert report.is_clean, report.problems
    jakarta = ZoneInfo("Asia/Jakarta")
    with city_scope(bounded_a):
        night = Event.objects.get(slug="malam-kuliner")
        assert (night.venue_id, night.venue_name, night.latitude, night.address) == (
            venue.pk,
            "Alun-alun Ahmad Yani",
            venue.latitude,
            venue.address,
        )
        assert night.starts_at == datetime(2026, 12, 5, 17, 0, tzinfo=jakarta)
        assert night.starts_at.astimezone(ZoneInfo("UTC")).hour == 10
        assert night.status == Status.PUBLISHED
        river = Event.objects.get(slug="peh-cun")
        assert (river.venue_id, river.venue_name, river.status) == (
            None,
            "Tepian Cisadane",
            Status.DRAFT,
        )
        assert (river.starts_at, river.ends_at) == (
            datetime(2027, 6, 9, 0, 0, tzinfo=jakarta),
            datetime(2027, 6, 9, 23, 59, tzinfo=jakarta),
        )
    assert _import(bounded_a, EVENTS, kind="events").unchanged == 2


def test_event_times_are_the_citys_own(plesiran_b):
    text = (
        "name,category,venue,latitude,longitude,starts_at,ends_at,description_id\n"
        "Festival,sejarah-budaya,Pantai,-8.71,115.16,2026-12-05 16:00,2026-12-05 22:00,Ada.\n"
    )

    _import(plesiran_b, text, kind="events")

    with city_scope(plesiran_b):
        assert Event.objects.get().starts_at == datetime(
            2026, 12, 5, 16, 0, tzinfo=ZoneInfo("Asia/Makassar")
        )


def test_bad_events_are_explained(bounded_a):
    text = (
        "name,category,venue,latitude,longitude,starts_at,ends_at,description_id\n"
        "Tanpa tempat,kuliner,Entah di mana,,,2026-12-05 17:00,2026-12-05 23:00,Ada.\n"
        "Mundur,kuliner,Alun-alun,-6.17,106.63,2026-12-05 17:00,2026-12-04 23:00,Ada.\n"
        "Tanggal,kuliner,Alun-alun,-6.17,106.63,5 Desember,2026-12-05 23:00,Ada.\n"
    )

    report = _import(bounded_a, text, kind="events")

    assert _problems(report) == [
        (
            2,
            "latitude",
            "Give the event's location, or as its venue the slug of one of the city's "
            "destinations.",
        ),
        (3, "ends_at", "An event cannot end before it starts."),
        (4, "starts_at", "“5 Desember” is not a date and time like 2026-12-05 16:00."),
    ]


def test_an_event_file_needs_both_coordinates_columns_or_neither(bounded_a):
    report = _import(
        bounded_a,
        "name,category,venue,latitude,starts_at,ends_at,description_id\n",
        kind="events",
    )

    assert _problems(report) == [(1, "-", "Required columns missing: longitude.")]


def test_an_import_into_one_city_leaves_the_other_alone(bounded_a, plesiran_b):
    theirs = destination(plesiran_b, slug="masjid-raya", name="Masjid Raya Beta", publish=False)

    report = _import(bounded_a, DESTINATIONS)

    assert report.created == 2
    with city_scope(plesiran_b):
        assert list(Destination.objects.values_list("slug", "name", "status")) == [
            ("masjid-raya", "Masjid Raya Beta", Status.DRAFT)
        ]
        assert Destination.objects.get().updated_at == theirs.updated_at


def test_problem_places_read_as_lines_or_features():
    assert str(ImportProblem(7, "latitude", "Outside.")) == "line 7, latitude: Outside."
    assert str(ImportProblem(3, "kind", "Unknown.", "feature")) == "feature 3, kind: Unknown."
    assert MAX_ROWS == 1_000


# --- Hostile files (review findings) ---------------------------------------------------


def test_a_geometry_that_is_not_an_object_is_a_problem_of_its_feature(bounded_a):
    document = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "geometry": "x", "properties": {"kind": "atm", "name": "A"}},
            {"type": "Feature", "geometry": [1, 2], "properties": {"kind": "atm", "name": "B"}},
            _feature({"kind": "atm", "name": "C"}),
        ],
    }

    report = _import(bounded_a, json.dumps(document), kind="facilities")

    assert _problems(report) == [
        (1, "-", "Its geometry must be a Point: [longitude, latitude]."),
        (2, "-", "Its geometry must be a Point: [longitude, latitude]."),
    ]
    assert report.written is False
    with city_scope(bounded_a):
        assert Facility.objects.count() == 0


def test_a_file_nested_too_deeply_is_refused_as_a_whole(bounded_a):
    data = b'{"type": "FeatureCollection", "features": ' + b"[" * 100_000

    report = _import(bounded_a, data, kind="facilities")

    assert _problems(report) == [
        (0, "-", "The file nests lists and objects too deeply to be read.")
    ]
    with city_scope(bounded_a):
        assert Facility.objects.count() == 0


def test_a_property_of_lists_inside_lists_is_a_problem_of_its_column(bounded_a):
    # Deeply nested values could not even be turned into text; one level is enough to say.
    document = {
        "type": "FeatureCollection",
        "features": [_feature({"kind": "atm", "name": [["ATM"]]})],
    }

    report = _import(bounded_a, json.dumps(document), kind="facilities")

    assert _problems(report) == [
        (1, "name", "Give text, a number, yes/no, or a list or object of those.")
    ]
    with city_scope(bounded_a):
        assert Facility.objects.count() == 0


def test_a_nul_character_in_a_value_is_a_problem_of_its_feature_and_column(bounded_a):
    document = {
        "type": "FeatureCollection",
        "features": [
            _feature({"kind": "atm", "name": "ATM \u0000"}),
            _feature({"kind": "atm", "name": "ATM", "address": ["Jl. A\u0000"]}),
            _feature({"kind": "atm", "na\u0000me": "ATM"}),
            _feature({"kind": "atm", "name": "ATM Bersih"}),
        ],
    }

    report = _import(bounded_a, json.dumps(document), kind="facilities")

    assert _problems(report) == [
        (1, "name", "The value contains a NUL character; remove it."),
        (2, "address", "The value contains a NUL character; remove it."),
        (3, "-", "A column name contains a NUL character; remove it."),
    ]
    assert report.written is False
    with city_scope(bounded_a):
        assert Facility.objects.count() == 0


def test_an_event_venue_with_a_nul_character_is_a_problem_not_a_query(bounded_a):
    document = {
        "type": "FeatureCollection",
        "features": [
            _feature(
                {
                    "name": "Malam Kuliner",
                    "category": "kuliner",
                    "venue": "alun\u0000alun",
                    "starts_at": "2026-12-05 17:00",
                    "ends_at": "2026-12-05 23:00",
                    "description_id": "Jajanan.",
                }
            )
        ],
    }

    report = _import(bounded_a, json.dumps(document), kind="events")

    assert _problems(report) == [(1, "venue", "The value contains a NUL character; remove it.")]
    with city_scope(bounded_a):
        assert Event.objects.count() == 0


def test_a_nul_character_in_a_csv_value_refuses_the_file(bounded_a):
    text = DESTINATIONS.replace("Pasar Lama", "Pasar\x00Lama")

    report = _import(bounded_a, text)

    assert _problems(report) == [(0, "-", "The file holds binary data; save it as CSV or GeoJSON.")]
    with city_scope(bounded_a):
        assert Destination.objects.count() == 0


@pytest.mark.parametrize("price", ["10²", "١٠٠٠٠", "10⁰", "½"])
def test_a_price_of_digits_other_than_0_to_9_is_not_a_ticket(bounded_a, price):
    text = (
        "name,category,description_id,address,latitude,longitude,tickets\n"
        f"Taman,taman-alam,Taman.,Jl. A,-6.17,106.63,Dewasa={price}\n"
    )

    report = _import(bounded_a, text)

    assert _problems(report) == [
        (
            2,
            "tickets",
            f"\u201cDewasa={price}\u201d is not a ticket: write label=price, "
            "e.g. Dewasa/Adults=10000.",
        )
    ]
    with city_scope(bounded_a):
        assert Destination.objects.count() == 0


@pytest.mark.parametrize(("language", "number"), [("id", "1.000"), ("en", "1,000")])
def test_the_row_limit_is_written_in_the_pages_language(bounded_a, language, number):
    data = json.dumps({"type": "FeatureCollection", "features": [{}] * (MAX_ROWS + 1)})

    with translation.override(language):
        report = _import(bounded_a, data, kind="facilities")
        expected = translation.gettext(
            "The file has more than %(max)s rows; split it into smaller files."
        ) % {"max": number}

    assert _problems(report) == [(0, "-", expected)]
