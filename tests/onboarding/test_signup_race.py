"""Two officers racing for one address, on two real database connections."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from kota.onboarding.models import Signup
from kota.onboarding.services import signup_submit
from kota.tenancy import schemas
from kota.tenancy.models import City
from tests.onboarding.signups import PASSWORD, signup_data, submission_key


@pytest.mark.slow
def test_exactly_one_of_two_concurrent_signups_wins(session_cities, django_db_blocker):
    barrier = threading.Barrier(2)
    outcomes: list[object] = []

    def submit(admin_email: str) -> None:
        try:
            barrier.wait(timeout=10)
            outcomes.append(
                signup_submit(
                    data=signup_data(slug="rebutan-daftar", admin_email=admin_email),
                    password=PASSWORD,
                    logo_png=None,
                    submission_key=submission_key(),
                    client_address=None,
                )
            )
        except ValidationError as error:
            outcomes.append(error)
        finally:
            connections.close_all()

    with django_db_blocker.unblock():
        threads = [
            threading.Thread(target=submit, args=(email,))
            for email in ("satu@rebutan.go.id", "dua@rebutan.go.id")
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        try:
            winners = [o for o in outcomes if isinstance(o, Signup)]
            losers = [o for o in outcomes if isinstance(o, ValidationError)]

            assert (len(winners), len(losers)) == (1, 1)
            [message] = losers[0].message_dict["slug"]
            assert "rebutan-daftar" in message
            assert "kota-rebutan-daftar" in message  # an alternative is offered
            assert City.objects.filter(slug="rebutan-daftar").count() == 1
            assert Signup.objects.filter(slug="rebutan-daftar").count() == 1
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT count(*) FROM pg_namespace WHERE nspname = 'city_rebutan_daftar'"
                )
                assert cursor.fetchone()[0] == 1
        finally:
            Signup.objects.filter(slug="rebutan-daftar").delete()
            City.objects.filter(slug="rebutan-daftar").delete()
            schemas.schema_drop("city_rebutan_daftar")
            schemas.spares_refill()
