"""Billing's emails to a city's admins."""

from django.contrib.auth import get_user_model
from django.utils import formats, translation

from kota.accounts.mail import city_link, city_mail_send
from kota.accounts.roles import CITY_ADMIN
from kota.billing.entitlements import grace_ends_at
from kota.billing.models import Account
from kota.tenancy.scope import city_scope


def overdue_notice_send(*, account: Account) -> None:
    """Tell every active admin of the city that a payment failed, what happens and when."""
    city = account.city
    with city_scope(city):
        admins = list(
            get_user_model()
            .objects.filter(groups__name=CITY_ADMIN, is_active=True, erased_at=None)
            .values_list("email", "preferred_language")
        )
    grace_end = grace_ends_at(account)
    for email, language in admins:
        with translation.override(language or None):
            grace_end_text = formats.date_format(grace_end, "j F Y") if grace_end else ""
        city_mail_send(
            city=city,
            to=[email],
            subject_template="billing/email/overdue_subject.txt",
            body_template="billing/email/overdue_body.txt",
            context={
                "plan": account.plan,
                "grace_end": grace_end_text,
                "url": city_link(city, "console:billing"),
            },
            language=language or None,
        )
