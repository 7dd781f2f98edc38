"""One-time login links: made on one host (the platform's signup wizard), used once on
the city's own host within minutes."""

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from kota.accounts.models import LoginLink
from kota.tenancy.models import City
from kota.tenancy.scope import city_scope

LOGIN_LINK_LIFETIME = timedelta(minutes=10)


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def login_link_create(*, city: City, user, next_path: str = "/console/") -> str:
    """A secret for ``user`` of ``city``, valid once for LOGIN_LINK_LIFETIME."""
    secret = secrets.token_urlsafe(32)
    with city_scope(city):
        LoginLink.objects.create(
            user=user,
            token_hash=_hash(secret),
            next_path=next_path,
            expires_at=timezone.now() + LOGIN_LINK_LIFETIME,
        )
    return secret


@transaction.atomic
def login_link_use(*, secret: str) -> LoginLink | None:
    """Spend the link: its person and where to go, or None if it is unknown (in this
    city's schema), used, expired or its person inactive."""
    link = (
        LoginLink.objects.select_for_update()
        .select_related("user")
        .filter(token_hash=_hash(secret), used_at=None, expires_at__gt=timezone.now())
        .first()
    )
    if link is None or not link.user.is_active:
        return None
    link.used_at = timezone.now()
    link.save(update_fields=["used_at"])
    return link
