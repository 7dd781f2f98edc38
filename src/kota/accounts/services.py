"""Writes for accounts."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from kota.accounts.roles import CITY_ROLES
from kota.tenancy.models import City
from kota.tenancy.scope import platform_scope


def roles_seed(city: City) -> None:
    """Create the city's role groups (idempotent); runs in the city's schema."""
    Group.objects.bulk_create([Group(name=key) for key in CITY_ROLES], ignore_conflicts=True)


def operator_ensure(*, email: str, password: str) -> tuple[object, bool]:
    """Create a platform operator (platform schema) unless one with this email exists."""
    User = get_user_model()
    with platform_scope():
        user = User.objects.filter(email=email).first()
        if user is not None:
            return user, False
        return User.objects.create_superuser(email=email, password=password), True
