import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from rest_framework.authtoken.models import Token

from kota.accounts.services import user_profile_update
from kota.tenancy.scope import city_scope
from tests.conftest import PASSWORD, host_client, logged_in, person


def _reset_link(message) -> str:
    return re.search(r"http://alfa\.localhost(/\S+)", message.body).group(1)


def test_profile_shows_the_account(city_a, warga_a):
    client = logged_in("alfa.localhost", warga_a, city_a)

    body = client.get("/accounts/").content.decode()

    assert "warga@alfa.id (verified)" in body
    assert "Budi Santoso" in body
    assert 'id="verify-notice"' not in body


def test_profile_needs_a_login(client_a):
    assert (
        client_a.get("/accounts/profile/")["Location"] == "/accounts/login/?next=/accounts/profile/"
    )


def test_profile_edit_saves_name_phone_and_language(city_a, warga_a):
    client = logged_in("alfa.localhost", warga_a, city_a)

    form = client.get("/accounts/profile/").content.decode()
    response = client.post(
        "/accounts/profile/",
        {"full_name": " Budi S. ", "phone": "+62 812-3456-7890", "preferred_language": "id"},
    )

    assert 'autocomplete="tel"' in form
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "id"
    with city_scope(city_a):
        warga_a.refresh_from_db()
    assert (warga_a.full_name, warga_a.phone, warga_a.preferred_language) == (
        "Budi S.",
        "+62 812-3456-7890",
        "id",
    )


def test_profile_edit_refuses_a_bad_phone_and_saves_nothing(city_a, warga_a):
    client = logged_in("alfa.localhost", warga_a, city_a)

    response = client.post(
        "/accounts/profile/",
        {"full_name": "Budi Baru", "phone": "call me", "preferred_language": "id"},
    )

    body = response.content.decode()
    assert response.status_code == 400
    assert 'aria-describedby="id_phone_error"' in body
    assert "Enter a phone number such as 0812 3456 7890" in body
    with city_scope(city_a):
        warga_a.refresh_from_db()
    assert (warga_a.full_name, warga_a.phone, warga_a.preferred_language) == (
        "Budi Santoso",
        "",
        "en",
    )


def test_password_change_keeps_the_session_and_signs_apps_out(city_a, warga_a):
    client = logged_in("alfa.localhost", warga_a, city_a)
    with city_scope(city_a):
        Token.objects.create(user=warga_a)

    response = client.post(
        "/accounts/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "teh-manis-sore-42",
            "new_password2": "teh-manis-sore-42",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == "/accounts/"
    assert client.get("/accounts/").status_code == 200
    with city_scope(city_a):
        warga_a.refresh_from_db()
        assert Token.objects.filter(user=warga_a).exists() is False
    assert warga_a.check_password("teh-manis-sore-42") is True


def test_password_change_with_a_wrong_old_password_changes_nothing(city_a, warga_a):
    client = logged_in("alfa.localhost", warga_a, city_a)

    response = client.post(
        "/accounts/password/",
        {
            "old_password": "bukan-ini",
            "new_password1": "teh-manis-sore-42",
            "new_password2": "teh-manis-sore-42",
        },
    )

    assert response.status_code == 200
    with city_scope(city_a):
        warga_a.refresh_from_db()
    assert warga_a.check_password(PASSWORD) is True


def test_password_reset_emails_a_city_link_that_works_once(
    client_a, city_a, django_capture_on_commit_callbacks
):
    siti = person(city_a, email="siti@example.id", verified=False, full_name="Siti")
    city_a.email_sender_name = "Layanan Alfa"
    city_a.email_reply_to = "bantuan@alfa.go.id"
    city_a.save()

    with django_capture_on_commit_callbacks(execute=True):
        sent = client_a.post("/accounts/password/reset/", {"email": "SITI@example.id"})

    assert sent["Location"] == "/accounts/password/reset/sent/"
    (message,) = mail.outbox
    assert message.to == ["siti@example.id"]
    assert message.from_email == "Layanan Alfa <no-reply@localhost>"
    assert message.reply_to == ["bantuan@alfa.go.id"]
    assert message.subject == "Reset your password for Kota Alfa"
    assert message.body.startswith("Hello Siti,\n")
    assert message.alternatives[0][1] == "text/html"
    link = _reset_link(message)
    form = client_a.get(link, follow=True)
    assert form.status_code == 200
    set_password_url = form.redirect_chain[-1][0]
    done = client_a.post(
        set_password_url,
        {"new_password1": "teh-manis-sore-42", "new_password2": "teh-manis-sore-42"},
    )
    assert done["Location"] == "/accounts/password/reset/done/"
    with city_scope(city_a):
        siti.refresh_from_db()
    assert siti.check_password("teh-manis-sore-42") is True
    assert siti.email_verified is True  # the link proved the address
    again = client_a.get(link, follow=True)
    assert "This link does not work any more" in again.content.decode()


def test_password_reset_link_of_one_city_does_nothing_on_another(
    client_a, city_a, city_b, django_capture_on_commit_callbacks
):
    person(city_a, email="siti@example.id")
    siti_b = person(city_b, email="siti@example.id")
    with django_capture_on_commit_callbacks(execute=True):
        client_a.post("/accounts/password/reset/", {"email": "siti@example.id"})
    link = _reset_link(mail.outbox[0])

    response = host_client("beta.localhost").get(link, follow=True)

    assert "This link does not work any more" in response.content.decode()
    with city_scope(city_b):
        siti_b.refresh_from_db()
    assert siti_b.check_password(PASSWORD) is True


def test_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same(
    client_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_a.post("/accounts/password/reset/", {"email": "nobody@example.id"})

    assert response["Location"] == "/accounts/password/reset/sent/"
    assert mail.outbox == []


def test_the_profile_service_changes_nothing_when_a_value_is_refused(city_a, warga_a):
    with pytest.raises(ValidationError) as error:
        user_profile_update(
            user=warga_a, full_name="Budi <script>", phone="0812 3456 7890", preferred_language="fr"
        )

    assert sorted(error.value.message_dict) == ["full_name", "preferred_language"]
    assert (warga_a.full_name, warga_a.phone, warga_a.preferred_language) == (
        "Budi Santoso",
        "",
        "en",
    )
