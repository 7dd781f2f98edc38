"""Spare schemas: clones of the template made ahead, so provisioning is a rename."""

import pytest
from django.db import connection

from kota.tenancy import schemas
from kota.tenancy.scope import city_scope
from kota.tenancy.seeding import register_city_seeder, unregister_city_seeder
from kota.tenancy.services import city_provision
from tests.factories import CitySpecFactory


def _current_prefix() -> str:
    return schemas._spare_prefix(schemas.template_ensure_current())


def _drop_all_spares() -> None:
    for name in schemas.spare_names():
        schemas.schema_drop(name)


def test_session_keeps_the_configured_number_of_spares(session_cities, settings, db):
    spares = schemas.spare_names()

    assert len(spares) == settings.KOTA_SPARE_SCHEMAS
    assert all(name.startswith(_current_prefix()) for name in spares)


def test_provisioning_takes_a_ready_spare(db):
    before = schemas.spare_names()

    city = city_provision(spec=CitySpecFactory(slug="lambda"))

    after = schemas.spare_names()
    assert len(after) == len(before) - 1
    assert set(after) < set(before)
    with city_scope(city):
        from django.contrib.auth.models import Group

        from kota.accounts.roles import all_roles

        assert Group.objects.count() == len(all_roles())


def test_without_spares_provisioning_clones_on_demand(db):
    _drop_all_spares()

    city = city_provision(spec=CitySpecFactory(slug="miu"))

    assert schemas.spare_names() == []
    states = schemas.schema_migration_states([city.schema_name])
    assert states[city.schema_name].is_current


def test_spare_of_an_older_template_is_never_used_and_refill_replaces_it(db):
    _drop_all_spares()
    stale = schemas.SPARE_PREFIX + "000000000000_old1"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE SCHEMA "{stale}"')

    city_provision(spec=CitySpecFactory(slug="nuu"))
    assert schemas.spare_names() == [stale]

    created = schemas.spares_refill(target=2)

    assert created == 2
    spares = schemas.spare_names()
    assert stale not in spares
    assert len(spares) == 2
    assert all(name.startswith(_current_prefix()) for name in spares)


def test_failed_provisioning_gives_the_spare_back(db):
    before = schemas.spare_names()

    def broken_seeder(city):
        raise RuntimeError("seeding failed")

    register_city_seeder(broken_seeder)
    try:
        with pytest.raises(RuntimeError):
            city_provision(spec=CitySpecFactory(slug="ksi"))
    finally:
        unregister_city_seeder(broken_seeder)

    assert schemas.spare_names() == before


def test_refill_is_a_no_op_when_the_pool_is_full(db, settings):
    assert schemas.spares_refill(target=settings.KOTA_SPARE_SCHEMAS) == 0


def test_taking_a_spare_refills_the_pool_after_commit(
    db, settings, django_capture_on_commit_callbacks
):
    before = len(schemas.spare_names())

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        city_provision(spec=CitySpecFactory(slug="omikron"))

    assert len(callbacks) >= 1
    assert len(schemas.spare_names()) == before == settings.KOTA_SPARE_SCHEMAS
