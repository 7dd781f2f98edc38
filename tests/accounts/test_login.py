from kota.accounts.login_limits import FAILURES_PER_ACCOUNT, FAILURES_PER_ADDRESS
from tests.conftest import PASSWORD, host_client, person


def _login(client, email: str, password: str, **extra):
    return client.post("/accounts/login/", {"username": email, "password": password}, **extra)


def test_login_page_is_accessible_markup(client_a):
    body = client_a.get("/accounts/login/").content.decode()

    assert '<label for="id_username">Email:</label>' in body
    assert 'autocomplete="username"' in body
    assert 'autocomplete="current-password"' in body
    assert '<html lang="en" ' in body


def test_a_verified_person_logs_in_in_their_language(client_a, city_a):
    person(city_a, email="budi@example.id", preferred_language="id")

    response = _login(client_a, "Budi@Example.ID", PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert response.cookies["django_language"].value == "id"
    assert response.wsgi_request.user.email == "budi@example.id"


def test_an_unverified_person_logs_in_and_is_told_to_verify(client_a, city_a):
    person(city_a, email="budi@example.id", verified=False)

    response = _login(client_a, "budi@example.id", PASSWORD, follow=True)

    assert response.redirect_chain == [("/accounts/", 302)]
    body = response.content.decode()
    assert "Your email is not verified yet. Open the link we sent to budi@example.id." in body
    assert 'id="verify-notice"' in body


def test_a_wrong_password_shows_the_form_again(client_a, city_a):
    person(city_a, email="budi@example.id")

    response = _login(client_a, "budi@example.id", "salah-sandi-1")

    assert response.status_code == 200
    assert "The email or password is not correct." in response.content.decode()
    assert response.wsgi_request.user.is_anonymous


def test_after_five_failures_the_account_is_paused_even_for_the_right_password(client_a, city_a):
    person(city_a, email="budi@example.id")

    failures = [_login(client_a, "budi@example.id", f"salah-{n}") for n in range(5)]
    blocked = _login(client_a, "budi@example.id", PASSWORD)

    assert FAILURES_PER_ACCOUNT == 5
    assert [r.status_code for r in failures] == [200] * 5
    assert blocked.status_code == 429
    assert 0 < int(blocked["Retry-After"]) <= 15 * 60
    body = blocked.content.decode()
    assert "Too many failed attempts." in body
    assert "try again in 15 minutes" in body
    assert '<form method="post"' in body
    assert blocked.wsgi_request.user.is_anonymous


def test_the_pause_counts_unknown_accounts_too(client_a):
    for n in range(5):
        _login(client_a, "nobody@example.id", f"salah-{n}")

    assert _login(client_a, "nobody@example.id", "salah").status_code == 429


def test_a_success_clears_the_account_count(client_a, city_a):
    person(city_a, email="budi@example.id")
    for n in range(4):
        _login(client_a, "budi@example.id", f"salah-{n}")

    assert _login(client_a, "budi@example.id", PASSWORD).status_code == 302
    client = host_client("alfa.localhost")
    later = [_login(client, "budi@example.id", f"lagi-{n}").status_code for n in range(5)]
    assert later == [200] * 5
    assert _login(client, "budi@example.id", PASSWORD).status_code == 429


def test_twenty_failures_from_one_address_pause_every_account_from_it(client_a, city_a):
    person(city_a, email="budi@example.id")
    for n in range(20):
        _login(client_a, f"tebak{n}@example.id", "salah")

    from_there = _login(client_a, "budi@example.id", PASSWORD)
    elsewhere = _login(client_a, "budi@example.id", PASSWORD, REMOTE_ADDR="10.9.8.7")

    assert FAILURES_PER_ADDRESS == 20
    assert from_there.status_code == 429
    assert elsewhere.status_code == 302


def test_counts_are_per_city(client_a, client_b, city_a, city_b):
    person(city_a, email="budi@example.id")
    person(city_b, email="budi@example.id")
    for n in range(5):
        _login(client_a, "budi@example.id", f"salah-{n}")

    assert _login(client_a, "budi@example.id", PASSWORD).status_code == 429
    assert _login(client_b, "budi@example.id", PASSWORD).status_code == 302


def test_behind_a_trusted_proxy_the_forwarded_address_counts(client_a, city_a, settings):
    settings.KOTA_TRUSTED_PROXIES = 1
    person(city_a, email="budi@example.id")
    for n in range(20):
        _login(client_a, f"tebak{n}@example.id", "salah", HTTP_X_FORWARDED_FOR="203.0.113.5")

    # What a client writes into the header before the proxy's entry is not trusted.
    same = _login(
        client_a, "budi@example.id", PASSWORD, HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.5"
    )
    other = _login(client_a, "budi@example.id", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.6")

    assert same.status_code == 429
    assert other.status_code == 302


def test_an_inactive_account_cannot_log_in(client_a, city_a):
    person(city_a, email="budi@example.id", is_active=False)

    response = _login(client_a, "budi@example.id", PASSWORD)

    assert response.status_code == 200
    assert response.wsgi_request.user.is_anonymous


def test_logout_needs_a_post_and_ends_the_session(client_a, city_a):
    budi = person(city_a, email="budi@example.id")
    _login(client_a, budi.email, PASSWORD)

    assert client_a.get("/accounts/logout/").status_code == 405
    response = client_a.post("/accounts/logout/")

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client_a.get("/accounts/")["Location"].startswith("/accounts/login/")
