"""People of the test cities with roles, for the accounts and console tests."""

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from kota.accounts.roles import CITIZEN, CITY_ADMIN
from kota.tenancy.scope import city_scope
from tests.conftest import city_login, host_client
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _english(settings):
    """Pages in English, the source language, whatever translations are installed (emails
    follow each person's preferred language, English for the people made here)."""
    settings.LANGUAGE_CODE = "en"


def person(city, *, email: str, roles=(), verified: bool = True, **fields):
    """An account in ``city`` with ``roles`` (group names)."""
    fields.setdefault("preferred_language", "en")
    with city_scope(city):
        user = UserFactory(
            email=email,
            email_verified_at=timezone.now() if verified else None,
            **fields,
        )
        for role in roles:
            group, _created = Group.objects.get_or_create(name=role)
            user.groups.add(group)
    return user


def logged_in(host: str, user, city):
    client = host_client(host)
    city_login(client, user, city)
    return client


def cookies_to(host: str, client):
    """A client for ``host`` presenting a copy of ``client``'s cookies (a session of one
    city shown to another)."""
    other = host_client(host)
    other.cookies.load({name: morsel.value for name, morsel in client.cookies.items()})
    return other


@pytest.fixture
def admin_a(city_a):
    return person(city_a, email="admin@alfa.id", roles=[CITY_ADMIN], full_name="Admin Alfa")


@pytest.fixture
def admin_b(city_b):
    return person(city_b, email="admin@beta.id", roles=[CITY_ADMIN], full_name="Admin Beta")


@pytest.fixture
def officer_a(city_a):
    return person(city_a, email="petugas@alfa.id", roles=["officer-noticeboard"])


@pytest.fixture
def warga_a(city_a):
    """A verified citizen of city A."""
    return person(city_a, email="warga@alfa.id", roles=[CITIZEN], full_name="Budi Santoso")


@pytest.fixture
def admin_client_a(admin_a, city_a):
    return logged_in("alfa.localhost", admin_a, city_a)


@pytest.fixture
def admin_client_b(admin_b, city_b):
    return logged_in("beta.localhost", admin_b, city_b)
