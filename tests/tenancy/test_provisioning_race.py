"""Two provisionings racing for one address, on two real database connections."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from kota.tenancy import schemas
from kota.tenancy.models import City
from kota.tenancy.services import city_provision
from tests.factories import CitySpecFactory


@pytest.mark.slow
def test_exactly_one_of_two_concurrent_provisionings_wins(session_cities, django_db_blocker):
    barrier = threading.Barrier(2)
    outcomes: list[object] = []

    def provision(name: str) -> None:
        try:
            barrier.wait(timeout=10)
            outcomes.append(city_provision(spec=CitySpecFactory(slug="rebutan", name=name)))
        except ValidationError as error:
            outcomes.append(error)
        finally:
            connections.close_all()

    with django_db_blocker.unblock():
        threads = [threading.Thread(target=provision, args=(f"Kota {n}",)) for n in (1, 2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        try:
            winners = [o for o in outcomes if isinstance(o, City)]
            losers = [o for o in outcomes if isinstance(o, ValidationError)]

            assert len(winners) == 1
            assert len(losers) == 1
            assert list(losers[0].message_dict) == ["slug"]
            assert City.objects.filter(slug="rebutan").count() == 1
            with connection.cursor() as cursor:
                cursor.execute("SELECT count(*) FROM pg_namespace WHERE nspname = 'city_rebutan'")
                assert cursor.fetchone()[0] == 1
        finally:
            City.objects.filter(slug="rebutan").delete()
            schemas.schema_drop("city_rebutan")
            schemas.spares_refill()


@pytest.mark.slow
def test_concurrent_provisionings_share_out_the_spares_without_error(
    session_cities, django_db_blocker
):
    slugs = ["serentak-a", "serentak-b", "serentak-c"]
    barrier = threading.Barrier(len(slugs))
    outcomes: dict[str, object] = {}

    def provision(slug: str) -> None:
        try:
            barrier.wait(timeout=10)
            outcomes[slug] = city_provision(spec=CitySpecFactory(slug=slug))
        except Exception as error:  # noqa: BLE001 - recorded and asserted below
            outcomes[slug] = error
        finally:
            connections.close_all()

    with django_db_blocker.unblock():
        schemas.spares_refill(target=2)  # fewer spares than provisionings
        threads = [threading.Thread(target=provision, args=(slug,)) for slug in slugs]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        try:
            assert {slug: type(outcome).__name__ for slug, outcome in outcomes.items()} == {
                slug: "City" for slug in slugs
            }
            states = schemas.schema_migration_states([f"city_{s.replace('-', '_')}" for s in slugs])
            assert all(state.is_current for state in states.values())
        finally:
            City.objects.filter(slug__in=slugs).delete()
            for slug in slugs:
                schemas.schema_drop(f"city_{slug.replace('-', '_')}")
            schemas.spares_refill()
