"""Bulk import: reading CSV and GeoJSON files, dry runs, re-imports and every kind of
bad input, through kota.modules.plesiran.imports.import_file."""

from datetime import time

import pytest

from kota.audit.models import AuditEntry
from kota.modules.plesiran.imports import import_file
from kota.modules.plesiran.models import Destination, OpeningHours, Status
from kota.tenancy.scope import city_scope

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
