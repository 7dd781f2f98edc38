"""The signup wizard's test kit: three modules of our own that the seeded plans include,
a platform client that reads English, and valid answers for every step."""

import pytest
from django.test import Client

from kota.billing.models import Plan
from kota.onboarding.models import Signup
from kota.registry.catalog import module_register, module_unregister
from kota.registry.modules import Module
from kota.tenancy.models import City, Domain
from kota.tenancy.scope import platform_scope

# Modules of the tests (not the product's real keys, which may be registered one day): the
# free plan includes "aduan-uji", the paid one all three.
TEST_MODULES = (
    Module(
        key="aduan-uji",
        name="Citizen reports (test)",
        summary="Citizens report problems; officers follow them up.",
        icon="megaphone",
        presets=("kota", "kabupaten"),
    ),
    Module(
        key="wisata-uji",
        name="Tourism (test)",
        summary="Places to visit, events and routes.",
        icon="map",
        presets=("kota", "kabupaten"),
    ),
    Module(
        key="izin-uji",
        name="Permits (test)",
        summary="Apply for permits online.",
        icon="file-text",
        presets=("kabupaten",),
        depends_on=("aduan-uji",),
    ),
)

CITY = {
    "name": "Kabupaten Gunung Kidul",
    "kind": "kabupaten",
    "province": "DI Yogyakarta",
    "time_zone": "",
    "contact_email": "kominfo@gunungkidulkab.go.id",
}
ADDRESS = {"slug": "gunung-kidul"}
PASSWORD = "Pantai-Indah-Baron-2024"
ADMIN = {
    "admin_name": "Sri Rahayu",
    "admin_email": "sri@gunungkidulkab.go.id",
    "password": PASSWORD,
}
MODULES = {"modules": ["aduan-uji"]}
LOOK = {"theme": "default", "primary_color": "#7a1f1f", "secondary_color": "#f1c232"}
PLAN = {"plan": "gratis"}

STEPS = (
    ("city", "/daftar/", CITY),
    ("address", "/daftar/alamat/", ADDRESS),
    ("admin", "/daftar/admin/", ADMIN),
    ("modules", "/daftar/modul/", MODULES),
    ("look", "/daftar/tampilan/", LOOK),
    ("plan", "/daftar/paket/", PLAN),
)
URLS = {key: url for key, url, _answers in STEPS} | {"review": "/daftar/periksa/"}


@pytest.fixture(autouse=True)
def test_modules(db):
    """Our modules registered, and the seeded plans made to include them."""
    for module in TEST_MODULES:
        module_register(module)
    Plan.objects.filter(key="gratis").update(modules=["aduan-uji"])
    Plan.objects.filter(key__in=["kota", "kontrak"]).update(
        modules=["aduan-uji", "wisata-uji", "izin-uji"]
    )
    yield TEST_MODULES
    for module in TEST_MODULES:
        module_unregister(module.key)


@pytest.fixture
def wizard(db) -> Client:
    """A visitor of the platform site whose browser asks for English."""
    return Client(HTTP_HOST="localhost", HTTP_ACCEPT_LANGUAGE="en")


def walk(client: Client, *, through: str) -> None:
    """Answer every step up to and including ``through`` with valid answers."""
    for key, url, answers in STEPS:
        response = client.post(url, answers)
        assert response.status_code == 302, (key, response.content.decode()[:3000])
        if key == through:
            return
    raise AssertionError(f"no step {through!r}")


def state(client: Client) -> dict:
    """What the wizard keeps in the visitor's session."""
    with platform_scope():
        return dict(client.session.get("kota.signup", {}))


def rows() -> dict:
    """The rows a signup would create; the wizard must create none of them."""
    return {
        "signups": Signup.objects.count(),
        "cities": City.objects.count(),
        "domains": Domain.objects.count(),
    }
