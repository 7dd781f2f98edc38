"""A city from the signup wizard: "coming soon" for citizens until its admin verifies
their email; its staff can already work in the console."""

import pytest
from django.core import mail

from kota.accounts.tokens import email_verification_token_make
from kota.tenancy.models import City
from kota.tenancy.scope import city_scope
from tests.conftest import logged_in, person


@pytest.fixture
def unopened_a(city_a):
    City.objects.filter(pk=city_a.pk).update(launched_at=None)
    return City.objects.get(pk=city_a.pk)


@pytest.mark.parametrize(
    "path",
    ["/", "/sitemap.xml", "/api/v1/app-config", "/media/city_alfa/laporan/foto.jpg"],
)
def test_citizens_see_coming_soon(path, unopened_a, client_a):
    response = client_a.get(path)

    assert response.status_code == 503
    assert response["Retry-After"] == "3600"


def test_signing_in_still_works_before_opening(unopened_a, client_a):
    assert client_a.get("/accounts/login/").status_code == 200


def test_staff_see_the_site_and_the_console(unopened_a, city_a):
    admin = person(city_a, email="admin@alfa.id", roles=["city-admin"])
    client = logged_in("alfa.localhost", admin, city_a)

    assert client.get("/").status_code == 200
    assert client.get("/console/").status_code == 200


def test_verifying_the_admins_email_opens_the_site(unopened_a, city_a, client_a):
    admin = person(city_a, email="admin@alfa.id", roles=["city-admin"], verified=False)
    with city_scope(city_a):
        token = email_verification_token_make(user=admin)

    assert client_a.get(f"/accounts/verify/{token}/").status_code == 200

    assert City.objects.get(pk=city_a.pk).launched_at is not None
    assert client_a.get("/").status_code == 200


def test_a_citizen_verifying_does_not_open_the_site(unopened_a, city_a, client_a):
    citizen = person(city_a, email="warga@alfa.id", roles=["citizen"], verified=False)
    with city_scope(city_a):
        token = email_verification_token_make(user=citizen)

    client_a.get(f"/accounts/verify/{token}/")

    assert City.objects.get(pk=city_a.pk).launched_at is None
    assert len(mail.outbox) == 0


def test_an_open_city_is_untouched(client_a):
    assert client_a.get("/").status_code == 200


def test_branding_files_stay_reachable_before_opening(unopened_a, client_a):
    # Not found (no such file) rather than "coming soon": the pages may show the logo.
    assert client_a.get("/media/city_alfa/branding/logo-0000.png").status_code == 404
