"""Two officers racing for one address, on two real database connections."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.test import Client

from kota.onboarding.models import Signup
from kota.onboarding.services import signup_submit
from kota.tenancy import schemas
from kota.tenancy.models import City
from tests.onboarding.conftest import STEPS, URLS
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
            # On a connection of its own: this test's (the package's fixtures give it a
            # transaction) would roll the clean-up back with everything else.
            cleaner = threading.Thread(target=_remove_the_city)
            cleaner.start()
            cleaner.join(timeout=60)


def _remove_the_city(slug: str = "rebutan-daftar") -> None:
    try:
        Signup.objects.filter(slug=slug).delete()
        City.objects.filter(slug=slug).delete()
        schemas.schema_drop("city_" + slug.replace("-", "_"))
        schemas.spares_refill()
    finally:
        connections.close_all()


@pytest.mark.slow
def test_two_officers_pressing_create_at_once_get_one_city(session_cities, django_db_blocker):
    """Two browsers walk the whole wizard for the same address, then press "Create" at the
    same moment: two real requests, each on its own database connection."""
    barrier = threading.Barrier(2)
    responses: dict[str, object] = {}

    def officer(email: str) -> None:
        try:
            client = Client(HTTP_HOST="localhost", HTTP_ACCEPT_LANGUAGE="en")
            for key, url, answers in STEPS:
                if key == "admin":
                    answers = {**answers, "admin_email": email}
                if key == "modules":
                    # The package's plan changes live in the main thread's transaction,
                    # which these connections cannot see: no module, as the plain plan.
                    answers = {}
                assert client.post(url, answers).status_code == 302, key
            barrier.wait(timeout=20)
            responses[email] = client.post(URLS["review"], {"website": ""})
        finally:
            connections.close_all()

    with django_db_blocker.unblock():
        emails = ("sri@gunungkidulkab.go.id", "budi@gunungkidulkab.go.id")
        threads = [threading.Thread(target=officer, args=(email,)) for email in emails]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        try:
            statuses = sorted(r.status_code for r in responses.values())
            assert statuses == [302, 400]
            [loser] = [r for r in responses.values() if r.status_code == 400]
            assert "gunung-kidul was just taken." in loser.content.decode()
            assert City.objects.filter(slug="gunung-kidul").count() == 1
            assert Signup.objects.filter(slug="gunung-kidul").count() == 1
        finally:
            cleaner = threading.Thread(target=_remove_the_city, args=("gunung-kidul",))
            cleaner.start()
            cleaner.join(timeout=60)
