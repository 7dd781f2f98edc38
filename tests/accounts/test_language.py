"""The accounts pages and emails in Bahasa Indonesia, the cities' default language."""

import pytest
from django.core import mail

from tests.conftest import host_client


@pytest.fixture
def _english():
    """Overrides the package's autouse fixture: here the test cities keep the languages
    they were provisioned with, Indonesian first."""


def test_the_login_page_of_a_city_is_in_indonesian_by_default(client_a):
    body = client_a.get("/accounts/login/").content.decode()

    assert '<html lang="id" ' in body
    assert "<h1>Masuk</h1>" in body
    assert '<label for="id_password">Kata sandi:</label>' in body
    assert '<button type="submit">Masuk</button>' in body
    assert '<a href="/accounts/password/reset/">Lupa kata sandi?</a>' in body


def test_the_verification_email_is_in_the_indonesian_a_person_registers_with(
    city_a, django_capture_on_commit_callbacks
):
    # The page is read in English; the person chooses Indonesian for themselves.
    client = host_client("alfa.localhost")
    client.cookies["django_language"] = "en"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/accounts/register/",
            {
                "full_name": "Siti Aminah",
                "email": "siti.aminah@example.id",
                "password": "kopi-susu-pagi-77",
                "preferred_language": "id",
            },
        )

    assert response.status_code == 302
    assert response.cookies["django_language"].value == "id"
    (message,) = mail.outbox
    assert message.subject == "Verifikasi email Anda untuk Kota Alfa"
    assert message.body.startswith(
        "Halo Siti Aminah,\n\n"
        "Mohon konfirmasi bahwa ini adalah alamat email akun Anda di situs Kota Alfa. "
        "Buka tautan berikut dalam waktu tiga hari:\n"
    )
    assert message.body.endswith(
        "Jika Anda tidak membuat akun ini, abaikan email ini: tidak akan ada tindak lanjut "
        "apa pun.\n\nKota Alfa\n\n"
    )
    (html, _mimetype) = message.alternatives[0]
    assert '<html lang="id">' in html
    assert "Verifikasi email saya</a>" in html
