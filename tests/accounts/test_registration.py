import re
import time

from django.contrib.auth import get_user_model
from django.core import mail, signing
from django.core.cache import cache

from kota.accounts.roles import CITIZEN
from kota.accounts.tokens import email_verification_token_make
from kota.tenancy.scope import city_scope
from tests.conftest import logged_in, person

GOOD = {
    "full_name": "Siti Aminah",
    "email": "Siti.Aminah@Example.ID",
    "password": "kopi-susu-pagi-77",
    "preferred_language": "en",
}


def _register(client, django_capture_on_commit_callbacks, **changes):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post("/accounts/register/", {**GOOD, **changes})


def _link(message) -> str:
    return re.search(r"http://\S+", message.body).group(0)


def test_register_page_is_accessible_markup(client_a):
    response = client_a.get("/accounts/register/")

    body = response.content.decode()
    assert response.status_code == 200
    assert '<label for="id_email">' in body
    assert 'autocomplete="email"' in body
    assert 'autocomplete="new-password"' in body
    assert 'autocomplete="name"' in body
    assert 'aria-describedby="id_password_helptext"' in body


def test_registering_creates_an_unverified_citizen_logs_in_and_sends_the_link(
    client_a, city_a, city_b, django_capture_on_commit_callbacks
):
    response = _register(client_a, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/"
    assert response.cookies["django_language"].value == "en"
    with city_scope(city_a):
        user = get_user_model().objects.get(email="siti.aminah@example.id")
        assert list(user.groups.values_list("name", flat=True)) == [CITIZEN]
        assert (user.full_name, user.preferred_language) == ("Siti Aminah", "en")
        assert user.email_verified_at is None
        assert user.check_password("kopi-susu-pagi-77") is True
    with city_scope(city_b):
        assert get_user_model().objects.filter(email="siti.aminah@example.id").exists() is False
    (message,) = mail.outbox
    assert message.to == ["siti.aminah@example.id"]
    assert message.from_email == "Kota Alfa <no-reply@localhost>"
    assert message.subject == "Verify your email for Kota Alfa"
    assert _link(message).startswith("http://alfa.localhost/accounts/verify/")
    profile = client_a.get("/accounts/")
    assert profile.status_code == 200
    assert 'id="verify-notice"' in profile.content.decode()


def test_the_same_email_registers_separately_in_each_city(
    client_a, client_b, city_a, city_b, django_capture_on_commit_callbacks
):
    first = _register(client_a, django_capture_on_commit_callbacks)
    second = _register(client_b, django_capture_on_commit_callbacks)

    assert (first.status_code, second.status_code) == (302, 302)
    for city in (city_a, city_b):
        with city_scope(city):
            assert get_user_model().objects.filter(email="siti.aminah@example.id").count() == 1


def test_a_taken_email_is_a_form_error_and_nothing_is_sent(
    client_a, city_a, citizen_a, django_capture_on_commit_callbacks
):
    response = _register(client_a, django_capture_on_commit_callbacks, email="SITI@example.id")

    body = response.content.decode()
    assert response.status_code == 400
    assert "An account with this email already exists." in body
    assert 'aria-describedby="id_email_error"' in body
    assert 'id="id_email_error"' in body
    assert mail.outbox == []
    with city_scope(city_a):
        assert get_user_model().objects.filter(email="siti@example.id").count() == 1


def test_a_weak_password_is_refused_and_nothing_is_saved(
    client_a, city_a, django_capture_on_commit_callbacks
):
    response = _register(client_a, django_capture_on_commit_callbacks, password="5829103746")

    assert response.status_code == 400
    errors = response.context["form"].errors.as_data()["password"]
    assert [error.code for error in errors] == ["password_entirely_numeric"]
    assert response.wsgi_request.user.is_anonymous
    assert mail.outbox == []
    with city_scope(city_a):
        assert get_user_model().objects.filter(email="siti.aminah@example.id").exists() is False


def test_the_emailed_link_verifies_the_address(
    client_a, city_a, django_capture_on_commit_callbacks
):
    _register(client_a, django_capture_on_commit_callbacks)
    link = _link(mail.outbox[0])

    response = client_a.get(link.removeprefix("http://alfa.localhost"))
    again = client_a.get(link.removeprefix("http://alfa.localhost"))

    assert response.status_code == 200
    assert "siti.aminah@example.id is verified" in response.content.decode()
    assert again.status_code == 200
    with city_scope(city_a):
        user = get_user_model().objects.get(email="siti.aminah@example.id")
    assert user.email_verified is True
    assert 'id="verify-notice"' not in client_a.get("/accounts/").content.decode()


def test_a_link_made_on_one_city_verifies_nobody_on_another(city_a, city_b, client_b):
    # The same person (same email, same public id) in both cities: only the signature's
    # city binding can tell the links apart.
    siti_a = person(city_a, email="siti@example.id", verified=False)
    siti_b = person(city_b, email="siti@example.id", verified=False)
    with city_scope(city_b):
        type(siti_b).objects.filter(pk=siti_b.pk).update(public_id=siti_a.public_id)
    with city_scope(city_a):
        token = email_verification_token_make(user=siti_a)

    response = client_b.get(f"/accounts/verify/{token}/")

    assert response.status_code == 400
    with city_scope(city_b):
        siti_b.refresh_from_db()
    assert siti_b.email_verified_at is None


def test_an_expired_or_forged_link_verifies_nothing(city_a, client_a, monkeypatch):
    siti = person(city_a, email="siti@example.id", verified=False)
    real_time = time.time
    with city_scope(city_a):
        monkeypatch.setattr(signing.time, "time", lambda: real_time() - 4 * 24 * 3600)
        old = email_verification_token_make(user=siti)
        monkeypatch.setattr(signing.time, "time", real_time)

    expired = client_a.get(f"/accounts/verify/{old}/")
    forged = client_a.get(f"/accounts/verify/{old[:-2]}xx/")

    assert (expired.status_code, forged.status_code) == (400, 400)
    assert "This link does not work" in expired.content.decode()
    with city_scope(city_a):
        siti.refresh_from_db()
    assert siti.email_verified_at is None


def test_a_link_for_an_address_the_account_no_longer_has_is_refused(city_a, client_a):
    siti = person(city_a, email="siti@example.id", verified=False)
    with city_scope(city_a):
        token = email_verification_token_make(user=siti)
        type(siti).objects.filter(pk=siti.pk).update(email="siti.baru@example.id")

    response = client_a.get(f"/accounts/verify/{token}/")

    assert response.status_code == 400
    with city_scope(city_a):
        siti.refresh_from_db()
    assert siti.email_verified_at is None


def test_resend_sends_a_new_link_at_most_once_a_minute(city_a, django_capture_on_commit_callbacks):
    siti = person(city_a, email="siti@example.id", verified=False)
    client = logged_in("alfa.localhost", siti, city_a)

    with django_capture_on_commit_callbacks(execute=True):
        first = client.post("/accounts/verify/resend/", follow=True)
        second = client.post("/accounts/verify/resend/", follow=True)

    assert len(mail.outbox) == 1
    assert "We sent a new link to siti@example.id." in first.content.decode()
    assert "A link was sent less than a minute ago." in second.content.decode()
    cache.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/verify/resend/")
    assert len(mail.outbox) == 2


def test_resend_for_a_verified_address_sends_nothing(
    city_a, warga_a, django_capture_on_commit_callbacks
):
    client = logged_in("alfa.localhost", warga_a, city_a)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/verify/resend/", follow=True)

    assert "Your email is already verified." in response.content.decode()
    assert mail.outbox == []


def test_resend_needs_a_login_and_a_post(client_a):
    assert client_a.post("/accounts/verify/resend/")["Location"].startswith("/accounts/login/")
    assert client_a.get("/accounts/verify/resend/").status_code == 405
