"""The secrets in links the city emails: email verification and password reset.

Both are bound to the city they were made on (its schema name is part of what is signed),
so a link from one city's email opens nothing on another city, even where the numbers
inside it would name someone there.
"""

from datetime import timedelta

from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core import signing
from django.db import connection

EMAIL_VERIFICATION_MAX_AGE = timedelta(days=3)


def _salt(purpose: str) -> str:
    return f"kota.accounts.{purpose}:{connection.schema_name}"


def email_verification_token_make(*, user) -> str:
    """A signed, timestamped token naming ``user`` and the address to confirm."""
    return signing.dumps({"u": str(user.public_id), "e": user.email}, salt=_salt("verify"))


def email_verification_token_read(token: str) -> dict | None:
    """``{"u": public id, "e": email}`` for a genuine token of this city that has not
    expired; None otherwise."""
    try:
        data = signing.loads(
            token, salt=_salt("verify"), max_age=EMAIL_VERIFICATION_MAX_AGE.total_seconds()
        )
    except signing.BadSignature:  # SignatureExpired is a BadSignature too
        return None
    if not isinstance(data, dict) or not {"u", "e"} <= set(data):
        return None
    return data


class CityPasswordResetTokenGenerator(PasswordResetTokenGenerator):
    """Django's reset tokens (single-use: they die with the password they reset, and
    expire after PASSWORD_RESET_TIMEOUT), also bound to the current city."""

    key_salt = "kota.accounts.tokens.CityPasswordResetTokenGenerator"

    def _make_hash_value(self, user, timestamp: int) -> str:
        return f"{connection.schema_name}:{super()._make_hash_value(user, timestamp)}"


password_reset_tokens = CityPasswordResetTokenGenerator()
