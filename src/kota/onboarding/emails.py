"""The welcome email a new city's first admin receives."""

from kota.accounts.mail import city_link, city_mail_send
from kota.accounts.services import email_verification_url
from kota.tenancy.models import City


def welcome_email_send(*, city: City, admin, base_url: str | None = None) -> None:
    """The city's address, its console, first steps, and the link that verifies the
    admin's email (which opens the citizen site). Sent after the transaction commits."""
    city_mail_send(
        city=city,
        to=[admin.email],
        subject_template="onboarding/email/welcome_subject.txt",
        body_template="onboarding/email/welcome_body.txt",
        context={
            "city": city,
            "admin": admin,
            "site_url": city_link(city, "city-home", base_url=base_url),
            "console_url": city_link(city, "console:dashboard", base_url=base_url),
            "verify_url": email_verification_url(city=city, user=admin, base_url=base_url),
        },
        language=admin.preferred_language,
    )
