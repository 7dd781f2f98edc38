import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from kota.accounts.mail import city_mail_send
from kota.accounts.services import city_email_identity_update
from kota.audit.models import AuditEntry
from kota.tenancy.models import City
from kota.tenancy.scope import city_scope
from tests.conftest import cookies_to, host_client, logged_in


def _identity(city) -> tuple[str, str]:
    city = City.objects.get(pk=city.pk)
    return city.email_sender_name, city.email_reply_to


def _audit(city) -> list[tuple]:
    with city_scope(city):
        return [
            (e.actor_label, e.target, e.before, e.after)
            for e in AuditEntry.objects.filter(action="city.email_identity")
        ]


def test_the_page_shows_the_current_sender(city_a, admin_client_a):
    response = admin_client_a.get("/console/email/")

    body = response.content.decode()
    assert response.status_code == 200
    assert "<code>Kota Alfa &lt;no-reply@localhost&gt;</code>" in body
    assert '<label for="id_email_reply_to">Reply-to address:</label>' in body


def test_saving_the_identity_is_audited_and_used_by_the_next_email(
    city_a, admin_client_a, django_capture_on_commit_callbacks
):
    response = admin_client_a.post(
        "/console/email/",
        {"email_sender_name": " Pemkot Alfa ", "email_reply_to": "Layanan@Alfa.go.id"},
    )

    assert response["Location"] == "/console/email/"
    assert _identity(city_a) == ("Pemkot Alfa", "layanan@alfa.go.id")
    assert _audit(city_a) == [
        (
            "admin@alfa.id",
            "alfa",
            {"email_sender_name": "", "email_reply_to": ""},
            {"email_sender_name": "Pemkot Alfa", "email_reply_to": "layanan@alfa.go.id"},
        )
    ]
    # The next request sees the change (the routing cache holds the City row).
    assert "<code>Pemkot Alfa &lt;no-reply@localhost&gt;</code>" in (
        admin_client_a.get("/console/email/").content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        city_mail_send(
            city=City.objects.get(pk=city_a.pk),
            to=["warga@alfa.id"],
            subject_template="accounts/email/verify_subject.txt",
            body_template="accounts/email/verify_body.txt",
            context={"user": None, "url": "http://alfa.localhost/"},
        )
    (message,) = mail.outbox
    assert (message.from_email, message.reply_to) == (
        "Pemkot Alfa <no-reply@localhost>",
        ["layanan@alfa.go.id"],
    )


def test_saving_the_same_values_again_records_nothing(city_a, admin_client_a):
    data = {"email_sender_name": "Pemkot Alfa", "email_reply_to": ""}
    admin_client_a.post("/console/email/", data)
    admin_client_a.post("/console/email/", data)

    assert len(_audit(city_a)) == 1


def test_header_injection_and_bad_addresses_are_refused_and_nothing_is_saved(
    city_a, admin_client_a
):
    attempts = [
        {"email_sender_name": "Alfa\r\nBcc: semua@contoh.id", "email_reply_to": ""},
        {"email_sender_name": 'Alfa" <palsu@contoh.id>', "email_reply_to": ""},
        {"email_sender_name": "Alfa", "email_reply_to": "layanan@alfa.go.id\nBcc: x@y.id"},
        {"email_sender_name": "Alfa", "email_reply_to": "bukan alamat"},
        {"email_sender_name": "A" * 101, "email_reply_to": ""},
    ]

    responses = [admin_client_a.post("/console/email/", data) for data in attempts]

    assert [r.status_code for r in responses] == [400] * 5
    assert [sorted(r.context["form"].errors) for r in responses] == [
        ["email_sender_name"],
        ["email_sender_name"],
        ["email_reply_to"],
        ["email_reply_to"],
        ["email_sender_name"],
    ]
    assert 'aria-describedby="id_email_sender_name_helptext id_email_sender_name_error"' in (
        responses[0].content.decode()
    )
    assert _identity(city_a) == ("", "")
    assert _audit(city_a) == []


def test_the_service_checks_on_its_own_too(city_a, admin_a):
    with pytest.raises(ValidationError) as error:
        city_email_identity_update(
            city=city_a, sender_name="Alfa\nX", reply_to="x@y.id\r\nBcc: z@y.id", actor=admin_a
        )

    assert sorted(error.value.message_dict) == ["email_reply_to", "email_sender_name"]
    assert _identity(city_a) == ("", "")


def test_officers_citizens_and_other_cities_cannot_change_it(
    city_a, city_b, officer_a, warga_a, admin_client_b
):
    data = {"email_sender_name": "Diambil alih", "email_reply_to": "x@contoh.id"}
    on_a_with_b_session = cookies_to("alfa.localhost", admin_client_b)

    officer = logged_in("alfa.localhost", officer_a, city_a).post("/console/email/", data)
    citizen = logged_in("alfa.localhost", warga_a, city_a).post("/console/email/", data)
    other_admin = on_a_with_b_session.post("/console/email/", data)
    anonymous = host_client("alfa.localhost").post("/console/email/", data)

    assert (officer.status_code, citizen.status_code) == (404, 404)
    assert other_admin["Location"].startswith("/accounts/login/")
    assert anonymous["Location"].startswith("/accounts/login/")
    assert _identity(city_a) == ("", "")
    assert _identity(city_b) == ("", "")
    assert _audit(city_a) == []
