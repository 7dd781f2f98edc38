"""Every account page and API of one city, tried with another city's session, link or
credentials: nobody is recognised, and nothing changes on either city."""

import json

import pytest
from django.contrib.auth import get_user_model
from rest_framework.authtoken.models import Token

from kota.tenancy.scope import city_scope
from tests.conftest import PASSWORD, cookies_to, logged_in, person

WRITES = [
    ("/accounts/verify/resend/", {}),
    (
        "/accounts/profile/",
        {"full_name": "Diubah", "phone": "0812 0000 0000", "preferred_language": "id"},
    ),
    (
        "/accounts/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "teh-manis-sore-42",
            "new_password2": "teh-manis-sore-42",
        },
    ),
    ("/accounts/delete/", {"password": PASSWORD}),
    ("/accounts/logout/", {}),
]


def _snapshot(city, email: str) -> dict:
    with city_scope(city):
        user = get_user_model().objects.get(email=email)
        return {
            "full_name": user.full_name,
            "phone": user.phone,
            "language": user.preferred_language,
            "password": user.password,
            "active": user.is_active,
            "tokens": list(Token.objects.filter(user=user).values_list("key", flat=True)),
        }


@pytest.mark.parametrize(("path", "data"), WRITES)
def test_a_session_of_city_a_changes_nothing_on_city_b(city_a, city_b, path, data):
    siti_a = person(city_a, email="siti@example.id", verified=False, full_name="Siti A")
    person(city_b, email="siti@example.id", verified=False, full_name="Siti B")
    session_a = logged_in("alfa.localhost", siti_a, city_a)
    on_b = cookies_to("beta.localhost", session_a)
    before = {"a": _snapshot(city_a, siti_a.email), "b": _snapshot(city_b, siti_a.email)}

    response = on_b.post(path, data)

    if path == "/accounts/logout/":
        assert response.status_code == 302  # logging nobody out
    else:
        assert response["Location"].startswith("/accounts/login/")
    assert response.wsgi_request.user.is_anonymous
    after = {"a": _snapshot(city_a, siti_a.email), "b": _snapshot(city_b, siti_a.email)}
    assert after == before
    assert session_a.get("/accounts/").status_code == 200  # still logged in on city A


def test_city_a_credentials_get_no_token_on_city_b(city_a, city_b, client_b, warga_a):
    response = client_b.post(
        "/api/v1/auth/token/",
        json.dumps({"email": warga_a.email, "password": PASSWORD}),
        content_type="application/json",
    )

    assert response.status_code == 400
    with city_scope(city_b):
        assert Token.objects.count() == 0
    with city_scope(city_a):
        assert Token.objects.count() == 0
