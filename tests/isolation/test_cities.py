"""Nothing of one city is visible or usable from another city's host or session."""

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import connection

from kota.tenancy.scope import city_scope, platform_scope
from tests.conftest import OUTSIDER_PASSWORD, PASSWORD, city_login, host_client


def _tables_in(schema: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = %s", [schema])
        return {row[0] for row in cursor.fetchall()}


def _app_labels(app_names: list[str]) -> set[str]:
    return {config.label for config in apps.get_app_configs() if config.name in app_names}


def test_session_from_city_a_is_worthless_on_city_b_and_platform(
    client_a, citizen_a, city_a, city_b
):
    city_login(client_a, citizen_a, city_a)
    assert client_a.get("/accounts/").status_code == 200
    session_key = client_a.cookies[settings.SESSION_COOKIE_NAME].value

    other_city = host_client("beta.localhost")
    other_city.cookies[settings.SESSION_COOKIE_NAME] = session_key
    response = other_city.get("/accounts/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert response.wsgi_request.user.is_anonymous
    with city_scope(city_b):
        assert Session.objects.filter(session_key=session_key).exists() is False

    platform = host_client("localhost")
    platform.cookies[settings.SESSION_COOKIE_NAME] = session_key
    response = platform.get("/operator/")

    assert response.status_code == 302
    assert response.wsgi_request.user.is_anonymous
    with platform_scope():
        assert Session.objects.filter(session_key=session_key).exists() is False
    with city_scope(city_a):
        assert Session.objects.filter(session_key=session_key).exists() is True


def test_session_cookie_is_host_only(client_a, citizen_a):
    response = client_a.post(
        "/accounts/login/", {"username": citizen_a.email, "password": PASSWORD}
    )

    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["domain"] == ""
    assert cookie["httponly"] is True


def test_same_email_in_two_cities_is_two_people(client_a, client_b, citizen_a, outsider):
    # The outsider's city-B password does not open the city-A account, and vice versa.
    refused_a = client_a.post(
        "/accounts/login/", {"username": "siti@example.id", "password": OUTSIDER_PASSWORD}
    )
    refused_b = client_b.post(
        "/accounts/login/", {"username": "siti@example.id", "password": PASSWORD}
    )
    accepted_a = client_a.post(
        "/accounts/login/", {"username": "siti@example.id", "password": PASSWORD}
    )

    assert refused_a.status_code == 200
    assert refused_b.status_code == 200
    assert accepted_a.status_code == 302


def test_users_of_one_city_are_not_in_another_or_on_the_platform(city_a, city_b, citizen_a):
    User = get_user_model()
    with city_scope(city_b):
        assert User.objects.filter(email=citizen_a.email).exists() is False
    with platform_scope():
        assert User.objects.filter(email=citizen_a.email).exists() is False
    with city_scope(city_a):
        assert User.objects.filter(email=citizen_a.email).count() == 1


def test_public_holds_only_platform_tables_and_no_city_table(city_a):
    city_tables = {
        model._meta.db_table
        for label in _app_labels(settings.TENANT_APPS)
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
    }

    assert city_tables & _tables_in("public") == set()
    assert _tables_in("public") == {
        "django_migrations",
        "tenancy_city",
        "tenancy_domain",
        "billing_plan",
        "billing_account",
        "billing_stripeevent",
        "onboarding_signup",
    }


def test_city_login_never_reaches_platform_operators(city_a, client_a):
    from kota.accounts.services import operator_ensure

    operator_ensure(email="ops@kota.id", password="sandi-operator-1")

    response = client_a.post(
        "/accounts/login/", {"username": "ops@kota.id", "password": "sandi-operator-1"}
    )

    assert response.status_code == 200  # the form again: no such account in this city
    assert response.wsgi_request.user.is_anonymous


def test_every_city_table_exists_in_the_city_schema_so_nothing_falls_back_to_public(city_a):
    city_labels = _app_labels(settings.TENANT_APPS)
    expected = {
        model._meta.db_table
        for label in city_labels
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
        if model._meta.managed
    }

    assert expected - _tables_in(city_a.schema_name) == set()
