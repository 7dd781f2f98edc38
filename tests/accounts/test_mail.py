from email.header import decode_header, make_header

from django.core import mail
from django.db import transaction

from kota.accounts.mail import city_mail_send


def _send(city, **overrides):
    city_mail_send(
        city=city,
        to=["siti@example.id"],
        subject_template="accounts/email/verify_subject.txt",
        body_template="accounts/email/verify_body.txt",
        context={"user": None, "url": "http://alfa.localhost/x/"},
        **overrides,
    )


def _from_header(message) -> str:
    return str(make_header(decode_header(message.message()["From"])))


def test_sends_as_the_city_by_default_after_commit(city_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _send(city_a, language="en")
        assert mail.outbox == []  # not before the transaction commits

    (message,) = mail.outbox
    assert message.from_email == "Kota Alfa <no-reply@localhost>"
    assert message.reply_to == []
    assert message.to == ["siti@example.id"]
    assert message.subject == "Verify your email for Kota Alfa"
    assert "http://alfa.localhost/x/" in message.body
    assert message.alternatives == []


def test_uses_the_city_sender_name_reply_to_and_html(city_a, django_capture_on_commit_callbacks):
    city_a.email_sender_name = "Pemkot Alfa, Diskominfo"
    city_a.email_reply_to = "layanan@alfa.go.id"

    with django_capture_on_commit_callbacks(execute=True):
        _send(city_a, html_template="accounts/email/verify_body.html", language="en")

    (message,) = mail.outbox
    assert _from_header(message) == '"Pemkot Alfa, Diskominfo" <no-reply@localhost>'
    assert message.reply_to == ["layanan@alfa.go.id"]
    assert message.subject == "Verify your email for Kota Alfa"
    (html, mimetype) = message.alternatives[0]
    assert mimetype == "text/html"
    assert '<a href="http://alfa.localhost/x/">' in html
    assert '<html lang="en">' in html


def test_a_non_ascii_sender_name_is_encoded_not_mangled(city_a, django_capture_on_commit_callbacks):
    city_a.email_sender_name = "Kota Alfa Ñusantara"

    with django_capture_on_commit_callbacks(execute=True):
        _send(city_a)

    (message,) = mail.outbox
    raw = message.message()["From"]
    assert "Ñ" not in raw  # encoded as an RFC 2047 word in the header itself
    assert _from_header(message) == "Kota Alfa Ñusantara <no-reply@localhost>"


def test_nothing_is_sent_when_the_transaction_rolls_back(
    city_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                _send(city_a)
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass

    assert callbacks == []
    assert mail.outbox == []
