"""People of the two test cities with console roles."""

import pytest
from django.contrib.auth.models import Group

from kota.accounts.roles import CITY_ADMIN
from kota.tenancy.scope import city_scope
from tests.factories import UserFactory


def member(city, email: str, role: str | None = None):
    """A user of ``city`` with ``role`` (a group of the city's schema), if any."""
    with city_scope(city):
        user = UserFactory(email=email)
        if role:
            user.groups.add(Group.objects.get_or_create(name=role)[0])
    return user


@pytest.fixture
def admin_a(city_a):
    return member(city_a, "admin@alfa.example.id", CITY_ADMIN)


@pytest.fixture
def admin_b(city_b):
    return member(city_b, "admin@beta.example.id", CITY_ADMIN)


@pytest.fixture
def officer_a(city_a):
    return member(city_a, "petugas@alfa.example.id", "officer-noticeboard")
