"""Factories for test data. Cities are made through the real provisioning service."""

import factory
from django.contrib.auth import get_user_model

from kota.tenancy.specs import CitySpec


class CitySpecFactory(factory.Factory):
    class Meta:
        model = CitySpec

    slug = factory.Sequence(lambda n: f"kota-uji-{n}")
    name = factory.Sequence(lambda n: f"Kota Uji {n}")
    kind = "kota"
    province = "Jawa Barat"
    # Given every module, like a demo city; billing's tests choose their own plans.
    plan = "kota"


class UserFactory(factory.django.DjangoModelFactory):
    """A user in whatever schema is active: wrap in city_scope() for a city's user."""

    class Meta:
        model = get_user_model()
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"warga{n}@example.id")
    full_name = factory.Faker("name", locale="id_ID")
    password = factory.django.Password("rahasia-kota-123")
