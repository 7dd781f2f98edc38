"""e-plesiran switched on in both test cities, and content made through its services."""

from datetime import timedelta

import pytest
from django.utils import timezone

from kota.modules.plesiran import services
from kota.modules.plesiran.models import Category
from kota.registry.services import module_enable
from kota.tenancy.scope import city_scope
from tests.conftest import logged_in, person

# A point in Kota Alfa's test city (the test cities have no boundary: anywhere is inside).
ALUN_ALUN = (-6.1781, 106.6300)


def _enabled(city):
    module_enable(city=city, key="plesiran")
    city.refresh_from_db()
    return city


@pytest.fixture
def plesiran_a(city_a):
    """City A with e-plesiran switched on (its categories seeded)."""
    return _enabled(city_a)


@pytest.fixture
def plesiran_b(city_b):
    return _enabled(city_b)


def destination(city, *, publish: bool = True, category: str = "religi", **fields):
    """A destination of ``city`` made through the service (published unless asked)."""
    with city_scope(city):
        values = {
            "category_id": Category.objects.get(slug=category).pk,
            "name": "Klenteng Boen Tek Bio",
            "description_id": "Klenteng tertua di Tangerang.",
            "address": "Jl. Bhakti No. 14, Pasar Lama",
            "latitude": ALUN_ALUN[0],
            "longitude": ALUN_ALUN[1],
        }
        values.update(fields)
        hours = values.pop("hours", None)
        tickets = values.pop("tickets", None)
        closures = values.pop("closures", None)
        made = services.destination_save(
            city=city, actor=None, fields=values, hours=hours, tickets=tickets, closures=closures
        )
        if publish:
            services.destination_publish(destination=made, actor=None)
        return made


def facility(city, *, publish: bool = True, **fields):
    with city_scope(city):
        values = {
            "kind": "atm",
            "name": "ATM Bank Banten",
            "latitude": ALUN_ALUN[0] + 0.002,
            "longitude": ALUN_ALUN[1],
        }
        values.update(fields)
        made = services.facility_save(city=city, actor=None, fields=values)
        if not publish:
            services.facility_unpublish(facility=made, actor=None)
        return made


def event(city, *, publish: bool = True, category: str = "sejarah-budaya", **fields):
    with city_scope(city):
        starts = timezone.now() + timedelta(days=7)
        values = {
            "category_id": Category.objects.get(slug=category).pk,
            "name": "Festival Cisadane",
            "description_id": "Lomba perahu naga di Sungai Cisadane.",
            "venue_name": "Tepian Sungai Cisadane",
            "latitude": ALUN_ALUN[0],
            "longitude": ALUN_ALUN[1],
            "starts_at": starts,
            "ends_at": starts + timedelta(hours=6),
        }
        values.update(fields)
        made = services.event_save(city=city, actor=None, fields=values)
        if publish:
            services.event_publish(event=made, actor=None)
        return made


@pytest.fixture
def tourism_officer_a(city_a):
    return person(city_a, email="wisata@alfa.id", roles=["officer-plesiran"])


@pytest.fixture
def tourism_officer_client_a(tourism_officer_a, city_a):
    return logged_in("alfa.localhost", tourism_officer_a, city_a)
