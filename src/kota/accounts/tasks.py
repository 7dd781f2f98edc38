"""Background work of the accounts app."""

import smtplib

from celery import shared_task
from django.core.mail import EmailMultiAlternatives


@shared_task(
    time_limit=60,
    soft_time_limit=45,
    autoretry_for=(smtplib.SMTPException, OSError),
    retry_backoff=True,
    max_retries=5,
)
def city_mail_deliver(message: dict) -> None:
    """Hand one rendered email (see kota.accounts.mail.city_mail_send) to the mail server.
    Retried a few times when the server is unreachable."""
    email = EmailMultiAlternatives(
        subject=message["subject"],
        body=message["body"],
        from_email=message["from_email"],
        to=message["to"],
        reply_to=message["reply_to"],
    )
    if message.get("html"):
        email.attach_alternative(message["html"], "text/html")
    email.send()


@shared_task(time_limit=600, soft_time_limit=540)
def sessions_clear_expired() -> int:
    """Delete expired sessions in the platform's schema and in every city's (a wizard
    abandoned half-way, visitors who never came back). Returns how many schemas."""
    from kota.accounts.services import sessions_clear_expired as clear

    return clear()
