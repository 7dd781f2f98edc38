import json

import pytest
from django.db import connection
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.test import APIRequestFactory

from kota.accounts.api.authentication import CityTokenAuthentication
from kota.accounts.roles import CITIZEN
from kota.tenancy.scope import city_scope
from tests.conftest import PASSWORD, host_client, person


def _token_create(client, email: str, password: str, **extra):
    return client.post(
        "/api/v1/auth/token/",
        json.dumps({"email": email, "password": password}),
        content_type="application/json",
        **extra,
    )


def _tokens(city) -> list[tuple[str, str]]:
    with city_scope(city):
        return sorted(Token.objects.values_list("key", "user__email"))


def test_email_and_password_give_a_token_and_me_answers_with_it(client_a, city_a, warga_a):
    response = _token_create(client_a, "Warga@Alfa.ID", PASSWORD)

    assert response.status_code == 200
    token = response.json()["token"]
    assert response.json() == {"token": token, "email_verified": True}
    assert _tokens(city_a) == [(token, "warga@alfa.id")]
    me = host_client("alfa.localhost").get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token}")
    assert me.status_code == 200
    assert me.json() == {
        "id": str(warga_a.public_id),
        "email": "warga@alfa.id",
        "full_name": "Budi Santoso",
        "phone": "",
        "preferred_language": "en",
        "email_verified": True,
        "roles": [CITIZEN],
    }


def test_asking_again_gives_the_same_token(client_a, city_a, warga_a):
    first = _token_create(client_a, warga_a.email, PASSWORD).json()["token"]
    second = _token_create(client_a, warga_a.email, PASSWORD).json()["token"]

    assert first == second
    assert len(_tokens(city_a)) == 1


def test_a_stale_token_header_does_not_stop_logging_in(client_a, city_a, warga_a):
    response = _token_create(
        client_a, warga_a.email, PASSWORD, HTTP_AUTHORIZATION="Token 0000000000deadbeef"
    )

    assert response.status_code == 200


def test_a_wrong_password_gives_no_token(client_a, city_a, warga_a):
    response = _token_create(client_a, warga_a.email, "bukan-ini")

    assert response.status_code == 400
    assert response.json() == {"detail": "The email or password is not correct."}
    assert _tokens(city_a) == []


def test_bad_input_is_a_400(client_a, city_a):
    response = client_a.post("/api/v1/auth/token/", {"email": "bukan-email"})

    assert response.status_code == 400
    assert sorted(response.json()) == ["email", "password"]


def test_token_requests_share_the_login_limits(client_a, city_a, warga_a):
    for n in range(5):
        client_a.post("/accounts/login/", {"username": warga_a.email, "password": f"x{n}"})

    response = _token_create(client_a, warga_a.email, PASSWORD)

    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 900
    assert response.json() == {
        "detail": "Too many failed attempts. Try again in 15 minutes. "
        f"Expected available in {response['Retry-After']} seconds."
    }
    assert _tokens(city_a) == []


def test_deleting_the_token_signs_the_app_out(city_a, warga_a):
    with city_scope(city_a):
        key = Token.objects.create(user=warga_a).key
    app = host_client("alfa.localhost")

    response = app.delete("/api/v1/auth/token/", HTTP_AUTHORIZATION=f"Token {key}")

    assert response.status_code == 204
    assert _tokens(city_a) == []
    assert app.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 401


def test_me_and_logout_need_credentials(client_a, city_a):
    me = client_a.get("/api/v1/me/")
    logout = client_a.delete("/api/v1/auth/token/")

    assert (me.status_code, logout.status_code) == (401, 401)
    assert me["WWW-Authenticate"] == "Token"


def test_me_works_with_the_site_session_too(city_a, warga_a):
    from tests.conftest import logged_in

    response = logged_in("alfa.localhost", warga_a, city_a).get("/api/v1/me/")

    assert response.status_code == 200
    assert response.json()["email"] == "warga@alfa.id"


def test_a_token_of_one_city_is_refused_on_another_and_changes_nothing(city_a, city_b, warga_a):
    # The same email on city B, with its own token.
    twin = person(city_b, email=warga_a.email)
    with city_scope(city_a):
        key_a = Token.objects.create(user=warga_a).key
    with city_scope(city_b):
        key_b = Token.objects.create(user=twin).key
    app_on_b = host_client("beta.localhost")

    me = app_on_b.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {key_a}")
    logout = app_on_b.delete("/api/v1/auth/token/", HTTP_AUTHORIZATION=f"Token {key_a}")

    assert (me.status_code, logout.status_code) == (401, 401)
    assert me.json() == {"detail": "Invalid token."}
    assert _tokens(city_a) == [(key_a, "warga@alfa.id")]
    assert _tokens(city_b) == [(key_b, "warga@alfa.id")]
    # The platform's site has no API at all.
    assert (
        host_client("localhost").get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {key_a}").status_code
        == 404
    )


def test_authentication_fails_closed_when_the_connection_is_in_another_schema(
    city_a, city_b, warga_a
):
    # As if something had left the connection on city A while the request is city B's:
    # the token is found through the search path, but not in city B's own schema.
    with city_scope(city_a):
        key = Token.objects.create(user=warga_a).key
    request = APIRequestFactory().get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {key}")
    request.city = city_b

    with city_scope(city_a), pytest.raises(AuthenticationFailed):
        CityTokenAuthentication().authenticate(request)
    request.city = None
    with city_scope(city_a), pytest.raises(AuthenticationFailed):
        CityTokenAuthentication().authenticate(request)
    request.city = city_a
    with city_scope(city_a):
        user, token = CityTokenAuthentication().authenticate(request)
    assert (user.pk, token.key, connection.schema_name) == (warga_a.pk, key, "public")


def test_a_deactivated_account_token_is_refused(city_a, warga_a):
    with city_scope(city_a):
        key = Token.objects.create(user=warga_a).key
        type(warga_a).objects.filter(pk=warga_a.pk).update(is_active=False)

    response = host_client("alfa.localhost").get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {key}")

    assert response.status_code == 401


def test_the_api_schema_documents_the_operations(client_a, city_a):
    schema = client_a.get("/api/schema/?format=json").json()

    token_path = schema["paths"]["/api/v1/auth/token/"]
    assert sorted(token_path) == ["delete", "post"]
    assert token_path["post"]["operationId"] == "auth_token_create"
    assert "security" not in token_path["post"]  # no credentials needed
    assert token_path["post"]["summary"] == "Sign an app in"
    assert sorted(token_path["post"]["responses"]) == ["200", "400", "429"]
    assert token_path["delete"]["operationId"] == "auth_token_delete"
    assert {"tokenAuth": []} in token_path["delete"]["security"]
    assert schema["paths"]["/api/v1/me/"]["get"]["operationId"] == "me"
